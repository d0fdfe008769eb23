"""A per-user cache of loaded stories, so opening an unchanged folder parses nothing.

Where: `$NEWSDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/newsdesk`, else `~/.cache/newsdesk`,
one file per story folder, named by a hash of the folder's real path. Not inside the
story folder, because that folder is shared: it is a git repository or a synced
Jekyll collection that colleagues and an ingest pipeline write to, and a cache there
would be committed, synced and (being pickled data) a way for anyone with write access
to the folder to feed this process objects. In the user's own cache folder (mode 0700)
only the user writes it; it also works for read-only archives, and the watcher and
Jekyll never see it. The price: moving a folder means one cold load.

What: one record per chunk of files, in two parts: the verdicts (per file: id, size,
mtime_ns, ctime_ns, inode, whether it is a story, its problems) and the stories, as
the codec made them. `newsdesk check` needs only the verdicts, so it never unpickles a
story; the dashboard reads both. An entry is used only if the file's stat still says
the same; anything else is parsed again. ctime cannot be set by `touch -d` or `cp -p`,
so a rewrite that restores the mtime is noticed too. Entries for files changed within
`RACY_NS` of the load that read them are never written (the "racy git" problem: a
same-size change in the same timestamp tick would otherwise look unchanged).

Safety: the cache folder must be a folder only this user can write (owned by them,
no write bit for group or others); otherwise there is no cache, since anyone who can
write there could plant records or links (a shared, world-writable NEWSDESK_CACHE_DIR).
Cache files are opened with O_NOFOLLOW and must be this user's regular files, and a
new one is created under a random name with O_EXCL | O_NOFOLLOW, so no planted link
is ever written through. Each part carries its length and CRC32 and is checked before it is
unpickled; the unpickler only builds the model classes and datetimes; a damaged or
truncated record ends the reading and its files are parsed instead. A header stamp
(format, Python, and the source of every module that decides what a story is) makes
a cache written by other code unusable rather than wrong. Writes go to a temporary
file in the cache folder, renamed over the old one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import secrets
import stat
import struct
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from datetime import time as clock_time
from typing import IO, Any

from tui.core import model

FORMAT = 1
MAGIC = b"NDCACHE\x01"
RACY_NS = 2_000_000_000  # coarse filesystem clocks tick in up to 2 s (FAT), most in ns
_RECORD = struct.Struct("<IIII")  # verdicts length, CRC32, stories length, CRC32
_END = 0xFFFFFFFF  # a verdicts length that marks the end of the file
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

# Modules whose code decides what a file loads as: a change to any of them is a new cache.
_SOURCES = (  # relative to tui/core/
    "format/decode.py",
    "format/dupkeys.py",
    "format/frontmatter.py",
    "format/fastparse.py",
    "format/fastscalar.py",
    "format/urls.py",
    "format/yaml_errors.py",  # a problem's line and words
    "model.py",
    "disk/cache.py",
    "site/quick.py",
)

# A verdict: (id, size, mtime_ns, ctime_ns, inode, is a story, problems, site line);
# inode -1 for a file that could not be read (never cached). The site line is
# site.quick.ordinary_line of the bytes (None: not an ordinary story): the `published`
# value, its line and flags (a byte-order mark, a `secured:` line), so `check` on a
# Jekyll site judges an unchanged story without reading it again (issue 14).
SiteLine = tuple[bytes | None, int | None, int] | None
Verdict = tuple[str, int, int, int, int, bool, tuple["model.Problem", ...], SiteLine]
StatKey = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def trusted(key: StatKey, started_ns: int) -> bool:
    """May an entry read by a load that started at `started_ns` be cached?"""
    return max(key[1], key[2]) < started_ns - RACY_NS


def cache_dir() -> str:
    explicit = os.environ.get("NEWSDESK_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "newsdesk")


def private_dir(*, create: bool) -> str | None:
    """The cache folder (made, mode 0700, when `create`) if only this user can write to
    it; None otherwise, and then nothing is cached (docs/THREAT_MODEL.md)."""
    folder = cache_dir()
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.stat(folder)
    except OSError:
        return None
    mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    if not stat.S_ISDIR(st.st_mode) or not mine or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder


def open_private(path: str) -> int | None:
    """A descriptor of this user's own regular file at `path` (never through a link),
    in a private cache folder; None when there is none, or it is anything else."""
    if private_dir(create=False) is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    except OSError:
        return None
    st = os.fstat(fd)
    mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
    if not stat.S_ISREG(st.st_mode) or not mine:
        os.close(fd)
        return None
    return fd


def cache_path(root: str) -> str:
    from hashlib import blake2b  # hashlib (OpenSSL) is not imported for `check --no-cache`

    real = os.path.realpath(root)
    name = blake2b(real.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return os.path.join(cache_dir(), f"stories-{name}.cache")


_stamp: str | None = None


def code_stamp() -> str:
    """Format, Python and the source of the modules that type a story."""
    global _stamp
    if _stamp is None:
        from hashlib import blake2b

        digest = blake2b(f"{FORMAT} {sys.version} {sys.implementation.cache_tag}".encode(), digest_size=16)
        here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        for name in _SOURCES:
            with open(os.path.join(here, name), "rb") as handle:
                digest.update(handle.read())
        digest.update(_yaml_version().encode())
        _stamp = digest.hexdigest()
    return _stamp


def _yaml_version() -> str:
    """PyYAML types plain scalars; without importing it (20 ms), where it lives and when."""
    from importlib.util import find_spec

    spec = find_spec("yaml")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        st = os.stat(origin)
    except OSError:
        return origin
    return f"{origin} {st.st_size} {st.st_mtime_ns}"


# -- (un)pickling ------------------------------------------------------------------
_ALLOWED = {
    ("tui.core.model", "Story"): model.Story,
    ("tui.core.model", "RelatedItem"): model.RelatedItem,
    ("tui.core.model", "Image"): model.Image,
    ("tui.core.model", "EditFacts"): model.EditFacts,
    ("tui.core.model", "Problem"): model.Problem,
    ("datetime", "datetime"): datetime,
    ("datetime", "date"): date,
    ("datetime", "time"): clock_time,
    ("datetime", "timedelta"): timedelta,
    ("datetime", "timezone"): timezone,
}


class _Unpickler(pickle.Unpickler):
    """Builds only what a story is made of: a planted file cannot run code."""

    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a story cache") from None


def dumps(items: list[Any]) -> bytes:
    return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)


def loads(payload: bytes) -> list[Any]:
    items = _Unpickler(io.BytesIO(payload)).load()
    if not isinstance(items, list):
        raise pickle.UnpicklingError("not a list")
    return items


def record(verdicts: bytes, stories: bytes) -> bytes:
    head = _RECORD.pack(len(verdicts), zlib.crc32(verdicts), len(stories), zlib.crc32(stories))
    return head + verdicts + stories


class Record:
    """One chunk's record: verdicts now, stories only when asked for (checked then)."""

    __slots__ = ("offset", "length", "verdicts", "_reader", "_stories_at", "_stories_len", "_stories_crc")

    def __init__(
        self, reader: Reader, offset: int, verdicts: bytes, stories_at: int, stories_len: int, crc: int
    ) -> None:
        self.offset = offset
        self.length = stories_at + stories_len - offset
        self.verdicts = verdicts
        self._reader = reader
        self._stories_at = stories_at
        self._stories_len = stories_len
        self._stories_crc = crc

    def stories(self) -> bytes | None:
        """The stories part, or None when it is damaged."""
        handle = self._reader.handle
        handle.seek(self._stories_at)
        data = handle.read(self._stories_len)
        if len(data) != self._stories_len or zlib.crc32(data) != self._stories_crc:
            return None
        return data


