"""The graph pane: layout geometry as data, keys and mouse through Pilot, snapshots."""

from __future__ import annotations

import asyncio
import re
from itertools import pairwise
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.message import Message

from tests.helpers.graph_web import HOSTILE, WEB_DUPLICATES, story_text
from tui.core.graph import Graph
from tui.core.store.store import Store
from tui.ui.widgets.graph_layout import layout
from tui.ui.widgets.graph_text import legend
from tui.ui.widgets.graph_view import GraphView

HOMES, CURBS = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt"
WBUR = "\x00url:wbur.org/npr/982709480/massachusetts-pioneers-rules-for-police-use-of-facial-recognition-tech"
BOX_LINES = set("─│┌┐└┘├┤┬┴┼")


def _store(root: Path, duplicates=None) -> tuple[Store, Graph]:
    store = Store(str(root))
    store.load()
    return store, Graph(store, duplicates)


def _row_text(row) -> str:
    return "".join(text for text, _ in row)


# -- layout as data ---------------------------------------------------------------
SIZES = [(w, h) for w in (10, 24, 38, 60, 78, 120, 160, 200) for h in (1, 2, 3, 4, 6, 8, 14, 43)]


def _check_picture(graph: Graph, centre: str, width: int, rows: int) -> None:
    nb = graph.neighbourhood(centre, first_limit=2 * rows + 2, per_branch=max(2, rows))
    picture = layout(nb, graph.info, width, rows, centre)
    assert picture == layout(nb, graph.info, width, rows, centre)  # deterministic
    assert len(picture.rows) == rows
    for row in picture.rows:
        assert cell_len(_row_text(row)) == width
    by_row: dict[int, list[tuple[int, int]]] = {}
    for hit in picture.hits:
        assert 0 <= hit.row < rows and 0 <= hit.x0 < hit.x1 <= width
        by_row.setdefault(hit.row, []).append((hit.x0, hit.x1))
        if hit.node != centre:  # no line is drawn across a label
            text = _row_text(picture.rows[hit.row])
            assert not BOX_LINES & set(text[hit.x0 : hit.x1]), (width, rows, text)
    for spans in by_row.values():
        spans.sort()
        for (a0, a1), (b0, b1) in pairwise(spans):
            assert a1 <= b0 or (a0, a1) == (b0, b1), "labels overlap"
    hit_nodes = {h.node for h in picture.hits}
    assert set(picture.order) <= hit_nodes
    if rows >= 1 and width >= 10:
        assert picture.order[0] == centre
    assert picture.shown + picture.hidden >= nb.first_total + nb.second_total


def test_layout_fits_every_size_without_overlaps(web_folder: Path, seeds_copy: Path) -> None:
    _, graph = _store(web_folder, WEB_DUPLICATES)
    _, seeds = _store(seeds_copy)
    for g, centres in (
        (graph, ["a.md", "b.md", "c.md", "f.md", "\x00url:rights.example/welcome"]),
        (seeds, [HOMES, CURBS]),
    ):
        for centre in centres:
            for width, rows in SIZES:
                _check_picture(g, centre, width, rows)


def test_crowded_neighbourhood_degrades_to_more(tmp_path: Path) -> None:
    root = tmp_path / "star"
    root.mkdir()
    items = [{"title": f"Outside story number {i}", "url": f"https://o{i}.example/s"} for i in range(30)]
    (root / "hub.md").write_text(story_text("The hub story", "https://hub.example/", "Hub", items))
    _, graph = _store(root)
    nb = graph.neighbourhood("hub.md", first_limit=20, per_branch=6)
    small = layout(nb, graph.info, 78, 6, "hub.md")
    text = "\n".join(_row_text(r) for r in small.rows)
    assert sum(int(n) for n in re.findall(r"\+(\d+) more", text)) == 30 - small.shown == small.hidden
    assert 3 <= small.shown < 30
    big = layout(graph.neighbourhood("hub.md", first_limit=100), graph.info, 200, 48, "hub.md")
    assert big.shown > small.shown
    for width, rows in SIZES:
        _check_picture(graph, "hub.md", width, rows)


def test_legend_fits_and_shortens() -> None:
    for width in (20, 40, 78, 120, 200):
        assert cell_len(_row_text(legend(width, "4 linked · 2 at 2 hops"))) <= width
    assert "cite each other" in _row_text(legend(120))
    assert "mutual" in _row_text(legend(60))


