"""Which part of Jekyll reads a path, or why none does: collections, posts, pages.

Jekyll reads a site three ways, each with its own name filter (EntryFilter#filter
applied to differently-rooted entries): a collection's folder is globbed whole
(Collection#entries, dot files included), `_posts` folders are found by walking the
site (Reader#read_directories -> PostReader, `**/*` without dot files, dated names
only), and everything else is a page or a static file reached by the same walk. A name
that starts with `_ . # ~` or ends with `~` is skipped, unless `include:` names it;
`exclude:` patterns are File.fnmatch globs *and* plain string prefixes (`exclude: [doc]`
also drops `docs/`). Those quirks decide what reaches readers, so they are kept here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from tui.core.site.config import SiteConfig

Kind = Literal["document", "post", "draft", "page", "ignored"]
_SPECIAL = "._#~"  # EntryFilter::SPECIAL_LEADING_CHAR_REGEX
# Document::DATE_FILENAME_MATCHER and DATELESS_FILENAME_MATCHER, on the entry under _posts/_drafts.
_DATED = re.compile(r"^(?:.*/)?[0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2}-[^/]*\.[^./]+$")
_DATELESS = re.compile(r"^(?:.+/)*(.*)(\.[^.]+)$")


@dataclass(frozen=True, slots=True)
class Location:
    """Where Jekyll reads a file from.

    `doc_path` is what Jekyll calls the file's relative_path: relative to the
    collections dir for documents and posts, to the root for pages. It is the path
    `defaults:` scopes are matched against. `reason` says why an ignored file is.
    """

    kind: Kind
    collection: str | None
    doc_path: str
    reason: str = ""
    output: bool = True


def _source(path: str) -> str:
    """PathManager.join(site.source, path) with the source written as `/`: File.join drops doubled slashes."""
    return "/" + path.lstrip("/")


@lru_cache(maxsize=256)
def _fnmatch_regex(pattern: str) -> re.Pattern[str]:
    """File.fnmatch? without flags: `*` and `?` cross `/`, `[...]` classes, `\\` escapes, no braces."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("!", "^")
                body = body[1:] if negate else body
                out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    try:
        return re.compile("".join(out) + r"\Z", re.S)
    except re.error:
        return re.compile(re.escape(pattern) + r"\Z")


def glob_match(patterns: tuple[str, ...] | list[str], entry: str, is_dir: bool) -> str | None:
    """EntryFilter#glob_include?: the first pattern matching `entry`, or None."""
    with_source = _source(entry)
    for pattern in patterns:
        pattern_with_source = _source(pattern) if pattern else "/"
        if (
            _fnmatch_regex(pattern_with_source).match(with_source)
            or with_source.startswith(pattern_with_source)
            or (is_dir and pattern_with_source == f"{with_source}/")
        ):
            return pattern
    return None


def filter_reason(entry: str, relative_to_source: str, config: SiteConfig, *, is_dir: bool = False) -> str | None:
    """EntryFilter#filter for one entry: why Jekyll drops it, or None when it is read.

    `entry` is the name as the reading code sees it (relative to the folder being
    read); `relative_to_source` is the same entry joined to that folder's base.
    """
    if entry.endswith("."):
        return "Jekyll skips names ending with '.'"
    name = entry.rsplit("/", 1)[-1]
    included = glob_match(config.include, entry, is_dir) or glob_match(config.include, name, is_dir)
    excludes = [p for p in config.exclude if p not in config.include]
    pattern = glob_match(excludes, relative_to_source, is_dir)
    if pattern is not None and not included:
        return f"excluded by the site's `exclude: {pattern[:60]}`"
    if included:
        return None
    for candidate in (entry, name):
        if candidate[:1] and candidate[0] in _SPECIAL:
            return f"Jekyll ignores names starting with '{candidate[0]}'"
    if entry.endswith("~"):
        return "Jekyll ignores names ending with '~' (backup files)"
    return None


def locate(rel: str, config: SiteConfig) -> Location:
    """Where Jekyll reads the file at `rel` (relative to the site root, `/`-separated)."""
    rel = rel.strip("/")
    for collection in config.collections:
        if collection.label == "posts":
            continue
        if config.standalone:
            entry = rel
            reason = filter_reason(entry, entry, config)
            if reason:
                return Location("ignored", collection.label, entry, reason, collection.output)
            return Location("document", collection.label, entry, "", collection.output)
        prefix = collection.folder + "/"
        if rel.startswith(prefix):
            entry = rel[len(prefix) :]
            relative_directory = f"_{collection.label}"
            reason = filter_reason(entry, f"{relative_directory}/{entry}", config)
            doc_path = f"{relative_directory}/{entry}"
            if reason:
                return Location("ignored", collection.label, doc_path, reason, collection.output)
            return Location("document", collection.label, doc_path, "", collection.output)
    return _walk(rel, config)


def _collection_relative(rel: str, config: SiteConfig) -> str:
    """Document#relative_path: the path with the collections dir taken off."""
    cdir = config.collections_path
    return rel[len(cdir) + 1 :] if cdir and rel.startswith(cdir + "/") else rel


def _walk(rel: str, config: SiteConfig) -> Location:
    """Reader#read_directories from the root down to `rel`: posts, drafts, pages."""
    parts = rel.split("/")
    cdir = config.collections_path
    for index, part in enumerate(parts):
        base = "/".join(parts[:index])
        is_last = index == len(parts) - 1
        magic = part == "_posts" or (part == "_drafts" and config.show_drafts)
        if magic and not is_last:
            if cdir and not ("/" + base).startswith("/" + cdir):  # Reader#outside_configured_directory?
                return Location("ignored", None, rel, f"posts are read only under collections_dir `{cdir}`")
            return _post(rel, parts, index, config)
        reason = filter_reason(part, f"{base}/{part}" if base else part, config, is_dir=not is_last)
        if reason:
            if rel in config.include or "/" + rel in config.include:  # Reader#read_included_excludes
                return Location("page", None, rel)
            if not is_last:
                if index == 0 and part.startswith("_") and not reason.startswith("excluded"):
                    known = {c.folder for c in config.collections}
                    what = "is not a collection in _config.yml" if part not in known else "is not read"
                    return Location(
                        "ignored", None, rel, f"the folder `{part}/` {what}: Jekyll skips folders starting with '_'"
                    )
                return Location("ignored", None, rel, f"in `{'/'.join(parts[: index + 1])}/`: {reason}")
            return Location("ignored", None, rel, reason)
        if part == config.destination and index == 0:
            return Location("ignored", None, rel, f"`{part}/` is where Jekyll writes the site")
    return Location("page", None, rel)


def _post(rel: str, parts: list[str], index: int, config: SiteConfig) -> Location:
    magic = parts[index]
    entry_parts = parts[index + 1 :]
    entry = "/".join(entry_parts)
    if any(p.startswith(".") for p in entry_parts):  # Dir["**/*"] lists no dot files
        return Location("ignored", "posts", _collection_relative(rel, config), "Jekyll does not list hidden files here")
    base = "/".join(parts[: index + 1])
    reason = filter_reason(entry, f"{base}/{entry}", config)
    doc_path = _collection_relative(rel, config)
    if reason:
        return Location("ignored", "posts", doc_path, reason)
    if magic == "_posts":
        if not _DATED.match(entry):
            return Location(
                "ignored", "posts", doc_path, "a post's file name must start with YYYY-MM-DD- and have an extension"
            )
        return Location("post", "posts", doc_path)
    if not _DATELESS.match(entry):
        return Location("ignored", "posts", doc_path, "a draft's file name needs an extension")
    return Location("draft", "posts", doc_path)
