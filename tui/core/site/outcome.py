"""What `jekyll build` will do with one file: the answer to "will readers see this story".

The `published` line alone does not say. Jekyll 4.3 first asks whether the file has
front matter at all (Utils.has_yaml_header?: `---` at byte 0, so a byte-order mark or an
indented opener makes it a static file copied raw), reads the YAML with Psych (psych.py),
lays it over `_config.yml` defaults (defaults.py), and only a literal boolean false hides
a document (Document#published?); nil keeps it in the collection's listing without a
page (Publisher#can_be_published?), future dates wait (Publisher#hidden_in_the_future?),
a collection without `output` writes no pages (Collection#write?), and some faults stop
the whole build. Each case names the Jekyll method it follows; docs/SITE_RULES.md is
the table of them, and tests/site checks them against a real Jekyll.

Everything here is pure: bytes, a relative path and a SiteConfig in, a Verdict out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from tui.core.model import Problem, Severity
from tui.core.site import psych
from tui.core.site.config import SiteConfig
from tui.core.site.dates import InvalidDate, UnknownDate, document_time, epoch, filename_date, ruby_time_parse
from tui.core.site.defaults import DefaultsCrash, deep_merge, defaults_for, describe, published_source
from tui.core.site.paths import Location, locate

Outcome = Literal["page", "listed", "hidden", "raw", "ignored", "breaks-build"]
Intent = Literal["page", "hidden"]
OUTCOMES: tuple[Outcome, ...] = ("page", "listed", "hidden", "raw", "ignored", "breaks-build")

BOM = b"\xef\xbb\xbf"
# Utils.has_yaml_header?: the first line (read in binary) matches \A---\s*\r?\n.
_HEADER = re.compile(rb"---[ \t\r\f\v]*\n")
# Document::YAML_FRONT_MATTER_REGEXP (Ruby's ^ and $ are line anchors, /m lets . cross lines).
_FRONT_MATTER = re.compile(r"\A(---[ \t\r\n\f\v]*\n.*?\n?)^((---|\.\.\.)[ \t\r\n\f\v]*$\n?)", re.S | re.M)
_PUBLISHED_LINE = re.compile(r"^published[ \t]*:(.*)$", re.M)
_FALSE_WORDS = frozenset({"false", "no", "off", "n", "0"})
_TRUE_WORDS = frozenset({"true", "yes", "on", "y", "1"})
_NIL_WORDS = frozenset({"", "~", "null"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """One file's site outcome, why, and what its `published` line seems to say.

    `rule` is a stable code for the case (docs/SITE_RULES.md lists them); `apparent`
    is the intent read from the line alone (None: no line newsdesk can read, or a value
    that says neither); `differs` is True when the outcome is not what that line
    suggests in this collection. `leaks` says what a raw copy puts on the site.
    `certain` is False when a date newsdesk cannot read decided nothing it could check.
    """

    outcome: Outcome
    reason: str
    rule: str
    collection: str | None
    apparent: Intent | None = None
    differs: bool = False
    line: int | None = None
    leaks: str | None = None
    certain: bool = True

    @property
    def severity(self) -> Severity | None:
        """How loudly `check` reports it: an error when the build stops or front matter
        leaks onto the site, a warning for any other raw copy, a disagreement with the
        `published` line or an outcome newsdesk is unsure of; None when all is as it looks."""
        if self.outcome == "breaks-build" or (self.leaks is not None and "front matter" in self.leaks):
            return "error"
        if self.outcome == "raw" or self.differs or not self.certain:
            return "warning"
        return None

    def problem(self, file_id: str) -> Problem | None:
        """The report `newsdesk check` gives for this file, or None when all is as it looks."""
        severity = self.severity
        if severity is None:
            return None
        message = f"site: {self.outcome} — {self.reason}"
        if self.leaks:
            message += f" ({self.leaks})"
        return Problem(file_id, self.line, message, severity)


def has_yaml_header(raw: bytes) -> bool:
    """Utils.has_yaml_header?: `---`, optional spaces, then a newline, at byte 0."""
    end = raw.find(b"\n")
    return end >= 0 and _HEADER.fullmatch(raw, 0, end + 1) is not None


def _truthy(value: Any) -> bool:
    return value is not None and value is not False


def _show(value: Any) -> str:
    """A value as a short, safe string: never the repr of a container (an alias bomb expands)."""
    if value is None:
        return "~"
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return repr(value)[:40]
    return f"a {type(value).__name__}"


@dataclass(frozen=True, slots=True)
class Intent_:
    """What the file seems to say about itself, before Jekyll has its say."""

    intent: Intent | None
    value: str | None  # the `published` value as written (comment and spaces off), None when absent
    line: int | None


def apparent_intent(raw: bytes) -> Intent_:
    """The intent of the top-level `published:` line, read as an editor reads it.

    Found by text in whatever looks like front matter (behind a BOM or an indent too,
    and in YAML Jekyll cannot parse), the last one winning as in YAML: `false`, `no`,
    `off`, `n`, `0` in any case or quotes say hidden; `true`, `yes`, `on`, `y`, `1`,
    an empty value, `~` and no line at all say page (newsdesk has always shown those
    as published); anything else says neither. A file with no front-matter-looking
    block says nothing.
    """
    text = raw[3:] if raw.startswith(BOM) else raw
    head = text.lstrip(b" \t")
    if not head.startswith(b"---"):
        return Intent_(None, None, None)
    decoded = text.decode("utf-8", "replace")
    first_end = decoded.find("\n", len(text) - len(head))
    if first_end < 0:
        return Intent_(None, None, None)
    rest = decoded[first_end + 1 :]
    close = re.search(r"^(?:---|\.\.\.)[ \t\r]*$", rest, re.M)
    matches = list(_PUBLISHED_LINE.finditer(rest, 0, close.start() if close else len(rest)))
    if not matches:
        return Intent_("page", None, None)
    found = matches[-1]
    value = re.sub(r"(^|\s)#.*$", "", found.group(1)).strip()
    quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "'\""
    word = (value[1:-1].strip() if quoted else value).lower()
    intent: Intent | None = None
    if word in _FALSE_WORDS:
        intent = "hidden"
    elif word in _TRUE_WORDS or (word in _NIL_WORDS and not quoted):
        intent = "page"
    return Intent_(intent, value, decoded.count("\n", 0, first_end + 1 + found.start()) + 1)


def site_outcome(
    rel: str, raw: bytes, config: SiteConfig, *, now: datetime | None = None, mtime: float | None = None
) -> Verdict:
    """The site outcome of the file at `rel` (relative to the site root) with bytes `raw`.

    `now` is the build time (default: this moment); `mtime` the file's modification
    time, which only a draft's date uses. Never raises for any bytes.
    """
    now = now or datetime.now(UTC)
    where = locate(rel, config)
    said = apparent_intent(raw)
    verdict = _judge(rel, raw, where, config, now, mtime, said)
    expected: Outcome | None = None
    if said.intent == "page":
        expected = "page" if where.output else "listed"
    if said.intent == "hidden":
        differs = verdict.outcome not in ("hidden", "ignored")
    else:
        differs = said.intent is not None and verdict.outcome != expected
    return replace(verdict, apparent=said.intent, differs=differs, line=said.line or verdict.line)


def _judge(
    rel: str, raw: bytes, where: Location, config: SiteConfig, now: datetime, mtime: float | None, said: Intent_
) -> Verdict:
    label = where.collection
    if config.fatal:
        return Verdict("breaks-build", config.fatal, "config-fatal", label)
    if where.kind == "ignored":
        return Verdict("ignored", where.reason, "ignored", label)
    try:
        if where.kind == "page":
            if has_yaml_header(raw):
                return _page(rel, raw, config, said)
            return _static(rel, raw, where, config, f"/{rel}", None)
        if where.kind == "document" and not has_yaml_header(raw):
            return _static(rel, raw, where, config, collection_url(where, config), label)
        return _document(rel, raw, where, config, now, mtime, said)
    except DefaultsCrash as exc:
        return Verdict("breaks-build", str(exc), "defaults-crash", label)


def collection_url(where: Location, config: SiteConfig) -> str:
    """StaticFile#url for a file of a collection: the collection's permalink template."""
    collection = config.collection(where.collection or "")
    inner = where.doc_path.split("/", 1)[1] if "/" in where.doc_path else where.doc_path
    stem, dot, ext = inner.rpartition(".")
    path, extname = (stem.rstrip("."), "." + ext) if dot and "/" not in ext else (inner, "")
    template = (collection.permalink if collection and collection.permalink else "/:collection/:path") or ""
    name = path.rsplit("/", 1)[-1]
    url = template.replace(":collection", where.collection or "").replace(":path", "/" + path)
    url = url.replace(":output_ext", "").replace(":name", name).replace(":title", "")
    return re.sub("/{2,}", "/", "/" + url).rstrip("/") + extname


