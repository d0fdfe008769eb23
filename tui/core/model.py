"""The typed records the rest of newsdesk passes around.

Everything here is immutable and built only by the codec, so a story in memory is
always exactly what some bytes on disk said at one moment; edits produce new records
rather than mutating old ones, which is what makes undo and change events simple.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from operator import attrgetter
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A file that did not load (error) or loaded with something odd (warning).

    `line` is 1-based in the file when the parser could tell us where, else None.
    """

    id: str
    line: int | None
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        where = f"{self.id}:{self.line}" if self.line is not None else self.id
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}: {tag}{self.message}"


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    width: int | None = None
    height: int | None = None
    is_cached: bool | None = None


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One entry of a story's `related` list, as the file wrote it.

    Whether it is a story of this folder is the store's business (it depends on
    what else is loaded), so nothing here says so.
    """

    title: str
    url: str
    provider_name: str = ""
    provider_domain: str = ""
    published_at: datetime | None = None
    excerpt: str = ""
    type: str = ""
    quality: int | None = None
    amp_url: str = ""
    cdn_amp_url: str = ""
    url_keys: tuple[str, ...] = ()  # canonical_url of urls(), distinct, in order; set by the codec

    def urls(self) -> tuple[str, ...]:
        return tuple(u for u in (self.url, self.amp_url, self.cdn_amp_url) if u)


@dataclass(frozen=True, slots=True)
class EditFacts:
    """What an edit needs to know about the bytes, recorded at parse time.

    `published_line` is the 1-based line of the top-level `published` key (None when
    absent); `insert_line` is the 1-based line a new `published` line would take
    (the closing `---`). `fingerprint` lets a writer notice the file moved on.
    """

    bom: bool
    newline: str
    published_line: int | None
    insert_line: int
    size: int
    mtime_ns: int
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    excerpt: str
    published: bool
    published_explicit: bool
    published_at: datetime | None
    url: str
    web_url: str
    original_url: str
    amp_url: str
    cdn_amp_url: str
    type: str
    category: str
    quality: int | None
    heat: int | None
    provider_name: str
    provider_domain: str
    topics: tuple[str, ...]
    images: tuple[Image, ...]
    related: tuple[RelatedItem, ...]
    featured_content: str
    secured_bytes: int | None
    extra: tuple[tuple[str, Any], ...]
    facts: EditFacts
    warnings: tuple[str, ...] = field(default=())
    # canonical_url of urls(), distinct, in order, computed once by the codec: indexing a
    # big folder by URL was mostly spent canonicalising the same URLs again.
    url_keys: tuple[str, ...] = ()

    def urls(self) -> tuple[str, ...]:
        """Every URL this story is known by (web, original and the AMP variants)."""
        return tuple(u for u in (self.web_url, self.original_url, self.amp_url, self.cdn_amp_url) if u)

    @property
    def heat_signal(self) -> int | None:
        """`heat: -1` means "no signal" in real feeds; treat it as missing."""
        return None if self.heat is None or self.heat < 0 else self.heat


def _by_fields(cls: type) -> None:
    """Pickle as `cls(*fields)`: the default for frozen slotted dataclasses goes through
    a Python `__setstate__` per object, which made handing stories from the loading
    processes (and the cache) to the app twice as slow."""
    get = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: Any) -> tuple[type, tuple[Any, ...]]:
        return cls, get(self)

    # mypy reads this as rebinding `type.__reduce__` itself; it sets the classes' own.
    cls.__reduce__ = __reduce__  # type: ignore[assignment]


for _cls in (Problem, Image, RelatedItem, EditFacts, Story):
    _by_fields(_cls)