# -- reading -----------------------------------------------------------------------
class Reader:
    """The records of one cache file, each checked before it is handed out."""

    def __init__(self, handle: IO[bytes], path: str) -> None:
        self.handle = handle
        self.path = path
        self.damaged = False  # a bad or truncated record ended the reading
        self.complete = False  # the end marker was reached

    @classmethod
    def open(cls, root: str) -> Reader | None:
        path = cache_path(root)
        fd = open_private(path)
        if fd is None:
            return None
        handle = os.fdopen(fd, "rb")
        try:
            if handle.read(len(MAGIC)) != MAGIC:
                raise ValueError("not a story cache")
            (size,) = struct.unpack("<I", handle.read(4))
            header = json.loads(handle.read(size).decode("utf-8"))
            if header.get("stamp") != code_stamp() or header.get("root") != os.path.realpath(root):
                raise ValueError("written by other code, or for another folder")
        except (ValueError, struct.error, UnicodeDecodeError, OSError):
            handle.close()
            return None
        return cls(handle, path)

    def records(self) -> Iterator[Record]:
        """Each record whose verdicts are intact, in file order (its stories part is
        read, and checked, only if the caller asks for it)."""
        handle = self.handle
        while True:
            offset = handle.tell()
            head = handle.read(_RECORD.size)
            if len(head) < _RECORD.size:
                self.damaged = True  # truncated
                return
            size, crc, stories_len, stories_crc = _RECORD.unpack(head)
            if size == _END:
                self.complete = True
                return
            verdicts = handle.read(size)
            if len(verdicts) != size or zlib.crc32(verdicts) != crc:
                self.damaged = True
                return
            at = offset + _RECORD.size + size
            yield Record(self, offset, verdicts, at, stories_len, stories_crc)
            handle.seek(at + stories_len)

    def copy_to(self, writer: Writer, ranges: list[tuple[int, int]]) -> None:
        """Copy good records byte for byte into a new cache (no re-pickling)."""
        for offset, length in ranges:
            self.handle.seek(offset)
            writer.write_raw(self.handle.read(length))

    def close(self) -> None:
        self.handle.close()


