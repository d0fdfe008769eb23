"""The related-items graph pane: the highlighted story's neighbourhood as a picture.

A Line API widget: the layout (tui/widgets/graph_layout.py) produces rows of plain
text runs tagged with style names, and this widget only maps those names to its
component classes, so a title is never parsed as markup. The pane keeps no copy of
the folder; it asks the Graph for one neighbourhood whenever the centre, the size or
the graph changes, which the model answers from its indexes in well under a
millisecond.

Three modes share the pane: "graph" (the picture), "entry" (an external item's full
entry, after enter on it) and "components" (the folder's connected components).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.core.format.literal import cut
from tui.core.format.wording import counted
from tui.core.graph import Component, External, Graph, Link, Neighbourhood, NodeInfo, is_external
from tui.core.store.store import Store
from tui.ui.keys import hint_keys
from tui.ui.widgets.graph_layout import Picture, layout
from tui.ui.widgets.graph_text import (
    Row,
    component_detail,
    component_row,
    detail,
    entry_rows,
    fit,
    legend,
    relation,
    shown,
)

Mode = Literal["graph", "entry", "components"]
SYNC_COMPONENTS = 20_000  # above this many stories, components are computed off the UI thread


@dataclass(frozen=True, slots=True)
class _Frame:
    rows: tuple[Row, ...]
    picture: Picture | None
    top: int  # first widget row of the picture / list
    bottom: int = 0  # rows of detail at the bottom


def components_header(linked: int, isolated: int, width: int) -> str:
    """The components view's first line, in the longest form that fits (cut with …)."""
    alone = counted(isolated, "story")
    forms = (
        f"Connected components: {linked} linked, largest first · {alone} without links",
        f"Components: {linked} linked, largest first · {alone} without links",
        f"{linked} linked · {alone} without links",
    )
    return next((f for f in forms if len(f) <= width), cut(forms[-1], width))


