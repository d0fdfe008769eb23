"""The git benchmark still runs (on a tiny repository; the figures come from `make bench`)."""

from __future__ import annotations

import json

import pytest

from bench import bench_git


def test_bench_git_runs_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    bench_git.main(["--stories", "200", "--toggles", "40", "--repeats", "1", "--no-keys", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["stories"] == 200 and set(figures["pass"]) == {"status_after_toggle", "commit_vs_git"}
    assert figures["status_after_toggle_s"] > 0 and figures["commit_stories_s"] > 0


def test_bench_git_times_keys_while_a_status_runs(capsys: pytest.CaptureFixture[str]) -> None:
    """The dashboard child on a small generated repository: keys are pressed only while
    git runs, and the figures and verdict reach the JSON make bench reads."""
    bench_git.main(["--stories", "200", "--toggles", "10", "--repeats", "1", "--keys", "4", "--json"])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(figures["pass"]) == {"status_after_toggle", "commit_vs_git", "keys_during_status"}
    assert figures["keys_during_status_count"] == 4 == len(figures["keys_during_status_ms"])
    assert figures["status_runs"] >= 1 and figures["keys_during_status_p90_ms"] > 0
    assert 0 < len(figures["keys_idle_ms"]) <= 4  # the control: as many keys, same rhythm, git idle
