"""The desk's git service: the repository's state and the git actions, off the UI thread.

When the folder sits in a git work tree, the dashboard shows which stories are changed
and not committed, the branch and ahead/behind, and offers commit, sync, history and
discard. `RepoState` is those actions: each is queued on the service's one git thread
(`repo_thread.py`, which also keeps the status fresh and finds the work tree off the
caller's thread) and answers with a `repo_events` value; nothing here ever blocks its
caller.

Discarding a story's change and setting a flag back from history are ordinary desk
edits (the writer thread, the undo history): git only supplies the old bytes
(tui/desk/discard.py). A discard also unstages what was staged of its stories; its
undo stages that again (`follow_history`), while the index still holds what the
discard left there.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from tui.core.format.literal import cut, one_line
from tui.core.git import (
    Change,
    GitProblem,
    Prefer,
    Repo,
    RepoStatus,
    commit_message,
    commit_stories,
    ensure_union_merge,
    history,
    locate,
    published_at,
    status,
    story_changes,
    sync,
)
from tui.core.git.attributes import DECISIONS
from tui.core.git.decisions_log import log_change
from tui.core.store.records import EditOutcome, EditStep
from tui.desk import discard as discarding
from tui.desk.repo_events import ChangesReady, CommitDone, HistoryReady, RepoEvent, SyncDone
from tui.desk.repo_thread import RepoThread

if TYPE_CHECKING:
    from tui.core.store.store import Store

Submit = Callable[[Callable[[], EditOutcome]], bool]
NOT_GIT = "not a git repository"
KEPT_STEPS = 50  # discards whose index entries undo can put back (the newest)


@dataclass(slots=True)
class _Unstaged:
    """What a discard did to the git index (filled in on the git thread): each path's
    entry before it unstaged them and after (HEAD's, or none); None until then, or
    when unstaging failed."""

    paths: tuple[str, ...]
    before: dict[str, str | None] | None = None
    after: dict[str, str | None] | None = None


class RepoState(RepoThread):
    """The folder's work tree as the desk sees it: the last git status (`RepoThread`)
    and the git actions, each a job on its thread whose answer comes back as an event.

    `submit` hands an edit to the desk's writer thread (None: run it here, headless);
    `edit_lock` is held while git rewrites the work tree (sync: stash, rebase, restore),
    so the desk's writer waits instead of writing a story git is replacing.
    """

    def __init__(
        self,
        repo: Repo | str,
        store: Store,
        emit: Callable[[RepoEvent], None],
        *,
        submit: Submit | None = None,
        poll: float | None = None,
        debounce: float | None = None,
        edit_lock: AbstractContextManager[Any] | None = None,
    ) -> None:
        super().__init__(repo, emit, poll=poll, debounce=debounce)
        self.store = store
        self._submit = submit
        self._edit_lock: AbstractContextManager[Any] = edit_lock if edit_lock is not None else nullcontext()
        self._unstaged: list[tuple[EditStep, _Unstaged]] = []  # a discard's undo step, and its index
        self._unstaged_lock = threading.Lock()

    @classmethod
    def open(cls, folder: str, store: Store, emit: Callable[[RepoEvent], None], **kwargs: object) -> RepoState | None:
        """A service for `folder`'s work tree, found now (one git process on the caller's
        thread); None outside git or without git."""
        found = locate(folder)
        if isinstance(found, GitProblem):
            return None
        return cls(found, store, emit, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def find(cls, folder: str, store: Store, emit: Callable[[RepoEvent], None], **kwargs: object) -> RepoState:
        """A service for `folder` at once, its work tree found on its own thread once
        started (`located`; outside git the thread ends and every action is refused)."""
        return cls(folder, store, emit, **kwargs)  # type: ignore[arg-type]

    # -- actions (queued; each answer comes back as an event) ----------------------------
    def load_changes(self) -> bool:
        """`ChangesReady`: every changed story and the generated message for all."""
        return self._queue("", self._changes)

    def commit(self, ids: Iterable[str] | None = None, message: str | None = None) -> bool:
        """`CommitDone`; then a full status."""
        chosen = None if ids is None else list(ids)
        return self._queue("Committing", lambda: self._emit(CommitDone(commit_stories(self.repo, chosen, message))))

    def sync(self, prefer: Prefer | None = None, choices: Mapping[str, Prefer] | None = None) -> bool:
        """`SyncDone` (conflicts listed when a story has no side); then a full status."""
        picked = dict(choices or {})

        def job() -> None:
            with self._edit_lock:
                self._union_decisions()
                done = sync(self.repo, prefer, choices=picked)
            self._emit(SyncDone(done))

        return self._queue("Syncing", job)

    def history(self, sid: str) -> bool:
        """`HistoryReady` for story `sid`."""
        return self._queue("", lambda: self._history(sid))

    def discard(self, changes: Change | str | Iterable[Change | str]) -> bool:
        """Put each story's committed file back (tui/desk/discard.py), as one undoable edit.

        A `Change` as the editor confirmed it (from `ChangesReady`) is discarded only
        while the file still holds the bytes it was read from; an id alone takes the
        file as it is when the job runs (scripts, tests)."""
        items = [changes] if isinstance(changes, Change | str) else list(changes)
        return self._queue("", lambda: self._discard(items))

    def set_published_from(self, sid: str, commit: str) -> bool:
        """Set the story's flag to its value at `commit` (a history entry): an undoable toggle."""
        return self._queue("", lambda: self._set_from(sid, commit))

    # -- the jobs ----------------------------------------------------------------
    def _current(self) -> RepoStatus | GitProblem:
        got = status(self.repo)
        if isinstance(got, RepoStatus):
            self._publish(got)
        return got

    def _changes(self) -> None:
        current = self._current()
        if isinstance(current, GitProblem):
            self._emit(ChangesReady((), "", current))
            return
        changes = story_changes(self.repo, current)
        if isinstance(changes, GitProblem):
            self._emit(ChangesReady((), "", changes))
            return
        log = log_change(self.repo, current)  # the decisions log, a change of its own
        if log is not None:
            changes = (*changes, log)
        self._emit(ChangesReady(changes, commit_message(changes) if changes else ""))

    def _union_decisions(self) -> None:
        """When the site keeps the decisions log in git, make sure git merges it by union
        (two editors appending never conflict), committing `.gitattributes` once."""
        log = self.repo.path_of(DECISIONS)
        if not self.repo.git("ls-files", "--error-unmatch", "--", log, timeout=10.0).ok:
            return  # the log is not shared through git: nothing can conflict
        done = ensure_union_merge(self.repo)
        if isinstance(done, GitProblem) or not done.changed:
            return
        path = os.path.relpath(done.path, self.repo.top)
        if self.repo.git("add", "--", path).ok:
            self.repo.git("-c", "user.useConfigOnly=true", "commit", "--only", "--quiet", "-m",
                          "Merge newsdesk's decisions log by union (.gitattributes)", "--", path)  # fmt: skip

    def _history(self, sid: str) -> None:
        entries = history(self.repo, sid)
        if isinstance(entries, GitProblem):
            self._emit(HistoryReady(sid, (), entries))
        else:
            self._emit(HistoryReady(sid, entries))

    def _edit(self, edit: Callable[[], EditOutcome]) -> None:
        if self._submit is None or not self._submit(edit):
            edit()

    def _discard(self, items: list[Change | str]) -> None:
        ids = [i for i in items if isinstance(i, str)]
        changes = [i for i in items if isinstance(i, Change)]
        if ids:  # not confirmed against a listing: as the files are now
            found = story_changes(self.repo, ids=ids)
            if isinstance(found, GitProblem):
                self._edit(lambda: EditOutcome(False, found.message))
                return
            changes += found
        if not changes:
            self._edit(lambda: EditOutcome(True, "Nothing to discard: the story is as committed"))
            return
        prepared = discarding.prepare(self.repo, changes)
        if not isinstance(prepared, list):
            why = prepared if isinstance(prepared, str) else prepared.message
            self._edit(lambda: EditOutcome(False, why))
            return
        staged = [d.path for d in prepared if d.staged]

        def edit() -> EditOutcome:
            before = self.store.last_step
            outcome = discarding.apply(self.store, changes, prepared)
            if outcome.ok and staged:  # the index too, back to HEAD (after the files)
                record = _Unstaged(tuple(staged))
                step = self.store.last_step
                if step is not None and step is not before:  # undo stages them again
                    with self._unstaged_lock:
                        self._unstaged = [*self._unstaged[-(KEPT_STEPS - 1) :], (step, record)]
                self._queue("", lambda: self._unstage(staged, record))
            return outcome

        self._edit(edit)

    def _unstage(self, paths: list[str], record: _Unstaged | None = None) -> None:
        before = discarding.index_entries(self.repo, paths)
        if discarding.unstage(self.repo, paths) is None and record is not None and isinstance(before, dict):
            after = discarding.index_entries(self.repo, paths)
            if isinstance(after, dict):
                record.before, record.after = before, after
        self.refresh(self.repo.id_of(p) or "" for p in paths)

    def follow_history(self, step: EditStep, undone: bool) -> str | None:
        """A discard's step undone: its stories staged again as they were before it,
        on the git thread (after the discard's own unstaging, which may still be
        queued); redone: unstaged again. Called by the desk's undo and redo (the
        writer thread); the note is for undo's message."""
        with self._unstaged_lock:
            record = next((r for s, r in self._unstaged if s is step), None)
        if record is None or not self._queue("", lambda: self._restage(record, undone)):
            return None
        return "staging it again as it was" if len(record.paths) == 1 else "staging them again as they were"

    def _restage(self, record: _Unstaged, undone: bool) -> None:
        """Each path's index entry from what the discard left to what was there
        before (undone), or back (redone), only while the index still holds the
        former; a path whose entry changed meanwhile is left alone and named."""
        if record.before is None or record.after is None:
            self._edit(lambda: EditOutcome(False, "Not staged again: the discard could not read the git index"))
            return
        start, end = (record.after, record.before) if undone else (record.before, record.after)
        now = discarding.index_entries(self.repo, record.paths)
        if isinstance(now, GitProblem):
            problem = now
            self._edit(lambda: EditOutcome(False, f"Not staged again: {problem.message}"))
            return
        same = {p: end[p] for p in record.paths if now.get(p) == start.get(p)}
        moved = [p for p in record.paths if p not in same]
        failed = discarding.set_index(self.repo, same) if same else None
        self.refresh(self.repo.id_of(p) or "" for p in record.paths)
        if failed is not None:
            self._edit(lambda: EditOutcome(False, f"Not staged again: {failed.message}"))
        elif moved:
            names = ", ".join(self._title(p) for p in moved[:3]) + (
                f" and {len(moved) - 3} more" if len(moved) > 3 else ""
            )
            what = "staged again" if undone else "unstaged again"
            how = "git add stages it" if undone else "git restore --staged unstages it"
            self._edit(lambda: EditOutcome(False, f"Not {what}: {names}: the git index changed since ({how})"))

    def _title(self, path: str) -> str:
        sid = self.repo.id_of(path) or path
        story = self.store.stories.get(sid)
        return "'" + cut(one_line(story.title if story is not None and story.title else sid), 60) + "'"

    def _set_from(self, sid: str, commit: str) -> None:
        value = published_at(self.repo, sid, commit)
        if isinstance(value, GitProblem) or value is None:
            why = value.message if isinstance(value, GitProblem) else "the story did not exist at that commit"
            self._edit(lambda: EditOutcome(False, why))
            return
        flag = value
        self._edit(lambda: self.store.set_published([sid], flag, label=f"Set published back to {str(flag).lower()} "
                                                                      f"(as at {commit[:7]})"))  # fmt: skip


_MISSING = object()


def attach(desk: Any) -> RepoState | None:
    """The desk's git service: the one the desk built (`desk.repo`; None outside git,
    and while it is still looking its `located` is None), else one made now for its
    folder, listening to its store, editing through its writer thread, and kept on the
    desk as `desk.repo`."""
    existing = getattr(desk, "repo", _MISSING)
    if existing is not _MISSING:
        found = cast("RepoState | None", existing)
        return None if found is None or found.located is False else found
    state = RepoState.open(desk.root, desk.store, lambda event: None, submit=desk.submit)
    desk.repo = state
    desk.repo_attached = True  # made here, not by the desk: `detach` closes it
    if state is not None:
        desk.store.subscribe(state.store_listener)
        state.start()
    return state


def detach(desk: Any) -> None:
    """Close the service `attach` made (one the desk built is the desk's to close)."""
    state = getattr(desk, "repo", None)
    if getattr(desk, "repo_attached", False) and state is not None:
        desk.store.unsubscribe(state.store_listener)
        state.close()


__all__ = ["NOT_GIT", "RepoState", "attach", "detach"]
