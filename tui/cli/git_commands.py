"""`newsdesk status | commit | sync | history | discard`: the site's git repository from a script.

Editors and the ingest pipeline publish by committing and pushing; these commands are
the dashboard's git actions for scripts, over the same core (tui/core/git), with
output a script can rely on: `status --json` one object, `history --json` JSON Lines,
newest first. The exit statuses say what a script needs to branch on: 0 done (nothing
to commit included), 1 refused or stopped (a conflict without `--prefer`, no identity,
no network), 2 not usable here (not a git work tree, git missing).

Pure core: importing this module must not import textual.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core.format.literal import json_line, one_line
from tui.core.format.wording import counted

if TYPE_CHECKING:
    from tui.core.git import Repo

GIT_COMMANDS = ("status", "commit", "sync", "history", "discard")


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _err(line: str) -> None:
    print(one_line(f"newsdesk: {line}")[:500], file=sys.stderr)


def add_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    seeds: argparse.ArgumentParser,
    add_folder: Callable[[argparse.ArgumentParser], None],
) -> None:
    """The four subcommands, registered on `newsdesk`'s parser (tui/cli/main.py);
    `add_folder` is main's positional FOLDER."""

    def folder_option(cmd: argparse.ArgumentParser) -> None:
        cmd.add_argument(
            "--folder",
            dest="folder_option",
            metavar="DIR",
            default=None,
            help="folder of story files, the same as --seeds (the ids take the positional place)",
        )

    status = sub.add_parser("status", parents=[seeds], help="changed stories vs the last commit; branch, ahead/behind")
    add_folder(status)
    status.add_argument("--json", action="store_true", help="one JSON object: branch, ahead, behind, changes")
    commit = sub.add_parser("commit", parents=[seeds], help="commit the changed stories (all, or the ids given)")
    folder_option(commit)
    commit.add_argument(
        "-m", "--message", default=None, metavar="MESSAGE", help="the commit message (default: generated)"
    )
    commit.add_argument("ids", nargs="*", metavar="ID")
    sync = sub.add_parser("sync", parents=[seeds], help="fetch, integrate (fast-forward or rebase), push; never forces")
    add_folder(sync)
    sync.add_argument(
        "--prefer",
        choices=("mine", "theirs"),
        default=None,
        help="the side a story both sides changed differently takes (default: stop and list them)",
    )
    history = sub.add_parser("history", parents=[seeds], help="the commits that touched a story, newest first")
    folder_option(history)
    history.add_argument("id", metavar="ID")
    history.add_argument("--json", action="store_true", help="JSON Lines: commit, author, date, message, published")
    discard = sub.add_parser(
        "discard", parents=[seeds], help="put stories back as committed (asks first; the discarded text is kept in git)"
    )
    folder_option(discard)
    discard.add_argument(
        "-y", "--yes", action="store_true", help="do not ask (scripts); without it, a terminal is asked"
    )
    discard.add_argument("ids", nargs="+", metavar="ID")


def _repo(root: str) -> Repo | None:
    """The work tree around `root`; None after saying why there is none (exit 2)."""
    from tui.core.git import GitProblem, locate

    found = locate(root)
    if isinstance(found, GitProblem):
        _err(f"{root}: {found.message}" if found.kind != "git-missing" else found.message)
        return None
    return found


def _id(root: str, raw: str) -> str:
    from tui.cli.commands import _normalise_id

    return _normalise_id(root, raw)


def cmd_status(root: str, args: argparse.Namespace) -> int:
    from tui.core.git import GitProblem, status, story_changes
    from tui.core.git.decisions_log import decisions_text, log_change

    repo = _repo(root)
    if repo is None:
        return 2
    current = status(repo)
    if isinstance(current, GitProblem):
        _err(current.message)
        return 1
    changes = story_changes(repo, current)
    if isinstance(changes, GitProblem):
        _err(changes.message)
        return 1
    conflicted = [f.id for f in current.files if f.kind == "conflicted"]
    log = log_change(repo, current)  # the decisions log: committed with the stories
    decided = int(log.title.split(" ", 1)[0]) if log is not None else 0
    if args.json:
        record: dict[str, object] = {
            "branch": current.branch,
            "upstream": current.upstream,
            "ahead": current.ahead,
            "behind": current.behind,
            "head": current.head,
            "operation": current.operation,
            "changes": [{"id": c.id, "change": c.json_change} for c in changes],
            "conflicted": conflicted,
            "decisions": decided,
        }
        _out(json_line(record))
        return 0
    where = current.branch or "(detached HEAD)"
    if current.upstream is not None:
        where += f" → {current.upstream}, {current.ahead} ahead, {current.behind} behind (as of the last fetch)"
    else:
        where += ", no upstream"
    _out(one_line(where))
    if current.operation is not None:
        _out(f"a {current.operation} is in progress in this repository")
    for c in changes:
        title = f"  {c.title}" if c.title else ""
        _out(one_line(f"{c.kind:<24} {c.id}{title}"))
    for sid in conflicted:
        _out(one_line(f"{'conflicted':<24} {sid}"))
    if log is not None:
        _out(one_line(f"{'decisions':<24} {log.id}  {log.title}"))
    n = len(changes)
    said = [counted(n, "changed story", "changed stories")] if n else []
    said += [decisions_text(decided)] if decided else []
    _out(", ".join(said) or "nothing to commit")
    return 0


