"""Fetch, integrate, push: the editor's commits reach the shared branch, safely.

Rules, each for a reason:
- Integrate by fast-forward, or by rebasing the editor's own commits onto the
  upstream: the site's history stays a line of editors' commits, no merge bubbles.
- Never force-push (the refspec has no `+`, no `--force`): a rejected push means
  someone pushed first, so we fetch, integrate again and retry, a bounded number of
  times.
- Uncommitted work is never lost. An editor mid-triage has uncommitted toggles and the
  desk keeps appending `.newsdesk/decisions.jsonl`, so refusing to sync whenever the
  tree is dirty would make sync useless; stashing blindly could leave conflict markers
  when the stash comes back. So: when the upstream changed none of the dirty files
  (files with a union merge declared do not count, their merge cannot conflict),
  they are stashed and restored after; otherwise sync refuses and names the stories,
  so the editor commits them and the conflict is handled in editor terms below.
- Never leave the repository mid-rebase: anything that cannot finish is aborted
  (`git rebase --abort` restores the branch with its own commits) and explained.
- Conflicts: a story without a chosen side (per story in `choices`, or for all with
  `prefer`) makes the sync list every conflicting story with both sides and undo the
  rebase; when every one has a side, each takes it and the rebase finishes.
  Adjacent-line edits and identical changes settle themselves first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from tui.core.format.wording import counted
from tui.core.git import conflicts as cf
from tui.core.git.arrivals import deleted_by, headline
from tui.core.git.conflicts import Prefer, StoryConflict
from tui.core.git.repo import Repo, is_story_id, read_blobs, rev_parse, status
from tui.core.git.run import NETWORK_TIMEOUT, GitProblem

Outcome = Literal["up-to-date", "synced", "conflict", "failed"]
MAX_STOPS = 500  # rebase stops handled in one sync; more means something else is wrong
REBASE_TIMEOUT = 300.0
_RETRIABLE = ("fetch first", "non-fast-forward", "stale info", "failed to update ref", "failed to lock",
              "cannot lock", "incorrect old value")  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What one sync did. `problem` is set when it stopped short (the repo is clean then).

    `conflicts` lists the stories both sides changed differently: unresolved (with
    `problem.kind == "conflict"`) when no side was preferred, else the ones settled by
    the preferred side. `arrived` names the stories the integration changed here.
    """

    outcome: Outcome
    message: str
    pulled: int = 0
    pushed: int = 0
    retries: int = 0
    conflicts: tuple[StoryConflict, ...] = ()
    unresolved: tuple[str, ...] = ()  # ids of `conflicts` that had no side chosen
    auto_merged: tuple[str, ...] = ()
    arrived: tuple[str, ...] = ()
    stashed: bool = False
    problem: GitProblem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(slots=True)
class _Run:
    """The mutable bookkeeping of one sync; frozen into a SyncResult at the end."""

    repo: Repo
    prefer: Prefer | None
    choices: Mapping[str, Prefer]
    remote: str = ""
    merge_ref: str = ""
    pulled: int = 0
    pushed: int = 0
    retries: int = 0
    conflicts: dict[str, StoryConflict] = field(default_factory=dict)
    unresolved: set[str] = field(default_factory=set)
    auto_merged: list[str] = field(default_factory=list)
    stash: str | None = None
    stashed: bool = False
    stashed_paths: frozenset[str] = frozenset()
    start: str | None = None  # HEAD before the sync: what arrived is measured from it

    def result(
        self, outcome: Outcome, message: str, start: str | None, problem: GitProblem | None = None
    ) -> SyncResult:
        return SyncResult(
            outcome,
            message,
            self.pulled,
            self.pushed,
            self.retries,
            tuple(self.conflicts[k] for k in sorted(self.conflicts)),
            tuple(sorted(self.unresolved)),
            tuple(sorted(set(self.auto_merged))),
            _arrived(self.repo, start),
            self.stashed,
            problem,
        )


def _lines(out: bytes) -> list[str]:
    return [p for p in out.decode("utf-8", "surrogateescape").split("\0") if p]


