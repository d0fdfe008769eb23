"""Two newsdesk processes writing one story take turns (the story file's flock).

Between our byte comparison and the rename another process could write; the lock
held across read, compare and rename closes that window for every newsdesk writer.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from tui.core.disk import atomic
from tui.core.disk.writer import rewrite
from tui.core.format.decode import parse_story
from tui.core.format.edits import set_published
from tui.core.store.store import Store

SEED = "000_8dcd983ef76e6965.txt"

# `newsdesk unpublish`, stopped inside its locked window (temp file written, not yet
# renamed) until the test says go on stdin.
HELD = textwrap.dedent(
    """
    import sys
    from tui.core.disk import atomic
    from tui.cli.main import main

    def hold(tmp):
        print("holding", flush=True)
        sys.stdin.readline()

    atomic.before_replace = hold
    sys.exit(main(["unpublish", "--seeds", sys.argv[1], sys.argv[2]]))
    """
)

# `newsdesk publish` / `unpublish` in a loop; each rename is logged with the value it
# wrote, stamped while the lock is held (CLOCK_MONOTONIC is one clock for all processes).
LOOP = textwrap.dedent(
    """
    import sys, time
    from tui.core.disk import atomic
    from tui.cli.main import main

    root, sid, rounds, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    stamps = open(log, "a")

    def stamp(tmp):
        value = b"published: true" in open(tmp, "rb").read()
        stamps.write(f"{time.monotonic_ns()} {int(value)}\\n")
        stamps.flush()

    atomic.before_replace = stamp
    for i in range(rounds):
        assert main(["publish" if i % 2 == 0 else "unpublish", "--seeds", root, sid]) == 0
    """
)


def published_lines(raw: bytes) -> list[bytes]:
    return [line for line in raw.splitlines() if line.startswith(b"published:")]


def to(value: bool):
    def transform(raw: bytes) -> bytes | None:
        result = set_published(raw, value)
        return None if result is None else result[0]

    return transform


def test_a_second_process_waits_outside_our_window(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    original = path.read_bytes()
    assert published_lines(original) == [b"published: true"]
    child = subprocess.Popen(
        [sys.executable, "-c", HELD, str(seeds_copy), SEED],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        assert child.stdout.readline().strip() == "holding"  # it is between compare and rename
        waiting = threading.Event()
        monkeypatch.setattr(atomic, "waiting_for_lock", lambda p: waiting.set())
        seen: list[bytes] = []
        result: list[object] = []

        def ours(raw: bytes) -> bytes | None:
            seen.append(raw)
            return to(True)(raw)

        writer = threading.Thread(target=lambda: result.append(rewrite(str(path), ours)))
        writer.start()
        # Our write found the story locked by the other process: it waits, reads nothing.
        assert waiting.wait(10)
        time.sleep(0.05)
        assert writer.is_alive() and seen == [] and path.read_bytes() == original
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.wait(30) == 0, child.stderr.read() if child.stderr else ""
        writer.join(10)
        assert not writer.is_alive()
    finally:
        child.kill()
        child.wait()
    theirs = original.replace(b"published: true", b"published: false")
    # We read only after their rename, so their edit is what ours was applied to.
    assert seen == [theirs]
    assert path.read_bytes() == original and result[0][1] == original  # type: ignore[index]
    story, problems = parse_story(SEED, path.read_bytes())
    assert story is not None and story.published and not problems


def test_cli_in_a_loop_against_the_store_every_write_lands_in_order(
    seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = seeds_copy / SEED
    log = tmp_path / "stamps.txt"
    with open(log, "a") as handle:

        def stamp(tmp: str) -> None:
            value = b"published: true" in Path(tmp).read_bytes()
            handle.write(f"{time.monotonic_ns()} {int(value)}\n")
            handle.flush()

        monkeypatch.setattr(atomic, "before_replace", stamp)
        child = subprocess.Popen(
            [sys.executable, "-c", LOOP, str(seeds_copy), SEED, "40", str(log)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        store = Store(str(seeds_copy))
        value = False
        ours = 0
        try:
            while child.poll() is None or ours < 20:
                store.reload(SEED)
                outcome = store.set_published([SEED], value)
                assert outcome.ok, outcome.message
                value = not value
                ours += 1
        finally:
            child.wait(60)
    assert child.returncode == 0, child.stderr.read() if child.stderr else ""
    raw = path.read_bytes()
    story, problems = parse_story(SEED, raw)
    assert story is not None and not problems
    assert len(published_lines(raw)) == 1
    stamps = sorted(tuple(map(int, line.split())) for line in log.read_text().splitlines())
    assert len({s for s, _ in stamps}) == len(stamps)
    # Renames happened in lock order, so the last one stamped is what the file says.
    assert bool(stamps[-1][1]) is story.published
