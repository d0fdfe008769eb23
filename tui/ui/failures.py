"""What went wrong this session, for the problems screen: background failures and the
decision log's own problems.

A background pass (loading, the duplicate pass or a re-score, folder sync, the
watcher) that raises reports a desk `Failure`; a notification fades, so the app also
keeps the failures here, and the problems screen (`e`) lists them beside the files
that did not load, with the file each concerns when one is known. The decision log
(`.newsdesk/decisions.jsonl`) skips and counts the lines it cannot use; those counts
are problems of a folder file too, so they are listed the same way. Everything here
is untrusted text (an exception message may quote a file name or a title): it is
bounded when kept and shown as text, never markup.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from tui.core.dupes.decisions import FILE, FOLDER
from tui.core.format.literal import cut, one_line

LOG = f"{FOLDER}/{FILE}"
_LOG_PROBLEM = re.compile(re.escape(LOG) + r"(?::(\d+))?: (.*)", re.DOTALL)

KEEP = 200  # failures kept per session: the newest; older ones are counted as dropped
WHERE_CHARS = 80
ID_CHARS = 300
MESSAGE_CHARS = 1000


@dataclass(frozen=True, slots=True)
class SessionFailure:
    """One background failure, its texts already bounded and made one line."""

    where: str
    message: str
    id: str | None

    def text(self) -> str:
        return f"{self.where} failed: {self.message}"


class SessionFailures:
    """The newest `KEEP` failures of this session (the app's threads add; the UI reads)."""

    def __init__(self, keep: int = KEEP) -> None:
        self._lock = threading.Lock()
        self._items: deque[SessionFailure] = deque(maxlen=keep)
        self.total = 0

    def add(self, where: str, message: str, story_id: str | None) -> SessionFailure:
        failure = SessionFailure(
            cut(one_line(where[: WHERE_CHARS * 2]), WHERE_CHARS),
            cut(one_line(message[: MESSAGE_CHARS * 2]), MESSAGE_CHARS),
            None if story_id is None else cut(one_line(story_id[: ID_CHARS * 2]), ID_CHARS),
        )
        with self._lock:
            self._items.append(failure)
            self.total += 1
        return failure

    def items(self) -> tuple[SessionFailure, ...]:
        with self._lock:
            return tuple(self._items)

    @property
    def dropped(self) -> int:
        with self._lock:
            return self.total - len(self._items)


@dataclass(frozen=True, slots=True)
class LogProblem:
    """A problem of the decision log: its file, the line when known, what happened."""

    file: str
    line: int | None
    message: str


def log_problems(app: Any) -> tuple[LogProblem, ...]:
    """The decision log's counted problems (the duplicate finder's), as rows."""
    found = getattr(getattr(app, "dupes", None), "problems", None) or ()
    out = []
    for problem in list(found)[:50]:
        text = str(problem)[: MESSAGE_CHARS * 2]
        match = _LOG_PROBLEM.fullmatch(text)
        if match is None:
            out.append(LogProblem(LOG, None, cut(one_line(text), MESSAGE_CHARS)))
        else:
            line = int(match.group(1)) if match.group(1) else None
            out.append(LogProblem(LOG, line, cut(one_line(match.group(2)), MESSAGE_CHARS)))
    return tuple(out)


def session_failures(app: Any) -> SessionFailures | None:
    failures = getattr(app, "failures", None)
    return failures if isinstance(failures, SessionFailures) else None
