"""The footer: the keys that fit, most important first, none cut in half.

Textual's footer lists the focused widget's keys, then the screen's, then the app's,
and lets what does not fit run off the end, under the palette key docked on the
right: at 80 columns quit, help, duplicates and problems fell off, and a key was cut
mid-word ("f▏^p paletteu", issue 18). This one measures each key as the footer draws
it and keeps, in order of importance (`first`, then the bindings' own order), only
the keys that fit whole; below `COMPACT_BELOW` columns it draws compact (less space
around each key). Keys and descriptions are the bindings' own, after the keymap:
nothing here names a key.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: The dashboard's essentials, in this order (an action as a binding names it: the
#: app's own are plain, `app.` when a screen binds them); then the next most wanted.
FIRST = (
    "quit",
    "app.quit",
    "help",
    "app.help",
    "duplicates",
    "app.duplicates",
    "problems",
    "app.problems",
    "toggle_publish",
    "search",
    "command_palette",
    "undo",  # then what a day at the desk reaches for most
    "cycle_filter",
    "cycle_sort",
    "toggle_mark",
    "date_window",
)
#: Any other screen's: back and help, then its own keys in their order, the app's last.
SCREEN_FIRST = ("app.pop_screen", "back", "help", "app.help")
COMPACT_BELOW = 120  # columns
PALETTE = "-command-palette"


def key_width(key: FooterKey, compact: bool) -> int:
    """Columns `key` takes as the footer draws it, its margin included (a palette key:
    its border and padding). Mirrors Textual's FooterKey styles, which DeskFooter's
    CSS pins where they differ by default (the palette key's right margin)."""
    text = cell_len(key.key_display)
    if key.description:  # "k Desc" compact, " k Desc " otherwise; a bare key has no padding
        text += 1 + cell_len(key.description) + (0 if compact else 2)
    if key.has_class(PALETTE):
        return 1 + text + (0 if compact else 1)  # border-left, padding-right
    return text + (1 if compact else 0)  # margin-right


def choose(keys: Sequence[FooterKey], width: int, first: Sequence[str], compact: bool) -> list[FooterKey]:
    """The keys to show in `width` columns: by importance (actions in `first`, in that
    order, then the rest as given), each one kept only if it fits whole; the palette key
    (docked on the right) takes its room first when it is chosen at all."""
    rank = {action: i for i, action in enumerate(first)}
    order = sorted(range(len(keys)), key=lambda i: (rank.get(keys[i].action, len(rank)), i))
    room = width
    chosen: list[int] = []
    for i in order:
        need = key_width(keys[i], compact)
        if need <= room:
            chosen.append(i)
            room -= need
    return [keys[i] for i in chosen]  # in order of importance, the most important leftmost


class DeskFooter(Footer):
    DEFAULT_CSS = """
    DeskFooter.-compact FooterKey.-command-palette { margin-right: 0; }
    """

    def __init__(self, *, first: Sequence[str] = FIRST) -> None:
        """`first`: actions shown first, in this order (a screen's own essentials)."""
        super().__init__()
        self.first = tuple(first)
        self._width = 0

    def _columns(self) -> int:
        return self.screen.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        width = self._columns()
        self._width = width
        compact = width < COMPACT_BELOW
        # Only keys: none of our bindings has a group (whose label Textual yields apart).
        yield from choose(keys, width, self.first, compact)

    def on_mount(self) -> None:
        self.compact = self._columns() < COMPACT_BELOW

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self._columns() < COMPACT_BELOW
        if self._columns() != self._width:
            self.call_after_refresh(self.recompose)  # what fits changed with the width

    def shown_keys(self) -> list[FooterKey]:
        """The keys on show, leftmost first (the palette key, docked right, last)."""
        keys = list(self.query(FooterKey))
        return [k for k in keys if not k.has_class(PALETTE)] + [k for k in keys if k.has_class(PALETTE)]
