"""The start-up passes: the folder loaded in batches, search prepared, duplicates found.

They run one after the other on one thread of the desk, so the dashboard is usable
from the first batch on: loading feeds the store batch by batch (a screen shows the
stories it has while the rest arrive), then builds the sort orders and the search
index (here rather than on the first keystroke after `/`), then runs the full
duplicate pass, whose suggestions appear when it ends.

A pass gives up when the desk closes: loading between batches, the duplicate pass at
its next progress report (the finder's `run` has no other way out; what it had built
is dropped, nothing was written).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING

from tui.core.disk import folder
from tui.core.store.store import Store
from tui.desk.events import FINDING_DUPLICATES, LOADING, DeskEvent, DuplicatesReady, Progress

if TYPE_CHECKING:
    from tui.core.dupes.finder import DuplicateFinder

Report = Callable[[DeskEvent], None]
Closed = Callable[[], bool]

FREEZE_ABOVE = 10_000  # stories
PROGRESS_EVERY = 0.1  # seconds between two duplicate-pass progress reports


class Cancelled(Exception):
    """The desk closed while a pass was running."""


def load_folder(store: Store, report: Report, closed: Closed, after_first: Callable[[], object] | None = None) -> bool:
    """Feed the whole folder to the store in batches, then mark it loaded; False when
    the desk closed first (the store is then left as far as it got, not loaded).
    `after_first`: called once the first batch is in (the dashboard's pause, see
    `Desk.start`)."""
    batches = folder.iter_load(store.root)
    try:
        for batch in batches:
            if closed():
                return False
            store.add_batch(batch.stories, batch.problems, batch.verdicts)
            report(Progress(LOADING, batch.done, batch.total))
            if after_first is not None:
                after_first()
                after_first = None
    finally:
        if isinstance(batches, Generator):
            batches.close()  # at once, not when collected: a load pauses the garbage collector
    store.finish_loading()
    return True


def find_duplicates(finder: DuplicateFinder, store: Store, report: Report, closed: Closed) -> bool:
    """The full duplicate pass, with progress; False when the desk closed first."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        if closed():
            raise Cancelled
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done >= total:
            last = now
            report(Progress(FINDING_DUPLICATES, done, total))

    try:
        finder.run(progress)
    except Cancelled:
        return False
    if len(store) >= FREEZE_ABOVE:
        # The duplicate index lives as long as the desk, as the stories and the
        # search index do (frozen when they were built): out of the cyclic
        # collector's sight, a full collection no longer walks it (at 100,000
        # stories that walk stopped every thread, the UI's too, for about 0.45 s,
        # and a re-score's allocations set one off). What it replaces is still
        # freed; only cyclic garbage lying around right now would stay, which is
        # why small folders (and test runs) skip this.
        gc.freeze()
    report(DuplicatesReady(len(finder.open_clusters())))
    return True
