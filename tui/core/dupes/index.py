"""Find near-duplicate stories without comparing every story with every other.

Candidates come from blocking: two stories are compared only if they share the same
canonical URL, or at least two of the few *rarest* words of one's headline and lede
appear in the other, and they were published within the time window of each other.
Rare words are what copies share and unrelated stories do not; restricting each
story to its four rarest headline words and four rarest lede words (seen in at least
two stories), and asking for two of them, keeps blocks small and candidates few even
where stories are dense, so the work grows with the number of stories, not its
square. Postings are kept in publication order, so the window is a binary search;
the blocking itself is `dedupe_block`.

`DedupeIndex` is the engine: a full `build`, then `update`/`remove` of a few stories
re-score only the pairs those stories take part in. It knows nothing of files or
decisions; `duplicates.DuplicateFinder` adds those.
"""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tui.core.dupes.blocking import Blocker, lede_words, rarest, title_words
from tui.core.dupes.scoring import DedupeConfig, Doc, PairScore, Scorer
from tui.core.format.textnorm import fold, fold_title
from tui.core.format.urls import canonical_url
from tui.core.model import Story

Progress = Callable[[int, int], None]
_INF = float("inf")
FREEZE_ABOVE = 10_000  # stories: a full pass this big is frozen out of the collector's sight
_WIRES = frozenset({"reuters", "ap", "associated press", "afp", "bloomberg", "upi", "tns", "ians", "pti"})


def make_doc(story: Story, sources: frozenset[str]) -> Doc:
    title = fold_title(story.title, sources)
    excerpt = fold(story.excerpt) if story.excerpt else ""
    keys = story.url_keys  # canonical URLs, computed once by the codec
    if not keys and (story.web_url or story.original_url):
        keys = tuple(canonical_url(u) for u in story.urls())
    urls = tuple(sorted({k for k in keys if "/" in k}))  # a bare domain is no story's own page
    at = story.published_at
    return Doc(
        id=story.id,
        t=at.timestamp() if at is not None else None,
        title=title,
        excerpt=excerpt,
        urls=urls,
        provider=(story.provider_domain or story.provider_name).casefold(),
    )


@dataclass(frozen=True, slots=True)
class Stats:
    stories: int
    candidates: int
    pairs: int
    skipped_keys: int
    seconds: tuple[tuple[str, float], ...] = ()


