"""Sort orders kept up to date and filters as sets: the same answers as sorting afresh.

The store keeps each sort order alive across additions, edits and removals instead of
re-sorting 100,000 stories per key press; these tests hold the maintained orders and
the set-based filters to the plain definitions (sort everything, test every story).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.stories import T0, Spec, story, write
from tui.core.model import Story
from tui.core.store.orders import BULK, KEY_OF, SortOrders
from tui.core.store.query import PUBLISH_FILTERS, SORT_KEYS, Query
from tui.core.store.store import Store

BASE = story(Spec("Base story"), "base.md")
TITLES = ["alpha", "Alpha", "beta", "Ökonomie", "zebra", "", "ünder", "beta"]
PROVIDERS = ["Wire One", "wire one", "AP", "Zeit", ""]


def make(
    sid: str, title: int, hours: int | None, quality: int | None, heat: int, provider: int, published: bool
) -> Story:
    return replace(
        BASE,
        id=sid,
        title=TITLES[title],
        published_at=None if hours is None else T0 + timedelta(hours=hours),
        quality=quality,
        heat=heat,
        provider_name=PROVIDERS[provider],
        published=published,
    )


fields = st.tuples(
    st.integers(0, len(TITLES) - 1),
    st.one_of(st.none(), st.integers(-5, 5)),  # few values: many ties, broken by id
    st.one_of(st.none(), st.integers(0, 3)),
    st.integers(-1, 3),
    st.integers(0, len(PROVIDERS) - 1),
    st.booleans(),
)
ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.lists(fields, max_size=BULK + 20)),
        st.tuples(st.just("change"), st.lists(st.tuples(st.integers(0, 200), fields), max_size=BULK + 10)),
        st.tuples(st.just("remove"), st.lists(st.integers(0, 200), max_size=BULK + 10)),
    ),
    max_size=8,
)


@settings(max_examples=60, deadline=None)
@given(ops)
def test_maintained_orders_equal_a_fresh_sort(script: list[tuple[str, list]]) -> None:
    stories: dict[str, Story] = {}
    orders = SortOrders()
    for key in SORT_KEYS:
        orders.ids(key, stories.values())  # built while empty, then only maintained
    serial = 0
    for op, items in script:
        pairs: list[tuple[Story | None, Story | None]] = []
        if op == "add":
            for f in items:
                serial += 1
                new = make(f"s{serial:04d}.md", *f)
                stories[new.id] = new
                pairs.append((None, new))
        elif op == "change" and stories:
            ids = sorted(stories)
            for pick, f in items:
                sid = ids[pick % len(ids)]
                old, new = stories[sid], make(sid, *f)
                stories[sid] = new
                pairs.append((old, new))
        elif op == "remove" and stories:
            for pick in items:
                ids = sorted(stories)
                if ids:
                    sid = ids[pick % len(ids)]
                    pairs.append((stories.pop(sid), None))
        orders.change(pairs)
        for key in SORT_KEYS:
            expected = [s.id for s in sorted(stories.values(), key=KEY_OF[key])]
            assert orders.ids(key, stories.values()) == expected, key


def _slow(store: Store, q: Query) -> list[str]:
    """The definition: sort every story, keep those every filter accepts."""
    order = [s.id for s in sorted(store.stories.values(), key=KEY_OF[q.sort])]
    if q.descending:
        order.reverse()

    def keep(s: Story) -> bool:
        return (
            (q.state != "published" or s.published)
            and (q.state != "unpublished" or not s.published)
            and (q.state != "duplicates" or s.id in store.suspects)
            and (q.state != "decided" or s.id in store.decided)
            and (q.provider is None or s.provider_name == q.provider)
            and (q.topic is None or q.topic in s.topics)
        )

    return [sid for sid in order if keep(store.stories[sid])]


def test_set_filters_and_kept_orders_agree_with_the_definition(tmp_path: Path) -> None:
    specs = {
        f"{i:03d}.md": Spec(
            f"Story {i % 7}",
            hours=i % 5,
            provider=["Wire One", "AP", "Zeit"][i % 3],
            published=[None, "false", "true", "no"][i % 4],
            quality=i % 4 * 10,
            heat=i % 3 - 1,
        )
        for i in range(40)
    }
    write(tmp_path, specs)
    store = Store(str(tmp_path))
    store.load()
    store.prepare_search()
    store.set_suspects({"003.md", "010.md", "011.md"})
    store.set_decided({"004.md", "013.md"})
    assert store.toggle(["005.md", "006.md"]).ok  # edits after the orders were built
    (tmp_path / "012.md").unlink()
    store.reload("012.md")
    for key in SORT_KEYS:
        for descending in (False, True):
            for state in PUBLISH_FILTERS:
                for provider in (None, "AP", "Nobody"):
                    q = Query(sort=key, descending=descending, state=state, provider=provider)
                    assert store.query(q).ids == _slow(store, q), q
