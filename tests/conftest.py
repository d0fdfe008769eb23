"""Fixtures shared by the whole suite, and the rule that no test writes under $HOME.

newsdesk keeps a per-user cache (loaded stories, saved duplicate passes) and reads a
per-user config file; libraries (matplotlib, in the bench smoke test) keep caches of
their own. A test suite that used the developer's folders would leave files behind,
read a config the test did not write, and let one test's saved pass answer for the
next. So every per-user location is a temporary folder:

- for each test, `user_dirs` (autouse) points XDG_CACHE_HOME, XDG_CONFIG_HOME,
  XDG_STATE_HOME, XDG_DATA_HOME and NEWSDESK_CACHE_DIR at that test's own folders,
  through os.environ, so subprocesses a test starts get them too;
- for the whole session (`pytest_configure`), the same variables point at one more
  temporary folder, for what runs outside a test: imports while collecting,
  module-scoped fixtures.

Fixtures for one subsystem live in tests/<subsystem>/conftest.py; plain helper
functions in tests/helpers/.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from tests.helpers.paths import SEEDS, UserDirs
from tui.core.disk import folder

_SESSION_DIRS = pytest.StashKey[tuple[str, dict[str, str | None]]]()


def pytest_configure(config: pytest.Config) -> None:
    root = tempfile.mkdtemp(prefix="newsdesk-tests-")
    dirs = UserDirs.under(Path(root))
    # The project's own git repository is not the seeds' (issue 15): seeds/ reads as outside git.
    ceiling = {"GIT_CEILING_DIRECTORIES": str(SEEDS.parent)}
    before = {name: os.environ.get(name) for name in [*dirs.environ(), *ceiling]}
    os.environ.update(dirs.environ())
    os.environ.update(ceiling)
    config.stash[_SESSION_DIRS] = (root, before)


def pytest_unconfigure(config: pytest.Config) -> None:
    root, before = config.stash[_SESSION_DIRS]
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """This test's per-user folders (outside `tmp_path`, which tests use as a story folder)."""
    dirs = UserDirs.under(tmp_path_factory.mktemp("user-dirs"))
    for name, value in dirs.environ().items():
        monkeypatch.setenv(name, value)
    return dirs


@pytest.fixture(autouse=True)
def cache_switch_reset(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--no-cache` turns the cache off for the rest of the process (folder.use_cache):
    a test that runs the command line in this process must not turn it off for the
    tests after it (the saved duplicate pass was silently never written)."""
    monkeypatch.setattr(folder, "use_cache", True)


@pytest.fixture
def private_cache(user_dirs: UserDirs) -> Path:
    """This test's story cache and saved duplicate passes (NEWSDESK_CACHE_DIR)."""
    return user_dirs.newsdesk_cache


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A writable copy of the five seed stories, so tests can edit files freely."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    for path in dest.rglob("*"):
        if path.is_file():
            path.chmod(path.stat().st_mode | stat.S_IWUSR | stat.S_IRUSR)
    return dest
