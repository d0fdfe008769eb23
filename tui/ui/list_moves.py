"""j / k / g / G in every list-like screen, as in the dashboard's list.

README and help say j/k move in the focused pane; an editor who presses `j` twice and
then `enter` must act on the row the cursor shows. Arrows, home and end are the list
widget's own; these bindings add the letters, each with its own id (remappable in a
`[keymap]`, listed in BINDING_IDS), and move whichever list has the focus: an
OptionList (SelectionList is one) or a DataTable.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, OptionList

MOVES = ("down", "up", "first", "last")


def move_bindings(prefix: str, noun: str) -> list[Binding]:
    """`j` down, `k` up, `g` first, `G` last, ids `{prefix}.down` etc., not in the footer."""
    return [
        Binding("j", "list_move('down')", "Down", id=f"{prefix}.down", show=False, tooltip=f"Next {noun}"),
        Binding("k", "list_move('up')", "Up", id=f"{prefix}.up", show=False, tooltip=f"Previous {noun}"),
        Binding("g", "list_move('first')", "First", id=f"{prefix}.first", show=False, tooltip=f"First {noun}"),
        Binding("G", "list_move('last')", "Last", id=f"{prefix}.last", show=False, tooltip=f"Last {noun}"),
    ]


def move_list(widget: Any, where: str) -> bool:
    """Move the cursor of `widget` if it is a list; whether it was one."""
    if isinstance(widget, OptionList):
        {"down": widget.action_cursor_down, "up": widget.action_cursor_up,
         "first": widget.action_first, "last": widget.action_last}[where]()  # fmt: skip
        return True
    if isinstance(widget, DataTable):
        if where in ("down", "up"):
            (widget.action_cursor_down if where == "down" else widget.action_cursor_up)()
        elif widget.row_count:
            widget.move_cursor(row=0 if where == "first" else widget.row_count - 1)
        return True
    return False


class ListMoves(Screen[Any]):
    """A screen base: `list_move` moves the focused list, else the screen's first list."""

    def action_list_move(self, where: str) -> None:
        if where not in MOVES:
            return
        if not move_list(self.focused, where):
            for widget in self.query("OptionList, DataTable"):
                if move_list(widget, where):
                    break
