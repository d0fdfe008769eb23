"""`make bench` reports issue 15's git figures (bench/bench_git.py) against their targets."""

from __future__ import annotations

from bench import bench_report

MACHINE = {"cores": "2", "usable cores": "2", "cpu": "x", "python": "3.11", "platform": "linux", "date": "today"}


def _rows(extra: dict[str, object]) -> dict[str, bench_report.Row]:
    report = bench_report.Report({}, extra, [10, 20, 100_000], 10, 20, 100_000, MACHINE, {})
    return {row.name: row for row in report.rows if row.name.startswith("git ")}


def test_git_rows_give_verdicts() -> None:
    git = {"stories": 100_000, "toggles": 1000, "status_after_toggle_s": 0.272, "commit_stories_s": 2.67,
           "git_add_commit_s": 3.31, "keys_during_status_p90_ms": 11.2}  # fmt: skip
    rows = _rows({"git": git})
    status = rows["git status after one toggle (100k)"]
    commit = rows["git commit of 1,000 toggles (100k)"]
    assert (status.value, status.target, status.ok) == ("272.0 ms", "< 1000 ms", True)
    assert (commit.ratio, commit.target, commit.ok) == ("0.807x", "<= 1.5x", True)
    slow = _rows({"git": {**git, "status_after_toggle_s": 1.2, "commit_stories_s": 5.0}})
    assert not any(row.ok for row in slow.values())


def test_keys_during_status_row() -> None:
    rows = {row.name: row for row in bench_report.Report({}, {"git": {"keys_during_status_p90_ms": 11.2}},
            [10, 20, 100_000], 10, 20, 100_000, MACHINE, {}).rows}  # fmt: skip
    keys = rows["cursor key-to-frame p90 during git status (100k)"]
    assert (keys.value, keys.target, keys.ok) == ("11.2 ms", "<= 16 ms", True)
    late = bench_report.Report({}, {"git": {"keys_during_status_p90_ms": 40.0}}, [10, 20, 100_000], 10, 20,
                               100_000, MACHINE, {})  # fmt: skip
    assert not next(r for r in late.rows if r.name.startswith("cursor key-to-frame p90 during git")).ok


def test_missing_git_figures_fail() -> None:
    assert [row.ok for row in _rows({}).values()] == [False, False]
    report = bench_report.Report({}, {}, [10, 20, 100_000], 10, 20, 100_000, MACHINE, {})
    assert not next(r for r in report.rows if r.name.startswith("cursor key-to-frame p90 during git")).ok
