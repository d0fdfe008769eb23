"""The conflicts screen: stories two editors changed differently, both sides, one choice each.

A sync that meets a real conflict has already been undone by the core (the branch back
where it was, its own commits kept, nothing pushed), so this screen can take its time:
it shows each story as "you: unpublished · Bob, 10:42, abc1234: published", the
editor picks a side per story (or for all), and the sync runs again with those
choices (tui/core/git/sync.py `choices`). Leaving without choosing changes nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.wording import counted
from tui.core.git import Prefer, StoryConflict, SyncResult
from tui.desk.repo import RepoState
from tui.ui.list_moves import move_bindings
from tui.ui.screens.git.common import GitListScreen, keys_for, plain
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter

SIDE_WORDS: dict[Prefer, str] = {"mine": "yours", "theirs": "theirs"}


def _flag(value: bool | None) -> str:
    return "absent" if value is None else "published" if value else "unpublished"


INDENT = "\n          "
SIDE_LINES = 4  # lines of each side's change (Side.diff is bounded too)


def _side_lines(text: Text, who: str, lines: tuple[str, ...]) -> None:
    """ "you changed:" / "they changed:" and that side's change in editor words."""
    text.append(INDENT)
    text.append(who, style="bold")
    if not lines:
        return
    text.append_text(plain(lines[0], 110))
    for line in lines[1:SIDE_LINES]:
        text.append(INDENT + " " * len(who))
        text.append_text(plain(line, 110))
    if len(lines) > SIDE_LINES:
        text.append(INDENT + " " * len(who) + f"… {len(lines) - SIDE_LINES} more", style="dim")


def conflict_row(conflict: StoryConflict, choice: Prefer | None) -> Text:
    """The story, who did what (each side at its latest), what each side changed in
    editor words ("title: old → new", "published: true → false"), what each choice keeps."""
    text = Text()
    text.append("[" + (SIDE_WORDS[choice] if choice else "choose").center(7) + "] ", style="bold" if choice else "red")
    text.append_text(plain(conflict.title or conflict.id, 90))
    text.append("  ")
    text.append_text(plain(conflict.id, 60))
    text.append(INDENT)
    text.append_text(plain(conflict.describe(), 160))
    _side_lines(text, "yours:  ", conflict.mine.diff)
    _side_lines(text, "theirs: ", conflict.theirs.diff)
    text.append(INDENT, style="dim")
    text.append(
        f"keeps: yours {_flag(conflict.mine.published)} · theirs {_flag(conflict.theirs.published)}", style="dim"
    )
    return text


def _keys(screen: Screen[None], action: str) -> str:
    return keys_for(screen, ConflictsScreen.BINDINGS, action)


class ConflictsScreen(GitListScreen):
    """Both sides per story; m / t choose, M / T for all, enter syncs with the choices."""

    NAME = "conflicts"
    LISTENS = False  # it only sends: the sync it starts answers on the dashboard

    BINDINGS = [
        Binding("m", "mine", "Mine", id="conflicts.mine", tooltip="Keep your side of the highlighted story"),
        Binding(
            "t",
            "theirs",
            "Theirs",
            id="conflicts.theirs",
            tooltip="Keep the other editor's side of the highlighted story",
        ),
        Binding("M", "all_mine", "All mine", id="conflicts.all_mine", tooltip="Keep your side of every story"),
        Binding(
            "T", "all_theirs", "All theirs", id="conflicts.all_theirs", tooltip="Keep the other side of every story"
        ),
        Binding(
            "enter",
            "apply",
            "Sync",
            id="conflicts.apply",
            tooltip="Sync again, each story taking the side chosen",
            priority=True,  # over the list's own enter, so the footer shows it: the way to finish
        ),
        Binding(
            "escape,q", "back", "Back", id="conflicts.back", tooltip="Leave; nothing was changed and nothing is pushed"
        ),
        *move_bindings("conflicts", "story"),
    ]

    DEFAULT_CSS = """
    ConflictsScreen #conflicts-head { height: auto; background: $panel; }
    """

    def __init__(self, state: RepoState, result: SyncResult) -> None:
        super().__init__(state)
        self.conflicts = result.conflicts
        self.choices: dict[str, Prefer] = {}
        self._message = result.message

    def compose(self) -> ComposeResult:
        yield Static(id="conflicts-head")
        yield OptionList(id="conflicts-list")
        # back, then the key that finishes (enter), then help: at 80 columns enter stays
        yield DeskFooter(first=(*SCREEN_FIRST[:2], "apply", *SCREEN_FIRST[2:]))

    def ask(self) -> None:
        self._redraw()  # nothing to ask: the sync's answer came with the screen

    def _redraw(self) -> None:
        listing = self.listing
        at = listing.highlighted
        listing.clear_options()
        listing.add_options([Option(conflict_row(c, self.choices.get(c.id)), id=None) for c in self.conflicts])
        if self.conflicts:
            listing.highlighted = min(at or 0, len(self.conflicts) - 1)
        left = sum(c.id not in self.choices for c in self.conflicts)
        n = len(self.conflicts)
        # The keys line first: it is what the editor needs to finish, and it must not be
        # the line that a narrow terminal pushes out.
        mine, theirs = _keys(self, "mine"), _keys(self, "theirs")
        every = f"{_keys(self, 'all_mine')} / {_keys(self, 'all_theirs')}"
        finish = _keys(self, "apply")
        keys = f" {left} to choose · {mine} mine · {theirs} theirs · {every} for all · {finish} syncs"
        head = Text(keys if left else f" all chosen · {finish} syncs with your choices", style="bold")
        head.append(f"\n {counted(n, 'story')} changed differently by you and another editor;")
        head.append(" nothing changed or pushed yet")
        self.query_one("#conflicts-head", Static).update(head)

    def _choose(self, side: Prefer, every: bool = False) -> None:
        if every:
            self.choices = {c.id: side for c in self.conflicts}
        else:
            index = self.listing.highlighted
            if index is None or not 0 <= index < len(self.conflicts):
                return
            self.choices[self.conflicts[index].id] = side
            if index + 1 < len(self.conflicts):
                self.listing.highlighted = index + 1
        self._redraw()

    def action_mine(self) -> None:
        self._choose("mine")

    def action_theirs(self) -> None:
        self._choose("theirs")

    def action_all_mine(self) -> None:
        self._choose("mine", every=True)

    def action_all_theirs(self) -> None:
        self._choose("theirs", every=True)

    def action_apply(self) -> None:
        missing = [c.id for c in self.conflicts if c.id not in self.choices]
        if missing:
            self.app.notify(f"Choose a side for {counted(len(missing), 'more story', 'more stories')}",
                            severity="warning", timeout=4, markup=False)  # fmt: skip
            return
        self.state.sync(choices=dict(self.choices))
        self.app.pop_screen()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()  # enter on the list: the list takes the key before the screen's binding
        self.action_apply()

    def action_back(self) -> None:
        self.app.notify("Sync left undone: nothing was changed or pushed", timeout=4)
        self.app.pop_screen()
