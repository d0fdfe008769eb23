"""The dashboard, driven by Pilot in its own process: first frame, keys, memory.

    python -m bench.bench_dashboard ROOT OUT.json LAUNCHED [--keys | --cursor]

LAUNCHED is the wall-clock time (time.time()) at which the parent started this
process, so "launch to the first frame showing stories" includes interpreter start-up
and imports. A frame is counted when Textual hands a screen update to its driver; the
headless driver writes nothing, so the hook renders the update to terminal bytes
itself, as a real terminal's driver would. With `--keys`, once the folder is loaded
and duplicates are found, it measures key-to-frame latencies: cursor moves, each
keystroke of a search (and, apart, searches typed at a steady 10 keys a second),
filter and sort switches; and memory. With `--cursor` it only moves the cursor down the
whole list and back up (bench/bench_hostile.py: every key lands on or leaves a story).

Every run starts from the default view: the dashboard restores each folder's last sort,
filter and story from the user's state folder, so the child gets a private one (a
previous run's filter left a small folder with no rows: no frame ever showed stories,
and the run waited out every deadline). A wait that times out fails the run by name.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Frames:
    """What the hooks saw: every frame's time, and when story rows were first painted."""

    def __init__(self) -> None:
        self.count = 0
        self.last = 0.0
        self.story_painted = False
        self.first_story_frame_wall: float | None = None
        self.rows_at = 0.0  # when the list last got new rows
        self.rows_text = ""
        self.rows_complete = True
        self.frame_after_rows = 0.0
        # (time, search text, complete) of every first frame after new rows: Pilot's
        # press returns only once the app is idle, after a search's second update, so
        # the first one must be recorded when it happens, not looked for afterwards.
        self.shown: list[tuple[float, str, bool]] = []


