"""The dashboard: article list, detail pane and graph (`screen.py`), with its keys kept
by subject in mixins: a day at the desk (`day.py`: dates, URLs, view memory, session
edits), field edits (`edits.py`), git (`git.py`) and a Jekyll site (`site.py`)."""

from tui.ui.screens.dashboard.screen import MainScreen

__all__ = ["MainScreen"]
