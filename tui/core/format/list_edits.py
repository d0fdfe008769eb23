"""Byte-exact edits of the top-level `topics` list: add, remove, rename, merge.

An editor tags stories with a topic the pipeline missed, or folds "A.I." into "AI"
across a folder. Each edit changes the fewest characters of the list as the author
wrote it: a renamed item is rewritten where it stands (in its quoting style when the
new name allows), a removed block item loses its line, an added one gets a line at
the list's indentation, and a flow list (`[AI, Policy]`) is edited inside its
brackets. An empty list (`[]`, `topics:` with nothing, `~`) and an absent key are
filled in, and a single topic written as text (`topics: AI`) becomes a list, in block
style (`topics:` then `  - AI` lines) unless every other list of the file is a flow list:
removing a story's last topic leaves `topics: []` (still a list, for Jekyll's templates),
and a topic added later brings back the block list the file had.
Comments, quoting, line endings, the byte-order mark and every other byte stay.

Topics are matched by the name the story shows (decode.py: text, or a number shown as
text), and the result is verified like every edit (entries.finish): the list must be
exactly the old one with that change, the rest of the data unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from tui.core.format.edits import EditError
from tui.core.format.entries import Doc, EntryChange, Span, after_terminator, apply_edits, finish, line_end_at, load
from tui.core.format.yamlwrite import UnwritableText, render

TOPICS = "topics"
_KEEP = object()  # an item left as it is
_DASH = re.compile(r"[ \t]*-[ \t]+")
_FLOW_SEP = re.compile(r"[ \t]*,[ \t]*")

Result = tuple[bytes, EntryChange] | None


def topic_name(item: Any) -> str | None:
    """The topic an item names, as decode.py shows it: text, or a number as text."""
    if isinstance(item, bool) or not isinstance(item, (str, int, float)):
        return None
    return str(item)


@dataclass(frozen=True, slots=True)
class _Plan:
    """Per original item: `_KEEP`, a new name, or None (removed); then names appended."""

    actions: tuple[Any, ...]
    appended: tuple[str, ...]

    def result(self, items: list[Any]) -> list[Any]:
        out = [item if act is _KEEP else act for item, act in zip(items, self.actions, strict=True) if act is not None]
        return out + list(self.appended)

    @property
    def empty(self) -> bool:
        return not self.appended and all(act is _KEEP for act in self.actions)


def _retag(items: list[Any], add: Sequence[str], remove: Collection[str]) -> _Plan:
    if set(add) & set(remove):
        raise ValueError("a topic cannot be both added and removed")
    names = [topic_name(item) for item in items]
    actions = tuple(None if name in remove else _KEEP for name in names)
    kept = {name for name, act in zip(names, actions, strict=True) if act is _KEEP}
    appended = tuple(dict.fromkeys(t for t in add if t not in kept))
    return _Plan(actions, appended)


def _merge(items: list[Any], new: str, olds: Collection[str]) -> _Plan:
    """Each old name becomes `new`: the first one in place (unless `new` is there), the rest go."""
    olds = set(olds) - {new}
    names = [topic_name(item) for item in items]
    placed = new in names
    actions: list[Any] = []
    for name in names:
        if name not in olds:
            actions.append(_KEEP)
        elif placed:
            actions.append(None)
        else:
            actions.append(new)
            placed = True
    return _Plan(tuple(actions), ())


def change_topics(raw: bytes, add: Sequence[str] = (), remove: Collection[str] = ()) -> Result:
    """Add the topics not there yet and remove those listed; None when nothing changes."""
    return _edit(raw, lambda items: _retag(items, add, remove))


def add_topic(raw: bytes, topic: str) -> Result:
    return change_topics(raw, add=(topic,))


def remove_topic(raw: bytes, topic: str) -> Result:
    return change_topics(raw, remove=(topic,))


def merge_topics(raw: bytes, new: str, olds: Iterable[str]) -> Result:
    """Replace every topic of `olds` by `new` (once): the item's line where it stands."""
    old_set = frozenset(olds)
    return _edit(raw, lambda items: _merge(items, new, old_set))


def rename_topic(raw: bytes, old: str, new: str) -> Result:
    return merge_topics(raw, new, (old,))


def current_topics(doc: Doc) -> list[Any]:
    value = doc.data.get(TOPICS)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return list(value)
    raise EditError(f"topics is a {type(value).__name__}, not a list; fix it by hand")


def _edit(raw: bytes, planner: Callable[[list[Any]], _Plan]) -> Result:
    doc = load(raw)
    items = current_topics(doc)
    plan = planner(items)
    if plan.empty:
        return None
    expected = plan.result(items)
    try:
        text = _rewrite(doc, plan)
    except UnwritableText as exc:
        raise EditError(str(exc)) from None
    return finish(doc, TOPICS, text, expected)


