"""`swap.held`: the bytes an edit in $EDITOR can be undone to, read as `swap` reads them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.disk.swap import held
from tui.core.format.edits import EditError


def test_a_story_its_absence_and_what_undo_could_not_put_back(tmp_path: Path) -> None:
    story = tmp_path / "a.md"
    story.write_bytes(b"---\ntitle: x\n---\n")
    story.chmod(0o640)
    raw, mode = held(str(tmp_path), "a.md")
    assert raw == b"---\ntitle: x\n---\n" and mode is not None and mode & 0o777 == 0o640
    assert held(str(tmp_path), "gone.md") == (None, None)
    os.symlink("a.md", tmp_path / "link.md")
    with pytest.raises(EditError, match="symlink"):
        held(str(tmp_path), "link.md")
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "sub", tmp_path / "via")
    with pytest.raises(EditError):
        held(str(tmp_path), "via/a.md")
    with pytest.raises(EditError):
        held(str(tmp_path), "../a.md")