# -- the pane in an app ------------------------------------------------------------
class GraphApp(App[None]):
    BINDINGS = [Binding("escape", "app_escape", "Escape", id="test.escape")]

    def __init__(self, store: Store, graph: Graph, start: str | None) -> None:
        super().__init__()
        self.store, self.graph, self.start = store, graph, start
        self.messages: list[Message] = []
        self.escapes = 0

    def compose(self) -> ComposeResult:
        yield GraphView(self.store, self.graph, id="graph")

    def on_mount(self) -> None:
        view = self.query_one(GraphView)
        view.show(self.start)
        view.focus()

    def action_app_escape(self) -> None:
        self.escapes += 1

    def on_graph_view_story_selected(self, message: GraphView.StorySelected) -> None:
        self.messages.append(message)

    def on_graph_view_external_selected(self, message: GraphView.ExternalSelected) -> None:
        self.messages.append(message)

    def on_graph_view_component_opened(self, message: GraphView.ComponentOpened) -> None:
        self.messages.append(message)


@pytest.fixture
def seeds_app(seeds_copy: Path) -> GraphApp:
    store, graph = _store(seeds_copy)
    return GraphApp(store, graph, HOMES)


@pytest.fixture
def web_app(web_folder: Path) -> GraphApp:
    store, graph = _store(web_folder, WEB_DUPLICATES)
    return GraphApp(store, graph, "a.md")


async def test_keys_move_the_node_cursor_and_the_bottom_line_follows(seeds_app: GraphApp) -> None:
    async with seeds_app.run_test(size=(80, 24)) as pilot:
        view = seeds_app.query_one(GraphView)
        assert view.cursor == HOMES
        assert "Massachusetts Homes in on Facial Recognition" in view.detail_text
        await pilot.press("j")
        assert view.cursor == CURBS
        line = view.detail_text
        assert "Massachusetts OKs Curbs on Police" in line and "thecrimereport.org" in line
        assert "https://thecrimereport.org/2021/05/07/" in line
        assert "[mutual link" in line  # cropped at 80 columns, the title comes first
        await pilot.press("down")
        assert view.cursor == WBUR
        assert "WBUR" in view.detail_text and "https://www.wbur.org/npr/982709480" in view.detail_text
        await pilot.press("j")  # the last node: stays
        assert view.cursor == WBUR
        await pilot.press("k", "up", "up")
        assert view.cursor == HOMES
        await pilot.press("G")
        assert view.cursor == WBUR
        await pilot.press("g")
        assert view.cursor == HOMES


async def test_enter_on_a_story_posts_story_selected_and_walks_on(seeds_app: GraphApp) -> None:
    async with seeds_app.run_test(size=(80, 24)) as pilot:
        view = seeds_app.query_one(GraphView)
        await pilot.press("j", "enter")
        await pilot.pause()
        assert [type(m) for m in seeds_app.messages] == [GraphView.StorySelected]
        assert seeds_app.messages[0].story_id == CURBS and seeds_app.messages[0].control is view
        assert view.centre == CURBS and view.cursor == CURBS
        await pilot.press("j", "enter")  # and back again
        await pilot.pause()
        assert seeds_app.messages[-1].story_id == HOMES and view.centre == HOMES


async def test_enter_on_an_external_item_shows_its_entry(seeds_app: GraphApp) -> None:
    async with seeds_app.run_test(size=(80, 24)) as pilot:
        view = seeds_app.query_one(GraphView)
        await pilot.press("G", "enter")
        await pilot.pause()
        (message,) = seeds_app.messages
        assert isinstance(message, GraphView.ExternalSelected)
        assert message.external.listed_by == (HOMES, CURBS)
        assert message.external.item.provider_name == "WBUR"
        assert view.mode == "entry" and view.centre == HOMES
        screen = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "Massachusetts Pioneers Rules For Police Use Of Facial Recognition Tech" in screen
        assert "Cited by 2 stories" in screen and "URL: https://www.wbur.org/npr/982709480" in screen
        await pilot.press("escape")
        assert view.mode == "graph" and seeds_app.escapes == 0
        await pilot.press("escape")  # nothing to close: the key goes on to the app
        assert seeds_app.escapes == 1


