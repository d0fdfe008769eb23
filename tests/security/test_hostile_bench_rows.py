"""`make bench` reports the cursor over a folder holding every hostile file of issue 13
next to the same folder without them (bench/bench_hostile.py), against the cursor target."""

from __future__ import annotations

from bench import bench_hostile, bench_report

MACHINE = {"cores": "2", "usable cores": "2", "cpu": "x", "python": "3.11", "platform": "linux", "date": "today"}


def _rows(extra: dict[str, object]) -> dict[str, bench_report.Row]:
    report = bench_report.Report({}, extra, [10, 20, 100_000], 10, 20, 100_000, MACHINE, {})
    return {row.name: row for row in report.rows if row.name.startswith("cursor p90")}


def _run(ms: list[float], moves: list[list[str]]) -> dict[str, object]:
    return {"stories": len({sid for move in moves for sid in move}), "cursor_ms": ms, "moves": moves}


def test_the_hostile_stories_own_keys_are_told_apart_from_the_rest() -> None:
    control = [_run([5.0, 6.0, 7.0, 8.0], [["x", "y"], ["y", "z"], ["z", "y"], ["y", "x"]])]
    h = "headline.md"
    hostile = [_run([5.0, 30.0, 40.0, 6.0], [["x", h], [h, "y"], ["y", h], [h, "x"]])]
    found = bench_hostile.figures(control, hostile)
    assert found["hostile_story_ids"] == ["headline.md"]
    assert found["hostile_stories_keys"]["keys"] == 4 and found["hostile_stories_keys"]["max_ms"] == 40.0
    assert found["control"]["p90_ms"] == 8.0 and found["hostile"]["p90_ms"] == 40.0


def test_rows_give_a_verdict_beside_the_control() -> None:
    found = {
        "stories": {"control": 190, "hostile": 198},
        "control": {"p50_ms": 8.0, "p90_ms": 10.0, "max_ms": 20.0, "keys": 378},
        "hostile": {"p50_ms": 8.0, "p90_ms": 12.0, "max_ms": 25.0, "keys": 394},
        "hostile_stories_keys": {"p50_ms": 9.0, "p90_ms": 11.0, "max_ms": 12.0, "keys": 32},
        "hostile_story_ids": ["headline.md"],
        "rounds": 2,
    }
    rows = _rows({"hostile": found})
    control = rows["cursor p90, 190 generated stories (control)"]
    hostile = rows["cursor p90 with every hostile file (198 stories)"]
    assert (control.value, control.target, control.ok) == ("10.0 ms", "<= 16 ms", True)
    assert (hostile.value, hostile.baseline, hostile.ratio, hostile.ok) == (
        "12.0 ms", "10.0 ms (the same folder without them)", "1.20x", True,
    )  # fmt: skip
    slow = _rows({"hostile": {**found, "hostile": {**found["hostile"], "p90_ms": 115.0}}})  # type: ignore[dict-item]
    assert [row.ok for row in slow.values()] == [True, False]


def test_missing_hostile_figures_fail() -> None:
    rows = {name: row for name, row in _rows({}).items() if "hostile" in name or "control" in name}
    assert [row.ok for row in rows.values()] == [False, False]
