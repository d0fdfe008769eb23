"""Where the suite's fixed inputs live, and the per-user folders each test gets instead of $HOME's.

One place for the repository's paths, so a test module moved to another folder
(tests/<subsystem>/) does not have to count `parents[...]` again. `UserDirs` is what
tests/conftest.py points the per-user environment variables at: a test that wants to
look inside the story cache or write a user config file asks for the `user_dirs`
fixture and uses these paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"  # the five real stories; read only: tests that edit use `seeds_copy`
SEED_FILES = tuple(sorted(SEEDS.glob("*.txt")))


@dataclass(frozen=True, slots=True)
class UserDirs:
    """A test's own stand-ins for the folders under $HOME that newsdesk (or a library) may write.

    None of them exists until something writes there, so an empty one means nothing did.
    """

    root: Path
    cache: Path  # XDG_CACHE_HOME
    config: Path  # XDG_CONFIG_HOME
    state: Path  # XDG_STATE_HOME
    data: Path  # XDG_DATA_HOME
    newsdesk_cache: Path  # NEWSDESK_CACHE_DIR: the story cache and the saved duplicate passes

    @classmethod
    def under(cls, root: Path) -> UserDirs:
        return cls(root, root / "cache", root / "config", root / "state", root / "data", root / "newsdesk-cache")

    def environ(self) -> dict[str, str]:
        """The variables to set, by name."""
        return {
            "XDG_CACHE_HOME": str(self.cache),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_STATE_HOME": str(self.state),
            "XDG_DATA_HOME": str(self.data),
            "NEWSDESK_CACHE_DIR": str(self.newsdesk_cache),
            # git (issue 15): never the developer's ~/.gitconfig or /etc/gitconfig.
            "GIT_CONFIG_GLOBAL": str(self.root / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
        }
