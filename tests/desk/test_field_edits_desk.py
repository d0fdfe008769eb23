"""Issue 16's edits through the desk: on the writer thread, one undo step each, undone by the desk.

The dashboard submits them (`submit_tag`, `submit_set_field`, `submit_plan`); a script
calls them directly. Either way the files are the truth: each step is undone byte for
byte by `desk.undo`, and the editor's own editor's save is read back by `reread`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.desk.conftest import Recorder
from tui.core.store import field_edits as fe
from tui.desk import Desk, EditDone
from tui.desk import field_edits as desk_edits

S0, S1 = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt"
MakeDesk = Callable[..., tuple[Desk, Recorder]]


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def test_submitted_edits_are_one_undo_step_each(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()
    original = files(seeds_copy)
    assert desk_edits.submit_tag(desk, [S0, S1], add=["Privacy"], clear_marks=True)
    assert desk_edits.submit_set_field(desk, [S0], "title", "Fixed: a #1 headline")
    assert desk_edits.submit_plan(desk, fe.plan_rename(desk.store, "AI", "A.I."))
    assert desk.wait_idle(30)
    done = seen.of(EditDone)
    assert [e.outcome.ok for e in done] == [True, True, True], [e.outcome.message for e in done]
    assert [e.clear_marks for e in done] == [True, False, False]
    story = desk.store.get(S0)
    assert story is not None and story.title == "Fixed: a #1 headline"
    assert story.topics == ("Computer Vision", "A.I.", "Privacy")
    for _ in range(3):
        assert desk.submit(desk.undo)
    assert desk.wait_idle(30)
    assert all(e.outcome.ok for e in seen.of(EditDone))
    assert files(seeds_copy) == original


def test_direct_calls_and_reread(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, _ = make_desk(seeds_copy, watch=False)
    desk.load()
    original = files(seeds_copy)
    outcome = desk_edits.set_field(desk, [S0, "nope.txt"], "heat", "3")
    assert not outcome.ok and files(seeds_copy) == original
    path = seeds_copy / S0
    path.write_bytes(path.read_bytes().replace(b"\nheat: 79\n", b"\nheat: 12\n"))  # an editor saved it
    desk_edits.reread(desk, [S0])
    story = desk.store.get(S0)
    assert story is not None and story.heat == 12
    path.write_bytes(b"---\ntitle: [broken\n---\n")
    desk_edits.reread(desk, [S0])
    assert desk.store.get(S0) is None and S0 in desk.store.problems


def test_the_desk_has_the_edits_as_methods(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, _ = make_desk(seeds_copy, watch=False)
    desk.load()
    original = files(seeds_copy)
    assert desk.tag([S0], add=["Privacy"]).ok
    assert desk.set_field([S0], "type", "video").ok
    assert desk.apply_topic_plan(fe.plan_delete(desk.store, "Computer Vision")).ok
    assert desk.undo().ok and desk.undo().ok and desk.undo().ok
    assert files(seeds_copy) == original
