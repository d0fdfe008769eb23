"""`make bench`: newsdesk against the naive way, side by side, on generated folders.

    python -m bench.run [--quick] [--sizes 10000,20000,100000] [--out bench]

Generates (once, kept in `.bench-cache/`) folders of 10k, 20k and 100k stories, then
measures in one run, alternating newsdesk and its baseline so machine noise hits both:
cold and warm loads (`newsdesk check`), duplicate finding (`newsdesk dupes --json`)
against an exhaustive title cdist, the dashboard (Pilot: first frame, key-to-frame
latencies, memory), git, cursor keys with every hostile file of issue 13 in the folder
next to the same folder without them, and start-up import time. Prints a table of
medians with ratios and PASS/FAIL per target, and writes bench/RESULTS.md with
profiles and a plot.
`--quick` is the smoke run the tests use: tiny folders, one repeat, nothing written
unless `--out` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import bench_folders, bench_profile, bench_report, bytecode
from bench.bench_proc import Series, newsdesk, python, run

REPO = bench_folders.REPO


class Bench:
    def __init__(self, sizes: list[int], repeats: dict[int, int], cache_dir: str, log: Any = print) -> None:
        self.sizes = sizes
        self.repeats = repeats
        self.log = log
        # The user's config (a remapped key, a default sort) and the view state saved by
        # earlier runs (a filter left on) change what is measured: the benchmark uses
        # folders of its own, beside its cache, empty at the start of every run.
        home = os.path.join(cache_dir, "home")
        self.env = dict(
            os.environ,
            NEWSDESK_CACHE_DIR=cache_dir,
            XDG_CONFIG_HOME=os.path.join(home, "config"),
            XDG_STATE_HOME=os.path.join(home, "state"),
        )
        self.series: dict[str, Series] = {}
        self.extra: dict[str, Any] = {}

    def series_of(self, label: str) -> Series:
        return self.series.setdefault(label, Series(label))

    def measure(self, label: str, argv: list[str], **kwargs: Any) -> None:
        result = run(argv, env=self.env, **kwargs)
        self.series_of(label).runs.append(result)

    # -- loading -------------------------------------------------------------------
    def loads(self, n: int, root: Path) -> None:
        self.log(f"load {n:,}: warming up, then {self.repeats[n]} rounds")
        run(newsdesk("check", "--seeds", str(root)), env=self.env)  # writes the cache
        bench_folders.settle(root)
        run(newsdesk("check", "--seeds", str(root)), env=self.env)  # cache holds every file now
        for _ in range(self.repeats[n]):
            self.measure(f"yaml/{n}", python("-m", "bench.bench_baseline", "yaml", str(root)))
            self.measure(f"cold/{n}", newsdesk("check", "--no-cache", "--seeds", str(root)))
            self.measure(f"warm/{n}", newsdesk("check", "--seeds", str(root)))
            self.measure(f"store-warm/{n}", python("-m", "bench.bench_store", str(root)))
        self.measure(f"store-cold/{n}", python("-m", "bench.bench_store", str(root), "--no-cache"))

    # -- duplicates ----------------------------------------------------------------
    def dedupe(self, n: int, root: Path) -> None:
        rounds = max(1, self.repeats[n] - (1 if n >= 100_000 else 0))
        self.log(f"dedupe {n:,}: one full build (no saved pass yet), then {rounds} warm rounds")
        # The target is the warm figure; the first run builds the index from scratch and
        # saves the pass. It is measured on its own (time and peak memory), not mixed in.
        self.measure(f"dupes-build/{n}", newsdesk("dupes", "--json", "--seeds", str(root)), ok=(0,))
        for _ in range(rounds):
            self.measure(f"dupes/{n}", newsdesk("dupes", "--json", "--seeds", str(root)), ok=(0,))
            if n <= 20_000:
                self.measure(f"cdist/{n}", python("-m", "bench.bench_baseline", "cdist", str(root)), ok=(0,))

    # -- the dashboard -------------------------------------------------------------
    def dashboard(self, n: int, root: Path, *, keys: bool) -> None:
        rounds = 2 if n >= 100_000 else 3
        if self.repeats[n] == 1:
            rounds = 1
        self.log(f"dashboard {n:,}: {rounds} rounds{' with keys' if keys else ''}")
        results = []
        for index in range(rounds):
            with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
                out = handle.name
            try:
                argv = python("-m", "bench.bench_dashboard", str(root), out, "LAUNCHED")
                if keys and index == rounds - 1:
                    argv.append("--keys")
                argv[argv.index("LAUNCHED")] = repr(time.time())
                process = run(argv, env=self.env, ok=(0,))
                with open(out, encoding="utf-8") as result_file:
                    result = json.load(result_file)
                result["process_peak_mb"] = process.peak_kb / 1024
                results.append(result)
            finally:
                os.unlink(out)
        self.extra[f"dashboard/{n}"] = results

    def git(self, n: int, root: Path, quick: bool) -> None:
        """Issue 15: git status after one toggle and a 1,000-toggle commit at n stories, and
        the dashboard's cursor keys while a status runs over the generated folder `root`
        made a repository (bench_git)."""
        toggles = min(1000, n)
        self.log(f"git: status after a toggle, commit of {toggles:,} toggles, keys during a status, at {n:,} stories")
        argv = python("-m", "bench.bench_git", "--stories", str(n), "--toggles", str(toggles),
                      "--repeats", "1" if quick else "3", "--keys-from", str(root), "--json")  # fmt: skip
        if quick:
            argv += ["--keys", "20"]
        done = run(argv, env=self.env, keep_output=True, ok=(0, 1))  # 1: a target missed, the report says which
        self.extra["git"] = json.loads(done.out.strip().splitlines()[-1])

    def hostile(self, quick: bool) -> None:
        """Issue 13: cursor keys over every story of a ~200-story folder holding every
        hostile file, next to the same folder without them (bench_hostile)."""
        self.log("hostile files: the cursor over every story, with and without them")
        argv = python("-m", "bench.bench_hostile", "--rounds", "1" if quick else "2", "--json")
        if quick:
            argv += ["--stories", "40"]
        done = run(argv, env=self.env, keep_output=True, ok=(0, 1))  # 1: a target missed, the report says which
        self.extra["hostile"] = json.loads(done.out.strip().splitlines()[-1])

    def startup(self) -> None:
        self.log("start-up: newsdesk --help")
        for _ in range(7):
            self.measure("help", newsdesk("--help"), ok=(0,))
        self.extra["importtime"] = bench_profile.importtime()


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "cores": str(os.cpu_count()),
        "usable cores": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "bytecode": "site-packages and tui/ byte-compiled before measuring, as pip install does (bench/bytecode.py)",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: tiny folders, one repeat")
    parser.add_argument("--sizes", default=None, help="comma-separated folder sizes (default 10000,20000,100000)")
    parser.add_argument(
        "--out", default=None, help="folder for RESULTS.md and the plot (default bench/, none with --quick)"
    )
    parser.add_argument("--no-profile", action="store_true", help="skip the profiles")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([300, 600] if args.quick else [10_000, 20_000, 100_000])
    )
    repeats = {n: 1 if args.quick else (5 if n <= 10_000 else 3) for n in sizes}
    out_dir = Path(args.out) if args.out else (None if args.quick else REPO / "bench")
    small, mid, large = sizes[0], sizes[min(1, len(sizes) - 1)], sizes[-1]
    # What `pip install` does on an ordinary machine; see bench/bytecode.py.
    bytecode.compile_installed()
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-cache-") as cache_dir:
        bench = Bench(sizes, repeats, cache_dir)
        roots = {n: bench_folders.folder(n) for n in sizes}
        bench.startup()
        for n in sizes:
            bench.loads(n, roots[n])
        for n in sizes:
            bench.dedupe(n, roots[n])
        bench.dashboard(mid, roots[mid], keys=False)
        bench.dashboard(large, roots[large], keys=True)
        bench.git(large, roots[large], args.quick)  # issue 15
        bench.hostile(args.quick)  # issue 13
        profiles = (
            {} if args.no_profile or args.quick else bench_profile.profiles(roots[small], roots[large], bench.env)
        )
    report = bench_report.Report(bench.series, bench.extra, sizes, small, mid, large, machine(), profiles)
    table = report.table()
    print(table)
    if out_dir is not None:
        out_dir.mkdir(exist_ok=True)
        plot = report.plot(out_dir / "scaling.png")
        (out_dir / "RESULTS.md").write_text(
            report.markdown(plot.name if plot else None, time.perf_counter() - started), encoding="utf-8"
        )
        print(f"wrote {out_dir / 'RESULTS.md'}" + (f" and {plot}" if plot else ""))
    print(f"bench took {time.perf_counter() - started:.0f} s")
    return 0 if report.all_pass() or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
