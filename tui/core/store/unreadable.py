"""Rows for a site's files that newsdesk cannot read as stories, and what to tell about them.

On a Jekyll site, a file of a collection whose front matter newsdesk cannot read (bad
YAML, a list as its root, no front matter at all, an indented or unclosed opener, bytes
that are not UTF-8) is still something Jekyll builds, copies raw, or stops on. The
editor must see it where the stories are, with its site mark, not only in `check` and
the problems screen. Such a file is kept as a stand-in `Story` in `Store.unreadable`,
beside `Store.stories`, never in it: the duplicate finder, the graph, the search index,
the sort orders and every field edit read `stories` only, so a stand-in never poses as
a story there. The list and the detail pane ask `Store.row`, which gives either.

A stand-in carries only what the list draws: the id, a title (the file's own `title:`
line read as text, else its file name), `published` (whether Jekyll writes its page)
and the bytes' fingerprint. Built only for files with an error problem (rare), so the
load path of ordinary stories costs what it did.
"""

from __future__ import annotations

import re

from tui.core.format.decode import fingerprint
from tui.core.format.literal import cut, one_line
from tui.core.model import EditFacts, Story
from tui.core.site.outcome import BOM, Verdict, apparent_intent

TITLE_CHARS = 300  # of a title read as text: a row shows a few dozen
_OPENER = re.compile(rb"[ \t]*---[ \t]*\r?\n")
_CLOSER = re.compile(rb"^(?:---|\.\.\.)[ \t]*\r?$", re.M)
_TITLE = re.compile(rb"^title[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$", re.M)
_NOT_TEXT = frozenset({"", "|", ">", "|-", ">-", "|+", ">+", "~", "null"})


def apparent_title(raw: bytes) -> str | None:
    """The top-level `title:` line's text in whatever looks like front matter (behind a
    byte-order mark or an indent too, in YAML nobody can parse, in bytes that are not
    UTF-8), quotes taken off; None when there is none to show."""
    body = raw[3:] if raw.startswith(BOM) else raw
    opener = _OPENER.match(body)
    if opener is None:
        return None
    closer = _CLOSER.search(body, opener.end())
    found = _TITLE.search(body, opener.end(), closer.start() if closer else min(len(body), 64 << 10))
    if found is None:
        return None
    text = found.group(1).decode("utf-8", "replace").strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    if text in _NOT_TEXT:
        return None
    return one_line(cut(text, TITLE_CHARS))


def stand_in(sid: str, raw: bytes, verdict: Verdict) -> Story:
    """The row of an unreadable site file: its title, whether it is a page, its bytes' print."""
    said = apparent_intent(raw)
    title = apparent_title(raw) or one_line(cut(sid.rsplit("/", 1)[-1], TITLE_CHARS))
    facts = EditFacts(
        bom=raw.startswith(BOM),
        newline="\r\n" if b"\r\n" in raw[:4096] else "\n",
        published_line=said.line,
        insert_line=0,
        size=len(raw),
        mtime_ns=0,
        fingerprint=fingerprint(raw),
    )
    return Story(
        id=sid,
        title=title,
        excerpt="",
        published=verdict.outcome == "page",
        published_explicit=said.line is not None,
        published_at=None,
        url="",
        web_url="",
        original_url="",
        amp_url="",
        cdn_amp_url="",
        type="",
        category="",
        quality=None,
        heat=None,
        provider_name="",
        provider_domain="",
        topics=(),
        images=(),
        related=(),
        featured_content="",
        secured_bytes=None,
        extra=(),
        facts=facts,
    )


def flagged(verdict: Verdict) -> bool:
    """An unreadable file is among the site's disagreements (`J`, the `!` of the list,
    `list --differs`) when its outcome is not what its `published` line says, or when
    `check` reports it (raw, breaks-build, an outcome newsdesk is unsure of): nothing
    newsdesk shows of it can be taken at its word."""
    return verdict.differs or verdict.severity is not None
