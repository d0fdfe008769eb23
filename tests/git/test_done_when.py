"""Issue 15's "Done when", at the core level: two editors, one remote, one conflict.

A unpublishes three stories and commits from the desk; B, from the same starting
point, publishes one of them and unpublishes another; both sync. The one story both
changed differently (A unpublished it, B published it) is listed with both sides
when B syncs without a choice, the repository left clean; B then settles it with its
own side. The remote holds both editors' commits, each story ends as its last decider
chose, no file holds conflict markers, and both work trees hold the same stories.

With a boolean flag, two editors starting from the same line can only make the same
change or none, which git merges silently; the story that really conflicts is one
with no `published` line (published by default), where A's unpublish inserts
`published: false` and B's explicit publish inserts `published: true` at the same
place.
"""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, S0, S1, S3, S4, Site, flag, git, publish_explicitly, remote_log, toggle
from tui.core.git import RepoStatus, commit_stories, history, status, sync


def _stories(clone: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((clone / FOLDER).iterdir()) if p.is_file()}


def test_two_editors_one_conflict_settled_by_b(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    for sid in (S0, S3, "absent.md"):
        toggle(a, sid, False)
    committed = commit_stories(Site.repo(a))
    assert committed.ok and committed.message.startswith("Unpublish 3 stories: ")

    publish_explicitly(b, "absent.md")  # one of A's three, published
    toggle(b, S3, False)  # another of them, unpublished (the same as A: settles itself)
    toggle(b, S4, False)
    assert commit_stories(Site.repo(b)).ok
    b_commit = git(b, "rev-parse", "HEAD").strip()

    assert sync(Site.repo(a)).ok
    stuck = sync(Site.repo(b))
    assert stuck.outcome == "conflict" and [c.id for c in stuck.conflicts] == ["absent.md"]
    conflict = stuck.conflicts[0]
    assert (conflict.mine.published, conflict.theirs.published, conflict.theirs.author) == (True, False, "Alice")
    assert git(b, "rev-parse", "HEAD").strip() == b_commit  # clean, own commit kept
    assert git(b, "status", "--porcelain") == ""

    settled = sync(Site.repo(b), prefer="mine")
    assert settled.ok and settled.pushed == 1
    assert sync(Site.repo(a)).ok

    authors = [author for author, _ in remote_log(site)]
    assert authors[:2] == ["Bob", "Alice"]
    for clone in (a, b):
        assert flag(clone, S0) is False  # A
        assert flag(clone, S3) is False  # A and B alike
        assert flag(clone, "absent.md") is True  # B decided last, by its own choice
        assert flag(clone, S4) is False  # B
        assert flag(clone, S1) is False  # nobody touched it
        for sid, data in _stories(clone).items():
            assert b"<<<<<<<" not in data and b">>>>>>>" not in data, sid
        st = status(Site.repo(clone))
        assert isinstance(st, RepoStatus) and st.files == () and (st.ahead, st.behind) == (0, 0)
    assert _stories(a) == _stories(b)

    entries = history(Site.repo(a), "absent.md")
    assert isinstance(entries, tuple) and entries[0].author == "Bob" and entries[0].published is not None
    assert (entries[0].published.before, entries[0].published.after) == (False, True)
    assert entries[1].author == "Alice" and entries[1].change == "unpublished"


def test_a_conflict_in_a_later_commit_still_leaves_all_own_commits(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    assert commit_stories(Site.repo(a)).ok and sync(Site.repo(a)).ok
    toggle(b, S0, False)
    assert commit_stories(Site.repo(b)).ok
    publish_explicitly(b, "absent.md")
    assert commit_stories(Site.repo(b)).ok
    toggle(b, S4, False)
    assert commit_stories(Site.repo(b)).ok
    head = git(b, "rev-parse", "HEAD").strip()
    result = sync(Site.repo(b))
    assert result.outcome == "conflict" and [c.id for c in result.conflicts] == ["absent.md"]
    assert git(b, "rev-parse", "HEAD").strip() == head and git(b, "status", "--porcelain") == ""
    assert not (b / ".git" / "rebase-merge").exists()
    assert sync(Site.repo(b), prefer="theirs").ok
    assert flag(b, "absent.md") is False and flag(b, S0) is False and flag(b, S4) is False
    # seed, Alice, Bob's two: the commit that only published absent.md became empty with
    # the other side's version and was dropped, as git drops any commit left empty.
    subjects = git(b, "log", "--format=%an", "origin/main").split()
    assert subjects == ["Bob", "Bob", "Alice", "Seeder"]
