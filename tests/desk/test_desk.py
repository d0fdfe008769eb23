"""The desk without Textual: loading, the edit queue, undo/redo, folder sync, failures."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.desk.conftest import Recorder, files
from tests.helpers.paths import REPO
from tui.core.disk import folder
from tui.core.store.records import EditOutcome, StoreEvent
from tui.desk import (
    APPLYING_CHANGES,
    FINDING_DUPLICATES,
    LOADING,
    Desk,
    DuplicatesReady,
    EditDone,
    Failure,
    Progress,
    folder_sync,
)

S0, S1, S2 = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt", "002_ec13f126c5df086c.txt"
MakeDesk = Callable[..., tuple[Desk, Recorder]]


def _kinds(root: Path) -> list[str]:
    return [json.loads(line)["decision"] for line in (root / ".newsdesk" / "decisions.jsonl").read_text().splitlines()]


def test_start_loads_the_folder_prepares_search_and_finds_duplicates(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.start()
    ready = seen.wait_for(DuplicatesReady)
    assert desk.store.loaded and len(desk.store) == 5 and desk.finder.ready
    assert ready.clusters == len(desk.finder.open_clusters())
    loading = [e for e in seen.of(Progress) if e.label == LOADING]
    assert loading and loading[-1] == Progress(LOADING, 5, 5)
    finding = [e for e in seen.of(Progress) if e.label == FINDING_DUPLICATES]
    assert finding and finding[-1].done == finding[-1].total == 5
    assert seen.events.index(loading[-1]) < seen.events.index(finding[0]) < seen.events.index(ready)
    assert desk.store._entries is not None  # the search index was built before the first keystroke
    assert desk.graph.degree(S0) is not None  # the graph followed the loading batches
    assert not seen.of(Failure)


def test_edits_run_on_one_thread_in_submission_order(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()
    gate = threading.Event()
    ran: list[str] = []
    threads: set[str] = set()

    def first() -> EditOutcome:
        assert gate.wait(30)
        ran.append("first")
        threads.add(threading.current_thread().name)
        return desk.toggle([S0])

    def second() -> EditOutcome:
        ran.append("second")
        threads.add(threading.current_thread().name)
        return desk.undo()

    assert desk.submit(first) and desk.submit(second, clear_marks=True)
    assert desk.pending_edits == 2 and ran == []  # queued behind the gate, not run beside it
    before = (seeds_copy / S0).read_bytes()
    gate.set()
    assert desk.wait_idle(30) and desk.pending_edits == 0
    assert ran == ["first", "second"] and threads == {"newsdesk-writer"}
    done = seen.of(EditDone)
    assert [e.outcome.ok for e in done] == [True, True] and [e.clear_marks for e in done] == [False, True]
    assert done[0].outcome.message.startswith("Unpublished") and done[1].outcome.message.startswith("Undid")
    assert (seeds_copy / S0).read_bytes() == before  # toggled, then undone: byte for byte


def test_an_edit_that_raises_is_reported_and_the_writer_goes_on(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()

    def broken() -> EditOutcome:
        raise ValueError("a bug")

    desk.submit(broken)
    desk.submit(lambda: desk.set_published([S1], True))
    assert desk.wait_idle(30)
    outcomes = [e.outcome for e in seen.of(EditDone)]
    assert [o.ok for o in outcomes] == [False, True] and "a bug" in outcomes[0].message
    assert b"published: true" in (seeds_copy / S1).read_bytes()


def test_closing_lands_the_queued_edits_and_takes_no_more(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()
    gate = threading.Event()

    def slow() -> EditOutcome:
        assert gate.wait(30)
        return desk.set_published([S1], True)

    desk.submit(slow)
    desk.close()
    assert not desk.submit(lambda: desk.set_published([S2], True))
    gate.set()
    desk.close(wait=True)
    assert b"published: true" in (seeds_copy / S1).read_bytes()
    assert b"published: false" in (seeds_copy / S2).read_bytes()
    assert seen.of(EditDone) == []  # closed: the driver hears nothing more


def test_undo_and_redo_of_a_decision_step_take_the_record_along(
    dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk
) -> None:
    """Moved from tests/dupes (it was `finder.undo`/`finder.redo`): the desk's undo."""
    root, before = dupes_folder
    desk, _ = make_desk(root, watch=False)
    desk.load()
    assert desk.find_duplicates()
    store, finder = desk.store, desk.finder
    key = finder.cluster_of("a.md").key  # type: ignore[union-attr]
    assert desk.decide_duplicate(key).ok
    decided = files(root)
    undone = desk.undo()
    assert undone.ok and "open again" in undone.message and files(root) == before
    assert _kinds(root) == ["duplicate", "undo"] and finder.cluster_of("a.md").decision is None  # type: ignore[union-attr]
    assert "a.md" in store.suspects
    redone = desk.redo()
    assert redone.ok and files(root) == decided and _kinds(root) == ["duplicate", "undo", "duplicate"]
    assert finder.cluster_of("a.md").decision == "duplicate" and "a.md" not in store.suspects  # type: ignore[union-attr]
    # Another process retracted it meanwhile: the files come back, no second "undo" line.
    from tui.core.dupes.decisions import DecisionLog

    other = DecisionLog(str(root))
    other.load()
    other.add_undo(other.last_active())  # type: ignore[arg-type]
    assert desk.undo().ok and files(root) == before and _kinds(root) == ["duplicate", "undo", "duplicate", "undo"]
    # A step that is not a decision's leaves the log alone.
    desk.set_published(["f.md"], False)
    assert desk.undo().ok and len(_kinds(root)) == 4


