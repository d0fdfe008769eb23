"""Screens the app pushes. Packages group a screen with its helpers: `dashboard/`,
`duplicates/`, `git/`; single modules are one screen each (help, problems, topics,
session edits) or the small modal prompts (`prompts.py`, `date_prompt.py`)."""
