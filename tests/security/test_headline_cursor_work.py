"""Attack 10, a 1 MB headline: every cursor move onto or off its story froze the
dashboard (9-17 s at first; after the list and the detail pane were bounded, the
related pane still split and measured the whole megabyte, word by word, on every move
onto it). The work of a cursor move is held to what the screen shows, by counting it
rather than timing it on a loaded machine: the characters the dashboard's own code
passes to `one_line` / `visible` (escaping) and to `cell_len` (measuring) while one
key moves the cursor and both panes follow."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from rich import cells

from tests.helpers.graph_web import story_text
from tests.helpers.pilot import ready, until
from tests.security.hostile import story
from tui.core.format import literal
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.detail import DetailPane
from tui.ui.widgets.graph_view import GraphView

HEADLINE = "Headline " * 120_000  # 1 MB
# Characters escaped and measured per cursor move: a screenful of text is a few
# thousand; the 1 MB headline's move measured more than a million.
PER_MOVE = 40_000


class Work:
    """Characters handed to the text functions that cost per character."""

    def __init__(self) -> None:
        self.chars = 0
        self.calls = 0

    def counting(self, fn: Callable[[str], Any]) -> Callable[[str], Any]:
        def counted(text: str, *args: Any, **kwargs: Any) -> Any:
            self.chars += len(text)
            self.calls += 1
            return fn(text, *args, **kwargs)

        return counted


@contextmanager
def counted_text_work(monkeypatch: pytest.MonkeyPatch) -> Iterator[Work]:
    """Count every call the UI's modules make to `one_line`, `visible` and `cell_len`
    (each module holds its own reference, so each is replaced where it is used)."""
    work = Work()
    originals = {literal.one_line, literal.visible, cells.cell_len}
    for name, module in list(sys.modules.items()):
        if not name.startswith("tui.ui") or module is None:
            continue
        for attr in ("one_line", "visible", "cell_len"):
            fn = getattr(module, attr, None)
            if fn in originals:
                monkeypatch.setattr(module, attr, work.counting(fn))
    yield work


async def _move(pilot: Any, app: NewsdeskApp, key: str, work: Work) -> tuple[str | None, int]:
    """Press `key`; once both panes show the story it lands on, the characters it cost."""
    articles = app.main.articles
    detail = app.main.query_one(DetailPane)
    graph = app.main.query_one(GraphView)
    work.chars = 0
    await pilot.press(key)
    await until(pilot, lambda: detail.story_id == articles.current == graph.centre, timeout=5)
    await pilot.pause()  # the frame that draws them
    return articles.current, work.chars


async def test_a_one_megabyte_headline_costs_each_cursor_move_what_the_screen_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        (tmp_path / f"short-{i}.md").write_bytes(
            story(f"A short story number {i}", url=f"https://example.com/{i}", when=f"2024-05-0{i + 1}T10:00:00Z")
        )
    (tmp_path / "long.md").write_bytes(story(HEADLINE, url="https://example.com/long", when="2024-05-02T12:00:00Z"))
    app = NewsdeskApp(str(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        articles = app.main.articles
        assert articles.ids.index("long.md") == 1  # newest first: short-2, long, short-1, short-0
        with counted_text_work(monkeypatch) as work:
            moves = [await _move(pilot, app, key, work) for key in "jjkkjj"]
        assert [sid for sid, _ in moves] == ["long.md", "short-1.md", "long.md", "short-2.md", "long.md", "short-1.md"]
        assert work.calls > 0  # the counting saw the panes' text go by
        assert max(chars for _, chars in moves) < PER_MOVE, moves
        onto = [chars for sid, chars in moves if sid == "long.md"]
        off = [chars for sid, chars in moves if sid != "long.md"]
        assert max(onto) < 10 * max(off) + PER_MOVE // 2, moves  # about what a short story costs


async def test_one_megabyte_titles_among_the_related_items_cost_a_cursor_move_what_the_screen_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bound when the long texts are neighbours in the Related pane: a story
    citing the 1 MB-headline story and an outside item with a 1 MB title and excerpt
    (labels, the neighbourhood's order, the line under the picture)."""
    long_url, elsewhere = "https://example.com/long", "https://elsewhere.example/x"
    (tmp_path / "long.md").write_text(story_text(HEADLINE, long_url, "Example", date="2024-05-01T10:00:00Z"))
    related = [
        {"title": "The long one", "url": long_url},
        {"title": "Elsewhere " * 100_000, "url": elsewhere, "excerpt": "Excerpt " * 100_000},
    ]
    cites = story_text(
        "A story citing both", "https://example.com/cites", "Example", related, date="2024-05-03T10:00:00Z"
    )
    (tmp_path / "cites.md").write_text(cites)
    (tmp_path / "short.md").write_text(
        story_text("A short story", "https://example.com/s", "Example", date="2024-05-02T10:00:00Z")
    )
    app = NewsdeskApp(str(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert app.main.articles.ids == ["cites.md", "short.md", "long.md"]
        graph = app.main.query_one(GraphView)
        assert "long.md" in app.graph.neighbours("cites.md")  # the headline is a neighbour
        with counted_text_work(monkeypatch) as work:
            moves = [await _move(pilot, app, key, work) for key in "jkjjkk"]
        assert [sid for sid, _ in moves] == ["short.md", "cites.md", "short.md", "long.md", "short.md", "cites.md"]
        assert graph.centre == "cites.md"
        assert max(chars for _, chars in moves) < PER_MOVE, moves
