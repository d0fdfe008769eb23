"""The git benchmark still runs (on a tiny repository; the figures come from `make bench`)."""

from __future__ import annotations

import json

import pytest

from bench import bench_git


def test_bench_git_runs_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    bench_git.main(["--stories", "200", "--toggles", "40", "--repeats", "1", "--json"])
    figures = json.loads(capsys.readouterr().out)
    assert figures["stories"] == 200 and set(figures["pass"]) == {"status_after_toggle", "commit_vs_git"}
    assert figures["status_after_toggle_s"] > 0 and figures["commit_stories_s"] > 0
