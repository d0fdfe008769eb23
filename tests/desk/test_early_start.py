"""The dashboard's desk starts before Textual is imported (tui.cli.main.start_desk):
what it reports before the app subscribes is held and handed over in order."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from tests.helpers.pilot import ready, until
from tui.cli.main import start_desk
from tui.desk import LOADING, DeskEvent, DuplicatesReady, Failure, Progress
from tui.desk.events import Listeners
from tui.desk.settings import load_settings


def test_events_before_the_first_listener_are_handed_to_it_in_order() -> None:
    listeners = Listeners()
    listeners.hold()
    listeners.emit(Progress(LOADING, 500, 2000))
    listeners.emit(Failure("loading", "x.md: unreadable", "x.md"))
    listeners.emit(Progress(LOADING, 2000, 2000))  # replaces the held 500 / 2000
    listeners.emit(DuplicatesReady(3))
    seen: list[DeskEvent] = []
    listeners.add(seen.append)
    assert seen == [Failure("loading", "x.md: unreadable", "x.md"), Progress(LOADING, 2000, 2000), DuplicatesReady(3)]
    later: list[DeskEvent] = []
    listeners.add(later.append)  # only the first listener gets what was held
    listeners.emit(DuplicatesReady(4))
    assert later == [DuplicatesReady(4)] and seen[-1] == DuplicatesReady(4)


def test_a_held_backlog_is_bounded_but_keeps_every_failure() -> None:
    listeners = Listeners()
    listeners.hold()
    for n in range(Listeners.HELD_MAX + 50):
        listeners.emit(DuplicatesReady(n))
    listeners.emit(Failure("duplicates", "boom"))
    seen: list[DeskEvent] = []
    listeners.add(seen.append)
    assert len(seen) == Listeners.HELD_MAX + 1 and seen[-1] == Failure("duplicates", "boom")


def test_events_emitted_while_the_backlog_is_handed_over_come_after_it() -> None:
    listeners = Listeners()
    listeners.hold()
    for n in range(200):
        listeners.emit(Progress(LOADING, n, 10_000))
        listeners.emit(DuplicatesReady(n))
    seen: list[DeskEvent] = []
    go = threading.Event()

    def emitter() -> None:
        go.wait()
        for n in range(200, 400):
            listeners.emit(DuplicatesReady(n))

    thread = threading.Thread(target=emitter)
    thread.start()
    go.set()
    listeners.add(seen.append)
    thread.join()
    numbers = [e.clusters for e in seen if isinstance(e, DuplicatesReady)]
    assert numbers == list(range(400))


def test_a_closed_desk_hands_nothing_over() -> None:
    listeners = Listeners()
    listeners.hold()
    listeners.emit(DuplicatesReady(1))
    listeners.close()
    seen: list[DeskEvent] = []
    listeners.add(seen.append)
    assert seen == []


async def test_the_dashboard_on_an_early_desk_shows_the_folder_and_its_failures(seeds_copy: Path) -> None:
    """As `newsdesk FOLDER` runs it: the desk took its first batch before the app
    existed and waits for it; the whole list and a failure reported meanwhile show."""
    from tui.ui.app import NewsdeskApp

    settings = load_settings(str(seeds_copy))
    desk = start_desk(str(seeds_copy), settings)
    try:
        assert until_sync(lambda: len(desk.store) > 0)  # its first batch, before the app exists
        desk._emit(Failure("folder watcher", "inotify gave up"))  # before anyone listens
        app = NewsdeskApp(str(seeds_copy), desk=desk, settings=settings)
        async with app.run_test() as pilot:
            await ready(pilot)
            assert len(app.main.articles.ids) == len(desk.store) == 5
            await until(pilot, lambda: bool(app.failures.items()), timeout=10, what="the held failure to be listed")
            assert "inotify gave up" in app.failures.items()[0].message
    finally:
        desk.close(wait=True)


def until_sync(check: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_an_early_desk_loads_one_batch_then_waits_for_its_driver(tmp_path: Path) -> None:
    """Unpickling batches beside Textual's import made the import take 3 s at 20,000
    stories: an early desk stops after its first batch until the dashboard is up."""
    from tests.storygen.generate import generate

    generate(str(tmp_path / "f"), 1200, seed=2, junk=False)
    root = str(tmp_path / "f")
    desk = start_desk(root, load_settings(root))
    try:
        assert until_sync(lambda: len(desk.store) > 0)
        first = len(desk.store)
        assert not desk.store.loaded and first < 1200
        desk.driver_ready()
        assert until_sync(lambda: desk.store.loaded) and len(desk.store) == 1200
    finally:
        desk.close(wait=True)


def test_closing_an_early_desk_that_no_driver_took_ends_its_load(tmp_path: Path) -> None:
    from tests.storygen.generate import generate

    generate(str(tmp_path / "f"), 1200, seed=2, junk=False)
    root = str(tmp_path / "f")
    desk = start_desk(root, load_settings(root))
    assert until_sync(lambda: len(desk.store) > 0)
    desk.close(wait=True, timeout=10)
    assert not any(t.is_alive() for t in desk._threads)
