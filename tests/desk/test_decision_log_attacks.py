"""The decision log is data, never bytes to write back (docs: the folder is untrusted).

`.newsdesk/decisions.jsonl` travels with the folder through git, so anyone can write a
line of it. Undo used to replay the `before` line a decision recorded; the check before
writing compared only the front matter's data, so a `before` of
`published: true\\n---\\n<iframe ...>` closed the front matter early and put an iframe
into the story's body. Undo now works the edits out from the files as they are.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.desk.conftest import Recorder, files
from tui.core.format.decode import parse_story
from tui.desk import Desk

MakeDesk = Callable[..., tuple[Desk, Recorder]]
IFRAME = '<iframe src="https://evil.example/x"></iframe>'
CRAFTED_BEFORE = f"published: true\n---\n{IFRAME}"


def _log(root: Path) -> Path:
    return root / ".newsdesk" / "decisions.jsonl"


def _loaded(make_desk: MakeDesk, root: Path) -> Desk:
    desk, _ = make_desk(root, watch=False, follow=False)
    desk.load()
    assert desk.find_duplicates()
    return desk


def _no_iframe_anywhere(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.parent.name != ".newsdesk":
            assert b"iframe" not in path.read_bytes(), path


def _published(path: Path) -> bool:
    story, problems = parse_story(path.name, path.read_bytes())
    assert story is not None, problems
    return story.published


@pytest.mark.parametrize("restart", [False, True], ids=["same-session", "after-restart"])
def test_crafted_before_line_in_the_log_injects_no_iframe_on_undo(
    dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk, restart: bool
) -> None:
    root, before = dupes_folder
    desk = _loaded(make_desk, root)
    key = desk.finder.cluster_of("a.md").key  # type: ignore[union-attr]
    # Keep c: a (which had no published line) gets one inserted as the front matter's
    # last line, where a `---` in a replayed line would close it.
    assert desk.decide_duplicate(key, "c.md").ok
    assert files(root)["a.md"].endswith(b"published: false\n---\n")
    record = json.loads(_log(root).read_text())
    for edit in record["edits"]:
        if edit["id"] == "a.md":
            edit["before"] = CRAFTED_BEFORE  # the attacker's commit
    _log(root).write_text(json.dumps(record) + "\n")
    if restart:
        desk = _loaded(make_desk, root)
    outcome = desk.undo_decision()
    assert outcome.ok, outcome.message
    _no_iframe_anywhere(root)
    after = files(root)
    assert after["b.md"] == before["b.md"] and after["c.md"] == before["c.md"]
    # a is published again, by the normal edit of the line it has now.
    assert after["a.md"] == before["a.md"][:-4] + b"published: true\n---\n" and _published(root / "a.md")
    assert desk.finder.cluster_of("a.md").decision is None  # type: ignore[union-attr]


def _crafted(kind: str, members: list[str], edits: list[dict[str, object]]) -> str:
    return json.dumps(
        {
            "decision": kind,
            "at": "2026-01-01T00:00:00Z",
            "id": "20260101T000000-deadbeef",
            "members": dict.fromkeys(members, "0" * 16),
            "cluster": "c0ffee",
            "label": "crafted",
            "edits": edits,
        }
    )


def test_a_crafted_duplicates_decision_only_sets_flags_back_on_its_own_members(
    dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk, tmp_path: Path
) -> None:
    root, before = dupes_folder
    outside = tmp_path / "outside.md"
    outside.write_bytes(before["b.md"])
    _log(root).parent.mkdir()
    _log(root).write_text(
        _crafted(
            "duplicate",
            ["a.md", "b.md", "c.md"],
            [
                # c is unpublished: "undoing" publishes it, with the line its file has now.
                {"id": "c.md", "was": True, "now": False, "before": CRAFTED_BEFORE, "after": "published: false"},
                {"id": "f.md", "was": False, "now": True, "before": CRAFTED_BEFORE, "after": None},  # not a member
                {"id": "../outside.md", "was": False, "now": True, "before": CRAFTED_BEFORE, "after": None},
            ],
        )
        + "\n"
    )
    desk = _loaded(make_desk, root)
    outcome = desk.undo_decision()
    assert outcome.ok and outcome.changed == ("c.md",), outcome
    _no_iframe_anywhere(root)
    after = files(root)
    assert after["c.md"] == before["c.md"].replace(b"published: false", b"published: true")
    assert {sid for sid in after if after[sid] != before[sid]} == {"c.md"}
    assert outside.read_bytes() == before["b.md"]


def test_undo_of_a_crafted_distinct_decision_writes_no_file(
    dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk
) -> None:
    """A "not duplicates" decision never touched a file, whatever edits its line lists."""
    root, before = dupes_folder
    _log(root).parent.mkdir()
    _log(root).write_text(
        _crafted(
            "distinct",
            ["a.md", "b.md", "c.md"],
            [
                # a has no published line (published): the old undo inserted `before` at the close.
                {"id": "a.md", "was": False, "now": True, "before": CRAFTED_BEFORE, "after": None},
            ],
        )
        + "\n"
    )
    stamps = {p.name: p.stat().st_mtime_ns for p in root.glob("*.md")}
    desk = _loaded(make_desk, root)
    outcome = desk.undo_decision()
    assert outcome.ok and outcome.changed == () and "not duplicates" in outcome.message
    _no_iframe_anywhere(root)
    assert files(root) == before
    assert {p.name: p.stat().st_mtime_ns for p in root.glob("*.md")} == stamps
    assert [json.loads(line)["decision"] for line in _log(root).read_text().splitlines()] == ["distinct", "undo"]
