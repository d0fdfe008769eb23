"""The finder the dashboard uses: clusters, canonical copies, decisions on files and log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.stories import ORIGINAL, Spec, copy, story, write
from tui.core.dupes import keep
from tui.core.dupes.finder import DuplicateFinder
from tui.core.model import Story
from tui.core.store.store import Store

YAHOO = {"provider": "Yahoo News", "domain": "news.yahoo.com"}
CALL = "Join the Contoso team for the monthly community call: demos of what shipped and open questions."
SPECS = {
    "a.md": ORIGINAL,  # no published key: published
    "b.md": copy(ORIGINAL, title="UPDATE 2-" + ORIGINAL.title, hours=3, published="true", **YAHOO),
    "c.md": copy(
        ORIGINAL,
        title="Bay State lawmakers rein in face scans by officers",
        hours=5,
        published="false",
        provider="MSN",
        domain="msn.com",
    ),
    "d.md": Spec("Contoso community call: March 2021", CALL, hours=1, provider="Contoso", domain="contoso.com"),
    "e.md": Spec("Contoso community call: April 2021", CALL, hours=30, provider="Contoso", domain="contoso.com"),
    "f.md": Spec(
        "Ohio limits police drones over schools after privacy complaints",
        "Citing concerns about cost and oversight, Ohio limited police drones over schools, the governor said.",
        hours=100,
        provider="Dispatch",
        domain="dispatch.com",
    ),
    "g.md": Spec(
        "Ohio limits police drones over schools after privacy complaints",
        "Citing concerns about cost and oversight, Ohio limited police drones over schools, the governor said.",
        hours=104,
        **YAHOO,
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    root = tmp_path / "news"
    return root, write(root, SPECS)


_OPEN: list[DuplicateFinder] = []


@pytest.fixture(autouse=True)
def _close_finders() -> Iterator[None]:
    """Each following finder runs a thread of its own: end it with the test."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def _finder(root: Path) -> tuple[Store, DuplicateFinder]:
    store = Store(str(root))
    store.load()
    finder = DuplicateFinder(store)
    _OPEN.append(finder)
    finder.run()
    return store, finder


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.md"))}


