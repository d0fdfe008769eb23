"""Incremental search over titles, providers and excerpts.

Editors type fragments ("mass facial", "govtech") and expect the obvious hits first,
then near misses (typos). Exact fragments are found with plain substring tests, which
are fast and easy to explain; rapidfuzz then ranks titles for typo tolerance.

Ranking: the whole phrase in a title (earlier is better), then every word somewhere
in title, provider or excerpt (more of them in the title is better), then titles that
match fuzzily. A query whose words are all shorter than `MIN_WORD_LENGTH` letters
matches titles only: "us" in half the excerpts ("business", "thus") is noise. Near misses are looked for only while the exact kinds found fewer than
`FUZZY_BELOW` stories: they rank after every exact hit, so past a few screens of those
nobody reaches them, and scoring 100,000 titles fuzzily costs more than all the rest.

`search(query, entries)` is the plain statement of these rules (and the reference the
tests hold the fast version to); `SearchIndex` gives the same answer at 100,000
stories within a keystroke: it scans one lower-cased text of all titles (and one of
everything) with `str.find`, which runs in C, instead of testing each story in Python,
and it computes highlight spans only for the rows a screen asks for.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Protocol

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 80
MIN_FUZZY_LENGTH = 3
MIN_WORD_LENGTH = 3  # fragments shorter than this match titles only
FUZZY_BELOW = 50  # exact hits (more than a screenful) at which near misses stop being looked for
_SEP = "\x00"  # between stories in the joined texts
_FIELD = "\x01"  # between title, provider and excerpt of one story


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    score: float
    span: tuple[int, int] | None  # where the match sits in the title, if it does
    spans: tuple[tuple[int, int], ...] = ()  # every matched word, for highlighting

    @property
    def all_spans(self) -> tuple[tuple[int, int], ...]:
        return self.spans or ((self.span,) if self.span else ())


@dataclass(frozen=True, slots=True)
class Entry:
    """A story's searchable text, lowered once (lower() keeps offsets for most text)."""

    id: str
    title: str
    provider: str
    excerpt: str
    same_length: bool

    @classmethod
    def of(cls, sid: str, title: str, provider: str, excerpt: str) -> Entry:
        lowered = title.lower()
        return cls(sid, lowered, provider.lower(), excerpt.lower(), len(lowered) == len(title))


def _word_spans(title: str, words: list[str]) -> tuple[tuple[int, int], ...]:
    found = []
    for word in words:
        at = title.find(word)
        if at >= 0:
            found.append((at, at + len(word)))
    return tuple(sorted(found))


def _needle(query: str) -> str:
    return " ".join(query.lower().split())


