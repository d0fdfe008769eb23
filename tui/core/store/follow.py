"""How the store follows files that changed on disk behind its back: the watcher's batches.

A mixin of `Store`, apart so each file reads as one concern (as `queries.py` is): a file
re-read by the watcher or by hand replaces, adds or drops its story (a rename is told as
one), its problems follow, and on a Jekyll site a file that stopped reading as a story
becomes a row of the list (`Store.unreadable`) and back. Everything here runs under the
store's lock and emits its events once the lock is released.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from tui.core.disk import folder
from tui.core.model import Problem, Story
from tui.core.store.records import DiskState, EventKind
from tui.core.store.site_view import PUBLISHED_FAULT, SiteView


class FolderFollow:
    root: str
    stories: dict[str, Story]
    problems: dict[str, list[Problem]]
    unreadable: dict[str, Story]
    loaded: bool
    site: SiteView
    _lock: threading.RLock
    _synced_while_loading: set[str]

    def _put(self, story: Story) -> tuple[Story | None, Story | None]:
        raise NotImplementedError

    def _drop(self, sid: str) -> tuple[Story | None, Story | None]:
        raise NotImplementedError

    def _changed(self, pairs: list[tuple[Story | None, Story | None]], *, listed: bool = True) -> None:
        raise NotImplementedError

    def _emit(self, kind: EventKind, ids: Iterable[str] = (), renamed: tuple[tuple[str, str], ...] = ()) -> None:
        raise NotImplementedError

    def _set_unreadable(self, sid: str, problems: Iterable[Problem]) -> None:
        raise NotImplementedError

    def ids_under(self, prefix: str) -> list[str]:
        """Ids of known stories and problem files inside the sub-folder `prefix` (every
        one for "": the watcher's word for a folder that went or came back)."""
        with self._lock:
            start = prefix.rstrip("/") + "/" if prefix else ""
            return [sid for sid in [*self.stories, *self.problems] if sid.startswith(start)]

    def sync_files(self, states: Iterable[DiskState]) -> None:
        """Bring memory in line with files that changed on disk behind our back.

        A file whose bytes are what we already hold (our own write, seen again by the
        watcher) is a no-op. A story that vanished under one id and appeared under
        another with the same bytes in one batch is reported as a rename, so the
        dashboard's cursor can follow it.
        """
        added: list[str] = []
        changed: list[str] = []
        removed: dict[str, Story] = {}
        pairs: list[tuple[Story | None, Story | None]] = []
        problems_changed = False
        with self._lock:
            for state in states:
                if not self.site.keeps(state.id):
                    continue
                self.site.forget(state.id)
                if not self.loaded:
                    self._synced_while_loading.add(state.id)
                sid, old = state.id, self.stories.get(state.id)
                had_problems = self.problems.pop(sid, None) is not None
                if state.problems:
                    self.problems[sid] = list(state.problems)
                problems_changed |= had_problems or bool(state.problems)
                story = state.story
                if (
                    story is None
                    and self.site.active
                    and any(p.message.startswith(PUBLISHED_FAULT) for p in state.problems)
                ):
                    story = self.site.placeholder(sid)  # a site file Jekyll reads (`published: nO`)
                if story is None:
                    if old is not None:
                        pairs.append(self._drop(sid))
                        removed[sid] = old
                    if self.site.active:
                        self._set_unreadable(sid, state.problems)
                    continue
                if old is not None and old.facts.fingerprint == story.facts.fingerprint:
                    continue
                self.unreadable.pop(sid, None)  # a file that reads as a story again
                pairs.append(self._put(story))
                (changed if old is not None else added).append(sid)
            if pairs or problems_changed:
                self._changed(pairs, listed=bool(pairs))
            renamed = self._pair_renames(removed, added)
        # Observers that index by id see a rename as removed + added; "renamed" only
        # tells the screen where a moved story went.
        if renamed:  # first, so the screen moves its cursor before it redraws the rest
            self._emit("renamed", [new for _, new in renamed], renamed=renamed)
        if removed:
            self._emit("removed", removed)
        if added:
            self._emit("added", added)
        if changed:
            self._emit("changed", changed)
        if problems_changed and not (added or changed or removed):
            self._emit("problems")

    def _pair_renames(self, removed: dict[str, Story], added: list[str]) -> tuple[tuple[str, str], ...]:
        by_print = {story.facts.fingerprint: sid for sid, story in removed.items()}
        pairs = []
        for sid in added:
            old = by_print.pop(self.stories[sid].facts.fingerprint, None)
            if old is not None:
                pairs.append((old, sid))
        return tuple(pairs)

    def reload(self, sid: str) -> None:
        """Re-read one file from disk (after an outside change) and tell observers."""
        story, problems = folder.read_one(self.root, sid)
        with self._lock:
            self.unreadable.pop(sid, None)
            pair = self._put(story) if story is not None else self._drop(sid)
            self.problems.pop(sid, None)
            if problems:
                self.problems[sid] = problems
            if story is None and self.site.active:
                self._set_unreadable(sid, problems)
            self._changed([pair])
        self._emit("changed" if story is not None else "removed", (sid,))
