"""Toggles that mean what they say: the site outcome becomes exactly what was asked, one line changes.

The property test writes story files with every spelling of `published` a real folder
holds (absent, `~`, empty, `"false"`, `0`, `nO`, `OFF`, `n`, a comment after it...),
under a `defaults:` scope or not, LF or CRLF, in a collection or `_posts` (with a BOM
there: posts are read without the header test), and checks each toggle's result with
site_outcome itself, byte by byte against the input, and through undo.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.cases import BOM, CONFIG, story
from tui.core.format.edits import EditError, replay
from tui.core.format.frontmatter import parse
from tui.core.format.site_edits import SiteEditRefused, one_line_changed, site_toggle
from tui.core.site import apparent_intent, parse_config, site_outcome

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SITE = parse_config(CONFIG)
SPELLINGS = [
    None,
    "~",
    "",
    "null",
    "Null",
    '"false"',
    "'false'",
    "0",
    "1",
    "nO",
    "No",
    "NO",
    "no",
    "off",
    "OFF",
    "Off",
    "n",
    "y",
    "yes",
    "Yes",
    "true",
    "True",
    "TRUE",
    "false",
    "False",
    "FALSE",
    '"nO"',
    '"true"',
    "~ # decide later",
    "false  # embargo",
    "!!bool false",
]
PATHS = ["_news/a.md", "_news/drafts/a.md", "_news/embargo/a.md", "_posts/2020-01-01-a.md", "index.md"]


def build(spelling: str | None, *, before: bool, newline: str, bom: bool) -> bytes:
    lines = ["type: article", "topics:", "  - politics", "related:", "  - title: Other", "    published: true"]
    if spelling is not None:
        entry = f"published: {spelling}".rstrip() if spelling else "published:"
        lines.insert(0 if before else len(lines), entry)
    return (BOM if bom else b"") + story(*lines, newline=newline)


@settings(max_examples=200, deadline=None)
@given(
    spelling=st.sampled_from(SPELLINGS),
    path=st.sampled_from(PATHS),
    want=st.sampled_from(["page", "hidden"]),
    before=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_toggle_gives_exactly_the_outcome_asked_with_one_line(
    spelling: str | None, path: str, want: str, before: bool, newline: str, bom: bool
) -> None:
    bom = bom and path.startswith("_posts/")  # elsewhere a BOM is refused (see below)
    raw = build(spelling, before=before, newline=newline, bom=bom)
    edit = site_toggle(path, raw, SITE, want, now=NOW)  # type: ignore[arg-type]
    if edit is None:
        verdict = site_outcome(path, raw, SITE, now=NOW)
        assert verdict.outcome == want
        assert verdict.apparent == want or apparent_intent(raw).value is None
        return
    after = site_outcome(path, edit.raw, SITE, now=NOW)
    assert after.outcome == want, after.reason
    assert after.apparent == want
    assert one_line_changed(raw, edit.raw)
    assert edit.raw.startswith(BOM) == raw.startswith(BOM)
    changed = set(edit.raw.splitlines(keepends=True)) - set(raw.splitlines(keepends=True))
    assert len(changed) == 1 and next(iter(changed)).endswith(newline.encode())
    original = parse(raw).data.get("published")
    if original is None or isinstance(original, bool):
        # Undo gives the very bytes back. (edits.replay will not restore a non-boolean
        # value such as "false" or 0: undoing a correction of one is refused there.)
        assert replay(edit.raw, edit.change.inverse()) == raw


@pytest.mark.parametrize(
    ("raw", "fix"),
    [
        (BOM + story("published: false"), "byte-order mark"),
        (b"Just a note.\n", "add a `---` block"),
        (b"", "add a `---` block"),
        (b" ---\ntitle: x\n---\n", "indented"),
        (b"---\ntitle: caf\xe9\npublished: false\n---\n", "UTF-8"),
        (b"---\ntitle: [x\npublished: false\n---\n", "fix the YAML"),
        (b"---\n- published: false\n---\n", "not a mapping"),
        (story("subtitle: :-)"), "quote it"),
        (story("date: tomorrow"), "fix the date"),
    ],
)
@pytest.mark.parametrize("want", ["page", "hidden"])
def test_files_no_published_line_can_set_are_refused_with_what_to_fix(raw: bytes, fix: str, want: str) -> None:
    with pytest.raises(SiteEditRefused, match=fix):
        site_toggle("_news/a.md", raw, SITE, want, now=NOW)  # type: ignore[arg-type]


def test_refusals_are_edit_errors_so_existing_callers_catch_them() -> None:
    with pytest.raises(EditError):
        site_toggle("_news/a.md", BOM + story(), SITE, "hidden", now=NOW)


def test_a_page_cannot_be_made_where_the_site_gives_none() -> None:
    with pytest.raises(SiteEditRefused, match="output: false"):
        site_toggle("_samples/a.md", story("published: true"), SITE, "page", now=NOW)
    with pytest.raises(SiteEditRefused, match="in the future"):
        site_toggle("_news/2999-01-01-a.md", story(), SITE, "page", now=NOW)
    with pytest.raises(SiteEditRefused, match="ignores names"):
        site_toggle("_news/_a.md", story(), SITE, "page", now=NOW)
    unpublished = parse_config(b"unpublished: true\ncollections: {news: {output: true}}\n")
    with pytest.raises(SiteEditRefused):
        site_toggle("_news/a.md", story(), unpublished, "hidden", now=NOW)


def test_the_smallest_edit_for_each_spelling() -> None:
    def line(rel: str, raw: bytes, want: str) -> tuple[str | None, str | None] | None:
        edit = site_toggle(rel, raw, SITE, want, now=NOW)  # type: ignore[arg-type]
        return None if edit is None else (edit.change.before, edit.change.after)

    assert line("_news/a.md", story("published: ~"), "page") == ("published: ~", "published: true")
    assert line("_news/a.md", story('published: "false"'), "page") == ('published: "false"', "published: true")
    assert line("_news/a.md", story("published: nO"), "page") == ("published: nO", "published: yes")
    assert line("_news/a.md", story("published: OFF"), "page") == ("published: OFF", "published: ON")
    assert line("_news/a.md", story("published: 0"), "hidden") == ("published: 0", "published: false")
    assert line("_news/a.md", story("published: ~ # later"), "hidden") == (
        "published: ~ # later",
        "published: false # later",
    )
    assert line("_news/drafts/a.md", story(), "page") == (None, "published: true")  # the default says false
    assert line("_news/drafts/a.md", story(), "hidden") is None  # already hidden, no line to correct
    assert line("_news/a.md", story(), "page") is None
    assert line("_news/a.md", story("published: nO"), "hidden") is None
