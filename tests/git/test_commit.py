"""Committing stories: generated message, only the chosen files, the editor's identity."""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, S0, S1, S3, S4, Site, git, retitle, toggle
from tui.core.git import CommitResult, GitProblem, RepoStatus, commit_message, commit_stories, status, story_changes


def _head(clone: Path) -> str:
    return git(clone, "rev-parse", "HEAD").strip()


def _files_of(clone: Path, rev: str = "HEAD") -> list[str]:
    return git(clone, "show", "--name-only", "--format=", rev).split()


def test_commit_all_with_a_generated_message(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S3, False)
    toggle(a, S4, False)
    toggle(a, S1, True)
    result = commit_stories(Site.repo(a))
    assert result.ok and result.commit == _head(a)
    subject = git(a, "log", "-1", "--format=%s").strip()
    assert subject.startswith("Unpublish 3 stories, publish 1: ")
    assert "Massachusetts" in subject and len(subject) <= 100
    body = git(a, "log", "-1", "--format=%b")
    assert f"unpublished: {S0}" in body and f"published: {S1}" in body
    assert git(a, "log", "-1", "--format=%an <%ae>").strip() == "Alice <alice@example.com>"
    st = status(Site.repo(a))
    assert isinstance(st, RepoStatus) and st.files == () and st.ahead == 1


def test_commit_selected_only_leaves_other_work_alone(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S3, False)
    (a / "README").write_text("staged by hand\n")
    git(a, "add", "README")
    result = commit_stories(Site.repo(a), [S3, "not-changed.md"])
    assert result.ok and result.ids == (S3,) and result.skipped == ("not-changed.md",)
    assert _files_of(a) == [f"{FOLDER}/{S3}"]
    assert git(a, "log", "-1", "--format=%s").strip().startswith("Unpublish 1 story: ")
    staged = git(a, "diff", "--cached", "--name-only").split()
    assert staged == ["README"]  # the hand-staged file is still staged, not committed
    st = status(Site.repo(a))
    assert isinstance(st, RepoStatus) and [f.id for f in st.files] == [S0]


def test_commit_added_and_deleted_stories_with_my_message(site: Site) -> None:
    a = site.clone("a", "Alice")
    (a / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\npublished: false\n---\n')
    (a / FOLDER / S4).unlink()
    result = commit_stories(Site.repo(a), message="Pipeline housekeeping\n")
    assert result.ok
    assert sorted(_files_of(a)) == [f"{FOLDER}/{S4}", f"{FOLDER}/fresh.md"]
    assert git(a, "log", "-1", "--format=%B").strip() == "Pipeline housekeeping"
    assert git(a, "status", "--porcelain").strip() == ""


def test_nothing_to_commit_is_not_an_error(site: Site) -> None:
    a = site.clone("a", "Alice")
    before = _head(a)
    result = commit_stories(Site.repo(a))
    assert result == CommitResult(None, "nothing to commit")
    assert _head(a) == before


def test_missing_identity_is_refused_not_made_up(site: Site) -> None:
    nobody = site.clone("nobody", None)
    toggle(nobody, S0, False)
    before = _head(nobody)
    result = commit_stories(Site.repo(nobody))
    assert not result.ok and result.problem is not None and result.problem.kind == "identity"
    assert "user.name" in result.message
    assert _head(nobody) == before
    git(nobody, "config", "user.name", "Nora")
    git(nobody, "config", "user.email", "nora@example.com")
    assert commit_stories(Site.repo(nobody)).ok


def test_new_story_left_untracked_when_the_commit_fails(site: Site) -> None:
    a = site.clone("a", "Alice")
    hook = a / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'front matter check failed' >&2\nexit 1\n")
    hook.chmod(0o755)
    (a / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\n---\n')
    toggle(a, S0, False)
    result = commit_stories(Site.repo(a))
    assert not result.ok and result.problem is not None and "front matter check failed" in result.message
    st = status(Site.repo(a))
    assert isinstance(st, RepoStatus)
    assert {f.id: f.kind for f in st.files} == {S0: "modified", "fresh.md": "untracked"}


def test_message_is_bounded_and_inert() -> None:
    from tui.core.git.changes import Change

    changes = [Change(f"s{i}.md", "unpublished", True, False, f"Title \x1b[31m{i}") for i in range(120)]
    text = commit_message(changes)
    subject, _, body = text.partition("\n")
    assert len(subject) <= 100 and subject.startswith("Unpublish 120 stories: ")
    assert "\x1b" not in text
    assert body.strip().splitlines()[-1] == "… and 70 stories more"


def test_retitle_is_an_edit_in_the_message(site: Site) -> None:
    a = site.clone("a", "Alice")
    retitle(a, S0, "New title")
    changes = story_changes(Site.repo(a))
    assert not isinstance(changes, GitProblem)
    assert commit_message(changes).startswith("Edit 1 story: New title")
