"""Read-modify-write of one story file, safe against writers we race with.

The transform always runs on the bytes that are on disk at that moment. Another
newsdesk (a second dashboard, `newsdesk publish` from a script) takes the same lock on
the story (see `atomic.lock_story`) for its own read-compare-rename, so the two take
turns instead of one renaming over the other's fresh write. Writers that take no lock
(an editor, `git`) are caught by the comparison before the rename: then we read again
and re-apply, so an edit made elsewhere is never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from tui.core.disk.atomic import FileChangedError, LockTimeout, WriteRefused, atomic_write, lock_story
from tui.core.format.edits import EditError

_ATTEMPTS = 5


def rewrite(path: str, transform: Callable[[bytes], bytes | None]) -> tuple[bytes, bytes | None, int]:
    """Apply `transform` to the file; return (bytes read, bytes written or None, mtime_ns)."""
    for _ in range(_ATTEMPTS):
        try:
            handle = lock_story(path)
        except FileNotFoundError:
            raise EditError("the story file is gone from disk") from None
        except LockTimeout:
            raise EditError("another newsdesk kept the file locked; try again") from None
        except OSError as exc:
            raise EditError(f"cannot read the file: {exc.strerror or exc}") from None
        with handle:  # closing releases the lock, after the rename
            try:
                before = os.fstat(handle.fileno())
                raw = handle.read()
            except OSError as exc:
                raise EditError(f"cannot read the file: {exc.strerror}") from None
            new = transform(raw)
            if new is None or new == raw:
                return raw, None, before.st_mtime_ns
            try:
                after = atomic_write(path, new, expect=before, expect_bytes=raw)
            except FileChangedError:
                continue
            except WriteRefused as exc:
                raise EditError(str(exc)) from None
            except OSError as exc:
                raise EditError(f"could not write the file: {exc.strerror or exc}") from None
            return raw, new, after.st_mtime_ns
    raise EditError("the file kept changing on disk while we tried to write it; try again")
