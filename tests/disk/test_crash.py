"""The process dies between writing the temp file and the rename.

A real crash, in a child process (`os._exit`, so no cleanup handler runs): the
original file must be byte-identical afterwards, and the stray temp file must never
be loaded as a story.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from tui.core.disk import folder
from tui.core.disk.atomic import TEMP_SUFFIX
from tui.core.store.store import Store

SEED = "000_8dcd983ef76e6965.txt"

CHILD = textwrap.dedent(
    """
    import os, sys
    from tui.core.disk import atomic
    from tui.core.store.store import Store

    atomic.before_replace = lambda tmp: os._exit(17)
    store = Store(sys.argv[1])
    store.load()
    store.set_published([sys.argv[2]], False)
    print("the edit returned: the crash did not happen")
    """
)


def test_crash_before_rename_leaves_the_original_intact(seeds_copy: Path) -> None:
    path = seeds_copy / SEED
    raw = path.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(seeds_copy), SEED],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 17, done.stderr
    assert "did not happen" not in done.stdout

    assert path.read_bytes() == raw
    strays = [p for p in seeds_copy.iterdir() if p.name.endswith(TEMP_SUFFIX)]
    assert len(strays) == 1  # the crash really came after the temp file was written
    stray = strays[0]
    assert stray.name.startswith(".")
    assert stray.read_bytes() == raw.replace(b"published: true", b"published: false")

    assert stray.name not in folder.scan(str(seeds_copy))
    store = Store(str(seeds_copy))
    store.load()
    assert sorted(store.stories) == sorted(p.name for p in seeds_copy.glob("*.txt"))
    assert store.all_problems() == []
    assert store.get(SEED).published is True  # type: ignore[union-attr]

    # Life goes on: the next edit works and the stray stays inert. The child died
    # holding the story's write lock; the kernel released it, so nothing waits.
    started = time.monotonic()
    outcome = store.set_published([SEED], False)
    assert outcome.ok, outcome.message
    assert time.monotonic() - started < 1
    assert path.read_bytes() == raw.replace(b"published: true", b"published: false")


def test_even_a_visible_temp_name_is_not_a_story(tmp_path: Path) -> None:
    # Belt and braces: a temp file that lost its leading dot (copied around) is skipped too.
    (tmp_path / "a.md").write_bytes(b"---\ntitle: a\n---\n")
    (tmp_path / f"a.md.x1y2{TEMP_SUFFIX}").write_bytes(b"---\ntitle: a\n---\n")
    assert folder.scan(str(tmp_path)) == ["a.md"]
