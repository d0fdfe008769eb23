"""Headless subcommands. Pure core: importing this module must not import textual."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from tui.core.disk import folder
from tui.core.format.literal import one_line
from tui.core.format.wording import check_summary

if TYPE_CHECKING:
    from tui.core.model import Story
    from tui.core.store.store import Store


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def story_record(story: Story) -> dict[str, object]:
    return {
        "id": story.id,
        "title": story.title,
        "published": story.published,
        "provider": story.provider_name,
        "providerDomain": story.provider_domain,
        "publishedDateTime": story.published_at.isoformat() if story.published_at else None,
        "url": story.url,
        "topics": list(story.topics),
        "type": story.type,
        "quality": story.quality,
        "heat": story.heat,
        "excerpt": story.excerpt,
    }


def _store(root: str) -> Store:
    from tui.core.store.store import Store  # imports the codec, YAML and rapidfuzz: not for `check`

    return Store(root)


def cmd_check(root: str, args: argparse.Namespace) -> int:
    # Verdicts only: a warm check reads no story back from the cache, a cold one still
    # parses and types every file (in helper processes).
    count, found = folder.check(root)
    problems = sorted(found, key=lambda p: p.id)  # stable: each file's own order kept
    out = [one_line(problem.format()) for problem in problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    bad_files = len({p.id for p in problems if p.severity == "error"})
    out.append(check_summary(count, bad_files, errors, warnings))
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if errors else 0


def _normalise_id(root: str, raw: str) -> str:
    """Accept the id as printed by `list`, or a path to the file."""
    if os.path.exists(raw) and not os.path.exists(folder.id_path(root, raw)):
        return folder.story_id(os.path.abspath(root), os.path.abspath(raw))
    return raw.replace(os.sep, "/").removeprefix("./")


def _set(root: str, ids: list[str], value: bool) -> int:
    from tui.desk import Desk  # the store, the finder and their imports: not for `check`

    # Headless: no watcher, no thread; only the stories named are read, not the folder.
    desk = Desk(root, watch=False, follow=False)
    wanted = [_normalise_id(root, i) for i in ids]
    for sid in wanted:
        path = folder.id_path(root, sid)
        # An id names a story the folder would load: `../x.md`, an absolute path or a
        # hidden folder is outside it, however the path resolves.
        inside = not os.path.isabs(sid) and all(p and not p.startswith(".") for p in sid.split("/"))
        if not (inside and os.path.isfile(path) and folder.is_story_name(os.path.basename(path))):
            print(one_line(f"newsdesk: {sid}: no such story in the folder; nothing was changed"), file=sys.stderr)
            return 1
        reason = desk.read_story(sid)
        if reason is not None:
            print(one_line(f"newsdesk: {sid}: {reason}; nothing was changed"), file=sys.stderr)
            return 1
    outcome = desk.set_published(wanted, value)
    if not outcome.ok:
        print(one_line(f"newsdesk: {outcome.message}"), file=sys.stderr)
        return 1
    _out(one_line(outcome.message))
    return 0


def cmd_publish(root: str, args: argparse.Namespace) -> int:
    return _set(root, args.ids, True)


def cmd_unpublish(root: str, args: argparse.Namespace) -> int:
    return _set(root, args.ids, False)


def cmd_dupes(root: str, args: argparse.Namespace) -> int:
    from tui.cli.dupes import run

    return run(root, args)
