"""The settings, put into the running dashboard: keymap, theme, and their problems shown.

tui/desk/settings.py reads and checks the files without textual; two faults only the
dashboard can see are found here and reported the same way, at the line that set
them: a theme Textual does not have, and a remapped key that lands on another
binding of the same screen or widget (Textual would silently drop that binding).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
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
    app.set_keymap(dict(settings.keymap))
    theme = settings.ui.theme
    if theme is not None:
        if theme in app.available_themes:
            app.theme = theme
        else:
            names = ", ".join(sorted(app.available_themes))
            found.append(settings.problem("ui.theme", f"no theme called {theme!r}; ignored (there are {names})"))
    found.extend(_clashes(app, settings))
    return replace(settings, problems=settings.problems + tuple(found)) if found else settings


def _clashes(app: App[Any], settings: Settings) -> list[SettingsProblem]:
    """Two bindings of one screen or widget on one key, one of them remapped."""
    from tui.ui.screens.help import HelpScreen, binding_groups

    keymap = keymap_of(app)
    problems: list[SettingsProblem] = []
    for _, bindings in [*binding_groups(app), ("Help", list(HelpScreen.BINDINGS))]:
        on_key: defaultdict[str, list[Binding]] = defaultdict(list)
        for binding in bindings:
            if isinstance(binding, Binding):
                for key in keys_in_force(binding, keymap).split(","):
                    on_key[key.strip()].append(binding)
        for key, sharing in on_key.items():
            remapped = [b for b in sharing if b.id in settings.keymap]
            if len(sharing) > 1 and remapped:
                others = ", ".join(str(b.id) for b in sharing if b is not remapped[0])
                problems.append(
                    settings.problem(
                        f"keymap.{remapped[0].id}",
                        f"{key_label(key)} is also the key of {others}; the keymap's binding takes it from them",
                    )
                )
    return problems


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
