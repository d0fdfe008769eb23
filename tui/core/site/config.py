"""A Jekyll site's `_config.yml`, read the way Jekyll 4.3 reads it, and never fatally.

What a story becomes depends on the site as much as on the file: `collections:` says
which `_folders` are read and whether their documents get pages (`output`), `defaults:`
give values (`published: false` for a whole path) to files that do not set them, and
`exclude`/`include`, `future`, `unpublished` change what is built. The semantics here
follow Jekyll's configuration.rb (DEFAULTS, add_default_collections, add_default_excludes,
check_include_exclude, read_config_file) and frontmatter_defaults.rb.

A broken config is a `Problem` (and, when Jekyll itself would stop, `fatal` says why so
every outcome becomes `breaks-build`), never an exception: the dashboard still opens.
The file is opened without following a symlink and read with a size limit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from typing import Any

from tui.core.model import Problem
from tui.core.site import psych
from tui.core.site.dates import InvalidDate, UnknownDate, document_time
from tui.core.site.files import read_bounded

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")  # Jekyll's order of preference
MAX_CONFIG_BYTES = 1 << 20

# Configuration::DEFAULT_EXCLUDES, appended to whatever the site excludes.
DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
)
DEFAULT_MARKDOWN_EXT = "markdown,mkdown,mkdn,mkd,md"
# FrontmatterDefaults#update_deprecated_types
_DEPRECATED_TYPES = {"page": "pages", "post": "posts", "draft": "drafts"}
# CollectionReader::SPECIAL_COLLECTIONS: never read as collections of documents.
SPECIAL_COLLECTIONS = ("posts", "data")


@dataclass(frozen=True, slots=True)
class Collection:
    """One collection: documents live in `folder` (relative to the site root).

    `output` is Collection#write?: without it documents are listed in `site.<label>`
    but get no page of their own. `posts` always has output (add_default_collections).
    """

    label: str
    folder: str
    output: bool
    permalink: str | None = None


@dataclass(frozen=True, slots=True)
class DefaultsSet:
    """One entry of `defaults:` with Jekyll's quirks kept: `path` is matched as a string
    prefix (so `_news` also covers `_newsletters`), a leading `/` never matches a
    document, `*` makes it a glob; `has_scope` False means the set applies everywhere."""

    has_scope: bool
    path: str | None  # None: the scope has no usable path (applies to every path)
    type: str | None  # None: any type; deprecated `post`/`page`/`draft` already renamed
    values: Mapping[str, Any]
    line: int | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Everything of `_config.yml` that decides a file's site outcome.

    `found` is False for a plain folder (no config): `standalone()` then treats the
    folder itself as one collection with output, which is how newsdesk always read it.
    `fatal` is set when `jekyll build` would stop before writing anything.
    """

    collections: tuple[Collection, ...]
    collections_dir: str = ""
    defaults: tuple[DefaultsSet, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    include: tuple[str, ...] = (".htaccess",)
    future: bool = False
    unpublished: bool = False
    show_drafts: bool = False
    strict_front_matter: bool = False
    markdown_ext: tuple[str, ...] = tuple(f".{e}" for e in DEFAULT_MARKDOWN_EXT.split(","))
    timezone: tzinfo | None = None
    destination: str = "_site"  # the first path component of where Jekyll writes, when inside the root
    found: bool = False
    standalone: bool = False
    source: str | None = None  # the config file's name, when one was read
    fatal: str | None = None
    problems: tuple[Problem, ...] = field(default=())

    def collection(self, label: str) -> Collection | None:
        for item in self.collections:
            if item.label == label:
                return item
        return None

    @property
    def collections_path(self) -> str:
        """Site#collections_path, relative to the root ('' for the root itself)."""
        return self.collections_dir.strip("/")


def plain_jekyll() -> SiteConfig:
    """Jekyll's own defaults: what a site root with an empty `_config.yml` gets."""
    return SiteConfig(collections=(Collection("posts", "_posts", True),))


def standalone() -> SiteConfig:
    """A folder opened without a `_config.yml`: itself one collection, output on.

    Its files are judged as documents of a collection whose folder is the one opened
    (label ''), so Jekyll's name rules (`_x`, `.x`, `x~`) and front-matter rules apply.
    """
    return SiteConfig(collections=(Collection("", "", True),), standalone=True)


def _truthy(value: Any) -> bool:
    """Ruby truthiness: only nil and false are false (`0`, `""` and `"false"` are true)."""
    return value is not None and value is not False


def _problem(source: str, message: str, severity: str = "error", line: int | None = None) -> Problem:
    return Problem(source, line, message, "error" if severity == "error" else "warning")


def read_config(root: str) -> SiteConfig:
    """The site config of `root`, or `standalone()` when the folder has none.

    Jekyll reads the first of `_config.yml`, `_config.yaml`, `_config.toml` that exists.
    """
    for name in CONFIG_NAMES:
        path = os.path.join(root, name)
        if not os.path.lexists(path):
            continue
        if name.endswith(".toml"):
            return replace(
                plain_jekyll(),
                found=True,
                source=name,
                problems=(
                    _problem(name, "a TOML site config is not read by newsdesk; Jekyll's defaults assumed", "warning"),
                ),
            )
        try:
            raw = read_bounded(path, MAX_CONFIG_BYTES)
        except OSError as exc:
            message = f"cannot read the site config: {exc.strerror or exc}"
            return replace(plain_jekyll(), found=True, source=name, problems=(_problem(name, message),))
        return parse_config(raw, source=name)
    return standalone()


def parse_config(raw: bytes, *, source: str = "_config.yml") -> SiteConfig:
    """The SiteConfig for these bytes of a `_config.yml`; problems instead of exceptions."""
    base = replace(plain_jekyll(), found=True, source=source)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the site config is not UTF-8 (byte 0x{raw[exc.start]:02x}); jekyll build stops"
        return replace(base, fatal=message, problems=(_problem(source, message),))
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        data = psych.load(text)
    except psych.PsychError as exc:
        message = f"the site config is not valid YAML ({exc.message}); jekyll build stops"
        return replace(base, fatal=message, problems=(_problem(source, message, line=exc.line),))
    except RecursionError:
        message = "the site config nests too deeply to read; jekyll build stops"
        return replace(base, fatal=message, problems=(_problem(source, message),))
    if data is None or data is False:
        return base
    if not isinstance(data, dict):
        # Configuration#read_config_file raises ArgumentError, which read_config_files rescues.
        message = f"the site config is a {type(data).__name__}, not a mapping: Jekyll warns and uses its defaults"
        return replace(base, problems=(_problem(source, message, "warning"),))
    return _from_mapping(data, base, source, text)


def _from_mapping(data: dict[Any, Any], base: SiteConfig, source: str, text: str) -> SiteConfig:
    problems: list[Problem] = []
    fatal: str | None = None

    def stop(message: str, key: str | None = None) -> None:
        nonlocal fatal
        fatal = fatal or message
        problems.append(_problem(source, message, line=_line_of_key(text, key) if key else None))

    def warn(message: str, key: str | None = None) -> None:
        problems.append(_problem(source, message, "warning", _line_of_key(text, key) if key else None))

    for option in ("include", "exclude", "plugins"):  # Configuration#check_include_exclude, #check_plugins
        if option in data and not isinstance(data[option], list):  # `exclude:` with no value included
            stop(f"`{option}` must be a list (Jekyll: InvalidConfigurationError); jekyll build stops", option)
    if data.get("plugins") or data.get("theme"):
        warn("plugins or a theme can change what Jekyll builds; newsdesk models plain Jekyll", "plugins")
    # Utils.deep_merge_hashes keeps Jekyll's default wherever the file says nil (`future:`).
    data = {k: v for k, v in data.items() if v is not None}

    collections_dir = data.get("collections_dir", "")
    if collections_dir is None:
        collections_dir = ""
    if not isinstance(collections_dir, str):
        stop("`collections_dir` must be text; jekyll build stops", "collections_dir")
        collections_dir = ""
    cdir = collections_dir.strip("/")
    if cdir and (".." in cdir.split("/") or os.path.isabs(collections_dir)):
        warn("`collections_dir` leaves the site folder; newsdesk keeps to the folder", "collections_dir")
        cdir = ""

    collections = _collections(data.get("collections", {}), cdir, data, warn)
    # EntryFilter#glob_include? matches String patterns only; anything else never matches.
    exclude = [x for x in _list(data.get("exclude")) if isinstance(x, str)]
    include = [x for x in _list(data.get("include", [".htaccess"])) if isinstance(x, str)]
    exclude_all = tuple(dict.fromkeys([*exclude, *DEFAULT_EXCLUDES]))
    markdown = data.get("markdown_ext", DEFAULT_MARKDOWN_EXT)
    if not isinstance(markdown, str):
        markdown = DEFAULT_MARKDOWN_EXT
    zone = _zone(data.get("timezone"), warn)
    destination = data.get("destination", "_site")
    destination = os.path.normpath(destination) if isinstance(destination, str) and destination else ""
    if os.path.isabs(destination) or destination.startswith("..") or destination == ".":
        destination = ""  # outside the root (or the root itself): nothing to skip inside it
    destination = destination.split(os.sep, 1)[0]
    defaults, default_problems, default_fatal = _defaults(data.get("defaults", []), source, text, zone)
    problems.extend(default_problems)
    if default_fatal and fatal is None:
        fatal = default_fatal
    if _truthy(data.get("limit_posts")) and data.get("limit_posts") != 0:
        warn("`limit_posts` keeps only the newest posts; newsdesk does not model it", "limit_posts")
    if data.get("encoding", "utf-8") not in (None, "utf-8", "UTF-8", "utf8"):
        warn("the site reads files in another encoding than UTF-8; newsdesk assumes UTF-8", "encoding")
    return replace(
        base,
        collections=collections,
        collections_dir=cdir,
        defaults=defaults,
        exclude=exclude_all,
        include=tuple(include),
        future=_truthy(data.get("future", False)),
        unpublished=_truthy(data.get("unpublished", False)),
        show_drafts=_truthy(data.get("show_drafts")),
        strict_front_matter=_truthy(data.get("strict_front_matter", False)),
        markdown_ext=tuple(f".{e.strip().lower()}" for e in markdown.split(",") if e.strip()),
        timezone=zone,
        destination=destination,
        fatal=fatal,
        problems=tuple(problems),
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


_LABEL_JUNK = re.compile(r"[^a-z0-9_\-.]", re.I)


def _collections(raw: Any, cdir: str, data: dict[Any, Any], warn: Any) -> tuple[Collection, ...]:
    """Configuration#add_default_collections and Collection#initialize (label sanitised)."""
    entries: dict[str, Any] = {}
    if isinstance(raw, dict):
        entries = {str(k): v for k, v in raw.items() if isinstance(k, str)}
    elif isinstance(raw, list):
        entries = {str(k): {} for k in raw if isinstance(k, str)}
    elif raw is not None:
        warn("`collections` is neither a mapping nor a list; only _posts is read", "collections")
    prefix = f"{cdir}/" if cdir else ""
    posts_meta = entries.get("posts") if isinstance(entries.get("posts"), dict) else {}
    posts_link = posts_meta.get("permalink") if isinstance(posts_meta, dict) else None
    result = [Collection("posts", f"{prefix}_posts", True, posts_link if isinstance(posts_link, str) else None)]
    seen = {"posts"}
    for name, meta in entries.items():
        label = _LABEL_JUNK.sub("", name)
        if label in seen or not label:
            continue
        seen.add(label)
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            warn(f"collection {name[:40]!r}: its settings are not a mapping; read with output off", "collections")
            meta = {}
        if label == "data":
            warn("a collection named `data` is never read by Jekyll (it is the data folder)", "collections")
            continue
        link = meta.get("permalink")
        result.append(
            Collection(
                label, f"{prefix}_{label}", _truthy(meta.get("output", False)), link if isinstance(link, str) else None
            )
        )
    return tuple(result)


def _zone(value: Any, warn: Any) -> tzinfo | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        warn(f"unknown `timezone` {value[:40]!r}; this machine's local time is used", "timezone")
        return None


def _defaults(
    raw: Any, source: str, text: str, zone: tzinfo | None
) -> tuple[tuple[DefaultsSet, ...], list[Problem], str | None]:
    """FrontmatterDefaults#valid_sets: invalid entries are skipped with a warning."""
    if not isinstance(raw, list):
        if raw not in (None, {}):
            return (), [_problem(source, "`defaults` is not a list; Jekyll ignores it", "warning")], None
        return (), [], None
    sets: list[DefaultsSet] = []
    problems: list[Problem] = []
    fatal: str | None = None
    line = _line_of_key(text, "defaults")
    for index, entry in enumerate(raw):
        if not isinstance(entry, dict) or not isinstance(entry.get("values"), dict):
            problems.append(
                _problem(
                    source, f"defaults entry {index + 1} has no `values` mapping; Jekyll skips it", "warning", line
                )
            )
            continue
        has_scope = "scope" in entry
        scope = entry.get("scope")
        path: str | None = None
        kind: str | None = None
        if isinstance(scope, dict):
            if isinstance(scope.get("path"), str) and scope["path"]:
                path = scope["path"]
            if "type" in scope:
                kind = str(scope["type"]) if scope["type"] is not None else ""
                kind = _DEPRECATED_TYPES.get(kind, kind)
        elif has_scope:
            # A scope that is not a mapping makes Jekyll call `key?` on it: NoMethodError.
            fatal = fatal or f"defaults entry {index + 1}: `scope` is not a mapping; jekyll build stops"
            problems.append(_problem(source, fatal, line=line))
            continue
        values = entry["values"]
        if "date" in values:
            try:
                document_time(values["date"], zone)
            except InvalidDate as exc:
                fatal = fatal or f"defaults entry {index + 1}: invalid date ({exc}); jekyll build stops"
                problems.append(_problem(source, fatal, line=line))
            except UnknownDate as exc:
                problems.append(_problem(source, f"defaults entry {index + 1}: {exc}", "warning", line))
        if path is not None and path.startswith("/") and "*" not in path:
            problems.append(
                _problem(
                    source,
                    f"defaults entry {index + 1}: scope path {path[:60]!r} starts with '/': never matched",
                    "warning",
                    line,
                )
            )
        sets.append(DefaultsSet(has_scope, path, kind, values, line))
    return tuple(sets), problems, fatal


def _line_of_key(text: str, key: str | None) -> int | None:
    if key is None:
        return None
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return None if match is None else text.count("\n", 0, match.start()) + 1
