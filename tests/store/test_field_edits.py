"""Folder-wide topic edits and field edits through the store: all or nothing, one undo step.

Every assertion reads the files (they are the truth): a rename across 40 stories
changes each by the minimum lines and undo restores every byte; a failure anywhere
changes no file.
"""

from __future__ import annotations

import difflib
import errno
import shutil
from collections.abc import Collection, Sequence
from pathlib import Path

import pytest

from tests.format.jekyll import psych_load
from tests.helpers.paths import SEED_FILES
from tui.core.disk import atomic
from tui.core.format.frontmatter import parse
from tui.core.store import field_edits as fe
from tui.core.store.store import Store

BLOCK = b"topics:\n  - Computer Vision\n  - AI\n"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def changed_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """Lines removed and lines added, from a line diff."""
    gone, came = [], []
    for line in difflib.unified_diff(old.decode("utf-8-sig").split("\n"), new.decode("utf-8-sig").split("\n"), n=0):
        if line.startswith("-") and not line.startswith("---"):
            gone.append(line[1:])
        elif line.startswith("+") and not line.startswith("+++"):
            came.append(line[1:])
    return gone, came


def _variant(i: int) -> bytes:
    """A seed reshaped: its topics list in one of the ways real files write it."""
    raw = SEED_FILES[i % len(SEED_FILES)].read_bytes()
    topics_at = raw.index(b"\ntopics:\n") + 1
    end = raw.index(b"\n\n", topics_at) + 1
    shape = i % 5
    if shape == 0:
        new = b"topics:\n  - Computer Vision\n  - A.I.\n"
    elif shape == 1:
        new = b"topics:\n  - A.I.\n  - AI\n"  # already has the new name
    elif shape == 2:
        new = b"topics: [Computer Vision, 'A.I.']  # from the feed\n"
    elif shape == 3:
        new = b'topics:\n    # picked by hand\n    -   "A.I."\n'
    else:
        new = b"topics: [AI, A.I.]\n"
    raw = raw[:topics_at] + new + raw[end:]
    raw = raw.replace(b"\ntitle: ", f"\ntitle: Story {i} - ".encode(), 1)  # unique stories
    if i % 3 == 1:
        raw = raw.replace(b"\n", b"\r\n")
    if i % 7 == 2:
        raw = b"\xef\xbb\xbf" + raw
    return raw


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """40 stories carrying 'A.I.' in five list shapes, and 5 seeds that do not."""
    root = tmp_path / "news"
    root.mkdir()
    for i in range(40):
        (root / f"s{i:02}.md").write_bytes(_variant(i))
    for seed in SEED_FILES:
        shutil.copyfile(seed, root / seed.name)
    return root


def loaded(root: Path) -> Store:
    store = Store(str(root))
    store.load()
    assert not store.errors()
    return store


def test_rename_across_40_stories_changes_each_by_the_minimum_lines_and_undo_restores_every_byte(folder: Path) -> None:
    store = loaded(folder)
    before = snapshot(folder)
    plan = fe.plan_rename(store, "A.I.", "AI")
    assert plan.preview == "rename 'A.I.' to 'AI': 40 stories, 16 already have 'AI'"
    outcome = fe.apply_plan(store, plan)
    assert outcome.ok, outcome.message
    assert len(outcome.changed) == 40
    after = snapshot(folder)
    changed = [name for name in before if before[name] != after[name]]
    assert sorted(changed) == [f"s{i:02}.md" for i in range(40)]
    for name in changed:
        gone, came = changed_lines(before[name], after[name])
        had_ai = "AI" in parse(before[name]).data["topics"]
        if had_ai and not gone[0].startswith("topics: ["):
            assert len(gone) == 1 and came == [], "the old item's line goes"
        else:
            assert len(gone) == 1 and len(came) == 1, "the item's line is rewritten"
        assert parse(after[name]).data["topics"].count("AI") == 1
        assert {k: v for k, v in parse(after[name]).data.items() if k != "topics"} == {
            k: v for k, v in parse(before[name]).data.items() if k != "topics"
        }
    assert "A.I." not in dict(store.topics()) and dict(store.topics())["AI"] == 40 + 5  # and the 5 seeds
    assert store.last_step is not None and store.last_step.label == "Renamed topic 'A.I.' to 'AI' in 40 stories"
    undone = store.undo()
    assert undone.ok and snapshot(folder) == before
    assert dict(store.topics())["A.I."] == 40
    assert store.redo().ok and snapshot(folder) == after


