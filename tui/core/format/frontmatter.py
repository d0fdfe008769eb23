"""Split a story file into byte-order mark, front matter and body, and parse the YAML.

This is the single place that touches YAML, so the safety rule (only the safe
loaders, C when available) holds by construction. The parse keeps the node tree as
well as the data: the node marks are how an edit finds the exact characters of the
top-level `published` value without ever re-serialising the document.

Front matter is untrusted (docs/THREAT_MODEL.md), and YAML can say a lot in a few
bytes: nine anchors of nine aliases each ("billion laughs") are 387 million values
once expanded, and a few megabytes of `- a` lines are a million nodes. So a front
matter block with aliases, or a big one, is first counted from the parser's events
(`check_budget`): no node, no value is built for that, aliases are counted by the
size of what they name, and more than `MAX_VALUES` is a problem, found while
parsing, before anything is expanded. Values themselves are described only through
`literal.short_repr`, which stops after a few characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, cast

import yaml

from tui.core.format.literal import cut
from tui.core.format.yaml_errors import located

try:  # libyaml is ~10x faster; PyYAML wheels ship it, source builds may not.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


def _timestamp_or_text(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date-shaped value that is no real date (`2021-02-30`) stays text.

    The implicit timestamp pattern matches before the date is checked, so PyYAML
    would fail the whole file; FORMAT.md wants such a story loaded with a warning,
    which the codec gives for any `publishedDateTime` that is not a datetime.
    """
    try:
        return loader.construct_yaml_timestamp(node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


class _Loader(SafeLoader):
    """The safe loader (C when available) with forgiving timestamps; nothing unsafe added."""

    _plain_tags: ClassVar[dict[str, str]] = {}  # shared by every load: a tag depends on the text alone

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """PyYAML's answer, remembered: a plain scalar's tag depends only on its text.

        The C parser calls this Python method for every scalar, and matching the
        implicit-type regexes again for each `article`, `true` or `59` in a folder
        was a fifth of the parse time.
        """
        if kind is yaml.ScalarNode and not self.yaml_path_resolvers:
            if not implicit[0]:
                return _STR  # quoted: always text
            tag = self._plain_tags.get(value)
            if tag is None:
                tag = self._resolve(kind, value, implicit)
                if len(value) <= 64 and len(self._plain_tags) < 8192:
                    self._plain_tags[value] = tag
            return tag
        return self._resolve(kind, value, implicit)

    def _resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        resolve: Callable[[Any, Any, Any], str] = super().resolve  # untyped in types-PyYAML
        return resolve(kind, value, implicit)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)

_BOOLS: dict[str, bool] = dict(yaml.constructor.SafeConstructor.bool_values)


class _Unusual(Exception):
    """A node only PyYAML's own constructor handles faithfully."""


def _construct(loader: Any, node: yaml.Node) -> Any:
    """The same data `construct_document` gives, built about three times faster.

    Story front matter is plain maps, lists, strings, ints and a few booleans and
    dates; PyYAML's generic constructor spends most of a folder load on per-node
    generator bookkeeping for them. Anything else (aliases, merge keys, explicit or
    rare tags, unhashable keys) goes to the real constructor, so results and errors
    are PyYAML's own.
    """
    try:
        return _build(loader, node, set())
    except _Unusual:
        return loader.construct_document(node)


def _build(loader: Any, node: yaml.Node, seen: set[int]) -> Any:
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        value = node.value
        if tag == _STR:
            return value
        if tag == _INT:
            if value.isdigit() and value.isascii() and (value[0] != "0" or value == "0"):
                return int(value)
            return loader.construct_yaml_int(node)
        if tag == _BOOL and value.lower() in _BOOLS:
            return _BOOLS[value.lower()]
        if tag == _NULL:
            return None
        if tag == _TIMESTAMP:
            return _timestamp_or_text(loader, cast(yaml.ScalarNode, node))
        if tag == _FLOAT:
            return loader.construct_yaml_float(node)
        raise _Unusual
    if id(node) in seen:  # an alias of a collection: shared or recursive data
        raise _Unusual
    seen.add(id(node))
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_build(loader, item, seen) for item in node.value]
    if kind is yaml.MappingNode and tag == _MAP:
        out = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:  # unhashable: PyYAML's error
                raise _Unusual
            out[_build(loader, key_node, seen)] = _build(loader, value_node, seen)
        return out
    raise _Unusual


BOM = b"\xef\xbb\xbf"
_OPEN = re.compile(r"---[ \t]*(?:\r\n|\n)")
# Jekyll closes front matter with `---` or `...` on a line of its own.
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|$)", re.M)


MAX_VALUES = 20_000  # values (nodes) a front matter may hold, aliases expanded; a story has a few hundred
_COUNT_OVER = 64 * 1024  # characters: a bigger front matter is counted before it is read


