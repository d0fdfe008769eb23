"""Near-duplicate stories: the index and its blocking, pair scoring, the saved pass,
the editors' decisions, and the finder that keeps suggestions current on its own thread.
"""
