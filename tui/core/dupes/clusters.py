"""The suggestions as readers see them: the index's groups, each with the editor's
decision in force and the copy kept.

The finder (`finder.py`) owns the threads, the locks and the decisions' writes; what a
suggestion *is* is worked out here, as pure functions of their inputs: `groups_of`
turns the index's pairs into groups (what a re-score yields), and `view` joins them
with the stories and the decisions in force into the immutable `View` readers take
without a lock. Kept apart so that the rules a reader relies on (when a "distinct"
decision still holds, which copy is kept and why, the order of a cluster's members)
can be read and tested without the machinery around them; `content_fingerprint` lives
here because it is what a decision is about, and so what decides whether it holds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tui.core.dupes import keep
from tui.core.dupes.decision_record import Decision, Kind
from tui.core.dupes.index import DedupeIndex
from tui.core.dupes.scoring import PairScore
from tui.core.model import Story


def content_fingerprint(story: Story) -> str:
    """What a duplicate decision was about: the text, links, date and source.

    Not the file's bytes: publishing or unpublishing a story (which a decision
    itself does) must not reopen a cluster the editor settled.
    """
    parts = (
        story.title,
        story.excerpt,
        story.web_url,
        story.original_url,
        story.published_at.isoformat() if story.published_at else "",
        story.provider_name,
        story.provider_domain,
    )
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def cluster_key(ids: Iterable[str]) -> str:
    return hashlib.blake2b("\n".join(sorted(ids)).encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


@dataclass(frozen=True, slots=True)
class Cluster:
    key: str
    ids: tuple[str, ...]  # oldest first
    canonical: str
    score: int
    pairs: tuple[PairScore, ...]
    decision: Kind | None = None
    decision_id: str | None = None
    kept_reason: str = ""  # why this copy is the one kept ("headline without RE-TRANSMISSION:")
    decided_at: str | None = None  # when the decision in force was made (UTC stamp)


@dataclass(frozen=True, slots=True)
class Group:
    """A cluster as the index sees it, before any decision: what a re-score yields."""

    ids: tuple[str, ...]  # sorted
    pairs: tuple[PairScore, ...]  # at or above the threshold, best first


@dataclass(frozen=True, slots=True)
class View:
    """What readers see; replaced whole, never changed, so reading needs no lock."""

    clusters: tuple[Cluster, ...] = ()
    by_key: Mapping[str, Cluster] = field(default_factory=dict)
    by_story: Mapping[str, Cluster] = field(default_factory=dict)


def groups_of(index: DedupeIndex, threshold: float) -> tuple[Group, ...]:
    """The index's clusters, before decisions (the caller holds the index still)."""
    pairs, partners = index.pairs, index.partners
    out: list[Group] = []
    for ids in index.clusters(threshold):
        members = set(ids)
        found = sorted(
            (
                p
                for a in ids
                for b in partners.get(a, ())
                if a < b and b in members
                for p in (pairs[(a, b)],)
                if p.score >= threshold
            ),
            key=lambda p: (-p.score, p.a, p.b),
        )
        out.append(Group(tuple(ids), tuple(found)))
    return tuple(out)


def view(groups: Iterable[Group], known: Mapping[str, Story], active: Iterable[Decision]) -> View:
    """The groups with their decisions (of `active`, those in force, oldest first) and
    kept copies, highest score first; a group with fewer than two stories left is none."""
    by_member: dict[str, list[Decision]] = {}
    for made in active:
        for sid in made.ids:
            by_member.setdefault(sid, []).append(made)
    clusters: list[Cluster] = []
    for group in groups:
        ids = group.ids
        stories = [s for s in (known.get(sid) for sid in ids) if s is not None]
        if len(stories) < 2:
            continue
        decision = _decision_for(ids, by_member, known)
        kept = keep.choose(stories)
        canonical, reason = kept.id, kept.reason
        if decision is not None and decision.kind == "duplicate" and decision.canonical in ids:
            canonical, reason = decision.canonical, "chosen by the editor"
        order = tuple(s.id for s in sorted(stories, key=_oldest_first))
        clusters.append(
            Cluster(
                key=cluster_key(ids),
                ids=order,
                canonical=canonical,
                score=group.pairs[0].score if group.pairs else 0,
                pairs=group.pairs,
                decision=decision.kind if decision else None,
                decision_id=decision.id if decision else None,
                kept_reason=reason,
                decided_at=decision.at if decision else None,
            )
        )
    clusters.sort(key=lambda c: (-c.score, c.key))
    return View(tuple(clusters), {c.key: c for c in clusters}, {sid: c for c in clusters for sid in c.ids})


def _decision_for(
    ids: tuple[str, ...], by_member: dict[str, list[Decision]], known: Mapping[str, Story]
) -> Decision | None:
    """The latest decision in force that covers every member (a "distinct" one
    only while no member's content changed since)."""
    members = frozenset(ids)
    found: Decision | None = None
    prints: dict[str, str] | None = None
    for decision in by_member.get(ids[0], ()):
        if not members <= decision.ids:
            continue
        if decision.kind == "distinct":
            if prints is None:
                prints = {sid: content_fingerprint(s) for sid in ids if (s := known.get(sid)) is not None}
            recorded = decision.fingerprints()
            if any(recorded.get(sid) != fp for sid, fp in prints.items()):
                continue
        found = decision
    return found


def _oldest_first(story: Story) -> tuple[float, str]:
    return (story.published_at.timestamp() if story.published_at else float("inf"), story.id)
