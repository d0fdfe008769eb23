"""The quick judge gives exactly site_outcome's verdict, on every case and on generated stories."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.site.cases import BREAKERS, CASES, CONFIG, story
from tui.core.format.decode import parse_story
from tui.core.site import parse_config, site_outcome, standalone
from tui.core.site.quick import QuickJudge, ordinary_line

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SITE = parse_config(CONFIG)
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _same(judge: QuickJudge, rel: str, raw: bytes) -> None:
    parsed_ok = parse_story(rel, raw)[0] is not None
    assert judge.judge(rel, raw, parsed_ok) == site_outcome(rel, raw, judge.config, now=NOW), rel


@pytest.mark.parametrize("case", CASES + BREAKERS, ids=lambda c: c.path)
def test_quick_agrees_on_every_case(case: object) -> None:
    judge = QuickJudge(SITE, now=NOW)
    _same(judge, case.path, case.raw)  # type: ignore[attr-defined]
    _same(judge, case.path, case.raw)  # type: ignore[attr-defined]  # from the memo too


def test_quick_agrees_on_seeds_and_spellings_in_every_folder() -> None:
    judge = QuickJudge(SITE, now=NOW)
    plain = QuickJudge(standalone(), now=NOW)
    raws = [p.read_bytes() for p in sorted(SEEDS.iterdir())]
    raws += [story(f"published: {v}") for v in ("true", "False", "NO", "on", "off # later", "~", "0", '"false"')]
    raws += [story("published: false", newline="\r\n"), story("date: 2999-01-01"), story("x: :sym")]
    folders = ["_news", "_news/drafts", "_news/drafts-old", "_news/embargo", "_samples", "_posts", "", "private"]
    names = ["a.md", "b.txt", "2999-01-01-x.md", "2001-01-01-y.md", "drafts.md", "_u.md"]
    for raw in raws:
        for folder in folders:
            for name in names:
                rel = f"{folder}/{name}" if folder else name
                _same(judge, rel, raw)
                _same(plain, rel, raw)


def test_quick_path_is_taken_for_ordinary_stories() -> None:
    assert ordinary_line(story("published: false")) == (b"false", 3)
    assert ordinary_line(story()) == (None, None)
    assert ordinary_line(story("published: ~")) is None
    assert ordinary_line(b"\xef\xbb\xbf" + story()) is None


@pytest.mark.skipif(
    not os.environ.get("NEWSDESK_QUICK_FOLDER"), reason="set NEWSDESK_QUICK_FOLDER to a generated folder"
)
def test_quick_agrees_on_a_generated_folder() -> None:
    root = Path(os.environ["NEWSDESK_QUICK_FOLDER"])
    judge = QuickJudge(standalone(), now=NOW)
    for path in sorted(root.iterdir())[:3000]:
        _same(judge, path.name, path.read_bytes())
