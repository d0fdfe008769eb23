"""A rebase stopped on story files: both sides in editor terms, and settling them.

During `git rebase` the roles are the reverse of an editor's view: the branch being
built is the upstream (the other editors' work) and the commit being replayed is the
editor's own. So in the index, stage 2 ("ours" to git) is THE OTHER EDITORS' version
and stage 3 ("theirs" to git) is MINE. Every translation between the two vocabularies
is in `_STAGE` below and nowhere else.

Before asking anyone, a conflict that is really two changes to different parts of a
story is merged here: git's line merge conflicts on adjacent lines (a title fix on the
line just above `published`), but when one side only changed the `published` line and
the other left that line alone, replaying the line change (tui.core.format.edits)
onto the other side is exactly what both editors meant.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.format.dupkeys import keep_one
from tui.core.format.edits import EditError, LineChange, replay
from tui.core.format.fastparse import parse_fast
from tui.core.format.frontmatter import Parsed
from tui.core.format.literal import one_line
from tui.core.git.changes import classify, edit_summary
from tui.core.git.repo import Repo, is_story_id, read_blobs
from tui.core.git.run import GitProblem

Prefer = Literal["mine", "theirs"]

# During a rebase: stage 2 is the upstream side (the other editors), stage 3 is the
# editor's own commit being replayed.
_STAGE: dict[Prefer, int] = {"mine": 3, "theirs": 2}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a conflicted story: what that side did to it since the common base."""

    change: str  # a changes.ChangeKind ("unpublished", "published line inserted"...) or "unchanged"
    published: bool | None  # the flag on this side (None: the story is absent or unreadable)
    author: str
    date: str  # ISO 8601, the author date of the commit
    commit: str  # full commit id ("" when unknown)
    # What this side changed since the base, in editor words ("title: old → new",
    # "published: true → false"), bounded: `side_diff`. Empty when not worked out.
    diff: tuple[str, ...] = ()

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def time(self) -> str:
        """HH:MM of `date`, for the one-line description."""
        return self.date[11:16]


@dataclass(frozen=True, slots=True)
class StoryConflict:
    """A story both sides changed differently; `mine` is the editor's own side."""

    id: str
    title: str
    mine: Side
    theirs: Side

    def describe(self) -> str:
        """ "you: unpublished · Bob, 10:42, abc1234: published" (author is feed-free text from git)."""
        other = self.theirs
        return f"you: {self.mine.change} · {other.author}, {other.time}, {other.short}: {other.change}"


@dataclass(frozen=True, slots=True)
class Unmerged:
    """One conflicted path of the index: its blob per stage (1 base, 2 upstream, 3 mine)."""

    path: str
    modes: dict[int, str]
    oids: dict[int, str]


def unmerged(repo: Repo) -> list[Unmerged] | GitProblem:
    """The conflicted paths (`git ls-files -u -z`), with their stage blobs."""
    result = repo.git("ls-files", "-u", "-z", "--full-name")
    if not result.ok:
        return result.as_problem("listing the conflicted files")
    found: dict[str, Unmerged] = {}
    for rec in result.out.split(b"\0"):
        if not rec:
            continue
        meta, _, path_b = rec.partition(b"\t")
        mode, oid, stage = meta.decode().split(" ")
        path = path_b.decode("utf-8", "surrogateescape")
        entry = found.setdefault(path, Unmerged(path, {}, {}))
        entry.modes[int(stage)] = mode
        entry.oids[int(stage)] = oid
    return list(found.values())


def _commit_info(repo: Repo, rev: str, path: str | None = None) -> tuple[str, str, str]:
    """(commit, author, ISO date) of `rev`, or of its last commit touching `path`."""
    args = ["log", "-1", "--format=%H%x00%an%x00%aI", "--end-of-options", rev]
    if path is not None:
        args = ["--literal-pathspecs", *args, "--", path]
    result = repo.git(*args, timeout=20.0)
    parts = result.out.decode("utf-8", "replace").strip().split("\0") if result.ok else []
    if len(parts) != 3:
        return "", "", ""
    return parts[0], parts[1], parts[2]


def _parse(raw: bytes | None) -> Parsed | None:
    if raw is None:
        return None
    try:
        return parse_fast(raw)
    except Exception:  # an unreadable side is shown as edited, never an error
        return None


def side_diff(base: bytes | None, raw: bytes | None) -> tuple[str, ...]:
    """What one side did to a story since the base, a few bounded lines in editor words:
    the flag, "title: old → new", "topics +a −b", "body changed (3 lines)"."""
    if base == raw:
        return ("no change",)
    if raw is None:
        return ("deleted the story",)
    if base is None:
        return ("added the story",)
    return edit_summary(_parse(base), _parse(raw))


def _side(sid: str, base: bytes | None, raw: bytes | None, info: tuple[str, str, str]) -> Side:
    change = classify(sid, base, raw)
    flag = None
    parsed = _parse(raw)
    if parsed is not None:
        value = parsed.data.get("published", True)
        flag = True if value is None else value if isinstance(value, bool) else None
    kind = "unchanged" if change is None else change.kind
    return Side(kind, flag, info[1], info[2], info[0], side_diff(base, raw))


