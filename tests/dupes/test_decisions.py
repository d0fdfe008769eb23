"""The decision log: append-only JSON Lines, survives restarts, safe for two writers."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

from tui.core.dupes.decision_record import Decision, FlagEdit, new_id
from tui.core.dupes.decisions import DecisionLog


def _decision(kind: str = "duplicate", ids: tuple[str, ...] = ("a.md", "b.md")) -> Decision:
    return Decision(
        id=new_id(),
        kind=kind,
        at="2024-01-01T00:00:00Z",
        cluster="k",
        members=tuple((i, "fp" + i) for i in ids),
        canonical=ids[0] if kind == "duplicate" else None,
        score=91,
        edits=(FlagEdit(ids[1], True, False, None, "published: false"),) if kind == "duplicate" else (),
        label="Marked 1 duplicate",
    )


def test_a_decision_is_one_readable_line_under_a_hidden_folder(tmp_path: Path) -> None:
    log = DecisionLog(str(tmp_path))
    decision = _decision()
    log.add(decision)
    path = tmp_path / ".newsdesk" / "decisions.jsonl"
    lines = path.read_text().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert list(data)[:3] == ["decision", "at", "id"]
    assert data["members"] == {"a.md": "fpa.md", "b.md": "fpb.md"}
    assert data["edits"] == [{"id": "b.md", "was": True, "now": False, "before": None, "after": "published: false"}]


def test_decisions_survive_a_new_instance_and_undo_appends(tmp_path: Path) -> None:
    first = DecisionLog(str(tmp_path))
    one, two = _decision(), _decision("distinct", ("c.md", "d.md"))
    first.add(one)
    first.add(two)
    first.add_undo(two)
    raw = (tmp_path / ".newsdesk" / "decisions.jsonl").read_bytes()
    assert raw.count(b"\n") == 3 and json.loads(raw.splitlines()[2])["undoes"] == two.id
    again = DecisionLog(str(tmp_path))
    again.load()
    assert again.decisions == [one, two]
    assert [d.id for d in again.active()] == [one.id] and again.last_active() == one


def test_a_torn_line_is_skipped_and_does_not_swallow_the_next(tmp_path: Path) -> None:
    log = DecisionLog(str(tmp_path))
    log.add(_decision())
    path = tmp_path / ".newsdesk" / "decisions.jsonl"
    with open(path, "ab") as handle:
        handle.write(b'{"decision": "duplicate", "at": "20')  # a crash mid-write
    later = _decision("distinct")
    log.add(later)
    again = DecisionLog(str(tmp_path))
    again.load()
    assert [d.kind for d in again.decisions] == ["duplicate", "distinct"]
    assert len(again.problems) == 1 and ":2:" in again.problems[0]


def test_load_sees_what_another_process_appended(tmp_path: Path) -> None:
    mine, theirs = DecisionLog(str(tmp_path)), DecisionLog(str(tmp_path))
    mine.load()
    theirs.add(_decision())
    mine.load()
    assert len(mine.decisions) == 1


def _writer(root: str, tag: str, count: int, start=None, members: int = 6) -> None:  # type: ignore[no-untyped-def]
    log = DecisionLog(root)
    if start is not None:
        start.wait(30)  # both at once, not one after the other
    for i in range(count):
        ids = tuple(f"{tag}-{i}-{k}-" + "x" * 300 + ".md" for k in range(members))  # long lines, beyond PIPE_BUF
        log.add(_decision("distinct", ids))


def test_two_processes_appending_at_once_keep_every_line_whole(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    workers = [context.Process(target=_writer, args=(str(tmp_path), tag, 150, start)) for tag in ("p", "q")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0, f"writer exit code {worker.exitcode} (None: still running after 60 s)"
    lines = (tmp_path / ".newsdesk" / "decisions.jsonl").read_bytes().splitlines()
    assert len(lines) == 300
    records = [json.loads(line) for line in lines]
    assert sorted(r["members"].__len__() for r in records) == [6] * 300
    log = DecisionLog(str(tmp_path))
    log.load()
    assert len(log.decisions) == 300 and not log.problems


def test_a_reader_never_sees_half_a_line_while_another_process_appends(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    # Lines of about 40 KB: a write spans pages, which a read could catch half-copied.
    worker = context.Process(target=_writer, args=(str(tmp_path), "w", 200, None, 120))
    worker.start()
    log = DecisionLog(str(tmp_path))
    reads = 0
    while worker.is_alive():
        if log.load():
            reads += 1
            assert not log.problems, log.problems
    worker.join(60)
    assert worker.exitcode == 0, f"writer exit code {worker.exitcode} (None: still running after 60 s)"
    log.load()
    assert len(log.decisions) == 200 and not log.problems and reads >= 1


def test_a_load_after_our_own_append_reads_nothing_again_unless_another_appended(tmp_path: Path) -> None:
    """The desk re-reads the log whenever it changes on disk (a sync brings decisions):
    its own append, with nobody else's line in between, needs no second read; a line
    another process appended (before or after ours) is read."""
    mine, other = DecisionLog(str(tmp_path)), DecisionLog(str(tmp_path))
    mine.add(_decision())  # the first line makes the log: read again once
    assert mine.load() is True and len(mine.decisions) == 1
    mine.add(_decision("distinct"))
    assert mine.load() is False and [d.kind for d in mine.decisions] == ["duplicate", "distinct"]
    other.load()
    other.add(_decision())
    assert mine.load() is True and len(mine.decisions) == 3
    other.add(_decision())  # someone else's line first, then ours: all read again
    mine.add(_decision("distinct"))
    assert mine.load() is True and len(mine.decisions) == 5
    fresh = DecisionLog(str(tmp_path))
    fresh.load()
    assert [d.id for d in mine.decisions] == [d.id for d in fresh.decisions]
