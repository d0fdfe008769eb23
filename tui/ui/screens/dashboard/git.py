"""The dashboard's git keys and marks (issue 15): a mixin of `MainScreen`.

When the folder is in a git work tree, the list marks each story changed and not
committed (`*`) or new (`+`), the status line gains the branch, the number of changed
stories and ahead/behind the upstream (as of the last fetch), and three keys open the
changes screen, sync, and the highlighted story's history. Outside git (or with git
missing) the keys only say so, and nothing else changes. The desk's git service
(tui/desk/repo.py) does all the work on its own thread; its events arrive here as
`GitUpdated` messages, so the screen never waits for git.
"""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen

from tui.core.git import RepoStatus
from tui.desk.repo import RepoState, detach
from tui.desk.repo_events import CommitDone, GitBusy, RepoChanged, SyncDone
from tui.ui.screens.git.changes import ChangesScreen
from tui.ui.screens.git.common import GitUpdated, Listening, plain, ready_state, repo_state
from tui.ui.screens.git.conflicts import ConflictsScreen
from tui.ui.screens.git.history import HistoryScreen
from tui.ui.widgets.status_fit import Part, part

GIT_BINDINGS = [
    Binding(
        "c",
        "git_changes",
        "Changes",
        id="main.git_changes",
        tooltip="Stories changed and not committed: commit them (all or some), or discard one",
        show=False,
    ),
    Binding(
        "R",
        "git_sync",
        "Sync",
        id="main.git_sync",
        tooltip="Sync with the remote: fetch, bring in others' commits, push yours; never forces or loses work",
        show=False,
    ),
    Binding(
        "H",
        "git_history",
        "History",
        id="main.git_history",
        tooltip="Who changed the highlighted story, when, and its publish state",
        show=False,
    ),
]


def marks(status: RepoStatus | None) -> dict[str, str]:
    """The list's mark per changed story: `+` new to git, `*` otherwise."""
    if status is None:
        return {}
    return {f.id: "+" if f.kind in ("untracked", "added") else "*" for f in status.files}


def status_part(status: RepoStatus | None, busy: str | None) -> list[Part]:
    """ " · ⎇ main · 3 changed · ↑1 ↓0" for the status line, as parts it can shorten
    or drop on a narrow terminal (an operation in progress goes last); none outside git."""
    if status is None:
        return []
    branch = Text(" · ⎇ ")
    branch.append_text(plain(status.branch or "(detached)", 40))
    short = Text(" · ⎇ ")
    short.append_text(plain(status.branch or "(detached)", 12))
    parts = [part(branch, short, ranks=(80, 55))]
    n = len(status.files)
    if n:
        # One readable form, kept until late ("2*" at 80 columns read as nothing).
        parts.append(part(Text(f" · {n:,} changed", style="bold yellow"), ranks=(35,)))
    if status.ahead is not None and status.behind is not None:
        style = "bold" if status.ahead or status.behind else ""
        parts.append(part(Text(f" · ↑{status.ahead} ↓{status.behind}", style=style), ranks=(65,)))
    if status.operation:
        parts.append(part(Text(f" · {status.operation} in progress", style="bold red"), ranks=(15,)))
    if busy:
        parts.append(part(Text(f" · {busy.lower()}…", style="bold cyan"), ranks=(45,)))
    return parts


class GitActions(Screen[None]):
    """The git keys of the dashboard, the changed marks and the status line's git part."""

    git_status: RepoStatus | None = None
    git_busy: str | None = None
    _git_listening: Listening | None = None

    def _git(self) -> RepoState | None:
        return repo_state(self)

    def on_mount(self) -> None:
        state = self._git()  # listened to while it still looks for the work tree, too
        if state is None:
            return
        self._git_listening = Listening(self, state)
        self._git_listening.start()
        if state.status is not None:
            self._git_show(state.status)

    def on_unmount(self) -> None:
        if self._git_listening is not None:
            self._git_listening.stop()
            self._git_listening = None
        desk = getattr(self.app, "desk", None)
        if desk is not None:
            detach(desk)  # the app is closing: a service made for this screen ends with it

    def git_status_text(self) -> list[Part]:
        return status_part(self.git_status, self.git_busy)

    def _git_show(self, status: RepoStatus) -> None:
        self.git_status = status
        self.query_one("#articles").set_git_marks(marks(status))  # type: ignore[attr-defined]
        self.update_status()

    def update_status(self) -> None:  # MainScreen's own
        raise NotImplementedError

    def on_git_updated(self, message: GitUpdated) -> None:
        event = message.event
        if isinstance(event, RepoChanged):
            if event.status is not None:
                self._git_show(event.status)
        elif isinstance(event, GitBusy):
            self.git_busy = None if event.done else event.label
            self._git_progress(event)
            self.update_status()
        elif isinstance(event, SyncDone):
            self._synced(event)
        elif isinstance(event, CommitDone) and self.app.screen is self:
            result = event.result
            severity: Literal["information", "error"] = "information" if result.ok else "error"
            self.app.notify(result.message.split("\n", 1)[0][:300], severity=severity, markup=False)

    def _git_progress(self, event: GitBusy) -> None:
        from textual.widgets import ProgressBar, Static

        rows = self.query("#progress-row")
        if not rows:  # the app is closing: a late message from git has nothing to show
            return
        row = rows.first()
        if event.done:
            row.display = False
            return
        row.display = True
        self.query_one(ProgressBar).update(total=None)  # under way, length unknown
        self.query_one("#progress-label", Static).update(f" {event.label}… ", layout=False)

    def _synced(self, event: SyncDone) -> None:
        result = event.result
        state = self._git()
        if result.outcome == "conflict" and state is not None:
            self.app.notify(result.message[:300], severity="warning", markup=False, timeout=6)
            self.app.push_screen(ConflictsScreen(state, result))
            return
        severity: Literal["information", "error"] = "information" if result.ok else "error"
        self.app.notify(
            f"Sync: {result.message}"[:400], severity=severity, markup=False, timeout=6 if result.ok else 10
        )

    # -- keys -----------------------------------------------------------------------
    def action_git_changes(self) -> None:
        state = ready_state(self)
        if state is None:
            return
        self.app.push_screen(ChangesScreen(state))

    def action_git_sync(self) -> None:
        state = ready_state(self)
        if state is None:
            return
        if state.busy:
            self.app.notify("git is busy; sync when it is done", timeout=3)
            return
        state.sync()

    def action_git_history(self) -> None:
        state = ready_state(self)
        if state is None:
            return
        sid = getattr(self.query_one("#articles"), "current", None)
        if not sid:
            self.app.notify("No story highlighted", timeout=3)
            return
        story = self.app.desk.store.get(sid)  # type: ignore[attr-defined]
        self.app.push_screen(HistoryScreen(state, sid, story.title if story is not None else ""))
