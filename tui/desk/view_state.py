"""The dashboard's view of each folder (sort, filters, the cursor's story), kept
between runs in the user's state folder.

An editor who quits with "unpublished, heat ↓, on story X" expects to come back to
it. The state is the user's, not the site's: it lives under `$XDG_STATE_HOME/newsdesk/`
(else `~/.local/state/newsdesk/`), one JSON file keyed by the folder's absolute path,
never in the story folder (which is shared, versioned and published). Reading is
forgiving: a missing, unreadable or hand-edited file gives the defaults, and every
value is checked before use (a date window is kept as its day, recomputed on start).
Writing is best-effort and atomic (a temporary file renamed over the old one).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from tui.core.store import dates
from tui.core.store.query import PUBLISH_FILTERS, SORT_KEYS, PublishFilter, Query, SortKey

STATE_FILE: Final = "views.json"
MAX_FOLDERS: Final = 200  # folders remembered; the oldest go first
MAX_TEXT: Final = 500  # characters of any remembered string


def state_dir(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_STATE_HOME/newsdesk`, else `~/.local/state/newsdesk` (a relative or empty
    XDG_STATE_HOME is ignored, as the XDG spec says)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_STATE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "state"
    return root / "newsdesk"


@dataclass(frozen=True, slots=True)
class ViewState:
    """What is restored: the query's sort and filters (not the search) and a story."""

    sort: str = "date"
    descending: bool = True
    state: str = "all"
    provider: str | None = None
    topic: str | None = None
    window: str = ""  # a window's name (dates.WINDOWS) or "since:YYYY-MM-DD"
    story: str | None = None

    @classmethod
    def of(cls, query: Query, story: str | None) -> ViewState:
        window = ""
        if query.since is not None:
            names = {v: k for k, v in dates.LABELS.items()}
            window = names.get(query.since_label, f"since:{query.since:%Y-%m-%d}")
        return cls(query.sort, query.descending, query.state, query.provider, query.topic, window, story)

    def query(self, now: datetime) -> Query:
        sort: SortKey = next((k for k in SORT_KEYS if k == self.sort), "date")
        state: PublishFilter = next((s for s in PUBLISH_FILTERS if s == self.state), "all")
        since, label = None, ""
        if self.window.startswith("since:"):
            day = dates.parse_day(self.window[6:], now)
            if day is not None:
                chosen = dates.since_day(day, now)
                since, label = chosen.since, chosen.label
        elif self.window in dates.WINDOWS:
            chosen = dates.window(self.window, now)
            since, label = chosen.since, chosen.label
        return Query(
            sort=sort,
            descending=self.descending,
            state=state,
            provider=self.provider,
            topic=self.topic,
            since=since,
            since_label=label,
        )


def _text(value: object) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def _read_all(path: Path) -> dict[str, object]:
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _key(root: str) -> str:
    return os.path.realpath(root)


def load_view(root: str, environ: Mapping[str, str] | None = None) -> ViewState | None:
    """The view last saved for `root`, or None."""
    entry = _read_all(state_dir(environ) / STATE_FILE).get(_key(root))
    if not isinstance(entry, dict):
        return None
    return ViewState(
        sort=_text(entry.get("sort")) or "date",
        descending=entry.get("descending") is not False,
        state=_text(entry.get("state")) or "all",
        provider=_text(entry.get("provider")),
        topic=_text(entry.get("topic")),
        window=_text(entry.get("window")) or "",
        story=_text(entry.get("story")),
    )


def save_view(root: str, view: ViewState, environ: Mapping[str, str] | None = None) -> bool:
    """Remember `view` for `root`; False if it could not be written (never raises)."""
    folder = state_dir(environ)
    path = folder / STATE_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        views = _read_all(path)
        views.pop(_key(root), None)
        views[_key(root)] = {
            "sort": view.sort,
            "descending": view.descending,
            "state": view.state,
            "provider": view.provider,
            "topic": view.topic,
            "window": view.window,
            "story": view.story,
        }
        while len(views) > MAX_FOLDERS:
            views.pop(next(iter(views)))
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".views.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(views, out, ensure_ascii=True)
            os.replace(temp, path)
        except BaseException:
            os.unlink(temp)
            raise
    except (OSError, ValueError):
        return False
    return True
