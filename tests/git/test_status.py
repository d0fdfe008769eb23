"""Repository awareness: where the folder is, what changed in it, in editor terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.git.site import FOLDER, Site, commit_all, git, publish_explicitly, push, retitle, toggle
from tui.core.git import GitProblem, RepoStatus, locate, status, story_changes
from tui.core.git import run as git_run
from tui.core.git.changes import classify, head_versions

S0, S1, S3 = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt", "003_644e7f27e603fab3.txt"


def _status(clone: Path) -> RepoStatus:
    got = status(Site.repo(clone))
    assert isinstance(got, RepoStatus), got
    return got


def test_outside_git_is_a_plain_answer(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    got = locate(str(folder))
    assert isinstance(got, GitProblem) and got.kind == "not-a-repository"


def test_missing_git_is_a_plain_answer(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    a = site.clone("a", "Alice")
    repo = Site.repo(a)
    monkeypatch.setattr(git_run, "GIT", "/nonexistent/bin/git-not-here")
    for got in (locate(str(a / FOLDER)), status(repo), story_changes(repo)):
        assert isinstance(got, GitProblem) and got.kind == "git-missing", got


def test_clean_clone_knows_branch_and_upstream(site: Site) -> None:
    a = site.clone("a", "Alice")
    repo = Site.repo(a)
    assert repo.prefix == f"{FOLDER}/"
    st = _status(a)
    assert (st.branch, st.upstream, st.ahead, st.behind) == ("main", "origin/main", 0, 0)
    assert st.files == () and st.operation is None


def test_changes_after_toggles_in_editor_terms(site: Site) -> None:
    a = site.clone("a", "Alice")
    news = a / FOLDER
    toggle(a, S0, False)  # published -> unpublished
    toggle(a, S1, True)  # unpublished -> published
    toggle(a, "absent.md", False)  # a line inserted, the flag flips
    retitle(a, S3, "A fixed title")
    (news / "new-story.md").write_text('---\ntitle: "Fresh"\n---\n')
    (news / "004_ff9743790476918e.txt").unlink()
    (news / ".newsdesk").mkdir()
    (news / ".newsdesk" / "decisions.jsonl").write_text("{}\n")  # not a story
    (a / "outside.md").write_text("---\ntitle: x\n---\n")  # outside the folder
    st = _status(a)
    kinds = {f.id: f.kind for f in st.files}
    assert kinds == {
        S0: "modified",
        S1: "modified",
        S3: "modified",
        "absent.md": "modified",
        "new-story.md": "untracked",
        "004_ff9743790476918e.txt": "deleted",
    }
    assert st.others == (f"{FOLDER}/.newsdesk/decisions.jsonl",)
    changes = story_changes(Site.repo(a), st)
    assert not isinstance(changes, GitProblem)
    by_id = {c.id: c for c in changes}
    assert by_id[S0].kind == "unpublished" and (by_id[S0].flag_before, by_id[S0].flag_after) == (True, False)
    assert by_id[S1].kind == "published"
    assert by_id["absent.md"].kind == "unpublished"
    assert by_id[S3].kind == "edited"
    assert by_id[S3].diff[0].startswith("-title:") and by_id[S3].diff[1] == '+title: "A fixed title"'
    assert by_id["new-story.md"].kind == "added" and by_id["new-story.md"].title == "Fresh"
    assert by_id["004_ff9743790476918e.txt"].kind == "deleted"
    assert {c.json_change for c in changes} <= {"published", "unpublished", "edited", "added", "deleted"}


def test_published_line_inserted_and_staged_changes(site: Site) -> None:
    a = site.clone("a", "Alice")
    publish_explicitly(a, "absent.md")
    toggle(a, S0, False)
    git(a, "add", f"{FOLDER}/{S0}")  # staged or not, a change against HEAD is a change
    changes = story_changes(Site.repo(a))
    assert not isinstance(changes, GitProblem)
    assert [(c.id, c.kind, c.json_change) for c in changes] == [
        (S0, "unpublished", "unpublished"),
        ("absent.md", "published line inserted", "edited"),
    ]


def test_toggle_back_is_no_change(site: Site) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S0, True)
    assert _status(a).files == ()


def test_ahead_and_behind_as_of_the_last_fetch(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, S0, False)
    commit_all(a, "unpublish")
    toggle(b, S3, False)
    commit_all(b, "b unpublish")
    push(b)
    st = _status(a)
    assert (st.ahead, st.behind) == (1, 0)  # not fetched yet
    git(a, "fetch", "--quiet")
    st = _status(a)
    assert (st.ahead, st.behind) == (1, 1)


def test_classify_and_secured_never_printed() -> None:
    before = b'---\ntitle: "x"\nsecured: "AAAA;BBBB"\n---\n'
    after = b'---\ntitle: "x"\nsecured: "CCCC;DDDD"\n---\n'
    change = classify("s.md", before, after)
    assert change is not None and change.kind == "edited"
    assert all("AAAA" not in line and "CCCC" not in line for line in change.diff)
    assert classify("s.md", before, before) is None
    broken = classify("s.md", before, b"not a story")
    assert broken is not None and broken.kind == "edited" and broken.flag_after is None


def test_head_versions_for_discard(site: Site) -> None:
    a = site.clone("a", "Alice")
    original = (a / FOLDER / S0).read_bytes()
    toggle(a, S0, False)
    got = head_versions(Site.repo(a), [S0, "nope.md"])
    assert got == {S0: original, "nope.md": None}


def test_targeted_status_merges_into_the_full_one(site: Site) -> None:
    a = site.clone("a", "Alice")
    repo = Site.repo(a)
    toggle(a, S0, False)
    full = status(repo)
    assert isinstance(full, RepoStatus) and [f.id for f in full.files] == [S0]
    toggle(a, S0, True)  # back: no longer changed
    toggle(a, S3, False)
    (a / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\n---\n')
    partial = status(repo, [S0, S3, "fresh.md"])
    assert isinstance(partial, RepoStatus) and partial.branch == "main" and partial.upstream == "origin/main"
    assert {f.id: f.kind for f in partial.files} == {S3: "modified", "fresh.md": "untracked"}
    merged = full.merged(partial, [S0, S3, "fresh.md"])
    assert [f.id for f in merged.files] == sorted([S3, "fresh.md"])
    assert merged.files == status(repo).files  # type: ignore[union-attr]
    headers_only = status(repo, [])
    assert isinstance(headers_only, RepoStatus) and headers_only.files == () and headers_only.branch == "main"
