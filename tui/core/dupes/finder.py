"""The duplicate finder the dashboard and the CLI use: engine, clusters, decisions.

Pairs come from `dedupe.DedupeIndex`; pairs at or above the threshold join into
clusters; each cluster gets a suggested canonical copy (`keep.choose`: the copy an
editor keeps, and why) and the state of the editor's decision about it, from the
folder's decision log. Deciding "duplicate" writes the files through the store (the
other copies unpublished, one undo step; the kept copy left as it was, since
publishing it is a choice of its own) and then records the decision; "distinct" touches no file. A "distinct"
cluster stays quiet until one of its members' content changes; a new member reopens
any cluster (what a cluster is, and the view readers take, is built in `clusters.py`).
No textual here: the desk (`tui.desk`) calls `run` from a thread of its own, the
screens read `clusters()` and friends from theirs. Undoing and redoing
edits in general is the desk's (`desk/history.py`); this module only tells it which
undo step was a decision's and records the decision's retraction or return.

Following edits without ever making the dashboard wait. At 100,000 stories a
500-file batch of outside changes takes seconds to re-score, and the store tells us
about it on whichever thread changed it (the desk's, for the folder watcher). So
a store event only queues the touched ids and wakes the finder's own thread, which
takes everything queued at once (a burst coalesces), skips stories whose content did
not change (a publish toggle), re-scores the rest, and swaps in a new immutable view
in one assignment; then `Store.set_suspects` tells every listener (the list's marker,
the review queue, the graph's duplicate edges), which post themselves a message.
Readers take no lock: they read the current view.

Locks, always taken in this order and never the other way round:
  `_work` (the index; the follower thread and `run`) → `_decide` (the view and the
  decision log; swaps and decisions) → the store's lock (a decision writes files) →
  the graph's lock (it listens to the store, and to the suspects a swap sets).
Nothing here is taken by the UI thread. The queue's own lock (`follow.Follower`) is
a leaf: nothing else is taken while it is held, so a store listener on any thread
(even one still holding some other lock) may queue ids.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace

from tui.core.disk import folder
from tui.core.dupes import saved_pass
from tui.core.dupes.clusters import Cluster, Group, View, content_fingerprint, groups_of, view
from tui.core.dupes.decision_record import Decision, FlagEdit, Kind, new_id, now_text
from tui.core.dupes.decisions import DecisionLog
from tui.core.dupes.index import DedupeIndex, Progress, Stats
from tui.core.dupes.rescore_queue import Follower
from tui.core.dupes.revert import reverting
from tui.core.dupes.scoring import DedupeConfig
from tui.core.format.wording import counted, quoted
from tui.core.model import Story
from tui.core.store.store import EditOutcome, EditStep, Store, StoreEvent


class DuplicateFinder:
    def __init__(
        self, store: Store, config: DedupeConfig | None = None, *, subscribe: bool = True, cache: bool | None = None
    ) -> None:
        """`subscribe`: follow the store's edits on a thread of our own (the dashboard);
        `cache`: reuse the last full pass of an unchanged folder (default: unless the
        command line said --no-cache)."""
        self.store = store
        self.config = config or DedupeConfig()
        self._cache = cache
        self.log = DecisionLog(store.root)
        self.ready = False
        self.running = False
        self.stats = Stats(0, 0, 0, 0)
        self.rescores = 0  # re-scores the follower ran (a publish toggle runs none)
        self._index = DedupeIndex(self.config)
        self._content: dict[str, str] = {}  # what each indexed story's text was
        self._groups: tuple[Group, ...] = ()
        self._view = View()
        self._steps: dict[EditStep, Decision] = {}  # this session's decisions' undo steps
        self._work = threading.Lock()
        self._decide = threading.RLock()
        self._follower = Follower("newsdesk-dedupe", self._follow)
        self._listening = subscribe
        if subscribe:
            store.subscribe(self._on_event)

    def close(self, wait: bool = True) -> None:
        """Stop following; a re-score under way finishes first (`wait`: for it)."""
        if self._listening:
            self.store.unsubscribe(self._on_event)
            self._listening = False
        self._follower.close(wait)

    @property
    def error(self) -> str | None:
        """The last background re-score that failed, if any."""
        return self._follower.error

    def report_errors(self, report: Callable[[BaseException, set[str]], None] | None) -> None:
        """`report(exc, ids)`, on the re-score thread, for each background re-score of
        `ids` that raises (the desk makes it a `Failure` the dashboard shows)."""
        self._follower.on_error = report

    # -- computing -----------------------------------------------------------------
    def run(self, progress: Progress | None = None) -> Stats:
        """A full pass over the store; safe from a worker thread (edits made meanwhile
        are applied right after, by the follower). An unchanged folder's saved pass
        is shown at once; when following edits, the index is then built anyway
        (quietly) for them."""
        self.running = True
        self._follower.hold()
        try:
            stories = list(self.store.stories.values())
            content = {story.id: content_fingerprint(story) for story in stories}
            use_cache = folder.use_cache if self._cache is None else self._cache
            state = saved_pass.fingerprint(stories) if use_cache else ""
            saved = saved_pass.load(self.store.root, self.config, state) if use_cache else None
            if saved is not None:
                index = DedupeIndex(self.config)
                index.restore(saved, len(stories))
                self._install(index, content)
                if progress is not None:
                    progress(len(stories), len(stories))
                if not self._listening:
                    return index.stats
                progress = None
            index = DedupeIndex(self.config)
            stats = index.build(stories, progress)
            if use_cache and saved is None:  # a pass just restored from the cache is saved already
                saved_pass.save(self.store.root, self.config, state, index.pairs.values())
            self._install(index, content)
        finally:
            self.running = False
            self._follower.release()  # edits made meanwhile are re-scored now
        return stats

    def _install(self, index: DedupeIndex, content: dict[str, str]) -> None:
        with self._work:
            self._index, self._content, self.stats = index, content, index.stats
            groups = groups_of(index, self.config.threshold)
            with self._decide:
                self._groups, self.ready = groups, True
                self._decorate()

    def update(self, ids: Collection[str]) -> None:
        """Queue these stories (changed, added or removed) for the follower thread."""
        if self.ready or self.running:  # else the first run() will see them as they are
            self._follower.add(ids)

    def _on_event(self, event: StoreEvent) -> None:
        # Any thread, perhaps under the store's lock: queue and return, nothing more.
        if event.kind in ("changed", "added", "removed") and event.ids:
            self.update(event.ids)

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait until every queued change is re-scored and shown (tests, scripts)."""
        return self._follower.flush(timeout)

    def _follow(self, ids: set[str]) -> None:
        self._rescore(ids)

    def _rescore(self, ids: Iterable[str]) -> bool:
        """Re-score what changed among `ids`; False when none of their text did."""
        with self._work:
            fresh: list[Story] = []
            prints: dict[str, str] = {}
            gone: list[str] = []
            for sid in sorted(ids):
                story = self.store.get(sid)
                if story is None:
                    if sid in self._content:
                        gone.append(sid)
                    continue
                # A publish toggle changes no text: nothing to re-score.
                fp = content_fingerprint(story)
                if self._content.get(sid) != fp:
                    fresh.append(story)
                    prints[sid] = fp
            if not fresh and not gone:
                return False
            if self._index.restored:  # a saved pass has no postings: build them now
                stories = list(self.store.stories.values())
                self._index = DedupeIndex(self.config)
                self.stats = self._index.build(stories)
                self._content = {story.id: content_fingerprint(story) for story in stories}
            else:
                for sid in gone:
                    self._index.remove(sid)
                    self._content.pop(sid, None)
                if fresh:
                    self._index.update(fresh)
                    self._content.update(prints)
            groups = groups_of(self._index, self.config.threshold)
            self.rescores += 1
            with self._decide:
                self._groups = groups
                self._decorate()
            return True

    def _decorate(self) -> None:
        """Under `_decide`: the groups with their decisions and kept copies, as the new
        view (`clusters.view`); then the store's suspects, which tells every screen."""
        self.log.load()
        self._view = fresh = view(self._groups, self.store.stories, self.log.active())
        self.store.set_suspects([sid for c in fresh.clusters if c.decision is None for sid in c.ids])
        # Decided copies stay visible (issue 17): the list's marker and the "decided" filter.
        self.store.set_decided(
            [sid for c in fresh.clusters if c.decision == "duplicate" for sid in c.ids if sid != c.canonical]
        )

    # -- reading (any thread, no lock: one view, read once) --------------------------
    def clusters(self) -> list[Cluster]:
        return list(self._view.clusters)

    def open_clusters(self) -> list[Cluster]:
        """Clusters without a decision, highest score first."""
        return [c for c in self._view.clusters if c.decision is None]

    def cluster(self, key: str) -> Cluster | None:
        return self._view.by_key.get(key)

    def cluster_of(self, story_id: str) -> Cluster | None:
        return self._view.by_story.get(story_id)

    def decided_of(self, story_id: str) -> tuple[str, str] | None:
        """(the kept copy, when it was decided) for a copy marked as its duplicate."""
        cluster = self._view.by_story.get(story_id)
        if cluster is None or cluster.decision != "duplicate" or cluster.canonical == story_id:
            return None
        return cluster.canonical, cluster.decided_at or ""

    def duplicates_of(self, story_id: str) -> list[tuple[str, int]]:
        """Stories this one is suspected to copy or be copied by, best first."""
        cluster = self._view.by_story.get(story_id)
        if cluster is None or cluster.decision is not None:
            return []  # none, or settled: no longer "suspected"
        out = [(p.b if p.a == story_id else p.a, p.score) for p in cluster.pairs if story_id in (p.a, p.b)]
        return sorted(out, key=lambda item: (-item[1], item[0]))

    def pairs(self) -> list[tuple[str, str, int, Kind | None]]:
        """Every suggested pair with its cluster's decision (the graph's duplicate edges)."""
        return [(p.a, p.b, p.score, c.decision) for c in self._view.clusters for p in c.pairs]

    @property
    def problems(self) -> list[str]:
        return list(self.log.problems)

    def reload_decisions(self) -> bool:
        """Take in the decision log as it is on disk now (a sync or a pull brought a
        colleague's decisions, or an undo of one): the suggestions, suspects and
        decided copies follow at once, as they do for stories that arrive. Cheap when
        the log did not change (its stat is compared first); read as safely and within
        the same bounds as ever. True when the view changed hands."""
        with self._decide:
            if not self.ready:
                return False  # the first pass reads the log itself
            if not self.log.load():
                return False
            self._decorate()
            return True

    # -- deciding (the writer thread) -------------------------------------------------
    def _catch_up(self) -> None:
        """Under `_decide`: take in decisions another process appended meanwhile, so a
        suggestion it settled is not settled twice."""
        if self.log.load():
            self._decorate()

    def decide_duplicate(self, key: str, canonical_id: str | None = None) -> EditOutcome:
        """Unpublish the other copies (one undo step) and record the decision. The kept
        copy is left as it was, published or not: publishing it is the editor's own
        choice (issue 17: merging once published a story nobody approved)."""
        with self._decide:
            self._catch_up()
            cluster = self._view.by_key.get(key)
            if cluster is None:
                return EditOutcome(False, "That suggestion changed meanwhile; nothing was changed")
            canonical = canonical_id or cluster.canonical
            if canonical not in cluster.ids:
                return EditOutcome(False, f"{canonical} is not in this suggestion; nothing was changed")
            if cluster.decision is not None:  # e.g. `m` pressed twice before the first landed
                return EditOutcome(False, "This suggestion is already decided; nothing was changed")
            stories = self.store.stories
            wanted = {sid: False for sid in cluster.ids if sid != canonical}
            # Every other member, not only those memory thinks differ: the files decide,
            # and setting a flag a file already has writes nothing.
            values = dict(wanted)
            title = quoted(_quoted(stories[canonical].title or canonical))

            def label(done: list[str]) -> str:
                return _marked(len(wanted), title, len(done))

            before = self.store.last_step
            outcome = self.store.set_published_each(values, label) if values else EditOutcome(True, "")
            if not outcome.ok:
                return outcome
            step = self.store.last_step if outcome.changed and self.store.last_step is not before else None
            edits = tuple(
                FlagEdit(e.id, not wanted[e.id], wanted[e.id], e.change.before, e.change.after)
                for e in (step.edits if step is not None else ())
            )
            decision = self._decision("duplicate", cluster, canonical, edits, step.label if step is not None else "")
            try:
                self.log.add(decision)
            except OSError as exc:
                if step is not None:
                    self.store.undo_step(step)
                return EditOutcome(
                    False, f"Could not record the decision ({exc.strerror or exc}); the files were restored"
                )
            if step is not None:
                self._steps[step] = decision
            self._decorate()
            return EditOutcome(True, _written(len(wanted), title, outcome.changed, stories[canonical]), outcome.changed)

    def decide_distinct(self, key: str) -> EditOutcome:
        with self._decide:
            self._catch_up()
            cluster = self._view.by_key.get(key)
            if cluster is None:
                return EditOutcome(False, "That suggestion changed meanwhile; nothing was recorded")
            if cluster.decision is not None:
                return EditOutcome(False, "This suggestion is already decided; nothing was recorded")
            try:
                self.log.add(self._decision("distinct", cluster, None, (), ""))
            except OSError as exc:
                return EditOutcome(False, f"Could not record the decision ({exc.strerror or exc})")
            self._decorate()
            return EditOutcome(True, f"Not duplicates: {len(cluster.ids)} stories left as they are")

    def _decision(
        self, kind: Kind, cluster: Cluster, canonical: str | None, edits: tuple[FlagEdit, ...], label: str
    ) -> Decision:
        stories = self.store.stories
        return Decision(
            id=new_id(),
            kind=kind,
            at=now_text(),
            cluster=cluster.key,
            members=tuple(sorted((sid, content_fingerprint(stories[sid])) for sid in cluster.ids)),
            canonical=canonical,
            score=cluster.score,
            edits=edits,
            label=label,
        )

    def undo_decision(self) -> EditOutcome:
        """Revert the last decision in force: its files (those still as it left them)
        and its record (an "undo" line is appended).

        The log is shared through git and anyone may write a line of it, so it is read
        as data, never as bytes to write: the edits are worked out again from the files
        as they are now (`revert.py`). A "distinct" decision touched no file, so
        undoing one writes none, whatever its line says."""
        with self._decide:
            self.log.load()
            decision = self.log.last_active()
            if decision is None:
                return EditOutcome(False, "No decision to undo")
            outcome = EditOutcome(True, "")
            if decision.kind == "duplicate":
                step = reverting(self.store, decision)
                if isinstance(step, EditOutcome):
                    return step
                if step is not None:
                    # On top of this session's history this is a plain undo of the
                    # decision's own step (equal edits); else its lines are put back.
                    outcome = self.store.undo_step(step)
                    if not outcome.ok:
                        return outcome
            try:
                self.log.add_undo(decision)
            except OSError as exc:
                return EditOutcome(False, f"Could not record the undo ({exc.strerror or exc})", outcome.changed)
            self._decorate()
            what = "duplicates" if decision.kind == "duplicate" else "not duplicates"
            return EditOutcome(True, f"Undid the decision “{what}” on {len(decision.ids)} stories", outcome.changed)

    # -- a decision's step in the desk's undo history -----------------------------------
    def decision_for_step(self, step: EditStep | None) -> Decision | None:
        """The decision of this session whose files `step` wrote, if it is one."""
        return self._steps.get(step) if step is not None else None

    def retract(self, decision: Decision) -> bool:
        """Record that `decision` is undone (its files were reverted by a plain undo of
        its step); False when it was retracted already (by another process). Raises
        OSError when the log cannot be written."""
        with self._decide:
            self.log.load()
            if decision.id in self.log.undone:
                return False
            self.log.add_undo(decision)
            self._decorate()
            return True

    def reinstate(self, step: EditStep, decision: Decision) -> bool:
        """Record `decision` again (a redo wrote its files back), under a new id; False
        when it is still in force. Raises OSError when the log cannot be written."""
        with self._decide:
            self.log.load()
            if decision.id not in self.log.undone:
                return False
            again = replace(decision, id=new_id(), at=now_text())
            self.log.add(again)
            self._steps[step] = again
            self._decorate()
            return True


