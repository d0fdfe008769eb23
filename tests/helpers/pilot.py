"""Waiting helpers for Pilot tests: the app loads, dedupes and writes on other threads."""

from __future__ import annotations

import time


async def ready(pilot, *, dupes: bool = False) -> None:
    """Until the folder is loaded (and, with `dupes`, the duplicate search is done)."""
    for _ in range(1000):
        app = pilot.app
        if app.store.loaded and (not dupes or app.dupes.ready):
            break
        await pilot.pause(0.01)
    await pilot.pause(0.1)


async def settle(pilot) -> None:
    """Until the writer thread has no queued edit and its events are handled."""
    for _ in range(500):
        if pilot.app.pending_writes == 0:
            break
        await pilot.pause(0.01)
    await pilot.pause(0.05)
    await pilot.pause()


async def until(pilot, condition, timeout: float) -> float:
    """Until `condition()` holds; returns how long it took, fails after `timeout` s."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if condition():
            return time.monotonic() - start
        await pilot.pause(0.02)
    raise AssertionError(f"not within {timeout}s")


async def palette_offers(pilot, text: str, timeout: float = 5.0) -> None:
    """Until the command palette's highlighted option mentions `text` (its search is async)."""
    from textual.command import CommandList

    def offered() -> bool:
        try:
            options = pilot.app.screen.query_one(CommandList)
        except Exception:
            return False
        at = options.highlighted
        return at is not None and text.casefold() in str(options.get_option_at_index(at).prompt).casefold()

    await until(pilot, offered, timeout)
