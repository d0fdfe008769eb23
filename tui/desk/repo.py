"""The desk's git service: the repository's state and the git actions, off the UI thread.

When the folder sits in a git work tree, the dashboard shows which stories are changed
and not committed, the branch and ahead/behind, and offers commit, sync, history and
discard. Every one of those runs git processes (a full status at 100,000 stories is a
few hundred milliseconds, a sync waits on the network), so `RepoState` runs them all
on ONE thread of its own, in order (docs/GIT.md: one at a time per repository), and
reports through `repo_events` values; nothing here ever blocks its caller.

What keeps the status fresh without paying a full status per keystroke:
- the store's events (`store_listener`): the desk's own writes and the folder watcher's
  outside changes name the stories that changed; after a short quiet spell (so a
  burst is one call) a targeted `status(repo, ids)` is merged into the last full
  answer (`RepoStatus.merged`), about a tenth of a full status;
- a cheap look at git's own files (HEAD, index, the branch's and upstream's refs,
  FETCH_HEAD) every `poll` seconds: a commit, fetch or checkout made outside the desk
  changes one of them, and only then a full status runs;
- a full status at start, after the folder finished loading, and after commit/sync.

Discarding a story's change and setting a flag back from history are ordinary desk
edits (the writer thread, the undo history): git only supplies the old bytes
(tui/desk/discard.py).

Not even finding the repository happens on the caller's thread: `RepoState.find`
makes a service for a folder at once, and its thread runs `git rev-parse` first
(`located`: None while it looks, then True, or False outside git), so a desk is built
and the dashboard draws its first frame without waiting for any git process.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, cast

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
from tui.core.git.run import in_background
from tui.core.store.records import EditOutcome
from tui.desk import discard as discarding
from tui.desk.repo_events import (
    ChangesReady,
    CommitDone,
    GitBusy,
    HistoryReady,
    RepoChanged,
    RepoEvent,
    SyncDone,
)

if TYPE_CHECKING:
    from tui.core.store.store import Store, StoreEvent

Submit = Callable[[Callable[[], EditOutcome]], bool]
NOT_GIT = "not a git repository"


class RepoState:
    """The last git status of the folder's work tree, and the git actions as a queue.

    `status` is the last answer (None until the first); `problem` why git gave none.
    `submit` hands an edit to the desk's writer thread (None: run it here, headless).
    """

    DEBOUNCE = 0.15  # seconds of quiet after store changes before a targeted status
    POLL = 2.0  # seconds between looks at git's own files

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
        # A folder (str): the thread finds its work tree first (`located`).
        self._repo: Repo | None = repo if isinstance(repo, Repo) else None
        self._folder = repo.folder if isinstance(repo, Repo) else repo
        self.located: bool | None = True if isinstance(repo, Repo) else None
        self._found = threading.Event()
        if self.located:
            self._found.set()
        self.store = store
        self._report = emit
        self._listeners: tuple[Callable[[RepoEvent], None], ...] = ()
        self._submit = submit
        self._poll = self.POLL if poll is None else poll
        self._debounce = self.DEBOUNCE if debounce is None else debounce
        # Held while git rewrites the work tree (sync: stash, rebase, restore), so the
        # desk's writer waits instead of writing a story git is replacing.
        self._edit_lock: AbstractContextManager[Any] = edit_lock if edit_lock is not None else nullcontext()
        self.status: RepoStatus | None = None
        self.problem: GitProblem | None = None
        self._cond = threading.Condition()
        self._jobs: deque[tuple[str, Callable[[], None]]] = deque()
        self._ids: set[str] = set()
        self._full = True  # the first look is a full status
        self._due = 0.0
        self._stamps: tuple[tuple[int, int], ...] = ()
        self._closed = False
        self._busy = 0  # jobs queued or running
        self._refreshing = False
        self._thread: threading.Thread | None = None

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

    @property
    def repo(self) -> Repo:
        """The work tree (only once `located` is True)."""
        if self._repo is None:
            raise RuntimeError("the git repository is not located yet")
        return self._repo

    def wait_located(self, timeout: float | None = None) -> bool | None:
        """Until the work tree is found or known absent (tests, scripts); `located`."""
        self._found.wait(timeout)
        return self.located

    def _locate(self) -> bool:
        """On the thread, before anything else: find the work tree, or end the service."""
        if self._repo is not None:
            return True
        found = locate(self._folder)
        if isinstance(found, GitProblem):
            self.problem = found
            self.located = False
            with self._cond:
                self._closed = True  # nothing to do here: actions are refused from now on
                self._jobs.clear()
                self._busy = 0
                self._cond.notify_all()
        else:
            self._repo, self.located = found, True
        self._found.set()
        return self._repo is not None

    # -- listeners ---------------------------------------------------------------
    def add_listener(self, listener: Callable[[RepoEvent], None]) -> None:
        """Hear every event too (a screen posts each as a message); called from this thread."""
        self._listeners = (*self._listeners, listener)

    def remove_listener(self, listener: Callable[[RepoEvent], None]) -> None:
        self._listeners = tuple(x for x in self._listeners if x != listener)

    def _emit(self, event: RepoEvent) -> None:
        for listener in (self._report, *self._listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not end the git thread
                continue

    # -- running -----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="newsdesk-git", daemon=True)
            self._thread.start()

    def close(self, *, wait: bool = False, timeout: float | None = 10.0) -> None:
        with self._cond:
            self._closed = True
            self._jobs.clear()
            self._cond.notify_all()
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def busy(self) -> bool:
        """A git action is queued or running (a status refresh does not count)."""
        with self._cond:
            return self._busy > 0

    @property
    def refreshing(self) -> bool:
        """A status (full or targeted) is running now (the benchmark times keys meanwhile)."""
        with self._cond:
            return self._refreshing

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Until no action is queued or running and no refresh is pending (tests, scripts)."""
        end = time.monotonic() + timeout
        with self._cond:
            while self._busy or self._ids or self._full or self._refreshing:
                left = end - time.monotonic()
                if left <= 0 or self._closed:
                    return False
                self._cond.wait(min(left, 0.05))
        return True

    # -- what makes it refresh -----------------------------------------------------
    def store_listener(self, event: StoreEvent) -> None:
        """Subscribe to the store: changed stories get a targeted status, soon."""
        if event.kind == "loaded":
            self.refresh()
        elif event.kind in ("added", "changed", "removed"):
            self.refresh(event.ids)
        elif event.kind == "renamed":
            self.refresh([sid for pair in event.renamed for sid in pair])

    def refresh(self, ids: Iterable[str] | None = None) -> None:
        """A status soon: of those stories (merged into the last answer), or full (None)."""
        if self.located is False:
            return  # outside git: nobody will ever ask
        with self._cond:
            if ids is None:
                self._full = True
            else:
                self._ids.update(ids)
            self._due = time.monotonic() + self._debounce
            self._cond.notify_all()

    # -- actions (queued; each answer comes back as an event) ----------------------------
    def _queue(self, label: str, job: Callable[[], None]) -> bool:
        with self._cond:
            if self._closed:
                return False
            self._busy += 1
            self._jobs.append((label, job))
            self._cond.notify_all()
        return True

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

    # -- the thread --------------------------------------------------------------
    def _run(self) -> None:
        in_background()  # every git this thread starts yields the CPU to the dashboard (run.py)
        if not self._locate():
            return
        next_poll = 0.0
        while True:
            with self._cond:
                while not self._closed and not self._jobs:
                    now = time.monotonic()
                    pending = self._full or bool(self._ids)
                    if pending and now >= self._due:
                        break
                    if now >= next_poll:
                        break
                    wake = min(self._due if pending else next_poll, next_poll)
                    self._cond.wait(max(wake - now, 0.005))
                if self._closed:
                    return
                job = self._jobs.popleft() if self._jobs else None
            if job is not None:
                self._do(job)
                continue
            now = time.monotonic()
            if now >= next_poll:
                next_poll = now + self._poll
                stamps = self._git_stamps()
                if stamps != self._stamps:
                    self._stamps = stamps
                    with self._cond:
                        self._full = True
                        self._due = 0.0
            self._refresh_now()

    def _do(self, job: tuple[str, Callable[[], None]]) -> None:
        label, work = job
        if label:
            self._emit(GitBusy(label))
        try:
            work()
        except Exception as exc:  # a bug must not end the service: say it, go on
            self._emit(RepoChanged(self.status, GitProblem("failed", f"{type(exc).__name__}: {exc}")))
        finally:
            if label:
                self._emit(GitBusy(label, done=True))
                self.refresh()  # commit and sync move HEAD and the files
            with self._cond:
                self._busy -= 1
                self._cond.notify_all()

    def _refresh_now(self) -> None:
        with self._cond:
            if time.monotonic() < self._due:
                return
            full, ids = self._full, self._ids
            self._full, self._ids = False, set()
            if not full and not ids:
                return
            self._refreshing = True
        try:
            self._refresh_once(full, ids)
        finally:
            with self._cond:
                self._refreshing = False
                self._cond.notify_all()

    def _refresh_once(self, full: bool, ids: set[str]) -> None:
        last = self.status
        fresh: RepoStatus | GitProblem
        if full or last is None:
            fresh = status(self.repo)
        else:
            got = status(self.repo, ids)
            fresh = got if isinstance(got, GitProblem) else last.merged(got, ids)
        self._publish(fresh)

    def _publish(self, fresh: RepoStatus | GitProblem) -> None:
        """Keep the answer; tell the listeners when it differs from the last one."""
        if isinstance(fresh, GitProblem):
            self.problem = fresh
            self._emit(RepoChanged(self.status, fresh))
        else:
            changed = fresh != self.status or self.problem is not None
            self.status, self.problem = fresh, None
            if changed:
                self._emit(RepoChanged(fresh))

    def _git_stamps(self) -> tuple[tuple[int, int], ...]:
        """(mtime, size) of the files a commit, fetch, pull or checkout outside rewrites."""
        git_dir = self.repo.git_dir
        names = ["HEAD", "index", "FETCH_HEAD", "ORIG_HEAD", "packed-refs"]
        last = self.status
        if last is not None and last.branch:
            names.append(f"refs/heads/{last.branch}")
        if last is not None and last.upstream:
            names.append(f"refs/remotes/{last.upstream}")
        out = []
        for name in names:
            try:
                st = os.stat(os.path.join(git_dir, name))
                out.append((st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((0, -1))
        return tuple(out)

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
            outcome = discarding.apply(self.store, changes, prepared)
            if outcome.ok and staged:  # the index too, back to HEAD (after the files)
                self._queue("", lambda: self._unstage(staged))
            return outcome

        self._edit(edit)

    def _unstage(self, paths: list[str]) -> None:
        discarding.unstage(self.repo, paths)
        self.refresh(self.repo.id_of(p) or "" for p in paths)

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
