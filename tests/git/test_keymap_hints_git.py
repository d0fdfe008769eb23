"""The changes screen's discard dialog names the yes / no keys in force: with
`"gitconfirm.yes" = "Y"` it reads `Y: yes`, `y` does nothing and `Y` discards."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.git.site import FOLDER, S0, Site
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import Confirm
from tui.ui.screens.git.history import HistoryScreen

GIT_WAIT = 30.0


def user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> None:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    (home / "newsdesk" / "config.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))


async def test_discard_confirmation_with_remapped_keys(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config(
        monkeypatch,
        tmp_path,
        '[keymap]\n"gitconfirm.yes" = "Y"\n"gitconfirm.no" = "escape,ctrl+g"\n"history.restore" = "R"\n',
    )
    a = site.clone("a", "Alice")
    committed = (a / FOLDER / S0).read_bytes()
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        assert app.main.articles.select(S0)
        await pilot.pause()
        await pilot.press("p")
        await settle(pilot)
        toggled = (a / FOLDER / S0).read_bytes()
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: screen.changes, GIT_WAIT, what="the changes to load")
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        keys = str(app.screen.query_one("#confirm-keys", Static).render())
        assert keys == "Y: yes · esc / ctrl+g: no"  # was "y: yes · n / escape: no"
        await pilot.press("y", "n")  # not this dialog's keys any more
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and (a / FOLDER / S0).read_bytes() == toggled
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.screen is screen and (a / FOLDER / S0).read_bytes() == toggled
        await pilot.press("x")
        assert isinstance(app.screen, Confirm)
        await pilot.press("Y")
        await until(pilot, lambda: (a / FOLDER / S0).read_bytes() == committed, GIT_WAIT, what="the discard")
        await pilot.press("escape")
        await settle(pilot)
        # The story history's heading names its set-back key in force too.
        await pilot.press("H")
        history = app.screen
        assert isinstance(history, HistoryScreen)
        await until(
            pilot,
            lambda: "sets published back" in " ".join(str(s.render()) for s in history.query(Static)),
            GIT_WAIT,
            what="the history to load",
        )
        words = " ".join(str(s.render()) for s in history.query(Static))
        assert "· R sets published back" in words, words
