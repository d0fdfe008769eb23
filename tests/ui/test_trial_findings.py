"""Issue 18, a new editor's trial: nine behaviour findings, each pressed with the real keys.

1. a headline fix during a search keeps the highlight on the story (or says where it went);
2. escape returns from the detail and graph panes to the list;
3. the palette finds an action by the words of its description ("unpublish", "sort by heat");
4. a date window that hides every story says so, with the newest story's day and the keys;
5. the problems screen says "No errors; N warnings hidden" when only warnings exist;
6. the republish question names both stories, headline and outlet;
7. q closes help and every other screen above the dashboard; only the dashboard's q quits;
8. fast typing in the search box loses no key (held, not reproduced as a bug);
9. p over marked stories asks once before republishing decided duplicates, and skips them on n.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input

from tests.helpers.pilot import palette_offers, ready, settle, until
from tests.helpers.stories import Spec, render
from tests.ui.test_dupes_decisions import flags, make_folder, open_release
from tui.core.format.decode import parse_story
from tui.core.store.query import SORT_KEYS
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.duplicates.republish import BulkRepublishPrompt
from tui.ui.screens.prompts import ConfirmPrompt, TextPrompt
from tui.ui.widgets.graph_view import GraphView

AUSTIN = {  # "austin": three exact hits, then two typo matches (e.md, f.md)
    "a.md": "Wallets arrive in Austin schools",
    "b.md": "Digital wallets reach Austin",
    "c.md": "Austin buys electric buses",
    "d.md": "Boston tests robotaxis",
    "e.md": "Austn council weighs drones",
    "f.md": "Austen novel sales climb",
}


def austin_folder(root: Path) -> Path:
    for i, (sid, title) in enumerate(AUSTIN.items()):
        spec = Spec(title, "An excerpt about nothing much.", i * 24, f"Outlet {i}", f"o{i}.com", published="false")
        (root / sid).write_bytes(render(spec, sid))
    return root


def notices(app: NewsdeskApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


def title_in_file(root: Path, sid: str) -> str:
    story, _ = parse_story(sid, (root / sid).read_bytes())
    assert story is not None
    return story.title


async def search(pilot: Any, text: str) -> None:
    app = pilot.app
    await pilot.press("slash", *text, "enter")
    await until(pilot, lambda: app.main.query_state.text == text and app.main.result_complete, 5)
    await pilot.pause(0.05)


async def fix_headline(pilot: Any, keys: list[str]) -> None:
    """`h`, the keys in the headline box, enter; then the write and the list's refresh."""
    app = pilot.app
    await pilot.press("h")
    await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
    await pilot.press(*keys, "enter")
    await settle(pilot)
    await until(pilot, lambda: app.main.result_complete, 5)
    await pilot.pause(0.3)  # the duplicate re-score's refresh too


# 1. -------------------------------------------------------------------------------------------
async def test_headline_fix_in_a_search_keeps_the_highlight(tmp_path: Path) -> None:
    root = austin_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await search(pilot, "austin")
        articles = app.main.articles
        assert articles.exact == 3 and articles.ids[3:] == ["e.md", "f.md"]
        # A typo match whose typo is fixed: now an exact hit, in another row; the cursor follows.
        assert articles.select("e.md")
        await fix_headline(pilot, ["home", *"right right right right".split(), "i"])
        assert title_in_file(root, "e.md") == "Austin council weighs drones"
        assert articles.current == "e.md" and articles.exact == 4
        # A typo match edited and still one: it stays the highlighted story (the exact hits,
        # shown first, left it out and the cursor went to their last row).
        assert articles.select("f.md")
        await fix_headline(pilot, ["end", *" again"])
        assert title_in_file(root, "f.md") == "Austen novel sales climb again"
        assert articles.current == "f.md", [app.store.get(i).title for i in articles.ids]
        assert "no longer matches" not in notices(app)


async def test_a_story_edited_out_of_the_search_says_where_the_cursor_went(tmp_path: Path) -> None:
    root = austin_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await search(pilot, "austin")
        articles = app.main.articles
        at = articles.index_of("b.md")
        assert at is not None
        after = articles.ids[at + 1]
        articles.select("b.md")
        await fix_headline(pilot, ["end", *["backspace"] * len("Austin"), *"Dallas"])
        assert title_in_file(root, "b.md") == "Digital wallets reach Dallas"
        assert "b.md" not in articles.ids and articles.current == after  # its neighbour
        assert "“Digital wallets reach Dallas” no longer matches the search “austin”" in notices(app)
        assert "the cursor is on the story after it" in notices(app)


