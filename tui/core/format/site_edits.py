"""Publish and unpublish toggles that mean what they say: the site outcome becomes exactly
`page` or `hidden`, with one line changed or inserted, every other byte kept.

Flipping a boolean is not enough once Jekyll's rules count: `published: ~` is listed,
`"false"` and `0` publish, a `defaults:` entry can hide a file that has no line at all,
and `published: ~` does not override such a default. So the toggle writes the literal
`true` or `false` Jekyll obeys (keeping the author's yes/no or on/off family and case),
inserts the line when it is absent, and rewrites a line that already has the wanted
outcome but says the opposite (`published: "false"` on a published story). The splice
and the checks that nothing else changed are format/edits.py's (`replay` of a
LineChange); the result is then judged again by site_outcome and refused unless it is
what was asked.

A file whose outcome no `published` line can set (a byte-order mark or no front matter
outside `_posts`, not UTF-8, YAML Jekyll cannot read, an ignored name, a future date, a
collection without output) is refused with a message that says what to fix.

It lives in the format layer, above tui.core.site (Jekyll's reading of a site), because
it is an edit of a file's bytes that checks its result against that reading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tui.core.format.edits import EditError, LineChange, replay
from tui.core.format.frontmatter import FrontMatterError, parse
from tui.core.site.config import SiteConfig
from tui.core.site.outcome import BOM, Intent, Verdict, apparent_intent, has_yaml_header, site_outcome

_WORDS = {"true": "false", "yes": "no", "on": "off"}
_WORDS.update({v: k for k, v in _WORDS.items()})
_BROKEN = {
    "not-utf8": "the file is not UTF-8 text; save it as UTF-8 first",
    "not-utf8-written": "the file is not UTF-8 text; save it as UTF-8 first",
    "not-utf8-post": "the file is not UTF-8 text; save it as UTF-8 first",
    "bad-yaml": "Jekyll cannot read its front matter, so `published` does nothing; fix the YAML first",
    "not-mapping": "its front matter is not a mapping of keys, so `published` does nothing; fix it first",
    "ruby-symbol": "Jekyll's YAML refuses a value starting with ':'; quote it, then toggle",
    "invalid-date": "Jekyll cannot parse its date and stops the build; fix the date first",
    "defaults-crash": "the site's `defaults:` make Jekyll crash; fix _config.yml first",
    "strict-front-matter": "its front matter is unreadable and the site is strict about it; fix it first",
    "empty-permalink": "an empty `permalink:` stops the build; remove it first",
    "page-not-mapping": "its front matter is not a mapping of keys; fix it first",
}


class SiteEditRefused(EditError):
    """The toggle cannot give the wanted outcome by editing `published`; nothing was written."""


@dataclass(frozen=True, slots=True)
class SiteEdit:
    """The new bytes, the one-line change (for undo/replay) and the outcome before and after."""

    raw: bytes
    change: LineChange
    before: Verdict
    after: Verdict


def _word(token: str, want: Intent) -> str:
    """`true`/`false`, in the author's family and case when the token is yes/no or on/off."""
    value = want == "page"
    lower = token.lower()
    if lower not in _WORDS:
        return "true" if value else "false"
    word = lower if (lower in ("true", "yes", "on")) == value else _WORDS[lower]
    if token.isupper():
        return word.upper()
    if token[:1].isupper() and token[1:].islower():
        return word.capitalize()
    return word


def _refusal(before: Verdict, raw: bytes) -> str | None:
    if before.rule == "config-fatal":
        return f"fix _config.yml first: {before.reason}"
    if before.outcome == "ignored":
        return f"Jekyll never reads this file ({before.reason}); rename or move it instead"
    if before.rule in _BROKEN:
        return f"{_BROKEN[before.rule]} ({before.reason})"
    body = raw[3:] if raw.startswith(BOM) else raw
    if before.rule in ("bom", "indented-opener", "empty-file", "no-front-matter", "static-unwritten") or not (
        has_yaml_header(body)
    ):
        if raw.startswith(BOM):
            return "the file starts with a byte-order mark, so Jekyll sees no front matter: remove the mark first"
        if body[:1] in (b" ", b"\t") and body.lstrip(b" \t").startswith(b"---"):
            return "the opening `---` is indented, so Jekyll sees no front matter: move it to the start of the line"
        return "the file has no front matter for Jekyll: add a `---` block at the top first"
    return None


def site_toggle(
    rel: str, raw: bytes, config: SiteConfig, want: Intent, *, now: datetime | None = None, mtime: float | None = None
) -> SiteEdit | None:
    """Edit `raw` so that the file's site outcome is exactly `want` (`page` or `hidden`).

    Returns None when it already is and its `published` line says so; raises
    SiteEditRefused (an EditError) with what to fix when no `published` edit can do it.
    """
    before = site_outcome(rel, raw, config, now=now, mtime=mtime)
    refusal = _refusal(before, raw)
    if refusal is not None:
        raise SiteEditRefused(refusal)
    if before.outcome == want and (before.apparent == want or apparent_intent(raw).value is None):
        return None  # already so, and no line says otherwise (an absent line stays absent)
    try:
        parsed = parse(raw)
    except FrontMatterError as exc:
        raise SiteEditRefused(f"newsdesk cannot edit this front matter ({exc.message}); edit it by hand") from None
    span = parsed.published
    text = parsed.text
    if span is None:
        new_line = f"published: {_word('', want)}"
    else:
        token = text[span.value_start : span.value_end]
        if "\n" in token or "\n" in text[span.line_start : span.line_end]:
            raise SiteEditRefused("`published` spans several lines; edit it by hand")
        quoted_or_tagged = token[:1] in ("'", '"', "!", "&", "*")
        word = _word("" if quoted_or_tagged else token, want)
        lead = " " if span.value_start == span.value_end else ""
        new_line = text[span.line_start : span.value_start] + lead + word + text[span.value_end : span.line_end]
    change = LineChange(parsed.published_text(), new_line)
    new_raw = replay(raw, change)
    after = site_outcome(rel, new_raw, config, now=now, mtime=mtime)
    if after.outcome != want:
        raise SiteEditRefused(f"no `published` line makes it {_name(want)}: {after.reason}")
    if after.apparent != want or not one_line_changed(raw, new_raw):
        raise SiteEditRefused("the edit would not leave a line that says what Jekyll does; edit it by hand")
    return SiteEdit(new_raw, change, before, after)


def _name(want: Intent) -> str:
    return "a page" if want == "page" else "hidden"


def one_line_changed(old: bytes, new: bytes) -> bool:
    """True when `new` is `old` with exactly one line replaced or one line inserted."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(b) != len(a) + 1:
        return False
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[at:] == b[at + 1 :] and a[:at] == b[:at]