def test_decisions_and_undo_through_the_queue(dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk) -> None:
    root, before = dupes_folder
    desk, seen = make_desk(root, watch=False)
    desk.start()
    seen.wait_for(DuplicatesReady)
    key = desk.finder.cluster_of("a.md").key  # type: ignore[union-attr]
    desk.submit(lambda: desk.decide_duplicate(key, "c.md"))
    desk.submit(desk.undo)
    desk.submit(desk.redo)
    desk.submit(desk.undo_decision)
    assert desk.wait_idle(30)
    messages = [e.outcome.message for e in seen.of(EditDone)]
    assert all(e.outcome.ok for e in seen.of(EditDone)), messages
    assert (
        "open again" in messages[1] and "settled again" in messages[2] and messages[3].startswith("Undid the decision")
    )
    assert files(root) == before and _kinds(root) == ["duplicate", "undo", "duplicate", "undo"]


def test_folder_sync_follows_an_outside_write(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy)
    changed = threading.Event()

    def listener(event: StoreEvent) -> None:
        story = desk.store.get(S2)
        if event.kind == "changed" and S2 in event.ids and story is not None and story.title.startswith("Edited"):
            changed.set()

    desk.store.subscribe(listener)
    desk.start()
    seen.wait_for(DuplicatesReady)
    assert desk.watcher is not None and desk.watcher.ready.wait(10)
    path = seeds_copy / S2
    original = path.read_bytes().split(b"\n")
    # `ready` says the watcher's thread runs, not that its watch is up yet: an outside
    # editor saves again (a new title each time) until the desk has seen one.
    for attempt in range(20):
        title = f'title: "Edited elsewhere {attempt}"'.encode()
        path.write_bytes(b"\n".join(title if line.startswith(b"title:") else line for line in original))
        if changed.wait(0.5):
            break
    assert changed.is_set(), "the outside write did not reach the store"
    assert desk.store.get(S2).title.startswith("Edited elsewhere")  # type: ignore[union-attr]
    assert not seen.of(Failure)


