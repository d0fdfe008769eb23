"""Follow a story folder as others change it: the ingest pipeline, `git pull`, colleagues.

A thread blocks on the OS's change notifications (inotify via watchfiles) and hands
the caller story ids, never raw paths: hidden files (our own temporary files among
them) and non-story files are filtered out before anyone reads a byte. Reading and
parsing the changed files is the caller's job, in batches, so a 10,000-file
`git pull` arrives with progress instead of as one long pause.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from tui.core.disk import folder

DEBOUNCE_MS = 150  # group a burst; well inside the one second editors may wait


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
    must be re-checked too). The receiver re-reads each to learn what happened.
    """

    def __init__(self, root: str, on_change: Callable[[set[str], set[str]], None]) -> None:
        self.root = os.path.abspath(root)
        self.on_change = on_change
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

    def _run(self) -> None:
        from watchfiles import Change, watch

        root = self.root

        def keep(change: object, path: str) -> bool:
            if _is_story_path(root, path) or os.path.isdir(path):
                return True
            # A sub-folder moved away or deleted: its stories must go too.
            return change == Change.deleted and not os.path.basename(path).startswith(".")

        self.ready.set()
        for changes in watch(
            root,
            watch_filter=keep,
            debounce=DEBOUNCE_MS,
            step=30,
            stop_event=self._stop,
            raise_interrupt=False,
            yield_on_timeout=False,
            rust_timeout=500,
        ):
            ids: set[str] = set()
            folders: set[str] = set()
            for _change, path in changes:
                if _is_story_path(root, path):
                    ids.add(folder.story_id(root, path))
                elif os.path.isdir(path):  # a folder moved in: its stories are new
                    ids.update(folder.story_id(root, os.path.join(path, sid)) for sid in folder.scan(path))
                elif not os.path.basename(path).startswith("."):
                    folders.add(folder.story_id(root, path))  # gone, or a non-story file
            if ids or folders:
                self.on_change(ids, folders)
