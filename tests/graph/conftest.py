"""Story folders for the graph tests: the small web with every kind of link.

The seeds come from tests/conftest.py (`seeds_copy`); both land in the test's
tmp_path ("seeds", "web"), so one test can load the two side by side.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.graph_web import write_web


@pytest.fixture
def web_folder(tmp_path: Path) -> Path:
    """Six stories linked through URL variants, a shared item, two hops, hostile titles, an island."""
    return write_web(tmp_path)
