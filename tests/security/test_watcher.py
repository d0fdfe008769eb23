"""The folder watcher survives what the folder does to it (issue #13, attacks 8 and 11):
a FIFO, a receiver that raises, a link to a directory outside, the folder deleted and
made again."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.security.hostile import story
from tui.core.disk import folder
from tui.core.disk.watcher import EVERYTHING, FolderWatcher


class Seen:
    """What a receiver got, re-reading each id as the desk's folder sync does."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.calls: list[tuple[set[str], set[str]]] = []
        self.read: dict[str, str] = {}  # id -> "story" / "gone" / the problem

    def __call__(self, ids: set[str], folders: set[str]) -> None:
        with self.lock:
            self.calls.append((set(ids), set(folders)))
        for sid in ids:
            found, problems, _exists = folder.read_current(str(self.root), sid)
            with self.lock:
                self.read[sid] = "story" if found else problems[0].message if problems else "gone"

    def ids(self) -> set[str]:
        with self.lock:
            return {sid for ids, _ in self.calls for sid in ids}

    def folders(self) -> list[set[str]]:
        with self.lock:
            return [folders for _, folders in self.calls]


def until(condition: Callable[[], bool], timeout: float = 2.0) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder_ = tmp_path / "stories"
    folder_.mkdir()
    (folder_ / "a.md").write_bytes(story("First"))
    return folder_


@pytest.fixture
def watching(root: Path) -> Iterator[tuple[FolderWatcher, Seen, list[BaseException]]]:
    seen = Seen(root)
    errors: list[BaseException] = []
    watcher = FolderWatcher(str(root), seen, on_error=errors.append)
    watcher.start()
    watcher.ready.wait(5)
    time.sleep(0.3)  # the notifications are set up shortly after the thread starts
    yield watcher, seen, errors
    watcher.stop()


def test_fifo_created_while_watching_is_reported_and_later_changes_still_show(
    root: Path, watching: tuple[FolderWatcher, Seen, list[BaseException]]
) -> None:
    """Attack 8: the watcher thread blocked in open() on a FIFO; nothing later showed,
    and quitting took 5.6 s."""
    watcher, seen, errors = watching
    os.mkfifo(root / "x.md")
    until(lambda: "x.md" in seen.read)
    assert "a FIFO, not a regular file" in seen.read["x.md"]
    (root / "later.md").write_bytes(story("Later"))
    until(lambda: seen.read.get("later.md") == "story")
    started = time.monotonic()
    watcher.stop()
    assert time.monotonic() - started < 1.5 and not errors


def test_a_receiver_that_raises_does_not_end_the_watching(root: Path) -> None:
    errors: list[BaseException] = []
    got: list[set[str]] = []

    def receiver(ids: set[str], folders: set[str]) -> None:
        got.append(ids)
        if len(got) == 1:
            raise UnicodeEncodeError("utf-8", "\udcff", 0, 1, "surrogates not allowed")

    watcher = FolderWatcher(str(root), receiver, on_error=errors.append)
    watcher.start()
    watcher.ready.wait(5)
    time.sleep(0.3)
    try:
        (root / "b.md").write_bytes(story("Second"))
        until(lambda: len(errors) == 1)
        (root / "c.md").write_bytes(story("Third"))
        until(lambda: any("c.md" in ids for ids in got))
        assert isinstance(errors[0], UnicodeEncodeError)
    finally:
        watcher.stop()


def test_folder_deleted_and_made_again_is_picked_up(
    root: Path, watching: tuple[FolderWatcher, Seen, list[BaseException]]
) -> None:
    """Attack 11: deleting and re-creating the folder left the dashboard at 0 stories
    until a restart."""
    _watcher, seen, errors = watching
    shutil.rmtree(root)
    until(lambda: {EVERYTHING} in seen.folders())
    root.mkdir()
    (root / "again.md").write_bytes(story("Back again"))
    until(lambda: seen.read.get("again.md") == "story", timeout=3)
    assert seen.folders().count({EVERYTHING}) >= 2  # gone, then back: every story re-read
    (root / "after.md").write_bytes(story("Watched again"))
    until(lambda: seen.read.get("after.md") == "story")
    assert not errors


def test_a_sub_folder_linked_outside_is_not_watched(
    root: Path, tmp_path: Path, watching: tuple[FolderWatcher, Seen, list[BaseException]]
) -> None:
    """watchfiles' recursive watch followed such a link (a link to / would watch the
    whole machine); the folder's real sub-folders are watched one by one instead."""
    _watcher, seen, _errors = watching
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    time.sleep(0.5)
    (outside / "x.md").write_bytes(story("Outside"))
    (root / "inside.md").write_bytes(story("Inside"))
    until(lambda: "inside.md" in seen.ids())
    time.sleep(0.3)
    assert not any(sid.startswith("link/") for sid in seen.ids())


def test_a_new_sub_folder_is_watched(root: Path, watching: tuple[FolderWatcher, Seen, list[BaseException]]) -> None:
    _watcher, seen, _errors = watching
    (root / "sub").mkdir()
    (root / "sub" / "first.md").write_bytes(story("In a new folder"))
    until(lambda: seen.read.get("sub/first.md") == "story")
    (root / "sub" / "deeper").mkdir()
    time.sleep(0.3)
    (root / "sub" / "deeper" / "second.md").write_bytes(story("Deeper still"))
    until(lambda: seen.read.get("sub/deeper/second.md") == "story")


def test_the_decisions_log_is_followed_made_later_and_only_it(root: Path) -> None:
    """A sync or pull brings a colleague's duplicate decisions: `on_log` hears of the log
    (its folder made while watching, then the log written and appended to); other files
    in `.newsdesk` are not followed, and no hidden path reaches the stories' receiver."""
    logs: list[float] = []
    got: list[set[str]] = []
    errors: list[BaseException] = []
    watcher = FolderWatcher(
        str(root), lambda ids, folders: got.append(ids), on_error=errors.append, on_log=lambda: logs.append(1)
    )
    watcher.start()
    watcher.ready.wait(5)
    time.sleep(0.3)
    try:
        (root / ".newsdesk").mkdir()
        until(lambda: len(logs) >= 1, 5)
        time.sleep(0.3)  # the new set of folders is being watched
        heard = len(logs)
        (root / ".newsdesk" / "decisions.jsonl").write_text('{"decision": "distinct", "id": "x"}\n')
        until(lambda: len(logs) > heard, 5)
        heard = len(logs)
        with open(root / ".newsdesk" / "decisions.jsonl", "a") as log:
            log.write('{"decision": "undo", "id": "y", "undoes": "x"}\n')
        until(lambda: len(logs) > heard, 5)
        heard = len(logs)
        (root / ".newsdesk" / "other.json").write_text("{}")
        (root / "b.md").write_bytes(story("Second"))
        until(lambda: any("b.md" in ids for ids in got), 5)
        assert len(logs) == heard  # only the log, not the folder's other files
        assert not any(sid.startswith(".") for ids in got for sid in ids)
        assert not errors
    finally:
        watcher.stop()
