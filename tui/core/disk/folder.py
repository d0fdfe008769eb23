"""Find story files in a folder and load them: from the cache, or parsed in parallel.

Loading never raises because of one file: every file becomes a story or a problem.
Files whose size, mtime and ctime match the per-user cache (cache.py) are taken from
it; the rest are parsed, by helper processes when there are many (workers.py), and
handed back in batches so a UI can show stories before the last file is read.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tui.core.disk import cache, safe
from tui.core.disk.atomic import TEMP_SUFFIX, sweep_stale
from tui.core.model import Problem, Story

if TYPE_CHECKING:
    from tui.core.site.members import Members

STORY_SUFFIXES = safe.STORY_SUFFIXES
SITE_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")  # a Jekyll site (issue 14): tui/core/site/config.py
PARALLEL_THRESHOLD = 1500  # files to parse before helper processes pay for themselves
CHUNK = 500  # files per helper task and per batch
CACHE_MIN_FILES = 256  # smaller folders parse in well under a tenth of a second
use_cache = True  # the command line's --no-cache turns this off for the process


def story_id(root: str, path: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def id_path(root: str, sid: str) -> str:
    return os.path.join(root, *sid.split("/"))


def is_story_name(name: str) -> bool:
    return not name.startswith(".") and not name.endswith(TEMP_SUFFIX) and name.lower().endswith(STORY_SUFFIXES)


def scan(root: str) -> list[str]:
    """Story ids under `root`, recursively, hidden files and folders skipped, sorted.

    Every entry with a story's name that is not a folder is listed, whatever it is:
    a symlink, a FIFO, a socket; reading it (`parser_pool.read_file`) then makes it a
    story or a problem that says why not, so nothing in the folder is silently
    ignored. Symlinked folders are not walked into (`safe.py`)."""
    return sorted(_walk(root, stat=False, members=site_members(root)))


def scan_stats(root: str) -> dict[str, cache.StatKey]:
    """Every story id with its stat key (size, mtime_ns, ctime_ns, inode)."""
    return _walk(root, stat=True, members=site_members(root))  # type: ignore[return-value]


def site_members(root: str) -> Members | None:
    """A Jekyll site's story filter (its collections' files), None for a plain folder.

    Decided on the config file's name first: a plain folder never imports the site
    rules (and their YAML), so its load and check cost what they did."""
    if not any(os.path.lexists(os.path.join(root, name)) for name in SITE_CONFIGS):
        return None
    from tui.core.site.config import read_config
    from tui.core.site.members import Members

    members = Members(read_config(root))
    return members if members.site else None


def _walk(
    root: str, *, stat: bool, temps: dict[str, list[str]] | None = None, members: Members | None = None
) -> dict[str, cache.StatKey | None]:
    """Story ids (with stat keys when `stat`); `temps` collects, per folder, hidden
    names that look like our temporary files (`atomic.sweep_stale` judges them).
    `members`: a Jekyll site's filter, only its collections' files (never `_site/`)."""
    found: dict[str, cache.StatKey | None] = {}
    stack = [(root, "")]
    suffixes = STORY_SUFFIXES
    while stack:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        # Whether a site keeps a file depends on its folder only (Members.keeps): asked
        # once per folder, not once per story.
        keeps = members is None or members.keeps(prefix + "_")
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                if temps is not None and name.endswith(TEMP_SUFFIX):
                    temps.setdefault(path, []).append(name)
                continue
            try:  # the name first: most entries are story files, one test each then
                if entry.is_dir(follow_symlinks=False):  # the directory entry's type: no stat
                    if members is None or members.enters(prefix + name):
                        stack.append((entry.path, f"{prefix}{name}/"))
                elif keeps and name.lower().endswith(suffixes) and not name.endswith(TEMP_SUFFIX):
                    # Whatever it is (a link, a FIFO...): reading it makes it a story or a problem.
                    found[prefix + name] = cache.stat_key(entry.stat(follow_symlinks=False)) if stat else None
            except OSError:
                continue
    return found


def read_one(root: str, sid: str) -> tuple[Story | None, list[Problem]]:
    from tui.core.disk.parser_pool import read_file

    verdict, story = read_file(root, sid)
    return story, list(verdict[6])


def read_current(root: str, sid: str) -> tuple[Story | None, list[Problem], bool]:
    """Like `read_one`, and whether the file exists at all (deleted vs unreadable)."""
    if safe.id_problem(sid) is not None or not os.path.lexists(id_path(root, sid)):
        return None, [], False
    story, problems = read_one(root, sid)
    return story, problems, True


@dataclass(slots=True)
class Batch:
    """`verdicts`: each file's cache.Verdict, as read (the same list, not a copy): a
    Jekyll site's store takes the `published` line of each ordinary story from it."""

    stories: list[Story]
    problems: list[Problem]
    done: int
    total: int
    files: list[str] = field(default_factory=list)
    verdicts: list[cache.Verdict] = field(default_factory=list)


