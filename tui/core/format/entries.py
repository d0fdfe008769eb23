"""Where a top-level entry of the front matter sits, and the change record undo replays.

The publish edit (edits.py) rewrites one line. Topic and headline edits touch entries
that may span lines: a block list with comments between its items, a folded excerpt.
This module finds a whole top-level entry through the loader's node marks (from its
key's line to the end of the line where its value ends: never a `topics` key nested
in `related`), splices a replacement in, parses the result again and compares it with
the data expected, and records the lines the edit rewrote. `EntryChange` is a
`LineChange` (the published line is the `published` entry), so the store's undo, redo
and rollback replay it through `edits.replay` unchanged: against whatever is on disk
then, restoring only this entry, and refusing when someone else rewrote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from tui.core.format.edits import EditError, LineChange, _line_terminator_before, _parse_for_edit
from tui.core.format.frontmatter import BOM, FrontMatterError, Parsed, _Loader, parse

ABSENT: Any = object()  # `expected` for "the key must not be there"
PRESENT: Any = object()  # `expected` for "the key must be there, any value" (a replay)


@dataclass(frozen=True, slots=True)
class EntryChange(LineChange):
    """The lines an edit of the top-level entry `key` rewrote, before and after; None: absent.

    The text runs from the key's line to the end of the entry, or further when the
    edit moved the entry's end: removing a list's last item leaves the comment lines
    that stood between items after it, and they belong to the change all the same.
    """

    key: str

    def inverse(self) -> EntryChange:
        return EntryChange(self.after, self.before, self.key)

    def replay(self, raw: bytes) -> bytes:
        """Apply this change to the current bytes, only if its `before` lines are still there."""
        doc = load(raw)
        text, span = doc.text, doc.find(self.key)
        if self.before is None:
            if span is not None:
                raise EditError(f"{self.key} was added elsewhere; left as it is")
            new_text = splice(doc, None, self.after)
        else:
            end = -1 if span is None else span.line_start + len(self.before)
            if span is None or end < span.line_end or not text.startswith(self.before, span.line_start):
                now = "absent" if span is None else "rewritten"
                raise EditError(f"the {self.key} entry was changed elsewhere (now {now}); left as it is")
            if text[end : end + 1] not in ("", "\r", "\n"):
                raise EditError(f"the {self.key} entry was changed elsewhere; left as it is")
            new_text = splice(doc, Span(span.line_start, end, end, end, end), self.after)
        return verified(doc, new_text, self.key, PRESENT if self.after is not None else ABSENT)[0]


@dataclass(frozen=True, slots=True)
class Span:
    """Offsets into the decoded text of one top-level entry.

    `line_start`..`line_end` runs from the start of the key's line to the end (before
    the terminator) of the line where the value ends; `value_start`..`value_end` is the
    value node's own text (both right after the colon when there is no value at all).
    """

    line_start: int
    line_end: int
    value_start: int
    value_end: int
    colon_end: int


@dataclass(frozen=True, slots=True)
class Doc:
    """A parsed file with the node tree whose marks locate its characters."""

    parsed: Parsed
    root: yaml.MappingNode

    @property
    def text(self) -> str:
        return self.parsed.text

    @property
    def data(self) -> dict[str, Any]:
        return self.parsed.data

    def at(self, mark: Any) -> int:
        """A node mark as an offset into the whole text (marks count characters)."""
        return self.parsed.fm_start + int(mark.index)

    def node(self, key: str) -> yaml.Node | None:
        found = None
        for key_node, value in self.root.value:  # the last one wins, as for the loader
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found = value
        return found

    def find(self, key: str) -> Span | None:
        span = None
        for key_node, value in self.root.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                span = self._span(key_node, value)
        return span

    def _span(self, key_node: yaml.Node, value: yaml.Node) -> Span:
        text = self.text
        key_at, key_end = self.at(key_node.start_mark), self.at(key_node.end_mark)
        line_start = text.rfind("\n", 0, key_at) + 1
        if text[line_start:key_at].strip(" "):
            raise EditError(f"the {key_node.value} key does not start its line; edit it by hand")
        colon_end = text.find(":", key_end) + 1
        if colon_end == 0 or "\n" in text[key_end:colon_end]:
            raise EditError(f"the {key_node.value} key is written in an unusual way; edit it by hand")
        value_start, value_end = self.at(value.start_mark), self.end_of(value)
        if value_start < key_end:
            raise EditError(f"{key_node.value} is written as an alias; edit it by hand")
        if value_end <= value_start:  # `key:` with nothing after it (a comment may follow)
            value_start = value_end = colon_end
        line_end = line_end_at(text, value_end)
        tail = text[value_end:line_end].strip(" \t")
        if tail and not tail.startswith("#"):
            raise EditError(f"the {key_node.value} entry has an unusual layout; edit it by hand")
        return Span(line_start, line_end, value_start, value_end, colon_end)

    def end_of(self, node: yaml.Node) -> int:
        """Where a node's own text ends (its last item's, for a block collection)."""
        if isinstance(node, yaml.ScalarNode):
            end = self.at(node.end_mark)
            if node.style in ("|", ">"):  # the mark is past the trailing line breaks
                start = self.at(node.start_mark)
                while end > start and self.text[end - 1] in " \t\r\n":
                    end -= 1
            return end
        if isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
            last = node.value[-1]
            if isinstance(last, tuple):  # a mapping's (key, value) pair
                return max(self.end_of(last[0]), self.end_of(last[1]))
            return max(self.at(last.start_mark), self.end_of(last))
        return self.at(node.end_mark)

    def entry_text(self, key: str) -> str | None:
        span = self.find(key)
        return None if span is None else self.text[span.line_start : span.line_end]

    def root_indent(self) -> str:
        return " " * int(self.root.value[0][0].start_mark.column) if self.root.value else ""

    def item_indent(self) -> str:
        """How far the file indents a top-level block list's `-` past its key (2 if none)."""
        for key_node, value in self.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
                return " " * max(0, int(value.start_mark.column) - int(key_node.start_mark.column))
        return "  "

    @property
    def newline(self) -> str:
        return self.parsed.newline


