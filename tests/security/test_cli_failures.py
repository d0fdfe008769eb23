"""The command line prints one line per problem and a clear status, never a traceback
(issue #13, "failures are visible")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.hostile import story
from tui.cli.main import main
from tui.core.disk import folder


def test_an_unexpected_error_is_one_line_and_a_status(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.md").write_bytes(story())

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("something nobody foresaw\n\x1b[2Jon two lines")

    monkeypatch.setattr(folder, "check", broken)
    assert main(["check", "--seeds", str(tmp_path)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "\x1b" not in err
    assert err.startswith("newsdesk: check failed: RuntimeError: something nobody foresaw")