def test_a_big_sync_is_applied_in_batches_with_progress(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()
    template = (seeds_copy / S0).read_bytes()
    names = [f"new-{i:04}.md" for i in range(folder_sync.BATCH + 100)]
    for name in names:
        (seeds_copy / name).write_bytes(template.replace(b"Massachusetts Homes", name.encode(), 1))
    desk._sync.on_change(set(names), set())  # what the watcher thread calls
    assert all(name in desk.store for name in names) and len(desk.store) == 5 + len(names)
    total = len(names)
    assert [e for e in seen.of(Progress) if e.label == APPLYING_CHANGES] == [
        Progress(APPLYING_CHANGES, folder_sync.BATCH, total),
        Progress(APPLYING_CHANGES, total, total),
    ]
    # A sub-folder that vanished as a whole: its stories go too.
    (seeds_copy / "sub").mkdir()
    (seeds_copy / "sub" / "x.md").write_bytes(template)
    desk._sync.on_change({"sub/x.md"}, set())
    assert "sub/x.md" in desk.store
    (seeds_copy / "sub" / "x.md").unlink()
    (seeds_copy / "sub").rmdir()
    desk._sync.on_change(set(), {"sub"})
    assert "sub/x.md" not in desk.store


def test_a_failing_duplicate_pass_is_reported(seeds_copy: Path, make_desk: MakeDesk) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)

    def broken(progress: object = None) -> None:
        raise RuntimeError("the index blew up")

    desk.finder.run = broken  # type: ignore[method-assign, assignment]
    desk.start()
    failure = seen.wait_for(Failure)
    assert failure == Failure("duplicates", "RuntimeError: the index blew up", None)
    assert desk.store.loaded and not seen.of(DuplicatesReady)


