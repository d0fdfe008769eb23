"""The in-memory store: every story of the folder, its indexes, edits and undo.

The files are the source of truth. The store only ever changes a story by writing its
file through the codec and then re-reading what it wrote, so memory cannot drift from
disk. Observers (the UI, the duplicate finder) subscribe to events instead of polling.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial

from tui.core.disk import cache, folder
from tui.core.disk.writer import rewrite
from tui.core.format.decode import fingerprint, parse_story
from tui.core.format.edits import EditError, LineChange, replay, set_published
from tui.core.format.literal import cut, one_line
from tui.core.format.urls import canonical_url
from tui.core.format.wording import quoted
from tui.core.model import Problem, RelatedItem, Story
from tui.core.store import restore
from tui.core.store.follow import FolderFollow
from tui.core.store.indexes import Indexes
from tui.core.store.orders import SortOrders
from tui.core.store.queries import ListQueries
from tui.core.store.records import (
    DiskState,
    EditOutcome,
    EditStep,
    EventKind,
    FileEdit,
    ListResult,
    StoreEvent,
)
from tui.core.store.search import Found, SearchIndex
from tui.core.store.site_view import PUBLISHED_FAULT, SiteView

__all__ = ["DiskState", "EditOutcome", "EditStep", "FileEdit", "ListResult", "Store", "StoreEvent"]

Listener = Callable[[StoreEvent], None]


def _listed(story: Story) -> tuple[object, ...]:
    """The fields search entries are built from."""
    return (story.title, story.excerpt, story.provider_name)


class Store(ListQueries, FolderFollow):
    def __init__(self, root: str) -> None:
        self.root = root
        self.stories: dict[str, Story] = {}
        # A site's files newsdesk cannot read as stories, as rows of the list (stand-ins,
        # never in `stories`: store/unreadable.py); always empty in a plain folder.
        self.unreadable: dict[str, Story] = {}
        self.problems: dict[str, list[Problem]] = {}
        self.suspects: frozenset[str] = frozenset()
        self.decided: frozenset[str] = frozenset()  # copies an editor marked as duplicates
        self.loaded = False
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._index = Indexes()
        self._orders = SortOrders()
        self._version = 0  # bumped by every change of `stories` or `problems`
        self._error_count = (-1, 0)  # (version, count)
        self._entries: SearchIndex | None = None
        self._search_cache: tuple[str, Found] | None = None
        self._undo: list[EditStep] = []
        self._redo: list[EditStep] = []
        # Ids the watcher brought up to date during the first load, which that load's
        # (possibly cached, so older) copies must not overwrite.
        self._synced_while_loading: set[str] = set()
        # A folder with a _config.yml is a Jekyll site: its collections' files only,
        # each with its site outcome, and toggles through format/site_edits.
        self.site = SiteView(root)

    # -- observers -------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, kind: EventKind, ids: Iterable[str] = (), renamed: tuple[tuple[str, str], ...] = ()) -> None:
        event = StoreEvent(kind, tuple(ids), renamed)
        for listener in list(self._listeners):
            listener(event)

    # -- loading ---------------------------------------------------------------
    def load(self, progress: Callable[[int, int], None] | None = None) -> None:
        """Load the whole folder synchronously (the UI uses `add_batch` from a worker)."""
        for batch in folder.iter_load(self.root):
            self.add_batch(batch.stories, batch.problems, batch.verdicts)
            if progress is not None:
                progress(batch.done, batch.total)
        self.finish_loading()

    def add_batch(
        self, stories: Iterable[Story], problems: Iterable[Problem] = (), verdicts: Sequence[cache.Verdict] = ()
    ) -> None:
        """Loaded stories; a file the watcher re-read meanwhile is newer than this copy.
        `verdicts` (folder.Batch's): on a site, each ordinary story's `published` line,
        so its outcome is judged without reading the file again (SiteView.remember)."""
        added: list[str] = []
        with self._lock:
            fresh = self._synced_while_loading
            rows: list[Story] = []
            if self.site.active:  # a site: its collections' files only, and those Jekyll reads
                problems = [problem for problem in problems if self.site.keeps(problem.id)]
                placeholders, rows = self._site_rows(problems)
                stories = [story for story in stories if self.site.keeps(story.id)] + placeholders
            pairs = [self._put(story) for story in stories if story.id not in fresh]
            added = [new.id for _, new in pairs if new is not None]
            for problem in problems:
                if problem.id not in fresh:
                    self.problems.setdefault(problem.id, []).append(problem)
            for row in rows:
                if row.id not in fresh:
                    self.unreadable[row.id] = row
            if verdicts and self.site.active:
                self.site.remember(verdicts, self.stories, fresh)
            self._changed(pairs)
        self._emit("added", added)

    def finish_loading(self) -> None:
        with self._lock:  # the watcher's sync_files may be running on its thread
            self.loaded = True
            self._synced_while_loading = set()
        self._emit("loaded")

    def _site_rows(self, problems: Iterable[Problem]) -> tuple[list[Story], list[Story]]:
        """A site's files that failed to load (an error: never a story), as rows: those
        whose only fault is their `published` value (`"false"`, `0`, `nO`) as stories
        (SiteView.placeholder), the others as unreadable rows (SiteView.unreadable_row).
        Only problem files are looked at: ordinary stories cost nothing here."""
        failed: dict[str, bool] = {}  # id -> one of its errors is the `published` value's
        for p in problems:
            if p.severity == "error":
                failed[p.id] = failed.get(p.id, False) or p.message.startswith(PUBLISHED_FAULT)
        placeholders: list[Story] = []
        rows: list[Story] = []
        for sid in sorted(failed):
            placeholder = self.site.placeholder(sid) if failed[sid] else None
            if placeholder is not None:
                placeholders.append(placeholder)
            elif (row := self.site.unreadable_row(sid)) is not None:
                rows.append(row)
        return placeholders, rows

    def _set_unreadable(self, sid: str, problems: Iterable[Problem]) -> None:
        """After a file was read again and is no story: its unreadable row, if it has one."""
        row = self.site.unreadable_row(sid) if any(p.severity == "error" for p in problems) else None
        if row is not None:
            self.unreadable[sid] = row
        else:
            self.unreadable.pop(sid, None)

    def _put(self, story: Story) -> tuple[Story | None, Story | None]:
        """Index a story (replacing its older copy); returns (old, new) for `_changed`."""
        old = self.stories.get(story.id)
        if old is not None:
            self._index.drop(old)
        self.site.forget(story.id)
        self.stories[story.id] = story
        self._index.put(story)
        return old, story

    def _drop(self, sid: str) -> tuple[Story | None, Story | None]:
        old = self.stories.pop(sid, None)
        self.site.forget(sid)
        if old is not None:
            self._index.drop(old)
        return old, None

    def _changed(self, pairs: list[tuple[Story | None, Story | None]], *, listed: bool = True) -> None:
        """Keep the sort orders in step; `listed=False`: no searchable field changed."""
        self._version += 1
        if pairs:
            self._orders.change(pairs)
        if listed:
            self._entries = None
            self._search_cache = None

    # -- reading ---------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.stories)

    def __contains__(self, sid: object) -> bool:
        return sid in self.stories

    def get(self, sid: str) -> Story | None:
        return self.stories.get(sid)

    def row(self, sid: str) -> Story | None:
        """A row of the list: the story, or on a site the stand-in of a file newsdesk
        cannot read (`unreadable`). Asked by what shows rows (the list, the detail pane,
        `newsdesk list`); whatever reasons about stories reads `stories` only."""
        return self.stories.get(sid) or self.unreadable.get(sid)

    def path(self, sid: str) -> str:
        return folder.id_path(self.root, sid)

    # The readers below walk tables that loading and folder sync change on the desk's
    # threads: under the lock, or a walk meets a dict that changed size.
    def errors(self) -> list[Problem]:
        with self._lock:
            return [p for ps in self.problems.values() for p in ps if p.severity == "error"]

    def error_count(self) -> int:
        """Files that failed to load, for the status line: it is redrawn on every key,
        and a folder can carry a warning for most of its 100,000 stories."""
        cached = self._error_count
        if cached[0] != self._version:
            with self._lock:
                ids = {p.id for ps in self.problems.values() for p in ps if p.severity == "error"}
                cached = self._error_count = (self._version, len(ids))
        return cached[1]

    def all_problems(self) -> list[Problem]:
        with self._lock:
            return [p for sid in sorted(self.problems) for p in self.problems[sid]]

    @property
    def published_count(self) -> int:
        return len(self._index.published)

    def resolve(self, item: RelatedItem) -> str | None:
        """The id of the folder's story this related entry points at, if any."""
        return self._index.resolve(item)

    def find_by_url(self, url: str) -> str | None:
        return self._index.url_to_id.get(canonical_url(url))

    def outgoing(self, sid: str) -> list[tuple[RelatedItem, str | None]]:
        story = self.stories.get(sid)
        if story is None:
            return []
        return [(item, self.resolve(item)) for item in story.related]

    def incoming(self, sid: str) -> list[str]:
        """Stories whose `related` list points at this one, through any URL variant."""
        story = self.stories.get(sid)
        if story is None:
            return []
        return sorted(self._index.linking_to(story))

    def providers(self) -> list[tuple[str, int]]:
        with self._lock:
            return self._index.providers()

    def topics(self) -> list[tuple[str, int]]:
        with self._lock:
            return self._index.topics()

    def set_suspects(self, ids: Collection[str]) -> None:
        """Stories with open duplicate suggestions, published by the dedupe layer."""
        self.suspects = frozenset(ids)
        self._emit("suspects", self.suspects)

    def set_decided(self, ids: Collection[str]) -> None:
        """Copies an editor marked as duplicates of another (not the kept copy): they
        stay visible (a marker, the "decided" filter) after the suggestion is settled."""
        decided = frozenset(ids)
        if decided != self.decided:
            self.decided = decided
            self._emit("suspects", self.suspects)

    # -- queries ---------------------------------------------------------------
    # -- edits -----------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def toggle(self, ids: Collection[str]) -> EditOutcome:
        """Publish them all when none is published, else unpublish them all."""
        # A site's unreadable row too: the site toggle refuses it, saying what to fix.
        present = [sid for sid in ids if sid in self.stories or sid in self.unreadable]
        if not present:
            return EditOutcome(False, "no story to toggle")
        if self.site.active:  # publish them all when none is a page of the site
            value = not any(self.site.is_page(sid, self.stories.get(sid)) for sid in present)
            return self.set_published(present, value)
        value = not any(self.stories[sid].published for sid in present)
        return self.set_published(present, value)

    def set_published(self, ids: Collection[str], value: bool, label: str | None = None) -> EditOutcome:
        """Write every file or none: a failure part-way rolls back what was written."""
        verb = "Published" if value else "Unpublished"
        changed, failure = self._write_flags(dict.fromkeys(ids, value), lambda done: label or self._label(verb, done))
        if failure is not None:
            return failure
        if changed:
            return EditOutcome(True, self._label(verb, changed), changed)
        return EditOutcome(True, f"Already {'published' if value else 'unpublished'}; nothing to write")

    def _write_flags(
        self, values: Mapping[str, bool], label: Callable[[list[str]], str]
    ) -> tuple[tuple[str, ...], EditOutcome | None]:
        """Set each story's flag to its value, all files or none, as one undo step."""
        # A site's file newsdesk cannot read as a story (`published: nO`) is toggled too.
        missing = [
            sid
            for sid in values
            if sid not in self.stories and not (self.site.active and (sid in self.problems or sid in self.unreadable))
        ]
        if missing:
            return (), EditOutcome(
                False, f"unknown story: {missing[0]}", failures=tuple((m, "unknown story") for m in missing)
            )

        def forward(raw: bytes, sid: str) -> tuple[bytes, LineChange] | None:
            if self.site.active:
                return self.site.toggle(sid, raw, values[sid])
            return set_published(raw, values[sid])

        with self._lock:
            done, failure, touched = self._apply(list(values), forward)
            if failure is None and done:
                self._undo.append(EditStep(label([e.id for e in done]), tuple(done)))
                self._redo.clear()
        changed = tuple(dict.fromkeys([*touched, *(e.id for e in done)]))
        if changed:
            self._emit("changed", changed)
        if failure is not None:
            return (), failure
        return tuple(e.id for e in done), None

    def _label(self, verb: str, ids: Collection[str]) -> str:
        if len(ids) == 1:
            sid = next(iter(ids))
            story = self.stories.get(sid)
            return f"{verb} “{one_line(cut(story.title if story and story.title else sid, 80))}”"  # bounded
        return f"{verb} {len(ids)} stories"

    def _apply(
        self,
        ids: list[str],
        edit: Callable[[bytes, str], tuple[bytes, LineChange] | None],
    ) -> tuple[list[FileEdit], EditOutcome | None, list[str]]:
        """Write each file; returns what was written, the failure if one file could not
        be (everything written is then rolled back), and the stories found changed by
        someone else on the way. Called under the lock; the caller emits the events
        once it is released, so observers never run while the store is locked."""
        done: list[FileEdit] = []
        stale: list[str] = []
        for sid in ids:
            captured: list[LineChange] = []

            def transform(raw: bytes, sid: str = sid, captured: list[LineChange] = captured) -> bytes | None:
                result = edit(raw, sid)
                if result is None:
                    return None
                captured[:] = [result[1]]
                return result[0]

            try:
                raw, new, mtime = rewrite(self.path(sid), transform, root=self.root)
            except EditError as exc:
                self._rollback(done)
                title = one_line(cut(self.stories[sid].title or sid if sid in self.stories else sid, 80))
                reason = str(exc)
                failure = EditOutcome(
                    False, f"Could not change “{title}”: {reason}. Nothing was changed.", failures=((sid, reason),)
                )
                return [], failure, stale + [e.id for e in done]
            if new is not None:
                self._refresh(sid, new, mtime)
                done.append(FileEdit(sid, captured[0]))
            elif self._stale(sid, raw):
                # Someone else already set the flag: show what the file says now.
                self._refresh(sid, raw, mtime)
                stale.append(sid)
        return done, None, stale

    def _stale(self, sid: str, raw: bytes) -> bool:
        story = self.stories.get(sid)
        return story is not None and story.facts.fingerprint != fingerprint(raw)

    def _rollback(self, done: list[FileEdit]) -> None:
        for item in reversed(done):
            try:
                _, new, mtime = rewrite(
                    self.path(item.id), partial(replay, change=item.change.inverse()), root=self.root
                )
            except EditError:
                continue  # someone else changed it meanwhile; their bytes win
            if new is not None:
                self._refresh(item.id, new, mtime)

    def _refresh(self, sid: str, raw: bytes, mtime_ns: int) -> None:
        story, problems = parse_story(sid, raw, mtime_ns)
        if story is None and self.site.active and any(p.message.startswith(PUBLISHED_FAULT) for p in problems):
            story = self.site.placeholder(sid, raw)  # undo put back `published: "false"`
        if story is not None:
            self.unreadable.pop(sid, None)
            old, new = self._put(story)
            # The write re-applied our edit to whatever was on disk, so the bytes may
            # carry someone else's change too: then the search entries are stale.
            self._changed([(old, new)], listed=old is None or _listed(old) != _listed(story))
            self.problems.pop(sid, None)
            if problems:
                self.problems[sid] = problems

    def _replay_step(self, step: EditStep, undo: bool) -> EditOutcome:
        if restore.is_swap_step(step):  # whole files (a discarded change): created, removed or replaced
            return restore.replay_step(self, step, undo)
        changes = {e.id: e.change for e in step.edits}

        def change_for(sid: str) -> LineChange:
            change = changes[sid]
            return change.inverse() if undo else change

        def edit(raw: bytes, sid: str) -> tuple[bytes, LineChange]:
            change = change_for(sid)
            return replay(raw, change), change

        with self._lock:
            done, failure, touched = self._apply([e.id for e in step.edits], edit)
        changed = tuple(dict.fromkeys([*touched, *(e.id for e in done)]))
        if changed:
            self._emit("changed", changed)
        verb = "Undid" if undo else "Redid"
        if failure is not None:
            action = "undo" if undo else "redo"
            reason = failure.failures[0][1]
            return EditOutcome(
                False,
                f"Cannot {action} {quoted(step.label)}: {reason}. Nothing was changed.",
                failures=failure.failures,
            )
        return EditOutcome(True, f"{verb}: {step.label}", tuple(e.id for e in done))

    def undo(self) -> EditOutcome:
        if not self._undo:
            return EditOutcome(False, "Nothing to undo")
        step = self._undo.pop()
        outcome = self._replay_step(step, undo=True)
        if outcome.ok:
            self._redo.append(step)
            return outcome
        # Someone else's edit made the step unreplayable: drop it, keep history usable.
        return replace(outcome, message=outcome.message + " The step was dropped from the history.")

    def redo(self) -> EditOutcome:
        if not self._redo:
            return EditOutcome(False, "Nothing to redo")
        step = self._redo.pop()
        outcome = self._replay_step(step, undo=False)
        if outcome.ok:
            self._undo.append(step)
            return outcome
        return replace(outcome, message=outcome.message + " The step was dropped from the history.")

    # -- for the duplicate finder (one decision = one undo step) -----------------
    @property
    def last_step(self) -> EditStep | None:
        """The step `undo()` would revert next."""
        return self._undo[-1] if self._undo else None

    def undo_steps(self) -> tuple[EditStep, ...]:
        """The steps `undo()` can revert, oldest first (the session's edits)."""
        with self._lock:
            return tuple(self._undo)

    def set_published_each(self, values: Mapping[str, bool], label: str | Callable[[list[str]], str]) -> EditOutcome:
        """Set each story's flag to its own value: all files or none, one undo step.

        Marking duplicates unpublishes several copies in one action, so one undo must
        revert them all. `label` may be worked out from the ids actually written (the
        files decide: a copy already unpublished writes nothing), so the step's words
        match its files.
        """
        name = label if callable(label) else (lambda done: label)
        changed, failure = self._write_flags(values, name)
        if failure is not None:
            return failure
        return EditOutcome(True, name(list(changed)), changed) if changed else EditOutcome(True, "Nothing to write")

    def undo_step(self, step: EditStep) -> EditOutcome:
        """Undo this step even when other edits came after it (or it is from before a
        restart, rebuilt from a record): its lines are replayed backwards, and it leaves
        the history. On top of the history this is exactly `undo()`."""
        if self._undo and self._undo[-1] == step:
            return self.undo()
        outcome = self._replay_step(step, undo=True)
        if outcome.ok and step in self._undo:
            self._undo.remove(step)
        return outcome
