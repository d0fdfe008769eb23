"""The copies of a duplicate suggestion, side by side or stacked.

Side by side is the quickest comparison while each copy has room for a readable
column; four copies at 80 columns got 18 each and pushed the "Why" below the fold
(issue 18). Below `STACK_BELOW` columns per copy they are stacked: one row each,
its header on the first line.
"""

from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

STACK_BELOW = 34  # columns per copy


def stacked(copies: int, width: int) -> bool:
    """Whether `copies` copies are stacked at `width` columns rather than side by side."""
    return copies > 0 and width // copies < STACK_BELOW


def members_table(headers: list[Text], cells: list[Text], width: int) -> Table:
    """The copies as one table: a column each, or stacked rows when `width` is tight."""
    table = Table(box=box.ROUNDED, expand=True, show_lines=False, padding=(0, 1))
    if stacked(len(headers), width):
        table.show_header = False
        table.show_lines = True
        table.add_column(ratio=1, overflow="fold")
        for header, cell in zip(headers, cells, strict=True):
            table.add_row(Group(header, cell))
        return table
    for header in headers:
        table.add_column(header, ratio=1, overflow="fold")
    table.add_row(*cells)
    return table
