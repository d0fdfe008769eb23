"""newsdesk: a keyboard-driven terminal dashboard for triaging news story files."""

__version__ = "0.1.0"