def _config(repo: Repo, key: str) -> str | None:
    result = repo.git("config", "--get", key, timeout=10.0)
    return result.out.decode("utf-8", "replace").strip() if result.ok else None


def _counts(repo: Repo, upstream: str) -> tuple[int, int]:
    """(ahead, behind) of HEAD against the fetched upstream."""
    result = repo.git("rev-list", "--left-right", "--count", f"HEAD...{upstream}", timeout=30.0)
    if not result.ok:
        return 0, 0
    ahead, _, behind = result.out.decode().strip().partition("\t")
    return int(ahead or 0), int(behind or 0)


def _arrived(repo: Repo, start: str | None) -> tuple[str, ...]:
    head = rev_parse(repo, "HEAD")
    if start is None or head is None or head == start:
        return ()
    result = repo.git("--literal-pathspecs", "diff", "--name-only", "-z", "--no-renames", start, head, "--",
                      repo.prefix.rstrip("/") or ".")  # fmt: skip
    ids = (repo.id_of(p) for p in _lines(result.out)) if result.ok else ()
    return tuple(sorted(sid for sid in ids if sid is not None and is_story_id(sid)))


def _dirty(repo: Repo) -> list[str] | GitProblem:
    """Tracked paths with uncommitted changes anywhere in the work tree (untracked ones
    cannot be lost by a rebase: git refuses to overwrite them)."""
    result = repo.git("--no-optional-locks", "status", "--porcelain=v2", "-z", "--untracked-files=no", "--no-renames",
                      "--ignore-submodules=all", timeout=60.0)  # fmt: skip
    if not result.ok:
        return result.as_problem("reading the git status")
    paths = []
    for rec in _lines(result.out):
        if rec[0] == "1":
            paths.append(rec.split(" ", 8)[8])
        elif rec[0] == "u":
            paths.append(rec.split(" ", 10)[10])
    return paths


def _union(repo: Repo, paths: list[str]) -> set[str]:
    """The paths whose merge driver is `union` (they merge by concatenation, never conflict)."""
    if not paths:
        return set()
    data = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
    result = repo.git("check-attr", "-z", "--stdin", "merge", stdin=data)
    fields = _lines(result.out) if result.ok else []
    return {fields[i] for i in range(0, len(fields) - 2, 3) if fields[i + 2] == "union"}


def _upstream_changed(repo: Repo, upstream: str) -> set[str]:
    result = repo.git("diff", "--name-only", "-z", "--no-renames", f"HEAD...{upstream}", timeout=60.0)
    return set(_lines(result.out)) if result.ok else set()


def _put_aside(run: _Run, dirty: list[str], upstream: str) -> GitProblem | None:
    """Stash uncommitted work if the upstream does not touch it; else refuse, naming it."""
    overlap = (set(dirty) & _upstream_changed(run.repo, upstream)) - _union(run.repo, dirty)
    if overlap:
        names = [headline(run.repo, p) for p in sorted(overlap)]
        shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
        return GitProblem(
            "uncommitted",
            f"uncommitted changes to {shown}, which the other side changed too: "
            "commit them (or discard them) and sync again; nothing was changed",
        )
    if run.stash is not None:
        return None
    result = run.repo.git("stash", "push", "--quiet", "-m", "newsdesk sync: uncommitted work")
    if not result.ok:
        return result.as_problem("setting uncommitted work aside")
    run.stash = rev_parse(run.repo, "refs/stash")
    run.stashed = True
    run.stashed_paths = frozenset(dirty)
    return None


def _restore(run: _Run) -> GitProblem | None:
    """Bring the stashed work back; if git cannot, it stays in `git stash`, never dropped."""
    if run.stash is None:
        return None
    for args in (("stash", "pop", "--index", "--quiet"), ("stash", "pop", "--quiet")):
        if run.repo.git(*args).ok:
            run.stash = None
            return None
        run.repo.git("reset", "--quiet")  # a failed pop may leave a half-merged index; the work tree is intact
    return GitProblem(
        "uncommitted",
        f"your uncommitted changes could not be put back and are kept in `git stash` ({run.stash[:12]})",
    )


