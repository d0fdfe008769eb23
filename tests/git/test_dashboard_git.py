"""Issue 15 in the dashboard: real repositories (a bare remote and clones in tmp_path),
real keys, results checked in git itself.

The status line shows the branch and a toggled story as changed, the list marks it;
the changes screen commits it with the generated message; sync from the desk brings
another editor's commit in and pushes ours; a conflict opens the conflicts screen,
where a side is chosen per story; history names who unpublished a story and sets it
back as an undoable edit; outside git the keys only say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.git.site import FOLDER, S0, S3, S4, Site, flag, git, publish_explicitly, remote_log, toggle
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import Confirm
from tui.ui.screens.git.conflicts import ConflictsScreen
from tui.ui.screens.git.history import HistoryScreen

GIT_WAIT = 30.0


def status_line(app: NewsdeskApp) -> str:
    return str(app.main.query_one("#status", Static).render())


def repo(app: NewsdeskApp):  # type: ignore[no-untyped-def]
    from tui.desk.repo import attach

    return attach(app.desk)


async def highlight(pilot, app: NewsdeskApp, sid: str) -> None:  # type: ignore[no-untyped-def]
    assert app.main.articles.select(sid)
    await pilot.pause()


async def test_status_line_marks_and_commit_from_the_changes_screen(site: Site) -> None:
    a = site.clone("a", "Alice")
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "⎇ main" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        assert "changed" not in status_line(app)
        await highlight(pilot, app, S0)
        await pilot.press("p")
        await settle(pilot)
        assert flag(a, S0) is False
        await until(pilot, lambda: "1 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        assert app.main.articles.git_marks == {S0: "*"}
        await pilot.press("c")
        assert isinstance(app.screen, ChangesScreen)
        screen = app.screen
        await until(pilot, lambda: screen.changes, GIT_WAIT, what="the changes to load")
        assert [(c.id, c.kind) for c in screen.changes] == [(S0, "unpublished")]
        box = screen.query_one("#commit-message", Input)
        assert box.value.startswith("Unpublish 1 story: ")
        generated = box.value
        await pilot.press("c")
        await until(pilot, lambda: git(a, "status", "--porcelain").strip() == "", GIT_WAIT, what="the commit")
        assert git(a, "log", "-1", "--format=%s").strip() == generated
        assert git(a, "log", "-1", "--format=%an").strip() == "Alice"
        assert f"unpublished: {S0}" in git(a, "log", "-1", "--format=%b")
        await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await until(pilot, lambda: "↑1 ↓0" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        assert app.main.articles.git_marks == {}


async def test_edited_message_and_selected_stories(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S3, False)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "2 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 2, GIT_WAIT, what="the changes to load")
        await pilot.press("down", "space")  # select the second (S3)
        box = screen.query_one("#commit-message", Input)
        await until(pilot, lambda: box.value.startswith("Unpublish 1 story: "), 5.0, seen=lambda: box.value)
        await pilot.press("m")
        box.value = ""
        for char in "Take one down":
            await pilot.press("space" if char == " " else char)
        await pilot.press("enter")
        await until(pilot, lambda: "Take one down" in git(a, "log", "-1", "--format=%s"), GIT_WAIT, what="commit")
        assert git(a, "show", "--name-only", "--format=", "HEAD").split() == [f"{FOLDER}/{S3}"]
        assert git(a, "status", "--porcelain").strip() == f"M {FOLDER}/{S0}"


async def test_discard_asks_then_undo_brings_it_back(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = (a / FOLDER / S0).read_bytes()
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await highlight(pilot, app, S0)
        await pilot.press("p")
        await settle(pilot)
        toggled = (a / FOLDER / S0).read_bytes()
        await until(pilot, lambda: "1 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: screen.changes, GIT_WAIT, what="the changes to load")
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await until(pilot, lambda: (a / FOLDER / S0).read_bytes() == committed, GIT_WAIT, what="the discard")
        await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert (a / FOLDER / S0).read_bytes() == toggled


async def test_sync_from_the_desk_and_a_conflict_settled_per_story(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    toggle(a, S4, False)
    git(a, "commit", "--quiet", "-am", "Alice's")
    git(a, "push", "--quiet")
    publish_explicitly(b, "absent.md")
    toggle(b, S3, False)
    git(b, "commit", "--quiet", "-am", "Bob's")
    app = NewsdeskApp(str(b / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "↑1 ↓0" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await highlight(pilot, app, S3)
        heard: list[object] = []
        repo(app).add_listener(heard.append)
        await pilot.press("R")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConflictsScreen),
            GIT_WAIT,
            what="the conflicts screen",
            seen=lambda: [str(n.message) for n in app._notifications],
        )
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        assert [c.id for c in screen.conflicts] == ["absent.md"]
        assert "you: published line inserted · Alice, " in screen.conflicts[0].describe()
        assert git(b, "status", "--porcelain") == ""  # left clean while the editor chooses
        await pilot.press("t", "enter")
        await until(
            pilot,
            lambda: remote_log(site)[0] == ("Bob", "Bob's"),
            GIT_WAIT,
            what="the push",
            seen=lambda: (remote_log(site), heard),
        )
        assert flag(b, "absent.md") is False and flag(b, S4) is False and flag(b, S3) is False
        await until(pilot, lambda: not getattr(app.store.get(S4), "published", True), GIT_WAIT, what="S4 arriving")
        assert app.main.articles.current == S3  # the cursor stayed on its story
        await until(pilot, lambda: "↑0 ↓0" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))


async def test_history_names_who_and_sets_back(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    git(a, "commit", "--quiet", "-am", "Take it down")
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await highlight(pilot, app, S0)
        await pilot.press("H")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await until(pilot, lambda: len(screen.entries) == 2, GIT_WAIT, what="the history")
        newest = screen.entries[0]
        assert (newest.author, newest.message) == ("Alice", "Take it down")
        assert newest.published is not None and (newest.published.before, newest.published.after) == (True, False)
        await pilot.press("down", "r")  # the seed commit: published
        await until(pilot, lambda: flag(a, S0) is True, GIT_WAIT, what="the flag set back")
        await settle(pilot)
        await pilot.press("escape", "u")
        await settle(pilot)
        assert flag(a, S0) is False


async def test_outside_git_the_keys_say_so(tmp_path: Path, seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        for key in ("c", "R", "H"):
            await pilot.press(key)
            assert isinstance(app.screen, MainScreen)
        await pilot.pause()
        shown = [str(n.message) for n in app._notifications]
        assert sum("Not a git repository" in m for m in shown) == 3
        assert "⎇" not in status_line(app)


async def _to(pilot, screen: ChangesScreen, sid: str) -> None:  # type: ignore[no-untyped-def]
    """Move the highlight to `sid` with the arrow keys."""
    ids = [c.id for c in screen.changes]
    await pilot.press("home")
    for _ in range(ids.index(sid)):
        await pilot.press("down")
    assert screen._highlighted_id() == sid


async def test_discard_any_change_with_the_keys_then_undo(site: Site) -> None:
    a = site.clone("a", "Alice")
    path = a / FOLDER / S0
    committed = path.read_bytes()
    path.write_bytes(committed.replace(b'title: "Massachusetts', b'title: "Fixed: Massachusetts', 1))
    retitled = path.read_bytes()
    fresh = a / FOLDER / "fresh.md"
    fresh.write_text('---\ntitle: "Fresh from the pipeline"\npublished: false\n---\n')
    new_story = fresh.read_bytes()
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "2 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 2, GIT_WAIT, what="the changes to load")
        await _to(pilot, screen, S0)
        await pilot.press("x")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert confirm.question.startswith("Discard 'Fixed: Massachusetts Homes in on Facial Recognition")
        assert ": title edit; back to the committed file" in confirm.question
        await pilot.press("y")
        await until(pilot, lambda: path.read_bytes() == committed, GIT_WAIT, what="the title edit discarded")
        await until(pilot, lambda: [c.id for c in screen.changes] == ["fresh.md"], GIT_WAIT, what="the list")
        await _to(pilot, screen, "fresh.md")
        await pilot.press("x")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert confirm.question.startswith("Delete the new story 'Fresh from the pipeline' (fresh.md)?")
        await pilot.press("n")  # no: nothing happens
        await settle(pilot)
        assert fresh.read_bytes() == new_story
        await pilot.press("x", "y")
        await until(pilot, lambda: not fresh.exists(), GIT_WAIT, what="the new story deleted")
        await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
        assert "fresh.md" not in app.store.stories
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("u")
        await settle(pilot)
        assert fresh.read_bytes() == new_story
        await until(pilot, lambda: "fresh.md" in app.store.stories, GIT_WAIT, what="the story listed again")
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == retitled
        await until(pilot, lambda: "2 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))


async def test_discard_of_several_and_refused_when_changed_since(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S3, False)
    committed = git(a, "show", f"HEAD:{FOLDER}/{S3}").encode()
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 2, GIT_WAIT, what="the changes to load")
        await pilot.press("a", "x")  # all selected
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert confirm.question.startswith("Discard the changes of 2 stories")
        assert len(confirm.details) == 2 and all("published line" in d for d in confirm.details)
        # someone edits S0 after it was listed, before the editor says yes
        (a / FOLDER / S0).write_bytes((a / FOLDER / S0).read_bytes() + b"\nA late paragraph.\n")
        late = (a / FOLDER / S0).read_bytes()
        await pilot.press("y")
        await settle(pilot)
        await until(
            pilot,
            lambda: any("changed since you confirmed" in str(n.message) for n in app._notifications),
            GIT_WAIT,
            what="the refusal",
            seen=lambda: [str(n.message) for n in app._notifications],
        )
        assert (a / FOLDER / S0).read_bytes() == late  # all or none: neither file was discarded
        assert (a / FOLDER / S3).read_bytes() != committed


async def test_first_frame_and_keys_never_wait_for_git(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even finding the repository (git rev-parse) runs on the git thread: with it held
    up, the dashboard loads, draws and takes keys; the git part follows when it answers."""
    import threading

    from tui.desk import repo_thread

    a = site.clone("a", "Alice")
    release = threading.Event()
    real = repo_thread.locate
    where: list[str] = []

    def held_up(folder: str):  # type: ignore[no-untyped-def]
        where.append(threading.current_thread().name)
        release.wait(60)
        return real(folder)

    monkeypatch.setattr(repo_thread, "locate", held_up)
    app = NewsdeskApp(str(a / FOLDER))
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await ready(pilot)  # loaded and drawn while git has not answered
            assert app.main.articles.ids and "⎇" not in status_line(app)
            await pilot.press("down", "c")
            assert isinstance(app.screen, MainScreen)
            assert any("Still looking" in str(n.message) for n in app._notifications)
            release.set()
            await until(pilot, lambda: "⎇ main" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
            assert where == ["newsdesk-git"]
    finally:
        release.set()
