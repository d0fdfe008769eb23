"""The help screen: every binding, read from the bindings themselves so it cannot lie.

Keys are the keys in force: each binding's own, or the one the user's keymap gave it
(tui/ui/keys.py), so a remapped key shows here as it does in the footer and palette.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.keys import KEY_NAMES, key_label, keymap_of, keys_in_force
from tui.ui.scrolling import ScrollBodyActions

__all__ = ["KEY_NAMES", "HelpScreen", "binding_groups", "binding_rows", "help_sections", "key_label"]

Section = tuple[str, list[tuple[str, str]]]


def binding_rows(bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """(keys, what they do) for each described binding, the keymap applied."""
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            # The footer shows the short description; help has room for the tooltip.
            rows.append((key_label(keys_in_force(binding, keymap or {})), binding.tooltip or binding.description))
    return rows


def binding_groups(app: App[Any]) -> list[tuple[str, list[BindingType]]]:
    """The dashboard's bindings, grouped by where they work (the sheet's own keys aside)."""
    from tui.ui.screens.dashboard.edits import FieldEditActions
    from tui.ui.screens.dashboard.screen import MainScreen
    from tui.ui.screens.duplicates.screen import DuplicatesScreen
    from tui.ui.screens.git.changes import ChangesScreen
    from tui.ui.screens.git.conflicts import ConflictsScreen
    from tui.ui.screens.git.history import HistoryScreen
    from tui.ui.screens.problems import ProblemsScreen
    from tui.ui.screens.session_edits import SessionEditsScreen
    from tui.ui.screens.topics import TopicsScreen
    from tui.ui.widgets.article_list import ArticleList
    from tui.ui.widgets.detail import DetailPane
    from tui.ui.widgets.graph_view import GraphView
    from tui.ui.widgets.search_input import SearchInput

    return [
        ("Everywhere", list(type(app).BINDINGS)),
        ("Dashboard", list(MainScreen.BINDINGS)),
        ("Article list", list(ArticleList.BINDINGS)),
        ("Detail pane", list(DetailPane.BINDINGS)),
        ("Graph pane", list(GraphView.BINDINGS)),
        ("Duplicate review", list(DuplicatesScreen.BINDINGS)),
        ("Problems screen", list(ProblemsScreen.BINDINGS)),
        ("Search box", list(SearchInput.BINDINGS)),  # issue 18
        ("Session edits", list(SessionEditsScreen.BINDINGS)),
        ("Editing", list(FieldEditActions.BINDINGS)),
        ("Topics view", list(TopicsScreen.BINDINGS)),
        ("Git changes", list(ChangesScreen.BINDINGS)),
        ("Git conflicts", list(ConflictsScreen.BINDINGS)),
        ("Story history", list(HistoryScreen.BINDINGS)),
    ]


def help_sections(app: App[Any]) -> list[Section]:
    """The help sheet's sections, with the keys in force in `app`."""
    keymap = keymap_of(app)
    sections = [(title, binding_rows(bindings, keymap)) for title, bindings in binding_groups(app)]
    sections[0][1].append((key_label(app.COMMAND_PALETTE_BINDING), "Command palette"))
    return sections


class HelpScreen(ScrollBodyActions, ModalScreen[None]):
    """A sheet of keys, grouped by where they work."""

    BINDINGS = [
        # q closes, as every screen above the dashboard does: only the dashboard's q quits.
        Binding("escape,question_mark,q", "dismiss", "Close", id="help.close", tooltip="Close help"),
        Binding("j,down", "scroll_down", "Down", id="help.down", show=False),
        Binding("k,up", "scroll_up", "Up", id="help.up", show=False),
        Binding("g,home", "scroll_home", "Top", id="help.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="help.bottom", show=False),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    """

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__(id="help")
        self.sections = sections

    def compose(self) -> ComposeResult:
        palette = key_label(self.app.COMMAND_PALETTE_BINDING)
        parts: list[Text | Table] = [
            Text.assemble(
                ("newsdesk — keys\n", "bold"),
                (f"Every action is also in the command palette ({palette}).", "dim"),
            ),
        ]
        for title, rows in self.sections:
            if not rows:
                continue
            parts.append(Text(f"\n{title}", style="bold underline"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="bold cyan", no_wrap=True, min_width=12)
            grid.add_column()  # long descriptions wrap under themselves
            for keys, description in rows:
                grid.add_row(Text("  " + keys), Text(description))
            parts.append(grid)
        with VerticalScroll():
            yield Static(Group(*parts), markup=False)
