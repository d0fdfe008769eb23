"""A site's files newsdesk cannot read as stories are rows of the list (Store.unreadable).

Bad YAML that still goes live, a file with no front matter copied raw, bytes that are
not UTF-8 and stop the build: each is a row with its site outcome, a readable title,
placed by the sort like any story, let through by the filters that can speak of it, and
followed when the file changes. Never a story: the duplicate finder, the graph and the
search index read `Store.stories` only. A plain folder keeps them as problems only.
"""

from __future__ import annotations

from pathlib import Path

from tests.site.cases import BREAKERS, CASES, CONFIG, story
from tui.core.dupes.finder import DuplicateFinder
from tui.core.graph import Graph
from tui.core.store.query import Query
from tui.core.store.records import DiskState
from tui.core.store.store import Store
from tui.core.store.unreadable import apparent_title

UNREADABLE = {  # what the differential site holds that newsdesk cannot read, and its title
    "_news/bad-yaml.md": "[unclosed",
    "_news/list-root.md": "list-root.md",
    "_news/empty-file.md": "empty-file.md",
    "_news/no-front-matter.md": "no-front-matter.md",
    "_news/indented.md": "x",
    "_news/unclosed.md": "x",
    "_news/latin1.txt": "caf\ufffd",
    "_samples/latin1.md": "caf\ufffd",
    "_posts/2020-01-05-nofm.md": "2020-01-05-nofm.md",
    "_posts/2020-01-06-latin1.md": "caf\ufffd",
    "_news/latin1.md": "caf\ufffd",
    "_news/liquid-latin1.txt": "caf\ufffd",
}


def _site(root: Path, files: dict[str, bytes], config: bytes = CONFIG) -> Store:
    for rel, raw in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
    (root / "_config.yml").write_bytes(config)
    store = Store(str(root))
    store.load()
    return store


def _differential(tmp_path: Path) -> Store:
    return _site(tmp_path / "site", {c.path: c.raw for c in CASES + BREAKERS})


def test_every_unreadable_file_of_a_collection_is_a_row_with_its_outcome(tmp_path: Path) -> None:
    store = _differential(tmp_path)
    assert {sid: row.title for sid, row in store.unreadable.items()} == UNREADABLE
    assert not set(store.unreadable) & set(store.stories)
    outcomes = {c.path: c.outcome for c in CASES + BREAKERS}
    for sid, row in store.unreadable.items():
        verdict = store.site.verdict(sid, None)
        assert verdict is not None and verdict.outcome == outcomes[sid], sid
        assert row.published == (verdict.outcome == "page")
        assert store.row(sid) is row and store.get(sid) is None and sid not in store
    # Pages outside the collections are no rows, even when newsdesk cannot read them.
    assert "page-list.md" not in store.unreadable and "notes.txt" not in store.unreadable


def test_rows_take_their_place_in_every_sort_and_only_the_filters_that_speak_of_them(tmp_path: Path) -> None:
    store = _differential(tmp_path)
    rows = set(store.unreadable)
    for sort in ("date", "heat", "quality", "provider", "title"):
        for descending in (True, False):
            ids = store.query(Query(sort=sort, descending=descending)).ids
            assert set(ids) == set(store.stories) | rows
            by_title = sorted(ids, key=lambda sid: (store.row(sid).title.casefold(), sid), reverse=descending)  # type: ignore[union-attr]
            if sort == "title":
                assert ids == by_title
    pages = {sid for sid in rows if store.unreadable[sid].published}
    assert rows & set(store.query(Query(state="published")).ids) == pages
    assert rows & set(store.query(Query(state="unpublished")).ids) == rows - pages
    assert rows & set(store.query(Query(collection="posts")).ids) == {r for r in rows if r.startswith("_posts/")}
    flagged = rows & set(store.query(Query(site_differs=True)).ids)
    assert "_news/no-front-matter.md" in flagged and "_news/latin1.md" in flagged  # raw, breaks the build
    assert "_news/bad-yaml.md" in flagged  # its `published: false` does nothing
    assert "_posts/2020-01-05-nofm.md" not in flagged  # a post without front matter: a page, as it looks
    for query in (
        Query(provider=""),
        Query(topic="x"),
        Query(state="duplicates"),
        Query(state="decided"),
        Query(text="unclosed"),
        Query(collection="samples", site_differs=True, state="published"),
    ):
        assert not rows & set(store.query(query).ids), query


