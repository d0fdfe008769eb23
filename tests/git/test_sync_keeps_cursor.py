"""A sync that settles a publish conflict keeps the dashboard's cursor on its story.

The trial: B inserts `published: true` into a story without a line (p twice), commits,
pushes; A, on the same story, unpublishes it (p), commits (c c), syncs (R) and takes a
side (m or t, enter) in the conflicts screen. The cursor sat on the next row after, so
the next `p` hit the wrong story.
"""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.git.site import FOLDER, Site, commit_all, git, push, story
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.conflicts import ConflictsScreen

GIT_WAIT = 30.0
SID = "absent.md"


def status_line(app: NewsdeskApp) -> str:
    return str(app.main.query_one("#status", Static).render())


@pytest.mark.parametrize("side", ["m", "t"])
async def test_settling_a_publish_conflict_keeps_the_cursor_on_its_story(site: Site, side: str) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    path = b / FOLDER / SID
    path.write_text(path.read_text().replace("type: article\n", "type: article\npublished: true\n"))
    commit_all(b, "Bob publishes explicitly")
    push(b)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "⎇ main" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        articles = app.main.articles
        assert articles.select(SID)
        await pilot.pause()
        index = articles.index_of(SID)
        assert index is not None and index + 1 < len(articles.ids)
        after = articles.ids[index + 1]
        await pilot.press("p")
        await settle(pilot)
        assert b"published: false" in story(a, SID)
        await until(pilot, lambda: "1 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: screen.changes, GIT_WAIT, what="the changes to load")
        await pilot.press("c")
        await until(pilot, lambda: git(a, "status", "--porcelain").strip() == "", GIT_WAIT, what="the commit")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert articles.current == SID
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), GIT_WAIT, what="the conflicts screen",
                    seen=lambda: [str(n.message) for n in app._notifications])  # fmt: skip
        conflicts = app.screen
        assert isinstance(conflicts, ConflictsScreen)
        assert [c.id for c in conflicts.conflicts] == [SID]
        await pilot.press(side, "enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), GIT_WAIT, what="back on the dashboard")
        await until(pilot, lambda: git(a, "status", "--porcelain", "--branch").startswith("## main...origin/main\n")
                    and "[" not in git(a, "status", "--porcelain", "--branch").splitlines()[0],
                    GIT_WAIT, what="the push")  # fmt: skip
        want = b"published: false" if side == "m" else b"published: true"
        await until(pilot, lambda: want in story(a, SID), GIT_WAIT, what="the settled file")
        await until(pilot, lambda: "↑0 ↓0" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await until(pilot, lambda: app.store.get(SID) is not None and app.store.get(SID).published is (side == "t"),
                    GIT_WAIT, what="the store to follow")  # fmt: skip
        await pilot.pause(0.5)
        assert articles.current == SID, (articles.current, after)
        before_next = story(a, after)
        await pilot.press("p")
        await settle(pilot)
        assert story(a, after) == before_next  # the next `p` hits the story the cursor is on
        assert app.store.get(SID) is not None and app.store.get(SID).published is (side != "t")
