"""The finder's follower thread: coalesces what is queued meanwhile, holds, survives a bug."""

from __future__ import annotations

import threading

from tui.core.dupes.rescore_queue import Follower


def test_what_arrives_during_work_is_taken_in_one_go() -> None:
    calls: list[set[str]] = []
    started, go = threading.Event(), threading.Event()

    def work(ids: set[str]) -> None:
        calls.append(ids)
        started.set()
        go.wait(5)

    follower = Follower("test-follow", work)
    try:
        follower.add(["a"])
        assert started.wait(5)
        for sid in ("b", "c", "b", "d"):  # a burst while the first pass runs
            follower.add([sid])
        go.set()
        assert follower.flush(5)
        assert calls == [{"a"}, {"b", "c", "d"}]
        assert {t.name for t in threading.enumerate()} >= {"test-follow"}
    finally:
        follower.close()


def test_held_work_waits_until_released() -> None:
    calls: list[set[str]] = []
    follower = Follower("test-follow", calls.append)
    try:
        follower.hold()  # a full pass starts: it will read everything itself
        follower.add(["x"])
        assert not follower.flush(0.2) and calls == []
        follower.release()
        assert follower.flush(5) and calls == [{"x"}]
    finally:
        follower.close()


def test_a_failing_pass_is_reported_and_following_goes_on() -> None:
    calls: list[set[str]] = []

    def work(ids: set[str]) -> None:
        calls.append(ids)
        if "bad" in ids:
            raise ValueError("boom")

    follower = Follower("test-follow", work)
    try:
        follower.add(["bad"])
        assert follower.flush(5) and follower.error is not None and "boom" in follower.error
        follower.add(["good"])
        assert follower.flush(5) and calls[-1] == {"good"}
    finally:
        follower.close()
    follower.add(["late"])  # closed: ignored
    assert calls[-1] == {"good"}
