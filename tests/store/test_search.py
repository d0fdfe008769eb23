"""Incremental search: whole phrase in a title first, then every word anywhere, then typos."""

from __future__ import annotations

from tui.core.store.search import Entry, search

ENTRIES = [
    Entry.of("a", "Massachusetts Homes in on Facial Recognition Accountability", "Government Technology", "bill"),
    Entry.of("b", "States move to limit facial scans", "CNBC", "recognition software in police use"),
    Entry.of("c", "Wisconsin Capital Bans City’s Use", "Governing", "nothing here"),
    Entry.of("d", "İstanbul facial recognition", "X", ""),  # lower() changes the length
]


def ids(query: str) -> list[str]:
    return [hit.id for hit in search(query, ENTRIES)]


def test_phrase_in_title_with_its_span() -> None:
    hits = search("Facial Recognition", ENTRIES)
    assert [h.id for h in hits][:2] == ["d", "a"]  # earlier in the title ranks higher
    a = next(h for h in hits if h.id == "a")
    title = "Massachusetts Homes in on Facial Recognition Accountability"
    assert a.span is not None and title[a.span[0] : a.span[1]] == "Facial Recognition"
    d = next(h for h in hits if h.id == "d")
    assert d.span is None  # offsets would be wrong, so none are given


def test_every_word_somewhere_ranks_after_title_phrases() -> None:
    assert ids("facial recognition") == ["d", "a", "b"]
    assert ids("governing wisconsin") == ["c"]  # provider + title
    assert ids("police facial") == ["b"]  # excerpt + title


def test_case_and_spaces_do_not_matter() -> None:
    assert ids("  MASSACHUSETTS   homes ") == ["a"]


def test_typos_are_found_fuzzily() -> None:
    hits = search("acountability", ENTRIES)
    assert [h.id for h in hits] == ["a"]
    assert hits[0].score < 85  # below every exact kind of hit
    assert ids("zzzzqqq") == []


def test_empty_query_finds_nothing() -> None:
    assert ids("") == [] and ids("   ") == []


def test_short_fragments_are_not_fuzzy() -> None:
    assert ids("wz") == []


def test_a_typo_in_one_word_of_several_still_finds_the_story() -> None:
    """The editor trial typed 'Masachusets facial' and got nothing: the whole needle is
    close to no stretch of any title (its words are not side by side there). Every word
    held as typed or, 5+ letters long, nearly held by the title finds it, after every
    exact hit and every whole-needle near miss."""
    hits = search("Masachusets facial", ENTRIES)
    assert [h.id for h in hits] == ["a"]
    assert hits[0].score < 70  # under the whole-needle near misses (72-75.6)
    title = "massachusetts homes in on facial recognition accountability"
    assert [title[a:b] for a, b in hits[0].all_spans] == ["massachusetts", "facial"]  # whole words
    assert ids("facial recognitoin") == ["a", "d"]  # close as a whole: the first kind, folder order
    assert ids("polise facial") == []  # 'polise' is in no title, 'police' only in b's excerpt
    assert ids("wisconsn bans") == ["c"]


def test_short_words_are_never_taken_by_typo() -> None:
    # 'mss' could be a slip for many words: under 5 letters a word must be there as typed.
    assert ids("mss facal") == []
    assert ids("mas facal") == ["a"]  # 'mas' as typed, in 'massachusetts'
    assert ids("homes facal") == ["a"]


def test_a_replaced_search_gives_up_scoring_words() -> None:
    """A common pivot word can make tens of thousands of candidates, scored one by one:
    a search the next key replaced stops between slices of them."""
    import pytest

    from tui.core.store import near_misses
    from tui.core.store.near_misses import SearchCancelled

    titles = [f"state news {i}" for i in range(3 * near_misses.NEAR_CHUNK)]
    texts = [f"{t}\x01x\x01" for t in titles]
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        # 3 slices of the title pass, after it, after the holders, then the scoring's
        # first slice: the replacement comes at its second.
        return len(asked) > 6

    with pytest.raises(SearchCancelled):
        near_misses.by_words(["state", "newss"], titles, texts, lambda w: range(len(titles)), cancelled)
    assert len(asked) == 7
    found = near_misses.by_words(["state", "newss"], titles[:10], texts[:10], lambda w: range(10))
    assert [index for _, index in found] == list(range(10))


def test_near_miss_highlights_cover_whole_words() -> None:
    """rapidfuzz's alignment starts and ends anywhere ('er insurance in Seattl' inside
    'cyber insurance in Seattle'); a highlight cut inside a word reads as another word."""
    from tui.core.store.near_misses import alignment

    title = "new cyber insurance in seattle rules"
    for needle in ("yber insurance in seatle", "cyber insurence in seattl", "insurance in seatle"):
        span = alignment(needle, title)
        assert span is not None
        start, end = span
        assert (start == 0 or not title[start - 1].isalnum()) and (end == len(title) or not title[end].isalnum())
        assert "insurance in seattle" in title[start:end]
