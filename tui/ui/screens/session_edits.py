"""This session's edits, newest first, each one undoable from here.

The desk keeps every edit as an undo step; `u` reverts them one by one from the
newest. An editor who sees, ten edits later, that one publish was wrong wants to
undo that one and keep the rest: `enter` here undoes the highlighted step alone
(the store replays its lines backwards, even with later edits on top). The newest
step goes through the desk's own undo, so a duplicates decision takes its record along.
Labels quote titles: they are shown as plain `Content`, never markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.literal import one_line
from tui.core.format.wording import counted
from tui.core.store.records import EditStep
from tui.ui.keys import hint_keys
from tui.ui.list_moves import ListMoves, move_bindings
from tui.ui.messages import EditFinished
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter

LABEL_CHARS = 200


class SessionEditsScreen(ListMoves, Screen[None]):
    BINDINGS = [
        Binding("enter", "undo_step", "Undo this edit", id="session.undo"),
        Binding("escape,L,q", "app.pop_screen", "Back", id="session.close", tooltip="Back to the dashboard"),
        *move_bindings("session", "edit"),
    ]

    DEFAULT_CSS = """
    SessionEditsScreen > #session-title { height: 1; background: $panel; padding: 0 1; }
    SessionEditsScreen > OptionList { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__(id="session-edits")
        self.steps: list[EditStep] = []

    def compose(self) -> ComposeResult:
        yield Static(id="session-title", markup=False)
        yield OptionList()
        yield DeskFooter(first=SCREEN_FIRST)  # back and help first, no key cut (issue 18)

    def on_mount(self) -> None:
        self.fill()
        self.query_one(OptionList).focus()

    def fill(self) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        self.steps = list(reversed(store.undo_steps()))
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for step in self.steps:
            files = len(step.edits)
            label = f"{one_line(step.label[:LABEL_CHARS])}  ({counted(files, 'file')})"
            options.add_option(Option(Content(label)))
        if self.steps:
            options.highlighted = min(highlighted or 0, len(self.steps) - 1)
        count = len(self.steps)
        undo = hint_keys(self.app, self.BINDINGS, "session.undo")  # the key in force
        title = f"This session's edits: {count}, newest first · {undo} undoes the highlighted one"
        self.query_one("#session-title", Static).update(title if count else "No edits in this session yet")

    def action_undo_step(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.steps):
            return
        step = self.steps[index]
        desk = self.app.desk  # type: ignore[attr-defined]
        if index == 0:
            desk.submit(desk.undo)  # the newest: the desk's undo (a decision's record goes too)
        else:
            desk.submit(lambda: desk.undo_step(step))

    def on_edit_finished(self, message: EditFinished) -> None:
        self.fill()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # `enter` on the list: the option list takes the key before the screen
        self.action_undo_step()