def test_a_row_follows_its_file_into_a_story_and_back(tmp_path: Path) -> None:
    root = tmp_path / "site"
    store = _site(root, {"_news/a.md": story("published: true"), "_news/b.md": b"no front matter\n"})
    events: list[str] = []
    store.subscribe(lambda event: events.append(event.kind))
    assert set(store.unreadable) == {"_news/b.md"}

    (root / "_news/b.md").write_bytes(story("published: false"))  # fixed outside
    store.sync_files([DiskState("_news/b.md", *_read(store, "_news/b.md"), True)])
    assert "_news/b.md" in store.stories and not store.unreadable and "added" in events

    (root / "_news/a.md").write_bytes(b"---\ntitle: [broken\n---\n")  # broken outside
    store.sync_files([DiskState("_news/a.md", *_read(store, "_news/a.md"), True)])
    assert "_news/a.md" not in store.stories and store.unreadable["_news/a.md"].title == "[broken"
    assert "removed" in events

    (root / "_news/a.md").unlink()  # gone
    store.sync_files([DiskState("_news/a.md", None, (), False)])
    assert not store.unreadable and "_news/a.md" not in store.query(Query()).ids


def _read(store: Store, sid: str) -> tuple[object, tuple[object, ...]]:
    from tui.core.disk import folder

    found, problems = folder.read_one(store.root, sid)
    return found, tuple(problems)


def test_rows_never_feed_the_duplicate_finder_or_the_graph(tmp_path: Path) -> None:
    # Twice the same headline: as stories they would be the plainest duplicate pair.
    note = b"---\ntitle: Council approves the new city budget after a long debate\nlede: [broken\n---\nBody.\n"
    files = {"_news/one.md": note, "_news/two.md": note, "_news/three.md": story(), "_news/four.md": story()}
    store = _site(tmp_path / "site", files)
    assert set(store.unreadable) == {"_news/one.md", "_news/two.md"}
    finder = DuplicateFinder(store, subscribe=False)
    try:
        stats = finder.run()
        paired = {sid for a, b, _score, _kind in finder.pairs() for sid in (a, b)}
    finally:
        finder.close()
    assert stats.stories == len(store.stories) == 2 and not paired & set(store.unreadable)
    graph = Graph(store, subscribe=False)
    nodes = {sid for component in graph.components() for sid in component.stories}
    assert not nodes & set(store.unreadable)


def test_a_plain_folder_keeps_unreadable_files_as_problems_only(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(b"no front matter\n")
    (tmp_path / "b.md").write_bytes(story())
    store = Store(str(tmp_path))
    store.load()
    assert not store.unreadable and "a.md" in store.problems
    assert store.query(Query()).ids == ["b.md"]


def test_a_title_is_read_as_text_wherever_front_matter_seems_to_be() -> None:
    assert apparent_title(b"---\ntitle: 'Quoted'\n---\n") == "Quoted"
    assert apparent_title(b"\xef\xbb\xbf---\r\ntitle: Behind a mark\r\n---\r\n") == "Behind a mark"
    assert apparent_title(b"---\ntitle: >\n  folded\n---\n") is None
    assert apparent_title(b"---\nsub:\n  title: nested\n---\n") is None
    assert apparent_title(b"---\nx: 1\n---\ntitle: in the body\n") is None
    assert apparent_title(b"title: no opener\n") is None
    assert apparent_title(b"---\ntitle: \x1b[2Jcaf\xe9\n---\n") == "\\x1b[2Jcaf\ufffd"
    assert len(apparent_title(b"---\ntitle: " + b"x" * 10_000 + b"\n---\n") or "") <= 300


def test_the_loaders_cached_lines_give_each_story_site_outcomes_verdict(tmp_path: Path) -> None:
    """A site's store judges its stories from the `published` lines the loader read (the
    cache's, on the second load), never reading them again: the same verdict as
    site_outcome on the bytes, for 400 generated stories (byte-order marks included)."""
    from tests.storygen.generate import generate
    from tui.core.site import read_config, site_outcome

    root = tmp_path / "site"
    generate(str(root / "_news"), 400, seed=5)
    for index, path in enumerate(sorted((root / "_news").glob("0*"))):
        if index % 5 == 0:
            (root / "_news" / "drafts").mkdir(exist_ok=True)
            path.rename(root / "_news" / "drafts" / path.name)
    (root / "_config.yml").write_bytes(CONFIG)
    config = read_config(str(root))
    for _ in range(2):  # parsed, then from the cache
        store = Store(str(root))
        store.load()
        assert len(store.site._lines) > 300
        for sid, held in store.stories.items():
            raw = (root / sid).read_bytes()
            assert store.site.verdict(sid, held) == site_outcome(sid, raw, config), sid
