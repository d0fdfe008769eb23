"""Fold titles and excerpts to the text two copies of one story have in common.

Copies of a story differ in ways no reader notices: entity-encoded quotes, curly vs
straight apostrophes, case, trademark signs, wire prefixes (`UPDATE 2-`), a source
credit tacked on (` - Reuters`). Folding all of that away first lets the similarity
scores measure what an editor would call a difference. What folding must *keep* is
just as important: the numbers, years, months, ordinals and release stages that tell
"Community call: March" from "Community call: April" become `markers`, compared
class by class.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# Dropped before NFKC, which would turn ™ into "tm"; apostrophes join their word
# ("Lightfoot’s" and "Lightfoots" are one token).
_DROP_CHARS = ("™", "®", "©", "℠", "’", "‘", "ʼ", "´")
_NOT_WORD = re.compile(r"[\W_]+")
# Punctuation that folds to a space anyway, replaced first: a lede whose only non-ASCII
# characters are its quotes and dashes (most of them) takes the ASCII path.
_SPACE_CHARS = ("“", "”", "„", "—", "–", "…", "«", "»")
# ASCII fast path (most feed text): one bytes.translate folds case and punctuation.
_ASCII = bytes(c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))
_WIRE = re.compile(
    r"^(?:\s*(?:re-?transmission|update[ds]?(?:\s*\d+)?|exclusive|breaking(?:\s+news)?|refile|"
    r"corrected|correction|urgent|flash|rpt|wrapup(?:\s*\d+)?|(?:\(\s*)?lead(?:\s*\))?)\s*[:\-–—|]\s*)+"
)
_SUFFIX = re.compile(r"\s[-–—|:]\s+((?:(?!\s[-–—|:]\s).){2,60})$")

STOPWORDS = frozenset(
    "a an the of on in for to and or but by at as is are was were be been it its this that with "
    "from over into after before about than how why what who when where will would can could may "
    "has have had not no new says said say via vs up out more most s amid amidst during despite following "
    "among against within without through under across while toward towards upon onto per".split()
)


def fold(text: str) -> str:
    """Entities decoded, marks dropped, NFKC, casefold, punctuation to single spaces.

    Dots and commas fold too: "3.9" becomes "3 9" and "1,000" "1 000" on both
    copies alike, and the numbers still count as markers.
    """
    if "&" in text:
        text = html.unescape(html.unescape(text) if "&amp;" in text else text)
    if not text.isascii():
        for mark in _DROP_CHARS:
            if mark in text:
                text = text.replace(mark, "")
        for mark in _SPACE_CHARS:
            if mark in text:
                text = text.replace(mark, " ")
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text).casefold()
            if not text.isascii():
                return " ".join(_NOT_WORD.sub(" ", text.replace("'", "").replace("`", "")).split())
    return " ".join(text.encode().translate(_ASCII, b"'`").decode().split())


def fold_title(title: str, sources: frozenset[str] = frozenset()) -> str:
    """A title's comparison key: wire prefixes and a trailing source credit removed.

    `sources` holds folded provider names; ` - Reuters` is dropped only when
    "reuters" is one of them, so "Community call - March" keeps its month.
    """
    text = title.strip()
    lowered = text.casefold()
    head = _WIRE.match(lowered)
    if head is not None and head.end() < len(lowered):
        text = text[head.end() :]
    if sources:
        tail = _SUFFIX.search(text)
        if tail is not None and fold(tail.group(1)) in sources and tail.start() > 0:
            text = text[: tail.start()]
    return fold(text)


def content_tokens(folded: str) -> list[str]:
    return [t for t in folded.split() if t not in STOPWORDS]


# -- markers -------------------------------------------------------------------------
_MONTHS = {
    name: f"{i:02d}"
    for i, names in enumerate(
        (
            ("january",),
            ("february",),
            ("march",),
            ("april",),
            ("may",),
            ("june",),
            ("july",),
            ("august",),
            ("september", "sept"),
            ("october",),
            ("november",),
            ("december",),
        ),
        start=1,
    )
    for name in names
}
_MONTH_ABBR = {
    "jan": "01",
    "feb": "02",
    "mar": "03",
    "apr": "04",
    "jun": "06",
    "jul": "07",
    "aug": "08",
    "sep": "09",
    "oct": "10",
    "nov": "11",
    "dec": "12",
}
_NEEDS_NUMBER = frozenset({"may", "fall", *_MONTH_ABBR})  # words that are months only next to a number
_WEEKDAYS = {
    d + s: d[:3]
    for d in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for s in ("", "s")
}
_ORDINALS = {
    w: str(i)
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), start=1
    )
}
_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate("one two three four five six seven eight nine ten eleven twelve".split(), start=1)
}
_NUMBER_WORDS.update({"ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9"})
_SEASONS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter"}
_STAGES = (
    (re.compile(r"\bprivate preview\b|\balpha\b"), "private-preview"),
    (re.compile(r"\b(?:public )?preview\b|\bbeta\b"), "preview"),
    (re.compile(r"\bgeneral(?:ly)? availab\w*|\b(?:now|is|in|hits|reaches) ga\b|^ga\b"), "ga"),
    (re.compile(r"\brelease candidate\b|\brc\d*\b"), "rc"),
    (re.compile(r"\bend of (?:life|support)\b|\bretire(?:d|ment|s)?\b|\bdeprecat\w*"), "retired"),
)


# What distinguishes one edition of a recurring post from the next: values by class
# ("year": {"2019"}, "month": {"03"}, "stage": {"preview"}). Read-only by convention.
Markers = dict[str, frozenset[str]]
_NO_MARKERS: Markers = {}


_PLAIN_WORDS: dict[str, tuple[str, str]] = {
    **{w: ("ordinal", v) for w, v in _ORDINALS.items()},
    **{w: ("number", v) for w, v in _NUMBER_WORDS.items()},
    **{w: ("weekday", v) for w, v in _WEEKDAYS.items()},
}
_DATED_WORDS = frozenset({*_MONTHS, *_MONTH_ABBR, *_SEASONS})


_MARKER_WORDS = frozenset({*_PLAIN_WORDS, *_DATED_WORDS})
_MARKER_START = frozenset("0123456789qhv")
_NUMBER = re.compile(r"(\d+)(k|m|bn|b|mn|th|st|nd|rd|s)?")
_QUARTER = re.compile(r"[qh][1-4]")
_VERSION = re.compile(r"v(\d+)")
_DIGIT = re.compile(r"\d")
_STAGE_SCAN = re.compile(r"\b(?:preview|beta|alpha|ga|rc\d*|candidate|retire\w*)\b|availab|deprecat|end of")


def _may_have_stage(folded: str) -> bool:
    """A cheap test of folded text (words and single spaces) that is true whenever
    `_STAGE_SCAN` would match: most texts name no release stage, and the regular
    expression tries every position of every lede of every pair scored."""
    if "preview" in folded or "beta" in folded or "alpha" in folded or "availab" in folded:
        return True
    if "candidate" in folded or "retire" in folded or "deprecat" in folded or "end of" in folded:
        return True
    return folded.startswith(("ga", "rc")) or " ga" in folded or " rc" in folded


def markers(folded: str) -> Markers:
    found: dict[str, set[str]] = {}
    words = folded.split()
    last = len(words) - 1
    skip = -1
    # A number, quarter or version holds a digit, anything else is a marker word: a text
    # with neither (most headlines) has nothing to walk.
    walk = not _MARKER_WORDS.isdisjoint(words) or _DIGIT.search(folded) is not None
    for i in [i for i, w in enumerate(words) if w[0] in _MARKER_START or w in _MARKER_WORDS] if walk else ():
        if i <= skip:
            continue
        word = words[i]
        kind = None
        if word[0].isdigit():
            number = _NUMBER.fullmatch(word)
            if number is None:
                continue
            digits, suffix = number.groups()
            j = i
            while j < last and len(words[j + 1]) == 3 and words[j + 1].isdigit() and digits[:1] != "0" and not suffix:
                j += 1  # "1,200,000" folded to "1 200 000" is one number
                digits += words[j]
            skip = j
            value = digits.lstrip("0") or "0"
            if suffix in ("th", "st", "nd", "rd"):
                kind = "ordinal"
            elif len(value) == 4 and j == i and value[:2] in ("19", "20"):
                kind = "year"
            else:
                kind = "number"
        elif word in _PLAIN_WORDS:
            kind, value = _PLAIN_WORDS[word]
        elif word in _DATED_WORDS:
            season = word in _SEASONS
            if word in _NEEDS_NUMBER:
                near = [w for w in (words[i - 1] if i else "", words[i + 1] if i < last else "") if w[:1].isdigit()]
                if not any(not season or len(w) == 4 for w in near):
                    continue
            if season:
                kind, value = "season", _SEASONS[word]
            else:
                kind, value = "month", _MONTHS.get(word) or _MONTH_ABBR[word]
        elif _QUARTER.fullmatch(word):
            kind, value = "quarter", word
        elif (version := _VERSION.fullmatch(word)) is not None:
            kind, value = "version", version.group(1)
        if kind is not None:
            found.setdefault(kind, set()).add(value)
    if _may_have_stage(folded) and _STAGE_SCAN.search(folded):
        rest = folded
        for pattern, stage in _STAGES:
            if pattern.search(rest):
                found.setdefault("stage", set()).add(stage)
                rest = pattern.sub(" ", rest)  # "private preview" is not also a public one
    if not found:
        return _NO_MARKERS
    return {k: frozenset(v) for k, v in found.items()}


@dataclass(frozen=True, slots=True)
class MarkerDiff:
    """Classes whose values clash (both sides, disjoint or crossing), differ by
    inclusion (one side adds a value), or appear on one side only."""

    clash: tuple[str, ...]
    subset: tuple[str, ...]
    one_sided: tuple[str, ...]


def compare_markers(a: Markers, b: Markers) -> MarkerDiff:
    clash: list[str] = []
    subset: list[str] = []
    one_sided: list[str] = []
    if not a and not b:
        return _SAME
    empty: frozenset[str] = frozenset()
    for kind in sorted(a.keys() | b.keys()):
        x, y = a.get(kind, empty), b.get(kind, empty)
        if x == y:
            continue
        if not x or not y:
            one_sided.append(kind)
        elif x < y or y < x:
            subset.append(f"{kind} {'/'.join(sorted(x))}≠{'/'.join(sorted(y))}")
        else:
            clash.append(f"{kind} {'/'.join(sorted(x))}≠{'/'.join(sorted(y))}")
    return MarkerDiff(tuple(clash), tuple(subset), tuple(one_sided))


_SAME = MarkerDiff((), (), ())
