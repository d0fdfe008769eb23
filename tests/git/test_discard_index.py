"""Undoing a discard stages the story again as it was (with the keys, on real repositories).

A discard puts the committed file back and unstages what the editor had staged with
`git add`, so nothing of the change stays half in git. Its undo used to bring the
file back and leave the index at HEAD: the staged version was lost to the editor.
Now undo puts the index entry back too, while the index still holds what the discard
left there; otherwise it leaves the index alone and says so. Redo unstages again.
"""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, S0, S3, Site, git
from tests.git.test_dashboard_git import GIT_WAIT, status_line
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import Confirm

PATH = f"{FOLDER}/{S0}"


def staged_entry(clone: Path) -> str:
    """The index entry of the story ("100644 <oid> 0"), '' when none."""
    return git(clone, "ls-files", "--stage", "--", PATH).split("\t")[0]


def entry_of(clone: Path, data: bytes) -> str:
    return f"100644 {blob(clone, data)} 0"


def blob(clone: Path, data: bytes) -> str:
    tmp = clone / ".git" / "probe"
    tmp.write_bytes(data)
    return git(clone, "hash-object", "-w", str(tmp)).strip()


def messages(app: NewsdeskApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def half_staged(clone: Path) -> tuple[bytes, bytes, bytes]:
    """HEAD's file; a title fix staged with git add; a further fix in the file only."""
    path = clone / PATH
    committed = path.read_bytes()
    path.write_bytes(committed.replace(b'title: "Massachusetts', b'title: "Fixed: Massachusetts', 1))
    staged = path.read_bytes()
    git(clone, "add", "--", PATH)
    path.write_bytes(staged.replace(b"Fixed: ", b"Fixed again: ", 1))
    return committed, staged, path.read_bytes()


async def discard_from_the_changes_screen(pilot, app: NewsdeskApp, clone: Path, committed: bytes) -> None:  # type: ignore[no-untyped-def]
    await ready(pilot)
    await until(pilot, lambda: "1 changed" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
    await pilot.press("c")
    screen = app.screen
    assert isinstance(screen, ChangesScreen)
    await until(pilot, lambda: len(screen.changes) == 1, GIT_WAIT, what="the changes to load")
    await pilot.press("x")
    assert isinstance(app.screen, Confirm)
    await pilot.press("y")
    await until(pilot, lambda: (clone / PATH).read_bytes() == committed, GIT_WAIT, what="the discard")
    await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
    assert git(clone, "status", "--porcelain", "--", FOLDER).strip() == ""  # the index went back to HEAD too
    await pilot.press("escape")
    assert isinstance(app.screen, MainScreen)


async def test_undo_of_a_discard_stages_the_story_again_and_redo_unstages_it(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed, staged, working = half_staged(a)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await discard_from_the_changes_screen(pilot, app, a, committed)
        at_head = staged_entry(a)
        assert at_head == entry_of(a, committed)
        await pilot.press("u")
        await settle(pilot)
        assert (a / PATH).read_bytes() == working
        await until(pilot, lambda: staged_entry(a) == entry_of(a, staged), GIT_WAIT, seen=lambda: staged_entry(a))
        assert any(m.startswith("Undid: Discarded the change of") and "staging it again as it was" in m
                   for m in messages(app)), messages(app)  # fmt: skip
        assert git(a, "status", "--porcelain", "--", FOLDER).startswith("MM ")  # staged and more in the file
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert (a / PATH).read_bytes() == committed
        await until(pilot, lambda: staged_entry(a) == at_head, GIT_WAIT, seen=lambda: staged_entry(a))
        assert not any(m.startswith("Not ") for m in messages(app)), messages(app)


async def test_undo_leaves_an_index_changed_since_alone_and_says_so(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed, _, working = half_staged(a)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await discard_from_the_changes_screen(pilot, app, a, committed)
        # Meanwhile someone stages another version of the story with git.
        other = committed.replace(b'title: "Massachusetts', b'title: "Staged elsewhere: Massachusetts', 1)
        git(a, "update-index", "--cacheinfo", f"100644,{blob(a, other)},{PATH}")
        await pilot.press("u")
        await settle(pilot)
        assert (a / PATH).read_bytes() == working  # the file comes back all the same
        await until(
            pilot,
            lambda: any("Not staged again:" in m and "the git index changed since" in m for m in messages(app)),
            GIT_WAIT,
            seen=lambda: messages(app),
        )
        assert staged_entry(a) == entry_of(a, other)  # left as the other editor staged it


async def test_redo_leaves_an_index_changed_since_alone_and_gives_the_right_advice(site: Site) -> None:
    """Redo would unstage again; when someone staged meanwhile it leaves the index and
    says how to unstage (the trial read "git add stages it" after a redo)."""
    a = site.clone("a", "Alice")
    committed, staged, _ = half_staged(a)
    advice = "(git restore --staged unstages it)"
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await discard_from_the_changes_screen(pilot, app, a, committed)
        await pilot.press("u")
        await settle(pilot)
        await until(pilot, lambda: staged_entry(a) == entry_of(a, staged), GIT_WAIT, seen=lambda: staged_entry(a))
        other = committed.replace(b'title: "Massachusetts', b'title: "Staged elsewhere: Massachusetts', 1)
        git(a, "update-index", "--cacheinfo", f"100644,{blob(a, other)},{PATH}")
        await pilot.press("ctrl+r")
        await settle(pilot)
        await until(
            pilot,
            lambda: any("Not unstaged again:" in m and advice in m for m in messages(app)),
            GIT_WAIT,
            seen=lambda: messages(app),
        )
        assert staged_entry(a) == entry_of(a, other)


async def test_undoing_the_discard_from_the_session_edits_stages_it_again_too(site: Site) -> None:
    """`L`, an earlier step undone alone: the discard's undo follows the same path."""
    a = site.clone("a", "Alice")
    committed, staged, working = half_staged(a)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await discard_from_the_changes_screen(pilot, app, a, committed)
        assert app.main.articles.select(S3)
        await pilot.pause()
        await pilot.press("p")  # a later edit: another story toggled
        await settle(pilot)
        await pilot.press("L")
        await until(pilot, lambda: len(getattr(app.screen, "steps", ())) == 2, 5)
        assert app.screen.steps[1].label.startswith("Discarded the change of")  # type: ignore[attr-defined]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert (a / PATH).read_bytes() == working
        await until(pilot, lambda: staged_entry(a) == entry_of(a, staged), GIT_WAIT, seen=lambda: staged_entry(a))
