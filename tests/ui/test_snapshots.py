"""Snapshot tests of the main screens on seeds/, at 80x24 and 160x45.

The clock is pinned so relative dates ("5 years ago") do not drift, and nothing here
writes to the seeds (no edit keys are pressed).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.helpers.paths import SEEDS
from tests.helpers.pilot import ready, until
from tui.ui.app import NewsdeskApp

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def make_app() -> NewsdeskApp:
    return NewsdeskApp(str(SEEDS), clock=lambda: NOW)


async def wait_loaded(pilot) -> None:
    await ready(pilot, dupes=True)  # loaded, and the duplicate search finished (no progress bar)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_main_screen(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=wait_loaded, press=["j"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_search(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=wait_loaded, press=["slash", *"police", "enter"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_search_with_near_misses(snap_compare, size) -> None:
    """Issue 18: typo matches marked "~" and counted apart in the list's header."""

    async def run_before(pilot) -> None:
        await wait_loaded(pilot)
        await pilot.press("slash", *"legislatrs", "enter")
        await until(pilot, lambda: pilot.app.main.result_complete and pilot.app.main.articles.exact is not None, 5)

    assert snap_compare(make_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_help_screen(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=wait_loaded, press=["question_mark"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_duplicates_review_empty(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=wait_loaded, press=["d"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_duplicates_review_with_copies(snap_compare, size, tmp_path) -> None:
    from tests.ui.test_duplicates_review import make_folder

    app = NewsdeskApp(str(make_folder(tmp_path)), clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=wait_loaded, press=["d"])


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_graph_focused(snap_compare, size) -> None:
    assert snap_compare(make_app(), terminal_size=size, run_before=wait_loaded, press=["j", "tab", "tab", "j"])
