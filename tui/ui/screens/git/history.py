"""A story's history: who changed it, when, why, and what that did to its publish state.

The question editors ask is "who unpublished this, and when?"; each commit that
touched the highlighted story is one row, newest first, with the publish change in
words. `r` sets the story's `published` back to its value at the highlighted commit:
an ordinary toggle through the desk's writer thread, so `u` undoes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.wording import counted
from tui.core.git import HistoryEntry
from tui.desk.repo import RepoState
from tui.desk.repo_events import HistoryReady
from tui.ui.keys import hint_keys
from tui.ui.list_moves import move_bindings
from tui.ui.screens.git.common import GitListScreen, GitUpdated, app_desk, plain
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter


def _flag(value: bool | None) -> str:
    return "absent" if value is None else "published" if value else "unpublished"


def _publish_words(before: bool | None, after: bool | None) -> str:
    """ "published → unpublished"; a story created in that commit is "added, unpublished",
    one removed is "deleted (was published)": never "absent → …"."""
    if before is None:
        return f"added, {_flag(after)}"
    if after is None:
        return f"deleted (was {_flag(before)})"
    return f"{_flag(before)} → {_flag(after)}"


def history_row(entry: HistoryEntry) -> Text:
    text = Text()
    text.append(entry.commit[:7], style="bold")
    text.append(f"  {entry.date[:16].replace('T', ' ')}  ")
    text.append_text(plain(entry.author, 40))
    text.append("  ")
    if entry.published is not None:
        words = _publish_words(entry.published.before, entry.published.after)
        text.append(words, style="green" if entry.published.after else "yellow")
    else:
        text.append(entry.change, style="dim")
    text.append("\n         ")
    text.append_text(plain(entry.message, 160))
    return text


class HistoryScreen(GitListScreen):
    """The commits that touched one story; r sets its flag back to a commit's value."""

    NAME = "history"

    BINDINGS = [
        Binding(
            "r",
            "restore",
            "Set published back",
            id="history.restore",
            tooltip="Set the story's published to its value at the highlighted commit (Undo takes it back)",
        ),
        Binding(
            "u", "undo", "Undo", id="history.undo", tooltip="Undo the last edit (a set back too), restoring the file"
        ),
        Binding("escape,q", "back", "Back", id="history.back", tooltip="Back to the stories"),
        *move_bindings("history", "commit"),
    ]

    DEFAULT_CSS = """
    HistoryScreen #history-head { height: 1; background: $panel; }
    """

    def __init__(self, state: RepoState, story_id: str, title: str = "") -> None:
        super().__init__(state)
        self.story_id = story_id
        self.title_text = title
        self.entries: tuple[HistoryEntry, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(plain(f" History of {self.title_text or self.story_id}: loading…", 200), id="history-head")
        yield OptionList(id="history-list")
        yield DeskFooter(first=SCREEN_FIRST)  # back and help first, no key cut (issue 18)

    def ask(self) -> None:
        self.state.history(self.story_id)

    def on_git_updated(self, message: GitUpdated) -> None:
        event = message.event
        if not isinstance(event, HistoryReady) or event.id != self.story_id:
            return
        head = self.query_one("#history-head", Static)
        if event.problem is not None:
            head.update(plain(f" {event.problem.message}", 300))
            return
        self.entries = event.entries
        self.listing.clear_options()
        self.listing.add_options([Option(history_row(e)) for e in self.entries])
        if self.entries:
            self.listing.highlighted = 0
        n = len(self.entries)
        about = self.title_text or self.story_id
        restore = hint_keys(self.app, self.BINDINGS, "history.restore")  # the key in force
        head.update(plain(f" {about}: {counted(n, 'commit')}, newest first · {restore} sets published back", 200))

    def action_restore(self) -> None:
        index = self.listing.highlighted
        if index is None or not 0 <= index < len(self.entries):
            return
        entry = self.entries[index]
        self.state.set_published_from(self.story_id, entry.commit)
        self.app.notify(f"Setting published as at {entry.commit[:7]}…", timeout=2, markup=False)

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()

    def action_undo(self) -> None:
        desk = app_desk(self)
        desk.submit(desk.undo)

    def action_back(self) -> None:
        self.app.pop_screen()
