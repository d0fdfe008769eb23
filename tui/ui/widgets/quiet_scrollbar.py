"""A vertical scrollbar that repaints only when what it draws changes.

Textual's scrollbar repaints on every change of its position. Over 100,000 rows a
cursor step scrolls the list by one row, which moves the thumb by a 2,000th of a
cell: nothing visible, yet the whole bar was redrawn on every key, the largest single
cost of a cursor move in a big folder. This one works out the thumb's extent in
eighths of a cell, exactly as `ScrollBarRender.render_bar` does, and repaints only
when that extent moves.
"""

from __future__ import annotations

from math import ceil

from rich.console import RenderableType
from textual.reactive import Reactive
from textual.scrollbar import ScrollBar


def thumb_eighths(size: int, virtual_size: float, window_size: float, position: float) -> tuple[int, int] | None:
    """The thumb's (start, end) in eighths of a cell, as `render_bar` computes them."""
    if not (window_size and size and virtual_size and size != virtual_size):
        return None
    thumb = max(1, window_size / (virtual_size / size))
    span = virtual_size - window_size
    ratio = position / span if span else 0.0
    start = int((size - thumb) * ratio * 8)
    return start, start + ceil(thumb * 8)


class QuietScrollBar(ScrollBar):
    position: Reactive[float] = Reactive(0, repaint=False)

    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._drawn: tuple[int, tuple[int, int] | None] | None = None

    def _extent(self) -> tuple[int, tuple[int, int] | None]:
        size = self.size.height if self.vertical else self.size.width
        window = self.window_size if self.window_size < self.window_virtual_size else 0
        return size, thumb_eighths(size, ceil(self.window_virtual_size), ceil(window), self.position)

    def watch_position(self) -> None:
        extent = self._extent()
        if extent != self._drawn:
            self._drawn = extent
            self.refresh()

    def render(self) -> RenderableType:
        self._drawn = self._extent()
        return super().render()