# 2. -------------------------------------------------------------------------------------------
async def test_escape_returns_to_the_list_from_the_detail_and_graph_panes(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await search(pilot, "the")
        main = app.main
        await pilot.press("enter")  # read the story: the detail pane
        assert app.focused is main.query_one("#detail")
        await pilot.press("escape")
        assert app.focused is main.articles
        assert main.query_state.text == "the"  # the first escape only went back to the list
        await pilot.press("tab", "tab")
        graph = main.query_one(GraphView)
        assert app.focused is graph
        await pilot.press("c")  # the component list, inside the graph pane
        await until(pilot, lambda: graph.mode == "components", 3)
        await pilot.press("escape")  # back to the picture, still in the pane
        assert graph.mode == "graph" and app.focused is graph
        await pilot.press("escape")
        assert app.focused is main.articles and main.query_state.text == "the"
        await pilot.press("escape")  # on the list: clears the search, as before
        await until(pilot, lambda: main.query_state.text == "", 3)


# 3. -------------------------------------------------------------------------------------------
async def test_palette_finds_unpublish_and_each_sort_by_name(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        for words, offered in (("unpublish", "Toggle publish"), ("publish", "Toggle publish")):
            await pilot.press("ctrl+p", *words)
            await palette_offers(pilot, offered)  # the first hit
            await pilot.press("escape")
        for key in SORT_KEYS:
            await pilot.press("ctrl+p", *f"sort by {key}")
            await palette_offers(pilot, f"Sort by {key}")
            await pilot.press("escape")
        await pilot.press("ctrl+p", *"sort by heat")
        await palette_offers(pilot, "Sort by heat")
        await pilot.press("enter")
        main = app.main
        await until(pilot, lambda: main.query_state.sort == "heat", 3)
        heats = [app.store.get(i).heat_signal or -1 for i in main.articles.ids]
        assert heats == sorted(heats, reverse=True)
        assert "sort heat ↓" in str(main.query_one("#status").render())


async def test_palette_keeps_one_entry_per_action(seeds_copy: Path) -> None:
    from textual.command import CommandList

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"sort")
        await palette_offers(pilot, "sort")
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert sum(p.startswith(("Cycle sort", "Sort by")) for p in prompts) == 1, prompts


# 4. -------------------------------------------------------------------------------------------
async def test_date_window_on_an_old_folder_says_why_and_go_to_date_reaches_it(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy), clock=lambda: datetime(2026, 3, 12, 9, 0, tzinfo=UTC))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("t", "t", "t")  # today, this week, last 30 days
        await until(pilot, lambda: main.query_state.since_label == "last 30 days", 3)
        assert main.articles.ids == []
        said = main.articles.empty_text
        assert said.startswith("No stories in the last 30 days; the newest is from 21 May 2021"), said
        assert "@ goes to a day" in said and "t changes the window" in said
        lines = [str(main.articles.render_line(y).text) for y in (1, 2)]
        assert "the newest is from 21 May 2021" in lines[0] and "@ goes to a day" in lines[1]
        await pilot.press("at", *"2021-05-07", "enter")  # a day the window hides
        await until(pilot, lambda: main.articles.current == "001_29a53d9359691146.txt", 3)
        assert main.query_state.since is None and "Date window (last 30 days) off" in notices(app)


async def test_date_window_with_a_search_names_the_search(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy), clock=lambda: datetime(2026, 3, 12, 9, 0, tzinfo=UTC))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        main = app.main
        await search(pilot, "facial")
        await pilot.press("t")
        await until(pilot, lambda: main.query_state.since_label == "today" and main.result_complete, 3)
        await until(pilot, lambda: main.articles.ids == [], 3)
        assert main.articles.empty_text.startswith("No matches for “facial” today; the newest is from ")


