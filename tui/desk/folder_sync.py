"""Folder sync: what the watcher saw change is re-read and handed to the store.

Other writers change the folder while the desk is open (the ingest pipeline, a
`git pull`, a colleague's `newsdesk publish`). The watcher only names story ids (and
sub-folders that moved as a whole); this re-reads each file and brings the store in
line, in batches, so a 10,000-file pull arrives with progress instead of as one long
pause and a screen redraws between batches.

It runs on the watcher's thread and calls `Store.sync_files` there, under the store's
lock (see `desk.py` for why that is safe for the screens).

While the desk's own git sync rewrites the work tree (stash, rebase, a conflict
settled, the stash restored: `RepoState.sync` holds the desk's edit lock), nothing is
read: a story git leaves for a moment with conflict markers, or not there at all,
would leave the list and come back, and the dashboard's cursor, parked on the row it
left, would sit on the next story (the trial: after settling a publish conflict, the
next `p` hit the wrong story). What changed meanwhile is read once git is done, as it
ended up.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from tui.core.disk import folder
from tui.core.store.records import DiskState
from tui.core.store.store import Store
from tui.desk.events import APPLYING_CHANGES, DeskEvent, Failure, Progress

BATCH = 500  # files re-read and applied at a time
HOLD_WAIT = 0.25  # seconds between looks at `closed` while git holds the work tree


class FolderSync:
    """`on_change(ids, folders)` is the watcher's callback."""

    def __init__(
        self,
        store: Store,
        report: Callable[[DeskEvent], None],
        closed: Callable[[], bool],
        hold: threading.RLock | None = None,
        decisions: Callable[[], object] | None = None,
    ) -> None:
        """`hold`: the lock held while git rewrites the work tree (the desk's edit lock);
        changes are read only once it is free. `decisions`: read the duplicate
        decisions log again (`on_log`)."""
        self.store = store
        self._report = report
        self._closed = closed
        self._hold = hold
        self._decisions = decisions

    def on_log(self) -> None:
        """The watcher's callback for the decisions log: a colleague's decisions arrived
        (a sync, a pull), or the log changed some other way; read once git is done."""
        if self._decisions is None or self._closed() or not self._held():
            return
        try:
            self._decisions()
        except Exception as exc:
            self._report(Failure("decisions log", f"{type(exc).__name__}: {exc}"))
        finally:
            if self._hold is not None:
                self._hold.release()

    def on_change(self, ids: set[str], folders: set[str]) -> None:
        """Re-read what changed (every story under a moved folder too) and apply it."""
        try:
            self._sync(ids, folders)
        except Exception as exc:
            self._report(Failure("folder sync", f"{type(exc).__name__}: {exc}"))

    def _held(self) -> bool:
        """Take `hold` (waiting while git rewrites the work tree); False once closed."""
        hold = self._hold
        if hold is None:
            return True
        while not hold.acquire(timeout=HOLD_WAIT):
            if self._closed():
                return False
        return True

    def _sync(self, ids: set[str], folders: set[str]) -> None:
        store = self.store
        ids = set(ids)
        for prefix in folders:
            ids.update(store.ids_under(prefix))
            if store.get(prefix) is not None or prefix in store.problems:
                ids.add(prefix)
        todo = sorted(ids)
        for start in range(0, len(todo), BATCH):
            if self._closed():
                return
            chunk = todo[start : start + BATCH]
            if not self._held():
                return
            try:  # a batch at a time: an edit waits for one batch at most
                states = [state for sid in chunk if (state := self._read(sid)) is not None]
                store.sync_files(states)
            finally:
                if self._hold is not None:
                    self._hold.release()
            if len(todo) > BATCH:
                self._report(Progress(APPLYING_CHANGES, min(start + BATCH, len(todo)), len(todo)))

    def _read(self, sid: str) -> DiskState | None:
        """The file as it is now; None (and a Failure naming it) when reading raised."""
        try:
            story, problems, exists = folder.read_current(self.store.root, sid)
        except Exception as exc:
            self._report(Failure("folder sync", f"{type(exc).__name__}: {exc}", sid))
            return None
        return DiskState(sid, story, tuple(problems), exists)
