"""Issue 18, point 9: small terminals keep what matters, and cut nothing in half.

Each test reads what is on the screen (the compositor's lines, as a terminal shows
them), at 80x24 and narrower: the footer's keys whole and by importance, the status
line's filter and search, the duplicate review's Why and its top on reopening.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets._footer import FooterKey

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tests.storygen.generate import generate
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.desk_footer import DeskFooter, choose, key_width
from tui.ui.widgets.status_fit import fit, part

ESSENTIAL = ["quit", "help", "duplicates", "problems", "toggle_publish", "search", "command_palette"]


def lines(app: NewsdeskApp) -> list[str]:
    """The screen as the terminal shows it, one string per row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def footer(app: NewsdeskApp) -> tuple[str, list[FooterKey]]:
    """The footer's row and the keys it shows (leftmost first, the palette last)."""
    bar = app.screen.query_one(DeskFooter)
    return lines(app)[bar.region.y], bar.shown_keys()


def assert_whole(row: str, keys: list[FooterKey]) -> None:
    """Every key shown reads in full ("key description"), and nothing else is drawn:
    no fragment of a key that did not fit, no stray letter beside the palette."""
    rest = row
    for key in keys:
        label = f"{key.key_display} {key.description}" if key.description else key.key_display
        assert label in rest, (label, row)
        rest = rest.replace(label, " " * len(label), 1)
    assert set(rest) <= {" ", "▏"}, f"something cut in {row!r}: {rest.strip()!r}"


def drawn(app: NewsdeskApp) -> bool:
    """The footer's keys are on screen (they are recomposed a frame after a change)."""
    row, keys = footer(app)
    return bool(keys) and all(k.key_display in row and k.description in row for k in keys)


async def footer_drawn(pilot) -> tuple[str, list[FooterKey]]:
    app = pilot.app
    await until(pilot, lambda: drawn(app), 3, seen=lambda: footer(app)[0])
    row, keys = footer(app)
    assert_whole(row, keys)
    return row, keys


async def dashboard_footer(folder: Path, size: tuple[int, int]) -> tuple[str, list[str]]:
    app = NewsdeskApp(str(folder))
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        row, keys = await footer_drawn(pilot)
        return row, [k.action for k in keys]


@pytest.mark.parametrize(
    ("size", "wanted"),
    [((80, 24), ESSENTIAL), ((60, 20), ESSENTIAL[:6]), ((50, 20), ESSENTIAL[:5]), ((40, 20), ESSENTIAL[:4])],
    ids=["80x24", "60x20", "50x20", "40x20"],
)
async def test_dashboard_footer_keeps_essentials_whole(seeds_copy: Path, size: tuple[int, int], wanted) -> None:
    row, actions = await dashboard_footer(seeds_copy, size)
    assert actions[: len(wanted) - ("command_palette" in wanted)] == [a for a in wanted if a != "command_palette"]
    assert ("command_palette" in actions) == ("command_palette" in wanted), row
    assert row.startswith("q Quit ? Help d Duplicates e Problems"), row


