"""A small news site in git for the tests: a bare remote, two editors and a pipeline.

Real git, in tmp_path only; the fixture in conftest.py points GIT_CONFIG_GLOBAL at a
temporary file and sets GIT_CONFIG_NOSYSTEM, so nothing reads or writes ~/.gitconfig.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from tui.core.format.edits import set_published
from tui.core.git import Repo, locate

# The seed stories by their ids: S0, S3, S4 published, S1 unpublished.
S0 = "000_8dcd983ef76e6965.txt"
S1 = "001_29a53d9359691146.txt"
S3 = "003_644e7f27e603fab3.txt"
S4 = "004_ff9743790476918e.txt"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
FOLDER = "_news"

# Stories made here for shapes the seeds do not have.
ABSENT = """---
title: "A story with no published line"
webUrl: "https://example.com/absent"
publishedDateTime: 2021-05-08T00:34:00Z
type: article
---
"""
TIGHT = """---
webUrl: "https://example.com/tight"
publishedDateTime: 2021-05-08T00:34:00Z
title: "Title right above the flag"
published: true
type: article
---
"""


def git(cwd: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=full_env, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


class Site:
    """The shared bare remote and the clones made from it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.remote = root / "remote.git"
        git(root, "init", "--quiet", "--bare", "-b", "main", str(self.remote))
        seed = root / "seed"
        git(root, "clone", "--quiet", str(self.remote), str(seed))
        self._identity(seed, "Seeder")
        news = seed / FOLDER
        news.mkdir()
        for path in sorted(SEEDS.iterdir()):
            shutil.copyfile(path, news / path.name)
        (news / "absent.md").write_text(ABSENT)
        (news / "tight.md").write_text(TIGHT)
        (seed / "README").write_text("the site\n")
        git(seed, "add", "-A")
        git(seed, "commit", "--quiet", "-m", "Initial stories")
        git(seed, "push", "--quiet", "origin", "HEAD:main")

    @staticmethod
    def _identity(path: Path, name: str | None) -> None:
        if name is not None:
            git(path, "config", "user.name", name)
            git(path, "config", "user.email", f"{name.lower()}@example.com")

    def clone(self, name: str, user: str | None) -> Path:
        """A work tree of the remote; `user` None leaves it without an identity."""
        path = self.root / name
        git(self.root, "clone", "--quiet", str(self.remote), str(path))
        self._identity(path, user)
        return path

    @staticmethod
    def repo(clone: Path) -> Repo:
        repo = locate(str(clone / FOLDER))
        assert isinstance(repo, Repo), repo
        return repo


def story(clone: Path, sid: str) -> bytes:
    return (clone / FOLDER / sid).read_bytes()


def flag(clone: Path, sid: str) -> bool:
    """The effective published flag of a story in a clone's work tree."""
    text = story(clone, sid).decode()
    assert "<<<<<<<" not in text and ">>>>>>>" not in text, f"conflict markers in {sid}"
    match = re.search(r"^published: *(\w+)", text, re.M)
    return match is None or match.group(1) == "true"


def toggle(clone: Path, sid: str, value: bool) -> None:
    """What the desk does: the byte-exact edit of the `published` line."""
    path = clone / FOLDER / sid
    edited = set_published(path.read_bytes(), value)
    assert edited is not None, f"{sid} is already {value}"
    path.write_bytes(edited[0])


def publish_explicitly(clone: Path, sid: str) -> None:
    """Write `published: true` into a story that had no line (published by default)."""
    path = clone / FOLDER / sid
    text = path.read_text()
    head, sep, rest = text.rpartition("---\n")
    assert sep and "published:" not in head
    path.write_text(head + "published: true\n" + sep + rest)


def retitle(clone: Path, sid: str, title: str) -> None:
    path = clone / FOLDER / sid
    text = path.read_text()
    path.write_text(re.sub(r"^title: .*$", f'title: "{title}"', text, count=1, flags=re.M))


def commit_all(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "-m", message)


def push(clone: Path) -> None:
    git(clone, "push", "--quiet", "origin", "HEAD:main")


def remote_log(site: Site) -> list[tuple[str, str]]:
    """(author, subject) of the remote's main branch, newest first."""
    out = git(site.root, "--git-dir", str(site.remote), "log", "--format=%an%x00%s", "main")
    return [tuple(line.split("\0", 1)) for line in out.splitlines()]  # type: ignore[misc]
