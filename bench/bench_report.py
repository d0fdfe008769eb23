"""The benchmark's table, bench/RESULTS.md and the scaling plot."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.bench_proc import Series


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    value: str
    baseline: str
    ratio: str
    target: str
    ok: bool | None  # None: informational


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _k(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


class Report:
    def __init__(
        self,
        series: dict[str, Series],
        extra: dict[str, Any],
        sizes: list[int],
        small: int,
        mid: int,
        large: int,
        machine: dict[str, str],
        profiles: dict[str, Any],
    ) -> None:
        self.series = series
        self.extra = extra
        self.sizes = sizes
        self.small, self.mid, self.large = small, mid, large
        self.machine = machine
        self.profiles = profiles
        self.rows = self._rows()

    def _med(self, label: str) -> float | None:
        found = self.series.get(label)
        return found.seconds if found and found.runs else None

    def _dash(self, n: int, key: str, how: Callable[[list[float]], float] = statistics.median) -> float | None:
        values = [r[key] for r in self.extra.get(f"dashboard/{n}", []) if key in r]
        return how(values) if values else None

    def _ratio_row(self, name: str, value: float | None, base: float | None, limit: float, base_name: str) -> Row:
        if value is None or base is None:
            return Row(name, "-", "-", "-", f"<= {limit}x", False)
        ratio = value / base
        return Row(name, _s(value), f"{_s(base)} ({base_name})", f"{ratio:.3f}x", f"<= {limit}x", ratio <= limit)

    def _abs_row(self, name: str, value: float | None, limit: float, unit: str, strict: bool = False) -> Row:
        if value is None:
            return Row(name, "-", "", "", f"{'<' if strict else '<='} {limit:g} {unit}", False)
        ok = value < limit if strict else value <= limit
        return Row(name, f"{value:.1f} {unit}", "", "", f"{'<' if strict else '<='} {limit:g} {unit}", ok)

    def _rows(self) -> list[Row]:
        s, m, L = self.small, self.mid, self.large
        rows = []
        for n in (s, L):
            rows.append(
                self._ratio_row(
                    f"cold load {_k(n)}: `check --no-cache`",
                    self._med(f"cold/{n}"),
                    self._med(f"yaml/{n}"),
                    0.3,
                    "CSafeLoader loop",
                )
            )
        for n in (s, L):
            rows.append(
                self._ratio_row(
                    f"warm load {_k(n)}: `check`",
                    self._med(f"warm/{n}"),
                    self._med(f"yaml/{n}"),
                    0.05,
                    "CSafeLoader loop",
                )
            )
        rows.append(
            self._ratio_row(
                f"dedupe {_k(m)}: `dupes --json` (warm)",
                self._med(f"dupes/{m}"),
                self._med(f"cdist/{m}"),
                0.1,
                "titles + cdist",
            )
        )
        d_small, d_large = self._med(f"dupes/{s}"), self._med(f"dupes/{L}")
        if d_small and d_large:
            rows.append(
                Row(
                    f"dedupe scaling {_k(L)} / {_k(s)}",
                    _s(d_large),
                    _s(d_small),
                    f"{d_large / d_small:.2f}x",
                    "<= 12x",
                    d_large / d_small <= 12,
                )
            )
        else:
            rows.append(Row(f"dedupe scaling {_k(L)} / {_k(s)}", "-", "-", "-", "<= 12x", False))
        peaks = [
            p.peak_mb for p in (self.series.get(f"dupes/{L}"), self.series.get(f"dupes-build/{L}")) if p and p.runs
        ]
        rows.append(
            self._abs_row(
                f"dedupe peak memory {_k(L)} (full build and warm)",
                max(peaks) if peaks else None,
                1024,
                "MB",
                strict=True,
            )
        )
        for n in (m, L):
            rows.append(
                self._ratio_row(
                    f"dashboard first frame {_k(n)} (warm)",
                    self._dash(n, "first_frame_s"),
                    self._med(f"yaml/{n}"),
                    0.15,
                    "CSafeLoader loop",
                )
            )
        rows.append(self._abs_row(f"cursor key-to-frame p90 ({_k(L)})", self._dash(L, "cursor_p90_ms", max), 16, "ms"))
        rows.append(
            self._abs_row(
                f"search keystroke p90 ({_k(L)}), hits on screen", self._dash(L, "search_p90_ms", max), 100, "ms"
            )
        )
        rows.append(self._abs_row(f"filter switch, worst ({_k(L)})", self._dash(L, "filter_max_ms", max), 100, "ms"))
        rows.append(self._abs_row(f"sort switch, worst ({_k(L)})", self._dash(L, "sort_max_ms", max), 100, "ms"))
        rows.append(
            self._abs_row(f"peak RSS, {_k(L)} loaded + dedupe done", self._dash(L, "process_peak_mb", max), 1536, "MB")
        )
        rows.extend(self._git_rows())  # issue 15
        rows.extend(self._hostile_rows())  # issue 13
        help_ = self._med("help")
        rows.append(
            self._abs_row("`newsdesk --help` (whole process)", help_ * 1000 if help_ else None, 300, "ms", strict=True)
        )
        return rows

    def _git_rows(self) -> list[Row]:
        """bench_git's figures: the status refresh after one toggle, a commit of 1,000 toggles,
        and the dashboard's cursor keys while a status runs."""
        git = self.extra.get("git") or {}
        n = int(git.get("stories", self.large))
        status = git.get("status_after_toggle_s")
        rows = [
            self._abs_row(
                f"git status after one toggle ({_k(n)})", status * 1000 if status is not None else None, 1000, "ms",
                strict=True,
            )
        ]  # fmt: skip
        toggles = int(git.get("toggles", 1000))
        rows.append(
            self._ratio_row(
                f"git commit of {toggles:,} toggles ({_k(n)})",
                git.get("commit_stories_s"),
                git.get("git_add_commit_s"),
                1.5,
                "git add + commit",
            )
        )
        rows.append(
            self._abs_row(
                f"cursor key-to-frame p90 during git status ({_k(n)})", git.get("keys_during_status_p90_ms"), 16, "ms"
            )
        )
        return rows

    def _hostile_rows(self) -> list[Row]:
        """bench_hostile's figures: cursor p90 over a ~200-story folder with every hostile
        file, and over the same folder without them (its control, shown beside it)."""
        found = self.extra.get("hostile") or {}
        stories = found.get("stories") or {}
        control = (found.get("control") or {}).get("p90_ms")
        hostile = (found.get("hostile") or {}).get("p90_ms")
        rows = [
            self._abs_row(
                f"cursor p90, {stories.get('control', '~200')} generated stories (control)", control, 16, "ms"
            ),
            self._abs_row(
                f"cursor p90 with every hostile file ({stories.get('hostile', '~200')} stories)", hostile, 16, "ms"
            ),
        ]
        if hostile is not None and control:
            rows[1] = replace(
                rows[1], baseline=f"{control:.1f} ms (the same folder without them)", ratio=f"{hostile / control:.2f}x"
            )
        return rows

    def info(self) -> list[tuple[str, str]]:
        out = []
        for n in self.sizes:
            parts = [
                f"{name} {_s(v)}"
                for name, key in (
                    ("yaml loop", "yaml"),
                    ("check cold", "cold"),
                    ("check warm", "warm"),
                    ("Store.load warm", "store-warm"),
                    ("Store.load cold", "store-cold"),
                    ("dupes", "dupes"),
                    ("cdist", "cdist"),
                )
                if (v := self._med(f"{key}/{n}")) is not None
            ]
            out.append((f"{_k(n)} stories", ", ".join(parts)))
        for n in self.sizes:
            cpu = [
                f"{name} {series.cpu:.2f} s"
                for name, key in (("check cold", "cold"), ("yaml loop", "yaml"), ("check warm", "warm"))
                if (series := self.series.get(f"{key}/{n}")) and series.runs
            ]
            if cpu:
                out.append((f"CPU time {_k(n)} (user+system, all processes)", ", ".join(cpu)))
        builds = [(n, v) for n in self.sizes if (v := self._med(f"dupes-build/{n}")) is not None]
        if builds:
            timings = ", ".join(f"{_k(n)} {_s(v)}" for n, v in builds)
            ratio = (
                f"; {_k(builds[-1][0])} / {_k(builds[0][0])} = {builds[-1][1] / builds[0][1]:.1f}x"
                if len(builds) > 1
                else ""
            )
            out.append(("first `dupes --json` (no saved pass: the index built from scratch)", timings + ratio))
        loads = [r.load for s in self.series.values() for r in s.runs]
        if loads:
            out.append(
                (
                    "machine load while measuring",
                    f"1-minute load average {min(loads):.2f} to {max(loads):.2f} (median {statistics.median(loads):.2f}) on {self.machine['cores']} cores: other work on the machine slows the parallel cold load more than the one-process baseline",
                )
            )
        git = self.extra.get("git") or {}
        if git.get("keys_during_status_count"):
            out.append(
                (
                    f"cursor keys during git status at {_k(int(git.get('stories', self.large)))}",
                    f"p50 {git['keys_during_status_p50_ms']:.1f} / p90 {git['keys_during_status_p90_ms']:.1f} / max {git['keys_during_status_max_ms']:.1f} ms over {git['keys_during_status_count']} keys pressed while {git['status_runs']} full statuses ran (median {git['status_during_keys_s'] * 1000:.0f} ms each, keys included); the same dashboard with git idle: p90 {git['keys_idle_p90_ms']:.1f} ms",
                )
            )
        for n in (self.mid, self.large):
            runs = self.extra.get(f"dashboard/{n}", [])
            if runs:
                last = runs[-1]
                per_story = (last["rss_mb"] - last["rss_start_mb"]) * 2**20 / max(last["stories"], 1)
                out.append(
                    (
                        f"dashboard {_k(n)}",
                        f"first frame {last['first_frame_s']:.2f} s, all loaded {last['loaded_s']:.2f} s, duplicates found {last['dedupe_done_s']:.2f} s, RSS {last['rss_mb']:.0f} MB ({per_story:,.0f} bytes per story incl. dedupe index; {(last['rss_loaded_mb'] - last['rss_start_mb']) * 2**20 / max(last['stories'], 1):,.0f} when loaded)",
                    )
                )
        big = self.extra.get(f"dashboard/{self.large}", [])
        keyed = [r for r in big if "cursor_ms" in r]
        if keyed:
            r = keyed[-1]
            out.append(
                (
                    "keys at " + _k(self.large),
                    f"cursor p50 {r['cursor_p50_ms']:.1f} / p90 {r['cursor_p90_ms']:.1f} / max {r['cursor_max_ms']:.1f} ms; search '{r['query']}' then '{r.get('typo_query', '')}' typed key by key: p50 {r['search_p50_ms']:.0f} / p90 {r['search_p90_ms']:.0f} / max {r['search_max_ms']:.0f} ms ({r['search_hits']} and {r.get('typo_hits', '?')} hits); the first search alone, every pass run afresh (the typo's shared prefix finds the passes it kept): p50 {r.get('first_search_p50_ms', float('nan')):.0f} / p90 {r.get('first_search_p90_ms', float('nan')):.0f} / max {r.get('first_search_max_ms', float('nan')):.0f} ms; the same keystrokes until the near misses are on screen too: p50 {r.get('search_complete_p50_ms', float('nan')):.0f} / p90 {r.get('search_complete_p90_ms', float('nan')):.0f} ms; filter {r['filter_ms']} ms; sort {r['sort_ms']} ms",
                )
            )
            for text, paced in r.get("paced", {}).items():
                out.append(
                    (
                        f"typed at 10 keys/s at {_k(self.large)}",
                        f"'{text}', a key every 0.1 s without waiting for the app: each key's hits on screen p50 {paced['p50_ms']:.0f} / p90 {paced['p90_ms']:.0f} / max {paced['max_ms']:.0f} ms; {paced['keys'] - paced['shown']} of {paced['keys']} prefixes replaced by the next key before they were shown",
                    )
                )
        found = self.extra.get("hostile") or {}
        own = found.get("hostile_stories_keys") or {}
        if own.get("keys"):
            out.append(
                (
                    "keys onto or off the hostile stories",
                    f"{', '.join(found.get('hostile_story_ids', []))}: {own['keys']} keys over {found.get('rounds', '?')} rounds, p50 {own['p50_ms']:.1f} / p90 {own['p90_ms']:.1f} / max {own['max_ms']:.1f} ms; all keys with the hostile files p50 {found['hostile']['p50_ms']:.1f} / max {found['hostile']['max_ms']:.1f} ms, without p50 {found['control']['p50_ms']:.1f} / max {found['control']['max_ms']:.1f} ms",
                )
            )
        return out

    def all_pass(self) -> bool:
        return all(r.ok for r in self.rows if r.ok is not None)

    def table(self) -> str:
        head = ("target", "newsdesk", "baseline", "ratio", "bar", "")
        body = [
            (r.name.replace("`", ""), r.value, r.baseline, r.ratio, r.target, "PASS" if r.ok else "FAIL")
            for r in self.rows
        ]
        widths = [max(len(str(x[i])) for x in [head, *body]) for i in range(len(head))]
        lines = ["  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in [head, *body]]
        lines.insert(1, "  ".join("-" * w for w in widths))
        lines.append("")
        lines += [f"{name}: {text}" for name, text in self.info()]
        return "\n".join(lines)

    def markdown(self, plot: str | None, seconds: float) -> str:
        m = self.machine
        out = [
            "# Benchmark results",
            "",
            f"`make bench` (`python -m bench.run`), {m['date']}, took {seconds / 60:.1f} min.",
            f"Machine: {m['cores']} cores ({m['usable cores']} usable), {m['cpu']}; Python {m['python']}; {m['platform']}.",
            f"Bytecode: {m.get('bytecode', 'as found')}.",
            "",
            "Every figure is a whole process (start-up, imports and exit included), the median of",
            "several runs that alternate newsdesk and its baseline; ratios are newsdesk / baseline",
            "from the same run. Folders come from `python -m tests.storygen.generate DIR N --seed 1",
            "--with-seeds seeds` (realistic stories, ~4.4 KB each, CRLF/BOM share, junk files).",
            "",
            "| target | newsdesk | baseline | ratio | bar | |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        out += [
            f"| {r.name} | {r.value} | {r.baseline} | {r.ratio} | {r.target} | {'PASS' if r.ok else '**FAIL**'} |"
            for r in self.rows
        ]
        out += ["", "## Other figures", ""]
        out += [f"- **{name}**: {text}" for name, text in self.info()]
        if plot:
            out += ["", f"![time against folder size]({plot})"]
        out += ["", "## How each figure is taken", "", *_METHOD]
        notes = Path(__file__).resolve().parents[1] / "bench" / "NOTES.md"
        if notes.exists():  # the hand-written reading of the figures, kept across runs
            out += ["", notes.read_text(encoding="utf-8").rstrip()]
        if self.extra.get("importtime"):
            out += [
                "",
                "## Start-up imports (`python -X importtime -m tui --help`)",
                "",
                "| module | self | cumulative |",
                "| --- | --- | --- |",
            ]
            out += [
                f"| {name} | {own / 1000:.1f} ms | {total / 1000:.1f} ms |"
                for name, own, total in self.extra["importtime"]
            ]
        for title, rows in self.profiles.items():
            if not rows:
                continue
            out += [
                "",
                f"## Top costs: {title}",
                "",
                "| function | calls | own | cumulative |",
                "| --- | --- | --- | --- |",
            ]
            out += [f"| `{name}` | {calls:,} | {own:.3f} s | {cum:.3f} s |" for name, calls, own, cum in rows]
        return "\n".join(out) + "\n"

    def plot(self, path: Path) -> Path | None:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            return None
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
        for axis, title, lines in (
            (
                left,
                "loading",
                (
                    ("CSafeLoader loop", "yaml"),
                    ("check --no-cache (cold)", "cold"),
                    ("check (warm)", "warm"),
                    ("Store.load warm (all stories)", "store-warm"),
                ),
            ),
            (right, "duplicates", (("newsdesk dupes --json (warm)", "dupes"), ("titles + exhaustive cdist", "cdist"))),
        ):
            for label, key in lines:
                points = [(n, v) for n in self.sizes if (v := self._med(f"{key}/{n}")) is not None]
                if points:
                    axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
            axis.set_xscale("log")
            axis.set_yscale("log")
            axis.set_xlabel("stories")
            axis.set_ylabel("seconds (whole process, median)")
            axis.set_title(title)
            axis.grid(True, which="both", alpha=0.3)
            axis.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
        return path


_METHOD = [
    "- **CSafeLoader loop**: `python -m bench.bench_baseline yaml DIR`, one process: read, decode, cut out the front matter, `yaml.load(..., Loader=yaml.CSafeLoader)` per file.",
    "- **cold load**: `newsdesk check --no-cache`: every file read, parsed (the fast reader, YAML for anything else) and typed with all warnings, by helper processes; the cache is neither read nor written. Check builds no story objects for itself (it reports verdicts), so the *Store.load cold* figure below shows the full load for comparison.",
    "- **warm load**: `newsdesk check` with the per-user cache warm: every file is stat'ed and its cached verdict used; no story is unpickled. *Store.load warm* (`python -m bench.bench_store DIR`) builds every story object and the store's indexes from the cache: that is what the dashboard does.",
    "- **dedupe**: `newsdesk dupes --json` with the cache warm; baseline `python -m bench.bench_baseline cdist DIR`: titles taken straight from their `title:` lines (cheaper than any YAML load), `rapidfuzz.process.cdist(fuzz.ratio, score_cutoff=85, workers=-1)` over all pairs. Peak memory is the process's `ru_maxrss`.",
    "- **dashboard**: `python -m bench.bench_dashboard`, a child process running `NewsdeskApp(root).run_test()` (160x45) with Pilot. A frame is counted when Textual hands an update to its driver; the hook renders it to terminal bytes as a real driver would. First frame: from the parent starting the process to the first frame with story rows painted (cache warm). Key latencies (after loading and duplicate finding finished): from the key press to the next frame (cursor; presses come 1/30 s apart, as a held key repeats, so that Textual's 60-per-second frame pacing is not what is timed), or to the first frame showing the list the key leads to (search keystrokes, filter `f`, sort `s`). A search shows its exact hits first and adds near misses (typo matches, a fuzzy pass over every title) in a second update; the target row is the first, the line under *keys* gives both. The target types the query, then the same query with a letter left out: the second shares the first's prefix, and the index keeps its exact passes for a needle typed again (as when an editor backspaces), so the line under *keys* also gives the first search alone; every sort key is measured, including the first sort by each key. Apart from the target, two searches are typed at a steady 10 keys a second through the driver, without waiting for the app (the benchmark's query, and \"the state police\", words most stories hold; each typed afresh, the kept passes forgotten first): for each key, the time to the first frame showing its prefix's hits, and how many prefixes the next key replaced before they were shown (a replaced search gives up). Peak RSS is the process's `ru_maxrss`; bytes per story is (RSS after duplicates - RSS at start) / stories.",
    "- **hostile files** (issue 13): `python -m bench.bench_hostile`: two folders of 190 generated stories (`--seed 3`), one of them also holding every hostile file the security tests build (`tests.security.hostile.everything`: a 1 MB headline, YAML alias bombs, a FIFO, a sparse 3 GB file, links out of the folder, a name that is not UTF-8, a junk decision log). A dashboard child per folder (`bench_dashboard --cursor`, private cache and state folders, cache warm) moves the cursor down the whole list and back up, a key-repeat apart; the two folders alternate, two rounds each; key-to-frame as in the cursor row. The control row is the same folder without the hostile files: what the hostile files cost is the difference.",
    "- **git** (issue 15): `python -m bench.bench_git`, on repositories in a temporary folder with an empty git configuration. Status after one toggle: the desk's full `status()` right after a story's flag changed (plain `git status --porcelain` beside it), median of 5. Commit of 1,000 toggles: `commit_stories` against `git add <files>` + `git commit`, alternated. Cursor keys during git status: the benchmark's generated folder (hard links) committed to a repository, the dashboard opened on it in a child process as for *dashboard* above; once loaded, duplicates found and git's first status in, a full status refresh is asked for again and again and cursor keys are pressed a key-repeat apart while each runs (only keys pressed while git ran count).",
    "- **start-up**: `newsdesk --help`, whole process, median of 7.",
]
