"""Follow a story folder as others change it: the ingest pipeline, `git pull`, colleagues.

A thread blocks on the OS's change notifications (inotify via watchfiles) and hands
the caller story ids, never raw paths: hidden files (our own temporary files among
them) and non-story files are filtered out before anyone reads a byte. Reading and
parsing the changed files is the caller's job, in batches, so a 10,000-file
`git pull` arrives with progress instead of as one long pause.

Symlinks are not followed here either (docs/THREAT_MODEL.md): watchfiles' recursive
watch would follow a sub-folder committed as a link to `/` and put a watch on every
folder of the machine. So the folder and each real sub-folder are watched one by one,
not recursively; a folder that appears or goes makes the thread walk the folder
again and watch the new set (the new folder's stories are read once that watch is
up, so none created in between is missed).

The thread never dies of what it is told: an exception from
the receiver or from the notifications is handed to `on_error` and watching goes on.
The folder itself may vanish (`rm -rf`, a re-clone) and come back: the thread checks
the folder's identity at every wake-up (twice a second at least), says "everything"
(`EVERYTHING` among the folders) when it goes, waits for it to return, and then
watches the new one and says "everything" again, so the receiver re-reads what is
there instead of showing an empty folder until a restart.

One file outside the stories is followed too: the duplicate decisions log,
`.newsdesk/decisions.jsonl`, which a sync or a pull brings in like stories (a
colleague's decisions). `.newsdesk` is watched when it is a real folder (not a link),
and `on_log()` hears of any change to the log or to that folder (made, removed); the
receiver reads the log itself, as safely as always (`dupes/decisions.py`).
"""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable, Iterable

from tui.core.disk import folder

DEBOUNCE_MS = 150  # group a burst; well inside the one second editors may wait
POLL = 0.5  # seconds between looks for a folder that is gone
BACKOFF = 30.0  # seconds at most between attempts when watching keeps failing
EVERYTHING = ""  # in `folders`: every story of the folder must be re-checked
LOG_FOLDER, LOG_FILE = ".newsdesk", "decisions.jsonl"  # tui/core/dupes/decisions.py (a layer up)


