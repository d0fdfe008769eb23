"""The dashboard driven by real key presses, asserting on the store and the files' bytes."""

from __future__ import annotations

import stat
from pathlib import Path

from tests.helpers.pilot import palette_offers, ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.widgets.search_input import SearchInput

# Newest first on the seeds: 002 (unpublished), 000, 001 (unpublished), 003, 004.
ORDER = [
    "002_ec13f126c5df086c.txt",
    "000_8dcd983ef76e6965.txt",
    "001_29a53d9359691146.txt",
    "003_644e7f27e603fab3.txt",
    "004_ff9743790476918e.txt",
]


def rows(app: NewsdeskApp) -> list[str]:
    return list(app.main.articles.ids)


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


async def test_list_shows_seeds_newest_first(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert rows(app) == ORDER
        assert app.focused is app.main.articles
        assert app.main.articles.current == ORDER[0]
        header = app.main.articles.render_line(0).text
        assert "date" in header and "title (5)" in header


async def test_toggle_writes_one_line_then_undo_and_redo(seeds_copy: Path) -> None:
    original = snapshot_bytes(seeds_copy)
    path = seeds_copy / ORDER[0]
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert app.store.get(ORDER[0]).published is True
        changed = path.read_bytes()
        before_lines = original[ORDER[0]].splitlines(keepends=True)
        after_lines = changed.splitlines(keepends=True)
        assert len(before_lines) == len(after_lines)
        diff = [(a, b) for a, b in zip(before_lines, after_lines, strict=True) if a != b]
        assert diff == [(b"published: false\n", b"published: true\n")]
        assert app.main.articles.render_line(1).text.startswith("●")

        await pilot.press("u")
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == original
        assert app.store.get(ORDER[0]).published is False

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert path.read_bytes() == changed
        assert app.store.get(ORDER[0]).published is True


async def test_bulk_toggle_acts_on_marked_stories_visible_under_filter(seeds_copy: Path) -> None:
    original = snapshot_bytes(seeds_copy)
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("space", "space", "space")  # marks 002, 000, 001
        assert app.main.articles.marked == set(ORDER[:3])
        await pilot.press("f", "f")  # all -> published -> unpublished
        assert app.main.query_state.state == "unpublished"
        assert rows(app) == [ORDER[0], ORDER[2]]
        await pilot.press("p")
        await settle(pilot)
        # Only the marked stories the filter shows were toggled; 000 (hidden) untouched.
        assert app.store.get(ORDER[0]).published and app.store.get(ORDER[2]).published
        now = snapshot_bytes(seeds_copy)
        assert now[ORDER[1]] == original[ORDER[1]]
        assert {name for name in now if now[name] != original[name]} == {ORDER[0], ORDER[2]}
        assert app.main.articles.marked == {ORDER[1]}  # the hidden mark stays for later
        # Both files come back with one undo.
        await pilot.press("u")
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == original


async def test_search_narrows_highlights_and_escape_clears(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.press(*"passes")
        await until(
            pilot,
            lambda: app.main.query_state.text == "passes" and rows(app)[:1] == ["003_644e7f27e603fab3.txt"],
            timeout=3,
        )
        assert "003_644e7f27e603fab3.txt" in app.main.articles.spans
        await pilot.press("enter")
        assert app.focused is app.main.articles
        assert app.main.query_state.text == "passes"
        assert rows(app)[0] == "003_644e7f27e603fab3.txt"
        await pilot.press("escape")
        await pilot.pause()
        assert rows(app) == ORDER
        assert app.main.query_state.text == ""


async def test_typo_still_finds_the_story(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"legislatrs")
        # Exact hits come first; near misses like this one follow from the worker.
        await until(pilot, lambda: "004_ff9743790476918e.txt" in rows(app), timeout=3)
        await until(pilot, lambda: app.main.result_complete, timeout=3)
        # No exact hit: the header counts the typo matches alone, in the singular for one.
        near = len(rows(app))
        typos = "1 typo match ~" if near == 1 else f"{near} typo matches ~"
        assert f"title ({typos})" in app.main.articles.render_line(0).text


async def test_a_typo_in_one_of_two_words_finds_the_stories(seeds_copy: Path) -> None:
    """The editor trial: 'Masachusets facial' found nothing, the whole phrase being close
    to no stretch of any title. Every word held as typed or nearly held by the title
    finds all five seeds, with the typed words highlighted where the title has them."""
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("slash", *"Masachusets facial")
        await until(pilot, lambda: sorted(rows(app)) == sorted(ORDER) and app.main.result_complete, timeout=5)
        spans = app.main.articles.spans.get("003_644e7f27e603fab3.txt")
        title = app.store.get("003_644e7f27e603fab3.txt").title
        assert spans and [title[a:b] for a, b in spans] == ["Massachusetts", "Facial"]


async def test_sort_cycles_and_reverses(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("S")  # date, reversed: oldest first
        assert rows(app) == ORDER[::-1]
        await pilot.press("s")  # the next key, heat, hottest first (issue 18: not date reversed)
        q = app.main.query_state
        assert (q.sort, q.descending) == ("heat", True)
        heats = [app.store.get(i).heat_signal or -1 for i in rows(app)]
        assert heats == sorted(heats, reverse=True)
        await pilot.press("s", "s")  # quality desc, provider asc
        q = app.main.query_state
        assert (q.sort, q.descending) == ("provider", False)
        providers = [app.store.get(i).provider_name.casefold() for i in rows(app)]
        assert providers == sorted(providers)


async def test_filter_cycles_through_states(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        assert rows(app) == [ORDER[1], ORDER[3], ORDER[4]]
        await pilot.press("f")
        assert rows(app) == [ORDER[0], ORDER[2]]
        await pilot.press("f")
        assert app.main.query_state.state == "duplicates"
        assert all(i in app.store.suspects for i in rows(app))
        await pilot.press("f")  # copies already decided as duplicates (issue 17): none yet
        assert app.main.query_state.state == "decided" and rows(app) == []
        await pilot.press("f")
        assert rows(app) == ORDER


async def test_help_lists_every_binding_and_closes(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 50)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {d for _, rows_ in app.screen.sections for _, d in rows_}
        for binding in MainScreen.BINDINGS:
            assert (binding.tooltip or binding.description) in described
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_problems_screen_names_bad_files(seeds_copy: Path) -> None:
    (seeds_copy / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    (seeds_copy / "notes.txt").write_text("just some notes, no front matter\n")
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert len(app.store) == 5
        await pilot.press("e")
        assert isinstance(app.screen, ProblemsScreen)
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert names == {"broken.md", "notes.txt"}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_failed_write_changes_nothing(seeds_copy: Path) -> None:
    path = seeds_copy / ORDER[0]
    before = path.read_bytes()
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert path.read_bytes() == before
        assert app.store.get(ORDER[0]).published is False
        assert rows(app)[0] == ORDER[0]
        assert app.main.articles.render_line(1).text.startswith("○")
        assert not app.store.can_undo
        assert any("read-only" in n.message for n in app._notifications)


async def test_quit_waits_for_pending_writes(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        original_toggle = app.store.toggle

        def slow_toggle(ids):
            import time

            time.sleep(0.3)
            return original_toggle(ids)

        app.store.toggle = slow_toggle  # type: ignore[method-assign]
        await pilot.press("p")
        await pilot.press("q")
        await until(pilot, lambda: app.return_value is not None, timeout=5, what="the app to quit after its write")
        assert app.return_value == 0
    assert b"published: true" in (seeds_copy / ORDER[0]).read_bytes()


async def test_quit_key_exits(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == 0


async def test_jump_to_hidden_story_clears_the_filter(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f")  # published only: 002 is hidden
        assert ORDER[0] not in rows(app)
        app.main.jump_to(ORDER[0])
        await pilot.pause()
        assert app.main.articles.current == ORDER[0]
        assert app.main.query_state.filtered is False


async def test_mouse_click_selects_row(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        articles = app.main.articles
        await pilot.click(articles, offset=(20, 4))  # header is line 0, row 3 is line 3 (+border)
        assert articles.current == ORDER[2]


async def test_navigation_keys(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        articles = app.main.articles
        await pilot.press("j", "j")
        assert articles.current == ORDER[2]
        await pilot.press("k")
        assert articles.current == ORDER[1]
        await pilot.press("G")
        assert articles.current == ORDER[-1]
        await pilot.press("g")
        assert articles.current == ORDER[0]
        await pilot.press("down", "pagedown")
        assert articles.current == ORDER[-1]
        await pilot.press("up", "pageup")
        assert articles.current == ORDER[0]
        detail = app.main.query_one("#detail")
        await until(pilot, lambda: detail.story_id == ORDER[0], timeout=3)  # once the cursor rests


async def test_tab_moves_focus_list_detail_graph(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        order = []
        for _ in range(3):
            order.append(app.focused.id)
            await pilot.press("tab")
        assert order == ["articles", "detail", "graph"]
        await pilot.press("shift+tab")
        assert app.focused.id == "graph"


async def test_every_action_is_in_the_command_palette(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for needed in (
            "Search stories",
            "Cycle sort",
            "Cycle filter",
            "Toggle publish",
            "Mark story",
            "Undo",
            "Redo",
            "Problems",
            "Help",
            "Quit",
        ):
            assert needed in titles
        assert "Filter by provider: Government Technology" not in titles  # a literal provider, below


async def test_palette_filters_by_provider(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"provider: the root")
        await palette_offers(pilot, "The Root")
        await pilot.press("enter")
        await until(pilot, lambda: app.main.query_state.provider == "The Root", timeout=3)
        await until(pilot, lambda: rows(app) == ["004_ff9743790476918e.txt"], timeout=3)


async def test_q_closes_every_screen_then_quits_from_the_dashboard(seeds_copy: Path) -> None:
    """newsboat's rule (issue 18's trial: q in help quit the whole app): q on a screen
    above the dashboard goes back; the dashboard's q quits."""
    for opener in ("question_mark", "e", "d"):
        app = NewsdeskApp(str(seeds_copy))
        async with app.run_test(size=(120, 40)) as pilot:
            await ready(pilot)
            await pilot.press(opener)
            assert not isinstance(app.screen, MainScreen)
            await pilot.press("q")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen) and app.return_value is None, opener
            await pilot.press("q")
            await pilot.pause()
        assert app.return_value == 0, opener


async def test_panes_follow_a_resting_cursor(seeds_copy: Path, monkeypatch) -> None:
    """In a folder of any size (issue 13: five seeds or 200 stories drew both panes on
    every key's own frame, six times the cursor's target)."""
    monkeypatch.setattr(MainScreen, "PANE_DELAY", 0.6)  # long enough for a loaded CI machine
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        detail = app.main.query_one("#detail")
        await until(pilot, lambda: detail.story_id == ORDER[0], timeout=3)
        await pilot.press("j", "j")
        assert app.main.articles.current == ORDER[2]
        assert detail.story_id == ORDER[0]  # the list moved at once; the panes wait
        await until(pilot, lambda: detail.story_id == ORDER[2], timeout=3)


async def test_page_keys_move_the_graph_node_cursor(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        app.main.articles.select("000_8dcd983ef76e6965.txt")
        await pilot.press("tab", "tab")
        graph = app.main.query_one("#graph")
        first = graph.cursor
        await pilot.press("pagedown")
        assert graph.cursor != first
        await pilot.press("pageup")
        assert graph.cursor == first


async def test_help_scrolls_with_g_and_G(seeds_copy: Path) -> None:
    from textual.containers import VerticalScroll

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark", "G")
        body = app.screen.query_one(VerticalScroll)
        await until(pilot, lambda: body.scroll_y > 0, timeout=3)
        await pilot.press("g")
        await until(pilot, lambda: body.scroll_y == 0, timeout=3)


async def test_a_burst_typed_behind_slash_lands_in_the_search(seeds_copy: Path) -> None:
    """`/` and a word in one burst (a fast typist, a paste), queued before the first is
    handled: every letter lands in the box and none runs as a command (`e` opens
    problems, `s` sorts, `p` toggles a story)."""
    from textual import events

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        before = snapshot_bytes(seeds_copy)
        for key, char in [("slash", "/"), *((c, c) for c in "legislatorspe")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # type: ignore[union-attr]  # queued at once, as a terminal does
        await until(pilot, lambda: app.main.query_state.text == "legislatorspe", timeout=3)
        assert isinstance(app.screen, MainScreen) and app.main.query_state.sort == "date"
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == before
        await pilot.press("slash", "x")  # a slash typed inside a query is just a slash
        await until(pilot, lambda: app.main.query_state.text == "legislatorspe/x", timeout=3)


async def test_search_box_keystrokes_scroll_the_box_without_a_screen_layout(seeds_copy: Path) -> None:
    """A letter in the search box repaints the box and asks for no layout of the
    screen (it did, via `Input.virtual_size`), and a query longer than the box still
    scrolls so the cursor and the last letters typed stay in view."""
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        box = app.main.query_one("#search", SearchInput)
        await pilot.pause()
        asked: list[bool] = []
        original = box.refresh

        def refresh(*regions, **kwargs):  # type: ignore[no-untyped-def]
            asked.append(bool(kwargs.get("layout")))
            return original(*regions, **kwargs)

        box.refresh = refresh  # type: ignore[method-assign]
        await pilot.press(*"abcdefghij" * 10)
        await until(pilot, lambda: app.main.query_state.text == "abcdefghij" * 10, timeout=3)
        await pilot.pause()
        assert asked and not any(asked)
        assert box.scroll_x > 0
        line = "".join(segment.text for segment in box.render_line(0))
        assert line.rstrip().endswith("abcdefghij") and len(line) < 100  # the end of it, in view


async def test_while_typing_a_search_the_letter_keys_are_text_and_not_offered(seeds_copy: Path) -> None:
    """In the search box `/`, `q`, `s`, `p`... are letters of the query: their commands
    are off there (so the footer stops offering them), and back on in the list;
    ctrl+q still quits from the box."""
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        letters = {"slash", "q", "question_mark", "e", "d", "s", "f", "p", "u"}
        assert letters <= set(app.screen.active_bindings)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, SearchInput), timeout=3)
        assert not letters & set(app.screen.active_bindings)
        assert {"ctrl+r", "escape"} <= set(app.screen.active_bindings)
        before = snapshot_bytes(seeds_copy)
        await pilot.press(*"q/sp?")
        await until(pilot, lambda: app.main.query_state.text == "q/sp?", timeout=3)
        app.main.action_search()  # the palette's "Search stories" while typing: no slash typed
        await pilot.pause()
        assert app.main.query_state.text == "q/sp?" and app.is_running
        assert snapshot_bytes(seeds_copy) == before
        await pilot.press("enter")
        assert app.focused is app.main.articles
        assert letters <= set(app.screen.active_bindings)
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, SearchInput), timeout=3)
        await pilot.press("ctrl+q")  # Textual's own quit key still works from the box
        await until(pilot, lambda: not app.is_running, timeout=5)


async def test_the_app_gives_the_interpreter_switch_interval_back_when_it_ends(seeds_copy: Path) -> None:
    import sys

    before = sys.getswitchinterval()
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert sys.getswitchinterval() == NewsdeskApp.SWITCH_INTERVAL
        await pilot.press("q")
    assert sys.getswitchinterval() == before


async def test_progress_arriving_while_the_app_closes_is_dropped(seeds_copy: Path) -> None:
    """Found by the first-frame benchmark: quitting while a big folder still loads let a
    late "Loading stories" message reach a dashboard whose widgets were already removed,
    and the app died with NoMatches on the way out."""
    from tui.ui.messages import ProgressChanged

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test() as pilot:
        await ready(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await main.query_one("#progress-row").remove()  # what teardown does first
        app.post_message(ProgressChanged("Loading stories", 5_000, 20_000))
        await settle(pilot)
        assert app.return_code is None and app._exception is None  # still running, nothing raised
