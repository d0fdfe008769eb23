"""`newsdesk dupes`: JSON Lines shape, the table, flags, decisions listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.paths import SEEDS
from tests.helpers.stories import ORIGINAL, copy, write
from tui.cli.main import main
from tui.core.dupes.finder import DuplicateFinder
from tui.core.store.store import Store


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(
        root,
        {
            "a.md": ORIGINAL,
            "b.md": copy(
                ORIGINAL, title="UPDATE: \x1b[31m" + ORIGINAL.title, hours=30, provider="MSN", domain="msn.com"
            ),
        },
    )
    return root


def test_the_seeds_are_different_articles_not_copies(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--seeds", str(SEEDS), "dupes", "--json")
    assert code == 0 and out == ""
    code, out, _ = _run(capsys, "--seeds", str(SEEDS), "dupes")
    assert code == 0 and out.startswith("0 suggestions (0 open, 0 decided) among 5 stories")


def test_json_lines_shape(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--seeds", str(folder), "dupes", "--json")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 1
    record = json.loads(lines[0])
    assert list(record) == ["ids", "canonical", "score", "decision", "pairs", "kept_reason"]
    assert record["kept_reason"] == "earliest (the original outlet)"
    assert record["ids"] == ["a.md", "b.md"] and record["canonical"] == "a.md" and record["decision"] is None
    assert isinstance(record["score"], int) and 80 <= record["score"] <= 100
    (pair,) = record["pairs"]
    assert set(pair) == {"a", "b", "score", "why"} and {pair["a"], pair["b"]} == {"a.md", "b.md"}
    assert "30 h apart" in pair["why"]


def test_flags_threshold_and_window(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--seeds", str(folder), "dupes", "--json", "--window-days", "1")[1] == ""
    assert _run(capsys, "--seeds", str(folder), "dupes", "--json", "--threshold", "100")[1] == ""
    code, _, err = _run(capsys, "--seeds", str(folder), "dupes", "--threshold", "101")
    assert code == 2 and "--threshold" in err
    assert _run(capsys, "--seeds", str(folder), "dupes", "--window-days", "0")[0] == 2


def test_table_escapes_control_characters(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--seeds", str(folder), "dupes")
    assert code == 0 and "\x1b" not in out and "UPDATE: \\x1b[31mMassachusetts" in out
    assert "open" in out and "*" in out and out.rstrip().endswith("○ unpublished")


def test_decided_clusters_are_listed_with_their_decision(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(str(folder))
    store.load()
    finder = DuplicateFinder(store, subscribe=False)
    finder.run()
    assert finder.decide_duplicate(finder.clusters()[0].key, "b.md").ok
    record = json.loads(_run(capsys, "--seeds", str(folder), "dupes", "--json")[1])
    assert record["decision"] == "duplicate" and record["canonical"] == "b.md"
    assert "duplicate" in _run(capsys, "--seeds", str(folder), "dupes")[1]
