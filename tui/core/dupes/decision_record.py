"""What a duplicate decision is, and its line in the log, both ways.

`Decision` and `FlagEdit` are the values the finder keeps and the undo of a decision
(`revert.py`) works from; `record()` is the JSON object a decision's log line holds,
and `from_record` (the other way) is where such an object, which comes from the
folder and so from anyone (docs/THREAT_MODEL.md), becomes one again. They live apart
from the log file (`decisions.py`: safe opening, locking, bounded reading) because
everything that reasons about decisions needs only these values, and so that the
writing and the reading of a record sit side by side and cannot drift apart.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from tui.core.format.literal import cut

Kind = Literal["duplicate", "distinct"]


@dataclass(frozen=True, slots=True)
class FlagEdit:
    """One file's `published` line as a decision changed it (lines None when absent)."""

    id: str
    was: bool
    now: bool
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class Decision:
    """An editor's word on one cluster: its members as they were then (by content
    fingerprint), and for "duplicate" the kept copy and the flags it changed."""

    id: str
    kind: Kind
    at: str
    cluster: str
    members: tuple[tuple[str, str], ...]  # (story id, content fingerprint)
    canonical: str | None = None
    score: int | None = None
    edits: tuple[FlagEdit, ...] = ()
    label: str = ""  # the store's undo label for the edits

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(sid for sid, _ in self.members)

    def fingerprints(self) -> dict[str, str]:
        return dict(self.members)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"decision": self.kind, "at": self.at, "id": self.id}
        if self.canonical is not None:
            out["canonical"] = self.canonical
        out["members"] = dict(self.members)
        if self.score is not None:
            out["score"] = self.score
        out["cluster"] = self.cluster
        if self.label:
            out["label"] = self.label
        if self.edits:
            out["edits"] = [
                {"id": e.id, "was": e.was, "now": e.now, "before": e.before, "after": e.after} for e in self.edits
            ]
        return out


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    return value if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else ""


def _flag_edit(item: Any) -> FlagEdit | str:
    if not isinstance(item, dict):
        return "an edit that is not an object"
    sid, was, now = item.get("id"), item.get("was"), item.get("now")
    before, after = item.get("before"), item.get("after")
    if not isinstance(sid, str) or not isinstance(was, bool) or not isinstance(now, bool):
        return "an edit without a story id and two flags"
    if not (before is None or isinstance(before, str)) or not (after is None or isinstance(after, str)):
        return "an edit whose lines are not text"
    return FlagEdit(sid, was, now, before, after)


def from_record(data: Mapping[str, Any]) -> Decision | str:
    """The decision a line records, or why it records none (no exception: junk lines
    are rejected at the cost of a few dictionary look-ups)."""
    kind = data.get("decision")
    if kind not in ("duplicate", "distinct"):
        return f"unknown decision {cut(str(kind), 40)!r}"
    ident = data.get("id")
    if not isinstance(ident, str) or not ident:
        return "a decision without an id"
    members = data.get("members")
    if not isinstance(members, dict) or not all(isinstance(v, str) for v in members.values()):
        return "members must map story ids to fingerprints"
    canonical = data.get("canonical")
    if canonical is not None and not isinstance(canonical, str):
        return "canonical must be a story id"
    raw_edits = data.get("edits", [])
    if not isinstance(raw_edits, list):
        return "edits must be a list"
    edits: list[FlagEdit] = []
    for item in raw_edits:
        edit = _flag_edit(item)
        if isinstance(edit, str):
            return edit
        edits.append(edit)
    score = data.get("score")
    return Decision(
        id=ident,
        kind=kind,
        at=_text(data, "at"),
        cluster=_text(data, "cluster"),
        members=tuple(sorted(members.items())),
        canonical=canonical,
        score=score if isinstance(score, int) and not isinstance(score, bool) else None,
        edits=tuple(edits),
        label=_text(data, "label"),
    )


def now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_id() -> str:
    """Unique across processes and restarts, and sorts by time."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"
