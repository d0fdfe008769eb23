"""The decision log `.newsdesk/decisions.jsonl` is data from the folder, never a path to
follow or bytes to trust (issue #13, attacks 1 and 6)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.security.capped import measure
from tests.security.hostile import TITLE, duplicate_pair, snapshot
from tui.core.dupes.decision_record import Decision
from tui.core.dupes.decisions import FILE, FOLDER, MAX_LOG_BYTES, DecisionLog
from tui.core.dupes.finder import DuplicateFinder
from tui.core.store.store import Store

LINE = {"decision": "distinct", "at": "2024-01-01T00:00:00Z", "id": "d-1", "members": {"a.md": "f1", "b.md": "f2"}}


def _decision(ident: str = "d-2") -> Decision:
    return Decision(ident, "distinct", "2024-01-01T00:00:00Z", "c", (("a.md", "f1"), ("b.md", "f2")))


def _finder(root: Path, monkeypatch: pytest.MonkeyPatch) -> DuplicateFinder:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(root.parent / "cache"))
    store = Store(str(root))
    store.load()
    finder = DuplicateFinder(store, subscribe=False, cache=False)
    finder.run()
    return finder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "stories"
    root.mkdir()
    duplicate_pair(root, TITLE)
    return root


def test_log_symlinked_to_a_shell_startup_file_is_never_appended_to(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 1: the log committed as a link to ~/.bashrc; `d` then `m` (or `x`)."""
    bashrc = tmp_path / "home" / ".bashrc"
    bashrc.parent.mkdir()
    bashrc.write_bytes(b"# my shell\n")
    before = snapshot(bashrc)
    (folder / FOLDER).mkdir()
    (folder / FOLDER / FILE).symlink_to(bashrc)
    finder = _finder(folder, monkeypatch)
    [cluster] = finder.clusters()
    stories_before = {p.name: p.read_bytes() for p in folder.glob("*.md")}

    for outcome in (finder.decide_duplicate(cluster.key), finder.decide_distinct(cluster.key)):
        assert not outcome.ok and "symlink" in outcome.message
    assert snapshot(bashrc) == before
    assert {p.name: p.read_bytes() for p in folder.glob("*.md")} == stories_before  # the edit was rolled back
    assert any("symlink" in p for p in finder.problems)


