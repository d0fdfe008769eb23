"""Turn a story file's bytes into a typed `Story`, or into problems.

Real folders are messy (FORMAT.md): the rule here is that a file either becomes a
story whose every typed field can be trusted, with warnings for what was repaired, or
a problem record that says why not. Nothing raises out of `parse_story`.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from tui.core.format.dupkeys import duplicate_keys
from tui.core.format.fastparse import parse_fast, read_data
from tui.core.format.frontmatter import FrontMatterError, Parsed
from tui.core.format.literal import cut, short_repr
from tui.core.model import EditFacts, Image, Problem, RelatedItem, Story

if TYPE_CHECKING:
    from hashlib import blake2b

KNOWN_KEYS = frozenset(
    {
        "category",
        "title",
        "excerpt",
        "publishedDateTime",
        "originalUrl",
        "webUrl",
        "ampWebUrl",
        "cdnAmpWebUrl",
        "type",
        "quality",
        "heat",
        "published",
        "featuredContent",
        "provider",
        "topics",
        "images",
        "related",
        "secured",
    }
)
_intern = sys.intern
# ASCII only: str.isdigit() accepts "²", and "--5".lstrip("-") looks like a number.
_DECIMAL = re.compile(r"-?[0-9]+")


def url_keys(urls: tuple[str, ...]) -> tuple[str, ...]:
    """The distinct canonical forms of `urls`, in order; computed once per story here."""
    canonical = _canonical_url or _lazy()[0]
    keys: list[str] = []
    for url in urls:
        key = canonical(url)
        if key and key not in keys:
            keys.append(key)
    return tuple(keys)


def fingerprint(raw: bytes) -> str:
    return (_blake2b or _lazy()[1])(raw, digest_size=12).hexdigest()


_canonical_url: Callable[[str], str] | None = None
_blake2b: type[blake2b] | None = None


def _lazy() -> tuple[Callable[[str], str], type[blake2b]]:
    """urllib and hashlib (5 ms of imports) only for stories kept, never for `check`."""
    global _canonical_url, _blake2b
    from hashlib import blake2b

    from tui.core.format.urls import canonical_url

    _canonical_url, _blake2b = canonical_url, blake2b
    return canonical_url, blake2b


class _Fields:
    """Typed access to a loaded mapping that records every repair as a warning."""

    def __init__(self, data: dict[str, Any], where: str = "") -> None:
        self.data = data
        self.where = where
        self.warnings: list[str] = []

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(f"{self.where}{key}: {message}")

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, int, float, date)):
            self.warn(key, f"expected text, found {type(value).__name__}; shown as text")
            return str(value)
        self.warn(key, f"expected text, found a {type(value).__name__}; ignored")
        return ""

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
            self.warn(key, "a number written as text")
            return int(value)
        self.warn(key, f"expected a whole number, found {short_repr(value, 40)}; ignored")
        return None

    def timestamp(self, key: str) -> datetime | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if isinstance(value, date):
            return datetime.combine(value, time(), tzinfo=UTC)
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                pass
            else:
                return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        self.warn(key, f"not a date and time: {short_repr(value, 60)}")
        return None

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        if value is None:
            return {}
        if isinstance(value, dict):
            return value
        self.warn(key, f"expected a mapping, found {type(value).__name__}; ignored")
        return {}

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return value
        self.warn(key, f"expected a list, found {type(value).__name__}; ignored")
        return []


def _provider(fields: _Fields) -> tuple[str, str]:
    raw = fields.data.get("provider")
    if isinstance(raw, str):
        fields.warn("provider", "a plain name instead of a mapping")
        return _intern(raw), ""
    sub = _Fields(fields.mapping("provider"), f"{fields.where}provider.")
    name, domain = sub.text("name"), sub.text("domain")
    fields.warnings.extend(sub.warnings)
    return _intern(name), _intern(domain)


def _topics(fields: _Fields) -> tuple[str, ...]:
    raw = fields.data.get("topics")
    if isinstance(raw, str):
        fields.warn("topics", "a single topic written as text, not a list")
        return (_intern(raw),)
    out = []
    for item in fields.items("topics"):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            out.append(_intern(str(item)))
        else:
            fields.warn("topics", f"an entry that is not text was ignored: {short_repr(item, 40)}")
    return tuple(out)


def _images(fields: _Fields, key: str = "images") -> tuple[Image, ...]:
    out = []
    for index, item in enumerate(fields.items(key)):
        if not isinstance(item, dict):
            fields.warn(f"{key}[{index}]", "not a mapping; ignored")
            continue
        sub = _Fields(item, f"{fields.where}{key}[{index}].")
        cached = item.get("isCached")
        out.append(
            Image(
                url=sub.text("url"),
                width=sub.integer("width"),
                height=sub.integer("height"),
                is_cached=cached if isinstance(cached, bool) else None,
            )
        )
        fields.warnings.extend(sub.warnings)
    return tuple(out)


def _related(fields: _Fields, keys: bool) -> tuple[RelatedItem, ...]:
    out = []
    for index, item in enumerate(fields.items("related")):
        if not isinstance(item, dict):
            fields.warn(f"related[{index}]", "not a mapping; ignored")
            continue
        sub = _Fields(item, f"{fields.where}related[{index}].")
        provider_name, provider_domain = _provider(sub)
        url = sub.text("webUrl") or sub.text("originalUrl")
        amp_url, cdn_amp_url = sub.text("ampWebUrl"), sub.text("cdnAmpWebUrl")
        out.append(
            RelatedItem(
                title=sub.text("title"),
                url=url,
                provider_name=provider_name,
                provider_domain=provider_domain,
                published_at=sub.timestamp("publishedDateTime"),
                excerpt=sub.text("excerpt"),
                type=_intern(sub.text("type")),
                quality=sub.integer("quality"),
                amp_url=amp_url,
                cdn_amp_url=cdn_amp_url,
                url_keys=url_keys(tuple(u for u in (url, amp_url, cdn_amp_url) if u)) if keys else (),
            )
        )
        fields.warnings.extend(sub.warnings)
    return tuple(out)


def build_story(story_id: str, parsed: Parsed, raw: bytes, mtime_ns: int = 0, *, keys: bool = True) -> Story:
    """Type the loaded mapping; raise FrontMatterError when the flag itself is unusable.

    `keys=False` leaves `url_keys` empty: only for a check that throws the story away
    (canonicalising URLs is a third of the parsing time), never for a story kept.
    """
    data = parsed.data
    fields = _Fields(data)
    published_raw = data.get("published", True)
    if published_raw is None:
        fields.warn("published", "empty value; treated as published (Jekyll's rule)")
        published_raw = True
    if not isinstance(published_raw, bool):
        line = parsed.line_of(parsed.published.line_start) if parsed.published else None
        raise FrontMatterError(f"published must be true or false, found {short_repr(published_raw, 40)}", line)
    title = fields.text("title")
    if not title:
        fields.warn("title", "missing or empty")
    web_url, original_url = fields.text("webUrl"), fields.text("originalUrl")
    if not web_url:
        fields.warn("webUrl", "missing; using originalUrl" if original_url else "missing")
    secured = data.get("secured")
    if secured is not None and not isinstance(secured, str):
        fields.warn("secured", "expected an opaque text payload")
    if "publishedDateTime" not in data:
        fields.warn("publishedDateTime", "missing")
    provider_name, provider_domain = _provider(fields)
    amp_url, cdn_amp_url = fields.text("ampWebUrl"), fields.text("cdnAmpWebUrl")
    span = parsed.published
    story = Story(
        id=story_id,
        title=title,
        excerpt=fields.text("excerpt"),
        published=published_raw,
        published_explicit=span is not None,
        published_at=fields.timestamp("publishedDateTime"),
        url=web_url or original_url,
        web_url=web_url,
        original_url=original_url,
        amp_url=amp_url,
        cdn_amp_url=cdn_amp_url,
        type=_intern(fields.text("type")),
        category=_intern(fields.text("category")),
        quality=fields.integer("quality"),
        heat=fields.integer("heat"),
        provider_name=provider_name,
        provider_domain=provider_domain,
        topics=_topics(fields),
        images=_images(fields),
        related=_related(fields, keys),
        featured_content=fields.text("featuredContent"),
        secured_bytes=len(secured.encode("utf-8")) if isinstance(secured, str) else None,
        extra=tuple((str(k), v) for k, v in data.items() if k not in KNOWN_KEYS),
        facts=EditFacts(
            bom=parsed.bom,
            newline=parsed.newline,
            published_line=parsed.line_of(span.line_start) if span else None,
            insert_line=parsed.line_of(parsed.close_start),
            size=len(raw),
            mtime_ns=mtime_ns,
            fingerprint=fingerprint(raw),
        ),
        warnings=tuple(fields.warnings),
        url_keys=url_keys(tuple(u for u in (web_url, original_url, amp_url, cdn_amp_url) if u)) if keys else (),
    )
    return story


def parse_story(
    story_id: str, raw: bytes, mtime_ns: int = 0, *, keys: bool = True
) -> tuple[Story | None, list[Problem]]:
    """The codec's front door: a story (with its warnings as problems) or an error."""
    try:
        parsed = parse_fast(raw)  # the YAML loader for anything but the common shape
        story = build_story(story_id, parsed, raw, mtime_ns, keys=keys)
    except Exception as exc:  # loading a folder must never raise for one file
        return None, [_error(story_id, exc)]
    problems = [Problem(story_id, None, w, "warning") for w in story.warnings]
    return story, problems if parsed.unique_keys else problems + duplicate_problems(story_id, raw)


