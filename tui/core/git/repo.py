"""Where the story folder sits in git, and what is changed in it.

`locate` finds the work tree around the folder the editor opened; `status` asks git
once (`status --porcelain=v2 -z`, limited to the folder, no optional locks so a
refresh never fights the editor's own git for index.lock) and returns the branch,
the upstream with ahead/behind as of the last fetch, and the changed story files by
story id (the path relative to the folder, as the store names stories). Story files
follow the loader's rule (tui.core.disk.folder, not importable from here): `.md`,
`.markdown` or `.txt`, no hidden part in the path, not an atomic-write temp file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.core.git.run import DEFAULT_TIMEOUT, GitProblem, GitResult, run

STORY_SUFFIXES = (".md", ".markdown", ".txt")
TEMP_SUFFIX = ".newsdesk-tmp"
ZERO_OID = "0" * 40
STATUS_TIMEOUT = 60.0

FileKind = Literal["modified", "added", "deleted", "untracked", "conflicted"]
Operation = Literal["rebase", "merge", "cherry-pick", "revert"]


def is_story_id(sid: str) -> bool:
    """The loader's rule for which files under the folder are stories."""
    if not sid or "\n" in sid:
        return False
    parts = sid.split("/")
    if any(not part or part.startswith(".") for part in parts):
        return False
    name = parts[-1]
    return name.lower().endswith(STORY_SUFFIXES) and not name.endswith(TEMP_SUFFIX)


@dataclass(frozen=True, slots=True)
class Repo:
    """A story folder inside a git work tree.

    git speaks in paths relative to the top of the work tree; newsdesk speaks in story
    ids relative to the folder it opened. `path_of` and `id_of` translate, so no other
    module has to think about where the folder sits in the repository.
    """

    top: str  # the work tree's root, absolute
    folder: str  # the folder opened, absolute
    prefix: str  # the folder relative to top, "" or "news/" (always ends with "/")
    git_dir: str  # this work tree's git directory, absolute

    def path_of(self, sid: str) -> str:
        return self.prefix + sid

    def id_of(self, path: str) -> str | None:
        """The story id of a top-relative path, or None when it is outside the folder."""
        if not path.startswith(self.prefix):
            return None
        return path[len(self.prefix) :]

    def git(
        self,
        *args: str,
        stdin: bytes | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        env: dict[str, str] | None = None,
        limit: int | None = None,
    ) -> GitResult:
        """git run at the top of the work tree, so every path we pass is top-relative."""
        if limit is None:
            return run(args, self.top, stdin=stdin, timeout=timeout, env=env)
        return run(args, self.top, stdin=stdin, timeout=timeout, env=env, limit=limit)

    def operation(self) -> Operation | None:
        """A rebase, merge, cherry-pick or revert left half done in this work tree."""
        join = os.path.join
        if os.path.isdir(join(self.git_dir, "rebase-merge")) or os.path.isdir(join(self.git_dir, "rebase-apply")):
            return "rebase"
        if os.path.exists(join(self.git_dir, "MERGE_HEAD")):
            return "merge"
        if os.path.exists(join(self.git_dir, "CHERRY_PICK_HEAD")):
            return "cherry-pick"
        if os.path.exists(join(self.git_dir, "REVERT_HEAD")):
            return "revert"
        return None


def locate(folder: str) -> Repo | GitProblem:
    """The work tree holding `folder`; outside git (or without git) a `GitProblem`."""
    folder = os.path.abspath(folder)
    if not os.path.isdir(folder):
        return GitProblem("not-a-repository", f"no such folder: {folder}")
    result = run(["rev-parse", "--show-toplevel", "--absolute-git-dir", "--show-prefix"], folder, timeout=10.0)
    if not result.ok:
        if result.problem is None and b"not a git repository" in result.err.lower():
            return GitProblem("not-a-repository", "this folder is not inside a git work tree")
        if result.problem is None and result.code == 128:  # a bare repository, dubious ownership...
            return GitProblem("not-a-repository", f"git cannot use this folder: {result.err_text()}")
        return result.as_problem("finding the git repository")
    lines = result.out.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3:
        return GitProblem("not-a-repository", "this folder is not inside a git work tree")
    top, git_dir, prefix = lines[0], lines[1], lines[2]
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return Repo(top=top, folder=folder, prefix=prefix, git_dir=git_dir)


