"""Reading a site's files without being led out of it or swamped.

A site folder is untrusted input: a `_config.yml` or a story can be a symlink to
anything, a FIFO that blocks forever, or gigabytes long. Files are opened with
O_NOFOLLOW and O_NONBLOCK, checked to be regular files, and read with a limit.
"""

from __future__ import annotations

import errno
import os
import stat


def read_bounded(path: str, limit: int, *, head: bool = False) -> bytes:
    """A regular file's bytes, opened without following a final symlink, at most `limit`.

    Raises OSError (ELOOP for a symlink, EISDIR for anything not a regular file, EFBIG
    when larger than `limit`); with `head`, a larger file gives its first `limit` bytes.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EISDIR, "not a regular file", path)
        if info.st_size > limit and not head:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes", path)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        data = b"".join(chunks)
        if total > limit:
            if not head:
                raise OSError(errno.EFBIG, f"larger than {limit} bytes", path)
            data = data[:limit]
        return data
    finally:
        os.close(fd)
