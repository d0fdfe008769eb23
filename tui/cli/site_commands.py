"""`newsdesk check` on a Jekyll site, and `check --json`: what the site will really do, file by file.

On a folder with a `_config.yml`, check reports, besides every story problem as
before, each file Jekyll copies raw (and what leaks: "front matter and secured
payload copied to the site"), each file that stops the build, and each file whose
outcome is not what its `published` line seems to say, with a severity; the exit
status is as it always was (1 when any error). `--json` prints one JSON line per file:
its id, collection, site outcome (page, listed, hidden, raw, ignored, breaks-build),
the reason and its problems ({line, message, severity}), broken files included. A
folder without `_config.yml` checks exactly as before (commands.cmd_check) unless
`--json` asks for the records, which then judge it as one collection with output.

Pure core: no textual. The rules are tui.core.site's; QuickJudge keeps a check of
thousands of stories from running the Psych port on each.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from typing import TYPE_CHECKING

from tui.core.disk import folder
from tui.core.format.literal import json_line, one_line
from tui.core.format.wording import check_summary
from tui.core.model import Problem

if TYPE_CHECKING:  # imported when a site is checked: a plain `check` costs what it did
    from tui.core.disk.cache import SiteLine
    from tui.core.site.config import SiteConfig
    from tui.core.site.members import Members
    from tui.core.site.outcome import Verdict
    from tui.core.site.quick import QuickJudge

CONFIG_NAMES = ("_config.yml", "_config.yaml", "_config.toml")  # site/config.py's, which imports YAML

_STORYISH = (*folder.STORY_SUFFIXES, ".html")


def _storyish(name: str) -> bool:
    """Files check speaks of outside collections: stories and pages, not images or CSS."""
    return name.lower().rstrip("~").endswith(_STORYISH)


def _files(
    root: str, config: SiteConfig, stories: list[str] | None = None
) -> tuple[list[tuple[str, str | None]], list[Problem]]:
    """(id, collection) of every file check reports on, and what listing them found.

    `stories`: the collections' story files the loader already listed (`check` without
    --json): then only the rest of the site is walked, and no collection folder is
    entered again (paths.locate costs 15 us a file: 0.15 s at 10,000 stories)."""
    from tui.core.site.members import Members
    from tui.core.site.scan import scan_site

    if not config.found:
        return [(sid, "") for sid in folder.scan(root)], []
    if stories is None:
        site = scan_site(root, config)
        return [(f.id, f.collection) for f in site.files if f.collection is not None or _storyish(f.id)], list(
            site.problems
        )
    members = Members(config)
    labels: dict[str, str | None] = {}  # a file's collection is its folder's: asked once per folder
    files: list[tuple[str, str | None]] = []
    for sid in stories:
        where = sid.rpartition("/")[0]
        label = labels.get(where, "\0")
        if label == "\0":
            label = labels[where] = members.collection(sid)
        files.append((sid, label))
    outside, problems = _outside(root, config, members)
    return sorted(files + outside), [*config.problems, *problems]


def _outside(root: str, config: SiteConfig, members: Members) -> tuple[list[tuple[str, str | None]], list[Problem]]:
    """Pages and other story-like files outside the collections (no link followed)."""
    from tui.core.site.paths import locate
    from tui.core.site.scan import _SKIP_DIRS, MAX_DEPTH

    found: list[tuple[str, str | None]] = []
    problems: list[Problem] = []
    stack = [(root, "", 0)]
    while stack:
        path, prefix, depth = stack.pop()
        try:
            with os.scandir(path) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    if _storyish(entry.name):
                        problems.append(Problem(rel, None, "a symlink: newsdesk does not follow links", "warning"))
                    continue
                if entry.is_dir(follow_symlinks=False):
                    inside = members.collection(rel + "/x") is not None
                    skip = entry.name in _SKIP_DIRS or entry.name.startswith(".") or rel == config.destination
                    if not inside and not skip and depth + 1 < MAX_DEPTH:
                        stack.append((entry.path, rel + "/", depth + 1))
                elif _storyish(entry.name) and members.collection(rel) is None:
                    found.append((rel, locate(rel, config).collection))
            except OSError:
                continue
    return found, problems


def _judge(root: str, sid: str, judge: QuickJudge, parsed_ok: bool) -> tuple[Verdict | None, Problem | None]:
    """The verdict of a file read again (not an unchanged ordinary story), or why not."""
    from tui.core.site.scan import read_site_file

    try:
        raw, mtime, complete = read_site_file(root, sid)
    except OSError as exc:
        return None, Problem(sid, None, f"not read: {exc.strerror or exc}", "error")
    verdict = judge.judge(sid, raw, parsed_ok and complete, mtime)
    return verdict, None


def cmd_check(root: str, args: argparse.Namespace) -> int:
    as_json = bool(getattr(args, "json", False))
    if not as_json and not any(os.path.lexists(os.path.join(root, name)) for name in CONFIG_NAMES):
        from tui.cli.commands import cmd_check as plain_check

        return plain_check(root, args)  # not a site: exactly as before
    from tui.core.site.config import read_config
    from tui.core.site.quick import QuickJudge

    config = read_config(root)
    lines: dict[str, SiteLine] = {}
    _count, found = folder.check(root, site_lines=lines)
    own: dict[str, list[Problem]] = defaultdict(list)
    for problem in found:
        own[problem.id].append(problem)
    files, listing = _files(root, config, None if as_json else sorted(lines))
    for problem in listing:
        own[problem.id].append(problem)
    judge = QuickJudge(config)
    reported: list[Problem] = []
    stories = 0
    suffixes, line_of, judge_line = folder.STORY_SUFFIXES, lines.get, judge.judge_line
    for sid, collection in files:  # once per file of the site: kept lean (a 10k-story site's check)
        story_file = collection is not None and sid.lower().endswith(suffixes)
        mine = own.pop(sid, None) if story_file or not config.found else None
        parsed_ok = story_file and not (mine and any(p.severity == "error" for p in mine))
        stories += parsed_ok
        line = line_of(sid)
        # An unchanged ordinary story: its cached line is enough (most files of a site).
        verdict = judge_line(sid, line) if parsed_ok and line is not None else None
        unread = None
        if verdict is None:
            verdict, unread = _judge(root, sid, judge, parsed_ok)
        site_problem = verdict.problem(sid) if verdict is not None else None
        if mine or unread or site_problem or as_json:  # most files: nothing to report
            problems = [*(mine or ()), *(p for p in (unread, site_problem) if p is not None)]
            if as_json:
                sys.stdout.write(json_line(_record(sid, collection, verdict, problems)) + "\n")
            reported.extend(problems)
    listed = {p.id for p in listing}
    leftover = [p for sid in sorted(own) if sid in listed for p in own[sid]]
    reported.extend(leftover)
    if as_json:
        for problem in leftover:
            sys.stdout.write(json_line(_record(problem.id, None, None, [problem])) + "\n")
    errors = sum(p.severity == "error" for p in reported)
    if not as_json:
        out = [one_line(p.format()) for p in sorted(reported, key=lambda p: p.id)]
        bad_files = len({p.id for p in reported if p.severity == "error"})
        warnings = len(reported) - errors
        out.append(check_summary(stories, bad_files, errors, warnings))
        sys.stdout.write("\n".join(out) + "\n")
    return 1 if errors else 0


def _record(sid: str, collection: str | None, verdict: Verdict | None, problems: list[Problem]) -> dict[str, object]:
    return {
        "id": sid,
        "collection": collection,
        "site": verdict.outcome if verdict is not None else None,
        "reason": verdict.reason if verdict is not None else None,
        "rule": verdict.rule if verdict is not None else None,
        "differs": verdict.differs if verdict is not None else False,
        "leaks": verdict.leaks if verdict is not None else None,
        "problems": [{"line": p.line, "message": p.message, "severity": p.severity} for p in problems],
    }
