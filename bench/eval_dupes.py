"""How good and how fast is duplicate detection? Measured, not assumed.

    python -m bench.eval_dupes [--n 5000] [--seed 7] [--examples 5] [--headline-share 0.25] [--series-share 0.1]
    python -m bench.eval_dupes --timing 10000,20000,100000

Tune on one seed (7), report on another (11): the thresholds must hold on a folder
they were not chosen on.

Quality: the labelled set is the real seeds, the real articles their `related` lists
describe, generated syndicated copies (ground truth from the generator) and generated
look-alike traps. Every pair of stories in one predicted cluster counts as a
predicted duplicate pair; precision, recall and F1 are over pairs, at the default
threshold and over a sweep, with precision and recall per kind of copy (wire prefix,
headline-only with a fresh excerpt…) and the pairs wrongly joined per kind of trap
(recurring months, community calls, demo days, short generic headlines…), so a
regression in one kind shows even when the totals hide it. The folder is cached under `.bench-cache/`.

Timing: whole `newsdesk dupes --json` processes (first run, then warm: story cache and
saved pass) against `bench.bench_baseline cdist` (titles, exhaustive
`rapidfuzz.process.cdist`; needs numpy; skipped where its N x N matrix would not fit),
plus the engine's own seconds without the saved pass and the process's peak memory.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tests.storygen.generate import Truth, generate, load_truth
from tui.core.dupes.index import DedupeIndex
from tui.core.dupes.scoring import DedupeConfig
from tui.core.store.store import Store

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench-cache"
SEEDS = ROOT / "seeds"
SWEEP = (60, 65, 70, 75, 80, 85, 90, 95)


@dataclass(frozen=True, slots=True)
class Quality:
    threshold: float
    precision: float
    recall: float
    f1: float
    true_pairs: int
    false_pairs: int
    missed_pairs: int
    trap_pairs: int


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def measure(index: DedupeIndex, truth: Truth, threshold: float) -> Quality:
    predicted = _pairs(index.clusters(threshold))
    actual = _pairs(truth.clusters)
    traps = _pairs([ids for _, ids in truth.traps])
    tp, fp, fn = len(predicted & actual), len(predicted - actual), len(actual - predicted)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return Quality(threshold, p, r, f1, tp, fp, fn, len(predicted & traps))


def labelled_set(n: int, seed: int, root: Path | None = None, headline: float = 0.25, series: float = 0.1) -> Path:
    """The evaluation folder: a quarter of the copies keep (or barely change) the headline
    over a fresh excerpt, a tenth of the files are recurring series (issue 17)."""
    folder = root or CACHE / f"eval-dupes-{n}-s{seed}-h{round(headline * 100)}-r{round(series * 100)}"
    if not (folder / ".newsdesk-truth.json").exists():
        generate(str(folder), n, seed, seeds_dir=str(SEEDS), junk=False, headline_share=headline, series_share=series)
    return folder


def evaluate(folder: Path, config: DedupeConfig | None = None) -> tuple[DedupeIndex, Truth, Store]:
    config = config or DedupeConfig()
    store = Store(str(folder))
    store.load()
    sweep = DedupeConfig(
        threshold=config.threshold,
        window_days=config.window_days,
        keep_below=max(0.0, config.threshold - min(SWEEP)),
    )
    index = DedupeIndex(sweep)
    index.build(store.stories.values())
    return index, load_truth(str(folder)), store


def per_kind_recall(index: DedupeIndex, truth: Truth, threshold: float) -> dict[str, tuple[int, int]]:
    """For each way a copy was made: (found, total) pairs of copy and original."""
    found_pairs = _pairs(index.clusters(threshold))
    out: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for cluster in truth.clusters:
        original = cluster[0]
        for copy in cluster[1:]:
            pair = tuple(sorted((original, copy)))
            for how in truth.how.get(copy, ("real",)):
                total[how] += 1
                out[how] += pair in found_pairs
    return {k: (out[k], total[k]) for k in sorted(total)}


@dataclass(frozen=True, slots=True)
class KindQuality:
    """One kind of copy or trap at one threshold: pairs of that kind found and flagged."""

    kind: str
    pairs: int  # copy kinds: pairs of a copy with its original; trap kinds: look-alike pairs
    found: int  # copies: found; traps: wrongly joined
    predicted: int  # copies: predicted pairs with a copy of this kind in them
    correct: int  # of those, true

    @property
    def recall(self) -> float:
        return self.found / self.pairs if self.pairs else 1.0

    @property
    def precision(self) -> float:
        if self.kind.startswith("trap "):
            return 1.0 - self.found / self.pairs if self.pairs else 1.0
        return self.correct / self.predicted if self.predicted else 1.0


def per_kind(index: DedupeIndex, truth: Truth, threshold: float) -> list[KindQuality]:
    """Precision and recall per kind of copy; per kind of trap, the share of its pairs
    left apart (shown as precision: 1.00 is no false friend of that kind)."""
    predicted = _pairs(index.clusters(threshold))
    actual = _pairs(truth.clusters)
    kinds_of: dict[str, tuple[str, ...]] = {}
    for cluster in truth.clusters:
        for sid in cluster[1:]:
            kinds_of[sid] = truth.how.get(sid, ("real",))
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for cluster in truth.clusters:
        original = cluster[0]
        for sid in cluster[1:]:
            pair = (original, sid) if original < sid else (sid, original)
            for how in kinds_of[sid]:
                total[how] += 1
                found[how] += pair in predicted
    guessed: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for a, b in predicted:
        for how in {*kinds_of.get(a, ()), *kinds_of.get(b, ())}:
            guessed[how] += 1
            right[how] += (a, b) in actual
    out = [KindQuality(k, total[k], found[k], guessed[k], right[k]) for k in sorted(total)]
    trap_total: Counter[str] = Counter()
    trap_flagged: Counter[str] = Counter()
    for kind, ids in truth.traps:
        for pair in itertools.combinations(sorted(ids), 2):
            trap_total[kind] += 1
            trap_flagged[kind] += pair in predicted
    out += [KindQuality(f"trap {k}", trap_total[k], trap_flagged[k], 0, 0) for k in sorted(trap_total)]
    return out


def _kind_table(index: DedupeIndex, truth: Truth, thresholds: list[float]) -> list[str]:
    """Rows per kind, one column per threshold: 'P/R' for copies, false pairs for traps."""
    columns = [per_kind(index, truth, t) for t in thresholds]
    lines = [f"  {'kind':<30} {'pairs':>5}  " + "  ".join(f"{t:>9g}" for t in thresholds)]
    for row in range(len(columns[0])):
        first = columns[0][row]
        if first.kind.startswith("trap "):
            cells = [f"{c[row].found:>5d} fp " + ("   " if c[row].found == 0 else " <-") for c in columns]
        else:
            cells = [f"{c[row].precision:4.2f}/{c[row].recall:4.2f}" for c in columns]
        lines.append(f"  {first.kind:<30} {first.pairs:>5}  " + "  ".join(f"{x:>9}" for x in cells))
    return lines


def _examples(index: DedupeIndex, truth: Truth, store: Store, threshold: float, count: int) -> list[str]:
    predicted = _pairs(index.clusters(threshold))
    actual = _pairs(truth.clusters)
    lines = []
    for label, chosen in (("false alarm", sorted(predicted - actual)), ("missed", sorted(actual - predicted))):
        for a, b in chosen[:count]:
            pair = index.pairs.get((a, b)) or index.pairs.get((b, a))
            why = f"{pair.score}: {pair.why}" if pair else "not a candidate or below the sweep"
            lines.append(f"  {label}: {why}")
            for sid in (a, b):
                s = store.stories[sid]
                lines.append(f"      {s.provider_name[:18]:<18} {s.published_at:%Y-%m-%d %H:%M}  {s.title[:90]!r}")
    return lines


def quality_report(n: int, seed: int, examples: int, headline: float = 0.25, series: float = 0.1) -> int:
    folder = labelled_set(n, seed, headline=headline, series=series)
    start = time.perf_counter()
    index, truth, store = evaluate(folder)
    elapsed = time.perf_counter() - start
    default = DedupeConfig().threshold
    copies = sum(len(c) - 1 for c in truth.clusters)
    print(
        f"labelled set: {len(store)} stories in {folder} (seed {seed}): {len(truth.clusters)} originals with "
        f"{copies} copies, {len(truth.traps)} look-alike groups ({len(_pairs([i for _, i in truth.traps]))} trap pairs)"
    )
    print(f"load + dedupe: {elapsed:.2f} s; engine: {dict(index.stats.seconds)}")
    print("\nthreshold  precision  recall     F1  false  missed  trap pairs flagged")
    for threshold in sorted({*SWEEP, default}):
        q = measure(index, truth, threshold)
        mark = "  <- default" if threshold == default else ""
        print(
            f"{threshold:9g}  {q.precision:9.3f}  {q.recall:6.3f}  {q.f1:5.3f}  {q.false_pairs:5d}  "
            f"{q.missed_pairs:6d}  {q.trap_pairs:18d}{mark}"
        )
    q = measure(index, truth, default)
    print(
        f"\nat the default threshold {default:g}: precision {q.precision:.3f} (target >= 0.97), recall "
        f"{q.recall:.3f} (target >= 0.95), F1 {q.f1:.3f}, trap pairs flagged {q.trap_pairs} (target 0)"
    )
    print("\nper kind over the sweep (copies: precision/recall of the pairs with such a copy; traps: false pairs):")
    print("\n".join(_kind_table(index, truth, sorted({*SWEEP, default}))))
    print(f"\nper kind at the default threshold {default:g}:")
    for k in per_kind(index, truth, default):
        if k.kind.startswith("trap "):
            print(f"  {k.kind:<30} {k.found:5d} of {k.pairs:<5d} pairs joined (false)")
        else:
            print(
                f"  {k.kind:<30} recall {k.found:5d} / {k.pairs:<5d} {k.recall:6.1%}   "
                f"precision {k.correct:5d} / {k.predicted:<5d} {k.precision:6.1%}"
            )
    if examples:
        print("\nexamples at the default threshold:")
        print("\n".join(_examples(index, truth, store, default, examples)) or "  none")
    ok = q.precision >= 0.97 and q.recall >= 0.95 and q.trap_pairs == 0
    print("\nPASS" if ok else "\nFAIL")
    return 0 if ok else 1


# -- timing --------------------------------------------------------------------------
_ENGINE = r"""
import sys, time
from tui.core.store.store import Store
from tui.core.dupes.finder import DuplicateFinder
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith(("VmHWM", "VmRSS")):
            yield line.split()[1]
