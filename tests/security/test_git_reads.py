"""The git integration reads the folder's working files by the folder's rules (issue #13,
attacks 3 and 8, through `newsdesk status`): a story swapped for a FIFO or for a link to
a file outside is reported by name, never waited on, never read."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest

from tests.security.hostile import outside_file, story
from tui.cli.main import main

SECRET = b"---\ntitle: OUTSIDE SECRET TITLE\n---\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git work tree with two committed stories; git's config is a private file."""
    config = tmp_path / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n[user]\n\tname = T\n\temail = t@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(var, raising=False)
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.md").write_bytes(story("Story A"))
    (root / "b.md").write_bytes(story("Story B", url="https://example.com/b"))
    for args in (["init", "-q"], ["add", "a.md", "b.md"], ["commit", "-q", "-m", "seed"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def _status(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`newsdesk status` on a thread of its own: a read that blocked would fail the join."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(["status", str(root)])), daemon=True)
    thread.start()
    thread.join(10)
    assert not thread.is_alive(), "newsdesk status blocked on a working file"
    return result[0], capsys.readouterr().out


def test_story_swapped_for_a_fifo_while_status_runs_is_reported_never_waited_on(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "a.md").unlink()
    os.mkfifo(repo / "a.md")  # no writer, ever: a plain open() waits forever
    code, out = _status(repo, capsys)
    assert code == 0
    line = next(ln for ln in out.splitlines() if " a.md" in ln)
    assert "not read" in line and "FIFO" in line, out


def test_story_swapped_for_a_link_outside_is_reported_and_the_outside_file_never_read(
    tmp_path: Path, repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = outside_file(tmp_path, data=SECRET)
    (repo / "b.md").unlink()
    (repo / "b.md").symlink_to(outside)
    code, out = _status(repo, capsys)
    assert code == 0
    line = next(ln for ln in out.splitlines() if " b.md" in ln)
    assert "not read" in line and "outside the folder" in line, out
    assert "OUTSIDE SECRET" not in out  # its title would be shown, had it been read
    assert outside.read_bytes() == SECRET