class DedupeIndex:
    def __init__(self, config: DedupeConfig | None = None) -> None:
        self.config = config or DedupeConfig()
        self.stats = Stats(0, 0, 0, 0)
        self._reset()

    def _reset(self) -> None:
        self.restored = False  # pairs from a saved pass: no postings, so no `update`
        self.pairs: dict[tuple[str, str], PairScore] = {}
        self.partners: dict[str, set[str]] = defaultdict(set)
        self._docs: list[Doc | None] = []
        self._keys: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # memo, for updates
        self._times: list[float] = []
        self._rank: dict[str, int] = {}
        self._sorted_upto = 0
        self._tpost: dict[str, list[int]] = defaultdict(list)
        self._epost: dict[str, list[int]] = defaultdict(list)
        self._upost: dict[str, list[int]] = defaultdict(list)
        self._tdf: dict[str, int] = defaultdict(int)
        self._edf: dict[str, int] = defaultdict(int)
        self._sources: frozenset[str] = _WIRES
        self._scorer = Scorer(self.config, df=self._tdf.__getitem__, together=self._together)
        self._skipped = 0

    def __contains__(self, sid: object) -> bool:
        return sid in self._rank

    def doc(self, sid: str) -> Doc | None:
        rank = self._rank.get(sid)
        return None if rank is None else self._docs[rank]

    def restore(self, pairs: Iterable[PairScore], stories: int) -> None:
        """Take the pairs of a saved full pass (see `dedupe_cache`); `build` before `update`."""
        self._reset()
        for pair in pairs:
            self._add(pair)
        self.restored = True
        self.stats = Stats(stories, 0, len(self.pairs), 0, (("restored", 0.0),))

    # -- full pass ---------------------------------------------------------------
    def build(self, stories: Iterable[Story], progress: Progress | None = None) -> Stats:
        """A full pass. The cyclic garbage collector is paused meanwhile: the pass
        allocates millions of small acyclic objects, and its collections alone would
        cost a third of the time. What a big pass built lives as long as the index and
        holds no cycles (dropped, it is freed by reference counting all the same): it
        is moved out of the collector's sight (`gc.freeze`) before collections resume,
        or the first three would each walk millions of objects, 0.6 s at 100,000
        stories with every thread stopped, the dashboard's too. Not for small folders:
        freezing also keeps any cyclic garbage of that moment for good."""
        enabled = gc.isenabled()
        gc.disable()
        big = False
        try:
            stats = self._build(stories, progress)
            big = stats.stories >= FREEZE_ABOVE
            return stats
        finally:
            if big:
                gc.freeze()
            if enabled:
                gc.enable()

    def _build(self, stories: Iterable[Story], progress: Progress | None) -> Stats:
        stories = list(stories)
        total = len(stories)
        tick = _ticker(progress, total)
        clock = _Clock()
        self._reset()
        cfg = self.config
        head = cfg.excerpt_head
        self._sources = sources = _WIRES | {fold(name) for name in {s.provider_name for s in stories} if name}
        docs: list[Doc] = []
        for k, story in enumerate(stories):
            docs.append(make_doc(story, sources))
            if not k % 2000:
                tick(0.4 * k)
        docs.sort(key=lambda d: (d.t is None, d.t or 0.0, d.id))
        clock.lap("fold")
        n = len(docs)
        self._docs = list(docs)
        self._times = times = [_INF if d.t is None else d.t for d in docs]
        self._rank = {d.id: r for r, d in enumerate(docs)}
        self._sorted_upto = n
        tpost, epost, upost = self._tpost, self._epost, self._upost
        words = [title_words(d) for d in docs]
        ledes = [lede_words(d, head) for d in docs]
        for r in range(n):
            for tok in words[r]:
                tpost[tok].append(r)
            for tok in ledes[r]:
                epost[tok].append(r)
            for url in docs[r].urls:
                upost[url].append(r)
        tdf, edf = self._tdf, self._edf
        tdf.update((k, len(v)) for k, v in tpost.items())
        edf.update((k, len(v)) for k, v in epost.items())
        self._scorer = Scorer(cfg, self._generic(n), self._tdf.__getitem__, n, self._together)
        clock.lap("index")
        tick(0.45 * total)
        limit = cfg.max_block
        blocker = Blocker(cfg, times, tpost, epost, tdf, edf)
        codes = blocker.pairs(words, ledes, lambda r: tick(0.45 * total + 0.15 * r))
        for r in range(n):  # pairs on one canonical URL: always scored
            for url in docs[r].urls:
                found = upost[url]
                if 1 < len(found) <= limit:
                    for o in found:
                        if o != r:
                            codes.add(r * n + o if r < o else o * n + r)
        _same_headline(docs, times, cfg.window_days * 86400, codes)
        self._skipped += blocker.skipped
        del words, ledes
        tick(0.6 * total)
        clock.lap("candidates")
        # Scored in rank order; `score` itself turns a pair with nothing alike away
        # after two plain ratios, before any slower scorer.
        score, add = self._scorer.score, self._add
        count = len(codes)
        step = max(1, count // 20)
        for k, code in enumerate(sorted(codes)):
            i, j = divmod(code, n)
            found_pair = score(docs[i], docs[j])
            if found_pair is not None:
                add(found_pair)
            if not k % step:
                tick(0.6 * total + 0.4 * total * k / count)
        del codes
        self._scorer.clear()
        tick(total)
        clock.lap("score")
        self.stats = Stats(n, count, len(self.pairs), self._skipped, clock.laps())
        return self.stats

    def _together(self, words: Sequence[str]) -> int:
        """How many live headlines have every one of `words` (a headline-only pair's
        rarest shared words: few for a copy's, many for a series')."""
        lists = sorted((self._tpost.get(w, ()) for w in words), key=len)
        if not lists:
            return 0
        found = set(lists[0])
        for more in lists[1:]:
            found.intersection_update(more)
            if not found:
                return 0
        docs = self._docs
        return sum(1 for r in found if r < len(docs) and docs[r] is not None)

    def _generic(self, n: int) -> frozenset[str]:
        """Headline words so common they identify nothing ("update", "call", "azure")."""
        limit = max(30, n // 100)
        return frozenset(k for k, v in self._tdf.items() if v > limit)

    def _choose(self, words: tuple[str, ...], ledes: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        return (
            tuple(rarest(words, self._tdf.__getitem__, self.config.title_keys)),
            tuple(rarest(ledes, self._edf.__getitem__, self.config.excerpt_keys)),
        )

    def _keys_of(self, rank: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The rare words a story was blocked on (recomputed from today's counts for
        stories of the full pass, which does not keep them)."""
        found = self._keys.get(rank)
        if found is None:
            doc = self._docs[rank]
            assert doc is not None
            found = self._choose(title_words(doc), lede_words(doc, self.config.excerpt_head))
            self._keys[rank] = found
        return found

    def _add(self, pair: PairScore) -> None:
        self.pairs[(pair.a, pair.b) if pair.a < pair.b else (pair.b, pair.a)] = pair
        self.partners[pair.a].add(pair.b)
        self.partners[pair.b].add(pair.a)

    def _drop_pairs(self, sid: str) -> set[str]:
        others = self.partners.pop(sid, set())
        for other in others:
            self.pairs.pop((sid, other) if sid < other else (other, sid), None)
            mates = self.partners.get(other)
            if mates is not None:
                mates.discard(sid)
                if not mates:
                    del self.partners[other]
        return others

    # -- incremental ---------------------------------------------------------------
    def remove(self, sid: str) -> set[str]:
        """Forget a story; returns the ids it was paired with."""
        rank = self._rank.pop(sid, None)
        if rank is None:
            return set()
        doc = self._docs[rank]
        self._docs[rank] = None
        if doc is not None:
            for tok in title_words(doc):
                self._tdf[tok] -= 1
            for tok in lede_words(doc, self.config.excerpt_head):
                self._edf[tok] -= 1
        self._scorer.forget(sid)
        return self._drop_pairs(sid)

    def update(self, stories: Iterable[Story]) -> set[str]:
        """Re-score what these (new or changed) stories take part in; returns every id
        whose pairs may have changed."""
        touched: set[str] = set()
        fresh: list[tuple[int, tuple[str, ...], tuple[str, ...]]] = []
        head = self.config.excerpt_head
        for story in stories:
            touched |= self.remove(story.id)
            touched.add(story.id)
            if story.provider_name:
                self._sources = self._sources | {fold(story.provider_name)}
            doc = make_doc(story, self._sources)
            rank = len(self._docs)
            self._docs.append(doc)
            self._times.append(_INF if doc.t is None else doc.t)
            self._rank[doc.id] = rank
            words, ledes = title_words(doc), lede_words(doc, head)
            for tok in words:
                self._tpost[tok].append(rank)
                self._tdf[tok] += 1
            for tok in ledes:
                self._epost[tok].append(rank)
                self._edf[tok] += 1
            for url in doc.urls:
                self._upost[url].append(rank)
            fresh.append((rank, words, ledes))
        for rank, words, ledes in fresh:
            self._keys[rank] = self._choose(words, ledes)
        seen: set[tuple[int, int]] = set()
        for rank, words, ledes in fresh:
            for other in self._neighbours(rank, words, ledes):
                key = (rank, other) if rank < other else (other, rank)
                if key in seen:
                    continue
                seen.add(key)
                a, b = self._docs[key[0]], self._docs[key[1]]
                if a is None or b is None:
                    continue
                found = self._scorer.score(a, b)
                if found is not None:
                    self._add(found)
                    touched.add(found.a)
                    touched.add(found.b)
        return touched

    def _neighbours(self, rank: int, words: tuple[str, ...], ledes: tuple[str, ...]) -> set[int]:
        """The full pass's blocking rule for one story: the others within the window
        that have `shared_keys` of its chosen rare words, or have chosen that many
        of its words themselves; and the others on the same page."""
        doc = self._docs[rank]
        assert doc is not None
        out: set[int] = set()
        limit = self.config.max_block
        for url in doc.urls:
            found = self._upost.get(url, [])
            if len(found) <= limit:
                out.update(o for o in found if self._docs[o] is not None)
        t = self._times[rank]
        if t != _INF:
            window = self.config.window_days * 86400
            times, docs = self._times, self._docs
            mine = self._keys_of(rank)
            hits: dict[int, int] = defaultdict(int)
            theirs: dict[int, int] = defaultdict(int)
            for side, postings, tokens in ((0, self._tpost, words), (1, self._epost, ledes)):
                for tok in tokens:
                    near = [o for o in postings.get(tok, ()) if abs(times[o] - t) <= window and docs[o] is not None]
                    if len(near) > limit:
                        continue
                    chosen_here = tok in mine[side]
                    for o in near:
                        if chosen_here:
                            hits[o] += 1
                        if tok in self._keys_of(o)[side]:
                            theirs[o] += 1
            need, most = self.config.shared_keys, self.config.max_candidates
            close = sorted((o for o, c in hits.items() if c >= need), key=lambda o: (-hits[o], abs(times[o] - t), o))
            out.update(close[:most])
            out.update(o for o, c in theirs.items() if c >= need)
            if words:  # the very same headline within the window, as `_same_headline` in a full pass
                rarest_two = sorted(words, key=lambda w: len(self._tpost.get(w, ())))[:2]
                lists = [self._tpost.get(w, []) for w in rarest_two]
                same = set(lists[0]).intersection(*lists[1:])
                out.update(
                    o
                    for o in same
                    if (other := docs[o]) is not None and other.title == doc.title and abs(times[o] - t) <= window
                )
        out.discard(rank)
        return out

    # -- results -------------------------------------------------------------------
    def clusters(self, threshold: float | None = None) -> list[list[str]]:
        """Connected groups of pairs at or above the threshold, each sorted, largest first."""
        limit = self.config.threshold if threshold is None else threshold
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        for (a, b), pair in self.pairs.items():
            if pair.score >= limit:
                ra, rb = find(parent.setdefault(a, a)), find(parent.setdefault(b, b))
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        groups: dict[str, list[str]] = defaultdict(list)
        for sid in parent:
            groups[find(sid)].append(sid)
        return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))


def _same_headline(docs: list[Doc], times: list[float], window: float, codes: set[int]) -> None:
    """Pairs with the very same folded headline within the window: always scored. A
    rerun over a fresh excerpt shares no lede words, and its headline's rare words can
    read as one name (one unit), so the rare-word blocking may not bring it up; the
    scorer decides whether the headline is specific enough to vouch alone."""
    n = len(docs)
    by_title: dict[str, list[int]] = defaultdict(list)
    for r, doc in enumerate(docs):
        if doc.title and times[r] != _INF:
            by_title[doc.title].append(r)
    for ranks in by_title.values():
        if len(ranks) < 2 or len(ranks) > 50:
            continue  # a title fifty stories share is a series: nothing to vouch for
        for k, r in enumerate(ranks):  # ranks ascend with time
            for o in ranks[k + 1 :]:
                if times[o] - times[r] > window:
                    break
                codes.add(r * n + o)


class _Clock:
    """Seconds per phase of a full pass, for the benchmark's profile notes."""

    def __init__(self) -> None:
        self._last = time.perf_counter()
        self._laps: list[tuple[str, float]] = []

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self._laps.append((name, round(now - self._last, 4)))
        self._last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        return tuple(self._laps)


def _ticker(progress: Progress | None, total: int) -> Callable[[float], None]:
    if progress is None:
        return lambda done: None
    return lambda done: progress(min(total, int(done)), total)
