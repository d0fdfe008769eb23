"""The footer, with the keys an editor cannot do without first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's,
and cuts off what does not fit: at 80 columns quit, help, duplicates and problems
fell off the end (issue 18). This one puts those first and draws compact (less
space around each key) below `COMPACT_BELOW` columns; the rest follow in order.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Actions shown first, in this order, wherever they are bound.
FIRST = ("quit", "app.quit", "help", "app.help", "duplicates", "app.duplicates", "problems", "app.problems")
COMPACT_BELOW = 120  # columns


class DeskFooter(Footer):
    def __init__(self, *, first: tuple[str, ...] = FIRST) -> None:
        """`first`: actions shown first, in this order (a screen's own essentials)."""
        super().__init__()
        self.first = first

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        order = self.first
        first = sorted(
            (w for w in widgets if isinstance(w, FooterKey) and w.action in order),
            key=lambda w: order.index(w.action),
        )
        chosen = set(map(id, first))
        yield from first
        yield from (w for w in widgets if id(w) not in chosen)

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