if __name__ == "__main__":
    store = Store(sys.argv[1]); t = time.perf_counter(); store.load(); load = time.perf_counter() - t
    before = list(hwm())
    finder = DuplicateFinder(store, subscribe=False, cache=False)  # the engine itself, no saved pass
    t = time.perf_counter(); stats = finder.run(); run = time.perf_counter() - t
    after = list(hwm())
    print(
        f"{load:.3f} {run:.3f} {before[0]} {before[1]} {after[0]} "
        f"{stats.candidates} {stats.pairs} {len(finder.clusters())}"
    )
    print(dict(stats.seconds), file=sys.stderr)
"""


def _run_measured(cmd: list[str]) -> tuple[float, int, str, str]:
    """Run in a fresh helper so RUSAGE_CHILDREN holds only this command's peak."""
    helper = (
        "import subprocess, sys, time, resource, json\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
        " p.stdout.decode()[-2000:], p.stderr.decode()[-2000:], p.returncode]))\n"
    )
    done = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, cwd=ROOT, check=True)
    elapsed, peak, out, err, code = json.loads(done.stdout)
    if code:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err}")
    return elapsed, peak, out, err


def timing_report(sizes: list[int], runs: int, seed: int) -> int:
    try:
        import numpy  # noqa: F401

        has_numpy = True
    except ImportError:
        has_numpy = False
    print(f"cpus: {os.cpu_count()}, python {sys.version.split()[0]}; wall seconds, median of {runs} (1 at 100k)")
    results: dict[int, float] = {}
    engines: dict[int, float] = {}
    for n in sizes:
        folder = CACHE / f"dupes-{n}-s{seed}"
        if not (folder / ".newsdesk-truth.json").exists():
            generate(str(folder), n, seed)
        repeat = 1 if n >= 100_000 else runs
        cli = [sys.executable, "-m", "tui", "--seeds", str(folder), "dupes", "--json"]
        cold = _run_measured(cli)  # fills the story cache and saves the pass
        cli_runs = [_run_measured(cli) for _ in range(repeat)]
        wall = statistics.median(r[0] for r in cli_runs)
        results[n] = wall
        engine = [_run_measured([sys.executable, "-c", _ENGINE, str(folder)]) for _ in range(repeat)]
        fields = [e[2].split() for e in engine]
        load = statistics.median(float(f[0]) for f in fields)
        run = statistics.median(float(f[1]) for f in fields)
        rss_loaded, dedupe_peak = int(fields[0][3]), int(fields[0][4])
        print(
            f"\n{n} stories: `newsdesk dupes --json` warm {wall:.2f} s "
            f"(peak {max(r[1] for r in cli_runs) / 1024:.0f} MB), "
            f"first run {cold[0]:.2f} s"
        )
        print(
            f"   engine without the saved pass: load {load:.2f} s (story cache warm), dedupe {run:.2f} s "
            f"{engine[0][3].strip()}; RSS after load {rss_loaded / 1024:.0f} MB, peak after dedupe "
            f"{dedupe_peak / 1024:.0f} MB (+{(dedupe_peak - rss_loaded) / 1024:.0f} MB); candidates {fields[0][5]}, "
            f"pairs {fields[0][6]}, clusters {fields[0][7]}"
        )
        if has_numpy and n <= 30_000:
            base = [
                _run_measured([sys.executable, "-m", "bench.bench_baseline", "cdist", str(folder)])
                for _ in range(repeat)
            ]
            bwall = statistics.median(b[0] for b in base)
            print(
                f"   baseline (titles + exhaustive cdist, bench.bench_baseline): {bwall:.2f} s "
                f"(peak {max(b[1] for b in base) / 1024:.0f} MB); warm newsdesk / baseline = {wall / bwall:.3f}, "
                f"first run / baseline = {cold[0] / bwall:.3f}"
            )
            engines[n] = run
        elif not has_numpy:
            print("   baseline skipped: numpy is not installed (cdist needs it)")
        else:
            print(f"   baseline skipped: a {n} x {n} score matrix would need {n * n / 1e9:.0f} GB")
        engines[n] = run
    if 10_000 in results and 100_000 in results:
        print(
            f"\n100k / 10k: warm `dupes` {results[100_000] / results[10_000]:.1f}x, engine alone "
            f"{engines[100_000] / engines[10_000]:.1f}x (target <= 12x)"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_dupes", description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="stories in the labelled set")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--examples", type=int, default=5, help="false alarms and misses to show")
    parser.add_argument("--timing", default=None, metavar="N,N,..", help="time `newsdesk dupes` at these sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--headline-share", type=float, default=0.25, help="copies with a fresh excerpt (quality)")
    parser.add_argument("--series-share", type=float, default=0.1, help="files in recurring series (quality)")
    args = parser.parse_args(argv)
    if args.timing:
        return timing_report([int(x) for x in args.timing.split(",")], args.runs, args.seed)
    return quality_report(args.n, args.seed, args.examples, args.headline_share, args.series_share)


if __name__ == "__main__":
    raise SystemExit(main())