def test_a_failing_load_is_reported_and_the_desk_stays_usable(
    seeds_copy: Path, make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = folder.iter_load

    def half(root: str, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for batch in real(root, *args, **kwargs):  # type: ignore[arg-type]
            yield batch
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(folder, "iter_load", half)
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.start()
    failure = seen.wait_for(Failure)
    assert failure.where == "loading" and "Input/output error" in failure.message
    seen.wait_for(DuplicatesReady)  # what was read is searched for duplicates all the same
    assert desk.store.loaded and len(desk.store) == 5


def test_a_file_that_cannot_be_re_read_is_named(
    seeds_copy: Path, make_desk: MakeDesk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, seen = make_desk(seeds_copy, watch=False)
    desk.load()
    real = folder.read_current

    def read(root: str, sid: str):  # type: ignore[no-untyped-def]
        if sid == S1:
            raise MemoryError("too big")
        return real(root, sid)

    monkeypatch.setattr(folder, "read_current", read)
    path = seeds_copy / S2
    path.write_bytes(path.read_bytes().replace(b"published: false", b"published: true"))
    desk._sync.on_change({S1, S2}, set())
    assert seen.of(Failure) == [Failure("folder sync", "MemoryError: too big", S1)]
    assert desk.store.get(S2).published  # type: ignore[union-attr]  # the others are applied


def test_headless_desk_starts_no_thread(seeds_copy: Path, make_desk: MakeDesk) -> None:
    before = set(threading.enumerate())
    desk, _ = make_desk(seeds_copy, watch=False, follow=False)
    assert desk.read_story(S1) is None and desk.read_story("nope.md") is not None
    outcome = desk.set_published([S1], True)
    assert outcome.ok and outcome.changed == (S1,)
    assert desk.load() and desk.find_duplicates() and len(desk.store) == 5
    assert set(threading.enumerate()) == before


def test_the_desk_never_imports_textual() -> None:
    code = (
        "import sys, tui.desk, tui.desk.desk, tui.desk.edit_queue, tui.desk.folder_sync, tui.desk.history, "
        "tui.desk.loading, tui.desk.events; from tui.desk import Desk; "
        "leaked = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "assert not leaked, leaked"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_desk_nobody_closed_lands_its_queued_edits_and_lets_the_process_exit(seeds_copy: Path) -> None:
    """A crashed app or a script that forgets `close`: the desk's threads must not keep
    the process alive, and edits already queued must still be written."""
    code = f"""
import atexit, sys, threading
from tui.desk import Desk
desk = Desk(sys.argv[1], watch=False)
desk.load()
exiting = threading.Event()
atexit.register(exiting.set)  # runs before the desk's own exit handler (last in, first out)

def at_exit():
    assert exiting.wait(30)  # still queued when the interpreter starts to exit
    return desk.set_published([{S1!r}], True)

desk.submit(at_exit)
desk.submit(lambda: desk.set_published([{S2!r}], True))
desk.start(load=False)  # a duplicate pass under way at exit too
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(seeds_copy)], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert b"published: true" in (seeds_copy / S1).read_bytes()
    assert b"published: true" in (seeds_copy / S2).read_bytes()


def test_an_earlier_decision_step_undone_alone_takes_its_record_along(
    dupes_folder: tuple[Path, dict[str, bytes]], make_desk: MakeDesk
) -> None:
    """The session's edits (L) undo an earlier step alone through `Desk.undo_step`: a
    decision's step undone there must retract the decision as `u` does, or its copies
    are published again while the decision log still holds it settled (the suggestion
    stays closed, and a later 'undo the decision' finds nothing to put back)."""
    root, before = dupes_folder
    desk, _ = make_desk(root, watch=False)
    desk.load()
    assert desk.find_duplicates()
    store, finder = desk.store, desk.finder
    key = finder.cluster_of("a.md").key  # type: ignore[union-attr]
    assert desk.decide_duplicate(key).ok
    decision_step = store.last_step
    assert desk.set_published(["f.md"], False).ok  # a later edit stays
    later = files(root)["f.md"]
    assert decision_step is not None and store.last_step is not decision_step
    undone = desk.undo_step(decision_step)
    assert undone.ok and "open again" in undone.message, undone.message
    now = files(root)
    assert {k: v for k, v in now.items() if k != "f.md"} == {k: v for k, v in before.items() if k != "f.md"}
    assert now["f.md"] == later
    assert _kinds(root) == ["duplicate", "undo"]
    assert finder.cluster_of("a.md").decision is None  # type: ignore[union-attr]
    assert "a.md" in store.suspects


def test_folder_sync_waits_while_git_rewrites_the_work_tree(seeds_copy: Path, make_desk: MakeDesk) -> None:
    """While the desk's own git sync holds the work tree (the edit lock), a story git
    leaves for a moment with conflict markers is not read: it would leave the list
    and come back, and the dashboard's cursor would move to the next story (the
    trial's publish conflict). What it ends up as is read once git is done."""
    desk, seen = make_desk(seeds_copy)
    events: list[tuple[str, tuple[str, ...]]] = []
    desk.store.subscribe(lambda event: events.append((event.kind, tuple(sorted(event.ids or ())))))
    desk.start()
    seen.wait_for(DuplicatesReady)
    watcher = desk.watcher
    assert watcher is not None and watcher.ready.wait(10)
    entered = threading.Event()
    deliver = watcher.on_change

    def on_change(ids: set[str], folders: set[str]) -> None:
        if S2 in ids:
            entered.set()
        deliver(ids, folders)

    watcher.on_change = on_change
    events.clear()  # loading's own
    path = seeds_copy / S2
    original = path.read_bytes()
    settled = original.replace(b"title: ", b"title: Settled ", 1)
    with desk._edit_lock:  # what RepoState.sync holds while git rebases
        # `ready` says the watcher's thread runs, not that its watch is up: write until it hears.
        for attempt in range(20):
            path.write_bytes(b"<<<<<<< HEAD\n" + original + f"=======\n{attempt}\n>>>>>>> theirs\n".encode())
            if entered.wait(0.5):
                break
        assert entered.is_set(), "the watcher never delivered the conflicted file"
        gone = threading.Event()
        desk.store.subscribe(lambda event: gone.set() if event.kind == "removed" and S2 in event.ids else None)
        assert not gone.wait(0.5), "the half-rebased file was read while git held the work tree"
        path.write_bytes(settled)
    deadline = time.monotonic() + 15
    while (story := desk.store.get(S2)) is None or not story.title.startswith("Settled"):
        assert time.monotonic() < deadline, events
        time.sleep(0.02)
    assert not [kind for kind, ids in events if S2 in ids and kind in ("removed", "added")], events
    assert path.read_bytes() == settled
