"""The words around the picture: labels, the legend, the detail line, full entries.

Pure functions from graph records to (text, style-names) runs, without Textual, so
what the pane says can be tested as data. Every untrusted string passes through
`one_line` (or `visible`) and is only ever placed as plain text.

Every text is bounded before it is measured or wrapped (`shown`): the pane shows at
most a few lines of any one, and `one_line`, `cell_len` and wrapping cost per
character; a 1 MB headline made each cursor move onto its story spend 0.1 s here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len, get_character_cell_size

from tui.core.format.literal import cut, one_line
from tui.core.graph import Component, Link, NodeInfo

Run = tuple[str, str]  # text, space-separated style names
Row = tuple[Run, ...]
InfoFn = Callable[[str], NodeInfo]

SHOWN = 1000  # characters of any one text laid out: more than a few lines of the widest pane
LONG = 10_000  # characters of an external item's excerpt, wrapped into the whole pane


def shown(text: str, limit: int = SHOWN) -> str:
    """One line of untrusted text, cut to `limit` characters before anything else."""
    return one_line(cut(text, limit))


MARKERS = {"published": "●", "unpublished": "○", "external": "◇", "missing": "?"}
ECHO_MARKER = "↺"


def fit(text: str, width: int) -> str:
    """Crop to `width` cells, marking the cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def label_text(info: NodeInfo, width: int, marker: str | None = None, suffix: str = "", provider: bool = True) -> str:
    """`● Title… · Provider`; in a tight label the provider goes first, the title stays."""
    mark = (marker or MARKERS.get(info.kind, "?")) + " "
    title = shown(info.title) or shown(info.url) or "(untitled)"
    name = shown(info.provider) if provider else ""
    room = width - cell_len(mark) - cell_len(suffix)
    if room <= 0:
        return fit(mark + suffix, width)
    if name and cell_len(title) + 3 + cell_len(name) <= room:
        return mark + title + " · " + name + suffix
    if name and (room >= 30 or cell_len(name) <= room // 3):
        pw = min(cell_len(name), room // 3)
        title = fit(title, room - pw - 3)
        return mark + title + " · " + fit(name, room - cell_len(title) - 3) + suffix
    return mark + fit(title, room) + suffix


def subtitle(info: NodeInfo, width: int) -> str:
    """The second line of a tall label: provider, date, and who cites an external item."""
    parts = [shown(info.provider)] if info.provider else []
    when = info.story.published_at if info.story else info.external.item.published_at if info.external else None
    if when is not None:
        parts.append(when.strftime("%Y-%m-%d"))
    if info.kind == "unpublished":
        parts.append("unpublished")
    if info.external is not None and len(info.external.listed_by) > 1:
        parts.append(f"cited by {len(info.external.listed_by)} stories")
    return fit(" · ".join(parts), width)


def wrap(text: str, width: int, lines: int) -> list[str]:
    """Greedy word wrap into at most `lines` lines, the last cropped with an ellipsis.

    A word wider than the line is split rather than cropped, so a long first word
    does not leave the rest of the box empty. Only the prefix that can show is split
    into words: `lines` lines of `width` cells and their breaks hold fewer characters
    than that prefix, which ends in an ellipsis when it is a cut.
    """
    words: list[str] = []
    for word in cut(text, max(lines, 1) * (max(width, 1) + 1) + 2).split():
        while cell_len(word) > width > 1:
            head = fit(word, width + 1)[:-1]  # `width` cells, no ellipsis
            words.append(head)
            word = word[len(head) :]
        words.append(word)
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if cell_len(trial) <= width:
            current = trial
            continue
        if current:
            out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    if current:
        out.append(current)
    return [fit(line, width) for line in out[:lines]]


def stub(link: Link, towards_right: bool) -> tuple[str, str]:
    """The 6-cell edge marker between a node and its parent, with its style name.

    Arrows point from the story that lists to the one listed; a duplicate shows
    its score in the middle.
    """
    dup = link.duplicate
    body = "╌" if dup is not None else ("═" if link.out and link.back else "─")
    # towards_right: the parent is on the left and the node on the right
    left_arrow = link.back if towards_right else link.out
    right_arrow = link.out if towards_right else link.back
    middle = body * 4 if dup is None else score_text(dup.score).center(4, body)
    text = ("◀" if left_arrow else body) + middle + ("▶" if right_arrow else body)
    return text, link.kind


def score_text(score: float) -> str:
    text = f"{score:.2f}" if 0 <= score <= 1 else f"{score:.0f}"
    return text[:4]


def crop(runs: Sequence[Run], width: int) -> Row:
    """Cut a row of runs to `width` cells, the cut marked with an ellipsis."""
    total = sum(cell_len(t) for t, _ in runs)
    if total <= width:
        return tuple(runs)
    out: list[Run] = []
    left = width
    for text, style in runs:
        size = cell_len(text)
        if size < left:
            out.append((text, style))
            left -= size
            continue
        out.append((fit(text, left), style))
        break
    return tuple(r for r in out if r[0])


LEGEND: tuple[tuple[str, str, str, str], ...] = (
    ("●", "published", "published", "pub"),
    ("○", "unpublished", "unpublished", "unpub"),
    ("◇", "external", "external", "ext"),
    ("──▶", "related", "cites", "cites"),
    ("◀═▶", "reciprocal", "cite each other", "mutual"),
    ("╌96╌", "duplicate", "duplicate (score)", "dup"),  # as the edges draw it (issue 18)
    (ECHO_MARKER, "legend", "also elsewhere", "again"),  # a story the tree already placed
)


def legend(width: int, status: str = "") -> Row:
    """The key to the picture, long words when they fit, short ones else; status right."""
    for long in (True, False):
        runs: list[Run] = []
        for mark, style, words, short in LEGEND:
            runs += [(mark, style), (" " + (words if long else short) + "  ", "legend")]
        size = sum(cell_len(t) for t, _ in runs)
        room = width - size
        if room >= 0:
            if status and room >= cell_len(status) + 1:
                runs.append((" " * (room - cell_len(status)) + status, "legend"))
            return tuple(runs)
    # Narrow (a pane of an 80-column screen): the edges and ↺ only, the node marks
    # being the list's own; explained before anything is cut.
    runs = []
    for mark, style, _, short in LEGEND:
        if style not in ("published", "unpublished", "external"):
            runs += [(mark, style), (" " + short + " ", "legend")]
    return crop(runs, width)


def relation(link: Link | None, centre: bool, via: str = "") -> str:
    """How the node under the cursor hangs off the picture: to the centre, or to the
    first-hop node `via` for a second-hop node."""
    if centre:
        return "centre"
    if link is None:
        return ""
    name = via or "the centre"
    if link.duplicate is not None:
        d = link.duplicate
        decision = f" {shown(d.decision)}" if d.decision else ""
        return f"possible duplicate of {name}, {score_text(d.score)}{decision}"
    if link.out and link.back:
        return f"mutual link with {name}"
    return f"cited by {name}" if link.out else f"cites {name}"


def detail(info: NodeInfo | None, width: int, note: str = "", lines: int = 1) -> list[Row]:
    """The bottom of the pane: what the cursor is on (title, provider, relation, URL).

    On two lines the URL gets the second to itself; on one it takes what is left.
    """
    if info is None:
        return [crop((("Nothing under the cursor.", "sub"),), width)] + [()] * (lines - 1)
    title = shown(info.title) or "(untitled)"
    provider = fit(shown(info.provider), 24)
    tag = fit(note, 56)
    extras = (cell_len(provider) + 2 if provider else 0) + (cell_len(tag) + 4 if tag else 0)
    # the title keeps at least half the line; the relation tag is what gets cropped
    room = max(width - 2 - extras, width // 2) if lines > 1 else int(width * 0.45)
    runs: list[Run] = [(MARKERS.get(info.kind, "?") + " ", info.kind), (fit(title, max(16, room)), "title")]
    if provider:
        runs.append(("  " + provider, "sub"))
    if tag:
        runs.append(("  [" + tag + "]", "sub"))
    url = shown(info.url)
    if lines == 1:
        if url:
            runs.append(("  " + url, "url"))
        return [crop(runs, width)]
    return [crop(runs, width), crop((("  " + url, "url"),), width) if url else ()] + [()] * (lines - 2)


def entry_rows(info: NodeInfo, info_fn: InfoFn, width: int, height: int, back: str = "enter / esc") -> list[Row]:
    """An external item's full entry, as the citing stories wrote it; `back`: the keys
    in force that go back to the picture, for its last line."""
    ext = info.external
    rows: list[Row] = []
    for line in wrap(shown(info.title) or "(untitled)", width - 2, 3):
        rows.append(((("◇ " if not rows else "  ") + line, "external title"),))
    item = ext.item if ext is not None else None
    facts = []
    if info.provider:
        facts.append(shown(info.provider))
    if item is not None:
        if item.provider_domain and item.provider_domain != item.provider_name:
            facts.append(shown(item.provider_domain))
        if item.published_at is not None:
            facts.append(item.published_at.strftime("%Y-%m-%d %H:%M"))
        if item.type:
            facts.append(shown(item.type))
        if item.quality is not None:
            facts.append(f"quality {item.quality}")
    if facts:
        rows.append(crop((("  " + " · ".join(facts), "sub"),), width))
    if item is not None:
        for label, url in (("URL", item.url), ("AMP", item.amp_url), ("AMP cache", item.cdn_amp_url)):
            if url:
                rows.append(crop(((f"  {label}: ", "legend"), (shown(url), "url")), width))
    if ext is not None:
        n = len(ext.listed_by)
        rows.append(((f"  Cited by {n} {'story' if n == 1 else 'stories'}:", "legend"),))
        for sid in ext.listed_by[:3]:
            cited = info_fn(sid)
            rows.append(crop((("    ", ""), *_mark_title(cited, width - 4)), width))
        if n > 3:
            rows.append(((f"    … and {n - 3} more", "more"),))
    if item is not None and item.excerpt:
        room = max(1, height - len(rows) - 2)
        for line in wrap(shown(item.excerpt, LONG), width - 4, room):
            rows.append((("  " + line, ""),))
    rows.append(((f"  {back}: back to the picture", "more"),))
    return rows[:height]


def _mark_title(info: NodeInfo, width: int) -> tuple[Run, ...]:
    return ((MARKERS.get(info.kind, "?") + " ", info.kind), (label_text(info, width)[2:], "title"))


def component_row(index: int, comp: Component, info_fn: InfoFn, width: int) -> Row:
    n, e = len(comp.stories), len(comp.externals)
    head = f"{index + 1:>4}. {n:>5} {'story' if n == 1 else 'stories'} {e:>5} external  "
    return crop(((head, "legend"), *_mark_title(info_fn(comp.representative), max(8, width - cell_len(head)))), width)


def component_detail(comp: Component, info_fn: InfoFn, width: int) -> Row:
    titles = [shown(info_fn(s).title) or shown(s) for s in comp.stories[:4]]
    more = f" … +{len(comp.stories) - 4}" if len(comp.stories) > 4 else ""
    return crop((("Stories: ", "legend"), ("; ".join(titles) + more, "title")), width)
