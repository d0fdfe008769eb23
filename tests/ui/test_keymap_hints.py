"""Keys written in a dialog's words are the keys in force: a `[keymap]` that remaps a
dialog's keys changes its hint and the new key works; a remapped key that lands on
another binding of the same screen is refused (keeps its default) and nothing is lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import DataTable

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.core.format.decode import parse_story
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import DuplicatesScreen
from tui.ui.screens.problems import ProblemsScreen


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
