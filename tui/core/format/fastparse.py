"""A hand-written reader for the common shape of story front matter, YAML as fallback.

Real story files use a small corner of YAML: block mappings and lists of one-line
quoted or plain scalars. libyaml spends most of a folder load building events and
nodes for them; reading those lines directly is several times faster. What makes this
safe: the reader either returns exactly the `Parsed` that `frontmatter.parse` would
return (tests/test_fastparse.py holds it to that over hypothesis input and every real
and generated file) or it gives up and the YAML loader reads the file. It gives up on
anything it does not fully model: anchors, aliases, tags, flow collections, block
scalars, multi-line scalars, tabs, unusual escapes and characters, irregular
indentation, keys that are not simple words, and any plain scalar PyYAML's implicit
resolvers type as something other than text, a whole number, a boolean, null, a float
or a timestamp. It asks PyYAML's own resolver and constructor for plain scalars
(fastscalar.py), so a `no`, `0o17`, `1_000` or `2021-02-30` is typed as the loader
types it.

Only loading uses this. Edits (publish_edit.py) parse with the real loader, whose node
marks say exactly which characters to change.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tui.core.format.fastscalar import (
    _CACHE_LIMIT,
    _ESCAPE,
    _MISSING,
    _Bail,
    _good_key,
    _keys,
    _plain_values,
    _scalar,
    _token_length,
    _unescape,
)
from tui.core.format.frontmatter import FrontMatterError, Parsed, PublishedSpan, decode, parse, split

# Characters YAML rejects or treats specially: C0 controls but LF (tabs too: they are
# never indentation; a CR outside CRLF is looked for apart), DEL, C1 controls, NEL, the line
# and paragraph separators, a BOM inside the text, U+FFFE, U+FFFF and surrogates.
_BAD = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
# Those a whole file is searched for first (each search is a memchr): the C0 and DEL
# bytes, the characters beyond Latin-1, and C1 controls (UTF-8 C2 80..C2 9F).
_CONTROLS = (*range(0x00, 0x0A), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
_ODD = ("\u2028", "\u2029", "\ufeff", "\ufffe", "\uffff")
# A token is one line that is not blank or a comment: (indent, dash, key, value,
# has_value). `dash` is the width of a list item's `- ` (0: none); `key` is "" for a
# bare scalar item; `has_value` is False for `key:` with nothing after it.
Token = tuple[int, int, str, Any, bool]
# Whole lines -> their token. Two thirds of the lines of a real folder are repeats
# (`type: article`, `    isCached: true`, `      width: 840`, `  - AI`), and a line's
# token depends on nothing but its text.
_lines: dict[str, Token | tuple[()]] = {"": ()}
# `key: ` heads (the characters before a line's first ": ") -> (indent, dash, key).
_heads: dict[str, tuple[int, int, str]] = {}
# What lies between two double-quoted values (`"\n    webUrl: "`) -> the tokens of
# its whole lines and the head of the next value.
_pieces: dict[str, tuple[tuple[Token, ...], tuple[int, int, str]]] = {}
_value_heads: dict[str, tuple[int, int, str]] = {}  # `    webUrl: ` -> (4, 0, "webUrl")
_LINE_LIMIT = 64
_PIECE_LIMIT = 160
_END: Token = (-1, 0, "", None, False)  # after the last token: less indented than any


def _tokens(fm: str) -> list[Token]:
    """One token per line that is not blank or a comment."""
    out: list[Token] = []
    _add_lines(fm.split("\n"), out)
    return out


def _add_lines(lines: list[str], out: list[Token]) -> bool:
    """Append the tokens of whole lines; True if one of them holds a date.

    Most lines are known already (`_lines`; blank and comment lines as `()`); others
    start with a known `key: ` head (`_heads`: indent, dash and key depend on nothing
    but those characters); the rest go through `_slow_line`.
    """
    known = _lines
    dated = False
    append = out.append
    heads = _heads
    plain_values = _plain_values
    for line in lines:
        token = known.get(line)
        if token is not None:
            if token:
                append(token)
            continue
        at = line.find(": ")
        head = heads.get(line[:at]) if at > 0 else None
        if head is None:
            token = _slow_line(line)
            if token is None:
                token = ()
        else:
            rest = line[at + 2 :]
            if rest and rest[0] == " ":
                rest = rest.lstrip(" ")
            if not rest or rest[0] == "#":
                token = head + (None, False)
            elif rest[0] == '"' and rest[-1] == '"' and rest.find('"', 1) == len(rest) - 1 and "\\" not in rest:
                token = head + (rest[1:-1], True)
            else:
                value = plain_values.get(rest, _MISSING)
                if value is _MISSING:
                    value = _scalar(rest)
                token = head + (value, True)
        if token:
            append(token)
            if type(token[3]) is datetime:
                dated = True  # dates are nearly all different: not worth a slot
                continue
        if len(line) <= _LINE_LIMIT and len(known) < _CACHE_LIMIT:
            known[line] = token
    return dated


def _quoted_tokens(fm: str) -> list[Token] | None:
    """`_tokens` read between the double quotes; None: not that shape, ask `_tokens`.

    `fm.split('"')` alternates between the text outside quotes and the double-quoted
    values (most of the characters: titles, excerpts, URLs), once the quotes escaped
    inside values are put back (`_escaped`). A value is taken whole when the text
    before it ends its line as a `key: ` or `- ` head and the text after it only ends
    the line (spaces or a comment), exactly as `_tokens` would read that line; the
    pieces between two values (`\n    webUrl: `) repeat from file to file and are
    remembered.
    """
    parts = fm.split('"')
    if "\\" in fm:
        unescaped = _escaped(parts)
        if unescaped is None:
            return None
        parts = unescaped
    if not len(parts) & 1:
        return None  # a quote left open
    out: list[Token] = []
    lines = parts[0].split("\n")
    if len(parts) == 1:
        _add_lines(lines, out)
        return out
    head = _value_head(lines.pop())
    if head is None:
        return None
    _add_lines(lines, out)
    append = out.append
    get = _pieces.get
    middle = iter(parts[1:-2])
    for value, between in zip(middle, middle, strict=True):  # pairs: parts[1:-2] has an even length
        if "\n" in value:
            return None  # a quoted scalar over several lines: folded by YAML
        append(head + (value, True))
        known = get(between)
        if known is None:
            known = _piece(between, out)
            if known is None:
                return None
        else:
            out += known[0]
        head = known[1]
    value = parts[-2]
    if "\n" in value:
        return None
    append(head + (value, True))
    tail, newline, rest = parts[-1].partition("\n")  # after the last value: whole lines only
    if not _ends_line(tail):
        return None
    if newline:
        _add_lines(rest.split("\n"), out)
    return out


def _escaped(parts: list[str]) -> list[str] | None:
    """`parts` with the quotes escaped inside values (`\\"`) put back and the values'
    escapes read (None: one runs to the end). A backslash outside a value is text;
    no value head ends with one, so it never stands before a value's quote."""
    out = [parts[0]]
    i, n = 1, len(parts)
    while i < n:
        value = parts[i]
        while (len(value) - len(value.rstrip("\\"))) & 1:  # the quote after it is escaped
            i += 1
            if i == n:
                return None
            value += '"' + parts[i]
        out.append(_ESCAPE.sub(_unescape, value) if "\\" in value else value)
        out += parts[i + 1 : i + 2]
        i += 2
    return out