def _static(rel: str, raw: bytes, where: Location, config: SiteConfig, url: str, kind: str | None) -> Verdict:
    """StaticFile#write?: defaults matched by URL may say `published: false`; a collection
    without output writes none of its static files."""
    label = where.collection
    if raw.startswith(BOM):
        rule, what = "bom", "it starts with a byte-order mark, so Jekyll sees no front matter"
    elif raw[:1] in (b" ", b"\t") and raw.lstrip(b" \t").startswith(b"---"):
        rule, what = "indented-opener", "its `---` is indented, so Jekyll sees no front matter"
    elif not raw.strip():
        rule, what = "empty-file", "it is empty, so it has no front matter"
    else:
        rule, what = "no-front-matter", "it does not start with a `---` line, so Jekyll sees no front matter"
    values, _used = defaults_for(url, kind, config, rel)
    if not _truthy(values.get("published", True)):
        return Verdict(
            "hidden", f"{what}; as a static file a _config.yml default keeps it unwritten", "static-unwritten", label
        )
    collection = config.collection(label) if label is not None else None
    if collection is not None and not collection.output:
        reason = f"{what}; the `{label}` collection has output: false, so its static copy is not written"
        return Verdict("hidden", reason, "static-unwritten", label)
    return Verdict("raw", f"{what}: it is copied into the site as it is", rule, label, leaks=_leaks(raw))


