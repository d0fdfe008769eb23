"""Publish edits on disk: byte-exact, atomic, and never over someone else's change.

Writes go through `tui.core.disk.writer.rewrite` (read, transform, atomic replace); the
`tui.core.disk.atomic.before_replace` seam lets a test act as another writer at the worst
moment, after our temp file is durable and before the rename. The edit itself (which
bytes change) is tests/format/test_publish_edit.py.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.paths import SEEDS
from tui.core.disk import atomic
from tui.core.disk.writer import rewrite
from tui.core.format.decode import parse_story
from tui.core.format.edits import EditError, set_published

SEED = "000_8dcd983ef76e6965.txt"


def unpublish(raw: bytes) -> bytes | None:
    result = set_published(raw, False)
    return None if result is None else result[0]


def files_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def once(hook: Callable[[str], None]) -> Callable[[str], None]:
    """A before_replace hook that acts only on the first attempt, like a real racer."""
    calls: list[str] = []

    def run(tmp: str) -> None:
        if not calls:
            calls.append(tmp)
            hook(tmp)

    return run


# -- atomic write ------------------------------------------------------------------


def test_write_keeps_mode_and_replaces_by_rename(seeds_copy: Path) -> None:
    path = seeds_copy / SEED
    path.chmod(0o640)
    inode = path.stat().st_ino
    raw = path.read_bytes()
    read, written, mtime = rewrite(str(path), unpublish)
    assert read == raw and written == path.read_bytes()
    assert written == raw.replace(b"published: true", b"published: false")
    st = path.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    assert st.st_ino != inode  # a new file renamed over the old one, not rewritten in place
    assert st.st_mtime_ns == mtime
    assert files_in(seeds_copy) == files_in(SEEDS)


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_read_only_file_is_refused_unchanged(seeds_copy: Path, mode: int) -> None:
    # CI runs as root, who may write anything: the check must be on the mode bits.
    path = seeds_copy / SEED
    raw = path.read_bytes()
    path.chmod(mode)
    try:
        with pytest.raises(EditError, match="read-only"):
            rewrite(str(path), unpublish)
        assert path.read_bytes() == raw
        assert stat.S_IMODE(path.stat().st_mode) == mode
        assert len(files_in(seeds_copy)) == 5
    finally:
        path.chmod(0o644)


def test_check_writable_uses_mode_bits(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x")
    path.chmod(0o444)
    with pytest.raises(atomic.WriteRefused):
        atomic.check_writable(str(path))
    path.chmod(0o644)
    atomic.check_writable(str(path))
    with pytest.raises(atomic.WriteRefused):
        atomic.check_writable(str(tmp_path))


def test_full_disk_leaves_the_original_intact(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    raw = path.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "fsync", no_space)
    with pytest.raises(EditError, match="No space left"):
        rewrite(str(path), unpublish)
    assert path.read_bytes() == raw
    assert len(files_in(seeds_copy)) == 5  # the temp file was removed


# -- someone else writes the file meanwhile --------------------------------------------


def _other_writer(path: Path, old: bytes, new: bytes, keep_mtime: bool = False) -> Callable[[str], None]:
    def write(tmp: str) -> None:
        st = path.stat()
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))
        if keep_mtime:  # rsync -t, cp -p, or simply the same clock tick
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))

    return once(write)


@pytest.mark.parametrize("keep_mtime", [False, True])
def test_edit_is_applied_to_the_current_content(
    seeds_copy: Path, monkeypatch: pytest.MonkeyPatch, keep_mtime: bool
) -> None:
    path = seeds_copy / SEED
    raw = path.read_bytes()
    # Same length on purpose: size and mtime alone cannot tell the versions apart.
    monkeypatch.setattr(atomic, "before_replace", _other_writer(path, b"Accountability", b"ACCOUNTABILITY", keep_mtime))
    _, written, _ = rewrite(str(path), unpublish)
    expect = raw.replace(b"Accountability", b"ACCOUNTABILITY", 1).replace(b"published: true", b"published: false")
    assert written == expect
    assert path.read_bytes() == expect
    assert len(files_in(seeds_copy)) == 5


def test_other_writer_already_did_our_edit(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    raw = path.read_bytes()
    monkeypatch.setattr(atomic, "before_replace", _other_writer(path, b"published: true", b"published: no"))
    _, written, _ = rewrite(str(path), unpublish)
    assert written is None
    assert path.read_bytes() == raw.replace(b"published: true", b"published: no")


def test_story_made_unparsable_meanwhile_is_refused(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    monkeypatch.setattr(atomic, "before_replace", _other_writer(path, b"category: news", b"category: [news"))
    with pytest.raises(EditError, match="no longer parses"):
        rewrite(str(path), unpublish)
    broken = path.read_bytes()
    assert b"category: [news" in broken and b"published: true" in broken
    assert len(files_in(seeds_copy)) == 5


def test_story_deleted_meanwhile_is_refused(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    monkeypatch.setattr(atomic, "before_replace", once(lambda tmp: path.unlink()))
    with pytest.raises(EditError, match="gone"):
        rewrite(str(path), unpublish)
    assert not path.exists()
    assert len(files_in(seeds_copy)) == 4  # no temp file left behind, nothing recreated


def test_story_deleted_before_the_edit_is_refused(seeds_copy: Path) -> None:
    path = seeds_copy / SEED
    path.unlink()
    with pytest.raises(EditError, match="gone"):
        rewrite(str(path), unpublish)
    assert not path.exists()


def test_a_file_that_keeps_changing_is_given_up_on(seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_copy / SEED
    counter = iter(range(100))

    def churn(tmp: str) -> None:
        path.write_bytes(path.read_bytes() + f"\nchurn {next(counter)}".encode())

    monkeypatch.setattr(atomic, "before_replace", churn)
    with pytest.raises(EditError, match="kept changing"):
        rewrite(str(path), unpublish)
    final = path.read_bytes()
    assert b"published: true" in final and final.endswith(b"churn 4")
    story, _ = parse_story(SEED, final)
    assert story is not None and story.published is True
    assert len(files_in(seeds_copy)) == 5


def test_symlinked_story_is_edited_through_the_link(seeds_copy: Path) -> None:
    """A link to another story of the folder is written through, and stays a link; a
    link out of the folder is refused (tests/security/test_outside_folder.py)."""
    real = seeds_copy / "originals" / "real.md"
    real.parent.mkdir()
    real.write_bytes((seeds_copy / SEED).read_bytes())
    link = seeds_copy / "linked.md"
    link.symlink_to(real)
    rewrite(str(link), unpublish)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert b"published: false" in real.read_bytes()
    assert sorted(os.listdir(real.parent)) == ["real.md"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give files away")
def test_owner_and_group_are_kept(seeds_copy: Path) -> None:
    path = seeds_copy / SEED
    os.chown(path, 4321, 4322)
    path.chmod(0o664)
    rewrite(str(path), unpublish)
    st = path.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (4321, 4322, 0o664)
