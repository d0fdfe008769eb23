"""Make untrusted text safe to put on a terminal, as text.

Titles and excerpts come from feeds. A raw ESC or CSI byte would let a story restyle
or even command the editor's terminal, so every control character is shown as a
visible escape (`\\x1b`) instead; everything else, markup-looking brackets included,
is left exactly as written (the UI layers never interpret it as markup).
"""

from __future__ import annotations

import json
from typing import Any

# C0 and C1 controls and DEL; tab and newline are folded to spaces by `one_line`.
_CONTROLS = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROLS.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
_ONE_LINE = dict(_CONTROLS)
_ONE_LINE.update({0x09: " ", 0x0A: " ", 0x0D: " "})
_MULTI_LINE = {k: v for k, v in _CONTROLS.items() if k not in (0x09, 0x0A)}
_JSON_EXTRA = {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]}


def visible(text: str) -> str:
    """Control characters as escapes; newlines and tabs kept."""
    return text.translate(_MULTI_LINE)


def one_line(text: str) -> str:
    """For list rows and labels: control characters escaped, line breaks as spaces."""
    return text.translate(_ONE_LINE)


def json_line(obj: Any) -> str:
    """JSON that stays inert on a terminal: JSON escapes C0, we also escape C1 and DEL."""
    return json.dumps(obj, ensure_ascii=False).translate(_JSON_EXTRA)