class FrontMatterError(ValueError):
    """Why bytes are not a story file; `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class PublishedSpan:
    """Character offsets (into the whole decoded text) of the `published` entry.

    The "line" runs from the key's line start to the end of the line where the value
    ends, without its line terminator; the value span is what a toggle replaces.
    """

    line_start: int
    line_end: int
    value_start: int
    value_end: int


@dataclass(frozen=True, slots=True)
class Parsed:
    text: str  # the whole file, decoded, without the BOM
    bom: bool
    newline: str
    data: dict[str, Any]
    fm_start: int  # offset of the first front-matter character
    close_start: int  # offset of the closing `---` line
    published: PublishedSpan | None
    flow_root: bool
    # True: the fast reader read it, and it bails on a repeated key, so none repeats;
    # False: the loader read it (it keeps the last of a repeated key): ask dupkeys.py.
    unique_keys: bool = False

    def line_of(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def published_text(self) -> str | None:
        span = self.published
        return None if span is None else self.text[span.line_start : span.line_end]


def decode(raw: bytes) -> tuple[str, bool]:
    bom = raw.startswith(BOM)
    body = raw[3:] if bom else raw
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise FrontMatterError(f"not UTF-8 text (byte 0x{body[exc.start]:02x} at offset {exc.start})", line) from None


def split(text: str) -> tuple[int, int]:
    """Return (front matter start, closing line start) or raise FrontMatterError,
    also when a big front matter holds more than `MAX_VALUES` values (every reader
    splits first, so none builds them)."""
    opening = _OPEN.match(text)
    if opening is None:
        if not text.strip():
            raise FrontMatterError("empty file")
        raise FrontMatterError("no front matter: the file does not start with a --- line", 1)
    start = opening.end()
    # `_CLOSE.search` would try the pattern at every character; str.find jumps straight
    # to the few line starts that can close the block (a tenth of a fast load). The
    # first `---` line found, a `...` line can only close before it.
    best = -1
    end = len(text)
    for marker in ("\n---", "\n..."):
        at = text.find(marker, start - 1, end)
        while at >= 0:
            if _CLOSE.match(text, at + 1) is not None:
                best = end = at + 1
                break
            at = text.find(marker, at + 1, end)
    if best < 0:
        raise FrontMatterError("front matter is not closed: no second --- line", 1)
    if best - start > _COUNT_OVER:
        check_budget(text[start:best])
    return start, best


def check_budget(fm: str) -> None:
    """Raise FrontMatterError when the YAML `fm` holds more than `MAX_VALUES` values,
    aliases counted as the values they name. Counted from parser events, so neither
    the time nor the memory depends on what the aliases expand to; YAML errors are
    left for the real parse to report."""
    loader = SafeLoader(fm)
    count = 0
    aliased = False
    sizes: dict[str, int] = {}  # anchor -> values under it, its aliases expanded
    open_: list[tuple[str | None, int]] = []  # collections being read: (anchor, count before)
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.ScalarEvent):
                count += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.CollectionStartEvent):
                open_.append((event.anchor, count))
                count += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor, before = open_.pop()
                if anchor is not None:
                    sizes[anchor] = count - before
            elif isinstance(event, yaml.AliasEvent):
                count += sizes.get(event.anchor, 1) if event.anchor is not None else 1  # an open one: itself
                aliased = True
            elif isinstance(event, yaml.StreamEndEvent) or event is None:
                return
            if count > MAX_VALUES:
                what = "aliases expand to" if aliased else "it holds"
                raise FrontMatterError(f"front matter too big: {what} more than {MAX_VALUES} values; not read")
    except yaml.YAMLError:
        return
    finally:
        loader.dispose()


def _yaml_error(exc: yaml.YAMLError, text: str, fm_start: int, fm: str) -> FrontMatterError:
    """The loader's error at the line an editor fixes (an open quote's, yaml_errors.py)."""
    line, message = located(exc, fm, _Loader, text.count("\n", 0, fm_start))
    return FrontMatterError(message, line)


def parse(raw: bytes) -> Parsed:
    """Decode, split and load one file; raise FrontMatterError on anything unusable."""
    text, bom = decode(raw)
    fm_start, close_start = split(text)
    fm = text[fm_start:close_start]
    if "*" in fm and "&" in fm and close_start - fm_start <= _COUNT_OVER:  # `split` counted a big one
        check_budget(fm)  # an anchor and maybe an alias of it: count before building anything
    loader = _Loader(fm)
    try:
        node = loader.get_single_node()
        data = _construct(loader, node) if node is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, fm_start, fm) from None
    except RecursionError:
        raise
    except Exception as exc:
        # The safe constructor raises plain KeyError, AttributeError, IndexError,
        # ValueError... on explicitly tagged junk (`!!bool maybe`, `!!timestamp x`,
        # `!!int ''`); one bad file must be a problem, never a crash of the load.
        raise FrontMatterError(f"bad YAML value ({type(exc).__name__}: {cut(str(exc), 200)})") from None
    finally:
        loader.dispose()
    if data is None:
        raise FrontMatterError("front matter is empty", text.count("\n", 0, fm_start) + 1)
    if not isinstance(data, dict):
        raise FrontMatterError(
            f"front matter is a {type(data).__name__}, not a mapping of keys",
            text.count("\n", 0, fm_start) + 1,
        )
    assert isinstance(node, yaml.MappingNode)  # the data is a mapping
    first_end = text.find("\n")
    newline = "\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n"
    return Parsed(
        text=text,
        bom=bom,
        newline=newline,
        data=data,
        fm_start=fm_start,
        close_start=close_start,
        published=_published_span(node, text, fm_start),
        flow_root=bool(node.flow_style),
    )


def _published_span(node: yaml.MappingNode, text: str, fm_start: int) -> PublishedSpan | None:
    span = None
    for key, value in node.value:  # the last one wins, as it does for the loader
        if isinstance(key, yaml.ScalarNode) and key.value == "published":
            key_at = fm_start + key.start_mark.index
            value_start = fm_start + value.start_mark.index
            value_end = fm_start + value.end_mark.index
            if value_end <= value_start:  # `published:` with nothing after it
                # Right after the colon, so a comment later on the line survives.
                value_start = value_end = text.index(":", fm_start + key.end_mark.index) + 1
            line_start = text.rfind("\n", 0, key_at) + 1
            line_end = text.find("\n", value_end)
            if line_end < 0:
                line_end = len(text)
            if text[line_end - 1 : line_end] == "\r":
                line_end -= 1
            span = PublishedSpan(line_start, line_end, value_start, value_end)
    return span