@dataclass(frozen=True, slots=True)
class FileState:
    """One changed story file as git sees it against HEAD (index and work tree together).

    `head_oid` is the blob HEAD holds for the path (None when HEAD has none), which is
    what `changes` reads to describe the change without asking git path by path.
    """

    id: str
    path: str
    kind: FileKind
    xy: str  # git's two status letters (index, work tree); "??" untracked
    head_oid: str | None
    head_mode: str | None = None  # HEAD's mode for the path ("100644", "100755", "120000" a link), None: absent


@dataclass(frozen=True, slots=True)
class RepoStatus:
    """The status line's facts and the changed stories, from one `git status`."""

    branch: str | None  # None when HEAD is detached
    head: str | None  # None before the first commit
    upstream: str | None  # e.g. "origin/main"; None when none is set
    ahead: int | None  # as of the last fetch; None without an upstream
    behind: int | None
    files: tuple[FileState, ...]  # story files only, sorted by id
    others: tuple[str, ...]  # other changed paths under the folder (top-relative), e.g. .newsdesk/
    operation: Operation | None

    def merged(self, partial: RepoStatus, ids: Iterable[str]) -> RepoStatus:
        """This full status with the stories of `ids` (and the headers) taken from `partial`,
        the answer of `status(repo, ids)`."""
        fresh = set(ids)
        files = [f for f in self.files if f.id not in fresh] + [f for f in partial.files if f.id in fresh]
        files.sort(key=lambda f: f.id)
        return RepoStatus(
            partial.branch,
            partial.head,
            partial.upstream,
            partial.ahead,
            partial.behind,
            tuple(files),
            self.others,
            partial.operation,
        )

    @property
    def changed_ids(self) -> frozenset[str]:
        return frozenset(f.id for f in self.files)

    def by_id(self) -> dict[str, FileState]:
        return {f.id: f for f in self.files}


def _kind(xy: str, head_oid: str) -> FileKind:
    if head_oid == ZERO_OID:
        return "added"
    if "D" in xy:
        return "deleted"
    return "modified"


def parse_status(raw: bytes, repo: Repo) -> tuple[dict[str, str], list[FileState], list[str]]:
    """Headers, story entries and other paths of `git status --porcelain=v2 -z --branch`."""
    headers: dict[str, str] = {}
    files: list[FileState] = []
    others: list[str] = []
    records = raw.split(b"\0")
    i = 0
    while i < len(records):
        rec = records[i].decode("utf-8", "surrogateescape")
        i += 1
        if not rec:
            continue
        tag = rec[0]
        if tag == "#":
            key, _, value = rec[2:].partition(" ")
            headers[key] = value
            continue
        mode = None
        if tag == "1":
            fields = rec.split(" ", 8)
            xy, mode, head_oid, path = fields[1], fields[3], fields[6], fields[8]
            kind: FileKind = _kind(xy, head_oid)
        elif tag == "2":  # renames are off (--no-renames), but an old git may still send one
            fields = rec.split(" ", 9)
            xy, head_oid, path = fields[1], fields[6], fields[9]
            i += 1  # the original path follows; it shows as deleted in its own right only with renames off
            kind = "added"
            head_oid = ZERO_OID
        elif tag == "u":
            fields = rec.split(" ", 10)
            xy, head_oid, path = fields[1], ZERO_OID, fields[10]
            kind = "conflicted"
        elif tag == "?":
            xy, head_oid, path, kind = "??", ZERO_OID, rec[2:], "untracked"
        else:  # "!" ignored files: never asked for
            continue
        sid = repo.id_of(path)
        if sid is not None and is_story_id(sid):
            oid = None if head_oid == ZERO_OID else head_oid
            files.append(FileState(sid, path, kind, xy, oid, mode if oid is not None else None))
        elif len(others) < 1000:
            others.append(path)
    files.sort(key=lambda f: f.id)
    return headers, files, others


TARGETED_MAX = 200  # more paths than this: one full status is cheaper than the long command line


