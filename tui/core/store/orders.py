"""The folder's stories in each sort order, kept sorted as stories come and go.

Sorting 100,000 stories in Python takes a quarter of a second, longer than an editor
should wait for `s`, and while a folder loads the list is re-queried several times a
second. So each order, once built, is kept up to date instead of thrown away: a story
that changes is moved with two binary searches, and a batch of new stories is sorted
on its own and merged in (Timsort merges two sorted runs in linear time).

Every sort key ends with the story's id, so no two keys are equal and a story's place
in an order is exactly where `bisect` finds its key.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tui.core.model import Story
from tui.core.store.query import SORT_KEYS, SortKey

SortTuple = tuple[Any, str]
#: Above this many changed stories, rebuilding an order beats moving them one by one.
BULK = 64


def _date(s: Story) -> SortTuple:
    return (s.published_at.timestamp() if s.published_at else float("-inf"), s.id)


def _heat(s: Story) -> SortTuple:
    return (s.heat_signal if s.heat_signal is not None else -1, s.id)


def _quality(s: Story) -> SortTuple:
    return (s.quality if s.quality is not None else -1, s.id)


def _provider(s: Story) -> SortTuple:
    return (s.provider_name.casefold(), s.id)


def _title(s: Story) -> SortTuple:
    return (s.title.casefold(), s.id)


KEY_OF: dict[SortKey, Callable[[Story], SortTuple]] = {
    "date": _date,
    "heat": _heat,
    "quality": _quality,
    "provider": _provider,
    "title": _title,
}


class _Order:
    """One sort order: the keys in ascending order and, in step, their story ids.

    A big batch of new keys waits in `_pending` until someone reads the order: while
    a folder loads, hundreds of batches arrive between two repaints, and merging each
    one into 100,000 keys would cost more than the loading itself.
    """

    __slots__ = ("key_of", "_keys", "_ids", "_pending")

    def __init__(self, key_of: Callable[[Story], SortTuple], stories: Iterable[Story]) -> None:
        self.key_of = key_of
        self._keys: list[SortTuple] = sorted(map(key_of, stories))
        # Now, not on first use: `prepare` builds orders off the store's lock, and the
        # list of 100,000 ids costs tens of ms that a key press should not pay.
        self._ids: list[str] | None = [k[1] for k in self._keys]
        self._pending: list[SortTuple] = []

    @property
    def ids(self) -> list[str]:
        self._merge()
        if self._ids is None:
            self._ids = [k[1] for k in self._keys]
        return self._ids

    def _merge(self) -> None:
        if self._pending:
            self._pending.sort()
            self._keys.extend(self._pending)
            self._keys.sort()  # two sorted runs: a linear merge
            self._pending = []
            self._ids = None

    def change(self, pairs: Sequence[tuple[Story | None, Story | None]]) -> None:
        """Apply (old, new) pairs: old None is an addition, new None a removal."""
        key_of = self.key_of
        gone: list[SortTuple] = []
        come: dict[SortTuple, None] = {}  # a story changed twice in one batch nets out
        for old, new in pairs:
            before = key_of(old) if old is not None else None
            after = key_of(new) if new is not None else None
            if before == after:
                continue  # a publish toggle moves no story in any order
            if before is not None:
                if before in come:
                    del come[before]
                else:
                    gone.append(before)
            if after is not None:
                come[after] = None
        if not gone and not come:
            return
        if len(gone) + len(come) <= BULK:
            ids = self.ids  # merges anything pending, so keys and ids are in step
            keys = self._keys
            for key in gone:
                at = bisect_left(keys, key)
                if at < len(keys) and keys[at] == key:
                    del keys[at]
                    del ids[at]
            for key in come:
                at = bisect_left(keys, key)
                keys.insert(at, key)
                ids.insert(at, key[1])
            return
        if gone:
            self._merge()
            dropped = set(gone)
            self._keys = [k for k in self._keys if k not in dropped]
        self._pending.extend(come)
        self._ids = None


class SortOrders:
    """Orders are built on first use (or ahead of it by `prepare`) and then maintained.

    Not thread-safe on its own: the store calls it under its lock.
    """

    def __init__(self) -> None:
        self._orders: dict[SortKey, _Order] = {}

    def ids(self, key: SortKey, stories: Iterable[Story]) -> list[str]:
        """The ids in ascending order of `key`; the list is shared, copy before changing."""
        order = self._orders.get(key)
        if order is None:
            order = self._orders[key] = _Order(KEY_OF[key], stories)
        return order.ids

    def dated_since(self, timestamp: float, stories: Iterable[Story]) -> list[str]:
        """Ids of stories dated at or after `timestamp`, oldest first: two steps of a
        binary search in the date order, not a test per story."""
        ids = self.ids("date", stories)
        order = self._orders["date"]
        return ids[bisect_left(order._keys, (timestamp,)) :]

    def built(self, key: SortKey) -> bool:
        return key in self._orders

    @staticmethod
    def build(key: SortKey, stories: Iterable[Story]) -> _Order:
        """An order built away from the store's lock; `adopt` puts it in place."""
        return _Order(KEY_OF[key], stories)

    def adopt(self, key: SortKey, order: _Order) -> None:
        self._orders.setdefault(key, order)

    def change(self, pairs: Sequence[tuple[Story | None, Story | None]]) -> None:
        for order in self._orders.values():
            order.change(pairs)


__all__ = ["BULK", "KEY_OF", "SORT_KEYS", "SortOrders"]
