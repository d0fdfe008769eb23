"""Issue 18, point 11: the command line finds the folder it is started in, and
`list` filters as the dashboard does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.paths import SEEDS
from tui.cli.main import main

S0, S1, S2, S3, S4 = (
    "000_8dcd983ef76e6965.txt",
    "001_29a53d9359691146.txt",
    "002_ec13f126c5df086c.txt",
    "003_644e7f27e603fab3.txt",
    "004_ff9743790476918e.txt",
)


def listed(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["list", *argv]) == 0
    return [line.rsplit("[", 1)[1].rstrip("]") for line in capsys.readouterr().out.splitlines()]


def test_list_filters(seeds_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(seeds_copy)
    assert listed(capsys, root) == [S2, S0, S1, S3, S4]
    assert listed(capsys, root, "--unpublished") == [S2, S1]
    assert listed(capsys, root, "--published") == [S0, S3, S4]
    assert listed(capsys, root, "--since", "2021-05-08") == [S2, S0]
    assert listed(capsys, root, "--provider", "Government Technology") == [S0, S3]
    assert listed(capsys, root, "--topic", "Computer Vision", "--published", "--since", "2021-01-01") == [S0]
    assert main(["list", root, "--since", "someday"]) == 2
    assert "not a day" in capsys.readouterr().err


def test_run_from_a_story_folder(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(seeds_copy)
    assert len(listed(capsys)) == 5


def test_run_from_a_site_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    site = tmp_path / "site"
    shutil.copytree(SEEDS, site / "_news")
    (site / "_config.yml").write_text("collections:\n  news:\n    output: true\n")
    monkeypatch.chdir(site)
    assert main(["check"]) in (0, 1)  # it found the site: no "./seeds: not a folder"
    err = capsys.readouterr().err
    assert "not a folder" not in err and "no story folder" not in err
    assert len(listed(capsys)) == 5  # the site's collection, _news


def test_no_folder_here_says_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    (tmp_path / "notes.txt").write_text("not a story\n")
    monkeypatch.chdir(tmp_path)
    assert main(["list"]) == 2
    assert "give FOLDER or --seeds DIR" in capsys.readouterr().err