def search(query: str, entries: Sequence[Entry]) -> list[Hit]:
    """Hits best first: whole phrase in the title, then every word somewhere, then fuzzy."""
    needle = _needle(query)
    if not needle:
        return []
    words = needle.split()
    anywhere = max(map(len, words)) >= MIN_WORD_LENGTH
    hits: list[Hit] = []
    rest: dict[int, str] = {}
    for index, entry in enumerate(entries):
        at = entry.title.find(needle)
        if at >= 0:
            span = (at, at + len(needle)) if entry.same_length else None
            hits.append(Hit(entry.id, 100.0 - min(at, 50) / 10, span))
        elif anywhere and all(w in entry.title or w in entry.provider or w in entry.excerpt for w in words):
            in_title = sum(w in entry.title for w in words)
            spans = _word_spans(entry.title, words) if entry.same_length else ()
            hits.append(Hit(entry.id, 85.0 + 10 * in_title / len(words), spans[0] if spans else None, spans))
        else:
            rest[index] = entry.title
    if len(needle) >= MIN_FUZZY_LENGTH and rest and len(hits) < FUZZY_BELOW:
        for _, score, index in process.extract(
            needle, rest, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            entry = entries[index]
            span = _alignment(needle, entry.title) if entry.same_length else None
            hits.append(Hit(entry.id, min(score, 84.0) * 0.9, span))
    hits.sort(key=lambda h: -h.score)
    return hits


def _narrows(before: list[str], after: list[str]) -> bool:
    """Whether the hits for a needle typed on from `before` are among `before`'s: each
    word typed so far is in a word of the longer needle, so a story with all of those
    has all of these; but only if `before` looked at words at all (one of them long
    enough), or the longer needle does not either."""
    return max(map(len, before)) >= MIN_WORD_LENGTH or max(map(len, after)) < MIN_WORD_LENGTH


NEAR_CHUNK = 8192  # titles scored per call: about 5 ms, one switch interval of the GIL


def _near_misses(needle: str, titles: list[str]) -> list[int]:
    """Indices of titles that fuzzily hold the needle, best first (ties by index), as
    one `process.extract` would give them. rapidfuzz holds the GIL for a whole call,
    ~55 ms over 100,000 titles, which froze the UI thread for that long; in slices, the
    UI gets the interpreter back between them."""
    scored: list[tuple[float, int]] = []
    for start in range(0, len(titles), NEAR_CHUNK):
        for _, score, index in process.extract(
            needle, titles[start : start + NEAR_CHUNK], scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            scored.append((-score, start + index))
    scored.sort()
    return [index for _, index in scored]


def _alignment(needle: str, title: str) -> tuple[int, int] | None:
    align = fuzz.partial_ratio_alignment(needle, title)
    return None if align is None else (align.dest_start, align.dest_end)


# -- the fast index --------------------------------------------------------------------
class Searchable(Protocol):
    id: str
    title: str
    provider_name: str
    excerpt: str


class Spans(dict[str, tuple[tuple[int, int], ...]]):
    """Highlight spans by story id, worked out when a row asks for them.

    A one-letter search matches nearly every story; spans for all of them would cost
    more than the search. Always true, so `spans or {}` keeps it.
    """

    def __init__(self, compute: Callable[[str], tuple[tuple[int, int], ...]]) -> None:
        super().__init__()
        self._compute = compute

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        try:
            value = dict.__getitem__(self, key)
        except KeyError:
            value = self._compute(key)
            dict.__setitem__(self, key, value)
        return value if value else default

    def __getitem__(self, key: str) -> tuple[tuple[int, int], ...]:
        value = self.get(key)
        if not value:
            raise KeyError(key)
        return value  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return bool(isinstance(key, str) and self.get(key))

    def __bool__(self) -> bool:
        return True

    def __iter__(self) -> Iterator[str]:  # only what has been asked for so far
        return (k for k, v in dict.items(self) if v)


@dataclass(frozen=True, slots=True)
class Found:
    ids: list[str]  # best first
    spans: Spans | dict[str, tuple[tuple[int, int], ...]]
    complete: bool = True  # False: exact hits only, near misses not looked for yet


class SearchIndex:
    """Every story's lowered title and text, for scanning with C-level string methods."""

    def __init__(self, ids: list[str], titles: list[str], texts: list[str], same_length: list[bool] | None) -> None:
        self.ids = ids
        self.titles = titles  # lowered
        self.same_length = same_length  # None: all are
        self.title_blob = _SEP.join(titles)
        self.title_starts = [0, *accumulate(len(t) + 1 for t in titles)]
        self.text_blob = _SEP.join(texts)  # lowered "title\x01provider\x01excerpt", \x00 between stories
        self.text_starts = [0, *accumulate(len(t) + 1 for t in texts)]
        self.position = {sid: i for i, sid in enumerate(ids)}
        self._exact: tuple[str, list[int], list[str]] | None = None  # the last exact pass

    @classmethod
    def of(cls, stories: Iterable[Searchable]) -> SearchIndex:
        items = list(stories)
        ids = [s.id for s in items]
        raw_titles = [s.title for s in items]
        texts = _lower_all(list(map(_FIELD.join, zip(raw_titles, (s.provider_name for s in items), (s.excerpt for s in items)))))
        titles = [t.partition(_FIELD)[0] for t in texts]
        if any(_FIELD in t for t in raw_titles):  # a title that holds the field separator itself
            titles = [t.lower() for t in raw_titles]
        same = None
        if sum(map(len, titles)) != sum(map(len, raw_titles)):  # lower() only ever lengthens
            same = [len(a) == len(b) for a, b in zip(titles, raw_titles)]
        return cls(ids, titles, texts, same)

    def __len__(self) -> int:
        return len(self.ids)

    def _same(self, index: int) -> bool:
        return self.same_length is None or self.same_length[index]

    def _text(self, index: int) -> str:
        return self.text_blob[self.text_starts[index] : self.text_starts[index + 1] - 1]

    @staticmethod
    def _containing(blob: str, starts: list[int], needle: str) -> list[tuple[int, int]]:
        """(story, offset of the first match in its text) for each story holding `needle`."""
        find = blob.find
        found = []
        at = find(needle)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            found.append((index, at - starts[index]))
            at = find(needle, starts[index + 1])
        return found

    def search(self, query: str, *, near: bool = True) -> Found:
        """Exact hits, then (with `near`) near misses. Scoring every title fuzzily costs
        more than the exact kinds together, so the dashboard asks for the exact hits
        first, shows them, and asks again with `near`: the exact pass is remembered."""
        needle = _needle(query)
        if not needle:
            return Found([], {})
        if _SEP in needle or _FIELD in needle:
            return self._slow(query)
        words = needle.split()
        cached = self._exact
        if cached is not None and cached[0] == needle:
            order = list(cached[1])
        else:
            within = None
            if cached is not None and needle.startswith(cached[0]) and _narrows(cached[0].split(), words):
                within = sorted(cached[1])  # typing forward: the hits can only thin out
            order = self._exact_pass(needle, words, within)
            self._exact = (needle, list(order))
        # 3. near misses, while few exact hits were found
        fuzzy: dict[int, None] = {}
        wanted = len(needle) >= MIN_FUZZY_LENGTH and len(order) < FUZZY_BELOW and len(order) < len(self.titles)
        if wanted and near:
            exact = set(order)  # scored too (they are few), then skipped: cheaper than a dict of the rest
            for index in _near_misses(needle, self.titles):
                if index not in exact:
                    fuzzy[index] = None
            order.extend(fuzzy)
        ids = self.ids
        spans = Spans(lambda sid: self._spans(sid, needle, words, fuzzy))
        return Found([ids[i] for i in order], spans, complete=near or not wanted)

    def _exact_pass(self, needle: str, words: list[str], within: list[int] | None = None) -> list[int]:
        """Indices of the phrase and every-word hits, best first (rules 1 and 2); with
        `within` (ascending indices holding every hit), only those are looked at."""
        titles = self.titles
        buckets: dict[float, list[int]] = {}
        # 1. the phrase in the title, ranked by where it starts. A short fragment is in
        # most titles: one find per title; a longer one is rare: one scan of them all.
        if within is not None:
            matches: Iterable[tuple[int, int]] = ((i, at) for i in within if (at := titles[i].find(needle)) >= 0)
        elif len(needle) < 3:
            matches = ((i, at) for i, at in enumerate([t.find(needle) for t in titles]) if at >= 0)
        else:
            matches = self._containing(self.title_blob, self.title_starts, needle)
        phrase: set[int] = set()
        for index, at in matches:
            phrase.add(index)
            score = 100.0 - min(at, 50) / 10
            bucket = buckets.get(score)
            if bucket is None:
                buckets[score] = [index]
            else:
                bucket.append(index)
        phrase_scores = set(buckets)
        # 2. every word somewhere: the stories holding the longest word, then the others
        longest = max(words, key=len)
        candidates: list[int] = []
        if len(longest) >= MIN_WORD_LENGTH and within is not None:
            text = self._text
            candidates = [i for i in within if i not in phrase and longest in text(i)]
        elif len(longest) >= MIN_WORD_LENGTH:
            candidates = [i for i, _ in self._containing(self.text_blob, self.text_starts, longest) if i not in phrase]
        if len(longest) >= MIN_WORD_LENGTH:
            others = [w for w in words if w != longest]
            if others and candidates:
                text = self._text
                candidates = [i for i in candidates if all(w in text(i) for w in others)]
        both: set[float] = set()
        if len(words) == 1:
            if candidates:
                buckets.setdefault(85.0, []).extend(candidates)  # the word is not in those titles
        else:
            for index in candidates:
                title = titles[index]
                score = 85.0 + 10 * sum(w in title for w in words) / len(words)
                if score in phrase_scores:
                    both.add(score)
                buckets.setdefault(score, []).append(index)
        order: list[int] = []
        for score in sorted(buckets, reverse=True):
            found = buckets[score]
            order.extend(sorted(found) if score in both else found)
        return order

    def _spans(self, sid: str, needle: str, words: list[str], fuzzy: dict[int, None]) -> tuple[tuple[int, int], ...]:
        index = self.position.get(sid)
        if index is None or not self._same(index):
            return ()
        title = self.titles[index]
        if index in fuzzy:
            span = _alignment(needle, title)
            return (span,) if span else ()
        at = title.find(needle)
        if at >= 0:
            return ((at, at + len(needle)),)
        return _word_spans(title, words)

    def _slow(self, query: str) -> Found:
        entries = []
        for i, (sid, title) in enumerate(zip(self.ids, self.titles)):
            rest = self._text(i)[len(title) + 1 :]
            provider, _, excerpt = rest.partition(_FIELD)
            entries.append(Entry(sid, title, provider, excerpt, self._same(i)))
        hits = search(query, entries)
        return Found([h.id for h in hits], {h.id: h.all_spans for h in hits if h.all_spans})


def _lower_all(texts: list[str]) -> list[str]:
    """Each text lowered: as one string when no text holds a separator (one C call;
    separators are not letters, so no case rule sees across them), else one by one."""
    joined = _SEP.join(texts)
    if joined.count(_SEP) == len(texts) - 1 if texts else True:
        lowered = joined.lower().split(_SEP) if texts else []
        if len(lowered) == len(texts):
            return lowered
    return [t.lower() for t in texts]
