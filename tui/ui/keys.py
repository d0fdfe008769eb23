"""The keys in force: a binding's keys after the user's keymap, named for people.

Textual applies the keymap (`App.set_keymap`) itself when it walks the bindings for a
key press and for the footer. The help screen also lists screens that are not
showing, so it asks here for the same substitution; one place, so that help, footer
and palette cannot disagree about a key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.keys import format_key

KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "space": "space",
    "escape": "esc",
    "enter": "enter",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "tab": "tab",
    "shift+tab": "shift+tab",
}


def keymap_of(app: App[Any]) -> Mapping[str, str]:
    """The app's keymap as Textual holds it (binding id -> keys, normalised: `?` is
    `question_mark`): the one `set_keymap` was given, not a copy that could drift."""
    keymap: Mapping[str, str] = getattr(app, "_keymap", {})
    return keymap


def keys_in_force(binding: Binding, keymap: Mapping[str, str]) -> str:
    """The binding's comma-separated keys once the keymap has had its say."""
    return keymap.get(binding.id, binding.key) if binding.id else binding.key


def key_name(key: str) -> str:
    """One key as the help sheet names it: `?` for question_mark, `PgDn`, `ctrl+r`."""
    key = key.strip()
    named = KEY_NAMES.get(key)
    if named is not None:
        return named
    modifiers, _, last = key.rpartition("+")
    base = format_key(last) if len(last) > 1 else last  # "left_square_bracket" -> "["
    return f"{modifiers}+{base}" if modifiers else base


def key_label(keys: str) -> str:
    """`j,down` -> `j ↓`."""
    return " ".join(key_name(k) for k in keys.split(","))


def hint_keys(app: App[Any], bindings: Iterable[BindingType], binding_id: str, joiner: str = " or ") -> str:
    """The keys in force of the binding `binding_id` among `bindings`, for a dialog's
    words ("enter or y", "n / esc"): a hint names what the keymap made of them, never a
    key written by hand. "" when no such binding (a hint leaves that part out)."""
    keymap = keymap_of(app)
    for binding in bindings:
        if isinstance(binding, Binding) and binding.id == binding_id:
            return joiner.join(key_name(key) for key in keys_in_force(binding, keymap).split(","))
    return ""
