"""The desk: the application service the dashboard and the command line both drive.

It owns what an editor works with (the store, the duplicate finder, the related-items
graph, the folder watcher) and the long-running work around them: loading the folder,
the duplicate pass, following outside changes, and every edit through one queue with
undo and redo. It imports no Textual: a screen, a script or a test drives it the same
way and hears back through typed events (`events.py`), called from the desk's threads.

Two ways to use it:

- **Running** (the dashboard): `start()` starts the watcher and one thread that loads
  the folder, prepares search and finds duplicates; edits are `submit`ted to the
  writer thread (`edit_queue.py`), in order, and each outcome comes back as
  `EditDone`. `close()` ends it all; edits already queued still land.
- **Headless** (the command line, scripts): `Desk(root, watch=False, follow=False)`
  starts no thread at all; `load()`, `read_story()`, `find_duplicates()` and the
  edit methods (`set_published`, `undo`, `decide_duplicate`...) run on the caller's
  thread and return their outcome.

**Which thread touches the store.** Loading batches (`Store.add_batch`) and folder
changes (`Store.sync_files`) are applied on the desk's threads, not handed to the UI
thread as they used to be (with a blocking `call_from_thread` per batch). That is
safe because the store changes its stories, indexes, orders and problems only under
its lock, and edits already did so from the writer thread: every store method that
walks those tables takes the same lock, the list's queries and search included, and
the dictionary look-ups a screen makes without it (`stories.get`) are single atomic
operations. Store events are emitted after the lock is released, on the thread that
made the change; every listener only queues (the finder), posts a message (screens)
or updates under its own lock (the graph), as they already had to for edits. It is
also faster for the screen: at 100,000 stories each batch's indexing and re-sorting
no longer runs on the UI thread between two key presses, and loading no longer waits
for the UI to take each batch.

**Edits are serialised.** The edit methods hold one lock, so an undo reads the last
step and undoes that same step even when a script calls the desk from two threads;
the writer thread runs them one at a time anyway.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable, Collection, Iterable
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from tui.core.disk import folder
from tui.core.store.records import EditOutcome, EditStep
from tui.core.store.store import Store
from tui.desk import loading
from tui.desk.edit_queue import Edit, EditQueue
from tui.desk.events import DeskEvent, DeskListener, EditDone, Failure, Listeners
from tui.desk.field_edits import FieldEditsMixin  # issue 16: tag, set_field, apply_topic_plan, reread
from tui.desk.folder_sync import FolderSync
from tui.desk.history import History

if TYPE_CHECKING:  # imported when first needed: `newsdesk publish` needs no duplicate engine
    from tui.core.disk.watcher import FolderWatcher
    from tui.core.dupes.finder import DuplicateFinder
    from tui.core.dupes.scoring import DedupeConfig
    from tui.core.graph import DuplicatePair, Graph
    from tui.desk.repo import RepoState

EXIT_WAIT = 30.0  # seconds the process waits at exit for a forgotten desk's queued edits
_OPEN: weakref.WeakSet[Desk] = weakref.WeakSet()


@atexit.register
def _close_forgotten_desks() -> None:
    """The desk's threads are daemon threads, so a desk nobody closed (a crashed app,
    a script) cannot keep the process alive. Exit handlers run before daemon threads
    are stopped: here every such desk is closed and its writer given time to land
    the edits already queued, as `close` promises; passes under way just stop."""
    for desk in list(_OPEN):
        desk.close()
        desk._edits.close(wait=True, timeout=EXIT_WAIT)


class Desk(FieldEditsMixin):
    """Store, finder, graph and watcher, the passes that fill them and the edit queue."""

    def __init__(
        self,
        root: str,
        *,
        store: Store | None = None,
        settings: Any = None,
        dedupe: DedupeConfig | None = None,
        watch: bool = True,
        follow: bool = True,
        cache: bool | None = None,
    ) -> None:
        """`store`: one already filled (then `start(load=False)`); `settings`: the
        loaded settings (`settings.dupes` configures the finder) and `dedupe` a config
        that overrides them (the command line's flags); `watch`: follow outside
        changes; `follow`: keep duplicates and the graph in step with every edit, on
        threads of their own (the dashboard); `cache`: reuse a saved duplicate pass
        (default: unless the command line said --no-cache)."""
        self.root = root
        self.settings = settings
        self.store = store if store is not None else Store(root)
        self._config: DedupeConfig | None = dedupe if dedupe is not None else getattr(settings, "dupes", None)
        self._follow, self._cache = follow, cache
        self._finder: DuplicateFinder | None = None
        self._graph: Graph | None = None
        if follow:  # listening to the store before the first batch arrives
            from tui.core.graph import Graph

            self._graph = Graph(self.store, duplicate_pairs=self._pairs)
        self._listeners = Listeners()
        self._closed = threading.Event()
        self._driver_here = threading.Event()  # cleared by start(hold_events=True)
        self._driver_here.set()
        self._edit_lock = threading.RLock()
        self._edits = EditQueue(self._edit_done)
        self._history = History(self.store, lambda: self.finder)
        self._sync = FolderSync(
            self.store, self._emit, self._closed.is_set, hold=self._edit_lock, decisions=self.reload_decisions
        )
        self.watcher: FolderWatcher | None = None
        if watch:
            from tui.core.disk.watcher import FolderWatcher

            self.watcher = FolderWatcher(
                root,
                self._sync.on_change,
                on_error=lambda exc: self._fail("folder watcher", exc),
                on_log=self._sync.on_log,  # a colleague's duplicate decisions arrive like stories
            )
        # Issue 15: the folder's git service, on a thread of its own that first finds the
        # work tree (`repo.located`: None while it looks, False outside git). Nothing here
        # runs git: the dashboard's first frame never waits for it.
        self.repo: RepoState | None = None
        if watch:
            from tui.desk.repo import RepoState

            self.repo = RepoState.find(root, self.store, self._emit, submit=self.submit, edit_lock=self._edit_lock)
            self.store.subscribe(self.repo.store_listener)
            self._history.followers.append(self.repo.follow_history)  # a discard's undo stages again
        self._threads: list[threading.Thread] = []
        _OPEN.add(self)

    @property
    def finder(self) -> DuplicateFinder:
        """The duplicate finder; a headless desk builds it on first use."""
        if self._finder is None:
            from tui.core.dupes.finder import DuplicateFinder

            self._finder = DuplicateFinder(self.store, self._config, subscribe=self._follow, cache=self._cache)
            self._finder.report_errors(self._rescore_failed)
        return self._finder

    @property
    def graph(self) -> Graph:
        """The related-items graph; a headless desk builds it on first use, unfollowing."""
        if self._graph is None:
            from tui.core.graph import Graph

            self._graph = Graph(self.store, duplicate_pairs=self._pairs, subscribe=False)
        return self._graph

    def _pairs(self) -> Iterable[DuplicatePair]:
        # The graph keeps a pair's decision as text (str(None) for an open one) and its
        # score as a number: the finder's pairs as they are, in the graph's terms.
        return cast("list[DuplicatePair]", self.finder.pairs())

    # -- listeners -------------------------------------------------------------------
    def subscribe(self, listener: DeskListener) -> None:
        """`listener(event)` is called from the desk's threads (see `events.py`)."""
        self._listeners.add(listener)

    def unsubscribe(self, listener: DeskListener) -> None:
        self._listeners.remove(listener)

    def _emit(self, event: DeskEvent) -> None:
        self._listeners.emit(event)

    def _fail(self, where: str, exc: BaseException, sid: str | None = None) -> None:
        self._emit(Failure(where, f"{type(exc).__name__}: {exc}", sid))

    def _rescore_failed(self, exc: BaseException, ids: set[str]) -> None:
        """The finder's re-score of `ids` raised: a Failure naming the story if one."""
        self._fail("duplicates re-score", exc, next(iter(ids)) if len(ids) == 1 else None)

    # -- running -------------------------------------------------------------------
    @property
    def started(self) -> bool:
        return bool(self._threads)

    DRIVER_WAIT = 10.0  # seconds loading waits, at most, for a driver started early

    def start(self, *, load: bool = True, hold_events: bool = False) -> None:
        """Watch the folder, then load it (`load`; else the store is taken as it is) and
        find duplicates, on a thread of the desk's own.

        `hold_events`: the driver comes later (the dashboard, still importing Textual).
        What happens until then is kept for it (`Listeners.hold`), and loading stops
        after its first batch until the driver says it is ready (`driver_ready`):
        unpickling batches holds the interpreter lock for milliseconds at a time, and
        run beside the import it made the import take 3 s instead of a quarter of one.
        One batch is a screenful and more; the rest loads while the editor looks."""
        if hold_events:
            self._listeners.hold()
            self._driver_here.clear()
        if self.watcher is not None:
            # Watch before the first scan, so nothing that changes during loading is missed.
            self.watcher.start()
        if self.repo is not None:
            self.repo.start()
        if not load:
            self.store.finish_loading()
        self._spawn("newsdesk-load" if load else "newsdesk-dedupe", lambda: self._start_up(load))

    def _spawn(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)  # see _close_forgotten_desks
        self._threads.append(thread)
        thread.start()

    def _start_up(self, load: bool) -> None:
        if load:
            try:
                if not self.load():
                    return  # closed meanwhile
            except Exception as exc:
                self._fail("loading", exc)
                if not self.store.loaded:
                    self.store.finish_loading()
            try:
                self.store.prepare_search()  # here, not on the first keystroke after `/`
            except Exception as exc:
                self._fail("search index", exc)
        try:
            self.find_duplicates()
        except Exception as exc:
            self._fail("duplicates", exc)

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    def close(self, *, wait: bool = False, timeout: float | None = 30.0) -> None:
        """Stop: no more events, no more edits taken (those queued still land), the
        watcher stopped, passes under way give up at their next step. `wait`: until
        the desk's threads have ended (up to `timeout` seconds each)."""
        self._closed.set()
        self._driver_here.set()  # a load waiting for its driver ends now
        _OPEN.discard(self)
        self._listeners.close()
        self._edits.close(wait=wait, timeout=timeout)
        if self.watcher is not None:
            self.watcher.stop()
        if self.repo is not None:
            self.repo.close(wait=wait)
        if self._finder is not None:
            self._finder.close(wait=wait)  # a re-score under way must not hold up quitting
        if self._graph is not None:
            self._graph.close()
        if wait:
            for thread in self._threads:
                if thread is not threading.current_thread():
                    thread.join(timeout)

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close(wait=True)

    # -- the passes, on the caller's thread --------------------------------------------
    def load(self) -> bool:
        """Load the whole folder into the store, in batches (progress as events);
        False when the desk was closed meanwhile."""
        wait = None if self._driver_here.is_set() else (lambda: self._driver_here.wait(self.DRIVER_WAIT))
        return loading.load_folder(self.store, self._emit, self._closed.is_set, after_first=wait)

    def driver_ready(self) -> None:
        """The driver of an early start is up (the dashboard drew its first frame):
        loading goes on past its first batch."""
        self._driver_here.set()

    def read_story(self, sid: str) -> str | None:
        """Read one story file into the store (a script's edit needs only its own
        stories, not the whole folder); the reason when it is not a story."""
        story, problems = folder.read_one(self.root, sid)
        if story is None and self.store.site.active:  # a site file Jekyll reads (`published: nO`): issue 14
            self.store.add_batch([], problems)  # listed as a placeholder when that is its only fault
            if sid in self.store.stories or sid in self.store.unreadable:
                return None  # an unreadable row: the site toggle refuses it, saying what to fix
        if story is None:
            return problems[0].message if problems else "no such story in the folder"
        self.store.add_batch([story])
        return None

    def find_duplicates(self) -> bool:
        """The full duplicate pass (progress, then `DuplicatesReady`); False when the
        desk was closed meanwhile."""
        return loading.find_duplicates(self.finder, self.store, self._emit, self._closed.is_set)

    # -- the edit queue -------------------------------------------------------------
    def submit(self, edit: Edit, *, clear_marks: bool = False) -> bool:
        """Run `edit` (one of the methods below, or any callable giving an outcome) on
        the writer thread after those queued before it; its outcome comes back as
        `EditDone(outcome, clear_marks)`. False once the desk is closed."""
        return self._edits.submit(edit, clear_marks=clear_marks)

    @property
    def pending_edits(self) -> int:
        """Edits queued or running whose `EditDone` has not been emitted yet."""
        return self._edits.pending

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Until every submitted edit is done and reported; False on timeout."""
        return self._edits.wait_idle(timeout)

    def _edit_done(self, outcome: EditOutcome, clear_marks: bool) -> None:
        self._emit(EditDone(outcome, clear_marks))

    # -- edits, on the caller's thread ------------------------------------------------
    def toggle(self, ids: Collection[str]) -> EditOutcome:
        """Publish them all when none is published, else unpublish them all."""
        with self._edit_lock:
            return self.store.toggle(ids)

    def set_published(self, ids: Collection[str], value: bool) -> EditOutcome:
        """Every file or none; one undo step."""
        with self._edit_lock:
            return self.store.set_published(ids, value)

    def undo(self) -> EditOutcome:
        """Undo the last edit; a duplicates decision's step takes its record along."""
        with self._edit_lock:
            return self._history.undo()

    def redo(self) -> EditOutcome:
        with self._edit_lock:
            return self._history.redo()

    def undo_step(self, step: EditStep) -> EditOutcome:
        """Undo an earlier step alone (the session's edits); a discard's stages again."""
        with self._edit_lock:
            return self._history.undo_step(step)

    def reload_decisions(self) -> bool:
        """Apply the duplicate decisions log as it is on disk now (the watcher calls this
        when it changes: a sync or pull brought decisions); False when nothing changed
        or no duplicate pass has run yet (it reads the log itself)."""
        finder = self._finder
        return finder is not None and finder.reload_decisions()

    def decide_duplicate(self, key: str, canonical: str | None = None) -> EditOutcome:
        """Keep `canonical` (default: the suggested copy) published, unpublish the others."""
        with self._edit_lock:
            return self.finder.decide_duplicate(key, canonical)

    def decide_distinct(self, key: str) -> EditOutcome:
        """Record that a suggestion's stories are different stories; no file changes."""
        with self._edit_lock:
            return self.finder.decide_distinct(key)

    def undo_decision(self) -> EditOutcome:
        """Undo the last duplicates decision in force (the review's `u`), recomputing
        its edits from the files as they are now."""
        with self._edit_lock:
            return self.finder.undo_decision()