def _leaks(raw: bytes) -> str:
    body = raw[3:] if raw.startswith(BOM) else raw
    if body.lstrip(b" \t").startswith(b"---"):
        if re.search(rb"^secured[ \t]*:", body, re.M):
            return "front matter and secured payload copied to the site"
        return "front matter copied to the site"
    return "copied to the site verbatim"


@dataclass(frozen=True, slots=True)
class _Read:
    """What Document#read / Convertible#read_yaml leave behind."""

    front: dict[Any, Any] | None  # the front matter mapping, None when unread or absent
    error: str | None  # the read error Jekyll logs (the data is then defaults only)
    error_rule: str = ""
    bad_encoding: bool = False
    fatal_page: str | None = None  # Convertible#validate_data!: fatal for pages
    line: int | None = None
    closed: bool = True  # False: a `---` opener and no closing line Jekyll's pattern accepts


def _read(raw: bytes) -> _Read:
    body = raw[3:] if raw.startswith(BOM) else raw  # File.read with "bom|utf-8"
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 (byte 0x{body[exc.start]:02x} on line {line})"
        return _Read(None, message, "not-utf8", bad_encoding=True, line=line)
    match = _FRONT_MATTER.match(text)
    if match is None:
        return _Read(None, None, closed=False)
    try:
        data = psych.load(match.group(1))
    except psych.PsychError as exc:
        rule = "ruby-symbol" if exc.kind == "Psych::DisallowedClass" else "bad-yaml"
        what = "a value Ruby's safe YAML refuses" if rule == "ruby-symbol" else "bad YAML"
        said = exc.message if len(exc.message) <= 80 else exc.message[:79] + "…"  # a cut says so
        return _Read(None, f"{what} ({said})", rule, line=exc.line)
    except RecursionError:
        return _Read(None, "YAML nested too deeply", "bad-yaml")
    if data is None or data is False:
        return _Read(None, None)
    if not isinstance(data, dict):
        kind = (
            "a list" if isinstance(data, list) else "a string" if isinstance(data, str) else f"a {type(data).__name__}"
        )
        return _Read(None, f"the front matter is {kind}, not a mapping", "not-mapping", fatal_page=kind)
    return _Read(data, None)


