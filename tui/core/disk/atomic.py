"""Atomic file replacement: a crash or a full disk leaves the original intact.

The temporary file lives in the same folder (so the rename never copies) and its name
starts with a dot, so a stray one left by a crash is a hidden file that folder
loading skips rather than a story; `sweep_stale` removes such strays later.

Nothing is written outside the story folder (docs/THREAT_MODEL.md). Every path is
resolved the way `safe.py` reads: each folder on the way opened with O_NOFOLLOW
relative to its parent, the story itself never followed unless it is a symlink to
another story of the folder (then that one is rewritten and the link stays a link).
The temporary file is created relative to the same folder descriptor with O_EXCL |
O_NOFOLLOW under a random name, and renamed within that descriptor, so no link
planted anywhere on the way can redirect the write. Callers say which folder the
story belongs to (`root`); without it, the story's own folder is the whole folder.

Two newsdesk processes (or threads) writing one story take turns: `lock_story` holds
an exclusive `flock` on the story file itself across read, compare and rename. The
rename puts a new inode at the path, so a writer that waited on the old one sees that
after it wakes and locks the new one instead; no sidecar lock file is needed, and
nothing new appears in the folder (a lock folder would show in every story folder, in
`git status` and in `ls -a`). The lock is advisory: an editor or `git` does not take
it, which is why the bytes are still compared before the rename. A process that dies
holding it releases it (the kernel closes its descriptors). A writer holds one story's
lock at a time (a bulk edit locks each file in turn), so two processes cannot
deadlock; one that waits longer than `LOCK_WAIT` gives up with a message. On a
filesystem without `flock` the write goes ahead unlocked, as before, protected by
the comparison alone. The temporary file is locked too while it exists, which is how
`sweep_stale` tells a live writer's file from a dead one's.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from tui.core.disk import safe

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the comparison alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".newsdesk-tmp"
LOCK_WAIT = 10.0  # seconds; a write holds the lock for milliseconds
STALE_AFTER = 15 * 60  # seconds: a temporary file this old and unlocked is a dead writer's
_TEMP_NAME = re.compile(r"\..{1,100}\.[0-9a-f]{8}" + re.escape(TEMP_SUFFIX) + r"\Z", re.S)
_WRITE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | safe.NOFOLLOW | safe.CLOEXEC

# Test seams: called with the temp path after it is durable, before the rename (the
# story's lock is held then); called with the story's path when another writer holds it.
before_replace: Callable[[str], None] | None = None
waiting_for_lock: Callable[[str], None] | None = None


class WriteRefused(OSError):
    """The file may not be written; nothing was touched."""


class FileChangedError(OSError):
    """Another writer got there first; the caller re-reads and tries again."""


class LockTimeout(OSError):
    """Another writer held the story's lock for longer than `LOCK_WAIT`."""


@dataclass(frozen=True, slots=True)
class Target:
    """A story to write: its folder's descriptor (opened safely) and its name there."""

    dir_fd: int
    name: str
    path: str  # for messages and the test seams only, never opened by name

    def stat(self) -> os.stat_result:
        return os.stat(self.name, dir_fd=self.dir_fd, follow_symlinks=False)


@contextlib.contextmanager
def target(path: str, root: str | None = None) -> Iterator[Target]:
    """The story at `path` (inside `root`) as a `Target`; a symlink to another story of
    the folder is that story. Raises WriteRefused (nothing outside the folder is ever
    a target), FileNotFoundError when it is gone."""
    if root is None:
        root, sid = os.path.split(path)
    else:
        sid = os.path.relpath(path, root).replace(os.sep, "/")
    root = root or os.curdir
    why = safe.id_problem(sid)
    if why is not None:
        raise WriteRefused(f"{sid}: {why}; not written")
    with safe.Dirs(root) as dirs:
        try:
            dir_fd, name = dirs.split(sid)
            if stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode):
                sid = safe.link_target(root, sid)
                dir_fd, name = dirs.split(sid)
        except safe.Refused as exc:
            raise WriteRefused(str(exc)) from None
        yield Target(dir_fd, name, os.path.join(root, *sid.split("/")))


def check_writable(path: str) -> os.stat_result:
    """Refuse read-only files even for root, who could otherwise rename over them."""
    folder, name = os.path.split(path)
    dir_fd = os.open(folder or os.curdir, os.O_RDONLY | safe.DIRECTORY | safe.CLOEXEC)
    try:
        return _check_writable(Target(dir_fd, name, path))
    finally:
        os.close(dir_fd)


def _check_writable(where: Target) -> os.stat_result:
    st = where.stat()
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused(f"{where.path}: not a regular file")
    writable = os.access(where.name, os.W_OK, dir_fd=where.dir_fd, follow_symlinks=False)
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not writable:
        raise WriteRefused("the file is read-only")
    return st


def atomic_write(
    path: str,
    data: bytes,
    *,
    expect: os.stat_result | None = None,
    expect_bytes: bytes | None = None,
    root: str | None = None,
) -> os.stat_result:
    """Replace the story at `path` with `data`, keeping its mode; return the new stat.

    With `expect` (and `expect_bytes`), the rename happens only if the file still
    has that size and mtime (and those very bytes): a writer that raced us makes
    this raise `FileChangedError` instead. Size and mtime alone miss a same-size
    edit within one clock tick, or one that restored the mtime (rsync -t, cp -p).
    `writer.rewrite` calls this holding the story's lock (`lock_story`), so no other
    newsdesk can write between that comparison and the rename.
    """
    with target(path, root) as where:
        return write_at(where, data, expect=expect, expect_bytes=expect_bytes)


