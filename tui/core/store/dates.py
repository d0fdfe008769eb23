"""Date windows for the list: today, this week, the last 30 days, since a day.

Editors think in days of their own calendar, so a window starts at local midnight
(of `now`'s time zone: the dashboard passes its clock, tests pin it). A typed day is
read leniently but never guessed at: `2026-11-02`, `2026/11/02`, `today`,
`yesterday`, `7d` (seven days ago); anything else is None, and the caller says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

WINDOWS: Final = ("any", "today", "week", "30d")
LABELS: Final = {"today": "today", "week": "this week", "30d": "last 30 days"}
_ISO: Final = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAYS_AGO: Final = re.compile(r"(\d{1,5})\s*d(?:ays?)?(?:\s+ago)?")
DAY_CHARS: Final = 40  # a typed day longer than this is not a day


@dataclass(frozen=True, slots=True)
class Window:
    """A chosen window: its start and how the header names it."""

    since: datetime | None
    label: str


def _local(now: datetime) -> datetime:
    return now.astimezone() if now.tzinfo is not None else now


def day_start(day: date, now: datetime) -> datetime:
    """Midnight of `day` in `now`'s time zone."""
    local = _local(now)
    return datetime.combine(day, time(), tzinfo=local.tzinfo)


def window(name: str, now: datetime) -> Window:
    """The window called `name` (one of WINDOWS) as seen at `now`."""
    local = _local(now)
    today = local.date()
    if name == "today":
        return Window(day_start(today, now), LABELS[name])
    if name == "week":  # since Monday
        return Window(day_start(today - timedelta(days=today.weekday()), now), LABELS[name])
    if name == "30d":
        return Window(local - timedelta(days=30), LABELS[name])
    return Window(None, "")


def next_window(label: str) -> str:
    """The window after the one labelled `label` ("" or a since-day: from the start)."""
    names = {v: k for k, v in LABELS.items()}
    current = names.get(label, "any")
    return WINDOWS[(WINDOWS.index(current) + 1) % len(WINDOWS)]


def parse_day(text: str, now: datetime) -> date | None:
    """A day as an editor types it, or None."""
    text = text.strip().lower()
    if not text or len(text) > DAY_CHARS:
        return None
    today = _local(now).date()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    match = _ISO.fullmatch(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    match = _DAYS_AGO.fullmatch(text)
    if match:
        return today - timedelta(days=int(match[1]))
    return None


def since_day(day: date, now: datetime) -> Window:
    return Window(day_start(day, now), f"since {day:%Y-%m-%d}")
