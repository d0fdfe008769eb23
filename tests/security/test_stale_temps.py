"""Temporary files a killed writer left are cleaned up, and only those (issue #13,
attack 11): hidden `.…newsdesk-tmp` files were never removed, and `git add -A`
committed them."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.security.capped import REPO
from tests.security.hostile import outside_file, snapshot, story
from tui.core.disk.atomic import STALE_AFTER, TEMP_SUFFIX
from tui.core.store.store import Store

CRASH = textwrap.dedent(
    """
    import os, sys
    from tui.core.disk import atomic
    from tui.core.store.store import Store

    atomic.before_replace = lambda tmp: os._exit(17)
    store = Store(sys.argv[1])
    store.load()
    store.set_published(["a.md"], False)
    """
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a.md").write_bytes(story("A story"))
    return folder


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def _strays(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.name.endswith(TEMP_SUFFIX))


def test_temp_file_of_a_killed_writer_is_removed_once_old(root: Path) -> None:
    raw = (root / "a.md").read_bytes()
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", CRASH, str(root)], capture_output=True, timeout=60, env=env)
    assert done.returncode == 17, done.stderr
    [stray] = _strays(root)
    Store(str(root)).load()
    assert _strays(root) == [stray]  # a fresh one may be a live writer's: kept
    _age(stray, STALE_AFTER + 60)
    Store(str(root)).load()
    assert _strays(root) == [] and (root / "a.md").read_bytes() == raw


def test_an_old_temp_file_still_locked_by_its_writer_is_kept(root: Path) -> None:
    stray = root / f".a.md.0123abcd{TEMP_SUFFIX}"
    stray.write_bytes(b"half written")
    _age(stray, STALE_AFTER + 60)
    with open(stray, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a writer that is alive, only slow
        Store(str(root)).load()
        assert _strays(root) == [stray]
    Store(str(root)).load()
    assert _strays(root) == []


def test_only_our_own_pattern_is_removed_and_links_are_never_followed(root: Path, tmp_path: Path) -> None:
    outside = outside_file(tmp_path)
    before = snapshot(outside)
    keep = [
        root / f".notes{TEMP_SUFFIX}",  # not our name: no random part
        root / f".a.md.NOTHEX00{TEMP_SUFFIX}",
        root / "visible.md.0123abcd.newsdesk-tmp",  # not hidden: not ours either
    ]
    for path in keep:
        path.write_bytes(b"someone's file")
        _age(path, STALE_AFTER + 60)
    link = root / f".a.md.89abcdef{TEMP_SUFFIX}"
    link.symlink_to(outside)
    _age(link, STALE_AFTER + 60)
    Store(str(root)).load()
    assert all(path.exists() for path in keep) and link.is_symlink()
    assert snapshot(outside) == before
