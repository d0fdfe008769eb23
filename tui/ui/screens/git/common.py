"""What the git screens share: the message that carries the git service's events, a
listener that posts it, and a yes/no confirmation.

The desk's git service (tui/desk/repo.py) reports from its own thread; a screen hears
it by posting each event to itself as a `GitUpdated` message (thread-safe, never
blocking), added on mount and removed on unmount, so a closed screen hears nothing.
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.core.format.literal import cut, one_line
from tui.desk.repo import RepoState, attach
from tui.desk.repo_events import RepoEvent

NOT_GIT = "Not a git repository: the folder is not inside a git work tree (or git is not installed)"


class GitUpdated(Message, bubble=False):
    """One event of the git service, delivered on the UI thread."""

    def __init__(self, event: RepoEvent) -> None:
        super().__init__()
        self.event = event


def repo_state(screen: Screen[Any]) -> RepoState | None:
    """The desk's git service (None outside git); made on first use if the desk has none."""
    desk = getattr(screen.app, "desk", None)
    return None if desk is None else attach(desk)


class Listening:
    """Posts every git event to `screen` as `GitUpdated` while attached."""

    def __init__(self, screen: Screen[Any], state: RepoState | None) -> None:
        self.screen = screen
        self.state = state

    def __call__(self, event: RepoEvent) -> None:
        self.screen.post_message(GitUpdated(event))

    def start(self) -> None:
        if self.state is not None:
            self.state.add_listener(self)

    def stop(self) -> None:
        if self.state is not None:
            self.state.remove_listener(self)


def plain(text: str, limit: int = 200) -> Text:
    """Untrusted text (titles, ids, authors, messages) as data, one bounded line."""
    return Text(cut(one_line(text), limit))


class Confirm(ModalScreen[bool]):
    """Yes or no, for an action that changes files (discard)."""

    BINDINGS = [
        Binding("y", "yes", "Yes", id="gitconfirm.yes", tooltip="Do it"),
        Binding("n,escape", "no", "No", id="gitconfirm.no", tooltip="Leave everything as it is"),
    ]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 80; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question, 400))
            yield Static(Text("y: yes · n / escape: no"))

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


def app_desk(screen: Screen[Any]) -> Any:
    return cast(Any, screen.app).desk
