"""Duplicate decisions a sync brings in are applied at once, like stories that arrive.

The trial: A decided a pair were duplicates (d, m), committed, synced; B synced and
`.newsdesk/decisions.jsonl` held A's decision, yet B's dashboard still counted the
pair as suspected duplicates, the review listed it open and the "decided" filter was
empty until a restart; a later "not duplicates" from A did not relabel it either.
Real git (a bare remote, two clones), A's desk headless, B's the dashboard with keys.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.git.site import FOLDER, Site, commit_all, git, push
from tests.helpers.pilot import ready, until
from tests.ui.test_dupes_decisions import STORIES, flags, make_folder
from tui.core.dupes.decisions import DecisionLog
from tui.core.git import commit_stories, sync
from tui.desk import Desk
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import DuplicatesScreen
from tui.ui.screens.git.conflicts import ConflictsScreen

GIT_WAIT = 30.0
COPIES = {"a.md", "b.md", "c.md"}


def _site(site: Site) -> tuple[Path, Path]:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    make_folder(a / FOLDER)
    commit_all(a, "Three copies of a release, two of a deal")
    push(a)
    git(b, "pull", "--quiet")
    return a, b


def _a_decides(a: Path, kind: str, *, undo_first: bool = False) -> None:
    """A's desk decides on the release's suggestion, commits everything and syncs."""
    with Desk(str(a / FOLDER), watch=False, follow=False, cache=False) as desk:
        desk.load()
        desk.find_duplicates()
        if undo_first:
            assert desk.undo_decision().ok
        cluster = desk.finder.cluster_of("a.md")
        assert cluster is not None and set(cluster.ids) == COPIES
        done = desk.decide_duplicate(cluster.key, "a.md") if kind == "duplicate" else desk.decide_distinct(cluster.key)
        assert done.ok, done.message
    assert commit_stories(Site.repo(a)).ok
    assert sync(Site.repo(a)).ok


def status(app: NewsdeskApp) -> str:
    return str(app.main.query_one("#status", Static).render())


def _log_kinds(clone: Path) -> list[str]:
    log = DecisionLog(str(clone / FOLDER))
    log.load()
    return [d.kind for d in log.active()]


async def test_decisions_brought_by_a_sync_apply_without_a_restart(site: Site) -> None:
    a, b = _site(site)
    app = NewsdeskApp(str(b / FOLDER))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert app.store.suspects >= COPIES
        await until(pilot, lambda: "· 5 with suspected duplicates" in status(app), 5, seen=lambda: status(app))
        assert any(set(c.ids) == COPIES for c in app.dupes.open_clusters())

        _a_decides(a, "duplicate")
        await pilot.press("R")
        await until(pilot, lambda: _log_kinds(b) == ["duplicate"], GIT_WAIT, what="A's decision in B's log")
        assert not isinstance(app.screen, ConflictsScreen)
        await until(pilot, lambda: app.store.decided == {"b.md", "c.md"}, GIT_WAIT, what="the decision applied",
                    seen=lambda: (app.store.decided, sorted(app.store.suspects)))  # fmt: skip
        assert not COPIES & app.store.suspects  # no longer counted as suspected
        assert not any(set(c.ids) == COPIES for c in app.dupes.open_clusters())
        assert flags(b / FOLDER) == flags(a / FOLDER)
        await until(pilot, lambda: "· 2 with suspected duplicates" in status(app), 5, seen=lambda: status(app))
        for _ in range(4):
            await pilot.press("f")
        assert app.main.query_state.state == "decided"
        await until(pilot, lambda: sorted(app.main.articles.ids) == ["b.md", "c.md"], 5,
                    seen=lambda: app.main.articles.ids)  # fmt: skip
        await pilot.press("escape")
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert screen.cluster is None or set(screen.cluster.ids) != COPIES  # not open in the review
        await pilot.press("escape")

        _a_decides(a, "distinct", undo_first=True)  # A takes it back: not duplicates after all
        await pilot.press("R")
        await until(pilot, lambda: _log_kinds(b) == ["distinct"], GIT_WAIT, what="A's second decision in B's log")
        await until(pilot, lambda: not app.store.decided, GIT_WAIT, what="the copies no longer decided",
                    seen=lambda: app.store.decided)  # fmt: skip
        cluster = app.dupes.cluster_of("a.md")
        assert cluster is not None and cluster.decision == "distinct"
        assert not COPIES & app.store.suspects
        await until(pilot, lambda: flags(b / FOLDER) == flags(a / FOLDER), GIT_WAIT, what="the files")
        assert {sid: (b / FOLDER / sid).read_bytes() for sid in STORIES} == {
            sid: (a / FOLDER / sid).read_bytes() for sid in STORIES
        }
