"""A one-line question at the bottom of the screen: a day to show or to go to.

The answer goes back through `dismiss` (None when escaped); what it means is the
caller's business. The typed text is data: it is shown by an `Input`, never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    DEFAULT_CSS = """
    PromptScreen { align: center bottom; }
    PromptScreen > Vertical {
        width: 100%; height: auto; background: $panel; border-top: solid $accent; padding: 0 1;
    }
    PromptScreen #prompt-question { height: 1; }
    PromptScreen Input { height: 3; }
    """

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__(id="prompt")
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="prompt-question", markup=False)
            yield Input(placeholder=self.placeholder, max_length=80)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
