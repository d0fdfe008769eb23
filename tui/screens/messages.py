"""Messages the app's screens exchange (store events cross threads through these)."""

from __future__ import annotations

from textual.message import Message

from ..core.store import EditOutcome, StoreEvent


class StoreUpdated(Message):
    """The store changed; posted from whichever thread changed it."""

    def __init__(self, event: StoreEvent) -> None:
        super().__init__()
        self.event = event


class EditFinished(Message):
    def __init__(self, outcome: EditOutcome) -> None:
        super().__init__()
        self.outcome = outcome
