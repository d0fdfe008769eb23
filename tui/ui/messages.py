"""Messages the app's screens exchange; store and desk events cross threads through these.

The store and the desk report from their own threads. Posting a message is the one
thread-safe way into Textual that never blocks the reporting thread (a blocking
`call_from_thread` held a batch of loading hostage to a busy frame, and raised once
the app had closed). High-rate reports (progress) replace each other in the queue, so
a burst costs the screen one update, not one per batch.
"""

from __future__ import annotations

from textual.message import Message

from tui.core.store.store import EditOutcome, StoreEvent
from tui.desk import DeskEvent, DuplicatesReady, EditDone, Progress
from tui.desk.repo_events import ChangesReady, CommitDone, GitBusy, HistoryReady, RepoChanged, RepoEvent, SyncDone


class StoreUpdated(Message):
    """The store changed; posted from whichever thread changed it."""

    def __init__(self, event: StoreEvent) -> None:
        super().__init__()
        self.event = event


class EditFinished(Message, bubble=False):
    """An edit from the writer thread is done; the app forwards it to the top screen,
    from which it must not bubble back up (a class keyword: Textual resets a class-body
    `bubble = False` to True)."""

    def __init__(self, outcome: EditOutcome, *, clear_marks: bool = False) -> None:
        super().__init__()
        self.outcome = outcome
        self.clear_marks = clear_marks


class ProgressChanged(Message, bubble=False):
    """How far loading, the duplicate pass or a folder sync is; a newer one waiting in
    the queue replaces this one (only the latest figure is worth drawing)."""

    def __init__(self, label: str, done: int, total: int) -> None:
        super().__init__()
        self.label = label
        self.done = done
        self.total = total

    def can_replace(self, message: Message) -> bool:
        # Textual asks the message it is about to handle whether the next one in the
        # queue supersedes it: any newer progress does (one bar shows them all).
        return isinstance(message, ProgressChanged)


class DuplicatesFound(Message, bubble=False):
    """The full duplicate pass is done: suggestions can be shown."""


class BackgroundFailed(Message, bubble=False):
    """A background pass of the desk raised (`where`: which one; `story_id`: the file
    it concerns, when known). `text` is untrusted: show it literally."""

    def __init__(self, where: str, text: str, story_id: str | None) -> None:
        super().__init__()
        self.where = where
        self.text = text
        self.story_id = story_id


class GitReported(Message, bubble=False):
    """An event of the desk's git service (issue 15). The git screens hear the service
    directly (tui/ui/screens/git/common.py); the app has nothing to do with these."""

    def __init__(self, event: RepoEvent) -> None:
        super().__init__()
        self.event = event


def desk_message(event: DeskEvent) -> Message:
    """The message that carries a desk event to the app's queue."""
    if isinstance(event, Progress):
        return ProgressChanged(event.label, event.done, event.total)
    if isinstance(event, EditDone):
        return EditFinished(event.outcome, clear_marks=event.clear_marks)
    if isinstance(event, DuplicatesReady):
        return DuplicatesFound()
    if isinstance(event, RepoChanged | GitBusy | ChangesReady | CommitDone | SyncDone | HistoryReady):
        return GitReported(event)
    return BackgroundFailed(event.where, event.message, event.id)
