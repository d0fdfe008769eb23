"""Texts of the duplicate review that must read well (issue 17).

Two copies of a press release often share their first fifty characters
("RE-TRANSMISSION: Provance Releases ServiceTeam a N…"), so the "Why" lines name
each side of a pair by where the titles differ, with a word of context, and by
outlet and date when the headlines are the same. Excerpts come from feeds that
double-encode entities (`&#8220;`) and leave carriage returns in (`\\x0d`): they are
shown as the text they stand for, as plain text, never as markup.
"""

from __future__ import annotations

import html
import re

from tui.core.format.literal import cut, one_line, visible

_CONTEXT = 2  # words of shared text shown around the part that differs
_LINE_BREAKS = re.compile(r"\r\n?|\u2028|\u2029")


def told_apart(a: str, b: str, room: int = 60) -> tuple[str, str]:
    """Labels for two titles that show where they differ: the differing words with
    up to two shared words of context each side, "…" where shared text is left out.
    Identical titles come back cut to `room` (the caller adds outlet and date)."""
    a, b = one_line(a[: 4 * room + 400]), one_line(b[: 4 * room + 400])
    wa, wb = a.split(), b.split()
    if wa == wb:
        return cut(a, room), cut(b, room)
    prefix = 0
    while prefix < min(len(wa), len(wb)) and wa[prefix] == wb[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(wa), len(wb)) - prefix and wa[len(wa) - 1 - suffix] == wb[len(wb) - 1 - suffix]:
        suffix += 1

    def label(words: list[str]) -> str:
        start = max(0, prefix - _CONTEXT)
        end = min(len(words), len(words) - suffix + _CONTEXT)
        middle = words[prefix : len(words) - suffix]
        shown = " ".join(words[start:end]) if middle or start < end else ""
        text = ("… " if start > 0 else "") + shown + (" …" if end < len(words) else "")
        return cut(text, room)

    return label(wa), label(wb)


def excerpt_text(raw: str, limit: int = 10_000) -> str:
    """An excerpt as a reader would see it: entities decoded (twice when the feed
    double-encoded them), carriage returns as line breaks, other control characters
    as visible escapes; cut to `limit`. Plain text for Text(...), never markup."""
    text = raw[: limit + 200]
    if "&" in text:
        text = html.unescape(text)
        if "&" in text and re.search(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", text):
            text = html.unescape(text)
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return cut(visible(text), limit)
