"""How the command palette finds an action: by the words that describe it.

Textual matches a query letter by letter against a command's title alone, so
"unpublish" never found "Toggle publish" and "sort by heat" never found "Cycle sort"
(issue 18's trial). `DeskCommands` also reads the query as words: each word (short
joining words such as "by" aside) must begin a word of the command's title or of the
help line shown under it, which is the binding's own description; titles weigh more,
and a whole word more than its start. Nothing here lists extra words by hand.

A cycling action has one entry, like every action; when the query names one of its
choices ("heat" of the sorts, "unpublished" of the filters), that entry goes straight
to the choice ("Sort by heat") instead of one step round the cycle. The choices are
the query module's own names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.command import Hit, Hits
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.system_commands import SystemCommandsProvider

from tui.core.store.query import PUBLISH_FILTERS, RELEVANCE, SORT_KEYS, Query

_WORD = re.compile(r"[^\W_]+")
JOINING = frozenset("a an and by for in of on or the to with".split())
CHOICE_AT_LEAST = 3  # letters of a query word before it may name a choice ("p" names nothing)


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def query_words(query: str) -> list[str]:
    """The query's words, joining words dropped unless that leaves none."""
    found = words(query)
    return [w for w in found if w not in JOINING] or found


def word_score(query: list[str], title: str, help_text: str) -> float:
    """0 unless every query word begins a word of `title` or `help_text`; else up to 1:
    a whole word of the title 1, of the help 0.85, the start of a title word 0.7, of a
    help word 0.5 (so "unpublish" ranks the publish toggle, whose help says the word,
    above the filter that shows "unpublished" stories), averaged over the words."""
    if not query:
        return 0.0
    title_words, help_words = words(title), words(help_text)
    total = 0.0
    for word in query:
        if word in title_words:
            total += 1.0
        elif word in help_words:
            total += 0.85
        elif any(t.startswith(word) for t in title_words):
            total += 0.7
        elif any(h.startswith(word) for h in help_words):
            total += 0.5
        else:
            return 0.0
    return total / len(query)


@dataclass(frozen=True, slots=True)
class Choices:
    """A cycling binding's choices: the title for one, its action, and the names."""

    title: str  # "Sort by {}"
    action: str  # "sort_by({!r})"
    names: Callable[[Any], list[tuple[str, str]]]  # screen -> (value, name as shown)


def _sorts(screen: Any) -> list[tuple[str, str]]:
    searching = bool(getattr(getattr(screen, "query_state", None), "searching", False))
    return [(key, key) for key in SORT_KEYS] + ([(RELEVANCE, RELEVANCE)] if searching else [])


def _filters(screen: Any) -> list[tuple[str, str]]:
    return [(state, Query(state=state).describe_filter()) for state in PUBLISH_FILTERS]


CHOICES: dict[str, Choices] = {
    "main.sort": Choices("Sort by {}", "sort_by({!r})", _sorts),
    "main.filter": Choices("Filter: {}", "filter_by({!r})", _filters),
}


def named_choice(query: list[str], names: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The choice a query word names (whole word first, then a word's start), or None."""
    asked = [w for w in query if len(w) >= CHOICE_AT_LEAST]
    for whole in (True, False):
        for value, name in names:
            name_words = words(name)
            if any(w in name_words if whole else any(n.startswith(w) for n in name_words) for w in asked):
                return value, name
    return None


class DeskCommands(SystemCommandsProvider):
    """The app's commands (tui/ui/palette.py), found by their words as well as Textual's way."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        ceiling = matcher.match(query) or 1.0  # what a title equal to the query scores
        asked = query_words(query)
        choosers = dict(choice_bindings(self.app, self.screen))
        for title, help_text, callback, *_ in self.app.get_system_commands(self.screen):
            chooser = choosers.get(title)
            chosen = named_choice(asked, chooser[0].names(self.screen)) if chooser is not None else None
            if chooser is not None and chosen is not None:
                choices, node = chooser
                title = choices.title.format(chosen[1])
                callback = partial(_run, self.app, choices.action.format(chosen[0]), node)
            fuzzy = matcher.match(title)
            by_words = word_score(asked, title, help_text) * ceiling * 0.9
            score = max(fuzzy, by_words)
            if score > 0:
                shown = matcher.highlight(title) if fuzzy >= by_words else Content(title)
                yield Hit(score, shown, callback, text=title, help=help_text)


def choice_bindings(app: App[Any], screen: Screen[Any]) -> Iterator[tuple[str, tuple[Choices, DOMNode]]]:
    """(palette title, (its choices, the node its action runs on)) for each active
    cycling binding, titled as `palette.binding_commands` titles it."""
    from tui.ui.palette import title_of

    for active in screen.active_bindings.values():
        choices = CHOICES.get(active.binding.id or "")
        if choices is not None and active.enabled:
            yield title_of(active.binding), (choices, active.node)


async def _run(app: App[Any], action: str, node: DOMNode) -> None:
    await app.run_action(action, node)
