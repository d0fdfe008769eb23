"""The topics view: every topic with its count; rename, merge or delete across the folder.

A folder grown by a pipeline holds "AI", "A.I." and "ai" as three topics. Here the
editor sees every topic with its number of stories (most used first, or by name),
the near-identical ones offered as merge candidates (`field_edits.merge_candidates`),
and renames, merges or deletes a topic across the whole folder. Each change is
previewed first, counted from the store ("rename 'A.I.' to 'AI': 37 stories, 3
already have 'AI'"), confirmed, and sent to the desk's writer thread as one edit: one
undo step, `u` here or on the dashboard.

Topics are untrusted text: every row and preview is Text with markup off, bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.literal import cut, one_line
from tui.core.format.wording import counted
from tui.core.store import field_edits as fe
from tui.core.store.records import StoreEvent
from tui.desk import field_edits
from tui.ui.keys import hint_keys
from tui.ui.messages import EditFinished, StoreUpdated
from tui.ui.screens.prompts import ConfirmPrompt, TextPrompt
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter

if TYPE_CHECKING:
    from tui.desk.desk import Desk

_TOPIC = 100  # characters of a topic shown in a row
_CANDIDATES = 5  # merge suggestions listed


class TopicsScreen(Screen[None]):
    """Topics and counts, merge suggestions, and the folder-wide topic edits."""

    DEFAULT_CSS = """
    TopicsScreen #topics-status { height: 1; padding: 0 1; background: $boost; }
    TopicsScreen #topics-candidates { height: auto; max-height: 7; padding: 0 1; color: $warning; }
    TopicsScreen #topic-list { height: 1fr; border: round $accent; }
    """
    BINDINGS = [
        Binding("s", "sort", "Sort", id="topics.sort", tooltip="Sort by count (most used first) or by name"),
        Binding("space", "mark", "Mark", id="topics.mark", tooltip="Mark or unmark the highlighted topic for a merge"),
        Binding(
            "r",
            "rename",
            "Rename",
            id="topics.rename",
            tooltip="Rename the highlighted topic in every story, after a preview",
        ),
        Binding(
            "m",
            "merge",
            "Merge",
            id="topics.merge",
            tooltip="Merge the marked topics into one name in every story, after a preview",
        ),
        Binding(
            "x,delete",
            "delete",
            "Delete",
            id="topics.delete",
            tooltip="Remove the highlighted topic from every story, after a preview",
        ),
        Binding(
            "c",
            "suggested",
            "Merge suggestion",
            id="topics.suggested",
            tooltip="Merge near-identical topics (case, punctuation, plural), after a preview",
        ),
        Binding("u", "undo", "Undo", id="topics.undo", tooltip="Undo the last edit, restoring the files"),
        # The dashboard's list moves with j/k/g/G; the topic list must too, or r renames
        # whichever topic the cursor never left (a new editor's first rename went wrong).
        Binding("j", "move('down')", "Down", id="topics.down", show=False, tooltip="Next topic"),
        Binding("k", "move('up')", "Up", id="topics.up", show=False, tooltip="Previous topic"),
        Binding("g", "move('first')", "First", id="topics.first", show=False, tooltip="First topic"),
        Binding("G", "move('last')", "Last", id="topics.last", show=False, tooltip="Last topic"),
        Binding("escape,number_sign,q", "app.pop_screen", "Back", id="topics.back", tooltip="Back to the dashboard"),
    ]

    def __init__(self, desk: Desk) -> None:
        super().__init__(id="topics")
        self.desk = desk
        self.by: Literal["count", "name"] = "count"
        self.marked: set[str] = set()
        self.names: list[str] = []  # the rows' topics, in order

    def compose(self) -> ComposeResult:
        yield Static(id="topics-status", markup=False)
        yield Static(id="topics-candidates", markup=False)
        yield OptionList(id="topic-list")
        yield DeskFooter(first=SCREEN_FIRST)  # back and help first, no key cut (issue 18)

    def on_mount(self) -> None:
        self.desk.store.subscribe(self._store_listener)
        self.refresh_rows()
        self.query_one(OptionList).focus()

    def on_unmount(self) -> None:
        self.desk.store.unsubscribe(self._store_listener)

    def _store_listener(self, event: StoreEvent) -> None:
        if event.kind in ("added", "changed", "removed", "loaded"):
            self.post_message(StoreUpdated(event))  # from the writer's or watcher's thread

    def on_store_updated(self, message: StoreUpdated) -> None:
        message.stop()
        self.refresh_rows()

    def on_edit_finished(self, message: EditFinished) -> None:
        self.refresh_rows()

    # -- rows --------------------------------------------------------------------------
    @property
    def current(self) -> str | None:
        index = self.query_one(OptionList).highlighted
        return self.names[index] if index is not None and 0 <= index < len(self.names) else None

    def refresh_rows(self) -> None:
        store = self.desk.store
        counts = fe.topic_counts(store, by=self.by)
        keep = self.current
        self.names = [topic for topic, _ in counts]
        self.marked &= set(self.names)
        options = []
        for topic, count in counts:
            row = Text()
            row.append("● " if topic in self.marked else "  ", style="bold magenta")
            row.append(f"{count:>6}  ", style="bold")
            row.append(cut(one_line(topic), _TOPIC))
            options.append(Option(row))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        if self.names:
            listing.highlighted = self.names.index(keep) if keep in self.names else 0
        marked = f" · {len(self.marked)} marked" if self.marked else ""
        by = "most used first" if self.by == "count" else "by name"
        self.query_one("#topics-status", Static).update(Text(f" {counted(len(self.names), 'topic')} · {by}{marked}"))
        candidates = fe.merge_candidates(store)[:_CANDIDATES]
        text = Text()
        if candidates:
            text.append("Near-identical (c merges the highlighted one's group):")
            for candidate in candidates:
                text.append("\n  " + cut(one_line(candidate.text), 200))
        self.query_one("#topics-candidates", Static).update(text)

    # -- actions -------------------------------------------------------------------------
    def action_move(self, where: str) -> None:
        listing = self.query_one(OptionList)
        moves = {
            "down": listing.action_cursor_down,
            "up": listing.action_cursor_up,
            "first": listing.action_first,
            "last": listing.action_last,
        }
        moves[where]()

    def action_sort(self) -> None:
        self.by = "name" if self.by == "count" else "count"
        self.refresh_rows()

    def action_mark(self) -> None:
        topic = self.current
        if topic is None:
            return
        self.marked.symmetric_difference_update({topic})
        listing = self.query_one(OptionList)
        index = listing.highlighted
        self.refresh_rows()
        if index is not None and index + 1 < len(self.names):
            listing.highlighted = index + 1

    def _confirm(self, plan: fe.TopicPlan, after: str = "") -> None:
        def answer(yes: bool | None) -> None:
            if yes:
                field_edits.submit_plan(self.desk, plan)
                if after == "unmark":
                    self.marked.clear()

        self.app.push_screen(ConfirmPrompt(plan.preview[:1].upper() + plan.preview[1:]), answer)

    def _suggester(self) -> SuggestFromList:
        return SuggestFromList(self.names, case_sensitive=False)

    def action_rename(self) -> None:
        old = self.current
        if old is None:
            return

        def named(new: str | None) -> None:
            if new is not None and new.strip() and new.strip() != old:
                self._confirm(fe.plan_rename(self.desk.store, old, new.strip()))

        label = f"Rename '{cut(one_line(old), 60)}' to"
        self.app.push_screen(TextPrompt(label, old, suggester=self._suggester()), named)

    def action_merge(self) -> None:
        sources = [name for name in self.names if name in self.marked]
        if len(sources) < 2:
            mark, merge = (hint_keys(self.app, self.BINDINGS, f"topics.{b}") for b in ("mark", "merge"))
            notice = f"Mark two topics or more with {mark}, then press {merge}"
            self.app.notify(notice, severity="warning", markup=False)
            return

        def named(new: str | None) -> None:
            if new is not None and new.strip():
                self._confirm(fe.plan_merge(self.desk.store, new.strip(), sources), after="unmark")

        label = f"Merge {len(sources)} topics into"
        self.app.push_screen(TextPrompt(label, sources[0], suggester=self._suggester()), named)

    def action_delete(self) -> None:
        topic = self.current
        if topic is not None:
            self._confirm(fe.plan_delete(self.desk.store, topic))

    def action_suggested(self) -> None:
        candidates = fe.merge_candidates(self.desk.store)
        if not candidates:
            self.app.notify("No near-identical topics", severity="information")
            return
        current = self.current
        chosen = next((c for c in candidates if current in [name for name, _ in c.topics]), candidates[0])
        self._confirm(fe.plan_merge(self.desk.store, chosen.target, chosen.others))

    def action_undo(self) -> None:
        self.desk.submit(self.desk.undo)