# 5. -------------------------------------------------------------------------------------------
async def test_problems_screen_says_no_errors_and_how_many_warnings_are_hidden(tmp_path: Path) -> None:
    root = austin_folder(tmp_path)
    raw = (root / "a.md").read_bytes()
    (root / "a.md").write_bytes(b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"webUrl")))
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "problems", 3)
        title = str(app.screen.query_one("#problems-title").render())
        assert title.startswith("No errors; 1 warning hidden (w shows them)"), title
        assert "nothing to report" not in title
        await pilot.press("w")
        title = str(app.screen.query_one("#problems-title").render())
        assert title.startswith("No errors; 1 warning shown (w hides them)"), title


async def test_problems_screen_with_nothing_says_so(seeds_copy: Path, tmp_path: Path) -> None:
    root = austin_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        await until(pilot, lambda: app.screen.id == "problems", 3)
        title = str(app.screen.query_one("#problems-title").render())
        assert title.startswith("No errors; no warnings: nothing to report"), title


# 6. -------------------------------------------------------------------------------------------
async def test_republish_question_names_both_stories_and_their_outlets(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_release(pilot, app)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "b.md" in app.store.decided, 5)
        app.main.articles.select("b.md")
        await pilot.pause()
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmPrompt), 5)
        question = str(app.screen.query_one("#preview").render())
        assert "“RE-TRANSMISSION: Provance Releases" in question and "(EIN Presswire, " in question
        assert "duplicate of “Provance Releases" in question and "(Digital Journal, " in question
        assert question.endswith("Publish it anyway?")
        await pilot.press("n")
        await settle(pilot)
        assert flags(root)["b.md"] is False


# 7. -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["question_mark", "e", "d", "L", "number_sign"])
async def test_q_closes_the_screen_above_the_dashboard(seeds_copy: Path, key: str) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await pilot.press(key)
        await until(pilot, lambda: not isinstance(app.screen, MainScreen), 3)
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), 3)
        await pilot.pause(0.1)
        assert app.is_running and app.return_code is None
        await pilot.press("q")  # the dashboard's q quits
        await until(pilot, lambda: not app.is_running, 5)


def test_every_screen_above_the_dashboard_closes_with_q() -> None:
    """Held for screens to come: each one's close binding has q (help lists it there)."""
    from tui.ui.screens.help import binding_groups

    closing = {"dismiss", "app.pop_screen", "back"}
    app = NewsdeskApp.__new__(NewsdeskApp)
    for title, bindings in binding_groups(app):
        if title.startswith(("Help", "Problems", "Duplicate", "Session", "Topics", "Git", "Story history")):
            keys = [b.key.split(",") for b in bindings if getattr(b, "action", "") in closing]
            assert any("q" in k for k in keys), title
    from tui.ui.screens.help import HelpScreen

    help_keys = [b.key.split(",") for b in HelpScreen.BINDINGS if getattr(b, "action", "") == "dismiss"]
    assert any("q" in k for k in help_keys)


# 8. -------------------------------------------------------------------------------------------
async def test_fast_typing_in_search_loses_no_key(tmp_path: Path) -> None:
    """Keys sent in a burst, as a fast typist or a paste sends them, with no wait between
    them, while earlier searches' near-miss passes run: every key lands in the box and the
    search that runs is the one typed (issue 18's trial saw a missing letter once; not
    reproduced here, in 90 bursts at 0-80 ms on 20,000 stories, nor in a real terminal)."""
    from tests.storygen.generate import generate

    generate(str(tmp_path / "f"), 1500, seed=4)
    app = NewsdeskApp(str(tmp_path / "f"))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        driver = app._driver
        assert driver is not None
        box = app.main.query_one("#search", Input)
        for word in ("digital wallets near airports", "ransomware scrutiny", "charging stations texas"):
            for key in ["slash", *word]:
                event = events.Key({" ": "space", "slash": "slash"}.get(key, key), "/" if key == "slash" else key)
                event.set_sender(app)
                driver.send_message(event)
                await asyncio.sleep(0)  # no wait for the app: the keys queue up behind the searches
            await until(
                pilot,
                lambda w=word: box.value == w and app.main.query_state.text == w and app.main.result_complete,  # type: ignore[misc]
                20,
                seen=lambda: (box.value, app.main.query_state.text),
            )
            assert f"“{word[:16]}" in str(app.main.query_one("#status").render())
            await pilot.press("escape")
            await until(pilot, lambda: app.main.query_state.text == "", 3)