def _latest(repo: Repo, path: str, tip: str, upstream: str) -> tuple[bytes | None, bytes | None, bytes | None] | None:
    """(base, mine, theirs) of `path` at the sides' latest: the editor's `tip` (the branch
    before the rebase) and `upstream`, from their merge-base; None if git cannot say."""
    base = repo.git("merge-base", "--end-of-options", tip, upstream, timeout=30.0)
    if not base.ok:
        return None
    base_rev = base.out.decode().strip()
    names = {rev: f"{rev}:{path}" for rev in (base_rev, tip, upstream)}
    blobs = read_blobs(repo, names.values())
    if isinstance(blobs, GitProblem):
        return None
    return blobs.get(names[base_rev]), blobs.get(names[tip]), blobs.get(names[upstream])


def describe(
    repo: Repo, entries: Sequence[Unmerged], upstream: str, blobs: dict[str, bytes | None], tip: str = "ORIG_HEAD"
) -> list[StoryConflict]:
    """Both sides of each conflicted story, as the editor sees them: each side at its
    latest (the editor's `tip`, ORIG_HEAD during a rebase, and `upstream`), not the
    replayed commit's intermediate version; the stage blobs when git cannot say."""
    out = []
    for entry in entries:
        sid = repo.id_of(entry.path) or entry.path
        latest = _latest(repo, entry.path, tip, upstream)
        if latest is not None:
            base, mine, other = latest
            mine_info = _commit_info(repo, tip, entry.path)
        else:
            base, other, mine = (blobs.get(entry.oids[s]) if s in entry.oids else None for s in (1, 2, 3))
            mine_info = _commit_info(repo, "REBASE_HEAD")
        parsed = _parse(mine) or _parse(other)
        title = parsed.data.get("title", "") if parsed is not None else ""
        out.append(
            StoryConflict(
                sid,
                title if isinstance(title, str) else "",
                _side(sid, base, mine, mine_info),
                _side(sid, base, other, _commit_info(repo, upstream, entry.path)),
            )
        )
    return out


def auto_merge(base: bytes | None, other: bytes | None, mine: bytes | None) -> bytes | None:
    """The merged story when the two sides changed different things, else None.

    Identical sides are their own merge. When one side changed only the `published`
    line and the other did not touch that line, the flag change is replayed onto the
    other side's bytes (edits.replay checks the line is still the base's).
    """
    if other == mine:
        return other
    if base is None or other is None or mine is None:
        return None
    parsed = [_parse(b) for b in (base, other, mine)]
    if any(p is None for p in parsed):
        return None
    base_p, other_p, mine_p = parsed
    assert base_p is not None and other_p is not None and mine_p is not None
    for flagged, flagged_p, rest, rest_p in ((mine, mine_p, other, other_p), (other, other_p, mine, mine_p)):
        change = classify("", base, flagged)
        if change is None or change.kind not in ("published", "unpublished", "published line inserted"):
            continue
        if rest_p.published_text() != base_p.published_text():
            continue
        try:
            return replay(rest, LineChange(base_p.published_text(), flagged_p.published_text()))
        except EditError:
            return None
    return None


