"""Command palette entries whose titles come from the feeds: filter by provider or topic.

Textual's system commands run titles through markup when highlighting matches, so a
provider called `[@click=app.quit]x` would become an action. These entries are
built as literal `Content` instead, and are offered only on the dashboard, where
the filters apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.core.format.literal import one_line


class FilterCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        from tui.ui.screens.main import MainScreen

        main = self.screen if isinstance(self.screen, MainScreen) else None
        if main is None:
            return
        store = main.store
        for name, count in store.providers():
            label = f"Filter by provider: {one_line(name) or '(no provider)'}"
            yield label, f"{count} stories", lambda n=name: main.set_filter(provider=n)
        for topic, count in store.topics():
            yield f"Filter by topic: {one_line(topic)}", f"{count} stories", lambda t=topic: main.set_filter(topic=t)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._entries():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), callback, help=help_text)

    async def discover(self) -> Hits:
        for label, help_text, callback in self._entries():
            yield DiscoveryHit(Content(label), callback, help=help_text)