def iter_load(
    root: str, ids: list[str] | None = None, *, workers: int | None = None, cached: bool | None = None
) -> Iterator[Batch]:
    """Yield batches of loaded stories; `done`/`total` count files for progress.

    Unchanged files come from the cache (unless `cached` is False, `use_cache` is off
    or `ids` names the files), the others are parsed, and the cache is rewritten when
    something changed.
    """
    for done, total, verdicts, stories in _chunks(root, ids, workers, cached, stories=True):
        assert stories is not None
        yield Batch(
            [s for s in stories if s is not None],
            [p for v in verdicts for p in v[6]],
            done,
            total,
            [v[0] for v in verdicts],
            verdicts,
        )


def check(
    root: str,
    *,
    workers: int | None = None,
    cached: bool | None = None,
    site_lines: dict[str, cache.SiteLine] | None = None,
) -> tuple[int, list[Problem]]:
    """How many files are stories, and every problem: what `newsdesk check` reports.

    Every file is read, parsed and typed (in helper processes), or its verdict comes
    from the cache when it has not changed; story objects are not built here, since a
    check has no use for them.
    """
    count = 0
    problems: list[Problem] = []
    for _done, _total, verdicts, _stories in _chunks(root, None, workers, cached, stories=False):
        count += sum(v[5] for v in verdicts)
        problems.extend(p for v in verdicts for p in v[6])
        if site_lines is not None:  # each file's `published` line when ordinary (cache.Verdict)
            site_lines.update((v[0], v[7]) for v in verdicts)
    return count, problems


Chunk = tuple[int, int, list[cache.Verdict], "list[Story | None] | None"]  # done, total, verdicts, stories


def _chunks(
    root: str, ids: list[str] | None, workers: int | None, cached: bool | None, *, stories: bool
) -> Iterator[Chunk]:
    """Garbage collection is paused meanwhile: a load builds millions of objects and no
    cycles, and collecting them again and again was a quarter of a warm load. After a
    whole folder is loaded, everything alive is moved out of the collector's sight
    (`gc.freeze`): stories live as long as the app, and a full collection walking
    100,000 of them took a second, a visible freeze of the dashboard each time."""
    started = time.time_ns()
    collecting = gc.isenabled()
    gc.disable()
    complete = False
    try:
        yield from _load(root, ids, workers, use_cache if cached is None else cached, started, stories)
        complete = True
    finally:
        if complete and stories and ids is None:
            gc.freeze()
        if collecting:
            gc.enable()


