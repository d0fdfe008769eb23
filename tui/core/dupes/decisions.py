"""The editor's duplicate decisions, kept in the story folder as an append-only log.

`<root>/.newsdesk/decisions.jsonl` holds one JSON object per line: readable in a
pager, diffable and safe to commit with git (lines are only ever added, so merges
are concatenations). Each line is appended with O_APPEND as one `write()` under an
exclusive `flock`, then fsynced, so two newsdesk processes can decide at once
without tearing lines, and a decision survives a crash or a restart; readers take
the lock shared, so they never see half a line. Undoing a decision appends an "undo"
line that names it; nothing is ever rewritten.

The log comes from the folder, so it is untrusted data (docs/THREAT_MODEL.md):
- it is never reached through a symlink: `.newsdesk` must be a real directory of the
  folder (opened with O_NOFOLLOW | O_DIRECTORY) and the log a regular file in it
  (opened relative to it with O_NOFOLLOW | O_NONBLOCK, checked with fstat), so a log
  committed as a link to a shell start-up file or to /dev/zero is refused, not written
  or read; a log with other names (hard links) is read but never appended to;
- it is read within bounds: no more than its last `MAX_LOG_BYTES` (the newest
  decisions; a bigger log is a problem), no line over `MAX_LINE`, in time linear in
  its size whatever it holds (see `_CANDIDATE`), and only records of the shape a
  decision has are kept (no deeper nesting than that shape);
- a line that is not a decision (a torn write from a crash, a bad merge, junk) is
  skipped; skipped lines are reported once, counted, and every other line applies.

What a decision is, and the record a line holds, is `decision_record.py`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from typing import Any

from tui.core.dupes.decision_record import Decision, from_record, new_id, now_text
from tui.core.format.literal import json_line

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: O_APPEND alone
    fcntl = None  # type: ignore[assignment]

FOLDER = ".newsdesk"
FILE = "decisions.jsonl"
MAX_LINE = 1 << 20  # bytes; a decision is a few hundred, one over a thousand stories with long paths fits
MAX_LOG_BYTES = 16 << 20  # some 30,000 decisions; of a bigger log the newest are read, and a problem said

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_UNUSED = "decisions neither read nor written"

# Reading is linear in the log's size, whatever is in it, and lines that are no record
# are rejected in C: the search below jumps from one line starting `{"` to the next
# and keeps those that name a decision and an id; those are parsed by one call of the
# JSON parser. Should that fail, the failing half is parsed again, down to the lines
# at fault, but no more than `MAX_BAD` lines one by one (a parser exception costs
# microseconds): past that, a failing block is skipped whole (and counted). Nesting is
# bounded by the parser's recursion guard and then by the shape a decision must have
# (a flat record; `members` and `edits` one level down; an edit flat).
_CANDIDATE = re.compile(r'\n(\{(?=[^\n]*"decision")(?=[^\n]*"id")"[^\n]*)')
MAX_BAD = 2000


class UnsafeLog(OSError):
    """The log, or its folder, is not a regular file (directory) of the story folder:
    a symlink, a FIFO, a device, a hard-linked file. Nothing was read or written."""


class DecisionLog:
    """Read and append the decisions of one story folder."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.folder = os.path.join(root, FOLDER)
        self.path = os.path.join(self.folder, FILE)
        self.decisions: list[Decision] = []
        self.undone: set[str] = set()
        self.problems: list[str] = []
        self._seen: tuple[int, int, int] | None = None

    # -- the folder and the file, never through a link ---------------------------------
    def _open_folder(self, create: bool) -> int | None:
        """A descriptor of `.newsdesk` (None: it does not exist and `create` is off).
        Raises UnsafeLog when it is anything but a real directory."""
        root_fd = os.open(self.root, os.O_RDONLY | _DIRECTORY | _CLOEXEC)  # the user's own choice
        try:
            for attempt in range(2):
                try:
                    return os.open(FOLDER, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=root_fd)
                except FileNotFoundError:
                    if not create:
                        return None
                    try:
                        os.mkdir(FOLDER, 0o755, dir_fd=root_fd)
                        _fsync_fd(root_fd)
                    except FileExistsError:
                        if attempt:
                            raise
                except OSError as exc:
                    if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
                        raise UnsafeLog(f"{FOLDER} is a symlink or a file, not a folder: {_UNUSED}") from None
                    raise
            raise UnsafeLog(f"{FOLDER} keeps changing: {_UNUSED}")  # pragma: no cover - racing renames
        finally:
            os.close(root_fd)

    def _open_file(self, folder_fd: int, flags: int) -> int:
        """The log relative to its folder: never a link, never a FIFO that would block."""
        try:
            fd = os.open(FILE, flags | _NOFOLLOW | _NONBLOCK | _CLOEXEC, 0o644, dir_fd=folder_fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise UnsafeLog(f"{FOLDER}/{FILE} is a symlink: {_UNUSED}") from None
            if exc.errno in (errno.ENXIO, errno.EISDIR):
                raise UnsafeLog(f"{FOLDER}/{FILE} is not a regular file: {_UNUSED}") from None
            raise
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            raise UnsafeLog(f"{FOLDER}/{FILE} is not a regular file: {_UNUSED}")
        return fd

    # -- reading -------------------------------------------------------------------
    def load(self) -> bool:
        """(Re-)read the whole log; cheap when nothing was appended since. True when
        it was read (it may have changed). Never raises: what cannot be read is a
        problem, and the decisions then are those of the lines that could."""
        try:
            raw, key, skipped_bytes = self._read()
        except OSError as exc:
            problem = str(exc) if isinstance(exc, UnsafeLog) else f"{FOLDER}/{FILE}: cannot read: {exc.strerror or exc}"
            changed = (self.decisions, self.undone, self.problems) != ([], set(), [problem])
            self.decisions, self.undone, self.problems, self._seen = [], set(), [problem], None
            return changed
        if raw is None:
            had = bool(self.decisions or self.undone or self.problems)
            self.decisions, self.undone, self.problems, self._seen = [], set(), [], None
            return had
        if key == self._seen:
            return False
        self._parse_bytes(raw)
        if skipped_bytes:
            self.problems = [
                f"{FOLDER}/{FILE}: {(skipped_bytes + len(raw)) >> 20} MB, more than the {MAX_LOG_BYTES >> 20} MB read; "
                f"only its newest decisions were read (line numbers below count from there)",
                *self.problems,
            ]
        self._seen = key
        return True

    def _read(self) -> tuple[bytes | None, tuple[int, int, int] | None, int]:
        """The log's bytes (None when there is no log), its stat key, and how many
        bytes at its start were left unread: a log over `MAX_LOG_BYTES` is read from
        the first line that starts within its last `MAX_LOG_BYTES`."""
        folder_fd = self._open_folder(create=False)
        if folder_fd is None:
            return None, None, 0
        try:
            try:
                fd = self._open_file(folder_fd, os.O_RDONLY)
            except FileNotFoundError:
                return None, None, 0
        finally:
            os.close(folder_fd)
        try:
            st = os.fstat(fd)
            key = (st.st_ino, st.st_size, st.st_mtime_ns)
            if key == self._seen:
                return b"", key, 0
            if fcntl is not None:
                # Shared: appenders hold it exclusively, so no half-written line is read.
                fcntl.flock(fd, fcntl.LOCK_SH)
                st = os.fstat(fd)
                key = (st.st_ino, st.st_size, st.st_mtime_ns)
            start = max(st.st_size - MAX_LOG_BYTES, 0)
            parts = []
            at = start
            while at - start < MAX_LOG_BYTES:  # bounded even if it grows meanwhile
                part = os.pread(fd, min(MAX_LOG_BYTES - (at - start), 1 << 20), at)
                if not part:
                    break
                parts.append(part)
                at += len(part)
            raw = b"".join(parts)
            if start:
                cut_at = raw.find(b"\n") + 1  # the line cut in two is not one of ours to read
                return raw[cut_at:], key, start + cut_at
            return raw, key, 0
        finally:
            os.close(fd)  # closing releases the lock

    def _parse_bytes(self, raw: bytes) -> None:
        text = "\n" + raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        found = _CANDIDATE.findall(text)
        lines = [line for line in found if len(line) <= MAX_LINE]
        # Every line that holds anything but blanks, counted in C: the blanks deleted,
        # runs of newlines squeezed, and what is left counted.
        squeezed = raw.replace(b"\r\n", b"\n").translate(None, b" \t")
        while b"\n\n" in squeezed:
            squeezed = squeezed.replace(b"\n\n", b"\n")
        nonblank = squeezed.count(b"\n") + 1 - squeezed.startswith(b"\n") - squeezed.endswith(b"\n")
        skipped = max(nonblank - len(lines), 0)
        self._apply(text, lines, _loads(lines), skipped, _first_skipped(text) if skipped else None)

    def _parse(self, lines: Iterable[str]) -> None:
        """Lines already split (a caller that holds text rather than the file)."""
        self._parse_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))

    def _apply(self, text: str, lines: list[str], records: list[Any], skipped: int, first: int | None) -> None:
        """Decisions and undos from the parsed `records` (of `lines`); `skipped` lines
        were no record, the first of them at line `first`."""
        decisions: list[Decision] = []
        undone: set[str] = set()
        bad: tuple[int, str] | None = None  # (index into lines, reason) of the first bad record
        for index, data in enumerate(records):
            reason: str
            if not isinstance(data, dict):
                reason = "not JSON" if data is _UNREAD else "not a JSON object"
            elif data.get("decision") == "undo":
                undoes = data.get("undoes")
                if isinstance(undoes, str):
                    undone.add(undoes)
                    continue
                reason = "an undo that names no decision"
            else:
                decision = from_record(data)
                if isinstance(decision, Decision):
                    decisions.append(decision)
                    continue
                reason = decision
            skipped += 1
            if bad is None:
                bad = (index, reason)
        where: list[tuple[int, str]] = []
        if first is not None:
            where.append((first, _why_not(text, first)))
        if bad is not None:
            where.append((_line_of_record(text, lines, bad[0]), bad[1]))
        self.problems = []
        if where:
            number, reason = min(where)
            what = (
                f"{skipped} unreadable lines (the first: {reason})" if skipped > 1 else f"an unreadable line ({reason})"
            )
            self.problems.append(f"{FOLDER}/{FILE}:{number}: skipped {what}")
        self.decisions, self.undone = decisions, undone

    def active(self) -> list[Decision]:
        """Decisions in force, oldest first."""
        return [d for d in self.decisions if d.id not in self.undone]

    def last_active(self) -> Decision | None:
        for decision in reversed(self.decisions):
            if decision.id not in self.undone:
                return decision
        return None

    # -- appending -----------------------------------------------------------------
    def add(self, decision: Decision) -> None:
        self._append(decision.record())
        self.decisions.append(decision)

    def add_undo(self, decision: Decision) -> None:
        self._append({"decision": "undo", "at": now_text(), "id": new_id(), "undoes": decision.id})
        self.undone.add(decision.id)

    def _append(self, record: Mapping[str, Any]) -> None:
        """One line, one write(), under an exclusive lock, fsynced; raises OSError
        (UnsafeLog when the log or its folder is not ours to write)."""
        data = (json_line(dict(record)) + "\n").encode("utf-8")
        if len(data) > MAX_LINE:
            raise UnsafeLog(errno.EFBIG, f"a decision of {len(data)} bytes is more than a line may hold")
        folder_fd = self._open_folder(create=True)
        assert folder_fd is not None
        try:
            fd = self._open_file(folder_fd, os.O_RDWR | os.O_APPEND | os.O_CREAT)
            try:
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX)
                st = os.fstat(fd)
                if st.st_nlink > 1:
                    raise UnsafeLog(f"{FOLDER}/{FILE} has other names (hard links): not written")
                size = st.st_size
                # Nobody appended since our last read: the log is what we hold plus this
                # line, and the watcher's next load() need not read it all again.
                current = self._seen is not None and self._seen == (st.st_ino, size, st.st_mtime_ns)
                self._seen = None  # others may have appended too: the next load() reads it all
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    data = b"\n" + data  # a torn last line (a crash) stays a line of its own
                if os.write(fd, data) != len(data):
                    raise OSError(errno.EIO, "short write to the decisions log")
                os.fsync(fd)
                if current:
                    after = os.fstat(fd)
                    self._seen = (after.st_ino, after.st_size, after.st_mtime_ns)
            finally:
                os.close(fd)  # closing releases the lock
            _fsync_fd(folder_fd)
        finally:
            os.close(folder_fd)