async def test_a_click_on_a_node_selects_it(seeds_app: GraphApp) -> None:
    async with seeds_app.run_test(size=(80, 24)) as pilot:
        view = seeds_app.query_one(GraphView)
        picture = view.picture
        hit = next(h for h in picture.hits if h.node == CURBS and not h.echo)
        await pilot.click(GraphView, offset=(hit.x0 + 2, hit.row + 1))  # +1: the legend row
        await pilot.pause()
        assert [m.story_id for m in seeds_app.messages] == [CURBS]
        assert view.centre == CURBS


async def test_components_view_lists_and_opens_components(web_app: GraphApp) -> None:
    async with web_app.run_test(size=(100, 20)) as pilot:
        view = web_app.query_one(GraphView)
        await pilot.press("c")
        assert view.mode == "components"
        screen = "\n".join(view.render_line(y).text for y in range(view.size.height))
        assert "1 linked" in screen and "1 story without links" in screen
        assert "5 stories     3 external" in screen
        await pilot.press("j", "enter")  # one linked component: the cursor stays on it
        await pilot.pause()
        (message,) = web_app.messages
        assert isinstance(message, GraphView.ComponentOpened)
        assert message.component.representative == "a.md"
        assert view.mode == "graph" and view.centre == "a.md"
        view.show_components()
        await pilot.press("escape")
        assert view.mode == "graph"


async def test_hostile_titles_render_literally_and_do_nothing(web_app: GraphApp) -> None:
    async with web_app.run_test(size=(160, 45)) as pilot:
        view = web_app.query_one(GraphView)
        strips = [view.render_line(y) for y in range(view.size.height)]
        screen = "\n".join(s.text for s in strips)
        assert HOSTILE["bold"] in screen
        assert "[$accent]styled[/] \\x1b[31mred" in screen  # the escape byte shown, not sent
        assert "\x1b" not in screen
        assert "Accent\\x1b[0m Media" in screen
        assert all(not seg.style or not seg.style.meta for s in strips for seg in s)  # no @click
        hit = next(h for h in view.picture.hits if h.node == "d.md" and not h.echo)
        assert HOSTILE["click"] in strips[hit.row + 1].text
        await pilot.click(GraphView, offset=(hit.x0 + 3, hit.row + 1))
        await pilot.pause()
        assert web_app.is_running and web_app.messages[-1].story_id == "d.md"
        assert HOSTILE["click"] in view.detail_text


async def test_a_store_change_on_another_thread_redraws_the_pane(web_app: GraphApp) -> None:
    async with web_app.run_test(size=(120, 30)) as pilot:
        view = web_app.query_one(GraphView)
        assert view.neighbourhood.first_total == 4
        root = Path(web_app.store.root)
        (root / "g.md").write_text(
            story_text(
                "Late follow-up",
                "https://late.example/",
                "Late",
                [{"title": "c", "url": "https://city.example/news/council-vote"}],
            )
        )
        await asyncio.to_thread(web_app.store.reload, "g.md")
        await pilot.pause()
        await pilot.pause()
        assert view.neighbourhood.first_total == 5
        assert "Late follow-up" in "\n".join(view.render_line(y).text for y in range(view.size.height))


# -- snapshots --------------------------------------------------------------------
def test_snapshot_seeds_80x24(snap_compare, seeds_copy: Path) -> None:
    store, graph = _store(seeds_copy)
    assert snap_compare(GraphApp(store, graph, HOMES), press=["j"], terminal_size=(80, 24))


def test_snapshot_seeds_160x45(snap_compare, seeds_copy: Path) -> None:
    store, graph = _store(seeds_copy)
    assert snap_compare(GraphApp(store, graph, HOMES), terminal_size=(160, 45))


def test_snapshot_web_80x24(snap_compare, web_folder: Path) -> None:
    store, graph = _store(web_folder, WEB_DUPLICATES)
    assert snap_compare(GraphApp(store, graph, "b.md"), press=["j", "j"], terminal_size=(80, 24))


def test_snapshot_web_160x45(snap_compare, web_folder: Path) -> None:
    store, graph = _store(web_folder, WEB_DUPLICATES)
    assert snap_compare(GraphApp(store, graph, "a.md"), press=["j", "j", "j"], terminal_size=(160, 45))


def test_snapshot_narrow_pane_40x12(snap_compare, web_folder: Path) -> None:
    store, graph = _store(web_folder, WEB_DUPLICATES)
    assert snap_compare(GraphApp(store, graph, "b.md"), terminal_size=(40, 12))
