"""Byte-exact edits of one top-level scalar: title, excerpt, type, category, quality, heat.

An editor fixes a headline's typo in place. What is written must read back as exactly
the text typed, whatever it holds (quotes, `: `, ` #`, a leading `-`, tabs, line
separators, control characters), so the value is written by yamlwrite.render: in the
quoting style the value already has when the text allows it, else the simplest safe
one. Only the value's characters change; a comment after it, the key's spelling and
every other byte stay. A value written over several lines (a `|` or `>` block, a
folded plain or quoted scalar) is replaced as a whole by one line; an absent key gets
one line before the closing `---`.
"""

from __future__ import annotations

import re

import yaml

from tui.core.format.edits import EditError
from tui.core.format.entries import EntryChange, apply_edits, finish, load
from tui.core.format.yamlwrite import UnwritableText, render

TEXT_FIELDS = ("title", "excerpt", "type", "category")
NUMBER_FIELDS = ("quality", "heat")
FIELDS = TEXT_FIELDS + NUMBER_FIELDS
_WHOLE = re.compile(r"[-+]?[0-9]+")


def field_value(field: str, typed: str) -> str | int:
    """What the user typed for `field`, as the value to write; ValueError says why not.

    Text fields take the text as it is (an empty headline is the empty string); number
    fields take a whole number (`-1` means "no signal" for heat).
    """
    if field in TEXT_FIELDS:
        return typed
    if field in NUMBER_FIELDS:
        if _WHOLE.fullmatch(typed.strip()) is None:
            raise ValueError(f"{field} takes a whole number, not {typed!r:.40}")
        return int(typed.strip())
    raise ValueError(f"{field} cannot be set here (one of: {', '.join(FIELDS)})")


def set_scalar(raw: bytes, field: str, value: str | int) -> tuple[bytes, EntryChange] | None:
    """New bytes with `field` set to `value`, and the change; None when it is so already."""
    if field in TEXT_FIELDS and not isinstance(value, str):
        raise EditError(f"{field} takes text")
    if field in NUMBER_FIELDS and (isinstance(value, bool) or not isinstance(value, int)):
        raise EditError(f"{field} takes a whole number")
    if field not in FIELDS:
        raise EditError(f"{field} cannot be set here")
    doc = load(raw)
    if field in doc.data and repr(doc.data[field]) == repr(value):
        return None
    span, node = doc.find(field), doc.node(field)
    try:
        if span is None or node is None:
            at = doc.parsed.close_start
            line = f"{doc.root_indent()}{field}: {_written(value, None)}{doc.newline}"
            text = apply_edits(doc.text, [(at, at, line)])
        elif span.value_start == span.value_end:  # `field:` with nothing (maybe a comment) after it
            at = span.colon_end
            text = apply_edits(doc.text, [(at, at, " " + _written(value, None))])
        else:
            style = node.style if isinstance(node, yaml.ScalarNode) else None
            text = apply_edits(doc.text, [(span.value_start, span.value_end, _written(value, style))])
    except UnwritableText as exc:
        raise EditError(str(exc)) from None
    return finish(doc, field, text, value)


def _written(value: str | int, style: str | None) -> str:
    if isinstance(value, int):
        return str(value)
    return render(value, style)


def set_title(raw: bytes, title: str) -> tuple[bytes, EntryChange] | None:
    return set_scalar(raw, "title", title)


def set_excerpt(raw: bytes, excerpt: str) -> tuple[bytes, EntryChange] | None:
    return set_scalar(raw, "excerpt", excerpt)
