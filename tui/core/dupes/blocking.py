"""Blocking for the full duplicate pass: which pairs of stories are worth scoring.

Two stories are compared if they were published within the time window of each other
and at least `shared_keys` of the *units* one of them is blocked on appear in the
other: its rarest few headline and lede words (seen in at least two stories), with
the words of one name ("charlie baker") counted as one unit. Each story asks once,
for its own keys, and keeps the `max_candidates` others sharing the most.

This runs once per story over a hundred thousand stories, so it is written for the
interpreter: the window moves with the story (two pointers, not two searches), each
key's stories in the window are one slice of its postings, and the stories found by
two units come from set intersections, all done in C. Counting how many units found
each story (a `Counter`) is left to the rare story with more candidates than it
keeps, or to a `shared_keys` other than two.
"""

from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection
from itertools import chain

from tui.core.dupes.scoring import DedupeConfig, Doc
from tui.core.format.textnorm import STOPWORDS

_INF = float("inf")
_intern = sys.intern
_COLLOCATION_MIN = 8  # below this, words seen together may be a copy's own words

Postings = dict[str, list[int]]
Tick = Callable[[int], None]


def title_words(doc: Doc) -> tuple[str, ...]:
    """The headline's content words, each once, in order (stable tie-breaks); interned,
    so a hundred thousand stories share one copy of each word."""
    return tuple(dict.fromkeys([_intern(w) for w in doc.title.split() if w not in STOPWORDS]))


def lede_words(doc: Doc, head: int) -> tuple[str, ...]:
    """The first `head` content words of the lede: a cut or datelined copy keeps them."""
    if not doc.excerpt:
        return ()
    words = doc.excerpt.split(" ", 2 * head)[: 2 * head]
    return tuple(dict.fromkeys([_intern(w) for w in words if w not in STOPWORDS]))[:head]


def rarest(words: tuple[str, ...], df: Callable[[str], int], count: int) -> list[str]:
    """The `count` rarest of `words` seen in more than one story; ties in text order."""
    ranked = sorted(words, key=df)
    start = bisect_right(ranked, 1, key=df)  # a word no other story has finds nothing
    return ranked[start : start + count]


def unit_labels(
    title_keys: list[str],
    words: tuple[str, ...],
    lede_keys: list[str],
    ledes: tuple[str, ...],
    tdf: Callable[[str], int],
    edf: Callable[[str], int],
) -> list[int] | None:
    """The chosen words grouped into the names they spell: one label per key (headline
    keys first, then lede keys), or None when every key is a unit of its own.

    "large language models" or "charlie baker" are one unit when the words sit side by
    side (or one apart) and are about as frequent as each other (they only ever appear
    together), and common enough for that to mean something (a copy's rare words also
    come in pairs). A word chosen from both the headline and the lede is one unit too.
    Two stories must share two units to be compared: a week of stories about large
    language models, or quoting the same governor, does not make them copies.
    """
    width = len(title_keys)
    labels: list[int] | None = None
    if width and lede_keys and not set(title_keys).isdisjoint(lede_keys):
        labels = [
            *range(width),
            *[title_keys.index(w) if w in title_keys else width + j for j, w in enumerate(lede_keys)],
        ]
    for offset, keys, text, df in ((0, title_keys, words, tdf), (width, lede_keys, ledes, edf)):
        m = len(keys)
        if m < 2:
            continue
        ds = list(map(df, keys))  # ascending: the keys are the rarest first
        if ds[-2] < _COLLOCATION_MIN:
            continue  # not even the two commonest are common enough
        at = list(map(text.index, keys))
        for i in range(m - 1):
            low = ds[i]
            if low < _COLLOCATION_MIN:
                continue
            here = at[i]
            for j in range(i + 1, m):
                if low < 0.7 * ds[j]:
                    break  # the later keys are commoner still
                if -2 <= at[j] - here <= 2:  # "hydrogen (fuel) cells": one word may sit between
                    if labels is None:
                        labels = [*range(width + len(lede_keys))]
                    old, new = labels[offset + j], labels[offset + i]
                    if old != new:
                        labels = [new if x == old else x for x in labels]
    return labels