def _abort(repo: Repo) -> None:
    if repo.operation() == "rebase":
        repo.git("rebase", "--abort", timeout=REBASE_TIMEOUT)
    elif repo.operation() == "merge":
        repo.git("merge", "--abort", timeout=REBASE_TIMEOUT)


def _rebase(run: _Run, upstream: str, start: str) -> GitProblem | None:
    """Replay the editor's commits onto `upstream`, settling story conflicts as asked.

    With `prefer=None` each stop is settled provisionally with the editor's side so the
    rebase can go on and reveal every conflicting story; then it is aborted.
    """
    repo = run.repo
    clashes = cf.both_sides(repo, start, upstream)
    if isinstance(clashes, GitProblem):
        return clashes
    result = repo.git("-c", "rebase.autoStash=false", "-c", "rebase.updateRefs=false", "rebase", "--quiet",
                      upstream, timeout=REBASE_TIMEOUT)  # fmt: skip
    stops = 0
    while repo.operation() == "rebase":
        stops += 1
        if stops > MAX_STOPS:
            return GitProblem("failed", "the rebase stopped too many times; it was undone")
        entries = cf.unmerged(repo)
        if isinstance(entries, GitProblem):
            return entries
        if not entries:  # stopped for something else (an untracked file in the way, a hook)
            step = repo.git("rebase", "--continue", timeout=REBASE_TIMEOUT)
            if not step.ok and repo.operation() == "rebase" and not cf.unmerged(repo):
                return (step if step.err else result).as_problem("rebasing your commits")
            continue
        foreign = [e.path for e in entries if not cf.is_story_path(repo, e.path)]
        if foreign:
            return GitProblem(
                "conflict",
                f"both sides changed {', '.join(foreign[:5])}, which is not a story: "
                "settle it with git by hand; the sync was undone",
            )
        blobs = cf.stage_blobs(repo, entries)
        if isinstance(blobs, GitProblem):
            return blobs
        for entry in entries:
            merged = cf.auto_merge(*(blobs.get(entry.oids[s]) if s in entry.oids else None for s in (1, 2, 3)))
            sid = repo.id_of(entry.path) or entry.path
            if merged is not None:
                run.auto_merged.append(sid)
                data: bytes | None = merged
            else:
                for conflict in cf.describe(repo, [entry], upstream, blobs):
                    run.conflicts.setdefault(conflict.id, conflict)
                side = run.choices.get(sid) or run.prefer
                if side is None:
                    run.unresolved.add(sid)
                data = cf.side_bytes(entry, blobs, side or "mine")
            problem = cf.settle(repo, entry, data)
            if problem is not None:
                return problem
        step = repo.git("rebase", "--continue", timeout=REBASE_TIMEOUT)
        if not step.ok and repo.operation() != "rebase":
            return step.as_problem("rebasing your commits")
    problem = _settle_clashes(run, clashes, start, upstream) if clashes else None
    if problem is not None:
        return problem
    if run.unresolved:
        # The rebase went on with the editor's side only to find every conflict: undo it.
        # The work tree is clean (uncommitted work is stashed), so --keep loses nothing.
        undone = repo.git("reset", "--keep", "--quiet", start, timeout=REBASE_TIMEOUT)
        if not undone.ok:
            return undone.as_problem("undoing the rebase")
        return GitProblem("conflict", _conflict_message(run))
    if not result.ok and not stops:
        return result.as_problem("rebasing your commits")
    return None


