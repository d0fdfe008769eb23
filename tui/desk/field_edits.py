"""Topic and field edits through the desk: one undo step each, serialised with every edit.

Issue 16's edits (tag stories, set a headline or `quality`, rename, merge or delete a
topic across the folder) are written by `tui.core.store.field_edits`, which already
makes each one all-or-nothing and one step of the store's history. What the desk adds
is the order: each runs under the desk's edit lock, so a script calling from two
threads or the dashboard's writer thread never interleaves two steps, and undo and
redo (the desk's, which keeps duplicates decisions in step) see them as any other.

These are functions over a `Desk` plus `FieldEditsMixin`, which exposes them as desk
methods once `Desk` inherits it; the dashboard submits them to the writer thread
(`submit_*` below) so a key press never waits for a disk.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from tui.core.store import field_edits as fe
from tui.core.store import restore
from tui.core.store.records import EditOutcome

if TYPE_CHECKING:
    from tui.desk.desk import Desk

Held = tuple[bytes | None, int | None]  # a file's bytes and mode (None, None: no file)


def tag(desk: Desk, ids: Collection[str], add: Sequence[str] = (), remove: Sequence[str] = ()) -> EditOutcome:
    """Add and remove topics on the stories: every file or none; one undo step."""
    with desk._edit_lock:
        return fe.tag(desk.store, ids, add, remove)


def set_field(desk: Desk, ids: Collection[str], field: str, value: str | int) -> EditOutcome:
    """Set title, excerpt, type, category, quality or heat on the stories: one undo step."""
    with desk._edit_lock:
        return fe.set_field(desk.store, ids, field, value)


def apply_plan(desk: Desk, plan: fe.TopicPlan) -> EditOutcome:
    """A previewed folder-wide rename, merge or delete: one undo step.

    The plan names the stories it counted; a story that gained the old topic since
    (an outside edit) is not in it, which is what the preview promised."""
    with desk._edit_lock:
        return fe.apply_plan(desk.store, plan)


def outside_edit(desk: Desk, sid: str, before: Held, after: Held, label: str) -> EditOutcome:
    """The editor's own editor changed story `sid` from `before` to `after` ((bytes,
    mode), read around its run): one undo step of the whole file, in order with every
    other edit (`restore.record`; nothing is written). Undo puts `before` back only
    while the file still holds `after`."""
    with desk._edit_lock:
        recorded = restore.record(desk.store, sid, before, after, label)
    if not recorded:
        return EditOutcome(True, "The editor left the file as it was")
    return EditOutcome(True, label, (sid,))


def reread(desk: Desk, ids: Collection[str]) -> None:
    """Read these files again through the folder sync, as for any outside edit (the
    editor's own editor saved them): problems are reported the same way."""
    desk._sync.on_change(set(ids), set())


def submit_tag(
    desk: Desk, ids: Collection[str], add: Sequence[str] = (), remove: Sequence[str] = (), *, clear_marks: bool = False
) -> bool:
    targets = tuple(ids)
    return desk.submit(lambda: tag(desk, targets, add, remove), clear_marks=clear_marks)


def submit_set_field(
    desk: Desk, ids: Collection[str], field: str, value: str | int, *, clear_marks: bool = False
) -> bool:
    targets = tuple(ids)
    return desk.submit(lambda: set_field(desk, targets, field, value), clear_marks=clear_marks)


def submit_plan(desk: Desk, plan: fe.TopicPlan) -> bool:
    return desk.submit(lambda: apply_plan(desk, plan))


class FieldEditsMixin:
    """The functions above as desk methods (`desk.tag(...)`), for a class that is a Desk."""

    def tag(self, ids: Collection[str], add: Sequence[str] = (), remove: Sequence[str] = ()) -> EditOutcome:
        return tag(self._as_desk(), ids, add, remove)

    def set_field(self, ids: Collection[str], field: str, value: str | int) -> EditOutcome:
        return set_field(self._as_desk(), ids, field, value)

    def apply_topic_plan(self, plan: fe.TopicPlan) -> EditOutcome:
        return apply_plan(self._as_desk(), plan)

    def reread(self, ids: Collection[str]) -> None:
        reread(self._as_desk(), ids)

    def _as_desk(self) -> Desk:
        from tui.desk.desk import Desk

        assert isinstance(self, Desk)
        return self