def test_clusters_canonical_suspects_and_lookups(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = folder
    store, finder = _finder(root)
    clusters = finder.clusters()
    assert [set(c.ids) for c in clusters] == [{"f.md", "g.md"}, {"a.md", "b.md", "c.md"}] or [
        set(c.ids) for c in clusters
    ] == [{"a.md", "b.md", "c.md"}, {"f.md", "g.md"}]
    big = finder.cluster_of("b.md")
    assert big is not None and big.ids == ("a.md", "b.md", "c.md")
    # a (no key) and b are published, c is not: the editor chose, among the published the earliest.
    assert big.canonical == "a.md" and big.decision is None and 0 < big.score <= 100
    assert all(p.why for p in big.pairs)
    assert [c.score for c in finder.open_clusters()] == sorted((c.score for c in clusters), reverse=True)
    assert store.suspects == {"a.md", "b.md", "c.md", "f.md", "g.md"}
    assert {other for other, _ in finder.duplicates_of("a.md")} == {"b.md", "c.md"}
    assert finder.duplicates_of("d.md") == [] and finder.cluster_of("d.md") is None
    assert {(a, b) for a, b, _, _ in finder.pairs()} >= {("f.md", "g.md")} | {tuple(sorted(("a.md", "b.md")))}


def test_canonical_is_earliest_then_quality_then_heat_then_published() -> None:
    def pick(stories: list[Story]) -> str:  # the copy an editor keeps, as the finder suggests it
        return keep.choose(stories).id

    early, late = story(Spec("x", hours=0), "late.md"), story(Spec("x", hours=-1), "early.md")
    assert pick([early, late]) == "early.md"
    low, high = story(Spec("x", quality=30), "low.md"), story(Spec("x", quality=70), "high.md")
    assert pick([low, high]) == "high.md"
    cold, hot = story(Spec("x", heat=5), "cold.md"), story(Spec("x", heat=80), "hot.md")
    assert pick([cold, hot]) == "hot.md"
    hidden, shown = story(Spec("x", hours=-5, published="false"), "hidden.md"), story(Spec("x"), "shown.md")
    assert pick([hidden, shown]) == "shown.md"
    assert (
        pick([story(Spec("x", hours=-5, published="false"), "p.md"), story(Spec("x", published="no"), "q.md")])
        == "p.md"
    )


def test_decide_duplicate_writes_one_line_per_file_and_undo_restores_bytes(
    folder: tuple[Path, dict[str, bytes]],
) -> None:
    root, before = folder
    store, finder = _finder(root)
    key = finder.cluster_of("a.md").key  # type: ignore[union-attr]
    outcome = finder.decide_duplicate(key)
    assert outcome.ok and outcome.changed == ("b.md",)
    after = _files(root)
    assert after["b.md"] == before["b.md"].replace(b"published: true", b"published: false")
    assert {k for k in after if after[k] != before[k]} == {"b.md"}
    decided = finder.cluster_of("a.md")
    assert decided is not None and decided.decision == "duplicate" and decided.canonical == "a.md"
    assert store.suspects == {"f.md", "g.md"}
    undone = finder.undo_decision()
    assert undone.ok and _files(root) == before
    assert finder.cluster_of("a.md").decision is None  # type: ignore[union-attr]
    lines = (root / ".newsdesk" / "decisions.jsonl").read_text().splitlines()
    assert [line.split('"')[3] for line in lines] == ["duplicate", "undo"]


def test_choosing_another_canonical_is_one_store_undo_step(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, before = folder
    store, finder = _finder(root)
    key = finder.cluster_of("a.md").key  # type: ignore[union-attr]
    outcome = finder.decide_duplicate(key, "c.md")
    # Issue 17: the kept copy is left as it was (unpublished); only the others are written.
    assert outcome.ok and set(outcome.changed) == {"a.md", "b.md"}
    assert (
        "the kept copy is left unpublished" in outcome.message
        and ": 2 unpublished; 2 files written;" in outcome.message
    )
    after = _files(root)
    assert after["c.md"] == before["c.md"]
    assert before["a.md"].endswith(b"\n---\n")  # the absent key is inserted before the closing line
    assert after["a.md"] == before["a.md"][:-4] + b"published: false\n---\n"
    assert not store.stories["c.md"].published and not store.stories["a.md"].published
    assert store.undo().ok and _files(root) == before  # one step reverts both files


def test_distinct_touches_no_file_and_stays_quiet_until_a_member_changes(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, before = folder
    store, finder = _finder(root)
    outcome = finder.decide_distinct(finder.cluster_of("f.md").key)  # type: ignore[union-attr]
    assert outcome.ok and _files(root) == before
    assert finder.cluster_of("f.md").decision == "distinct" and "f.md" not in store.suspects  # type: ignore[union-attr]
    rescores = finder.rescores
    store.set_published(["g.md"], False)  # publishing is not a change of content
    assert finder.flush() and finder.rescores == rescores  # so nothing is re-scored
    assert finder.cluster_of("g.md").decision == "distinct"  # type: ignore[union-attr]
    store2, finder2 = _finder(root)  # a restart
    assert finder2.cluster_of("f.md").decision == "distinct"  # type: ignore[union-attr]
    text = (root / "g.md").read_bytes().replace(b"the governor said.", b"the governor said on Friday.")
    (root / "g.md").write_bytes(text)
    store2.reload("g.md")  # tells the finder through the store's events
    assert finder2.flush()  # re-scored on the finder's own thread
    reopened = finder2.cluster_of("g.md")
    assert reopened is not None and reopened.decision is None and "g.md" in store2.suspects


def test_a_new_member_reopens_a_decided_cluster(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = folder
    store, finder = _finder(root)
    finder.decide_distinct(finder.cluster_of("f.md").key)  # type: ignore[union-attr]
    write(root, {"h.md": copy(SPECS["g.md"], hours=106, provider="MSN", domain="msn.com")})
    store.reload("h.md")
    assert finder.flush()
    grown = finder.cluster_of("h.md")
    assert grown is not None and set(grown.ids) == {"f.md", "g.md", "h.md"} and grown.decision is None


def test_duplicate_decision_and_its_undo_survive_a_restart(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, before = folder
    _, finder = _finder(root)
    finder.decide_duplicate(finder.cluster_of("a.md").key, "c.md")  # type: ignore[union-attr]
    decided = _files(root)
    store2, finder2 = _finder(root)
    cluster = finder2.cluster_of("a.md")
    assert cluster is not None and cluster.decision == "duplicate" and cluster.canonical == "c.md"
    assert "a.md" not in store2.suspects
    undone = finder2.undo_decision()  # rebuilt from the record, not from memory
    assert undone.ok and _files(root) == before != decided
    assert finder2.undo_decision().message == "No decision to undo"


def test_undo_after_the_files_were_reverted_by_hand_only_records(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, before = folder
    store, finder = _finder(root)
    finder.decide_duplicate(finder.cluster_of("a.md").key)  # type: ignore[union-attr]
    store.undo()  # the dashboard's plain undo reverted the files already
    assert _files(root) == before
    assert finder.undo_decision().ok and _files(root) == before
    assert finder.cluster_of("a.md").decision is None  # type: ignore[union-attr]


def test_stale_cluster_key_changes_nothing(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, before = folder
    _, finder = _finder(root)
    assert not finder.decide_duplicate("nope").ok and not finder.decide_distinct("nope").ok
    assert not finder.decide_duplicate(finder.cluster_of("a.md").key, "d.md").ok  # type: ignore[union-attr]
    assert _files(root) == before and not (root / ".newsdesk").exists()


def test_run_in_a_worker_thread_reports_progress(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = folder
    store = Store(str(root))
    store.load()
    finder = DuplicateFinder(store)
    _OPEN.append(finder)
    seen: list[tuple[int, int]] = []
    worker = threading.Thread(target=finder.run, args=(lambda done, total: seen.append((done, total)),))
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the finder's pass did not end within 30 s"
    assert finder.ready and seen and seen[-1] == (len(store), len(store))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert finder.cluster_of("a.md") is not None


def test_an_unchanged_folder_reuses_the_saved_pass(folder: tuple[Path, dict[str, bytes]], private_cache: Path) -> None:
    root, _ = folder
    store, first = _finder(root)
    assert first.stats.candidates > 0 and list(private_cache.glob("dupes-*.json"))
    again = DuplicateFinder(store, subscribe=False)
    again.run()
    assert again.stats.seconds == (("restored", 0.0),)
    assert [(c.ids, c.score, c.pairs) for c in again.clusters()] == [
        (c.ids, c.score, c.pairs) for c in first.clusters()
    ]
    text = (root / "d.md").read_bytes().replace(b"March 2021", b"May 2021")
    (root / "d.md").write_bytes(text)
    store.reload("d.md")
    changed = DuplicateFinder(store, subscribe=False)
    changed.run()
    assert changed.stats.seconds != (("restored", 0.0),)


def test_a_damaged_or_disabled_saved_pass_is_not_used(
    folder: tuple[Path, dict[str, bytes]], private_cache: Path
) -> None:
    root, _ = folder
    store, first = _finder(root)
    (saved,) = private_cache.glob("dupes-*.json")
    saved.write_text(saved.read_text()[:-20])
    again = DuplicateFinder(store, subscribe=False)
    again.run()
    assert again.stats.seconds != (("restored", 0.0),) and len(again.clusters()) == len(first.clusters())
    saved.unlink()
    DuplicateFinder(store, subscribe=False, cache=False).run()
    assert not saved.exists()


def test_following_edits_after_a_saved_pass(folder: tuple[Path, dict[str, bytes]]) -> None:
    root, _ = folder
    _finder(root)  # saves the pass
    store = Store(str(root))
    store.load()
    finder = DuplicateFinder(store)
    _OPEN.append(finder)
    finder.run()
    assert finder.cluster_of("f.md") is not None and not finder._index.restored
    write(root, {"h.md": copy(SPECS["g.md"], hours=106, provider="MSN", domain="msn.com")})
    store.reload("h.md")
    assert finder.flush()
    assert set(finder.cluster_of("h.md").ids) == {"f.md", "g.md", "h.md"}  # type: ignore[union-attr]
