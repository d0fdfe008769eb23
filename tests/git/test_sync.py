"""Sync between two editors and a pipeline through a bare remote, with real git."""

from __future__ import annotations

import re
from pathlib import Path

from tests.git.site import (
    FOLDER,
    S0,
    S1,
    S3,
    S4,
    Site,
    commit_all,
    flag,
    git,
    publish_explicitly,
    push,
    remote_log,
    retitle,
    story,
    toggle,
)
from tui.core.git import RepoStatus, commit_stories, status, sync


def _clean(clone: Path) -> None:
    """No rebase or merge left behind, nothing conflicted."""
    git_dir = clone / ".git"
    assert not (git_dir / "rebase-merge").exists() and not (git_dir / "rebase-apply").exists()
    assert not (git_dir / "MERGE_HEAD").exists()
    assert "U" not in {line[:2].strip()[:1] for line in git(clone, "status", "--porcelain").splitlines()}


def _head(clone: Path) -> str:
    return git(clone, "rev-parse", "HEAD").strip()


def _both_ways(site: Site) -> tuple[Path, Path]:
    """A unpublishes `absent.md` and pushes; B publishes it explicitly and commits."""
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    assert commit_stories(Site.repo(a)).ok
    assert sync(Site.repo(a)).ok
    publish_explicitly(b, "absent.md")
    toggle(b, S0, False)  # and something that does not conflict
    assert commit_stories(Site.repo(b)).ok
    return a, b


