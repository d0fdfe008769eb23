"""The saved full pass: used only for exactly the folder state, settings and code it came from."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from dupes_fixtures import ORIGINAL, Spec, copy, story
from tui.core import dedupe_cache
from tui.core.dedupe import DedupeIndex
from tui.core.dedupe_score import DedupeConfig


@pytest.fixture
def stories(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    other = Spec("Ohio reports 1,242 new cases", "Health officials reported the new cases on Tuesday in Columbus.",
                 hours=3, provider="Other", domain="other.example.com")
    return [story(ORIGINAL, "a.md"), story(copy(ORIGINAL, hours=2, provider="Yahoo News", domain="news.yahoo.com"), "b.md"),
            story(other, "c.md")]


def test_a_saved_pass_comes_back_for_the_same_folder_only(stories: list, tmp_path: Path) -> None:
    index = DedupeIndex()
    index.build(stories)
    assert ("a.md", "b.md") in index.pairs
    root, config = str(tmp_path / "folder"), DedupeConfig()
    state = dedupe_cache.fingerprint(stories)
    dedupe_cache.save(root, config, state, index.pairs.values())
    assert dedupe_cache.load(root, config, state) == list(index.pairs.values())
    assert dedupe_cache.fingerprint(list(reversed(stories))) == state  # order of loading does not matter
    assert dedupe_cache.fingerprint(stories[:2]) != state
    assert dedupe_cache.load(root, config, dedupe_cache.fingerprint(stories[:2])) is None
    assert dedupe_cache.load(root, DedupeConfig(threshold=70), state) is None
    assert dedupe_cache.load(str(tmp_path / "elsewhere"), config, state) is None


def test_a_damaged_or_foreign_file_is_ignored(stories: list, tmp_path: Path) -> None:
    index = DedupeIndex()
    index.build(stories)
    root, config = str(tmp_path / "folder"), DedupeConfig()
    state = dedupe_cache.fingerprint(stories)
    dedupe_cache.save(root, config, state, index.pairs.values())
    path = dedupe_cache.path_for(root)
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data["pairs"][0][2] = "ninety"
    Path(path).write_text(json.dumps(data), encoding="utf-8")
    assert dedupe_cache.load(root, config, state) is None
    Path(path).write_bytes(b"\x00not json")
    assert dedupe_cache.load(root, config, state) is None
    os.unlink(path)
    assert dedupe_cache.load(root, config, state) is None
