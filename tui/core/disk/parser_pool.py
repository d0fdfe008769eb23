"""Read and parse story files in helper processes, handing back cache-ready records.

Parsing is CPU-bound and holds the GIL, so a big folder is split into chunks that
helper processes parse; each chunk comes back as two pickled lists, the verdicts
(`cache.Verdict`) and the stories, which the caller unpickles as far as it needs and
writes to the cache unchanged.
Helpers are forked when this process has no other thread (the headless commands:
no interpreter start-up, nothing to import again), and started fresh otherwise (the
dashboard runs threads, and a fork would copy their held locks). A helper that dies
loses nothing: the caller parses its unfinished chunks itself.

    python -m tui.core.disk.parser_pool    # a started helper: requests on stdin, results on stdout
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import pickle
import queue
import signal
import struct
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tui.core.disk import cache, safe
from tui.core.disk.safe import Dirs
from tui.core.format.decode import check_story, parse_story
from tui.core.model import Problem, Story
from tui.core.site.quick import ordinary_line

if TYPE_CHECKING:
    import subprocess

_ASK = struct.Struct("<i")  # chunk index to parse; -1: stop
_ANSWER = struct.Struct("<iIIB")  # chunk index, verdicts length, stories length, cacheable
_STOP = -1
_FLAT = os.sep == "/"


def read_file(
    root: str, sid: str, *, keys: bool = True, dirs: Dirs | None = None
) -> tuple[cache.Verdict, Story | None]:
    """One file's verdict and story; an unreadable or refused file's verdict has inode
    -1 (never cached), as has a story read through a symlink (its target may change
    without the link's stat changing).

    The file is opened as `safe.py` says: O_NOFOLLOW | O_NONBLOCK, every folder on
    the way too (through `dirs`, kept open across a chunk), checked with fstat before
    a byte is read, so a link leaving the folder, a FIFO, a device or a 3 GB file is
    a problem, never a read. `keys=False`: the file is only checked, no story is
    built (None), and the verdict carries no stat (size is the length read, times and
    inode 0): a check caches nothing."""
    fd = -1
    followed = False
    try:
        if _FLAT and "/" not in sid and sid[:1] != "." and root and root[-1] != "/":
            try:  # the common case: one open, what os.path.join gives without its checks
                fd = os.open(f"{root}/{sid}", safe.READ)
            except OSError as exc:
                if exc.errno not in (errno.ELOOP, errno.EMLINK):
                    raise
        if fd < 0:  # in a sub-folder, or a symlink: the careful way
            why = safe.id_problem(sid)
            if why is not None:
                raise safe.Refused(why)
            own = dirs is None
            folders = dirs if dirs is not None else Dirs(root)
            try:
                fd, st, real = safe.open_story(folders, sid)
            finally:
                if own:
                    folders.close()
            followed = real != sid
        else:
            try:
                st = safe.checked(fd)
            except BaseException:
                os.close(fd)
                raise
        try:
            raw = safe.read_all(fd, st.st_size)
        finally:
            os.close(fd)
    except OSError as exc:
        reason = str(exc) if isinstance(exc, safe.Refused) else f"cannot read: {exc.strerror or exc}"
        return (sid, 0, 0, 0, -1, False, (Problem(sid, None, reason),), None), None
    if not keys:
        ok, problems = check_story(sid, raw)
        return (sid, len(raw), 0, 0, 0, ok, tuple(problems), ordinary_line(raw) if ok else None), None
    story, problems = parse_story(sid, raw, st.st_mtime_ns)
    inode = -1 if followed else st.st_ino
    line = ordinary_line(raw) if story is not None else None  # a Jekyll site's check reads no file again
    return (sid, st.st_size, st.st_mtime_ns, st.st_ctime_ns, inode, story is not None, tuple(problems), line), story


def parse_chunk(
    root: str, ids: list[str], started_ns: int, *, keep: bool = True
) -> tuple[list[cache.Verdict], list[Story | None], bool]:
    """Verdicts and stories of `ids`, and whether all may be cached (none changed just
    now). Without `keep` the stories are for checking only: None in the list, and
    nothing is cached (False)."""
    verdicts: list[cache.Verdict] = []
    stories: list[Story | None] = []
    with Dirs(root) as dirs:  # sub-folders opened once per chunk (ids are sorted)
        for sid in ids:
            verdict, story = read_file(root, sid, keys=keep, dirs=dirs)
            if not keep:
                story = None
            verdicts.append(verdict)
            stories.append(story)
    return verdicts, stories, keep and all(cacheable(v, started_ns) for v in verdicts)


def cacheable(verdict: cache.Verdict, started_ns: int) -> bool:
    return verdict[4] >= 0 and cache.trusted((verdict[1], verdict[2], verdict[3], verdict[4]), started_ns)


# -- the helper side -------------------------------------------------------------------
def _read_exact(fd: int, size: int) -> bytes | None:
    parts = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _serve(asks: int, answers: int, root: str, chunks: list[list[str]], started_ns: int, stories: bool) -> None:
    gc.disable()  # short-lived and builds no cycles: collecting is pure overhead
    while True:
        head = _read_exact(asks, _ASK.size)
        if head is None:
            return
        (index,) = _ASK.unpack(head)
        if index == _STOP:
            return
        verdicts, parsed, ok = parse_chunk(root, chunks[index], started_ns, keep=stories)
        first = cache.dumps(verdicts)
        second = cache.dumps(parsed) if stories else b""
        _write_all(answers, _ANSWER.pack(index, len(first), len(second), ok) + first + second)


def main() -> None:
    """A started helper: (root, chunks, started_ns, stories) first, then chunk indices."""
    asks, answers = sys.stdin.fileno(), os.dup(sys.stdout.fileno())
    sys.stdout = sys.stderr  # nothing may print into the answer stream
    head = _read_exact(asks, 4)
    if head is None:
        return
    setup = _read_exact(asks, struct.unpack("<I", head)[0])
    if setup is None:
        return
    try:
        _serve(asks, answers, *pickle.loads(setup))
    except BrokenPipeError:
        # The caller went away mid-load (the editor quit while a big folder parsed):
        # nobody wants the answer, and a traceback would land on the editor's terminal.
        return


# -- the caller side -------------------------------------------------------------------
class Helper:
    def __init__(self, asks: int, answers: int, pid: int | None, process: subprocess.Popen[bytes] | None) -> None:
        self.asks = asks
        self.answers = answers
        self.pid = pid
        self.process = process
        self.pending: set[int] = set()  # chunks asked for and not answered yet

    def ask(self, index: int) -> bool:
        if index != _STOP:
            self.pending.add(index)  # stays pending if the ask fails: the caller takes it over
        try:
            _write_all(self.asks, _ASK.pack(index))
        except OSError:
            return False
        return True

    def stop(self, kill: bool) -> None:
        try:
            if not kill:
                self.ask(_STOP)
            elif self.pid is not None:
                os.kill(self.pid, signal.SIGTERM)
            elif self.process is not None:
                self.process.terminate()
        except OSError:
            pass
        try:
            if self.pid is not None:
                os.waitpid(self.pid, 0)
            elif self.process is not None:
                self.process.wait()
        except (OSError, ChildProcessError):
            pass

    def close(self) -> None:
        for fd in (self.asks, self.answers):
            with contextlib.suppress(OSError):
                os.close(fd)


def _fork_helpers(count: int, root: str, chunks: list[list[str]], started_ns: int, stories: bool) -> list[Helper]:
    pipes = [(os.pipe(), os.pipe()) for _ in range(count)]
    helpers = []
    for n, ((ask_r, ask_w), (ans_r, ans_w)) in enumerate(pipes):
        pid = os.fork()
        if pid == 0:  # the helper
            try:
                # Keep only this helper's ends: an inherited write end of another
                # helper's answers would keep the caller from ever seeing its EOF.
                for m, ((a, b), (c, d)) in enumerate(pipes):
                    for fd in (b, c) if m <= n else (a, b, c, d):  # earlier helpers' a, d are closed
                        os.close(fd)
                _serve(ask_r, ans_w, root, chunks, started_ns, stories)
            finally:
                os._exit(0)
        os.close(ask_r)
        os.close(ans_w)
        helpers.append(Helper(ask_w, ans_r, pid, None))
    return helpers


def _start_helpers(count: int, root: str, chunks: list[list[str]], started_ns: int, stories: bool) -> list[Helper]:
    import subprocess  # only where forking is unsafe (the dashboard)

    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH", "")) if p)
    setup = pickle.dumps((root, chunks, started_ns, stories), protocol=pickle.HIGHEST_PROTOCOL)
    helpers = []
    for _ in range(count):
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.core.disk.parser_pool"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
        )
        assert process.stdin is not None and process.stdout is not None
        asks, answers = os.dup(process.stdin.fileno()), os.dup(process.stdout.fileno())
        process.stdin.close()
        process.stdout.close()
        helper = Helper(asks, answers, None, process)
        _write_all(asks, struct.pack("<I", len(setup)) + setup)
        helpers.append(helper)
    return helpers


def can_fork() -> bool:
    return sys.platform == "linux" and threading.active_count() == 1


Answer = tuple[int, bytes, bytes, bool]  # chunk index, pickled verdicts, pickled stories, cacheable


def parse_in_helpers(
    root: str, chunks: list[list[str]], count: int, started_ns: int, *, stories: bool = True
) -> Iterator[Answer | tuple[int, list[cache.Verdict], list[Story | None], bool]]:
    """Each chunk as helpers finish it, in any order: pickled verdicts and stories (b""
    when `stories` is off). Chunks a helper could not finish are parsed here at the
    end and come back unpickled."""
    start = _fork_helpers if can_fork() else _start_helpers
    helpers = start(count, root, chunks, started_ns, stories)
    answers: queue.Queue[tuple[Helper, int | None, bytes, bytes, bool]] = queue.Queue()
    lock = threading.Lock()
    next_chunk = [0]

    def hand_out(helper: Helper) -> None:
        with lock:
            index = next_chunk[0]
            if index >= len(chunks):
                return
            next_chunk[0] += 1
        if not helper.ask(index):
            answers.put((helper, None, b"", b"", False))

    def listen(helper: Helper) -> None:
        while True:
            head = _read_exact(helper.answers, _ANSWER.size)
            payload = None
            if head is not None:
                index, size, size2, ok = _ANSWER.unpack(head)
                payload = _read_exact(helper.answers, size + size2)
            if payload is None:
                answers.put((helper, None, b"", b"", False))
                return
            hand_out(helper)  # the next chunk, so it is busy while this one is used
            answers.put((helper, index, payload[:size], payload[size:], bool(ok)))

    for helper in helpers:  # two chunks each: a helper never waits for its next one
        hand_out(helper)
        hand_out(helper)
    threads = [threading.Thread(target=listen, args=(h,), name="newsdesk-load", daemon=True) for h in helpers]
    for thread in threads:
        thread.start()
    dead: set[int] = set()
    orphans: set[int] = set()
    delivered: set[int] = set()
    finished = False
    try:
        while len(dead) < len(helpers) and len(delivered | orphans) < len(chunks):
            helper, index, verdicts, parsed, ok = answers.get()
            if index is None:  # this helper is gone: its chunks are ours
                dead.add(id(helper))
                orphans |= helper.pending
                continue
            helper.pending.discard(index)
            delivered.add(index)
            yield index, verdicts, parsed, ok
        with lock:
            orphans |= set(range(next_chunk[0], len(chunks)))
            next_chunk[0] = len(chunks)
        finished = True
    finally:
        for helper in helpers:
            helper.stop(kill=not finished)
        for thread in threads:
            thread.join(timeout=5)
        for helper in helpers:
            helper.close()
    for index in sorted(orphans - delivered):
        yield (index, *parse_chunk(root, chunks[index], started_ns, keep=stories))


if __name__ == "__main__":
    main()
