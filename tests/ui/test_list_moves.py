"""j / k / g / G move in every list-like screen, as README and help say (a fresh
editor's trial: `L j enter` undid the newest edit, `F j j enter` opened "Set type").

Real keys through Pilot; the files say which edit was undone or which field was set.
The git screens' lists (changes, history, conflicts) are held in tests/git/test_git_screens_trial.py.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.list_moves import move_bindings
from tui.ui.screens.prompts import ChoicePrompt, TextPrompt
from tui.ui.screens.session_edits import SessionEditsScreen

S0, S1, S2 = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt", "002_ec13f126c5df086c.txt"


def published(folder: Path, name: str) -> bool:
    return "\npublished: true" in (folder / name).read_text(encoding="utf-8")


async def test_session_edits_move_with_j_k_g_G(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        first = app.main.articles.current
        assert first == S2  # newest first in the default view
        await pilot.press("p")  # S2 published
        await settle(pilot)
        await pilot.press("j", "p")  # S0 unpublished
        await settle(pilot)
        await pilot.press("j", "p")  # S1 published
        await settle(pilot)
        assert published(seeds_copy, S2) and not published(seeds_copy, S0) and published(seeds_copy, S1)
        await pilot.press("L")
        screen = app.screen
        assert isinstance(screen, SessionEditsScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == 3 and options.highlighted == 0
        await pilot.press("j", "enter")  # the second newest: S0's unpublish, undone alone
        await until(pilot, lambda: options.option_count == 2, 5)
        assert published(seeds_copy, S0) and published(seeds_copy, S2) and published(seeds_copy, S1)
        await pilot.press("G")
        assert options.highlighted == 1
        await pilot.press("g")
        assert options.highlighted == 0
        await pilot.press("G", "k", "G", "enter")  # the oldest: S2's publish
        await until(pilot, lambda: options.option_count == 1, 5)
        assert not published(seeds_copy, S2) and published(seeds_copy, S0) and published(seeds_copy, S1)


async def test_field_picker_moves_with_j_and_a_remapped_key(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("F")
        assert isinstance(app.screen, ChoicePrompt)
        await pilot.press("j", "j", "enter")  # type, category, quality
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and prompt._label.startswith("Set quality of ")
        await pilot.press("escape")
        await pilot.press("F", "G", "enter")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and prompt._label.startswith("Set heat of ")
        await pilot.press("escape")
        await pilot.press("F", "G", "k", "k", "g", "j", "enter")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and prompt._label.startswith("Set category of ")
        await pilot.press("escape")
        app.set_keymap({"choice.down": "n"})  # as a [keymap] table sets it: the id, not the key
        await pilot.press("F", "n", "n", "n", "enter")
        prompt = app.screen
        assert isinstance(prompt, TextPrompt) and prompt._label.startswith("Set heat of ")


def test_move_bindings_carry_their_own_ids() -> None:
    ids = [b.id for b in move_bindings("session", "edit")]
    assert ids == ["session.down", "session.up", "session.first", "session.last"]
