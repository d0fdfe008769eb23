"""Undoing a duplicates decision on the files: the edits worked out from the files now.

The decision log travels with the folder through git, so anyone can write a line of
it (docs: the folder is untrusted). A decision's line records each file's `published`
line before and after, and undo used to write the recorded `before` back; the check
before writing compares only the front matter's data, so a crafted `before` of
`published: true\\n---\\n<iframe ...>` closed the front matter early and put markup in
the story's body. So nothing recorded is ever written: from a line only the direction
is taken (which member story, from which flag to which), each new line is what the
normal publish edit writes for the file as it is now (the author's spelling kept),
and the store writes it through its usual path, which checks again that the file
still holds the line it was computed from.
"""

from __future__ import annotations

from tui.core.disk.atomic import lock_story
from tui.core.dupes.decision_record import Decision
from tui.core.format.edits import EditError, LineChange, set_published
from tui.core.format.literal import one_line
from tui.core.store.store import EditOutcome, EditStep, FileEdit, Store


def reverting(store: Store, decision: Decision) -> EditStep | EditOutcome | None:
    """The step that sets back each flag `decision` changed, for its member stories
    still as it left them (as a step recorded by the edit it reverts: undoing it
    writes the old lines); None when there is nothing to write, an outcome when a
    file cannot be read. On top of this session's history it equals the decision's
    own step, so the store's plain undo runs."""
    stories = store.stories
    members = decision.ids
    edits: list[FileEdit] = []
    seen: set[str] = set()
    for e in decision.edits:
        story = stories.get(e.id)
        if e.id in seen or e.id not in members or story is None or e.was == e.now or story.published != e.now:
            continue
        seen.add(e.id)
        try:
            # A line the decision inserted where there was none (absent: published).
            inserted = e.after if e.before is None and e.was else None
            change = _flag_back(store.path(e.id), e.was, inserted=inserted, root=store.root)
        except (EditError, OSError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            title = one_line(story.title or e.id)[:80]
            message = f"Cannot undo the decision: “{title}”: {reason}. Nothing was changed."
            return EditOutcome(False, message, failures=((e.id, reason),))
        if change is not None:
            edits.append(FileEdit(e.id, change))
    return EditStep(decision.label, tuple(edits)) if edits else None


def _flag_back(path: str, value: bool, *, inserted: str | None, root: str) -> LineChange | None:
    """(the line with `value`, the line now) for the file as it is now; None when it
    already says `value`. `inserted`: while the file still holds exactly that line
    (compared, never written), the line with `value` is no line at all: undoing an
    insertion removes it. `root`: the folder, every component below it walked with
    O_NOFOLLOW (a sub-folder swapped for a link out is refused). Raises EditError or OSError."""
    with lock_story(path, root=root) as handle:
        raw = handle.read()
    found = set_published(raw, value)
    if found is None:
        return None
    _, change = found  # (the line now, the line the normal edit would write)
    remove = inserted is not None and change.before == inserted
    return LineChange(None if remove else change.after, change.before)