def _settle_clashes(
    run: _Run, both: dict[str, tuple[bytes, bytes, bytes]], start: str, upstream: str
) -> GitProblem | None:
    """Stories both sides changed that the replay merged as text: a publish decision
    taken differently on each side is a conflict all the same (the side chosen, or
    listed); the same decision written twice becomes one line. Fixes are one commit."""
    repo = run.repo
    head = read_blobs(repo, [f"HEAD:{repo.path_of(sid)}" for sid in both])
    if isinstance(head, GitProblem):
        return head
    fixed: dict[str, bytes] = {}
    for sid, sides in both.items():
        merged = head.get(f"HEAD:{repo.path_of(sid)}")
        if merged is None or sid in run.conflicts:  # settled at a stop (a whole side)
            continue
        if cf.publish_clash(*sides):
            run.conflicts.setdefault(sid, cf.clash_conflict(repo, sid, sides, start, upstream))
            side = run.choices.get(sid) or run.prefer
            if side is None:
                run.unresolved.add(sid)
                continue
            data = cf.one_publish_line(merged, sides[1] if side == "mine" else sides[2])
        elif cf.publish_changed(sides[0], sides[1]) or cf.publish_changed(sides[0], sides[2]):
            data = cf.one_publish_line(merged, sides[1] if cf.publish_changed(sides[0], sides[1]) else sides[2])
            run.auto_merged.append(sid)
        else:
            run.auto_merged.append(sid)  # git merged two edits of it as text: say so
            continue
        if data != merged:
            fixed[sid] = data
    if run.unresolved or not fixed:
        return None
    for sid, data in fixed.items():
        problem = cf.write_story(repo, repo.path_of(sid), data)
        if problem is not None:
            return problem
    names = "; ".join(sorted(sid for sid in fixed))
    stories = f"{len(fixed)} stor{'ies' if len(fixed) != 1 else 'y'}"
    message = f"Settle the publish state of {stories} changed on both sides: {names}"
    result = repo.git("--literal-pathspecs", "-c", "user.useConfigOnly=true", "commit", "--only", "--quiet",
                      "--no-status", "-m", message[:200], "--", *(repo.path_of(s) for s in fixed),
                      timeout=REBASE_TIMEOUT)  # fmt: skip
    return None if result.ok else result.as_problem("committing the settled publish states")


def _conflict_message(run: _Run) -> str:
    n = len(run.unresolved)
    stories = "1 story was" if n == 1 else f"{n} stories were"
    return f"{stories} changed differently on both sides; choose a side (mine or theirs) and sync again"


def _integrate(run: _Run, upstream: str) -> GitProblem | None:
    """Bring `upstream` in: fast-forward when we have no commits of our own, else rebase."""
    ahead, behind = _counts(run.repo, upstream)
    if behind == 0:
        return None
    dirty = _dirty(run.repo)
    if isinstance(dirty, GitProblem):
        return dirty
    if dirty or run.stash is not None:
        problem = _put_aside(run, dirty or list(run.stashed_paths), upstream)
        if problem is not None:
            return problem
    before = rev_parse(run.repo, "HEAD")
    if ahead == 0:
        result = run.repo.git("merge", "--ff-only", "--quiet", upstream, timeout=REBASE_TIMEOUT)
        problem = None if result.ok else result.as_problem("fast-forwarding")
    else:
        problem = _rebase(run, upstream, before or "HEAD")
    if problem is not None:
        _abort(run.repo)
        return problem
    if before != rev_parse(run.repo, "HEAD"):
        run.pulled += behind
    return None


def _push(run: _Run) -> tuple[bool, GitProblem | None]:
    """(retry, problem): push HEAD to the upstream branch, never forced."""
    result = run.repo.git("push", "--porcelain", "--quiet", run.remote, f"HEAD:{run.merge_ref}",
                          timeout=NETWORK_TIMEOUT)  # fmt: skip
    if result.ok:
        return False, None
    text = (result.out + b"\n" + result.err).decode("utf-8", "replace")
    rejected = [ln for ln in text.splitlines() if ln.startswith("!")]
    if rejected or "[rejected]" in text or "[remote rejected]" in text:
        if any(reason in text for reason in _RETRIABLE):
            return True, None
        return False, GitProblem("rejected", f"the remote refused the push: {result.err_text() or text.strip()[:300]}")
    if result.problem is not None:
        return False, result.as_problem("pushing")
    return False, GitProblem("network", f"could not push to {run.remote}: {result.err_text()}")


