"""Issue 15's "Done when" through two dashboards, by real keys, on real clones of one bare remote.

Editor A unpublishes three stories and commits from the desk; editor B, from the same
starting point, publishes one of them (the story with no `published` line: p twice
spells out `published: true`, where A's p inserted `published: false`, the one real
conflict two editors can make from one start) and unpublishes another; both sync. B's
sync meets the conflict, B keeps its own side in the conflicts screen. Then the remote
holds both editors' commits, every story ends as its last decider chose, no file holds
conflict markers, and both dashboards show the same states. A pipeline commit that
adds and deletes stories arrives in an open dashboard through sync, next to an
uncommitted toggle that sync keeps.
"""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, S0, S3, S4, Site, flag, git, push, remote_log
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.conflicts import ConflictsScreen

WAIT = 30.0


async def press_on(pilot, app: NewsdeskApp, sid: str, *keys: str) -> None:  # type: ignore[no-untyped-def]
    assert app.main.articles.select(sid), sid
    await pilot.pause()
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def commit_all(pilot, app: NewsdeskApp, count: int) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    screen = app.screen
    assert isinstance(screen, ChangesScreen)
    await until(pilot, lambda: len(screen.changes) == count, WAIT, seen=lambda: screen.changes)
    await pilot.press("c")
    await until(pilot, lambda: not screen.changes, WAIT, what="the commit")
    await pilot.press("escape")
    assert isinstance(app.screen, MainScreen)


def states(app: NewsdeskApp) -> dict[str, bool]:
    return {sid: story.published for sid, story in app.store.stories.items()}


async def test_two_editors_two_dashboards(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    app_a = NewsdeskApp(str(a / FOLDER))
    async with app_a.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        for sid in (S0, S3, "absent.md"):
            await press_on(pilot, app_a, sid, "p")
        await commit_all(pilot, app_a, 3)
        assert git(a, "log", "-1", "--format=%s").startswith("Unpublish 3 stories: ")
        await pilot.press("R")
        await until(pilot, lambda: remote_log(site)[0][0] == "Alice", WAIT, what="A's push")

    app_b = NewsdeskApp(str(b / FOLDER))
    async with app_b.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await press_on(pilot, app_b, "absent.md", "p", "p")  # published: true, spelled out
        await press_on(pilot, app_b, S4, "p")
        await commit_all(pilot, app_b, 2)
        await pilot.press("R")
        await until(pilot, lambda: isinstance(app_b.screen, ConflictsScreen), WAIT, what="the conflicts screen")
        conflicts = app_b.screen
        assert isinstance(conflicts, ConflictsScreen)
        assert [c.id for c in conflicts.conflicts] == ["absent.md"]
        assert conflicts.conflicts[0].describe().startswith("you: published line inserted · Alice, ")
        await pilot.press("m", "enter")
        await until(pilot, lambda: remote_log(site)[0][0] == "Bob", WAIT, what="B's push")
        await until(pilot, lambda: not app_b.store.get(S0).published, WAIT, what="A's stories in B's list")  # type: ignore[union-attr]
        b_states = states(app_b)

    app_a = NewsdeskApp(str(a / FOLDER))
    async with app_a.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("R")
        await until(pilot, lambda: states(app_a) == b_states, WAIT, seen=lambda: states(app_a))

    assert [author for author, _ in remote_log(site)][:2] == ["Bob", "Alice"]
    for clone in (a, b):
        assert (flag(clone, S0), flag(clone, S3), flag(clone, "absent.md"), flag(clone, S4)) == (
            False,
            False,
            True,
            False,
        )
        assert git(clone, "status", "--porcelain", "--untracked-files=no") == ""
    assert b_states["absent.md"] is True and b_states[S4] is False


async def test_pipeline_adds_and_deletes_while_open_uncommitted_toggle_kept(site: Site) -> None:
    b = site.clone("b", "Bob")
    pipeline = site.clone("pipeline", "Ingest")
    app = NewsdeskApp(str(b / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await press_on(pilot, app, S3, "p")  # uncommitted when the sync starts
        fresh = pipeline / FOLDER / "fresh.md"
        fresh.write_text('---\ntitle: "Fresh from the wire"\npublished: false\n---\n')
        (pipeline / FOLDER / S4).unlink()
        git(pipeline, "add", "-A")
        git(pipeline, "commit", "--quiet", "-m", "Ingest: one in, one out")
        push(pipeline)
        await pilot.press("R")
        await until(pilot, lambda: "fresh.md" in app.store.stories, WAIT, what="the new story in the list")
        await until(pilot, lambda: S4 not in app.store.stories, WAIT, what="the deleted story gone")
        git_service = app.desk.repo
        assert git_service is not None
        await until(pilot, lambda: not git_service.busy, WAIT, what="the sync to end (stash restored)")
        assert app.main.articles.current == S3
        assert flag(b, S3) is False  # the uncommitted toggle survived the sync
        await until(pilot, lambda: "1 changed" in str(app.main.query_one("#status").render()), WAIT)
        assert app.main.articles.git_marks == {S3: "*"}
    assert not Path(b / FOLDER / S4).exists()