def test_adding_a_topic_to_ten_marked_stories_reads_the_same_for_jekyll(folder: Path) -> None:
    (folder / "absent.md").write_bytes(b"---\ntitle: No topics\ntype: article\n---\nBody\n")
    (folder / "empty.md").write_bytes(b"---\r\ntitle: Empty\r\ntopics: []\r\n---\r\n")
    store = loaded(folder)
    marked = ["absent.md", "empty.md", *(f"s{i:02}.md" for i in range(8))]
    before = snapshot(folder)
    outcome = fe.add_topic(store, marked, "Privacy: Policy")
    assert outcome.ok and sorted(outcome.changed) == sorted(marked)
    after = snapshot(folder)
    assert [n for n in before if before[n] != after[n]] == sorted(marked)
    for name in marked:
        old, new = parse(before[name]).data, parse(after[name]).data
        assert new["topics"] == [*(old.get("topics") or []), "Privacy: Policy"]
        assert {k: v for k, v in new.items() if k != "topics"} == {k: v for k, v in old.items() if k != "topics"}
        gone, came = changed_lines(before[name], after[name])
        assert len(came) <= 2 and len(gone) <= 1
        assert "Privacy: Policy" in store.stories[name].topics
    if shutil.which("ruby"):
        for name, data in zip(
            marked, psych_load([after[n].removeprefix(b"\xef\xbb\xbf") for n in marked]), strict=True
        ):
            assert data["topics"] == parse(after[name]).data["topics"]
    assert store.undo().ok and snapshot(folder) == before


def test_one_unknown_id_changes_no_file(folder: Path) -> None:
    store = loaded(folder)
    before = snapshot(folder)
    outcome = fe.add_topic(store, ["s00.md", "nope.md"], "Privacy")
    assert not outcome.ok and outcome.failures == (("nope.md", "unknown story"),)
    assert snapshot(folder) == before and not store.can_undo


def test_a_story_that_no_longer_parses_rolls_back_the_files_already_written(folder: Path) -> None:
    store = loaded(folder)
    (folder / "s05.md").write_bytes(b"---\ntitle: [broken\n---\n")  # after loading, before the edit
    before = snapshot(folder)
    outcome = fe.rename_topic(store, "A.I.", "AI")
    assert not outcome.ok and "Nothing was changed" in outcome.message
    assert outcome.failures[0][0] == "s05.md"
    assert snapshot(folder) == before and not store.can_undo


def test_a_failed_write_rolls_back(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = loaded(folder)
    before = snapshot(folder)

    def full_disk(tmp: str) -> None:
        if "s30" in tmp:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "before_replace", full_disk)
    outcome = fe.set_field(store, [f"s{i:02}.md" for i in range(40)], "type", "video")
    assert not outcome.ok and outcome.failures[0][0] == "s30.md"
    assert snapshot(folder) == before
    assert {store.stories[f"s{i:02}.md"].type for i in range(40)} == {"article"}


def test_undo_refuses_when_someone_else_rewrote_a_list_and_changes_nothing(folder: Path) -> None:
    store = loaded(folder)
    assert fe.rename_topic(store, "A.I.", "AI").ok
    path = folder / "s00.md"
    path.write_bytes(path.read_bytes().replace(b"  - AI\n", b"  - AI\n  - Theirs\n"))
    store.reload("s00.md")
    before = snapshot(folder)
    outcome = store.undo()
    assert not outcome.ok and "changed elsewhere" in outcome.message
    assert snapshot(folder) == before


def test_headline_fix_with_quotes_a_colon_and_a_hash(folder: Path) -> None:
    store = loaded(folder)
    name = SEED_FILES[0].name
    before = snapshot(folder)
    headline = 'Massachusetts "homes in": it\'s #1 on facial recognition'
    old_title = fe.quoted(store.stories[name].title)
    outcome = fe.set_field(store, [name], "title", headline)
    assert outcome.ok, outcome.message
    assert store.stories[name].title == headline
    # the story is named by the title it had: "Set title of 'New' to 'New'" told nothing
    assert outcome.message == f"Set title of {old_title} to {fe.quoted(headline)}"
    after = snapshot(folder)
    gone, came = changed_lines(before[name], after[name])
    assert gone == ['title: "Massachusetts Homes in on Facial Recognition Accountability"']
    assert came == ['title: "Massachusetts \\"homes in\\": it\'s #1 on facial recognition"']
    assert [n for n in before if before[n] != after[n]] == [name]
    assert store.undo().ok and snapshot(folder) == before


