"""Two editors' opposite publish decisions that git merges cleanly as text.

The trial's case: A's desk inserts `published: false` at the end of a story's front
matter; B (plain git) fixes the title and inserts `published: true` near the top. git
merges the two places without a conflict and the file holds `published` twice; Jekyll
takes the last. The sync must see a conflict in editor terms, however git merged.
"""

from __future__ import annotations

from pathlib import Path

from tests.git.site import FOLDER, Site, commit_all, git, push, toggle
from tui.core.format.dupkeys import duplicate_keys
from tui.core.format.frontmatter import parse
from tui.core.git import commit_stories, sync

LONG = "long.md"


def _long_story() -> str:
    keys = "".join(f"key{i}: value {i}\n" for i in range(40))
    return f'---\ntitle: "Helo world"\nwebUrl: "https://example.com/long"\n{keys}type: article\n---\nBody\n'


def _setup(site: Site) -> tuple[Path, Path]:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    (a / FOLDER / LONG).write_text(_long_story())
    commit_all(a, "A long story")
    push(a)
    git(b, "pull", "--quiet")
    return a, b


def _b_fixes_title_and_publishes(b: Path) -> None:
    path = b / FOLDER / LONG
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = 'title: "Hello world"\n'
    lines.insert(3, "published: true\n")  # after line 3
    path.write_text("".join(lines))
    commit_all(b, "Fix the title, publish explicitly")
    push(b)


def _published(clone: Path) -> tuple[bool, int]:
    raw = (clone / FOLDER / LONG).read_bytes()
    lines = [ln for ln in raw.decode().splitlines() if ln.startswith("published:")]
    return parse(raw).data.get("published", True), len(lines)


def test_opposite_publish_lines_merged_cleanly_are_a_conflict(site: Site) -> None:
    a, b = _setup(site)
    toggle(a, LONG, False)  # the desk's insert: at the end of the front matter
    assert commit_stories(Site.repo(a)).ok
    _b_fixes_title_and_publishes(b)
    head = git(a, "rev-parse", "HEAD")
    result = sync(Site.repo(a))
    assert result.outcome == "conflict" and result.unresolved == (LONG,)
    (c,) = result.conflicts
    assert c.describe().startswith("you: unpublished · Bob, ")
    assert c.describe().endswith(": published")
    assert git(a, "rev-parse", "HEAD") == head and git(a, "status", "--porcelain") == ""
    assert _published(a) == (False, 1)  # as it was: nothing merged

    mine = sync(Site.repo(a), choices={LONG: "mine"})
    assert mine.ok and "settled 1 conflicting story (1 with your side)" in mine.message
    raw = (a / FOLDER / LONG).read_bytes()
    assert _published(a) == (False, 1) and b'title: "Hello world"' in raw  # B's title fix kept
    assert duplicate_keys(raw) == ()
    git(b, "pull", "--quiet")
    assert (b / FOLDER / LONG).read_bytes() == raw


def test_opposite_lines_prefer_theirs_keeps_one_line(site: Site) -> None:
    a, b = _setup(site)
    toggle(a, LONG, False)
    assert commit_stories(Site.repo(a)).ok
    _b_fixes_title_and_publishes(b)
    result = sync(Site.repo(a), "theirs")
    assert result.ok
    assert _published(a) == (True, 1)
    assert b'title: "Hello world"' in (a / FOLDER / LONG).read_bytes()


def test_same_decision_written_in_two_places_becomes_one_line(site: Site) -> None:
    a, b = _setup(site)
    toggle(a, LONG, False)
    assert commit_stories(Site.repo(a)).ok
    path = b / FOLDER / LONG
    lines = path.read_text().splitlines(keepends=True)
    lines[1] = 'title: "Hello world"\n'
    lines.insert(3, "published: false\n")
    path.write_text("".join(lines))
    commit_all(b, "Fix the title, unpublish")
    push(b)
    result = sync(Site.repo(a))
    assert result.ok and result.conflicts == ()
    raw = (a / FOLDER / LONG).read_bytes()
    assert _published(a) == (False, 1) and b'title: "Hello world"' in raw
    assert "merged 1 story changed on both sides" in result.message


def test_each_side_says_what_it_changed(site: Site) -> None:
    a, b = _setup(site)
    toggle(a, LONG, False)
    assert commit_stories(Site.repo(a)).ok
    _b_fixes_title_and_publishes(b)
    (c,) = sync(Site.repo(a)).conflicts
    assert any("title" in line for line in c.theirs.diff), c.theirs.diff
    assert not any("title" in line for line in c.mine.diff), c.mine.diff
