"""The git screens: changes to commit, conflicts to settle, a story's history; and what
they share (`common.py`: the git service's message, a listener, a confirmation)."""
