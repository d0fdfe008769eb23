"""The git service's thread: one thread per work tree, its job queue, and a status
kept fresh without paying a full status per keystroke.

Every git action runs git processes (a full status at 100,000 stories is a few
hundred milliseconds, a sync waits on the network), so they all run on ONE thread
of their own, in order (docs/GIT.md: one at a time per repository); nothing here
ever blocks its caller. This module is that machinery and nothing of what the jobs
do (that is `repo.py`, `RepoState`, built on `RepoThread`): when to look, how to
queue, how to tell listeners, so that each can be read without the other.

What keeps the status fresh:
- the store's events (`store_listener`): the desk's own writes and the folder watcher's
  outside changes name the stories that changed; after a short quiet spell (so a
  burst is one call) a targeted `status(repo, ids)` is merged into the last full
  answer (`RepoStatus.merged`), about a tenth of a full status;
- a cheap look at git's own files (HEAD, index, the branch's and upstream's refs,
  FETCH_HEAD) every `poll` seconds: a commit, fetch or checkout made outside the desk
  changes one of them, and only then a full status runs;
- a full status at start, after the folder finished loading, and after commit/sync.

Not even finding the repository happens on the caller's thread: a service made for a
folder runs `git rev-parse` first on its thread (`located`: None while it looks, then
True, or False outside git), so a desk is built and the dashboard draws its first
frame without waiting for any git process.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from tui.core.git import GitProblem, Repo, RepoStatus, locate, status
from tui.core.git.run import in_background
from tui.desk.repo_events import GitBusy, RepoChanged, RepoEvent

if TYPE_CHECKING:
    from tui.core.store.store import StoreEvent


class RepoThread:
    """The last git status of the folder's work tree, and a queue of jobs run in order
    on one thread; `status` is the last answer (None until the first), `problem` why
    git gave none. The jobs themselves are the subclass's (`repo.RepoState`).
    """

    DEBOUNCE = 0.15  # seconds of quiet after store changes before a targeted status
    POLL = 2.0  # seconds between looks at git's own files

    def __init__(
        self,
        repo: Repo | str,
        emit: Callable[[RepoEvent], None],
        *,
        poll: float | None = None,
        debounce: float | None = None,
    ) -> None:
        # A folder (str): the thread finds its work tree first (`located`).
        self._repo: Repo | None = repo if isinstance(repo, Repo) else None
        self._folder = repo.folder if isinstance(repo, Repo) else repo
        self.located: bool | None = True if isinstance(repo, Repo) else None
        self._found = threading.Event()
        if self.located:
            self._found.set()
        self._report = emit
        self._listeners: tuple[Callable[[RepoEvent], None], ...] = ()
        self._poll = self.POLL if poll is None else poll
        self._debounce = self.DEBOUNCE if debounce is None else debounce
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

    # -- the queue (the subclass's actions put their jobs here) -------------------------
    def _queue(self, label: str, job: Callable[[], None]) -> bool:
        with self._cond:
            if self._closed:
                return False
            self._busy += 1
            self._jobs.append((label, job))
            self._cond.notify_all()
        return True

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