_UNREAD: Any = object()  # a line the JSON parser refused

# The shape of a record as a regular expression, for the lines of a block that still
# fails once `MAX_BAD` lines were tried alone: JSON text whose objects nest at most
# three deep (the record; `members` and `edits`; an edit), numbers bounded, escapes
# exact, so whatever matches is valid JSON. Junk fails it within a few characters.
_S = r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*+"'
_N = r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?(?:[eE][-+]?[0-9]{1,3})?"
_W = r"[ \t\r]*+"
_ATOM = rf"(?:{_S}|{_N}|true|false|null)"


def _items(value: str) -> str:
    return rf"{_W}(?:{value}{_W}(?:,{_W}{value}{_W})*+)?"


def _object(value: str) -> str:
    return r"\{" + _items(rf"{_S}{_W}:{_W}{value}") + r"\}"


_FLAT = _object(_ATOM)
_SHAPE = re.compile(_object(rf"(?:{_ATOM}|{_FLAT}|\[" + _items(rf"(?:{_ATOM}|{_FLAT})") + r"\])") + _W)


def _loads(lines: list[str]) -> list[Any]:
    """Each line parsed (`_UNREAD` where it is not JSON): all at once when they all
    are, else by halves, at most `MAX_BAD` lines alone; past that, a failing block's
    lines of a record's shape are parsed and the others are `_UNREAD`."""
    out: list[Any] = [_UNREAD] * len(lines)
    budget = MAX_BAD
    todo = [(0, len(lines))] if lines else []
    while todo:
        low, high = todo.pop()
        parsed = _parse_all(lines[low:high])
        if parsed is not None:
            out[low:high] = parsed
        elif high - low == 1:
            budget -= 1
        elif budget > 0:
            middle = (low + high) // 2
            todo += [(middle, high), (low, middle)]
        else:
            shaped = [i for i in range(low, high) if _SHAPE.fullmatch(lines[i]) is not None]
            for index, value in zip(shaped, _parse_all([lines[i] for i in shaped]) or [], strict=False):
                out[index] = value
    return out


