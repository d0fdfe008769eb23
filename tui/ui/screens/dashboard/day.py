"""The dashboard's keys for a day at the desk (issue 18), apart from the screen.

Date windows and a go-to-date, copying and opening a story's URL, the session's
edits, one rule for publishing marked stories, and the status line. `MainScreen`
mixes this in and lists `DESK_DAY_BINDINGS` in its own BINDINGS (help and the
palette read them there), so the screen itself only gains a line or two.

A story's URL is untrusted: it is copied as text (OSC 52, through Textual), and
opened in the browser only when it is an http or https URL, from a thread (a
browser start can take seconds and must not hold the UI).
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from textual.binding import Binding

from tui.core.format.literal import cut, one_line
from tui.core.model import Story
from tui.core.store import dates
from tui.core.store.query import Query
from tui.ui.keys import hint_keys
from tui.ui.opener import open_url
from tui.ui.screens.date_prompt import PromptScreen
from tui.ui.screens.duplicates.republish import ask_before_bulk_republishing  # issue 17: p over marks asks too

if TYPE_CHECKING:
    from tui.ui.screens.dashboard.screen import MainScreen

DESK_DAY_BINDINGS = [
    Binding(
        "t", "date_window", "Dates", id="main.date_window", tooltip="Cycle dates: today, this week, last 30 days, any"
    ),
    Binding(
        "T",
        "since_date",
        "Since a day",
        id="main.since_date",
        tooltip="Show stories since a day you type (2026-11-02, yesterday, 7d)",
        show=False,
    ),
    Binding(
        "at",
        "goto_date",
        "Go to date",
        id="main.goto_date",
        tooltip="Move the cursor to the story nearest a day you type",
        show=False,
    ),
    Binding(
        "y",
        "copy_url",
        "Copy URL",
        id="main.copy_url",
        tooltip="Copy the highlighted story's URL to the clipboard",
        show=False,
    ),
    Binding(
        "o",
        "open_url",
        "Open URL",
        id="main.open_url",
        tooltip="Open the highlighted story's URL in the browser (http and https only)",
        show=False,
    ),
    Binding(
        "L",
        "session_edits",
        "Session edits",
        id="main.session_edits",
        tooltip="This session's edits, newest first; undo any one of them",
        show=False,
    ),
]

URL_CHARS = 4000  # a longer "URL" is not copied or opened
SEARCH_CHARS = 60  # of the search, quoted in the status line and the "no matches" line


def safe_url(url: str) -> str | None:
    """`url` if it is one a browser may be asked to open: http(s), a host, no control
    characters or spaces, bounded; else None."""
    if not url or len(url) > URL_CHARS or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def stories(count: int) -> str:
    """`1 story`, `2 stories`."""
    return f"{count:,} {'story' if count == 1 else 'stories'}"


class DeskDayActions:
    """Actions of `MainScreen` (mixed in; `self` is the screen)."""

    def _screen(self) -> MainScreen:
        return self  # type: ignore[return-value]

    def _now(self) -> datetime:
        clock = getattr(self._screen().app, "clock", None)
        return clock() if clock is not None else datetime.now().astimezone()

    # -- dates -------------------------------------------------------------------------
    def action_date_window(self) -> None:
        screen = self._screen()
        q = screen.query_state
        chosen = dates.window(dates.next_window(q.since_label), self._now())
        screen.query_state = replace(q, since=chosen.since, since_label=chosen.label)
        screen.refresh_list()

    def action_since_date(self) -> None:
        def chosen(answer: str | None) -> None:
            if not answer:
                return
            day = dates.parse_day(answer, self._now())
            if day is None:
                self._screen().app.notify(f"Not a day: {one_line(answer)[:40]}", severity="warning", markup=False)
                return
            window = dates.since_day(day, self._now())
            screen = self._screen()
            screen.query_state = replace(screen.query_state, since=window.since, since_label=window.label)
            screen.refresh_list()

        self._screen().app.push_screen(
            PromptScreen("Show stories since (2026-11-02, yesterday, 7d; empty: cancel):", "YYYY-MM-DD"), chosen
        )

    def action_goto_date(self) -> None:
        def chosen(answer: str | None) -> None:
            if not answer:
                return
            screen = self._screen()
            day = dates.parse_day(answer, self._now())
            if day is None:
                screen.app.notify(f"Not a day: {one_line(answer)[:40]}", severity="warning", markup=False)
                return
            target = dates.day_start(day, self._now()).timestamp()
            q = screen.query_state
            best = nearest(screen, screen.articles.ids, target)
            if q.since is not None and (best is None or target < q.since.timestamp()):
                # The day is before the date window, or the window hides every story (an
                # old folder): the window goes, or the day could never be reached.
                wider = replace(q, since=None, since_label="")
                best = nearest(screen, screen.store.query(wider).ids, target)
                if best is not None:
                    screen.query_state = wider
                    screen.articles.moved_by_user = True  # the restored story does not win
                    screen.refresh_list(keep=best)
                    label = one_line(q.since_label)[:40] or "since"
                    screen.app.notify(f"Date window ({label}) off to reach {day:%Y-%m-%d}", timeout=4, markup=False)
                    return
            if best is None:
                screen.app.notify("No dated story in the list", severity="warning")
                return
            screen.articles.select(best)

        self._screen().app.push_screen(PromptScreen("Go to the story nearest the day:", "YYYY-MM-DD"), chosen)

    # -- URLs --------------------------------------------------------------------------
    def _current_story(self) -> Story | None:
        screen = self._screen()
        sid = screen.articles.current
        return screen.store.get(sid) if sid else None

    def action_copy_url(self) -> None:
        screen = self._screen()
        story = self._current_story()
        url = story.url if story is not None else ""
        if not url or len(url) > URL_CHARS:
            screen.app.notify("This story has no URL to copy", severity="warning")
            return
        screen.app.copy_to_clipboard(one_line(url))
        screen.app.notify(f"Copied the URL\n{toast_url(screen.app, url)}", markup=False, timeout=3)

    def action_open_url(self) -> None:
        screen = self._screen()
        story = self._current_story()
        url = safe_url(story.url) if story is not None else None
        if url is None:
            screen.app.notify("No http(s) URL to open for this story", severity="warning")
            return
        app = screen.app

        def run() -> None:  # off the UI thread: a launcher can take seconds (tui/ui/opener.py)
            failed = open_in_browser(url)
            shown = toast_url(app, url)
            if failed is None:
                app.call_from_thread(app.notify, f"Opened in the browser\n{shown}", markup=False, timeout=3)
            else:
                message = f"Could not open the URL: {failed}\n{shown}"
                app.call_from_thread(app.notify, message, severity="error", markup=False, timeout=10)

        threading.Thread(target=run, name="open-url", daemon=True).start()

    # -- edits -------------------------------------------------------------------------
    def action_session_edits(self) -> None:
        from tui.ui.screens.session_edits import SessionEditsScreen

        self._screen().app.push_screen(SessionEditsScreen())

    def publish_marked(self) -> bool:
        """`p` with marks: one rule. If any marked story shown is unpublished, publish
        every marked story shown, else unpublish them; their marks clear. Marked stories
        the filter hides are left alone, still marked, and the message says so.
        False: no marks shown (the caller toggles the highlighted story)."""
        screen = self._screen()
        articles = screen.articles
        targets = articles.marked_visible()
        hidden = len(articles.marked) - len(targets)
        if not targets:
            if hidden:
                clear = hint_keys(screen.app, type(screen).BINDINGS, "main.clear")  # the key in force
                screen.app.notify(
                    f"{stories(hidden)} marked but hidden by the filter: clear the filter ({clear}) to act on"
                    " them; the highlighted story was toggled",
                    severity="warning",
                    timeout=6,
                    markup=False,
                )
            return False
        store = screen.store
        value = any(not story.published for sid in targets if (story := store.get(sid)) is not None)

        def run(chosen: list[str], skipped: list[str]) -> None:
            self._publish_marked(targets, chosen, skipped, hidden, value)

        # Publishing puts decided duplicates back on the site: asked once, naming them (issue 17).
        if value and ask_before_bulk_republishing(screen.app, targets, run):
            return True
        run(targets, [])
        return True

    def _publish_marked(
        self, targets: list[str], chosen: list[str], skipped: list[str], hidden: int, value: bool
    ) -> None:
        """Set `chosen` to `value`; every target's mark clears (the skipped ones were
        seen and declined), marks the filter hid stay; the message says what was left."""
        screen = self._screen()
        store = screen.store
        verb = "publish" if value else "unpublish"
        already = sum(1 for sid in chosen if (s := store.get(sid)) is not None and s.published == value)
        desk: Any = screen.app.desk  # type: ignore[attr-defined]
        screen.articles.unmark(targets)
        notes = []
        if already:
            notes.append(f"{stories(already)} already {verb}ed")
        if skipped:
            notes.append(f"{stories(len(skipped))} decided as duplicates skipped, still unpublished")
        if hidden:
            notes.append(f"{stories(hidden)} marked but hidden by the filter left alone, still marked")
        if notes:
            done = f"{verb} all" if not skipped else f"{verb} {len(chosen)}" if chosen else "nothing published"
            screen.app.notify(f"Marked stories shown: {done} ({'; '.join(notes)})", timeout=6, markup=False)
        if chosen:
            desk.submit(lambda: desk.set_published(chosen, value))
        screen.update_status()


def nearest(screen: MainScreen, ids: list[str], target: float) -> str | None:
    """The story among `ids` dated nearest `target` (a timestamp); None if none is dated."""
    best, distance = None, float("inf")
    for sid in ids:
        story = screen.store.get(sid)
        if story is None or story.published_at is None:
            continue
        gap = abs(story.published_at.timestamp() - target)
        if gap < distance:
            best, distance = sid, gap
    return best


def toast_url(app: Any, url: str) -> str:
    """A URL for a toast: its start on a line of its own, cut with … to fit the toast
    (about half the screen). Folded mid-word over the toast's lines it read as garbage."""
    room = max(min(56, app.size.width // 2 - 6), 20)
    return cut(one_line(url), room)


def open_in_browser(url: str) -> str | None:
    """None if the browser took `url`, else why not (said as an error, never as "Opening")."""
    return open_url(url)


def query_for_jump(q: Query) -> Query:
    """The query that shows every story, in the same sort (a jump cleared the filter)."""
    return q.cleared()


class ViewMemory:
    """Restoring and saving the view (tui/desk/view_state.py); mixed into `MainScreen`."""

    _restore_story: str | None = None

    def restore_view(self) -> None:
        """From `on_mount`: the folder's last sort, filters and story, if any."""
        from tui.desk.view_state import load_view

        screen: Any = self
        self._list = screen.articles  # kept: at unmount the screen's children are gone
        root = getattr(screen.app, "root", None)
        view = load_view(root) if isinstance(root, str) else None
        if view is None:
            return
        clock = getattr(screen.app, "clock", None)
        now = clock() if clock is not None else datetime.now().astimezone()
        screen.query_state = view.query(now)
        self._restore_story = view.story

    def save_view(self) -> None:
        from tui.desk.view_state import ViewState, save_view

        screen: Any = self
        root = getattr(screen.app, "root", None)
        articles = getattr(self, "_list", None)
        if isinstance(root, str) and articles is not None:
            save_view(root, ViewState.of(screen.query_state, articles.current))

    def keep_for(self, ids: list[str], keep: str | None) -> str | None:
        """The story the cursor should stay on: the restored one while the editor has
        not moved (it may arrive in a later batch of a loading folder), else `keep`."""
        screen: Any = self
        story = self._restore_story
        if story is None:
            return keep
        if screen.articles.moved_by_user:
            self._restore_story = None
            return keep
        if story in ids:
            return story
        return keep


class SearchKeys:
    """The search box's `down`: to the list, the search kept; and where `escape` leaves
    the cursor (mixed into `MainScreen`).

    Escape clears a search and keeps the cursor on the result it rests on, once the
    hits of the text typed are on screen (an editor searched to find that story); if
    they are not yet (escape typed right after the words, a search still running), on
    the story it was on before the search. The trial saw it land on the top row, a
    first hit or the story before, depending on how fast escape came."""

    _before_search: str | None = None  # where the cursor was when the search opened
    _hits_shown_for: str | None = None  # the search text whose hits the list shows

    def search_opened(self) -> None:
        screen: Any = self
        if not screen.query_state.text:  # a new search, not the box reopened on one
            self._before_search = screen.articles.current

    def hits_shown(self, text: str) -> None:
        self._hits_shown_for = text

    def story_after_search(self) -> str | None:
        screen: Any = self
        if self._hits_shown_for == screen.query_state.text and screen.articles.current is not None:
            return str(screen.articles.current)
        return self._before_search

    def action_focus_list(self) -> None:
        screen: Any = self
        screen.articles.focus()

    def action_focus_detail(self) -> None:
        """`enter` on the list: read the story in the detail pane."""
        screen: Any = self
        screen.query_one("#detail").focus()


class PaneRoom:
    """The Related pane takes room only when it has something to show (mixed into
    `MainScreen`): most stories link nowhere, and half the side column saying so
    was taken from the detail pane (issue 18)."""

    def fit_related(self) -> None:
        from tui.ui.widgets.graph_view import GraphView

        screen: Any = self
        graph = screen.query_one(GraphView)
        hood = graph.neighbourhood if graph.mode == "graph" else None
        graph.set_class(hood is not None and not hood.branches, "-empty")
