"""Lay a neighbourhood out as a picture on a character grid, without Textual.

Kept free of Textual so the geometry (no overlaps, what fits at 78x6, what is cut)
can be tested as plain data. The result is rows of (text, style-names) runs; the widget
maps the style names to its component classes. Text only ever lands here as plain
strings through `one_line` (`graph_text.shown`: bounded first), so nothing in a title
can become markup or a control code.

Which layout is drawn (two-sided or one-sided, with or without a second-hop column,
or a top-down tree for narrow panes) is chosen in `graph_plan.py`, a pure function of
the neighbourhood and the size, so the same folder gives the same picture; this module
draws the chosen plan: the grid where lines merge into junctions, the centre, the
labels and their edges, and where each node landed (for the mouse and the cursor).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size

from tui.core.graph import Link, Neighbourhood
from tui.ui.widgets.graph_plan import Block, Plan, Side, plans
from tui.ui.widgets.graph_text import (
    ECHO_MARKER,
    MARKERS,
    InfoFn,
    Row,
    Run,
    fit,
    label_text,
    shown,
    stub,
    subtitle,
    wrap,
)

STUB = 6  # cells of an edge stub (graph_text.stub), before a label

U, D, L, R = 1, 2, 4, 8
_BOX = {
    L | R: "─",
    U | D: "│",
    D | R: "┌",
    D | L: "┐",
    U | R: "└",
    U | L: "┘",
    U | D | R: "├",
    U | D | L: "┤",
    L | R | D: "┬",
    L | R | U: "┴",
    U | D | L | R: "┼",
    L: "─",
    R: "─",
    U: "│",
    D: "│",
}


@dataclass(frozen=True, slots=True)
class Hit:
    node: str
    row: int
    x0: int
    x1: int  # exclusive
    echo: bool = False


@dataclass(frozen=True, slots=True)
class Picture:
    width: int
    height: int
    rows: tuple[Row, ...]
    hits: tuple[Hit, ...]
    order: tuple[str, ...]  # cursor order: the centre, then nodes top-down, left side first
    shown: int  # distinct nodes drawn besides the centre
    hidden: int
    mode: str

    def hit(self, x: int, y: int) -> Hit | None:
        for hit in self.hits:
            if hit.row == y and hit.x0 <= x < hit.x1:
                return hit
        return None


class Canvas:
    """A character grid where lines merge into box-drawing junctions and text wins."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.chars = [[" "] * width for _ in range(height)]
        self.styles = [[""] * width for _ in range(height)]
        self.bits = [[0] * width for _ in range(height)]

    def _bit(self, y: int, x: int, bit: int, style: str) -> None:
        if 0 <= y < self.height and 0 <= x < self.width:
            self.bits[y][x] |= bit
            if not self.styles[y][x]:
                self.styles[y][x] = style

    def hline(self, y: int, x0: int, x1: int, style: str) -> None:
        x0, x1 = min(x0, x1), max(x0, x1)
        for x in range(x0, x1 + 1):
            self._bit(y, x, (L if x > x0 else 0) | (R if x < x1 else 0), style)

    def vline(self, x: int, y0: int, y1: int, style: str) -> None:
        y0, y1 = min(y0, y1), max(y0, y1)
        for y in range(y0, y1 + 1):
            self._bit(y, x, (U if y > y0 else 0) | (D if y < y1 else 0), style)

    def link(self, y: int, x: int, bits: int, style: str) -> None:
        self._bit(y, x, bits, style)

    def text(self, y: int, x: int, text: str, style: str) -> int:
        """Write plain text from x; returns the column after it. Clipped at the edges."""
        if not 0 <= y < self.height:
            return x
        for char in text:
            size = get_character_cell_size(char)
            if size == 0:
                if 0 < x <= self.width:
                    self.chars[y][x - 1] += char
                continue
            if x + size > self.width:
                break
            if x >= 0:
                self.chars[y][x] = char
                self.styles[y][x] = style
                self.bits[y][x] = 0
                if size == 2:
                    self.chars[y][x + 1] = ""
                    self.styles[y][x + 1] = style
                    self.bits[y][x + 1] = 0
            x += size
        return x

    def rows(self) -> tuple[Row, ...]:
        out: list[Row] = []
        for y in range(self.height):
            runs: list[Run] = []
            for x in range(self.width):
                bits = self.bits[y][x]
                char = _BOX.get(bits, " ") if bits else self.chars[y][x]
                style = self.styles[y][x]
                if runs and runs[-1][1] == style:
                    runs[-1] = (runs[-1][0] + char, style)
                else:
                    runs.append((char, style))
            out.append(tuple(runs))
        return tuple(out)


