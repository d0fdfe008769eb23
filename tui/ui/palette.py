"""The command palette: every binding of the screen, and filters by provider or topic.

Binding commands (`system_commands`) are built from the screen's live bindings, so
each shows the key in force after the user's keymap, as the footer does; a binding
added to a screen is in the palette without a line here (`TITLES` only gives it a
better name).

Filter entries' titles come from the feeds. Textual's system commands run titles
through markup when highlighting matches, so a provider called `[@click=app.quit]x`
would become an action: `FilterCommands` builds them as literal `Content` instead,
and offers them only on the dashboard, where the filters apply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import Screen

from tui.core.format.literal import one_line
from tui.desk.settings import BINDING_IDS


class FilterCommands(Provider):
    def _entries(self) -> Iterator[tuple[str, str, Callable[[], None]]]:
        from tui.ui.screens.dashboard.screen import MainScreen

        main = self.screen if isinstance(self.screen, MainScreen) else None
        if main is None:
            return
        store = main.store
        for name, count in store.providers():
            label = f"Filter by provider: {one_line(name) or '(no provider)'}"
            yield label, stories(count), partial(main.set_filter, provider=name)
        for topic, count in store.topics():
            yield f"Filter by topic: {one_line(topic)}", stories(count), partial(main.set_filter, topic=topic)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, callback in self._entries():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, Content(label), callback, help=help_text)

    async def discover(self) -> Hits:
        """Nothing before a word is typed: the palette opens on the actions, and a
        folder's dozens of providers would push them off the screen (issue 18).
        Typing ("filter", a provider's name) finds the filters."""
        none: tuple[DiscoveryHit, ...] = ()
        for hit in none:  # an async generator that yields nothing
            yield hit


def stories(count: int) -> str:
    return f"{count:,} {'story' if count == 1 else 'stories'}"


# -- every binding of the screen, as a command ------------------------------------------------

# Titles and help for the palette: a binding's description is a footer word ("Sort"),
# the palette has room for a name you would search for and a sentence. A binding not
# listed here is offered under its own description and tooltip.
TITLES: dict[str, tuple[str, str]] = {
    "main.search": ("Search stories", "Titles, excerpts and providers as you type; typos too"),
    "main.sort": ("Cycle sort", "Next key: date, heat, quality, provider, title (and relevance in a search)"),
    "main.reverse_sort": ("Reverse sort", "Flip the current sort direction"),
    "main.filter": ("Cycle filter", "all, published, unpublished, has duplicates, decided duplicates"),
    "main.publish": ("Toggle publish", "Publish or unpublish the marked stories shown, else the highlighted one"),
    "main.undo": ("Undo", "Undo the last edit, restoring the files"),
    "main.redo": ("Redo", "Redo the last undone edit"),
    "main.clear": (
        "Clear search",
        "Back to the list from another pane; on the list, clear the search, then the filters",
    ),
    "main.clear_marks": ("Clear marks", "Unmark every story"),
    "main.components": ("Linked components", "The folder's linked stories, largest group first"),
    "list.mark": ("Mark story", "Mark / unmark the highlighted story and move down"),
    "main.date_window": ("Dates: cycle window", "today, this week, last 30 days, any date"),
    "main.since_date": ("Dates: since a day…", "Only stories since a day you type"),
    "main.goto_date": ("Go to date…", "Move the cursor to the story nearest a day"),
    "main.copy_url": ("Copy story URL", "To the clipboard (OSC 52)"),
    "main.open_url": ("Open story URL", "In the web browser (http and https only)"),
    "main.session_edits": ("Session edits", "This session's edits; undo any one of them"),
    "graph.select": ("Open node", "Jump the dashboard to the story under the node cursor"),
    "graph.components": ("Linked components", "The folder's linked stories, largest group first"),
    "graph.back": ("Back to the picture", "Leave the component list"),
    "dupes.mark": ("Mark duplicates", "Unpublish the other copies; the ★ copy stays as it is"),
    "dupes.publish_kept": ("Publish kept copy", "Publish the ★ copy (m never does)"),
    "dupes.choose": ("Choose kept copy", "Pick another copy to keep"),
    "dupes.distinct": ("Not duplicates", "Record that they are different stories"),
    "dupes.next": ("Next suggestion", "The next suggested duplicate"),
    "dupes.previous": ("Previous suggestion", "The previous suggested duplicate"),
    "dupes.undo": ("Undo decision", "Undo the last decision, files and record"),
    "dupes.why": ("Why these are suggested", "The scores and what matched, given the room (again: the copies)"),
    "dupes.back": ("Back to the dashboard", "Leave duplicate review"),
    "problems.warnings": ("Show or hide warnings", "Warnings as well as files that did not load"),
    "problems.close": ("Back to the dashboard", "Leave the problems screen"),
    "app.duplicates": ("Review duplicates", "Settle suggested near-duplicate stories"),
    "app.problems": ("Problems", "Files that did not load, and why"),
    "app.help": ("Help", "Every key"),
    "app.quit": ("Quit", "Quit, after every write has finished"),
    "app.focus_next": ("Next pane", "Focus the next pane: list, detail, graph"),
    "app.focus_previous": ("Previous pane", "Focus the previous pane"),
}
# Cursor and scroll steps: one step from the palette is no use to anyone.
MOVES = frozenset({"down", "up", "first", "last", "top", "bottom", "page_down", "page_up"})


def binding_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """One command per binding active on `screen` (its focused widget's, its own, the
    app's), with the keys in force as the footer shows them: read from the live
    bindings, after the keymap, never written out by hand."""
    found: dict[str, tuple[ActiveBinding, list[str]]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if not active.enabled or binding.id not in BINDING_IDS or binding.id.rpartition(".")[2] in MOVES:
            continue
        found.setdefault(binding.id, (active, []))[1].append(app.get_key_display(binding))
    titles: set[str] = set()
    for active, keys in found.values():
        binding = active.binding
        title, help_text = title_of(binding), help_of(binding)
        if title in titles:  # the graph's `c` and the dashboard's `C`: the focused widget's comes first
            continue
        titles.add(title)
        # The palette reads help as markup: the key names (a user may bind `[`) are escaped.
        run = partial(_run, app, binding.action, active.node)
        yield SystemCommand(title, escape(f"{help_text} ({' '.join(keys)})"), run)


def title_of(binding: Binding) -> str:
    """A binding's palette title: from `TITLES`, else its description."""
    return TITLES.get(binding.id or "", (binding.description, ""))[0]


def help_of(binding: Binding) -> str:
    """The line under a binding's title (and the words `palette_search` finds it by)."""
    found = TITLES.get(binding.id or "")
    return found[1] if found is not None else binding.tooltip or binding.description


async def _run(app: App[Any], action: str, node: DOMNode) -> None:
    await app.run_action(action, node)


def system_commands(app: App[Any], screen: Screen[Any], textual: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """The palette's system commands: the screen's bindings, the dashboard's one action
    without a key, then Textual's own (its Quit replaced by ours, which waits for writes
    and names its key)."""
    from tui.ui.screens.dashboard.screen import MainScreen

    titles: set[str] = set()
    for command in binding_commands(app, screen):
        titles.add(command.title)
        yield command
    if isinstance(screen, MainScreen):
        yield SystemCommand("Clear filters", "Show every story", screen.clear_filters)
    quit_action = getattr(app, "action_quit", None)
    if "Quit" not in titles and quit_action is not None:  # where `q` is not active (typing): still ours
        yield SystemCommand("Quit", "Quit, after every write has finished", quit_action)
    for command in textual:
        if command.title not in titles and command.title != "Quit":  # Textual's would skip pending writes
            yield command
