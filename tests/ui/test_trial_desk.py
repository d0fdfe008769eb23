"""Issue 18, a fresh editor's trial of the dashboard: each finding pressed with real keys.

1. `o` says so when no browser could be started (an error, never "Opening …");
2. the detail pane shows each URL whole; `y`'s toast shows its start, cut with …;
3. an empty search names every limit in force, the key that lifts each, and a
   "newest" of what the other limits show (never of a typo match);
4. a field value that fails validation keeps the dialog open with the text;
5. a long text opens at its start, home/ctrl+a and end/ctrl+e move the cursor;
6. a sort change shows the top of the new order;
7. wording: plurals, nested quotes, no issue numbers in help, "already has topic";
8. at 60 columns the title gets the room first; "2 changed" stays readable.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual.widgets import Input

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.core.format.wording import counted, quoted
from tui.ui.app import NewsdeskApp
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.prompts import ChoicePrompt, TextPrompt

NOW = datetime(2023, 6, 1, 12, 0, tzinfo=UTC)
HOUR = 3600.0
LONG_URL = (
    "https://www.techcrunch.com/2023/12/06/emily-mariko-food-videos-go-viral-on-tiktok-and-instagram"
    "?utm_source=newsletter&utm_medium=email&utm_campaign=weekly-roundup-tail"
)


def hours_to(day: datetime) -> float:
    """`Spec.hours` for a story dated `day` (Spec counts from 7 May 2021)."""
    return (day - datetime(2021, 5, 7, 14, 19, tzinfo=UTC)).total_seconds() / HOUR


def at(year: int, month: int, day: int) -> float:
    return hours_to(datetime(year, month, day, tzinfo=UTC))


def folder(root: Path, specs: dict[str, Spec]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for sid, spec in specs.items():
        (root / sid).write_bytes(render(spec, sid))
    return root


def make(root: Path) -> NewsdeskApp:
    return NewsdeskApp(str(root), clock=lambda: NOW)


def notices(app: NewsdeskApp) -> list[Any]:
    return list(app._notifications)


def said(app: NewsdeskApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def screen_text(app: NewsdeskApp) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


# 1. ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("works", [False, True])
async def test_open_url_says_when_no_browser_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, works: bool
) -> None:
    import webbrowser

    opener = tmp_path / "xdg-open"
    if works:
        opener.write_text("#!/bin/sh\nexit 0\n")
    else:
        opener.write_text("#!/bin/sh\necho \"xdg-open: no method available for opening '$1'\" >&2\nexit 3\n")
    opener.chmod(0o755)
    monkeypatch.setattr(webbrowser, "get", lambda using=None: webbrowser.BackgroundBrowser(str(opener)))
    root = folder(tmp_path / "f", {"a.md": Spec("Food videos", url=LONG_URL, hours=hours_to(NOW))})
    app = make(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("o")
        await until(
            pilot, lambda: any("browser" in str(n.message) or "Could not" in str(n.message) for n in notices(app)), 8
        )
        assert "Opening" not in said(app)
        if works:
            assert "Opened in the browser\nhttps://www.techcrunch.com/" in said(app)
            assert all(n.severity == "information" for n in notices(app))
        else:
            failed = [n for n in notices(app) if n.severity == "error"]
            reason, shown = str(failed[0].message).split("\n")
            assert reason == "Could not open the URL: xdg-open: no method available for opening the URL"
            assert shown.endswith("…") and LONG_URL.startswith(shown[:-1])


# 2. ---------------------------------------------------------------------------------------
async def test_detail_pane_shows_the_whole_url_and_y_shows_its_start(tmp_path: Path) -> None:
    root = folder(tmp_path / "f", {"a.md": Spec("Food videos", url=LONG_URL, hours=hours_to(NOW))})
    app = make(root)
    async with app.run_test(size=(80, 60)) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        lines = [line.split("│")[1].strip() for line in screen_text(app).splitlines() if line.count("│") >= 2]
        start = next(i for i, line in enumerate(lines) if line.startswith("https://www.techcrunch.com"))
        assert "".join(lines[start : start + 8]).startswith(LONG_URL)  # every character, the utm tail too
        assert not lines[start].startswith("web")  # on lines of its own: a selection holds no label
        await pilot.press("y")
        await until(pilot, lambda: "Copied" in said(app), 3)
        assert app.clipboard == LONG_URL
        head, shown = str(notices(app)[-1].message).split("\n")
        assert head == "Copied the URL" and shown.endswith("…") and LONG_URL.startswith(shown[:-1])
        assert len(shown) <= 56


# 3. ---------------------------------------------------------------------------------------
async def test_an_empty_search_names_every_limit_and_the_newest_exact_match(tmp_path: Path) -> None:
    root = folder(
        tmp_path / "f",
        {
            "a.md": Spec("Reddit shares rise after listing", hours=at(2023, 3, 1), published="false"),
            "b.md": Spec("Redit forum outage", hours=at(2019, 8, 18), published="true"),
            "c.md": Spec("Weather report for the week", hours=at(2023, 5, 1), published="true"),
            "d.md": Spec("Reddit moderators protest", hours=at(2020, 2, 3), published="true"),
        },
    )
    app = make(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("f")  # published
        await until(pilot, lambda: main.query_state.state == "published", 3)
        await pilot.press("T", *"2022-01-01", "enter")
        await until(pilot, lambda: main.query_state.since is not None, 3)
        await pilot.press("slash", *"Reddit", "enter")
        await until(pilot, lambda: main.query_state.text == "Reddit" and main.result_complete, 5)
        await until(pilot, lambda: main.articles.ids == [], 3)
        line, keys = main.articles.empty_text.split("\n")
        # The published exact hit (d.md, 3 February 2020) is what the window hides; the
        # typo match (b.md, 2019) and the unpublished hit (a.md) are not "the newest".
        assert (
            line == "No matches for “Reddit” with filter published since 2022-01-01; the newest is from 3 February 2020"
        )
        assert "t changes the window" in keys and "f changes the filter" in keys
        assert "/ changes the search" in keys and "esc clears the search" in keys
        shown = [str(main.articles.render_line(y).text).strip() for y in range(1, 8)]
        assert all(len(line) < main.articles.size.width for line in shown)  # wrapped at words, never cut
        assert " ".join(shown).split() == (line + " " + keys).split()
        # Without a published exact hit at all, nothing is called the newest.
        (root / "d.md").unlink()
        await until(pilot, lambda: app.store.get("d.md") is None, 5)
        main.refresh_list()
        await until(pilot, lambda: main.result_complete and "newest" not in main.articles.empty_text, 5)
        assert main.articles.empty_text.startswith("No matches for “Reddit” with filter published since 2022-01-01\n")


# 4 and 5. ---------------------------------------------------------------------------------
async def test_a_refused_value_keeps_the_dialog_open_with_the_text(tmp_path: Path) -> None:
    root = folder(tmp_path / "f", {"a.md": Spec("Food videos", quality=50, hours=hours_to(NOW))})
    before = (root / "a.md").read_bytes()
    app = make(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, ChoicePrompt), 3)
        await pilot.press("down", "down", "enter")  # type, category, quality
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
        field = app.screen.query_one(Input)
        assert field.value == "50" and field.cursor_position == 2  # short: the cursor at its end
        await pilot.press("backspace", "backspace", *"high", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt) and field.value == "high"
        error = str(app.screen.query_one("#prompt-error").render())
        assert "quality takes a whole number, not 'high'" in error and app.screen.query_one("#prompt-error").display
        assert (root / "a.md").read_bytes() == before
        await pilot.press("ctrl+a", "ctrl+k", *"70", "enter")
        await until(pilot, lambda: b"quality: 70\n" in (root / "a.md").read_bytes(), 5)
        assert not isinstance(app.screen, TextPrompt)


async def test_a_long_excerpt_opens_at_its_start(tmp_path: Path) -> None:
    excerpt = "The start of a long excerpt. " + "More words follow here. " * 20 + "THE END"
    root = folder(tmp_path / "f", {"a.md": Spec("Food videos", excerpt=excerpt, hours=hours_to(NOW))})
    app = make(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
        field = app.screen.query_one(Input)
        await until(pilot, lambda: field.cursor_position == 0, 3)
        assert field.scroll_x == 0
        await pilot.press("end")
        assert field.cursor_position == len(excerpt)
        await pilot.press("ctrl+a")
        assert field.cursor_position == 0
        await pilot.press("ctrl+e", "home")
        assert field.cursor_position == 0 and field.scroll_x == 0


# 6. ---------------------------------------------------------------------------------------
async def test_a_sort_change_shows_the_top_of_the_new_order(tmp_path: Path) -> None:
    specs = {f"s{i:02}.md": Spec(f"Story number {i}", hours=-i * 5.0, quality=i) for i in range(40)}
    root = folder(tmp_path / "f", specs)  # the newest story has the lowest quality
    app = make(root)
    async with app.run_test(size=(120, 24)) as pilot:
        await ready(pilot)
        articles = app.main.articles
        assert articles.current == "s00.md"
        await pilot.press("s", "s")  # heat, then quality ↓
        await until(pilot, lambda: "sort quality ↓" in str(app.main.query_one("#status").render()), 3)
        await settle(pilot)
        assert articles.scroll_y == 0 and articles.ids[0] == "s39.md"
        assert articles.current == "s39.md"  # its old story is at the bottom, off screen: the top row
        await pilot.press("j", "j")  # s37, on the first screen of every order below
        await pilot.press("S")  # quality ↑: s37 is now near the bottom
        await until(pilot, lambda: "sort quality ↑" in str(app.main.query_one("#status").render()), 3)
        await settle(pilot)
        assert articles.scroll_y == 0 and articles.current == "s00.md"
        await pilot.press("j", "j")  # s02
        await pilot.press("S")  # quality ↓: s02 at the bottom again; then s (provider): all alike
        await settle(pilot)
        assert articles.current == "s39.md"
        await pilot.press("j")  # s38, second row
        await pilot.press("s")  # provider: one provider, so the order is stable and s38 stays on screen
        await settle(pilot)
        assert articles.scroll_y == 0
        row = articles.ids.index("s38.md")
        assert (row < articles.size.height - 1) == (articles.current == "s38.md")


# 7. ---------------------------------------------------------------------------------------
def test_plurals_and_nested_quotes() -> None:
    assert counted(1, "story") == "1 story" and counted(2, "story") == "2 stories"
    assert counted(1, "file") == "1 file" and counted(1204, "file") == "1,204 files"
    assert quoted("Published “Why Salesforce’s …”") == "“Published ‘Why Salesforce’s …’”"


async def test_help_headings_carry_no_issue_numbers(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), 3)
        from tui.ui.screens.help import help_sections

        headings = [section[0] for section in help_sections(app)]
        assert "Editing" in headings and "Git changes" in headings
        assert not any("(issue" in str(section) for section in help_sections(app))


async def test_adding_a_topic_the_story_has_says_so(tmp_path: Path) -> None:
    root = folder(tmp_path / "f", {"a.md": Spec("Food videos", hours=hours_to(NOW), extra=("topics:", "  - AI"))})
    before = (root / "a.md").read_bytes()
    app = make(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert app.store.get("a.md").topics == ("AI",)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
        await pilot.press("A", "I", "enter")
        await until(pilot, lambda: "already has topic 'AI'" in said(app), 5)
        assert "'Food videos' already has topic 'AI': nothing to change" in said(app)
        assert (root / "a.md").read_bytes() == before


def test_the_components_header_counts_one_story() -> None:
    from tui.ui.widgets.graph_view import components_header

    wide = "Connected components: 32 linked, largest first · 1 story without links"
    assert components_header(32, 1, 120) == wide
    assert components_header(32, 1, 40) == "32 linked · 1 story without links"
    assert components_header(32, 2, 20) == "32 linked · 2 stori…"


# 8. ---------------------------------------------------------------------------------------
async def test_at_60_columns_the_title_gets_the_room(tmp_path: Path) -> None:
    title = "Massachusetts becomes the first state to pass a law"
    root = folder(tmp_path / "f", {"a.md": Spec(title, provider="Dark Reading (darkreading.com)", hours=hours_to(NOW))})
    app = make(root)
    async with app.run_test(size=(60, 30)) as pilot:
        await ready(pilot)
        header = str(app.main.articles.render_line(0).text)
        row = str(app.main.articles.render_line(1).text)
        assert "provider" not in header and "darkreading" not in row
        assert "Massachusetts becomes the fir" in row  # 30 cells of title or more


def test_the_git_part_of_the_status_line_stays_readable() -> None:
    from tui.ui.screens.dashboard.git import status_part
    from tui.ui.widgets.status_fit import fit, part

    status: Any = SimpleNamespace(branch="main", files=[1, 2], ahead=0, behind=0, operation=None)
    head = [part("5/5 · sort date ↓ · filter published · search “Teams”", ranks=())]
    for width in (160, 80, 70):
        line = fit(head + status_part(status, None), width).plain
        assert "2*" not in line and ("2 changed" in line or width < 70)
