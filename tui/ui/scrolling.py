"""Shared by screens whose body is one VerticalScroll: j/k/g/G scroll it.

A key scrolls a line at once, not by animation: Textual's animated `scroll_down` aims
each step from where the running animation will end, and a burst of keys (a held `j`,
keys typed ahead while the app is busy) moved the text one line for ten presses (the
editor trial, in the detail pane at 80x24).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.widget import Widget


def step(widget: Widget, lines: int) -> None:
    """Scroll `widget` by `lines` now; a burst of keys adds up line by line."""
    widget.scroll_to(y=widget.scroll_y + lines, animate=False, immediate=True)


class ScrollBodyActions:
    """Scroll actions for a screen with a single VerticalScroll body (bindings stay
    on each screen, so their ids stay screen-specific for keymaps)."""

    def _body(self) -> VerticalScroll:
        assert isinstance(self, DOMNode), "mixed into screens"
        return self.query_one(VerticalScroll)

    def action_scroll_down(self) -> None:
        step(self._body(), 1)

    def action_scroll_up(self) -> None:
        step(self._body(), -1)

    def action_scroll_home(self) -> None:
        self._body().scroll_home()

    def action_scroll_end(self) -> None:
        self._body().scroll_end()