def _real_dir(path: str) -> bool:
    """A folder, not a link to one."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _real_dirs(root: str) -> list[str]:
    """The folder and every sub-folder loading walks (not hidden, not a link)."""
    found = [root]
    stack = [root]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.name[0] != "." and entry.is_dir(follow_symlinks=False):
                    found.append(entry.path)
                    stack.append(entry.path)
            except OSError:
                continue
    return found


def _is_story_path(root: str, path: str) -> bool:
    rel = os.path.relpath(path, root)
    if rel.startswith(".."):
        return False
    parts = rel.split(os.sep)
    return not any(p.startswith(".") for p in parts) and folder.is_story_name(parts[-1])


class FolderWatcher:
    """Call `on_change(ids, folders)` from a background thread when story files change.

    `ids` are story ids whose file was added, modified, deleted or moved; `folders`
    are id prefixes of sub-folders that moved or vanished as a whole (their stories
    must be re-checked too), `EVERYTHING` when the whole folder went or came back.
    The receiver re-reads each to learn what happened. `on_error(exc)` hears of any
    exception on the thread (the receiver's own included); without it they are kept
    in `errors` (the last few), and the thread goes on either way.
    """

    def __init__(
        self,
        root: str,
        on_change: Callable[[set[str], set[str]], None],
        on_error: Callable[[BaseException], None] | None = None,
        on_log: Callable[[], None] | None = None,
    ) -> None:
        self.root = os.path.abspath(root)
        self.on_change = on_change
        self.on_error = on_error
        self.on_log = on_log
        self.log_folder = os.path.join(self.root, LOG_FOLDER)
        self.log_path = os.path.join(self.log_folder, LOG_FILE)
        self.errors: list[BaseException] = []
        self._fresh: list[str] = []  # folders that appeared: read once the watch on them is up
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.ready = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="newsdesk-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _identity(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.root)
        except OSError:
            return None
        return (st.st_dev, st.st_ino) if os.path.isdir(self.root) else None

    def _failed(self, exc: BaseException) -> None:
        if self.on_error is not None:
            try:
                self.on_error(exc)
                return
            except Exception as again:  # the error handler itself: keep both
                self.errors.append(again)
        self.errors = [*self.errors[-9:], exc]

    def _deliver(self, ids: set[str], folders: set[str]) -> None:
        try:
            self.on_change(ids, folders)
        except Exception as exc:
            self._failed(exc)

    def _deliver_log(self) -> None:
        if self.on_log is None:
            return
        try:
            self.on_log()
        except Exception as exc:
            self._failed(exc)

    def _run(self) -> None:
        known = self._identity()
        self.ready.set()
        pause = POLL
        while not self._stop.is_set():
            now = self._identity()
            if now is None:
                if known is not None:  # it went: everything it held went with it
                    known = None
                    self._deliver(set(), {EVERYTHING})
                self._stop.wait(POLL)
                continue
            if now != known:  # back, or replaced by another folder: read it all again
                known = now
                try:
                    self._deliver(set(folder.scan(self.root)), {EVERYTHING})
                except Exception as exc:
                    self._failed(exc)
            try:
                self._watch(now)
                pause = POLL
            except Exception as exc:  # the notifications failed: the folder went, too many folders...
                self._failed(exc)
                self._stop.wait(pause)
                pause = min(pause * 2, BACKOFF)

    def _watch(self, identity: tuple[int, int]) -> None:
        """Deliver changes until asked to stop, the folder is no longer `identity`, or
        a folder appeared or went (then `_run` calls this again, on the new set)."""
        from watchfiles import Change, watch

        root = self.root
        dirs = _real_dirs(root)
        log_folder, log_path = self.log_folder, self.log_path
        following_log = self.on_log is not None and _real_dir(log_folder)
        if following_log:
            dirs.append(log_folder)
        watched = set(dirs)
        fresh, self._fresh = self._fresh, []
        log_fresh = log_folder in fresh  # made or gone since the last watch: the log is read again
        if log_fresh:
            fresh.remove(log_folder)

        def keep(change: object, path: str) -> bool:
            if path in (log_path, log_folder):
                return self.on_log is not None
            if os.path.dirname(path) == log_folder:
                return False  # the folder's other files (the saved duplicate pass...)
            if _is_story_path(root, path) or path in watched or _real_dir(path):
                return True
            # A sub-folder moved away or deleted: its stories must go too.
            return change == Change.deleted and not os.path.basename(path).startswith(".")

        for changes in watch(
            *dirs,
            watch_filter=keep,
            debounce=DEBOUNCE_MS,
            step=30,
            stop_event=self._stop,
            raise_interrupt=False,
            recursive=False,
            yield_on_timeout=True,  # a wake-up at least every `rust_timeout`: the folder is checked
            rust_timeout=int(POLL * 1000),
        ):
            if self._identity() != identity:
                return  # gone or replaced: `_run` says so and starts again
            if fresh:  # the watch is up: what the new folders hold now is not missed
                ids = {folder.story_id(root, os.path.join(path, sid)) for path in fresh for sid in folder.scan(path)}
                fresh = []
                if ids:
                    self._deliver(ids, set())
            if log_fresh:
                log_fresh = False
                self._deliver_log()
            if not changes:
                continue
            log_moved = False
            if any(path in (log_path, log_folder) for _, path in changes):
                changes = {(change, path) for change, path in changes if path not in (log_path, log_folder)}
                self._deliver_log()
                log_moved = self.on_log is not None and _real_dir(log_folder) != following_log
            moved = [
                path
                for change, path in changes
                if path != root
                and ((change == Change.deleted and path in watched) or (path not in watched and _real_dir(path)))
            ]
            try:
                ids, folders = self._ids(changes)
            except Exception as exc:
                self._failed(exc)
                ids, folders = set(), set()
            if ids or folders:
                self._deliver(ids, folders)
            if moved or log_moved:  # watch the new set of folders; read the new ones once that is up
                self._fresh = [path for path in moved if _real_dir(path)] + ([log_folder] if log_moved else [])
                return

    def _ids(self, changes: Iterable[tuple[object, str]]) -> tuple[set[str], set[str]]:
        root = self.root
        ids: set[str] = set()
        folders: set[str] = set()
        for _change, path in changes:
            if path == root:
                continue  # the folder itself: its identity is checked on every wake-up
            if _is_story_path(root, path):
                ids.add(folder.story_id(root, path))
            elif _real_dir(path):  # a folder moved in: its stories are new
                ids.update(folder.story_id(root, os.path.join(path, sid)) for sid in folder.scan(path))
            elif not os.path.basename(path).startswith("."):
                folders.add(folder.story_id(root, path))  # gone, or a non-story file
        return ids, folders