def _page(rel: str, raw: bytes, config: SiteConfig, said: Intent_) -> Verdict:
    """Page: Convertible#read_yaml, then PageReader keeps it if Publisher#publish?.

    The page's own data only: `defaults` reach a page through Hash#default_proc,
    which Hash#fetch (used by Publisher#can_be_published?) does not consult.
    """
    read = _read(raw)
    if read.error and config.strict_front_matter:
        return Verdict("breaks-build", f"{read.error} and strict_front_matter is on", "strict-front-matter", None)
    if read.fatal_page:
        reason = f"the front matter of a page is {read.fatal_page}: Jekyll stops (InvalidYAMLFrontMatterError)"
        return Verdict("breaks-build", reason, "page-not-mapping", None, line=read.line)
    data = read.front or {}
    if data.get("permalink") == "":
        return Verdict(
            "breaks-build", "an empty `permalink:` stops Jekyll (InvalidPermalinkError)", "empty-permalink", None
        )
    published = data.get("published", True)
    if not (_truthy(published) or config.unpublished):
        return Verdict("hidden", _false_reason(said, published, "writes no page"), "page-unpublished", None)
    if read.bad_encoding:
        return _bad_encoding(rel, raw, data, config, None, writes=True, line=read.line)
    if read.error:
        reason = f"{read.error}: Jekyll writes it from empty data, whatever its `published` says"
        return Verdict("page", reason, read.error_rule, None, line=read.line)
    return Verdict("page", _page_reason(read, said, raw), "page", None)


def _bad_encoding(
    rel: str, raw: bytes, data: dict[Any, Any], config: SiteConfig, label: str | None, *, writes: bool, line: int | None
) -> Verdict:
    """A document Jekyll could not decode is still rendered, front matter and all: Liquid
    (on `{{`/`{%`) or kramdown (on a Markdown extension) then raise and stop the build."""
    name = rel.rsplit("/", 1)[-1]
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    liquid = data.get("render_with_liquid") is not False and (b"{%" in raw or b"{{" in raw)
    if liquid or ext in config.markdown_ext:
        what = "Liquid" if liquid else "kramdown (Markdown)"
        return Verdict("breaks-build", f"not UTF-8: {what} stops the whole build on it", "not-utf8", label, line=line)
    leaks = "front matter copied to the site"
    if writes:
        reason = "not UTF-8: Jekyll cannot read its front matter and writes the whole file as the page"
        return Verdict("page", reason, "not-utf8-written", label, line=line, leaks=leaks)
    reason = "not UTF-8: Jekyll cannot read its front matter, lists it and writes no page"
    return Verdict("listed", reason, "not-utf8-written", label, line=line)


def _document(
    rel: str, raw: bytes, where: Location, config: SiteConfig, now: datetime, mtime: float | None, said: Intent_
) -> Verdict:
    """Document#read (defaults merged first, then the front matter, then the file-name
    date), then Collection#read_document or PostReader#processable?, and Document#write?."""
    label = where.collection or ""
    collection = config.collection(label)
    output = collection.output if collection is not None else True
    is_post = where.kind in ("post", "draft")
    read = _read(raw)
    defaults, _used = defaults_for(where.doc_path, label, config, rel)
    if read.error and config.strict_front_matter:
        return Verdict("breaks-build", f"{read.error} and strict_front_matter is on", "strict-front-matter", label)
    data = defaults if read.front is None else deep_merge(defaults, read.front)
    certain = True
    try:
        when = _document_date(where, data, read, config, now, mtime)
    except InvalidDate as exc:
        return Verdict(
            "breaks-build", f"{exc}: Jekyll cannot parse the date and stops the build", "invalid-date", label
        )
    except UnknownDate:
        when, certain = None, False
    if read.bad_encoding and is_post:
        return Verdict("hidden", f"{read.error}: Jekyll skips the post", "not-utf8-post", label, line=read.line)
    published = data.get("published", True)
    future = when is not None and not config.future and epoch(when) > epoch(now)
    can_publish = _truthy(published) or config.unpublished
    if is_post:
        kept = can_publish and not future  # PostReader#publishable?
    else:
        kept = config.unpublished or not ("published" in data and data["published"] is False)  # #published?
    verdict = _document_verdict(rel, raw, where, config, read, data, said, kept, output and can_publish, when, future)
    if not certain:
        note = " (newsdesk cannot read its `date`; if Jekyll cannot either, the build stops)"
        verdict = replace(verdict, reason=verdict.reason + note, certain=False)
    return verdict


