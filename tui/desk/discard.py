"""Discarding a story's uncommitted change: back to the committed file (issue 15).

The editor sees a change in the changes screen (or `newsdesk discard` lists it),
confirms, and the story file gets back the bytes HEAD holds: a title fix, topics, a
body edit and a toggle alike; a story deleted by hand comes back; a new story that was
never committed is removed. What was confirmed is what is discarded: each `Change`
carries the digest of the working file it was read from, and the write goes ahead
only while the file still has those bytes (someone who edited it since, in the desk
or elsewhere, keeps their edit and the discard is refused with a message).

Three steps, on the threads they belong to:
- `question` and `label`: the words (the confirmation names what will be lost);
- `prepare` (the git thread): HEAD's bytes and mode for each story, refusals (a
  symlink in git, a conflicted file, an unreadable working file, not a story);
- `apply` (the desk's writer thread): `store.restore`, one undo step of whole files,
  so `u` puts back exactly the bytes that were there, while the desk is open; then
  `unstage` (the git thread) for a story whose index entry differed from HEAD.

Only story files are ever touched: ids that pass the loader's rule (`is_story_id`),
resolved inside the folder by `disk.swap`, never through a symlink.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui.core.disk.swap import Check
from tui.core.format.edits import EditError
from tui.core.format.literal import cut, one_line
from tui.core.git import Change, GitProblem, Repo, head_versions, is_story_id, status
from tui.core.git.changes import UNREAD, digest
from tui.core.store import restore
from tui.core.store.records import EditOutcome
from tui.core.store.store import Store

SHOWN = 8  # stories listed one by one in a confirmation; the rest are counted
TITLE_CHARS = 60
INDEX_BATCH = 500  # paths per `git ls-files` (as arguments: it reads no pathspec file)


@dataclass(frozen=True, slots=True)
class Discard:
    """One story's discard, as confirmed."""

    id: str
    expect: str | None  # digest of the working file the editor saw; None: there was no file
    head: bytes | None  # the committed bytes; None: not in HEAD, so the file is removed
    mode: int | None  # permission bits for a file brought back (0o755 when HEAD has it executable)
    staged: bool  # the index holds something other than HEAD for it: unstaged afterwards
    path: str  # top-relative, for git


def named(change: Change) -> str:
    """'Title' (or the id), one bounded line: titles are someone else's text."""
    return "'" + cut(one_line(change.title or change.id), TITLE_CHARS) + "'"


def _one(change: Change) -> str:
    if change.kind == "added":
        return f"the new story {named(change)} ({cut(one_line(change.id), 80)}) is deleted: it was never committed"
    if change.kind == "deleted":
        return f"{named(change)} comes back as committed"
    return f"{named(change)}: {change.lost()}; back to the committed file"


def question(changes: Sequence[Change], undo_key: str | None = None) -> tuple[str, tuple[str, ...]]:
    """The confirmation: a question, and one line per story when there are several.

    `undo_key`: the key that undoes it in the caller's screen, as the bindings have it
    after the keymap (the desk knows no keys); None (the command line, no desk to undo
    it) says nothing of undo."""
    undo = f" {undo_key} undoes it while the desk is open." if undo_key else ""
    if len(changes) == 1:
        change = changes[0]
        if change.kind == "added":
            return (
                f"Delete the new story {named(change)} ({cut(one_line(change.id), 80)})? It was never committed, "
                f"so the whole story goes.{undo}",
                (),
            )
        if change.kind == "deleted":
            return f"Bring back {named(change)}, deleted here, as committed?{undo}", ()
        return f"Discard {named(change)}: {change.lost()}; back to the committed file.{undo}", ()
    new = sum(c.kind == "added" for c in changes)
    head = f"Discard the changes of {len(changes)} stories, back to the committed files"
    head += f" ({new} new, never committed, {'is' if new == 1 else 'are'} deleted)?" if new else "?"
    lines = [f"· {_one(c)}" for c in changes[:SHOWN]]
    if len(changes) > SHOWN:
        lines.append(f"· and {len(changes) - SHOWN} more")
    return f"{head}{undo}", tuple(lines)


def label(changes: Sequence[Change], done: Sequence[str]) -> str:
    """The undo step's name (undo says "Undid: <label>")."""
    by_id = {c.id: c for c in changes}
    if len(done) == 1 and done[0] in by_id:
        change = by_id[done[0]]
        if change.kind == "added":
            return f"Deleted the new story {named(change)}"
        if change.kind == "deleted":
            return f"Brought back {named(change)} as committed"
        return f"Discarded the change of {named(change)} ({change.lost()})"
    return f"Discarded the changes of {len(done)} stories"


