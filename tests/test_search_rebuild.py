"""The dashboard keeps its search index current while the folder changes underneath."""

from __future__ import annotations

from pathlib import Path

from pilot_helpers import ready, until

from tui.app import NewsdeskApp

S2 = "002_ec13f126c5df086c.txt"


def retitle(path: Path, title: str) -> None:
    lines = path.read_bytes().split(b"\n")
    lines = [b'title: "' + title.encode() + b'"' if line.startswith(b"title:") else line for line in lines]
    path.write_bytes(b"\n".join(lines))


async def test_the_search_index_is_rebuilt_after_outside_changes(seeds_copy: Path) -> None:
    """An outside edit drops the search index; it is rebuilt off the UI thread once the
    folder is quiet, so the next search neither waits for it nor finds stale text."""
    app = NewsdeskApp(str(seeds_copy))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await until(pilot, lambda: app.store._entries is not None, timeout=5)
        retitle(seeds_copy / S2, "Zanzibar ferry timetable")
        await until(pilot, lambda: app.store.get(S2).title == "Zanzibar ferry timetable", timeout=3)
        await until(pilot, lambda: app.store._entries is not None, timeout=3)
        assert app.store.search("zanzibar").ids == [S2]
