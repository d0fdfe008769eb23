"""What the desk's git service reports: small frozen values, from its own thread.

Like the desk's other events (`events.py`), these are handed to listeners and never
waited on: git runs processes that can take a second at 100,000 stories, and the
dashboard must not wait for any of them. Each operation's answer carries the core's
own result value (tui/core/git), so a screen shows exactly what the command line does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from tui.core.git import Change, CommitResult, GitProblem, HistoryEntry, RepoStatus, SyncResult


@dataclass(frozen=True, slots=True)
class RepoChanged:
    """A fresh git status: branch, ahead/behind (as of the last fetch), changed stories.
    `problem` is set (and `status` is the last good one, or None) when git could not answer."""

    status: RepoStatus | None
    problem: GitProblem | None = None


@dataclass(frozen=True, slots=True)
class GitBusy:
    """A git operation started (`label`, e.g. "Syncing") or ended (`done`)."""

    label: str
    done: bool = False


@dataclass(frozen=True, slots=True)
class ChangesReady:
    """Every changed story in editor terms, and the generated commit message for all."""

    changes: tuple[Change, ...]
    message: str
    problem: GitProblem | None = None


@dataclass(frozen=True, slots=True)
class CommitDone:
    result: CommitResult


@dataclass(frozen=True, slots=True)
class SyncDone:
    result: SyncResult


@dataclass(frozen=True, slots=True)
class HistoryReady:
    id: str
    entries: tuple[HistoryEntry, ...]
    problem: GitProblem | None = None


RepoEvent: TypeAlias = RepoChanged | GitBusy | ChangesReady | CommitDone | SyncDone | HistoryReady

__all__ = ["ChangesReady", "CommitDone", "GitBusy", "HistoryReady", "RepoChanged", "RepoEvent", "SyncDone"]
