"""What a fresh editor's trial found in the git screens, held with real keys and real git.

j / k / g / G move in the changes and history lists (`H G r` acted on the newest
commit); an edited story shows what changed in editor words ("title: old → new");
selection shows as a mark and a count, not only as colour; `u` on the changes screen
undoes a discard; the conflicts screen shows what each side changed, each at its latest
(with two local commits it showed the intermediate title), and at 80x24 keeps the way
to finish (enter) in sight, with "1 story" in the singular.
"""

from __future__ import annotations

import re

from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

from tests.git.site import FOLDER, S0, S3, S4, Site, commit_all, flag, git, push, retitle, story, toggle
from tests.helpers.pilot import ready, settle, until
from tui.ui.app import NewsdeskApp
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import Confirm
from tui.ui.screens.git.conflicts import ConflictsScreen
from tui.ui.screens.git.history import HistoryScreen

GIT_WAIT = 30.0


def title_of(raw: bytes) -> str:
    found = re.search(rb'^title: "?(.*?)"?$', raw, re.M)
    assert found is not None
    return found.group(1).decode()


def prompt(listing: OptionList, index: int) -> str:
    return str(listing.get_option_at_index(index).prompt)


def head(screen: ChangesScreen | ConflictsScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_changes_screen_moves_marks_summarises_and_undoes_a_discard(site: Site) -> None:
    a = site.clone("a", "Alice")
    old_title = title_of(story(a, S0))
    retitle(a, S0, "A fixed title")
    toggle(a, S3, False)
    toggle(a, S4, False)
    committed_s3 = git(a, "show", f"HEAD:{FOLDER}/{S3}").encode()
    toggled_s3 = story(a, S3)
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        app.set_keymap({"changes.select": "v"})  # as a [keymap] table would: the heading follows
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 3, GIT_WAIT, what="the changes to load")
        assert "v selects · c commits · x discards" in head(screen, "#changes-head")
        listing = screen.listing
        assert [c.id for c in screen.changes] == [S0, S3, S4]
        edited = prompt(listing, 0)
        assert f"title: {old_title[:40]}" in edited and "→ A fixed title" in edited, edited
        assert "0 selected" not in head(screen, "#changes-head")
        assert "none selected" in head(screen, "#changes-head")
        await pilot.press("G")
        assert listing.highlighted == 2
        await pilot.press("g", "j")
        assert listing.highlighted == 1
        await pilot.press("v")
        await until(pilot, lambda: prompt(listing, 1).startswith("✓ "), 5, seen=lambda: prompt(listing, 1))
        assert not prompt(listing, 0).startswith("✓") and not prompt(listing, 2).startswith("✓")
        assert "1 selected" in head(screen, "#changes-head")
        await pilot.press("x")
        confirm = app.screen
        assert isinstance(confirm, Confirm) and confirm.question.startswith("Discard 'Massachusetts Passes Bill")
        await pilot.press("y")
        await until(pilot, lambda: story(a, S3) == committed_s3, GIT_WAIT, what="the discard")
        await until(pilot, lambda: [c.id for c in screen.changes] == [S0, S4], GIT_WAIT, what="the list")
        assert app.screen is screen
        await pilot.press("u")  # on the changes screen itself, as the dialog promised
        await until(pilot, lambda: story(a, S3) == toggled_s3, GIT_WAIT, what="the undo")
        await until(pilot, lambda: [c.id for c in screen.changes] == [S0, S3, S4], GIT_WAIT, what="it back")


async def test_history_G_then_r_sets_back_the_oldest_commit_and_u_undoes(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    commit_all(a, "Take it down")
    retitle(a, S0, "Retitled while down")
    commit_all(a, "Fix the title")
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        assert app.main.articles.select(S0)
        await pilot.pause()
        await pilot.press("H")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        await until(pilot, lambda: len(screen.entries) == 3, GIT_WAIT, what="the history")
        await pilot.press("G")
        assert screen.listing.highlighted == 2
        await pilot.press("k", "j")
        assert screen.listing.highlighted == 2
        await pilot.press("r")  # the seed commit: published
        await until(pilot, lambda: flag(a, S0) is True, GIT_WAIT, what="the flag set back")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("u")
        await until(pilot, lambda: flag(a, S0) is False, GIT_WAIT, what="the undo")


async def test_conflicts_show_each_side_latest_and_keep_enter_at_80x24(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    old_title = title_of(story(a, S0))
    retitle(a, S0, "Their title")
    commit_all(a, "Alice's title")
    push(a)
    retitle(b, S0, "My first try")
    commit_all(b, "Bob's first title")
    retitle(b, S0, "My latest title")
    commit_all(b, "Bob's second title")
    app = NewsdeskApp(str(b / FOLDER))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("R")
        await until(
            pilot,
            lambda: isinstance(app.screen, ConflictsScreen),
            GIT_WAIT,
            what="the conflicts screen",
            seen=lambda: [str(n.message) for n in app._notifications],
        )
        screen = app.screen
        assert isinstance(screen, ConflictsScreen)
        [conflict] = screen.conflicts
        assert conflict.title == "My latest title"
        assert conflict.mine.diff == (
            f"title: {old_title[:49]}{'…' if len(old_title) > 50 else old_title[49:]} → My latest title",
        )
        assert conflict.theirs.diff[0].endswith("→ Their title")
        row = prompt(screen.listing, 0)
        assert "My first try" not in row
        assert "yours:  title: " in row and "→ My latest title" in row and "→ Their title" in row
        await settle(pilot)
        text = head(screen, "#conflicts-head")
        assert "1 to choose · m mine · t theirs · M / T for all · enter syncs" in text
        assert "1 story changed differently" in text and "1 stories" not in text
        shown = screen.query_one("#conflicts-head", Static)
        assert shown.region.height >= 2 and shown.region.y >= 0
        assert shown.region.bottom <= screen.listing.region.y  # nothing laid over the list
        footer_keys = [k.key for k in screen.query(FooterKey) if k.region.width and k.region.right <= 80]
        assert "enter" in footer_keys, footer_keys
        await pilot.press("m")
        assert "enter syncs with your choices" in head(screen, "#conflicts-head")
        await pilot.press("enter")
        await until(pilot, lambda: git(b, "log", "-1", "--format=%s", "origin/main").strip() == "Bob's second title",
                    GIT_WAIT, what="the push")  # fmt: skip
        assert title_of(story(b, S0)) == "My latest title"
