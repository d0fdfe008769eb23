"""Shared by screens whose body is one VerticalScroll: j/k/g/G scroll it."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.dom import DOMNode


class ScrollBodyActions:
    """Scroll actions for a screen with a single VerticalScroll body (bindings stay
    on each screen, so their ids stay screen-specific for keymaps)."""

    def _body(self) -> VerticalScroll:
        assert isinstance(self, DOMNode), "mixed into screens"
        return self.query_one(VerticalScroll)

    def action_scroll_down(self) -> None:
        self._body().scroll_down()

    def action_scroll_up(self) -> None:
        self._body().scroll_up()

    def action_scroll_home(self) -> None:
        self._body().scroll_home()

    def action_scroll_end(self) -> None:
        self._body().scroll_end()
