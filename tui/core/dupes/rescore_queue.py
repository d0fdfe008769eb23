"""A queue of touched story ids, drained by one thread of its own.

Whoever learns of a change (a store listener, on any thread and maybe under the
store's lock) only adds ids and returns; the thread takes everything queued at once,
so a burst of events (a `git pull` arriving in watcher batches) becomes one pass of
work instead of many, and slow work never runs on the thread that reported the
change. The queue's lock is a leaf: `work` runs without it, and nothing else is taken
while holding it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable


class Follower:
    def __init__(self, name: str, work: Callable[[set[str]], None]) -> None:
        self.name = name
        self.error: str | None = None  # the last `work` that raised, if any
        # Told of each `work` that raised, with the ids it was given (the desk turns
        # it into a Failure event); a reporter that raises is ignored: following goes on.
        self.on_error: Callable[[BaseException, set[str]], None] | None = None
        self._work = work
        self._cond = threading.Condition(threading.Lock())
        self._pending: set[str] = set()
        self._held = 0
        self._busy = False
        self._closed = False
        self._thread: threading.Thread | None = None

    def add(self, ids: Iterable[str]) -> None:
        with self._cond:
            if self._closed:
                return
            self._pending.update(ids)
            if self._pending and self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def hold(self) -> None:
        """Drain nothing until `release` (a full pass is being built); what was queued
        so far is dropped, since the pass reads every story from now on."""
        with self._cond:
            self._held += 1
            self._pending.clear()

    def release(self) -> None:
        with self._cond:
            self._held -= 1
            self._cond.notify_all()

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until nothing is queued, held or being worked on (tests, scripts)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._closed or not (self._busy or self._pending or self._held), timeout)

    def close(self, wait: bool = True) -> None:
        """Stop; work under way finishes first (`wait`: for it)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
            thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout=30)

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and (not self._pending or self._held):
                    self._cond.wait()
                if self._closed:
                    return
                ids, self._pending = self._pending, set()
                self._busy = True
            try:
                self._work(ids)
            except Exception as exc:  # a bug must not end following; the next change retries
                self.error = f"{self.name}: {exc!r}"
                report = self.on_error
                if report is not None:
                    with contextlib.suppress(Exception):
                        report(exc, ids)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
