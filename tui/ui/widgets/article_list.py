"""The article list: a virtual, Line-API list that stays instant at 100,000 stories.

One widget draws every row on demand from the store (no widget per story, no
DataTable row objects), with rendered rows cached like Textual's own DataTable, so a
cursor move repaints two lines and costs microseconds whatever the folder's size.
A row draws a bounded prefix of each text (a few characters per cell), so a
one-megabyte headline costs what a short one does.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.format.literal import one_line
from tui.core.format.wording import counted
from tui.core.model import Story
from tui.core.store.store import Store
from tui.ui.widgets.quiet_scrollbar import QuietScrollBar
from tui.ui.widgets.site_marks import COLUMN, site_cell

TITLE_FIRST = 30  # cells of title below which the provider column goes (the detail pane names it)


def fit(text: str, width: int) -> str:
    """Pad or cut to exactly `width` cells, marking a cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


class RowLook(NamedTuple):
    """The styles one kind of row (the cursor's or another) is drawn with."""

    base: Style
    dim: Style
    published: Style
    unpublished: Style
    marked: Style
    dupe: Style
    match: Style


class ArticleList(ScrollView, can_focus=True):
    """Stories as rows: state, mark, duplicate marker, date, provider, title, heat, quality."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", id="list.down", show=False),
        Binding("k,up", "cursor_up", "Up", id="list.up", show=False),
        Binding("g,home", "first", "First", id="list.first", show=False),
        Binding("G,end", "last", "Last", id="list.last", show=False),
        Binding("pagedown", "page_down", "Page down", id="list.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="list.page_up", show=False),
        Binding(
            "space",
            "toggle_mark",
            "Mark ↓",
            id="list.mark",
            tooltip="Mark or unmark the highlighted story for a bulk publish, and move down to the next",
        ),
        Binding(
            "enter",
            "screen.focus_detail",
            "Read",
            id="list.read",
            tooltip="Read the highlighted story: to the detail pane, where Open URL and Copy URL work on it",
            show=False,
        ),
    ]

    COMPONENT_CLASSES = {
        "article-list--header",
        "article-list--cursor",
        "article-list--published",
        "article-list--unpublished",
        "article-list--marked",
        "article-list--dupe",
        "article-list--match",
        "article-list--dim",
    }

    DEFAULT_CSS = """
    ArticleList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    ArticleList > .article-list--header { text-style: bold; background: $panel; }
    ArticleList > .article-list--cursor { background: $block-cursor-blurred-background; }
    ArticleList:focus > .article-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    ArticleList > .article-list--published { color: $success; }
    ArticleList > .article-list--unpublished { color: $warning; }
    ArticleList > .article-list--marked { color: $accent; text-style: bold; }
    ArticleList > .article-list--dupe { color: $error; text-style: bold; }
    ArticleList > .article-list--match { text-style: bold underline; color: $text-accent; }
    ArticleList > .article-list--dim { text-style: dim; }
    """

    # No repaint of its own: `_move` repaints the two rows that change (a whole-list
    # repaint per key was most of a cursor move's time).
    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)

    class Highlighted(Message):
        """The cursor rests on another story (or on none)."""

        def __init__(self, story_id: str | None) -> None:
            super().__init__()
            self.story_id = story_id

    class MarksChanged(Message):
        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    @property
    def vertical_scrollbar(self) -> QuietScrollBar:
        """Textual's own, except that it repaints only when its thumb visibly moves."""
        if self._vertical_scrollbar is None:
            bar = QuietScrollBar(vertical=True, name="vertical", thickness=self.scrollbar_size_vertical)
            bar.display = False
            self._vertical_scrollbar = bar
            self.app._start_widget(self, bar)
        return self._vertical_scrollbar  # type: ignore[return-value]

    def __init__(
        self, store: Store, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.store = store
        self.ids: list[str] = []
        self.spans: dict[str, tuple[tuple[int, int], ...]] = {}
        self.marked: set[str] = set()
        self._row_cache: LRUCache[tuple[object, ...], Strip] = LRUCache(2048)
        self._looks: dict[tuple[bool, bool, str], RowLook] = {}
        self._last_highlight: str | None = None
        self.moved_by_user = False  # until then, a list still loading keeps its top row
        # A search: rows from this index on are near misses (typo matches), drawn with a
        # "~" and counted apart in the header; None: every row is an exact hit.
        self.exact: int | None = None
        self.empty_text = ""  # drawn on the first rows when there are none ("No matches for …"), a line each
        self._now = datetime.now().astimezone()
        self.git_marks: dict[str, str] = {}  # issue 15: "*" changed, "+" new, not committed

    def set_git_marks(self, marks: dict[str, str]) -> None:
        """Stories changed and not committed (`*`) or new to git (`+`), drawn after the state."""
        if marks != self.git_marks:
            self.git_marks = marks
            self.invalidate()

    # -- data ----------------------------------------------------------------
    @property
    def current(self) -> str | None:
        if 0 <= self.cursor < len(self.ids):
            return self.ids[self.cursor]
        return None

    def set_rows(
        self,
        ids: list[str],
        spans: dict[str, tuple[tuple[int, int], ...]] | None = None,
        *,
        keep: str | None = None,
    ) -> None:
        """Replace the rows; the cursor stays on `keep` (default: the current story) if shown."""
        keep = self.current if keep is None else keep
        index = 0
        if keep is not None:
            try:
                index = ids.index(keep)  # a scan in C: cheaper than a position map per call
            except ValueError:
                index = min(self.cursor, max(len(ids) - 1, 0))
        self.ids = ids
        self.spans = spans or {}
        self._row_cache.clear()
        self._set_virtual_height(len(ids) + 1)
        self._move(index)  # same story: the panes already show it
        # The new virtual size only counts after layout: scroll again once it does.
        self.call_after_refresh(self._scroll_to_cursor)
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """A new row count without a screen layout when the scrollbar stays as it is.

        `virtual_size` is a layout reactive: setting it re-lays out and repaints the
        whole screen (both side panes and the footer), most of a filter switch's time
        in a big folder. Only the list's scroll range changes, unless the vertical
        scrollbar appears or goes, which does change the width rows are drawn in."""
        size = Size(self._width, height)
        if size == self.virtual_size:
            return
        rows = self.size.height
        if rows and (self.virtual_size.height > rows) == (height > rows) and self.virtual_size.width == size.width:
            self.set_reactive(ArticleList.virtual_size, size)
            self._scroll_update(size)
            self.refresh()
        else:
            self.virtual_size = size

    def index_of(self, story_id: str) -> int | None:
        try:
            return self.ids.index(story_id)
        except ValueError:
            return None

    def select(self, story_id: str) -> bool:
        index = self.index_of(story_id)
        if index is None:
            return False
        self.moved_by_user = True
        self._move(index)
        return True

    def invalidate(self) -> None:
        """Stories changed (a toggle, a reload): drop cached rows and repaint."""
        self._row_cache.clear()
        self.refresh()

    def marked_visible(self) -> list[str]:
        """Marked stories that the current filter shows, in list order."""
        return [sid for sid in self.ids if sid in self.marked]

    # -- cursor ----------------------------------------------------------------
    def _move(self, index: int, force: bool = False) -> None:
        index = 0 if not self.ids else max(0, min(index, len(self.ids) - 1))
        old = self.cursor
        self.cursor = index
        self._scroll_to_cursor()
        if old != index:
            self.refresh_line(old + 1)
        self.refresh_line(index + 1)
        current = self.current
        if force or current != self._last_highlight:
            self._last_highlight = current
            self.post_message(self.Highlighted(current))

    def _scroll_to_cursor(self) -> None:
        rows = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.moved_by_user = True
        self._move(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.moved_by_user = True
        self._move(self.cursor - 1)

    def action_first(self) -> None:
        self.moved_by_user = True
        self._move(0)

    def action_last(self) -> None:
        self.moved_by_user = True
        self._move(len(self.ids) - 1)

    def action_page_down(self) -> None:
        self.moved_by_user = True
        self._move(self.cursor + max(self.size.height - 2, 1))

    def action_page_up(self) -> None:
        self.moved_by_user = True
        self._move(self.cursor - max(self.size.height - 2, 1))

    def action_toggle_mark(self) -> None:
        self.moved_by_user = True
        sid = self.current
        if sid is None:
            return
        if sid in self.marked:
            self.marked.discard(sid)
        else:
            self.marked.add(sid)
        self.refresh_line(self.cursor + 1)
        self._move(self.cursor + 1)
        self.post_message(self.MarksChanged(len(self.marked)))

    def unmark(self, ids: Iterable[str]) -> None:
        """After a bulk action: unmark what it acted on, keep marks the filter hid."""
        before = len(self.marked)
        self.marked.difference_update(ids)
        if len(self.marked) != before:
            self.invalidate()
            self.post_message(self.MarksChanged(len(self.marked)))

    def clear_marks(self) -> None:
        if self.marked:
            self.marked.clear()
            self.invalidate()
            self.post_message(self.MarksChanged(0))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)  # None on the border or scrollbar
        if offset is None:
            return
        row = int(self.scroll_y) + offset.y - 1
        if offset.y >= 1 and 0 <= row < len(self.ids):
            self.moved_by_user = True
            self.focus()
            self._move(row)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self._width, len(self.ids) + 1)
        self._row_cache.clear()
        self._scroll_to_cursor()

    # -- drawing ---------------------------------------------------------------
    def _columns(self, width: int) -> tuple[int, int, int]:
        """Widths of provider, title and the numbers; narrow panes drop the extras."""
        fixed = 6 + 11  # markers, date
        if width < 56:
            return 0, max(width - fixed, 4), 0
        numbers = 10
        provider = 18 if width >= 100 else 14
        if width - fixed - provider - numbers < TITLE_FIRST:
            provider = 0  # the title gets the room first: 16 cells of it beside a provider read as nothing
        return provider, max(width - fixed - provider - numbers, 4), numbers

    @property
    def _width(self) -> int:
        """Columns to draw in: the widget less its vertical scrollbar."""
        return self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        width = self._width
        if y == 0:
            return self._header(width)
        row = int(self.scroll_y) + y - 1
        if not 0 <= row < len(self.ids):
            lines = self._empty_lines(width) if not self.ids and self.empty_text else []
            if 0 <= row < len(lines):  # an empty list says why (the reason, then keys), wrapped to the width
                look = self._look(False)
                return Strip([Segment(fit("  " + lines[row], width), look.dim)], width)
            return Strip.blank(width, self._look(False).base)
        sid = self.ids[row]
        story = self.store.row(sid)  # on a site, a file newsdesk cannot read has a row too
        if story is None:
            return Strip.blank(width, self._look(False).base)
        key = (
            # The story by identity and content, not by value: unknown keys can hold maps.
            sid,
            id(story),
            story.facts.fingerprint,
            width,
            row == self.cursor,
            sid in self.marked,
            sid in self.store.suspects,
            sid in self.store.decided,
            self.git_marks.get(sid),
            self.spans.get(sid),
            self.exact is not None and row >= self.exact,
            self.has_focus,
            self.app.current_theme.name,
        )
        strip = self._row_cache.get(key)
        if strip is None:
            near = self.exact is not None and row >= self.exact
            strip = self._row(story, width, row == self.cursor, sid in self.marked, near)
            self._row_cache[key] = strip
        return strip

    def _empty_lines(self, width: int) -> list[str]:
        """The empty list's text wrapped at words to the width: cut, at 80 columns it lost
        the newest story's day and the keys that lift the limits."""
        room = max(width - 2, 10)
        return [piece for line in self.empty_text.split("\n") for piece in textwrap.wrap(line, room) or [""]]

    def _header(self, width: int) -> Strip:
        provider_w, title_w, numbers_w = self._columns(width)
        text = "      " + fit("date", 11)
        if self.store.site.active:
            text += fit("collection", COLUMN)
            title_w = max(title_w - COLUMN, 4)
        if provider_w:
            text += fit("provider", provider_w)
        near = len(self.ids) - self.exact if self.exact is not None else 0
        typos = counted(near, "typo match", "typo matches") + " ~"
        count = (f"{self.exact:,} + {typos}" if self.exact else typos) if near else f"{len(self.ids):,}"
        text += fit(f"title ({count})", title_w)
        if numbers_w:
            text += "heat".rjust(5) + "qual".rjust(5)
        style = self.rich_style + self._style("article-list--header")
        return Strip([Segment(fit(text, width), style)], width)

    def _style(self, name: str) -> Style:
        # partial: only what the rule sets, so a cell style never paints over the cursor.
        return self.get_component_rich_style(name, partial=True)

    def _row(self, story: Story, width: int, is_cursor: bool, marked: bool, near: bool = False) -> Strip:
        look = self._look(is_cursor)
        base, dim = look.base, look.dim
        provider_w, title_w, numbers_w = self._columns(width)
        git = self.git_marks.get(story.id, " ")
        state = ("●" + git, look.published) if story.published else ("○" + git, look.unpublished)
        site = site_cell(self.store, story)  # a Jekyll site: the outcome's mark (issue 14)
        if site is not None:
            state = (site[0] + git, look.published if site[1] else look.unpublished)
            title_w = max(title_w - COLUMN, 4)
        segments = [
            Segment(*state),
            Segment("✓ " if marked else "  ", look.marked),
            # ≈ a suspected duplicate; ≡ a copy already decided a duplicate (issue 17)
            Segment(
                "≈ " if story.id in self.store.suspects else "≡ " if story.id in self.store.decided else "  ", look.dupe
            ),
            Segment(fit(story.published_at.strftime("%Y-%m-%d") if story.published_at else "—", 11), dim),
        ]
        if site is not None:
            segments.append(Segment(site[2], look.dupe if "!" in site[2] else dim))
        if provider_w:
            segments.append(Segment(fit(one_line(story.provider_name[: 4 * provider_w]), provider_w - 1) + " ", dim))
        title = one_line(story.title[: 4 * title_w + 8]) or "(untitled)"  # bounded: a row shows a few dozen cells
        title_style = base if story.published else dim
        if near:  # a typo match, not an exact hit: marked so the two never look alike
            segments.append(Segment("~ ", look.dim + Style(italic=True)))
            title_w -= 2
        segments.extend(self._title_segments(title, title_w, story.id, title_style, look.match))
        if numbers_w:
            heat = "" if story.heat_signal is None else str(story.heat_signal)
            quality = "" if story.quality is None else str(story.quality)
            segments.append(Segment(heat.rjust(5) + quality.rjust(5), dim))
        return Strip(segments).adjust_cell_length(width, base)

    def _look(self, is_cursor: bool) -> RowLook:
        """The row styles, worked out once per look rather than per row: `rich_style`
        walks every ancestor's styles, half of drawing a screenful of new rows (a
        search's every keystroke) before this was kept."""
        key = (is_cursor, self.has_focus, self.app.current_theme.name)
        look = self._looks.get(key)
        if look is None:
            get = self._style
            base = self.rich_style
            if is_cursor:
                base = base + get("article-list--cursor")
            look = RowLook(
                base=base,
                dim=base + get("article-list--dim"),
                published=base + get("article-list--published"),
                unpublished=base + get("article-list--unpublished"),
                marked=base + get("article-list--marked"),
                dupe=base + get("article-list--dupe"),
                match=base + get("article-list--match"),
            )
            self._looks[key] = look
        return look

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._looks.clear()  # new CSS: work the row styles out again
        self._row_cache.clear()

    def _title_segments(self, title: str, width: int, sid: str, style: Style, match: Style) -> list[Segment]:
        text = fit(title, width)
        segments: list[Segment] = []
        at = 0
        for start, end in self.spans.get(sid, ()):
            start, end = max(start, at), min(end, len(text))
            if start >= end:
                continue
            segments += [Segment(text[at:start], style), Segment(text[start:end], match)]
            at = end
        segments.append(Segment(text[at:], style))
        return segments
