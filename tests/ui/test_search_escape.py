"""Where escape leaves the cursor when it clears a search (the editor trial saw the top
row, a first hit or the story from before, depending on how fast escape came).

Once the hits of the text typed are on screen, escape keeps the cursor on the result it
rests on: the editor searched to find that story and now sees it among the others. If
escape comes before they are shown (typed right after the words, the search still
running), the cursor goes back to the story it was on when the search opened."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.helpers.pilot import ready, until
from tui.ui.app import NewsdeskApp

LAST = "004_ff9743790476918e.txt"  # the oldest seed: the last row by date
PASSES = "003_644e7f27e603fab3.txt"  # "Massachusetts Passes Bill ..."


async def test_escape_after_the_hits_keeps_the_story_found(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("G")
        await until(pilot, lambda: main.articles.current == LAST, 3)
        await pilot.press("slash", *"passes")
        await until(pilot, lambda: main.query_state.text == "passes" and main.result_complete, 5)
        assert main.articles.current == PASSES
        await pilot.press("escape")
        await until(pilot, lambda: main.query_state.text == "" and len(main.articles.ids) == 5, 5)
        await pilot.pause(0.2)
        assert main.articles.current == PASSES


async def test_escape_before_the_hits_goes_back_to_the_story_before(seeds_copy: Path, monkeypatch: Any) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("G")
        await until(pilot, lambda: main.articles.current == LAST, 3)
        gate = threading.Event()
        query = main.store.query

        def held(q: Any, *args: Any, **kwargs: Any) -> Any:  # a search's worker waits here
            if q.text:
                assert gate.wait(10)
            return query(q, *args, **kwargs)

        # "ma" is shown (its first hit takes the cursor), then "passes" is typed on
        # and escape comes before its own hits are on screen.
        await pilot.press("slash", *"ma")
        await until(pilot, lambda: main.query_state.text == "ma" and main.result_complete, 5)
        assert main.articles.current != LAST
        monkeypatch.setattr(main.store, "query", held)
        await pilot.press("backspace", "backspace", *"passes")
        await until(pilot, lambda: main.query_state.text == "passes", 3)
        await pilot.press("escape")
        gate.set()
        await until(pilot, lambda: main.query_state.text == "" and len(main.articles.ids) == 5, 5)
        await pilot.pause(0.3)
        assert main.articles.current == LAST
