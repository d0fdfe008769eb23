"""`defaults:` of `_config.yml` applied as Jekyll 4.3's FrontmatterDefaults#all applies them.

A defaults entry is how a whole folder of stories can be unpublished without a line in
any file, so it must be matched exactly as Jekyll does, quirks included: the scope path
is a plain string prefix of the file's path (`_news` also covers `_newsletters/`), a
scope path with `*` is a glob of existing paths, `type` is the collection's label
(`pages` for pages), a longer path wins over a shorter one and a typed scope over an
untyped one of the same length, and a nil value in the file does not override a default
(Utils.deep_merge_hashes keeps the old value when the new one is nil).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from tui.core.site.config import DefaultsSet, SiteConfig

MAX_MERGE_DEPTH = 64


class DefaultsCrash(Exception):
    """Jekyll itself raises while merging these defaults (NoMethodError): the build stops."""


def deep_merge(master: Mapping[Any, Any], other: Mapping[Any, Any], depth: int = 0) -> dict[Any, Any]:
    """Utils.deep_merge_hashes: `other` wins, except where its value is nil; maps merge."""
    merged = dict(master)
    for key, new in other.items():
        if key in merged:
            old = merged[key]
            if new is None:
                continue
            if isinstance(old, Mapping) and isinstance(new, Mapping) and depth < MAX_MERGE_DEPTH:
                merged[key] = deep_merge(old, new, depth + 1)
                continue
        merged[key] = new
    return merged


def _sanitize(path: Any) -> str:
    """FrontmatterDefaults#sanitize_path: a leading slash removed."""
    if not isinstance(path, str) or not path:
        return ""
    return path[1:] if path.startswith("/") else path


def _strip_collections_dir(path: str, config: SiteConfig) -> str:
    cdir = config.collections_path
    return path[len(cdir) + 1 :] if cdir and path.startswith(cdir + "/") else path


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern[str]:
    """Dir.glob: `*` and `?` stay within one name, `**/` spans folders, `{a,b}` alternatives."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
            continue
        char = pattern[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            end = pattern.find("}", i)
            if end < 0:
                out.append(re.escape(char))
            else:
                out.append("(?:" + "|".join(re.escape(x) for x in pattern[i + 1 : end].split(",")) + ")")
                i = end
        elif char == "[":
            end = pattern.find("]", i + 2)
            if end < 0:
                out.append(re.escape(char))
            else:
                body = pattern[i + 1 : end]
                negate = body[:1] in ("!", "^")
                out.append("[" + ("^" if negate else "") + (body[1:] if negate else body).replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    try:
        return re.compile("".join(out).rstrip("/") + r"/?\Z")
    except re.error:
        return re.compile(re.escape(pattern) + r"\Z")


def _applies_path(scope: DefaultsSet, path: str, source_path: str, config: SiteConfig) -> bool:
    """FrontmatterDefaults#applies_path?; a glob is matched against the file and its folders
    (the existing paths Dir.glob could return that are prefixes of the file's path)."""
    raw = scope.path
    if raw is None:
        return True
    sanitized = _sanitize(path)
    if "*" not in raw:
        return sanitized.startswith(_strip_collections_dir(raw, config))
    regex = _glob_regex(raw.lstrip("/"))
    parts = source_path.split("/")
    for end in range(1, len(parts) + 1):
        candidate = "/".join(parts[:end])
        if regex.match(candidate) and sanitized.startswith(_strip_collections_dir(candidate, config)):
            return True
    return False


def _applies_type(scope: DefaultsSet, kind: str | None) -> bool:
    return scope.type is None or (kind is not None and kind == scope.type)


def _has_precedence(old: DefaultsSet | None, new: DefaultsSet) -> bool:
    if old is None or not old.has_scope:
        return True
    if not new.has_scope:
        raise DefaultsCrash("a defaults entry without `scope` follows one with a scope: Jekyll raises NoMethodError")
    new_path, old_path = _sanitize(new.path), _sanitize(old.path)
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    if new.type is not None:
        return True
    return old.type is None


def matching(path: str, kind: str | None, config: SiteConfig, source_path: str | None = None) -> list[DefaultsSet]:
    """FrontmatterDefaults#matching_sets, in `_config.yml` order."""
    where = source_path if source_path is not None else path
    return [
        s
        for s in config.defaults
        if not s.has_scope or (_applies_type(s, kind) and _applies_path(s, path, where, config))
    ]


def defaults_for(
    path: str, kind: str | None, config: SiteConfig, source_path: str | None = None
) -> tuple[dict[Any, Any], list[DefaultsSet]]:
    """FrontmatterDefaults#all(path, type): the merged values and the sets that gave them.

    `path` is the file's relative_path (documents: relative to the collections dir;
    static files: their URL), `source_path` its path from the root (for glob scopes).
    Raises DefaultsCrash where Jekyll crashes.
    """
    merged: dict[Any, Any] = {}
    old: DefaultsSet | None = None
    used: list[DefaultsSet] = []
    first = True
    for entry in matching(path, kind, config, source_path):
        if first or _has_precedence(old, entry):
            merged = deep_merge(merged, entry.values)
            old = entry
        else:
            merged = deep_merge(entry.values, merged)
        first = False
        used.append(entry)
    return merged, used


def published_source(
    path: str, kind: str | None, config: SiteConfig, source_path: str | None = None
) -> DefaultsSet | None:
    """The defaults entry whose `published` value ends up in the data, for a reason to cite.

    Follows the merge of `defaults_for`: a set with precedence overrides unless its value
    is nil; a set without precedence fills in only where the value so far is nil.
    """
    winner: DefaultsSet | None = None
    old: DefaultsSet | None = None
    first = True
    for entry in matching(path, kind, config, source_path):
        takes = first or _has_precedence(old, entry)
        if takes:
            old = entry
        first = False
        if "published" not in entry.values:
            continue
        if winner is None:
            winner = entry
        elif takes:
            if entry.values["published"] is not None:
                winner = entry
        elif winner.values["published"] is None:
            winner = entry
    return winner


def describe(entry: DefaultsSet) -> str:
    bits = []
    if entry.path is not None:
        bits.append(f"path `{entry.path[:60]}`")
    if entry.type is not None:
        bits.append(f"type `{entry.type[:40]}`")
    where = " and ".join(bits) if bits else "every file"
    return f"a _config.yml default (scope {where})" if bits else "a _config.yml default for every file"
