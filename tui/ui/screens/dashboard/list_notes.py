"""What the list says about itself (why it is empty, where an edited story went), and
the palette's named sorts and filters.

An empty list that says only "No story matches the filter" leaves an editor guessing
(a date window on an old folder hid everything: was the folder empty, the search
wrong?). It names the window and the newest story it hid, and the keys that help
(read from the bindings, after the keymap). A story edited out of the search or
filter it was found by (a headline fixed, a story published under "unpublished")
leaves the list; the cursor goes to its neighbour and a notification says why, so
the highlight never jumps without a word (issue 18's trial).

"Sort by heat" and "Filter: unpublished" in the palette (tui/ui/palette_search.py)
set that sort or filter by name rather than stepping round the cycle.

`MainScreen` mixes `ListNotes` and `NamedChoices` in; nothing here writes.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from tui.core.format.literal import cut, one_line
from tui.core.store.query import (
    NATURAL_DESCENDING,
    PUBLISH_FILTERS,
    RELEVANCE,
    SORT_KEYS,
    Query,
)
from tui.core.store.records import StoreEvent
from tui.ui.keys import key_name, keymap_of, keys_in_force

if TYPE_CHECKING:
    from tui.ui.screens.dashboard.screen import MainScreen

MONTHS = (
    "January February March April May June July August September October November December"
).split()  # not strftime's %B: that follows the process's locale
SEARCH_CHARS = 60
TITLE_CHARS = 60


def long_day(when: datetime) -> str:
    """`12 March 2024`."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def key_of(screen: Any, binding_id: str) -> str:
    """The first key in force for one of the screen's bindings, as help names it ("" if none)."""
    for binding in type(screen).BINDINGS:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return key_name(keys_in_force(binding, keymap_of(screen.app)).split(",")[0])
    return ""


def window_phrase(q: Query) -> str:
    """How a sentence names the date window: `today`, `in the last 30 days`, `since 2 Nov…`."""
    label = one_line(q.since_label)[:40]
    if label in ("today", "this week"):
        return label
    if label.startswith("since "):
        return label
    if label:
        return f"in the {label}"
    return f"since {long_day(q.since)}" if q.since is not None else ""


def newest_outside(screen: MainScreen, q: Query) -> datetime | None:
    """The date of the newest story the list would show without its date window."""
    unwindowed = replace(q, since=None, since_label="", sort="date", descending=True, ranked=False)
    ids = screen.store.query(unwindowed, near=False).ids if q.searching else screen.store.query(unwindowed).ids
    story = screen.store.get(ids[0]) if ids else None
    return story.published_at if story is not None else None


def empty_text(screen: MainScreen) -> str:
    """What an empty list says, from the query that emptied it."""
    q = screen.query_state
    if q.since is not None:
        newest = newest_outside(screen, q)
        if newest is not None:
            goto, window = key_of(screen, "main.goto_date"), key_of(screen, "main.date_window")
            keys = [f"{goto} goes to a day" if goto else "", f"{window} changes the window" if window else ""]
            hint = " · ".join(k for k in keys if k)
            what = f"matches for “{one_line(q.text)[:SEARCH_CHARS]}”" if q.searching else "stories"
            return f"No {what} {window_phrase(q)}; the newest is from {long_day(newest)}" + (
                f"\n{hint}" if hint else ""
            )
    clear = key_of(screen, "main.clear")
    hint = f" ({clear} clears it)" if clear else ""
    if q.searching:
        return f"No matches for “{one_line(q.text)[:SEARCH_CHARS]}”" + (
            f" with this filter{hint}" if replace(q, text="").filtered else ""
        )
    if q.filtered:
        return f"No story matches the filter{hint}"
    return "No stories in this folder"


class ListNotes:
    """The empty list's line and the edited story's watch (mixed into `MainScreen`)."""

    _edited: str | None = None

    def empty_text(self) -> str:
        return empty_text(self)  # type: ignore[arg-type]

    def note_changed(self, event: StoreEvent) -> None:
        """A store event: one story edited while the cursor is on it is watched until the
        next complete list, which may leave it out."""
        screen: Any = self
        if event.kind == "changed" and len(event.ids) == 1 and event.ids[0] == screen.articles.current:
            self._edited = event.ids[0]

    def say_if_edited_story_left(self, ids: list[str]) -> None:
        """Before a complete list replaces the rows: if the watched story is still in the
        folder but not in `ids`, say so and where the cursor goes (the row that takes its
        place: the next story, or the previous one at the end)."""
        screen: Any = self
        sid, self._edited = self._edited, None
        if sid is None or sid in ids or screen.articles.current != sid:
            return
        story = screen.store.get(sid)
        if story is None:
            return
        q: Query = screen.query_state
        if q.searching:
            what = f"the search “{cut(one_line(q.text), SEARCH_CHARS)}”"
        else:
            what = f"the filter ({cut(one_line(q.describe_filter()), SEARCH_CHARS)})"
        title = cut(one_line(story.title[: TITLE_CHARS * 4]), TITLE_CHARS) or "(untitled)"
        at = screen.articles.cursor
        where = "the list is empty now" if not ids else "the cursor is on the story after it"
        if ids and at >= len(ids):
            where = "the cursor is on the story before it"
        screen.app.notify(f"“{title}” no longer matches {what}; {where}", timeout=6, markup=False)


class NamedChoices:
    """Sorts and filters by name, for the palette (mixed into `MainScreen`)."""

    def action_sort_by(self, key: str) -> None:
        """A sort by name ("Sort by heat"), in its natural direction; relevance while searching."""
        screen: Any = self
        q: Query = screen.query_state
        if key == RELEVANCE and q.searching:
            screen.query_state = replace(q, ranked=True)
        elif key in SORT_KEYS:
            descending = key in NATURAL_DESCENDING
            screen.query_state = replace(q, sort=key, descending=descending, ranked=False)
        else:
            return
        screen.refresh_list()

    def action_filter_by(self, state: str) -> None:
        """A publish filter by name ("Filter: unpublished")."""
        screen: Any = self
        if state in PUBLISH_FILTERS:
            screen.query_state = replace(screen.query_state, state=state)
            screen.refresh_list()
