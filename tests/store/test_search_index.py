"""The fast search index answers exactly what the plain search rules answer.

`SearchIndex` (joined lower-cased texts scanned in C, spans worked out per row) is held
to `search()` (the rules, story by story): same ids in the same order, same spans, on
hypothesis-made folders full of repeated words, odd case rules (İ, Σ) and separators.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.store.search import Entry, SearchIndex, search


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    provider_name: str
    excerpt: str


WORDS = [
    "facial",
    "recognition",
    "police",
    "us",
    "use",
    "using",
    "warehouse",
    "wareh0use",
    "İstanbul",
    "ΣΟΦΙΑΣ",
    "business",
    "a",
    "an",
    "Mass",
    "massachusetts",
    "x\x00y",
    "p\x01q",
    "“quoted”",
    "ﬁle",
]
text = st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
stories = st.lists(st.tuples(text, st.sampled_from(["CNBC", "Governing", "us news", ""]), text), max_size=40)
queries = st.one_of(
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join),
    st.text(alphabet="acegilnorsuwx İΣ", max_size=8),
)


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, queries)
def test_the_index_answers_what_the_rules_answer(items: list[tuple[str, str, str]], query: str) -> None:
    folder = [Story(f"s{i:03d}", t, p, e) for i, (t, p, e) in enumerate(items)]
    hits = search(query, [Entry.of(s.id, s.title, s.provider_name, s.excerpt) for s in folder])
    found = SearchIndex.of(folder).search(query)
    assert found.ids == [h.id for h in hits]
    for hit in hits:
        assert (found.spans.get(hit.id) or ()) == hit.all_spans, hit


def test_spans_are_only_worked_out_when_asked() -> None:
    folder = [Story(f"s{i}", f"story {i} about facial recognition", "X", "") for i in range(1000)]
    found = SearchIndex.of(folder).search("facial")
    assert len(found.ids) == 1000 and found.spans  # truthy, though nothing computed yet
    assert dict.__len__(found.spans) == 0  # type: ignore[arg-type]
    assert found.spans.get("s7") == ((14, 20),)
    assert dict.__len__(found.spans) == 1  # type: ignore[arg-type]


@settings(
    max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, queries)
def test_exact_hits_first_then_near_misses_add_up_to_one_search(items: list[tuple[str, str, str]], query: str) -> None:
    """The dashboard shows exact hits at once and near misses a moment later: the two
    steps must end where one full search ends, with the exact hits as its head."""
    folder = [Story(f"s{i:03d}", t, p, e) for i, (t, p, e) in enumerate(items)]
    whole = SearchIndex.of(folder).search(query)
    index = SearchIndex.of(folder)
    exact = index.search(query, near=False)
    then = index.search(query)
    assert then.ids == whole.ids and then.complete
    assert whole.ids[: len(exact.ids)] == exact.ids
    if not exact.complete:  # near misses were still to be looked for
        assert len(exact.ids) < 50
    else:
        assert exact.ids == whole.ids
    for sid in whole.ids:
        assert then.spans.get(sid) == whole.spans.get(sid)


@settings(
    max_examples=100, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, queries)
def test_near_misses_scored_in_slices_rank_as_one_pass(items: list[tuple[str, str, str]], query: str) -> None:
    """The fuzzy pass runs in slices (so the UI thread gets the GIL between them); the
    ranking must be the one a single pass over every title gives."""
    import tui.core.store.near_misses as near_module

    folder = [Story(f"s{i:03d}", t, p, e) for i, (t, p, e) in enumerate(items)]
    hits = search(query, [Entry.of(s.id, s.title, s.provider_name, s.excerpt) for s in folder])
    saved = near_module.NEAR_CHUNK
    near_module.NEAR_CHUNK = 3
    try:
        found = SearchIndex.of(folder).search(query)
    finally:
        near_module.NEAR_CHUNK = saved
    assert found.ids == [h.id for h in hits]


@settings(
    max_examples=200, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, queries, st.integers(0, 3))
def test_typing_forward_narrows_to_what_a_fresh_search_finds(
    items: list[tuple[str, str, str]], query: str, back: int
) -> None:
    """While a query is typed, each keystroke looks only among the previous one's hits;
    every prefix (and a step back) must answer what a fresh index answers."""
    folder = [Story(f"s{i:03d}", t, p, e) for i, (t, p, e) in enumerate(items)]
    index = SearchIndex.of(folder)
    typed = [query[:n] for n in range(1, len(query) + 1)]
    typed += [query[: max(1, len(query) - back)], query]  # backspace, then type again
    for text in typed:
        for near in (False, True):
            assert index.search(text, near=near).ids == SearchIndex.of(folder).search(text, near=near).ids, (text, near)


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, queries, st.booleans())
def test_common_and_rare_fragments_rank_alike_either_way(
    items: list[tuple[str, str, str]], query: str, common: bool
) -> None:
    """A fragment judged common is found by a find per title, a rare one by one scan of
    them all (`SearchIndex._common`); held to the rules with either way forced, typed
    forward as well, with phrases that start far into long titles."""
    folder = [Story(f"s{i:03d}", "mass " * (i % 13) + t, p, e) for i, (t, p, e) in enumerate(items)]
    entries = [Entry.of(s.id, s.title, s.provider_name, s.excerpt) for s in folder]
    judge = SearchIndex._common
    SearchIndex._common = lambda self, needle: common  # type: ignore[method-assign]
    try:
        index = SearchIndex.of(folder)
        for text in [query[:n] for n in range(1, len(query) + 1)]:
            assert index.search(text).ids == [h.id for h in search(text, entries)], text
    finally:
        SearchIndex._common = judge  # type: ignore[method-assign]


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(stories, st.lists(queries, min_size=1, max_size=4), st.sampled_from([1, 5, 1_000_000]))
def test_remembered_passes_answer_what_a_fresh_index_answers(
    items: list[tuple[str, str, str]], searches: list[str], memo: int
) -> None:
    """Exact passes are kept for a needle typed again (a second search starting with the
    same letters, backspacing): searches typed one after another, each prefix and then
    the earlier ones again, answer what a fresh index answers, and the kept passes stay
    within their bound (`memo` stories here: the oldest go first, the newest stays)."""
    import tui.core.store.search as search_module

    folder = [Story(f"s{i:03d}", t, p, e) for i, (t, p, e) in enumerate(items)]
    saved = search_module.MEMO_HITS
    search_module.MEMO_HITS = memo
    try:
        index = SearchIndex.of(folder)
        typed = [q[:n] for q in searches for n in range(1, len(q) + 1)]
        for text in typed + typed[::-1]:
            for near in (False, True):
                expected = SearchIndex.of(folder).search(text, near=near)
                assert index.search(text, near=near).ids == expected.ids, (text, near)
            assert index._memo_size == sum(len(kept) + search_module.PASS_COST for kept in index._passes.values())
            assert index._memo_size <= memo or len(index._passes) == 1
    finally:
        search_module.MEMO_HITS = saved


def test_a_needle_typed_again_is_not_searched_again() -> None:
    folder = [Story(f"s{i}", f"story {i} about facial recognition", "X", "") for i in range(200)]
    index = SearchIndex.of(folder)
    first = index.search("facial", near=False).ids
    index.search("police", near=False)
    calls: list[tuple[Any, ...]] = []
    exact_pass = index._exact_pass

    def counted(*args: Any, **kwargs: Any) -> list[int]:
        calls.append(args)
        return exact_pass(*args, **kwargs)

    index._exact_pass = counted  # type: ignore[method-assign]
    assert index.search("facial", near=False).ids == first
    assert calls == []
    assert index.search("facial r", near=False).ids == first  # typed forward from the kept pass
    assert len(calls) == 1 and calls[0][2] is not None  # looked only among "facial"'s hits
    index.forget_passes()  # nothing kept: the needle is searched again
    assert index._memo_size == 0 and index.search("facial", near=False).ids == first and len(calls) == 2


def test_kept_passes_are_bounded_in_memory_whatever_their_hits(monkeypatch: Any) -> None:
    """The kept passes stay within a few megabytes however they come: a needle with no
    exact hit (every typo typed, letter by letter) is kept too, and was counted as no
    story at all, so such passes piled up without end (100,000 of them held 20 MB); and
    a kept story position cost a Python int and a pointer (~36 bytes: 1,000,000 held
    40 MB, not the ~8 MB MEMO_HITS promised)."""
    import tracemalloc

    import tui.core.store.search as search_module

    monkeypatch.setattr(search_module, "MEMO_HITS", 64 * 10)
    small = SearchIndex.of([Story(f"s{i}", f"story {i}", "X", "") for i in range(20)])
    for i in range(200):
        assert small.search(f"qq{i}", near=False).ids == []
    assert len(small._passes) <= 10

    monkeypatch.setattr(search_module, "MEMO_HITS", 1_000_000)
    folder = SearchIndex.of([Story(f"s{i}", f"story {i}", "X", "") for i in range(50_000)])
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        hits = folder.search("story", near=False).ids
        del hits
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held < 50_000 * 10  # one kept pass of 50,000 stories: under 10 bytes each
    assert folder.search("story", near=False).ids == [f"s{i}" for i in range(50_000)]
