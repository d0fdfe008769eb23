"""The settings, put into the running dashboard: keymap, theme, and their problems shown.

tui/desk/settings.py reads and checks the files without textual; two faults only the
dashboard can see are found here and reported the same way, at the line that set
them: a theme Textual does not have, and a remapped key that lands on another
binding of the same screen or widget (Textual would silently drop one of them; the
setting is refused instead and the binding keeps its default).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from textual.app import App
from textual.binding import Binding

from tui.core.format.literal import one_line
from tui.desk.settings import Settings, SettingsProblem
from tui.ui.keys import key_label, keymap_of, keys_in_force

NOTICE_CHARS = 300  # of the first problem, in the start-up notification


def apply_settings(app: App[Any], settings: Settings) -> Settings:
    """From the app's `__init__`: set the keymap and theme. Returns `settings` with the
    problems found here added (what the app should keep and show)."""
    found: list[SettingsProblem] = []
    keymap, refused = _without_clashes(app, settings)
    app.set_keymap(keymap)
    theme = settings.ui.theme
    if theme is not None:
        if theme in app.available_themes:
            app.theme = theme
        else:
            names = ", ".join(sorted(app.available_themes))
            found.append(settings.problem("ui.theme", f"no theme called {theme!r}; ignored (there are {names})"))
    found.extend(refused)
    if not found:
        return settings
    return replace(settings, keymap=MappingProxyType(keymap), problems=settings.problems + tuple(found))


def _without_clashes(app: App[Any], settings: Settings) -> tuple[dict[str, str], list[SettingsProblem]]:
    """The keymap less every setting that puts a key on another binding of the same
    screen or widget (Textual would keep one binding and silently drop the other): such
    a setting is refused and keeps its default, as README says, so no action is lost.
    One refusal can uncover another (a binding back on its default key that a second
    setting took), so this repeats until nothing clashes; each round drops a setting."""
    keymap = dict(settings.keymap)
    problems: list[SettingsProblem] = []
    while clash := _first_clash(app, app._normalize_keymap(keymap)):
        binding, key, others = clash
        binding_id = str(binding.id)
        del keymap[binding_id]
        default = key_label(binding.key)
        problems.append(
            settings.problem(
                f"keymap.{binding_id}",
                f"{key_label(key)} is already the key of {others} on the same screen; "
                f"ignored, {binding_id} keeps its default {default}",
            )
        )
    return keymap, problems


def _first_clash(app: App[Any], keymap: Mapping[str, str]) -> tuple[Binding, str, str] | None:
    """A remapped binding whose key another binding of its screen or widget has, with
    that key and the other bindings' ids; None when every key is one binding's."""
    from tui.ui.screens.help import HelpScreen, binding_groups

    for _, bindings in [*binding_groups(app), ("Help", list(HelpScreen.BINDINGS))]:
        on_key: defaultdict[str, list[Binding]] = defaultdict(list)
        for binding in bindings:
            if isinstance(binding, Binding):
                for key in keys_in_force(binding, keymap).split(","):
                    on_key[key.strip()].append(binding)
        for key, sharing in on_key.items():
            remapped = [b for b in sharing if b.id in keymap]
            if len(sharing) > 1 and remapped:
                others = ", ".join(str(b.id) for b in sharing if b is not remapped[0])
                return remapped[0], key, others
    return None


def settings_problems(app: App[Any]) -> tuple[SettingsProblem, ...]:
    settings = getattr(app, "settings", None)
    return settings.problems if isinstance(settings, Settings) else ()


def announce_problems(app: App[Any]) -> None:
    """From `on_mount`: one notification naming the first problem and where the rest are."""
    problems = settings_problems(app)
    if not problems:
        return
    keys = next(
        (
            key_label(keys_in_force(b, keymap_of(app)))
            for b in type(app).BINDINGS
            if isinstance(b, Binding) and b.id == "app.problems"
        ),
        None,
    )
    more = f"{len(problems)} settings problems; " if len(problems) > 1 else ""
    where = f" ({keys} lists them)" if keys else ""
    # markup=False: a file name or a key from a file is text, never markup.
    app.notify(
        f"{more}{one_line(problems[0].format())[:NOTICE_CHARS]}{where}",
        title="Settings",
        severity="warning",
        timeout=12,
        markup=False,
    )
