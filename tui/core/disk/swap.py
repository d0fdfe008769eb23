"""Put a whole story file back: replace its bytes, create it, or remove it.

Every other edit rewrites part of a file that exists (`writer.rewrite`). Discarding a
story's uncommitted change (issue 15) puts back git's committed bytes, which may mean
bringing back a file that was deleted, or removing a new story that was never
committed; undoing the discard does the opposite. `swap` does all three on the same
terms as `rewrite`:

- only stories of the folder: every folder on the way opened with O_NOFOLLOW (`safe.Dirs`),
  the id a story's name (`safe.id_problem`); and, stricter than `rewrite`, the story
  itself must be a regular file, never a symlink (its bytes in git would be the link's
  target path, and removing a link's target is not discarding the link);
- the caller's `check` sees the bytes on disk at that moment (None: no file) under the
  story's lock (`atomic.lock_at`), and refuses by raising `EditError`; a writer that
  takes no lock is caught by the comparison before the rename, as in `rewrite`;
- a replacement is `atomic.write_at` (temporary file, fsync, rename); a new file is
  written to a temporary file and linked into place with `link`, which fails if a
  file appeared at that name meanwhile (then the check runs again on it); a removal
  unlinks the name only while it still holds the very bytes checked.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass

from tui.core.disk import safe
from tui.core.disk.atomic import (
    TEMP_SUFFIX,
    FileChangedError,
    Target,
    WriteRefused,
    lock_at,
    write_at,
)
from tui.core.disk.writer import retried
from tui.core.format.edits import EditError

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | safe.NOFOLLOW | safe.CLOEXEC

Check = Callable[[bytes | None], None]


@dataclass(frozen=True, slots=True)
class Swapped:
    """What `swap` found and left: the bytes and permission bits that were there (None:
    no file), and the new file's mtime in ns (None: removed, or nothing there)."""

    found: bytes | None
    found_mode: int | None
    mtime_ns: int | None


def swap(root: str, sid: str, check: Check, new: bytes | None, *, mode: int | None = None) -> Swapped:
    """Put `new` in place of story `sid` of folder `root` (None: remove the file), after
    `check(the bytes there now, or None)` returned without raising `EditError`.

    `mode`: permission bits for a file that is created (None: 0o666 less the umask);
    a file replaced keeps its own."""
    why = safe.id_problem(sid)
    if why is not None:
        raise EditError(f"{sid}: {why}; not written")

    def attempt() -> Swapped | None:
        try:
            with safe.Dirs(root) as dirs:
                dir_fd, name = dirs.split(sid)
                where = Target(dir_fd, name, os.path.join(root, *sid.split("/")))
                return _attempt(where, check, new, mode)
        except safe.Refused as exc:  # says why without the path: the message as it is
            raise EditError(str(exc)) from None

    return retried(attempt, gone="the story's folder is gone from disk")


def _attempt(where: Target, check: Check, new: bytes | None, mode: int | None) -> Swapped | None:
    """One try; None when another writer got in between (the caller tries again)."""
    try:
        st = where.stat()
    except FileNotFoundError:
        check(None)
        if new is None:
            return Swapped(None, None, None)  # nothing there, nothing wanted
        return _create(where, new, mode)
    if stat.S_ISLNK(st.st_mode):
        raise EditError("the story is a symlink; put it back with git")
    try:
        handle = lock_at(where)
    except FileNotFoundError:  # removed since the look above
        return None
    with handle:
        held = os.fstat(handle.fileno())
        try:
            raw = safe.read_all(handle.fileno(), held.st_size)
        except safe.Refused as exc:
            raise WriteRefused(str(exc)) from None
        check(raw)
        if new is None:
            return _remove(where, held, raw)
        if new == raw:
            return Swapped(raw, held.st_mode, held.st_mtime_ns)
        try:
            after = write_at(where, new, expect=held, expect_bytes=raw)
        except FileChangedError:
            return None
        return Swapped(raw, held.st_mode, after.st_mtime_ns)


def _remove(where: Target, held: os.stat_result, raw: bytes) -> Swapped | None:
    """Unlink the story while it is still the file read (same inode, size, mtime)."""
    try:
        now = where.stat()
    except FileNotFoundError:
        return None
    if (now.st_ino, now.st_size, now.st_mtime_ns) != (held.st_ino, held.st_size, held.st_mtime_ns):
        return None
    os.unlink(where.name, dir_fd=where.dir_fd)
    with contextlib.suppress(OSError):
        os.fsync(where.dir_fd)
    return Swapped(raw, held.st_mode, None)


def _create(where: Target, data: bytes, mode: int | None) -> Swapped | None:
    """A new file with `data`, durable before it appears; None if a file got there first."""
    tmp = f".{where.name[:100]}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    fd = os.open(tmp, _CREATE, 0o666, dir_fd=where.dir_fd)  # the umask applies, as for any new file
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if mode is not None:
                os.fchmod(fd, stat.S_IMODE(mode))
            os.fsync(fd)
            try:
                os.link(tmp, where.name, src_dir_fd=where.dir_fd, dst_dir_fd=where.dir_fd, follow_symlinks=False)
            except FileExistsError:
                return None
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise
                # No hard links on this filesystem: the rename cannot refuse an existing
                # name, so look once more right before it.
                if _exists(where):
                    return None
                os.rename(tmp, where.name, src_dir_fd=where.dir_fd, dst_dir_fd=where.dir_fd)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp, dir_fd=where.dir_fd)
    finally:
        os.close(fd)
    with contextlib.suppress(OSError):
        os.fsync(where.dir_fd)
    return Swapped(None, None, where.stat().st_mtime_ns)


def _exists(where: Target) -> bool:
    try:
        where.stat()
    except FileNotFoundError:
        return False
    return True


def held(root: str, sid: str) -> tuple[bytes | None, int | None]:
    """The bytes and permission bits of story `sid` now ((None, None): no file), read as
    `swap` reads them, so what an outside program (the editor's own editor) changed can
    be put back by `swap`. EditError when `swap` could not put it back: a symlink, not a
    regular file, too big, a folder on the way that is a link."""
    why = safe.id_problem(sid)
    if why is not None:
        raise EditError(f"{sid}: {why}")
    try:
        with safe.Dirs(root) as dirs:
            dir_fd, name = dirs.split(sid)
            try:
                fd = os.open(name, safe.READ, dir_fd=dir_fd)
            except FileNotFoundError:
                return None, None
            except OSError as exc:
                if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):
                    raise EditError("the story is a symlink or not a regular file") from None
                raise
            try:
                st = safe.checked(fd)
                return safe.read_all(fd, st.st_size), st.st_mode
            finally:
                os.close(fd)
    except safe.Refused as exc:
        raise EditError(str(exc)) from None
    except OSError as exc:
        raise EditError(exc.strerror or str(exc)) from None
