"""The saved full pass: used only for exactly the folder state, settings and code it came from."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers.stories import ORIGINAL, Spec, copy, story
from tui.core.dupes import saved_pass
from tui.core.dupes.index import DedupeIndex
from tui.core.dupes.scoring import DedupeConfig


@pytest.fixture
def stories() -> list:
    other = Spec(
        "Ohio reports 1,242 new cases",
        "Health officials reported the new cases on Tuesday in Columbus.",
        hours=3,
        provider="Other",
        domain="other.example.com",
    )
    return [
        story(ORIGINAL, "a.md"),
        story(copy(ORIGINAL, hours=2, provider="Yahoo News", domain="news.yahoo.com"), "b.md"),
        story(other, "c.md"),
    ]


def test_a_saved_pass_comes_back_for_the_same_folder_only(stories: list, tmp_path: Path) -> None:
    index = DedupeIndex()
    index.build(stories)
    assert ("a.md", "b.md") in index.pairs
    root, config = str(tmp_path / "folder"), DedupeConfig()
    state = saved_pass.fingerprint(stories)
    saved_pass.save(root, config, state, index.pairs.values())
    assert saved_pass.load(root, config, state) == list(index.pairs.values())
    assert saved_pass.fingerprint(list(reversed(stories))) == state  # order of loading does not matter
    assert saved_pass.fingerprint(stories[:2]) != state
    assert saved_pass.load(root, config, saved_pass.fingerprint(stories[:2])) is None
    assert saved_pass.load(root, DedupeConfig(threshold=70), state) is None
    assert saved_pass.load(str(tmp_path / "elsewhere"), config, state) is None


def test_a_damaged_or_foreign_file_is_ignored(stories: list, tmp_path: Path) -> None:
    index = DedupeIndex()
    index.build(stories)
    root, config = str(tmp_path / "folder"), DedupeConfig()
    state = saved_pass.fingerprint(stories)
    saved_pass.save(root, config, state, index.pairs.values())
    path = saved_pass.path_for(root)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data["pairs"][0][2] = "ninety"
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    assert saved_pass.load(root, config, state) is None
    Path(path).write_bytes(b"\x00not json")
    assert saved_pass.load(root, config, state) is None
    os.unlink(path)
    assert saved_pass.load(root, config, state) is None
