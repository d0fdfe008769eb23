"""Ask before `p` publishes a copy an editor already decided is a duplicate (issue 17).

A decided duplicate was unpublished on purpose; publishing it again with one key,
without a word, put the same story twice on the site. The main screen's toggle asks
first when it would publish such a copy; unpublishing, or publishing anything else,
goes ahead as before. The question names both stories, the copy and the one kept,
by headline, outlet and day: copies often share a headline word for word, so the
outlet is what tells the editor which one they are about to put back.

`p` over marked stories asks once for all the decided duplicates among them
(`BulkRepublishPrompt`): y publishes every one, n publishes the others and skips
the duplicates, escape does nothing. What was published and what was skipped is said.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.core.dupes.keep import day_of
from tui.core.format.literal import cut, one_line
from tui.ui.keys import key_name, keymap_of, keys_in_force
from tui.ui.screens.prompts import PROMPT_CSS, ConfirmPrompt

TITLE_CHARS = 60
PROVIDER_CHARS = 40
LISTED = 5  # decided duplicates named one per line in the bulk question; more are counted


def story_name(app: Any, story_id: str) -> str:
    """`“Headline…” (Outlet, 12 May 2026)`: enough to tell two copies of one headline apart."""
    story = app.store.get(story_id)
    if story is None:
        return f"“{cut(one_line(story_id), TITLE_CHARS)}”"
    title = cut(one_line(story.title[: TITLE_CHARS * 4]), TITLE_CHARS) or "(untitled)"
    about = [cut(one_line(story.provider_name[: PROVIDER_CHARS * 4]), PROVIDER_CHARS)] if story.provider_name else []
    if story.published_at is not None:
        about.append(day_of(story.published_at.isoformat()))
    return f"“{title}”" + (f" ({', '.join(about)})" if about else "")


def decided_of(app: Any, story_id: str) -> tuple[str, str] | None:
    """(the kept copy, when it was decided) for a copy marked as a duplicate, else None."""
    dupes = getattr(app, "dupes", None)
    found_of = getattr(dupes, "decided_of", None) if getattr(dupes, "ready", False) else None
    found = found_of(story_id) if callable(found_of) else None
    return found if isinstance(found, tuple) else None


def decided_label(app: Any, story_id: str) -> str | None:
    """ "duplicate of “…” (Outlet, 10 May 2026), decided 12 May 2026", else None."""
    found = decided_of(app, story_id)
    if found is None:
        return None
    kept, at = found
    return (
        f"duplicate of {story_name(app, kept)}, decided {day_of(at)}" if at else f"duplicate of {story_name(app, kept)}"
    )


def republished(app: Any, targets: Sequence[str]) -> list[str]:
    """The decided duplicates among `targets` that are unpublished (publishing would put them back)."""
    store = app.store
    return [sid for sid in targets if sid in store.decided and (s := store.get(sid)) is not None and not s.published]


def ask_before_republishing(app: Any, targets: Sequence[str], go: Callable[[], object]) -> bool:
    """True when `p` on `targets` would publish a decided duplicate: a confirmation is
    shown and `go` runs only on yes. False: nothing to ask, the caller goes ahead."""
    store = app.store
    if any((s := store.get(sid)) is not None and s.published for sid in targets):
        return False  # the toggle unpublishes them all: nothing is republished
    decided = republished(app, targets)
    if not decided:
        return False
    first = decided[0]
    label = decided_label(app, first) or "a decided duplicate"
    more = f" (and {len(decided) - 1} more decided duplicates)" if len(decided) > 1 else ""
    question = f"{story_name(app, first)} is a {label}{more}. Publish it anyway?"

    def answered(yes: bool | None) -> None:
        if yes:
            go()
        else:
            app.notify("Nothing published", timeout=3)

    app.push_screen(ConfirmPrompt(question), answered)
    return True


class BulkRepublishPrompt(ModalScreen[bool | None]):
    """Marked stories to publish, some of them decided duplicates: all (True), the
    others only (False), or nothing (None)."""

    DEFAULT_CSS = PROMPT_CSS.replace("ConfirmPrompt", "BulkRepublishPrompt")
    BINDINGS = [
        Binding("y", "answer(True)", "Publish all", id="republish.all", tooltip="Publish every marked story"),
        Binding(
            "n",
            "answer(False)",
            "Skip duplicates",
            id="republish.others",
            tooltip="Publish the other marked stories; the decided duplicates stay unpublished",
        ),
        Binding("escape", "cancel", "Cancel", id="republish.cancel", tooltip="Publish nothing"),
    ]

    def __init__(self, lines: Sequence[str], hint: str) -> None:
        super().__init__(id="bulk-republish")
        self.lines = list(lines)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("\n".join(self.lines)), markup=False, id="preview")
            yield Static(self.hint, markup=False, classes="prompt-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_before_bulk_republishing(
    app: Any, targets: Sequence[str], go: Callable[[list[str], list[str]], object]
) -> bool:
    """`p` publishing the marked `targets`: if some are decided duplicates, ask once,
    naming them, and call `go(to_publish, skipped)` with the answer (nothing on
    escape). False: none is a decided duplicate, the caller goes ahead."""
    decided = republished(app, targets)
    if not decided:
        return False
    others = [sid for sid in targets if sid not in set(decided)]
    one = len(decided) == 1
    are = "is a decided duplicate" if one else "are decided duplicates"
    lines = [
        f"{len(decided)} of the {len(targets)} marked stories {are} (unpublished on purpose):"
        f" publishing puts {'it' if one else 'them'} back on the site."
    ]
    for sid in decided[:LISTED]:
        lines.append(f"• {story_name(app, sid)}, {decided_label(app, sid) or 'a decided duplicate'}")
    if len(decided) > LISTED:
        lines.append(f"  … and {len(decided) - LISTED} more")
    keymap = keymap_of(app)
    keys = {
        b.id: key_name(keys_in_force(b, keymap).split(",")[0])
        for b in BulkRepublishPrompt.BINDINGS
        if isinstance(b, Binding)
    }
    # With no other story marked, "n publishes the other 0" offered nothing: only y and escape.
    duplicates = "the duplicate" if len(decided) == 1 else "the duplicates"
    skip = f"{keys['republish.others']} publishes the other {len(others)} and skips {duplicates} · "
    hint = (
        f"{keys['republish.all']} publishes {'both' if len(targets) == 2 else f'all {len(targets)}'} · "
        f"{skip if others else ''}{keys['republish.cancel']} publishes nothing"
    )

    def answered(answer: bool | None) -> None:
        if answer is None:
            app.notify("Nothing published; the stories stay marked", timeout=4)
        elif answer:
            go(list(targets), [])
        else:
            go(others, decided)

    app.push_screen(BulkRepublishPrompt(lines, hint), answered)
    return True
