"""Atomic file replacement: a crash or a full disk leaves the original intact.

The temporary file lives in the same folder (so `os.replace` is a rename, never a
copy) and its name starts with a dot, so a stray one left by a crash is a hidden file
that folder loading skips rather than a story.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable

TEMP_SUFFIX = ".newsdesk-tmp"

# Test seam: called with the temp path after it is durable, before the rename.
before_replace: Callable[[str], None] | None = None


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
