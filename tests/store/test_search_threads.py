"""A search runs off the store's lock and gives up when a newer one replaces it.

The dashboard searches on a worker thread. Its near-miss pass takes tens of ms at
100,000 stories; held under the store's lock, a filter switch or an edit on another
thread waited it out, and a pass the next keystroke had made useless ran to its end.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import tui.core.store.near_misses as near_module
from tui.core.store.query import Query
from tui.core.store.search import SearchCancelled, SearchIndex
from tui.core.store.store import Store

S2 = "002_ec13f126c5df086c.txt"


def loaded(folder: Path) -> Store:
    store = Store(str(folder))
    store.load()
    store.prepare_search()
    return store


def test_a_cancelled_near_miss_pass_stops_and_keeps_nothing(seeds_copy: Path) -> None:
    store = loaded(seeds_copy)
    exact = store.query(Query(text="legislatrs"), near=False)
    assert not exact.complete  # near misses are wanted for this one
    with pytest.raises(SearchCancelled):
        store.query(Query(text="legislatrs"), cancelled=lambda: True)
    assert store.query(Query(text="legislatrs"), near=False).complete is False  # nothing half-done was cached
    whole = store.query(Query(text="legislatrs"), cancelled=lambda: False)
    assert whole.complete and "004_ff9743790476918e.txt" in whole.ids


@pytest.mark.parametrize("query", ["passes", "mass police", "a"])
@pytest.mark.parametrize("after", [0, 1, 2])
def test_an_exact_pass_gives_up_between_its_steps_and_leaves_nothing_behind(
    seeds_copy: Path, query: str, after: int
) -> None:
    """Replaced part-way (after `after` checks), a search raises and keeps nothing:
    neither as the store's cached answer nor as the pass the next keystroke narrows."""
    store = loaded(seeds_copy)
    index = store._entries
    assert index is not None
    checks = []

    def cancelled() -> bool:
        checks.append(True)
        return len(checks) > after

    try:
        index.search(query, near=False, cancelled=cancelled)
    except SearchCancelled:
        assert index._exact is None
    else:
        assert len(checks) <= after  # finished before the flag went up
    assert (
        index.search(query + "x", near=False).ids
        == SearchIndex.of(store.stories.values()).search(query + "x", near=False).ids
    )
    assert index.search(query).ids == SearchIndex.of(store.stories.values()).search(query).ids


def test_the_store_is_not_locked_while_near_misses_are_scored(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = loaded(seeds_copy)
    inside, go_on = threading.Event(), threading.Event()
    scoring = near_module.whole

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        inside.set()
        assert go_on.wait(10)
        return scoring(*args, **kwargs)

    monkeypatch.setattr(near_module, "whole", held)
    results = []
    searcher = threading.Thread(target=lambda: results.append(store.query(Query(text="legislatrs"))))
    searcher.start()
    try:
        assert inside.wait(10)
        # Other threads list, filter and edit meanwhile, without waiting for it.
        done: list[object] = []
        others = [
            threading.Thread(target=lambda: done.append(store.query(Query(state="unpublished")))),
            threading.Thread(target=lambda: done.append(store.set_published([S2], not store.get(S2).published))),
        ]
        for thread in others:
            thread.start()
            thread.join(5)
        assert len(done) == 2 and done[1].ok  # type: ignore[attr-defined]
    finally:
        go_on.set()
        searcher.join(10)
    assert results and results[0].complete
