"""The `jekyll` marker: tests that build sites with a real jekyll stay out of the default run.

They take tens of seconds on a busy machine (one `jekyll build` per case), so they run
only when asked for: `make test-jekyll`, or `pytest -m jekyll`.
"""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "jekyll: builds sites with a real jekyll; run with `make test-jekyll`")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "jekyll" in (config.getoption("markexpr", "") or ""):
        return
    skip = pytest.mark.skip(reason="builds with a real jekyll (slow): run `make test-jekyll` or `pytest -m jekyll`")
    for item in items:
        if "jekyll" in item.keywords:
            item.add_marker(skip)
