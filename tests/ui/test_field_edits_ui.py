"""Issue 16 in the dashboard, by real key presses, asserting on the files' bytes.

Topics on marked stories (a block list and a flow list) and undo; a rename in the
topics view with its preview; a headline typed with quotes, a colon and a `#`; and
$EDITOR set to a script that edits the file, whose change shows in the detail pane.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.screen import Screen
from textual.widgets import Input, Static

from tests.helpers.pilot import ready, settle, until
from tui.core.format.frontmatter import parse
from tui.core.model import Story
from tui.ui.app import NewsdeskApp
from tui.ui.screens.edit_prompts import ConfirmPrompt, TextPrompt
from tui.ui.screens.main import MainScreen
from tui.ui.screens.topics import TopicsScreen
from tui.ui.widgets.detail import DetailPane

# Newest first on the seeds: 002, 000, 001, 003, 004.
S002 = "002_ec13f126c5df086c.txt"
S000 = "000_8dcd983ef76e6965.txt"
BLOCK = b"topics:\n  - Computer Vision\n  - AI\n"
FLOW = b"topics: [Computer Vision, AI]  # from the feed\n"


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def story(app: NewsdeskApp, sid: str) -> Story:
    found = app.store.get(sid)
    assert found is not None
    return found


def top(app: NewsdeskApp) -> Screen[Any]:
    """The screen on top (a function, so each look is fresh to the type checker too)."""
    return app.screen


async def type_text(pilot: object, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)  # type: ignore[attr-defined]


async def test_add_a_topic_to_two_marked_stories_then_undo(seeds_copy: Path) -> None:
    flow = seeds_copy / S002
    flow.write_bytes(flow.read_bytes().replace(BLOCK, FLOW))
    original = snapshot_bytes(seeds_copy)
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert list(app.main.articles.ids)[:2] == [S002, S000]
        await pilot.press("space", "space")  # marks 002 (flow list) and 000 (block list)
        await pilot.press("a")
        assert isinstance(app.screen, TextPrompt)
        await type_text(pilot, "Privacy: Law")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        after = snapshot_bytes(seeds_copy)
        assert after[S002] == original[S002].replace(
            FLOW, b"topics: [Computer Vision, AI, 'Privacy: Law']  # from the feed\n"
        )
        assert after[S000] == original[S000].replace(BLOCK, BLOCK + b"  - 'Privacy: Law'\n")
        assert {n for n in original if original[n] != after[n]} == {S002, S000}
        assert story(app, S000).topics == ("Computer Vision", "AI", "Privacy: Law")
        assert app.main.articles.marked == set()  # a bulk edit clears the marks, as `p` does

        await pilot.press("u")  # one undo step for both files
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == original


async def test_rename_a_topic_in_the_topics_view_after_its_preview(seeds_copy: Path) -> None:
    original = snapshot_bytes(seeds_copy)
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("number_sign")
        assert isinstance(app.screen, TopicsScreen)
        assert app.screen.names == ["AI", "Computer Vision"]
        assert app.screen.current == "AI"
        await pilot.press("r")
        prompt = top(app)
        assert isinstance(prompt, TextPrompt) and prompt.query_one(Input).value == "AI"
        await pilot.press("ctrl+u")
        await type_text(pilot, "A.I.")
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmPrompt)
        assert app.screen.preview == "Rename 'AI' to 'A.I.': 5 stories"
        shown = app.screen.query_one("#preview", Static).render()
        assert "Rename 'AI' to 'A.I.': 5 stories" in str(shown)
        await pilot.press("enter")
        await settle(pilot)
        topics = top(app)
        assert isinstance(topics, TopicsScreen)
        await until(pilot, lambda: topics.names == ["A.I.", "Computer Vision"], 5)
        for name, old in original.items():
            assert (seeds_copy / name).read_bytes() == old.replace(b"\n  - AI\n", b"\n  - A.I.\n", 1)
        await pilot.press("u")  # undo from the topics view: every byte back
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == original
        await until(pilot, lambda: topics.names == ["AI", "Computer Vision"], 5)


async def test_headline_with_quotes_a_colon_and_a_hash_reads_back_identically(seeds_copy: Path) -> None:
    original = snapshot_bytes(seeds_copy)
    headline = "He said \"no\": it's #1 & 'done'"
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.main.articles.current == S002
        await pilot.press("h")
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value == story(app, S002).title
        await pilot.press("ctrl+u")
        await type_text(pilot, headline)
        await pilot.press("enter")
        await settle(pilot)
        assert story(app, S002).title == headline
        after = snapshot_bytes(seeds_copy)
        assert parse(after[S002]).data["title"] == headline
        old_lines, new_lines = original[S002].split(b"\n"), after[S002].split(b"\n")
        assert len(old_lines) == len(new_lines)
        changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
        assert len(changed) == 1 and changed[0][0].startswith(b"title: ") and changed[0][1].startswith(b"title: ")
        assert {n for n in original if original[n] != after[n]} == {S002}
        # escape cancels: nothing written
        await pilot.press("x")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("ctrl+u", "z", "escape")
        await settle(pilot)
        assert snapshot_bytes(seeds_copy) == after


async def test_editor_from_the_environment_edits_the_file_and_the_detail_pane_shows_it(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\n"
        "import pathlib, sys\n"
        "p = pathlib.Path(sys.argv[1])\n"
        "raw = p.read_bytes()\n"
        "start = raw.index(b'\\ntitle: ') + 1\n"
        "end = raw.index(b'\\n', start)\n"
        "p.write_bytes(raw[:start] + b'title: Fixed in my editor' + raw[end:])\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    original = snapshot_bytes(seeds_copy)
    app = NewsdeskApp(str(seeds_copy), watch=False)  # the re-read is the editor's own, not the watcher's
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert app.main.articles.current == S002
        await pilot.press("E")
        await until(pilot, lambda: story(app, S002).title == "Fixed in my editor", 5)
        detail = app.main.query_one(DetailPane)

        def shown() -> str:
            console = Console(width=200, record=True, file=io.StringIO())
            console.print(detail._body.content)
            return console.export_text()

        await until(pilot, lambda: "Fixed in my editor" in shown(), 5, seen=shown)
        after = snapshot_bytes(seeds_copy)
        assert {n for n in original if original[n] != after[n]} == {S002}

        monkeypatch.delenv("EDITOR")
        await pilot.press("E")
        await pilot.pause()
        assert any("$EDITOR" in n.message for n in app._notifications)
