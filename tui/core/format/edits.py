"""Byte-exact edits of the top-level `published` flag.

An edit changes the characters of one value, or inserts or removes one line, and
touches nothing else: not the byte-order mark, the line endings, the quoting, the key
order, comments or the body. Every result is parsed again and compared with the input
before anyone may write it, so a document shape we did not foresee is refused rather
than damaged.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.format.dupkeys import duplicate_keys
from tui.core.format.frontmatter import BOM, FrontMatterError, Parsed, parse

_FAMILIES = {"true": "false", "yes": "no", "on": "off"}
_FAMILIES.update({v: k for k, v in _FAMILIES.items()})


class EditError(Exception):
    """Why an edit was refused; the file was not touched."""


@dataclass(frozen=True, slots=True)
class LineChange:
    """The whole `published` line before and after an edit; None means absent.

    Undo and redo replay these against whatever is on disk then, so they restore
    only our line and notice when someone else rewrote it.
    """

    before: str | None
    after: str | None

    def inverse(self) -> LineChange:
        return LineChange(self.after, self.before)

    def replay(self, raw: bytes) -> bytes:
        """`replay` for this kind of change; `entries.EntryChange` replays other entries."""
        return _replay_line(raw, self)


def _spelling(old_token: str, value: bool) -> str:
    """Keep the author's boolean family and case (`no` -> `yes`, `False` -> `True`)."""
    plain = "true" if value else "false"
    lower = old_token.lower()
    if lower not in _FAMILIES:
        return plain
    word = lower if (lower in ("true", "yes", "on")) == value else _FAMILIES[lower]
    if old_token.isupper():
        return word.upper()
    if old_token[:1].isupper():
        return word.capitalize()
    return word


def _parse_for_edit(raw: bytes) -> Parsed:
    try:
        parsed = parse(raw)
    except FrontMatterError as exc:
        raise EditError(f"the file no longer parses as a story ({exc.message})") from None
    if parsed.flow_root:
        raise EditError("the front matter is written in flow style; edit it by hand")
    return parsed


def _line_terminator_before(text: str, offset: int) -> str:
    return "\r\n" if text[max(0, offset - 2) : offset] == "\r\n" else "\n"


def _splice(parsed: Parsed, new_line: str | None) -> str:
    """The text with the published line replaced, removed (None) or inserted."""
    text, span = parsed.text, parsed.published
    if span is None:
        if new_line is None:
            return text
        at = parsed.close_start
        return text[:at] + new_line + _line_terminator_before(text, at) + text[at:]
    if new_line is None:
        end = span.line_end
        end += 2 if text.startswith("\r\n", end) else 1 if text.startswith("\n", end) else 0
        return text[: span.line_start] + text[end:]
    return text[: span.line_start] + new_line + text[span.line_end :]


def _verified(parsed: Parsed, new_text: str, expect_published: bool | None, *, restoring: bool = False) -> bytes:
    raw = (BOM if parsed.bom else b"") + new_text.encode("utf-8")
    try:
        after = parse(raw)
    except FrontMatterError as exc:  # pragma: no cover - guarded by the shapes above
        raise EditError(f"the edit would break the file ({exc.message}); refused") from None
    before_rest = {k: v for k, v in parsed.data.items() if k != "published"}
    after_rest = {k: v for k, v in after.data.items() if k != "published"}
    if repr(before_rest) != repr(after_rest):
        raise EditError("the edit would change more than the published flag; refused")
    value = after.data.get("published", True)
    if expect_published is not None and value is not expect_published:
        raise EditError("the edit did not produce the intended flag; refused")
    # Undo puts back the line a site toggle replaced (`published: "false"`, `0`, `nO`):
    # any scalar it held, byte for byte; never a list or mapping.
    scalar = isinstance(value, (str, int, float)) and restoring
    if not isinstance(value, bool) and value is not None and not scalar:
        raise EditError("the edit would leave a published value that is not a boolean")
    return raw


def current_flag(parsed: Parsed) -> bool:
    value = parsed.data.get("published", True)
    if value is None:
        return True
    if not isinstance(value, bool):
        raise EditError(f"published is {value!r:.40}, not true or false; fix it by hand")
    return value


def set_published(raw: bytes, value: bool) -> tuple[bytes, LineChange] | None:
    """New bytes with the flag set, and the line change; None when already so."""
    parsed = _parse_for_edit(raw)
    if not parsed.unique_keys:  # the loader read it: `published` may be there twice
        _refuse_repeated(raw)
    if current_flag(parsed) == value:
        return None
    span = parsed.published
    before = parsed.published_text()
    if span is None:
        new_line = f"published: {_spelling('', value)}"
    elif span.value_start == span.value_end:  # `published:` (maybe `  # a comment`)
        text = parsed.text
        new_line = (
            text[span.line_start : span.value_start] + f" {_spelling('', value)}" + text[span.value_end : span.line_end]
        )
    else:
        text = parsed.text
        token = text[span.value_start : span.value_end]
        new_line = (
            text[span.line_start : span.value_start] + _spelling(token, value) + text[span.value_end : span.line_end]
        )
    new_raw = _verified(parsed, _splice(parsed, new_line), value)
    return new_raw, LineChange(before, new_line)


def _refuse_repeated(raw: bytes) -> None:
    """A toggle changes one line; with `published` twice the other would stay, and which
    one a reader believes is a guess (Jekyll takes the last). So: fix it by hand first."""
    for dup in duplicate_keys(raw):
        if dup.key == "published":
            raise EditError(f"{dup.describe()}; keep one line by hand, then toggle")


def replay(raw: bytes, change: LineChange) -> bytes:
    """Apply `change` to the current bytes, only if its `before` line is still there."""
    return change.replay(raw)


def _replay_line(raw: bytes, change: LineChange) -> bytes:
    parsed = _parse_for_edit(raw)
    current = parsed.published_text()
    if current != change.before:
        now = "absent" if current is None else repr(current)
        raise EditError(f"the published line was changed elsewhere (now {now}); left as it is")
    return _verified(parsed, _splice(parsed, change.after), None, restoring=True)
