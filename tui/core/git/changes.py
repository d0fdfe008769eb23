"""Each changed story's change in an editor's words, not in diff hunks.

An editor toggles `published`; git sees a modified file. Reading HEAD's blob and the
working file with the format package's own parser turns that back into what the
editor did: `unpublished`, `published`, `published line inserted` (the flag spelled
out where it was implicit, same value), `added`, `deleted`, or `edited` with a short
diff for anything else (a title fix from the pipeline, a hand edit). The same
comparison describes each side of a conflict and each commit of a story's history.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from tui.core.disk.safe import Dirs, Refused, open_story, read_all
from tui.core.format.edits import EditError, current_flag
from tui.core.format.fastparse import parse_fast
from tui.core.format.frontmatter import Parsed
from tui.core.format.literal import cut, one_line, short_repr
from tui.core.format.wording import counted
from tui.core.git.repo import FileState, Repo, RepoStatus, read_blobs, status
from tui.core.git.run import GitProblem

ChangeKind = Literal["published", "unpublished", "published line inserted", "edited", "added", "deleted"]
JsonChange = Literal["published", "unpublished", "edited", "added", "deleted"]

DIFF_LINES = 12  # a compact diff: enough to see a title fix, never a screenful
LOST_SHOWN = 5  # parts named in `Change.lost`, the rest counted
PART_WIDTH = 40
UNREAD = "unread"  # `Change.work` of a working file that was refused (a FIFO, a link out)
DIFF_WIDTH = 160
TITLE_WIDTH = 120


@dataclass(frozen=True, slots=True)
class Change:
    """One story's change from `before` (e.g. HEAD) to `after` (e.g. the working file).

    `flag_before`/`flag_after` are the effective `published` values (absent means
    true), None when that side does not exist or does not parse. `diff` is a bounded
    list of `-`/`+` lines, filled for `edited` only.
    """

    id: str
    kind: ChangeKind
    flag_before: bool | None
    flag_after: bool | None
    title: str
    diff: tuple[str, ...] = ()
    # What differs between the two sides, in editor words: "published line", a front
    # matter key ("title", "topics"), "body", or "formatting" when only the spelling did.
    parts: tuple[str, ...] = ()
    # sha256 of the working file the change was read from (`story_changes`): what a
    # discard confirmed by the editor may put back over; None: no file; UNREAD: refused.
    work: str | None = None
    # The edit in editor words, a line per part ("title: old → new", "topics +a −b",
    # "body changed (3 lines)"), bounded: `edit_summary`. Filled for `edited` only.
    summary: tuple[str, ...] = ()

    @property
    def json_change(self) -> JsonChange:
        """The command line's `status --json` vocabulary (an inserted line is an edit)."""
        return "edited" if self.kind == "published line inserted" else self.kind

    def label(self) -> str:
        return self.kind

    def lost(self) -> str:
        """What discarding this change throws away, e.g. "published line and title edit"."""
        if self.kind == "added":
            return "the whole story, never committed"
        if self.kind == "deleted":
            return "nothing: the deleted story comes back as committed"
        if self.work == UNREAD:
            return "a working file newsdesk cannot read"
        fields = [p for p in self.parts if p != "published line"]
        names = (["published line"] if "published line" in self.parts else []) + fields
        if not names:
            return "an edit"
        shown = names if len(names) <= LOST_SHOWN else [*names[: LOST_SHOWN - 1], f"{len(names) - LOST_SHOWN + 1} more"]
        text = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return text + ("" if not fields else " edit" if len(fields) == 1 else " edits")


def _parsed(raw: bytes | None) -> Parsed | None:
    if raw is None:
        return None
    try:
        return parse_fast(raw)
    except Exception:
        return None


def _flag(parsed: Parsed | None) -> bool | None:
    if parsed is None:
        return None
    try:
        return current_flag(parsed)
    except EditError:
        return None


def _title(parsed: Parsed | None) -> str:
    if parsed is None:
        return ""
    title = parsed.data.get("title")
    text = one_line(title if isinstance(title, str) else "")
    return text if len(text) <= TITLE_WIDTH else text[: TITLE_WIDTH - 1] + "…"


def _shown(line: str) -> str:
    """A diff line made safe and short; the opaque `secured` payload is never printed."""
    sign, text = line[:1], line[1:]
    if text.lstrip().startswith("secured:"):
        return f"{sign}secured: (encrypted payload, {len(text)} characters)"
    text = one_line(text)
    return sign + (text if len(text) <= DIFF_WIDTH else text[: DIFF_WIDTH - 1] + "…")


