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
from tui.ui.keys import hint_keys, key_name, keymap_of, keys_in_force

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
    """The date of the newest story the list would show without its date window: the
    filter and the search's exact hits still apply (a typo match is no evidence that
    the window hid what was searched for)."""
    unwindowed = replace(q, since=None, since_label="", sort="date", descending=True, ranked=False)
    result = screen.store.query(unwindowed, near=False) if q.searching else screen.store.query(unwindowed)
    ids = result.ids[: result.exact] if q.searching and result.exact is not None else result.ids
    story = screen.store.get(ids[0]) if ids else None
    return story.published_at if story is not None else None


def _filter_phrase(q: Query) -> str:
    """The limits other than the window and the search, as `filter published, provider=…`."""
    rest = replace(q, since=None, since_label="", text="").describe_filter()
    return "" if rest == "all" else f"filter {cut(one_line(rest), SEARCH_CHARS)}"


def empty_text(screen: MainScreen) -> str:
    """What an empty list says: every limit in force (the filter, the date window, the
    search), each with the key that lifts it, and, under a date window, the day of the
    newest story the other limits would show."""
    q = screen.query_state
    if not q.filtered:
        return "No stories in this folder"
    what = f"matches for “{one_line(q.text)[:SEARCH_CHARS]}”" if q.searching else "stories"
    limits = [p for p in (_filter_phrase(q), window_phrase(q) if q.since is not None else "") if p]
    line = f"No {what}" + (f" with {limits[0]}" if _filter_phrase(q) else "")
    line += f" {window_phrase(q)}" if q.since is not None else ""
    keys: list[str] = []
    if q.since is not None:
        newest = newest_outside(screen, q)
        if newest is not None:
            line += f"; the newest is from {long_day(newest)}"
        goto, window = key_of(screen, "main.goto_date"), key_of(screen, "main.date_window")
        keys += [f"{window} changes the window" if window else "", f"{goto} goes to a day" if goto else ""]
    if _filter_phrase(q):
        cycle = key_of(screen, "main.filter")
        keys.append(f"{cycle} changes the filter" if cycle and (q.state != "all") else "")
    if q.searching:
        search = key_of(screen, "main.search")
        keys.append(f"{search} changes the search" if search else "")
    clear = key_of(screen, "main.clear")
    if clear:
        if q.searching:
            keys.append(
                f"{clear} clears the search, {clear} again the rest" if limits else f"{clear} clears the search"
            )
        else:
            keys.append(f"{clear} clears every limit")
    hint = " · ".join(k for k in keys if k)
    return line + (f"\n{hint}" if hint else "")


class ListNotes:
    """The empty list's line, the edited story's watch, the sort and filter keys and the
    top of a new sort (mixed into `MainScreen`)."""

    _edited: str | None = None
    _sorted_anew = False

    def sort_changed(self) -> None:
        """`s`, `S` or a sort by name: the next list shows the top of its order."""
        self._sorted_anew = True

    def action_cycle_sort(self) -> None:
        screen: Any = self
        screen.query_state = screen.query_state.next_sort()
        self.sort_changed()
        screen.refresh_list()

    def action_reverse_sort(self) -> None:
        screen: Any = self
        if screen.query_state.by_relevance:
            sort = hint_keys(screen.app, screen.BINDINGS, "main.sort")  # the key in force
            screen.app.notify(f"Relevance has one direction: {sort} picks another sort", timeout=3, markup=False)
            return
        screen.query_state = replace(screen.query_state, descending=not screen.query_state.descending)
        self.sort_changed()
        screen.refresh_list()

    def action_cycle_filter(self) -> None:
        screen: Any = self
        screen.query_state = screen.query_state.next_state()
        screen.refresh_list()

    def top_after_sort(self, ids: list[str], keep: str | None) -> str | None:
        """After a sort change, the story the cursor goes to: the list scrolls to the top
        of the new order (as lazygit does: a sort is asked for to see what comes first),
        and the cursor stays on its story only if that story is on that first screen,
        else goes to the first row. Kept on an off-screen story, the view showed the
        rows around it (quality 39, 39, 37 after "sort quality ↓"), not the best."""
        if not self._sorted_anew:
            return keep
        self._sorted_anew = False
        screen: Any = self
        articles = screen.articles
        current = keep if keep is not None else articles.current
        rows = max(articles.size.height - 1, 1)  # the first line is the list's header
        articles.scroll_to(y=0, animate=False, immediate=True)
        at = ids.index(current) if current in ids else None
        if at is not None and at < rows:
            return current
        return ids[0] if ids else None

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
        screen.sort_changed()
        screen.refresh_list()

    def action_filter_by(self, state: str) -> None:
        """A publish filter by name ("Filter: unpublished")."""
        screen: Any = self
        if state in PUBLISH_FILTERS:
            screen.query_state = replace(screen.query_state, state=state)
            screen.refresh_list()
