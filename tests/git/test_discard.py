"""Discarding any change of a story (issue 15, deliver 2), on real repositories.

A store over a clone's folder and the desk's git service (tui/desk/repo.py), edits made
as the desk makes them; every discard puts back HEAD's bytes through the write path
(tui/core/disk/swap.py) as one undo step (tui/core/store/restore.py), and undo puts
back exactly the bytes that were there. Files are compared byte for byte.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.git.site import FOLDER, S0, S1, S3, Site, git, story
from tests.git.test_repo_state import Events, _service
from tui.core.git import Change
from tui.core.store import field_edits
from tui.core.store.records import EditOutcome
from tui.core.store.store import Store
from tui.desk.discard import question
from tui.desk.repo import RepoState
from tui.desk.repo_events import ChangesReady

NEW_STORY = b"""---
title: "A story nobody committed"
webUrl: "https://example.com/new"
publishedDateTime: 2021-05-09T10:00:00Z
published: false
type: article
---
Fresh from the pipeline.
"""


def _changes(state: RepoState, events: Events) -> dict[str, Change]:
    """The changes screen's listing (ChangesReady), by id."""
    events.items.clear()
    assert state.load_changes()
    ready = events.wait_for(lambda e: isinstance(e, ChangesReady))
    assert isinstance(ready, ChangesReady) and ready.problem is None
    return {c.id: c for c in ready.changes}


def _outcomes(state: RepoState) -> list[EditOutcome]:
    """Run the service's edits on its own thread and keep their outcomes."""
    outcomes: list[EditOutcome] = []

    def run_here(edit: Callable[[], EditOutcome]) -> bool:
        outcomes.append(edit())
        return True

    state._submit = run_here
    return outcomes


def _discard(state: RepoState, *changes: Change) -> EditOutcome:
    outcomes = _outcomes(state)
    assert state.discard(list(changes)) and state.wait_idle()
    assert len(outcomes) == 1, outcomes
    return outcomes[0]


def _clean(clone: Path) -> bool:
    return git(clone, "status", "--porcelain", "--", FOLDER).strip() == ""


def test_title_edit_discarded_and_undone(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S0)
    store, state, events = _service(a)
    try:
        assert field_edits.set_field(store, [S0], "title", "Fixed headline").ok
        assert store.set_published([S0], False).ok
        edited = story(a, S0)
        change = _changes(state, events)[S0]
        assert change.kind == "edited" and change.parts == ("published line", "title")
        text, _ = question([change])
        assert text.startswith("Discard 'Fixed headline': published line and title edit; back to the committed file")
        outcome = _discard(state, change)
        assert outcome.ok and outcome.changed == (S0,), outcome
        assert story(a, S0) == committed and _clean(a)
        story_now = store.get(S0)
        assert story_now is not None and story_now.title != "Fixed headline" and story_now.published  # memory followed
        undone = store.undo()
        assert undone.ok and undone.message.startswith("Undid: Discarded the change of 'Fixed headline'")
        assert story(a, S0) == edited
        assert store.get(S0) is not None and store.get(S0).title == "Fixed headline"  # type: ignore[union-attr]
        assert store.redo().ok and story(a, S0) == committed
    finally:
        state.close(wait=True)


def test_topics_edit_discarded_and_undone(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S0)
    store, state, events = _service(a)
    try:
        assert field_edits.tag(store, [S0], add=["Elections"], remove=["AI"]).ok
        edited = story(a, S0)
        change = _changes(state, events)[S0]
        assert change.parts == ("topics",) and change.lost() == "topics edit"
        assert _discard(state, change).ok
        assert story(a, S0) == committed and _clean(a)
        assert "Elections" not in store.stories[S0].topics
        assert store.undo().ok and story(a, S0) == edited
        assert "Elections" in store.stories[S0].topics
    finally:
        state.close(wait=True)


