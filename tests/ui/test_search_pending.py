"""A search typed is not 'complete' until its own hits are on screen.

`MainScreen.result_complete` says the list shows a search's whole result (tests and
the benchmark wait on it). It kept the previous search's True while the next
keystroke's search was still running on its worker, so a wait for "the text typed and
a complete result" passed with the previous search's rows and status line: make test
saw the status line still at “cha” after 'charging stations texas' was typed in a
burst (tests/ui/test_trial_findings.py, under load).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.helpers.pilot import ready, until
from tests.ui.test_trial_findings import austin_folder
from tui.ui.app import NewsdeskApp


async def test_a_search_typed_is_pending_until_its_hits_are_shown(tmp_path: Path, monkeypatch: Any) -> None:
    root = tmp_path / "f"
    root.mkdir()
    app = NewsdeskApp(str(austin_folder(root)))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        main = app.main
        await pilot.press("slash", *"austin")
        await until(pilot, lambda: main.query_state.text == "austin" and main.result_complete, 5)
        await until(pilot, lambda: "austin" in str(main.query_one("#status").render()), 5)

        gate = threading.Event()
        query = main.store.query

        def held(*args: Any, **kwargs: Any) -> Any:  # the next search's worker waits here
            assert gate.wait(10)
            return query(*args, **kwargs)

        monkeypatch.setattr(main.store, "query", held)
        await pilot.press("space", "b")
        await pilot.pause(0.05)
        assert main.query_state.text == "austin b"
        assert not main.result_complete  # still showing 'austin''s rows: not this search's result
        gate.set()
        await until(pilot, lambda: main.result_complete, 5)
        assert "austin b" in str(main.query_one("#status").render())
