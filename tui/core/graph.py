"""The related-items graph: stories, the outside coverage they cite, and duplicates.

The pane recomputes a neighbourhood on every cursor move, so nothing here scans the
folder: adjacency is kept per node and updated only for the stories a store event
touched (plus the stories whose links those events re-resolve). Whole-folder answers
(components) are computed once and cached until the next change.

Node ids are story ids for stories of the folder. External items (related entries that
match no story) get ids starting with NUL, a byte no file name can contain, so the two
can never collide and `is_external` is a prefix test.
"""

from __future__ import annotations

import heapq
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from tui.core.format.urls import canonical_url
from tui.core.model import RelatedItem, Story
from tui.core.store.store import Store, StoreEvent

EXTERNAL_PREFIX = "\x00"
NodeKind = Literal["published", "unpublished", "external", "missing"]
EdgeKind = Literal["related", "reciprocal", "duplicate"]
DuplicatePair = tuple[str, str, float, str]
DuplicateSource = Iterable[DuplicatePair] | Callable[[], Iterable[DuplicatePair]]
#: Neighbour visits a neighbourhood query may spend counting second-hop nodes before it
#: settles for a lower bound; keeps a hub (a link cited by thousands) from stalling a keypress.
COUNT_BUDGET = 200_000


def is_external(node: str) -> bool:
    return node.startswith(EXTERNAL_PREFIX)


