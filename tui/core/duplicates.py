"""The duplicate finder the dashboard and the CLI use: engine, clusters, decisions.

Pairs come from `dedupe.DedupeIndex`; pairs at or above the threshold join into
clusters; each cluster gets a suggested canonical copy and the state of the editor's
decision about it, from the folder's decision log. Deciding "duplicate" writes the
files through the store (the canonical copy published, the others unpublished, one
undo step) and then records the decision; "distinct" touches no file. A "distinct"
cluster stays quiet until one of its members' content changes; a new member reopens
any cluster. No textual here: the dashboard calls `run` from a worker thread and
reads `clusters()` and friends from its own.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from . import dedupe_cache, folder
from .decisions import Decision, DecisionLog, FlagEdit, Kind, new_id, now_text
from .dedupe import DedupeIndex, Progress, Stats
from .dedupe_score import DedupeConfig, PairScore
from .model import Story
from .publish_edit import LineChange
from .store import EditOutcome, EditStep, FileEdit, Store, StoreEvent


def content_fingerprint(story: Story) -> str:
    """What a duplicate decision was about: the text, links, date and source.

    Not the file's bytes: publishing or unpublishing a story (which a decision
    itself does) must not reopen a cluster the editor settled.
    """
    parts = (
        story.title, story.excerpt, story.web_url, story.original_url,
        story.published_at.isoformat() if story.published_at else "", story.provider_name, story.provider_domain,
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


class DuplicateFinder:
    def __init__(
        self, store: Store, config: DedupeConfig | None = None, *, subscribe: bool = True, cache: bool | None = None
    ) -> None:
        """`subscribe`: follow the store's edits (the dashboard); `cache`: reuse the last
        full pass of an unchanged folder (default: unless the command line said
        --no-cache)."""
        self.store = store
        self.config = config or DedupeConfig()
        self._cache = cache
        self.log = DecisionLog(store.root)
        self.ready = False
        self.running = False
        self.stats = Stats(0, 0, 0, 0)
        self._index = DedupeIndex(self.config)
        self._lock = threading.RLock()
        self._pending: set[str] = set()
        self._clusters: list[Cluster] = []
        self._by_key: dict[str, Cluster] = {}
        self._by_story: dict[str, Cluster] = {}
        self._listening = subscribe
        self._content: dict[str, str] = {}  # what each indexed story's text was
        if subscribe:
            store.subscribe(self._on_event)

    def close(self) -> None:
        if self._listening:
            self.store.unsubscribe(self._on_event)
            self._listening = False

    # -- computing -----------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> Stats:
        """A full pass over the store; safe from a worker thread (edits made meanwhile
        are applied right after). An unchanged folder's saved pass is shown at once;
        when following edits, the index is then built anyway (quietly) for them."""
        with self._lock:
            self.running = True
            self._pending.clear()
        try:
            stories = list(self.store.stories.values())
            content = {story.id: content_fingerprint(story) for story in stories}
            use_cache = folder.use_cache if self._cache is None else self._cache
            state = dedupe_cache.fingerprint(stories) if use_cache else ""
            saved = dedupe_cache.load(self.store.root, self.config, state) if use_cache else None
            if saved is not None:
                index = DedupeIndex(self.config)
                index.restore(saved, len(stories))
                self._content = content
                self._publish(index, final=not self._listening)
                if progress is not None:
                    progress(len(stories), len(stories))
                if not self._listening:
                    return index.stats
                progress = None
            index = DedupeIndex(self.config)
            stats = index.build(stories, progress)
            if use_cache:
                dedupe_cache.save(self.store.root, self.config, state, index.pairs.values())
        except BaseException:
            with self._lock:
                self.running = False
            raise
        self._content = content
        self._publish(index, final=True)
        return stats

    def _publish(self, index: DedupeIndex, final: bool) -> None:
        """Show this index's clusters; a `final` one also takes the edits made while
        it was being built (a saved pass cannot, it has no postings)."""
        with self._lock:
            self._index, self.stats, self.ready = index, index.stats, True
            if final:
                self.running = False
                pending, self._pending = self._pending, set()
                if pending:
                    self._update(pending)
            self._recompute()

    def update(self, ids: Collection[str]) -> None:
        """Re-score what these stories (changed, added or removed) take part in."""
        with self._lock:
            if self.running:
                self._pending.update(ids)
                return
            if not self.ready:
                return  # the first run() will see them
            self._update(ids)
            self._recompute()

    def _update(self, ids: Iterable[str]) -> None:
        if self._index.restored:  # a saved pass has no postings: build them now
            self._index = DedupeIndex(self.config)
            self.stats = self._index.build(list(self.store.stories.values()))
            return
        fresh: list[Story] = []
        for sid in ids:
            story = self.store.get(sid)
            if story is None:
                self._index.remove(sid)
                self._content.pop(sid, None)
            else:
                fresh.append(story)
                self._content[sid] = content_fingerprint(story)
        if fresh:
            self._index.update(fresh)

    def _on_event(self, event: StoreEvent) -> None:
        if event.kind not in ("changed", "added", "removed") or not event.ids:
            return
        ids = event.ids
        if event.kind == "changed":
            # A publish toggle changes no text: nothing to re-score (and at 100k stories
            # re-scoring costs seconds on whichever thread wrote the file).
            stories = self.store.stories
            ids = tuple(
                sid for sid in ids
                if sid not in stories or self._content.get(sid) != content_fingerprint(stories[sid])
            )
        if ids:
            self.update(ids)

    def _recompute(self) -> None:
        self.log.load()
        by_member: dict[str, list[Decision]] = {}
        for decision in self.log.active():
            for sid in decision.ids:
                by_member.setdefault(sid, []).append(decision)
        threshold = self.config.threshold
        pairs = self._index.pairs
        clusters: list[Cluster] = []
        for ids in self._index.clusters(threshold):
            members = set(ids)
            found = sorted(
                (p for a in ids for b in self._index.partners.get(a, ()) if a < b and b in members
                 for p in (pairs[(a, b)],) if p.score >= threshold),
                key=lambda p: (-p.score, p.a, p.b),
            )
            decision = self._decision_for(ids, by_member)
            stories = [self.store.stories[sid] for sid in ids if sid in self.store.stories]
            if len(stories) < 2:
                continue
            canonical = self._canonical(stories)
            if decision is not None and decision.kind == "duplicate" and decision.canonical in members:
                canonical = decision.canonical
            order = tuple(s.id for s in sorted(stories, key=_oldest_first))
            clusters.append(Cluster(
                key=cluster_key(ids), ids=order, canonical=canonical, score=found[0].score if found else 0,
                pairs=tuple(found), decision=decision.kind if decision else None,
                decision_id=decision.id if decision else None,
            ))
        clusters.sort(key=lambda c: (-c.score, c.key))
        self._clusters = clusters
        self._by_key = {c.key: c for c in clusters}
        self._by_story = {sid: c for c in clusters for sid in c.ids}
        self.store.set_suspects([sid for c in clusters if c.decision is None for sid in c.ids])

    def _decision_for(self, ids: list[str], by_member: dict[str, list[Decision]]) -> Decision | None:
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
                    prints = {sid: content_fingerprint(self.store.stories[sid]) for sid in ids if sid in self.store.stories}
                recorded = decision.fingerprints()
                if any(recorded.get(sid) != fp for sid, fp in prints.items()):
                    continue
            found = decision
        return found

    @staticmethod
    def _canonical(stories: list[Story]) -> str:
        """The earliest copy (ties: better quality, then more heat); among the published
        ones when the editor already published some and not others."""
        published = [s for s in stories if s.published]
        pool = published if published and len(published) < len(stories) else stories
        return min(pool, key=_canonical_rank).id

    # -- reading -------------------------------------------------------------------
    def clusters(self) -> list[Cluster]:
        with self._lock:
            return list(self._clusters)

    def open_clusters(self) -> list[Cluster]:
        """Clusters without a decision, highest score first."""
        with self._lock:
            return [c for c in self._clusters if c.decision is None]

    def cluster(self, key: str) -> Cluster | None:
        with self._lock:
            return self._by_key.get(key)

    def cluster_of(self, story_id: str) -> Cluster | None:
        with self._lock:
            return self._by_story.get(story_id)

    def duplicates_of(self, story_id: str) -> list[tuple[str, int]]:
        """Stories this one is suspected to copy or be copied by, best first."""
        with self._lock:
            cluster = self._by_story.get(story_id)
            if cluster is not None and cluster.decision is not None:
                return []  # settled: no longer "suspected"
            threshold = self.config.threshold
            out = []
            for other in self._index.partners.get(story_id, ()):
                pair = self._index.pairs[(story_id, other) if story_id < other else (other, story_id)]
                if pair.score >= threshold:
                    out.append((other, pair.score))
            return sorted(out, key=lambda item: (-item[1], item[0]))

    def pairs(self) -> list[tuple[str, str, int, Kind | None]]:
        """Every suggested pair with its cluster's decision (the graph's duplicate edges)."""
        with self._lock:
            return [(p.a, p.b, p.score, c.decision) for c in self._clusters for p in c.pairs]

    @property
    def problems(self) -> list[str]:
        return list(self.log.problems)

    # -- deciding ------------------------------------------------------------------
    def decide_duplicate(self, key: str, canonical_id: str | None = None) -> EditOutcome:
        """Keep one copy published and unpublish the others (one undo step), then
        record the decision."""
        with self._lock:
            cluster = self._by_key.get(key)
            if cluster is None:
                return EditOutcome(False, "That suggestion changed meanwhile; nothing was changed")
            canonical = canonical_id or cluster.canonical
            if canonical not in cluster.ids:
                return EditOutcome(False, f"{canonical} is not in this suggestion; nothing was changed")
            if cluster.decision is not None:  # e.g. `m` pressed twice before the first landed
                return EditOutcome(False, "This suggestion is already decided; nothing was changed")
            stories = self.store.stories
            wanted = {sid: sid == canonical for sid in cluster.ids}
            # Every member, not only those memory thinks differ: the files decide, and
            # setting a flag a file already has writes nothing.
            values = dict(wanted)
            title = stories[canonical].title or canonical
            label = f"Marked {len(cluster.ids) - 1} duplicate{'s' if len(cluster.ids) > 2 else ''} of “{title}”"
            before = self.store.last_step
            outcome = self.store.set_published_each(values, label) if values else EditOutcome(True, label)
            if not outcome.ok:
                return outcome
            step = self.store.last_step if outcome.changed and self.store.last_step is not before else None
            edits = tuple(
                FlagEdit(e.id, not wanted[e.id], wanted[e.id], e.change.before, e.change.after)
                for e in (step.edits if step is not None else ())
            )
            decision = self._decision("duplicate", cluster, canonical, edits, label if step is not None else "")
            try:
                self.log.add(decision)
            except OSError as exc:
                if step is not None:
                    self.store.undo_step(step)
                return EditOutcome(False, f"Could not record the decision ({exc.strerror or exc}); the files were restored")
            self._recompute()
            return EditOutcome(True, f"{label}: it stays published, the others are unpublished", outcome.changed)

    def decide_distinct(self, key: str) -> EditOutcome:
        with self._lock:
            cluster = self._by_key.get(key)
            if cluster is None:
                return EditOutcome(False, "That suggestion changed meanwhile; nothing was recorded")
            if cluster.decision is not None:
                return EditOutcome(False, "This suggestion is already decided; nothing was recorded")
            try:
                self.log.add(self._decision("distinct", cluster, None, (), ""))
            except OSError as exc:
                return EditOutcome(False, f"Could not record the decision ({exc.strerror or exc})")
            self._recompute()
            return EditOutcome(True, f"Not duplicates: {len(cluster.ids)} stories left as they are")

    def _decision(
        self, kind: Kind, cluster: Cluster, canonical: str | None, edits: tuple[FlagEdit, ...], label: str
    ) -> Decision:
        stories = self.store.stories
        return Decision(
            id=new_id(), kind=kind, at=now_text(), cluster=cluster.key,
            members=tuple(sorted((sid, content_fingerprint(stories[sid])) for sid in cluster.ids)),
            canonical=canonical, score=cluster.score, edits=edits, label=label,
        )

    def undo_decision(self) -> EditOutcome:
        """Revert the last decision in force: its files (those still as it left them)
        and its record (an "undo" line is appended)."""
        with self._lock:
            self.log.load()
            decision = self.log.last_active()
            if decision is None:
                return EditOutcome(False, "No decision to undo")
            stories = self.store.stories
            todo = [e for e in decision.edits if e.id in stories and stories[e.id].published == e.now]
            outcome = EditOutcome(True, "")
            if todo:
                # Rebuilt as the store recorded it: on top of its history this is a plain undo.
                step = EditStep(decision.label, tuple(FileEdit(e.id, LineChange(e.before, e.after)) for e in todo))
                outcome = self.store.undo_step(step)
                if not outcome.ok:
                    return outcome
            try:
                self.log.add_undo(decision)
            except OSError as exc:
                return EditOutcome(False, f"Could not record the undo ({exc.strerror or exc})", outcome.changed)
            self._recompute()
            what = "duplicates" if decision.kind == "duplicate" else "not duplicates"
            return EditOutcome(True, f"Undid the decision “{what}” on {len(decision.ids)} stories", outcome.changed)


def _oldest_first(story: Story) -> tuple[float, str]:
    return (story.published_at.timestamp() if story.published_at else float("inf"), story.id)


def _canonical_rank(story: Story) -> tuple[float, int, int, str]:
    when = story.published_at.timestamp() if story.published_at else float("inf")
    return (when, -(story.quality if story.quality is not None else -1), -(story.heat_signal or -1), story.id)

