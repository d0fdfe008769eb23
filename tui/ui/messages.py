"""Messages the app's screens exchange (store events cross threads through these)."""

from __future__ import annotations

from textual.message import Message

from tui.core.store.store import EditOutcome, StoreEvent


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
