"""Issue 18, "A day at the desk": each point pressed with the real keys.

The clock is pinned (date windows); nothing leaves tmp_path (the view state goes to
the test's own XDG_STATE_HOME, see tests/conftest.py).
"""

from __future__ import annotations

import html
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList
from textual.widgets._footer import FooterKey

from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.screens.session_edits import SessionEditsScreen

S0, S1, S2, S3, S4 = (
    "000_8dcd983ef76e6965.txt",  # 2021-05-08, heat 79, published
    "001_29a53d9359691146.txt",  # 2021-05-07, unpublished
    "002_ec13f126c5df086c.txt",  # 2021-05-21, unpublished
    "003_644e7f27e603fab3.txt",  # 2020-12-22, heat 79, published
    "004_ff9743790476918e.txt",  # 2020-12-03, heat 72, published ("Legislators")
)
NOW = datetime(2021, 5, 21, 12, 0, tzinfo=UTC)


def make(folder: Path) -> NewsdeskApp:
    return NewsdeskApp(str(folder), clock=lambda: NOW)


def rows(app: NewsdeskApp) -> list[str]:
    return list(app.main.articles.ids)


def status(app: NewsdeskApp) -> str:
    return str(app.main.query_one("#status").render())


def notices(app: NewsdeskApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def published(folder: Path, name: str) -> bool:
    return "\npublished: true" in (folder / name).read_text(encoding="utf-8")


async def search(pilot: Any, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    app = pilot.app
    await until(pilot, lambda: app.main.query_state.text == text and app.main.result_complete, 5)
    await pilot.pause(0.05)


# 1. sort applies to search results; relevance is a sort of its own ------------------------
async def test_sort_applies_to_search_results(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await search(pilot, "facial")
        assert "sort relevance" in status(app)
        ranked = rows(app)
        await pilot.press("s")
        await until(pilot, lambda: "sort date ↓" in status(app), 3)
        dates = [app.store.get(i).published_at for i in rows(app)]
        assert sorted(rows(app)) == sorted(ranked) and dates == sorted(dates, reverse=True)
        await pilot.press("s")
        await until(pilot, lambda: "sort heat ↓" in status(app), 3)
        heats = [app.store.get(i).heat_signal or -1 for i in rows(app)]
        assert heats == sorted(heats, reverse=True)
        await pilot.press("S")
        await until(pilot, lambda: "sort heat ↑" in status(app), 3)
        heats = [app.store.get(i).heat_signal or -1 for i in rows(app)]
        assert heats == sorted(heats)
        await pilot.press("s", "s", "s", "s")  # quality, provider, title, back to relevance
        await until(pilot, lambda: "sort relevance" in status(app), 3)
        assert rows(app) == ranked


# 2. date filters and go-to-date -------------------------------------------------------
async def test_date_windows_since_and_goto(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("t")  # today
        assert rows(app) == [S2] and "filter today" in status(app)
        await pilot.press("t", "t")  # this week, then the last 30 days
        assert set(rows(app)) == {S2, S0, S1} and "last 30 days" in status(app)
        await pilot.press("t")  # any date again
        assert len(rows(app)) == 5
        await pilot.press("T", *"2021-05-08", "enter")
        await until(pilot, lambda: set(rows(app)) == {S2, S0}, 3)
        assert "since 2021-05-08" in status(app)
        await pilot.press("escape")  # clears the filter
        await until(pilot, lambda: len(rows(app)) == 5, 3)
        await pilot.press("at", *"2020-12-20", "enter")
        await until(pilot, lambda: app.main.articles.current == S3, 3)
        await pilot.press("at", *"not a day", "enter")
        await until(pilot, lambda: "Not a day" in notices(app), 3)


# 3. near misses labelled, a "no matches" line -------------------------------------------
async def test_near_misses_labelled_and_no_matches(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await search(pilot, "legislatrs")
        articles = app.main.articles
        assert S4 in rows(app) and articles.exact == 0
        assert "typo matches" in articles.render_line(0).text
        assert articles.render_line(1 + rows(app).index(S4)).text.split("  ")[-1] or True
        assert "~ " in articles.render_line(1 + rows(app).index(S4)).text
        await pilot.press("escape")
        await search(pilot, "police")
        assert articles.exact is not None and articles.exact >= 1
        for index in range(articles.exact):
            assert "~ " not in articles.render_line(1 + index).text
        await pilot.press("escape")
        await search(pilot, "qqzzxxkk")
        assert rows(app) == []
        assert "No matches for “qqzzxxkk”" in articles.render_line(1).text


# 4. copy and open a story's URL -------------------------------------------------------------
async def test_copy_and_open_url(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("tui.ui.screens.dashboard.day.open_url", lambda url: opened.append(url))
    hostile = seeds_copy / "zz_hostile.txt"
    hostile.write_text(
        '---\ntitle: "Hostile"\nwebUrl: "javascript:alert(1)"\npublishedDateTime: 2030-01-01T00:00:00Z\n---\n'
    )
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert app.main.articles.current == "zz_hostile.txt"  # newest
        await pilot.press("o")
        await until(pilot, lambda: "No http(s) URL" in notices(app), 3)
        await pilot.press("j")
        url = app.store.get(S2).url
        await pilot.press("y")
        assert app.clipboard == url
        await pilot.press("o")
        await until(pilot, lambda: opened == [url], 3)
        await pilot.press("ctrl+p", *"copy story")
        from tests.helpers.pilot import palette_offers

        await palette_offers(pilot, "Copy story URL")


def test_safe_url_only_http() -> None:
    from tui.ui.screens.dashboard.day import safe_url

    assert safe_url("https://example.com/a?b=1") == "https://example.com/a?b=1"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "http://", "https://a b.com", "https://x\x1b]8;;"):
        assert safe_url(bad) is None


# 5. space marks and moves down; help says so -----------------------------------------------
async def test_space_marks_moves_down_and_help_says_so(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("space", "j", "space")
        order = rows(app)
        assert app.main.articles.marked == {order[0], order[2]}
        await pilot.press("question_mark")
        text = "\n".join(" ".join(r) for _, rs in app.help_sections() for r in rs)
        assert "space" in text and "move down" in text


# 6. one bulk rule, said out loud ------------------------------------------------------------
async def test_bulk_publish_one_rule_and_hidden_marks(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert rows(app)[:2] == [S2, S0]  # unpublished, published
        await pilot.press("space", "space")
        await pilot.press("p")
        await settle(pilot)
        assert published(seeds_copy, S2) and published(seeds_copy, S0)  # any unpublished: publish all
        assert app.main.articles.marked == set()
        assert "already published" in notices(app)
        # a mark the filter hides is left alone, said so, and stays marked
        await pilot.press("g")
        await until(pilot, lambda: app.main.articles.current == S2, 3)
        await pilot.press("space")  # S2 marked (published now)
        await pilot.press("f", "f")  # unpublished only: S2 hidden
        await until(pilot, lambda: rows(app) == [S1], 3)
        await pilot.press("space", "p")
        await settle(pilot)
        assert published(seeds_copy, S1) and published(seeds_copy, S2)
        assert "hidden by the filter" in notices(app)
        assert app.main.articles.marked == {S2}


# 7. view state per folder, and this session's edits -----------------------------------------
async def test_view_state_restored_from_the_state_folder(seeds_copy: Path) -> None:
    before = sorted(p.name for p in seeds_copy.iterdir())
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("f", "s", "t", "t", "t", "j")  # published, heat, last 30 days
        chosen = app.main.articles.current
        query = app.main.query_state
    state = Path(os.environ["XDG_STATE_HOME"]) / "newsdesk" / "views.json"
    assert state.is_file() and str(seeds_copy.resolve()) in json.loads(state.read_text())
    assert sorted(p.name for p in seeds_copy.iterdir()) == before  # nothing in the story folder
    again = make(seeds_copy)
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: again.main.articles.current == chosen, 3)
        q = again.main.query_state
        assert (q.sort, q.descending, q.state, q.since_label) == (
            query.sort,
            query.descending,
            "published",
            "last 30 days",
        )
        assert "filter published" in status(again)


async def test_view_state_keeps_the_date_window(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("t", "t", "t")
    again = make(seeds_copy)
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert "last 30 days" in status(again) and set(rows(again)) == {S0, S1, S2}


async def test_session_edits_each_undoable(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("p")  # S2 published
        await settle(pilot)
        await pilot.press("j", "p")  # S0 unpublished
        await settle(pilot)
        assert published(seeds_copy, S2) and not published(seeds_copy, S0)
        await pilot.press("L")
        assert isinstance(app.screen, SessionEditsScreen)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        await pilot.press("down", "enter")  # the older edit: S2's publish, undone alone
        await settle(pilot)
        await until(pilot, lambda: options.option_count == 1, 3)
        assert not published(seeds_copy, S2) and not published(seeds_copy, S0)


# 8. the palette: actions first, reads correctly, one Quit ----------------------------------
async def test_palette_actions_first_and_plural(seeds_copy: Path) -> None:
    from textual.command import CommandList

    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert prompts and not any("Filter by provider" in p for p in prompts)
        assert not any("as soon as possible" in p for p in prompts)
        assert sum(p.startswith("Quit") for p in prompts) == 1
        await pilot.press(*"filter by provider govern")
        await until(
            pilot,
            lambda: any(
                "Government" in str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ),
            3,
        )
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert not any("1 stories" in t for t in texts)


# 9. small terminals --------------------------------------------------------------------------
async def test_footer_keeps_essential_keys_at_80x24(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause(0.2)
        keys = [k for k in app.main.query(FooterKey) if k.region.right <= 80 and k.region.width > 0]
        shown = {k.action for k in keys}
        assert {"app.quit", "app.help", "app.duplicates", "app.problems"} <= shown or {
            "quit",
            "help",
            "duplicates",
            "problems",
        } <= shown, shown


async def test_header_shows_filter_and_search_at_50_columns(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(50, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await search(pilot, "mass")
        line = status(app)[:50]
        assert "filter published" in line and "search" in line, line


# 10. rough edges ------------------------------------------------------------------------------
async def test_footer_while_typing_shows_search_keys(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "m")
        await pilot.pause(0.2)
        labels = {k.description for k in app.main.query(FooterKey)}
        assert {"Keep search", "Clear search", "To the list"} <= labels
        await pilot.press("down")
        assert app.focused is app.main.articles


async def test_first_s_goes_to_heat(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("s")
        assert app.main.query_state.describe_sort() == "heat ↓"


async def test_enter_on_a_problem_opens_it(seeds_copy: Path) -> None:
    (seeds_copy / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ProblemsScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await until(pilot, lambda: "broken.md" in notices(app), 3)
        # a warning of a loaded story: enter shows the story in the dashboard
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        screen.row_ids[0] = (S3, "a warning")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.main.articles.current == S3, 3)


def test_graph_legend_matches_the_edges_and_explains_the_repeat() -> None:
    from tui.ui.widgets.graph_text import ECHO_MARKER, legend, score_text

    for width in (120, 60, 38):
        text = "".join(t for t, _ in legend(width))
        assert f"╌{score_text(96)}╌" in text and ECHO_MARKER in text, (width, text)
    assert "also elsewhere" in "".join(t for t, _ in legend(120))


async def test_detail_pane_shows_each_url_whole(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(80, 160)) as pilot:  # 80 columns, tall enough for the whole pane
        await ready(pilot)
        await pilot.press("j")  # S0: a long govtech URL
        await pilot.pause(0.2)
        url = app.store.get(S0).web_url
        svg = app.export_screenshot()
        screen = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")
        assert "govtech.com/poli" in screen and "accountability" in screen
        lines = [line.split("│")[1].strip() for line in screen.splitlines() if line.count("│") >= 2]
        start = next(i for i, line in enumerate(lines) if line.startswith("https://www.govtech"))
        assert "".join(lines[start : start + 3]).startswith(url)  # every character, on lines of its own


async def test_related_pane_takes_room_only_with_content(seeds_copy: Path) -> None:
    (seeds_copy / "zz_lonely.txt").write_text(
        '---\ntitle: "Lonely"\nwebUrl: "https://example.com/lonely"\npublishedDateTime: 2030-01-01T00:00:00Z\n---\n'
    )
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        graph = app.main.query_one("#graph")
        assert app.main.articles.current == "zz_lonely.txt"
        await until(pilot, lambda: graph.has_class("-empty") and graph.size.height <= 7, 3)
        await pilot.press("j", "j")  # S0 links to others
        await until(pilot, lambda: not graph.has_class("-empty") and graph.size.height > 15, 3)


async def test_enter_on_the_list_reads_the_story(seeds_copy: Path) -> None:
    app = make(seeds_copy)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        assert app.focused is app.main.query_one("#detail")


async def test_notifications_reach_the_screen_edge(seeds_copy: Path) -> None:
    """Nothing of the pane underneath shows beside a notification's text."""
    app = make(seeds_copy)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        app.notify("Published “Massachusetts becomes the first state to pass legislation”", markup=False, timeout=30)
        await until(pilot, lambda: len(app.screen.query("Toast")) == 1, 3)
        await pilot.pause(0.1)
        toast = app.screen.query_one("Toast")
        assert toast.region.right == app.size.width


def test_copies_stack_when_columns_get_narrow() -> None:
    from rich.text import Text

    from tui.ui.screens.duplicates.layout import members_table

    four = [Text(f"copy {i}") for i in range(4)]
    stacked = members_table(four, [Text("body")] * 4, 80)
    assert len(stacked.columns) == 1 and stacked.row_count == 4
    side = members_table(four[:2], [Text("body")] * 2, 160)
    assert len(side.columns) == 2 and side.row_count == 1


async def test_duplicate_review_at_small_sizes(tmp_path: Path) -> None:
    from tests.ui.test_duplicates_review import make_folder

    app = make(make_folder(tmp_path))
    async with app.run_test(size=(60, 30)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        await until(pilot, lambda: app.screen.id == "duplicates" and app.screen.cluster is not None, 5)
        await pilot.pause(0.2)
        svg = app.export_screenshot()
        lines = html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ").splitlines()
        keep = next(i for i, line in enumerate(lines) if "★ keep" in line)
        other = next(i for i, line in enumerate(lines) if "unpublish  best match" in line)
        assert keep != other  # stacked: one copy under the other, not squeezed side by side
    app = make(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        await until(pilot, lambda: app.screen.id == "duplicates", 5)
        await pilot.pause(0.2)
        keys = [k for k in app.screen.query(FooterKey) if k.region.right <= 80 and k.region.width > 0]
        assert {"app.pop_screen", "undo"} <= {k.action for k in keys}
