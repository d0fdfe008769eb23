"""A 1 MB headline in a duplicate pair (issue #13, attack 10, in the duplicate review):
the review diffed and drew both full titles, and took 9 s to open; the decision's
label quotes the title. Both now work from a bounded prefix."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.helpers.pilot import ready, settle, until
from tests.security.hostile import duplicate_pair
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import TITLE_CHARS, DuplicatesScreen, member_text

HUGE = "Council approves the budget " * 40_000  # 1.1 MB
OPEN_MAX = 2.0  # seconds, the bound (it took 8.8 s before)


async def test_a_one_megabyte_title_in_a_duplicate_pair_opens_the_review_within_two_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "stories"
    root.mkdir()
    duplicate_pair(root, title=HUGE)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert len(app.dupes.clusters()) == 1
        start = time.perf_counter()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen) and app.screen.cluster is not None, 10)
        await pilot.pause()
        assert time.perf_counter() - start < OPEN_MAX
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        stories = app.store.stories
        shown = member_text(stories["b.md"], stories["a.md"]).plain
        assert shown.startswith("Council approves the budget") and len(shown) < 3 * TITLE_CHARS
        await pilot.press("m")
        await settle(pilot)
        notes = [str(n.message) for n in app._notifications if "duplicate" in str(n.message)]
        assert notes and all(len(note) < 400 for note in notes), notes
        log = (root / ".newsdesk" / "decisions.jsonl").read_bytes()
        assert len(log) < 10_000  # the label in the log quotes a bounded prefix too