def _quoted(title: str) -> str:
    """A title as a message quotes it: one line, at most 80 characters."""
    line = " ".join(title[:400].split())
    return line if len(line) <= 80 else line[:79] + "…"


def _marked(marked: int, title: str, written: int) -> str:
    """A duplicates decision in words that agree with its files: the copies marked, of
    which story, and how many of them it unpublished ("Marked 2 copies as duplicates
    of “T”: 1 unpublished, 1 already was"), never "2 duplicates" beside "1 file"."""
    head = f"Marked {counted(marked, 'copy')} as {'a duplicate' if marked == 1 else 'duplicates'} of {title}"
    already = marked - written
    if not written:
        tail = {1: "already unpublished", 2: "both already unpublished"}.get(marked, "all already unpublished")
    elif already:
        tail = f"{written:,} unpublished, {already:,} already {'was' if already == 1 else 'were'}"
    else:
        tail = f"{written:,} unpublished"
    return f"{head}: {tail}"


def _written(marked: int, title: str, changed: tuple[str, ...], kept: Story) -> str:
    """Exactly what a duplicates decision wrote: the copies it marked and unpublished,
    the files written, and the kept copy's state, which it did not touch."""
    files = f"{counted(len(changed), 'file')} written" if changed else "no file written"
    state = "published" if kept.published else "unpublished: nothing was published"
    return f"{_marked(marked, title, len(changed))}; {files}; the kept copy is left {state}"