def prepare(repo: Repo, changes: Sequence[Change]) -> list[Discard] | str | GitProblem:
    """What each confirmed change goes back to; a refusal (str) names the first story
    that cannot be discarded here, and then nothing is."""
    ids = [c.id for c in changes]
    for change in changes:
        if not is_story_id(change.id):
            return f"{cut(one_line(change.id), 80)} is not a story file; nothing was discarded"
        if change.work == UNREAD:
            return f"{named(change)}: its working file cannot be read safely ({change.title}); nothing was discarded"
    current = status(repo, ids)
    if isinstance(current, GitProblem):
        return current
    states = current.by_id()
    heads = head_versions(repo, ids)
    if isinstance(heads, GitProblem):
        return heads
    out = []
    for change in changes:
        state = states.get(change.id)
        if state is not None and state.kind == "conflicted":
            return f"{named(change)} is in conflict; settle it with sync first. Nothing was discarded"
        if state is not None and state.head_mode in ("120000", "160000"):
            return f"{named(change)} is a symlink in git; put it back with git. Nothing was discarded"
        executable = state is not None and state.head_mode == "100755"
        staged = state is not None and state.xy[:1] not in (".", "?")
        head = heads.get(change.id)
        out.append(
            Discard(change.id, change.work, head, 0o755 if executable else None, staged, repo.path_of(change.id))
        )
    return out


def unstage(repo: Repo, paths: Sequence[str]) -> GitProblem | None:
    """`git reset -- <paths>`: their index entries back to HEAD's (none when HEAD has
    none); the files are not touched. After a discard, so nothing staged stays behind."""
    if not paths:
        return None
    done = repo.git("--literal-pathspecs", "reset", "--quiet", "--pathspec-from-file=-", "--pathspec-file-nul",
                    stdin=_nul(paths), timeout=30.0)  # fmt: skip
    return None if done.ok else done.as_problem("unstaging the discarded stories")


def _nul(paths: Sequence[str]) -> bytes:
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)


def index_entries(repo: Repo, paths: Sequence[str]) -> dict[str, str | None] | GitProblem:
    """Each path's index entry as `git ls-files --stage` has it ("100644 <oid> 0"),
    None when the index has none: what a discard unstaged, and what undo compares."""
    out: dict[str, str | None] = dict.fromkeys(paths)
    if not paths:
        return out
    for start in range(0, len(paths), INDEX_BATCH):  # ls-files takes no pathspec file
        batch = paths[start : start + INDEX_BATCH]
        done = repo.git("--literal-pathspecs", "ls-files", "--stage", "-z", "--", *batch, timeout=30.0)
        if not done.ok:
            return done.as_problem("reading the git index")
        for record in done.out.split(b"\0"):
            meta, tab, raw = record.partition(b"\t")
            path = raw.decode("utf-8", "surrogateescape")
            if tab and path in out:
                out[path] = meta.decode("ascii", "replace")
    return out


def set_index(repo: Repo, entries: Mapping[str, str | None]) -> GitProblem | None:
    """Put index entries back as `index_entries` read them (None: no entry), with
    `git update-index`; the files are not touched."""
    info = b"".join(
        " ".join(entry.split()[:2]).encode() + b"\t" + path.encode("utf-8", "surrogateescape") + b"\0"
        for path, entry in entries.items()
        if entry is not None
    )
    if info:
        done = repo.git("update-index", "-z", "--index-info", stdin=info, timeout=30.0)
        if not done.ok:
            return done.as_problem("staging the stories again")
    gone = [path for path, entry in entries.items() if entry is None]
    if gone:
        done = repo.git("update-index", "-z", "--force-remove", "--stdin", stdin=_nul(gone), timeout=30.0)
        if not done.ok:
            return done.as_problem("staging the stories again")
    return None


def as_confirmed(expect: str | None) -> Check:
    """A check that passes only while the file is what the editor saw when confirming."""

    def check(raw: bytes | None) -> None:
        now = None if raw is None else digest(raw)
        if now == expect:
            return
        if raw is None:
            raise EditError("the story file was deleted since you confirmed the discard")
        if expect is None:
            raise EditError("a story file appeared at that name since you confirmed the discard")
        raise EditError("the story was changed since you confirmed the discard (look at it again)")

    return check


def apply(store: Store, changes: Sequence[Change], discards: Sequence[Discard]) -> EditOutcome:
    """Put the committed files back: all or none, one undo step (the writer thread)."""
    if store.site.active:  # a site's stories are its collections' files: never its pages or layouts
        outside = [d.id for d in discards if not store.site.keeps(d.id)]
        if outside:
            why = "not a story of the site's collections"
            return EditOutcome(
                False, f"{cut(one_line(outside[0]), 80)}: {why}; nothing was discarded", failures=((outside[0], why),)
            )
    plans = {d.id: (as_confirmed(d.expect), d.head, d.mode) for d in discards}
    return restore.restore(store, plans, lambda done: label(changes, done))


__all__ = [
    "Discard",
    "apply",
    "as_confirmed",
    "index_entries",
    "label",
    "named",
    "prepare",
    "question",
    "set_index",
    "unstage",
]
