"""The store on a Jekyll site root: collections loaded, outcomes per story, toggles that mean it.

Issue 14's Done-when, through the store the dashboard and the CLI both edit with:
every collection's stories loaded (pages, `_unlisted/` and excluded folders are not
stories), each with the outcome tests/site/cases.py says Jekyll gives it, and
unpublishing then republishing 20 real-shaped stories (LF and CRLF, every spelling)
leaves byte-identical files with exactly the asked outcome in between.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site.cases import BOM, CASES, build_site, story
from tui.core.format.edits import LineChange, replay
from tui.core.format.site_edits import one_line_changed
from tui.core.site import read_config, site_outcome
from tui.core.store.store import Store

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SPELLINGS = ["~", "", '"false"', "0", "nO", "n", "OFF", "No", "true", "false"]


def _loaded(root: Path) -> Store:
    store = Store(str(root))
    store.load()
    return store


def test_a_site_loads_every_collection_and_only_its_collections(tmp_path: Path) -> None:
    root = build_site(tmp_path / "site")
    store = _loaded(root)
    assert store.site.active
    held = set(store.stories) | set(store.problems)
    for case in CASES:
        in_collection = case.path.startswith(("_news/", "_samples/", "_posts/"))
        if case.path.endswith((".md", ".txt", ".markdown")) and not Path(case.path).name.startswith("."):
            assert (case.path in held) == in_collection, case.path
    assert {store.site.collection(sid) for sid in store.stories} == {"news", "samples", "posts"}
    assert set(store.site.labels()) == {"posts", "news", "samples"}


def test_each_story_has_the_outcome_jekyll_gives_it(tmp_path: Path) -> None:
    root = build_site(tmp_path / "site")
    store = _loaded(root)
    checked = 0
    for case in CASES:
        if case.path in store.stories or case.path in store.problems:
            verdict = store.site.verdict(case.path, store.stories.get(case.path))
            assert verdict is not None and verdict.outcome == case.outcome, case.path
            checked += 1
    assert checked >= 40


def test_a_plain_folder_is_not_a_site(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(story("published: false"))
    store = _loaded(tmp_path)
    assert not store.site.active and store.site.verdict("a.md", store.stories["a.md"]) is None
    assert store.toggle(["a.md"]).ok and b"published: true" in (tmp_path / "a.md").read_bytes()


def _twenty(root: Path) -> dict[str, bytes]:
    """20 real stories: the seeds, LF and CRLF, with the line as written, absent or re-spelled."""
    files: dict[str, bytes] = {}
    seeds = sorted(SEEDS.iterdir())
    for i in range(20):
        raw = seeds[i % len(seeds)].read_bytes()
        lines = raw.split(b"\n")
        at = next(n for n, line in enumerate(lines) if line.startswith(b"published:"))
        variant = i // 5 % 4
        if variant == 1:
            del lines[at]
        elif variant in (2, 3):
            lines[at] = b"published: " + SPELLINGS[i % len(SPELLINGS)].encode()
        raw = b"\n".join(lines)
        if i % 2:
            raw = raw.replace(b"\n", b"\r\n")
        sid = f"_news/{i:02d}-{seeds[i % len(seeds)].stem}.md"
        (root / sid).write_bytes(raw)
        files[sid] = raw
    return files


def test_unpublish_and_republish_twenty_real_stories_gives_back_the_same_bytes(tmp_path: Path) -> None:
    root = build_site(tmp_path / "site", cases=())
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (root / "_news").mkdir()
    files = _twenty(root)
    store = _loaded(root)
    config = read_config(str(root))
    ids = sorted(files)
    assert not store.problems.keys() - set(ids)
    for want, value in (("hidden", False), ("page", True)):
        outcome = store.set_published(ids, value)
        assert outcome.ok, outcome.message
        for sid in ids:
            raw = (root / sid).read_bytes()
            assert site_outcome(sid, raw, config).outcome == want, (sid, raw[:400])
            verdict = store.site.verdict(sid, store.stories.get(sid))
            assert verdict is not None and verdict.outcome == want
    for _ in range(2):
        assert store.undo().ok
    assert {sid: (root / sid).read_bytes() for sid in ids} == files  # undo: byte for byte
    # ...and the other way: toggled by hand to page, hidden, page again
    for value in (True, False, True):
        assert store.set_published(ids, value).ok
    for sid in ids:
        raw = (root / sid).read_bytes()
        assert one_line_changed(files[sid], raw) or raw == files[sid] or b"published:" in raw


@pytest.mark.parametrize("spelling", [*SPELLINGS, None])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_spelling_toggles_to_exactly_page_or_hidden_and_undoes_byte_exact(
    tmp_path: Path, spelling: str | None, newline: str
) -> None:
    root = tmp_path / "site"
    root.mkdir()
    config = b"collections:\n  news:\n    output: true\n"
    config += b"defaults:\n  - scope:\n      path: _news/d\n    values:\n      published: false\n"
    (root / "_config.yml").write_bytes(config)
    (root / "_news" / "d").mkdir(parents=True)
    lines = [] if spelling is None else [f"published: {spelling}"]
    originals = {sid: story(*lines, newline=newline) for sid in ("_news/a.md", "_news/d/b.md")}
    for sid, raw in originals.items():
        (root / sid).write_bytes(raw)
    store = _loaded(root)
    site = read_config(str(root))
    for sid, raw in originals.items():
        for value, want in ((False, "hidden"), (True, "page")):
            before = (root / sid).read_bytes()
            outcome = store.set_published([sid], value)
            assert outcome.ok, outcome.message
            after = (root / sid).read_bytes()
            assert site_outcome(sid, after, site).outcome == want
            assert after == before or one_line_changed(before, after)
        while store.can_undo:
            assert store.undo().ok
        assert (root / sid).read_bytes() == raw


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (BOM + story("published: false"), "byte-order mark"),
        (b"Just a note.\n", "no front matter"),
        (b"---\ntitle: caf\xe9\n---\nBody.\n", "UTF-8"),
    ],
)
def test_a_file_no_published_line_can_set_is_refused_and_left_alone(tmp_path: Path, raw: bytes, says: str) -> None:
    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (root / "_news" / "x.md").write_bytes(raw)
    (root / "_news" / "ok.md").write_bytes(story("published: false"))
    store = _loaded(root)
    for value in (True, False):
        outcome = store.set_published(["_news/x.md"], value)
        if outcome.ok:  # already so: nothing to write
            assert "nothing to write" in outcome.message.lower() or not outcome.changed
            continue
        assert says in outcome.message and "Nothing was changed" in outcome.message
    assert (root / "_news" / "x.md").read_bytes() == raw


def test_undo_restores_a_non_boolean_line_byte_for_byte() -> None:
    raw = story('published: "false"', newline="\r\n")
    change = LineChange('published: "false"', "published: false")
    toggled = replay(raw, change)
    assert b"published: false\r\n" in toggled
    assert replay(toggled, change.inverse()) == raw


def test_the_loader_walks_only_the_collections_of_a_site(tmp_path: Path) -> None:
    from tui.core.disk import folder

    root = build_site(tmp_path / "site")
    (root / "_site" / "news").mkdir(parents=True)
    (root / "_site" / "news" / "bom.md").write_bytes(BOM + story())  # a built raw copy: not a story
    (root / "_news" / "0.md").write_bytes(story())
    ids = folder.scan(str(root))
    assert "_news/0.md" in ids and "_samples/plain.md" in ids and "_posts/2020-01-01-post.md" in ids
    assert not [sid for sid in ids if sid.startswith(("_site/", "_unlisted/", "private/", "pagesdir/"))]
    assert "index.md" not in ids and "notes.txt" not in ids
    _count, problems = folder.check(str(root))
    assert not [p for p in problems if not p.id.startswith(("_news/", "_samples/", "_posts/"))]
    (root / "_config.yml").unlink()  # a plain folder again: every story file, as before
    assert {"index.md", "_site/news/bom.md", "private/x.md"} <= set(folder.scan(str(root)))
