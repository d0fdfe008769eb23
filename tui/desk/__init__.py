"""The UI-free application service: what the dashboard and the command line share
(settings, and the desk that owns store, duplicate finder, graph, watcher and the edit
queue). Never imports textual: a driver listens for the desk's events instead.

The names below are imported on first use, not with the package: `tui.desk.settings`
is read by commands that never load a story, and the desk brings the store, YAML and
rapidfuzz with it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.desk.desk import Desk
    from tui.desk.events import (
        APPLYING_CHANGES,
        FINDING_DUPLICATES,
        LOADING,
        DeskEvent,
        DeskListener,
        DuplicatesReady,
        EditDone,
        Failure,
        Progress,
    )

__all__ = [
    "APPLYING_CHANGES",
    "FINDING_DUPLICATES",
    "LOADING",
    "Desk",
    "DeskEvent",
    "DeskListener",
    "DuplicatesReady",
    "EditDone",
    "Failure",
    "Progress",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'tui.desk' has no attribute {name!r}")
    module = importlib.import_module("tui.desk.desk" if name == "Desk" else "tui.desk.events")
    return getattr(module, name)
