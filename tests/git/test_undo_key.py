"""The git screens' undo is a binding like any other: a [keymap] moves it, and the
discard's confirmation names the key in force (it said "u undoes it" whatever the
keymap). The command line, with no desk to undo anything, says nothing of undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.git.site import FOLDER, S3, Site, git, story, toggle
from tests.helpers.pilot import ready, settle, until
from tui.core.git import GitProblem, story_changes
from tui.core.git.repo import locate
from tui.desk.discard import question
from tui.ui.app import NewsdeskApp
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import Confirm
from tui.ui.widgets.desk_footer import DeskFooter

GIT_WAIT = 30.0


def keymap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    (home / "newsdesk" / "config.toml").write_text(f"[keymap]\n{table}\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))


async def test_remapped_undo_undoes_a_discard_and_the_confirmation_names_it(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keymap(tmp_path, monkeypatch, '"changes.undo" = "z"\n"changes.commit" = "C"')
    a = site.clone("a", "Alice")
    toggle(a, S3, False)
    toggled = story(a, S3)
    committed = git(a, "show", f"HEAD:{FOLDER}/{S3}").encode()
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 1, GIT_WAIT, what="the changes to load")
        head = str(screen.query_one("#changes-head").render())
        assert "none selected: C takes all" in head, head
        footer = screen.query_one(DeskFooter)
        await until(pilot, lambda: any(k.key_display == "z" for k in footer.shown_keys()), 3)
        await pilot.press("x")
        confirm = app.screen
        assert isinstance(confirm, Confirm)
        assert confirm.question.endswith("back to the committed file. z undoes it while the desk is open.")
        assert "u undoes" not in confirm.question
        await pilot.press("y")
        await until(pilot, lambda: story(a, S3) == committed, GIT_WAIT, what="the discard")
        await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
        await pilot.press("u")  # no longer the undo key here
        await settle(pilot)
        assert story(a, S3) == committed
        await pilot.press("z")
        await settle(pilot)
        assert story(a, S3) == toggled
        await until(pilot, lambda: len(screen.changes) == 1, GIT_WAIT, what="the change listed again")


def test_the_command_lines_question_says_nothing_of_undo(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S3, False)
    repo = locate(str(a / FOLDER))
    assert not isinstance(repo, GitProblem)
    changes = story_changes(repo, ids=[S3])
    assert not isinstance(changes, GitProblem) and len(changes) == 1
    text, _ = question(changes)
    assert text.endswith("back to the committed file.") and "undo" not in text
    text, _ = question(changes, undo_key="ctrl+z")
    assert text.endswith("ctrl+z undoes it while the desk is open.")
