"""Failures are visible (issue #13, promise P4, attack 6): the decision log's counted
problems and every background failure of the session reach the screen, and the
problems screen (`e`) lists them with the file, or the pass, they concern. Before, a
100,000-deep log line made the dashboard say "No suspected duplicates" and the
problems screen "nothing to report"; a pass that raised was one fading notification."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.helpers.pilot import ready, until
from tests.security.hostile import duplicate_pair
from tui.core.dupes.finder import DuplicateFinder
from tui.desk import Desk, DeskEvent, Failure
from tui.ui.app import NewsdeskApp
from tui.ui.screens.problems import ProblemsScreen

MARKUP = "[bold red]not markup[/] [@click=app.quit]x[/]"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "stories"
    folder.mkdir()
    duplicate_pair(folder)
    return folder


def _rows(screen: ProblemsScreen) -> list[str]:
    table = screen.query_one(DataTable)
    return [" | ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_a_hundred_thousand_deep_log_line_and_junk_are_named_in_the_problems_screen(root: Path) -> None:
    log = root / ".newsdesk" / "decisions.jsonl"
    log.parent.mkdir()
    deep = b'{"decision": "distinct", "id": "x", "members": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    log.write_bytes(b"not json at all\n" + deep + b"\n" + b"{{{{\n")
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert len(app.dupes.clusters()) == 1  # the rest of the folder still works
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), 5)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        rows = _rows(screen)
        logged = [row for row in rows if row.startswith(".newsdesk/decisions.jsonl | 1 | log")]
        assert len(logged) == 1 and "skipped 3 unreadable lines" in logged[0], rows
        assert len(logged[0]) < 2000  # the deep line is counted, never quoted whole
        title = str(screen.query_one("#problems-title").render())
        assert "1 decision log problems" in title and "nothing to report" not in title


async def test_a_failing_duplicate_pass_is_notified_and_listed_with_where_it_happened(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Desk) -> bool:
        raise RuntimeError(f"the pass broke on a.md {MARKUP}")

    monkeypatch.setattr(Desk, "find_duplicates", broken)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.failures.total == 1, 10, what="the failure to reach the app")
        await until(pilot, lambda: any("Duplicates failed" in str(n.message) for n in app._notifications), 5)
        note = next(n for n in app._notifications if "Duplicates failed" in str(n.message))
        assert MARKUP in str(note.message) and not note.markup  # shown literally
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), 5)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        rows = _rows(screen)
        failed = [row for row in rows if "failure" in row and "duplicates failed" in row]
        assert len(failed) == 1 and failed[0].startswith("(duplicates) |"), rows
        assert "RuntimeError: the pass broke on a.md" in failed[0] and MARKUP in failed[0]
        assert "1 background failures" in str(screen.query_one("#problems-title").render())


async def test_failures_are_bounded_in_number_and_length(root: Path) -> None:
    """A pass failing over and over with huge messages keeps a bounded list of bounded rows."""
    app = NewsdeskApp(str(root), load=False, watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        for i in range(300):
            app.failures.add("folder sync", "x" * 1_000_000, f"s{i}.md")
        kept = app.failures.items()
        assert len(kept) == 200 and app.failures.total == 300 and app.failures.dropped == 100
        assert all(len(f.message) <= 1000 for f in kept) and kept[-1].id == "s299.md"
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), 5)
        assert isinstance(app.screen, ProblemsScreen)
        assert len(_rows(app.screen)) == 200


def test_a_failed_background_rescore_reaches_the_desk_as_a_failure(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item: finder.error was set and nobody heard of it; now the desk emits a Failure."""
    events: list[DeskEvent] = []
    heard = threading.Event()

    def listen(event: DeskEvent) -> None:
        events.append(event)
        if isinstance(event, Failure):
            heard.set()

    with Desk(str(root), watch=False) as desk:
        desk.subscribe(listen)
        desk.load()
        assert desk.find_duplicates()

        def broken(self: DuplicateFinder, ids: object) -> bool:
            raise RuntimeError("re-score broke")

        monkeypatch.setattr(DuplicateFinder, "_rescore", broken)
        desk.finder.update(["a.md"])
        assert heard.wait(10), events
        assert desk.finder.flush(10)
    failures = [e for e in events if isinstance(e, Failure)]
    assert failures == [Failure("duplicates re-score", "RuntimeError: re-score broke", "a.md")]
