"""Every story of the folder in memory: indexes, sort orders, queries, search, edits, undo.

The names most callers need are re-exported here; the modules hold the machinery.
"""

from tui.core.store.query import Query
from tui.core.store.records import DiskState, EditOutcome, EditStep, FileEdit, ListResult, StoreEvent
from tui.core.store.store import Store

__all__ = ["DiskState", "EditOutcome", "EditStep", "FileEdit", "ListResult", "Query", "Store", "StoreEvent"]