def install(frames: Frames) -> None:
    from textual.app import App

    from tui.ui.widgets.article_list import ArticleList

    display = App._display
    render_line = ArticleList.render_line
    set_rows = ArticleList.set_rows

    def hooked_display(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is None:
            return
        render = getattr(renderable, "render_segments", None)
        if render is not None:
            render(self.console)  # the bytes a real terminal would be sent
        now = time.perf_counter()
        frames.count += 1
        frames.last = now
        if frames.story_painted and frames.first_story_frame_wall is None:
            frames.first_story_frame_wall = time.time()
        if frames.rows_at and not frames.frame_after_rows:
            frames.frame_after_rows = now
            frames.shown.append((now, frames.rows_text, frames.rows_complete))

    def hooked_render_line(self: ArticleList, y: int) -> Any:
        strip = render_line(self, y)
        if y > 0 and not frames.story_painted and int(self.scroll_y) + y - 1 < len(self.ids):
            frames.story_painted = True
        return strip

    def hooked_set_rows(self: ArticleList, *args: Any, **kwargs: Any) -> None:
        set_rows(self, *args, **kwargs)
        frames.rows_at = time.perf_counter()
        frames.rows_text = self.screen.query_state.text if hasattr(self.screen, "query_state") else ""
        frames.rows_complete = getattr(self.screen, "result_complete", True)
        frames.frame_after_rows = 0.0

    App._display = hooked_display  # type: ignore[method-assign]
    ArticleList.render_line = hooked_render_line  # type: ignore[method-assign]
    ArticleList.set_rows = hooked_set_rows  # type: ignore[method-assign]


async def _until(check: Any, timeout: float, step: float = 0.0005) -> bool:
    deadline = time.perf_counter() + timeout
    while not check():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(step)
    return True


@contextmanager
def private_state() -> Iterator[str]:
    """A state folder of this run's own (XDG_STATE_HOME): the default view, and the
    user's saved views neither read nor written."""
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-state-") as state:
        before = os.environ.get("XDG_STATE_HOME")
        os.environ["XDG_STATE_HOME"] = state
        try:
            yield state
        finally:
            if before is None:
                os.environ.pop("XDG_STATE_HOME", None)
            else:
                os.environ["XDG_STATE_HOME"] = before


async def _must(check: Any, timeout: float, what: str, step: float = 0.0005) -> None:
    """`_until`, failing the run by name when the deadline passes."""
    if not await _until(check, timeout, step):
        raise RuntimeError(f"waited {timeout:g} s for {what}")


async def _frame_after(pilot: Any, frames: Frames, key: str) -> float:
    """Seconds from pressing `key` to the next frame (a key that changes nothing on
    screen, at the end of the list say, has none: the run fails rather than time some
    later, unrelated frame)."""
    before = frames.count
    started = time.perf_counter()
    await pilot.press(key)
    await _must(lambda: frames.count > before, 2.0, f"a frame after {key!r}")
    return frames.last - started


KEY_REPEAT = 1 / 30  # a held key repeats about 30 times a second (X11 and macOS defaults: 25-30)


async def _held(pilot: Any, frames: Frames, key: str) -> float:
    """`_frame_after` for one repeat of a held key: presses come a repeat interval
    apart, not back to back. Back to back, every press after the first lands inside
    the frame interval Textual paces updates to (60 per second), and what was timed
    was the pacing, not the key."""
    await asyncio.sleep(max(0.0, KEY_REPEAT - (time.perf_counter() - frames.last)))
    return await _frame_after(pilot, frames, key)


async def _rows_frame_after(pilot: Any, frames: Frames, key: str, text: str | None = None) -> float:
    """Seconds from pressing `key` to the first frame showing the list it leads to."""
    return (await _rows_frames_after(pilot, frames, key, text))[0]


async def _rows_frames_after(pilot: Any, frames: Frames, key: str, text: str | None = None) -> tuple[float, float]:
    """Seconds from pressing `key` to the first frame showing the list it leads to, and
    to the frame showing it complete (a search's near misses come in a second update)."""
    started = time.perf_counter()
    await pilot.press(key)

    def seen(complete: bool) -> float | None:
        for at, shown_text, whole in frames.shown:
            if at >= started and (text is None or shown_text == text) and (whole or not complete):
                return at
        return None

    await _until(lambda: seen(True) is not None, 10.0)
    first, whole = seen(False), seen(True)
    return (first or started) - started, (whole or started) - started


PACE = 0.1  # seconds between keys typed at a steady pace (10 a second)


async def _paced(app: Any, frames: Frames, text: str) -> list[float | None]:
    """Type `text` a key every PACE seconds, not waiting for the app (as a typist does),
    into a search box already open; for each prefix, seconds from its key to the first
    frame showing its hits, or None when the next key replaced it before it was shown."""
    from textual import events

    sent: list[tuple[str, float]] = []
    typed = ""
    for char in text:
        typed += char
        event = events.Key("space" if char == " " else char, char)
        event.set_sender(app)
        sent.append((typed, time.perf_counter()))
        app._driver.send_message(event)
        await asyncio.sleep(PACE)
    await _until(lambda: any(shown == text for _, shown, _ in frames.shown[-5:]), 10.0)
    out: list[float | None] = []
    for prefix, at in sent:
        shown_at = [t for t, shown, _ in frames.shown if shown == prefix and t >= at]
        out.append(shown_at[0] - at if shown_at else None)
    return out


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


COMMON_QUERY = "the state police"  # words in most stories: the dearest kind to search


def _query_words(store: Any) -> str:
    """Two words of a real title, as an editor would type them to find that story."""
    ids = sorted(store.stories)
    for sid in ids[len(ids) // 3 :]:
        words = [w for w in store.stories[sid].title.lower().split() if len(w) >= 5 and w.isalpha()]
        if len(words) >= 2:
            return f"{words[0]} {words[1]}"
    return "police reform"


async def measure(root: str, launched: float, keys: bool) -> dict[str, Any]:
    rss_start = _rss_mb()
    # As `newsdesk FOLDER` starts: the desk loads while Textual is imported (tui.cli.main).
    from tui.cli.main import start_desk
    from tui.desk.settings import load_settings

    settings = load_settings(root)
    desk = start_desk(root, settings)
    frames = Frames()
    install(frames)
    from tui.ui.app import NewsdeskApp

    result: dict[str, Any] = {}
    app = NewsdeskApp(root, desk=desk, settings=settings)
    async with app.run_test(size=(160, 45)) as pilot:
        await _must(lambda: frames.first_story_frame_wall is not None, 600, "a frame showing stories", 0.002)
        result["first_frame_s"] = (frames.first_story_frame_wall or time.time()) - launched
        await _until(lambda: app.store.loaded, 900, 0.01)
        result["loaded_s"] = time.time() - launched
        result["stories"] = len(app.store)
        result["rss_loaded_mb"] = _rss_mb()
        await _until(lambda: app.dupes.ready, 1800, 0.02)
        result["dedupe_done_s"] = time.time() - launched
        # A saved pass is shown at once, then the index that follows edits is built
        # quietly in the background; keys are timed once that is done too.
        await _until(lambda: not app.dupes.running, 1800, 0.02)
        result["dedupe_index_s"] = time.time() - launched
        await pilot.pause(0.3)
        result["rss_mb"] = _rss_mb()
        result["rss_start_mb"] = rss_start
        if keys:
            articles = app.main.articles
            articles.focus()
            await pilot.pause(0.2)
            down = min(120, len(articles.ids) - 1)  # a key at the end of the list draws nothing
            cursor = [await _held(pilot, frames, "down") for _ in range(down)]
            cursor += [await _held(pilot, frames, "up") for _ in range(min(30, down))]
            result["cursor_ms"] = [round(v * 1000, 2) for v in cursor]
            query = _query_words(app.store)
            result["query"] = query
            first, _, second = query.partition(" ")
            typo = f"{first} {second[0]}{second[2:]}" if len(second) > 2 else query  # one letter left out
            result["typo_query"] = typo
            search, complete = [], []
            for text in (query, typo):
                await pilot.press("slash")
                await pilot.pause(0.2)
                typed = ""
                for char in text:
                    typed += char
                    hits, whole = await _rows_frames_after(pilot, frames, "space" if char == " " else char, typed)
                    search.append(hits)
                    complete.append(whole)
                result["search_hits" if text == query else "typo_hits"] = len(articles.ids)
                await pilot.press("enter")
                await pilot.press("escape")
                await pilot.pause(0.3)
            paced: dict[str, list[float | None]] = {}
            for text in (query, COMMON_QUERY):
                # Typed afresh: without the exact passes the keys above left behind.
                index = app.store._entries
                if index is not None:
                    index.forget_passes()
                await pilot.press("slash")
                await pilot.pause(0.2)
                paced[text] = [None if v is None else round(v * 1000, 2) for v in await _paced(app, frames, text)]
                await pilot.press("escape")
                await pilot.pause(0.3)
            result["paced_ms"] = paced
            result["search_ms"] = [round(v * 1000, 2) for v in search]
            # The typo shares the query's first word: its prefixes find the exact passes
            # the first search kept (SearchIndex._passes). The first search alone is every
            # keystroke's pass run afresh.
            result["first_search_ms"] = result["search_ms"][: len(query)]
            result["search_complete_ms"] = [round(v * 1000, 2) for v in complete]
            articles.focus()
            result["filter_ms"] = [round(await _rows_frame_after(pilot, frames, "f") * 1000, 2) for _ in range(4)]
            result["sort_ms"] = [round(await _rows_frame_after(pilot, frames, "s") * 1000, 2) for _ in range(10)]
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        await pilot.press("q")
    return result


def summary(result: dict[str, Any]) -> dict[str, Any]:
    out = dict(result)
    for text, values in result.get("paced_ms", {}).items():
        shown = [v for v in values if v is not None]
        if shown:
            out.setdefault("paced", {})[text] = {
                "p50_ms": statistics.median(shown),
                "p90_ms": _p90(shown),
                "max_ms": max(shown),
                "shown": len(shown),
                "keys": len(values),
            }
    for name in ("cursor_ms", "search_ms", "first_search_ms", "search_complete_ms", "filter_ms", "sort_ms"):
        values = result.get(name)
        if values:
            out[name.replace("_ms", "_p90_ms")] = _p90(values)
            out[name.replace("_ms", "_p50_ms")] = statistics.median(values)
            out[name.replace("_ms", "_max_ms")] = max(values)
    return out


async def sweep(root: str) -> dict[str, Any]:
    """The cursor down the whole list and back up, a key-repeat apart: each key's
    key-to-frame time and the story it left and the one it landed on."""
    frames = Frames()
    install(frames)
    from tui.ui.app import NewsdeskApp

    app = NewsdeskApp(root)
    async with app.run_test(size=(160, 45)) as pilot:
        await _must(lambda: app.store.loaded, 900, "the folder to load", 0.01)
        await _must(lambda: app.dupes.ready and not app.dupes.running, 1800, "the duplicate search", 0.02)
        articles = app.main.articles
        await _must(lambda: len(articles.ids) == len(app.store) > 1, 60, "every story listed", 0.01)
        articles.focus()
        await pilot.pause(0.3)
        rows = len(articles.ids)
        moves: list[tuple[str | None, str | None]] = []
        cursor: list[float] = []
        for key in ["down"] * (rows - 1) + ["up"] * (rows - 1):
            left = articles.current
            cursor.append(await _held(pilot, frames, key))
            moves.append((left, articles.current))
        await pilot.press("q")
    return {"stories": rows, "cursor_ms": [round(v * 1000, 2) for v in cursor], "moves": moves}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root, out, launched = args[0], args[1], float(args[2])
    with private_state():
        if "--cursor" in args:
            result = summary(asyncio.run(sweep(root)))
        else:
            result = summary(asyncio.run(measure(root, launched, "--keys" in args)))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
