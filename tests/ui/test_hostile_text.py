"""Untrusted titles, excerpts and provider names are shown literally and break nothing."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.pilot import palette_offers, ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen

HOSTILE = [
    ("a.md", r"[bold]Bold claim[/] and [/]", "[red]Red Wire[/red]"),
    ("b.md", r"[@click=app.quit]Click me[/]", "[link=https://evil.example]Evil[/link]"),
    ("c.md", r"[$accent]Theme var $accent[/]", "Prov $secondary"),
    ("d.md", r"\e[31mRed escape\e[0m and bell \a end", r"ANSI \e]8;;http://x\e\\Link"),
]


def story(title: str, provider: str) -> str:
    return (
        "---\n"
        f'title: "{title}"\n'
        f'excerpt: "Excerpt with [italic]markup[/italic] and \\e[2J clear-screen"\n'
        "publishedDateTime: 2024-01-02T03:04:05Z\n"
        'webUrl: "https://example.com/[x]"\n'
        "published: false\n"
        "provider:\n"
        f'  name: "{provider}"\n'
        "  domain: example.com\n"
        "---\n"
    )


def folder(tmp_path: Path) -> Path:
    for name, title, provider in HOSTILE:
        (tmp_path / name).write_text(story(title, provider), encoding="utf-8")
    # Unknown keys holding maps and lists are kept and shown; they must not break rows.
    nested = story("Nested unknown keys", "Plain").replace(
        "---\n", "---\nseo:\n  keywords: [a, b]\n  extra: {x: 1}\n", 1
    )
    (tmp_path / "e.md").write_text(nested, encoding="utf-8")
    return tmp_path


async def test_hostile_text_is_literal_everywhere(tmp_path: Path) -> None:
    root = folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert len(app.store) == 5, app.store.all_problems()
        articles = app.main.articles
        lines = [articles.render_line(y).text for y in range(1, 6)]
        text = "\n".join(lines)
        assert "[bold]Bold claim[/] and [/]" in text
        assert "[@click=app.quit]Click me[/]" in text
        assert "[$accent]Theme var $accent[/]" in text
        assert "\\x1b[31mRed escape\\x1b[0m" in text
        assert "\x1b" not in text and "\x07" not in text
        # The detail pane, for each story, shows the raw strings too.
        for _ in range(4):
            detail = app.main.query_one("#detail")
            rendered = detail._body.render()
            plain = rendered.plain if hasattr(rendered, "plain") else str(rendered)
            story_ = app.store.get(articles.current)
            assert story_ is not None
            assert "\x1b" not in plain
            await pilot.press("j")
        # Toggling a hostile story notifies with its title, literally, and the app keeps running.
        articles.select("b.md")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        messages = [n.message for n in app._notifications]
        assert any("[" in m for m in messages), messages
        # Rendering the whole screen (what the terminal gets) never carries a raw escape from data.
        svg = app.export_screenshot()
        assert "@click=app.quit" in svg and "\\x1b[31mRed" in svg
        # A click on the hostile row does not run its embedded action.
        await pilot.click(articles, offset=(40, 3))
        await pilot.pause()
        assert app.return_value is None


async def test_hostile_provider_in_the_command_palette_is_only_a_filter(tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(story("Quiet title", "[@click=app.quit]Evil [/] [$accent]"), encoding="utf-8")
    (tmp_path / "y.md").write_text(story("Other title", "Plain Wire"), encoding="utf-8")
    app = NewsdeskApp(str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"provider: evil")
        await palette_offers(pilot, "@click=app.quit")
        svg = app.export_screenshot()
        assert "@click=app.quit" in svg
        await pilot.press("enter")
        await until(pilot, lambda: app.main.query_state.provider is not None, timeout=3)
        assert app.return_value is None  # the "action" in the name did not run
        assert app.main.query_state.provider == "[@click=app.quit]Evil [/] [$accent]"
        assert app.main.articles.ids == ["x.md"]
