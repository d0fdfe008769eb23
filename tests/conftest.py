"""Generic fixtures shared by the whole suite; feature-specific ones live in their tests."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the five seed stories, so tests can edit files freely."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    for path in dest.rglob("*"):
        if path.is_file():
            path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IRUSR)
    return dest


@pytest.fixture(scope="session")
def _no_user_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config-home")  # stays empty


@pytest.fixture(autouse=True)
def _hermetic_settings(monkeypatch: pytest.MonkeyPatch, _no_user_config: Path) -> None:
    """No test reads the real ~/.config/newsdesk/config.toml: the dashboard and `newsdesk
    dupes` load user settings. A test that wants a user file sets XDG_CONFIG_HOME itself."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(_no_user_config))
