"""The duplicate review (`screen.py`) and what it draws with: the copies side by side or
stacked (`layout.py`), texts that tell copies apart (`text.py`), and the question before
a decided duplicate is published again (`republish.py`)."""

from tui.ui.screens.duplicates.screen import DuplicatesScreen

__all__ = ["DuplicatesScreen"]