def compact_diff(before: bytes | None, after: bytes | None, limit: int = DIFF_LINES) -> tuple[str, ...]:
    """Changed lines only (`-old`, `+new`), at most `limit` of them plus a count of the rest."""
    old = (before or b"").decode("utf-8", "replace").splitlines()
    new = (after or b"").decode("utf-8", "replace").splitlines()
    lines = [
        ln
        for ln in difflib.unified_diff(old, new, n=0, lineterm="")
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    shown = [_shown(ln) for ln in lines[:limit]]
    if len(lines) > limit:
        shown.append(f"… {len(lines) - limit} more changed lines")
    return tuple(shown)


def classify(sid: str, before: bytes | None, after: bytes | None) -> Change | None:
    """What changed from `before` to `after` (None = the file is absent); None if nothing."""
    if before == after:
        return None
    old, new = _parsed(before), _parsed(after)
    title = _title(new) or _title(old)
    if before is None:
        return Change(sid, "added", None, _flag(new), title)
    if after is None:
        return Change(sid, "deleted", _flag(old), None, title)
    flag_old, flag_new = _flag(old), _flag(new)
    line = ("published line",)
    if (
        old is not None
        and new is not None
        and flag_old is not None
        and flag_new is not None
        and old.bom == new.bom
        and _without_published(old) == _without_published(new)
    ):
        if flag_old != flag_new:
            return Change(sid, "published" if flag_new else "unpublished", flag_old, flag_new, title, parts=line)
        if old.published is None and new.published is not None:
            return Change(sid, "published line inserted", flag_old, flag_new, title, parts=line)
    parts = changed_parts(old, new)
    return Change(sid, "edited", flag_old, flag_new, title, compact_diff(before, after), parts, None,
                  edit_summary(old, new))  # fmt: skip


SUMMARY_LINES = 6  # lines of an edit's summary; the rest counted on the last one
VALUE_WIDTH = 50  # characters of a field's value in a summary
ITEM_WIDTH = 30  # characters of one list item (a topic)
ITEMS_SHOWN = 4  # list items named per sign, the rest counted


def _value(key: str, value: object) -> str:
    """A front matter value as an editor reads it, one bounded line."""
    if value is _ABSENT:
        return "(none)"
    if key == "secured":
        return "(encrypted payload)"
    if isinstance(value, str):
        return cut(one_line(value), VALUE_WIDTH) if value else '""'
    if value is None or isinstance(value, bool):
        return {None: "(empty)", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return cut(str(value), VALUE_WIDTH)
    return cut(one_line(short_repr(value, VALUE_WIDTH)), VALUE_WIDTH)


def _items(sign: str, items: list[object]) -> str:
    named = [sign + cut(one_line(str(x)), ITEM_WIDTH) for x in items[:ITEMS_SHOWN]]
    if len(items) > ITEMS_SHOWN:
        named.append(f"{sign}{len(items) - ITEMS_SHOWN} more")
    return " ".join(named)


def _field_line(key: str, a: object, b: object) -> str:
    name = cut(one_line(str(key)), PART_WIDTH)
    if isinstance(a, list) and isinstance(b, list):
        added = [x for x in b if x not in a]
        removed = [x for x in a if x not in b]
        if added or removed:
            signs = ([_items("+", added)] if added else []) + ([_items("−", removed)] if removed else [])
            return " ".join([name, *signs])
        return f"{name}: reordered"
    if a is _ABSENT:
        return f"{name} added: {_value(key, b)}"
    if b is _ABSENT:
        return f"{name} removed (was {_value(key, a)})"
    return f"{name}: {_value(key, a)} → {_value(key, b)}"


def edit_summary(old: Parsed | None, new: Parsed | None, limit: int = SUMMARY_LINES) -> tuple[str, ...]:
    """What an edit changed, in editor words, at most `limit` lines of bounded length:
    "title: Old → New", "topics +Economy −Politics", "published: true → false",
    "body changed (3 lines)"; "formatting only" when no value differs. Untrusted
    values are made one line and cut here; callers still draw them as data."""
    if old is None or new is None:
        side = "before" if old is None else "after"
        return (f"whole file changed (not readable as a story {side})",)
    lines: list[str] = []
    if old.published_text() != new.published_text():
        a, b = _flag(old), _flag(new)
        if a != b:
            lines.append(f"published: {_value('', a)} → {_value('', b)}")
        elif old.published_text() is None:  # the same state, now said in the file
            lines.append(f"published: {_value('', b)} written out (was the default)")
        elif new.published_text() is None:
            lines.append(f"published line removed ({_value('', a)} by default)")
        else:
            lines.append("published line spelled differently")
    for key in dict.fromkeys([*old.data, *new.data]):
        a, b = old.data.get(key, _ABSENT), new.data.get(key, _ABSENT)
        if key != "published" and a != b:
            lines.append(_field_line(str(key), a, b))
    body_old, body_new = _body(old), _body(new)
    if body_old != body_new:
        changed = sum(
            1
            for ln in difflib.unified_diff(body_old.splitlines(), body_new.splitlines(), n=0, lineterm="")
            if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
        )
        lines.append(f"body changed ({counted(changed, 'line')})")
    if not lines:
        return ("formatting only (spacing, quoting, comments)",)
    if len(lines) > limit:
        lines = [*lines[: limit - 1], f"… {len(lines) - limit + 1} more changes"]
    return tuple(cut(line, DIFF_WIDTH) for line in lines)


_ABSENT = object()


def changed_parts(old: Parsed | None, new: Parsed | None) -> tuple[str, ...]:
    """Which parts of a story differ: "published line", each front matter key whose
    value differs, "body"; "formatting" when none does (comments, quoting, spacing,
    line endings, a byte-order mark); "whole file" when a side does not parse."""
    if old is None or new is None:
        return ("whole file",)
    parts = ["published line"] if old.published_text() != new.published_text() else []
    for key in dict.fromkeys([*old.data, *new.data]):
        if key != "published" and old.data.get(key, _ABSENT) != new.data.get(key, _ABSENT):
            name = one_line(str(key))
            parts.append(name if len(name) <= PART_WIDTH else name[: PART_WIDTH - 1] + "…")
    if _body(old) != _body(new):
        parts.append("body")
    return tuple(parts) or ("formatting",)


def _body(parsed: Parsed) -> str:
    """The text after the closing `---` line."""
    end = parsed.text.find("\n", parsed.close_start)
    return "" if end < 0 else parsed.text[end + 1 :]


def _without_published(parsed: Parsed) -> str:
    """The text with the top-level `published` line cut out: equal texts mean that line
    was the only change (comments and spacing included, which the data would not show)."""
    span = parsed.published
    if span is None:
        return parsed.text
    text = parsed.text
    end = span.line_end
    end += 2 if text.startswith("\r\n", end) else 1 if text.startswith("\n", end) else 0
    return text[: span.line_start] + text[end:]


def read_work(repo: Repo, sid: str) -> bytes | Refused | None:
    """The working file's bytes (None: absent), read the one safe way (disk/safe.py):
    every component with O_NOFOLLOW, O_NONBLOCK, a regular file of bounded size. A
    FIFO, a link out of the folder or a huge file is Refused, never waited on or read."""
    try:
        with Dirs(repo.folder) as dirs:
            fd, st, _real = open_story(dirs, sid)
            try:
                return read_all(fd, st.st_size)
            finally:
                os.close(fd)
    except Refused as refused:
        return refused
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as exc:
        return Refused(f"cannot read it: {exc.strerror or exc}")


def story_changes(
    repo: Repo, current: RepoStatus | None = None, ids: Iterable[str] | None = None
) -> tuple[Change, ...] | GitProblem:
    """Every changed story (or those of `ids`) against HEAD, sorted by id.

    Conflicted files are left out: they are the business of `sync`, which describes
    both sides. One `git cat-file --batch` reads all the HEAD blobs.
    """
    if current is None:
        got = status(repo)
        if isinstance(got, GitProblem):
            return got
        current = got
    files: list[FileState] = [f for f in current.files if f.kind != "conflicted"]
    if ids is not None:
        wanted = set(ids)
        files = [f for f in files if f.id in wanted]
    blobs = read_blobs(repo, [f.head_oid for f in files if f.head_oid])
    if isinstance(blobs, GitProblem):
        return blobs
    out = []
    for f in files:
        before = blobs.get(f.head_oid) if f.head_oid else None
        work = read_work(repo, f.id)
        if isinstance(work, Refused):  # reported by name, with the reason; never read
            old = _parsed(before)
            why = one_line(str(work))[:TITLE_WIDTH]
            out.append(Change(f.id, "edited", _flag(old), None, f"working file not read: {why}", work=UNREAD))
            continue
        change = classify(f.id, before, work)
        if change is not None:
            out.append(replace(change, work=None if work is None else digest(work)))
    return tuple(out)


def digest(raw: bytes) -> str:
    """What `Change.work` holds for these bytes."""
    return hashlib.sha256(raw).hexdigest()


def head_versions(repo: Repo, ids: Iterable[str], rev: str = "HEAD") -> dict[str, bytes | None] | GitProblem:
    """The bytes each story had at `rev` (None: absent there).

    For "discard this change": the caller writes them back through its own atomic,
    undoable edit path (or deletes an added story); git never touches the file.
    """
    ids = list(ids)
    names = {sid: f"{rev}:{repo.path_of(sid)}" for sid in ids}
    blobs = read_blobs(repo, names.values())
    if isinstance(blobs, GitProblem):
        return blobs
    return {sid: blobs.get(name) for sid, name in names.items()}
