"""The dashboard under a user's settings, driven by real key presses: a remapped key does the
work (file bytes), the old key does not, and help, footer and palette all name the new key;
the dashboard and `newsdesk dupes` tune duplicates from the same folder file; problems show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable
from textual.widgets._footer import FooterKey

from tests.helpers.pilot import ready, settle, until
from tui.cli.main import main
from tui.core.dupes.scoring import DedupeConfig
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.help import HelpScreen
from tui.ui.screens.problems import ProblemsScreen

NEWEST = "002_ec13f126c5df086c.txt"  # first in the list; unpublished
PUBLISH_TIP = "Publish or unpublish the marked stories shown, else the highlighted one"


def user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> Path:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    path = home / "newsdesk" / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return path


def footer_keys(app: NewsdeskApp) -> dict[str, str]:
    """Footer description -> the key it shows."""
    return {key.description: key.key_display for key in app.screen.query(FooterKey)}


def highlighted_prompt(app: NewsdeskApp) -> str:
    try:
        options = app.screen.query_one(CommandList)
    except Exception:
        return ""
    at = options.highlighted
    return "" if at is None else str(options.get_option_at_index(at).prompt)


async def test_remapped_publish_key_works_and_is_shown_everywhere(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_config(monkeypatch, tmp_path, '[keymap]\n"main.publish" = "P"\n')
    path = seeds_copy / NEWEST
    original = path.read_bytes()
    assert original.count(b"published: false") == 1
    published = original.replace(b"published: false", b"published: true")
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert app.settings.problems == ()
        assert app.main.articles.current == NEWEST
        # The new key toggles publish in the file...
        await pilot.press("P")
        await until(pilot, lambda: path.read_bytes() == published, timeout=10, what="P to publish the story")
        await settle(pilot)
        # ... and the old one no longer does.
        await pilot.press("p")
        await pilot.pause(0.2)
        await settle(pilot)
        assert path.read_bytes() == published
        assert "p" not in app.screen.active_bindings
        # Footer.
        await until(
            pilot,
            lambda: footer_keys(app).get("Publish") == "P",
            timeout=5,
            what="the footer to show P for Publish",
            seen=lambda: footer_keys(app),
        )
        # Help.
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        dashboard = dict(app.screen.sections)["Dashboard"]
        assert ("P", PUBLISH_TIP) in dashboard and ("p", PUBLISH_TIP) not in dashboard
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        # Palette: the command names the key in force, and runs the binding's action.
        await pilot.press("ctrl+p")
        await pilot.press(*"toggle publish")
        await until(
            pilot,
            lambda: "Toggle publish" in highlighted_prompt(app),
            timeout=5,
            what="the palette to offer Toggle publish",
            seen=lambda: highlighted_prompt(app),
        )
        prompt = highlighted_prompt(app)
        assert "(P)" in prompt and "(p)" not in prompt
        await pilot.press("enter")
        await until(pilot, lambda: path.read_bytes() == original, timeout=10, what="the palette to unpublish it")
        await settle(pilot)


async def test_dashboard_and_newsdesk_dupes_share_the_folders_dupes_settings(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (seeds_copy / ".newsdesk").mkdir()
    (seeds_copy / ".newsdesk" / "config.toml").write_text("[dupes]\nthreshold = 70\nwindow_days = 1.5\n")
    wanted = DedupeConfig(threshold=70.0, window_days=1.5)

    import tui.cli.dupes

    seen: list[object] = []
    real = tui.cli.dupes._config

    def spy(args: object) -> object:
        found = real(args)  # type: ignore[arg-type]
        seen.append(found)
        return found

    monkeypatch.setattr(tui.cli.dupes, "_config", spy)
    assert main(["dupes", str(seeds_copy), "--json"]) == 0
    assert main(["dupes", str(seeds_copy), "--json", "--threshold", "90"]) == 0
    assert seen == [wanted, DedupeConfig(threshold=90.0, window_days=1.5)]
    assert capsys.readouterr().err == ""

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, dupes=True)
        assert app.settings.dupes == wanted
        assert app.dupes.config == wanted


async def test_settings_problems_show_at_start_and_on_the_problems_screen(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = user_config(
        monkeypatch,
        tmp_path,
        '[ui]\nsort = "title"\ntheme = "nord"\n[dupes]\nthreshold = 101\n[keymap]\n"main.publish" = "s"\n',
    )
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        # What was good still applies: the theme, and the list sorted by title (A to Z).
        assert app.theme == "nord"
        assert (app.main.query_state.sort, app.main.query_state.descending) == ("title", False)
        titles = [app.store.get(sid).title.casefold() for sid in app.main.articles.ids]
        assert titles == sorted(titles)
        found = {(p.key, p.line) for p in app.settings.problems}
        assert found == {("dupes.threshold", 5), ("keymap.main.publish", 7)}
        clash = next(p for p in app.settings.problems if p.key == "keymap.main.publish")
        assert "main.sort" in clash.message and clash.file == str(path)
        notices = [n.message for n in app._notifications]
        assert any("2 settings problems" in m and f"{path}:5: dupes.threshold" in m for m in notices), notices
        await pilot.press("e")
        assert isinstance(app.screen, ProblemsScreen)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [str(path), "5", "settings"] == rows[0][:3] and rows[0][3].startswith("dupes.threshold: must be")
        assert len(rows) == 2


async def test_every_binding_of_the_screen_is_in_the_palette_with_its_key(seeds_copy: Path) -> None:
    from tui.desk.settings import BINDING_IDS
    from tui.ui.palette import MOVES

    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        helps = {c.title: c.help for c in app.get_system_commands(app.screen)}
        active = [a.binding for a in app.screen.active_bindings.values() if a.binding.id in BINDING_IDS]
        commands = [b for b in active if str(b.id).rpartition(".")[2] not in MOVES]
        # Every binding of the dashboard itself, and the app's that no screen key shadows
        # (Textual's screen keeps tab / shift+tab for itself).
        assert {b.id for b in commands} >= {b.id for b in MainScreen.BINDINGS}
        assert {b.id for b in commands} >= {"app.quit", "app.help", "app.problems", "app.duplicates", "list.mark"}
        for binding in commands:
            shown = app.get_key_display(binding)
            assert any(help_text.endswith(f"({shown})") for help_text in helps.values()), (binding.id, shown)
        assert helps["Toggle publish"].endswith("(p)") and helps["Redo"].endswith("(^r)")
        assert helps["Search stories"].endswith("(/)") and helps["Mark story"].endswith("(space)")
        assert list(helps).count("Quit") == 1 and helps["Quit"] == "Quit, after every write has finished (q)"
        assert "Clear filters" in helps and "Theme" in helps  # a command without a key; Textual's own
