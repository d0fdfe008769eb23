"""The duplicate decisions log is committed with the stories and shared between editors.

The trial: after 21 decisions the changes screen said "Nothing to commit" while git
showed `?? .newsdesk/`; the other editor never saw them. Real git: a bare remote and
two clones, each deciding through the real DecisionLog.
"""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, S0, Site, git, toggle
from tui.cli.main import main
from tui.core.dupes.decision_record import Decision, new_id, now_text
from tui.core.dupes.decisions import DecisionLog
from tui.core.git import commit_message, commit_stories, status, story_changes, sync
from tui.core.git.attributes import DECISIONS
from tui.core.git.decisions_log import log_change


def _decide(clone: Path, n: int, who: str) -> None:
    log = DecisionLog(str(clone / FOLDER))
    log.load()
    for i in range(n):
        log.add(Decision(new_id(), "duplicate", now_text(), f"{who}-{i}", ((S0, "f"), ("absent.md", "g")), S0))


def _ids(clone: Path) -> list[str]:
    log = DecisionLog(str(clone / FOLDER))
    log.load()
    return sorted(d.cluster for d in log.decisions)


def test_the_log_is_a_change_and_is_committed_with_the_stories(site: Site) -> None:
    a = site.clone("a", "Alice")
    _decide(a, 3, "a")
    repo = Site.repo(a)
    current = status(repo)
    assert not isinstance(current, Exception) and not isinstance(current, str)
    change = log_change(repo, current)  # type: ignore[arg-type]
    assert change is not None and change.id == DECISIONS and change.title == "3 duplicate decisions"
    toggle(a, S0, False)
    changes = story_changes(repo)
    assert not isinstance(changes, Exception)
    subject = commit_message([*changes, change]).split("\n", 1)[0]  # type: ignore[misc]
    assert subject.startswith("Unpublish 1 story, record 3 duplicate decisions: ")
    result = commit_stories(repo)
    assert result.ok and result.commit is not None and result.ids == (S0,) and result.decisions == 3
    assert git(a, "status", "--porcelain") == ""  # the log and the .gitattributes went in too
    files = git(a, "show", "--name-only", "--format=", "HEAD").split()
    assert sorted(files) == sorted([f"{FOLDER}/{S0}", f"{FOLDER}/{DECISIONS}", f"{FOLDER}/.gitattributes"])
    assert git(a, "check-attr", "merge", "--", f"{FOLDER}/{DECISIONS}").strip().endswith("union")


def test_the_log_on_its_own_and_the_command_line(site: Site, capsys: object) -> None:
    a = site.clone("a", "Alice")
    _decide(a, 2, "a")
    assert main(["status", str(a / FOLDER)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "2 duplicate decisions" in out and "nothing to commit" not in out
    assert main(["commit", "--folder", str(a / FOLDER)]) == 0
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert "Record 2 duplicate decisions" in out and "committed 2 duplicate decisions" in out
    assert git(a, "status", "--porcelain") == ""
    assert main(["commit", "--folder", str(a / FOLDER)]) == 0
    assert "nothing to commit" in capsys.readouterr().out  # type: ignore[attr-defined]


def test_two_editors_decide_and_sync_without_a_conflict(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    _decide(a, 2, "a")
    _decide(b, 1, "b")
    assert commit_stories(Site.repo(a)).ok
    assert sync(Site.repo(a)).ok
    assert commit_stories(Site.repo(b)).ok  # both declare the union merge: same line
    result = sync(Site.repo(b))
    assert result.ok and result.conflicts == (), result
    assert sync(Site.repo(a)).ok
    assert _ids(a) == _ids(b) == ["a-0", "a-1", "b-0"]
    for clone in (a, b):
        assert git(clone, "status", "--porcelain") == ""
        assert "<<<<<<<" not in (clone / FOLDER / DECISIONS).read_text()


async def test_the_changes_screen_lists_and_commits_the_log(site: Site) -> None:
    from textual.widgets import Input, Static

    from tests.git.test_dashboard_git import GIT_WAIT, highlight, status_line
    from tests.helpers.pilot import ready, settle, until
    from tui.ui.app import NewsdeskApp
    from tui.ui.screens.git.changes import ChangesScreen

    a = site.clone("a", "Alice")
    _decide(a, 2, "a")
    app = NewsdeskApp(str(a / FOLDER))
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: "⎇ main" in status_line(app), GIT_WAIT, seen=lambda: status_line(app))
        await highlight(pilot, app, S0)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, ChangesScreen)
        await until(pilot, lambda: len(screen.changes) == 2, GIT_WAIT, what="the changes to load")
        assert [(c.id, c.title) for c in screen.changes][1] == (DECISIONS, "2 duplicate decisions")
        head = str(screen.query_one("#changes-head", Static).render())
        assert "1 story and 2 duplicate decisions changed and not committed" in head
        box = screen.query_one("#commit-message", Input)
        assert box.value.startswith("Unpublish 1 story, record 2 duplicate decisions: ")
        await pilot.press("c")
        await until(pilot, lambda: git(a, "status", "--porcelain").strip() == "", GIT_WAIT, what="the commit")
        files = git(a, "show", "--name-only", "--format=", "HEAD").split()
        assert sorted(files) == sorted([f"{FOLDER}/{S0}", f"{FOLDER}/{DECISIONS}", f"{FOLDER}/.gitattributes"])
        await until(pilot, lambda: not screen.changes, GIT_WAIT, what="the list to empty")
        assert "Nothing to commit" in str(screen.query_one("#changes-head", Static).render())
