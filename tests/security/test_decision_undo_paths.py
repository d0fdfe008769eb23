"""Undoing a duplicate decision reads and locks its stories by the folder's rules (issue
#13, attack 3): a sub-folder swapped for a link out of the folder after loading is
refused at the undo, and the file it leads to is neither read as a story nor written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.security.hostile import snapshot, story
from tui.core.dupes.decision_record import Decision, FlagEdit
from tui.core.dupes.revert import reverting
from tui.core.store.records import EditOutcome
from tui.core.store.store import Store


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "stories"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "x.md").write_bytes(story("Unpublished by a decision", published=False))
    (folder / "y.md").write_bytes(story("The copy that was kept", url="https://example.com/y"))
    return folder


def _decision() -> Decision:
    edit = FlagEdit("sub/x.md", was=True, now=False, before="published: true", after="published: false")
    members = (("sub/x.md", "f1"), ("y.md", "f2"))
    return Decision("d1", "duplicate", "2024-05-01T10:00:00Z", "c1", members, canonical="y.md", edits=(edit,))


def test_undo_through_a_sub_folder_swapped_for_an_outside_link_is_refused(tmp_path: Path, root: Path) -> None:
    store = Store(str(root))
    store.load()
    assert store.stories["sub/x.md"].published is False
    outside = tmp_path / "outside"
    shutil.move(str(root / "sub"), str(outside))  # the attacker's commit: sub -> a folder elsewhere
    (root / "sub").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside / "x.md")
    found = reverting(store, _decision())
    assert isinstance(found, EditOutcome) and not found.ok, found
    assert "Nothing was changed" in found.message and "symlink" in found.message
    assert snapshot(outside / "x.md") == before


def test_undo_inside_the_folder_still_works(root: Path) -> None:
    """The allowed case: the same decision, the folder untouched, gives the edit back."""
    store = Store(str(root))
    store.load()
    found = reverting(store, _decision())
    assert found is not None and not isinstance(found, EditOutcome), found
    assert [e.id for e in found.edits] == ["sub/x.md"]
