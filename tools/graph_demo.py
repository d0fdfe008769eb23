"""Manual check of the graph pane alone: `python -m tools.graph_demo [FOLDER]`.

n / N recentre on the next / previous story of the folder; the pane's own keys
(j/k, enter, c, escape) work as they will in the dashboard.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tui.core.graph import Graph
from tui.core.store.store import Store
from tui.ui.widgets.graph_view import GraphView


class GraphDemo(App[None]):
    BINDINGS = [
        Binding("n", "step(1)", "Next story", id="demo.next"),
        Binding("N", "step(-1)", "Previous story", id="demo.prev"),
        Binding("q", "quit", "Quit", id="demo.quit"),
    ]

    def __init__(self, root: str, start: str | None = None) -> None:
        super().__init__()
        self.store = Store(root)
        self.store.load()
        self.graph = Graph(self.store)
        self.ids = sorted(self.store.stories)
        self.start = start if start is not None else (self.ids[0] if self.ids else None)
        self.selected: list[object] = []

    def compose(self) -> ComposeResult:
        yield GraphView(self.store, self.graph, id="graph")
        yield Footer()

    def on_mount(self) -> None:
        view = self.query_one(GraphView)
        view.show(self.start)
        view.focus()

    def action_step(self, delta: int) -> None:
        view = self.query_one(GraphView)
        if not self.ids:
            return
        index = self.ids.index(view.centre) if view.centre in self.ids else -1
        view.show(self.ids[(index + delta) % len(self.ids)])

    def on_graph_view_story_selected(self, message: GraphView.StorySelected) -> None:
        self.selected.append(message)

    def on_graph_view_external_selected(self, message: GraphView.ExternalSelected) -> None:
        self.selected.append(message)


if __name__ == "__main__":
    GraphDemo(sys.argv[1] if len(sys.argv) > 1 else "seeds").run()
