"""The duplicate review: one suggested cluster at a time, settled with one key.

Members stand side by side with the words that differ from the kept copy
highlighted, and the engine's explanation underneath, so an editor can see why a
suggestion was made before acting on it. Decisions go through the desk's writer
thread like every other edit, so they are ordered with toggles and undo.
"""

from __future__ import annotations

import math
import re

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.core.dupes.clusters import Cluster
from tui.core.dupes.finder import DuplicateFinder
from tui.core.format.literal import cut, one_line
from tui.core.model import Story
from tui.core.store.store import StoreEvent
from tui.desk.desk import Desk
from tui.ui.keys import key_label, keymap_of, keys_in_force
from tui.ui.messages import EditFinished, StoreUpdated
from tui.ui.screens.duplicates.layout import members_table, stacked
from tui.ui.screens.duplicates.text import excerpt_text, told_apart
from tui.ui.scrolling import ScrollBodyActions
from tui.ui.widgets.desk_footer import DeskFooter
from tui.ui.widgets.status_fit import fit, part

_WORDS = re.compile(r"\w+|\W+")
WHY_CARDS_FLOOR = 0.3  # of the body the copies keep after `w`, however long the Why
TITLE_CHARS = 500  # of a title shown and compared in the review: a real one is under 200
# The footer's order (issue 18): back and undo, then the decisions, then the rest.
REVIEW_FIRST = (
    "app.pop_screen",
    "undo",
    "mark",
    "distinct",
    "next",
    "help",
    "publish_kept",
    "choose",
    "why",
    "previous",
    "command_palette",
    "quit",
)


