"""Commit story changes with the editor's identity and a message that names the stories.

`git commit --only -- <paths>` commits exactly the given files as they are in the
work tree and leaves whatever else is staged staged, so an editor who has half a
hand-made commit in the index never finds it swept into a newsdesk commit. It also
runs the repository's own hooks (a site may validate front matter in pre-commit),
which a plumbing commit would skip. The identity comes from git itself with
`user.useConfigOnly`, so a machine without `user.name`/`user.email` gets a clear
refusal instead of a commit signed `root@localhost`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui.core.format.literal import one_line
from tui.core.git.attributes import DECISIONS, ensure_union_merge
from tui.core.git.changes import Change, ChangeKind, story_changes
from tui.core.git.decisions_log import log_change
from tui.core.git.repo import Repo, RepoStatus, rev_parse, status
from tui.core.git.run import GitProblem

SUBJECT_MAX = 100
BODY_STORIES = 50
COMMIT_TIMEOUT = 300.0  # the repository's hooks run too

_VERBS: tuple[tuple[ChangeKind, str], ...] = (
    ("unpublished", "unpublish"),
    ("published", "publish"),
    ("published line inserted", "spell out published in"),
    ("edited", "edit"),
    ("added", "add"),
    ("deleted", "delete"),
)


@dataclass(frozen=True, slots=True)
class CommitResult:
    """What `commit_stories` did: a commit, nothing to commit, or a problem (nothing done).

    `skipped` names ids that were asked for but have no change to commit.
    """

    commit: str | None
    message: str
    ids: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    problem: GitProblem | None = None
    decisions: int = 0  # duplicate decisions committed with them (the log's new lines)

    @property
    def ok(self) -> bool:
        return self.problem is None


def _stories(n: int) -> str:
    return "1 story" if n == 1 else f"{n} stories"


def commit_message(changes: Sequence[Change]) -> str:
    """ "Unpublish 3 stories, publish 1: <titles…>" and a body listing every story (bounded).

    The subject stays under SUBJECT_MAX characters however many stories there are;
    the body names up to BODY_STORIES of them by id, so `git log` alone tells who
    changed what. Titles are feed text: control characters are escaped.
    """
    log = next((c for c in changes if c.id == DECISIONS), None)
    changes = [c for c in changes if c.id != DECISIONS]
    if log is not None and not changes:  # the log on its own
        return f"Record {log.title}\n\n{DECISIONS}: {log.title}\n"
    if not changes:
        return "Update stories"
    counts = Counter(c.kind for c in changes)
    present = [(verb, counts[kind]) for kind, verb in _VERBS if counts[kind]]
    # The noun once, on the first count: "Unpublish 3 stories, publish 1".
    parts = [f"{verb} {_stories(n) if i == 0 else n}" for i, (verb, n) in enumerate(present)]
    if log is not None:
        parts.append(f"record {log.title}")
    head = ", ".join(parts)
    head = head[:1].upper() + head[1:]
    titles = "; ".join(one_line(c.title or c.id) for c in changes)
    subject = f"{head}: {titles}"
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1].rstrip() + "…"
    lines = [subject, ""]
    for c in changes[:BODY_STORIES]:
        line = one_line(f"{c.kind}: {c.id}" + (f" ({c.title})" if c.title else ""))
        lines.append(line if len(line) <= 200 else line[:199] + "…")
    if len(changes) > BODY_STORIES:
        lines.append(f"… and {_stories(len(changes) - BODY_STORIES)} more")
    if log is not None:
        lines.append(f"{DECISIONS}: {log.title}")
    return "\n".join(lines) + "\n"


def identity(repo: Repo) -> str | GitProblem:
    """ "Name <email>" as git would sign a commit here, or why there is none.

    Asked of git (`git var` with `user.useConfigOnly`) so the environment variables,
    the repository's, the user's and the system's config all count exactly as they
    will for the commit, and nothing is guessed from the machine's host name.
    """
    for var in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        result = repo.git("-c", "user.useConfigOnly=true", "var", var, timeout=10.0)
        if result.problem is not None:
            return result.as_problem("reading your git identity")
        if not result.ok:
            return GitProblem(
                "identity",
                "git does not know who you are: set it with "
                '`git config --global user.name "Your Name"` and `git config --global user.email you@example.com`',
            )
    text = result.out.decode("utf-8", "replace").strip()
    return text.rsplit(" ", 2)[0]  # drop the timestamp and zone


def _nul(paths: Iterable[str]) -> bytes:
    return b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)


def commit_stories(
    repo: Repo,
    ids: Iterable[str] | None = None,
    message: str | None = None,
    *,
    current: RepoStatus | None = None,
) -> CommitResult:
    """Commit the changed stories (all, or those of `ids`) and nothing else.

    `message=None` generates one (`commit_message`); the dashboard shows that for
    editing first and passes the edited text back. Nothing changed is not an error.
    """
    if current is None:
        got = status(repo)
        if isinstance(got, GitProblem):
            return CommitResult(None, got.message, problem=got)
        current = got
    if current.operation is not None:
        why = f"a {current.operation} is in progress in this repository; finish or abort it first"
        return CommitResult(None, why, problem=GitProblem("busy", why))
    by_id = current.by_id()
    conflicted = sorted(sid for sid, f in by_id.items() if f.kind == "conflicted")
    if conflicted:
        why = f"stories in conflict: {', '.join(conflicted[:10])}"
        return CommitResult(None, why, problem=GitProblem("busy", why))
    skipped: tuple[str, ...] = ()
    log = log_change(repo, current) if ids is None or DECISIONS in ids else None
    if ids is None:
        chosen = sorted(by_id)
    else:
        asked = [i for i in dict.fromkeys(ids) if i != DECISIONS or log is None]
        chosen = [sid for sid in asked if sid in by_id]
        skipped = tuple(sid for sid in asked if sid not in by_id)
    changes = story_changes(repo, current, chosen)
    if isinstance(changes, GitProblem):
        return CommitResult(None, changes.message, problem=changes)
    real = {c.id for c in changes}
    skipped += tuple(sid for sid in chosen if sid not in real)
    chosen = [sid for sid in chosen if sid in real]
    if not chosen and log is None:
        return CommitResult(None, "nothing to commit", skipped=skipped)
    who = identity(repo)
    if isinstance(who, GitProblem):
        return CommitResult(None, who.message, skipped=skipped, problem=who)
    described = (*changes, log) if log is not None else changes
    text = message if message is not None and message.strip() else commit_message(described)
    paths = [repo.path_of(sid) for sid in chosen]
    untracked = [by_id[sid].path for sid in chosen if by_id[sid].kind == "untracked"]
    if log is not None:  # the log, and the union merge that keeps two editors' logs apart
        shared = _log_paths(repo, current)
        if isinstance(shared, GitProblem):
            return CommitResult(None, shared.message, skipped=skipped, problem=shared)
        paths += shared
        untracked += [p for p in shared if not repo.git("ls-files", "--error-unmatch", "--", p, timeout=10.0).ok]
    if untracked:  # `commit --only` takes only paths git knows: announce the new ones
        added = repo.git(
            "--literal-pathspecs", "add", "--intent-to-add", "--pathspec-from-file=-", "--pathspec-file-nul",
            stdin=_nul(untracked),
        )  # fmt: skip
        if not added.ok:
            problem = added.as_problem("adding the new stories")
            return CommitResult(None, problem.message, skipped=skipped, problem=problem)
    result = repo.git(
        "--literal-pathspecs", "-c", "user.useConfigOnly=true",
        "commit", "--only", "--quiet", "--no-status", "-m", text, "--pathspec-from-file=-", "--pathspec-file-nul",
        stdin=_nul(paths),
        timeout=COMMIT_TIMEOUT,
    )  # fmt: skip
    if not result.ok:
        if untracked:  # leave the index as we found it
            repo.git("update-index", "--force-remove", "-z", "--stdin", stdin=_nul(untracked))
        problem = result.as_problem("committing")
        return CommitResult(None, problem.message, skipped=skipped, problem=problem)
    decided = int(log.title.split(" ", 1)[0]) if log is not None else 0
    return CommitResult(rev_parse(repo, "HEAD"), text, tuple(chosen), skipped, decisions=decided)


def _log_paths(repo: Repo, current: RepoStatus) -> list[str] | GitProblem:
    """The decisions log and, when newsdesk (re)declared the union merge or it is not
    committed yet, the folder's `.gitattributes`: top-relative paths to commit."""
    done = ensure_union_merge(repo)
    if isinstance(done, GitProblem):
        return done
    paths = [repo.path_of(DECISIONS)]
    attributes = os.path.relpath(done.path, repo.top).replace(os.sep, "/")
    if done.changed or attributes in current.others:
        paths.append(attributes)
    return paths