def normalize_title(title: str) -> str:
    """Fold case, width, quotes and punctuation so re-typed titles of one item agree."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in folded).split())


def external_id(item: RelatedItem) -> str:
    """The id of the external node for an entry: its first canonical URL, else its title.

    Returns "" for an entry with neither, which then makes no node at all.
    """
    keys = item.url_keys or tuple(canonical_url(u) for u in item.urls())  # the codec's, else ours
    for key in keys:
        if key:
            return f"{EXTERNAL_PREFIX}url:{key}"
    title = normalize_title(item.title)
    return f"{EXTERNAL_PREFIX}title:{title}" if title else ""


@dataclass(frozen=True, slots=True)
class Duplicate:
    a: str
    b: str
    score: float
    decision: str


@dataclass(frozen=True, slots=True)
class External:
    """An item cited from outside the folder, merged over every story that cites it."""

    id: str
    item: RelatedItem  # the entry as the first citing story (by id) wrote it
    listed_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Edge:
    """`related` runs source -> target; reciprocal and duplicate edges have a < b."""

    source: str
    target: str
    kind: EdgeKind
    score: float | None = None
    decision: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """How `node` hangs off `parent` in a neighbourhood (all that joins them)."""

    node: str
    parent: str
    out: bool  # parent lists node
    back: bool  # node lists parent
    duplicate: Duplicate | None = None

    @property
    def kind(self) -> EdgeKind:
        if self.duplicate is not None:
            return "duplicate"
        return "reciprocal" if self.out and self.back else "related"

    @property
    def rank(self) -> int:
        if self.duplicate is not None:
            return 0
        if self.out and self.back:
            return 1
        return 2 if self.out else 3


@dataclass(frozen=True, slots=True)
class Branch:
    """A first-hop node with what it leads to.

    `children` are second-hop nodes first reached through it; `echoes` are links from it
    to nodes already placed elsewhere (another first-hop node, or a second-hop node
    under an earlier branch), which a tree picture can only show as a repeat.
    """

    link: Link
    children: tuple[Link, ...]
    child_total: int
    echoes: tuple[Link, ...]
    echo_total: int


@dataclass(frozen=True, slots=True)
class Neighbourhood:
    centre: str
    branches: tuple[Branch, ...]
    first_total: int
    second_total: int
    exact: bool  # False when a hub made the second-hop count a lower bound

    @property
    def first(self) -> tuple[Link, ...]:
        return tuple(b.link for b in self.branches)


@dataclass(frozen=True, slots=True)
class Component:
    stories: tuple[str, ...]
    externals: tuple[str, ...]
    representative: str  # its best-connected story, where the pane opens it

    @property
    def size(self) -> int:
        return len(self.stories) + len(self.externals)


@dataclass(frozen=True, slots=True)
class Degree:
    out: int
    incoming: int
    duplicates: int

    @property
    def total(self) -> int:
        return self.out + self.incoming + self.duplicates


@dataclass(frozen=True, slots=True)
class NodeInfo:
    id: str
    kind: NodeKind
    title: str
    provider: str
    url: str
    story: Story | None = None
    external: External | None = None


GraphListener = Callable[[frozenset[str]], None]
SORT_PREFIX = 200  # characters of a title that order a neighbourhood


class Graph:
    def __init__(self, store: Store, duplicate_pairs: DuplicateSource | None = None, *, subscribe: bool = True) -> None:
        self.store = store
        self.version = 0
        self._lock = threading.RLock()
        self._out: dict[str, dict[str, RelatedItem]] = {}
        self._in: dict[str, set[str]] = {}
        self._dup: dict[str, dict[str, Duplicate]] = {}
        self._dup_source: Callable[[], Iterable[DuplicatePair]] | None = None
        self._components: list[Component] | None = None
        self._component_of: dict[str, int] = {}
        self._listeners: list[GraphListener] = []
        with self._lock:
            for sid in list(store.stories):
                self._relink(sid)
        if callable(duplicate_pairs):
            self._dup_source = duplicate_pairs
            self.refresh_duplicates()
        elif duplicate_pairs is not None:
            self.set_duplicates(duplicate_pairs)
        if subscribe:
            store.subscribe(self._on_store)

    def close(self) -> None:
        self.store.unsubscribe(self._on_store)

    # -- observers -------------------------------------------------------------
    def subscribe(self, listener: GraphListener) -> None:
        """Called (on the store's thread) with the nodes whose links changed."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: GraphListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _changed(self, touched: Iterable[str]) -> None:
        touched = frozenset(touched)
        with self._lock:
            self.version += 1
            self._components = None
        for listener in list(self._listeners):
            listener(touched)

    # -- maintenance -----------------------------------------------------------
    def _on_store(self, event: StoreEvent) -> None:
        if event.kind in ("added", "changed", "removed") and event.ids:
            self._changed(self.update(event.ids))
        elif event.kind == "suspects" and self._dup_source is not None:
            self.refresh_duplicates()

    def update(self, ids: Iterable[str]) -> set[str]:
        """Re-link these stories and every story whose links they may re-resolve."""
        store = self.store
        with self._lock:
            touched: set[str] = set()
            for sid in ids:
                touched.add(sid)
                touched.update(self._in.get(sid, ()))  # they pointed at the old URLs
                touched.update(store.incoming(sid))  # they point at the new ones
            nodes: set[str] = set()
            for sid in sorted(touched):
                nodes.update(self._relink(sid))
            return nodes

    def _relink(self, sid: str) -> set[str]:
        """Replace one story's outgoing edges; returns every node whose edges moved."""
        old = self._out.pop(sid, {})
        for target in old:
            sources = self._in.get(target)
            if sources is not None:
                sources.discard(sid)
                if not sources:
                    del self._in[target]
        new: dict[str, RelatedItem] = {}
        if sid in self.store.stories:
            for item, resolved in self.store.outgoing(sid):
                target = resolved if resolved is not None else external_id(item)
                if target and target != sid and target not in new:
                    new[target] = item
            if new:
                self._out[sid] = new
            for target in new:
                self._in.setdefault(target, set()).add(sid)
        return {sid, *old, *new}

    def set_duplicates(self, pairs: Iterable[DuplicatePair]) -> None:
        """Replace every duplicate edge (a pair given twice keeps its last score)."""
        with self._lock:
            touched = set(self._dup)
            self._dup = {}
            for a, b, score, decision in pairs:
                if a == b:
                    continue
                dup = Duplicate(min(a, b), max(a, b), float(score), str(decision))
                self._dup.setdefault(a, {})[b] = dup
                self._dup.setdefault(b, {})[a] = dup
            touched |= set(self._dup)
        self._changed(touched)

    def refresh_duplicates(self) -> None:
        if self._dup_source is not None:
            self.set_duplicates(list(self._dup_source()))

    # -- single nodes ----------------------------------------------------------
    def __contains__(self, node: object) -> bool:
        return isinstance(node, str) and (node in self.store.stories or node in self._in)

    def neighbours(self, node: str) -> set[str]:
        with self._lock:
            found = set(self._out.get(node, ()))
            found.update(self._in.get(node, ()))
            found.update(self._dup.get(node, ()))
            found.discard(node)
            return found

    def link(self, parent: str, node: str) -> Link:
        out = node in self._out.get(parent, ())
        back = parent in self._out.get(node, ())
        return Link(node, parent, out, back, self._dup.get(parent, {}).get(node))

    def edges(self, node: str) -> list[Edge]:
        """Every edge touching a node, reciprocal pairs folded into one edge."""
        with self._lock:
            edges: list[Edge] = []
            for other in sorted(self.neighbours(node)):
                link = self.link(node, other)
                a, b = min(node, other), max(node, other)
                if link.out and link.back:
                    edges.append(Edge(a, b, "reciprocal"))
                elif link.out:
                    edges.append(Edge(node, other, "related"))
                elif link.back:
                    edges.append(Edge(other, node, "related"))
                if link.duplicate is not None:
                    d = link.duplicate
                    edges.append(Edge(d.a, d.b, "duplicate", d.score, d.decision))
            return edges

    def degree(self, node: str) -> Degree:
        with self._lock:
            return Degree(len(self._out.get(node, ())), len(self._in.get(node, ())), len(self._dup.get(node, ())))

    def external(self, node: str) -> External | None:
        with self._lock:
            sources = self._in.get(node)
            if not is_external(node) or not sources:
                return None
            listed_by = tuple(sorted(sources))
            return External(node, self._out[listed_by[0]][node], listed_by)

    def info(self, node: str) -> NodeInfo:
        story = self.store.stories.get(node)
        if story is not None:
            kind: NodeKind = "published" if story.published else "unpublished"
            return NodeInfo(
                node, kind, story.title, story.provider_name or story.provider_domain, story.url, story=story
            )
        ext = self.external(node)
        if ext is not None:
            item = ext.item
            return NodeInfo(
                node,
                "external",
                item.title or item.url,
                item.provider_name or item.provider_domain,
                item.url,
                external=ext,
            )
        return NodeInfo(node, "missing", node.lstrip(EXTERNAL_PREFIX), "", "")

    def _sort_key(self, link: Link) -> tuple[int, int, str, str]:
        # Titles are untrusted: the key folds a bounded prefix (a neighbourhood is sorted
        # on every cursor move, and a 1 MB headline would be folded whole each time).
        node = link.node
        story = self.store.stories.get(node)
        if story is not None:
            return (link.rank, 0, story.title[:SORT_PREFIX].casefold(), node)
        sources = self._in.get(node)
        title = self._out[min(sources)][node].title if sources else ""
        return (link.rank, 1, title[:SORT_PREFIX].casefold(), node)

    def _ordered(self, links: Iterable[Link], limit: int | None) -> list[Link]:
        if limit is None:
            return sorted(links, key=self._sort_key)
        return heapq.nsmallest(limit, links, key=self._sort_key)

    # -- neighbourhoods --------------------------------------------------------
    def neighbourhood(
        self, centre: str, first_limit: int | None = None, per_branch: int | None = None
    ) -> Neighbourhood:
        """The centre's neighbours to two hops, in and out, best first.

        First-hop order: duplicates, reciprocal, cited by the centre, citing it; stories
        before external items; then by title. Limits only cut what is returned: the
        totals still count everything (up to COUNT_BUDGET neighbour visits).
        """
        with self._lock:
            first_ids = self.neighbours(centre)
            first = self._ordered((self.link(centre, n) for n in first_ids), first_limit)
            placed = {centre, *first_ids}
            position = {link.node: i for i, link in enumerate(first)}
            branches: list[Branch] = []
            for link in first:
                children: list[Link] = []
                echoes: list[Link] = []
                for other in self.neighbours(link.node):
                    if other == centre:
                        continue
                    if other in placed:
                        if other in first_ids and position.get(other, -1) < position[link.node]:
                            continue  # a sibling link is shown once, under the earlier one
                        echoes.append(self.link(link.node, other))
                    else:
                        children.append(self.link(link.node, other))
                placed.update(c.node for c in children)
                branches.append(
                    Branch(
                        link,
                        tuple(self._ordered(children, per_branch)),
                        len(children),
                        tuple(self._ordered(echoes, per_branch)),
                        len(echoes),
                    )
                )
            second = placed - first_ids - {centre}
            exact = True
            if len(first) < len(first_ids):
                shown = {b.link.node for b in branches}
                spent = 0
                for node in sorted(first_ids - shown):
                    neighbours = self.neighbours(node)
                    spent += len(neighbours)
                    second.update(n for n in neighbours if n not in first_ids and n != centre)
                    if spent > COUNT_BUDGET:
                        exact = False
                        break
            return Neighbourhood(centre, tuple(branches), len(first_ids), len(second), exact)

    # -- whole folder ----------------------------------------------------------
    def components(self) -> list[Component]:
        """Connected components (related and duplicate edges, either direction), largest first.

        Stories with no link at all are components of one; the list ends with them.
        """
        with self._lock:
            if self._components is not None:
                return self._components
            seen: set[str] = set()
            found: list[Component] = []
            for start in sorted(self.store.stories):
                if start in seen:
                    continue
                seen.add(start)
                stack = [start]
                members: list[str] = []
                while stack:
                    node = stack.pop()
                    members.append(node)
                    for other in self._adjacent(node):
                        if other not in seen:
                            seen.add(other)
                            stack.append(other)
                stories = sorted(n for n in members if not is_external(n))
                externals = sorted(n for n in members if is_external(n))
                best = min(stories, key=lambda s: (-self.degree(s).total, s))
                found.append(Component(tuple(stories), tuple(externals), best))
            found.sort(key=lambda c: (-len(c.stories), -len(c.externals), c.representative))
            self._components = found
            self._component_of = {n: i for i, c in enumerate(found) for n in (*c.stories, *c.externals)}
            return found

    def _adjacent(self, node: str) -> Iterable[str]:
        yield from self._out.get(node, ())
        yield from self._in.get(node, ())
        yield from self._dup.get(node, ())

    def component_of(self, node: str) -> Component | None:
        with self._lock:
            components = self.components()
            index = self._component_of.get(node)
            return None if index is None else components[index]
