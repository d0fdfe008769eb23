"""Which picture of a neighbourhood fits a pane: the layouts tried and the one chosen.

Several layouts are tried for the space at hand (two-sided or one-sided, with or
without a second-hop column, or a top-down tree for narrow panes; labels one or two
rows tall), each as a `Plan`: which first-hop branches show, how many rows each gets
for its children, how wide the labels are, what is left to "+N more". `Plan.score`
ranks them (the most nodes, then the most readable labels), and `graph_layout` draws
the best. Kept apart from the drawing because it is pure arithmetic over the
neighbourhood and the size, with no text and no grid: the same folder gives the same
choice, and what fits can be reasoned about without a single character drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.graph import Branch, Link, Neighbourhood

MIN_LABEL = 14  # below this a label is mostly ellipsis
READABLE = 20  # label width worth trading a second-hop column for
GOOD_LABEL = 32  # wider than this buys little
MAX_LABEL = 48
SIDE1 = 9  # border gap + trunk + 6-cell edge stub + space, before a first-hop label
SIDE2 = 10  # gap + bus + stub + space, before a second-hop label


@dataclass(slots=True)
class Block:
    """One first-hop branch as planned: its rows, the second-hop links shown under it."""

    branch: Branch
    slots: int = 1
    items: tuple[tuple[Link, bool], ...] = ()  # (link, is_echo) shown under the node
    extra: int = 0  # links of this branch left undrawn


@dataclass(slots=True)
class Side:
    """The branches on one side of the centre (the tree's only column) and their label widths."""

    blocks: list[Block]
    hidden: int  # first-hop nodes left out ("+N more")
    gaps: bool  # a blank row fits between blocks
    w1: int
    w2: int  # 0: no second-hop column

    @property
    def width(self) -> int:
        return SIDE1 + self.w1 + (SIDE2 + self.w2 if self.w2 else 0)


def _items(branch: Branch) -> list[tuple[Link, bool]]:
    return [(c, False) for c in branch.children] + [(e, True) for e in branch.echoes]


def _deep(branch: Branch) -> bool:
    return bool(branch.children or branch.echoes)


def _allocate(
    branches: Sequence[Branch], rows: int, second: bool, h: int = 1, share: bool = True, cut: int = 0
) -> tuple[list[Block], int, bool]:
    """Give each shown branch a row, then hand spare rows to their children in turn.

    `h` is the rows a label takes; `share`: the first child sits on its parent's row
    (side layouts) rather than below it (the tree). Returns the blocks, the number of
    first-hop nodes left out, and whether blank rows fit between blocks. `cut` counts
    first-hop nodes the query already left out, which need the "+N more" row too.
    """
    if rows < h or not branches:
        return [], len(branches) + cut, False
    n = len(branches)
    shown = n if n * h <= rows and not (cut and n * h == rows) else max((rows - 1) // h, 0)
    blocks = [Block(b) for b in branches[:shown]]
    spare = rows - shown * h - (1 if shown < n or cut else 0)
    below = 0 if share else 1
    wants = [max(1, len(_items(b.branch)) + below) if second else 1 for b in blocks]
    while spare >= h:
        grew = False
        for i, block in enumerate(blocks):
            if spare >= h and block.slots < wants[i]:
                block.slots += 1
                spare -= h
                grew = True
        if not grew:
            break
    for block in blocks:
        total = block.branch.child_total + block.branch.echo_total
        if second:
            block.items = tuple(_items(block.branch)[: block.slots - below])
        block.extra = total - len(block.items)
    gaps = len(blocks) > 1 and spare >= len(blocks) - 1
    return blocks, n - shown + cut, gaps


@dataclass(slots=True)
class Plan:
    """One way to lay the neighbourhood out: its shape, sides, centre width and label height."""

    mode: str  # "two", "one" or "tree"
    sides: list[Side]  # two-sided: left, right
    cw: int
    h: int

    def score(self) -> tuple[int, ...]:
        """Direct links first, then labels one can read, then a picture over a list,
        then how much of the second hop shows."""
        first = sum(len(side.blocks) for side in self.sides)
        second = sum(not echo for side in self.sides for b in side.blocks for _, echo in b.items)
        echoes = sum(echo for side in self.sides for b in side.blocks for _, echo in b.items)
        w = min([s.w1 for s in self.sides] + [s.w2 for s in self.sides if s.w2])
        rank = {"two": 2, "one": 1}.get(self.mode, 0)
        return (first, min(w, READABLE), rank > 0, second, echoes, rank, self.h, min(w, GOOD_LABEL), w)


def _split(branches: list[Branch], second: bool, deep_right: bool) -> list[list[Branch]]:
    """Left and right halves, balanced by rows; `deep_right` keeps branches with
    children on the right so only one side needs a second-hop column."""
    sides: list[list[Branch]] = [[], []]
    if deep_right:
        sides[1] = [b for b in branches if _deep(b)]
        sides[0] = [b for b in branches if not _deep(b)]
        return sides
    load = [0, 0]
    for branch in branches:
        side = 1 if load[1] <= load[0] else 0
        sides[side].append(branch)
        load[side] += max(1, len(_items(branch))) if second else 1
    return sides


def plans(nb: Neighbourhood, width: int, rows: int) -> list[Plan]:
    branches = list(nb.branches)
    cut = nb.first_total - len(branches)  # first-hop nodes the query did not return
    deep = any(_deep(b) for b in branches)
    plans: list[Plan] = []
    cw = max(18, min(34, width // 5))
    shapes: list[tuple[str, bool, bool]] = [("one", False, False)]
    if len(branches) >= 2:
        shapes.append(("two", False, False))
    if deep:
        shapes.append(("one", True, False))
        if len(branches) >= 2:
            shapes += [("two", True, False), ("two", True, True)]
    for mode, second, deep_right in shapes:
        groups = _split(branches, second, deep_right) if mode == "two" else [branches]
        if any(not g for g in groups):
            continue
        needs = [second and any(_deep(b) for b in g) for g in groups]
        columns = len(groups) + sum(needs)
        avail = width - cw - SIDE1 * len(groups) - SIDE2 * sum(needs) - 1
        w = min(MAX_LABEL, avail // columns)
        if w < MIN_LABEL:
            continue
        grow = min(34 - cw, max(0, (w - GOOD_LABEL) // 2))  # a roomy label lends the centre cells
        w = min(MAX_LABEL, (avail - grow) // columns)
        for h in (1, 2):
            sides = []
            for i, (group, need) in enumerate(zip(groups, needs, strict=True)):
                blocks, hidden, gaps = _allocate(group, rows, need, h, cut=cut if i == len(groups) - 1 else 0)
                sides.append(Side(blocks, hidden, gaps, w, w if need else 0))
            plans.append(Plan(mode, sides, cw + grow, h))
    w = width - 8
    if w >= 8:
        need = deep and w - 8 >= MIN_LABEL
        for h in (1, 2):
            blocks, hidden, gaps = _allocate(branches, rows - h, need, h, share=False, cut=cut)
            plans.append(Plan("tree", [Side(blocks, hidden, gaps, w, w - 8 if need else 0)], width, h))
    return plans
