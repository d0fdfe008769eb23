"""The binding ids a `[keymap]` may name (listed in the core, which cannot import textual)
are exactly the ids the UI's bindings carry, and every binding has one."""

from __future__ import annotations

import importlib
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import tui.ui
from tui.desk.settings import BINDING_IDS


def ui_bindings() -> list[tuple[str, Binding]]:
    for module in pkgutil.walk_packages(tui.ui.__path__, "tui.ui."):
        importlib.import_module(module.name)
    found: list[tuple[str, Binding]] = []
    seen: set[type] = set()
    todo: list[type] = [DOMNode]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    for cls in seen:
        if cls.__module__.startswith("tui.ui.") and "BINDINGS" in vars(cls):
            for binding in vars(cls)["BINDINGS"]:
                assert isinstance(binding, Binding), f"{cls.__qualname__}: {binding!r} is not a Binding (no id)"
                found.append((cls.__qualname__, binding))
    return found


def test_every_ui_binding_has_an_id_the_settings_know() -> None:
    bindings = ui_bindings()
    assert len(bindings) > 40
    missing = [f"{owner}: {b.key} -> {b.action}" for owner, b in bindings if not b.id]
    assert not missing, f"bindings without an id (a keymap cannot reach them): {missing}"
    ids = [b.id for _, b in bindings]
    assert len(ids) == len(set(ids)), "binding ids must be unique"
    declared = set(ids)
    assert declared - BINDING_IDS == set(), "add these ids to BINDING_IDS in tui/desk/settings.py"
    assert BINDING_IDS - declared == set(), "these ids in BINDING_IDS name no binding any more"
