"""Files that did not load, and why: reported, never fatal."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tui.core.format.literal import one_line
from tui.core.store.store import Store
from tui.ui.configure import settings_problems
from tui.ui.failures import log_problems, session_failures
from tui.ui.keys import key_label, keymap_of, keys_in_force
from tui.ui.widgets.desk_footer import SCREEN_FIRST, DeskFooter


class ProblemsScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,e,q", "app.pop_screen", "Back", id="problems.close", tooltip="Back to the dashboard"),
        Binding("g,home", "first", "First", id="problems.first", show=False),
        Binding("G,end", "last", "Last", id="problems.last", show=False),
        Binding("j", "cursor_down", "Down", id="problems.down", show=False),
        Binding("k", "cursor_up", "Up", id="problems.up", show=False),
        Binding("w", "toggle_warnings", "Warnings", id="problems.warnings"),
        Binding(
            "enter", "open", "Open", id="problems.open", tooltip="Show the story in the dashboard, or the whole problem"
        ),
    ]

    DEFAULT_CSS = """
    ProblemsScreen > #problems-title { height: 1; background: $panel; padding: 0 1; }
    ProblemsScreen > DataTable { height: 1fr; }
    """

    def __init__(self, store: Store) -> None:
        super().__init__(id="problems")
        self.store = store
        self.show_warnings = False
        self.row_ids: list[tuple[str, str]] = []  # (story id, problem) of each row, in order

    def compose(self) -> ComposeResult:
        yield Static(id="problems-title", markup=False)
        # Cells are Text objects: DataTable would parse plain strings as markup.
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield DeskFooter(first=SCREEN_FIRST)  # back and help first, no key cut (issue 18)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("file", "line", "kind", "problem")
        self.fill()
        table.focus()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.row_ids = []
        problems = self.store.all_problems()
        errors = [p for p in problems if p.severity == "error"]
        shown = problems if self.show_warnings else errors
        for problem in shown:
            kind = Text("error", style="bold red") if problem.severity == "error" else Text("warning", style="yellow")
            at = "" if problem.line is None else f"line {problem.line}: "  # the toast names it too
            self.row_ids.append((problem.id, at + problem.message))
            table.add_row(
                Text(one_line(problem.id)),
                Text("" if problem.line is None else str(problem.line)),
                kind,
                Text(one_line(problem.message)),
            )
        settings = settings_problems(self.app)  # the settings files' own, always shown
        for fault in settings:
            self.row_ids.append(("", fault.format()))
            table.add_row(
                Text(one_line(fault.file)),
                Text("" if fault.line is None else str(fault.line)),
                Text("settings", style="bold yellow"),
                Text(one_line(f"{fault.key}: {fault.message}" if fault.key else fault.message)),
            )
        logged = log_problems(self.app)  # the decision log's counted problems, always shown
        for entry in logged:
            at = "" if entry.line is None else f":{entry.line}"
            self.row_ids.append(("", f"{entry.file}{at}: {entry.message}"))
            table.add_row(
                Text(entry.file),
                Text("" if entry.line is None else str(entry.line)),
                Text("log", style="bold yellow"),
                Text(entry.message),
            )
        failures = session_failures(self.app)
        failed = failures.items() if failures is not None else ()
        for failure in reversed(failed):  # this session's background failures, newest first
            self.row_ids.append((failure.id or "", failure.text()))
            table.add_row(
                Text(failure.id or f"({failure.where})"),
                Text(""),
                Text("failure", style="bold red"),
                Text(failure.text()),
            )
        files = len({p.id for p in errors})
        title = Text()
        if files:
            title.append(f"{files} {'file' if files == 1 else 'files'} did not load", style="bold")
        elif settings or logged or (failures is not None and failures.total):
            title.append("Every story file loaded", style="green")  # the other problems follow
        else:
            title.append("No errors", style="green")
        if settings:
            title.append(f" · {len(settings)} settings problems", style="bold yellow")
        if logged:
            title.append(f" · {len(logged)} decision log problems", style="bold yellow")
        if failures is not None and failures.total:
            title.append(f" · {failures.total} background failures", style="bold red")
        title.append_text(self._warnings_text(len(problems) - len(errors)))
        self.query_one("#problems-title", Static).update(title)

    def _warnings_text(self, count: int) -> Text:
        """`; 12 warnings hidden (w shows them)`, with the key in force, never a written "w"."""
        if not count:
            return Text("; no warnings: nothing to report" if not self.row_ids else "; no warnings", style="green")
        warnings = next(b for b in self.BINDINGS if isinstance(b, Binding) and b.id == "problems.warnings")
        keys = key_label(keys_in_force(warnings, keymap_of(self.app)))
        noun = "warning" if count == 1 else "warnings"
        if self.show_warnings:
            return Text.assemble(f"; {count} {noun} shown ", (f"({keys} hides them)", "dim"))
        return Text.assemble(f"; {count} {noun} hidden ", (f"({keys} shows them)", "dim"))

    def action_toggle_warnings(self) -> None:
        self.show_warnings = not self.show_warnings
        self.fill()

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(table.row_count - 1, 0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()  # `enter` on a row: the table takes the key before the screen
        self.action_open()

    def action_open(self) -> None:
        """A loaded story (a warning's): shown in the dashboard; else the whole problem."""
        row = self.query_one(DataTable).cursor_row
        if not 0 <= row < len(self.row_ids):
            return
        story_id, message = self.row_ids[row]
        if story_id and story_id in self.store:
            self.app.pop_screen()
            self.app.main.jump_to(story_id)  # type: ignore[attr-defined]
            return
        about = f"{one_line(story_id)[:200]}: " if story_id else ""
        self.app.notify(about + one_line(message)[:600], title="Problem", markup=False, timeout=12)
