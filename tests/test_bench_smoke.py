"""A small, fast run of the benchmark's own code (the benchmark itself is `make bench`).

The baselines must do their work on a real folder, the process runner must report
time and memory, the report must turn figures into PASS/FAIL rows and a readable
RESULTS.md, and the folder cache must reuse a complete folder and redo a broken one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import bench_baseline, bench_dashboard, bench_folders, bench_proc, bench_report


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench")
    from tests.storygen.generate import generate

    generate(str(root), 40, 5, seeds_dir=str(bench_folders.REPO / "seeds"))
    return root


def test_baselines_do_the_work(tiny: Path) -> None:
    files = bench_baseline.story_files(str(tiny))
    assert len(files) == 40 and not any("/." in f for f in files)
    assert bench_baseline.yaml_loop(str(tiny)) == 40
    titles = bench_baseline.titles(str(tiny))
    assert len(titles) == 40 and all(t and not t.startswith('"') for t in titles)
    pytest.importorskip("numpy")
    assert bench_baseline.cdist_pairs(str(tiny)) >= 0


def test_the_runner_reports_time_and_memory() -> None:
    result = bench_proc.run(
        [sys.executable, "-c", "print('x' * 3); data = bytearray(30 * 2**20)"], keep_output=True, ok=(0,)
    )
    assert result.out == "xxx\n" and result.seconds > 0 and result.peak_kb > 30 * 1024
    with pytest.raises(RuntimeError, match="exited 3"):
        bench_proc.run([sys.executable, "-c", "raise SystemExit(3)"], ok=(0,))


def _series(label: str, *seconds: float, peak_kb: int = 1000) -> bench_proc.Series:
    return bench_proc.Series(label, [bench_proc.Run(s, peak_kb, 0, "") for s in seconds])


def test_the_report_gives_each_target_a_verdict(tmp_path: Path) -> None:
    series = {
        "yaml/10": _series("yaml/10", 3.0, 3.2, 3.1),
        "cold/10": _series("cold/10", 0.6, 0.7, 0.8),
        "warm/10": _series("warm/10", 0.2),
        "yaml/100": _series("yaml/100", 30.0),
        "cold/100": _series("cold/100", 12.0),
        "warm/100": _series("warm/100", 1.0),
        "yaml/20": _series("yaml/20", 6.0),
        "dupes/10": _series("dupes/10", 1.0),
        "dupes/20": _series("dupes/20", 2.0),
        "cdist/20": _series("cdist/20", 8.0),
        "dupes/100": _series("dupes/100", 11.0, peak_kb=800 * 1024),
        "help": _series("help", 0.07),
    }
    dash = {
        "first_frame_s": 0.5,
        "loaded_s": 1.0,
        "dedupe_done_s": 2.0,
        "stories": 100,
        "rss_mb": 300.0,
        "rss_loaded_mb": 250.0,
        "rss_start_mb": 50.0,
        "process_peak_mb": 400.0,
        "cursor_ms": [5.0] * 9 + [40.0],
        "search_ms": [50.0, 120.0],
        "filter_ms": [30.0],
        "sort_ms": [99.0],
        "query": "a b",
        "search_hits": 3,
        "paced_ms": {"a b": [40.0, None, 60.0], "the state": [None, None, 80.0]},
    }
    extra = {"dashboard/20": [dash], "dashboard/100": [bench_dashboard.summary(dash)]}
    report = bench_report.Report(
        series,
        extra,
        [10, 20, 100],
        10,
        20,
        100,
        {"cores": "2", "usable cores": "2", "cpu": "x", "python": "3.11", "platform": "linux", "date": "today"},
        {},
    )
    verdict = {r.name: r.ok for r in report.rows}
    assert verdict["cold load 10: `check --no-cache`"] is True  # 0.7 / 3.1
    assert verdict["cold load 100: `check --no-cache`"] is False  # 0.4x
    assert verdict["warm load 10: `check`"] is False and verdict["warm load 100: `check`"] is True
    assert verdict["dedupe 20: `dupes --json` (warm)"] is False and verdict["dedupe scaling 100 / 10"] is True
    assert (
        verdict["cursor key-to-frame p90 (100)"] is True
        and verdict["search keystroke p90 (100), hits on screen"] is False
    )
    assert not report.all_pass()
    table = report.table()
    assert "PASS" in table and "FAIL" in table and "0.226x" in table
    markdown = report.markdown("scaling.png", 60.0)
    assert (
        "| cold load 10: `check --no-cache` | 0.700 s | 3.100 s (CSafeLoader loop) | 0.226x | <= 0.3x | PASS |"
        in markdown
    )
    assert (
        "2 cores" in markdown and "Python 3.11" in markdown and "![time against folder size](scaling.png)" in markdown
    )
    assert (
        "'a b', a key every 0.1 s without waiting for the app: each key's hits on screen p50 50 / p90 60 / max 60 ms; 1 of 3 prefixes"
        in markdown
    )
    pytest.importorskip("matplotlib")
    assert report.plot(tmp_path / "plot.png") is not None and (tmp_path / "plot.png").stat().st_size > 1000


def test_generated_folders_are_made_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench_folders, "CACHE", tmp_path / "cache")
    first = bench_folders.folder(12, seed=3, log=lambda _: None)
    assert (first / bench_folders.MARKER).exists() and len(bench_baseline.story_files(str(first))) >= 12
    stamp = (first / bench_folders.MARKER).stat().st_mtime_ns
    assert bench_folders.folder(12, seed=3, log=lambda _: None) == first
    assert (first / bench_folders.MARKER).stat().st_mtime_ns == stamp  # reused, not made again
    (first / bench_folders.MARKER).unlink()  # an interrupted generation is redone
    assert (bench_folders.folder(12, seed=3, log=lambda _: None) / bench_folders.MARKER).exists()


def test_latency_summary() -> None:
    out = bench_dashboard.summary({"cursor_ms": [float(v) for v in range(1, 11)]})
    assert out["cursor_p50_ms"] == 5.5 and out["cursor_p90_ms"] == 9.0 and out["cursor_max_ms"] == 10.0


def test_paced_typing_summary_counts_what_the_next_key_replaced() -> None:
    out = bench_dashboard.summary({"paced_ms": {"abc": [30.0, None, 50.0, 70.0]}})
    assert out["paced"]["abc"] == {"p50_ms": 50.0, "p90_ms": 70.0, "max_ms": 70.0, "shown": 3, "keys": 4}
