"""Topic and field edits across stories: all files or none, one undo step, as publish does.

Issue 16 asks for more than the publish flag: tag the marked stories with a topic, fix
a headline, set `type` or `quality` on several stories, and rename, merge or delete a
topic across the whole folder after a preview. Every one of these goes through the
store's own write path (`Store._apply`: `disk.writer.rewrite` on the bytes on disk at
that moment, a refresh of the story, rollback of every file already written when one
fails) and lands on the store's undo history as one `EditStep`. The per-file changes
are `entries.EntryChange`s, which `edits.replay` replays, so the store's undo, redo and
rollback handle them without knowing what they are.

These are functions over a `Store` rather than methods so that store.py stays as it
is; they use the store's private write machinery, as a method would.

Near-identical topics are found by folding case, accents, punctuation and a plural
ending ("AI", "A.I.", "ai"; "Election", "Elections"). Synonyms ("Artificial
Intelligence" and "AI") are not detectable that way, and no attempt is made: the
topics view lets the editor merge them by hand.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.format import list_edits, scalar_edits
from tui.core.format.edits import EditError, LineChange
from tui.core.format.literal import cut, one_line
from tui.core.store.records import EditOutcome, EditStep
from tui.core.store.store import Store

FileEditFn = Callable[[bytes], tuple[bytes, LineChange] | None]
_SHOWN = 60  # characters of a topic or title shown in a message


def quoted(text: str) -> str:
    """Untrusted text (a topic, a title) for a message: one line, bounded, in quotes."""
    return "'" + cut(one_line(text), _SHOWN) + "'"


def _title(store: Store, sid: str) -> str:
    story = store.get(sid)
    return quoted(story.title) if story is not None and story.title else sid


def write_each(store: Store, edits: Mapping[str, FileEditFn], label: Callable[[list[str]], str]) -> EditOutcome:
    """Apply each story's edit to its file: all files or none, one undo step.

    An unknown id or a file that failed to load changes nothing; a file that no longer
    parses, a refused edit or a failed write rolls back every file already written.
    `label` names the step from the ids that changed (for undo's "Undid: ...").
    """
    missing = [sid for sid in edits if sid not in store.stories]
    if missing:
        sid = missing[0]
        reason = "the file does not load as a story" if sid in store.problems else "unknown story"
        message = f"{reason}: {cut(one_line(sid), 200)}. Nothing was changed."
        return EditOutcome(False, message, failures=tuple((m, reason) for m in missing))

    def forward(raw: bytes, sid: str) -> tuple[bytes, LineChange] | None:
        try:
            return edits[sid](raw)
        except EditError:
            raise
        except Exception as exc:  # the store rolls back on EditError only: never leave half a step
            raise EditError(f"the edit failed unexpectedly ({type(exc).__name__}: {cut(str(exc), 120)})") from exc

    with store._lock:
        done, failure, touched = store._apply(list(edits), forward)
        if failure is None and done:
            store._undo.append(EditStep(label([e.id for e in done]), tuple(done)))
            store._redo.clear()
    changed = tuple(dict.fromkeys([*touched, *(e.id for e in done)]))
    if changed:
        store._emit("changed", changed)
    if failure is not None:
        return failure
    ids = tuple(e.id for e in done)
    return EditOutcome(True, label(list(ids)) if ids else "Nothing to change", ids)


def _count(ids: Collection[str]) -> str:
    return "1 story" if len(ids) == 1 else f"{len(ids)} stories"


# -- topics on chosen stories (marked, or the highlighted one) ------------------------


def tag(store: Store, ids: Iterable[str], add: Sequence[str] = (), remove: Sequence[str] = ()) -> EditOutcome:
    """Add the topics each story lacks and remove the ones listed (`newsdesk tag`)."""
    add, remove = tuple(add), tuple(remove)
    if set(add) & set(remove):
        return EditOutcome(False, "A topic cannot be both added and removed. Nothing was changed.")
    if any(not topic.strip() for topic in add):
        return EditOutcome(False, "A topic needs a name. Nothing was changed.")
    parts = [f"added {', '.join(map(quoted, add))}"] if add else []
    parts += [f"removed {', '.join(map(quoted, remove))}"] if remove else []
    summary = " and ".join(parts) or "no topic"

    def label(done: list[str]) -> str:
        where = _title(store, done[0]) if len(done) == 1 else _count(done)
        return f"Topics of {where}: {summary}"

    def edit(raw: bytes) -> tuple[bytes, LineChange] | None:
        return list_edits.change_topics(raw, add, remove)

    ids = list(dict.fromkeys(ids))
    outcome = write_each(store, dict.fromkeys(ids, edit), label)
    if outcome.ok and not outcome.changed and ids:
        # "Nothing to change" left the editor wondering whether the key worked.
        has = "has" if len(ids) == 1 else "have"
        where = _title(store, ids[0]) if len(ids) == 1 else f"all {_count(ids)}"
        said = [f"already {has} {_topic_list(add)}"] if add else []
        said += [f"{has} no {_topic_list(remove)}"] if remove else []
        return EditOutcome(True, f"{where} {' and '.join(said)}: nothing to change")
    return outcome


def _topic_list(topics: Sequence[str]) -> str:
    return ("topic " if len(topics) == 1 else "topics ") + ", ".join(map(quoted, topics))


def add_topic(store: Store, ids: Iterable[str], topic: str) -> EditOutcome:
    return tag(store, ids, add=(topic,))


def remove_topic(store: Store, ids: Iterable[str], topic: str) -> EditOutcome:
    return tag(store, ids, remove=(topic,))


# -- scalar fields on chosen stories ----------------------------------------------------


def set_field(store: Store, ids: Iterable[str], field: str, value: str | int) -> EditOutcome:
    """Set title, excerpt, type, category (text) or quality, heat (whole numbers).

    `value` may be the text typed for a number field (`newsdesk set ID heat=-1`).
    """
    try:
        typed = scalar_edits.field_value(field, value) if isinstance(value, str) else value
    except ValueError as exc:
        return EditOutcome(False, f"{exc}. Nothing was changed.")
    if field in scalar_edits.TEXT_FIELDS and not isinstance(typed, str):
        return EditOutcome(False, f"{field} takes text. Nothing was changed.")
    shown = quoted(typed) if isinstance(typed, str) else str(typed)
    ids = list(ids)
    # Named before the write: a new title read back afterwards made the message (and
    # undo's "Undid: ...") say "Set title of 'New' to 'New'".
    before = {sid: _title(store, sid) for sid in ids[:1]}

    def label(done: list[str]) -> str:
        where = before.get(done[0]) or _title(store, done[0]) if len(done) == 1 else _count(done)
        return f"Set {field} of {where} to {shown}"

    def edit(raw: bytes) -> tuple[bytes, LineChange] | None:
        return scalar_edits.set_scalar(raw, field, typed)

    return write_each(store, dict.fromkeys(ids, edit), label)


# -- the topics view: counts, candidates, folder-wide rename / merge / delete -----------


def topic_counts(store: Store, by: Literal["count", "name"] = "count") -> list[tuple[str, int]]:
    """Every topic with its number of stories: most used first, or by name."""
    counts = store.topics()
    if by == "count":
        counts.sort(key=lambda pair: (-pair[1], pair[0].casefold(), pair[0]))
    return counts


def _stories_with(store: Store, topics: Collection[str]) -> dict[str, set[str]]:
    """For each topic, the ids of the stories that carry it."""
    wanted = set(topics)
    out: dict[str, set[str]] = {topic: set() for topic in wanted}
    with store._lock:
        for sid, story in store.stories.items():
            for topic in wanted.intersection(story.topics):
                out[topic].add(sid)
    return out


@dataclass(frozen=True, slots=True)
class TopicPlan:
    """A folder-wide topic change, counted before it is applied (`preview` says it)."""

    kind: Literal["rename", "merge", "delete"]
    target: str | None  # the name the sources become; None to delete
    sources: tuple[str, ...]
    ids: tuple[str, ...]  # the stories that change
    already: int  # how many of them have the target already

    @property
    def preview(self) -> str:
        names = ", ".join(quoted(s) for s in self.sources)
        if self.kind == "delete":
            head = f"delete {names}"
        elif self.kind == "rename":
            head = f"rename {names} to {quoted(self.target or '')}"
        else:
            head = f"merge {names} into {quoted(self.target or '')}"
        if not self.ids:
            return f"{head}: no story has {'it' if len(self.sources) == 1 else 'them'}"
        if self.target is None or not self.already:
            return f"{head}: {_count(self.ids)}"
        verb = "has" if self.already == 1 else "have"
        return f"{head}: {_count(self.ids)}, {self.already} already {verb} {quoted(self.target)}"


def _plan(
    store: Store, kind: Literal["rename", "merge", "delete"], target: str | None, sources: Iterable[str]
) -> TopicPlan:
    olds = tuple(dict.fromkeys(s for s in sources if s != target))
    found = _stories_with(store, [*olds, *([target] if target is not None else [])])
    ids: set[str] = set().union(*(found[s] for s in olds))
    already = len(ids & found[target]) if target is not None else 0
    return TopicPlan(kind, target, olds, tuple(sorted(ids)), already)


def plan_rename(store: Store, old: str, new: str) -> TopicPlan:
    return _plan(store, "rename", new, (old,))


def plan_merge(store: Store, new: str, olds: Iterable[str]) -> TopicPlan:
    return _plan(store, "merge", new, olds)


def plan_delete(store: Store, topic: str) -> TopicPlan:
    return _plan(store, "delete", None, (topic,))


def apply_plan(store: Store, plan: TopicPlan) -> EditOutcome:
    """Apply a previewed plan to its stories: every file or none, one undo step."""
    if plan.target is not None and not plan.target.strip():
        return EditOutcome(False, "A topic needs a name. Nothing was changed.")
    if not plan.ids:
        return EditOutcome(True, plan.preview[:1].upper() + plan.preview[1:] + "; nothing to change")
    target, sources = plan.target, plan.sources

    def edit(raw: bytes) -> tuple[bytes, LineChange] | None:
        if target is None:
            return list_edits.change_topics(raw, remove=sources)
        return list_edits.merge_topics(raw, target, sources)

    def label(done: list[str]) -> str:
        names = ", ".join(quoted(s) for s in sources)
        verb = {"rename": "Renamed", "merge": "Merged", "delete": "Deleted"}[plan.kind]
        joined = "" if target is None else (" to " if plan.kind == "rename" else " into ") + quoted(target)
        return f"{verb} topic {names}{joined} in {_count(done)}"

    return write_each(store, dict.fromkeys(plan.ids, edit), label)


def rename_topic(store: Store, old: str, new: str) -> EditOutcome:
    return apply_plan(store, plan_rename(store, old, new))


def merge_topics(store: Store, new: str, olds: Iterable[str]) -> EditOutcome:
    return apply_plan(store, plan_merge(store, new, olds))


def delete_topic(store: Store, topic: str) -> EditOutcome:
    return apply_plan(store, plan_delete(store, topic))


# -- near-identical topics ---------------------------------------------------------------


def topic_key(topic: str) -> str:
    """What near-identical topics share: no case, accents, spaces or punctuation, singular.

    `+`, `#` and `&` stay (C++ and C# are different topics); a plural ending goes only
    from a word long enough to have one ("Elections", "Technologies"; not "News").
    """
    text = unicodedata.normalize("NFKD", topic).casefold()
    key = "".join(ch for ch in text if ch.isalnum() or ch in "+#&")
    if key.endswith("ies") and len(key) > 4:
        return key[:-3] + "y"
    if key.endswith(("sses", "xes", "ches", "shes", "zes")) and len(key) > 4:
        return key[:-2]
    if key.endswith("s") and not key.endswith("ss") and len(key) >= 5:
        return key[:-1]
    return key


@dataclass(frozen=True, slots=True)
class MergeCandidate:
    """Topics that differ only in case, punctuation or a plural; the most used first."""

    topics: tuple[tuple[str, int], ...]

    @property
    def target(self) -> str:
        return self.topics[0][0]

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.topics[1:])

    @property
    def text(self) -> str:
        rest = ", ".join(f"{quoted(name)} ({count})" for name, count in self.topics[1:])
        return f"merge {rest} into {quoted(self.target)} ({self.topics[0][1]})?"


def merge_candidates(store: Store) -> list[MergeCandidate]:
    """Groups of near-identical topics, the groups with the most stories first."""
    groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for topic, count in store.topics():
        key = topic_key(topic)
        if key:
            groups[key].append((topic, count))
    found = [
        MergeCandidate(tuple(sorted(members, key=lambda pair: (-pair[1], pair[0]))))
        for members in groups.values()
        if len(members) > 1
    ]
    found.sort(key=lambda c: (-sum(n for _, n in c.topics), c.target))
    return found