def _load(
    root: str, ids: list[str] | None, workers: int | None, cached: bool, started: int, want: bool
) -> Iterator[Chunk]:
    reader = cache.Reader.open(root) if cached and ids is None else None
    temps: dict[str, list[str]] | None = {} if ids is None and want else None
    members = site_members(root) if ids is None else None
    todo: dict[str, Any] = (
        dict.fromkeys(ids) if ids is not None else _walk(root, stat=reader is not None, temps=temps, members=members)
    )
    if temps:  # self-healing: what a writer killed mid-write left behind (never committed by `git add -A`)
        for path, names in temps.items():
            sweep_stale(path, names)
    total = len(todo)
    cached = cached and ids is None and total >= CACHE_MIN_FILES
    done = 0
    writer: cache.Writer | None = None
    if reader is not None:
        keep: list[tuple[int, int]] = []  # records of the old cache good as they are
        dirty = False
        try:
            for record in reader.records() if cached else ():
                try:
                    verdicts: list[cache.Verdict] = cache.loads(record.verdicts)
                except Exception:
                    reader.damaged = True
                    break
                good = [i for i, v in enumerate(verdicts) if todo.get(v[0]) == v[1:5]]
                whole = len(good) == len(verdicts)
                parsed: list[Story | None] | None = None
                if want or not whole:
                    parsed = _stories_of(record, len(verdicts))
                    if parsed is None:  # damaged: these files are parsed again
                        dirty = True
                        continue
                if not whole:
                    dirty = True
                    verdicts = [verdicts[i] for i in good]
                    parsed = [parsed[i] for i in good]  # type: ignore[index]
                    if verdicts:
                        writer = writer or cache.Writer.create(root)
                        if writer is not None:
                            writer.add(cache.dumps(verdicts), cache.dumps(parsed))
                else:
                    keep.append((record.offset, record.length))
                if verdicts:
                    for verdict in verdicts:
                        del todo[verdict[0]]
                    done += len(verdicts)
                    yield done, total, verdicts, parsed if want else None
            if cached and (dirty or reader.damaged or not reader.complete or todo):
                writer = writer or cache.Writer.create(root)
                if writer is not None:
                    reader.copy_to(writer, keep)
        finally:
            reader.close()
    elif cached:
        writer = cache.Writer.create(root)
    try:
        for verdicts_raw, stories_raw, ok in _parse(root, sorted(todo), workers, started, want or writer is not None):
            verdicts = cache.loads(verdicts_raw) if isinstance(verdicts_raw, bytes) else verdicts_raw
            parsed = None
            if want or (writer is not None and not ok) or not isinstance(stories_raw, bytes):
                parsed = cache.loads(stories_raw) if isinstance(stories_raw, bytes) else stories_raw
            if writer is not None:
                if ok and isinstance(verdicts_raw, bytes) and isinstance(stories_raw, bytes):
                    writer.add(verdicts_raw, stories_raw)
                else:
                    assert parsed is not None
                    from tui.core.disk.parser_pool import cacheable

                    keep_at = [i for i, v in enumerate(verdicts) if cacheable(v, started)]
                    if keep_at:
                        writer.add(
                            cache.dumps([verdicts[i] for i in keep_at]), cache.dumps([parsed[i] for i in keep_at])
                        )
            done += len(verdicts)
            yield done, total, verdicts, parsed if want else None
        if writer is not None:
            writer.commit()
            writer = None
    finally:
        if writer is not None:
            writer.abort()
    if total == 0:
        yield 0, 0, [], [] if want else None


def _stories_of(record: cache.Record, count: int) -> list[Story | None] | None:
    data = record.stories()
    if data is None:
        return None
    try:
        parsed = cache.loads(data)
    except Exception:
        return None
    return parsed if len(parsed) == count else None


def _parse(
    root: str, ids: list[str], workers: int | None, started: int, stories: bool
) -> Iterator[tuple[bytes | list[cache.Verdict], bytes | list[Story | None], bool]]:
    """(verdicts, stories, cacheable) per chunk: pickled when they come from a helper."""
    if not ids:
        return
    from tui.core.disk.parser_pool import parse_chunk, parse_in_helpers  # not needed for a warm load

    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    count = workers if workers is not None else _cpus()
    if len(ids) < PARALLEL_THRESHOLD or count < 2 or len(chunks) < 2:
        for chunk in chunks:
            yield parse_chunk(root, chunk, started, keep=stories)
        return
    for _index, verdicts, parsed, ok in parse_in_helpers(
        root, chunks, min(count, len(chunks)), started, stories=stories
    ):
        yield verdicts, parsed, ok


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def load(root: str, progress: Callable[[int, int], None] | None = None) -> tuple[list[Story], list[Problem]]:
    stories: list[Story] = []
    problems: list[Problem] = []
    for batch in iter_load(root):
        stories.extend(batch.stories)
        problems.extend(batch.problems)
        if progress is not None:
            progress(batch.done, batch.total)
    return stories, problems
