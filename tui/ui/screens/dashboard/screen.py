"""The dashboard: article list, detail pane and related-items graph.

The screen owns no data logic: it turns keys into store queries and edit requests,
and repaints when the store says something changed. Edits are handed to the desk's
single writer thread so the UI never waits on a disk, and the list shows a new
publish state only after the file says so.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Input, ProgressBar, Static
from textual.worker import get_current_worker

from tui.core.store.query import Query
from tui.core.store.search import SearchCancelled
from tui.core.store.store import ListResult, Store, StoreEvent
from tui.ui.messages import StoreUpdated
from tui.ui.screens.dashboard.day import (
    DESK_DAY_BINDINGS,
    DeskDayActions,
    PaneRoom,
    SearchKeys,
    ViewMemory,
)
from tui.ui.screens.dashboard.edits import FieldEditActions  # issue 16: topics, headline, fields, $EDITOR
from tui.ui.screens.dashboard.git import GIT_BINDINGS, GitActions  # issue 15: git keys, changed marks, status
from tui.ui.screens.dashboard.list_notes import ListNotes, NamedChoices  # issue 18
from tui.ui.screens.dashboard.site import NOT_A_SITE, SITE_BINDINGS, next_collection, toggle_differs  # issue 14
from tui.ui.screens.dashboard.status import status_parts  # issue 18: fitted to the width
from tui.ui.screens.duplicates.republish import ask_before_republishing  # issue 17
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.desk_footer import DeskFooter
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.graph_view import GraphView
from tui.ui.widgets.search_input import SearchInput
from tui.ui.widgets.status_fit import fit

if TYPE_CHECKING:
    from rich.text import Text

    from tui.desk import Desk


class MainScreen(
    DeskDayActions, ViewMemory, ListNotes, NamedChoices, SearchKeys, PaneRoom, FieldEditActions, GitActions
):  # FieldEditActions: issue 16
    """Three panes, a status line, a search field and a progress bar."""

    BINDINGS = [
        # A priority binding runs when the key arrives, before the keys typed behind it
        # are handed to the focused widget: so a burst ("/" and a word, a paste) lands
        # in the search box instead of running letters as commands on the list.
        Binding(
            "slash",
            "search",
            "Search",
            id="main.search",
            tooltip="Search titles, excerpts, providers as you type; the footer shows how to keep or clear it",
            priority=True,
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            id="main.sort",
            tooltip="Next sort: date, heat, quality, provider, title (relevance too while searching); S reverses",
        ),
        Binding(
            "S", "reverse_sort", "Reverse sort", id="main.reverse_sort", tooltip="Reverse the current sort", show=False
        ),
        Binding(
            "f",
            "cycle_filter",
            "Filter",
            id="main.filter",
            tooltip="Cycle filter: all, published, unpublished, has duplicates, decided duplicates",
        ),
        Binding(
            "p",
            "toggle_publish",
            "Publish",
            id="main.publish",
            tooltip="Publish or unpublish the marked stories shown, else the highlighted one",
        ),
        Binding("u", "undo", "Undo", id="main.undo", tooltip="Undo the last edit, restoring the files"),
        Binding("ctrl+r", "redo", "Redo", id="main.redo", tooltip="Redo the last undone edit"),
        Binding(
            "escape",
            "clear",
            "Clear",
            id="main.clear",
            tooltip="Back to the list from the detail or graph pane; on the list, clear the search, then the filters",
            show=False,
        ),
        Binding("M", "clear_marks", "Clear marks", id="main.clear_marks", tooltip="Unmark every story", show=False),
        Binding(
            "C",
            "components",
            "Linked components",
            id="main.components",
            tooltip="Linked components of the whole folder, in the graph pane",
            show=False,
        ),
        *SITE_BINDINGS,  # issue 14: a Jekyll site's collections and disagreements
        *DESK_DAY_BINDINGS,  # issue 18: dates, URLs, session edits
        *GIT_BINDINGS,  # issue 15: changes, sync, history
    ]

    SEARCH_REBUILD_DELAY = 0.5  # seconds of quiet after outside changes before re-indexing
    PANE_DELAY = 0.12  # seconds the cursor rests before the panes follow
    TYPING_PANE_DELAY = 0.4  # seconds of no typing in the search box before they follow

    def __init__(self, store: Store) -> None:
        super().__init__(id="main")
        self.store = store
        self.query_state = Query()
        self._list_dirty = False
        self._pane_timer: Timer | None = None
        self.result_complete = True
        self._search_timer: Timer | None = None
        self._list_painted = threading.Event()  # clear while a search's rows wait for their frame
        self._shown_version = 0  # the store version of the list on screen
        self._list_painted.set()
        self._status_shown: Text | None = None  # what the status line holds
        self._next_flush = 0.0
        # Until this screen has handled "loaded": the desk adds batches on its own
        # thread, so the last ones' messages may arrive after `store.loaded` turned true.
        self._loading = True

    @property
    def desk(self) -> Desk:
        """The app's desk. Textual types `self.app` as a plain App; every app that shows
        this screen is a NewsdeskApp, which the screen cannot import (the app imports it)."""
        return cast("Desk", cast(Any, self.app).desk)

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with Horizontal(id="panes"):
            with Vertical(id="list-column"):
                yield ArticleList(self.store, id="articles")
                yield SearchInput(
                    placeholder="search titles, excerpts, providers — enter keeps, escape clears", id="search"
                )
            with Vertical(id="side"):
                yield DetailPane(self.store, id="detail")
                yield GraphView(self.store, self.desk.graph, id="graph")
        with Horizontal(id="progress-row"):
            yield Static(id="progress-label", markup=False)
            yield ProgressBar(id="progress", show_eta=False)
        yield DeskFooter()

    @property
    def articles(self) -> ArticleList:
        return self.query_one(ArticleList)

    def on_mount(self) -> None:
        self.store.subscribe(self._store_listener)
        self._loading = not self.store.loaded
        self.articles.border_title = "Stories"
        self.query_one(DetailPane).border_title = "Detail"
        self.query_one(GraphView).border_title = "Related"
        self._apply_width(self.size.width)
        self.restore_view()  # the folder's last sort, filters and story
        self.refresh_list()
        self.articles.focus()
        self.set_interval(0.25, self._flush_list)

    def on_unmount(self) -> None:
        self.store.unsubscribe(self._store_listener)
        self.save_view()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)
        self.update_status()  # the status line is fitted to the width

    def _apply_width(self, width: int) -> None:
        # Side by side needs room for a readable title column; else stack the panes.
        self.set_class(width < 140, "-narrow")

    # -- store -> screen -------------------------------------------------------
    def _store_listener(self, event: StoreEvent) -> None:
        self.post_message(StoreUpdated(event))  # thread-safe: edits happen on the writer thread

    def on_store_updated(self, message: StoreUpdated) -> None:
        event = message.event
        kind = event.kind
        self.note_changed(event)  # the highlighted story edited: said if it leaves the list
        if kind == "loaded":
            self._loading = False
        if kind == "added" and (self._loading or not self.store.loaded):
            self._list_dirty = True  # batches arrive fast while loading: repaint at most 4x/s
        elif kind == "renamed":
            moved = dict(event.renamed)
            current = self.articles.current
            self.refresh_list(keep=moved.get(current, current) if current else None)
        elif kind == "loaded" and self._list_dirty:
            self._list_dirty = False
            self._flush_list(force=True)
        elif kind in ("added", "changed", "removed", "suspects", "loaded", "problems"):
            self.refresh_list()
            self.query_one(DetailPane).refresh_story()
            if kind in ("added", "changed", "removed") and self.store.loaded:
                if self._search_timer is not None:
                    self._search_timer.stop()
                self._search_timer = self.set_timer(self.SEARCH_REBUILD_DELAY, self._rebuild_search)

    def _flush_list(self, force: bool = False) -> None:
        if not (self._list_dirty or force):
            return
        now = time.monotonic()
        if not force and now < self._next_flush:
            return
        self._list_dirty = False
        if self.query_state.text.strip():
            self.refresh_list()  # typed before the folder had loaded: on the worker
            return
        result = self.store.query(self.query_state)
        # While loading, an editor who has not moved yet wants the top of the list.
        top = result.ids[0] if result.ids and not self.articles.moved_by_user else None
        self.show_result(result, keep=top)
        # Re-sorting a growing folder gets dearer with every batch: repaint it at most
        # as often as keeps that work under a twentieth of the loading time.
        self._next_flush = now + 20 * (time.monotonic() - now)

    def refresh_list(self, keep: str | None = None) -> None:
        if self.query_state.text.strip():
            # A search goes to the worker, even to refresh it: after a story's text
            # changed it rebuilds the search index (half a second at 100,000 stories)
            # and scores near misses, which the UI thread must not sit through.
            self.result_complete = False  # until the worker's answer is shown
            self._run_query(self.query_state, keep=keep, fresh=False, hold=keep or self.articles.current)
            return
        self.show_result(self.store.query(self.query_state), keep=keep)

    def show_result(self, result: ListResult, keep: str | None = None) -> None:
        self.result_complete = result.complete  # False: a search's near misses are on their way
        self._shown_version = result.version
        if result.complete:
            self.say_if_edited_story_left(result.ids)  # list_notes.py: it left the list, and why
        # Asked only of an empty list: a date window's line queries the folder without it.
        self.articles.exact, self.articles.empty_text = result.exact, "" if result.ids else self.empty_text()
        keep = self.top_after_sort(result.ids, self.keep_for(result.ids, keep))  # list_notes.py
        self.articles.set_rows(result.ids, result.spans, keep=keep)
        self.update_status()

    def update_status(self) -> None:
        parts = status_parts(self) + self.git_status_text()  # issue 15: branch, changed, ahead/behind
        text = fit(parts, self.size.width or self.app.size.width)  # shortened to fit, never cut (issue 18)
        if text == self._status_shown:
            return
        # Only when it changed: Textual repaints the box around all that is dirty in a
        # frame, so this full-width line redrawn beside a cursor step (after every git
        # status refresh, say) redraws both side panes too.
        self._status_shown = text
        self.query_one("#status", Static).update(text, layout=False)  # one fixed line

    def show_progress(self, label: str, done: int, total: int) -> None:
        rows = self.query("#progress-row")
        if not rows:  # the app is closing: a late message from the loader has nothing to show
            return
        row = rows.first()
        bar = self.query_one(ProgressBar)
        row.display = done < total
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#progress-label", Static).update(f" {label} {done:,} / {total:,} ", layout=False)

    # -- panes -----------------------------------------------------------------
    @on(ArticleList.Highlighted)
    def _highlighted(self, message: ArticleList.Highlighted) -> None:
        # Holding j must not make every row wait for two panes to re-render: the list
        # moves at once, the panes follow when the cursor rests. In a folder of any size:
        # redrawing them (and the layout of the whole screen they ask for) took 50-100 ms
        # a key at 200 stories on a loaded 2-core machine, with or without issue 13's
        # hostile files in the folder, six times the cursor's target; small folders drew
        # them on the key's own frame until then.
        if self._pane_timer is not None:
            self._pane_timer.stop()
            self._pane_timer = None
        # While a search is typed the best match changes with every key: the panes
        # wait for a pause in the typing, not only for a resting cursor.
        delay = self.TYPING_PANE_DELAY if isinstance(self.focused, Input) else self.PANE_DELAY
        self._pane_timer = self.set_timer(delay, lambda: self._show_panes(message.story_id))

    def _show_panes(self, story_id: str | None) -> None:
        self._pane_timer = None
        self.query_one(DetailPane).show(story_id)
        self.query_one(GraphView).show(story_id)
        self.fit_related()  # issue 18: the Related pane's room follows its content

    @on(ArticleList.MarksChanged)
    def _marks(self, message: ArticleList.MarksChanged) -> None:
        self.update_status()

    @on(GraphView.StorySelected)
    @on(GraphView.ComponentOpened)
    def _graph_jump(self, message: GraphView.StorySelected | GraphView.ComponentOpened) -> None:
        if isinstance(message, GraphView.StorySelected):
            target: str | None = message.story_id
        else:
            target = message.component.representative
        if target:
            self.jump_to(target)

    def action_components(self) -> None:
        """The whole folder's linked components, in the graph pane."""
        graph = self.query_one(GraphView)
        graph.show_components()
        graph.focus()

    def jump_to(self, story_id: str) -> None:
        """Make `story_id` the highlighted story; a filter that hides it is cleared."""
        if self.store.row(story_id) is None:  # a story, or a site's unreadable file
            return
        if self.articles.index_of(story_id) is None:
            self.query_state = Query(sort=self.query_state.sort, descending=self.query_state.descending)
            search = self.query_one("#search", Input)
            search.value = ""
            search.display = False
            self.refresh_list(keep=story_id)
            self.app.notify("Filter cleared to show the story", timeout=3)
        self.articles.select(story_id)

    # -- actions ---------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While the search box has focus, `/` is part of the query, not a command: off,
        so the key reaches the box and the footer stops offering it. (It is the one
        priority binding; the box takes every other letter before a binding sees it,
        and Textual leaves those out of the footer itself.)"""
        return not (action == "search" and isinstance(self.focused, Input))

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        self.search_opened()  # day.py SearchKeys: where escape may come back to
        search.display = True
        # At once, not via `focus()` (which waits its turn in the queue): letters typed
        # right after `/`, already queued, must land in the box, not run as commands.
        self.set_focus(search)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_state = self.query_state.with_text(event.value)  # a new search starts by relevance
        self.result_complete = False  # the rows shown are the last search's until this one's land
        self._run_query(self.query_state)

    @work(thread=True, exclusive=True, group="query")
    def _run_query(self, query: Query, keep: str | None = None, fresh: bool = True, hold: str | None = None) -> None:
        """`fresh`: a new search, shown with the cursor on its best match; else the same
        search again (the folder changed), the cursor staying on `keep` or its story.
        `hold`: the story the cursor is on when the search is run again; if the exact
        hits leave it out (a near miss, or no longer a match), the list waits for the
        whole result, or the cursor would leave it for the first row in between."""
        # Off the UI thread, so typing stays smooth. Exact hits are shown as soon as
        # they are found; near misses (scoring every title fuzzily, the slow part in a
        # big folder) follow in a second update below them.
        worker = get_current_worker()

        def replaced() -> bool:
            return worker.is_cancelled

        # A search the next keystroke replaced gives up between its steps (an
        # exclusive worker is only flagged, its thread runs on): else at 8-10 keys a
        # second the searches for every prefix ran side by side, each the slower.
        try:
            # Both threads are Python: while a search runs, the UI thread gets the
            # interpreter only between its steps, and the previous keystroke's hits
            # took 3-5 times as long to paint. Let that frame out first.
            self._list_painted.wait(0.1)
            result = self.store.query(query, near=False, cancelled=replaced)
            if fresh or result.complete or hold is None or hold in result.ids:
                self.app.call_from_thread(self._apply_query, query, result, fresh, keep)
            if result.complete or worker.is_cancelled:
                return
            # The fuzzy pass holds the GIL for tens of ms: the exact hits reach the
            # screen first, or they would wait for the near misses after all.
            self._list_painted.wait(0.25)
            result = self.store.query(query, cancelled=replaced)
        except SearchCancelled:
            return
        self.app.call_from_thread(self._apply_query, query, result, False, keep)

    @work(thread=True, exclusive=True, group="search-index")
    def _rebuild_search(self) -> None:
        # A story's text changed on disk, which drops the search index. Rebuilding it
        # takes about a second at 100k: here, off the UI thread, once changes settle,
        # instead of in the next keystroke's search.
        self.store.prepare_search()

    def _apply_query(self, query: Query, result: ListResult, first: bool, keep: str | None = None) -> None:
        # Another search, or taken before a change the list already shows (a story
        # edited while this search ran, and the list refreshed meanwhile): stale.
        if query != self.query_state or result.version < self._shown_version:
            return
        if first:
            # A new search puts the cursor on the best match, not on the old story.
            self.show_result(result, keep=result.ids[0] if result.ids and query.text else None)
        else:
            self.show_result(result, keep=keep)  # near misses go below: the cursor stays put
        self.hits_shown(query.text)
        # Set once the frame showing these rows is on screen: asked of the list after
        # its new rows (asked before, or of the screen, it ran before the list had
        # asked for a repaint, and the next search took the GIL from that very frame).
        self._list_painted.clear()
        self.articles.call_after_refresh(self._list_painted.set)

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        # The status line keeps showing the search; give the rows back their space.
        self.query_one("#search", Input).display = False
        self.articles.focus()

    def action_clear(self) -> None:
        """escape: from another pane back to the list (as in lazygit); on the list, clear
        the search (or, with none, the filters)."""
        search = self.query_one("#search", Input)
        if self.focused is not None and self.focused is not search and self.focused is not self.articles:
            self.articles.focus()
            return
        keep = None
        if self.query_state.text or search.display:
            keep = self.story_after_search() if self.query_state.text else None  # day.py SearchKeys
            search.value = ""
            search.display = False
            self.query_state = replace(self.query_state, text="")
        elif self.query_state.filtered:
            self.query_state = Query(sort=self.query_state.sort, descending=self.query_state.descending)
        else:
            return
        self.refresh_list(keep=keep)
        self.articles.focus()

    def action_site_differs(self) -> None:  # issue 14 (main_site.py)
        self._site_query(toggle_differs(self.store, self.query_state))

    def action_cycle_collection(self) -> None:  # issue 14 (main_site.py)
        self._site_query(next_collection(self.store, self.query_state))

    def _site_query(self, query: Query | None) -> None:
        if query is None:
            self.notify(NOT_A_SITE)
            return
        self.query_state = query
        self.refresh_list()

    def set_filter(self, *, provider: str | None = None, topic: str | None = None) -> None:
        self.query_state = replace(self.query_state, provider=provider, topic=topic)
        self.refresh_list()

    def clear_filters(self) -> None:
        self.query_state = Query(sort=self.query_state.sort, descending=self.query_state.descending)
        self.query_one("#search", Input).value = ""
        self.refresh_list()

    def action_toggle_publish(self) -> None:
        if self.publish_marked():  # marked stories shown: one rule (desk_day.py)
            return
        articles = self.articles
        targets = articles.marked_visible() or ([articles.current] if articles.current else [])
        if not targets:
            self.app.notify("No story to toggle", severity="warning")
            return
        bulk = bool(articles.marked_visible())
        desk = self.desk
        go = lambda: desk.submit(lambda: desk.toggle(targets), clear_marks=bulk)  # noqa: E731
        if ask_before_republishing(self.app, targets, go):
            return  # issue 17: publishing a copy decided as a duplicate asks first
        desk.submit(lambda: desk.toggle(targets), clear_marks=bulk)

    def action_undo(self) -> None:
        # The desk's undo: a step that came from a duplicates decision retracts the
        # decision along with its files (and redo records it again).
        desk = self.desk
        desk.submit(desk.undo)

    def action_redo(self) -> None:
        desk = self.desk
        desk.submit(desk.redo)

    def action_clear_marks(self) -> None:
        self.articles.clear_marks()
        self.update_status()
