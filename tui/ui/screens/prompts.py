"""Small modal prompts for issue 16's edits: a line of text, a choice, a yes or no.

The dashboard asks for a topic to add (completed from the folder's topics), a topic
to remove (one of the story's own), a new headline or excerpt (the old one to edit),
a field's value, and a go-ahead after a preview. Each prompt is a modal screen that
dismisses with the answer, or None on escape, so the caller's callback decides what
is written; nothing here touches the store.

Every text shown (a title, a topic, a preview quoting them) is untrusted: labels are
Content/Text with markup off, bounded before they are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.format.literal import cut, one_line
from tui.ui.keys import hint_keys
from tui.ui.list_moves import ListMoves, move_bindings

_LABEL = 300  # characters of a prompt's label shown
_OPTION = 120  # characters of a choice shown

PROMPT_CSS = """
TextPrompt, ChoicePrompt, ConfirmPrompt { align: center middle; }
TextPrompt > Vertical, ChoicePrompt > Vertical, ConfirmPrompt > Vertical {
    width: 80%; max-width: 110; height: auto; max-height: 80%;
    border: round $accent; background: $panel; padding: 0 1;
}
ChoicePrompt OptionList { height: auto; max-height: 20; }
.prompt-hint { color: $text-muted; }
#prompt-error { color: $error; }
"""


def _label(text: str) -> Static:
    return Static(Text(cut(one_line(text), _LABEL)), markup=False, classes="prompt-label")


class TextPrompt(ModalScreen[str | None]):
    """One line of text; enter gives it, escape gives None."""

    DEFAULT_CSS = PROMPT_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel", tooltip="Close without changing anything")]

    def __init__(
        self,
        label: str,
        value: str = "",
        *,
        suggester: Suggester | None = None,
        hint: str = "",
        enter: str = "writes",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        """`hint`: what to type, before the keys ("a whole number"); `enter`: what enter
        does ("adds"). `check`: why a value cannot be written (None: it can). A refused
        value keeps the prompt open with the text as typed and the reason under it, to
        be fixed. The hint's and the reason's cancel key is the one in force."""
        super().__init__()
        self._label, self._value, self._suggester, self._hint = label, value, suggester, hint
        self._enter, self._check = enter, check

    def _cancel_keys(self) -> str:
        return hint_keys(self.app, self.BINDINGS, "ask.cancel")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield _label(self._label)
            yield Input(self._value, suggester=self._suggester, id="prompt-input")
            yield Static("", markup=False, id="prompt-error")
            # enter is the Input's own (not a binding, never remapped); escape is ask.cancel.
            keys = [self._hint, f"enter {self._enter}", f"{self._cancel_keys()} cancels"]
            yield Static(" · ".join(k for k in keys if k), markup=False, classes="prompt-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.query_one("#prompt-error").display = False
        self.call_after_refresh(self._show_start)

    def _show_start(self) -> None:
        """A text longer than the box opens at its start, the cursor there (end or
        ctrl+e goes to its end, home or ctrl+a back): opened at its end, a long excerpt
        showed its last words and hid what it is. A short value keeps the cursor at its
        end, where typing replaces a number or adds to a word, as posting and harlequin do."""
        field = self.query_one(Input)
        if len(field.value) >= field.content_region.width:
            field.cursor_position = 0
            field.scroll_to(x=0, animate=False, immediate=True)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        refused = self._check(event.value) if self._check is not None else None
        if refused:
            error = self.query_one("#prompt-error", Static)
            error.update(Text(cut(one_line(f"{refused}: fix it, or {self._cancel_keys()} to cancel"), _LABEL)))
            error.display = True
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ListMoves, ModalScreen[str | None]):
    """One of a few choices (shown literally); enter picks, escape gives None."""

    DEFAULT_CSS = PROMPT_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel", tooltip="Close without changing anything"),
        *move_bindings("choice", "choice"),
    ]

    def __init__(self, label: str, choices: Sequence[str]) -> None:
        super().__init__()
        self._label, self._choices = label, list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield _label(self._label)
            yield OptionList(*(Option(Text(cut(one_line(c), _OPTION)), id=str(i)) for i, c in enumerate(self._choices)))
            yield Static(self._keys_hint(), markup=False, classes="prompt-hint")

    def _keys_hint(self) -> str:
        """`j / k or arrows move · enter picks · esc cancels`, with the keys in force
        (enter is the OptionList's own, never remapped)."""
        down, up = (hint_keys(self.app, self.BINDINGS, f"choice.{w}", " / ") for w in ("down", "up"))
        cancel = hint_keys(self.app, self.BINDINGS, "choice.cancel")
        return f"{down} / {up} or arrows move · enter picks · {cancel} cancels"

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choices[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmPrompt(ModalScreen[bool]):
    """A preview and a go-ahead: enter or y applies, escape or n does not (the hint
    names the keys in force)."""

    DEFAULT_CSS = PROMPT_CSS
    BINDINGS = [
        Binding("enter,y", "answer(True)", "Apply", id="confirm.yes", tooltip="Apply what the preview says"),
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.no", tooltip="Close without changing anything"),
    ]

    def __init__(self, preview: str) -> None:
        super().__init__()
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(cut(one_line(self.preview), _LABEL)), markup=False, id="preview")
            yes, no = (hint_keys(self.app, self.BINDINGS, f"confirm.{w}") for w in ("yes", "no"))
            yield Static(f"{yes} applies · {no} cancels", markup=False, classes="prompt-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