def _parse_all(lines: list[str]) -> list[Any] | None:
    """The lines as JSON values, one each, or None if any is not one."""
    try:
        parsed = json.loads("[" + ",".join(lines) + "]")
    except (ValueError, RecursionError):
        return None
    return parsed if len(parsed) == len(lines) else None  # `{...}, {...}` is two values


def _first_skipped(text: str) -> int | None:
    """The number of the first line (of "\n" + text) that holds something and is no
    record line; a walk that stops there."""
    pos = 0
    for found in _CANDIDATE.finditer(text):
        start = found.start()
        if (start > pos and not text[pos:start].isspace()) or len(found.group(1)) > MAX_LINE:
            break
        pos = found.end()
    else:
        if not text[pos:].strip():
            return None
    while True:  # from the "\n" at `pos`, the first line that holds something
        end = text.find("\n", pos + 1)
        if end < 0 or text[pos + 1 : end].strip():
            return text.count("\n", 0, pos + 1)
        pos = end


def _line_of_record(text: str, lines: list[str], index: int) -> int:
    """The line number of `lines[index]` (the index-th record line kept)."""
    seen = -1
    for found in _CANDIDATE.finditer(text):
        if len(found.group(1)) <= MAX_LINE:
            seen += 1
            if seen == index:
                return text.count("\n", 0, found.start() + 1)
    return 0  # pragma: no cover - every kept line was found by this same search


def _why_not(text: str, number: int) -> str:
    """Why line `number` (1-based, of the log) is no record."""
    at = -1
    for _ in range(number):
        at = text.find("\n", at + 1)
    end = text.find("\n", at + 1)
    line = text[at + 1 : end if end >= 0 else len(text)]
    return f"longer than {MAX_LINE >> 20} MB" if len(line) > MAX_LINE else "not a decision record"


def _fsync_fd(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.fsync(fd)
