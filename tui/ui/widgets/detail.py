"""The detail pane: everything the file says about the highlighted story.

Built from `rich.text.Text` pieces appended as plain strings, so nothing a feed puts
in a title or URL can become markup, a link or an action; control characters are
escaped before they get here. `secured` is only ever described, never shown.

Everything shown is bounded before it is formatted (docs/THREAT_MODEL.md): a text is
cut to `TEXT` characters (the excerpt to `LONG`), a list to `ITEMS` entries, a value
of an unknown key goes through `short_repr`. Wrapping is the costly part of drawing
this pane, and a one-megabyte headline froze the dashboard for seconds on every
cursor move onto or off its story.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.core.dupes.keep import day_of
from tui.core.format.literal import cut, one_line, short_repr, visible
from tui.core.format.url_fold import fold_url
from tui.core.format.wording import counted
from tui.core.model import Story
from tui.core.store.store import Store
from tui.ui.scrolling import step
from tui.ui.widgets.site_marks import site_head, unreadable_detail


def relative(when: datetime, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    seconds = (now - when).total_seconds()
    future = seconds < 0
    seconds = abs(seconds)
    for unit, size in (("year", 365 * 86400), ("month", 30 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            phrase = counted(count, unit)
            return f"in {phrase}" if future else f"{phrase} ago"
    return "just now"


TEXT = 2000  # characters of any one text shown (a headline is a few dozen)
LONG = 10_000  # characters of the excerpt shown
URL = 4000  # characters of a URL shown (as many as `y` copies and `o` opens)
ITEMS = 50  # entries of any one list shown (topics, images, related, keys, warnings)


def _short(value: Any, limit: int = 200) -> str:
    return one_line(cut(value, limit) if isinstance(value, str) else short_repr(value, limit))


def _decided(app: Any, store: Store, story_id: str) -> str:
    """ "≡ duplicate of “…”, decided 12 May 2026" for a copy an editor marked as a
    duplicate (the finder's `decided_of`), else ''."""
    dupes = getattr(app, "dupes", None)
    decided_of = getattr(dupes, "decided_of", None) if getattr(dupes, "ready", False) else None
    found = decided_of(story_id) if callable(decided_of) else None
    if not found:
        return ""
    kept_id, at = found
    kept = store.get(kept_id)
    return f"≡ duplicate of “{_line(kept.title if kept else kept_id, 120)}”, decided {day_of(at)}"


def _line(text: str, limit: int = TEXT) -> str:
    """One line of untrusted text, bounded first (`one_line` and wrapping cost per character)."""
    return one_line(cut(text, limit))


def _topics(topics: tuple[str, ...]) -> str:
    shown = ", ".join(_line(t, 200) for t in topics[:ITEMS]) or "—"
    return shown + (f", … and {len(topics) - ITEMS} more" if len(topics) > ITEMS else "")


def _more(out: Text, shown: int, total: int) -> None:
    if total > shown:
        out.append(f"  … and {total - shown} more\n", style="dim")


def _grid(rows: list[tuple[str, str, str]]) -> Table:
    """Labels, and values that wrap under themselves."""
    grid = Table.grid(padding=(0, 1))
    label_width = max((len(label) for label, _, _ in rows), default=0)
    grid.add_column(style="dim", no_wrap=True, min_width=label_width)
    grid.add_column(overflow="fold")
    for label, value, style in rows:
        grid.add_row(Text(label), Text(value, style=style))
    return grid


class UrlLines:
    """A URL after a `prefix` (dim): on one line when both fit the width, else the prefix
    on a line of its own and the URL folded at its boundaries (`url_fold`), never
    mid-label where a `/`, `.` or `-` is near, as the terminal's wrapping did."""

    def __init__(self, prefix: str, url: str, style: str = "") -> None:
        self.prefix = prefix
        self.url = url
        self.style = style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if cell_len(self.prefix) + cell_len(self.url) <= width:
            line = Text(self.prefix, style="dim", overflow="fold")
            line.append(self.url, style=self.style)
            yield line
            return
        if self.prefix:
            yield Text(self.prefix.rstrip(), style="dim", overflow="fold")
        for part in fold_url(self.url, width, cell_len):
            yield Text(part, style=self.style, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, min(options.max_width, cell_len(self.prefix) + cell_len(self.url)))


class DetailPane(VerticalScroll, can_focus=True):
    """Scrollable, wrapped description of one story."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", id="detail.down", show=False),
        Binding("k,up", "scroll_up", "Up", id="detail.up", show=False),
        Binding("g,home", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G,end", "scroll_end", "Bottom", id="detail.bottom", show=False),
    ]

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 1fr; }
    """

    def action_scroll_down(self) -> None:
        step(self, 1)  # a line per key, at once: see tui/ui/scrolling.py

    def action_scroll_up(self) -> None:
        step(self, -1)

    def __init__(self, store: Store, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.store = store
        self.story_id: str | None = None
        self._body = Static("", markup=False)

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, story_id: str | None) -> None:
        self.story_id = story_id
        story = self.store.row(story_id) if story_id else None  # a site's unreadable file too
        self._body.update(self.render_story(story) if story else Text("No story selected.", style="dim"))
        self.scroll_home(animate=False)

    def refresh_story(self) -> None:
        """Re-render in place (after an edit), keeping the scroll position."""
        story = self.store.row(self.story_id) if self.story_id else None
        if story is not None:
            self._body.update(self.render_story(story))

    def render_story(self, story: Story) -> RenderableType:
        """Title and state, then fields as a label/value grid (long values wrap under
        themselves, not under the label), then each URL whole on lines of its own, then the free text sections."""
        if story.id in self.store.unreadable:  # a site file newsdesk cannot read: what Jekyll does, what to fix
            return unreadable_detail(self.store, story)
        head = Text()
        head.append(_line(story.title) or "(untitled)", style="bold")
        head.append("\n")
        site = site_head(self.store, story)  # a Jekyll site: the outcome and why (issue 14)
        if site is not None:
            head.append_text(site)
        elif story.published:
            head.append("● published", style="bold green")
        else:
            head.append("○ unpublished", style="bold yellow")
        if site is None:
            explicit = "(set in the file)" if story.published_explicit else "(no published key: published by default)"
            head.append("  " + explicit, style="dim")
        head.append("\n")
        decided = _decided(self.app, self.store, story.id)  # issue 17: a decided copy says so
        if decided:
            head.append(decided + "\n", style="bold magenta")
        provider = _line(story.provider_name, 200) or "—"
        if story.provider_domain:
            provider += f" ({_line(story.provider_domain, 200)})"
        date = "—"
        if story.published_at:
            stamp = story.published_at.strftime("%Y-%m-%d %H:%M %Z").strip()
            clock = getattr(self.app, "clock", None)
            date = f"{stamp} · {relative(story.published_at, clock() if callable(clock) else None)}"
        rows = [
            ("provider", provider, ""),
            ("date", date, ""),
            ("type", _line(story.type, 200) or "—", ""),
            *([("category", _line(story.category, 200), "")] if story.category else []),
            ("topics", _topics(story.topics), ""),
            ("quality", "—" if story.quality is None else str(story.quality), ""),
            ("heat", "no signal" if story.heat_signal is None else str(story.heat_signal), ""),
            ("file", _line(story.id), "dim"),
        ]
        middle = Text()
        if story.excerpt:
            middle.append("\n")
            middle.append(visible(cut(story.excerpt, LONG)))
            middle.append("\n")
        middle.append("\nURLs", style="bold")
        parts: list[RenderableType] = [head, _grid(rows), middle]
        urls = [
            (label, url)
            for label, url in (
                ("web", story.web_url),
                ("original", story.original_url),
                ("amp", story.amp_url),
                ("amp cdn", story.cdn_amp_url),
            )
            if url
        ]
        for label, url in urls:
            # Each URL whole, on lines of its own from the pane's left edge (folded at
            # `/`, `.`, `-`… when it must fold, never cut): every character visible, the
            # `?utm_…` tail included, and a selection of it holds no label. Bounded first.
            parts.append(Text(f"  {label}", style="dim"))
            parts.append(UrlLines("", _line(url, URL), "underline" if label == "web" else ""))
        if not story.web_url:
            parts.append(Text("  no webUrl in the file: using originalUrl", style="italic yellow"))
        parts.append(Text(""))
        return Group(*parts, *self._sections(story))

    def _sections(self, story: Story) -> list[RenderableType]:
        parts: list[RenderableType] = []
        if story.images:
            parts.append(Text("\nImages", style="bold"))
            for image in story.images[:ITEMS]:
                size = f"{image.width}×{image.height}" if image.width and image.height else "size unknown"
                parts.append(UrlLines(f"  {size}  ", _line(image.url)))
            more = Text()
            _more(more, ITEMS, len(story.images))
            if more:
                parts.append(more)
        out = Text()
        self._related(out, story)
        if story.featured_content:
            out.append("\nFeatured content\n", style="bold")
            out.append(f"  {_short(story.featured_content, 300)}\n")
        if story.secured_bytes is not None:
            out.append("\nSecured\n", style="bold")
            out.append(f"  encrypted payload, {story.secured_bytes} bytes\n", style="dim")
        if story.extra:
            out.append("\nOther keys\n", style="bold")
            for key, value in story.extra[:ITEMS]:
                out.append(f"  {_line(key, 200)}: ", style="dim")
                out.append(_short(value))
                out.append("\n")
            _more(out, ITEMS, len(story.extra))
        if story.warnings:
            out.append("\nWarnings\n", style="bold yellow")
            for warning in story.warnings[:ITEMS]:
                out.append(f"  {_line(warning, 500)}\n", style="yellow")
            _more(out, ITEMS, len(story.warnings))
        return [*parts, out]

    def _related(self, out: Text, story: Story) -> None:
        outgoing = self.store.outgoing(story.id)
        incoming = self.store.incoming(story.id)
        if outgoing:
            out.append(f"\nRelated ({len(outgoing)})\n", style="bold")
            for item, target in outgoing[:ITEMS]:
                if target is not None:
                    out.append("  ▸ in folder  ", style="bold cyan")
                else:
                    out.append("  ▹ external   ", style="dim")
                out.append(_line(item.title, 500) or _line(item.url, 500))
                if item.provider_name:
                    out.append(f" — {_line(item.provider_name, 200)}", style="dim")
                out.append("\n")
            _more(out, ITEMS, len(outgoing))
        if incoming:
            out.append(f"\nLinked from ({len(incoming)})\n", style="bold")
            for sid in incoming[:ITEMS]:
                other = self.store.get(sid)
                out.append("  ◂ ", style="bold cyan")
                out.append(_line(other.title, 500) if other else _line(sid, 500))
                out.append("\n")
            _more(out, ITEMS, len(incoming))
        suspects = getattr(self.app, "duplicates_of", None)
        dupes = suspects(story.id) if callable(suspects) else []
        if dupes:
            out.append(f"\nSuspected duplicates ({len(dupes)})\n", style="bold red")
            for other_id, score in dupes[:ITEMS]:
                other = self.store.get(other_id)
                out.append(f"  ≈ {score:>3.0f}  ", style="bold red")
                out.append(_line(other.title, 500) if other else _line(other_id, 500))
                out.append("\n")
            _more(out, ITEMS, len(dupes))
