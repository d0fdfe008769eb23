"""The `newsdesk` command line: the dashboard, and headless commands that never import textual."""

from tui.cli.main import main

__all__ = ["main"]