def line_end_at(text: str, offset: int) -> int:
    """The end of the line holding `offset`, before its terminator."""
    end = text.find("\n", offset)
    if end < 0:
        end = len(text)
    if text[end - 1 : end] == "\r":
        end -= 1
    return end


def after_terminator(text: str, offset: int) -> int:
    """`offset` (a line end) moved past that line's terminator."""
    return offset + (2 if text.startswith("\r\n", offset) else 1 if text.startswith("\n", offset) else 0)


def _root(parsed: Parsed) -> yaml.MappingNode:
    loader = _Loader(parsed.text[parsed.fm_start : parsed.close_start])
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):  # pragma: no cover - parse() refused it already
        raise EditError("the front matter is not a mapping of keys")
    return node


def load(raw: bytes) -> Doc:
    """Parse a story file for an edit; EditError when it is not one we may edit."""
    parsed = _parse_for_edit(raw)
    return Doc(parsed, _root(parsed))


def splice(doc: Doc, span: Span | None, entry: str | None) -> str:
    """The text with the entry replaced, removed (None) or inserted before the closing line."""
    text = doc.text
    if span is None:
        if entry is None:
            return text
        at = doc.parsed.close_start
        return text[:at] + entry + _line_terminator_before(text, at) + text[at:]
    if entry is None:
        return text[: span.line_start] + text[after_terminator(text, span.line_end) :]
    return text[: span.line_start] + entry + text[span.line_end :]


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace each (start, end) range by its text; ranges must not overlap.

    Applied from the end of the text backwards, so each offset still means what it
    meant in the original; of two edits starting at one place the longer goes first,
    so an insertion lands where a removal was.
    """
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def verified(doc: Doc, new_text: str, key: str, expected: Any) -> tuple[bytes, Doc]:
    """The new bytes, if they parse to the old data with only `key` set to `expected`."""
    try:
        raw = (BOM if doc.parsed.bom else b"") + new_text.encode("utf-8")
        after = parse(raw)
    except UnicodeEncodeError:
        raise EditError("the text holds a character that cannot be saved") from None
    except FrontMatterError as exc:
        raise EditError(f"the edit would break the file ({exc.message}); refused") from None
    if after.flow_root:  # pragma: no cover - only block roots are edited
        raise EditError("the edit would change the file's layout; refused")
    before_rest = {k: v for k, v in doc.data.items() if k != key}
    after_rest = {k: v for k, v in after.data.items() if k != key}
    if repr(before_rest) != repr(after_rest):
        raise EditError(f"the edit would change more than {key}; refused")
    if expected is ABSENT:
        ok = key not in after.data
    elif expected is PRESENT:
        ok = key in after.data
    else:
        ok = key in after.data and repr(after.data[key]) == repr(expected)
    if not ok:
        raise EditError(f"the edit did not give {key} the intended value; refused")
    return raw, Doc(after, _root(after))


def finish(doc: Doc, key: str, new_text: str, expected: Any) -> tuple[bytes, EntryChange]:
    """Verify an edit of `key` and record the lines it rewrote, as undo replays them.

    The edit must leave every character before the key's line and after the entry's
    last line as it was (a new key goes before the closing line); checked here.
    """
    raw, after = verified(doc, new_text, key, expected)
    old_text, old, new = doc.text, doc.find(key), after.find(key)
    if old is None:
        if new is None:  # pragma: no cover - verified() wants the key there
            raise EditError(f"the edit lost {key}; refused")
        before, start, old_end, new_end = None, new.line_start, new.line_start, new.line_end
    else:
        delta = len(new_text) - len(old_text)
        start = old.line_start
        new_end = max(old.line_end + delta, new.line_end if new is not None else start)
        old_end = new_end - delta
        before = old_text[start:old_end]
    rest = after_terminator(new_text, new_end) if old is None else new_end  # a new entry brings its line end
    if new_text[:start] != old_text[:start] or new_text[rest:] != old_text[old_end:]:
        raise EditError(f"the edit would change lines outside {key}; refused")
    return raw, EntryChange(before, new_text[start:new_end], key)