def _rewrite(doc: Doc, plan: _Plan) -> str:
    span, node = doc.find(TOPICS), doc.node(TOPICS)
    text, nl = doc.text, doc.newline
    if span is None or node is None:  # no key: a new block list before the closing line
        lines = [f"{doc.root_indent()}{TOPICS}:"]
        lines += [f"{doc.root_indent()}{doc.item_indent()}- {render(t)}" for t in plan.appended]
        return apply_edits(text, [(doc.parsed.close_start, doc.parsed.close_start, nl.join(lines) + nl)])
    items = plan.result(current_topics(doc))
    if isinstance(node, yaml.SequenceNode):
        if not node.flow_style:
            return apply_edits(text, _block_edits(doc, node, span, plan))
        if node.value or not _blocks_here(doc):
            return apply_edits(text, _flow_edits(doc, node, span, plan))
        # `[]` (a list emptied here, or written so): its topics come back as a block list.
    elif span.value_start != span.value_end and (not items or not _blocks_here(doc)):
        # `~`, `null` or one topic as text, in a file of flow lists (or its one topic
        # removed: `[]`, an empty list still): the value becomes a flow list.
        flow = "[" + ", ".join(render(str(t), flow=True) for t in items) + "]"
        return apply_edits(text, [(span.value_start, span.value_end, flow)])
    # `topics:` with nothing, `[]`, `~`, `null` or one topic as text: the items go on lines
    # of their own under the key, as the file's (and the folder's) other lists are written;
    # a comment after the value stays on the key's line.
    prefix = doc.root_indent() + doc.item_indent() + "- "
    added = "".join(nl + prefix + render(str(t)) for t in items)
    return apply_edits(text, [(span.colon_end, span.value_end, ""), (span.line_end, span.line_end, added)])


def _blocks_here(doc: Doc) -> bool:
    """Whether topics written anew go in a block list: unless every other top-level list
    of the file is a flow list. A file with no other list follows the folder's way (block
    lists, as the feeds write them: the format's documentation, seeds/)."""
    styles = [
        bool(value.flow_style)
        for key, value in doc.root.value
        if isinstance(value, yaml.SequenceNode) and value.value and getattr(key, "value", None) != TOPICS
    ]
    return not styles or not all(styles)


def _style(node: yaml.Node) -> str | None:
    return node.style if isinstance(node, yaml.ScalarNode) else None


def _checked_items(doc: Doc, node: yaml.SequenceNode, span: Span) -> list[tuple[int, int]]:
    """Each item's (start, end), in order and inside the list (an alias points elsewhere)."""
    out: list[tuple[int, int]] = []
    last = span.value_start
    for item in node.value:
        start, end = doc.at(item.start_mark), doc.end_of(item)
        if start < last or end > span.value_end:
            raise EditError("an item of topics is an alias or out of place; edit it by hand")
        out.append((start, end))
        last = end
    return out


def _block_edits(doc: Doc, node: yaml.SequenceNode, span: Span, plan: _Plan) -> list[tuple[int, int, str]]:
    text, nl = doc.text, doc.newline
    where = _checked_items(doc, node, span)
    edits: list[tuple[int, int, str]] = []
    for (start, end), item, act in zip(where, node.value, plan.actions, strict=True):
        if act is _KEEP:
            continue
        if act is not None:
            edits.append((start, end, render(act, _style(item))))
            continue
        line_start = text.rfind("\n", 0, start) + 1
        if _DASH.fullmatch(text, line_start, start) is None:
            raise EditError("a topic to remove shares its line with another item; edit it by hand")
        edits.append((line_start, after_terminator(text, line_end_at(text, end)), ""))
    if plan.appended:
        start, end = where[-1]
        line_start = text.rfind("\n", 0, start) + 1
        found = _DASH.fullmatch(text, line_start, start)
        prefix = found.group() if found else " " * int(node.start_mark.column) + "- "
        at = after_terminator(text, line_end_at(text, end))
        edits.append((at, at, "".join(prefix + render(t) + nl for t in plan.appended)))
    elif all(act is None for act in plan.actions):  # every item goes: the list stays, empty
        edits.append((span.colon_end, span.colon_end, " []"))
    return edits


def _flow_edits(doc: Doc, node: yaml.SequenceNode, span: Span, plan: _Plan) -> list[tuple[int, int, str]]:
    text = doc.text
    where = _checked_items(doc, node, span)
    kept = [i for i, act in enumerate(plan.actions) if act is not None]
    if not kept:  # nothing of the old list stays (or it was empty): write the brackets anew
        open_at = text.find("[", span.value_start, span.value_end)
        if open_at < 0:  # pragma: no cover - a flow list starts with its bracket
            raise EditError("topics is written in an unusual way; edit it by hand")
        inner = ", ".join(render(t, flow=True) for t in plan.appended)
        return [(open_at, span.value_end, f"[{inner}]")]
    edits: list[tuple[int, int, str]] = []
    for (start, end), item, act in zip(where, node.value, plan.actions, strict=True):
        if act is not _KEEP and act is not None:
            edits.append((start, end, render(act, _style(item), flow=True)))
    # Runs of removed items: up to the next kept item, or from the last kept one at the end.
    i = 0
    while i < len(where):
        if plan.actions[i] is not None:
            i += 1
            continue
        j = i
        while j < len(where) and plan.actions[j] is None:
            j += 1
        if j < len(where):
            edits.append((where[i][0], where[j][0], ""))
        else:
            edits.append((where[i - 1][1], where[j - 1][1], ""))
        i = j
    if plan.appended:
        sep = ", "
        if len(where) > 1 and _FLOW_SEP.fullmatch(text, where[0][1], where[1][0]):
            sep = text[where[0][1] : where[1][0]]
        at = where[kept[-1]][1]
        edits.append((at, at, "".join(sep + render(t, flow=True) for t in plan.appended)))
    return edits
