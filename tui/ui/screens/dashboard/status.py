"""The dashboard's status line (issue 18): what the list shows, fitted to the width.

What the list shows comes first and is kept longest (the count, the filter, the
search), so a narrow terminal still says a filter or a search is on; the sort, the
marks and the folder's counts are shortened, then dropped, before those
(`tui/ui/widgets/status_fit.py` does the fitting). Texts from the folder (a
provider in a filter, the search) are one line and bounded.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding

from tui.core.format.literal import cut, one_line
from tui.ui.keys import key_name, keymap_of, keys_in_force
from tui.ui.screens.dashboard.day import SEARCH_CHARS
from tui.ui.widgets.status_fit import Part, part

if TYPE_CHECKING:
    from tui.ui.screens.dashboard.screen import MainScreen


def status_parts(screen: MainScreen) -> list[Part]:
    """The status line's parts (fitted to the width by `status_fit.fit`): what the list
    shows comes first and is kept longest (count, filter, search), so a narrow terminal
    still says a filter or a search is on; sort, marks and the folder's counts are
    shortened, then dropped, before those."""
    q = screen.query_state
    # Rows of the folder: its stories, and on a site the files newsdesk cannot read (issue 14).
    shown, total = len(screen.articles.ids), len(screen.store) + len(screen.store.unreadable)
    count = Text()
    count.append(f" {shown:,}", style="bold")
    count.append(f"/{total:,}")
    parts = [part(count, ranks=())]
    if q.filtered:
        described = one_line(replace(q, text="").describe_filter()) if q.text else one_line(q.describe_filter())
        if described != "all":
            parts.append(_named(" · filter ", described[:200], FILTER_SHORT))
        if q.text:
            quoted = one_line(q.text)[:SEARCH_CHARS]
            parts.append(_named(" · search ", f"“{quoted}”", SEARCH_SHORT, quote=quoted))
    else:
        parts.append(part(" · all stories", ranks=(90,)))
    parts.append(part(f" · sort {q.describe_sort()}", f" · {q.describe_sort()}", ranks=(70, 40)))
    published = screen.store.published_count
    parts.append(part(Text(f" · {published:,} published", style="green"), ranks=(60,)))
    marked = len(screen.articles.marked)
    if marked:
        parts.append(part(Text(f" · {marked} marked", style="bold magenta"), ranks=(25,)))
    suspects = len(screen.store.suspects)
    if suspects:
        parts.append(
            part(
                Text(f" · {suspects} with suspected duplicates", style="red"),
                Text(f" · {suspects} suspected dups", style="red"),
                Text(f" · {suspects} dups", style="red"),
                ranks=(95, 50, 30),
            )
        )
    errors = screen.store.error_count()
    if errors:
        key = _key_of(screen, "app.problems")
        tail = f" ({key})" if key else ""
        parts.append(
            part(
                Text(f" · {errors} problem {'file' if errors == 1 else 'files'}{tail}", style="bold red"),
                Text(f" · {errors} {'problem' if errors == 1 else 'problems'}{tail}", style="bold red"),
                ranks=(94, 20),
            )
        )
    return parts


FILTER_SHORT = 24  # characters of a filter's description kept when the line is tight
SEARCH_SHORT = 16  # of the search


def _named(label: str, value: str, short: int, *, quote: str | None = None) -> Part:
    """ " · filter published": the label plain, the value bold; for a tight line the value
    cut (marked "…"), then the value alone (a search reads as one by its quotes)."""
    long = Text(label)
    long.append(value, style="bold")
    value = f"“{cut(quote, short)}”" if quote is not None else cut(value, short)
    brief = Text(label)
    brief.append(value, style="bold")
    bare = Text(" · ")
    bare.append(value, style="bold")
    return part(long, brief, bare, ranks=(5, 3))  # shortened last, never dropped


def _key_of(screen: MainScreen, binding_id: str) -> str:
    """The first key in force for an app binding (its keymap applied), as help names it."""
    app = screen.app
    for binding in type(app).BINDINGS:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return key_name(keys_in_force(binding, keymap_of(app)).split(",")[0])
    return ""