def test_newsdesk_folder_symlinked_outside_is_never_written(folder: Path, tmp_path: Path) -> None:
    """Attack 1, by the folder: `.newsdesk` itself a link to a directory outside."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (folder / FOLDER).symlink_to(elsewhere)
    log = DecisionLog(str(folder))
    with pytest.raises(OSError, match="not a folder"):
        log.add(_decision())
    assert list(elsewhere.iterdir()) == []
    log.load()
    assert log.decisions == [] and "not a folder" in log.problems[0]


def test_hard_linked_log_is_not_appended_to(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "profile"
    target.write_bytes(b"")
    (folder / FOLDER).mkdir()
    os.link(target, folder / FOLDER / FILE)
    with pytest.raises(OSError, match="hard links"):
        DecisionLog(str(folder)).add(_decision())
    assert target.read_bytes() == b""


def test_log_linked_to_dev_zero_is_refused_at_once(folder: Path) -> None:
    """Attack 6: `dupes` read /dev/zero until memory ran out."""
    (folder / FOLDER).mkdir()
    (folder / FOLDER / FILE).symlink_to("/dev/zero")
    measured = measure(
        "from tui.core.dupes.decisions import DecisionLog",
        f"log = DecisionLog({str(folder)!r}); log.load(); result = log.problems",
        cap_mb=512,
    )
    measured.within_bounds()
    assert "symlink" in measured.result[0]


def test_log_that_is_a_fifo_does_not_block(folder: Path) -> None:
    (folder / FOLDER).mkdir()
    os.mkfifo(folder / FOLDER / FILE)
    log = DecisionLog(str(folder))
    log.load()
    assert "not a regular file" in log.problems[0]
    with pytest.raises(OSError, match="not a regular file"):
        log.add(_decision())


def _write_log(root: Path, data: bytes) -> None:
    (root / FOLDER).mkdir(exist_ok=True)
    (root / FOLDER / FILE).write_bytes(data)


def test_deeply_nested_line_is_skipped_and_the_rest_applies(folder: Path) -> None:
    """Attack 6: a 100,000-deep JSON line raised RecursionError, and the dashboard then
    said there were no suspected duplicates."""
    deep = b'{"decision": "distinct", "id": "x", "members": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    good = json.dumps(LINE).encode()
    _write_log(folder, good + b"\n" + deep + b"\n" + json.dumps({**LINE, "id": "d-3"}).encode() + b"\n")
    log = DecisionLog(str(folder))
    log.load()
    assert [d.id for d in log.decisions] == ["d-1", "d-3"]
    assert log.problems == [f"{FOLDER}/{FILE}:2: skipped an unreadable line (not JSON)"]


@pytest.mark.parametrize("junk", [b"{", b'{""}', b'{"a": 1}', b'{"decision""id"}', b"[[[[[[[[", b"\xff\xfe junk"])
def test_five_megabytes_of_junk_lines_are_reported_once(folder: Path, junk: bytes) -> None:
    """Attack 6: 5 MB of junk lines took 30 s and printed 2.5 million warnings."""
    lines = [
        json.dumps(LINE).encode(),
        *[junk] * (5_000_000 // (len(junk) + 1)),
        json.dumps({**LINE, "id": "d-9"}).encode(),
    ]
    _write_log(folder, b"\n".join(lines) + b"\n")
    measured = measure(
        "from tui.core.dupes.decisions import DecisionLog",
        f"log = DecisionLog({str(folder)!r}); log.load(); result = [log.problems, [d.id for d in log.decisions]]",
    )
    measured.within_bounds()
    problems, ids = measured.result
    assert ids == ["d-1", "d-9"]
    assert len(problems) == 1 and problems[0].startswith(
        f"{FOLDER}/{FILE}:2: skipped {len(lines) - 2} unreadable lines"
    )


def test_a_log_over_the_size_limit_is_read_from_its_newest_lines(folder: Path) -> None:
    """A log bigger than `MAX_LOG_BYTES` costs no more than one of that size: its last
    `MAX_LOG_BYTES` are read (the newest decisions) and the rest is reported."""
    old = json.dumps({**LINE, "id": "old"}).encode() + b"\n"
    new = json.dumps({**LINE, "id": "new"}).encode() + b"\n"
    _write_log(folder, old + b"\n" * MAX_LOG_BYTES + new)
    log = DecisionLog(str(folder))
    log.load()
    assert [d.id for d in log.decisions] == ["new"]
    assert len(log.problems) == 1 and "only its newest decisions were read" in log.problems[0]


def test_lines_of_the_wrong_shape_are_counted_not_trusted(folder: Path) -> None:
    """Types are checked field by field: a member list, a flag that is text, an edit
    whose line is a number are all skipped, and counted once."""
    bad = [
        {**LINE, "members": ["a.md", "b.md"]},
        {**LINE, "edits": [{"id": "a.md", "was": "yes", "now": False}]},
        {**LINE, "edits": [{"id": "a.md", "was": True, "now": False, "before": 1}]},
        {**LINE, "canonical": {"x": 1}},
        {"decision": "undo", "id": "u", "undoes": ["d-1"]},
        {**LINE, "decision": "rm -rf"},
    ]
    _write_log(folder, b"".join(json.dumps(b).encode() + b"\n" for b in [*bad, LINE]))
    log = DecisionLog(str(folder))
    log.load()
    assert [d.id for d in log.decisions] == ["d-1"] and log.active() == log.decisions
    assert log.problems == [
        f"{FOLDER}/{FILE}:1: skipped 6 unreadable lines (the first: members must map story ids to fingerprints)"
    ]
