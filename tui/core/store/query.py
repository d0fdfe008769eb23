"""What the article list asks the store for: a sort and a set of filters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

SortKey = Literal["date", "heat", "quality", "provider", "title"]
PublishFilter = Literal["all", "published", "unpublished", "duplicates", "decided"]

SORT_KEYS: tuple[SortKey, ...] = ("date", "heat", "quality", "provider", "title")
PUBLISH_FILTERS: tuple[PublishFilter, ...] = ("all", "published", "unpublished", "duplicates", "decided")
# Newest, hottest and best first; names alphabetically.
NATURAL_DESCENDING = frozenset({"date", "heat", "quality"})
_STATE_NAMES = {"decided": "decided duplicates"}
RELEVANCE = "relevance"  # a search's own order: best match first (issue 18)


@dataclass(frozen=True, slots=True)
class Query:
    """`ranked`: while searching, the list is in match order (relevance) rather than
    `sort`; a new search starts ranked, `s` moves on to the sort keys and back.
    `since`: only stories dated at or after it; `since_label` says how it was chosen
    ("today", "last 30 days", "since 2026-11-02")."""

    sort: SortKey = "date"
    descending: bool = True
    state: PublishFilter = "all"
    provider: str | None = None
    topic: str | None = None
    text: str = ""
    ranked: bool = True
    since: datetime | None = None
    since_label: str = ""
    # A Jekyll site (issue 14): one collection's stories, and those whose site outcome
    # is not what their `published` line seems to say.
    collection: str | None = None
    site_differs: bool = False

    @property
    def searching(self) -> bool:
        return bool(self.text.strip())

    @property
    def by_relevance(self) -> bool:
        """Whether the list is in a search's match order."""
        return self.searching and self.ranked

    def with_text(self, text: str) -> Query:
        """A search typed: one that starts fresh is in relevance order."""
        ranked = True if not self.searching else self.ranked
        return replace(self, text=text, ranked=ranked)

    def next_sort(self) -> Query:
        """`s`: the next sort key, in its natural direction (`S` reverses). While
        searching, relevance is a key of its own, before date and after title."""
        if self.by_relevance:
            return replace(self, ranked=False, sort=SORT_KEYS[0], descending=SORT_KEYS[0] in NATURAL_DESCENDING)
        at = SORT_KEYS.index(self.sort) + 1
        if at == len(SORT_KEYS) and self.searching:
            return replace(self, ranked=True)
        key = SORT_KEYS[at % len(SORT_KEYS)]
        return replace(self, sort=key, descending=key in NATURAL_DESCENDING, ranked=False)

    def next_state(self) -> Query:
        index = (PUBLISH_FILTERS.index(self.state) + 1) % len(PUBLISH_FILTERS)
        return replace(self, state=PUBLISH_FILTERS[index])

    def describe_sort(self) -> str:
        if self.by_relevance:
            return RELEVANCE
        return f"{self.sort} {'↓' if self.descending else '↑'}"

    def describe_filter(self) -> str:
        parts: list[str] = [] if self.state == "all" else [_STATE_NAMES.get(self.state, self.state)]
        if self.since is not None:
            parts.append(self.since_label or f"since {self.since:%Y-%m-%d}")
        if self.provider:
            parts.append(f"provider={self.provider}")
        if self.topic:
            parts.append(f"topic={self.topic}")
        if self.collection is not None:
            parts.append(f"collection={self.collection}")
        if self.site_differs:
            parts.append("site disagrees")
        if self.text:
            parts.append(f"search={self.text}")
        return ", ".join(parts) or "all"

    def cleared(self) -> Query:
        """The same sort, every filter and the search gone."""
        return Query(sort=self.sort, descending=self.descending)

    @property
    def filtered(self) -> bool:
        return (
            self.state != "all"
            or bool(self.provider or self.topic or self.text)
            or self.since is not None
            or self.collection is not None
            or self.site_differs
        )
