"""The story folder on disk: which files are stories, reading them (in helper
processes, through a per-user cache), writing them atomically, and following changes.
"""
