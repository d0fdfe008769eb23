"""The dashboard keeps its search index current while the folder changes underneath."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.pilot import ready, until
from tui.ui.app import NewsdeskApp

S2 = "002_ec13f126c5df086c.txt"


def retitle(path: Path, title: str) -> None:
    lines = path.read_bytes().split(b"\n")
    lines = [b'title: "' + title.encode() + b'"' if line.startswith(b"title:") else line for line in lines]
    path.write_bytes(b"\n".join(lines))


async def test_the_search_index_is_rebuilt_after_outside_changes(seeds_copy: Path) -> None:
    """An outside edit drops the search index; it is rebuilt off the UI thread once the
    folder is quiet, so the next search neither waits for it nor finds stale text."""
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.store._entries is not None, timeout=5)
        retitle(seeds_copy / S2, "Zanzibar ferry timetable")
        await until(pilot, lambda: app.store.get(S2).title == "Zanzibar ferry timetable", timeout=3)
        await until(pilot, lambda: app.store._entries is not None, timeout=3)
        assert app.store.search("zanzibar").ids == [S2]


async def test_a_search_taken_before_an_outside_edit_does_not_replace_the_fresher_list(seeds_copy: Path) -> None:
    """A search still running on the worker when a story's title changes on disk: the
    list is refreshed for the change meanwhile (the refresh replaces that search), and
    the late answer from the old text is not shown over it."""
    import threading

    from tui.core.store.search import SearchIndex

    held, release, held_too_long = threading.Event(), threading.Event(), threading.Event()
    exact_pass = SearchIndex._exact_pass

    def slow_on_the_worker(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if threading.current_thread() is not threading.main_thread() and not held.is_set():
            held.set()  # the first search only: the refresh for the edit runs freely
            if not release.wait(10):
                held_too_long.set()  # the test never released it: the late answer was not late
        return exact_pass(self, *args, **kwargs)

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.store._entries is not None, timeout=5)
        SearchIndex._exact_pass = slow_on_the_worker  # type: ignore[method-assign]
        try:
            await pilot.press("slash")
            # Pasted (one search, not one per letter), and too short for a near-miss
            # pass, which would have fetched the fresh answer again after the stale one.
            app.main.query_one("#search").value = "zz"
            await until(pilot, held.is_set, timeout=5)
            retitle(seeds_copy / S2, "Zzyzx ferry timetable")
            await until(pilot, lambda: app.main.articles.ids == [S2], timeout=5)
            assert not held_too_long.is_set()
            release.set()
            await pilot.pause(0.3)
            await until(pilot, lambda: all(w.is_finished for w in app.workers if w.group == "query"), timeout=5)
            assert app.main.articles.ids == [S2]
        finally:
            release.set()
            SearchIndex._exact_pass = exact_pass  # type: ignore[method-assign]


async def test_a_list_older_than_the_one_shown_is_dropped(seeds_copy: Path) -> None:
    """A worker's answer that reaches the screen after a list taken from a newer state
    of the folder (a search past its last chance to give up when a refresh began)."""
    from tui.core.store.records import ListResult

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        main = app.main
        main.show_result(ListResult([S2], {}, version=5))
        main._apply_query(main.query_state, ListResult([], {}, version=4), True)
        assert main.articles.ids == [S2]
        main._apply_query(main.query_state, ListResult([], {}, version=5), True)
        assert main.articles.ids == []
