"""The help screen: every binding, read from the bindings themselves so it cannot lie."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.ui.scrolling import ScrollBodyActions


KEY_NAMES = {
    "slash": "/", "question_mark": "?", "space": "space", "escape": "esc", "enter": "enter",
    "pagedown": "PgDn", "pageup": "PgUp", "down": "↓", "up": "↑", "left": "←", "right": "→",
    "home": "Home", "end": "End", "tab": "tab", "shift+tab": "shift+tab",
}


def key_label(keys: str) -> str:
    return " ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in keys.split(","))


def binding_rows(bindings: Iterable[Binding | tuple[str, ...]]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding) and binding.description:
            # The footer shows the short description; help has room for the tooltip.
            rows.append((key_label(binding.key), binding.tooltip or binding.description))
    return rows


class HelpScreen(ScrollBodyActions, ModalScreen[None]):
    """A sheet of keys, grouped by where they work."""

    BINDINGS = [
        Binding("escape,question_mark", "dismiss", "Close", id="help.close"),
        Binding("q", "app.quit", "Quit", id="help.quit", show=False),  # modal: app keys stop here
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
        parts: list[Text | Table] = [
            Text.assemble(("newsdesk — keys\n", "bold"), ("Every action is also in the command palette (ctrl+p).", "dim")),
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

