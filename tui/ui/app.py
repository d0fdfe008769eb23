"""The Textual application: composes screens and runs long work off the UI thread.

It owns no data logic. Loading runs in a thread worker that feeds the store in
batches; every edit goes through one writer thread, in key-press order, so the
screen never waits on a disk and `q` can wait for the last write to land. Duplicate
suggestions follow the folder on the finder's own thread (see core/duplicates.py):
the UI thread only reads them.
"""

from __future__ import annotations

import gc
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timezone

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.disk import folder
from tui.core.dupes.finder import DuplicateFinder
from tui.core.graph import Graph
from tui.core.store.store import DiskState, EditOutcome, Store
from tui.core.disk.watcher import FolderWatcher
from tui.ui.screens.duplicates import DuplicatesScreen
from tui.ui.screens.help import HelpScreen, binding_rows
from tui.ui.screens.main import MainScreen
from tui.ui.palette import FilterCommands
from tui.ui.messages import EditFinished
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.article_list import ArticleList
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.graph_view import GraphView

Edit = Callable[[], EditOutcome]


class NewsdeskApp(App[int]):
    CSS_PATH = "newsdesk.tcss"
    COMMANDS = App.COMMANDS | {FilterCommands}
    TITLE = "newsdesk"

    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Quit, after every write has finished"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="This screen"),
        Binding("e", "problems", "Problems", id="app.problems", tooltip="Files that did not load, and why"),
        Binding("d", "duplicates", "Duplicates", id="app.duplicates", tooltip="Review suggested near-duplicate stories"),
        Binding("tab", "focus_next", "Next pane", id="app.focus_next", tooltip="Focus the next pane: list, detail, graph", show=False),
        Binding("shift+tab", "focus_previous", "Previous pane", id="app.focus_previous", tooltip="Focus the previous pane", show=False),
    ]

    def __init__(
        self,
        root: str,
        *,
        store: Store | None = None,
        load: bool = True,
        watch: bool = True,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.root = root
        # "5 years ago" depends on today; snapshot tests pin the clock.
        self.clock = clock or (lambda: datetime.now(timezone.utc))
        self.store = store or Store(root)
        self.dupes = DuplicateFinder(self.store)
        self.graph = Graph(self.store, duplicate_pairs=self.dupes.pairs)
        self._load_on_mount = load and store is None
        self._edits: queue.Queue[tuple[Edit, bool] | None] = queue.Queue()
        self._pending = 0
        self._pending_lock = threading.Lock()
        self._quitting = False
        self.watcher = FolderWatcher(root, self._on_disk_change) if watch else None
        self._switch_before = sys.getswitchinterval()

    # -- start-up ----------------------------------------------------------------
    SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005

    def on_mount(self) -> None:
        # The UI thread shares the interpreter with loading, duplicate finding and
        # search threads; each time it waits for the lock back it waited up to the
        # switch interval. At 1 ms instead of 5, cursor keys during the background
        # duplicate pass at 100,000 stories went from p50 29 / p90 42 ms to 17-26 / 21-32.
        self._switch_before = sys.getswitchinterval()
        sys.setswitchinterval(self.SWITCH_INTERVAL)
        self.push_screen(MainScreen(self.store))
        self._writer()
        if self.watcher is not None:
            # Watch before the first scan, so nothing that changes during loading is missed.
            self.watcher.start()
        if self._load_on_mount:
            self._load()
        else:
            self.store.finish_loading()
            self._dedupe_worker()

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    @work(thread=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        for batch in folder.iter_load(self.root):
            self.call_from_thread(self._add_batch, batch)
        self.call_from_thread(self.store.finish_loading)
        self.store.prepare_search()  # here, not on the first keystroke after `/`
        self._find_duplicates()

    @work(thread=True, group="dedupe", exit_on_error=False)
    def _dedupe_worker(self) -> None:
        self._find_duplicates()

    FREEZE_ABOVE = 10_000  # stories

    def _find_duplicates(self) -> None:
        """Runs on the loader thread, after loading: the dashboard is usable meanwhile."""
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= 0.1 or done >= total:
                last = now
                self.call_from_thread(self.main.show_progress, "Finding duplicates", done, total)

        try:
            self.dupes.run(progress)
        except RuntimeError:  # the app closed while we were still looking
            return
        if len(self.store) >= self.FREEZE_ABOVE:
            # The duplicate index lives as long as the app, as the stories and the
            # search index do (frozen when they were built): out of the cyclic
            # collector's sight, a full collection no longer walks it (at 100,000
            # stories that walk stopped every thread, the UI's too, for about 0.45 s,
            # and a re-score's allocations set one off). What it replaces is still
            # freed; only cyclic garbage lying around right now would stay, which is
            # why small folders (and test runs) skip this.
            gc.freeze()
        try:
            self.call_from_thread(self._duplicates_ready)
        except RuntimeError:
            return

    def _duplicates_ready(self) -> None:
        self.main.show_progress("Finding duplicates", 1, 1)
        for screen in self.screen_stack:
            if isinstance(screen, DuplicatesScreen):
                screen.refresh_queue()

    def duplicates_of(self, story_id: str) -> list[tuple[str, int]]:
        """For the detail pane: this story's suspected copies, best first."""
        return self.dupes.duplicates_of(story_id) if self.dupes.ready else []

    def _add_batch(self, batch: folder.Batch) -> None:
        self.store.add_batch(batch.stories, batch.problems)
        self.main.show_progress("Loading stories", batch.done, batch.total)

    # -- the folder changing under us ----------------------------------------------
    SYNC_BATCH = 500

    def _on_disk_change(self, ids: set[str], folders: set[str]) -> None:
        """Watcher thread: re-read what changed, hand it to the store in batches."""
        for prefix in folders:
            ids.update(self.store.ids_under(prefix))
            if self.store.get(prefix) is not None or prefix in self.store.problems:
                ids.add(prefix)
        todo = sorted(ids)
        for start in range(0, len(todo), self.SYNC_BATCH):
            chunk = todo[start : start + self.SYNC_BATCH]
            states = [DiskState(sid, *self._read(sid)) for sid in chunk]
            done = min(start + self.SYNC_BATCH, len(todo))
            try:
                self.call_from_thread(self._apply_disk_states, states, done, len(todo))
            except RuntimeError:  # the app is shutting down
                return

    def _read(self, sid: str) -> tuple[object, tuple, bool]:
        story, problems, exists = folder.read_current(self.root, sid)
        return story, tuple(problems), exists

    def _apply_disk_states(self, states: list[DiskState], done: int, total: int) -> None:
        self.store.sync_files(states)
        if total > self.SYNC_BATCH:
            self.main.show_progress("Applying folder changes", done, total)

    # -- edits -------------------------------------------------------------------
    def submit_edit(self, edit: Edit, *, clear_marks: bool = False) -> None:
        """Queue an edit for the writer thread; results come back as EditFinished."""
        with self._pending_lock:
            self._pending += 1
        self._edits.put((edit, clear_marks))

    @work(thread=True, group="writer", exit_on_error=False)
    def _writer(self) -> None:
        while True:
            item = self._edits.get()
            if item is None:
                return
            edit, clear_marks = item
            try:
                outcome = edit()
            except Exception as exc:  # a bug must not kill the writer and lose later edits
                outcome = EditOutcome(False, f"Edit failed: {exc}")
            # The count drops when the UI has taken the result in (on_edit_finished), so
            # "no pending writes" also means "the screen shows every result".
            self.post_message(EditFinished(outcome, clear_marks=clear_marks))

    def on_edit_finished(self, message: EditFinished) -> None:
        with self._pending_lock:
            self._pending -= 1
        if not self.screen_stack:  # closing down
            return
        outcome = message.outcome
        # markup=False: the message quotes story titles, which are untrusted text.
        self.notify(outcome.message, severity="information" if outcome.ok else "error", markup=False, timeout=4 if outcome.ok else 8)
        if message.clear_marks and outcome.ok:
            self.main.articles.unmark(outcome.changed)
        if self.screen is not self.main:
            self.screen.post_message(EditFinished(outcome))  # does not bubble back here
        if self._quitting and not outcome.ok:
            # Leave the reason on screen: quitting now would hide a failed write.
            self._quitting = False
            self.notify("Quit cancelled so you can read the error above; press q again to quit.", severity="warning", timeout=8)
        elif self._quitting and self.pending_writes == 0:
            self.exit(0)

    def on_unmount(self) -> None:
        self._edits.put(None)  # let the writer thread end once queued edits are done
        if self.watcher is not None:
            self.watcher.stop()
        self.dupes.close(wait=False)  # a re-score under way must not hold up quitting
        sys.setswitchinterval(self._switch_before)  # the process's own, for whatever runs on

    @property
    def pending_writes(self) -> int:
        with self._pending_lock:
            return self._pending

    async def action_quit(self) -> None:
        if self.pending_writes:
            self._quitting = True
            self.notify(f"Finishing {self.pending_writes} write(s) before quitting…", timeout=3, markup=False)
            return
        self.exit(0)

    # -- screens -----------------------------------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [
            ("Everywhere", binding_rows(self.BINDINGS) + [("ctrl+p", "Command palette")]),
            ("Dashboard", binding_rows(MainScreen.BINDINGS)),
            ("Article list", binding_rows(ArticleList.BINDINGS)),
            ("Detail pane", binding_rows(DetailPane.BINDINGS)),
            ("Graph pane", binding_rows(GraphView.BINDINGS)),
            ("Duplicate review", binding_rows(DuplicatesScreen.BINDINGS)),
            ("Problems screen", binding_rows(ProblemsScreen.BINDINGS)),
        ]

    def action_duplicates(self) -> None:
        if isinstance(self.screen, DuplicatesScreen):
            self.pop_screen()
            return
        self.push_screen(DuplicatesScreen(self.dupes))

    def action_problems(self) -> None:
        if isinstance(self.screen, ProblemsScreen):
            self.pop_screen()
            return
        self.push_screen(ProblemsScreen(self.store))

    # -- command palette -----------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The active screen's own actions (only those), then the app's."""
        commands: list[tuple[str, str, Callable[[], object]]] = []
        if isinstance(screen, MainScreen):
            main = screen
            commands = [
                ("Search stories", "Titles, excerpts and providers as you type; typos too (/)", main.action_search),
                ("Cycle sort", "date, heat, quality, provider, title; again reverses (s)", main.action_cycle_sort),
                ("Reverse sort", "Flip the current sort direction (S)", main.action_reverse_sort),
                ("Cycle filter", "all, published, unpublished, has duplicates (f)", main.action_cycle_filter),
                ("Clear filters", "Show every story", main.clear_filters),
                ("Toggle publish", "On marked stories, or the highlighted one (p)", main.action_toggle_publish),
                ("Mark story", "Mark / unmark the highlighted story (space)", main.articles.action_toggle_mark),
                ("Clear marks", "Unmark every story (M)", main.action_clear_marks),
                ("Undo", "Undo the last edit, restoring the files (u)", main.action_undo),
                ("Redo", "Redo the last undone edit (ctrl+r)", main.action_redo),
                ("Linked components", "The folder's linked stories, largest group first (C)", main.action_components),
            ]
        elif isinstance(screen, DuplicatesScreen):
            commands = [
                ("Mark duplicates", "Keep the ★ copy published, unpublish the others (m)", screen.action_mark),
                ("Choose kept copy", "Pick another copy to keep (c)", screen.action_choose),
                ("Not duplicates", "Record that they are different stories (x)", screen.action_distinct),
                ("Next suggestion", "(n)", screen.action_next),
                ("Previous suggestion", "(N)", screen.action_previous),
                ("Undo decision", "Undo the last decision, files and record (u)", screen.action_undo),
            ]
        elif isinstance(screen, ProblemsScreen):
            commands = [("Show or hide warnings", "(w)", screen.action_toggle_warnings)]
        commands += [
            ("Review duplicates", "Settle suggested near-duplicate stories (d)", self.action_duplicates),
            ("Problems", "Files that did not load, and why (e)", self.action_problems),
            ("Help", "Every key (?)", self.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
        yield from super().get_system_commands(screen)


def run(root: str) -> int:
    app = NewsdeskApp(root)
    result = app.run()
    return result or 0
