"""Incremental search over titles, providers and excerpts.

Editors type fragments ("mass facial", "govtech") and expect the obvious hits first,
then near misses (typos). Exact fragments are found with plain substring tests, which
are fast and easy to explain; rapidfuzz then ranks titles for typo tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

FUZZY_CUTOFF = 80
MIN_FUZZY_LENGTH = 3


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


def search(query: str, entries: Sequence[Entry]) -> list[Hit]:
    """Hits best first: whole phrase in the title, then every word somewhere, then fuzzy."""
    needle = " ".join(query.lower().split())
    if not needle:
        return []
    words = needle.split()
    hits: list[Hit] = []
    rest: dict[int, str] = {}
    for index, entry in enumerate(entries):
        at = entry.title.find(needle)
        if at >= 0:
            span = (at, at + len(needle)) if entry.same_length else None
            hits.append(Hit(entry.id, 100.0 - min(at, 50) / 10, span))
        elif all(w in entry.title or w in entry.provider or w in entry.excerpt for w in words):
            in_title = sum(w in entry.title for w in words)
            spans = _word_spans(entry.title, words) if entry.same_length else ()
            hits.append(Hit(entry.id, 85.0 + 10 * in_title / len(words), spans[0] if spans else None, spans))
        else:
            rest[index] = entry.title
    if len(needle) >= MIN_FUZZY_LENGTH and rest:
        for _, score, index in process.extract(
            needle, rest, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF, limit=None
        ):
            entry = entries[index]
            span = None
            if entry.same_length:
                align = fuzz.partial_ratio_alignment(needle, entry.title)
                if align is not None:
                    span = (align.dest_start, align.dest_end)
            hits.append(Hit(entry.id, min(score, 84.0) * 0.9, span))
    hits.sort(key=lambda h: -h.score)
    return hits
