"""The `newsdesk` command: the dashboard, and headless commands over the same core.

Headless commands never import textual, so scripts and CI stay fast; they share the
codec and store with the dashboard, so a file edited from a script is edited exactly
as the dashboard would. The dashboard and `newsdesk dupes` read the same settings
(tui/desk/settings.py); a bad settings file is reported on stderr, one line each, and
never stops a command.

The folder is given positionally (`newsdesk FOLDER`, `newsdesk dupes FOLDER`) or, as
before, with `--seeds DIR`; `publish` and `unpublish` take story ids positionally, so
their folder is `--seeds DIR` or `--folder DIR`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.core.format.literal import one_line

if TYPE_CHECKING:
    from tui.core.store.records import StoreEvent
    from tui.desk import Desk
    from tui.desk.settings import Settings

DEFAULT_SEEDS = "./seeds"
COMMANDS: tuple[str, ...] = ("check", "list", "publish", "unpublish", "dupes", "status", "commit", "sync", "history")
COMMANDS += ("discard",)  # issue 15: tui/cli/git_commands.py
COMMANDS += ("topics", "tag", "set")  # issue 16: tui/cli/edit_commands.py
USAGE = "newsdesk [-h] [--seeds DIR] [--no-cache] [FOLDER | COMMAND ...]"


def _options() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    seeds = argparse.ArgumentParser(add_help=False)
    seeds.add_argument(
        "--seeds",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"folder of story files (default {DEFAULT_SEEDS})",
    )
    no_cache = argparse.ArgumentParser(add_help=False)
    no_cache.add_argument(
        "--no-cache",
        action="store_true",
        default=argparse.SUPPRESS,
        help="parse every file again; neither read nor write the per-user story cache",
    )
    return seeds, no_cache


def _folder_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        default=None,
        metavar="FOLDER",
        help=f"folder of story files (or --seeds DIR; default {DEFAULT_SEEDS})",
    )


def _parser() -> argparse.ArgumentParser:
    seeds, no_cache = _options()
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        usage=USAGE,
        description="Triage a folder of news story files (YAML front matter). "
        "`newsdesk FOLDER` opens the dashboard on FOLDER.",
        epilog="Settings: ~/.config/newsdesk/config.toml (or $XDG_CONFIG_HOME/newsdesk/config.toml) "
        "and FOLDER/.newsdesk/config.toml; see the README's Configuration section.",
        parents=[seeds, no_cache],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog="newsdesk")
    check = sub.add_parser("check", parents=[seeds, no_cache], help="report files that are not valid stories")
    _folder_argument(check)
    check.add_argument("--json", action="store_true", help="JSON Lines, one file a line, with its site outcome")
    listing = sub.add_parser("list", parents=[seeds, no_cache], help="list stories, newest first")
    _folder_argument(listing)
    listing.add_argument("--json", action="store_true", help="JSON Lines, one story a line")
    from tui.cli.list_commands import add_filters  # issue 18: --published/--unpublished, --since, --provider, --topic

    add_filters(listing)
    for name, verb in (("publish", "publish"), ("unpublish", "unpublish")):
        cmd = sub.add_parser(name, parents=[seeds], help=f"{verb} stories by id (path in the folder)")
        cmd.add_argument(
            "--folder",
            dest="folder_option",
            metavar="DIR",
            default=None,
            help="folder of story files, the same as --seeds (the ids take the positional place)",
        )
        cmd.add_argument("ids", nargs="+", metavar="ID")
    dupes = sub.add_parser("dupes", parents=[seeds], help="suggest near-duplicate stories")
    _folder_argument(dupes)
    dupes.add_argument("--json", action="store_true", help="JSON Lines, one cluster a line")
    dupes.add_argument("--threshold", type=float, default=None, metavar="N", help="minimum score 0-100")
    dupes.add_argument("--window-days", type=float, default=None, metavar="N", help="max days between copies")
    from tui.cli.git_commands import add_parsers as add_git_parsers  # status, commit, sync, history, discard

    add_git_parsers(sub, seeds, _folder_argument)
    from tui.cli.edit_commands import add_parsers as add_edit_parsers  # topics, tag, set

    add_edit_parsers(sub, seeds)
    return parser


def _dashboard_parser() -> argparse.ArgumentParser:
    """`newsdesk [FOLDER]`: argparse cannot put an optional positional before a
    subcommand (it would read `check` as the folder, or the folder as a command), so a
    command line whose first word is not a command is parsed by this one."""
    seeds, no_cache = _options()
    parser = argparse.ArgumentParser(prog="newsdesk", usage=USAGE, parents=[seeds, no_cache])
    _folder_argument(parser)
    return parser


def _first_word(argv: Sequence[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    words = iter(argv)
    for arg in words:
        if arg == "--":
            return next(words, None)
        if len(arg) >= 3 and "--seeds".startswith(arg):  # --seeds DIR, or an abbreviation of it
            next(words, None)
        elif not arg.startswith("-"):
            return arg
    return None


def _same_folder(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _root(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    """The folder: positional, --folder or --seeds; given twice, it must be the same."""
    given = [
        (flag, value)
        for flag, value in (
            ("FOLDER", getattr(args, "folder", None)),
            ("--folder", getattr(args, "folder_option", None)),
            ("--seeds", getattr(args, "seeds", None)),
        )
        if value is not None
    ]
    for (flag, value), (other, other_value) in itertools.pairwise(given):
        if not _same_folder(value, other_value):
            parser.error(f"{flag} {value!r} and {other} {other_value!r} name different folders; give one")
    if given:
        return str(given[0][1])
    from tui.cli.locate import default_folder  # issue 18: ./seeds, else a site root or story folder here

    return default_folder() or ""


def _settings(root: str) -> Settings:
    """The settings for this folder; their problems on stderr, one line each."""
    from tui.desk.settings import load_settings

    settings = load_settings(root)
    for problem in settings.problems:
        print(one_line(f"newsdesk: {problem.format()}"), file=sys.stderr)
    return settings


FIRST_BATCH_WAIT = 0.4  # seconds the dashboard gives loading a head start, at most


def start_desk(root: str, settings: Settings) -> Desk:
    """The dashboard's desk, loading the folder before Textual is imported, with a
    head start: until the first batch is in the store (or FIRST_BATCH_WAIT).

    The folder's walk is one `lstat` per file, and every one of them gives up the
    interpreter lock; run beside Textual's import (a third of a second of pure
    interpreter work) it waited for the lock after each, and the first batch of a
    20,000-story folder came after 480 ms instead of 130. Alone first, the walk and
    the first cached batch are done before the import starts, and the first frame has
    stories in it. Events are held until the app subscribes (`hold_events`)."""
    import threading

    from tui.desk import Desk

    desk = Desk(root, settings=settings)
    first = threading.Event()

    def on_store(event: StoreEvent) -> None:
        if event.kind in ("added", "loaded"):
            first.set()

    desk.store.subscribe(on_store)
    desk.start(hold_events=True)
    first.wait(FIRST_BATCH_WAIT)
    desk.store.unsubscribe(on_store)
    return desk


def _dashboard(root: str, settings: Settings) -> int:
    desk = start_desk(root, settings)
    try:
        from tui.ui.app import NewsdeskApp  # textual is imported only for the dashboard

        return NewsdeskApp(root, desk=desk, settings=settings).run() or 0
    finally:
        desk.close()  # the app closed it on the way out; here too when it never started


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    first = _first_word(words)
    parser = _parser() if first is None or first in COMMANDS else _dashboard_parser()
    args = parser.parse_args(words)
    root = _root(args, parser)
    if not root:
        from tui.cli.locate import NO_FOLDER

        print(f"newsdesk: {NO_FOLDER}", file=sys.stderr)
        return 2
    if not os.path.isdir(root):
        typo = getattr(args, "command", None) is None and getattr(args, "folder", None) == root
        hint = f" (the commands are {', '.join(COMMANDS)})" if typo else ""
        print(one_line(f"newsdesk: {root}: not a folder{hint}"), file=sys.stderr)
        return 2
    if getattr(args, "no_cache", False):
        from tui.core.disk import folder

        folder.use_cache = False  # for this process: every load parses every file
    command = getattr(args, "command", None)
    if command is None:
        return _dashboard(root, _settings(root))
    if command == "dupes":
        args.dedupe = _settings(root).dupes  # the base that --threshold / --window-days override
    from tui.cli import commands, git_commands

    if command in ("topics", "tag", "set"):
        from tui.cli import edit_commands

        handler = getattr(edit_commands, f"cmd_{command}")
    elif command == "list":  # with the dashboard's filters (issue 18)
        from tui.cli.list_commands import cmd_list as handler
    elif command == "check":  # a Jekyll site's outcomes (issue 14); a plain folder as before
        from tui.cli.site_commands import cmd_check as handler
    else:
        handler = getattr(git_commands if command in git_commands.GIT_COMMANDS else commands, f"cmd_{command}")
    try:
        return int(handler(root, args))
    except BrokenPipeError:  # `newsdesk list | head`
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug or an input we missed: one line and a status, never a traceback
        print(one_line(f"newsdesk: {command} failed: {type(exc).__name__}: {str(exc)[:300]}"), file=sys.stderr)
        return 3


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