def layout(nb: Neighbourhood | None, info: InfoFn, width: int, rows: int, cursor: str | None = None) -> Picture:
    canvas = Canvas(max(width, 0), max(rows, 0))
    if nb is None or width < 10 or rows < 1:
        if rows >= 1:
            canvas.text(0, 1, "No story selected." if nb is None else "…", "more")
        return Picture(width, rows, canvas.rows(), (), (), 0, 0, "empty")
    candidates = plans(nb, width, rows)
    if not candidates:  # too narrow for any edge: the centre and a count
        text = label_text(info(nb.centre), width)
        canvas.text(0, 0, text, "centre cursor" if cursor == nb.centre else "centre")
        total = nb.first_total + nb.second_total
        if rows >= 2 and total:
            canvas.text(1, 0, fit(f"+{total} linked", width), "more")
        return Picture(
            width, rows, canvas.rows(), (Hit(nb.centre, 0, 0, cell_len(text)),), (nb.centre,), 0, total, "tiny"
        )
    plan = max(candidates, key=Plan.score)
    drawer = _Drawer(canvas, info, cursor, plan.h)
    if plan.mode == "tree":
        drawer.tree(nb, plan)
    else:
        drawer.sides(nb, plan)
    if not nb.branches:
        drawer.note("No related stories or items link here.")
    shown = len({h.node for h in drawer.hits if not h.echo} - {nb.centre})
    order = [nb.centre] + [n for n in drawer.order if n != nb.centre]
    hidden = max(0, nb.first_total + nb.second_total - shown)
    return Picture(
        width, rows, canvas.rows(), tuple(drawer.hits), tuple(dict.fromkeys(order)), shown, hidden, plan.mode
    )


