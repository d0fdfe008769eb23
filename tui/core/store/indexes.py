"""The store's lookup tables: by URL, provider, topic, incoming link and publish state.

Kept apart from the store so the store reads as what it does (load, query, edit,
follow the disk) and these read as what they hold. Every table is updated per story
as it comes and goes, never rebuilt, so a watcher event or a toggle costs the same
in a folder of five stories as in one of 100,000.
"""

from __future__ import annotations

from collections import defaultdict

from tui.core.model import RelatedItem, Story


class Indexes:
    """Not thread-safe on its own: the store calls it under its lock."""

    def __init__(self) -> None:
        self.url_to_id: dict[str, str] = {}
        self.by_provider: dict[str, set[str]] = defaultdict(set)
        self.by_topic: dict[str, set[str]] = defaultdict(set)
        self.incoming: dict[str, set[str]] = defaultdict(set)
        self.published: set[str] = set()

    def put(self, story: Story) -> None:
        sid = story.id
        if story.published:
            self.published.add(sid)
        for key in story.url_keys:  # canonical URLs, computed by the codec
            self.url_to_id.setdefault(key, sid)
        self.by_provider[story.provider_name].add(sid)
        for topic in story.topics:
            self.by_topic[topic].add(sid)
        for item in story.related:
            for key in item.url_keys:
                self.incoming[key].add(sid)

    def drop(self, story: Story) -> None:
        sid = story.id
        self.published.discard(sid)
        for key in story.url_keys:
            if self.url_to_id.get(key) == sid:
                del self.url_to_id[key]
        self.by_provider[story.provider_name].discard(sid)
        for topic in story.topics:
            self.by_topic[topic].discard(sid)
        for item in story.related:
            for key in item.url_keys:
                self.incoming[key].discard(sid)

    def resolve(self, item: RelatedItem) -> str | None:
        """The id of the folder's story this related entry points at, if any."""
        for key in item.url_keys:
            sid = self.url_to_id.get(key)
            if sid is not None:
                return sid
        return None

    def linking_to(self, story: Story) -> set[str]:
        """Stories whose `related` list points at this one, through any URL variant."""
        found: set[str] = set()
        for key in story.url_keys:
            found |= self.incoming.get(key, set())
        found.discard(story.id)
        return found

    def providers(self) -> list[tuple[str, int]]:
        return sorted((p, len(ids)) for p, ids in self.by_provider.items() if ids)

    def topics(self) -> list[tuple[str, int]]:
        return sorted((t, len(ids)) for t, ids in self.by_topic.items() if ids)
