"""The list's scrollbar skips a repaint only when Textual's own drawing would not change."""

from __future__ import annotations

import random

from textual.scrollbar import ScrollBarRender

from tui.ui.widgets.quiet_scrollbar import thumb_eighths


def drawn(size: int, virtual: int, window: int, position: float) -> list[str]:
    bar = ScrollBarRender.render_bar(size=size, virtual_size=virtual, window_size=window, position=position)
    return [f"{seg.text}|{seg.style}" for seg in bar.segments]


def test_equal_extents_draw_equal_bars() -> None:
    rng = random.Random(5)
    compared = 0
    for _ in range(400):
        size = rng.randint(1, 60)
        virtual = rng.choice([size + 1, size * 3, 1000, 100_001])
        window = rng.randint(1, size)
        a = rng.randint(0, virtual - window) / 1
        b = min(virtual - window, a + rng.choice([1, 2, 50]))
        if thumb_eighths(size, virtual, window, a) == thumb_eighths(size, virtual, window, b):
            assert drawn(size, virtual, window, a) == drawn(size, virtual, window, b)
            compared += 1
    assert compared > 100


def test_a_big_list_scrolled_by_one_row_keeps_its_thumb() -> None:
    assert thumb_eighths(43, 100_001, 43, 500) == thumb_eighths(43, 100_001, 43, 501)
    assert thumb_eighths(43, 100_001, 43, 500) != thumb_eighths(43, 100_001, 43, 50_000)