def _piece(between: str, out: list[Token]) -> tuple[tuple[Token, ...], tuple[int, int, str]] | None:
    """Read what lies between two values: the end of a line, whole lines (their
    tokens go to `out`) and the head of the next value; remembered when it may be."""
    tail, newline, rest = between.partition("\n")
    if not newline or not _ends_line(tail):
        return None  # a second value on the same line
    lines = rest.split("\n")
    head = _value_head(lines.pop())
    if head is None:
        return None
    start = len(out)
    dated = _add_lines(lines, out)
    known = (tuple(out[start:]), head)
    if not dated and len(between) <= _PIECE_LIMIT and len(_pieces) < _CACHE_LIMIT:
        _pieces[between] = known
    return known


def _ends_line(tail: str) -> bool:
    """What may follow a closing quote on its line: spaces, maybe a comment after one."""
    rest = tail.lstrip(" ")
    return not rest or (rest[0] == "#" and rest != tail)


def _value_head(text: str) -> tuple[int, int, str] | None:
    """(indent, dash, key) of a line that is `text` then a double-quoted value, as
    `_slow_line` reads it (key "" for a list item); None for any other reading."""
    head = _value_heads.get(text)
    if head is not None:
        return head
    try:
        token = _slow_line(text + '""')
    except _Bail:
        return None
    if token is None or token[3] != "" or not token[4]:
        return None
    head = token[:3]
    if len(text) <= _LINE_LIMIT and len(_value_heads) < _CACHE_LIMIT:
        _value_heads[text] = head
    return head


