"""What the desk tells whoever drives it: a few typed events, from the desk's threads.

The desk runs loading, the duplicate pass, folder sync and every write on threads of
its own, and must never wait for its driver (a screen busy drawing, a script that is
not listening). So it reports by calling listeners with small frozen values and
moves on: the Textual app posts each as a message (thread-safe, never blocking;
progress ones replace each other in the queue), a test collects them in a list. A
listener must return quickly and must not call back into the desk's edit methods.

Store changes themselves are not desk events: the store tells its own listeners
(`StoreEvent`), and screens already follow those.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

from tui.core.store.records import EditOutcome
from tui.desk.repo_events import RepoEvent

LOADING = "Loading stories"
FINDING_DUPLICATES = "Finding duplicates"
APPLYING_CHANGES = "Applying folder changes"


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a long pass is: `label` is one of LOADING, FINDING_DUPLICATES,
    APPLYING_CHANGES; `done == total` when it ended."""

    label: str
    done: int
    total: int


@dataclass(frozen=True, slots=True)
class EditDone:
    """An edit from the queue finished (well or not: `outcome.ok`). `clear_marks` is
    the submitter's own flag, handed back (the list unmarks what a bulk edit changed)."""

    outcome: EditOutcome
    clear_marks: bool = False


@dataclass(frozen=True, slots=True)
class DuplicatesReady:
    """The full duplicate pass is done: suggestions can be read from the finder."""

    clusters: int


@dataclass(frozen=True, slots=True)
class Failure:
    """A background pass raised: `where` names the pass (loading, duplicates, folder
    sync), `message` the exception (untrusted text: it may quote a file name), `id`
    the story it concerns when one is known."""

    where: str
    message: str
    id: str | None = None


DeskEvent: TypeAlias = Progress | EditDone | DuplicatesReady | Failure | RepoEvent  # RepoEvent: issue 15, git
DeskListener: TypeAlias = Callable[[DeskEvent], None]


class Listeners:
    """The desk's listeners; `emit` calls each, from whichever thread emits.

    A listener that raises is skipped for that event rather than allowed to end the
    desk thread that called it (the writer thread must survive a bug in a screen).
    After `close`, nothing is emitted: a driver that went away hears nothing more.

    `hold()`: until the first listener subscribes, events are kept and then handed to
    it in order. The dashboard starts its desk before importing Textual, so the folder
    loads while the interface is still being built; what loading reported meanwhile (a
    failure above all) must still reach the screen. Progress keeps only its latest
    figure per pass, so what is held stays a handful of events.
    """

    HELD_MAX = 1000  # a start-up emits a few events; past this, only failures are kept

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: tuple[DeskListener, ...] = ()
        self._closed = False
        self._held: list[DeskEvent] | None = None

    def hold(self) -> None:
        with self._lock:
            if not self._listeners and not self._closed:
                self._held = []

    def add(self, listener: DeskListener) -> None:
        with self._lock:
            if self._closed:
                return
            self._listeners = (*self._listeners, listener)
            # Handed over under the lock, and the hold ended only afterwards: an event
            # emitted meanwhile waits for the lock and arrives after these, in order.
            for event in self._held or ():
                _call(listener, event)
            self._held = None

    def remove(self, listener: DeskListener) -> None:
        with self._lock:
            self._listeners = tuple(x for x in self._listeners if x != listener)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._listeners = ()
            self._held = None

    def emit(self, event: DeskEvent) -> None:
        if self._held is not None:  # rare: only before the first listener came
            with self._lock:
                if self._held is not None:
                    self._keep(self._held, event)
                    return
        for listener in self._listeners:  # a tuple, swapped whole: no lock needed to read it
            _call(listener, event)

    def _keep(self, held: list[DeskEvent], event: DeskEvent) -> None:
        if isinstance(event, Progress):
            held[:] = [e for e in held if not (isinstance(e, Progress) and e.label == event.label)]
        elif len(held) >= self.HELD_MAX and not isinstance(event, Failure):
            return
        held.append(event)


def _call(listener: DeskListener, event: DeskEvent) -> None:
    try:
        listener(event)
    except Exception:
        return