# -- writing -----------------------------------------------------------------------
class Writer:
    """A new cache file, invisible until `commit` renames it over the old one."""

    def __init__(self, root: str) -> None:
        self.path = cache_path(root)
        if private_dir(create=True) is None:
            raise PermissionError(f"{os.path.dirname(self.path)}: others may write there; nothing is cached")
        self.temp = f"{self.path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
        self.handle: IO[bytes] | None = os.fdopen(fd, "wb")
        header = json.dumps({"stamp": code_stamp(), "root": os.path.realpath(root)}).encode()
        self.handle.write(MAGIC + struct.pack("<I", len(header)) + header)

    @classmethod
    def create(cls, root: str) -> Writer | None:
        try:
            writer = cls(root)
        except OSError:
            return None  # no cache then: read-only home, full disk...
        writer._sweep()
        return writer

    def _sweep(self) -> None:
        """Remove temporary files a killed process left for this cache (after an hour)."""
        folder, name = os.path.split(self.path)
        try:
            for entry in os.scandir(folder):
                if (
                    entry.name.startswith(name + ".")
                    and entry.name.endswith(".tmp")
                    and entry.path != self.temp
                    and entry.stat(follow_symlinks=False).st_mtime < time.time() - 3600
                ):
                    os.unlink(entry.path)  # a link is removed, never its target
        except OSError:
            pass

    def write_raw(self, data: bytes) -> None:
        if self.handle is not None:
            try:
                self.handle.write(data)
            except OSError:
                self.abort()

    def add(self, verdicts: bytes, stories: bytes) -> None:
        self.write_raw(record(verdicts, stories))

    def commit(self) -> bool:
        if self.handle is None:
            return False
        try:
            self.handle.write(_RECORD.pack(_END, 0, 0, 0))
            self.handle.close()
            self.handle = None
            os.replace(self.temp, self.path)
            return True
        except OSError:
            self.abort()
            return False

    def abort(self) -> None:
        if self.handle is not None:
            with contextlib.suppress(OSError):
                self.handle.close()
            self.handle = None
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


def remove(root: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(cache_path(root))
