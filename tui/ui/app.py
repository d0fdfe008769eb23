"""The Textual application: composes screens and turns the desk's events into messages.

It owns no data logic and runs no long work: the desk (`tui.desk`) loads the folder,
finds duplicates, follows outside changes and runs every edit on its writer thread,
and reports from its threads with typed events. Each event becomes a message
(`post_message`: thread-safe, never blocking, progress coalesced), so a busy frame
never holds up the desk, and a desk still reporting while the app closes is simply
not heard. What stays here is what only the screen needs: notifications, quitting
after the last write, and the interpreter's switch interval for the UI thread.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.dupes.finder import DuplicateFinder
from tui.core.graph import Graph
from tui.core.store.store import Store
from tui.desk import FINDING_DUPLICATES, Desk, DeskEvent
from tui.desk.settings import Settings, load_settings
from tui.ui.configure import announce_problems, apply_settings
from tui.ui.failures import SessionFailures
from tui.ui.keys import hint_keys
from tui.ui.messages import BackgroundFailed, DuplicatesFound, EditFinished, ProgressChanged, desk_message
from tui.ui.palette import FilterCommands, system_commands
from tui.ui.palette_search import DeskCommands
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.duplicates.screen import DuplicatesScreen
from tui.ui.screens.help import HelpScreen, help_sections
from tui.ui.screens.problems import ProblemsScreen


class NewsdeskApp(App[int]):
    CSS_PATH = "newsdesk.tcss"
    # Textual's system-command provider, replaced by one that also finds an action by its words.
    COMMANDS = {DeskCommands, FilterCommands}
    TITLE = "newsdesk"

    BINDINGS = [
        Binding(
            "q",
            "quit",
            "Quit",
            id="app.quit",
            tooltip="Quit, after every write has finished (from the dashboard; other screens close instead)",
        ),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="This screen"),
        Binding("e", "problems", "Problems", id="app.problems", tooltip="Files that did not load, and why"),
        Binding(
            "d", "duplicates", "Duplicates", id="app.duplicates", tooltip="Review suggested near-duplicate stories"
        ),
        Binding(
            "tab",
            "focus_next",
            "Next pane",
            id="app.focus_next",
            tooltip="Focus the next pane: list, detail, graph",
            show=False,
        ),
        Binding(
            "shift+tab",
            "focus_previous",
            "Previous pane",
            id="app.focus_previous",
            tooltip="Focus the previous pane",
            show=False,
        ),
    ]

    def __init__(
        self,
        root: str,
        *,
        store: Store | None = None,
        load: bool = True,
        watch: bool = True,
        clock: Callable[[], datetime] | None = None,
        desk: Desk | None = None,
        settings: Settings | None = None,
    ) -> None:
        """`store`: one already filled (nothing is loaded then); `desk`: one built by the
        caller (`store`, `watch` and `settings` are then its own); `settings`: the loaded
        settings (tui.desk.settings; None: read them for `root`), whose keymap and theme
        apply here and whose [dupes] tune the desk's duplicate finder."""
        super().__init__()
        self.root = root
        # "5 years ago" depends on today; snapshot tests pin the clock.
        self.clock = clock or (lambda: datetime.now(UTC))
        self.settings = apply_settings(self, load_settings(root) if settings is None else settings)
        self.desk = desk or Desk(root, store=store, watch=watch, settings=self.settings)
        self._load_on_mount = load and store is None
        self._quitting = False
        # EditDone events posted and not yet handled: with the desk's own count, "no
        # pending writes" also means "the screen shows every result".
        self._undelivered = 0
        self._undelivered_lock = threading.Lock()
        self._switch_before = sys.getswitchinterval()
        self.failures = SessionFailures()  # background failures, listed under `e`

    # What the screens and tests read; the desk owns them.
    @property
    def store(self) -> Store:
        return self.desk.store

    @property
    def dupes(self) -> DuplicateFinder:
        return self.desk.finder

    @property
    def graph(self) -> Graph:
        return self.desk.graph

    # -- start-up ----------------------------------------------------------------
    SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005

    def on_mount(self) -> None:
        # The UI thread shares the interpreter with loading, duplicate finding and
        # search threads; each time it waits for the lock back it waited up to the
        # switch interval. At 1 ms instead of 5, cursor keys during the background
        # duplicate pass at 100,000 stories went from p50 29 / p90 42 ms to 17-26 / 21-32.
        self._switch_before = sys.getswitchinterval()
        sys.setswitchinterval(self.SWITCH_INTERVAL)
        main = MainScreen(self.store)
        main.query_state = self.settings.ui.initial_query()  # [ui] sort
        self.push_screen(main)
        announce_problems(self)  # a bad settings file: named at start, listed under `e`
        self.desk.subscribe(self._on_desk_event)  # first: events held since an early start come now
        if not self.desk.started:  # the command line starts it before importing Textual
            self.desk.start(load=self._load_on_mount)
        # An early desk loaded one batch and waits: the first frame is drawn, then it goes on.
        self.call_after_refresh(self.desk.driver_ready)

    def on_unmount(self) -> None:
        self.desk.unsubscribe(self._on_desk_event)
        # Edits already queued still land; a re-score or pass under way is not waited for.
        self.desk.close()
        sys.setswitchinterval(self._switch_before)  # the process's own, for whatever runs on

    @property
    def main(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def _show_progress(self, label: str, done: int, total: int) -> None:
        main = next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)
        if main is not None and main.is_mounted:
            main.show_progress(label, done, total)

    def duplicates_of(self, story_id: str) -> list[tuple[str, int]]:
        """For the detail pane: this story's suspected copies, best first."""
        return self.dupes.duplicates_of(story_id) if self.dupes.ready else []

    # -- desk events (the desk's threads) -> messages (this thread) ------------------
    def _on_desk_event(self, event: DeskEvent) -> None:
        message = desk_message(event)
        counted = isinstance(message, EditFinished)
        if counted:
            with self._undelivered_lock:
                self._undelivered += 1
        if not self.post_message(message) and counted:  # closing: nobody will take it in
            with self._undelivered_lock:
                self._undelivered -= 1

    def on_progress_changed(self, message: ProgressChanged) -> None:
        self._show_progress(message.label, message.done, message.total)

    def on_duplicates_found(self, message: DuplicatesFound) -> None:
        self._show_progress(FINDING_DUPLICATES, 1, 1)
        for screen in self.screen_stack:
            if isinstance(screen, DuplicatesScreen):
                screen.refresh_queue()
        self._refill_problems()  # the decision log's problems are known now

    def on_background_failed(self, message: BackgroundFailed) -> None:
        failure = self.failures.add(message.where, message.text, message.story_id)
        about = f" ({failure.id[:120]})" if failure.id else ""
        text = f"{failure.where.capitalize()} failed{about}: {failure.message[:300]} (listed under Problems)"
        self.notify(text, severity="error", markup=False, timeout=10)
        self._refill_problems()

    def _refill_problems(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ProblemsScreen) and screen.is_mounted:
                screen.fill()

    # -- edits -------------------------------------------------------------------
    def on_edit_finished(self, message: EditFinished) -> None:
        with self._undelivered_lock:
            self._undelivered -= 1
        if not self.screen_stack:  # closing down
            return
        outcome = message.outcome
        # markup=False: the message quotes story titles, which are untrusted text.
        ok = outcome.ok
        self.notify(outcome.message, severity="information" if ok else "error", markup=False, timeout=4 if ok else 8)
        if message.clear_marks and outcome.ok:
            self.main.articles.unmark(outcome.changed)
        if self.screen is not self.main:
            self.screen.post_message(EditFinished(outcome))  # does not bubble back here
        if self._quitting and not outcome.ok:
            # Leave the reason on screen: quitting now would hide a failed write.
            self._quitting = False
            quit_keys = hint_keys(self, type(self).BINDINGS, "app.quit")  # the key in force
            cancelled = f"Quit cancelled so you can read the error above; press {quit_keys} again to quit."
            self.notify(cancelled, severity="warning", timeout=8, markup=False)
        elif self._quitting and self.pending_writes == 0:
            self.exit(0)

    @property
    def pending_writes(self) -> int:
        with self._undelivered_lock:
            return self.desk.pending_edits + self._undelivered

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
        """Every binding, grouped, with the keys in force (the keymap applied)."""
        return help_sections(self)

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
    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every binding of the active screen with the key in force, then Textual's own."""
        return system_commands(self, screen, super().get_system_commands(screen))


def run(root: str) -> int:
    app = NewsdeskApp(root)
    result = app.run()
    return result or 0