# One thread: by default git reads the index and stats every file on as many threads
# as there are cores; on two, a full status of 100,000 files then leaves none free for
# the dashboard's frames, however `nice` git runs, and each cursor step must win a core
# back from it. On one thread a status takes a little longer and a core stays free.
ONE_THREAD = ("-c", "core.preloadIndex=false", "-c", "index.threads=1")


def status(repo: Repo, ids: Iterable[str] | None = None, *, timeout: float = STATUS_TIMEOUT) -> RepoStatus | GitProblem:
    """Branch, upstream, ahead/behind and the changed story files under the folder.

    With `ids`, only those stories are looked at (`files` then holds only them; merge
    it into the last full answer with `RepoStatus.merged`). At 100,000 files a full
    status must stat every file and read the whole folder; after the desk's own toggle
    it knows which file changed, and a targeted status costs a tenth of that.
    """
    wanted = None if ids is None else [i for i in dict.fromkeys(ids) if is_story_id(i)]
    if wanted is not None and len(wanted) > TARGETED_MAX:
        wanted = None
    if wanted is not None and not wanted:
        wanted = [".newsdesk-no-story"]  # headers only: a path that matches nothing
    pathspecs = [repo.prefix.rstrip("/") or "."] if wanted is None else [repo.path_of(i) for i in wanted]
    result = repo.git(
        "--no-optional-locks",
        "--literal-pathspecs",
        *ONE_THREAD,
        "status",
        "--porcelain=v2",
        "-z",
        "--branch",
        "--untracked-files=all",
        "--no-renames",
        "--ignore-submodules=all",
        "--",
        *pathspecs,
        timeout=timeout,
    )
    if not result.ok:
        return result.as_problem("reading the git status")
    headers, files, others = parse_status(result.out, repo)
    head = headers.get("branch.oid")
    branch = headers.get("branch.head")
    ahead = behind = None
    ab = headers.get("branch.ab")
    if ab:
        plus, _, minus = ab.partition(" ")
        ahead, behind = int(plus.lstrip("+")), int(minus.lstrip("-"))
    return RepoStatus(
        branch=None if branch in (None, "(detached)") else branch,
        head=None if head in (None, "(initial)") else head,
        upstream=headers.get("branch.upstream"),
        ahead=ahead,
        behind=behind,
        files=tuple(files),
        others=tuple(others),
        operation=repo.operation(),
    )


def read_blobs(
    repo: Repo, names: Iterable[str], *, timeout: float = DEFAULT_TIMEOUT
) -> dict[str, bytes | None] | GitProblem:
    """Many objects in one `git cat-file --batch`: blob ids or `rev:path` names.

    A name git does not know (a path absent at that commit) maps to None. One process
    for a thousand files instead of a thousand `git show` calls is what keeps the
    changes screen and history quick.
    """
    wanted = list(dict.fromkeys(n for n in names if n and "\n" not in n))
    if not wanted:
        return {}
    result = repo.git("cat-file", "--batch", stdin="".join(n + "\n" for n in wanted).encode(), timeout=timeout)
    if not result.ok:
        return result.as_problem("reading files from git")
    return _parse_batch(result.out, wanted)


def _parse_batch(out: bytes, names: Sequence[str]) -> dict[str, bytes | None]:
    found: dict[str, bytes | None] = {}
    at = 0
    for name in names:
        end = out.find(b"\n", at)
        if end < 0:
            found[name] = None
            continue
        header = out[at:end].split(b" ")
        at = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"commit", b"tree", b"tag"):
            size = int(header[2])
            found[name] = out[at : at + size] if header[1] == b"blob" else None
            at += size + 1  # the contents are followed by a newline
        else:  # "<name> missing" / "ambiguous"
            found[name] = None
    return found


def rev_parse(repo: Repo, rev: str) -> str | None:
    """The full object id `rev` names, or None."""
    result = repo.git("rev-parse", "--verify", "--quiet", "--end-of-options", rev, timeout=10.0)
    return result.out.decode().strip() or None if result.ok else None


__all__ = [
    "FileKind",
    "FileState",
    "GitProblem",
    "Operation",
    "Repo",
    "RepoStatus",
    "is_story_id",
    "locate",
    "read_blobs",
    "rev_parse",
    "status",
]
