"""Every file of a Jekyll site, with the collection it belongs to and whether Jekyll reads it.

A real site is not one folder: `_news` sits beside `_posts`, `_samples`, `_people`,
pages and assets, and `_config.yml` decides which of them are collections. The scan
walks the whole root once (bounded, never following a symlink: a link can point out of
the site, and Jekyll in safe mode skips links that do), and asks paths.locate where
each file is read from. Ids are paths relative to the root, `/`-separated, as the
store's ids are.

Folders Jekyll never reads and that hold no stories (`.git`, `_site`, `node_modules`,
`_layouts`...) are not entered; other `_folders` are, so a `_samples/` that is not a
collection shows up as ignored instead of silently missing.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from tui.core.model import Problem
from tui.core.site.config import SiteConfig, read_config
from tui.core.site.files import read_bounded
from tui.core.site.outcome import Verdict, has_yaml_header, site_outcome
from tui.core.site.paths import Kind, locate

MAX_FILES = 500_000
MAX_DEPTH = 64
MAX_FILE_BYTES = 32 << 20
HEAD_BYTES = 64 << 10
# Never entered: Jekyll's own folders, version control, dependency trees.
_SKIP_DIRS = frozenset(
    {"_layouts", "_includes", "_sass", "_data", "_plugins", ".git", ".hg", ".svn", "node_modules", ".jekyll-cache"}
)
_SKIP_DIRS |= {".sass-cache", ".bundle", "vendor", ".venv", "__pycache__"}


@dataclass(frozen=True, slots=True)
class SiteFile:
    """One file of the site: its id, the collection it belongs to and how Jekyll reads it.

    `collection` is the label (`news`, `posts`; '' for a folder opened without a
    config), None for pages and static files outside collections. `kind` is
    `document`, `post`, `draft`, `page` (page or static file) or `ignored`, with the
    reason in `reason`.
    """

    id: str
    collection: str | None
    kind: Kind
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SiteScan:
    """The files of a site, sorted by id, with what went wrong listing them."""

    root: str
    config: SiteConfig
    files: tuple[SiteFile, ...]
    problems: tuple[Problem, ...]
    truncated: bool = False

    def collections(self) -> tuple[str, ...]:
        """The labels that have at least one file, in the config's order."""
        present = {f.collection for f in self.files if f.kind in ("document", "post", "draft")}
        return tuple(c.label for c in self.config.collections if c.label in present)


def scan_site(
    root: str,
    config: SiteConfig | None = None,
    *,
    suffixes: tuple[str, ...] | None = None,
    include_ignored: bool = True,
    max_files: int = MAX_FILES,
) -> SiteScan:
    """List the site at `root` (its `_config.yml` read when `config` is None).

    `suffixes` keeps only names ending so (case-insensitive), e.g. the story suffixes;
    `include_ignored` False drops the files Jekyll never reads.
    """
    config = config if config is not None else read_config(root)
    problems: list[Problem] = list(config.problems)
    files: list[SiteFile] = []
    truncated = False
    wanted = tuple(s.lower() for s in suffixes) if suffixes else None
    collection_dirs = {c.folder for c in config.collections if c.folder}
    stack: list[tuple[str, str, int, bool]] = [(root, "", 0, config.standalone)]
    while stack:
        path, prefix, depth, in_collection = stack.pop()
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(prefix.rstrip("/") or ".", None, f"folder not read: {exc.strerror or exc}", "warning")
            )
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISLNK(mode):
                message = "a symlink: newsdesk does not follow links (Jekyll --safe skips those leaving the site)"
                problems.append(Problem(rel, None, message, "warning"))
                continue
            if stat.S_ISDIR(mode):
                inside = in_collection or rel in collection_dirs
                if depth + 1 >= MAX_DEPTH:
                    problems.append(Problem(rel, None, f"deeper than {MAX_DEPTH} folders; not listed", "warning"))
                elif inside or _enter(entry.name, rel, config):
                    stack.append((entry.path, rel + "/", depth + 1, inside))
                continue
            if not stat.S_ISREG(mode) or (wanted and not entry.name.lower().endswith(wanted)):
                continue
            where = locate(rel, config)
            if where.kind == "ignored" and not include_ignored:
                continue
            if len(files) >= max_files:
                truncated = True
                stack.clear()
                problems.append(Problem(".", None, f"more than {max_files} files; the rest are not listed", "warning"))
                break
            files.append(SiteFile(rel, where.collection, where.kind, where.reason))
    files.sort(key=lambda f: f.id)
    return SiteScan(root, config, tuple(files), tuple(problems), truncated)


def _enter(name: str, rel: str, config: SiteConfig) -> bool:
    """Outside collections: not Jekyll's own folders, not the built site, no dot folders."""
    return not (name in _SKIP_DIRS or rel == config.destination or name.startswith("."))


def read_site_file(root: str, file_id: str) -> tuple[bytes, float | None, bool]:
    """A site file's bytes (a head only when it is large and not a document), its
    mtime, and whether the bytes are complete. Raises OSError as read_bounded does."""
    path = os.path.join(root, *file_id.split("/"))
    try:
        return read_bounded(path, MAX_FILE_BYTES), _mtime(path), True
    except OSError as exc:
        if exc.errno != errno.EFBIG:
            raise
    head = read_bounded(path, HEAD_BYTES, head=True)
    return head, _mtime(path), False


def _mtime(path: str) -> float | None:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return None


def survey(site: SiteScan, *, now: datetime | None = None) -> Iterator[tuple[SiteFile, Verdict | None, Problem | None]]:
    """Every file of a scanned site with its verdict: what `check --json` needs per file.

    A file that cannot be read gives (file, None, problem). A file too large to read
    whole is judged from its head and marked uncertain when that matters.
    """
    for item in site.files:
        try:
            raw, mtime, complete = read_site_file(site.root, item.id)
        except OSError as exc:
            yield item, None, Problem(item.id, None, f"not read: {exc.strerror or exc}", "error")
            continue
        verdict = site_outcome(item.id, raw, site.config, now=now, mtime=mtime)
        if not complete and (has_yaml_header(raw) or item.kind in ("post", "draft")):
            verdict = replace(verdict, certain=False, reason=verdict.reason + " (judged from its first 64 KiB only)")
        yield item, verdict, None