def _document_verdict(
    rel: str,
    raw: bytes,
    where: Location,
    config: SiteConfig,
    read: _Read,
    data: dict[Any, Any],
    said: Intent_,
    kept: bool,
    writable: bool,
    when: datetime | None,
    future: bool,
) -> Verdict:
    label = where.collection or ""
    published = data.get("published", True)
    if not kept:
        if future and _truthy(published) and when is not None:
            return Verdict("hidden", _future_reason(when, where, read), "future", label)
        return _hidden(where, config, read, said, published, rel)
    writes = writable and not future
    if read.bad_encoding:
        return _bad_encoding(rel, raw, data, config, label, writes=writes, line=read.line)
    if read.error:
        reason = f"{read.error}: Jekyll reads it with no front matter of its own, so its `published` does nothing"
        return Verdict("page" if writes else "listed", reason, read.error_rule, label, line=read.line)
    if writes:
        return Verdict("page", _page_reason(read, said, raw), "page", label)
    if not where.output:
        reason = f"the `{label}` collection has output: false: listed in site.{label}, no page of its own"
        return Verdict("listed", reason, "output-false", label)
    if future and when is not None and _truthy(published):
        return Verdict("listed", _future_reason(when, where, read), "future", label)
    source = None if "published" in (read.front or {}) else published_source(where.doc_path, label, config, rel)
    if source is not None:
        reason = f"{describe(source)} sets published: {_show(published)} — Jekyll lists it but writes no page"
        return Verdict("listed", reason, "default-nil", label)
    return Verdict(
        "listed", f"published: {said.value or '~'} — Jekyll lists it but writes no page", "nil-published", label
    )


def _hidden(where: Location, config: SiteConfig, read: _Read, said: Intent_, published: Any, rel: str) -> Verdict:
    label = where.collection
    front = read.front or {}
    if "published" in front and front["published"] is not None:
        return Verdict("hidden", _false_reason(said, published, "writes no page"), "literal-false", label)
    source = published_source(where.doc_path, label, config, rel)
    if source is not None:
        tail = " (its `published: ~` does not override a default)" if "published" in front else ""
        value = source.values.get("published")
        reason = f"{describe(source)} sets published: {_show(value)}{tail}"
        return Verdict("hidden", reason, "default-nil" if value is None else "default-false", label)
    reason = f"published: {said.value or '~'} — Jekyll does not build a post whose published is nil"
    return Verdict("hidden", reason, "nil-published", label)


def _false_reason(said: Intent_, value: Any, what: str) -> str:
    spelled = said.value if said.value is not None else _show(value)
    if value is False and spelled.lower() != "false":
        return f"published: {spelled} — Jekyll's YAML reads it as false: it {what}"
    if value is False:
        return f"published: false — Jekyll {what}"
    return f"published: {spelled} — Jekyll {what}"


def _document_date(
    where: Location, data: dict[Any, Any], read: _Read, config: SiteConfig, now: datetime, mtime: float | None
) -> datetime | None:
    """Document#merge_date!, then #populate_title (skipped when the read failed), then #date."""
    zone = config.timezone
    when: datetime | None = None
    if "date" in data:
        when = document_time(data["date"], zone)
    if read.error is None:
        dated = filename_date(where.doc_path)
        if dated is not None and (not _truthy(data.get("date")) or (when is not None and epoch(when) == epoch(now))):
            when = ruby_time_parse(dated, zone)
    if when is None and where.kind == "draft" and mtime is not None:
        when = datetime.fromtimestamp(mtime, UTC)
    return when


def _future_reason(when: datetime, where: Location, read: _Read) -> str:
    front = read.front or {}
    source = "its `date:`" if "date" in front else "its file name"
    if "date" not in front and filename_date(where.doc_path) is None:
        source = "a _config.yml default"
    day = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if where.kind in ("post", "draft"):
        return f"dated {day} by {source}, in the future: Jekyll skips the post until then (future: false)"
    return f"dated {day} by {source}, in the future: Jekyll lists it but writes no page until then (future: false)"


def _page_reason(read: _Read, said: Intent_, raw: bytes) -> str:
    if read.front is None:
        if not has_yaml_header(raw[3:] if raw.startswith(BOM) else raw):
            return "no front matter: Jekyll builds the post from the whole file"
        if not read.closed:
            return "its front matter is never closed, so Jekyll reads none of it: a page with defaults only"
        return "empty front matter: a page with the _config.yml defaults only"
    value = read.front.get("published", "absent")
    if value == "absent":
        return "no published line: Jekyll writes its page"
    if value is True:
        return f"published: {said.value or 'true'}"
    if value is None:
        return f"published: {said.value or '~'} here, but a default gives it a page"
    return f"published: {said.value or _show(value)} — only a literal false hides a story, so Jekyll publishes it"
