"""What the git screens share: the frame of a git screen around its rows
(`GitListScreen`), the message that carries the git service's events, a listener that
posts it, and a yes/no confirmation.

The desk's git service (tui/desk/repo.py) reports from its own thread; a screen hears
it by posting each event to itself as a `GitUpdated` message (thread-safe, never
blocking), added on mount and removed on unmount, so a closed screen hears nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static

from tui.core.format.literal import cut, one_line
from tui.desk.repo import RepoState, attach
from tui.desk.repo_events import RepoEvent
from tui.ui.keys import hint_keys, key_label, keymap_of, keys_in_force
from tui.ui.list_moves import ListMoves

NOT_GIT = "Not a git repository: the folder is not inside a git work tree (or git is not installed)"
LOOKING = "Still looking for the folder's git repository; try again in a moment"


class GitUpdated(Message, bubble=False):
    """One event of the git service, delivered on the UI thread."""

    def __init__(self, event: RepoEvent) -> None:
        super().__init__()
        self.event = event


def repo_state(screen: Screen[Any]) -> RepoState | None:
    """The desk's git service (None outside git; `located` None while it still looks
    for the work tree); made on first use if the desk has none."""
    desk = getattr(screen.app, "desk", None)
    return None if desk is None else attach(desk)


def ready_state(screen: Screen[Any]) -> RepoState | None:
    """The git service for a key that needs it now; None after saying why not."""
    state = repo_state(screen)
    if state is None or state.located is False:
        screen.app.notify(NOT_GIT, severity="warning", timeout=4)
        return None
    if state.located is None:
        screen.app.notify(LOOKING, timeout=3)
        return None
    return state


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


class GitListScreen(ListMoves, Screen[None]):
    """A git screen's frame: its id (`NAME`, its list `#NAME-list`), the git service
    (`state`), the first question to the git thread (`ask`) on mount before the list
    takes the focus, and the service's events as `GitUpdated` from mount to unmount
    (`LISTENS`), so no screen can forget to stop hearing them. The screen composes
    its own heading, list and footer."""

    NAME: ClassVar[str] = "git"
    LISTENS: ClassVar[bool] = True
    DEFAULT_CSS = """
    GitListScreen OptionList { height: 1fr; }
    """

    def __init__(self, state: RepoState) -> None:
        super().__init__(id=self.NAME)
        self.state = state
        self._listening = Listening(self, state if self.LISTENS else None)

    @property
    def listing(self) -> OptionList:
        return self.query_one(f"#{self.NAME}-list", OptionList)

    def ask(self) -> None:
        """What the screen asks the git thread first (the answer comes as `GitUpdated`)."""

    def on_mount(self) -> None:
        self._listening.start()
        self.ask()
        self.listing.focus()

    def on_unmount(self) -> None:
        self._listening.stop()


def keys_for(screen: Screen[Any], bindings: Iterable[BindingType], action: str) -> str:
    """The keys in force for `action` among `bindings` (after the keymap), for people:
    what a screen's heading names, so a remapped key reads right there too."""
    keymap = keymap_of(screen.app)
    for binding in bindings:
        if isinstance(binding, Binding) and binding.action == action:
            return key_label(keys_in_force(binding, keymap)).replace(" ", " / ")
    return action


def plain(text: str, limit: int = 200) -> Text:
    """Untrusted text (titles, ids, authors, messages) as data, one bounded line."""
    return Text(cut(one_line(text), limit))


class Confirm(ModalScreen[bool]):
    """Yes or no, for an action that changes files (discard); `details`: a line each."""

    BINDINGS = [
        Binding("y", "yes", "Yes", id="gitconfirm.yes", tooltip="Do it"),
        Binding("n,escape", "no", "No", id="gitconfirm.no", tooltip="Leave everything as it is"),
    ]
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical { width: 80; height: auto; border: thick $warning; background: $surface; padding: 1 2; }
    Confirm #confirm-details, Confirm #confirm-keys { margin-top: 1; }
    """

    def __init__(self, question: str, details: Sequence[str] = ()) -> None:
        super().__init__()
        self.question = question
        self.details = tuple(details)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question, 400), id="confirm-question")
            if self.details:
                lines = Text()
                for i, line in enumerate(self.details[:20]):
                    if i:
                        lines.append("\n")
                    lines.append_text(plain(line, 300))
                yield Static(lines, id="confirm-details")
            yes, no = (hint_keys(self.app, self.BINDINGS, f"gitconfirm.{w}", " / ") for w in ("yes", "no"))
            yield Static(Text(f"{yes}: yes · {no}: no"), id="confirm-keys")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


def app_desk(screen: Screen[Any]) -> Any:
    return cast(Any, screen.app).desk
