"""Duplicate suggestions follow outside changes on the finder's own thread.

A batch of outside changes in a big folder used to be re-scored inside the store's
listeners, on the UI thread: the dashboard froze for the whole re-score (about 20 s
for 500 files at 100,000 stories). Here the re-score is held open on purpose, so a
key that had to wait for it would wait for ever; keys must be answered meanwhile.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from tests.helpers.pilot import ready, until
from tests.helpers.stories import Spec, render
from tui.core.dupes.index import DedupeIndex
from tui.ui.app import NewsdeskApp

COUNT = 2000
CHANGED = 150  # stories rewritten as copies of others
ADDED = 150  # new files, copies too


def _words(rng: random.Random, vocabulary: list[str], n: int) -> str:
    return " ".join(rng.choices(vocabulary, k=n))


def _spec(rng: random.Random, vocabulary: list[str], i: int) -> Spec:
    return Spec(
        _words(rng, vocabulary, 8).capitalize(),
        _words(rng, vocabulary, 24).capitalize() + ".",
        hours=i * 7.0,
        provider=f"Wire {i % 40}",
        domain=f"wire{i % 40}.com",
    )


def make_folder(root: Path) -> dict[str, Spec]:
    """COUNT unrelated stories over two years (no suggestion among them)."""
    rng = random.Random(11)
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in "aeiou"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(6000)})
    specs = {f"s{i:05d}.md": _spec(rng, vocabulary, i) for i in range(COUNT)}
    root.mkdir()
    for sid, spec in specs.items():
        (root / sid).write_bytes(render(spec, sid))
    return specs


def copy_of(spec: Spec, n: int) -> Spec:
    return Spec("UPDATE 1-" + spec.title, spec.excerpt, spec.hours + 2, f"Copier {n}", f"copier{n}.com")


async def test_keys_are_answered_while_a_batch_is_rescored(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "news"
    specs = make_folder(root)
    ids = sorted(specs)
    entered, release, held_too_long = threading.Event(), threading.Event(), threading.Event()
    threads: list[str] = []
    real_update, real_remove = DedupeIndex.update, DedupeIndex.remove

    def held_update(self: DedupeIndex, stories):  # type: ignore[no-untyped-def]
        stories = list(stories)
        threads.append(threading.current_thread().name)
        entered.set()  # the batch (the full pass builds, it does not update)
        if not release.wait(10):  # if the UI thread were here, every key would wait too
            held_too_long.set()  # the test never released it: what it checked was not held
        return real_update(self, stories)

    def spied_remove(self: DedupeIndex, sid: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_remove(self, sid)

    monkeypatch.setattr(DedupeIndex, "update", held_update)
    monkeypatch.setattr(DedupeIndex, "remove", spied_remove)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, dupes=True)
        assert app.dupes.open_clusters() == [] and len(app.store) == COUNT
        # The batch: stories rewritten as copies of others, new copies dropped in.
        pairs: dict[str, str] = {}
        for n in range(CHANGED):
            copy_id, source_id = ids[2 * n + 1], ids[2 * n + 1001]
            (root / copy_id).write_bytes(render(copy_of(specs[source_id], n), copy_id))
            pairs[copy_id] = source_id
        for n in range(ADDED):
            copy_id, source_id = f"new{n:04d}.md", ids[1500 + n]
            (root / copy_id).write_bytes(render(copy_of(specs[source_id], n), copy_id))
            pairs[copy_id] = source_id
        await until(pilot, entered.is_set, 10)  # the re-score is under way, and held
        articles = app.main.articles
        articles.select(articles.ids[10])
        await pilot.pause()
        start = articles.cursor
        waits = []
        for _ in range(5):
            began = time.monotonic()
            await pilot.press("j")
            waits.append(time.monotonic() - began)
        assert articles.cursor == start + 5 and not release.is_set() and not held_too_long.is_set()
        assert max(waits) < 1.0, waits  # typically ~0.01 s; a held re-score would be 10 s
        began = time.monotonic()
        await pilot.press("f")  # a filter: the list is queried and redrawn
        waits.append(time.monotonic() - began)
        assert app.main.query_state.state == "published" and max(waits) < 1.0, waits
        assert app.store.suspects == frozenset()  # the old suggestions until the swap
        release.set()
        # The new suggestions, everywhere: the finder, the list's marker, the graph.
        await until(
            pilot,
            lambda: all(
                (c := app.dupes.cluster_of(copy_id)) is not None and source_id in c.ids
                for copy_id, source_id in pairs.items()
            ),
            10,
        )
        await until(pilot, lambda: set(pairs) <= app.store.suspects, 5)
        await pilot.press("f", "f")  # the "has duplicates" filter
        await until(pilot, lambda: sorted(articles.ids) == sorted(set(pairs) | set(pairs.values())), 5)
        assert all(app.graph.link(c, s).duplicate is not None for c, s in pairs.items())
        await pilot.press("d")
        await until(pilot, lambda: len(getattr(app.screen, "queue", ())) == len(pairs), 5)
    assert threads and set(threads) == {"newsdesk-dedupe"}, set(threads)
    print("key waits while the re-score was held (ms):", [round(w * 1000) for w in waits])
