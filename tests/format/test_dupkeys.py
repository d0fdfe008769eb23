"""A top-level key written twice: Jekyll (Psych) and our loader keep the last, silently.

The trial's file: `published: true` on line 3 (another editor's insert) and
`published: false` near the end (the desk's insert), merged cleanly by git.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.format.decode import check_story, parse_story
from tui.core.format.dupkeys import duplicate_keys, keep_one
from tui.core.format.edits import EditError, set_published
from tui.core.format.fastparse import parse_fast

TWICE = (
    b'---\ntitle: "Hello"\nwebUrl: "https://example.com/a"\npublished: true\n'
    b"publishedDateTime: 2021-05-08T00:34:00Z\nauthors:\n  - name: a\n  - name: b\n"
    b"type: article\npublished: false\n---\nBody\n"
)
MESSAGE = "published appears twice (lines 4 and 10); Jekyll uses the last: false"


def test_found_with_lines_and_the_winner() -> None:
    (dup,) = duplicate_keys(TWICE)
    assert (dup.key, dup.lines, dup.describe()) == ("published", (4, 10), MESSAGE)
    assert parse_fast(TWICE).data["published"] is False  # the last, as Jekyll reads it
    # nested keys repeated in a list of mappings are not top-level repeats
    assert duplicate_keys(TWICE.replace(b"published: false\n", b"")) == ()
    three = TWICE.replace(b"type: article\n", b"type: article\ntype: page\ntype: x\n")
    assert [d.describe() for d in duplicate_keys(three)][1] == (
        "type appears three times (lines 9, 10 and 11); Jekyll uses the last: x"
    )


def test_load_and_check_report_it_at_the_line_that_wins() -> None:
    story, problems = parse_story("a.md", TWICE)
    assert story is not None and story.published is False
    assert [(p.line, p.message, p.severity) for p in problems if "appears" in p.message] == [(10, MESSAGE, "warning")]
    ok, found = check_story("a.md", TWICE)
    assert ok and [p.message for p in found if "appears" in p.message] == [MESSAGE]


def test_check_command_lists_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.md").write_bytes(TWICE)
    main(["check", str(tmp_path)])
    out = capsys.readouterr().out
    assert f"a.md:10: warning: {MESSAGE}" in out and "(0 errors, 1 warning)" in out


def test_toggle_refuses_and_leaves_the_file() -> None:
    for value in (True, False):
        with pytest.raises(EditError, match="published appears twice"):
            set_published(TWICE, value)


def test_keep_one_line() -> None:
    fixed = keep_one(TWICE, "published", "published: true")
    assert fixed is not None and duplicate_keys(fixed) == () and parse_fast(fixed).data["published"] is True
    assert fixed.count(b"published:") == 1 and fixed.index(b"published: true") == TWICE.index(b"published: true")
