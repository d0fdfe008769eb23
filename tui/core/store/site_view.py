"""The store's view of a Jekyll site: each story's collection and site outcome, and the toggle.

A folder with a `_config.yml` is a site: its stories live in collections (`_news`,
`_posts`...), and whether readers see one is Jekyll's decision (tui.core.site), not the
`published` line's. The Story records stay what the codec built (the 100,000-story
cache and its load time are untouched); this side table holds, per id, the Verdict of
the bytes the store last read, computed when first asked (a row drawn, the detail
pane, a filter) and dropped when the store replaces the story. A folder without
`_config.yml` is not a site: `active` is False and the store behaves as it always did.

Verdicts are read from the file (bounded, O_NOFOLLOW: tui.core.site.files) and judged
by QuickJudge, which gives site_outcome's answer for ordinary stories in microseconds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from tui.core.disk import cache
from tui.core.disk.cache import SiteLine
from tui.core.format.decode import fingerprint, parse_story
from tui.core.format.edits import EditError, LineChange
from tui.core.format.site_edits import site_toggle
from tui.core.model import Story
from tui.core.site.config import SiteConfig, read_config
from tui.core.site.files import read_bounded
from tui.core.site.members import Members
from tui.core.site.outcome import Verdict, apparent_intent, site_outcome
from tui.core.site.quick import QuickJudge
from tui.core.store import unreadable

MAX_BYTES = 4 << 20  # what the loader reads of a story (disk/safe.py)
PUBLISHED_FAULT = "published must be true or false"  # decode's error for `"false"`, `0`, `nO`

# What the list shows for each outcome; "ignored" only appears for a file of a
# collection Jekyll skips by its name.
MARKS: Mapping[str, str] = {
    "page": "●",
    "hidden": "○",
    "listed": "◐",
    "raw": "⚠",
    "breaks-build": "✖",
    "ignored": "·",
}


class SiteView:
    """Collections and verdicts of a site's stories, for the store and its readers.

    Thread-safe: the desk's loader, writer and the UI ask it from different threads.
    """

    def __init__(self, root: str, config: SiteConfig | None = None) -> None:
        self.root = root
        self.config = config if config is not None else read_config(root)
        self.active = self.config.found
        self._judge = QuickJudge(self.config)
        self._verdicts: dict[str, Verdict] = {}
        # Rows of files newsdesk cannot read as stories: judged with every rule, kept until
        # the store forgets them (store/unreadable.py).
        self._unreadable: dict[str, Verdict] = {}
        # Each loaded ordinary story's `published` line (disk/cache.SiteLine), dropped
        # when the store replaces the story: its verdict without reading the file.
        self._lines: dict[str, SiteLine] = {}
        self._shared: dict[SiteLine, SiteLine] = {}
        self._lock = threading.Lock()
        self._members = Members(self.config)

    # -- where a file belongs ------------------------------------------------------
    def collection(self, sid: str) -> str | None:
        """The collection label of a story (`news`, `posts`), None for a file outside
        every collection (a page, the built `_site`...): those are not stories of the site."""
        return self._members.collection(sid)

    def keeps(self, sid: str) -> bool:
        """Whether the store holds this file: in a site, only files of a collection."""
        return self._members.keeps(sid)

    def labels(self) -> tuple[str, ...]:
        """The site's collections whose folder exists, in the config's order."""
        if not self.active:
            return ()
        folders = self.config.collections
        return tuple(c.label for c in folders if c.label and os.path.isdir(os.path.join(self.root, c.folder)))

    # -- outcomes ----------------------------------------------------------------
    def forget(self, sid: str) -> None:
        if not self.active:  # a plain folder: nothing is ever judged (its load pays one test a story)
            return
        if sid not in self._verdicts and sid not in self._unreadable and sid not in self._lines:
            return  # loading: no lock taken per story
        with self._lock:
            self._verdicts.pop(sid, None)
            self._unreadable.pop(sid, None)
            self._lines.pop(sid, None)

    def remember(self, verdicts: Iterable[cache.Verdict], stories: Mapping[str, Story], skip: Collection[str]) -> None:
        """The loader's verdicts of stories just put in the store (not those in `skip`).

        Kept small at 100,000 stories: keyed by the story's own id string, and a line
        that many stories share (`published: true` on line 9) held once."""
        shared = self._shared
        lines: dict[str, SiteLine] = {}
        for v in verdicts:
            line, story = v[7], stories.get(v[0])
            if line is not None and story is not None and v[0] not in skip:
                lines[story.id] = shared.setdefault(line, line)
        with self._lock:
            self._lines.update(lines)

    def verdict(self, sid: str, story: Story | None) -> Verdict | None:
        """The site outcome of the file as last read (None outside a site, or unreadable)."""
        if not self.active:
            return None
        with self._lock:
            known = self._unreadable.get(sid) or self._verdicts.get(sid)
        if known is not None:
            return known
        line = self._lines.get(sid) if story is not None else None
        verdict = self._judge.judge_line(sid, line) if line is not None else None
        if verdict is not None:
            with self._lock:
                self._verdicts[sid] = verdict
            return verdict
        try:
            raw = read_bounded(os.path.join(self.root, *sid.split("/")), MAX_BYTES)
        except OSError:
            return None
        verdict = self._judge.judge(sid, raw, story is not None)
        with self._lock:
            self._verdicts[sid] = verdict
        return verdict

    def flagged(self, sid: str) -> bool:
        """A row of a file newsdesk cannot read (Store.unreadable) among the disagreements:
        its outcome is not what its line says, or `check` reports it (unreadable.flagged)."""
        verdict = self.verdict(sid, None)
        return verdict is not None and unreadable.flagged(verdict)

    def differing(self, stories: Mapping[str, Story], ids: Iterable[str]) -> set[str]:
        """The ids whose outcome is not what their `published` line seems to say."""
        out: set[str] = set()
        for sid in ids:
            verdict = self.verdict(sid, stories.get(sid))
            if verdict is not None and verdict.differs:
                out.add(sid)
        return out

    def in_collection(self, label: str, ids: Iterable[str]) -> set[str]:
        return {sid for sid in ids if self.collection(sid) == label}

    def allowed(self, stories: Mapping[str, Story], collection: str | None, *, differs: bool) -> set[str]:
        """The stories a collection filter and the disagreement filter let through."""
        ids: Iterable[str] = list(stories)
        if collection is not None:
            ids = self.in_collection(collection, ids)
        return self.differing(stories, ids) if differs else set(ids)

    def is_page(self, sid: str, story: Story | None) -> bool:
        verdict = self.verdict(sid, story)
        return verdict.outcome == "page" if verdict is not None else bool(story and story.published)

    # -- files newsdesk cannot read as stories --------------------------------------
    def placeholder(self, sid: str, raw: bytes | None = None) -> Story | None:
        """A story for a site file whose only fault for newsdesk is its `published`
        value (`"false"`, `0`, `nO`): Jekyll reads it, so the list must show it. Built
        from the file without that line; `published` is whether it is a page, and the
        fingerprint is the real bytes' (edits check it). None for any other file."""
        if not self.active:
            return None
        if raw is None:
            try:
                raw = read_bounded(os.path.join(self.root, *sid.split("/")), MAX_BYTES)
            except OSError:
                return None
        said = apparent_intent(raw)
        if said.line is None or said.value is None:
            return None
        lines = raw.splitlines(keepends=True)
        story, _problems = parse_story(sid, b"".join(lines[: said.line - 1] + lines[said.line :]))
        if story is None:
            return None
        verdict = self._judge.judge(sid, raw, False)
        with self._lock:
            self._verdicts[sid] = verdict
        facts = replace(story.facts, fingerprint=fingerprint(raw), size=len(raw), published_line=said.line)
        return replace(story, published=verdict.outcome == "page", published_explicit=True, facts=facts)

    def unreadable_row(self, sid: str) -> Story | None:
        """The row of a site file newsdesk cannot read as a story (bad YAML, no front
        matter, not UTF-8...): a stand-in with its title and site outcome, judged with
        every rule (store/unreadable.py). None outside a site, for a file outside the
        collections, or one that cannot be read at all (the problems screen says why)."""
        if not self.active or not self.keeps(sid):
            return None
        try:
            raw = read_bounded(os.path.join(self.root, *sid.split("/")), MAX_BYTES)
        except OSError:
            return None
        verdict = self._judge.judge(sid, raw, False)
        with self._lock:
            self._unreadable[sid] = verdict
        return unreadable.stand_in(sid, raw, verdict)

    def advice(self, sid: str) -> str | None:
        """What to fix in a file before a toggle can change its outcome: the refusal
        `p` gives (format/site_edits.py), None when a toggle would go through."""
        verdict = self.verdict(sid, None)
        if verdict is None:
            return None
        try:
            raw = read_bounded(os.path.join(self.root, *sid.split("/")), MAX_BYTES)
            site_toggle(sid, raw, self.config, "hidden" if verdict.outcome == "page" else "page")
        except (OSError, EditError) as exc:
            return str(exc) if isinstance(exc, EditError) else None
        return None

    # -- edits -------------------------------------------------------------------
    def toggle(self, sid: str, raw: bytes, value: bool) -> tuple[bytes, LineChange] | None:
        """The one-line edit that makes the file a page (True) or hidden (False).

        Raises SiteEditRefused (an EditError) with what to fix when no `published` line
        can; None when the file already is so and no line says otherwise."""
        edit = site_toggle(sid, raw, self.config, "page" if value else "hidden")
        return None if edit is None else (edit.raw, edit.change)

    def judge_bytes(self, sid: str, raw: bytes) -> Verdict:
        """The verdict of these bytes at `sid`, with every rule (no shortcut)."""
        return site_outcome(sid, raw, self.config)
