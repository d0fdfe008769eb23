"""Issue 18 in the store: a search's list follows the sort the header names (relevance
is its own sort), near misses are counted apart from exact hits, and date windows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tui.core.store import dates
from tui.core.store.query import SORT_KEYS, Query
from tui.core.store.store import Store

NOW = datetime(2021, 5, 9, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(seeds_copy: Path) -> Store:
    store = Store(str(seeds_copy))
    store.load()
    return store


def test_a_search_follows_the_sort(store: Store) -> None:
    ranked = store.query(Query(text="facial"))
    assert len(ranked.ids) >= 3
    for key in SORT_KEYS:
        for descending in (True, False):
            q = Query(text="facial", sort=key, descending=descending, ranked=False)
            ids = store.query(q).ids
            assert sorted(ids) == sorted(ranked.ids)
            whole = [sid for sid in store.query(Query(sort=key, descending=descending)).ids if sid in set(ids)]
            assert ids == whole, key


def test_relevance_is_a_sort_while_searching() -> None:
    q = Query().with_text("teams")
    assert q.describe_sort() == "relevance"
    seen = [q.describe_sort()]
    for _ in range(len(SORT_KEYS)):
        q = q.next_sort()
        seen.append(q.describe_sort())
    assert seen == ["relevance", "date ↓", "heat ↓", "quality ↓", "provider ↑", "title ↑"]
    assert q.next_sort().describe_sort() == "relevance"
    assert Query().next_sort().describe_sort() == "heat ↓"  # not date reversed
    assert Query(sort="title", descending=False).next_sort().describe_sort() == "date ↓"


def test_near_misses_are_counted_apart(store: Store) -> None:
    result = store.query(Query(text="legislatrs"))
    assert result.ids and result.exact == 0  # all typo matches
    exact = store.query(Query(text="facial recognition"))
    assert exact.exact is not None and 0 < exact.exact <= len(exact.ids)
    sorted_near = store.query(Query(text="legislatrs", sort="title", descending=False, ranked=False))
    assert sorted_near.exact == 0 and set(sorted_near.ids) == set(result.ids)


def test_date_windows_and_since(store: Store) -> None:
    window = dates.window("30d", NOW)
    shown = store.query(Query(since=window.since, since_label=window.label)).ids
    every = {sid: s.published_at for sid, s in store.stories.items()}
    assert window.since is not None
    assert shown and set(shown) == {sid for sid, at in every.items() if at and at >= window.since}
    assert Query(since=window.since, since_label=window.label).describe_filter() == "last 30 days"
    day = dates.parse_day("2021-05-07", NOW)
    assert day == date(2021, 5, 7)
    since = dates.since_day(day, NOW)
    ids = store.query(Query(since=since.since, since_label=since.label, text="facial")).ids
    assert ids and all(every[sid] and every[sid] >= since.since for sid in ids)  # type: ignore[operator]
    assert dates.parse_day("7d", NOW) == date(2021, 5, 2)
    assert dates.parse_day("yesterday", NOW) == date(2021, 5, 8)
    assert dates.parse_day("2021-02-30", NOW) is None
    assert dates.parse_day("next tuesday", NOW) is None
    assert dates.next_window("") == "today" and dates.next_window("last 30 days") == "any"


def test_many_hits_are_picked_from_the_kept_order(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.store import queries

    expected = {
        (key, descending): store.query(Query(text="massachusetts", sort=key, descending=descending, ranked=False)).ids
        for key in SORT_KEYS
        for descending in (True, False)
    }
    monkeypatch.setattr(queries, "SORT_PICK_ABOVE", 0)
    for (key, descending), ids in expected.items():
        assert store.query(Query(text="massachusetts", sort=key, descending=descending, ranked=False)).ids == ids
