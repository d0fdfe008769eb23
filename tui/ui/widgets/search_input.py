"""The search box: an `Input` whose keystrokes do not re-lay out the whole screen.

`Input` sets its `virtual_size` to the text's width on every change, and on a
`Widget` that is a layout reactive: each letter typed re-arranged every widget on the
screen before the list could show the new hits (6 ms of a keystroke at 160x45, and
the frame it took delayed the one with the hits by up to a frame period). The box has
a fixed size; its virtual width only bounds its own horizontal scroll, which `Input`
reads directly, so a repaint is all a new width needs.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchInput(Input):
    """The footer shows these while the box has focus (the letters are the box's)."""

    BINDINGS = [
        Binding("enter", "submit", "Keep search", id="search.keep", tooltip="Keep the search and go back to the list"),
        Binding("escape", "screen.clear", "Clear search", id="search.clear", tooltip="Clear the search"),
        Binding(
            "down", "screen.focus_list", "To the list", id="search.to_list", tooltip="Move to the list, search kept"
        ),
    ]

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
