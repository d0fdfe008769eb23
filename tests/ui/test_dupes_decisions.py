"""Issue 17 with real keys: a decision changes only what the editor decided, decided
duplicates stay visible, `p` asks before republishing one, `u` shows the reopened
suggestion, and the review reads well."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.core.format.decode import parse_story
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import DuplicatesScreen, member_text
from tui.ui.screens.prompts import ConfirmPrompt
from tui.ui.widgets.detail import DetailPane

HEADLINE = "Provance Releases ServiceTeam, a New IT Service Management Suite for Microsoft Dynamics 365"
OPENING = (
    "Provance Technologies today announced the release of ServiceTeam, an IT service management suite "
    "built natively on Microsoft Dynamics 365 for service desks of every size."
)
CEO = "&#8220;Service desks wanted one place to work,&#8221; said Mike Sullivan,\x0d chief executive of Provance."
OTHER = "The streaming company will pay $20 million for a predictive policing tool for veterans, its chief said."
STORIES = {
    "a.md": Spec(HEADLINE, CEO, 0, "Digital Journal", "digitaljournal.com", published="false"),
    "b.md": Spec("RE-TRANSMISSION: " + HEADLINE, OPENING, 5, "EIN Presswire", "einpresswire.com", published="false"),
    "c.md": Spec(HEADLINE, OPENING, 50, "Digital Journal", "digitaljournal.com", published="false"),
    "d.md": Spec("Spotify Strikes $20 Million Deal for Predictive Policing", OTHER, 300, "Bloomberg", "bloomberg.com"),
    "e.md": Spec(
        "UPDATE 1-Spotify Strikes $20 Million Deal for Predictive Policing", OTHER, 303, "Reuters", "reuters.com"
    ),
}


def make_folder(root: Path) -> Path:
    for sid, spec in STORIES.items():
        (root / sid).write_bytes(render(spec, sid))
    return root


def flags(root: Path) -> dict[str, bool]:
    out = {}
    for sid in STORIES:
        story, _ = parse_story(sid, (root / sid).read_bytes())
        assert story is not None
        out[sid] = story.published
    return out


def review(app: NewsdeskApp) -> DuplicatesScreen:
    screen = app.screen
    assert isinstance(screen, DuplicatesScreen)
    return screen


async def open_release(pilot: object, app: NewsdeskApp) -> DuplicatesScreen:
    await ready(pilot, dupes=True)
    await pilot.press("d")  # type: ignore[attr-defined]
    screen = review(app)
    while screen.cluster is not None and "a.md" not in screen.cluster.ids:
        await pilot.press("n")  # type: ignore[attr-defined]
    assert screen.cluster is not None and set(screen.cluster.ids) == {"a.md", "b.md", "c.md"}
    return screen


async def test_all_unpublished_then_m_publishes_nothing_and_says_what_it_wrote(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    before = {sid: (root / sid).read_bytes() for sid in STORIES}
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_release(pilot, app)
        assert screen.canonical(screen.cluster) == "a.md"  # no prefix, the original outlet
        await pilot.press("m")
        await settle(pilot)
        assert flags(root) == {"a.md": False, "b.md": False, "c.md": False, "d.md": True, "e.md": True}
        assert {sid: (root / sid).read_bytes() for sid in STORIES} == before  # nothing needed writing
        assert "nothing published" in screen.last_message or "left unpublished" in screen.last_message
        assert "stays published" not in screen.last_message
        # Publishing the kept copy is its own choice, on the same screen.
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("P")
        await settle(pilot)
        assert flags(root)["a.md"] is True and flags(root)["b.md"] is False


async def test_decided_copies_keep_a_marker_a_detail_line_and_a_filter(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_release(pilot, app)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: app.store.decided == {"b.md", "c.md"}, 5, seen=lambda: app.store.decided)
        articles = app.main.articles
        await until(pilot, lambda: articles.render_line(articles.index_of("b.md") + 1).text[4] == "≡", 5)
        assert articles.render_line(articles.index_of("a.md") + 1).text[4] == " "  # the kept copy
        pane = app.main.query_one(DetailPane)
        console = Console(width=200, record=True, file=io.StringIO())
        console.print(pane.render_story(app.store.stories["c.md"]))
        detail = console.export_text()
        assert "duplicate of “Provance Releases ServiceTeam" in detail and "decided" in detail
        console.print(pane.render_story(app.store.stories["a.md"]))
        assert console.export_text().count("duplicate of") == 0  # the kept copy is no duplicate
        for _ in range(4):
            await pilot.press("f")
        assert app.main.query_state.state == "decided"
        assert sorted(articles.ids) == ["b.md", "c.md"]


async def test_p_on_a_decided_duplicate_asks_first(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
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
        await pilot.press("n")
        await settle(pilot)
        assert flags(root)["b.md"] is False
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, ConfirmPrompt), 5)
        await pilot.press("y")
        await settle(pilot)
        assert flags(root)["b.md"] is True
        # An ordinary story publishes and unpublishes without a question.
        app.main.articles.select("d.md")
        await pilot.pause()
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmPrompt) and flags(root)["d.md"] is False


async def test_after_u_the_reopened_suggestion_is_shown(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_release(pilot, app)
        release = screen.cluster.key  # type: ignore[union-attr]
        await pilot.press("m")
        await settle(pilot)
        assert screen.cluster is not None and screen.cluster.key != release  # moved on to the other
        await pilot.press("u")
        await settle(pilot)
        await until(pilot, lambda: screen.cluster is not None and screen.cluster.key == release, 5)


async def test_why_tells_pairs_apart_and_excerpts_read_as_text(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await open_release(pilot, app)
        why = str(screen.query_one("#why").render())
        assert "RE-TRANSMISSION:" in why and "headline 100, excerpts differ" in why
        assert "rare words:" in why and "kept:" in why
        members = member_text(app.store.stories["a.md"], None).plain
        assert "“Service desks wanted one place to work,” said Mike Sullivan,\n chief executive" in members
        assert "&#8220;" not in members and "\\x0d" not in members
