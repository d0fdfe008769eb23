"""Remember the last full duplicate pass of a folder, so an unchanged folder is instant.

A full pass depends on every story (word counts decide the blocking keys), on the
settings and on the code; so the saved result is used only when all three are what
they were: the same story ids with the same file fingerprints (the codec's hash of
each file's bytes), the same `DedupeConfig`, and the same source of the modules that
score. Anything else, and the pass runs again and replaces the file.

Where: next to the story cache (`cache.cache_dir()`, per user, mode 0700), never in the
story folder, for the same reasons. What: JSON, not pickle, checked field by field on
the way in; a damaged or foreign file is ignored. Written to a temporary file and
renamed, so a crash leaves the old result or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import astuple
from pathlib import Path

from tui.core.disk.cache import cache_dir, open_private, private_dir
from tui.core.dupes.scoring import DedupeConfig, PairScore
from tui.core.model import Story

FORMAT = 2  # 2: a pair carries the rare words its headline vouched with
# The code that scores, relative to tui/core/: a change to any of it is a new stamp.
_SOURCES = (
    "dupes/index.py", "dupes/blocking.py", "dupes/scoring.py", "dupes/saved_pass.py",
    "format/textnorm.py", "format/urls.py",
)  # fmt: skip
_stamp_memo: dict[DedupeConfig, str] = {}


def path_for(root: str) -> str:
    real = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return os.path.join(cache_dir(), f"dupes-{real}.json")


def stamp(config: DedupeConfig) -> str:
    """Format, settings and the code that scores: any change makes old results unusable."""
    found = _stamp_memo.get(config)
    if found is None:
        digest = hashlib.sha256(f"{FORMAT}\n{astuple(config)!r}\n".encode())
        here = Path(__file__).resolve().parent.parent
        for name in _SOURCES:
            try:
                digest.update((here / name).read_bytes())
            except OSError:
                digest.update(b"missing " + name.encode())
        found = _stamp_memo[config] = digest.hexdigest()
    return found


def fingerprint(stories: Iterable[Story]) -> str:
    """Which stories, as which bytes."""
    lines = sorted(f"{s.id}\x00{s.facts.fingerprint}\n" for s in stories)  # ids are unique: sorts by id
    return hashlib.blake2b("".join(lines).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def load(root: str, config: DedupeConfig, folder: str) -> list[PairScore] | None:
    """The saved pairs if they were made from exactly this folder state, else None
    (also when the cache folder is not private, or the file is not this user's own)."""
    fd = open_private(path_for(root))
    if fd is None:
        return None
    try:
        with os.fdopen(fd, encoding="utf-8") as handle:
            data = json.load(handle)
        if data.get("format") != FORMAT or data.get("stamp") != stamp(config) or data.get("folder") != folder:
            return None
        return [_pair(row) for row in data["pairs"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None


def save(root: str, config: DedupeConfig, folder: str, pairs: Iterable[PairScore]) -> None:
    """Best effort: a cache that cannot be written only costs the next run its time.

    Story ids may hold any character a file name can, bytes that are not UTF-8
    included (as lone surrogates): the JSON is written ASCII-only, with those escaped,
    so no id can make the write fail (it once ended `newsdesk dupes` with a
    UnicodeEncodeError)."""
    rows = [[p.a, p.b, p.score, p.title, p.excerpt, p.url, p.gap_hours, p.guards, p.rare] for p in pairs]
    data = {"format": FORMAT, "stamp": stamp(config), "folder": folder, "pairs": rows}
    target = path_for(root)
    if private_dir(create=True) is None:
        return
    try:
        fd, temp = tempfile.mkstemp(prefix=".dupes-", suffix=".tmp", dir=os.path.dirname(target))  # O_EXCL
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                json.dump(data, handle, ensure_ascii=True, separators=(",", ":"))
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except (OSError, ValueError):
        pass


def _pair(row: list[object]) -> PairScore:
    a, b, score, title, excerpt, url, gap, guards, rare = row
    if not (isinstance(a, str) and isinstance(b, str) and isinstance(score, int) and isinstance(title, int)):
        raise TypeError("bad pair")
    if not (excerpt is None or isinstance(excerpt, int)) or not isinstance(url, bool):
        raise TypeError("bad pair")
    if not (gap is None or isinstance(gap, (int, float))) or not isinstance(guards, list):
        raise TypeError("bad pair")
    if not all(isinstance(g, str) for g in guards) or not isinstance(rare, list):
        raise TypeError("bad pair")
    if not all(isinstance(w, str) for w in rare):
        raise TypeError("bad pair")
    gap_hours = None if gap is None else float(gap)
    return PairScore(a, b, score, title, excerpt, url, gap_hours, tuple(guards), tuple(rare))