def check_story(story_id: str, raw: bytes) -> tuple[bool, list[Problem]]:
    """Whether `parse_story` gives a story, and its problems, without building one.

    `newsdesk check` throws the story away: a mapping of the common shape gets its
    warnings from `quick_warnings`, anything else is typed by `build_story` as usual.
    """
    try:
        data = read_data(raw)  # what parse_fast would give, without the edit facts
        warnings = None if data is None else quick_warnings(data)
        if warnings is None:
            warnings = build_story(story_id, parse_fast(raw), raw, keys=False).warnings
    except Exception as exc:  # loading a folder must never raise for one file
        return False, [_error(story_id, exc)]
    problems = [Problem(story_id, None, w, "warning") for w in warnings]
    # The fast reader (data not None) bails on a repeated key: only the loader's files can have one.
    return True, problems if data is not None else problems + duplicate_problems(story_id, raw)


def duplicate_problems(story_id: str, raw: bytes) -> list[Problem]:
    """A warning per top-level key written more than once (Jekyll silently takes the last:
    "published appears twice (lines 3 and 45); Jekyll uses the last: false"), at the
    line that wins."""
    return [Problem(story_id, d.lines[-1], d.describe(), "warning") for d in duplicate_keys(raw)]


def _error(story_id: str, exc: Exception) -> Problem:
    if isinstance(exc, FrontMatterError):
        return Problem(story_id, exc.line, exc.message, "error")
    if isinstance(exc, RecursionError):
        return Problem(story_id, None, "front matter nests too deeply", "error")
    return Problem(story_id, None, f"cannot read this story ({type(exc).__name__}: {cut(str(exc), 200)})", "error")


