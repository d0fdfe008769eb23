"""Fixtures for the desk tests: desks that are closed with the test, an event recorder,
and a small folder with duplicate suggestions."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.helpers.stories import ORIGINAL, Spec, copy, write
from tui.desk import Desk, DeskEvent

E = TypeVar("E")

YAHOO = {"provider": "Yahoo News", "domain": "news.yahoo.com"}
DRONES = Spec(
    "Ohio limits police drones over schools after privacy complaints",
    "Citing concerns about cost and oversight, Ohio limited police drones over schools, the governor said.",
    hours=100,
    provider="Dispatch",
    domain="dispatch.com",
)
SPECS = {
    "a.md": ORIGINAL,  # no published key: published
    "b.md": copy(ORIGINAL, title="UPDATE 2-" + ORIGINAL.title, hours=3, published="true", **YAHOO),
    "c.md": copy(
        ORIGINAL,
        title="Bay State lawmakers rein in face scans by officers",
        hours=5,
        published="false",
        provider="MSN",
        domain="msn.com",
    ),
    "f.md": DRONES,
    "g.md": copy(DRONES, hours=104, **YAHOO),
}


class Recorder:
    """A desk listener that keeps every event, and lets a test wait for one (no sleeps)."""

    def __init__(self) -> None:
        self.events: list[DeskEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeskEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of(self, kind: type[E]) -> list[E]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, kind: type[E], test: Callable[[E], bool] = lambda e: True, timeout: float = 30.0) -> E:
        """The first event of `kind` that passes `test`, waiting for it if need be."""
        found: list[E] = []

        def seen() -> bool:
            found[:] = [e for e in self.events if isinstance(e, kind) and test(e)]
            return bool(found)

        with self._cond:
            assert self._cond.wait_for(seen, timeout), f"no {kind.__name__} within {timeout}s: {self.events}"
        return found[0]


@pytest.fixture
def make_desk() -> Iterator[Callable[..., tuple[Desk, Recorder]]]:
    """`make_desk(root, **options)`: a desk with a recorder listening; closed (and its
    threads joined) when the test ends."""
    desks: list[Desk] = []

    def make(root: Path, **options: Any) -> tuple[Desk, Recorder]:
        desk = Desk(str(root), **options)
        desks.append(desk)
        recorder = Recorder()
        desk.subscribe(recorder)
        return desk, recorder

    yield make
    for desk in desks:
        desk.close(wait=True)


@pytest.fixture
def dupes_folder(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Two suggestions: a, b, c (a and b published, c not) and f, g (both published)."""
    root = tmp_path / "news"
    return root, write(root, SPECS)


def files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.glob("*.md"))}
