"""The changes screen: every story changed and not committed, in editor terms.

An editor does not think in diffs: a story was "unpublished", "published", got its
`published` line spelled out, was edited (a compact diff shows how), added or deleted.
Here they pick some (space) or take all, read and edit the generated commit message
("Unpublish 3 stories, publish 1: …") and commit; or discard the change of the
selected stories (or the highlighted one) after a confirmation that says what will be
lost: the file goes back to its committed bytes (a new story never committed is
deleted, a deleted one comes back), as one desk edit that undo (`u` unless the keymap
moved it; the confirmation names the key in force) takes back while the desk is open
(tui/desk/discard.py). Every git call runs on the desk's git thread
(tui/desk/repo.py); answers arrive as messages.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.wording import counted
from tui.core.git import Change, commit_message
from tui.core.git.attributes import DECISIONS
from tui.desk.discard import question
from tui.desk.repo import RepoState
from tui.desk.repo_events import ChangesReady, CommitDone, RepoChanged
from tui.ui.list_moves import move_bindings
from tui.ui.screens.git.common import Confirm, GitListScreen, GitUpdated, app_desk, keys_for, plain
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter

KIND_WIDTH = 24
MARK_WIDTH = 2
DIFF_SHOWN = 6  # lines under an edited story (edit_summary is bounded too); all of it in `newsdesk status`


def row(change: Change, selected: bool = False) -> Text:
    """One story's line, a mark column first ("✓" when selected, as the dashboard marks),
    and for an edit what changed in editor words ("title: old → new", "topics +a −b",
    "body changed (3 lines)"), untrusted text as data, each line bounded."""
    text = Text()
    text.append("✓ " if selected else "  ", style="bold magenta")
    style = {"unpublished": "yellow", "published": "green", "added": "cyan", "deleted": "red"}.get(change.kind, "")
    text.append(f"{change.kind:<{KIND_WIDTH}}", style=style)
    text.append_text(plain(change.id, 80))
    if change.title:
        text.append("  ")
        text.append_text(plain(change.title, 100))
    lines = change.summary or change.diff
    indent = "\n" + " " * (MARK_WIDTH + KIND_WIDTH)
    for line in lines[:DIFF_SHOWN]:
        text.append(indent)
        text.append_text(plain(line, 120))
    if len(lines) > DIFF_SHOWN:
        text.append(indent + f"… {len(lines) - DIFF_SHOWN} more lines", style="dim")
    return text


class ChangesScreen(GitListScreen):
    """Changed stories, a commit message to edit, commit all or the selected ones."""

    NAME = "changes"

    BINDINGS = [
        Binding(
            "c",
            "commit",
            "Commit",
            id="changes.commit",
            tooltip="Commit the selected stories (none selected: all) with the message below",
        ),
        Binding(
            "space",
            "select",
            "Select",
            id="changes.select",
            tooltip="Select or unselect the highlighted story (the mark ✓ shows it)",
        ),
        Binding("a", "select_all", "Select all/none", id="changes.all", tooltip="Select every story, or none"),
        Binding(
            "m", "edit_message", "Edit message", id="changes.message", tooltip="Edit the commit message (enter commits)"
        ),
        Binding(
            "x",
            "discard",
            "Discard",
            id="changes.discard",
            tooltip="Put the selected stories (none selected: the highlighted one) back as committed, "
            "whatever changed; asks first, and Undo puts it back",
        ),
        Binding(
            "u", "undo", "Undo", id="changes.undo", tooltip="Undo the last edit (a discard too), restoring the files"
        ),
        Binding("escape,q", "back", "Back", id="changes.back", tooltip="Back to the stories"),
        *move_bindings("changes", "story"),
    ]

    DEFAULT_CSS = """
    ChangesScreen #changes-head { height: auto; background: $panel; }
    ChangesScreen #commit-message { dock: bottom; margin-bottom: 1; }
    """

    def __init__(self, state: RepoState) -> None:
        super().__init__(state)
        self.changes: tuple[Change, ...] = ()
        self._generated = ""  # the message as generated for the current selection
        self.selected: set[str] = set()  # the ids selected (each row shows its mark)

    def compose(self) -> ComposeResult:
        yield Static(Text(" Changes not committed: loading…"), id="changes-head")
        # An OptionList, not a SelectionList: that one draws only a prompt's first line
        # (an edit's summary lines were lost) and shows selection by colour alone.
        yield OptionList(id="changes-list")
        yield Input(id="commit-message", placeholder="commit message")
        yield DeskFooter(first=SCREEN_FIRST)  # back and help first, no key cut (issue 18)

    def ask(self) -> None:
        self.state.load_changes()

    # -- answers from the git thread ----------------------------------------------------
    def on_git_updated(self, message: GitUpdated) -> None:
        event = message.event
        if isinstance(event, ChangesReady):
            self._show(event)
        elif isinstance(event, CommitDone):
            result = event.result
            if result.ok and result.commit is not None:
                subject = result.message.split("\n", 1)[0]
                self.app.notify(f"Committed {result.commit[:7]}: {subject}"[:300], markup=False, timeout=5)
            else:
                severity: Literal["information", "error"] = "information" if result.ok else "error"
                self.app.notify(result.message[:300], severity=severity, markup=False, timeout=8)
            self.state.load_changes()
        elif (
            isinstance(event, RepoChanged)
            and event.status is not None
            and event.status.changed_ids != {c.id for c in self.changes if c.id != DECISIONS}
        ):
            self.state.load_changes()

    def _show(self, ready: ChangesReady) -> None:
        head = self.query_one("#changes-head", Static)
        if ready.problem is not None:
            head.update(plain(f" {ready.problem.message}", 300))
            return
        highlighted = self._highlighted_id()
        self.changes = ready.changes
        listing = self.listing
        listing.clear_options()
        self.selected &= {c.id for c in self.changes}
        listing.add_options([Option(row(c, c.id in self.selected), id=c.id) for c in self.changes])
        ids = [c.id for c in self.changes]
        if highlighted in ids:
            listing.highlighted = ids.index(highlighted)
        elif ids:
            listing.highlighted = 0
        self._update_head()
        self._update_message(force=True)

    def _key(self, action: str) -> str:
        return keys_for(self, self.BINDINGS, action)

    def _update_head(self) -> None:
        n = sum(c.id != DECISIONS for c in self.changes)
        log = next((c.title for c in self.changes if c.id == DECISIONS), "")  # "3 duplicate decisions"
        picked = len(self.selected)
        chosen = f"{picked} selected" if picked else f"none selected: {self._key('commit')} takes all"
        what = " and ".join([counted(n, "story")] * bool(n) + [log] * bool(log))
        head = (
            f" {what} changed and not committed · {chosen} · {self._key('select')} selects"
            f" · {self._key('commit')} commits · {self._key('discard')} discards"
            if self.changes
            else " Nothing to commit: every story is as committed"
        )
        self.query_one("#changes-head", Static).update(Text(head))

    # -- selection and message ----------------------------------------------------------
    def _chosen(self) -> list[Change]:
        return [c for c in self.changes if c.id in self.selected] or list(self.changes)

    def _update_message(self, force: bool = False) -> None:
        box = self.query_one("#commit-message", Input)
        generated = commit_message(self._chosen()).split("\n", 1)[0] if self.changes else ""
        if force or box.value == self._generated:  # not edited by hand: follow the selection
            box.value = generated
        self._generated = generated

    def _set_selected(self, selected: set[str]) -> None:
        for index, change in enumerate(self.changes):
            if (change.id in selected) != (change.id in self.selected):  # only the rows that flipped
                self.listing.replace_option_prompt_at_index(index, row(change, change.id in selected))
        self.selected = selected & {c.id for c in self.changes}
        self._update_head()
        self._update_message()

    def _highlighted_id(self) -> str | None:
        index = self.listing.highlighted
        if index is None or not 0 <= index < self.listing.option_count:
            return None
        return self.listing.get_option_at_index(index).id

    # -- actions ------------------------------------------------------------------------
    def action_select(self) -> None:
        sid = self._highlighted_id()
        if sid is None:
            return
        self._set_selected(self.selected ^ {sid})

    @on(OptionList.OptionSelected, "#changes-list")
    def _entered(self, message: OptionList.OptionSelected) -> None:
        message.stop()  # enter on a row selects it, as space does (as the SelectionList did)
        self.action_select()

    def action_select_all(self) -> None:
        every = {c.id for c in self.changes}
        self._set_selected(set() if self.selected == every else every)

    def action_edit_message(self) -> None:
        self.query_one("#commit-message", Input).focus()

    @on(Input.Submitted, "#commit-message")
    def _submitted(self) -> None:
        self.action_commit()

    def action_commit(self) -> None:
        chosen = self._chosen()
        if not chosen:
            self.app.notify("Nothing to commit", timeout=3)
            return
        subject = self.query_one("#commit-message", Input).value.strip()
        generated = commit_message(chosen)
        body = generated.split("\n", 1)[1] if "\n" in generated else ""
        message = (subject + "\n" + body) if subject else generated
        self.app.notify(f"Committing {counted(len(chosen), 'story')}…", timeout=2, markup=False)
        self.state.commit([c.id for c in chosen], message)
        self.listing.focus()

    def action_discard(self) -> None:
        chosen = [c for c in self.changes if c.id in self.selected]
        if not chosen:
            sid = self._highlighted_id()
            chosen = [c for c in self.changes if c.id == sid]
        if not chosen:
            self.app.notify("Nothing to discard", timeout=3)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.state.discard(chosen)  # as listed: refused if a file changed since

        text, details = question(chosen, undo_key=self._key("undo"))  # the key in force, after the keymap
        self.app.push_screen(Confirm(text, details), answered)

    def action_undo(self) -> None:
        # The desk's undo, as on the dashboard: a discard is one desk edit; the list
        # follows through the git status that the restored files bring.
        desk = app_desk(self)
        desk.submit(desk.undo)

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.listing.focus()
            return
        self.app.pop_screen()
