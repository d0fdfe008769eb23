"""A one-line status that fits its width by giving up the least important words first.

A status line cut at the terminal's edge loses whatever comes last, mid-word: at 80
columns "50 with suspected duplicates" lost its last word, and at 50 columns the sort
was cut to "sort" (issue 18). Here each part comes in a few forms, longest first, each
a complete reading, and each step down (to the next form, or off the line) has a rank:
the line gives up the step of highest rank first until it fits. So "50 with suspected
duplicates" becomes "50 suspected dups" before the published count goes, and what the
list is filtered by and searched for is shortened last and never dropped. Only if
every step is not enough is the end replaced by "…": nothing is cut without a sign.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a status line. `forms`: longest first; `ranks[k]`: how readily form
    k is given up for form k+1 (or, for the last form, for nothing), higher first. A
    part with one rank fewer than forms is never dropped."""

    forms: tuple[Text, ...]
    ranks: tuple[int, ...]


def part(*forms: Text | str, ranks: Sequence[int]) -> Part:
    """A Part from Texts or plain strings (plain: no markup is read)."""
    if not len(forms) - 1 <= len(ranks) <= len(forms):
        raise ValueError("one rank per form (the last may be left out: never dropped)")
    if any(a <= b for a, b in itertools.pairwise(ranks)):
        raise ValueError("a part's ranks fall: its longer forms are given up first")
    return Part(tuple(f if isinstance(f, Text) else Text(f) for f in forms), tuple(ranks))


def fit(parts: Sequence[Part], width: int) -> Text:
    """The parts joined, each in the longest form that lets the line fit `width`."""
    chosen = [0] * len(parts)  # index into forms; len(forms) means dropped
    size = sum(p.forms[0].cell_len for p in parts)
    # Every step of every part, the most readily given up first; among equals, the
    # part further right. A part's steps have falling ranks, so they come in order.
    steps = sorted(
        ((rank, i) for i, p in enumerate(parts) for rank in p.ranks),
        key=lambda step: (-step[0], -step[1]),
    )
    for _rank, i in steps:
        if size <= width:
            break
        forms, now = parts[i].forms, chosen[i]
        size -= forms[now].cell_len
        chosen[i] = now + 1
        size += forms[now + 1].cell_len if now + 1 < len(forms) else 0
    line = Text()
    for p, c in zip(parts, chosen, strict=True):
        if c < len(p.forms):
            line.append_text(p.forms[c])
    if line.cell_len > width:
        line.truncate(width, overflow="ellipsis")
    return line
