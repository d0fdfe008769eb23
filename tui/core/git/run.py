"""Run the real `git` program: no shell, no terminal, no pager, no editor, bounded.

Every git call of newsdesk goes through `run`, so the rules hold by construction:
arguments are a list (a story id is never parsed by a shell), the environment pins
the C locale (messages we match are English) and turns off every prompt (a password
prompt on the terminal would tear the dashboard's screen and hang the call), the
child gets its own session (no controlling terminal, so ssh cannot ask for a
passphrase there either; the user's ssh-agent and credential helpers still work),
output is capped and every call has a timeout that kills the whole process group.
Nothing here raises for git's sake: a missing binary, a timeout or too much output
is a `GitResult` with `problem` set, and `GitProblem` is the value callers return.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Literal

from tui.core.format.literal import one_line

ProblemKind = Literal[
    "git-missing",  # no git program
    "not-a-repository",  # the folder is not in a work tree
    "timeout",
    "too-much-output",
    "failed",  # git said no; the message says why
    "identity",  # no user.name / user.email: we never make one up
    "busy",  # a rebase or merge is already in progress, started by someone else
    "uncommitted",  # uncommitted work that an operation would collide with
    "no-remote",  # no upstream or remote to sync with
    "network",  # the remote could not be reached
    "rejected",  # the remote refused our push (after the retries)
    "conflict",  # both sides changed a story differently and no side was chosen
]

GIT = "git"
DEFAULT_TIMEOUT = 30.0
NETWORK_TIMEOUT = 120.0
DEFAULT_LIMIT = 256 * 1024 * 1024  # status of 100k changed files is ~10 MB; blobs of 1,000 stories ~20 MB
ERR_LIMIT = 64 * 1024

# Variables a parent git sets for its hooks; inherited, they would point our calls at
# another repository (`git rev-parse --local-env-vars`, plus the -c carriers).
_LOCAL_VARS = (
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CONFIG",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
    "GIT_OBJECT_DIRECTORY",
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_GRAFT_FILE",
    "GIT_INDEX_FILE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_COMMON_DIR",
)
_FIXED = {
    "LC_ALL": "C",
    "LANGUAGE": "C",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_EDITOR": "true",  # `rebase --continue` keeps the message; nothing opens an editor
    "GIT_SEQUENCE_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
}
# `-c` settings for every call: output meant for a program, never for a person.
_GLOBAL_ARGS = ("--no-pager", "-c", "color.ui=false", "-c", "core.quotePath=false", "-c", "advice.detachedHead=false")


@dataclass(frozen=True, slots=True)
class GitProblem:
    """Why a git operation gave no answer, in words an editor can act on."""

    kind: ProblemKind
    message: str


@dataclass(frozen=True, slots=True)
class GitResult:
    """One finished (or stopped) git call; `problem` is None when git ran to its end."""

    code: int
    out: bytes
    err: bytes
    problem: ProblemKind | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None and self.code == 0

    def err_text(self, limit: int = 300) -> str:
        """git's own complaint, the lines that say something, on one bounded line."""
        lines = [ln.strip() for ln in self.err.decode("utf-8", "replace").splitlines()]
        useful = [ln for ln in lines if ln and not ln.startswith("hint:")]
        text = one_line(" ".join(useful))
        return text if len(text) <= limit else text[: limit - 1] + "…"

    def as_problem(self, doing: str) -> GitProblem:
        """A `GitProblem` naming what we were `doing` and what went wrong."""
        if self.problem == "git-missing":
            return GitProblem("git-missing", "git is not installed (no `git` program on the PATH)")
        if self.problem == "timeout":
            return GitProblem("timeout", f"{doing}: git took too long and was stopped")
        if self.problem == "too-much-output":
            return GitProblem("too-much-output", f"{doing}: git's answer was too large and was cut off")
        detail = self.err_text() or f"git exited with code {self.code}"
        return GitProblem("failed", f"{doing}: {detail}")


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The caller's environment (PATH, HOME, SSH_AUTH_SOCK, GIT_CONFIG_GLOBAL...) made safe."""
    env = {k: v for k, v in os.environ.items() if k not in _LOCAL_VARS}
    env.update(_FIXED)
    if extra:
        env.update(extra)
    return env


