"""Open a story file the one way that cannot leave the folder, block, or read too much.

The folder is shared through git and filled by a pipeline, so every name in it is
someone else's (docs/THREAT_MODEL.md). A story id is a relative path; opening it must
never end outside the folder, and must never wait or read without bound:

- every component is opened with O_NOFOLLOW, relative to the one before it (`Dirs`),
  so a sub-folder committed as a symlink to `/etc` is refused, not walked through;
  the folder itself is the user's choice and may be a link;
- the file is opened with O_NOFOLLOW | O_NONBLOCK (a FIFO cannot make us wait for a
  writer) and checked with fstat before a byte is read: only a regular file of at
  most `MAX_FILE_BYTES` is read;
- a story that is a symlink is followed only when its target, fully resolved, is
  itself a story file of the folder (inside it, no hidden component, a story name);
  then the target is opened as above. Anything else is refused with a reason.

The rule for symlinks is the same for reading and for writing (`atomic.py`): an edit
through a link rewrites its target only when that target is a story of this folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from types import TracebackType

STORY_SUFFIXES = (".md", ".markdown", ".txt")
MAX_FILE_BYTES = 4 << 20  # a story is a few KiB; even a megabyte headline fits

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
READ = os.O_RDONLY | NOFOLLOW | NONBLOCK | CLOEXEC
_DIR = os.O_RDONLY | DIRECTORY | NOFOLLOW | CLOEXEC
_LINK = (errno.ELOOP, errno.EMLINK)  # what O_NOFOLLOW gives for a link (EMLINK: FreeBSD)


class Refused(OSError):
    """A file newsdesk will not read or write, and why (the message names no path:
    callers say which story it is)."""


def id_problem(sid: str) -> str | None:
    """Why `sid` cannot name a story of a folder (None: it can): absolute, empty, `.`
    or `..` components, hidden components, or not a story file's name."""
    if not sid or sid.startswith("/") or (os.sep != "/" and os.sep in sid):
        return "not a path inside the folder"
    parts = sid.split("/")
    if any(not part or part[0] == "." for part in parts):
        return "not a story of the folder (a hidden or empty part, `.` or `..`)"
    if not parts[-1].lower().endswith(STORY_SUFFIXES):
        return "not a story file's name"
    return None


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def too_big(size: int) -> str:
    return f"{size / (1 << 20):.1f} MB, more than the {MAX_FILE_BYTES >> 20} MB a story file may have; not read"


class Dirs:
    """Descriptors of the folder and of the sub-folders opened so far, each opened
    with O_NOFOLLOW relative to its parent; one per load chunk or per edit, closed
    with it."""

    __slots__ = ("root", "_fds")

    def __init__(self, root: str) -> None:
        self.root = root
        self._fds: dict[str, int] = {}

    def __enter__(self) -> Dirs:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        fds, self._fds = self._fds, {}
        for fd in fds.values():
            with contextlib.suppress(OSError):
                os.close(fd)

    def fd(self, folder: str) -> int:
        """The descriptor of `folder` ("" for the root, else "a/b"); raises Refused when
        a component is a symlink or not a folder, OSError when it cannot be opened."""
        found = self._fds.get(folder)
        if found is not None:
            return found
        if not folder:
            fd = os.open(self.root, os.O_RDONLY | DIRECTORY | CLOEXEC)  # the user's own choice: may be a link
        else:
            parent, _, name = folder.rpartition("/")
            parent_fd = self.fd(parent)
            try:
                fd = os.open(name, _DIR, dir_fd=parent_fd)
            except OSError as exc:
                if exc.errno in (*_LINK, errno.ENOTDIR):
                    raise Refused(
                        f"the folder {folder} on its way is a symlink or not a folder; not followed"
                    ) from None
                raise
        self._fds[folder] = fd
        return fd

    def split(self, sid: str) -> tuple[int, str]:
        """(descriptor of the story's folder, its file name)."""
        folder, _, name = sid.rpartition("/")
        return self.fd(folder), name


def open_story(dirs: Dirs, sid: str) -> tuple[int, os.stat_result, str]:
    """Open a story for reading: (fd, fstat, the id of the file really opened: `sid`,
    or the story a symlink named `sid` points to). Raises Refused with the reason,
    or OSError (FileNotFoundError when it is gone)."""
    dir_fd, name = dirs.split(sid)
    try:
        fd = os.open(name, READ, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno not in _LINK:
            if exc.errno == errno.ENXIO:  # a socket, or a FIFO's writer end
                raise Refused("not a regular file (a socket or a FIFO); skipped") from None
            raise
        real = link_target(dirs.root, sid)
        try:
            fd = os.open(real.rpartition("/")[2], READ, dir_fd=dirs.split(real)[0])
        except OSError as again:
            if again.errno in _LINK:  # changed under us: a link to a link
                raise Refused("a symlink to a symlink; not followed") from None
            raise
        sid = real
    try:
        st = checked(fd)
    except BaseException:
        os.close(fd)
        raise
    return fd, st, sid


def checked(fd: int) -> os.stat_result:
    """fstat of an open story: a regular file of at most `MAX_FILE_BYTES`, or Refused."""
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        raise Refused(f"{kind_of(st.st_mode)}, not a regular file; skipped")
    if st.st_size > MAX_FILE_BYTES:
        raise Refused(too_big(st.st_size))
    return st


def link_target(root: str, sid: str) -> str:
    """The story id a symlink `sid` leads to, if that is a story of this folder; else
    Refused, saying where it leads (never a path outside: only whether it is)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(os.path.join(root, *sid.split("/")))
    rel = os.path.relpath(real, real_root)
    if rel == os.curdir or rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        raise Refused("a symlink that leads outside the folder; not followed")
    target = rel.replace(os.sep, "/")
    why = id_problem(target)
    if why is not None:
        raise Refused(f"a symlink to a file that is not a story of the folder ({why}); not followed")
    return target


def read_all(fd: int, size: int, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, `size` expected; never more than `limit` (a file that grew
    past it since its fstat is Refused)."""
    raw = os.read(fd, size + 1)
    if len(raw) == size:
        return raw
    parts = [raw]
    total = len(raw)
    while raw:
        raw = os.read(fd, 1 << 16)
        parts.append(raw)
        total += len(raw)
        if total > limit:
            raise Refused(too_big(total))
    return b"".join(parts)
