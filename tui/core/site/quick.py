"""The site outcome of an ordinary story without running the Psych port: the same Verdict, faster.

site_outcome reads the whole front matter with a Python port of Psych (psych.py): about
0.7 ms a story, seven seconds for 10,000. Almost every story is ordinary: `---` at byte
0, UTF-8, YAML newsdesk already read, no value Psych reads differently from PyYAML, no
`date:`, and a `published` line that is absent or a plain boolean word. For such a file
every rule of outcome.py depends only on its path and on that one line, so its verdict
is the verdict of a three-line stand-in file (`---`, the same `published` line, `---`)
at the same path, and stand-ins are judged once per folder and spelling (memo below).
Anything else, or anything this test is unsure of, goes to site_outcome itself.

tests/site/test_quick.py checks that both give the same verdict for every case of the
differential site and for every story of a generated folder.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from tui.core.site.config import SiteConfig
from tui.core.site.outcome import Verdict, site_outcome

# Anything Psych may read differently from PyYAML, or that decides more than `published`:
# a value or item starting with `:` `!` `&` `*` `%` `@` or a backquote, a line starting
# with a quote, `?`, `%` or a flow collection, a `date` key, a tab, a flow collection
# holding a key. Simple patterns: one regex with alternatives cost 60 us a story.
_RISKY_START = re.compile(rb"[\s\[{,][:!&*%@`]")
_RISKY_LINE = re.compile(rb"\n *[\"'?%\[{]")
_DATE_KEY = re.compile(rb"\ndate[ \t]*:")
_FLOW_KEY = re.compile(rb"[\[{][^\n]*:[ \t]")
_PUBLISHED = re.compile(rb"\npublished[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?(?=\n)")
_WORDS = frozenset({b"true", b"false", b"yes", b"no", b"on", b"off"})
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+\-]*(?:\.[A-Za-z0-9]+)+")
_DATED = re.compile(r"([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-")
_GLOB = frozenset("*?[{")


def ordinary_line(raw: bytes) -> tuple[bytes | None, int | None] | None:
    """(the `published` value, its 1-based line) of an ordinary story, (None, None) when
    it has no such line; None when the file is not ordinary (see the module doc)."""
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
        return None, None
    value = found.group(1)
    if b"#" in value:
        value = value.split(b"#", 1)[0].rstrip(b" \t")
    if value.lower() not in _WORDS:
        return None
    return value, raw.count(b"\n", 0, 3 + found.start()) + 2


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
        self._memo: dict[tuple[str, str, bytes | None, str | None], Verdict] = {}
        paths = (d.path for d in config.defaults if d.path is not None)
        self._patterns = (*config.exclude, *config.include, *paths)
        self._starts: dict[str, tuple[str, ...]] = {}

    def judge(self, rel: str, raw: bytes, parsed_ok: bool, mtime: float | None = None) -> Verdict:
        line = ordinary_line(raw) if parsed_ok else None
        verdict = self.judge_line(rel, line) if line is not None else None
        if verdict is None:
            verdict = site_outcome(rel, raw, self.config, now=self.now, mtime=mtime)
        return verdict

    def judge_line(self, rel: str, line: tuple[bytes | None, int | None]) -> Verdict | None:
        """The verdict of an ordinary story at `rel` from its `ordinary_line` alone (the
        loader caches it: disk/cache.Verdict), None when the path needs the whole file."""
        if self.config.fatal:
            return None
        value, number = line
        folder, _, name = rel.rpartition("/")
        if not self._memoizable(folder, name):
            return None
        dated = _DATED.match(name)
        key = (folder, name.rsplit(".", 1)[-1].lower(), value, dated.group(1) if dated else None)
        verdict = self._memo.get(key)
        if verdict is None:
            # `x: 1` keeps the stand-in's front matter a mapping, as the story's is.
            stand_in = b"---\nx: 1\n" + (b"published: " + value + b"\n" if value is not None else b"") + b"---\n"
            verdict = site_outcome(rel, stand_in, self.config, now=self.now)
            self._memo[key] = verdict
        return replace(verdict, line=number) if verdict.line != number else verdict

    def _memoizable(self, folder: str, name: str) -> bool:
        """The name plays no part of its own: not special to Jekyll, not a draft, and no
        `exclude`, `include` or `defaults` path could single it out in its folder."""
        if not _PLAIN_NAME.fullmatch(name):
            return False
        starts = self._starts.get(folder)
        if starts is None:
            starts = self._starts[folder] = self._name_starts(folder)
        return not starts or not name.startswith(starts)

    def _name_starts(self, folder: str) -> tuple[str, ...]:
        """The name prefixes a pattern picks out in `folder` (() for none); when no
        name of the folder may be memoized: ("",) (a glob, or a draft's date from its mtime)."""
        if "_drafts" in folder.split("/"):
            return ("",)
        prefix = folder + "/" if folder else ""
        starts: list[str] = []
        for pattern in self._patterns:
            if _GLOB.intersection(pattern):
                return ("",)
            rest = pattern.lstrip("/")
            if prefix and not rest.startswith(prefix):
                continue
            rest = rest[len(prefix) :].rstrip("/")
            if rest and "/" not in rest:
                starts.append(rest)
        return tuple(starts)