def _words(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", text)}


def highlight_differences(text: str, reference: str, style: str = "bold black on yellow") -> Text:
    """`text` with the words that `reference` lacks highlighted (case-insensitive)."""
    known = _words(reference)
    out = Text()
    for token in _WORDS.findall(text):
        if token[0].isalnum() or token[0] == "_":
            out.append(token, style=None if token.casefold() in known else style)
        else:
            out.append(token)
    return out


def member_text(story: Story, reference: Story | None, *, compact: bool = False) -> Text:
    """One copy of the story, everything an editor compares, as plain text.

    Words the kept copy (`reference`) lacks are highlighted; the kept copy itself
    is shown plain. `compact` (copies stacked on a narrow screen): state, outlet and
    date share one line.
    """
    # Titles cut to a bounded prefix before diffing and drawing: a 1 MB headline took
    # 9 s to open the review (issue 13); the excerpts are bounded by excerpt_text.
    title = cut(one_line(story.title[: TITLE_CHARS + 1]), TITLE_CHARS)
    ref_title = (reference.title if reference else story.title)[: TITLE_CHARS + 1]
    ref_excerpt = reference.excerpt if reference else story.excerpt
    text = Text()
    text.append_text(highlight_differences(title or "(untitled)", ref_title))
    text.stylize("bold")
    text.append("\n")
    text.append("● published" if story.published else "○ unpublished", style="green" if story.published else "yellow")
    text.append(" · " if compact else "\n")
    text.append(one_line(story.provider_name) or "—", style="bold")
    if story.provider_domain:
        text.append(f" ({one_line(story.provider_domain)})", style="dim")
    text.append(" · " if compact else "\n")
    when = story.published_at.strftime("%Y-%m-%d %H:%M %Z") if story.published_at else "no date"
    text.append(when + "\n", style="dim")
    text.append(one_line(story.url) + "\n", style="underline")
    text.append(one_line(story.id) + "\n\n", style="dim")
    # Entities and carriage returns as the text they stand for (issue 17), plain text.
    text.append_text(highlight_differences(excerpt_text(story.excerpt), excerpt_text(ref_excerpt)))
    return text


def _source(story: Story) -> str:
    """Outlet and day of a copy: what tells two copies with one headline apart."""
    when = story.published_at.strftime("%d %b %H:%M") if story.published_at else "no date"
    return f"{one_line(story.provider_name[:60]) or '—'}, {when}"


def _pair_label(a: Story | None, b: Story | None, a_id: str, b_id: str) -> str:
    """The two sides of a pair told apart: where their titles differ, and by outlet and
    date when the headlines are the same (issue 17: not the first 50 characters)."""
    if a is None or b is None:
        return f"{one_line(a_id[:80])} ~ {one_line(b_id[:80])}"
    left, right = told_apart(a.title, b.title, room=70)
    if left == right:
        left, right = f"{left} ({_source(a)})", f"({_source(b)})"
    return f"{left} ~ {right}"


class DuplicatesScreen(ScrollBodyActions, Screen[None]):
    """Open suggestions, highest score first."""

    # Descriptions are the footer's words, short so that the decisions fit at 80
    # columns (issue 18); help shows the tooltips, the palette its own titles.
    BINDINGS = [
        Binding(
            "m",
            "mark",
            "Mark dups",
            id="dupes.mark",
            tooltip="Mark duplicates: unpublish the other copies, the ★ copy stays as it is (one undo step)",
        ),
        Binding(
            "P",
            "publish_kept",
            "Publish ★",
            id="dupes.publish_kept",
            tooltip="Publish the ★ copy (marking duplicates never does)",
        ),
        Binding("c", "choose", "Choose ★", id="dupes.choose", tooltip="Choose another copy to keep (★)"),
        Binding("x", "distinct", "Not dups", id="dupes.distinct", tooltip="Not duplicates: they are different stories"),
        Binding("n", "next", "Next", id="dupes.next", tooltip="Next suggestion"),
        Binding("N", "previous", "Previous", id="dupes.previous", tooltip="Previous suggestion"),
        Binding("u", "undo", "Undo", id="dupes.undo", tooltip="Undo the last decision: its files and its record"),
        Binding(
            "w",
            "why",
            "Why",
            id="dupes.why",
            tooltip="Give the Why (the scores and what matched) the room and the scroll keys; again: the copies",
        ),
        Binding("j,down", "scroll_down", "Scroll down", id="dupes.down", show=False),
        Binding("k,up", "scroll_up", "Scroll up", id="dupes.up", show=False),
        Binding("escape,q", "app.pop_screen", "Back", id="dupes.back", tooltip="Back to the dashboard"),
        Binding("g,home", "scroll_home", "Top", id="dupes.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="dupes.bottom", show=False),
    ]

    # The copies take what they need up to most of the screen, the Why the rest below
    # them: at 80x24 it was below the fold (issue 18). `w` gives the Why the rows it
    # needs, the copies down to WHY_CARDS_FLOOR of the body (`_fit_why`).
    DEFAULT_CSS = """
    DuplicatesScreen > #dupes-status { height: 1; background: $panel; padding: 0 1; }
    DuplicatesScreen > #dupes-body { height: 1fr; }
    DuplicatesScreen #cards { height: auto; max-height: 65%; }
    DuplicatesScreen #why-box { height: 1fr; }
    DuplicatesScreen #members { height: auto; padding: 0 1; }
    DuplicatesScreen #why { height: auto; padding: 1 1 0 1; }
    DuplicatesScreen #empty { padding: 2 4; }
    """

    def __init__(self, finder: DuplicateFinder) -> None:
        super().__init__(id="duplicates")
        self.finder = finder
        self.queue: list[str] = []
        self.index = 0
        self.chosen: dict[str, str] = {}  # cluster key -> the member the editor keeps
        self.last_message = ""  # what the last decision wrote, as the desk said it
        self._reopen_from: set[str] | None = None  # the queue when `u` was pressed
        self._drawn: str | None = None  # the suggestion on screen: another one starts at its top

    def compose(self) -> ComposeResult:
        yield Static(id="dupes-status", markup=False)
        with Vertical(id="dupes-body"):
            with VerticalScroll(id="cards"):
                yield Static(id="empty", markup=False)
                yield Static(id="members", markup=False)
            with VerticalScroll(id="why-box"):
                yield Static(id="why", markup=False)
        yield DeskFooter(first=REVIEW_FIRST)  # esc, u and the decisions stay in sight at 80 columns

    def on_resize(self) -> None:
        self.draw()  # side by side or stacked, for the new width
        self.call_after_refresh(self._fit_why)

    def on_mount(self) -> None:
        self.finder.store.subscribe(self._store_listener)
        self.refresh_queue()

    def on_unmount(self) -> None:
        self.finder.store.unsubscribe(self._store_listener)

    def _store_listener(self, event: StoreEvent) -> None:
        self.post_message(StoreUpdated(event))  # from any thread

    def on_store_updated(self, message: StoreUpdated) -> None:
        # An outside edit or the dashboard changed a member: show what the files say.
        if message.event.kind in ("changed", "removed", "suspects"):
            self.refresh_queue()

    # -- state -------------------------------------------------------------------
    @property
    def desk(self) -> Desk:
        """The app's desk (typed: `self.app` is any App to mypy)."""
        desk: Desk = getattr(self.app, "desk")  # noqa: B009
        return desk

    @property
    def cluster(self) -> Cluster | None:
        if 0 <= self.index < len(self.queue):
            return self.finder.cluster(self.queue[self.index])
        return None

    def refresh_queue(self, focus_key: str | None = None) -> None:
        current = focus_key or (self.queue[self.index] if 0 <= self.index < len(self.queue) else None)
        self.queue = [c.key for c in self.finder.open_clusters()]
        reopened = [key for key in self.queue if key not in self._reopen_from] if self._reopen_from is not None else []
        if reopened:  # after `u`: the suggestion it reopened is the one to look at
            current, self._reopen_from = reopened[0], None
        if current in self.queue:
            self.index = self.queue.index(current)
        self.index = max(0, min(self.index, len(self.queue) - 1))
        self.draw()

    def canonical(self, cluster: Cluster) -> str:
        chosen = self.chosen.get(cluster.key)
        return chosen if chosen in cluster.ids else cluster.canonical

    # -- drawing -----------------------------------------------------------------
    def draw(self) -> None:
        decided = sum(c.decision is not None for c in self.finder.clusters())
        if not self.finder.ready:
            where = " Finding duplicates…"
        elif self.queue:
            where = f" Suggestion {self.index + 1} of {len(self.queue)} open"
        else:
            where = " No open suggestions"
        parts = [part(Text(where, style="bold"), ranks=()), part(f" · {decided} decided", ranks=(60,))]
        cluster = self.cluster
        if cluster is not None:
            parts += [
                part(f" · score {cluster.score}", ranks=(40,)),
                part(f" · {len(cluster.ids)} stories", ranks=(50,)),
            ]
        status = fit(parts, max(self.size.width - 2, 1))  # the line's padding: 0 1 (issue 18: never cut)
        self.query_one("#dupes-status", Static).update(status)
        empty = self.query_one("#empty", Static)
        members = self.query_one("#members", Static)
        why = self.query_one("#why", Static)
        if cluster is None:
            members.update("")
            empty.display = True
            back = f"{self._key('dupes.back')} goes back to the dashboard."  # the key in force
            empty.update(
                "Still looking for duplicates; suggestions appear here when the search is done."
                if not self.finder.ready
                else f"Nothing to review: every suggestion is settled. {back}"
                if decided
                else f"No suspected duplicates in this folder. {back}"
            )
            why.update("")
            self._drawn = None
            return
        empty.display = False
        stories = self.finder.store.stories
        keep = self.canonical(cluster)
        reference = stories.get(keep)
        scores = {sid: max((p.score for p in cluster.pairs if sid in (p.a, p.b)), default=0) for sid in cluster.ids}
        shown = [sid for sid in cluster.ids if sid in stories]
        headers = []
        for sid in shown:
            if sid == keep:  # m leaves the kept copy as it is; P publishes it
                state = "published" if stories[sid].published else "stays unpublished"
                header = Text(f"★ keep ({state})", style="bold green")
            else:
                header = Text("unpublish", style="dim")
            header.append(f"  best match {scores[sid]}", style="dim")
            headers.append(header)
        compact = stacked(len(shown), self.size.width)  # one under the other when narrow (issue 18)
        cells = [member_text(stories[sid], None if sid == keep else reference, compact=compact) for sid in shown]
        members.update(members_table(headers, cells, self.size.width))
        text = Text()
        text.append("Why\n", style="bold")
        if reference is not None:
            reason = cluster.kept_reason if keep == cluster.canonical else "chosen with c"
            text.append("  kept: ", style="bold")
            text.append(f"{_source(reference)}: {reason}\n", style="dim")
        for pair in cluster.pairs:
            text.append(f"  {pair.score:>3} ", style="bold red" if pair.score >= 90 else "bold yellow")
            text.append(f"{_pair_label(stories.get(pair.a), stories.get(pair.b), pair.a, pair.b)}\n", style="dim")
            text.append(f"      {pair.why}\n")
        # The keys in force (a keymap may have moved them), never written out here.
        mark, publish, choose, distinct = (
            self._key(f"dupes.{name}") for name in ("mark", "publish_kept", "choose", "distinct")
        )
        text.append(
            f"\n{mark} unpublishes the other copies and leaves the ★ copy as it is (one undo step); "
            f"{publish} publishes the ★ copy; {choose} picks another copy to keep; "
            f"{distinct} says they are different stories.",
            style="dim",
        )
        why.update(text)
        if cluster.key != self._drawn:  # another suggestion (n, a decision, a reopen): from its top
            self._drawn = cluster.key
            for box in self.query(VerticalScroll):
                box.scroll_home(animate=False, immediate=True)
        if self.has_class("-why"):
            self.call_after_refresh(self._fit_why)  # another Why, another height

    def _key(self, binding_id: str) -> str:
        """The first key in force for one of this screen's bindings, as help names it."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.id == binding_id:
                return key_label(keys_in_force(binding, keymap_of(self.app))).split(" ")[0]
        return binding_id

    # -- actions -----------------------------------------------------------------
    def action_why(self) -> None:
        """The Why gets the room it needs and j/k scroll it; again, back to the copies."""
        self.toggle_class("-why")
        self._fit_why()
        self.query_one("#why-box" if self.has_class("-why") else "#cards", VerticalScroll).scroll_home(animate=False)

    def _fit_why(self) -> None:
        """After `w`, the copies give up only the rows the Why needs (down to
        WHY_CARDS_FLOOR of the body); without `w`, the stylesheet's share.

        A fixed share (the copies cut to 30%) left the trial at 160x45 with the copies'
        excerpts cut off above a seven-row Why and twenty blank rows. The Why's height
        is its box's content as last laid out, so this runs again after a redraw."""
        cards = self.query_one("#cards", VerticalScroll)
        if not self.has_class("-why"):
            cards.styles.max_height = None  # back to the stylesheet's 65%
            return
        room = self.query_one("#dupes-body", Vertical).size.height
        if room <= 0:
            return
        need = self.query_one("#why-box", VerticalScroll).virtual_size.height
        cards.styles.max_height = max(room - need, math.ceil(room * WHY_CARDS_FLOOR))

    def _body(self) -> VerticalScroll:
        """What j/k/g/G scroll: the copies, or the Why after `w`."""
        return self.query_one("#why-box" if self.has_class("-why") else "#cards", VerticalScroll)

    def action_next(self) -> None:
        if self.queue:
            self.index = (self.index + 1) % len(self.queue)
            self.draw()

    def action_previous(self) -> None:
        if self.queue:
            self.index = (self.index - 1) % len(self.queue)
            self.draw()

    def action_choose(self) -> None:
        cluster = self.cluster
        if cluster is None:
            return
        ids = list(cluster.ids)
        self.chosen[cluster.key] = ids[(ids.index(self.canonical(cluster)) + 1) % len(ids)]
        self.draw()

    def action_publish_kept(self) -> None:
        """Publish the ★ copy: its own explicit choice, never a side effect of `m`."""
        cluster = self.cluster
        if cluster is None:
            self.app.notify("No suggestion shown", severity="warning")
            return
        keep, desk = self.canonical(cluster), self.desk
        story = self.finder.store.stories.get(keep)
        if story is not None and story.published:
            self.app.notify("The ★ copy is already published", timeout=3)
            return
        desk.submit(lambda: desk.set_published([keep], True))

    def action_mark(self) -> None:
        cluster = self.cluster
        if cluster is not None:
            keep, desk = self.canonical(cluster), self.desk
            desk.submit(lambda: desk.decide_duplicate(cluster.key, keep))

    def action_distinct(self) -> None:
        cluster = self.cluster
        if cluster is not None:
            desk = self.desk
            desk.submit(lambda: desk.decide_distinct(cluster.key))

    def action_undo(self) -> None:
        self._reopen_from = set(self.queue)
        desk = self.desk
        desk.submit(desk.undo_decision)

    @on(EditFinished)
    def _edited(self, message: EditFinished) -> None:
        # A decided suggestion leaves the queue, so the same index is now the next one;
        # an undone decision reopens its suggestion, which is where the editor looks next.
        self.last_message = message.outcome.message
        before = set(self.queue) if self._reopen_from is None else self._reopen_from
        self.refresh_queue()
        reopened = [key for key in self.queue if key not in before]
        if reopened:
            self.index = self.queue.index(reopened[0])
            self.draw()
        self._reopen_from = None
