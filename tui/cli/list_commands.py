"""`newsdesk list` with filters: --unpublished / --published, --since DAY, --provider,
--topic, the same filters the dashboard has, through the same store query.

The output is `commands.cmd_list`'s, one line (or one JSON object) per story, newest
first; the filters only choose which stories. A day is read as the dashboard reads a
typed one (2026-11-02, yesterday, 7d: tui/core/store/dates.py); a day that is not one
is an error (exit status 2), never a silent "no stories".
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from tui.core.format.literal import json_line, one_line


def add_filters(listing: argparse.ArgumentParser) -> None:
    state = listing.add_mutually_exclusive_group()
    state.add_argument("--published", action="store_true", help="only published stories")
    state.add_argument("--unpublished", action="store_true", help="only unpublished stories")
    listing.add_argument(
        "--since", metavar="DAY", default=None, help="dated on or after DAY (2026-11-02, yesterday, 7d)"
    )
    listing.add_argument("--provider", metavar="NAME", default=None, help="only this provider (exact name)")
    listing.add_argument("--topic", metavar="TOPIC", default=None, help="only stories with this topic (exact)")


def cmd_list(root: str, args: argparse.Namespace) -> int:
    from tui.cli.commands import _out, _store, story_record
    from tui.core.store import dates
    from tui.core.store.query import PublishFilter, Query

    since = None
    if getattr(args, "since", None):
        now = datetime.now().astimezone()
        day = dates.parse_day(args.since, now)
        if day is None:
            print(
                one_line(f"newsdesk list: --since {args.since[:40]!r} is not a day (2026-11-02, yesterday, 7d)"),
                file=sys.stderr,
            )
            return 2
        since = dates.since_day(day, now).since
    state: PublishFilter = "all"
    if getattr(args, "published", False):
        state = "published"
    elif getattr(args, "unpublished", False):
        state = "unpublished"
    store = _store(root)
    store.load()
    query = Query(
        state=state, provider=getattr(args, "provider", None), topic=getattr(args, "topic", None), since=since
    )
    for sid in store.query(query).ids:
        story = store.stories[sid]
        if args.json:
            _out(json_line(story_record(story)))
        else:
            mark = "●" if story.published else "○"
            when = story.published_at.strftime("%Y-%m-%d") if story.published_at else "----------"
            _out(one_line(f"{mark} {when}  {story.provider_name[:20]:<20}  {story.title}  [{sid}]"))
    return 0
