"""`newsdesk topics`, `tag` and `set`: issue 16's edits from a script, as the dashboard makes them.

Each command edits through a headless desk (`tui.desk.field_edits`), so a file is
changed exactly as the dashboard would change it: the smallest change to the YAML,
every other byte kept. All or nothing, like `publish`: an unknown id, a story that
does not parse or a failed write changes no file and exits 1.

`tag` and `set` read only the stories named (as `publish` does); `topics` reads the
whole folder, since a rename or a merge goes across all of it. Output is one line per
result, with untrusted text (topics, titles, ids) escaped by `literal`.

Pure core: this module imports neither textual nor, until a command runs, the store.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from tui.core.format.literal import json_line, one_line

if TYPE_CHECKING:
    from tui.core.store.records import EditOutcome
    from tui.desk.desk import Desk

COMMANDS = ("topics", "tag", "set")
FIELDS = ("title", "excerpt", "type", "category", "quality", "heat")  # scalar_edits.FIELDS, without importing YAML


def _folder_option(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument(
        "--folder",
        dest="folder_option",
        metavar="DIR",
        default=None,
        help="folder of story files, the same as --seeds",
    )


def add_parsers(sub: Any, seeds: argparse.ArgumentParser) -> None:
    """Register the three commands on the `newsdesk` subparsers (`sub`)."""
    topics = sub.add_parser("topics", parents=[seeds], help="topics with their story counts; rename, merge, delete")
    _folder_option(topics)
    topics.add_argument("--json", action="store_true", help="JSON Lines, one topic a line")
    topics.add_argument("--by", choices=("count", "name"), default="count", help="order (default: most used first)")
    actions = topics.add_subparsers(dest="topics_action", metavar="ACTION")
    rename = actions.add_parser("rename", parents=[seeds], help="rename a topic in every story")
    _folder_option(rename)
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    merge = actions.add_parser("merge", parents=[seeds], help="merge topics into NEW in every story")
    _folder_option(merge)
    merge.add_argument("new", metavar="NEW")
    merge.add_argument("olds", nargs="+", metavar="OLD")
    delete = actions.add_parser("delete", parents=[seeds], help="remove a topic from every story")
    _folder_option(delete)
    delete.add_argument("old", metavar="TOPIC")

    tag = sub.add_parser("tag", parents=[seeds], help="add or remove topics on stories by id")
    _folder_option(tag)
    tag.add_argument("ids", nargs="+", metavar="ID")
    tag.add_argument("--add", action="append", default=[], metavar="TOPIC", help="topic to add (repeatable)")
    tag.add_argument("--remove", action="append", default=[], metavar="TOPIC", help="topic to remove (repeatable)")

    setter = sub.add_parser(
        "set", parents=[seeds], help=f"set a field on stories by id: ID... FIELD=VALUE ({', '.join(FIELDS)})"
    )
    _folder_option(setter)
    setter.add_argument("words", nargs="+", metavar="ID... FIELD=VALUE")


def _out(line: str) -> None:
    sys.stdout.write(one_line(line) + "\n")


def _err(line: str) -> None:
    print(one_line(f"newsdesk: {line}"), file=sys.stderr)


def _report(outcome: EditOutcome) -> int:
    if not outcome.ok:
        _err(outcome.message)
        return 1
    _out(outcome.message)
    return 0


def _named_desk(root: str, ids: list[str]) -> tuple[Desk, list[str]] | None:
    """A headless desk holding only the named stories; None (said on stderr) when one is
    not a story of the folder or does not parse: then nothing is written."""
    from tui.cli.commands import _normalise_id
    from tui.core.disk import folder
    from tui.desk import Desk

    desk = Desk(root, watch=False, follow=False)
    wanted = list(dict.fromkeys(_normalise_id(root, i) for i in ids))
    for sid in wanted:
        path = folder.id_path(root, sid)
        inside = not os.path.isabs(sid) and all(p and not p.startswith(".") for p in sid.split("/"))
        if not (inside and os.path.isfile(path) and folder.is_story_name(os.path.basename(path))):
            _err(f"{sid}: no such story in the folder; nothing was changed")
            return None
        reason = desk.read_story(sid)
        if reason is not None:
            _err(f"{sid}: {reason}; nothing was changed")
            return None
    return desk, wanted


def cmd_tag(root: str, args: argparse.Namespace) -> int:
    from tui.desk import field_edits

    if not args.add and not args.remove:
        _err("tag: give --add TOPIC or --remove TOPIC; nothing was changed")
        return 2
    named = _named_desk(root, args.ids)
    if named is None:
        return 1
    desk, ids = named
    return _report(field_edits.tag(desk, ids, args.add, args.remove))


def _split_assignments(words: list[str]) -> tuple[list[str], list[tuple[str, str]]] | str:
    """`ID... FIELD=VALUE...`: the ids, then the assignments (a word `FIELD=...` with a
    known field, from the first one on); or what is wrong."""
    at = next((i for i, w in enumerate(words) if w.partition("=")[0] in FIELDS and "=" in w), None)
    if at is None:
        return f"set: give FIELD=VALUE after the ids (FIELD one of: {', '.join(FIELDS)})"
    ids, rest = words[:at], words[at:]
    if not ids:
        return "set: give the story ids before FIELD=VALUE"
    pairs = []
    for word in rest:
        field, eq, value = word.partition("=")
        if not eq or field not in FIELDS:
            return f"set: {word[:60]!r} is not FIELD=VALUE (FIELD one of: {', '.join(FIELDS)})"
        pairs.append((field, value))
    return ids, pairs


def cmd_set(root: str, args: argparse.Namespace) -> int:
    from tui.core.format import scalar_edits
    from tui.desk import field_edits

    split = _split_assignments(args.words)
    if isinstance(split, str):
        _err(split)
        return 2
    ids, pairs = split
    for field, value in pairs:  # every value checked before any file is read
        try:
            scalar_edits.field_value(field, value)
        except ValueError as exc:
            _err(f"{exc}; nothing was changed")
            return 2
    named = _named_desk(root, ids)
    if named is None:
        return 1
    desk, wanted = named
    done: list[EditOutcome] = []
    for field, value in pairs:
        outcome = field_edits.set_field(desk, wanted, field, value)
        if not outcome.ok:
            # All or nothing across the assignments too: the ones written are undone.
            for step in reversed(done):
                if step.changed:
                    desk.undo()
            return _report(outcome)
        done.append(outcome)
    for outcome in done:
        _out(outcome.message)
    return 0


def _loaded(root: str) -> Desk:
    from tui.desk import Desk

    desk = Desk(root, watch=False, follow=False)
    desk.load()
    skipped = desk.store.error_count()
    if skipped:
        _err(f"{skipped} file(s) do not load as stories and were left alone (`newsdesk check` lists them)")
    return desk


def cmd_topics(root: str, args: argparse.Namespace) -> int:
    from tui.core.store import field_edits as fe
    from tui.desk import field_edits

    action = getattr(args, "topics_action", None)
    desk = _loaded(root)
    store = desk.store
    if action is None:
        for topic, count in fe.topic_counts(store, by=args.by):
            _out(json_line({"topic": topic, "count": count}) if args.json else f"{count:>6}  {topic}")
        return 0
    if action == "rename":
        plan = fe.plan_rename(store, args.old, args.new)
    elif action == "merge":
        plan = fe.plan_merge(store, args.new, args.olds)
    else:
        plan = fe.plan_delete(store, args.old)
    if not plan.ids:
        _err(f"{plan.preview}; nothing was changed")
        return 1
    return _report(field_edits.apply_plan(desk, plan))
