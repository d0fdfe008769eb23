"""What the store tells its observers and answers its callers: events, outcomes, steps.

Separate from the store so observers (the UI, the graph, the duplicate finder) and the
command line can name these without reading the store's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tui.core.format.edits import LineChange
from tui.core.model import Problem, Story

EventKind = Literal["added", "changed", "removed", "renamed", "problems", "loaded", "suspects"]


@dataclass(frozen=True, slots=True)
class StoreEvent:
    kind: EventKind
    ids: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (old id, new id) for "renamed"


@dataclass(frozen=True, slots=True)
class DiskState:
    """What the watcher found when it re-read one file."""

    id: str
    story: Story | None
    problems: tuple[Problem, ...]
    exists: bool


@dataclass(frozen=True, slots=True)
class FileEdit:
    id: str
    change: LineChange


@dataclass(frozen=True, slots=True)
class EditStep:
    """One undoable step: every file a single user action wrote."""

    label: str
    edits: tuple[FileEdit, ...]


@dataclass(frozen=True, slots=True)
class EditOutcome:
    ok: bool
    message: str
    changed: tuple[str, ...] = ()
    failures: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ListResult:
    ids: list[str]
    spans: dict[str, tuple[tuple[int, int], ...]]  # search matches in each title
    complete: bool = True  # False: a search's exact hits, near misses still to come
    version: int = 0  # the store's version the list was taken from: older lists lose
    exact: int | None = None  # a search: how many rows are exact hits, the near misses after them
