"""Declare the decisions log a union merge, so two editors' decisions never conflict.

`.newsdesk/decisions.jsonl` only ever gains lines (tui.core.dupes.decisions), so the
right merge of two editors' logs is both sets of new lines: git's built-in `union`
driver does exactly that, and a declaration in `.gitattributes` travels with the
repository, so every clone merges it the same way. This writes the declaration
(next to the story folder) and commits nothing: the caller commits it with the rest.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass

from tui.core.disk.safe import READ, checked, read_all
from tui.core.git.repo import Repo
from tui.core.git.run import GitProblem

DECISIONS = ".newsdesk/decisions.jsonl"
LINE = f"{DECISIONS} merge=union"


@dataclass(frozen=True, slots=True)
class AttributesResult:
    """Whether the declaration had to be written, and the `.gitattributes` it is in."""

    changed: bool
    path: str


def merge_driver(repo: Repo, relpath: str = DECISIONS) -> str | None:
    """git's `merge` attribute for a path under the folder ("union", "unset"...), None if unspecified."""
    result = repo.git("check-attr", "-z", "merge", "--", repo.path_of(relpath), timeout=10.0)
    fields = result.out.decode("utf-8", "surrogateescape").split("\0") if result.ok else []
    if len(fields) < 3 or fields[2] == "unspecified":
        return None
    return fields[2]


def ensure_union_merge(repo: Repo) -> AttributesResult | GitProblem:
    """Make sure git merges the decisions log by union; write nothing if it already does."""
    path = os.path.join(repo.folder, ".gitattributes")
    if merge_driver(repo) == "union":
        return AttributesResult(False, path)
    try:
        fd = os.open(path, READ)  # O_NOFOLLOW | O_NONBLOCK: a link or a FIFO is refused, never waited on
        try:
            old = read_all(fd, checked(fd).st_size)  # a regular file of bounded size
        finally:
            os.close(fd)
    except FileNotFoundError:
        old = b""
    except OSError as exc:
        return GitProblem("failed", f"could not read {path}: {exc}")
    newline = b"\r\n" if b"\r\n" in old else b"\n"
    data = old + (newline if old and not old.endswith(b"\n") else b"") + LINE.encode() + newline
    fd, tmp = tempfile.mkstemp(prefix=".gitattributes.", dir=repo.folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return GitProblem("failed", f"could not write {path}: {exc}")
    if merge_driver(repo) != "union":  # e.g. $GIT_DIR/info/attributes overrides every file
        return GitProblem("failed", f"{DECISIONS}: a higher-priority git attribute overrides merge=union")
    return AttributesResult(True, path)
