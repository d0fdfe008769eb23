"""Make untrusted text safe to put on a terminal, as text, and small enough to format.

Titles and excerpts come from feeds. A raw ESC or CSI byte would let a story restyle
or even command the editor's terminal, so every control character is shown as a
visible escape (`\\x1b`) instead; everything else, markup-looking brackets included,
is left exactly as written (the UI layers never interpret it as markup).

File names are untrusted too, and need not be UTF-8: Python hands a bad byte over as
a lone surrogate (U+DC80..U+DCFF, "surrogateescape"), which written to a terminal is
either an encoding error or the raw byte again (a C1 control, say). Every lone
surrogate is shown as the byte it stands for (`\\x9b`), and JSON output escapes it
(`\\udc9b`), so what we print is always valid UTF-8.

`short_repr` is the only way untrusted structures are turned into text: it walks a
value and stops after `limit` characters, so an alias bomb (a mapping that expands to
a billion values) or a megabyte string costs as much to describe as a short one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# C0 and C1 controls and DEL; tab and newline are folded to spaces by `one_line`.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
# A byte of a name that is not UTF-8 (surrogateescape) as that byte; other lone
# surrogates (a YAML "\ud800" escape) as their code point.
_CONTROLS.update({c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)})
_CONTROLS.update({c: f"\\u{c:04x}" for c in [*range(0xD800, 0xDC80), *range(0xDD00, 0xE000)]})
_ONE_LINE = dict(_CONTROLS)
_ONE_LINE.update({0x09: " ", 0x0A: " ", 0x0D: " "})
_MULTI_LINE = {k: v for k, v in _CONTROLS.items() if k not in (0x09, 0x0A)}
_JSON_EXTRA = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *range(0xD800, 0xE000)]}

ELLIPSIS = "…"
_DEPTH = 32  # nesting shown by `short_repr`; deeper levels are an ellipsis


def visible(text: str) -> str:
    """Control characters as escapes; newlines and tabs kept."""
    return text if text.isprintable() else text.translate(_MULTI_LINE)


def one_line(text: str) -> str:
    """For list rows and labels: control characters escaped, line breaks as spaces.

    Printable text (no Cc, Cs, Zl, Zp character, so nothing the table maps) is returned
    as it is, without a table lookup per character: a site's check prints thousands of
    lines through here."""
    return text if text.isprintable() else text.translate(_ONE_LINE)


def json_line(obj: Any) -> str:
    """JSON that stays inert on a terminal and valid UTF-8: JSON escapes C0, we also
    escape C1, DEL and lone surrogates (a file name that is not UTF-8)."""
    return json.dumps(obj, ensure_ascii=False).translate(_JSON_EXTRA)


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, a cut marked with an ellipsis."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + ELLIPSIS


def short_repr(value: Any, limit: int = 200) -> str:
    """`repr(value)` cut to `limit` characters, computed without ever building more
    than about `limit` characters of it (shared and recursive data included)."""
    parts: list[str] = []
    size = 0
    for part in _parts(value, 0):
        parts.append(part)
        size += len(part)
        if size > limit:
            break
    return cut("".join(parts), limit)


def _parts(value: Any, depth: int) -> Iterator[str]:
    if isinstance(value, str):
        yield _short_text(value)
    elif isinstance(value, (bytes, bytearray)):
        yield repr(bytes(value[:64])) + (ELLIPSIS if len(value) > 64 else "")
    elif isinstance(value, (dict, list, tuple, set, frozenset)):
        opening, closing = ("{", "}") if isinstance(value, (dict, set, frozenset)) else ("[", "]")
        if isinstance(value, tuple):
            opening, closing = "(", ")"
        if depth >= _DEPTH:
            yield opening + ELLIPSIS + closing
            return
        yield opening
        if isinstance(value, dict):
            for index, (key, item) in enumerate(value.items()):
                yield ", " if index else ""
                yield from _parts(key, depth + 1)
                yield ": "
                yield from _parts(item, depth + 1)
        else:
            for index, item in enumerate(value):
                yield ", " if index else ""
                yield from _parts(item, depth + 1)
        yield closing
    elif value is None or isinstance(value, (bool, float)):
        yield repr(value)
    elif isinstance(value, int):
        yield repr(value) if value.bit_length() < 1024 else f"<a number of {value.bit_length()} bits>"
    else:
        from datetime import date, time, timedelta

        if isinstance(value, (date, time, timedelta)):
            yield repr(value)
        else:  # nothing else comes out of a safe YAML load; never call an unknown repr
            yield f"<{type(value).__name__}>"


def _short_text(text: str, keep: int = 256) -> str:
    if len(text) <= keep:
        return repr(text)
    return repr(text[:keep])[:-1] + ELLIPSIS + repr(text[:keep])[-1]
