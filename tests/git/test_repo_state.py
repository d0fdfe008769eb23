"""The desk's git service (tui/desk/repo.py) on real repositories, without Textual.

A store over a clone's folder, the service listening to it; edits through the store
as the desk makes them. Waits are on conditions (`wait_idle`, events), never sleeps.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tests.git.site import FOLDER, S0, S3, Site, flag, git, publish_explicitly, story, toggle
from tui.core.git import RepoStatus
from tui.core.store.records import EditOutcome
from tui.core.store.store import Store
from tui.desk.repo import RepoState
from tui.desk.repo_events import ChangesReady, CommitDone, HistoryReady, RepoChanged, RepoEvent, SyncDone


class Events:
    def __init__(self) -> None:
        self.items: list[RepoEvent] = []
        self.cond = threading.Condition()

    def __call__(self, event: RepoEvent) -> None:
        with self.cond:
            self.items.append(event)
            self.cond.notify_all()

    def wait_for(self, test: Callable[[RepoEvent], bool], timeout: float = 30.0) -> RepoEvent:
        with self.cond:
            self.cond.wait_for(lambda: any(test(e) for e in self.items), timeout)
            found = [e for e in self.items if test(e)]
            assert found, f"no such event in {self.items}"
            return found[0]


def _service(clone: Path, *, poll: float = 0.2) -> tuple[Store, RepoState, Events]:
    store = Store(str(clone / FOLDER))
    store.load()
    events = Events()
    state = RepoState.open(str(clone / FOLDER), store, events, poll=poll, debounce=0.02)
    assert state is not None
    store.subscribe(state.store_listener)
    state.start()
    assert state.wait_idle()
    return store, state, events


def test_outside_git_there_is_no_service(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    assert RepoState.open(str(tmp_path / "plain"), Store(str(tmp_path / "plain")), lambda e: None) is None


def test_status_follows_an_edit_and_a_commit(site: Site) -> None:
    a = site.clone("a", "Alice")
    store, state, events = _service(a)
    try:
        assert state.status is not None and state.status.branch == "main" and state.status.files == ()
        assert store.set_published([S0], False).ok
        events.wait_for(lambda e: isinstance(e, RepoChanged) and e.status is not None and S0 in e.status.changed_ids)
        assert state.commit(None, "Take it down")
        done = events.wait_for(lambda e: isinstance(e, CommitDone))
        assert isinstance(done, CommitDone) and done.result.ok
        assert git(a, "log", "-1", "--format=%s").strip() == "Take it down"
        assert state.wait_idle()
        events.wait_for(lambda e: isinstance(e, RepoChanged) and e.status is not None and e.status.ahead == 1)
        assert state.status is not None and state.status.files == ()
    finally:
        state.close(wait=True)


def test_outside_commit_seen_by_polling_git_files(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S3, False)
    _, state, events = _service(a, poll=0.05)
    try:
        assert state.status is not None and S3 in state.status.changed_ids
        git(a, "commit", "--quiet", "-am", "by hand")
        events.wait_for(lambda e: isinstance(e, RepoChanged) and e.status is not None and e.status.ahead == 1)
    finally:
        state.close(wait=True)


def test_changes_discard_is_undoable_and_history_set_back(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S0)
    store, state, events = _service(a)
    try:
        assert store.set_published([S0], False).ok
        assert state.load_changes()
        ready = events.wait_for(lambda e: isinstance(e, ChangesReady))
        assert isinstance(ready, ChangesReady)
        assert [(c.id, c.kind) for c in ready.changes] == [(S0, "unpublished")]
        assert ready.message.startswith("Unpublish 1 story: ")
        assert state.discard(S0) and state.wait_idle()
        assert story(a, S0) == committed  # byte for byte as committed
        assert store.undo().ok  # the discard was a normal undo step
        assert flag(a, S0) is False
        assert store.set_published([S0], True).ok  # back to the committed value
        assert store.set_published([S0], False).ok
        git(a, "commit", "--quiet", "-am", "down")
        assert state.history(S0)
        hist = events.wait_for(lambda e: isinstance(e, HistoryReady))
        assert isinstance(hist, HistoryReady) and [h.author for h in hist.entries] == ["Alice", "Seeder"]
        assert state.set_published_from(S0, hist.entries[1].commit) and state.wait_idle()
        assert flag(a, S0) is True
        assert store.undo().ok and flag(a, S0) is False
    finally:
        state.close(wait=True)


def test_discard_takes_back_an_edit_that_is_not_a_publish_change(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S0)
    (a / FOLDER / S0).write_text(story(a, S0).decode().replace("title:", "title: Changed", 1))
    _, state, _ = _service(a)
    outcomes: list[EditOutcome] = []

    def run_here(edit: Callable[[], EditOutcome]) -> bool:
        outcomes.append(edit())
        return True

    state._submit = run_here
    try:
        assert state.discard(S0) and state.wait_idle()
        assert outcomes[0].ok and story(a, S0) == committed  # tests/git/test_discard.py has the rest
    finally:
        state.close(wait=True)


def test_sync_conflict_then_choice(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    git(a, "commit", "--quiet", "-am", "A")
    git(a, "push", "--quiet")
    publish_explicitly(b, "absent.md")
    git(b, "commit", "--quiet", "-am", "B")
    _, state, events = _service(b)
    try:
        assert state.sync()
        stuck = events.wait_for(lambda e: isinstance(e, SyncDone))
        assert isinstance(stuck, SyncDone) and stuck.result.outcome == "conflict"
        assert [c.id for c in stuck.result.conflicts] == ["absent.md"]
        events.items.clear()
        assert state.sync(choices={"absent.md": "theirs"})
        done = events.wait_for(lambda e: isinstance(e, SyncDone))
        assert isinstance(done, SyncDone) and done.result.ok
        assert flag(b, "absent.md") is False
        assert state.wait_idle()
        assert isinstance(state.status, RepoStatus) and (state.status.ahead, state.status.behind) == (0, 0)
    finally:
        state.close(wait=True)


def test_sync_sets_up_the_union_merge_of_a_shared_decisions_log(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    log = a / FOLDER / ".newsdesk" / "decisions.jsonl"
    log.parent.mkdir()
    log.write_text('{"n": 0}\n')
    git(a, "add", "-A")
    git(a, "commit", "--quiet", "-m", "Decisions log")
    git(a, "push", "--quiet")
    _, state, events = _service(a)
    try:
        assert state.sync()
        done = events.wait_for(lambda e: isinstance(e, SyncDone))
        assert isinstance(done, SyncDone) and done.result.ok
    finally:
        state.close(wait=True)
    assert git(a, "log", "-1", "--format=%s").strip() == "Merge newsdesk's decisions log by union (.gitattributes)"
    git(b, "pull", "--quiet")
    assert git(b, "check-attr", "merge", "--", f"{FOLDER}/.newsdesk/decisions.jsonl").strip().endswith("union")


def test_the_desk_builds_the_service_and_reports_its_events(site: Site) -> None:
    from tui.desk import Desk

    a = site.clone("a", "Alice")
    desk = Desk(str(a / FOLDER), follow=False)
    heard = Events()
    desk.subscribe(lambda event: heard(event) if isinstance(event, RepoChanged) else None)
    try:
        assert desk.repo is not None
        desk.start()
        heard.wait_for(lambda e: isinstance(e, RepoChanged) and e.status is not None and e.status.branch == "main")
        desk.submit(lambda: desk.set_published([S0], False))
        assert desk.wait_idle(30)
        heard.wait_for(lambda e: isinstance(e, RepoChanged) and e.status is not None and S0 in e.status.changed_ids)
    finally:
        desk.close(wait=True)
    assert Desk(str(a / FOLDER), watch=False).repo is None  # the command line's headless desk: no git
