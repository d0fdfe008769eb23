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
    assert [title[a:b] for a, b in hits[0].all_spans] == ["massachuset", "facial"]
    assert ids("facial recognitoin") == ["a", "d"]  # close as a whole: the first kind, folder order
    assert ids("polise facial") == []  # 'polise' is in no title, 'police' only in b's excerpt
    assert ids("wisconsn bans") == ["c"]


def test_short_words_are_never_taken_by_typo() -> None:
    # 'mss' could be a slip for many words: under 5 letters a word must be there as typed.
    assert ids("mss facal") == []
    assert ids("mas facal") == ["a"]  # 'mas' as typed, in 'massachusetts'
    assert ids("homes facal") == ["a"]
