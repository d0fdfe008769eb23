"""The duplicate review driven with real keys: files, decision log, undo, restarts."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.core.format.decode import parse_story
from tui.ui.app import NewsdeskApp
from tui.ui.screens.dashboard.screen import MainScreen
from tui.ui.screens.duplicates.screen import DuplicatesScreen, highlight_differences

EXCERPT = "The streaming company will pay $20 million for a predictive policing tool for veterans, its chief said."
STORIES = {
    "a.md": Spec(
        "Spotify Strikes $20 Million Deal for Predictive Policing",
        EXCERPT,
        0,
        "Bloomberg",
        "bloomberg.com",
        published="true",
        quality=70,
    ),
    "b.md": Spec(
        "UPDATE 1-Spotify Strikes $20 Million Deal for Predictive Policing",
        EXCERPT,
        3,
        "Reuters",
        "reuters.com",
        quality=40,
    ),
    "c.md": Spec(
        "Community call: March",
        "Join the monthly community call to hear what is new.",
        0,
        "Project Blog",
        "blog.example.org",
    ),
    "d.md": Spec(
        "Community call: April",
        "Join the monthly community call to hear what is new.",
        24 * 30,
        "Project Blog",
        "blog.example.org",
    ),
}


def make_folder(root: Path) -> Path:
    for sid, spec in STORIES.items():
        (root / sid).write_bytes(render(spec, sid))
    return root


def flags(root: Path) -> dict[str, bool]:
    out = {}
    for sid in STORIES:
        story, _ = parse_story(sid, (root / sid).read_bytes())
        assert story is not None
        out[sid] = story.published
    return out


async def test_dashboard_marks_suspects_and_lists_them_in_the_detail(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert app.store.suspects == {"a.md", "b.md"}
        articles = app.main.articles
        row = articles.index_of("a.md")
        assert articles.render_line(row + 1).text[4] == "≈"
        assert articles.render_line(articles.index_of("c.md") + 1).text[4] == " "
        articles.select("a.md")
        await pilot.pause()
        assert app.duplicates_of("a.md") and app.duplicates_of("a.md")[0][0] == "b.md"
        await pilot.press("f", "f", "f")  # the "has duplicates" filter
        assert sorted(articles.ids) == ["a.md", "b.md"]


async def test_mark_duplicates_writes_files_records_and_undoes(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    original = {sid: (root / sid).read_bytes() for sid in STORIES}
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert len(screen.queue) == 1
        assert screen.cluster is not None and set(screen.cluster.ids) == {"a.md", "b.md"}
        assert screen.canonical(screen.cluster) == "a.md"  # the earliest copy
        await pilot.press("m")
        await settle(pilot)
        assert flags(root) == {"a.md": True, "b.md": False, "c.md": True, "d.md": True}
        # b.md had no published key: exactly one line was inserted.
        assert len((root / "b.md").read_bytes().splitlines()) == len(original["b.md"].splitlines()) + 1
        assert (root / "a.md").read_bytes() == original["a.md"]
        log = (root / ".newsdesk" / "decisions.jsonl").read_text()
        assert '"duplicate"' in log
        assert screen.queue == []
        assert app.store.suspects == frozenset()
        # The result forwarded to this screen must not bubble back to the app and be
        # counted again (it did: the count went negative and the two ping-ponged it).
        await pilot.pause(0.1)
        assert app.pending_writes == 0
        await pilot.press("u")
        await settle(pilot)
        assert {sid: (root / sid).read_bytes() for sid in STORIES} == original
        assert len(screen.queue) == 1
        assert app.store.suspects == {"a.md", "b.md"}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_choose_another_canonical_then_mark(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d", "c")
        screen = app.screen
        assert screen.canonical(screen.cluster) == "b.md"
        await pilot.press("m")
        await settle(pilot)
        assert flags(root)["a.md"] is False and flags(root)["b.md"] is True


async def test_distinct_touches_no_file_and_survives_a_restart(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    original = {sid: (root / sid).read_bytes() for sid in STORIES}
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d", "x")
        await settle(pilot)
        assert app.screen.queue == []
    assert {sid: (root / sid).read_bytes() for sid in STORIES} == original
    # A new session: the settled suggestion is not offered again.
    again = NewsdeskApp(str(root))
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert again.dupes.open_clusters() == []
        assert [c.decision for c in again.dupes.clusters()] == ["distinct"]
        assert again.store.suspects == frozenset()


async def test_mark_survives_a_restart_as_decided(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d", "m")
        await settle(pilot)
    again = NewsdeskApp(str(root))
    async with again.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        assert [c.decision for c in again.dupes.clusters()] == ["duplicate"]
        await pilot.press("d")
        assert again.screen.queue == []


async def test_next_and_previous_walk_the_queue(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    for i, sid in enumerate(("e.md", "f.md")):
        spec = Spec(
            "Volcano erupts near Reykjavik, flights grounded",
            "Ash clouds closed the airport on Tuesday.",
            i * 2,
            f"Wire {i}",
            f"wire{i}.com",
        )
        (root / sid).write_bytes(render(spec, sid))
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        screen = app.screen
        assert len(screen.queue) == 2
        first = screen.cluster.key
        await pilot.press("n")
        assert screen.cluster.key != first
        await pilot.press("N")
        assert screen.cluster.key == first


def test_differing_words_are_highlighted() -> None:
    text = highlight_differences("UPDATE 1-Spotify Strikes Deal", "Spotify strikes deal")
    styled = {text.plain[span.start : span.end] for span in text.spans if span.style}
    assert styled == {"UPDATE", "1"}


async def test_mark_pressed_twice_records_one_decision_and_files_decide(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    original = {sid: (root / sid).read_bytes() for sid in STORIES}
    # Someone unpublished the copy we will keep, and memory has not caught up yet.
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        (root / "a.md").write_bytes(original["a.md"].replace(b"published: true", b"published: false"))
        await pilot.press("d", "m", "m")
        await settle(pilot)
        # Issue 17: the kept copy is left as the file has it (unpublished), never published by `m`.
        assert flags(root)["a.md"] is False and flags(root)["b.md"] is False
        lines = (root / ".newsdesk" / "decisions.jsonl").read_text().splitlines()
        assert sum('"duplicate"' in line for line in lines) == 1


def log_records(root: Path) -> list[dict]:
    path = root / ".newsdesk" / "decisions.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


async def test_dashboard_undo_of_a_decision_retracts_it_and_redo_records_it_again(tmp_path: Path) -> None:
    root = make_folder(tmp_path)
    original = {sid: (root / sid).read_bytes() for sid in STORIES}
    app = NewsdeskApp(str(root))
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d", "m")
        await settle(pilot)
        decided = {sid: (root / sid).read_bytes() for sid in STORIES}
        assert decided != original and flags(root)["b.md"] is False
        (first,) = log_records(root)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        # The dashboard's u: the files come back and so does the suggestion.
        await pilot.press("u")
        await settle(pilot)
        assert {sid: (root / sid).read_bytes() for sid in STORIES} == original
        records = log_records(root)
        assert [r["decision"] for r in records] == ["duplicate", "undo"] and records[1]["undoes"] == first["id"]
        await until(pilot, lambda: app.store.suspects == {"a.md", "b.md"}, 3)
        assert [set(c.ids) for c in app.dupes.open_clusters()] == [{"a.md", "b.md"}]
        articles = app.main.articles
        await until(pilot, lambda: articles.render_line(articles.index_of("b.md") + 1).text[4] == "≈", 3)
        assert any("open again" in n.message for n in app._notifications)
        # ctrl+r: the files are decided again, and the decision is recorded again.
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert {sid: (root / sid).read_bytes() for sid in STORIES} == decided
        records = log_records(root)
        assert [r["decision"] for r in records] == ["duplicate", "undo", "duplicate"]
        assert records[2]["id"] != first["id"] and records[2]["members"] == first["members"]
        await until(pilot, lambda: app.store.suspects == frozenset(), 3)
        # A plain toggle's undo leaves the log alone.
        articles.select("c.md")
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert flags(root)["c.md"] is True and len(log_records(root)) == 3
        # And the decision's own step, under it, is still the one u reverts next.
        await pilot.press("u")
        await settle(pilot)
        assert {sid: (root / sid).read_bytes() for sid in STORIES} == original
        assert [r["decision"] for r in log_records(root)] == ["duplicate", "undo", "duplicate", "undo"]
        await until(pilot, lambda: app.store.suspects == {"a.md", "b.md"}, 3)
