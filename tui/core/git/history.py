"""A story's history from git: who changed it, when, and what that did to `published`.

`git log --follow --raw` gives, per commit, the blob before and after for the one
file (following renames); one `git cat-file --batch` reads all those blobs, and the
format package's parser tells whether the publish state moved. That answers the
question editors actually ask, "who unpublished this, and when?", without anyone
reading diffs. Setting the flag back is left to the caller as an ordinary edit
(`published_at` gives the old value), so it is undoable like any toggle.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.format.edits import EditError, current_flag
from tui.core.format.fastparse import parse_fast
from tui.core.format.literal import one_line
from tui.core.git.changes import classify
from tui.core.git.repo import ZERO_OID, Repo, read_blobs
from tui.core.git.run import GitProblem

HISTORY_LIMIT = 200
HISTORY_TIMEOUT = 60.0
_UNREADABLE = object()


@dataclass(frozen=True, slots=True)
class PublishChange:
    """The effective flag before and after a commit; None means the story was absent."""

    before: bool | None
    after: bool | None

    def as_json(self) -> dict[str, bool | None]:
        return {"before": self.before, "after": self.after}


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One commit that touched the story, newest first in `history`'s answer."""

    commit: str
    author: str
    email: str
    date: str  # ISO 8601 author date
    message: str  # the subject line
    id: str  # the story's id at that commit (it may have been renamed since)
    change: str  # in editor words: "unpublished", "edited", "added"...
    published: PublishChange | None  # set only when the commit changed the publish state

    def as_json(self) -> dict[str, object]:
        """The `newsdesk history --json` line."""
        return {
            "commit": self.commit,
            "author": self.author,
            "email": self.email,
            "date": self.date,
            "message": self.message,
            "id": self.id,
            "change": self.change,
            "published": None if self.published is None else self.published.as_json(),
        }


def _flag(raw: bytes | None) -> object:
    """The effective flag, None for an absent file, _UNREADABLE for one that does not parse."""
    if raw is None:
        return None
    try:
        return current_flag(parse_fast(raw))
    except (EditError, Exception):  # a broken past version is shown, never fatal
        return _UNREADABLE


@dataclass(frozen=True, slots=True)
class _Raw:
    commit: str
    author: str
    email: str
    date: str
    subject: str
    old: str | None
    new: str | None
    path: str
    renamed: bool


def _parse_log(out: bytes) -> list[_Raw]:
    entries = []
    for rec in out.split(b"\x1e"):
        if not rec:
            continue
        fields = rec.split(b"\0", 5)
        if len(fields) < 6:
            continue
        commit, author, email, date, subject = (f.decode("utf-8", "replace") for f in fields[:5])
        old = new = None
        path = ""
        renamed = False
        tokens = fields[5].lstrip(b"\0\n").split(b"\0")
        if tokens and tokens[0].startswith(b":"):
            meta = tokens[0].decode().split(" ")
            old = None if meta[2] == ZERO_OID else meta[2]
            new = None if meta[3] == ZERO_OID else meta[3]
            renamed = meta[4][:1] in ("R", "C")
            if len(tokens) > (2 if renamed else 1):
                path = tokens[2 if renamed else 1].decode("utf-8", "surrogateescape")
        entries.append(
            _Raw(commit, one_line(author), one_line(email), date, one_line(subject), old, new, path, renamed)
        )
    return entries


def history(repo: Repo, sid: str, *, limit: int = HISTORY_LIMIT) -> tuple[HistoryEntry, ...] | GitProblem:
    """The commits that touched story `sid`, newest first, following renames."""
    result = repo.git(
        "--literal-pathspecs", "log", "--follow", "-z", "--raw", "--no-abbrev", "--no-color",
        "--format=%x1e%H%x00%an%x00%ae%x00%aI%x00%s%x00", f"--max-count={limit}", "--end-of-options", "HEAD",
        "--", repo.path_of(sid),
        timeout=HISTORY_TIMEOUT,
    )  # fmt: skip
    if not result.ok:
        if result.problem is None and b"does not have any commits" in result.err:
            return ()
        return result.as_problem("reading the story's history")
    raws = _parse_log(result.out)
    blobs = read_blobs(repo, [oid for r in raws for oid in (r.old, r.new) if oid])
    if isinstance(blobs, GitProblem):
        return blobs
    out = []
    for r in raws:
        before = blobs.get(r.old) if r.old else None
        after = blobs.get(r.new) if r.new else None
        story = repo.id_of(r.path) or sid if r.path else sid
        change = classify(story, before, after) if (r.old or r.new) else None
        flag_before, flag_after = _flag(before), _flag(after)
        published = None
        if (
            r.old != r.new
            and flag_before is not _UNREADABLE
            and flag_after is not _UNREADABLE
            and flag_before != flag_after
        ):
            published = PublishChange(flag_before, flag_after)  # type: ignore[arg-type]
        kind: str
        if change is not None:
            kind = change.kind
        elif not (r.old or r.new):
            kind = "merge"  # a merge commit: --raw shows no file change for it
        else:
            kind = "renamed" if r.renamed else "unchanged"
        out.append(HistoryEntry(r.commit, r.author, r.email, r.date, r.subject, story, kind, published))
    return tuple(out)


def published_at(repo: Repo, sid: str, commit: str) -> bool | GitProblem | None:
    """The effective `published` of story `sid` at `commit` (None: absent or unreadable there).

    `sid` is the id the story had at that commit (`HistoryEntry.id`). The caller sets
    the flag back with its own undoable edit (edits.set_published on today's bytes).
    """
    name = f"{commit}:{repo.path_of(sid)}"
    blobs = read_blobs(repo, [name])
    if isinstance(blobs, GitProblem):
        return blobs
    flag = _flag(blobs.get(name))
    return flag if isinstance(flag, bool) else None