class Blocker:
    """The candidate pairs of a full pass, from postings in publication order (ranks)."""

    def __init__(
        self,
        config: DedupeConfig,
        times: list[float],
        tpost: Postings,
        epost: Postings,
        tdf: dict[str, int],
        edf: dict[str, int],
    ) -> None:
        self.config = config
        self.times = times
        self.tpost, self.epost = tpost, epost
        self.tdf, self.edf = tdf, edf
        self.skipped = 0

    def pairs(self, words: list[tuple[str, ...]], ledes: list[tuple[str, ...]], tick: Tick) -> set[int]:
        """Every candidate pair as `low * n + high` (ranks), so one set holds them all."""
        cfg = self.config
        times, tpost, epost = self.times, self.tpost, self.epost
        tget, eget = self.tdf.__getitem__, self.edf.__getitem__
        tk, ek, need, most, limit = cfg.title_keys, cfg.excerpt_keys, cfg.shared_keys, cfg.max_candidates, cfg.max_block
        window = cfg.window_days * 86400
        n = len(times)
        out: set[int] = set()
        add = out.add
        skipped = 0
        lo = hi = 0
        for r in range(n):
            t = times[r]
            if t == _INF:
                break  # undated stories sort last and take part in no window
            start, end = t - window, t + window
            while times[lo] < start:
                lo += 1
            while hi < n and times[hi] <= end:
                hi += 1
            if hi - lo < 2:
                continue
            mine, lede = words[r], ledes[r]
            title_keys = rarest(mine, tget, tk)
            lede_keys = rarest(lede, eget, ek)
            slices: list[list[int] | None] = []
            for key in title_keys:
                found = tpost[key]
                a = bisect_left(found, lo)
                b = bisect_left(found, hi, a)
                slices.append(found[a:b] if b - a <= limit else None)
            for key in lede_keys:
                found = epost[key]
                a = bisect_left(found, lo)
                b = bisect_left(found, hi, a)
                slices.append(found[a:b] if b - a <= limit else None)
            labels = unit_labels(title_keys, mine, lede_keys, lede, tget, eget)
            any_skipped = None in slices
            if any_skipped:
                skipped += slices.count(None)
            # What each unit finds: one key's slice, or the union of a name's keys.
            if labels is None:
                found_by_unit: list[Collection[int]] = [piece for piece in slices if piece is not None]
                title_units = len(title_keys)
            else:
                groups: dict[int, list[list[int]]] = {}
                for label, piece in zip(labels, slices, strict=True):  # one label per key
                    if piece is not None:
                        groups.setdefault(label, []).append(piece)
                found_by_unit = [
                    members[0] if len(members) == 1 else set().union(*members) for members in groups.values()
                ]
                # The headline keys' labels, beside the first of the slices (theirs).
                headline = zip(labels[: len(title_keys)], slices, strict=False)
                title_units = len({label for label, piece in headline if piece is not None})
            seen: set[int] = set()
            twice: set[int] = set()  # found by two units or more: all a story needs by default
            for unit in found_by_unit:
                twice.update(seen.intersection(unit))
                seen.update(unit)
            twice.discard(r)
            every: set[int] | None = None
            if len(title_keys) >= 3 and (title_units < need or any_skipped):
                # All the rare headline words, even where they read as one name: the same
                # headline (a copy without a usable lede) is always worth a look. (With two
                # title units found whole, anyone having them all has two hits already.)
                for key in title_keys:
                    found = tpost[key]
                    window_slice = found[bisect_left(found, lo) : bisect_left(found, hi)]
                    every = set(window_slice) if every is None else every.intersection(window_slice)
                    if not every:
                        break
                if every:
                    every.discard(r)
            if need == 2:
                close: Collection[int] = twice | every if every else twice
                if not close:
                    continue
            elif not every and (not twice if need > 2 else len(seen) < 2):
                continue
            if need != 2 or len(close) > most:
                hits = Counter(chain.from_iterable(found_by_unit))
                for o in every or ():
                    if hits[o] < need:
                        hits[o] = need
                del hits[r]
                close = [o for o, count in hits.items() if count >= need]
                if len(close) > most:
                    close.sort(key=lambda o: (-hits[o], abs(times[o] - t), o))
                    del close[most:]
            for o in close:
                add(r * n + o if r < o else o * n + r)
            if not r % 4000:
                tick(r)
        self.skipped += skipped
        return out
