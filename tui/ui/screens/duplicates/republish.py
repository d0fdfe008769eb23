"""Ask before `p` publishes a copy an editor already decided is a duplicate (issue 17).

A decided duplicate was unpublished on purpose; publishing it again with one key,
without a word, put the same story twice on the site. The main screen's toggle asks
first when it would publish such a copy; unpublishing, or publishing anything else,
goes ahead as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tui.core.dupes.keep import day_of
from tui.core.format.literal import cut, one_line
from tui.ui.screens.prompts import ConfirmPrompt


def decided_label(app: Any, story_id: str) -> str | None:
    """ "duplicate of “…”, decided 12 May" for a copy marked as a duplicate, else None."""
    dupes = getattr(app, "dupes", None)
    decided_of = getattr(dupes, "decided_of", None) if getattr(dupes, "ready", False) else None
    found = decided_of(story_id) if callable(decided_of) else None
    if found is None:
        return None
    kept, at = found
    other = app.store.get(kept)
    title = cut(one_line(other.title[:200]), 60) if other is not None else cut(one_line(kept), 60)
    return f"duplicate of “{title}”, decided {day_of(at)}"


def ask_before_republishing(app: Any, targets: Sequence[str], go: Callable[[], object]) -> bool:
    """True when `p` on `targets` would publish a decided duplicate: a confirmation is
    shown and `go` runs only on yes. False: nothing to ask, the caller goes ahead."""
    store = app.store
    decided = [sid for sid in targets if sid in store.decided]
    if not decided:
        return False
    if any((s := store.get(sid)) is not None and s.published for sid in targets):
        return False  # the toggle unpublishes them all: nothing is republished
    first = decided[0]
    story = store.get(first)
    title = cut(one_line(story.title[:200]), 60) if story is not None else cut(one_line(first), 60)
    label = decided_label(app, first) or "a decided duplicate"
    more = f" (and {len(decided) - 1} more decided duplicates)" if len(decided) > 1 else ""
    question = f"“{title}” is a {label}{more}. Publish it anyway?"

    def answered(yes: bool | None) -> None:
        if yes:
            go()
        else:
            app.notify("Nothing published", timeout=3)

    app.push_screen(ConfirmPrompt(question), answered)
    return True