class GraphView(Widget, can_focus=True):
    """`GraphView(store, graph)`; the dashboard calls `show(story_id)` on each cursor move."""

    DEFAULT_CSS = """
    GraphView {
        height: 1fr;
        min-height: 3;
        background: $surface;
        color: $text;
    }
    GraphView > .graph-view--centre { background: $accent 30%; color: $text; text-style: bold; }
    GraphView > .graph-view--published { color: $success; }
    GraphView > .graph-view--unpublished { color: $warning; text-style: italic; }
    GraphView > .graph-view--external { color: $text-muted; }
    GraphView > .graph-view--missing { color: $error; }
    GraphView > .graph-view--echo { color: $text-disabled; }
    GraphView > .graph-view--cursor { background: $block-cursor-blurred-background; text-style: bold; }
    GraphView:focus > .graph-view--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    GraphView > .graph-view--trunk { color: $foreground 40%; }
    GraphView > .graph-view--related { color: $foreground 60%; }
    GraphView > .graph-view--reciprocal { color: $accent; text-style: bold; }
    GraphView > .graph-view--duplicate { color: $error; text-style: bold; }
    GraphView > .graph-view--sub { color: $text-muted; }
    GraphView > .graph-view--more { color: $text-muted; text-style: italic; }
    GraphView > .graph-view--legend { color: $text-muted; }
    GraphView > .graph-view--title { color: $text; }
    GraphView > .graph-view--url { color: $text-muted; text-style: underline; }
    """

    COMPONENT_CLASSES = {
        "graph-view--centre",
        "graph-view--published",
        "graph-view--unpublished",
        "graph-view--external",
        "graph-view--missing",
        "graph-view--echo",
        "graph-view--cursor",
        "graph-view--trunk",
        "graph-view--related",
        "graph-view--reciprocal",
        "graph-view--duplicate",
        "graph-view--sub",
        "graph-view--more",
        "graph-view--legend",
        "graph-view--title",
        "graph-view--url",
    }

    BINDINGS = [
        Binding("j,down", "cursor_down", "Next node", id="graph.down", show=False),
        Binding("k,up", "cursor_up", "Previous node", id="graph.up", show=False),
        Binding("g,home", "cursor_first", "First node", id="graph.first", show=False),
        Binding("G,end", "cursor_last", "Last node", id="graph.last", show=False),
        Binding("pagedown", "cursor_page(5)", "Five nodes on", id="graph.page_down", show=False),
        Binding("pageup", "cursor_page(-5)", "Five nodes back", id="graph.page_up", show=False),
        Binding("enter", "select", "Open node", id="graph.select"),
        Binding("c", "components", "Components", id="graph.components"),
        Binding("escape", "back", "Back to picture", id="graph.back", show=False),
    ]

    class StorySelected(Message):
        """Enter or a click on a story of the folder: make it the dashboard's story."""

        def __init__(self, graph_view: GraphView, story_id: str) -> None:
            super().__init__()
            self.graph_view = graph_view
            self.story_id = story_id

        @property
        def control(self) -> GraphView:
            return self.graph_view

    class ExternalSelected(Message):
        """Enter or a click on an external item; the pane also shows its full entry."""

        def __init__(self, graph_view: GraphView, external: External) -> None:
            super().__init__()
            self.graph_view = graph_view
            self.external = external

        @property
        def control(self) -> GraphView:
            return self.graph_view

    class ComponentOpened(Message):
        """A component chosen in the components view; the pane now shows its best-linked story."""

        def __init__(self, graph_view: GraphView, component: Component) -> None:
            super().__init__()
            self.graph_view = graph_view
            self.component = component

        @property
        def control(self) -> GraphView:
            return self.graph_view

    class _Changed(Message):
        """The graph changed (posted from whichever thread changed the store)."""

    def __init__(
        self, store: Store, graph: Graph, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.store = store
        self.graph = graph
        self.mode: Mode = "graph"
        self.centre: str | None = None
        self.cursor: str | None = None
        self._nb: Neighbourhood | None = None
        self._nb_key: tuple[object, ...] | None = None
        self._frame: _Frame | None = None
        self._entry: str | None = None
        self._components: list[Component] | None = None
        self._linked: list[Component] = []
        self._comp_cursor = 0
        self._comp_offset = 0

    # -- lifecycle -------------------------------------------------------------
    def on_mount(self) -> None:
        self.graph.subscribe(self._graph_listener)

    def on_unmount(self) -> None:
        self.graph.unsubscribe(self._graph_listener)

    def _graph_listener(self, touched: frozenset[str]) -> None:
        self.post_message(self._Changed())

    def on_graph_view__changed(self, message: _Changed) -> None:
        message.stop()
        self._nb_key = None
        if self.mode == "components":
            self._load_components()
        self._invalidate()

    def on_resize(self, event: events.Resize) -> None:
        self._invalidate()

    def _invalidate(self) -> None:
        self._frame = None
        self.refresh()

    # -- public API ------------------------------------------------------------
    def show(self, story_id: str | None) -> None:
        """Recentre on a story (or external node); the cursor returns to the centre."""
        if self.mode == "entry":
            self.mode = "graph"
        if story_id == self.centre and self.mode == "graph":
            return
        self.centre = story_id
        self.cursor = story_id
        if self.mode != "components":
            self._invalidate()

    def show_components(self) -> None:
        """Switch to the whole-folder view: connected components, largest first."""
        self.mode = "components"
        self._load_components()
        self._invalidate()
        self.refresh_bindings()

    def show_graph(self) -> None:
        self.mode = "graph"
        self._invalidate()
        self.refresh_bindings()

    @property
    def neighbourhood(self) -> Neighbourhood | None:
        return self._neighbourhood()

    @property
    def picture(self) -> Picture | None:
        return self._render_frame().picture

    @property
    def detail_text(self) -> str:
        """The bottom line(s) as plain text: what the cursor is on."""
        frame = self._render_frame()
        rows = frame.rows[len(frame.rows) - frame.bottom :] if frame.bottom else ()
        return "\n".join("".join(text for text, _ in row).rstrip() for row in rows)

    @property
    def components(self) -> list[Component]:
        return list(self._linked)

    # -- data ------------------------------------------------------------------
    def _neighbourhood(self) -> Neighbourhood | None:
        if self.centre is None or self.centre not in self.graph:
            return None
        width, height = self.size
        key = (self.centre, self.graph.version, width, height)
        if key != self._nb_key:
            # A picture shows at most a row per node, so ask for no more than fits.
            self._nb = self.graph.neighbourhood(self.centre, first_limit=2 * height + 2, per_branch=max(2, height))
            self._nb_key = key
        return self._nb

    def _load_components(self) -> None:
        if len(self.store) <= SYNC_COMPONENTS:
            self._set_components(self.graph.components())
        else:
            self._components = None
            self.run_worker(self._components_worker, thread=True, exclusive=True, group="graph-components")

    def _components_worker(self) -> None:
        components = self.graph.components()
        self.app.call_from_thread(self._set_components, components)

    def _set_components(self, components: list[Component]) -> None:
        self._components = components
        self._linked = [c for c in components if c.size > 1]
        self._comp_cursor = min(self._comp_cursor, max(0, len(self._linked) - 1))
        self._invalidate()

    def _link_of(self, node: str) -> tuple[Link | None, str]:
        """The link joining `node` to the picture, and the first-hop node it goes through."""
        nb = self._nb
        if nb is None:
            return None, ""
        for branch in nb.branches:
            if branch.link.node == node:
                return branch.link, ""
        for branch in nb.branches:
            for link in branch.children:
                if link.node == node:
                    return link, branch.link.node
        return None, ""

    # -- rendering -------------------------------------------------------------
    def _render_frame(self) -> _Frame:
        if self._frame is None:
            self._frame = self._build_frame()
        return self._frame

    def _build_frame(self) -> _Frame:
        width, height = self.size
        if width <= 0 or height <= 0:
            return _Frame((), None, 0)
        if self.mode == "components":
            return self._components_frame(width, height)
        nb = self._neighbourhood()
        top = 1 if height >= 5 else 0
        bottom = 2 if height >= 10 else 1 if height >= 3 else 0
        rows_for_picture = height - top - bottom
        if self.mode == "entry" and self._entry is not None:
            info = self.graph.info(self._entry)
            keys = [hint_keys(self.app, self.BINDINGS, b, " / ") for b in ("graph.select", "graph.back")]
            body = entry_rows(info, self.graph.info, width, height, " / ".join(k for k in keys if k))
            return _Frame(tuple(body), None, 0)
        picture = layout(nb, self.graph.info, width, rows_for_picture, self.cursor)
        rows: list[Row] = []
        if top:
            status = ""
            if nb is not None:
                status = f"{nb.first_total} linked · {nb.second_total}{'' if nb.exact else '+'} at 2 hops"
            rows.append(legend(width, status))
        rows.extend(picture.rows)
        if bottom:
            rows.extend(self._detail_rows(width, bottom))
        return _Frame(tuple(rows), picture, top, bottom)

    def _detail_rows(self, width: int, lines: int) -> list[Row]:
        node = self.cursor
        if node is None or node not in self.graph:
            return detail(None, width, lines=lines)
        info = self.graph.info(node)
        link, via = self._link_of(node)
        via_title = fit(shown(self.graph.info(via).title, 100), 24) if via else ""
        return detail(info, width, relation(link, node == self.centre, via_title), lines)

    def _components_frame(self, width: int, height: int) -> _Frame:
        rows: list[Row] = []
        if self._components is None:
            return _Frame(((("Computing connected components…", "more"),),), None, 0)
        isolated = len(self._components) - len(self._linked)
        rows.append(((components_header(len(self._linked), isolated, width), "legend"),))
        room = max(0, height - 2)
        if not self._linked:
            rows.append((("No story links to another story or item.", "more"),))
            return _Frame(tuple(rows), None, 1)
        cursor = self._comp_cursor
        if cursor < self._comp_offset:
            self._comp_offset = cursor
        elif cursor >= self._comp_offset + room:
            self._comp_offset = cursor - room + 1
        for index in range(self._comp_offset, min(len(self._linked), self._comp_offset + room)):
            row = component_row(index, self._linked[index], self.graph.info, width)
            if index == cursor:
                row = tuple((text, f"{style} cursor".strip()) for text, style in row)
            rows.append(row)
        while len(rows) < height - 1:
            rows.append(())
        rows.append(component_detail(self._linked[cursor], self.graph.info, width))
        return _Frame(tuple(rows[:height]), None, 1, 1)

    def _style(self, names: str) -> Style:
        if not names:
            return self.rich_style
        parts = tuple(f"graph-view--{n}" for n in names.split())
        return self.get_component_rich_style(*parts)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        rows = self._render_frame().rows
        if y >= len(rows):
            return Strip.blank(width, self.rich_style)
        segments = [Segment(text, self._style(style)) for text, style in rows[y] if text]
        return Strip(segments).adjust_cell_length(width, self.rich_style)

    # -- keys and mouse --------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.mode != "graph"  # else escape belongs to the dashboard
        return True

    def _order(self) -> tuple[str, ...]:
        picture = self._render_frame().picture
        return picture.order if picture is not None else ()

    def _move(self, delta: int | None, absolute: int | None = None) -> None:
        if self.mode == "components":
            if self._linked:
                target = absolute if absolute is not None else self._comp_cursor + (delta or 0)
                if absolute == -1:
                    target = len(self._linked) - 1
                self._comp_cursor = max(0, min(len(self._linked) - 1, target))
                self._invalidate()
            return
        if self.mode == "entry":
            return
        order = self._order()
        if not order:
            return
        index = order.index(self.cursor) if self.cursor in order else 0
        if absolute is not None:
            index = absolute if absolute >= 0 else len(order) - 1
        else:
            index = max(0, min(len(order) - 1, index + (delta or 0)))
        if order[index] != self.cursor:
            self.cursor = order[index]
            self._invalidate()

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_cursor_first(self) -> None:
        self._move(None, 0)

    def action_cursor_last(self) -> None:
        self._move(None, -1)

    def action_cursor_page(self, delta: int) -> None:
        self._move(delta)

    def action_select(self) -> None:
        if self.mode == "components":
            self._open_component()
        elif self.mode == "entry":
            self.show_graph()
        elif self.cursor is not None:
            self._activate(self.cursor)

    def action_components(self) -> None:
        if self.mode == "components":
            self.show_graph()
        else:
            self.show_components()

    def action_back(self) -> None:
        self.show_graph()

    def _activate(self, node: str) -> None:
        if is_external(node):
            external = self.graph.external(node)
            if external is None:
                return
            self._entry = node
            self.mode = "entry"
            self._invalidate()
            self.refresh_bindings()
            self.post_message(self.ExternalSelected(self, external))
        elif node in self.store:
            self.post_message(self.StorySelected(self, node))
            self.show(node)

    def _open_component(self) -> None:
        if not self._linked:
            return
        component = self._linked[self._comp_cursor]
        self.mode = "graph"
        self.centre = None
        self.show(component.representative)
        self.refresh_bindings()
        self.post_message(self.ComponentOpened(self, component))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        event.stop()
        frame = self._render_frame()
        if self.mode == "entry":
            self.show_graph()
            return
        if self.mode == "components":
            index = self._comp_offset + offset.y - frame.top
            if frame.top <= offset.y < len(frame.rows) - 1 and 0 <= index < len(self._linked):
                self._comp_cursor = index
                self._open_component()
            return
        picture = frame.picture
        if picture is None:
            return
        hit = picture.hit(offset.x, offset.y - frame.top)
        if hit is None:
            return
        self.cursor = hit.node
        self._invalidate()
        self._activate(hit.node)

    def node_info(self, node: str) -> NodeInfo:
        return self.graph.info(node)
