"""A burst of j/k scrolls a line per key in every scrolling pane (the detail pane, help,
the duplicate review). The editor trial sent ten `j` at once to the detail pane at
80x24 and it moved one line: Textual's animated scroll aimed every step from the same
place. Keys typed ahead while the app is busy, and a held key, arrive like that."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widget import Widget

from tests.helpers.pilot import ready, until
from tui.ui.app import NewsdeskApp


def burst(app: NewsdeskApp, key: str, times: int) -> None:
    """Keys sent to the driver at once, as a terminal delivers a held key's repeats."""
    driver = app._driver
    assert driver is not None
    for _ in range(times):
        event = events.Key(key, key)
        event.set_sender(app)
        driver.send_message(event)


async def scrolled_by_burst(pilot: object, app: NewsdeskApp, pane: Widget) -> None:
    start = pane.scroll_y
    assert pane.max_scroll_y >= start + 10, "the text must be long enough to scroll ten lines"
    burst(app, "j", 10)
    await until(pilot, lambda: pane.scroll_y == start + 10, 3, seen=lambda: pane.scroll_y)
    burst(app, "k", 4)
    await until(pilot, lambda: pane.scroll_y == start + 6, 3, seen=lambda: pane.scroll_y)


async def test_the_detail_pane_scrolls_a_line_per_key_in_a_burst(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        pane = app.focused
        assert pane is not None and pane.id == "detail"
        await scrolled_by_burst(pilot, app, pane)


async def test_help_scrolls_a_line_per_key_in_a_burst(seeds_copy: Path) -> None:
    from textual.containers import VerticalScroll

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: app.screen.query(VerticalScroll), 3)
        await scrolled_by_burst(pilot, app, app.screen.query_one(VerticalScroll))
