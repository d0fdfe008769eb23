"""The edit queue: every write runs on one thread, in the order it was asked for.

A key press must never wait for a disk (a slow network share, another newsdesk
holding a story's lock), and two edits must never race: `p` then `u` has to undo the
publish, not run beside it. So edits are closures queued for one writer thread,
which runs them one after the other and reports each outcome. A pending count covers
the queued and the running edit, so quitting can wait for the last write to land,
and tests and scripts can wait for it without sleeping (`wait_idle`).

The thread starts with the first edit (a desk that never writes, such as the
command line's, starts none) and ends once `close` was called and the edits queued
before it are done. It is a daemon thread, so a queue nobody closed cannot keep the
process from exiting; the desk closes and waits for its queue at exit
(`desk._close_forgotten_desks`), so a write under way or queued still lands.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from tui.core.store.records import EditOutcome

Edit = Callable[[], EditOutcome]
Done = Callable[[EditOutcome, bool], None]


class EditQueue:
    """One writer thread; `done(outcome, clear_marks)` is called on it after each edit."""

    def __init__(self, done: Done, name: str = "newsdesk-writer") -> None:
        self._done = done
        self._name = name
        self._queue: queue.SimpleQueue[tuple[Edit, bool] | None] = queue.SimpleQueue()
        self._idle = threading.Condition(threading.Lock())
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def pending(self) -> int:
        """Edits queued or running (one whose `done` is still being called included)."""
        with self._idle:
            return self._pending

    def submit(self, edit: Edit, *, clear_marks: bool = False) -> bool:
        """Queue `edit`; False (and nothing queued) once the queue is closed."""
        with self._idle:
            if self._closed:
                return False
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
            self._queue.put((edit, clear_marks))
        return True

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until every submitted edit is done and reported; False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self, wait: bool = False, timeout: float | None = None) -> None:
        """Take no more edits; the thread ends after those already queued (`wait`: for
        it, up to `timeout` seconds)."""
        with self._idle:
            if self._closed:
                thread = self._thread
            else:
                self._closed = True
                thread = self._thread
                if thread is not None:
                    self._queue.put(None)
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            edit, clear_marks = item
            try:
                outcome = edit()
            except Exception as exc:
                outcome = EditOutcome(False, f"Edit failed: {exc}")
            try:
                self._done(outcome, clear_marks)
            except Exception:
                pass
            finally:
                # Only now: "nothing pending" also means "every outcome was reported".
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