# 9. -------------------------------------------------------------------------------------------
async def mark(pilot: Any, app: NewsdeskApp, ids: list[str]) -> None:
    articles = app.main.articles
    for sid in ids:
        assert articles.select(sid)
        await pilot.press("space")
    assert articles.marked == set(ids)


async def decided_release(pilot: Any, app: NewsdeskApp) -> None:
    """The press release's five copies decided: a.md kept, b.md and c.md duplicates; all unpublished."""
    await open_release(pilot, app)
    await pilot.press("m")
    await settle(pilot)
    await pilot.press("escape")
    await until(pilot, lambda: app.store.decided == {"b.md", "c.md"}, 5)


async def test_the_republish_hint_names_one_duplicate_in_the_singular(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await decided_release(pilot, app)
        await mark(pilot, app, ["a.md", "b.md"])
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, BulkRepublishPrompt), 5)
        hint = str(app.screen.query_one(".prompt-hint").render())
        assert "n publishes the other 1 and skips the duplicate ·" in hint, hint
        await pilot.press("escape")


async def test_p_over_marks_asks_once_and_n_skips_the_decided_duplicates(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    before = {sid: (root / sid).read_bytes() for sid in ("b.md", "c.md")}
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await decided_release(pilot, app)
        await mark(pilot, app, ["a.md", "b.md", "c.md"])
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, BulkRepublishPrompt), 5)
        asked = str(app.screen.query_one("#preview").render())
        assert asked.startswith("2 of the 3 marked stories are decided duplicates")
        assert asked.count("“RE-TRANSMISSION: Provance") == 1 and "(EIN Presswire, " in asked  # b.md
        assert asked.count("duplicate of “Provance Releases") == 2 and "(Digital Journal, " in asked
        hint = str(app.screen.query_one(".prompt-hint").render())
        assert hint == "y publishes all 3 · n publishes the other 1 and skips the duplicates · esc publishes nothing"
        await pilot.press("n")
        await settle(pilot)
        assert flags(root) == {"a.md": True, "b.md": False, "c.md": False, "d.md": True, "e.md": True}
        assert {sid: (root / sid).read_bytes() for sid in before} == before  # not a byte written
        assert "2 stories decided as duplicates skipped, still unpublished" in notices(app)
        assert app.main.articles.marked == set()


async def test_p_over_marks_y_publishes_all_and_escape_publishes_nothing(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await decided_release(pilot, app)
        await mark(pilot, app, ["b.md", "c.md"])
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, BulkRepublishPrompt), 5)
        hint = str(app.screen.query_one(".prompt-hint").render())
        assert hint == "y publishes both · esc publishes nothing"  # no "n publishes the other 0" (issue 18)
        await pilot.press("escape")
        await settle(pilot)
        assert flags(root)["b.md"] is False and flags(root)["c.md"] is False
        assert app.main.articles.marked == {"b.md", "c.md"} and "Nothing published" in notices(app)
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, BulkRepublishPrompt), 5)
        await pilot.press("y")
        await settle(pilot)
        assert flags(root)["b.md"] is True and flags(root)["c.md"] is True
        # Unpublishing them again asks nothing: nothing is put back on the site.
        await mark(pilot, app, ["b.md", "c.md"])
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, BulkRepublishPrompt)
        assert flags(root)["b.md"] is False and flags(root)["c.md"] is False


async def test_the_empty_line_is_worked_out_only_for_an_empty_list(seeds_copy: Path, monkeypatch) -> None:
    """The date window's line queries the folder without the window (75 ms at 100,000
    stories): never for a list that has rows."""
    from tui.ui.screens.dashboard import list_notes

    calls: list[object] = []
    real = list_notes.newest_outside
    monkeypatch.setattr(list_notes, "newest_outside", lambda *a: calls.append(a) or real(*a))
    app = NewsdeskApp(str(seeds_copy), clock=lambda: datetime(2021, 5, 21, 12, 0, tzinfo=UTC))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("t", "t", "t")  # the last 30 days: three of the five seeds
        await until(pilot, lambda: main.query_state.since_label == "last 30 days", 3)
        assert main.articles.ids and calls == []
