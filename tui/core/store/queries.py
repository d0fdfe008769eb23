"""What the article list asks of the store: sort orders, filters and search.

A mixin of `Store`, apart so each file reads as one concern: these methods only read
the store (under its lock) and keep the caches that make a key press cheap at 100,000
stories (sort orders kept sorted, the search text, set-based filters).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from itertools import compress

from tui.core.model import Story
from tui.core.store.indexes import Indexes
from tui.core.store.orders import KEY_OF, SortOrders
from tui.core.store.query import SORT_KEYS, Query, SortKey
from tui.core.store.records import ListResult
from tui.core.store.search import Found, SearchIndex
from tui.core.store.site_view import SiteView

SORT_PICK_ABOVE = 512  # hits; above this a search's sort is picked from the kept order


class ListQueries:
    stories: dict[str, Story]
    unreadable: dict[str, Story]  # a site's files newsdesk cannot read: rows, not stories
    suspects: frozenset[str]
    decided: frozenset[str]
    _lock: threading.RLock
    _index: Indexes
    _orders: SortOrders
    _version: int
    _entries: SearchIndex | None
    _search_cache: tuple[str, Found] | None
    site: SiteView  # a Jekyll site's collections and outcomes (issue 14)

    def _order(self, key: SortKey) -> list[str]:
        return self._orders.ids(key, self.stories.values())

    def prepare_search(self) -> None:
        """Build the search index and every sort order now (from a worker, after
        loading): at 100,000 stories each takes a quarter to half a second, which the
        first keystroke or `s` would otherwise wait for. Built off the lock from a
        snapshot, and kept only if no story changed meanwhile."""
        for key in SORT_KEYS:
            with self._lock:
                if self._orders.built(key):
                    continue
                version, stories = self._version, list(self.stories.values())
            order = SortOrders.build(key, stories)
            with self._lock:
                if self._version == version:
                    self._orders.adopt(key, order)
        with self._lock:
            if self._entries is not None:
                return
            version, stories = self._version, list(self.stories.values())
        entries = SearchIndex.of(stories)
        with self._lock:
            if self._version == version and self._entries is None:
                self._entries = entries
        # The orders, the search text and the graph built while loading live as long as
        # the folder does: out of the cyclic collector's sight, as the stories are
        # (folder._chunks), or each full collection walks them all (a second at 100k).
        gc.freeze()
        if self.site.active:  # a Jekyll site: every outcome judged now, so `J` does not wait (issue 14)
            with self._lock:
                held = dict(self.stories)
            self.site.differing(held, held)

    def search(self, text: str, *, near: bool = True, cancelled: Callable[[], bool] | None = None) -> Found:
        """`near=False`: exact hits only (see `SearchIndex.search`). The index is
        immutable, so the search runs off the store's lock: a near-miss pass takes tens
        of ms at 100,000 stories, which a filter switch or an edit would otherwise wait
        out. `cancelled` is asked between slices of that pass (`SearchCancelled`)."""
        with self._lock:
            cached = self._search_cache
            if cached is not None and cached[0] == text and (cached[1].complete or not near):
                return cached[1]
            entries = self._entries
            if entries is None:
                entries = self._entries = SearchIndex.of(self.stories.values())
        found = entries.search(text, near=near, cancelled=cancelled)
        with self._lock:
            if self._entries is entries:  # else a story changed meanwhile: do not keep it
                self._search_cache = (text, found)
        return found

    def query(self, q: Query, *, near: bool = True, cancelled: Callable[[], bool] | None = None) -> ListResult:
        """The list for `q`; `near=False` leaves a search's near misses for a second call."""
        if q.text.strip():
            with self._lock:
                version = self._version
            found = self.search(q.text, near=near, cancelled=cancelled)
            with self._lock:
                stories = self.stories
                exact = len(found.ids) if found.exact is None else found.exact
                hits, near_misses = found.ids[:exact], found.ids[exact:]
                if (
                    q.state != "all"
                    or q.provider is not None
                    or q.topic is not None
                    or q.since is not None
                    or (q.collection is not None or q.site_differs)
                ):
                    inside, outside = self._allowed(q)

                    def keep(ids: list[str]) -> list[str]:
                        return [
                            sid
                            for sid in ids
                            if sid in stories and sid not in outside and (inside is None or sid in inside)
                        ]

                    hits, near_misses = keep(hits), keep(near_misses)
                elif self._version != version:  # found in an index older than the stories
                    hits = [sid for sid in hits if sid in stories]
                    near_misses = [sid for sid in near_misses if sid in stories]
                if not q.by_relevance:
                    # The sort the header names, within each kind: exact hits stay above
                    # the near misses, which are labelled as such.
                    hits, near_misses = self._sorted(hits, q), self._sorted(near_misses, q)
                return ListResult([*hits, *near_misses], found.spans, found.complete, version, exact=len(hits))
        with self._lock:
            version = self._version
            order = self._order(q.sort)
            order = order[::-1] if q.descending else list(order)
            if q.filtered:
                inside, outside = self._allowed(q)
                if inside is not None:
                    order = [sid for sid in order if sid in inside and sid not in outside]
                else:
                    order = [sid for sid in order if sid not in outside]
            if self.unreadable:  # a site's unreadable files, in their place in the sort
                order = self._with_rows(order, q)
            return ListResult(order, {}, version=version)

    def _rows(self, q: Query) -> list[Story]:
        """The unreadable rows `q` lets through. They have no date, provider, topic or
        text, so a date window, a provider, a topic, a search or the duplicates filters
        leave them out; published means Jekyll writes their page; the disagreement
        filter takes those `unreadable.flagged` says."""
        if q.searching or q.provider is not None or q.topic is not None or q.since is not None:
            return []
        if q.state in ("duplicates", "decided"):
            return []
        site = self.site
        return [
            row
            for sid, row in self.unreadable.items()
            if (q.state != "published" or row.published)
            and (q.state != "unpublished" or not row.published)
            and (q.collection is None or site.collection(sid) == q.collection)
            and (not q.site_differs or site.flagged(sid))
        ]

    def _with_rows(self, ids: list[str], q: Query) -> list[str]:
        """`ids` (stories in the order of `q`) with the unreadable rows `q` lets through,
        each where its sort key puts it: a binary search per row, one copy of the list."""
        rows = self._rows(q)
        if not rows:
            return ids
        key_of, stories = KEY_OF[q.sort], self.stories
        rows.sort(key=key_of, reverse=q.descending)
        places: list[int] = []
        for row in rows:
            key, low, high = key_of(row), 0, len(ids)
            while low < high:  # the first story that sorts after the row
                mid = (low + high) // 2
                other = key_of(stories[ids[mid]])
                if (other > key) if not q.descending else (other < key):
                    high = mid
                else:
                    low = mid + 1
            places.append(low)
        out: list[str] = []
        start = 0
        for place, row in zip(places, rows, strict=True):
            out.extend(ids[start:place])
            out.append(row.id)
            start = place
        out.extend(ids[start:])
        return out

    def _sorted(self, ids: list[str], q: Query) -> list[str]:
        """`ids` (a search's hits) in the order of `q.sort`. Few are sorted by their
        keys; many (a first letter matches most of 100,000 stories) are picked out of
        the kept order with one C-level pass, instead of a Python key per hit."""
        stories = self.stories
        if len(ids) > SORT_PICK_ABOVE:
            keep = set(ids)
            order = self._order(q.sort)
            picked = list(compress(order, map(keep.__contains__, order)))
            return picked[::-1] if q.descending else picked
        key_of = KEY_OF[q.sort]
        present = [sid for sid in ids if sid in stories]
        return sorted(present, key=lambda sid: key_of(stories[sid]), reverse=q.descending)

    def _allowed(self, q: Query) -> tuple[set[str] | frozenset[str] | None, set[str]]:
        """The filter as sets: (stories it may show, None for all; stories it hides).

        A membership test per story runs in C; a Python predicate per story took most
        of a filter switch at 100,000 stories."""
        index = self._index
        sets: list[set[str] | frozenset[str]] = []
        outside: set[str] = set()
        if q.state == "published":
            sets.append(index.published)
        elif q.state == "unpublished":
            outside = index.published
        elif q.state == "duplicates":
            sets.append(self.suspects)
        elif q.state == "decided":
            sets.append(self.decided)
        if q.provider is not None:
            sets.append(index.by_provider.get(q.provider, set()))
        if q.topic is not None:
            sets.append(index.by_topic.get(q.topic, set()))
        if q.collection is not None or q.site_differs:  # a Jekyll site (issue 14)
            sets.append(self.site.allowed(self.stories, q.collection, differs=q.site_differs))
        if q.since is not None:
            sets.append(set(self._orders.dated_since(q.since.timestamp(), self.stories.values())))
        if not sets:
            return None, outside
        sets.sort(key=len)
        inside = sets[0] if len(sets) == 1 else set(sets[0]).intersection(*sets[1:])
        return inside, outside
