"""Read-modify-write of one story file, safe against writers we race with.

The transform always runs on the bytes that are on disk at that moment. Another
newsdesk (a second dashboard, `newsdesk publish` from a script) takes the same lock on
the story (see `atomic.lock_story`) for its own read-compare-rename, so the two take
turns instead of one renaming over the other's fresh write. Writers that take no lock
(an editor, `git`) are caught by the comparison before the rename: then we read again
and re-apply, so an edit made elsewhere is never overwritten.

Only stories of the folder are written (`atomic.target`): pass the folder as `root`
so every folder on the way is checked; a link leaving the folder, a FIFO or a file
over the size limit is refused with a message, and nothing is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from tui.core.disk import safe
from tui.core.disk.atomic import FileChangedError, LockTimeout, Target, WriteRefused, lock_at, target, write_at
from tui.core.format.edits import EditError

_ATTEMPTS = 5
T = TypeVar("T")


def rewrite(
    path: str, transform: Callable[[bytes], bytes | None], *, root: str | None = None
) -> tuple[bytes, bytes | None, int]:
    """Apply `transform` to the file; return (bytes read, bytes written or None, mtime_ns)."""

    def attempt() -> tuple[bytes, bytes | None, int] | None:
        with target(path, root) as where:
            return _attempt(where, transform)

    return retried(attempt, gone="the story file is gone from disk")


def retried(attempt: Callable[[], T | None], *, gone: str) -> T:
    """Run `attempt` until it is not None (another writer got in between: try again, a
    few times), turning what the disk says into one `EditError` an editor can read;
    `gone` is the message for a file or folder that vanished. Shared by `rewrite` and
    `swap.swap`, so both writes refuse alike."""
    for _ in range(_ATTEMPTS):
        try:
            done = attempt()
        except FileNotFoundError:
            raise EditError(gone) from None
        except LockTimeout:
            raise EditError("another newsdesk kept the file locked; try again") from None
        except WriteRefused as exc:
            raise EditError(str(exc)) from None
        except OSError as exc:
            raise EditError(f"could not write the file: {exc.strerror or exc}") from None
        if done is not None:
            return done
    raise EditError("the file kept changing on disk while we tried to write it; try again")


def _attempt(where: Target, transform: Callable[[bytes], bytes | None]) -> tuple[bytes, bytes | None, int] | None:
    """One locked read-compare-rename; None when another writer got in first."""
    handle = lock_at(where)
    with handle:  # closing releases the lock, after the rename
        try:
            before = os.fstat(handle.fileno())
            raw = safe.read_all(handle.fileno(), before.st_size)
        except safe.Refused as exc:
            raise WriteRefused(str(exc)) from None
        except OSError as exc:
            raise EditError(f"cannot read the file: {exc.strerror or exc}") from None
        new = transform(raw)
        if new is None or new == raw:
            return raw, None, before.st_mtime_ns
        try:
            after = write_at(where, new, expect=before, expect_bytes=raw)
        except FileChangedError:
            return None
        return raw, new, after.st_mtime_ns
