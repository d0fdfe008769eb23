"""The store: indexes, queries, related links, and edits that are all-or-nothing and undoable.

Every edit assertion compares the files' bytes (the files are the truth), and the
store's state is checked to agree with them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.disk import atomic
from tui.core.store.query import SORT_KEYS, Query
from tui.core.store.store import Store, StoreEvent

S0, S1, S2, S3, S4 = (
    "000_8dcd983ef76e6965.txt",
    "001_29a53d9359691146.txt",
    "002_ec13f126c5df086c.txt",
    "003_644e7f27e603fab3.txt",
    "004_ff9743790476918e.txt",
)
ALL = [S0, S1, S2, S3, S4]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def store(seeds_copy: Path) -> Store:
    store = Store(str(seeds_copy))
    store.load()
    return store


def write_story(
    folder: Path, name: str, url: str, related: list[str] = (), *, title: str = "t", extra: str = ""
) -> None:  # type: ignore[assignment]
    lines = ["---", f'title: "{title}"', f'webUrl: "{url}"', "publishedDateTime: 2021-01-01T00:00:00Z"]
    if extra:
        lines.append(extra)
    if related:
        lines.append("related:")
        for item in related:
            lines += ['  - title: "r"', f'    webUrl: "{item}"']
    lines += ["---", ""]
    (folder / name).write_text("\n".join(lines), encoding="utf-8")


# -- loading and indexes -------------------------------------------------------------


def test_loads_the_seeds(store: Store) -> None:
    assert sorted(store.stories) == ALL and len(store) == 5
    assert store.loaded and store.all_problems() == [] and store.errors() == []
    assert store.published_count == 3
    assert store.providers() == [
        ("Government Technology", 2),
        ("The Root", 1),
        ("Washington Examiner", 1),
        ("thecrimereport.org", 1),
    ]
    assert store.topics() == [("AI", 5), ("Computer Vision", 5)]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability",
        "http://govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability/",
        "https://WWW.GOVTECH.COM/policy/massachusetts-homes-in-on-facial-recognition-accountability?utm_source=x&utm_medium=y",
        "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability?_amp=true",
        "https://www-govtech-com.cdn.ampproject.org/c/s/www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability?_amp=true",
        "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability?fbclid=abc&gclid=def",
        "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability/amp",
    ],
)
def test_find_by_url_through_variants(store: Store, url: str) -> None:
    assert store.find_by_url(url) == S0


def test_find_by_url_misses(store: Store) -> None:
    assert store.find_by_url("https://www.govtech.com/policy/something-else") is None
    assert store.find_by_url("") is None
    assert (
        store.find_by_url(
            "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability?page=2"
        )
        is None
    )


def test_seed_related_items_resolve_and_incoming_links(store: Store) -> None:
    out = store.outgoing(S0)
    assert [(item.provider_name, target) for item, target in out] == [("thecrimereport.org", S1), ("WBUR", None)]
    assert [target for _, target in store.outgoing(S1)] == [S0, None]
    assert all(target is None for sid in (S2, S3, S4) for _, target in store.outgoing(sid))
    assert store.incoming(S0) == [S1]
    assert store.incoming(S1) == [S0]
    assert store.incoming(S2) == store.incoming(S3) == store.incoming(S4) == []
    assert store.outgoing("nope") == [] and store.incoming("nope") == []


@pytest.mark.parametrize(
    "variant",
    [
        "http://site.com/news/a-story",
        "https://site.com/news/a-story/",
        "https://www.site.com/news/a-story?utm_source=feed&utm_campaign=c",
        "https://www.site.com/news/a-story?fbclid=x",
        "https://www.site.com/news/a-story/amp",
        "https://www.site.com/news/a-story.amp",
        "https://www.site.com/amp/news/a-story",
        "https://amp.site.com/news/a-story",
        "https://www.site.com/news/a-story?amp",
        "https://www-site-com.cdn.ampproject.org/c/s/www.site.com/news/a-story?amp",
        "https://www-site-com.cdn.ampproject.org/v/s/www.site.com/news/a-story/amp?amp_js_v=0.1",
    ],
)
def test_related_items_resolve_through_url_variants(tmp_path: Path, variant: str) -> None:
    write_story(tmp_path, "a.md", "https://www.site.com/news/a-story")
    write_story(tmp_path, "b.md", "https://other.org/b", [variant, "https://elsewhere.net/x"])
    store = Store(str(tmp_path))
    store.load()
    assert [target for _, target in store.outgoing("b.md")] == ["a.md", None]
    assert store.incoming("a.md") == ["b.md"]
    assert store.incoming("b.md") == []


def test_related_item_matches_a_story_by_its_amp_url(tmp_path: Path) -> None:
    write_story(
        tmp_path,
        "a.md",
        "https://site.com/p/1",
        extra='cdnAmpWebUrl: "https://site-com.cdn.ampproject.org/c/s/site.com/p/1.html"',
    )
    write_story(tmp_path, "b.md", "https://other.org/b", ["https://site.com/p/1.html"])
    store = Store(str(tmp_path))
    store.load()
    assert store.outgoing("b.md")[0][1] == "a.md"
    assert store.incoming("a.md") == ["b.md"]


def test_a_story_is_not_its_own_incoming_link(tmp_path: Path) -> None:
    write_story(tmp_path, "a.md", "https://site.com/a", ["http://site.com/a/"])
    store = Store(str(tmp_path))
    store.load()
    assert store.outgoing("a.md")[0][1] == "a.md"
    assert store.incoming("a.md") == []


# -- queries -------------------------------------------------------------------------

EXPECTED_DESCENDING = {
    "date": [S2, S0, S1, S3, S4],  # 2021-05-21, 05-08, 05-07, 2020-12-22, 12-03
    "heat": [S3, S0, S4, S2, S1],  # 79, 79, 72, none, none (ties by id)
    "quality": [S3, S0, S4, S2, S1],  # 59, 59, 52, 39, 39
    "provider": [S2, S1, S4, S3, S0],  # washington, thecrimereport, the root, government x2
    "title": [S3, S1, S4, S0, S2],
}


@pytest.mark.parametrize("key", SORT_KEYS)
def test_sort_keys_both_directions(store: Store, key: str) -> None:
    assert store.query(Query(sort=key, descending=True)).ids == EXPECTED_DESCENDING[key]  # type: ignore[arg-type]
    assert store.query(Query(sort=key, descending=False)).ids == EXPECTED_DESCENDING[key][::-1]  # type: ignore[arg-type]


def test_filters(store: Store) -> None:
    assert store.query(Query(state="published")).ids == [S0, S3, S4]
    assert store.query(Query(state="unpublished")).ids == [S2, S1]
    assert store.query(Query(provider="Government Technology")).ids == [S0, S3]
    assert store.query(Query(provider="Government Technology", descending=False)).ids == [S3, S0]
    assert store.query(Query(topic="AI")).ids == [S2, S0, S1, S3, S4]
    assert store.query(Query(topic="Robotics")).ids == []
    assert store.query(Query(state="unpublished", provider="Washington Examiner")).ids == [S2]
    assert store.query(Query(state="duplicates")).ids == []
    store.set_suspects({S1, S4})
    assert store.query(Query(state="duplicates")).ids == [S1, S4]


def test_text_search(store: Store) -> None:
    hit = store.query(Query(text="Accountability"))
    assert hit.ids == [S0]
    title = store.get(S0).title  # type: ignore[union-attr]
    [(start, end)] = hit.spans[S0]
    assert title[start:end].lower() == "accountability"
    assert store.query(Query(text="zebra crossing")).ids == []
    assert store.query(Query(text="Wisconsin")).ids == []  # only in a related item's title
    assert set(store.query(Query(text="facial recognition")).ids) == set(ALL)
    assert store.query(Query(text="facial recognition", state="unpublished")).ids[:2] in ([S1, S2], [S2, S1])
    assert store.query(Query(text="Accountability", state="unpublished")).ids == []
    assert store.query(Query(text="   ")).ids == EXPECTED_DESCENDING["date"]


# -- edits, undo, redo ----------------------------------------------------------------


def test_bulk_edit_is_one_undo_step(store: Store, seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    outcome = store.set_published([S0, S3, S4], False)
    assert outcome.ok and set(outcome.changed) == {S0, S3, S4}
    edited = snapshot(seeds_copy)
    for sid in ALL:
        if sid in (S0, S3, S4):
            assert edited[sid] == original[sid].replace(b"published: true", b"published: false")
        else:
            assert edited[sid] == original[sid]
    assert store.published_count == 0
    assert all(not store.get(sid).published for sid in ALL)  # type: ignore[union-attr]
    assert store.can_undo and not store.can_redo

    undone = store.undo()
    assert undone.ok and set(undone.changed) == {S0, S3, S4}
    assert snapshot(seeds_copy) == original
    assert store.published_count == 3 and not store.can_undo and store.can_redo

    redone = store.redo()
    assert redone.ok
    assert snapshot(seeds_copy) == edited
    assert store.undo().ok and snapshot(seeds_copy) == original
    assert not store.undo().ok  # nothing left


def test_insert_and_remove_of_an_absent_flag(tmp_path: Path) -> None:
    write_story(tmp_path, "a.md", "https://site.com/a")
    raw = (tmp_path / "a.md").read_bytes()
    store = Store(str(tmp_path))
    store.load()
    assert store.set_published(["a.md"], False).ok
    assert (tmp_path / "a.md").read_bytes().count(b"\npublished: false\n") == 1
    assert store.undo().ok
    assert (tmp_path / "a.md").read_bytes() == raw
    assert store.get("a.md").published and not store.get("a.md").published_explicit  # type: ignore[union-attr]


def test_toggle(store: Store, seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    assert store.toggle([S1, S2]).changed == (S1, S2)  # none published: publish all
    assert store.get(S1).published and store.get(S2).published  # type: ignore[union-attr]
    assert store.toggle([S0, S1]).ok  # some published: unpublish all
    assert not store.get(S0).published and not store.get(S1).published  # type: ignore[union-attr]
    assert store.undo().ok and store.undo().ok
    assert snapshot(seeds_copy) == original
    assert not store.toggle(["nope"]).ok


def test_noop_and_unknown_ids_write_nothing(store: Store, seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    same = store.set_published([S0, S3], True)
    assert same.ok and same.changed == () and "Already" in same.message
    assert not store.can_undo
    unknown = store.set_published([S1, "missing.md"], True)
    assert not unknown.ok and unknown.failures[0][0] == "missing.md"
    assert snapshot(seeds_copy) == original and not store.can_undo


def test_all_or_nothing_when_one_file_is_read_only(store: Store, seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    (seeds_copy / S3).chmod(0o444)
    try:
        events: list[StoreEvent] = []
        store.subscribe(events.append)
        outcome = store.set_published([S0, S3, S4], False)
        assert not outcome.ok
        assert outcome.failures == ((S3, "the file is read-only"),)
        assert "Nothing was changed" in outcome.message
        assert snapshot(seeds_copy) == original  # S0 rolled back, S4 never touched
        assert all(store.get(sid).published for sid in (S0, S3, S4))  # type: ignore[union-attr]
        assert store.published_count == 3
        assert not store.can_undo
        assert not [e for e in events if e.kind == "changed" and S4 in e.ids]
        assert sorted(os.listdir(seeds_copy)) == ALL  # no temp files left
    finally:
        (seeds_copy / S3).chmod(0o644)


def test_undo_refused_when_the_line_was_rewritten_elsewhere(store: Store, seeds_copy: Path) -> None:
    assert store.set_published([S0, S3], False).ok
    other = seeds_copy / S3
    other.write_bytes(other.read_bytes().replace(b"published: false", b"published: no"))
    before = snapshot(seeds_copy)
    outcome = store.undo()
    assert not outcome.ok
    assert outcome.failures[0][0] == S3 and "changed elsewhere" in outcome.failures[0][1]
    assert snapshot(seeds_copy) == before  # S0 was re-done again, S3 left as the other writer left it
    assert not store.get(S0).published  # type: ignore[union-attr]
    assert not store.can_undo and not store.can_redo  # the unreplayable step was dropped


def test_undo_applies_to_the_current_content(store: Store, seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    assert store.set_published([S0], False).ok
    path = seeds_copy / S0
    path.write_bytes(path.read_bytes().replace(b"category: news", b"category: opinion"))
    assert store.undo().ok
    assert path.read_bytes() == original[S0].replace(b"category: news", b"category: opinion")
    assert store.get(S0).published and store.get(S0).category == "opinion"  # type: ignore[union-attr]


def test_outside_edit_during_store_write_is_kept(
    store: Store, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = seeds_copy / S0
    before = store.query(Query(sort="title", descending=False)).ids
    assert before[0] == S2
    fired: list[str] = []

    def racer(tmp: str) -> None:
        if not fired:
            fired.append(tmp)
            path.write_bytes(path.read_bytes().replace(b'title: "Massachusetts Homes', b'title: "AAA Homes'))

    monkeypatch.setattr(atomic, "before_replace", racer)
    assert store.set_published([S0], False).ok
    assert b'title: "AAA Homes' in path.read_bytes() and b"published: false" in path.read_bytes()
    assert store.get(S0).title.startswith("AAA Homes")  # type: ignore[union-attr]
    assert store.query(Query(sort="title", descending=False)).ids[0] == S0
    assert store.query(Query(text="AAA Homes")).ids == [S0]


def test_change_events(seeds_copy: Path) -> None:
    store = Store(str(seeds_copy))
    events: list[StoreEvent] = []
    store.subscribe(events.append)
    store.load()
    assert [e.kind for e in events] == ["added", "loaded"]
    assert sorted(events[0].ids) == ALL
    events.clear()
    store.set_published([S0, S3], False)
    store.undo()
    store.redo()
    store.set_suspects([S1])
    assert events == [
        StoreEvent("changed", (S0, S3)),
        StoreEvent("changed", (S0, S3)),
        StoreEvent("changed", (S0, S3)),
        StoreEvent("suspects", (S1,)),
    ]
    events.clear()
    store.unsubscribe(events.append)
    store.set_published([S1], True)
    assert events == []


def test_reload_after_outside_changes(store: Store, seeds_copy: Path) -> None:
    events: list[StoreEvent] = []
    store.subscribe(events.append)
    path = seeds_copy / S4
    path.write_bytes(
        path.read_bytes().replace(b"published: true", b"published: false").replace(b"The Root", b"Da Root")
    )
    store.reload(S4)
    assert not store.get(S4).published and store.published_count == 2  # type: ignore[union-attr]
    assert ("Da Root", 1) in store.providers() and ("The Root", 1) not in store.providers()
    path.write_bytes(b"---\nbroken: [\n---\n")
    store.reload(S4)
    assert S4 not in store and store.problems[S4][0].severity == "error"
    path.unlink()
    store.reload(S0)
    (seeds_copy / S0).unlink()
    store.reload(S0)
    assert (
        S0 not in store
        and store.find_by_url(
            "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability"
        )
        is None
    )
    assert store.incoming(S1) == []
    assert [e.kind for e in events] == ["changed", "removed", "changed", "removed"]


def test_loader_batches_do_not_overwrite_what_the_watcher_synced(seeds_copy) -> None:
    from tui.core.disk import folder
    from tui.core.store.store import DiskState

    store = Store(str(seeds_copy))
    old_stories, _ = folder.load(str(seeds_copy))  # what a slow (cached) load would hand over
    path = seeds_copy / "000_8dcd983ef76e6965.txt"
    path.write_bytes(path.read_bytes().replace(b"Accountability", b"Accountability (edited)"))
    newer, problems, exists = folder.read_current(str(seeds_copy), "000_8dcd983ef76e6965.txt")
    gone = DiskState("004_ff9743790476918e.txt", None, (), False)
    store.sync_files([DiskState(newer.id, newer, tuple(problems), exists), gone])
    store.add_batch(old_stories)
    store.finish_loading()
    assert store.get("000_8dcd983ef76e6965.txt").title.endswith("(edited)")
    assert store.get("004_ff9743790476918e.txt") is None


def test_observers_never_run_while_the_store_is_locked(store: Store, seeds_copy: Path) -> None:
    """A listener that takes another lock (the duplicate finder's, the screen's) while
    the store's is held is half of a deadlock: events go out after the lock is released."""
    seen: list[tuple[str, tuple[str, ...], bool]] = []
    store.subscribe(lambda e: seen.append((e.kind, e.ids, store._lock._is_owned())))  # type: ignore[attr-defined]
    assert store.toggle([S1]).ok
    assert store.undo().ok and store.redo().ok
    # Someone else already wrote what we are about to write: a stale path, no edit.
    path = seeds_copy / S2
    path.write_bytes(path.read_bytes().replace(b"published: false", b"published: true", 1))
    assert store.set_published([S2], True).ok
    # A write that fails part-way: the first file is rolled back, both are re-read.
    (seeds_copy / S3).chmod(0o444)
    try:
        assert not store.set_published([S4, S3], False).ok
    finally:
        (seeds_copy / S3).chmod(0o644)
    kinds = [kind for kind, _, _ in seen]
    assert kinds.count("changed") == 5, seen
    assert (S2,) in [ids for _, ids, _ in seen]  # the outside change was reported
    assert not any(locked for _, _, locked in seen)