def test_number_fields_take_whole_numbers(folder: Path) -> None:
    store = loaded(folder)
    before = snapshot(folder)
    bad = fe.set_field(store, ["s00.md"], "quality", "high")
    assert not bad.ok and "whole number" in bad.message and snapshot(folder) == before
    assert fe.set_field(store, ["s00.md", "s01.md"], "heat", "-1").ok
    assert store.stories["s00.md"].heat == -1 and store.stories["s01.md"].heat == -1
    assert not fe.set_field(store, ["s00.md"], "secured", "x").ok


def test_tag_adds_and_removes_in_one_step(folder: Path) -> None:
    store = loaded(folder)
    before = snapshot(folder)
    outcome = fe.tag(store, ["s00.md", "s02.md"], add=["Privacy"], remove=["A.I."])
    assert outcome.ok and outcome.message == "Topics of 2 stories: added 'Privacy' and removed 'A.I.'"
    assert store.stories["s00.md"].topics == ("Computer Vision", "Privacy")
    assert store.stories["s02.md"].topics == ("Computer Vision", "Privacy")
    assert not fe.tag(store, ["s00.md"], add=["X"], remove=["X"]).ok
    assert "already has topic 'Privacy': nothing to change" in fe.add_topic(store, ["s00.md"], "Privacy").message
    assert store.undo().ok and snapshot(folder) == before


def test_merge_and_delete_previews(folder: Path) -> None:
    store = loaded(folder)
    plan = fe.plan_merge(store, "Artificial Intelligence", ["A.I.", "AI"])
    assert plan.preview == "merge 'A.I.', 'AI' into 'Artificial Intelligence': 45 stories"
    assert fe.apply_plan(store, plan).ok
    assert dict(store.topics())["Artificial Intelligence"] == 45
    assert "AI" not in dict(store.topics())
    assert fe.plan_delete(store, "Nope").preview == "delete 'Nope': no story has it"
    deleted = fe.delete_topic(store, "Computer Vision")
    assert deleted.ok and "Computer Vision" not in dict(store.topics())


def test_topic_counts_and_merge_candidates(tmp_path: Path) -> None:
    topics = {
        "a.md": ["AI", "Elections"],
        "b.md": ["AI", "C++"],
        "c.md": ["A.I.", "Election"],
        "d.md": ["ai", "C#", "Artificial Intelligence"],
        "e.md": ["News", "New"],
    }
    for name, names in topics.items():
        items = "".join(f"  - '{t}'\n" for t in names)
        (tmp_path / name).write_text(f"---\ntitle: {name}\ntopics:\n{items}---\n", encoding="utf-8")
    store = loaded(tmp_path)
    assert fe.topic_counts(store)[:2] == [("AI", 2), ("A.I.", 1)]
    assert fe.topic_counts(store, by="name")[0] == ("A.I.", 1)
    found = fe.merge_candidates(store)
    assert [c.topics for c in found] == [
        (("AI", 2), ("A.I.", 1), ("ai", 1)),
        (("Election", 1), ("Elections", 1)),
    ]
    assert found[0].text == "merge 'A.I.' (1), 'ai' (1) into 'AI' (2)?"
    assert found[0].target == "AI" and found[0].others == ("A.I.", "ai")


def test_hostile_topic_names_are_shown_as_bounded_text(folder: Path) -> None:
    store = loaded(folder)
    nasty = "[bold]x\x1b[31m" + "y" * 500
    plan = fe.plan_rename(store, "A.I.", nasty)
    assert "\x1b" not in plan.preview and len(plan.preview) < 200
    assert fe.apply_plan(store, plan).ok
    assert nasty in store.stories["s00.md"].topics


def test_an_unexpected_failure_part_way_changes_no_file(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = loaded(folder)
    before = snapshot(folder)
    real = fe.list_edits.change_topics
    calls: list[bytes] = []

    def flaky(raw: bytes, add: Sequence[str] = (), remove: Collection[str] = ()) -> object:
        calls.append(raw)
        if len(calls) == 3:
            raise RuntimeError("a bug")
        return real(raw, add, remove)

    monkeypatch.setattr(fe.list_edits, "change_topics", flaky)
    outcome = fe.add_topic(store, [f"s{i:02}.md" for i in range(10)], "Privacy")
    assert not outcome.ok and "RuntimeError" in outcome.message
    assert snapshot(folder) == before and not store.can_undo