def write_at(
    where: Target, data: bytes, *, expect: os.stat_result | None = None, expect_bytes: bytes | None = None
) -> os.stat_result:
    """`atomic_write` of a resolved target."""
    st = _check_writable(where)
    tmp = f".{where.name[:100]}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    tmp_path = os.path.join(os.path.dirname(where.path), tmp)
    fd = os.open(tmp, _WRITE, 0o600, dir_fd=where.dir_fd)
    try:
        try:
            if fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ours is alive: not stale
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
            _keep_owner(fd, st)  # before chmod: chown clears set-id bits
            os.fchmod(fd, stat.S_IMODE(st.st_mode))
            if before_replace is not None:
                before_replace(tmp_path)
            _still(where, expect, expect_bytes)
            os.replace(tmp, where.name, src_dir_fd=where.dir_fd, dst_dir_fd=where.dir_fd)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=where.dir_fd)
            raise
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.fsync(where.dir_fd)
    return where.stat()


def _still(where: Target, expect: os.stat_result | None, expect_bytes: bytes | None) -> None:
    """Raise FileChangedError unless the story is still as `expect` says."""
    try:
        if expect is not None:
            now = where.stat()
            if (now.st_size, now.st_mtime_ns) != (expect.st_size, expect.st_mtime_ns):
                raise FileChangedError("the file changed on disk while it was being written")
        if expect_bytes is not None:
            fd = os.open(where.name, safe.READ, dir_fd=where.dir_fd)
            try:
                raw = safe.read_all(fd, safe.checked(fd).st_size)
            finally:
                os.close(fd)
            if raw != expect_bytes:
                raise FileChangedError("the file changed on disk while it was being written")
    except FileNotFoundError:  # deleted meanwhile: the caller re-reads and says so
        raise FileChangedError("the file was deleted while it was being written") from None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK) or isinstance(exc, safe.Refused):
            raise FileChangedError("the file was replaced while it was being written") from None
        raise


def lock_story(path: str, wait: float = LOCK_WAIT, *, root: str | None = None) -> BinaryIO:
    """Open the story for reading with an exclusive lock on the inode now at `path`.

    Closing the returned file releases the lock. Raises FileNotFoundError if the file
    is gone, LockTimeout if another writer kept it locked for `wait` seconds,
    WriteRefused if it is not a story of the folder (`target`)."""
    with target(path, root) as where:
        return lock_at(where, wait)


def lock_at(where: Target, wait: float = LOCK_WAIT) -> BinaryIO:
    """`lock_story` of a resolved target: a regular file of bounded size, or refused."""
    deadline = time.monotonic() + wait
    pause = 0.001
    while True:
        try:
            fd = os.open(where.name, safe.READ, dir_fd=where.dir_fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):
                raise WriteRefused("not a regular file (it was replaced by a link or a FIFO)") from None
            raise
        handle = os.fdopen(fd, "rb")
        try:
            try:
                safe.checked(fd)
            except safe.Refused as exc:
                raise WriteRefused(str(exc)) from None
            if fcntl is None or _lock(fd, where.path, deadline, pause):
                held = os.fstat(fd)
                now = where.stat()
                if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                    return handle
                # Replaced while we waited: the lock we hold guards nothing any more.
            else:
                return handle  # no flock on this filesystem: compare-only, as before
        except BaseException:
            handle.close()
            raise
        handle.close()
        if time.monotonic() > deadline:
            raise LockTimeout(errno.EAGAIN, "another writer kept replacing the file")


def _lock(fd: int, path: str, deadline: float, pause: float) -> bool:
    """Exclusive flock, polled so a stuck writer elsewhere cannot hang ours; False when
    the filesystem has no flock."""
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if not told and waiting_for_lock is not None:
                told = True
                waiting_for_lock(path)
            if time.monotonic() > deadline:
                raise LockTimeout(errno.EAGAIN, "another newsdesk kept the file locked") from None
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL, errno.EBADF):
                return False
            raise


def _keep_owner(fd: int, st: os.stat_result) -> None:
    """The new file would belong to whoever runs newsdesk (root under sudo or CI)."""
    now = os.fstat(fd)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.fchown(fd, st.st_uid, st.st_gid)
    except OSError:  # only root may give a file away; keep what we may
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, st.st_gid)


def is_temp_name(name: str) -> bool:
    """A name `write_at` gives its temporary files."""
    return _TEMP_NAME.match(name) is not None


def sweep_stale(folder_path: str, names: list[str], now: float | None = None) -> list[str]:
    """Remove our temporary files in `folder_path` that a killed writer left: named as
    ours, regular files (never links), older than `STALE_AFTER`, and not locked (a
    live writer holds its temporary file's lock). Returns the names removed."""
    removed: list[str] = []
    now = time.time() if now is None else now
    try:
        dir_fd = os.open(folder_path, os.O_RDONLY | safe.DIRECTORY | safe.CLOEXEC)
    except OSError:
        return removed
    try:
        for name in names:
            if not is_temp_name(name):
                continue
            try:
                fd = os.open(name, safe.READ, dir_fd=dir_fd)
            except OSError:
                continue  # a link, gone, unreadable: not ours to judge
            try:
                st = os.fstat(fd)
                if not stat.S_ISREG(st.st_mode) or st.st_mtime > now - STALE_AFTER:
                    continue
                if fcntl is not None:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except BlockingIOError:
                        continue  # a writer is alive
                    except OSError:
                        pass
                here = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
                if (here.st_dev, here.st_ino) == (st.st_dev, st.st_ino):
                    os.unlink(name, dir_fd=dir_fd)
                    removed.append(name)
            except OSError:
                continue
            finally:
                os.close(fd)
    finally:
        os.close(dir_fd)
    return removed
