"""Score one pair of stories: are they copies of the same story, and why (not)?

The score is built the way an editor reasons, so that every number in it can be
explained: how alike the headlines are, how alike the ledes are (a syndicated copy
often gets a new headline over the same lede), whether they are the same page (same
canonical URL), how far apart they were published. Then the guards take points away,
or cap the score, for what makes look-alikes different news: numbers, years, months,
ordinals or release stages that differ; a headline word swapped for another that the
lede swaps too (same template, another product); a short or generic headline with
no agreeing lede; two posts of one provider, which needs stronger evidence.

A headline alone can vouch for a pair (issue 17: a press release rerun with the
CEO's quote as its excerpt) when it is the same or nearly (one side's words within
the other's: a word dropped or added, never swapped) and *specific*: enough words
that are no series vocabulary ("community call", "this week in", "demo day"), no
number or date, not common in the folder, and at least one of them rare. The series
guards still apply, so "Community call: June" never meets "Community call: July".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui.core.format.textnorm import Markers, compare_markers, content_tokens, markers

CAP = 45.0  # a vetoed pair scores at most this: visible in a sweep, never suggested
# Words of recurring posts: a headline made of these and a name is a series, not a story.
SERIES_WORDS = frozenset(
    "community call calls meeting meetup webinar livestream stream week weekly monthly daily annual "
    "quarterly today tonight tomorrow yesterday morning evening briefing digest roundup round recap "
    "update updates news top stories story brief newsletter podcast episode edition issue notes release "
    "released releases version patch fixes fix demo day days startups watch expect ahead letters editor "
    "editorial opinion wave part session sessions keynote summit conference event events highlights "
    "announced everything what know year month january february march april june july august "
    "september october november december monday tuesday wednesday thursday friday saturday sunday "
    "spring summer autumn winter fall first second third fourth fifth next last live".split()
)
_TITLE_CUT, _EXCERPT_CUT = 50.0, 60.0  # below both, a pair is not worth the slower scorers


@dataclass(frozen=True, slots=True)
class DedupeConfig:
    """Tuning knobs; the defaults are what the labelled evaluation set was measured with."""

    threshold: float = 80.0
    window_days: float = 3.0
    same_provider_penalty: float = 10.0
    title_keys: int = 4
    excerpt_keys: int = 4
    shared_keys: int = 2  # rare words two stories must share to be compared at all
    max_candidates: int = 8  # per story, those sharing the most rare words (copies are few)
    excerpt_head: int = 24  # content tokens of an excerpt used to find candidates
    max_block: int = 200  # a key with more stories than this inside one window is too common
    min_excerpt: int = 40  # characters; a shorter lede cannot vouch for a pair
    keep_below: float = 0.0  # also keep pairs this many points under the threshold (sweeps)
    headline_title: float = 90.0  # a headline this alike may vouch for a pair alone...
    headline_specific: int = 3  # ...with this many specific words shared (one more beside series words)
    rare_share: float = 0.0002  # words found together in at most this share of headlines (or...)
    rare_floor: int = 8  # ...this many, the larger) are rare: a copy's, not a series'


@dataclass(frozen=True, slots=True)
class Doc:
    """What the scorer needs of a story, folded once."""

    id: str
    t: float | None
    title: str
    excerpt: str
    urls: tuple[str, ...]
    provider: str


@dataclass(frozen=True, slots=True)
class PairScore:
    a: str
    b: str
    score: int
    title: int
    excerpt: int | None
    url: bool
    gap_hours: float | None
    guards: tuple[str, ...]
    rare: tuple[str, ...] = ()  # set when the headline alone vouched: its rarest shared words

    @property
    def why(self) -> str:
        parts = []
        if self.url:
            parts.append("same URL")
        if self.rare:
            parts.append(f"headline {self.title}")
            parts.append("excerpts differ" if self.excerpt is not None else "no excerpt to compare")
        else:
            parts.append(f"title {self.title}")
            parts.append(f"excerpt {self.excerpt}" if self.excerpt is not None else "no excerpt to compare")
        if self.gap_hours is not None:
            gap = self.gap_hours
            parts.append(f"{gap:.0f} h apart" if gap < 48 else f"{gap / 24:.1f} days apart")
        if self.rare:
            parts.append("rare words: " + " ".join(self.rare))
        text = ", ".join(parts)
        return f"{text}; guards: {'; '.join(self.guards)}" if self.guards else text


def title_similarity(x: str, y: str, plain: float | None = None) -> float:
    best = fuzz.ratio(x, y) if plain is None else plain
    if best >= 92:
        return best
    best = max(best, fuzz.token_sort_ratio(x, y))
    short, long = sorted((len(x), len(y)))
    if short >= 20 and short < 0.85 * long:
        best = max(best, 0.95 * fuzz.partial_ratio(x, y))  # a cut headline ("…")
    return best


def excerpt_similarity(x: str, y: str, plain: float | None = None) -> float:
    best = fuzz.ratio(x, y) if plain is None else plain
    if best >= 95:
        return best
    short, long = sorted((len(x), len(y)))
    # A cut lede or a first sentence: the plain ratio is then close to the most two
    # texts of these lengths can reach; only then is the slow partial scorer worth it.
    if short >= 50 and short < 0.9 * long and best >= 0.85 * 200 * short / (short + long):
        best = max(best, 0.97 * fuzz.partial_ratio(x, y))
    return best


def _unique(mine: frozenset[str], theirs: frozenset[str]) -> tuple[set[str], set[str]]:
    """Headline words each side has alone, typos paired off (they are not new words)."""
    a, b = set(mine - theirs), set(theirs - mine)
    for u in list(a):
        for v in b:
            if len(u) >= 4 and abs(len(u) - len(v)) <= 2 and fuzz.ratio(u, v) >= 75:
                a.discard(u)
                b.discard(v)
                break
    return a, b


class Scorer:
    """Scores pairs; caches each story's markers, computed only for close calls."""

    def __init__(
        self,
        config: DedupeConfig,
        generic: frozenset[str] = frozenset(),
        df: Callable[[str], int] | None = None,
        stories: int = 0,
        together: Callable[[Sequence[str]], int] | None = None,
    ) -> None:
        self.config = config
        self.generic = generic  # headline words too common to identify a story
        self.df = df  # how many headlines have a word (the index's live counts)
        self.together = together  # how many headlines have all these words
        self.rare_limit = max(config.rare_floor, int(config.rare_share * stories))
        self._markers: dict[tuple[str, int], Markers] = {}
        self._words: dict[tuple[str, int], frozenset[str]] = {}

    def clear(self) -> None:
        """Drop every cached marker and word set: a full pass fills them for most of the
        folder, and kept they only give the garbage collector more to walk; the few an
        update needs are cheap to compute again."""
        self._markers.clear()
        self._words.clear()

    def forget(self, sid: str) -> None:
        for which in (0, 1):
            self._markers.pop((sid, which), None)
            self._words.pop((sid, which), None)

    def _set(self, doc: Doc, which: int) -> frozenset[str]:
        key = (doc.id, which)
        found = self._words.get(key)
        if found is None:
            found = frozenset(content_tokens(doc.title if which == 0 else doc.excerpt))
            self._words[key] = found
        return found

    def _marks(self, doc: Doc, which: int) -> Markers:
        key = (doc.id, which)
        found = self._markers.get(key)
        if found is None:
            found = markers(doc.title if which == 0 else doc.excerpt)
            self._markers[key] = found
        return found

    def specific(self, wa: frozenset[str], wb: frozenset[str]) -> tuple[str, ...]:
        """The rarest words two near-same headlines share, if the headline is specific
        enough to vouch for the pair alone (else ()): one side's words within the
        other's, enough shared words that are no series vocabulary or number, and
        the rarest three of them together in few headlines of the folder."""
        df, together = self.df, self.together
        if df is None or together is None:
            return ()
        ua, ub = _unique(wa, wb)
        if ua and ub:
            return ()  # a word swapped for another: a template, not a copy
        shared = wa & wb
        plain = [w for w in shared if w not in SERIES_WORDS and not any(c.isdigit() for c in w)]
        need = self.config.headline_specific + (0 if shared.isdisjoint(SERIES_WORDS) else 1)
        if len(plain) < need:
            return ()
        ranked = sorted(plain, key=lambda w: (df(w), w))[:3]
        return tuple(ranked) if together(ranked) <= self.rare_limit else ()

    def score(self, a: Doc, b: Doc) -> PairScore | None:
        cfg = self.config
        floor = cfg.threshold - cfg.keep_below
        url = bool(a.urls) and bool(b.urls) and not set(a.urls).isdisjoint(b.urls)
        gap = abs(a.t - b.t) / 3600 if a.t is not None and b.t is not None else None
        if not url and (gap is None or gap > cfg.window_days * 24):
            return None
        both = len(a.excerpt) >= cfg.min_excerpt and len(b.excerpt) >= cfg.min_excerpt
        t0 = fuzz.ratio(a.title, b.title)
        e0 = fuzz.ratio(a.excerpt, b.excerpt) if both else 0.0
        if not url and t0 < _TITLE_CUT and e0 < _EXCERPT_CUT:
            return None  # nothing alike: skip the slower scorers
        t = title_similarity(a.title, b.title, t0)
        e = excerpt_similarity(a.excerpt, b.excerpt, e0) if both else None
        if e is None:
            base = t
        else:
            base = 0.55 * t + 0.45 * e
            if e >= 90 and t >= 30:  # same lede under a new headline
                base = max(base, e - 0.15 * (100 - t))
            if t >= 92:  # same headline, lede edited
                base = max(base, t - 0.35 * (100 - e))
        rare: tuple[str, ...] = ()
        if t >= cfg.headline_title and base < 96 and (e is None or e < 90):
            wa, wb = self._set(a, 0), self._set(b, 0)
            rare = self.specific(wa, wb)
            if rare:  # the headline vouches alone: a word dropped or added costs 3
                ua, ub = _unique(wa, wb)
                base = max(base, 96.0 - 3 * len(ua | ub))
        guards: list[str] = []
        score = base
        if gap is not None and not url:
            score -= 4.0 * min(1.0, gap / (cfg.window_days * 24))
        if score < floor and not url:
            return None  # the guards below only ever take points away
        cap = 100.0
        diff = compare_markers(self._marks(a, 0), self._marks(b, 0))
        if diff.clash:
            guards.append("title " + ", ".join(diff.clash))
            cap = CAP
        if diff.subset:
            guards.append("title adds " + ", ".join(diff.subset) + " (-12)")
            score -= 12
        if diff.one_sided:
            penalty = min(6, 3 * len(diff.one_sided))
            guards.append(f"only one title has {'/'.join(diff.one_sided)} (-{penalty})")
            score -= penalty
        if both and cap > CAP and not rare:  # a vouching headline's excerpts are each outlet's own
            ediff = compare_markers(self._marks(a, 1), self._marks(b, 1))
            if ediff.clash:
                guards.append("excerpt " + ", ".join(ediff.clash))
                cap = CAP
        wa, wb = self._set(a, 0), self._set(b, 0)
        ua, ub = _unique(wa, wb)
        if both and ua and ub:
            xa, xb = self._set(a, 1), self._set(b, 1)
            mine = {w for w in ua if w in xa and w not in xb and not w.isdigit()}
            theirs = {w for w in ub if w in xb and w not in xa and not w.isdigit()}
            if mine and theirs:
                guards.append(f"different subject: {'/'.join(sorted(mine))} vs {'/'.join(sorted(theirs))}")
                cap = CAP
        shared = wa & wb
        if (len(shared) < 3 and (e is None or e < 85)) or (
            len(shared) < 5 and shared <= self.generic and (e is None or e < 70)
        ):
            guards.append("short or generic title without an agreeing excerpt")
            cap = min(cap, CAP)
        if cap > CAP and not rare and (e is None or e < 90) and not shared.isdisjoint(SERIES_WORDS):
            plain = sum(1 for w in shared if w not in SERIES_WORDS)
            if plain <= cfg.headline_specific:  # "Top stories today", "Amazon EKS community call"
                guards.append("series title without an agreeing excerpt")
                cap = min(cap, CAP)
        if a.provider and a.provider == b.provider and not url:
            # A specific headline again from one outlet within days is its rerun.
            same = cfg.same_provider_penalty / 2 if rare else cfg.same_provider_penalty
            guards.append(f"same provider (-{same:g})")
            score -= same
        if url:
            score = max(score, 96.0)
            cap = 100.0
        score = min(score, cap)
        if score < floor:
            return None
        return PairScore(
            a=a.id,
            b=b.id,
            score=round(max(0.0, min(100.0, score))),
            title=round(t),
            excerpt=None if e is None else round(e),
            url=url,
            gap_hours=None if gap is None else round(gap, 1),
            guards=tuple(guards),
            rare=rare if rare and cap > CAP else (),
        )