# -- warnings without a story ------------------------------------------------------
# `quick_warnings` answers only where every value has a type `build_story` takes
# without a word (text or nothing, a whole number or nothing, a datetime or nothing,
# mappings and lists of those); then the only warnings possible are the few below,
# in `build_story`'s order. Anything else: None, and `build_story` decides.
# tests/test_codec_properties.py holds it to `build_story` over hypothesis data.
_NONE = type(None)
_TEXT = frozenset({str, _NONE})
_WHOLE = frozenset({int, _NONE})
_STAMP = frozenset({datetime, _NONE})
_TOP_TEXT = (
    "title",
    "excerpt",
    "webUrl",
    "originalUrl",
    "ampWebUrl",
    "cdnAmpWebUrl",
    "type",
    "category",
    "featuredContent",
)


def _plain_provider(provider: Any) -> bool:
    if provider is None:
        return True
    if type(provider) is not dict:
        return False
    get = provider.get
    return type(get("name")) in _TEXT and type(get("domain")) in _TEXT


def quick_warnings(data: dict[str, Any]) -> tuple[str, ...] | None:
    """The warnings `build_story` would give `data` (and that it would not raise), or
    None when that takes `build_story` itself."""
    get = data.get
    published = get("published", True)
    if published is not True and published is not False:
        return None
    try:
        "".join(data)  # every key is text: `extra` turns keys into text, which can fail
    except TypeError:  # (a 5,000-digit number)
        return None
    for key in _TOP_TEXT:
        if type(get(key)) not in _TEXT:
            return None
    secured = get("secured")
    if secured is not None and (type(secured) is not str or not secured.isascii()):
        return None  # its length is taken in UTF-8: leave any encoding question to it
    if (
        type(get("quality")) not in _WHOLE
        or type(get("heat")) not in _WHOLE
        or type(get("publishedDateTime")) not in _STAMP
        or not _plain_provider(get("provider"))
    ):
        return None
    topics = get("topics")
    if topics is not None:
        if type(topics) is not list:
            return None
        for topic in topics:
            if type(topic) is not str:
                return None
    images = get("images")
    if images is not None:
        if type(images) is not list:
            return None
        for image in images:
            if type(image) is not dict:
                return None
            image_get = image.get
            if (
                type(image_get("url")) not in _TEXT
                or type(image_get("width")) not in _WHOLE
                or type(image_get("height")) not in _WHOLE
            ):
                return None
    related = get("related")
    if related is not None:
        if type(related) is not list:
            return None
        for item in related:
            if type(item) is not dict:
                return None
            item_get = item.get
            if (
                type(item_get("title")) not in _TEXT
                or type(item_get("excerpt")) not in _TEXT
                or type(item_get("webUrl")) not in _TEXT
                or type(item_get("originalUrl")) not in _TEXT
                or type(item_get("ampWebUrl")) not in _TEXT
                or type(item_get("cdnAmpWebUrl")) not in _TEXT
                or type(item_get("type")) not in _TEXT
                or type(item_get("quality")) not in _WHOLE
                or type(item_get("publishedDateTime")) not in _STAMP
                or not _plain_provider(item_get("provider"))
            ):
                return None
    warnings: tuple[str, ...] = ()
    if not get("title"):
        warnings += ("title: missing or empty",)
    if not get("webUrl"):
        warnings += ("webUrl: missing; using originalUrl" if get("originalUrl") else "webUrl: missing",)
    if "publishedDateTime" not in data:
        warnings += ("publishedDateTime: missing",)
    return warnings