def test_plain_sync_pushes_and_pulls(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok
    result = sync(Site.repo(a))
    assert result.ok and result.outcome == "synced" and result.pushed == 1
    assert remote_log(site)[0][0] == "Alice"
    result = sync(Site.repo(b))  # fast-forward
    assert result.ok and result.pulled == 1 and result.arrived == (S0,)
    assert flag(b, S0) is False
    again = sync(Site.repo(b))
    assert again.outcome == "up-to-date"


def test_same_story_both_ways_without_a_choice_aborts_cleanly(site: Site) -> None:
    _, b = _both_ways(site)
    mine = _head(b)
    result = sync(Site.repo(b))
    assert not result.ok and result.outcome == "conflict" and result.problem is not None
    assert result.problem.kind == "conflict"
    [conflict] = result.conflicts
    assert conflict.id == "absent.md"
    # The editor's view: "mine" is B's own commit, "theirs" is Alice's, despite rebase's swap.
    assert (conflict.mine.change, conflict.mine.published, conflict.mine.author) == (
        "published line inserted",
        True,
        "Bob",
    )
    assert (conflict.theirs.change, conflict.theirs.published, conflict.theirs.author) == (
        "unpublished",
        False,
        "Alice",
    )
    described = conflict.describe()
    assert described.startswith("you: published line inserted · Alice, ") and described.endswith(": unpublished")
    assert conflict.theirs.short in described
    _clean(b)
    assert _head(b) == mine  # its own commit kept
    assert flag(b, "absent.md") is True and flag(b, S0) is False
    assert remote_log(site)[0][0] == "Alice"  # nothing pushed


def test_same_story_both_ways_prefer_mine(site: Site) -> None:
    a, b = _both_ways(site)
    result = sync(Site.repo(b), prefer="mine")
    assert result.ok and result.outcome == "synced" and [c.id for c in result.conflicts] == ["absent.md"]
    _clean(b)
    assert flag(b, "absent.md") is True and flag(b, S0) is False
    assert [author for author, _ in remote_log(site)[:2]] == ["Bob", "Alice"]
    assert sync(Site.repo(a)).ok
    assert story(a, "absent.md") == story(b, "absent.md")


def test_same_story_both_ways_prefer_theirs(site: Site) -> None:
    a, b = _both_ways(site)
    result = sync(Site.repo(b), prefer="theirs")
    assert result.ok
    _clean(b)
    assert flag(b, "absent.md") is False  # Alice's
    assert flag(b, S0) is False  # B's other change survives
    assert sync(Site.repo(a)).ok
    assert story(a, "absent.md") == story(b, "absent.md")


def test_identical_changes_settle_themselves(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    for clone in (a, b):
        toggle(clone, S0, False)
        assert commit_stories(Site.repo(clone)).ok
    assert sync(Site.repo(a)).ok
    result = sync(Site.repo(b))
    assert result.ok and result.conflicts == ()
    _clean(b)
    assert flag(b, S0) is False
    assert git(b, "status", "--porcelain", "--branch").startswith("## main...origin/main\n")


def test_title_fix_against_a_toggle_merges_without_asking(site: Site) -> None:
    a, pipe = site.clone("a", "Alice"), site.clone("pipe", "Pipeline")
    retitle(pipe, S0, "Corrected title")
    retitle(pipe, "tight.md", "Corrected tight title")  # the line right above `published`
    commit_all(pipe, "Fix titles")
    push(pipe)
    toggle(a, S0, False)
    toggle(a, "tight.md", False)
    assert commit_stories(Site.repo(a)).ok
    result = sync(Site.repo(a))
    assert result.ok and result.conflicts == (), result
    # tight.md: git alone conflicts on adjacent lines; S0: git merged it as text. Both count.
    assert result.auto_merged == (S0, "tight.md")
    assert "merged 2 stories changed on both sides" in result.message
    _clean(a)
    for sid, title in ((S0, "Corrected title"), ("tight.md", "Corrected tight title")):
        text = story(a, sid).decode()
        assert f'title: "{title}"' in text and flag(a, sid) is False


def test_push_race_is_integrated_and_retried(site: Site) -> None:
    a, b, pipe = site.clone("a", "Alice"), site.clone("b", "Bob"), site.clone("pipe", "Pipeline")
    (pipe / FOLDER / "news-1.md").write_text('---\ntitle: "Breaking"\n---\n')
    commit_all(pipe, "Ingest 1 story")
    push(pipe)  # so that A's fetch brings something and runs the hook below
    git(b, "pull", "--quiet", "--rebase")
    toggle(b, S3, False)
    commit_all(b, "Bob unpublishes")
    # Right after A's fetch updates origin/main, Bob pushes: A's first push is rejected.
    hook = a / ".git" / "hooks" / "reference-transaction"
    hook.write_text(
        "#!/bin/sh\n"
        '[ "$1" = committed ] || exit 0\n'
        "grep -q ' refs/remotes/origin/main$' || exit 0\n"
        f'[ -e "{site.root}/raced" ] && exit 0\n'
        f'touch "{site.root}/raced"\n'
        "unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT\n"
        f'git -C "{b}" push --quiet origin HEAD:main && touch "{site.root}/bob-pushed"\n'
    )
    hook.chmod(0o755)
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok
    result = sync(Site.repo(a))
    assert (site.root / "bob-pushed").exists()
    assert result.ok and result.retries == 1, result
    authors = [author for author, _ in remote_log(site)]
    assert authors[:3] == ["Alice", "Bob", "Pipeline"]
    assert flag(a, S3) is False and flag(a, S0) is False and (a / FOLDER / "news-1.md").exists()


def test_uncommitted_work_is_stashed_and_restored(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(b, S3, False)
    commit_all(b, "Bob unpublishes")
    push(b)
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok
    toggle(a, S4, False)  # not committed, not touched upstream
    (a / FOLDER / "draft.md").write_text('---\ntitle: "Draft"\n---\n')  # untracked
    result = sync(Site.repo(a))
    assert result.ok and result.stashed and result.pushed == 1
    assert flag(a, S3) is False and flag(a, S4) is False
    assert (a / FOLDER / "draft.md").exists()
    st = status(Site.repo(a))
    assert isinstance(st, RepoStatus) and {f.id for f in st.files} == {S4, "draft.md"}
    assert git(a, "stash", "list") == ""


def test_uncommitted_change_the_other_side_touched_is_refused(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    retitle(b, S0, "Bob's title")
    commit_all(b, "Bob retitles")
    push(b)
    toggle(a, S0, False)  # uncommitted, and Bob changed that story
    before, mine = _head(a), story(a, S0)
    result = sync(Site.repo(a))
    assert not result.ok and result.problem is not None and result.problem.kind == "uncommitted"
    title = re.search(r'^title: "(.*)"$', story(a, S0).decode(), re.M)
    assert title is not None and f"uncommitted changes to '{title.group(1)}' ({S0})" in result.message
    assert _head(a) == before and story(a, S0) == mine
    _clean(a)
    assert git(a, "stash", "list") == ""
    assert commit_stories(Site.repo(a)).ok  # the way out: commit, then sync merges
    assert sync(Site.repo(a)).ok
    assert flag(a, S0) is False and b"Bob's title" in story(a, S0)


def test_pipeline_adds_and_deletes_while_an_editor_works(site: Site) -> None:
    a, pipe = site.clone("a", "Alice"), site.clone("pipe", "Pipeline")
    (pipe / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\npublished: false\n---\n')
    (pipe / FOLDER / S4).unlink()  # expired
    (pipe / FOLDER / S1).unlink()
    commit_all(pipe, "Ingest: add 1, expire 2")
    push(pipe)
    toggle(a, S0, False)
    toggle(a, S4, False)  # the pipeline deleted this one meanwhile: modify/delete
    assert commit_stories(Site.repo(a)).ok
    stuck = sync(Site.repo(a))
    assert stuck.outcome == "conflict" and [c.id for c in stuck.conflicts] == [S4]
    assert (stuck.conflicts[0].mine.change, stuck.conflicts[0].theirs.change) == ("unpublished", "deleted")
    assert stuck.conflicts[0].theirs.author == "Pipeline"
    _clean(a)
    result = sync(Site.repo(a), prefer="theirs")
    assert result.ok
    _clean(a)
    assert not (a / FOLDER / S4).exists() and not (a / FOLDER / S1).exists()
    assert (a / FOLDER / "fresh.md").exists() and flag(a, S0) is False
    assert set(result.arrived) >= {"fresh.md", S1, S4}


def test_a_story_deleted_by_the_other_side_is_named(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Sam Other")
    (b / FOLDER / "absent.md").unlink()
    commit_all(b, "Expire one")
    push(b)
    result = sync(Site.repo(a))  # a fast-forward: the story under the cursor goes
    assert result.ok
    assert result.message == (
        "brought in 1 commit; 1 story deleted by Sam Other: 'A story with no published line' (absent.md)"
    )


def test_no_remote_and_no_network_are_messages(site: Site, tmp_path: Path) -> None:
    lonely = tmp_path / "lonely"
    git(tmp_path, "init", "--quiet", "-b", "main", str(lonely))
    (lonely / "s.md").write_text("---\ntitle: x\n---\n")
    git(lonely, "add", "-A")
    git(lonely, "-c", "user.name=L", "-c", "user.email=l@x", "commit", "--quiet", "-m", "x")
    from tui.core.git import GitProblem, Repo, locate

    repo = locate(str(lonely))
    assert isinstance(repo, Repo)
    result = sync(repo)
    assert result.problem is not None and result.problem.kind == "no-remote" and "no remote" in result.message
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok
    git(a, "remote", "set-url", "origin", str(tmp_path / "gone.git"))
    before = _head(a)
    result = sync(Site.repo(a))
    assert result.problem is not None and result.problem.kind == "network"
    assert isinstance(result.problem, GitProblem) and "origin" in result.message
    assert _head(a) == before and flag(a, S0) is False
    _clean(a)


def test_decisions_log_merges_by_union(site: Site) -> None:
    from tui.core.git import AttributesResult, ensure_union_merge
    from tui.core.git.attributes import merge_driver

    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    setup = ensure_union_merge(Site.repo(a))
    assert isinstance(setup, AttributesResult) and setup.changed
    assert git(a, "status", "--porcelain").strip() == f"?? {FOLDER}/.gitattributes"  # nothing committed
    assert ensure_union_merge(Site.repo(a)) == AttributesResult(False, str(a / FOLDER / ".gitattributes"))
    log = a / FOLDER / ".newsdesk" / "decisions.jsonl"
    log.parent.mkdir()
    log.write_text('{"n": 0}\n')
    commit_all(a, "Decisions log, merged by union")
    push(a)
    assert sync(Site.repo(b)).ok and merge_driver(Site.repo(b)) == "union"
    blog = b / FOLDER / ".newsdesk" / "decisions.jsonl"
    with log.open("a") as fh:
        fh.write('{"n": "alice"}\n')
    commit_all(a, "Alice decides")
    push(a)
    with blog.open("a") as fh:
        fh.write('{"n": "bob"}\n')
    commit_all(b, "Bob decides")
    with blog.open("a") as fh:
        fh.write('{"n": "bob, uncommitted"}\n')
    result = sync(Site.repo(b))
    assert result.ok and result.conflicts == () and result.stashed
    lines = blog.read_text().splitlines()
    assert sorted(lines) == sorted(['{"n": 0}', '{"n": "alice"}', '{"n": "bob"}', '{"n": "bob, uncommitted"}'])
    _clean(b)


def test_a_side_per_story(site: Site) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    toggle(a, S0, False)
    assert commit_stories(Site.repo(a)).ok and sync(Site.repo(a)).ok
    publish_explicitly(b, "absent.md")
    (b / FOLDER / S0).unlink()  # Bob deletes the story Alice unpublished
    assert commit_stories(Site.repo(b)).ok
    head = _head(b)
    partial = sync(Site.repo(b), choices={"absent.md": "mine"})
    assert partial.outcome == "conflict" and partial.unresolved == (S0,)
    assert [c.id for c in partial.conflicts] == [S0, "absent.md"]
    assert (partial.conflicts[0].mine.change, partial.conflicts[0].theirs.change) == ("deleted", "unpublished")
    assert _head(b) == head and git(b, "status", "--porcelain") == ""
    done = sync(Site.repo(b), choices={"absent.md": "mine", S0: "theirs"})
    assert done.ok and done.unresolved == () and "1 with your side, 1 with the other side" in done.message
    _clean(b)
    assert flag(b, "absent.md") is True and flag(b, S0) is False
