"""The document dates Jekyll holds back with `future: false`, read the way Ruby reads them.

Jekyll takes a document's date from its front matter (`date:`), else from a file name
`YYYY-MM-DD-slug.ext` (any collection, not only `_posts`: Document#populate_title), else
the build time; it parses it with Ruby's `Time.parse` and a date Ruby refuses aborts the
whole build (Errors::InvalidDateError is fatal). `Time.parse` accepts far more than is
worth porting; the forms real sites use are handled exactly, and anything else is
reported as unknown rather than guessed.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

# Document::DATE_FILENAME_MATCHER, applied to the path relative to the collections dir:
# the atomic `(?>.+/)*?` can only stop at the last slash, so the date starts the name.
_DATE_NAME = re.compile(r"(?:^|/)([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-([^/]*)(\.[^./]+)$")
_ISO = re.compile(
    r"^\s*(-?[0-9]{2,4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]|\s+)([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]+))?)?)?"
    r"\s*(Z|UTC|GMT|[-+][0-9]{1,2}(?::?[0-9]{2})?)?\s*$",
    re.I,
)
_COMPACT = re.compile(r"^\s*([0-9]{4})([0-9]{2})([0-9]{2})\s*$")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_WORDY = re.compile(
    r"^\s*(?:(?P<m1>[a-z]{3})[a-z]*\.?\s+(?P<d1>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>[0-9]{4})"
    r"|(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?\s+(?P<m2>[a-z]{3})[a-z]*\.?,?\s+(?P<y2>[0-9]{4}))\s*$",
    re.I,
)


class InvalidDate(ValueError):
    """Ruby's Time.parse raises on this text: Jekyll stops the whole build."""


class UnknownDate(ValueError):
    """A form of date this port does not read; Ruby may or may not accept it."""


def filename_date(relative_path: str) -> str | None:
    """The `YYYY-MM-DD` a dated file name carries, as Jekyll's matcher captures it."""
    match = _DATE_NAME.search(relative_path)
    return match.group(1) if match else None


def _year(text: str) -> int:
    year = int(text)
    if len(text.lstrip("-")) == 2:  # Date._parse completes two-digit years
        year += 1900 if year >= 69 else 2000
    return year


def _local(
    year: int, month: int, day: int, zone: tzinfo | None, clock: tuple[int, int, int, int] = (0, 0, 0, 0)
) -> datetime:
    """Ruby's Time.local/Time.utc: month and day checked, a day past the month's end rolls over."""
    if not 1 <= month <= 12:
        raise InvalidDate("mon out of range")
    if not 1 <= day <= 31:
        raise InvalidDate("argument out of range" if day > 31 else "mday out of range")
    hour, minute, second, micro = clock
    if hour > 24 or minute > 59 or second > 60:
        raise InvalidDate("argument out of range")
    if not 1 <= year <= 9999:
        raise UnknownDate(f"year {year} is outside what newsdesk computes with")
    naive = datetime(year, month, 1) + timedelta(
        days=day - 1, hours=hour, minutes=minute, seconds=second, microseconds=micro
    )
    return naive.replace(tzinfo=zone) if zone is not None else naive.astimezone()


def ruby_time_parse(text: str, zone: tzinfo | None = None) -> datetime:
    """`Time.parse(text)` for ISO dates and times, `YYYYMMDD` and `May 8 2021` forms.

    `zone` is the site's `timezone` (None: this machine's local time, as Jekyll uses
    its machine's). Raises InvalidDate where Ruby raises, UnknownDate for other forms.
    """
    match = _ISO.match(text)
    if match:
        year, month, day, hour, minute, second, fraction, offset = match.groups()
        micro = int((fraction + "000000")[:6]) if fraction else 0
        clock = (int(hour or 0), int(minute or 0), int(second or 0), micro)
        if offset is None:
            return _local(_year(year), int(month), int(day), zone, clock)
        if offset.upper() in ("Z", "UTC", "GMT"):
            return _local(_year(year), int(month), int(day), UTC, clock)
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        hours, minutes = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
        try:
            fixed = timezone(sign * timedelta(hours=hours, minutes=minutes))
        except ValueError:
            raise InvalidDate("utc_offset out of range") from None
        return _local(_year(year), int(month), int(day), fixed, clock)
    compact = _COMPACT.match(text)
    if compact:
        return _local(int(compact.group(1)), int(compact.group(2)), int(compact.group(3)), zone)
    wordy = _WORDY.match(text)
    if wordy:
        month_name = (wordy.group("m1") or wordy.group("m2")).lower()
        if month_name in _MONTHS:
            day = int(wordy.group("d1") or wordy.group("d2"))
            return _local(int(wordy.group("y1") or wordy.group("y2")), _MONTHS[month_name], day, zone)
    if not re.search(r"[0-9]", text):
        raise InvalidDate(f"no time information in {text[:40]!r}")
    raise UnknownDate(f"newsdesk does not read this form of date: {text[:40]!r}")


def document_time(value: Any, zone: tzinfo | None = None) -> datetime:
    """Document#merge_date!: `Time.parse(value.to_s)` for whatever YAML gave `date:`."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):  # Date#to_s is YYYY-MM-DD: local midnight
        return _local(value.year, value.month, value.day, zone)
    if isinstance(value, str):
        return ruby_time_parse(value, zone)
    if value is None or isinstance(value, bool):
        raise InvalidDate(
            "no time information in ''" if value is None else f"no time information in {str(value).lower()!r}"
        )
    if isinstance(value, int):
        return ruby_time_parse(str(value), zone)
    raise UnknownDate(f"a date written as a {type(value).__name__}")


def epoch(moment: datetime) -> int:
    """Ruby's Time#to_i: whole seconds, the unit Publisher#hidden_in_the_future? compares."""
    return int(moment.timestamp() // 1)
