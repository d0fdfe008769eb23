"""Keys written in a dialog's words are the keys in force: a `[keymap]` that remaps a
dialog's keys changes its hint and the new key works; a remapped key that lands on
another binding of the same screen is refused (keeps its default) and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Input, Static

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.core.format.decode import parse_story
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import DuplicatesScreen
from tui.ui.screens.problems import ProblemsScreen
from tui.ui.screens.prompts import ChoicePrompt, ConfirmPrompt, TextPrompt


def user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> Path:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    path = home / "newsdesk" / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return path


def two_clusters(root: Path) -> Path:
    """Two suggestions: a.md/b.md and e.md/f.md."""
    root.mkdir()
    excerpt = "The streaming company will pay $20 million for a predictive policing tool, its chief said."
    specs = {
        "a.md": Spec("Spotify Strikes $20 Million Deal for Policing", excerpt, 0, "Bloomberg", "bloomberg.com"),
        "b.md": Spec("UPDATE 1-Spotify Strikes $20 Million Deal for Policing", excerpt, 3, "Reuters", "reuters.com"),
    }
    for i, sid in enumerate(("e.md", "f.md")):
        specs[sid] = Spec(
            "Volcano erupts near Reykjavik, flights grounded",
            "Ash clouds closed the airport on Tuesday.",
            i * 2,
            f"Wire {i}",
            f"wire{i}.com",
        )
    for sid, spec in specs.items():
        (root / sid).write_bytes(render(spec, sid))
    return root


def published(path: Path) -> bool:
    story, _ = parse_story(path.name, path.read_bytes())
    assert story is not None
    return story.published


def highlighted_prompt(app: NewsdeskApp) -> str:
    try:
        options = app.screen.query_one(CommandList)
    except Exception:
        return ""
    at = options.highlighted
    return "" if at is None else str(options.get_option_at_index(at).prompt)


async def test_a_remap_onto_another_bindings_key_is_refused_and_next_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = user_config(monkeypatch, tmp_path, '[keymap]\n"dupes.mark" = "n"\n')
    root = two_clusters(tmp_path / "folder")
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        (problem,) = [p for p in app.settings.problems if p.key == "keymap.dupes.mark"]
        assert problem.file == str(path) and problem.line == 2
        assert "dupes.next" in problem.message and "ignored" in problem.message
        assert "keeps its default m" in problem.message
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen) and len(screen.queue) == 2
        first = screen.cluster.key
        # n is still Next (it did not mark), by key...
        await pilot.press("n")
        assert screen.cluster.key != first
        assert all(published(root / sid) for sid in ("a.md", "b.md", "e.md", "f.md"))
        await pilot.press("N")
        assert screen.cluster.key == first
        # ...and in the palette.
        await pilot.press("ctrl+p")
        await pilot.press(*"next")
        await until(
            pilot,
            lambda: highlighted_prompt(app).startswith("Next"),
            timeout=5,
            what="the palette to offer Next",
            seen=lambda: highlighted_prompt(app),
        )
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen, timeout=5, what="the palette to close")
        await until(pilot, lambda: screen.cluster.key != first, timeout=5, what="Next from the palette")
        # Mark kept its default key m.
        await pilot.press("m")
        await settle(pilot)
        assert sum(not published(root / sid) for sid in ("a.md", "b.md", "e.md", "f.md")) == 1
        await pilot.press("escape", "e")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        rows = [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("keymap.dupes.mark" in r and "keeps its default m" in r for r in rows), rows


def hint(app: NewsdeskApp) -> str:
    return str(app.screen.query_one(".prompt-hint", Static).render())


async def test_the_republish_confirmation_names_the_remapped_yes_key_and_takes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_dupes_decisions import flags, make_folder, open_release

    user_config(monkeypatch, tmp_path, '[keymap]\n"confirm.yes" = "Y"\n"confirm.no" = "escape,ctrl+g"\n')
    (tmp_path / "folder").mkdir()
    root = make_folder(tmp_path / "folder")
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_release(pilot, app)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "b.md" in app.store.decided, 5)
        app.main.articles.select("b.md")
        await pilot.pause()
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmPrompt), 5)
        assert hint(app) == "Y applies · esc or ctrl+g cancels"  # was "enter or y applies · escape or n cancels"
        await pilot.press("y", "n")  # no longer this dialog's keys: it stays open, nothing written
        await settle(pilot)
        assert isinstance(app.screen, ConfirmPrompt) and flags(root)["b.md"] is False
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmPrompt) and flags(root)["b.md"] is False
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmPrompt), 5)
        await pilot.press("Y")
        await settle(pilot)
        assert flags(root)["b.md"] is True


async def test_the_field_picker_and_value_prompt_name_the_remapped_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config(
        monkeypatch,
        tmp_path,
        '[keymap]\n"choice.down" = "ctrl+n"\n"choice.cancel" = "ctrl+q"\n"ask.cancel" = "ctrl+g"\n',
    )
    root = tmp_path / "folder"
    root.mkdir()
    (root / "a.md").write_bytes(render(Spec("Food videos", quality=50), "a.md"))
    before = (root / "a.md").read_bytes()
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("F")
        await until(pilot, lambda: isinstance(app.screen, ChoicePrompt), 3)
        # was "j / k or arrows move · enter picks · escape cancels"
        assert hint(app) == "ctrl+n / k or arrows move · enter picks · ctrl+q cancels"
        await pilot.press("ctrl+n", "ctrl+n", "enter")  # type, category, quality
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
        assert "Set quality of" in str(app.screen.query_one(".prompt-label", Static).render())
        assert hint(app) == "a whole number · enter writes · ctrl+g cancels"
        field = app.screen.query_one(Input)
        await pilot.press("backspace", "backspace", *"high", "enter")
        await settle(pilot)
        error = str(app.screen.query_one("#prompt-error", Static).render())
        assert error.endswith("not 'high': fix it, or ctrl+g to cancel"), error
        assert isinstance(app.screen, TextPrompt) and field.value == "high"
        await pilot.press("ctrl+g")
        await until(pilot, lambda: not isinstance(app.screen, TextPrompt), 3)
        assert (root / "a.md").read_bytes() == before
        # The topic prompt says what enter does there, and the cancel key in force.
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, TextPrompt), 3)
        assert hint(app) == "→ takes the suggested topic · enter adds · ctrl+g cancels"
        await pilot.press("ctrl+g")
        await until(pilot, lambda: not isinstance(app.screen, TextPrompt), 3)
        assert (root / "a.md").read_bytes() == before


async def test_session_edits_heading_names_the_remapped_undo_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.ui.screens.session_edits import SessionEditsScreen

    user_config(monkeypatch, tmp_path, '[keymap]\n"session.undo" = "U"\n')
    root = tmp_path / "folder"
    root.mkdir()
    (root / "a.md").write_bytes(render(Spec("Food videos"), "a.md"))
    before = (root / "a.md").read_bytes()
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert (root / "a.md").read_bytes() != before
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, SessionEditsScreen), 3)
        title = str(app.screen.query_one("#session-title", Static).render())
        assert title.endswith("newest first · U undoes the highlighted one"), title  # was "enter undoes"
        await pilot.press("U")
        await until(pilot, lambda: (root / "a.md").read_bytes() == before, 5, what="the undo")
