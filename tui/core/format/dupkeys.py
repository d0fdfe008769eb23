"""Top-level front matter keys written more than once.

YAML says a mapping's keys are unique, but PyYAML (our CSafeLoader) and Psych (what
Jekyll reads a site with) both silently keep the LAST value of a repeated key. A
story with `published: true` on line 3 and `published: false` on line 45 is
unpublished on the site, whatever the first line says to a reader of the file; git
produces exactly that when two editors insert the line in different places and the
merge is clean. So the keys are found here with their lines, from the YAML node tree
(the data has lost them), and told: `check`, the problems screen, the toggle (which
refuses such a file rather than leave two lines) and sync (which treats two sides'
publish lines as a conflict, never as a clean merge).

Cheap for the ordinary file: a regular expression over the block's lines looks for a
repeated key text at one indentation; only then are the nodes composed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from tui.core.format.frontmatter import FrontMatterError, _Loader, decode, split
from tui.core.format.literal import one_line

_KEY_LINE = re.compile(r"^( *)([^\s#\-?][^\n:]*?)[ \t]*:(?=[ \t\r]|$)", re.M)
_ROOT_KEY = re.compile(r"^()([^\s#\-?][^\n:]*?)[ \t]*:(?=[ \t\r]|$)", re.M)
VALUE_WIDTH = 40
_COUNTS = {2: "twice", 3: "three times"}


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    """One repeated top-level key: the 1-based file lines of each occurrence, the line
    spans (character offsets into the decoded text, without the terminator) and the
    source text of the value that wins (the last)."""

    key: str
    lines: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    last: str

    def describe(self) -> str:
        """ "published appears twice (lines 3 and 45); Jekyll uses the last: false" """
        n = len(self.lines)
        times = _COUNTS.get(n, f"{n} times")
        shown = [str(x) for x in self.lines]
        where = " and ".join(shown) if n <= 2 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f"{one_line(self.key)} appears {times} (lines {where}); Jekyll uses the last: {self.last}"


def _maybe(fm: str) -> bool:
    """A key text repeated at the root's column (the first key line's): maybe a repeat.
    Nested keys (a list of mappings repeats `name:` at its own column) do not count."""
    keys = [m.group(2).strip("'\"") for m in _ROOT_KEY.finditer(fm)]
    if keys and fm[:1] not in (" ", "\t"):
        return len(set(keys)) != len(keys)
    seen: set[tuple[int, str]] = set()
    root = None
    for match in _KEY_LINE.finditer(fm):
        col = len(match.group(1))
        root = col if root is None else root
        key = (col, match.group(2).strip("'\""))
        if col == root and key in seen:
            return True
        seen.add(key)
    return False


def duplicate_keys(raw: bytes) -> tuple[DuplicateKey, ...]:
    """Every top-level key that appears more than once, in order of first appearance.

    A file that does not split or parse has none here (its problem is reported elsewhere).
    """
    try:
        text, _bom = decode(raw)
        fm_start, close_start = split(text)
    except FrontMatterError:
        return ()
    fm = text[fm_start:close_start]
    if not _maybe(fm):
        return ()
    loader = _Loader(fm)
    try:
        node = loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return ()
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return ()
    found: dict[str, list[tuple[yaml.Node, yaml.Node]]] = {}
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            found.setdefault(key.value, []).append((key, value))
    out = []
    for name, pairs in found.items():
        if len(pairs) < 2:
            continue
        spans = []
        for key, value in pairs:
            start = text.rfind("\n", 0, fm_start + key.start_mark.index) + 1
            end_at = max(fm_start + value.end_mark.index, fm_start + key.end_mark.index)
            end = text.find("\n", end_at)
            if end < 0:
                end = len(text)
            if end > start and text[end - 1] == "\r":
                end -= 1
            spans.append((start, end))
        last_value = pairs[-1][1]
        shown = one_line(fm[last_value.start_mark.index : last_value.end_mark.index].strip()) or "(empty)"
        if len(shown) > VALUE_WIDTH:
            shown = shown[: VALUE_WIDTH - 1] + "…"
        lines = tuple(text.count("\n", 0, s) + 1 for s, _e in spans)
        out.append(DuplicateKey(name, lines, tuple(spans), shown))
    return tuple(out)


def keep_one(raw: bytes, key: str, keep: str | None) -> bytes | None:
    """The file with every top-level `key` line but one removed: the one whose text is
    `keep` (the last such, if several), else the last line, changed to `keep`; `keep`
    None removes them all. None when `key` is not repeated (nothing to do)."""
    dup = next((d for d in duplicate_keys(raw) if d.key == key), None)
    if dup is None:
        return None
    text, bom = decode(raw)
    texts = [text[s:e] for s, e in dup.spans]
    kept = None if keep is None else max((i for i, t in enumerate(texts) if t == keep), default=len(texts) - 1)
    for i in range(len(dup.spans) - 1, -1, -1):  # from the end: earlier offsets stay valid
        start, end = dup.spans[i]
        if i == kept:
            text = text[:start] + (keep or "") + text[end:]
            continue
        end += 2 if text.startswith("\r\n", end) else 1 if text.startswith("\n", end) else 0
        text = text[:start] + text[end:]
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
