"""Near misses: the stories a search finds by typo tolerance, after every exact hit.

Two kinds, both scored with rapidfuzz's `partial_ratio` (the best-aligned stretch of a
title) against `FUZZY_CUTOFF`:

- the whole needle close to a stretch of the title ("acountability");
- for a query of several words, every word either in the story's text as typed or,
  typed with `FUZZY_WORD_LENGTH` letters or more, close to a stretch of the title:
  "masachusets facial" finds "Massachusetts Homes in on Facial Recognition", which the
  whole needle does not (its words are not side by side in the title). They rank after
  the first kind, by how close their words came.

Both are cut into slices of `NEAR_CHUNK` titles: rapidfuzz holds the GIL for a whole
call, and between slices the UI thread gets the interpreter back and a search the next
keystroke replaced gives up (`SearchCancelled`). `search.search` (the rules, story by
story) and `SearchIndex` (the fast one) share these functions, so they agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 80
FUZZY_WORD_LENGTH = 5  # a word of a longer query is looked for by typo only if this long
NEAR_CHUNK = 8192  # titles scored per call: about 5 ms, one switch interval of the GIL
WORDS_SCALE = 70.0  # the second kind scores under 70, the first 72-75.6 (search.search)


class SearchCancelled(Exception):
    """A search given up between its steps: a newer one replaced it."""


def checker(needle: str, cancelled: Callable[[], bool] | None) -> Callable[[], None]:
    """A function to call between steps: raises `SearchCancelled` once `cancelled()`."""

    def stop() -> None:
        if cancelled is not None and cancelled():
            raise SearchCancelled(needle)

    return stop


def _close(needle: str, titles: list[str], cancelled: Callable[[], bool] | None) -> list[tuple[float, int]]:
    """(-score, index) of each title holding a stretch close to `needle`, in slices."""
    scored: list[tuple[float, int]] = []
    stop = checker(needle, cancelled)
    for start in range(0, len(titles), NEAR_CHUNK):
        stop()
        for _, score, index in process.extract(
            needle, titles[start : start + NEAR_CHUNK], scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            scored.append((-score, start + index))
    return scored


def whole(needle: str, titles: list[str], cancelled: Callable[[], bool] | None = None) -> list[int]:
    """Indices of titles that fuzzily hold the needle, best first (ties by index), as
    one `process.extract` would give them (~55 ms over 100,000 titles in one call)."""
    scored = _close(needle, titles, cancelled)
    scored.sort()
    return [index for _, index in scored]


def pivot(words: list[str]) -> str | None:
    """The word every story of the second kind must hold or nearly hold in its title,
    looked for first: the longest that may be a typo. None: no word is long enough to be
    looked for by typo, so a story with every word is an exact hit, and none is near."""
    if len(words) < 2:
        return None  # one word: the first kind covers it
    longest = max(words, key=len)
    return longest if len(longest) >= FUZZY_WORD_LENGTH else None


def words_score(words: list[str], title: str, text: str) -> float | None:
    """The second kind's score of a story (lowered `title`, and `text` holding its title,
    provider and excerpt): each word in the text counts 100, one close to a stretch of
    the title its `partial_ratio`; None unless every word counts and one came by typo."""
    total = 0.0
    typo = False
    for word in words:
        if word in text:
            total += 100.0
            continue
        if len(word) < FUZZY_WORD_LENGTH:
            return None
        score = fuzz.partial_ratio(word, title, score_cutoff=FUZZY_CUTOFF)
        if not score:
            return None
        total += score
        typo = True
    return WORDS_SCALE * total / (100.0 * len(words)) if typo else None


def by_words(
    words: list[str],
    titles: list[str],
    texts: list[str],
    holding: Callable[[str], Iterable[int]],
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[float, int]]:
    """(-score, index) of the second kind, best first (ties by index). Only stories that
    hold the pivot word (`holding(word)`: the indices whose text has it) or nearly hold
    it in their title can be of it, so only those are scored word by word."""
    key = pivot(words)
    if key is None:
        return []
    stop = checker(" ".join(words), cancelled)
    candidates = {index for _, index in _close(key, titles, cancelled)}
    stop()
    candidates.update(holding(key))
    stop()
    found = []
    for step, index in enumerate(sorted(candidates)):
        if not step % NEAR_CHUNK:  # a common pivot ("state") holds tens of thousands
            stop()
        score = words_score(words, titles[index], texts[index])
        if score is not None:
            found.append((-score, index))
    found.sort()
    return found


def alignment(needle: str, title: str) -> tuple[int, int] | None:
    """The stretch of `title` close to `needle`, widened to whole words: rapidfuzz's
    alignment starts and ends anywhere ("er insurance in Seattl" for "cyber insurance
    in Seattle"), and a highlight cut inside a word reads as a different word."""
    align = fuzz.partial_ratio_alignment(needle, title)
    if align is None:
        return None
    start, end = align.dest_start, align.dest_end
    while start > 0 and title[start - 1].isalnum():
        start -= 1
    while end < len(title) and title[end].isalnum():
        end += 1
    return start, end


def whole_spans(needle: str, words: list[str], title: str) -> tuple[tuple[int, int], ...]:
    """Highlights for the first kind: each word where the title has it or nearly has
    it, when that finds any ("masachusets facial" marks "Massachusetts" and "Facial",
    not the stretch between them), else the close stretch itself."""
    if len(words) > 1:
        found = word_spans(words, title)
        if found:
            return found
    span = alignment(needle, title)
    return (span,) if span else ()


def word_spans(words: list[str], title: str) -> tuple[tuple[int, int], ...]:
    """Where a second-kind story's words sit in its title: as typed, else the stretch
    close to the word (a word found only in the excerpt has none)."""
    found = []
    for word in words:
        at = title.find(word)
        if at >= 0:
            found.append((at, at + len(word)))
        elif len(word) >= FUZZY_WORD_LENGTH and fuzz.partial_ratio(word, title, score_cutoff=FUZZY_CUTOFF):
            span = alignment(word, title)
            if span is not None:
                found.append(span)
    return tuple(sorted(found))