def _write(repo: Repo, path: str, data: bytes) -> None:
    """Replace a conflicted work-tree file (temp file and rename: no half-written story)."""
    target = os.path.join(repo.top, *path.split("/"))
    folder = os.path.dirname(target)
    try:
        mode = os.stat(target).st_mode & 0o7777
    except OSError:
        mode = 0o644
    fd, tmp = tempfile.mkstemp(prefix=".newsdesk-merge.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def settle(repo: Repo, entry: Unmerged, data: bytes | None) -> GitProblem | None:
    """Resolve one path to `data` (None: the story is deleted) and stage it."""
    if data is None:
        result = repo.git("--literal-pathspecs", "rm", "--quiet", "--cached", "--", entry.path)
        target = os.path.join(repo.top, *entry.path.split("/"))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
    else:
        try:
            _write(repo, entry.path, data)
        except OSError as exc:
            return GitProblem("failed", f"could not write {entry.path}: {exc}")
        result = repo.git("--literal-pathspecs", "add", "--", entry.path)
    return None if result.ok else result.as_problem(f"resolving {entry.path}")


def side_bytes(entry: Unmerged, blobs: dict[str, bytes | None], prefer: Prefer) -> bytes | None:
    """The bytes of the side the editor chose (None when that side deleted the story)."""
    stage = _STAGE[prefer]
    return blobs.get(entry.oids[stage]) if stage in entry.oids else None


def stage_blobs(repo: Repo, entries: Sequence[Unmerged]) -> dict[str, bytes | None] | GitProblem:
    return read_blobs(repo, [oid for e in entries for oid in e.oids.values()])


def is_story_path(repo: Repo, path: str) -> bool:
    sid = repo.id_of(path)
    return sid is not None and is_story_id(sid)


# --- Publish decisions that git merged cleanly -------------------------------------
#
# git merges lines, not decisions: one editor inserting `published: false` at the end
# of the front matter and the other inserting `published: true` after the title (with
# a title fix) is a clean merge to git and a file with two `published` keys, of which
# Jekyll silently takes the last. So after the replay, every story changed on both
# sides is compared as Jekyll reads it (base, mine, theirs): when both sides changed
# its publish line to different values, it is a conflict in editor terms, whatever
# the textual merge said; when they agree but the merge left the key twice, it is
# put back to one line.


@dataclass(frozen=True, slots=True)
class _Pub:
    flag: bool | None  # as Jekyll reads it (absent: true); None: unreadable
    line: str | None  # the (last) published line's text, None when absent


def _pub(raw: bytes) -> _Pub | None:
    parsed = _parse(raw)
    if parsed is None:
        return None
    value = parsed.data.get("published", True)
    flag = True if value is None else value if isinstance(value, bool) else None
    return _Pub(flag, parsed.published_text())


def both_sides(repo: Repo, start: str, upstream: str) -> dict[str, tuple[bytes, bytes, bytes]] | GitProblem:
    """The stories changed both by our commits and by the upstream since they parted,
    with (base, mine, theirs) bytes; stories added or deleted on a side are left out
    (git stops on those, and the stops are handled above)."""
    base_r = repo.git("merge-base", start, upstream, timeout=30.0)
    if not base_r.ok:
        return {}
    base = base_r.out.decode().strip()

    def changed(a: str, b: str) -> set[str]:
        res = repo.git("--literal-pathspecs", "diff", "--name-only", "-z", "--no-renames", a, b, "--",
                       repo.prefix.rstrip("/") or ".", timeout=60.0)  # fmt: skip
        return {p for p in res.out.decode("utf-8", "surrogateescape").split("\0") if p} if res.ok else set()

    paths = sorted(p for p in changed(base, start) & changed(base, upstream) if is_story_path(repo, p))
    if not paths:
        return {}
    names = [f"{rev}:{p}" for p in paths for rev in (base, start, upstream)]
    blobs = read_blobs(repo, names)
    if isinstance(blobs, GitProblem):
        return blobs
    out = {}
    for p in paths:
        b, m, t = (blobs.get(f"{rev}:{p}") for rev in (base, start, upstream))
        if b is not None and m is not None and t is not None:
            out[repo.id_of(p) or p] = (b, m, t)
    return out


def publish_clash(base: bytes, mine: bytes, theirs: bytes) -> bool:
    """Both sides changed the publish line, to different values as Jekyll reads them."""
    b, m, t = _pub(base), _pub(mine), _pub(theirs)
    if b is None or m is None or t is None:
        return False
    return m.line != b.line and t.line != b.line and m.flag != t.flag


def clash_conflict(repo: Repo, sid: str, sides: tuple[bytes, bytes, bytes], start: str, upstream: str) -> StoryConflict:
    """Both sides of a publish clash, each told by its publish state."""
    base, mine, theirs = sides
    path = repo.path_of(sid)

    def side(raw: bytes, rev: str) -> Side:
        pub = _pub(raw)
        flag = pub.flag if pub is not None else None
        info = _commit_info(repo, rev, path)
        change = "unchanged" if flag is None else "published" if flag else "unpublished"
        return Side(change, flag, info[1], info[2], info[0], side_diff(base, raw))

    parsed = _parse(mine) or _parse(theirs)
    title = parsed.data.get("title", "") if parsed is not None else ""
    return StoryConflict(sid, title if isinstance(title, str) else "", side(mine, start), side(theirs, upstream))


def one_publish_line(merged: bytes, chosen: bytes) -> bytes:
    """`merged` with its publish state taken from `chosen` in one `published` line
    (the rest of the merge, a title fix from the other side, kept); `chosen` whole when
    that cannot be done exactly."""
    want = _pub(chosen)
    if want is None:
        return chosen
    fixed = keep_one(merged, "published", want.line)
    if fixed is None:  # one line or none: put the chosen side's line in its place
        have = _pub(merged)
        if have is None or have.line == want.line:
            return merged if have is not None else chosen
        try:
            fixed = replay(merged, LineChange(have.line, want.line))
        except EditError:
            return chosen
    got = _pub(fixed)
    if got is None or got.flag != want.flag or keep_one(fixed, "published", None) is not None:
        return chosen
    return fixed


def publish_changed(base: bytes, side: bytes) -> bool:
    """This side changed the publish line (as text) from the base."""
    b, s = _pub(base), _pub(side)
    return b is not None and s is not None and b.line != s.line


def write_story(repo: Repo, path: str, data: bytes) -> GitProblem | None:
    """Write a story file of the work tree whole (temp file and rename)."""
    try:
        _write(repo, path, data)
    except OSError as exc:
        return GitProblem("failed", f"could not write {path}: {exc}")
    return None


def title_of(raw: bytes | None) -> str:
    """A story's title as one bounded line ("" when it has none or does not parse)."""
    parsed = _parse(raw)
    title = parsed.data.get("title", "") if parsed is not None else ""
    text = one_line(title) if isinstance(title, str) else ""
    return text if len(text) <= 80 else text[:79] + "…"
