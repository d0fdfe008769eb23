"""What the dashboard draws for a story of a Jekyll site: its outcome's mark, its collection, why.

On a site root the list's publish mark is the site outcome, not the `published` line
(● page, ○ hidden, ◐ listed, ⚠ raw, ✖ breaks-build, · ignored), a narrow column names
the collection and ends with `!` when the outcome is not what the line seems to say,
and the detail pane gives the verdict's reason. A plain folder (no `_config.yml`) is
drawn as it always was: these helpers say so by returning None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from tui.core.format.literal import cut, one_line
from tui.core.model import Story
from tui.core.site.outcome import Verdict
from tui.core.store.site_view import MARKS
from tui.core.store.unreadable import flagged

if TYPE_CHECKING:
    from tui.core.store.store import Store

COLUMN = 10  # the collection column: 8 cells of label, the disagreement mark, a space

_WORDS = {
    "page": "page: readers can open it",
    "listed": "listed: in its collection's listing, no page of its own",
    "hidden": "hidden: no page, not listed",
    "raw": "raw: copied into the site as it is",
    "ignored": "ignored: Jekyll never reads it",
    "breaks-build": "breaks the build: no page of the site is written",
}


def site_cell(store: Store, story: Story) -> tuple[str, bool, str] | None:
    """(mark, shown as published, collection column) for the list; None outside a site.

    A row of a file newsdesk cannot read (Store.unreadable) carries the `!` whenever
    `check` would report it, not only when its line disagrees (unreadable.flagged)."""
    site = store.site
    if not site.active:
        return None
    unreadable = story.id in store.unreadable
    verdict = site.verdict(story.id, None if unreadable else story)
    if verdict is None:
        return ("●" if story.published else "○"), story.published, " " * COLUMN
    label = one_line(cut(site.collection(story.id) or "", COLUMN - 2))
    differs = flagged(verdict) if unreadable else verdict.differs
    column = f"{label:<{COLUMN - 2}}{'!' if differs else ' '} "
    return MARKS.get(verdict.outcome, "?"), verdict.outcome == "page", column


def site_head(store: Store, story: Story) -> Text | None:
    """The detail pane's state line on a site: the outcome, the collection, and why."""
    site = store.site
    if not site.active:
        return None
    verdict: Verdict | None = site.verdict(story.id, store.get(story.id))
    head = Text()
    if verdict is None:
        head.append("site outcome unknown: the file could not be read again", style="bold yellow")
        return head
    good = verdict.outcome == "page"
    style = "bold green" if good else "bold red" if verdict.severity == "error" else "bold yellow"
    head.append(f"{MARKS.get(verdict.outcome, '?')} {_WORDS.get(verdict.outcome, verdict.outcome)}", style=style)
    label = site.collection(story.id)
    if label:
        head.append(f"  (collection {one_line(cut(label, 40))})", style="dim")
    head.append("\n")
    head.append("why: ", style="dim")
    head.append(one_line(cut(verdict.reason, 400)))
    if verdict.leaks:
        head.append(f" ({verdict.leaks})", style="bold red")
    if verdict.differs:
        head.append("\n")
        head.append("≠ not what its published line seems to say", style="bold yellow")
    return head


def unreadable_detail(store: Store, story: Story) -> Text:
    """The detail pane of a file newsdesk cannot read as a story (Store.unreadable):
    what Jekyll will do with it and why, what newsdesk could not read, and what to fix
    before `p` can change its outcome (the refusal a toggle gives)."""
    out = Text()
    out.append(one_line(cut(story.title, 300)) or "(untitled)", style="bold")
    out.append("\n")
    head = site_head(store, story)
    if head is not None:
        out.append_text(head)
        out.append("\n")
    problems = [p for p in store.problems.get(story.id, ()) if p.severity == "error"]
    out.append("\nnewsdesk cannot read it as a story", style="bold")
    out.append(" (so no fields, topics or duplicates; the problems screen lists it too)\n", style="dim")
    for problem in problems[:10]:
        where = f"line {problem.line}: " if problem.line is not None else ""
        out.append(f"  {where}{one_line(cut(problem.message, 400))}\n", style="yellow")
    advice = store.site.advice(story.id)
    if advice:
        out.append("\nto fix: ", style="bold")
        out.append(one_line(cut(advice, 600)))
        out.append("\n")
    out.append("\nfile  ", style="dim")
    out.append(one_line(cut(story.id, 400)), style="dim")
    return out
