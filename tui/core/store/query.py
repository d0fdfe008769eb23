"""What the article list asks the store for: a sort and a set of filters."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

SortKey = Literal["date", "heat", "quality", "provider", "title"]
PublishFilter = Literal["all", "published", "unpublished", "duplicates"]

SORT_KEYS: tuple[SortKey, ...] = ("date", "heat", "quality", "provider", "title")
PUBLISH_FILTERS: tuple[PublishFilter, ...] = ("all", "published", "unpublished", "duplicates")
# Newest, hottest and best first; names alphabetically.
NATURAL_DESCENDING = frozenset({"date", "heat", "quality"})


@dataclass(frozen=True, slots=True)
class Query:
    sort: SortKey = "date"
    descending: bool = True
    state: PublishFilter = "all"
    provider: str | None = None
    topic: str | None = None
    text: str = ""

    def next_sort(self) -> Query:
        """`s`: pick a key in its natural direction, press again to reverse, then move on."""
        natural = self.sort in NATURAL_DESCENDING
        if self.descending == natural:
            return replace(self, descending=not self.descending)
        key = SORT_KEYS[(SORT_KEYS.index(self.sort) + 1) % len(SORT_KEYS)]
        return replace(self, sort=key, descending=key in NATURAL_DESCENDING)

    def next_state(self) -> Query:
        index = (PUBLISH_FILTERS.index(self.state) + 1) % len(PUBLISH_FILTERS)
        return replace(self, state=PUBLISH_FILTERS[index])

    def describe_sort(self) -> str:
        return f"{self.sort} {'↓' if self.descending else '↑'}"

    def describe_filter(self) -> str:
        parts: list[str] = [] if self.state == "all" else [self.state]
        if self.provider:
            parts.append(f"provider={self.provider}")
        if self.topic:
            parts.append(f"topic={self.topic}")
        if self.text:
            parts.append(f"search={self.text}")
        return ", ".join(parts) or "all"

    @property
    def filtered(self) -> bool:
        return self.state != "all" or bool(self.provider or self.topic or self.text)
