"""A live folder: other writers change files while the dashboard runs; nothing is lost."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.helpers.paths import SEEDS
from tests.helpers.pilot import ready, settle
from tests.helpers.pilot import until as _until
from tui.core.format.decode import parse_story
from tui.core.store.store import Store
from tui.ui.app import NewsdeskApp

S0, S1, S2 = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt", "002_ec13f126c5df086c.txt"
LATENCY = 1.5  # the promise is 1 s; leave room for a loaded CI machine


async def until(pilot, condition, timeout: float = LATENCY) -> float:
    return await _until(pilot, condition, timeout)


def flag_on_disk(path: Path) -> bool:
    story, problems = parse_story(path.name, path.read_bytes())
    assert story is not None, problems
    return story.published


def retitle(path: Path, title: str) -> None:
    lines = path.read_bytes().split(b"\n")
    lines = [b'title: "' + title.encode() + b'"' if line.startswith(b"title:") else line for line in lines]
    path.write_bytes(b"\n".join(lines))


async def test_outside_changes_appear_within_a_second(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        store = app.store
        # A script publishes a story while the dashboard is open.
        subprocess.run(
            [sys.executable, "-m", "tui", "publish", "--seeds", str(seeds_copy), S1],
            check=True,
            capture_output=True,
        )
        await until(pilot, lambda: store.get(S1).published)
        # The list repaints one message after the store changes.
        await until(
            pilot, lambda: app.main.articles.render_line(app.main.articles.index_of(S1) + 1).text.startswith("●")
        )
        # A new story is dropped in.
        shutil.copy(seeds_copy / S0, seeds_copy / "new-story.md")
        retitle(seeds_copy / "new-story.md", "Fresh from the wire")
        await until(pilot, lambda: "new-story.md" in app.main.articles.ids)
        assert store.get("new-story.md").title == "Fresh from the wire"
        # Someone edits a title.
        retitle(seeds_copy / S2, "Edited elsewhere")
        await until(pilot, lambda: store.get(S2).title == "Edited elsewhere")
        # A story is deleted.
        (seeds_copy / "new-story.md").unlink()
        await until(pilot, lambda: "new-story.md" not in app.main.articles.ids)
        assert store.get("new-story.md") is None
        # The highlighted story is renamed: the cursor follows it.
        app.main.articles.select(S0)
        await pilot.pause()
        (seeds_copy / S0).rename(seeds_copy / "renamed.md")
        await until(pilot, lambda: app.main.articles.current == "renamed.md")
        assert S0 not in store
        # A file turned into garbage becomes a problem, not a crash.
        (seeds_copy / S2).write_bytes(b"---\ntitle: [oops\n---\n")
        await until(pilot, lambda: S2 not in store and S2 in store.problems)


async def test_burst_of_new_files_is_applied_with_the_ui_responsive(seeds_copy: Path, tmp_path: Path) -> None:
    staging = tmp_path / "incoming"
    staging.mkdir()
    template = (seeds_copy / S0).read_bytes()
    for i in range(1200):
        (staging / f"wire-{i:05d}.md").write_bytes(template.replace(b"Accountability", f"Accountability {i}".encode()))
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        shutil.move(str(staging), str(seeds_copy / "incoming"))  # like a git pull of a folder
        # The store fills on the desk's watcher thread; the list follows through messages.
        await until(pilot, lambda: len(app.store) == 1205 and len(app.main.articles.ids) == 1205, timeout=15)
        await pilot.press("j")  # keys still work
        await until(pilot, lambda: len(app.main.articles.ids) == 1205, timeout=3)
        assert app.main.articles.cursor == 1


async def test_concurrent_toggle_race_ends_consistent(seeds_copy: Path) -> None:
    """The app and another writer toggle the same story; the last write wins everywhere."""
    app = NewsdeskApp(str(seeds_copy))
    path = seeds_copy / S2
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        other = Store(str(seeds_copy))
        other.load()
        rng = random.Random(7)
        stop = threading.Event()

        def outside() -> None:
            while not stop.is_set():
                other.reload(S2)
                other.toggle([S2])
                time.sleep(rng.uniform(0.0, 0.03))

        worker = threading.Thread(target=outside)
        worker.start()
        try:
            for _ in range(15):
                app.main.articles.select(S2)
                await pilot.press("p")
                await pilot.pause(rng.uniform(0.0, 0.03))
        finally:
            stop.set()
            worker.join()
        await settle(pilot)
        final = flag_on_disk(path)
        await until(pilot, lambda: app.store.get(S2).published == final, timeout=3)
        raw = path.read_bytes()
        original = (SEEDS / S2).read_bytes()
        assert len(raw.splitlines()) == len(original.splitlines())  # still one line per flag
        assert [a for a, b in zip(raw.splitlines(), original.splitlines(), strict=True) if a != b] in (
            [],
            [b"published: true"],
        )


def test_two_processes_toggling_different_stories_lose_nothing(seeds_copy: Path) -> None:
    script = (
        "import sys\n"
        "from tui.core.store.store import Store\n"
        "root, sid, n = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
        "s = Store(root)\n"
        "for _ in range(n):\n"
        "    s.reload(sid)\n"
        "    out = s.toggle([sid])\n"
        "    assert out.ok, out.message\n"
    )
    before = {sid: flag_on_disk(seeds_copy / sid) for sid in (S0, S1)}
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(seeds_copy), sid, str(n)])
        for sid, n in ((S0, 41), (S1, 40))
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert flag_on_disk(seeds_copy / S0) is (not before[S0])  # odd number of toggles
    assert flag_on_disk(seeds_copy / S1) is before[S1]  # even number


async def test_undo_refuses_to_revert_someone_elses_change(seeds_copy: Path) -> None:
    app = NewsdeskApp(str(seeds_copy))
    path = seeds_copy / S2
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.main.articles.select(S2)
        await pilot.press("p")
        await settle(pilot)
        assert b"published: true\n" in path.read_bytes()
        # Another editor rewrites our line their way.
        path.write_bytes(path.read_bytes().replace(b"published: true\n", b"published: yes\n"))
        await until(pilot, lambda: app.store.get(S2).facts.fingerprint != "", timeout=1)
        theirs = path.read_bytes()
        await pilot.press("u")
        await settle(pilot)
        assert path.read_bytes() == theirs
        assert any("changed elsewhere" in n.message for n in app._notifications)


async def test_stress_random_outside_edits_and_toggles(seeds_copy: Path) -> None:
    """200 rounds; then every file parses and every flag is the last one written."""
    rng = random.Random(2026)
    ids = sorted(p.name for p in seeds_copy.iterdir())
    expected = {sid: flag_on_disk(seeds_copy / sid) for sid in ids}
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        outside = Store(str(seeds_copy))
        for round_ in range(200):
            sid = rng.choice(ids)
            action = rng.random()
            if action < 0.4:
                app.main.articles.select(sid)
                await pilot.press("p")
                await settle(pilot)
                expected[sid] = not expected[sid]
            elif action < 0.7:
                outside.stories.clear()
                outside.reload(sid)
                value = rng.random() < 0.5
                assert outside.set_published([sid], value).ok
                expected[sid] = value
            else:
                retitle(seeds_copy / sid, f"Round {round_} title")
            # The app's own next toggle must see outside edits: wait for the watcher.
            await until(
                pilot,
                lambda sid=sid: app.store.get(sid) is not None and app.store.get(sid).published == expected[sid],
                timeout=3,
            )
        await settle(pilot)
        for sid in ids:
            story, problems = parse_story(sid, (seeds_copy / sid).read_bytes())
            assert story is not None, problems
            assert story.published is expected[sid], sid
            assert app.store.get(sid).published is expected[sid]


async def test_a_subfolder_moved_away_takes_its_stories_along(seeds_copy: Path, tmp_path: Path) -> None:
    sub = seeds_copy / "sub"
    sub.mkdir()
    shutil.copy(seeds_copy / S0, sub / "inner.md")
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        assert "sub/inner.md" in app.store
        shutil.move(str(sub), str(tmp_path / "elsewhere"))
        await until(pilot, lambda: "sub/inner.md" not in app.store)
        # The list follows the store one message later.
        await until(pilot, lambda: "sub/inner.md" not in app.main.articles.ids)
        assert len(app.main.articles.ids) == len(app.store) == 5
