"""The editor's duplicate decisions, kept in the story folder as an append-only log.

`<root>/.newsdesk/decisions.jsonl` holds one JSON object per line: readable in a
pager, diffable and safe to commit with git (lines are only ever added, so merges
are concatenations). Each line is appended with O_APPEND as one `write()` under an
exclusive `flock`, then fsynced, so two newsdesk processes can decide at once
without tearing lines, and a decision survives a crash or a restart; readers take
the lock shared, so they never see half a line. Undoing a
decision appends an "undo" line that names it; nothing is ever rewritten. A line
that does not parse (a torn write from a crash, a bad merge) is skipped and reported,
never fatal.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from tui.core.format.literal import json_line

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: O_APPEND alone
    fcntl = None  # type: ignore[assignment]

FOLDER = ".newsdesk"
FILE = "decisions.jsonl"
Kind = Literal["duplicate", "distinct"]


@dataclass(frozen=True, slots=True)
class FlagEdit:
    """One file's `published` line as a decision changed it (lines None when absent)."""

    id: str
    was: bool
    now: bool
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    kind: Kind
    at: str
    cluster: str
    members: tuple[tuple[str, str], ...]  # (story id, content fingerprint)
    canonical: str | None = None
    score: int | None = None
    edits: tuple[FlagEdit, ...] = ()
    label: str = ""  # the store's undo label for the edits

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(sid for sid, _ in self.members)

    def fingerprints(self) -> dict[str, str]:
        return dict(self.members)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decision": self.kind, "at": self.at, "id": self.id}
        if self.canonical is not None:
            out["canonical"] = self.canonical
        out["members"] = dict(self.members)
        if self.score is not None:
            out["score"] = self.score
        out["cluster"] = self.cluster
        if self.label:
            out["label"] = self.label
        if self.edits:
            out["edits"] = [
                {"id": e.id, "was": e.was, "now": e.now, "before": e.before, "after": e.after} for e in self.edits
            ]
        return out


def _decision(data: Mapping[str, Any]) -> Decision:
    kind = data["decision"]
    if kind not in ("duplicate", "distinct"):
        raise ValueError(f"unknown decision {kind!r}")
    members = data["members"]
    if not isinstance(members, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in members.items()):
        raise ValueError("members must map story ids to fingerprints")
    edits = tuple(
        FlagEdit(str(e["id"]), bool(e["was"]), bool(e["now"]), e.get("before"), e.get("after"))
        for e in data.get("edits", ())
    )
    score = data.get("score")
    return Decision(
        id=str(data["id"]),
        kind=kind,
        at=str(data.get("at", "")),
        cluster=str(data.get("cluster", "")),
        members=tuple(sorted(members.items())),
        canonical=data.get("canonical"),
        score=score if isinstance(score, int) else None,
        edits=edits,
        label=str(data.get("label", "")),
    )


def now_text() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """Unique across processes and restarts, and sorts by time."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"


class DecisionLog:
    """Read and append the decisions of one story folder."""

    def __init__(self, root: str) -> None:
        self.folder = os.path.join(root, FOLDER)
        self.path = os.path.join(self.folder, FILE)
        self.decisions: list[Decision] = []
        self.undone: set[str] = set()
        self.problems: list[str] = []
        self._seen: tuple[int, int] | None = None

    # -- reading -------------------------------------------------------------------
    def load(self) -> bool:
        """(Re-)read the whole log; cheap when nothing was appended since. True when
        it was read (it may have changed)."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            had = bool(self.decisions or self.undone or self.problems)
            self.decisions, self.undone, self.problems, self._seen = [], set(), [], None
            return had
        if (st.st_size, st.st_mtime_ns) == self._seen:
            return False
        with open(self.path, "rb") as handle:
            if fcntl is not None:
                # Shared: appenders hold it exclusively, so no half-written line is read.
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            st = os.fstat(handle.fileno())
            raw = handle.read()
        self._parse(raw.decode("utf-8", errors="replace").splitlines())
        self._seen = (st.st_size, st.st_mtime_ns)
        return True

    def _parse(self, lines: Iterable[str]) -> None:
        decisions: list[Decision] = []
        undone: set[str] = set()
        problems: list[str] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                if not isinstance(data, dict):
                    raise ValueError("not an object")
                if data.get("decision") == "undo":
                    undone.add(str(data["undoes"]))
                else:
                    decisions.append(_decision(data))
            except (ValueError, KeyError, TypeError) as exc:
                problems.append(f"{FOLDER}/{FILE}:{number}: skipped an unreadable line ({exc})")
        self.decisions, self.undone, self.problems = decisions, undone, problems

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
        """One line, one write(), under an exclusive lock, fsynced; raises OSError."""
        created = not os.path.isdir(self.folder)
        os.makedirs(self.folder, exist_ok=True)
        data = (json_line(dict(record)) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data  # a torn last line (a crash) stays a line of its own
            if os.write(fd, data) != len(data):
                raise OSError(errno.EIO, "short write to the decisions log")
            os.fsync(fd)
        finally:
            os.close(fd)  # closing releases the lock
        if created:
            _fsync_dir(self.folder)
        self._seen = None  # others may have appended too: the next load() reads it all


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