def cmd_commit(root: str, args: argparse.Namespace) -> int:
    from tui.core.git import commit_stories
    from tui.core.git.decisions_log import decisions_text

    repo = _repo(root)
    if repo is None:
        return 2
    ids = [_id(root, i) for i in args.ids] or None
    result = commit_stories(repo, ids, args.message)
    for sid in result.skipped:
        _err(f"{sid}: no change to commit")
    if not result.ok:
        _err(result.message)
        return 1
    if result.commit is None:
        _out("nothing to commit")
        return 0
    subject = result.message.split("\n", 1)[0]
    _out(one_line(f"{result.commit[:7]} {subject}"))
    n = len(result.ids)
    said = [counted(n, "story")] if n or not result.decisions else []
    said += [decisions_text(result.decisions)] if result.decisions else []
    _out("committed " + " and ".join(said))
    return 0


def cmd_sync(root: str, args: argparse.Namespace) -> int:
    from tui.core.git import sync

    repo = _repo(root)
    if repo is None:
        return 2
    result = sync(repo, args.prefer)
    if result.outcome == "conflict":
        _err(result.message)
        for c in result.conflicts:
            _out(one_line(f"conflict {c.id}: {c.describe()}"))
        _err("nothing was changed; choose a side with --prefer mine|theirs (or in the dashboard)")
        return 1
    if not result.ok:
        _err(result.message)
        return 1
    _out(one_line(result.message))
    for c in result.conflicts:
        _out(one_line(f"settled {c.id} with {'your' if args.prefer == 'mine' else 'the other'} side: {c.describe()}"))
    return 0


def cmd_history(root: str, args: argparse.Namespace) -> int:
    from tui.core.git import GitProblem, history

    repo = _repo(root)
    if repo is None:
        return 2
    sid = _id(root, args.id)
    entries = history(repo, sid)
    if isinstance(entries, GitProblem):
        _err(entries.message)
        return 1
    if not entries:
        _err(f"{sid}: no commit touched this story")
        return 1
    for entry in entries:
        if args.json:
            _out(json_line(entry.as_json()))
            continue
        change = entry.change
        if entry.published is not None:
            before, after = entry.published.before, entry.published.after
            change = (
                f"added, published {_flag(after)}"
                if before is None
                else f"deleted (was published {_flag(before)})"
                if after is None
                else f"published {_flag(before)} → {_flag(after)}"
            )
        _out(one_line(f"{entry.commit[:7]} {entry.date} {entry.author}: {change} · {entry.message}"))
    return 0


def _flag(value: bool | None) -> str:
    return "absent" if value is None else "true" if value else "false"


def cmd_discard(root: str, args: argparse.Namespace) -> int:
    """The changes screen's discard, for a script: the same words, the same checks.

    There is no desk to undo it afterwards, so before a file is replaced or removed its
    bytes are written into git's object store (`git hash-object -w`) and the object id
    printed: `git cat-file -p <id> > FILE` brings it back (until git prunes unreachable
    objects, two weeks by default)."""
    from tui.core.git import GitProblem, story_changes
    from tui.core.git.changes import digest, read_work
    from tui.core.store.store import Store
    from tui.desk import discard

    repo = _repo(root)
    if repo is None:
        return 2
    ids = list(dict.fromkeys(_id(root, i) for i in args.ids))
    changes = story_changes(repo, ids=ids)
    if isinstance(changes, GitProblem):
        _err(changes.message)
        return 1
    listed = {c.id for c in changes}
    for sid in ids:
        if sid not in listed:
            _err(f"{sid}: nothing to discard (as committed, or not a changed story)")
    if not changes:
        _out("nothing to discard")
        return 0
    text, details = discard.question(changes)  # no undo key: no desk to undo it
    _out(one_line(text))
    for line in details:
        _out(one_line(line))
    if not args.yes and not _asked_yes():
        _err("nothing was discarded" + ("" if sys.stdin.isatty() else "; add --yes to discard without asking"))
        return 1
    prepared = discard.prepare(repo, changes)
    if not isinstance(prepared, list):
        _err(prepared if isinstance(prepared, str) else prepared.message)
        return 1
    kept: list[tuple[str, str]] = []
    for change in changes:  # a copy in git of every file about to be replaced or removed
        if change.work is None:
            continue
        raw = read_work(repo, change.id)
        if not isinstance(raw, bytes) or digest(raw) != change.work:
            _err(f"{change.id}: changed while we asked; nothing was discarded")
            return 1
        saved = repo.git("hash-object", "-w", "--no-filters", "--stdin", stdin=raw, timeout=30.0)
        if not saved.ok:
            _err(saved.as_problem(f"keeping a copy of {change.id}").message + "; nothing was discarded")
            return 1
        kept.append((change.id, saved.out.decode().strip()))
    outcome = discard.apply(Store(root), changes, prepared)
    if not outcome.ok:
        _err(outcome.message)
        return 1
    discard.unstage(repo, [d.path for d in prepared if d.staged and d.id in outcome.changed])
    _out(one_line(outcome.message))
    for sid, oid in kept:
        if sid in outcome.changed:
            _out(one_line(f"kept {sid} as {oid}: git cat-file -p {oid[:12]} > {repo.path_of(sid)}"))
    return 0


def _asked_yes() -> bool:
    """y on a terminal; anything else (or no terminal) is no."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input("Discard? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
