"""Atomic file replacement: a crash or a full disk leaves the original intact.

The temporary file lives in the same folder (so `os.replace` is a rename, never a
copy) and its name starts with a dot, so a stray one left by a crash is a hidden file
that folder loading skips rather than a story.

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
the comparison alone.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: the comparison alone
    fcntl = None  # type: ignore[assignment]

TEMP_SUFFIX = ".newsdesk-tmp"
LOCK_WAIT = 10.0  # seconds; a write holds the lock for milliseconds

# Test seams: called with the temp path after it is durable, before the rename (the
# story's lock is held then); called with the story's path when another writer holds it.
before_replace: Callable[[str], None] | None = None
waiting_for_lock: Callable[[str], None] | None = None


class WriteRefused(OSError):
    """The file may not be written; nothing was touched."""


def check_writable(path: str) -> os.stat_result:
    """Refuse read-only files even for root, who could otherwise rename over them."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise WriteRefused(f"{path}: not a regular file")
    if not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(
        path, os.W_OK
    ):
        raise WriteRefused("the file is read-only")
    return st


def atomic_write(
    path: str,
    data: bytes,
    *,
    expect: os.stat_result | None = None,
    expect_bytes: bytes | None = None,
) -> os.stat_result:
    """Replace `path` with `data`, keeping its mode; return the new file's stat.

    With `expect` (and `expect_bytes`), the rename happens only if the file still
    has that size and mtime (and those very bytes): a writer that raced us makes
    this raise `FileChangedError` instead. Size and mtime alone miss a same-size
    edit within one clock tick, or one that restored the mtime (rsync -t, cp -p).
    `writer.rewrite` calls this holding the story's lock (`lock_story`), so no other
    newsdesk can write between that comparison and the rename.
    """
    # A symlinked story: rename over the target, or the link would become a copy.
    path = os.path.realpath(path)
    st = check_writable(path)
    folder, name = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_owner(tmp, st)  # before chmod: chown clears set-id bits
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        if before_replace is not None:
            before_replace(tmp)
        try:
            if expect is not None:
                now = os.stat(path)
                if (now.st_size, now.st_mtime_ns) != (expect.st_size, expect.st_mtime_ns):
                    raise FileChangedError("the file changed on disk while it was being written")
            if expect_bytes is not None:
                with open(path, "rb") as handle:
                    if handle.read() != expect_bytes:
                        raise FileChangedError("the file changed on disk while it was being written")
        except FileNotFoundError:  # deleted meanwhile: the caller re-reads and says so
            raise FileChangedError("the file was deleted while it was being written") from None
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)
    return os.stat(path)


class LockTimeout(OSError):
    """Another writer held the story's lock for longer than `LOCK_WAIT`."""


def lock_story(path: str, wait: float = LOCK_WAIT) -> BinaryIO:
    """Open the story for reading with an exclusive lock on the inode now at `path`.

    Closing the returned file releases the lock. Raises FileNotFoundError if the file
    is gone, LockTimeout if another writer kept it locked for `wait` seconds.
    """
    deadline = time.monotonic() + wait
    pause = 0.001
    while True:
        handle = open(path, "rb")
        try:
            if fcntl is None or _lock(handle.fileno(), path, deadline, pause):
                held = os.fstat(handle.fileno())
                now = os.stat(path)
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


def _keep_owner(tmp: str, st: os.stat_result) -> None:
    """The new file would belong to whoever runs newsdesk (root under sudo or CI)."""
    now = os.stat(tmp)
    if (now.st_uid, now.st_gid) == (st.st_uid, st.st_gid):
        return
    try:
        os.chown(tmp, st.st_uid, st.st_gid)
    except OSError:  # only root may give a file away; keep what we may
        try:
            os.chown(tmp, -1, st.st_gid)
        except OSError:
            pass


class FileChangedError(OSError):
    """Another writer got there first; the caller re-reads and tries again."""


def _fsync_dir(folder: str) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)