def _slow_line(line: str) -> Token | None:
    """The token of a line (None: blank or comment), learning its `key: ` head."""
    if not line:
        return None
    if line[0] == " ":
        stripped = line.lstrip(" ")
        if not stripped:
            return None
        indent = len(line) - len(stripped)
    else:
        stripped, indent = line, 0
    dash = 0
    first = stripped[0]
    if first == "-":
        if stripped[1:2] != " ":
            raise _Bail  # `-` alone, or a plain scalar where a key should be
        inner = stripped[2:].lstrip(" ")
        if not inner or inner[0] == "#":
            raise _Bail  # the item's content is on the next lines
        dash = len(stripped) - len(inner)
        stripped = inner
    elif first == "#":
        return None
    key, sep, rest = stripped.partition(": ")
    if not (sep and (key in _keys or _good_key(key))):
        bare = stripped.rstrip(" ")
        if bare[-1] == ":" and _good_key(bare[:-1]):
            return (indent, dash, bare[:-1], None, False)
        if not dash:
            raise _Bail
        key, rest = "", stripped  # a bare scalar item
    else:
        if len(_heads) < _CACHE_LIMIT:
            _heads[line[: indent + dash + len(key)]] = (indent, dash, key)
        if rest and rest[0] == " ":
            rest = rest.lstrip(" ")
    if not rest or rest[0] == "#":
        if not key:  # pragma: no cover - items were checked above
            raise _Bail
        return (indent, dash, key, None, False)
    if rest[0] == '"' and rest[-1] == '"' and rest.find('"', 1) == len(rest) - 1 and "\\" not in rest:
        return (indent, dash, key, rest[1:-1], True)
    value = _plain_values.get(rest, _MISSING)
    if value is _MISSING:
        value = _scalar(rest)
    return (indent, dash, key, value, True)


def _mapping(toks: list[Token], i: int, col: int, out: dict[str, Any]) -> int:
    """Read `key: value` tokens at `col` into `out`; return the next token's index.

    `toks` ends with `_END`, which ends every mapping and list. A token without a
    dash always has a key (only list items are bare)."""
    while True:
        indent, dash, key, value, has_value = toks[i]
        if indent != col or dash:
            if indent < col:
                return i
            raise _Bail
        i += 1
        if key in out:  # a repeated key: the loader's path, which tells its lines (dupkeys.py)
            raise _Bail
        if has_value:
            out[key] = value
            continue
        below, below_dash = toks[i][0], toks[i][1]
        if below > col or (below == col and below_dash):
            if below_dash:
                out[key], i = _sequence(toks, i, below)
            else:
                child: dict[str, Any] = {}
                i = _mapping(toks, i, below, child)
                out[key] = child
            continue
        out[key] = None


def _sequence(toks: list[Token], i: int, col: int) -> tuple[list[Any], int]:
    """Read `- item` tokens at `col`; an item may open a mapping (`- key: value`)."""
    items: list[Any] = []
    while True:
        indent, dash, key, value, has_value = toks[i]
        if indent != col or not dash:
            if indent > col:
                raise _Bail
            return items, i
        if not key:
            items.append(value)
            i += 1
            continue
        # The item's mapping starts with this token's key, then keys lined up under it:
        # read the token again as a `key: value` line at the key's column.
        inner = col + dash
        toks[i] = (inner, 0, key, value, has_value)
        item: dict[str, Any] = {}
        i = _mapping(toks, i, inner, item)
        items.append(item)