# Background priority (the desk's git thread): git runs `nice`r than the dashboard, so on
# a machine with few cores its work (a status stats every file of the index on as many
# threads as there are cores) waits for the UI's, never the other way round.
BACKGROUND_NICE = 10
_local = threading.local()


def in_background(nice: int = BACKGROUND_NICE) -> None:
    """Every git this thread starts from now on runs at `nice` (0: as the caller)."""
    _local.nice = nice


def _lower(pid: int) -> None:
    """Lower the new git's priority before it starts its worker threads (they inherit it:
    git reads the index first, milliseconds after it starts)."""
    nice = getattr(_local, "nice", 0)
    if nice and hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + nice))


class _Reader(threading.Thread):
    """Drains one pipe into memory up to `limit` bytes (past that, stdout stops git)."""

    def __init__(self, pipe: IO[bytes], limit: int, proc: subprocess.Popen[bytes], *, stop: bool) -> None:
        super().__init__(daemon=True)
        self.pipe, self.limit, self.proc, self.stop = pipe, limit, proc, stop
        self.chunks: list[bytes] = []
        self.size = 0
        self.overflow = False

    def run(self) -> None:
        read = self.pipe.read1 if hasattr(self.pipe, "read1") else self.pipe.read
        while True:
            try:
                chunk = read(1 << 16)
            except (OSError, ValueError):
                break
            if not chunk:
                break
            if self.size + len(chunk) > self.limit:
                if self.stop:  # an answer cut short is no answer: stop the work too
                    self.overflow = True
                    _kill(self.proc)
                    break
                continue  # stderr: keep its beginning, let git finish
            self.chunks.append(chunk)
            self.size += len(chunk)

    def data(self) -> bytes:
        return b"".join(self.chunks)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _feed(pipe: IO[bytes], data: bytes) -> None:
    try:
        pipe.write(data)
    except (BrokenPipeError, OSError, ValueError):
        pass
    finally:
        with contextlib.suppress(BrokenPipeError, OSError):
            pipe.close()


def run(
    args: Sequence[str],
    cwd: str,
    *,
    stdin: bytes | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    env: Mapping[str, str] | None = None,
) -> GitResult:
    """`git <args>` in `cwd`; never raises for git's sake (see the module docstring)."""
    command = [GIT, *_GLOBAL_ARGS, *args]
    try:
        proc = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=git_env(env),
            start_new_session=True,  # no controlling terminal: nothing can prompt on it
            close_fds=True,
        )
    except FileNotFoundError as exc:
        if exc.filename in (GIT, None) or not os.path.isdir(cwd):
            if not os.path.isdir(cwd):
                return GitResult(-1, b"", f"no such folder: {cwd}".encode(), "failed")
            return GitResult(-1, b"", b"", "git-missing")
        return GitResult(-1, b"", str(exc).encode(), "failed")
    except OSError as exc:
        return GitResult(-1, b"", str(exc).encode(), "failed")
    _lower(proc.pid)
    assert proc.stdout is not None and proc.stderr is not None
    out, err = _Reader(proc.stdout, limit, proc, stop=True), _Reader(proc.stderr, ERR_LIMIT, proc, stop=False)
    out.start()
    err.start()
    writer = None
    if stdin is not None:
        assert proc.stdin is not None
        writer = threading.Thread(target=_feed, args=(proc.stdin, stdin), daemon=True)
        writer.start()
    timed_out = False
    try:
        code = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill(proc)
        code = proc.wait()
    # A grandchild (ssh, a hook) may still hold the pipes: bound the wait for them too.
    for thread in (out, err, writer):
        if thread is not None:
            thread.join(timeout=5.0)
            if thread.is_alive():
                _kill(proc)
                thread.join(timeout=1.0)
    for pipe in (proc.stdout, proc.stderr):
        pipe.close()
    problem: ProblemKind | None = None
    if timed_out:
        problem = "timeout"
    elif out.overflow:
        problem = "too-much-output"
    return GitResult(code, out.data(), err.data(), problem)
