"""The quick judge gives exactly site_outcome's verdict, on every case and on generated stories."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.cases import BOM, BREAKERS, CASES, CONFIG, story
from tui.core.format.decode import parse_story
from tui.core.site import parse_config, site_outcome, standalone
from tui.core.site.quick import _PLAIN_NAME, BOM_MARK, SECURED, QuickJudge, ordinary_line

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
    raws += [BOM + story(), BOM + story("published: false", "secured: QUJD"), BOM + story("published: ~")]
    # The node marks Psych reads apart from PyYAML, at a node's start and inside text.
    for text in ("News & World Report", "a *new* law", "x :y", "a !b", "50% off", "me @ home", "`code`"):
        raws += [story(f"subtitle: {text}", "published: no"), story(f'subtitle: "{text}"', "published: false")]
    for start in ("&a x", "*a", ":sym", "!!str x", "@x", "`x`", "%x"):
        raws += [story(f"subtitle: {start}", "published: no"), story("list:", f"  - {start}", "published: false")]
        raws += [story(f"flow: [a, {start}]", "published: off"), story(f"flow: {{k: {start}}}", "published: no")]
    folders = ["_news", "_news/drafts", "_news/drafts-old", "_news/embargo", "_samples", "_posts", "", "private"]
    names = ["a.md", "b.txt", "2999-01-01-x.md", "2001-01-01-y.md", "drafts.md", "_u.md"]
    for raw in raws:
        for folder in folders:
            for name in names:
                rel = f"{folder}/{name}" if folder else name
                _same(judge, rel, raw)
                _same(plain, rel, raw)


def test_quick_path_is_taken_for_ordinary_stories() -> None:
    assert ordinary_line(story("published: false")) == (b"false", 3, 0)
    assert ordinary_line(story()) == (None, None, 0)
    assert ordinary_line(story("published: ~")) is None
    # A node mark inside a text is text; at a node's start it is Psych's business.
    assert ordinary_line(story('name: "U.S. News & World Report"', "subtitle: a *new* law")) == (None, None, 0)
    assert ordinary_line(story("subtitle: &anchor x")) is None
    assert ordinary_line(story("list:", "  - *alias")) is None
    # Behind a byte-order mark (a raw copy): flagged, and whether a `secured` line leaks.
    assert ordinary_line(BOM + story()) == (None, None, BOM_MARK)
    assert ordinary_line(BOM + story("published: no", "secured: QUJD")) == (b"no", 3, BOM_MARK | SECURED)
    assert ordinary_line(BOM + story("published: ~")) is None


# Patterns that single out some names of a folder, each seen only from another place than
# the path from the root: the memo must not hand one name's verdict to another.
SINGLING_OUT = {
    "an include by bare name": (
        b"collections:\n  news:\n    output: true\nexclude:\n  - _news/\ninclude:\n  - x\n",
        ("_news/a.md", "_news/x1.md"),
    ),
    "an include inside the collection": (
        b"collections:\n  news:\n    output: true\nexclude:\n  - _news/drafts/\ninclude:\n  - drafts/x\n",
        ("_news/drafts/a.md", "_news/drafts/x1.md"),
    ),
    "a default under collections_dir": (
        b"collections_dir: col\ncollections:\n  news:\n    output: true\n"
        b"defaults:\n  - scope:\n      path: _news/x\n    values:\n      published: false\n",
        ("col/_news/a.md", "col/_news/x1.md"),
    ),
    "a default by URL (static files)": (
        b"collections:\n  news:\n    output: true\n"
        b"defaults:\n  - scope:\n      path: news/drafts/x\n    values:\n      published: false\n",
        ("_news/drafts/a.md", "_news/drafts/x1.md"),
    ),
    "a permalink without the path": (
        b"collections:\n  news:\n    output: true\n    permalink: /:collection/:title\n"
        b"  nm:\n    output: true\n    permalink: /x/:name\n"
        b"defaults:\n  - scope:\n      path: x/y\n    values:\n      published: false\n",
        ("_news/a.md", "_news/b.md", "_nm/sub/a.md", "_nm/sub/y1.md"),
    ),
}


@pytest.mark.parametrize("name", sorted(SINGLING_OUT))
def test_quick_never_hands_one_names_verdict_to_another(name: str) -> None:
    config, paths = SINGLING_OUT[name]
    judge = QuickJudge(parse_config(config), now=NOW)
    outcomes = set()
    for rel in paths:
        for raw in (story(), BOM + story(), BOM + story("secured: QUJD"), story("published: no")):
            _same(judge, rel, raw)
            outcomes.add(judge.judge(rel, raw, True).outcome)
    assert len(outcomes) > 1  # the case does tell names apart


@pytest.mark.skipif(
    not os.environ.get("NEWSDESK_QUICK_FOLDER"), reason="set NEWSDESK_QUICK_FOLDER to a generated folder"
)
def test_quick_agrees_on_a_generated_folder() -> None:
    root = Path(os.environ["NEWSDESK_QUICK_FOLDER"])
    judge = QuickJudge(standalone(), now=NOW)
    for path in sorted(root.iterdir())[:3000]:
        _same(judge, path.name, path.read_bytes())


_OLD_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+\-]*(?:\.[A-Za-z0-9]+)+")
_OLD_DATED = re.compile(r"([0-9]{2,4}-[0-9]{1,2}-[0-9]{1,2})-")


@given(st.text(alphabet="0129-_.+aZ~#", max_size=24))
@settings(max_examples=3000, deadline=None)
def test_one_match_reads_a_name_as_the_three_tests_did(name: str) -> None:
    """judge_line's single match: plain name, file-name date and extension as before."""
    named = _PLAIN_NAME.fullmatch(name)
    assert (named is not None) == (_OLD_PLAIN.fullmatch(name) is not None), name
    if named is not None:
        dated = _OLD_DATED.match(name)
        assert named.group(1) == (dated.group(1) if dated else None), name
        assert named.group(2) == name.rsplit(".", 1)[-1], name
