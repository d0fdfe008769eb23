"""The git runner's guarantees: bounded time, bounded output, a safe environment."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tui.core.git import run as git_run


def _fake_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str) -> None:
    script = tmp_path / "fake-git"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    monkeypatch.setattr(git_run, "GIT", str(script))


def test_a_hanging_git_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_git(tmp_path, monkeypatch, "sleep 30 & sleep 30")  # a grandchild holds the pipes too
    started = time.monotonic()
    result = git_run.run(["status"], str(tmp_path), timeout=0.5)
    assert result.problem == "timeout" and not result.ok
    assert time.monotonic() - started < 5
    assert "too long" in result.as_problem("reading the status").message


def test_output_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_git(tmp_path, monkeypatch, "yes story | head -c 5000000")
    result = git_run.run(["log"], str(tmp_path), limit=10_000)
    assert result.problem == "too-much-output" and len(result.out) <= 10_000


def test_environment_is_safe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_DIR", "/somewhere/else")
    monkeypatch.setenv("GIT_PAGER", "less")
    monkeypatch.setenv("GIT_EDITOR", "vim")
    _fake_git(tmp_path, monkeypatch, 'env; echo "ARGS $*"; tty || true')
    result = git_run.run(["status"], str(tmp_path), stdin=b"")
    text = result.out.decode()
    assert result.ok
    assert "GIT_TERMINAL_PROMPT=0" in text and "LC_ALL=C" in text and "GIT_PAGER=cat" in text
    assert "GIT_EDITOR=true" in text and "GIT_DIR=" not in text
    assert "ARGS --no-pager" in text
    assert "not a tty" in text


def test_missing_folder_is_a_result(tmp_path: Path) -> None:
    result = git_run.run(["status"], str(tmp_path / "gone"))
    assert result.problem == "failed" and "no such folder" in result.err.decode()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the nice value from /proc")
def test_git_from_a_background_thread_yields_the_cpu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk's git thread marks itself (`in_background`): every git it starts runs 10
    nicer than newsdesk (set right after the start, before git has read its index and
    started the worker threads of a status, which inherit it); any other thread's git
    runs as the caller. The fake git reports its own nice value a moment after starting."""
    import os
    import threading

    _fake_git(tmp_path, monkeypatch, "sleep 0.2; cut -d')' -f2 /proc/$$/stat | cut -d' ' -f18")

    def nice_of_git() -> int:
        result = git_run.run(["status"], str(tmp_path))
        assert result.ok, result.err
        return int(result.out.decode().strip())

    own = os.getpriority(os.PRIO_PROCESS, 0)
    seen: list[int] = []

    def background() -> None:
        git_run.in_background()
        seen.append(nice_of_git())

    thread = threading.Thread(target=background)
    thread.start()
    thread.join()
    assert seen == [min(19, own + git_run.BACKGROUND_NICE)]
    assert nice_of_git() == own
