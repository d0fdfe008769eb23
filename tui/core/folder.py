"""Find story files in a folder and load them, in parallel when it pays.

Loading never raises because of one file: every file becomes a story or a problem.
Large folders are parsed by a pool of processes (YAML parsing is CPU-bound and holds
the GIL), handing results back in batches so a UI can show stories before the last
file is read.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
import multiprocessing

from .atomic import TEMP_SUFFIX
from .codec import parse_story
from .model import Problem, Story

STORY_SUFFIXES = (".md", ".markdown", ".txt")
PARALLEL_THRESHOLD = 3000
CHUNK = 400


def story_id(root: str, path: str) -> str:
    return os.path.relpath(path, root).replace(os.sep, "/")


def id_path(root: str, sid: str) -> str:
    return os.path.join(root, *sid.split("/"))


def is_story_name(name: str) -> bool:
    return (
        not name.startswith(".")
        and not name.endswith(TEMP_SUFFIX)
        and name.lower().endswith(STORY_SUFFIXES)
    )


def scan(root: str) -> list[str]:
    """Story ids under `root`, recursively, hidden files and folders skipped, sorted."""
    found: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file() and is_story_name(entry.name):
                    found.append(story_id(root, entry.path))
            except OSError:
                continue
    found.sort()
    return found


def read_one(root: str, sid: str) -> tuple[Story | None, list[Problem]]:
    path = id_path(root, sid)
    try:
        with open(path, "rb") as handle:
            st = os.fstat(handle.fileno())
            raw = handle.read()
    except OSError as exc:
        return None, [Problem(sid, None, f"cannot read: {exc.strerror or exc}")]
    return parse_story(sid, raw, st.st_mtime_ns)


def read_current(root: str, sid: str) -> tuple[Story | None, list[Problem], bool]:
    """Like `read_one`, and whether the file exists at all (deleted vs unreadable)."""
    if not os.path.lexists(id_path(root, sid)):
        return None, [], False
    story, problems = read_one(root, sid)
    return story, problems, True


def _read_chunk(root: str, ids: list[str]) -> tuple[list[Story], list[Problem]]:
    stories: list[Story] = []
    problems: list[Problem] = []
    for sid in ids:
        story, found = read_one(root, sid)
        if story is not None:
            stories.append(story)
        problems.extend(found)
    return stories, problems


@dataclass(slots=True)
class Batch:
    stories: list[Story]
    problems: list[Problem]
    done: int
    total: int
    files: list[str] = field(default_factory=list)


def iter_load(root: str, ids: list[str] | None = None, *, workers: int | None = None) -> Iterator[Batch]:
    """Yield batches of loaded stories; `done`/`total` count files for progress."""
    ids = scan(root) if ids is None else ids
    total = len(ids)
    chunks = [ids[i : i + CHUNK] for i in range(0, total, CHUNK)]
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if total < PARALLEL_THRESHOLD or workers < 2:
        done = 0
        for chunk in chunks:
            stories, problems = _read_chunk(root, chunk)
            done += len(chunk)
            yield Batch(stories, problems, done, total, chunk)
        if not chunks:
            yield Batch([], [], 0, 0)
        return
    # spawn, not fork: the dashboard has threads running, and fork would copy their locks.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(_read_chunk, root, chunk): chunk for chunk in chunks}
        done = 0
        for future in as_completed(futures):
            stories, problems = future.result()
            done += len(futures[future])
            yield Batch(stories, problems, done, total, futures[future])


def load(root: str, progress: Callable[[int, int], None] | None = None) -> tuple[list[Story], list[Problem]]:
    stories: list[Story] = []
    problems: list[Problem] = []
    for batch in iter_load(root):
        stories.extend(batch.stories)
        problems.extend(batch.problems)
        if progress is not None:
            progress(batch.done, batch.total)
    return stories, problems
