"""The duplicate decisions log as a change of its own: the one non-story file newsdesk commits.

`.newsdesk/decisions.jsonl` (tui.core.dupes.decisions) is shared through git so the
other editor sees the decisions; git merges it by union (`attributes.py`), so two
editors appending never conflict. A status lists it among the other paths, not the
stories, so it is described here as one `Change` with the log's path for an id and
"3 duplicate decisions" for a title (lines added since HEAD: the log only grows), and
`commit.commit_stories` commits it, with the `.gitattributes` that declares the union
merge, with all the stories or on its own.
"""

from __future__ import annotations

import os

from tui.core.disk.safe import READ, checked, read_all
from tui.core.format.wording import counted
from tui.core.git.attributes import DECISIONS
from tui.core.git.changes import Change
from tui.core.git.repo import Repo, RepoStatus, read_blobs

ATTRIBUTES = ".gitattributes"  # next to the story folder's `.newsdesk`, where attributes.py writes it


def decisions_text(n: int) -> str:
    return counted(n, "duplicate decision")


def _work_lines(repo: Repo) -> int | None:
    """Lines of the working log, read the safe way (no link followed, a regular file of
    bounded size); None when absent or refused."""
    try:
        folder = os.open(os.path.join(repo.folder, ".newsdesk"), os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        fd = os.open(os.path.basename(DECISIONS), READ, dir_fd=folder)
        try:
            return read_all(fd, checked(fd).st_size).count(b"\n")
        finally:
            os.close(fd)
    except (OSError, ValueError):
        return None
    finally:
        os.close(folder)


def log_change(repo: Repo, current: RepoStatus) -> Change | None:
    """The log's uncommitted decisions as a Change (id: the log's path), None if none."""
    path = repo.path_of(DECISIONS)
    if path not in current.others:
        return None
    work = _work_lines(repo)
    if work is None:
        return None
    head = read_blobs(repo, [f"HEAD:{path}"])
    before = head.get(f"HEAD:{path}") if isinstance(head, dict) else None
    n = work - (before or b"").count(b"\n")
    if n <= 0:
        return None
    return Change(DECISIONS, "edited", None, None, decisions_text(n), parts=("decisions",))


def is_log(sid: str) -> bool:
    return sid == DECISIONS
