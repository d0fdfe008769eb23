"""The site outcome of an ordinary story without running the Psych port: the same Verdict, faster.

site_outcome reads the whole front matter with a Python port of Psych (psych.py): about
0.7 ms a story, seven seconds for 10,000. Almost every story is ordinary: `---` at byte
0 (or right after a UTF-8 byte-order mark), UTF-8, YAML newsdesk already read, no value
Psych reads differently from PyYAML, no `date:`, and a `published` line that is absent
or a plain boolean word. For such a file every rule of outcome.py depends only on its
path, on that one line and, behind a byte-order mark (a raw copy), on whether a line
starts with `secured:` (what leaks). So its verdict is the verdict of a three-line
stand-in file (`---`, the same `published` line, `---`, with the same mark and
`secured` line) at the same path, and stand-ins are judged once per folder and spelling
(memo below). Anything else, or anything this test is unsure of, goes to site_outcome.

tests/site/test_quick.py checks that both give the same verdict for every case of the
differential site and for every story of a generated folder.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from tui.core.site.config import SiteConfig
from tui.core.site.outcome import Verdict, collection_url, site_outcome
from tui.core.site.paths import locate

# Anything Psych may read differently from PyYAML, or that decides more than `published`:
# a value or item starting with `:` `!` `&` `*` `%` `@` or a backquote, a line starting
# with a quote, `?`, `%` or a flow collection, a `date` key, a tab, a flow collection
# holding a key. Simple patterns: one regex with alternatives cost 60 us a story.
# A node starts a line or follows `: `, `- `, `? `, `[`, `{` or `,`: the same characters
# inside a title ("News & World Report", "a *new* law") are text to both parsers.
_RISKY_START = re.compile(rb"(?:[\n\[{,]|[:?-] )[ ]*[:!&*%@`]")
_RISKY_LINE = re.compile(rb"\n *[\"'?%\[{]")
_DATE_KEY = re.compile(rb"\ndate[ \t]*:")
_FLOW_KEY = re.compile(rb"[\[{][^\n]*:[ \t]")
_PUBLISHED = re.compile(rb"\npublished[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?(?=\n)")
_WORDS = frozenset({b"true", b"false", b"yes", b"no", b"on", b"off"})
# A name that plays no part of its own (letters, digits, `_+-`, an extension; not special
# to Jekyll), with the date a file name gives (Document::DATE_FILENAME_MATCHER's) and
# the extension, in one match: this runs once per story of a site's check.
_PLAIN_NAME = re.compile(
    r"(?:([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-|(?=[A-Za-z0-9]))[A-Za-z0-9_+\-]*(?:\.[A-Za-z0-9]+)*\.([A-Za-z0-9]+)"
)
_GLOB = frozenset("*?[{")


BOM = b"\xef\xbb\xbf"
BOM_MARK, SECURED = 1, 2  # the flags of a SiteLine
_SECURED = re.compile(rb"^secured[ \t]*:", re.M)  # outcome._leaks: what a raw copy puts on the site

# (the `published` value, its 1-based line, flags): None and None when there is no line;
# flags BOM_MARK for a file behind a byte-order mark, SECURED when one of its lines then
# starts with `secured:`. The loader caches it per file (disk/cache.py).
SiteLine = tuple[bytes | None, int | None, int]


def ordinary_line(raw: bytes) -> SiteLine | None:
    """The SiteLine of an ordinary story; None when the file is not ordinary (see the
    module doc)."""
    flags = 0
    if raw.startswith(BOM):
        raw = raw[3:]
        flags = BOM_MARK | (SECURED if _SECURED.search(raw) else 0)
    if not raw.startswith((b"---\n", b"---\r\n")):
        return None
    close = _closing(raw)
    if close < 0:
        return None
    front = raw[3:close]  # from the opener's newline: every line starts after a b"\n"
    if b"\t" in front or _RISKY_START.search(front) or _RISKY_LINE.search(front) or _DATE_KEY.search(front):
        return None
    if (b"[" in front or b"{" in front) and _FLOW_KEY.search(front):
        return None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = None
    for found in _PUBLISHED.finditer(front):  # noqa: B007 - the last one counts, as in YAML
        continue
    if found is None:
        return None, None, flags
    value = found.group(1)
    if b"#" in value:
        value = value.split(b"#", 1)[0].rstrip(b" \t")
    if value.lower() not in _WORDS:
        return None
    return value, raw.count(b"\n", 0, 3 + found.start()) + 2, flags


def _closing(raw: bytes) -> int:
    """Where the first `---` closing line starts (Jekyll's pattern), -1 when a `...`
    line closes first or none does."""
    at = 3
    while True:
        dash, dots = raw.find(b"\n---", at), raw.find(b"\n...", at)
        if dash < 0 and dots < 0:
            return -1
        found = dash if dots < 0 or (0 <= dash < dots) else dots
        line_end = raw.find(b"\n", found + 1)
        if not raw[found + 4 : line_end if line_end >= 0 else len(raw)].strip(b" \t\r"):
            return found + 1 if found == dash else -1
        at = found + 1


class QuickJudge:
    """site_outcome for many files of one site: stand-ins judged once per folder.

    `judge(rel, raw, parsed_ok)`: `parsed_ok` says newsdesk's own reader took the file
    as a story (its YAML is sound); without it the full rules always run.
    """

    def __init__(self, config: SiteConfig, *, now: datetime | None = None) -> None:
        self.config = config
        self.now = now
        # (folder, extension, value, file-name date, flags) -> the stand-in's verdict; the
        # same with the line number -> the verdict as given (no `replace` per story).
        self._stand_ins: dict[tuple[str, str, bytes | None, str | None, int], Verdict] = {}
        self._memo: dict[tuple[str, str, bytes | None, str | None, int, int | None], Verdict] = {}
        paths = (d.path for d in config.defaults if d.path is not None)
        self._patterns = (*config.exclude, *config.include, *paths)
        self._starts: dict[tuple[str, int], tuple[str, ...]] = {}

    def judge(self, rel: str, raw: bytes, parsed_ok: bool, mtime: float | None = None) -> Verdict:
        line = ordinary_line(raw) if parsed_ok else None
        verdict = self.judge_line(rel, line) if line is not None else None
        if verdict is None:
            verdict = site_outcome(rel, raw, self.config, now=self.now, mtime=mtime)
        return verdict

    def judge_line(self, rel: str, line: SiteLine) -> Verdict | None:
        """The verdict of an ordinary story at `rel` from its `ordinary_line` alone (the
        loader caches it: disk/cache.Verdict), None when the path needs the whole file.
        Runs once per story of a site's check: one match and one lookup when memoized."""
        if self.config.fatal:
            return None
        folder, _, name = rel.rpartition("/")
        named = _PLAIN_NAME.fullmatch(name)
        if named is None:
            return None
        value, number, flags = line
        starts = self._starts.get((folder, flags))
        if starts is None:
            starts = self._starts[(folder, flags)] = self._name_starts(folder, bool(flags & BOM_MARK))
        if starts and name.startswith(starts):
            return None
        key = (folder, named.group(2), value, named.group(1), flags, number)
        verdict = self._memo.get(key)
        if verdict is None:
            verdict = self._memo[key] = self._stand_in(rel, key)
        return verdict

    def _stand_in(self, rel: str, key: tuple[str, str, bytes | None, str | None, int, int | None]) -> Verdict:
        """The verdict of the three-line stand-in at `rel`, judged once per spelling."""
        value, flags, number = key[2], key[4], key[5]
        base = self._stand_ins.get(key[:5])
        if base is None:
            # `x: 1` keeps the stand-in's front matter a mapping, as the story's is.
            stand_in = b"---\nx: 1\n" + (b"published: " + value + b"\n" if value is not None else b"")
            stand_in += b"secured: x\n---\n" if flags & SECURED else b"---\n"
            raw = BOM + stand_in if flags & BOM_MARK else stand_in
            base = self._stand_ins[key[:5]] = site_outcome(rel, raw, self.config, now=self.now)
        return base if base.line == number else replace(base, line=number)

    def _name_starts(self, folder: str, bom: bool) -> tuple[str, ...]:
        """The name prefixes a pattern picks out in `folder` (() for none); when no
        name of the folder may be memoized: ("",) (a glob, or a draft's date from its mtime).

        Patterns are matched against more than the path from the root: `include` against
        the bare name and the path inside a collection, `defaults` against the path inside
        `collections_dir`, and (behind a byte-order mark, a static file) against the URL.
        So a pattern counts when its folder part is the file's folder or any tail of it,
        or of the URL's folder."""
        if "_drafts" in folder.split("/"):
            return ("",)
        folders = [folder]
        if bom:
            url_folder = self._url_folder(folder)
            if url_folder is None:
                return ("",)
            folders.append(url_folder)
        starts: list[str] = []
        for pattern in self._patterns:
            if _GLOB.intersection(pattern):
                return ("",)
            head, _, tail = pattern.strip("/").rpartition("/")
            if tail and any(not head or f == head or f.endswith("/" + head) for f in folders):
                starts.append(tail)
        return tuple(starts)

    def _url_folder(self, folder: str) -> str | None:
        """The folder of the URL a static file of `folder` gets (its defaults go by URL),
        None when the URL does not end with the file's own name (a permalink template)."""
        where = locate(f"{folder}/probe.md" if folder else "probe.md", self.config)
        if where.kind != "document":
            return folder  # a page's URL is its path; posts are not static files
        url = collection_url(where, self.config)
        return url[1 : -len("/probe.md")] if url.endswith("/probe.md") and url.startswith("/") else None
