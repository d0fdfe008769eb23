"""The `newsdesk` command: the dashboard, and headless commands over the same core.

Headless commands never import textual, so scripts and CI stay fast; they share the
codec and store with the dashboard, so a file edited from a script is edited exactly
as the dashboard would.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

DEFAULT_SEEDS = "./seeds"


def _parser() -> argparse.ArgumentParser:
    seeds = argparse.ArgumentParser(add_help=False)
    seeds.add_argument(
        "--seeds", metavar="DIR", default=argparse.SUPPRESS,
        help=f"folder of story files (default {DEFAULT_SEEDS})",
    )
    no_cache = argparse.ArgumentParser(add_help=False)
    no_cache.add_argument(
        "--no-cache", action="store_true", default=argparse.SUPPRESS,
        help="parse every file again; neither read nor write the per-user story cache",
    )
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Triage a folder of news story files (YAML front matter).",
        parents=[seeds, no_cache],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("check", parents=[seeds, no_cache], help="report files that are not valid stories")
    listing = sub.add_parser("list", parents=[seeds, no_cache], help="list stories, newest first")
    listing.add_argument("--json", action="store_true", help="JSON Lines, one story a line")
    for name, verb in (("publish", "publish"), ("unpublish", "unpublish")):
        cmd = sub.add_parser(name, parents=[seeds], help=f"{verb} stories by id (path in the folder)")
        cmd.add_argument("ids", nargs="+", metavar="ID")
    dupes = sub.add_parser("dupes", parents=[seeds], help="suggest near-duplicate stories")
    dupes.add_argument("--json", action="store_true", help="JSON Lines, one cluster a line")
    dupes.add_argument("--threshold", type=float, default=None, metavar="N", help="minimum score 0-100")
    dupes.add_argument("--window-days", type=float, default=None, metavar="N", help="max days between copies")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = getattr(args, "seeds", DEFAULT_SEEDS)
    if not os.path.isdir(root):
        print(f"newsdesk: {root}: not a folder", file=sys.stderr)
        return 2
    if getattr(args, "no_cache", False):
        from tui.core.disk import folder

        folder.use_cache = False  # for this process: every load parses every file
    if args.command is None:
        from tui.ui.app import run  # textual is imported only for the dashboard

        return run(root)
    from tui.cli import commands

    handler = getattr(commands, f"cmd_{args.command}")
    try:
        return handler(root, args)
    except BrokenPipeError:  # `newsdesk list | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
