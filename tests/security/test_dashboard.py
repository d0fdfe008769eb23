"""The dashboard with every attack of issue #13 in its folder at once: each hostile file
is a problem named by file, the duplicate pass finishes, and keys are answered."""

from __future__ import annotations

import io
import shutil
import time
from pathlib import Path

from rich.console import Console

from tests.helpers.pilot import ready, until
from tests.security.hostile import everything, story
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.detail import DetailPane

KEY_BOUND = 0.5  # seconds for the detail pane to follow a cursor key (was 9-17 s)


async def test_a_one_megabyte_headline_is_drawn_from_a_bounded_prefix(tmp_path: Path) -> None:
    """Attack 10: every cursor move onto or off that story froze the dashboard 9-17 s."""
    (tmp_path / "long.md").write_bytes(story("Headline " * 120_000, extra="topics: [" + "t, " * 5000 + "t]\n"))
    (tmp_path / "short.md").write_bytes(story("A short one", url="https://example.com/short"))
    app = NewsdeskApp(str(tmp_path))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        detail = app.main.query_one("#detail", DetailPane)
        console = Console(width=80, file=io.StringIO(), color_system=None)
        start = time.perf_counter()
        lines = console.render_lines(detail.render_story(app.store.stories["long.md"]), console.options)
        assert time.perf_counter() - start < 0.5
        text = "\n".join("".join(segment.text for segment in line) for line in lines)
        assert len(text) < 40_000 and "… and 4951 more" in text
        articles = app.main.articles
        for key in "jkjk":
            start = time.perf_counter()
            await pilot.press(key)
            await until(pilot, lambda: detail.story_id == articles.current, timeout=5)
            assert time.perf_counter() - start < KEY_BOUND


async def test_dashboard_answers_keys_with_every_hostile_file_in_the_folder(tmp_path: Path) -> None:
    root = tmp_path / "stories"
    root.mkdir()
    expected = everything(tmp_path, root)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        problems = {sid: " ".join(p.message for p in found) for sid, found in app.store.problems.items()}
        for sid, word in expected.items():
            assert word in problems.get(sid, ""), (sid, problems.get(sid))
        assert "headline.md" in app.store.stories and len(app.dupes.clusters()) == 1
        assert any("unreadable lines" in p for p in app.dupes.problems)
        articles = app.main.articles
        detail = app.main.query_one("#detail", DetailPane)
        slowest = 0.0
        for key in ["j"] * (len(articles.ids) - 1) + ["k"] * (len(articles.ids) - 1):
            start = time.perf_counter()
            await pilot.press(key)
            await until(pilot, lambda: detail.story_id == articles.current, timeout=5)
            slowest = max(slowest, time.perf_counter() - start)
        assert slowest < KEY_BOUND, f"a cursor key took {slowest:.2f} s"


async def test_folder_deleted_and_made_again_comes_back_on_the_dashboard(tmp_path: Path) -> None:
    """Attack 11: the dashboard stayed at 0 stories until a restart."""
    root = tmp_path / "stories"
    root.mkdir()
    (root / "first.md").write_bytes(story("First"))
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot)
        assert sorted(app.store.stories) == ["first.md"]
        shutil.rmtree(root)
        await until(pilot, lambda: not app.store.stories, timeout=5)
        root.mkdir()
        (root / "again.md").write_bytes(story("Back again"))
        await until(pilot, lambda: sorted(app.store.stories) == ["again.md"], timeout=5)
        await until(pilot, lambda: app.main.articles.ids == ["again.md"], timeout=5)
