"""`newsdesk list` with filters: --unpublished / --published, --since DAY, --provider,
--topic, the same filters the dashboard has, through the same store query; on a Jekyll
site also --site OUTCOMES and --differs (the dashboard's `J`).

The output is one line (or one JSON object) per story, newest first; the filters only
choose which stories. A day is read as the dashboard reads a typed one (2026-11-02,
yesterday, 7d: tui/core/store/dates.py); a day that is not one is an error (exit status
2), never a silent "no stories".

On a site root (a `_config.yml`) every line says what Jekyll will do with the file: the
outcome's mark and name (page, listed, hidden, raw, ignored, breaks-build, with a `!`
when it is not what the `published` line says) and the collection; `--json` adds
`collection`, `site`, `reason`, `differs` and `unreadable`, as `check --json` names them.
Files of the collections newsdesk cannot read as stories (bad YAML, no front matter,
not UTF-8) are listed too, as the dashboard's list shows them (Store.unreadable), with
`unreadable: true` and the file name for a title when they have none.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.format.literal import json_line, one_line

if TYPE_CHECKING:
    from tui.core.model import Story
    from tui.core.site.outcome import Verdict
    from tui.core.store.store import Store

OUTCOMES = ("page", "listed", "hidden", "raw", "ignored", "breaks-build")  # tui.core.site.OUTCOMES


def add_filters(listing: argparse.ArgumentParser) -> None:
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--published", action="store_true", help="only published stories")
    state.add_argument("--unpublished", action="store_true", help="only unpublished stories")
    listing.add_argument(
        "--since", metavar="DAY", default=None, help="dated on or after DAY (2026-11-02, yesterday, 7d)"
    )
    listing.add_argument("--provider", metavar="NAME", default=None, help="only this provider (exact name)")
    listing.add_argument("--topic", metavar="TOPIC", default=None, help="only stories with this topic (exact)")
    listing.add_argument(
        "--site",
        metavar="OUTCOMES",
        default=None,
        help="Jekyll site: only files with these site outcomes (comma-separated: " + ", ".join(OUTCOMES) + ")",
    )
    listing.add_argument(
        "--differs",
        action="store_true",
        help="Jekyll site: only files whose site outcome is not what their published line says",
    )


def _error(message: str) -> int:
    print(one_line(f"newsdesk list: {message}"), file=sys.stderr)
    return 2


def cmd_list(root: str, args: argparse.Namespace) -> int:
    from tui.cli.commands import _out, _store, story_record
    from tui.core.store import dates
    from tui.core.store.query import PublishFilter, Query

    since = None
    if getattr(args, "since", None):
        now = datetime.now().astimezone()
        day = dates.parse_day(args.since, now)
        if day is None:
            return _error(f"--since {args.since[:40]!r} is not a day (2026-11-02, yesterday, 7d)")
        since = dates.since_day(day, now).since
    outcomes: set[str] | None = None
    if getattr(args, "site", None) is not None:
        outcomes = {word.strip().lower() for word in args.site.split(",") if word.strip()}
        unknown = sorted(outcomes - set(OUTCOMES))
        if unknown or not outcomes:
            shown = ", ".join(repr(word[:30]) for word in unknown[:3]) or "nothing"
            return _error(f"--site {shown} is not a site outcome (one or more of {', '.join(OUTCOMES)})")
    differs = bool(getattr(args, "differs", False))
    state: PublishFilter = "all"
    if getattr(args, "published", False):
        state = "published"
    elif getattr(args, "unpublished", False):
        state = "unpublished"
    store = _store(root)
    if (outcomes is not None or differs) and not store.site.active:
        return _error("--site and --differs need a Jekyll site (a folder with _config.yml)")
    store.load()
    query = Query(
        state=state,
        provider=getattr(args, "provider", None),
        topic=getattr(args, "topic", None),
        since=since,
        site_differs=differs,
    )
    site = store.site.active
    for sid in store.query(query).ids:
        story = store.row(sid)
        if story is None:
            continue
        verdict = store.site.verdict(sid, store.get(sid)) if site else None
        if outcomes is not None and (verdict is None or verdict.outcome not in outcomes):
            continue
        if args.json:
            record = story_record(story)
            if site:
                record.update(_site_record(store, story, verdict))
            _out(json_line(record))
        else:
            _out(one_line(_line(store, story, verdict)))
    return 0


def _disagrees(store: Store, sid: str, verdict: Verdict) -> bool:
    """The `!` of the dashboard: not what the line says; for an unreadable file, also
    whatever `check` reports (tui.core.store.unreadable.flagged)."""
    from tui.core.store.unreadable import flagged

    return flagged(verdict) if sid in store.unreadable else verdict.differs


def _site_record(store: Store, story: Story, verdict: Verdict | None) -> dict[str, object]:
    return {
        "collection": store.site.collection(story.id),
        "site": verdict.outcome if verdict is not None else None,
        "reason": verdict.reason if verdict is not None else None,
        "differs": _disagrees(store, story.id, verdict) if verdict is not None else False,
        "unreadable": story.id in store.unreadable,
    }


def _line(store: Store, story: Story, verdict: Verdict | None) -> str:
    when = story.published_at.strftime("%Y-%m-%d") if story.published_at else "----------"
    if not store.site.active:
        mark = "●" if story.published else "○"
        return f"{mark} {when}  {story.provider_name[:20]:<20}  {story.title}  [{story.id}]"
    from tui.core.store.site_view import MARKS

    if verdict is None:  # a file that could not be read again
        outcome, mark = "?", "?"
    else:
        outcome, mark = verdict.outcome + ("!" if _disagrees(store, story.id, verdict) else ""), MARKS[verdict.outcome]
    label = (store.site.collection(story.id) or "")[:12]
    return f"{mark} {when}  {outcome:<13} {label:<12}  {story.provider_name[:20]:<20}  {story.title}  [{story.id}]"