class _Drawer:
    def __init__(self, canvas: Canvas, info: InfoFn, cursor: str | None, h: int) -> None:
        self.c = canvas
        self.info = info
        self.cursor = cursor
        self.h = h
        self.hits: list[Hit] = []
        self.order: list[str] = []

    def _style(self, node: str, base: str) -> str:
        return f"{base} cursor" if node == self.cursor else base

    def note(self, text: str) -> None:
        y = self.c.height - 1
        if y > 0:
            self.c.text(y, max(0, (self.c.width - cell_len(text)) // 2), fit(text, self.c.width), "more")

    def label(
        self, y: int, x: int, width: int, link: Link, echo: bool, align_right: bool, suffix: str = ""
    ) -> tuple[int, int]:
        """Draw one node label in [x, x+width); returns the cells its first line occupies."""
        info = self.info(link.node)
        tall = self.h == 2
        text = label_text(info, width, ECHO_MARKER if echo else None, suffix, provider=not tall)
        used = cell_len(text)
        x0 = x + width - used if align_right else x
        base = "echo" if echo else info.kind
        self.c.text(y, x0, text, base if echo else self._style(link.node, base))
        self.hits.append(Hit(link.node, y, x0, x0 + used, echo))
        if tall:
            sub = subtitle(info, width - 2)
            sx = x + width - cell_len(sub) if align_right else x + 2
            self.c.text(y + 1, sx, sub, "sub")
            self.hits.append(Hit(link.node, y + 1, sx, sx + cell_len(sub), echo))
        if not echo:
            self.order.append(link.node)
        return x0, x0 + used

    def more(self, y: int, x: int, width: int, count: int, align_right: bool) -> None:
        text = fit(f"… +{count} more", width)
        self.c.text(y, x + width - cell_len(text) if align_right else x, text, "more")

    def centre_box(self, nb: Neighbourhood, x0: int, cw: int, rows: int) -> tuple[int, bool]:
        """Draw the centre; returns the row its edges leave from and whether it has a border."""
        info = self.info(nb.centre)
        style = self._style(nb.centre, "centre")
        if rows < 3:  # no room for a box: one line, a cell kept free at each end for the edges
            y = rows // 2
            text = label_text(info, cw - 2)
            self.c.text(y, x0 + 1, text + " " * (cw - 2 - cell_len(text)), style)
            self.hits.append(Hit(nb.centre, y, x0 + 1, x0 + cw - 1))
            return y, False
        height = 5 if rows >= 5 else 3
        top = (rows - height) // 2
        x1 = x0 + cw - 1
        for y in (top, top + height - 1):
            self.c.hline(y, x0, x1, style)
        for x in (x0, x1):
            self.c.vline(x, top, top + height - 1, style)
        inner = cw - 4
        if height == 5:
            self.c.text(top, x0 + 1, f" {MARKERS.get(info.kind, '?')} ", style)  # status in the border
            title = shown(info.title) or shown(info.url) or "(untitled)"
            lines = wrap(title, inner, 2)
            lines += [""] * (2 - len(lines)) + [fit(shown(info.provider), inner)]
        else:
            lines = [label_text(info, inner)]
        for i, line in enumerate(lines):
            self.c.text(top + 1 + i, x0 + 1, " " + line + " " * (inner - cell_len(line)) + " ", style)
        for y in range(top, top + height):
            self.hits.append(Hit(nb.centre, y, x0, x1 + 1))
        return top + height // 2, True

    def sides(self, nb: Neighbourhood, plan: Plan) -> None:
        c = self.c
        two = plan.mode == "two"
        used = plan.cw + sum(side.width for side in plan.sides)
        spare = max(0, c.width - used)
        cw = plan.cw + (min(spare // 3, 8) if two else 0)
        used += cw - plan.cw
        pad = max(0, (c.width - used) // 2)
        bx0 = pad + (plan.sides[0].width if two else 0)
        centre_row, _ = self.centre_box(nb, bx0, cw, c.height)
        self.order.append(nb.centre)
        bx1 = bx0 + cw - 1
        for index, side in enumerate(plan.sides):
            right = not two or index == 1
            edge = bx1 if right else bx0
            self._side(side, right, edge, centre_row)

    def _side(self, side: Side, right: bool, edge: int, centre_row: int) -> None:
        c, h = self.c, self.h
        blocks = side.blocks
        if not blocks and not side.hidden:
            return
        sign = 1 if right else -1
        tx = edge + 2 * sign
        height = h * sum(b.slots for b in blocks) + (len(blocks) - 1 if side.gaps else 0) + (1 if side.hidden else 0)
        top = max(
            0,
            min(
                c.height - height,
                centre_row
                - (h * blocks[0].slots - 1 if blocks else 0) // 2
                - (height - h * (blocks[0].slots if blocks else 0)) // 2,
            ),
        )
        ys: list[int] = []
        y = top
        for block in blocks:
            ys.append(y)
            y += h * block.slots + (1 if side.gaps else 0)
        more_y = (y - (1 if side.gaps and blocks else 0)) if side.hidden else None
        anchors = ys + ([more_y] if more_y is not None else [])
        c.hline(centre_row, edge, tx, "trunk")
        c.vline(tx, min(anchors[0], centre_row), max(anchors[-1], centre_row), "trunk")
        l1 = tx + 8 if right else tx - 7 - side.w1  # first-hop label area start
        for block, y in zip(blocks, ys, strict=True):
            c.link(y, tx, R if right else L, "trunk")
            text, style = stub(block.branch.link, right)
            c.text(y, tx + 1 if right else tx - STUB, text, style)
            suffix = f" +{block.extra}" if block.extra and not block.items else ""
            x0, x1 = self.label(y, l1, side.w1, block.branch.link, False, not right, suffix)
            if block.items:
                bus = l1 + side.w1 + 2 if right else l1 - 3
                self._children(block, y, x1 + 1 if right else x0 - 2, bus, side.w2, right)
        if more_y is not None:
            c.hline(more_y, tx, tx + sign, "trunk")
            self.more(more_y, tx + 3 if right else tx - 2 - side.w1 - 6, side.w1 + 6, side.hidden, not right)

    def _children(self, block: Block, y: int, start: int, bus: int, w2: int, right: bool) -> None:
        c, h = self.c, self.h
        c.hline(y, start, bus, "trunk")
        c.vline(bus, y, y + h * (len(block.items) - 1), "trunk")
        l2 = bus + 8 if right else bus - 7 - w2
        for i, (link, echo) in enumerate(block.items):
            row = y + h * i
            c.link(row, bus, R if right else L, "trunk")
            text, style = stub(link, right)
            c.text(row, bus + 1 if right else bus - STUB, text, style)
            suffix = f" +{block.extra}" if block.extra and i == len(block.items) - 1 else ""
            self.label(row, l2, w2, link, echo, not right, suffix)

    def tree(self, nb: Neighbourhood, plan: Plan) -> None:
        """Top-down for narrow panes: the centre first, links indented below it."""
        c, h = self.c, self.h
        info = self.info(nb.centre)
        text = label_text(info, c.width, provider=h == 1)
        c.text(0, 0, text, self._style(nb.centre, "centre"))
        self.hits.append(Hit(nb.centre, 0, 0, cell_len(text)))
        if h == 2:
            c.text(1, 2, subtitle(info, c.width - 2), "sub")
        self.order.append(nb.centre)
        side = plan.sides[0]
        y = h
        last_y = 0
        for block in side.blocks:
            c.link(y, 0, R, "trunk")
            last_y = y
            text, style = stub(block.branch.link, True)
            c.text(y, 1, text, style)
            suffix = f" +{block.extra}" if block.extra and not block.items else ""
            self.label(y, 8, side.w1, block.branch.link, False, False, suffix)
            if block.items:
                c.vline(8, y + 1, y + h * len(block.items), "trunk")
                c.link(y + 1, 8, U, "trunk")
            for i, (link, echo) in enumerate(block.items):
                row = y + h * (1 + i)
                c.link(row, 8, R, "trunk")
                text, style = stub(link, True)
                c.text(row, 9, text, style)
                suffix = f" +{block.extra}" if block.extra and i == len(block.items) - 1 else ""
                self.label(row, 16, side.w2, link, echo, False, suffix)
            y += h * block.slots
        if side.hidden:
            c.hline(y, 0, 1, "trunk")
            last_y = y
            self.more(y, 3, c.width - 3, side.hidden, False)
        if last_y:
            c.vline(0, 1, last_y, "trunk")
            c.link(1, 0, U, "trunk")