async def test_footer_keys_come_from_the_keymap(seeds_copy: Path, tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    (home / "newsdesk" / "config.toml").write_text('[keymap]\n"app.quit" = "ctrl+q"\n"main.publish" = "P"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    row, _ = await dashboard_footer(seeds_copy, (80, 24))
    assert row.startswith("^q Quit ? Help"), row
    assert "P Publish" in row and " p Publish" not in row, row


def test_choose_drops_the_least_important_and_never_half_a_key() -> None:
    def key(display: str, description: str, action: str) -> FooterKey:
        return FooterKey(display, display, description, action)

    keys = [key("s", "Sort", "cycle_sort"), key("q", "Quit", "quit"), key("?", "Help", "help")]
    assert [k.action for k in choose(keys, 80, ("quit", "help"), True)] == ["quit", "help", "cycle_sort"]
    assert [k.action for k in choose(keys, 14, ("quit", "help"), True)] == ["quit", "help"]
    assert [k.action for k in choose(keys, 13, ("quit", "help"), True)] == ["quit"]  # "? Help" needs 7
    assert key_width(keys[0], compact=True) == len("s Sort") + 1  # its margin
    assert key_width(keys[0], compact=False) == len(" s Sort ")


# -- the status line -----------------------------------------------------------------------------
def test_fit_shortens_then_drops_then_cuts_with_a_sign() -> None:
    parts = [
        part(" 9/200", ranks=()),
        part(" · filter published", " · published", ranks=(5,)),
        part(" · sort date ↓", " · date ↓", ranks=(70, 40)),
        part(" · 155 published", ranks=(60,)),
        part(" · 50 with suspected duplicates", " · 50 suspected dups", ranks=(95, 50)),
    ]
    assert (
        fit(parts, 200).plain
        == " 9/200 · filter published · sort date ↓ · 155 published · 50 with suspected duplicates"
    )
    assert fit(parts, 80).plain == " 9/200 · filter published · sort date ↓ · 155 published · 50 suspected dups"
    assert fit(parts, 50).plain == " 9/200 · filter published · date ↓"
    assert fit(parts, 30).plain == " 9/200 · filter published"
    assert fit(parts, 15).plain == " 9/200 · publi…"
    with pytest.raises(ValueError):
        part("a", "b", ranks=(1, 2))
    assert isinstance(fit([], 10), Text)


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    """200 generated stories with the seeds: duplicates, problems, a long status line."""
    from tests.helpers.paths import SEEDS

    folder = tmp_path / "gen"
    generate(str(folder), 200, seed=3, seeds_dir=str(SEEDS))
    return folder


async def test_header_fits_80_and_keeps_filter_and_search_at_50(generated: Path) -> None:
    app = NewsdeskApp(str(generated))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot, dupes=True)
        await until(pilot, lambda: "suspected" in lines(app)[0], 5, seen=lambda: lines(app)[0])
        top = lines(app)[0].rstrip()
        assert "suspected dups" in top and "…" not in top, top  # the words whole, not "suspected"
        assert "problem" in top, top
        await pilot.press("f", "slash", *"teams", "enter")
        await until(pilot, lambda: app.main.query_state.text == "teams" and app.main.result_complete, 5)
        for width, wanted in ((80, "filter published · search “teams”"), (50, "filter published · search “teams”")):
            await pilot.resize_terminal(width, 20)
            await pilot.pause(0.2)
            top = lines(app)[0]
            assert wanted in top, (width, top)
            assert "…" not in top, top
        await pilot.resize_terminal(36, 20)
        await pilot.pause(0.2)
        assert lines(app)[0].startswith(" ") and "published · “teams”" in lines(app)[0], lines(app)[0]
        await footer_drawn(pilot)


# -- the duplicate review ------------------------------------------------------------------------
EXCERPT = (
    "The streaming company will pay $20 million for a predictive policing tool for veterans, "
    "its chief said on Tuesday, after months of talks with three cities and their police unions."
)
COPIES = {
    "a.md": Spec("Spotify Strikes $20 Million Deal for Predictive Policing", EXCERPT, 0, "Bloomberg", "bloomberg.com"),
    "b.md": Spec(
        "UPDATE 1-Spotify Strikes $20 Million Deal for Predictive Policing", EXCERPT, 2, "Reuters", "reuters.com"
    ),
    "c.md": Spec("Spotify strikes $20 million deal for predictive policing", EXCERPT, 3, "AP", "apnews.com"),
    "d.md": Spec("Spotify Strikes $20 Million Deal for Predictive Policing Tool", EXCERPT, 5, "Axios", "axios.com"),
}


def copies_folder(root: Path) -> Path:
    for sid, spec in COPIES.items():
        (root / sid).write_bytes(render(spec, sid))
    return root


async def open_review(pilot, app: NewsdeskApp) -> None:
    await ready(pilot, dupes=True)
    await pilot.press("d")
    await until(pilot, lambda: app.screen.id == "duplicates" and app.screen.cluster is not None, 5)
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_review_footer_keeps_back_undo_and_decisions_whole(tmp_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(str(copies_folder(tmp_path)))
    async with app.run_test(size=size) as pilot:
        await open_review(pilot, app)
        row, keys = await footer_drawn(pilot)
        actions = [k.action for k in keys]
        assert actions[:5] == ["app.pop_screen", "undo", "mark", "distinct", "next"], row
        if size[0] >= 80:
            assert {"publish_kept", "choose", "help"} <= set(actions), row


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_review_stacks_copies_and_shows_why_without_scrolling(tmp_path: Path, size: tuple[int, int]) -> None:
    app = NewsdeskApp(str(copies_folder(tmp_path)))
    async with app.run_test(size=size) as pilot:
        await open_review(pilot, app)
        assert len(app.screen.cluster.ids) == 4
        shown = lines(app)
        keep = next(i for i, line in enumerate(shown) if "★ keep" in line)
        assert "unpublish  best match" not in shown[keep]  # stacked: one copy under another
        why = next((i for i, line in enumerate(shown) if line.split()[:1] == ["Why"]), None)
        assert why is not None, "\n".join(shown)
        assert any("kept:" in line for line in shown[why:]), "\n".join(shown)
        # w gives the Why the room; j then scrolls the Why, not the copies
        cards, why_box = (
            app.screen.query_one("#cards", VerticalScroll),
            app.screen.query_one("#why-box", VerticalScroll),
        )
        tall = why_box.region.height
        await pilot.press("w")
        await pilot.pause(0.2)
        assert why_box.region.height > tall
        await pilot.press("j", "j")
        await pilot.pause(0.2)
        assert cards.scroll_y == 0 and (why_box.scroll_y > 0 or why_box.max_scroll_y == 0)
        await pilot.press("w", "j", "j")
        await pilot.pause(0.2)
        assert cards.scroll_y > 0


async def test_review_names_the_keys_in_force(tmp_path: Path, monkeypatch) -> None:
    home = tmp_path / "xdg"
    (home / "newsdesk").mkdir(parents=True)
    (home / "newsdesk" / "config.toml").write_text('[keymap]\n"dupes.mark" = "M"\n"dupes.distinct" = "X"\n')
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    folder = tmp_path / "copies"
    folder.mkdir()
    app = NewsdeskApp(str(copies_folder(folder)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot, app)
        row, _ = await footer_drawn(pilot)
        assert "M Mark dups" in row and "X Not dups" in row, row
        why = str(app.screen.query_one("#why").render())
        assert "M unpublishes the other copies" in why and "X says they are different" in why, why


async def test_reopened_suggestion_starts_at_its_top(tmp_path: Path) -> None:
    from tests.ui.test_duplicates_review import make_folder

    app = NewsdeskApp(str(make_folder(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_review(pilot, app)
        screen = app.screen
        key = screen.cluster.key
        cards = screen.query_one("#cards", VerticalScroll)
        await pilot.press(*"jjjjj")
        await until(pilot, lambda: cards.scroll_y > 0, 3)
        await pilot.press("m")
        await settle(pilot)
        await until(pilot, lambda: screen.cluster is None or screen.cluster.key != key, 5)
        await pilot.press("u")
        await settle(pilot)
        await until(pilot, lambda: screen.cluster is not None and screen.cluster.key == key, 5)
        await pilot.pause(0.2)
        assert cards.scroll_y == 0
        shown = lines(app)
        assert "★ keep" in shown[2], shown[:4]  # the copies' header row, under the table's top
        assert any(line.split()[:1] == ["Why"] for line in shown), "\n".join(shown)


@pytest.mark.parametrize("opener", ["e", "number_sign", "L"], ids=["problems", "topics", "session-edits"])
async def test_other_screens_put_back_and_help_first_and_cut_nothing(generated: Path, opener: str) -> None:
    app = NewsdeskApp(str(generated))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press(opener)
        await until(pilot, lambda: app.screen is not app.main, 3)
        row, keys = await footer_drawn(pilot)
        assert [k.action for k in keys][:2] == ["app.pop_screen", "help"], row
