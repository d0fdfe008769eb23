"""Whole files put back as one undoable step: discarding a story's uncommitted change.

Every other edit changes a line or an entry and records just that (`LineChange`,
`EntryChange`). Discarding a change (issue 15) puts back the file git has committed,
whatever the editor changed: a title fix, topics, the body, a story deleted by hand, a
new story never committed. Its undo step records the whole file before and after
(`FileSwap`: bytes, or None for no file), and undo and redo put those bytes back only
while the file still holds exactly what the step left (else they refuse and say so,
as every undo does when someone else edited the file since).

The files are written by `disk.swap` (the story's lock, atomic replacement, creation
that never overwrites, removal only of the bytes checked); memory follows through the
store's own `sync_files`, as for a change the folder watcher reports, so a story that
comes back is listed again and one removed leaves the list.

Functions over a `Store`, as field_edits.py is: they use its lock and undo history.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.disk.swap import Check, swap
from tui.core.format.decode import parse_story
from tui.core.format.edits import EditError, LineChange
from tui.core.format.literal import cut, one_line
from tui.core.format.wording import quoted
from tui.core.store.records import DiskState, EditOutcome, EditStep, FileEdit

if TYPE_CHECKING:
    from tui.core.store.store import Store


@dataclass(frozen=True, slots=True)
class FileSwap(LineChange):
    """A whole file from `old` to `new` (None: no file), with the permission bits each
    had (a file brought back by undo gets its own mode again). `before`/`after`, the
    published lines of a `LineChange`, are not used (None)."""

    old: bytes | None = None
    new: bytes | None = None
    old_mode: int | None = None
    new_mode: int | None = None

    def inverse(self) -> FileSwap:
        return FileSwap(None, None, self.new, self.old, self.new_mode, self.old_mode)

    def replay(self, raw: bytes) -> bytes:
        """For a caller that replays it as a line change (the file must exist on both sides)."""
        exactly(self.old)(raw)
        if self.new is None:
            raise EditError("the story would be removed; left as it is")
        return self.new


# (check the bytes there now, the bytes to put (None: remove the file), mode of a new file)
Plan = tuple[Check, bytes | None, int | None]


def exactly(expected: bytes | None) -> Check:
    """A check that passes only when the file holds exactly `expected` (None: no file)."""

    def check(raw: bytes | None) -> None:
        if raw == expected:
            return
        if raw is None:
            raise EditError("the story file was deleted since; left as it is")
        if expected is None:
            raise EditError("a file was created at that name since; left as it is")
        raise EditError("the story was changed on disk since; left as it is")

    return check


def restore(store: Store, plans: Mapping[str, Plan], label: Callable[[list[str]], str]) -> EditOutcome:
    """Put each file as its plan says: all files or none, one undo step named by `label`."""
    with store._lock:
        done, states, failure = _swap_all(store, [(sid, plan) for sid, plan in plans.items()])
        if failure is None and done:
            store._undo.append(EditStep(label([e.id for e in done]), tuple(done)))
            store._redo.clear()
    _follow(store, states)
    if failure is not None:
        sid, reason = failure
        return EditOutcome(
            False, f"Could not put back {_named(store, sid)}: {reason}. Nothing was changed.", failures=(failure,)
        )
    ids = tuple(e.id for e in done)
    return EditOutcome(True, label(list(ids)) if ids else "Nothing to put back: the files are as committed", ids)


def record(
    store: Store, sid: str, before: tuple[bytes | None, int | None], after: tuple[bytes | None, int | None], label: str
) -> bool:
    """One undo step for a change written outside the desk's writer (the editor's own
    editor, issue 16): the file's (bytes, mode) before and after it. Nothing is written
    here; undo puts `before` back only while the file still holds `after` (someone who
    changed it again since keeps their change, and undo says so), and redo the other way.
    False (no step) when the bytes did not change."""
    if before[0] == after[0]:
        return False
    change = FileSwap(None, None, before[0], after[0], before[1], after[1])
    with store._lock:
        store._undo.append(EditStep(label, (FileEdit(sid, change),)))
        store._redo.clear()
    return True


def replay_step(store: Store, step: EditStep, undo: bool) -> EditOutcome:
    """Undo (or redo) a step of whole files: each file back only if it is as the step left it."""
    items: list[tuple[str, Plan]] = []
    for e in step.edits:
        change = e.change.inverse() if undo else e.change
        if not isinstance(change, FileSwap):  # pragma: no cover - steps are never mixed
            raise TypeError("a step of whole files holds a line change")
        items.append((e.id, (exactly(change.old), change.new, change.new_mode)))
    with store._lock:
        done, states, failure = _swap_all(store, items)
    _follow(store, states)
    if failure is not None:
        action = "undo" if undo else "redo"
        return EditOutcome(
            False, f"Cannot {action} {quoted(step.label)}: {failure[1]}. Nothing was changed.", failures=(failure,)
        )
    return EditOutcome(True, f"{'Undid' if undo else 'Redid'}: {step.label}", tuple(e.id for e in done))


def is_swap_step(step: EditStep) -> bool:
    return bool(step.edits) and isinstance(step.edits[0].change, FileSwap)


_Written = tuple[str, bytes | None, int | None]  # (id, bytes now on disk or None, mtime)


def _swap_all(
    store: Store, items: list[tuple[str, Plan]]
) -> tuple[list[FileEdit], list[_Written], tuple[str, str] | None]:
    """Swap each file in turn; on a refusal, put back those already swapped."""
    done: list[FileEdit] = []
    written: list[_Written] = []
    for sid, (check, new, mode) in items:
        try:
            got = swap(store.root, sid, check, new, mode=mode)
        except EditError as exc:
            written += _rollback(store, done)
            return [], written, (sid, str(exc))
        if got.found == new:
            continue  # already as wanted: nothing to record
        new_mode = got.found_mode if (new is not None and got.found is not None) else mode
        done.append(FileEdit(sid, FileSwap(None, None, got.found, new, got.found_mode, new_mode)))
        written.append((sid, new, got.mtime_ns))
    return done, written, None


def _rollback(store: Store, done: list[FileEdit]) -> list[_Written]:
    back: list[_Written] = []
    for item in reversed(done):
        change = item.change
        assert isinstance(change, FileSwap)
        try:
            got = swap(store.root, item.id, exactly(change.new), change.old, mode=change.old_mode)
        except EditError:
            continue  # someone else changed it meanwhile; their bytes win
        back.append((item.id, change.old, got.mtime_ns))
    return back


def _follow(store: Store, written: list[_Written]) -> None:
    """Memory follows the files, as for a change the watcher reports (outside the lock)."""
    if not written:
        return
    states = []
    for sid, raw, mtime in written:
        if raw is None:
            states.append(DiskState(sid, None, (), False))
            continue
        story, problems = parse_story(sid, raw, mtime or 0)
        states.append(DiskState(sid, story, tuple(problems), True))
    store.sync_files(states)


def _named(store: Store, sid: str) -> str:
    story = store.get(sid)
    title = story.title if story is not None and story.title else sid
    return "“" + cut(one_line(title), 80) + "”"
