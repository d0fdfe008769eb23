"""A story's history: who changed its publish state, when, and the value at a past commit."""

from __future__ import annotations

import json

from tests.git.site import FOLDER, Site, commit_all, git, retitle, toggle
from tui.core.git import GitProblem, commit_stories, history, published_at, sync

S0 = "000_8dcd983ef76e6965.txt"


def test_history_names_who_last_changed_the_publish_state(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok
    unpublish = git(a, "rev-parse", "HEAD").strip()
    assert sync(Site.repo(a)).ok
    assert sync(Site.repo(b)).ok
    retitle(b, S0, "Bob's better title")
    assert commit_stories(Site.repo(b)).ok
    entries = history(Site.repo(b), S0)
    assert not isinstance(entries, GitProblem)
    assert [e.author for e in entries] == ["Bob", "Alice", "Seeder"]
    newest, flip, first = entries
    assert newest.change == "edited" and newest.published is None and newest.message.startswith("Edit 1 story")
    assert flip.commit == unpublish and flip.change == "unpublished"
    assert (flip.published and (flip.published.before, flip.published.after)) == (True, False)
    assert flip.message.startswith("Unpublish 1 story: ")
    assert first.change == "added" and first.published is not None and first.published.after is True
    last_flip = next(e for e in entries if e.published is not None)
    assert (last_flip.commit, last_flip.author) == (unpublish, "Alice")
    line = json.loads(json.dumps(flip.as_json()))
    assert set(line) >= {"commit", "author", "date", "message", "published"}
    assert line["published"] == {"before": True, "after": False}
    assert line["date"][:4].isdigit() and "T" in line["date"]  # ISO 8601
    # "Set it back": the value at the commit before the flip, applied by the caller as an edit.
    assert published_at(Site.repo(b), S0, f"{unpublish}^") is True
    assert published_at(Site.repo(b), S0, unpublish) is False
    assert published_at(Site.repo(b), "never-existed.md", unpublish) is None


def test_history_follows_a_rename(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    commit_all(a, "Unpublish")
    git(a, "mv", f"{FOLDER}/{S0}", f"{FOLDER}/renamed.txt")
    commit_all(a, "Rename")
    entries = history(Site.repo(a), "renamed.txt")
    assert not isinstance(entries, GitProblem)
    assert [e.message for e in entries] == ["Rename", "Unpublish", "Initial stories"]
    assert [e.id for e in entries] == ["renamed.txt", S0, S0]
    assert entries[1].published is not None and entries[1].published.after is False


def test_history_of_an_unknown_story_is_empty(site: Site) -> None:
    a = site.clone("a", "Alice")
    assert history(Site.repo(a), "nope.md") == ()


def test_a_rename_says_so(site: Site) -> None:
    a = site.clone("a", "Alice")
    git(a, "mv", f"{FOLDER}/{S0}", f"{FOLDER}/renamed.txt")
    commit_all(a, "Rename")
    git(a, "mv", f"{FOLDER}/renamed.txt", f"{FOLDER}/again.txt")
    commit_all(a, "Rename again")
    entries = history(Site.repo(a), "again.txt")
    assert not isinstance(entries, GitProblem)
    assert [e.change for e in entries] == ["renamed", "renamed", "added"]


def test_the_row_of_the_commit_that_added_the_story() -> None:
    from tui.ui.screens.git.history import _publish_words

    assert _publish_words(None, False) == "added, unpublished"
    assert _publish_words(True, None) == "deleted (was published)"
    assert _publish_words(True, False) == "published → unpublished"