def test_untracked_story_deleted_and_brought_back(site: Site) -> None:
    a = site.clone("a", "Alice")
    path = a / FOLDER / "new" / "fresh.md"
    path.parent.mkdir()
    path.write_bytes(NEW_STORY)
    os.chmod(path, 0o640)
    store, state, events = _service(a)
    try:
        assert "new/fresh.md" in store.stories
        change = _changes(state, events)["new/fresh.md"]
        assert change.kind == "added"
        text, _ = question([change])
        assert "Delete the new story 'A story nobody committed' (new/fresh.md)?" in text
        outcome = _discard(state, change)
        assert outcome.ok and outcome.message == "Deleted the new story 'A story nobody committed'"
        assert not path.exists() and _clean(a)
        assert "new/fresh.md" not in store.stories
        assert store.undo().ok
        assert path.read_bytes() == NEW_STORY and stat.S_IMODE(path.stat().st_mode) == 0o640
        assert "new/fresh.md" in store.stories
    finally:
        state.close(wait=True)


def test_deleted_story_comes_back_and_undo_deletes_it_again(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S3)
    (a / FOLDER / S3).unlink()
    store, state, events = _service(a)
    try:
        assert S3 not in store.stories
        change = _changes(state, events)[S3]
        assert change.kind == "deleted"
        assert _discard(state, change).ok
        assert story(a, S3) == committed and _clean(a) and S3 in store.stories
        assert store.undo().ok
        assert not (a / FOLDER / S3).exists() and S3 not in store.stories
    finally:
        state.close(wait=True)


def test_discard_refused_when_the_file_changed_since_confirming(site: Site) -> None:
    a = site.clone("a", "Alice")
    store, state, events = _service(a)
    try:
        assert field_edits.set_field(store, [S0], "title", "First fix").ok
        change = _changes(state, events)[S0]  # what the editor confirms
        assert field_edits.set_field(store, [S0], "title", "Second fix").ok  # then the file changes
        changed_since = story(a, S0)
        outcome = _discard(state, change)
        assert not outcome.ok and "changed since you confirmed" in outcome.message
        assert story(a, S0) == changed_since  # left as it is
        assert store.get(S0).title == "Second fix"  # type: ignore[union-attr]
        new = a / FOLDER / "fresh.md"
        new.write_bytes(NEW_STORY)
        added = _changes(state, events)["fresh.md"]
        new.write_bytes(NEW_STORY + b"More.\n")
        assert not _discard(state, added).ok and new.read_bytes() == NEW_STORY + b"More.\n"
    finally:
        state.close(wait=True)


def test_undo_refused_when_the_file_changed_since_the_discard(site: Site) -> None:
    a = site.clone("a", "Alice")
    store, state, events = _service(a)
    try:
        assert field_edits.set_field(store, [S0], "title", "Fixed").ok
        assert _discard(state, _changes(state, events)[S0]).ok
        path = a / FOLDER / S0
        path.write_bytes(path.read_bytes().replace(b"type: article", b"type: opinion"))
        someone = path.read_bytes()
        undone = store.undo()
        assert not undone.ok and "changed on disk since" in undone.message, undone
        assert path.read_bytes() == someone
    finally:
        state.close(wait=True)


def test_several_stories_one_step_and_the_index_too(site: Site) -> None:
    a = site.clone("a", "Alice")
    committed = {sid: story(a, sid) for sid in (S0, S1)}
    store, state, events = _service(a)
    try:
        assert store.set_published([S0], False).ok
        assert field_edits.set_field(store, [S1], "title", "Retitled").ok
        git(a, "add", "--", f"{FOLDER}/{S1}")  # staged outside the desk
        edited = {sid: story(a, sid) for sid in (S0, S1)}
        listed = _changes(state, events)
        text, details = question([listed[S0], listed[S1]])
        assert text.startswith("Discard the changes of 2 stories, back to the committed files?")
        assert len(details) == 2 and "title edit" in details[1]
        outcome = _discard(state, listed[S0], listed[S1])
        assert outcome.ok and outcome.message == "Discarded the changes of 2 stories"
        assert state.wait_idle()
        assert {sid: story(a, sid) for sid in (S0, S1)} == committed
        assert _clean(a)  # the staged copy went back to HEAD too
        assert store.undo().ok
        assert {sid: story(a, sid) for sid in (S0, S1)} == edited
    finally:
        state.close(wait=True)


