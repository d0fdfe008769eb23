"""One-line YAML scalars, typed exactly as PyYAML types them, for the fast reader.

Double-quoted text with its escapes, single-quoted text, and plain scalars, whose type
PyYAML's own resolver and constructor decide (asked once per distinct text), so a
`no`, `0o17`, `1_000` or `2021-02-30` is what the loader makes of it. Anything the
reader does not model raises `_Bail`: fastparse.py then leaves the file to the loader.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import yaml

from tui.core.format.frontmatter import _BOOL, _FLOAT, _INT, _NULL, _STR, _TIMESTAMP, _timestamp_or_text

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A plain scalar may not start with an indicator ('-' only when a space follows it).
_PLAIN_START_BAD = frozenset("?:,[]{}#&*!|>'\"%@`")
_DQ = re.compile(r'"((?:[^"\\]|\\.)*)"(?: +#.*| *)')
_SQ = re.compile(r"'((?:[^']|'')*)'(?: +#.*| *)")
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {
    "0": "\0",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
# The timestamp shape feeds write; PyYAML's resolver types exactly this as a timestamp.
_STAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})Z")

_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_BOOLS: dict[str, bool] = dict(yaml.constructor.SafeConstructor.bool_values)
_CACHE_LIMIT = 16384
_tags: dict[str, str] = {}
_keys: set[str] = set()
_plain_values: dict[str, Any] = {}  # plain scalar text -> its (immutable) value
_MISSING = object()


class _Bail(Exception):
    """Not the common shape: let the YAML loader read this file."""


def _tag(value: str) -> str:
    """PyYAML's implicit tag for a plain scalar, remembered (it depends only on the text)."""
    tag = _tags.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(value) <= 64 and len(_tags) < _CACHE_LIMIT:
            _tags[value] = tag
    return tag


def _good_key(key: str) -> bool:
    """A simple word PyYAML also reads as a string key (`yes:` or `null:` are not)."""
    if key in _keys:
        return True
    if _KEY.fullmatch(key) is None or _tag(key) != _STR:
        return False
    if len(_keys) < _CACHE_LIMIT:
        _keys.add(key)
    return True


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) == 1:
        try:
            return _SIMPLE_ESCAPES[code]
        except KeyError:
            raise _Bail from None
    point = int(code[1:], 16)
    if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
        raise _Bail
    return chr(point)


def _plain(rest: str) -> str:
    """The text of a plain scalar: up to a comment, trailing spaces dropped."""
    first = rest[0]
    if first in _PLAIN_START_BAD or (first == "-" and (len(rest) == 1 or rest[1] == " ")):
        raise _Bail
    cut = rest.find(" #")
    value = (rest[:cut] if cut >= 0 else rest).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise _Bail
    return value


def _datetime(stamp: re.Match[str]) -> datetime:
    """An `_STAMP` match as an aware datetime; ValueError for a day that does not exist."""
    year, month, day, hour, minute, second = map(int, stamp.groups())
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def _scalar(rest: str) -> Any:
    """The value of a one-line scalar (no leading spaces), typed as PyYAML types it."""
    if len(rest) == 20 and rest[10] == "T":  # the shape of nearly every date: no comment, no spaces
        stamp = _STAMP.fullmatch(rest)
        if stamp is not None:
            try:
                return _datetime(stamp)
            except ValueError:
                return rest  # 2021-02-30 stays text, as frontmatter._timestamp_or_text says
    first = rest[0]
    if first == '"':
        if "\\" not in rest:
            end = rest.find('"', 1)
            if end < 0:
                raise _Bail  # runs on to the next line
            tail = rest[end + 1 :].lstrip(" ")
            if tail and (tail[0] != "#" or rest[end + 1] != " "):
                raise _Bail
            return rest[1:end]
        found = _DQ.fullmatch(rest)
        if found is None:
            raise _Bail
        return _ESCAPE.sub(_unescape, found.group(1))
    if first == "'":
        found = _SQ.fullmatch(rest)
        if found is None:
            raise _Bail
        return found.group(1).replace("''", "'")
    value = _plain(rest)
    stamp = _STAMP.fullmatch(value)
    if stamp is not None:
        try:
            return _datetime(stamp)
        except ValueError:
            return value  # 2021-02-30 stays text, as frontmatter._timestamp_or_text says
    tag = _tag(value)
    typed: Any
    if tag == _STR:
        typed = value
    elif tag == _INT:
        digits = value[1:] if value[0] == "-" else value
        if digits.isdigit() and digits.isascii() and (digits[0] != "0" or digits == "0"):
            typed = int(value)
        else:
            typed = _CONSTRUCTOR.construct_yaml_int(yaml.ScalarNode(tag, value))
    elif tag == _BOOL:
        typed = _BOOLS[value.lower()]
    elif tag == _NULL:
        typed = None
    elif tag == _TIMESTAMP:
        return _timestamp_or_text(_CONSTRUCTOR, yaml.ScalarNode(tag, value))
    elif tag == _FLOAT:
        typed = _CONSTRUCTOR.construct_yaml_float(yaml.ScalarNode(tag, value))
    else:
        raise _Bail  # merge keys, `=` and whatever else a resolver may add
    if len(rest) <= 64 and len(_plain_values) < _CACHE_LIMIT:
        _plain_values[rest] = typed  # immutable: one object serves every file
    return typed


def _token_length(rest: str) -> int:
    """How many characters of `rest` its scalar takes (0: no value, maybe a comment)."""
    if not rest or rest[0] == "#":
        return 0
    if rest[0] == '"':
        found = _DQ.match(rest) if "\\" in rest else None
        return found.end(1) + 1 if found is not None else rest.find('"', 1) + 1
    if rest[0] == "'":
        found = _SQ.match(rest)
        return found.end(1) + 1 if found is not None else 0
    return len(_plain(rest))
