"""Waiting helpers for Pilot tests: the app loads, dedupes and writes on other threads.

Every wait has a deadline and fails loudly when it passes, naming what it waited for
and what it saw last. A wait that just ended and let the test carry on would turn a
hang into a confusing assertion further down, or worse, into a test that passes
without ever having seen the state it meant to check.
"""

from __future__ import annotations

import linecache
import time
from collections.abc import Callable
from typing import Any

LOAD_TIMEOUT = 30.0  # a folder of a few thousand stories, deduped, on a loaded 2-core machine
WRITE_TIMEOUT = 15.0


class WaitTimeout(AssertionError):
    """A condition a test waited for did not hold in time."""


def describe(condition: Callable[[], object]) -> str:
    """Where a condition was written, and the source line that wrote it (for a lambda)."""
    code = getattr(condition, "__code__", None)
    if code is None:
        return repr(condition)
    line = linecache.getline(code.co_filename, code.co_firstlineno).strip()
    return f"{getattr(condition, '__qualname__', '?')} at {code.co_filename}:{code.co_firstlineno}: {line}"


async def until(
    pilot: Any,
    condition: Callable[[], object],
    timeout: float,
    *,
    what: str | None = None,
    seen: Callable[[], object] | None = None,
) -> float:
    """Until `condition()` holds; returns how long it took.

    Fails with WaitTimeout after `timeout` s, naming `what` (else the condition's source)
    and, if given, the last value of `seen()`.
    """
    start = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - start
        if time.monotonic() - start >= timeout:
            message = f"waited {timeout:g} s for {what or describe(condition)}"
            if seen is not None:
                message += f"; last seen: {seen()!r}"
            raise WaitTimeout(message)
        await pilot.pause(0.02)


async def ready(pilot: Any, *, dupes: bool = False, timeout: float = LOAD_TIMEOUT) -> None:
    """Until the folder is loaded (and, with `dupes`, the duplicate search is done)."""
    app = pilot.app
    await until(
        pilot,
        lambda: app.store.loaded and (not dupes or app.dupes.ready),
        timeout,
        what="the folder to load" + (" and the duplicate search to finish" if dupes else ""),
        seen=lambda: {"loaded": app.store.loaded, "stories": len(app.store), "dupes ready": app.dupes.ready},
    )
    await pilot.pause(0.1)  # the list and the panes show the loaded folder a few messages later


async def settle(pilot: Any, timeout: float = WRITE_TIMEOUT) -> None:
    """Until the writer thread has no queued edit and its events are handled."""
    app = pilot.app
    await until(
        pilot,
        lambda: app.pending_writes == 0,
        timeout,
        what="the queued edits to be written",
        seen=lambda: {"pending writes": app.pending_writes},
    )
    await pilot.pause(0.05)  # the writer's outcome reaches the screen as messages
    await pilot.pause()


async def palette_offers(pilot: Any, text: str, timeout: float = 5.0) -> None:
    """Until the command palette's highlighted option mentions `text` (its search is async)."""
    from textual.command import CommandList

    def highlighted() -> str | None:
        try:
            options = pilot.app.screen.query_one(CommandList)
        except Exception:
            return None
        at = options.highlighted
        return None if at is None else str(options.get_option_at_index(at).prompt)

    def offered() -> bool:
        prompt = highlighted()
        return prompt is not None and text.casefold() in prompt.casefold()

    await until(pilot, offered, timeout, what=f"the command palette to offer {text!r}", seen=highlighted)
