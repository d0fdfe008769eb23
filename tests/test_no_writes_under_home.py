"""The suite writes nothing under $HOME: what tests/conftest.py promises, held by a test.

The test runs the paths that write per-user files (the dashboard loading, deduping and
writing; `newsdesk dupes` in this process and in a child process) with HOME pointed at
an empty folder, and checks the folder is still empty while the writes did happen, in
the test's own per-user folders. A new per-user file that ignores the XDG variables
(say `~/.newsdesk`) would land in that HOME and fail here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import UserDirs
from tests.helpers.pilot import ready, settle
from tests.helpers.stories import ORIGINAL, copy, write
from tui.cli.main import main
from tui.ui.app import NewsdeskApp


def tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


async def test_the_dashboard_and_the_command_line_write_nothing_under_home(
    tmp_path: Path, user_dirs: UserDirs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_home = Path.home()
    for name, value in user_dirs.environ().items():
        assert os.environ[name] == value and not Path(value).is_relative_to(real_home), name
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    news = tmp_path / "news"
    files = write(news, {"a.md": ORIGINAL, "b.md": copy(ORIGINAL, title="UPDATE 1-" + ORIGINAL.title, hours=3)})

    # The dashboard: load, the duplicate search (saves its pass), an edit written to disk.
    app = NewsdeskApp(str(news))
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot, dupes=True)
        assert app.store.suspects == {"a.md", "b.md"}
        app.main.articles.select("a.md")
        await pilot.press("p")
        await settle(pilot)
    assert (news / "a.md").read_bytes() != files["a.md"]
    saved = tree(user_dirs.newsdesk_cache)
    assert any(name.startswith("dupes-") for name in saved), saved

    # The command line in this process, then in a child without NEWSDESK_CACHE_DIR:
    # the fallback, $XDG_CACHE_HOME/newsdesk, is the test's own too.
    assert main(["--seeds", str(news), "check"]) in (0, 1)
    assert main(["--seeds", str(news), "dupes"]) == 0 and "1 suggestions" in capsys.readouterr().out
    monkeypatch.delenv("NEWSDESK_CACHE_DIR")
    done = subprocess.run(
        [sys.executable, "-m", "tui", "--seeds", str(news), "dupes", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and '"a.md"' in done.stdout, done.stderr
    assert any(name.startswith("dupes-") for name in tree(user_dirs.cache / "newsdesk"))

    assert tree(home) == []
