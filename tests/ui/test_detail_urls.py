"""The detail pane folds a long URL at its boundaries, never mid-label (the editor trial).

At 60 columns the terminal's wrapping folded `www-govtech-com.cdn.ampproject.org` as
`…cdn.amppro` / `ject.org`: a domain an editor cannot check at a glance. The Pilot test
reads the rows a terminal shows; the property tests hold `fold_url` to its promise.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers.pilot import ready
from tui.core.format.url_fold import BOUNDARIES, fold_url
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.detail import DetailPane

CDN = (
    "https://www-govtech-com.cdn.ampproject.org/c/s/www.govtech.com/policy/"
    "massachusetts-homes-in-on-facial-recognition-accountability?_amp=true"
)
STORY = f"""---
title: "Facial recognition"
publishedDateTime: 2021-05-08T00:34:00Z
webUrl: "{CDN}"
type: article
---
"""


def pane_rows(app: NewsdeskApp) -> list[str]:
    """The detail pane's content as the terminal shows it, row by row."""
    pane = app.main.query_one(DetailPane)
    box = pane.scrollable_content_region  # without the scrollbar
    rows = [strip.text for strip in app.screen._compositor.render_strips()]
    return [row[box.x : box.x + box.width].rstrip() for row in rows[box.y : box.y + box.height]]


def url_rows(rows: list[str]) -> list[str] | None:
    """The rows of the web URL, once all of them are on screen."""
    if "  web" not in rows:
        return None
    out = []
    for row in rows[rows.index("  web") + 1 :]:
        if not row or row.startswith("  "):
            return out if "".join(out) == CDN else None
        out.append(row)
    return None


async def test_a_long_domain_folds_at_its_dots_and_dashes(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "cdn.md").write_text(STORY, encoding="utf-8")
    app = NewsdeskApp(str(folder), watch=False)
    async with app.run_test(size=(60, 30)) as pilot:
        await ready(pilot)
        await pilot.press("tab")  # to the detail pane
        assert isinstance(app.focused, DetailPane)
        width = app.main.query_one(DetailPane).scrollable_content_region.width
        assert 20 <= width < 60

        async def scrolled() -> list[str]:
            for _ in range(30):
                found = url_rows(pane_rows(app))
                if found is not None:
                    return found
                await pilot.press("j")
                await pilot.pause()
            raise AssertionError(pane_rows(app))

        lines = await scrolled()
        assert "".join(lines) == CDN  # every character, in order
        assert len(lines) > 1 and all(len(line) <= width for line in lines)
        for line in lines[:-1]:
            assert line[-1] in BOUNDARIES, lines  # never mid-label: this URL has boundaries everywhere
        assert not any(line.endswith(("https:/", "https:")) for line in lines)


URL_CHARS = st.sampled_from(list("abcdefghijk0123456789%_~/.-?&=#:+"))


def _may_end_after(url: str, i: int) -> bool:
    """The model: a line may end after a boundary, but never inside `//` nor after `https:/`."""
    if url[i] not in "/.-?&=":
        return False
    return not (url[i] == "/" and (url[i + 1 : i + 2] == "/" or url[i - 1 : i] in (":", "")))


@settings(max_examples=300, deadline=None)
@given(st.lists(URL_CHARS, max_size=300).map("".join), st.integers(1, 120))
def test_fold_url_keeps_every_character_within_the_width(tail: str, width: int) -> None:
    url = "https://" + tail
    lines = fold_url(url, width)
    assert "".join(lines) == url
    assert all(1 <= len(line) <= width for line in lines)
    at = 0
    for line in lines[:-1]:
        end = at + len(line)
        if not _may_end_after(url, end - 1):
            # Folded at the width: no boundary in the line's second half to fold at instead.
            assert len(line) == width, (lines, line)
            least = at + max(1, width // 2)
            assert not any(_may_end_after(url, i) for i in range(least - 1, end - 1)), (lines, line)
        at = end


def test_fold_url_counts_cells() -> None:
    wide = "https://例え.jp/ニュース/記事"
    lines = fold_url(wide, 10, lambda c: 2 if ord(c) > 0x2E7F else 1)
    assert "".join(lines) == wide
    assert lines == ["https://", "例え.jp/", "ニュース/", "記事"]