def sync(
    repo: Repo, prefer: Prefer | None = None, *, choices: Mapping[str, Prefer] | None = None, retries: int = 3
) -> SyncResult:
    """Fetch, integrate and push the current branch (see the module docstring for the rules).

    A story both sides changed differently takes the side `choices[id]` names, else
    `prefer`; when neither says, the sync is undone and the answer lists every such
    story with both sides (`conflicts`, `unresolved`), to be chosen and synced again.
    """
    run = _Run(repo, prefer, dict(choices or {}))
    current = status(repo)
    if isinstance(current, GitProblem):
        return SyncResult("failed", current.message, problem=current)
    start = run.start = current.head
    if current.operation is not None:
        why = f"a {current.operation} is already in progress here; finish or abort it with git first"
        return run.result("failed", why, start, GitProblem("busy", why))
    if current.branch is None:
        why = "HEAD is detached: check out a branch to sync"
        return run.result("failed", why, start, GitProblem("failed", why))
    run.remote = _config(repo, f"branch.{current.branch}.remote") or ""
    run.merge_ref = _config(repo, f"branch.{current.branch}.merge") or ""
    if not run.remote or not run.merge_ref or current.upstream is None:
        remotes = _lines(repo.git("remote").out.replace(b"\n", b"\0"))
        why = (
            "this repository has no remote to sync with"
            if not remotes
            else f"branch {current.branch} has no upstream: set one with `git push -u {remotes[0]} {current.branch}`"
        )
        return run.result("failed", why, start, GitProblem("no-remote", why))
    try:
        result = _attempts(run, current.upstream, start, retries)
    finally:
        _abort(repo)  # never leave a rebase or merge behind
        restored = _restore(run)
    if restored is not None:
        message = f"{result.message}; {restored.message}"
        return replace(result, outcome="failed", message=message, problem=result.problem or restored)
    return result


def _attempts(run: _Run, upstream_name: str, start: str | None, retries: int) -> SyncResult:
    """Fetch, integrate, push; again after a rejected push, at most `retries` more times."""
    repo = run.repo
    for attempt in range(retries + 1):
        run.retries = attempt
        fetched = repo.git("fetch", "--quiet", run.remote, timeout=NETWORK_TIMEOUT)
        if not fetched.ok:
            failure = fetched.as_problem(f"fetching from {run.remote}")
            if fetched.problem is None:
                failure = GitProblem("network", f"could not reach {run.remote}: {fetched.err_text()}")
            return run.result("failed", failure.message, start, failure)
        upstream = rev_parse(repo, "@{upstream}")
        if upstream is None:
            why = f"the upstream branch {upstream_name} does not exist on {run.remote}"
            return run.result("failed", why, start, GitProblem("no-remote", why))
        problem = _integrate(run, upstream)
        if problem is not None:
            outcome: Outcome = "conflict" if problem.kind == "conflict" else "failed"
            return run.result(outcome, problem.message, start, problem)
        ahead, _ = _counts(repo, upstream)
        if ahead == 0:
            done: Outcome = "up-to-date" if not run.pulled and not run.pushed else "synced"
            return run.result(done, _summary(run), start)
        retry, problem = _push(run)
        if problem is not None:
            return run.result("failed", problem.message, start, problem)
        if not retry:
            run.pushed += ahead
            return run.result("synced", _summary(run), start)
    why = f"the remote kept moving: the push was rejected {retries + 1} times; sync again"
    return run.result("failed", why, start, GitProblem("rejected", why))


def _summary(run: _Run) -> str:
    parts = []
    if run.pulled:
        parts.append(f"brought in {counted(run.pulled, 'commit')}")
        parts += deleted_by(run.repo, run.start)
    if run.pushed:
        parts.append(f"pushed {counted(run.pushed, 'commit')}")
    if run.conflicts:
        sides = Counter(run.choices.get(sid) or run.prefer for sid in run.conflicts)
        mine, theirs = sides["mine"], sides["theirs"]
        said = [f"{n} with your side" for n in (mine,) if n] + [f"{n} with the other side" for n in (theirs,) if n]
        parts.append(f"settled {len(run.conflicts)} conflicting stor{'ies' if len(run.conflicts) != 1 else 'y'} "
                     f"({', '.join(said)})")  # fmt: skip
    merged = set(run.auto_merged) - set(run.conflicts)
    if merged:
        parts.append(f"merged {len(merged)} stor{'ies' if len(merged) != 1 else 'y'} changed on both sides")
    return "; ".join(parts) or "already up to date"
