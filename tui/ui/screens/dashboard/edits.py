"""The dashboard's edits beyond publish (issue 16): topics, headline, excerpt, fields, $EDITOR.

A mixin of `MainScreen`, so the dashboard's module only gains its base class: each
key opens a prompt (tui/ui/screens/prompts.py), and the answer goes to the desk's
writer thread (tui/desk/field_edits.py) as one edit, one undo step, with its outcome
notified like a publish. The targets are the marked stories shown, else the
highlighted one, as for `p`; the headline, the excerpt and the editor work on the
highlighted story alone.

The editor's own editor suspends the app, runs `$VISUAL` or `$EDITOR` on the story's
file, and on return reads that file again through the desk's folder sync, as for any
outside edit: what was saved shows at once, and a file that no longer parses is a
problem under `e` like any other. The file's bytes from before it opened make one undo
step (the desk's undo, as for every edit), put back only while the file still holds
what the editor saved.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.screen import Screen
from textual.suggester import SuggestFromList

from tui.core.disk import folder, swap
from tui.core.format import scalar_edits
from tui.core.format.edits import EditError
from tui.core.format.literal import cut, one_line
from tui.desk import field_edits
from tui.ui.screens.prompts import ChoicePrompt, TextPrompt
from tui.ui.screens.topics import TopicsScreen

if TYPE_CHECKING:
    from tui.desk.desk import Desk
    from tui.ui.widgets.article_list import ArticleList

SETTABLE = ("type", "category", "quality", "heat")


class FieldEditActions(Screen[None]):
    """Keys for topics, headline, excerpt, fields and the external editor."""

    BINDINGS = [
        Binding(
            "a",
            "add_topic",
            "Add topic",
            id="main.add_topic",
            tooltip="Add a topic to the marked stories, else the highlighted one",
            show=False,  # the footer is full; help and the palette list it
        ),
        Binding(
            "A",
            "remove_topic",
            "Remove topic",
            id="main.remove_topic",
            tooltip="Remove one of their topics from the marked stories, else the highlighted one",
            show=False,
        ),
        Binding(
            "number_sign",
            "topics",
            "Topics",
            id="main.topics",
            tooltip="Every topic with its count: rename, merge, delete across the folder",
            show=False,
        ),
        Binding(
            "h",
            "edit_title",
            "Edit headline",
            id="main.edit_title",
            tooltip="Fix the highlighted story's headline in place",
            show=False,
        ),
        Binding(
            "x",
            "edit_excerpt",
            "Edit excerpt",
            id="main.edit_excerpt",
            tooltip="Fix the highlighted story's excerpt in place",
            show=False,
        ),
        Binding(
            "F",
            "set_field",
            "Set field",
            id="main.set_field",
            tooltip="Set type, category, quality or heat on the marked stories, else the highlighted one",
            show=False,
        ),
        Binding(
            "E",
            "open_editor",
            "Open in editor",
            id="main.open_editor",
            tooltip="Open the highlighted story's file in $VISUAL or $EDITOR",
            show=False,
        ),
    ]

    # -- helpers --------------------------------------------------------------------
    @property
    def _fe_desk(self) -> Desk:
        return cast("Desk", cast(Any, self.app).desk)

    def _fe_list(self) -> ArticleList:
        from tui.ui.widgets.article_list import ArticleList

        return self.query_one(ArticleList)

    def _fe_targets(self) -> tuple[list[str], bool]:
        """The marked stories shown, else the highlighted one; and whether marks were used."""
        articles = self._fe_list()
        marked = articles.marked_visible()
        if marked:
            return marked, True
        return ([articles.current] if articles.current else []), False

    def _fe_where(self, ids: list[str]) -> str:
        if len(ids) != 1:
            return f"{len(ids)} marked stories"
        story = self._fe_desk.store.get(ids[0])
        title = story.title if story is not None and story.title else ids[0]
        return "'" + cut(one_line(title), 60) + "'"

    # -- topics on the chosen stories ------------------------------------------------
    def action_add_topic(self) -> None:
        ids, bulk = self._fe_targets()
        if not ids:
            self.app.notify("No story to tag", severity="warning")
            return
        names = [topic for topic, _ in self._fe_desk.store.topics()]

        def done(topic: str | None) -> None:
            if topic is not None and topic.strip():
                field_edits.submit_tag(self._fe_desk, ids, add=[topic.strip()], clear_marks=bulk)

        suggester = SuggestFromList(names, case_sensitive=False)
        hint = "→ takes the suggested topic"  # the Input's own key; the prompt adds enter and the cancel key
        prompt = TextPrompt(f"Add a topic to {self._fe_where(ids)}", suggester=suggester, hint=hint, enter="adds")
        self.app.push_screen(prompt, done)

    def action_remove_topic(self) -> None:
        ids, bulk = self._fe_targets()
        store = self._fe_desk.store
        topics = list(dict.fromkeys(t for sid in ids if (s := store.get(sid)) is not None for t in s.topics))
        if not topics:
            self.app.notify("No topic to remove", severity="warning")
            return

        def done(topic: str | None) -> None:
            if topic is not None:
                field_edits.submit_tag(self._fe_desk, ids, remove=[topic], clear_marks=bulk)

        self.app.push_screen(ChoicePrompt(f"Remove a topic from {self._fe_where(ids)}", topics), done)

    def action_topics(self) -> None:
        self.app.push_screen(TopicsScreen(self._fe_desk))

    # -- headline, excerpt and fields --------------------------------------------------
    def _fe_edit_text(self, field: str) -> None:
        sid = self._fe_list().current
        story = self._fe_desk.store.get(sid) if sid else None
        if sid is None or story is None:
            unreadable = sid is not None and sid in self._fe_desk.store.unreadable  # a site's broken file (issue 14)
            what = "newsdesk cannot read this file as a story: fix it in an editor first" if unreadable else ""
            self.app.notify(what or "No story to edit", severity="warning")
            return
        old = story.title if field == "title" else story.excerpt

        def done(value: str | None) -> None:
            if value is not None and value != old:
                field_edits.submit_set_field(self._fe_desk, [sid], field, value)

        name = "headline" if field == "title" else field
        self.app.push_screen(TextPrompt(f"The {name} of {self._fe_where([sid])}", old), done)

    def action_edit_title(self) -> None:
        self._fe_edit_text("title")

    def action_edit_excerpt(self) -> None:
        self._fe_edit_text("excerpt")

    def action_set_field(self) -> None:
        ids, bulk = self._fe_targets()
        if not ids:
            self.app.notify("No story to change", severity="warning")
            return

        def value_for(field: str | None) -> None:
            if field is None:
                return
            story = self._fe_desk.store.get(ids[0])
            current = getattr(story, field, None) if story is not None else None
            shown = "" if current is None else str(current)

            def done(value: str | None) -> None:
                if value is not None:
                    field_edits.submit_set_field(self._fe_desk, ids, field, value, clear_marks=bulk)

            hint = "a whole number" if field in ("quality", "heat") else ""
            prompt = TextPrompt(f"Set {field} of {self._fe_where(ids)}", shown, hint=hint, check=_refusal(field))
            self.app.push_screen(prompt, done)

        self.app.push_screen(ChoicePrompt(f"Which field of {self._fe_where(ids)}?", SETTABLE), value_for)

    # -- the editor's own editor ---------------------------------------------------------
    def action_open_editor(self) -> None:
        sid = self._fe_list().current
        if sid is None:
            self.app.notify("No story to open", severity="warning")
            return
        command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not command or not command.strip():
            self.app.notify("Set $VISUAL or $EDITOR to open a story in your editor", severity="error", timeout=8)
            return
        desk = self._fe_desk
        if not desk.wait_idle(5.0):  # the bytes kept for undo must include every edit queued before
            self.app.notify("Edits are still being written; open the editor again in a moment", severity="warning")
            return
        path = folder.id_path(desk.root, sid)
        argv = [*shlex.split(command), path]
        before = _held(desk.root, sid)
        try:
            with self.app.suspend():
                code = _run(argv)
        except SuspendNotSupported:
            if not self.app.is_headless:
                self.app.notify("This terminal cannot hand over to an editor", severity="error")
                return
            code = _run(argv)  # tests: no terminal to hand over
        if isinstance(code, str):
            self.app.notify(f"The editor did not start: {code}", severity="error", markup=False, timeout=8)
        elif code != 0:
            self.app.notify(f"The editor exited with status {code}", severity="warning", timeout=6, markup=False)
        after = _held(desk.root, sid)
        if before is not None and after is not None and before[0] != after[0]:
            # One undo step putting the bytes before back (refused if the file changes again).
            label = f"Edited {self._fe_where([sid])} in the editor"
            desk.submit(lambda: field_edits.outside_edit(desk, sid, before, after, label))
        field_edits.reread(desk, [sid])  # whatever it saved shows now, problems as for any outside edit
        self.refresh(layout=True)


def _refusal(field: str) -> Callable[[str], str | None]:
    """Why a typed value cannot be written to `field` (the prompt stays open), or None."""

    def check(typed: str) -> str | None:
        try:
            scalar_edits.field_value(field, typed)
        except ValueError as exc:
            return str(exc)  # the prompt adds ": fix it, or esc to cancel" with the key in force
        return None

    return check


def _held(root: str, sid: str) -> tuple[bytes | None, int | None] | None:
    """The story file's bytes and mode, as undo would put them back; None when undo
    could not (a symlink, not a regular file): the editor still opens, without undo."""
    try:
        return swap.held(root, sid)
    except EditError:
        return None


def _run(argv: list[str]) -> int | str:
    """The editor's exit status, or why it did not start."""
    try:
        return subprocess.run(argv, check=False).returncode
    except OSError as exc:
        return cut(one_line(f"{argv[0]}: {exc.strerror or exc}"), 200)
