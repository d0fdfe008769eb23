"""Undo and redo for the whole desk: the store's history, with decisions kept in step.

The store keeps every edit as an undo step, and a duplicates decision is one of them
(one step wrote all its files). Undoing that step plainly would leave the decision
log saying "decided" over files that no longer are, and the suggestion would stay
settled. So a decision's step takes its record along: undoing it appends an "undo"
line to the log (the suggestion opens again), redoing it records the decision again.
Any other step is the store's plain undo or redo.

Other parts of the desk may follow a step undone or redone (`followers`): the git
service stages a discarded story again when its undo brings the file back
(tui/desk/repo.py); a follower returns a note for the message, or None.

This lives in the desk, not in the duplicate finder: undo is the editor's, whatever
the last edit was; the finder only says which step was a decision's and writes the
record (`decision_for_step`, `retract`, `reinstate`).

The caller serialises edits (the desk's writer thread, or one command-line call), so
the step read here is still the last when it is undone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.core.store.records import EditOutcome, EditStep
from tui.core.store.store import Store

Follower = Callable[[EditStep, bool], str | None]  # (the step, undone: True; redone: False) -> a note

if TYPE_CHECKING:
    from tui.core.dupes.decision_record import Decision
    from tui.core.dupes.finder import DuplicateFinder


class History:
    def __init__(self, store: Store, finder: Callable[[], DuplicateFinder]) -> None:
        """`finder`: gives the desk's finder (built on first use by a headless desk)."""
        self.store = store
        self._finder = finder
        self.followers: list[Follower] = []

    def _followed(self, outcome: EditOutcome, step: EditStep | None, undone: bool) -> EditOutcome:
        """The outcome with each follower's note, once the step was undone or redone."""
        if not outcome.ok or step is None:
            return outcome
        notes = [note for follow in self.followers if (note := follow(step, undone))]
        return replace(outcome, message="; ".join([outcome.message, *notes])) if notes else outcome

    @property
    def finder(self) -> DuplicateFinder:
        return self._finder()

    def undo(self) -> EditOutcome:
        """The store's undo; when the step undone is a decision's, the decision is
        retracted too (an "undo" line, as the review's undo writes), so its
        suggestion opens again instead of staying settled with its files reverted."""
        step = self.store.last_step
        decision = self.finder.decision_for_step(step)
        return self._retracted(self._followed(self.store.undo(), step, True), decision)

    def undo_step(self, step: EditStep) -> EditOutcome:
        """Undo one step of the session even when later ones stay (the session's edits);
        followers follow it as they follow `undo`, and a decision's step retracts its
        decision as `undo` does (else its copies are live again under a settled one)."""
        decision = self.finder.decision_for_step(step)
        return self._retracted(self._followed(self.store.undo_step(step), step, True), decision)

    def _retracted(self, outcome: EditOutcome, decision: Decision | None) -> EditOutcome:
        """`outcome` of undoing a step, with `decision` (the step's, if any) retracted."""
        if decision is None or not outcome.ok:
            return outcome
        try:
            retracted = self.finder.retract(decision)
        except OSError as exc:
            reason = exc.strerror or exc
            return EditOutcome(
                False, f"{outcome.message}, but the decision could not be retracted ({reason})", outcome.changed
            )
        if not retracted:  # another process retracted it already
            return outcome
        return replace(outcome, message=f"{outcome.message}; the suggestion is open again")

    def redo(self) -> EditOutcome:
        """The store's redo; a decision's step redone records the decision again."""
        outcome = self.store.redo()
        step = self.store.last_step
        outcome = self._followed(outcome, step, False)
        decision = self.finder.decision_for_step(step) if outcome.ok else None
        if decision is None or step is None:
            return outcome
        try:
            recorded = self.finder.reinstate(step, decision)
        except OSError as exc:
            reason = exc.strerror or exc
            return EditOutcome(
                False, f"{outcome.message}, but the decision could not be recorded ({reason})", outcome.changed
            )
        if not recorded:
            return outcome
        return replace(outcome, message=f"{outcome.message}; the suggestion is settled again")