def _published(fm: str, fm_start: int, col: int) -> PublishedSpan:
    """Where the root's last `published` line and value are, as the loader's marks say."""
    prefix = " " * col + "published:"
    at = fm.rfind("\n" + prefix)
    at = at + 1 if at >= 0 else 0
    if not fm.startswith(prefix, at):  # pragma: no cover - the reader saw the key
        raise _Bail
    after = at + len(prefix)
    line_end = fm.find("\n", after)
    if fm[line_end - 1] == "\r":
        line_end -= 1
    raw_rest = fm[after:line_end]
    rest = raw_rest.lstrip(" ")
    length = _token_length(rest)
    value_start = after + len(raw_rest) - len(rest) if length else after
    return PublishedSpan(fm_start + at, fm_start + line_end, fm_start + value_start, fm_start + value_start + length)


def read(fm: str) -> tuple[dict[str, Any], int] | None:
    """The mapping of a front matter block and its column, or None: ask the loader."""
    if _BAD.search(fm) is not None:
        return None
    return _read(fm)


def _read(fm: str) -> tuple[dict[str, Any], int] | None:
    """`read` of a block known to hold none of the characters of `_BAD`."""
    if "\r" in fm:
        fm = fm.replace("\r\n", "\n")
        if "\r" in fm:
            return None  # a CR that is not part of a CRLF is a line break to YAML
    try:
        toks = _quoted_tokens(fm)
        if toks is None:
            toks = _tokens(fm)
        if not toks:
            return None
        col = toks[0][0]
        data: dict[str, Any] = {}
        toks.append(_END)
        if _mapping(toks, 0, col, data) != len(toks) - 1:
            return None
        return data, col
    except (_Bail, RecursionError, ValueError, OverflowError, KeyError, IndexError):
        return None


def _clean(raw: bytes, fm: str) -> bool:
    """True: no character of `_BAD` in `fm` (False: maybe), judged mostly from the file's
    bytes: a few memchr passes cost a fraction of a search of the text."""
    for byte in _CONTROLS:
        if byte in raw:
            return False
    if raw.isascii():
        return True
    for odd in _ODD:
        if odd in fm:
            return False
    at = raw.find(b"\xc2")
    while at >= 0:  # U+0080..U+009F are C2 80..C2 9F
        if raw[at + 1] < 0xA0:
            return False
        at = raw.find(b"\xc2", at + 2)
    return True


def read_data(raw: bytes) -> dict[str, Any] | None:
    """`parse_fast(raw).data` when the fast reader reads it, else None (FrontMatterError
    as `parse_fast` raises it): for a caller that needs no more than the data."""
    text, _bom = decode(raw)
    fm_start, close_start = split(text)
    fm = text[fm_start:close_start]
    result = _read(fm) if _clean(raw, fm) or _BAD.search(fm) is None else None
    return None if result is None else result[0]


def parse_fast(raw: bytes) -> Parsed:
    """Same contract as `frontmatter.parse`: the same `Parsed`, or FrontMatterError."""
    text, bom = decode(raw)
    fm_start, close_start = split(text)
    fm = text[fm_start:close_start]
    # Bytes that are clean say so for the front matter too; otherwise only it counts.
    result = _read(fm) if _clean(raw, fm) or _BAD.search(fm) is None else None
    if result is None:
        return parse(raw)
    data, col = result
    span = None
    if "published" in data:
        if isinstance(data["published"], (dict, list)):
            return parse(raw)  # the loader's marks cover the block; let it say where
        span = _published(fm, fm_start, col)
    first_end = text.find("\n")
    return Parsed(
        text=text,
        bom=bom,
        newline="\r\n" if first_end > 0 and text[first_end - 1] == "\r" else "\n",
        data=data,
        fm_start=fm_start,
        close_start=close_start,
        published=span,
        flow_root=False,
        unique_keys=True,
    )


__all__ = ["FrontMatterError", "parse_fast", "read", "read_data"]
