"""Sync's words for stories: a headline with its id, and who deleted what arrived.

An editor knows stories by their headlines, not by `000015_….md`: a refusal names
"'Title' (id)", and a sync that brought in the other editor's deletion of the story
under the cursor says "1 story deleted by Sam Other: 'Title'" rather than only
"brought in 1 commit".
"""

from __future__ import annotations

from tui.core.format.literal import one_line
from tui.core.git import conflicts as cf
from tui.core.git.changes import read_work
from tui.core.git.repo import Repo, is_story_id, read_blobs, rev_parse

DELETED_NAMED = 5  # stories named in "N stories deleted by …"; the rest counted


def _lines(out: bytes) -> list[str]:
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def headline(repo: Repo, path: str, raw: bytes | None = None) -> str:
    """ "'Title' (id)" for a story path (the working file's title unless `raw` is given);
    the id alone when there is no title, the path for a file that is not a story."""
    sid = repo.id_of(path)
    if sid is None or not is_story_id(sid):
        return path
    if raw is None:
        work = read_work(repo, sid)
        raw = work if isinstance(work, bytes) else None
    title = cf.title_of(raw)
    return f"'{title}' ({sid})" if title else sid


def deleted_by(repo: Repo, start: str | None) -> list[str]:
    """ "1 story deleted by Sam Other: 'Title'": the stories the integration removed, by
    who removed them (the last commit that did), each named by its headline."""
    head = rev_parse(repo, "HEAD")
    if start is None or head is None or head == start:
        return []
    found = repo.git("--literal-pathspecs", "diff", "--name-only", "-z", "--no-renames", "--diff-filter=D", start,
                     head, "--", repo.prefix.rstrip("/") or ".", timeout=60.0)  # fmt: skip
    paths = [p for p in _lines(found.out) if cf.is_story_path(repo, p)] if found.ok else []
    if not paths:
        return []
    olds = read_blobs(repo, [f"{start}:{p}" for p in paths[:DELETED_NAMED]])
    by: dict[str, list[str]] = {}
    for i, path in enumerate(paths):
        who = repo.git("--literal-pathspecs", "log", "-1", "--format=%an", "--diff-filter=D", f"{start}..{head}",
                       "--", path, timeout=20.0)  # fmt: skip
        author = one_line(who.out.decode("utf-8", "replace").strip())[:60] if who.ok else ""
        raw = olds.get(f"{start}:{path}") if isinstance(olds, dict) and i < DELETED_NAMED else None
        by.setdefault(author or "the other side", []).append(
            headline(repo, path, raw) if raw else repo.id_of(path) or path
        )
    parts = []
    for author, names in by.items():
        n = len(names)
        shown = ", ".join(names[:DELETED_NAMED]) + (f" and {n - DELETED_NAMED} more" if n > DELETED_NAMED else "")
        parts.append(f"{n} stor{'ies' if n != 1 else 'y'} deleted by {author}: {shown}")
    return parts