def test_never_anything_but_a_story(site: Site) -> None:
    a = site.clone("a", "Alice")
    (a / FOLDER / S0).unlink()
    (a / FOLDER / S0).symlink_to(S3)  # a story turned into a link to another one
    _, state, events = _service(a)
    try:
        listed = _changes(state, events)
        outcome = _discard(state, listed[S0])
        assert not outcome.ok and "symlink" in outcome.message
        assert (a / FOLDER / S0).is_symlink()
        fake = Change("notes.json", "edited", None, None, "", work=None)
        outcome = _discard(state, fake)
        assert not outcome.ok and "not a story file" in outcome.message
    finally:
        state.close(wait=True)


@pytest.mark.parametrize("by_id", [True])
def test_an_id_alone_is_discarded_as_the_file_is_now(site: Site, by_id: bool) -> None:
    a = site.clone("a", "Alice")
    committed = story(a, S0)
    store, state, _ = _service(a)
    try:
        assert field_edits.set_field(store, [S0], "excerpt", "Shorter").ok
        outcomes = _outcomes(state)
        assert state.discard(S0) and state.wait_idle()
        assert outcomes[0].ok and story(a, S0) == committed
    finally:
        state.close(wait=True)


def test_the_desk_finds_the_repository_off_its_own_thread(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from tui.desk import Desk, repo_thread
    from tui.desk import repo as repo_module

    a = site.clone("a", "Alice")
    real = repo_thread.locate
    calls: list[str] = []
    release = threading.Event()

    def slow_locate(folder: str):  # type: ignore[no-untyped-def]
        calls.append(threading.current_thread().name)
        release.wait(30)
        return real(folder)

    monkeypatch.setattr(repo_thread, "locate", slow_locate)
    desk = Desk(str(a / FOLDER), follow=False)
    try:
        assert calls == [] and desk.repo is not None and desk.repo.located is None
        desk.start()
        assert desk.repo.located is None  # start() did not wait either
        release.set()
        assert desk.repo.wait_located(30) is True and calls == ["newsdesk-git"]
    finally:
        release.set()
        desk.close(wait=True)
    plain = Path(site.root / "plain")
    plain.mkdir()
    outside = Desk(str(plain), follow=False)
    try:
        outside.start()
        assert outside.repo is not None and outside.repo.wait_located(30) is False
        assert not outside.repo.load_changes()  # refused: nothing to ask
        assert repo_module.attach(outside) is None
    finally:
        outside.close(wait=True)


def test_store_memory_follows_without_a_service(site: Site) -> None:
    """The store-level step alone (what `newsdesk discard` uses): one undo step of whole files."""
    from tui.core.store import restore

    a = site.clone("a", "Alice")
    store = Store(str(a / FOLDER))
    store.load()
    before = story(a, S0)
    outcome = restore.restore(store, {S0: (restore.exactly(before), b"---\ntitle: x\n---\n", None)}, lambda d: "x")
    assert outcome.ok and story(a, S0) == b"---\ntitle: x\n---\n"
    assert store.undo().ok and story(a, S0) == before


def test_a_sites_page_is_not_a_story_and_is_never_discarded(site: Site) -> None:
    """In a Jekyll site the stories are its collections' files: a page listed among the
    changes (it passes the loader's name rule) is refused, one of the news is discarded."""
    a = site.clone("a", "Alice")
    (a / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (a / "about.md").write_text("---\ntitle: About\n---\nWho we are.\n")
    git(a, "add", "-A")
    git(a, "commit", "--quiet", "-m", "a site")
    (a / "about.md").write_text("---\ntitle: About us\n---\nWho we are.\n")
    news = a / FOLDER / S0
    committed = news.read_bytes()
    news.write_bytes(committed.replace(b"type: article", b"type: opinion", 1))
    store = Store(str(a))
    store.load()
    assert store.site.active and f"{FOLDER}/{S0}" in store.stories
    events = Events()
    state = RepoState.open(str(a), store, events, poll=0.2, debounce=0.02)
    assert state is not None
    state.start()
    try:
        listed = _changes(state, events)
        assert set(listed) == {"about.md", f"{FOLDER}/{S0}"}
        refused = _discard(state, listed["about.md"])
        assert not refused.ok and "not a story of the site's collections" in refused.message
        assert (a / "about.md").read_text() == "---\ntitle: About us\n---\nWho we are.\n"
        assert _discard(state, listed[f"{FOLDER}/{S0}"]).ok and news.read_bytes() == committed
    finally:
        state.close(wait=True)
