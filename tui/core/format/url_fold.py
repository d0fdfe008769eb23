"""Where a URL too long for its line folds: after a `/`, `.`, `-`, `?`, `&` or `=`.

The detail pane shows each URL whole, on lines of its own. A URL holds no space, so
the terminal's text wrapping folded it at the pane's width whatever fell there:
`www-govtech-com.cdn.amppro` / `ject.org`, a domain cut mid-label, which an editor
reads as two words and cannot check at a glance. Here a line ends after the last such
boundary that fits, as long as that keeps at least half of the line's width in use;
only a run with no boundary that near (a long token, a percent-encoded query) is cut
at the width. `//` is never split, nor is a line left holding nothing but `https:`.

Widths are counted by the caller's `cells` (a terminal cell count); the text is
untrusted and bounded by the caller, and this costs one pass per line.
"""

from __future__ import annotations

from collections.abc import Callable

BOUNDARIES = frozenset("/.-?&=")


def _fits(text: str, start: int, width: int, cells: Callable[[str], int]) -> int:
    """The end of the longest run from `start` whose cells fit in `width` (at least one character)."""
    used = 0
    end = start
    while end < len(text):
        size = cells(text[end])
        if used + size > width and end > start:
            break
        used += size
        end += 1
    return end


def _break_after(text: str, index: int) -> bool:
    """Whether a line may end after `text[index]`."""
    char = text[index]
    if char not in BOUNDARIES:
        return False
    # Not inside `//`, nor right after the scheme's colon.
    return not (char == "/" and (text[index + 1 : index + 2] == "/" or text[index - 1 : index] in (":", "")))


def fold_url(url: str, width: int, cells: Callable[[str], int] = len) -> list[str]:
    """`url` as lines of at most `width` cells each, folded at URL boundaries."""
    width = max(1, width)
    lines: list[str] = []
    start = 0
    while start < len(url):
        end = _fits(url, start, width, cells)
        if end < len(url):
            shortest = max(1, (end - start) // 2)  # a line folded early keeps half its width in use
            for at in range(end - 1, start + shortest - 2, -1):
                if _break_after(url, at):
                    end = at + 1
                    break
        lines.append(url[start:end])
        start = end
    return lines or [""]
