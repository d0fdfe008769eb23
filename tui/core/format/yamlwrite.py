"""Write one text value as a one-line YAML scalar that every reader of the folder reads back as that text.

Edits never re-serialise a document, so PyYAML's emitter is no help: an edit writes one
scalar into a line the author wrote, in the quoting style the line already has when
the text allows it (plain stays plain, single stays single, double stays double).

Two readers matter: the YAML loader here (libyaml, PyYAML's YAML 1.1 resolver) and
Jekyll's (Psych: libyaml too, but its own resolver, which reads `TrUe`, `1,000` and
`0777` as a boolean and numbers). A plain scalar is written only when no reader of
YAML 1.1, YAML 1.2 or Psych could take it for anything but that text: `yes`, `n`,
`off`, `~`, `0777`, `0o17`, `1:20`, `1e3`, `.inf` and dates are quoted. Whatever is
written is read back with the loader before it is used (`_reads_back`), so a gap in
these rules costs a pair of quotes, never a wrong value.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import yaml

from tui.core.format.frontmatter import _Loader

Style = Literal["", "'", '"']

# Not allowed in a YAML stream at all (the loader rejects the file): C0 controls but
# tab, LF and CR, DEL, C1 controls but NEL, surrogates, U+FFFE and U+FFFF.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line breaks for YAML 1.1 and libyaml (NEL, LS, PS too), and a byte-order mark, which
# libyaml skips at the start of a line: none may appear raw inside a one-line value.
_BREAKS_OR_BOM = re.compile("[\n\r\x85\u2028\u2029\ufeff]")
# What a plain scalar may not start with: YAML's indicators.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_BAD = frozenset(",[]{}:?")  # `?` ends a plain scalar in a flow list for PyYAML's own parser
# Plain words some reader types as something other than text. Broad on purpose: a
# string of digits, signs, dots, commas, colons and underscores (with an exponent) is
# a number to someone (`1,000` to Psych, `1:20` to YAML 1.1, `1e3` to YAML 1.2).
_SPECIAL = re.compile(
    r"""
    (?i: y | n | yes | no | true | false | on | off | null | ~ )
    | [-+]? [0-9_,:.]* (?: [eE] [-+]? [0-9]+ )?
    | [-+]? 0 [xXoObB] [0-9a-fA-F_,]*
    | [-+]? \. (?i: inf | nan )
    | [0-9]{4} - [0-9]{1,2} - [0-9]{1,2} (?: [Tt \t] .* )?
    | << | =
    """,
    re.X | re.S,
)
_DOUBLE_ESCAPES: dict[int, str] = {ord("\\"): "\\\\", ord('"'): '\\"', ord("\t"): "\\t", ord("\n"): "\\n"}
_DOUBLE_ESCAPES.update({ord("\r"): "\\r", 0x85: "\\N", 0x2028: "\\L", 0x2029: "\\P", 0xFEFF: "\\ufeff"})
_DOUBLE_ESCAPES.update({c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]})
_DOUBLE_ESCAPES.update({c: f"\\x{c:02x}" for c in [0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]})
_DOUBLE_ESCAPES.update({0xFFFE: "\\ufffe", 0xFFFF: "\\uffff"})
_NEEDS_DOUBLE_ESCAPE = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]')


class UnwritableText(ValueError):
    """Text no YAML file can hold (a lone surrogate: not encodable as UTF-8)."""


def writable(text: str) -> None:
    """Raise UnwritableText for text that cannot be encoded at all."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UnwritableText(f"the text holds a character that cannot be saved (position {exc.start})") from None


def special_word(text: str) -> bool:
    """A plain scalar some YAML reader (1.1, 1.2 or Psych) would not read as text."""
    return text == "" or _SPECIAL.fullmatch(text) is not None


@lru_cache(maxsize=4096)  # a folder-wide rename writes one name into thousands of files
def plain_ok(text: str, *, flow: bool = False) -> bool:
    """Whether `text` can be written without quotes (inside `[...]` when `flow`)."""
    if not text or text[0] in _INDICATORS or text[0].isspace() or text[-1].isspace():
        return False
    if _UNPRINTABLE.search(text) or _BREAKS_OR_BOM.search(text) or "\t" in text:
        return False
    if ": " in text or text.endswith(":") or " #" in text:
        return False
    if flow and not _FLOW_BAD.isdisjoint(text):
        return False
    return not special_word(text) and _reads_back(text, text, flow=flow)


def single_ok(text: str) -> bool:
    """Whether `text` can be written in single quotes on one line (no escapes exist there)."""
    return not (_UNPRINTABLE.search(text) or _BREAKS_OR_BOM.search(text))


def single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def double(text: str) -> str:
    return '"' + text.translate(_DOUBLE_ESCAPES) + '"'


def _simplest_quoted(text: str) -> str:
    """Single quotes, or double ones when they read more simply (`"It's"`, a visible `\\t`, escapes)."""
    if not single_ok(text):
        return double(text)
    if "\t" in text or ("'" in text and _NEEDS_DOUBLE_ESCAPE.search(text) is None):
        return double(text)
    return single(text)


def render(text: str, style: str | None = None, *, flow: bool = False) -> str:
    """`text` as a one-line scalar, in `style` (the value's current one) if the text allows.

    `style` is PyYAML's node style: "" or None for plain, "'" or '"' for quoted, "|" or
    ">" for block scalars (which become the simplest one-line style). Raises
    UnwritableText for a lone surrogate.
    """
    writable(text)
    if style == '"':
        return double(text)
    if style == "'":
        return single(text) if single_ok(text) else double(text)
    if plain_ok(text, flow=flow):
        return text
    return _simplest_quoted(text)


def _reads_back(written: str, text: str, *, flow: bool) -> bool:
    """Both of PyYAML's parsers (libyaml's, and its own, stricter in flow lists) read `written`
    (as a mapping value, or a flow list item) as exactly `text`."""
    source = f"k: [{written}]\n" if flow else f"k: {written}\n"
    for loader in (_Loader, yaml.SafeLoader):
        try:
            data = yaml.load(source, Loader=loader)
        except yaml.YAMLError:
            return False
        value = data.get("k") if isinstance(data, dict) else None
        if flow:
            value = value[0] if isinstance(value, list) and len(value) == 1 else None
        if type(value) is not str or value != text:
            return False
    return True
