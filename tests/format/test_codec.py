"""One test per quirk and per bad input of FORMAT.md: a story, or a problem that says why.

`parse_story` must never raise; these pin what it returns for each case, and that a
YAML tag naming Python code is a problem, never executed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.helpers.paths import SEED_FILES, SEEDS
from tui.core.format.decode import parse_story
from tui.core.model import Problem

BOM = b"\xef\xbb\xbf"


def story_bytes(*lines: str, nl: str = "\n", bom: bool = False, body: str = "") -> bytes:
    text = nl.join(["---", *lines, "---"]) + nl + body
    return (BOM if bom else b"") + text.encode("utf-8")


GOOD = (
    'title: "A story"',
    "publishedDateTime: 2021-05-08T00:34:00Z",
    'webUrl: "https://www.example.com/a"',
    'originalUrl: "https://example.com/a"',
)


def only_error(raw: bytes) -> Problem:
    story, problems = parse_story("bad.md", raw)
    assert story is None
    assert [p.severity for p in problems] == ["error"]
    assert problems[0].id == "bad.md"
    return problems[0]


def messages(problems: list[Problem]) -> str:
    return " | ".join(p.message for p in problems)


# -- the real stories --------------------------------------------------------------


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_every_seed_is_a_clean_story(path: Path) -> None:
    raw = path.read_bytes()
    story, problems = parse_story(path.name, raw)
    assert problems == []
    assert story is not None and story.id == path.name
    assert story.title and story.url.startswith("https://")
    assert story.published_at is not None and story.published_at.tzinfo is not None
    assert story.topics == ("Computer Vision", "AI")
    assert story.provider_name and story.provider_domain
    assert story.images and story.related
    assert story.facts.size == len(raw) and story.facts.newline == "\n" and not story.facts.bom


def test_seed_fields_are_typed() -> None:
    raw = (SEEDS / "000_8dcd983ef76e6965.txt").read_bytes()
    story, _ = parse_story("000", raw)
    assert story is not None
    assert story.title == "Massachusetts Homes in on Facial Recognition Accountability"
    assert story.published is True and story.published_explicit
    assert story.published_at == datetime(2021, 5, 8, 0, 34, tzinfo=UTC)
    assert (story.quality, story.heat, story.heat_signal) == (59, 79, 79)
    assert (story.type, story.category) == ("article", "news")
    assert (story.provider_name, story.provider_domain) == ("Government Technology", "govtech.com")
    assert story.images[0].width == 840 and story.images[0].is_cached is True
    assert [r.provider_name for r in story.related] == ["thecrimereport.org", "WBUR"]
    assert story.related[0].published_at == datetime(2021, 5, 7, 14, 19, tzinfo=UTC)
    assert story.cdn_amp_url.startswith("https://www-govtech-com.cdn.ampproject.org/")
    assert story.facts.published_line == 13
    assert raw.splitlines()[12] == b"published: true"
    assert raw.splitlines()[story.facts.insert_line - 1] == b"---"

    other, _ = parse_story("001", (SEEDS / "001_29a53d9359691146.txt").read_bytes())
    assert other is not None and other.published is False
    assert other.heat == -1 and other.heat_signal is None  # -1 means "no signal"


def test_secured_is_never_stored_only_its_length() -> None:
    raw = (SEEDS / "000_8dcd983ef76e6965.txt").read_bytes()
    payload = next(line for line in raw.splitlines() if line.startswith(b"secured: "))
    payload = payload.removeprefix(b'secured: "').removesuffix(b'"')
    story, _ = parse_story("000", raw)
    assert story is not None
    assert story.secured_bytes == len(payload)
    assert all(key != "secured" for key, _ in story.extra)
    assert payload.decode() not in repr(story)
    assert payload[:24].decode() not in repr(story)


# -- quirks of real folders ----------------------------------------------------------


@pytest.mark.parametrize("nl", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", [False, True])
def test_line_endings_and_bom_are_recorded(nl: str, bom: bool) -> None:
    raw = story_bytes(*GOOD, "published: false", nl=nl, bom=bom, body=f"Body{nl}")
    story, problems = parse_story("s.md", raw)
    assert problems == []
    assert story is not None and story.title == "A story" and story.published is False
    assert story.facts.newline == nl and story.facts.bom is bom
    assert story.facts.published_line == 6 and story.facts.insert_line == 7


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("yes", True),
        ("Yes", True),
        ("YES", True),
        ("on", True),
        ("On", True),
        ("ON", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("no", False),
        ("No", False),
        ("NO", False),
        ("off", False),
        ("Off", False),
        ("OFF", False),
    ],
)
def test_yaml_11_booleans(word: str, value: bool) -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD, f"published: {word}"))
    assert problems == []
    assert story is not None and story.published is value and story.published_explicit


def test_published_absent_means_published() -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD))
    assert problems == []
    assert story is not None and story.published is True and not story.published_explicit
    assert story.facts.published_line is None


def test_published_empty_means_published_with_a_warning() -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD, "published:"))
    assert story is not None and story.published is True
    assert [p.severity for p in problems] == ["warning"] and "published" in problems[0].message


def test_nested_published_before_top_level_is_not_the_flag() -> None:
    raw = story_bytes(
        *GOOD,
        "related:",
        "  - title: other",
        "    published: false",
        "published: yes",
        "extra:",
        "  published: no",
    )
    story, problems = parse_story("s.md", raw)
    assert problems == []
    assert story is not None and story.published is True
    assert story.facts.published_line == 9


def test_keys_in_any_order() -> None:
    forward, _ = parse_story("s.md", story_bytes(*GOOD, "published: no", "type: video"))
    backward, _ = parse_story("s.md", story_bytes("type: video", "published: no", *reversed(GOOD)))
    assert forward is not None and backward is not None
    assert (forward.title, forward.url, forward.published, forward.type) == (
        backward.title,
        backward.url,
        backward.published,
        backward.type,
    )


def test_body_with_dashes_and_jekyll_dot_closing() -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD, body="---\npublished: false\n---\n"))
    assert problems == [] and story is not None and story.published is True
    dots = ("---\n" + "\n".join(GOOD) + "\n...\nbody\n").encode()
    story, problems = parse_story("s.md", dots)
    assert problems == [] and story is not None and story.title == "A story"


def test_untrusted_title_is_kept_literally() -> None:
    raw = story_bytes(
        "title: \"[bold]x[/] [link=https://evil]y[/link] \\e[31mred\\e[0m “q” 's'\"",
        *GOOD[1:],
    )
    story, problems = parse_story("s.md", raw)
    assert problems == [] and story is not None
    assert story.title == "[bold]x[/] [link=https://evil]y[/link] \x1b[31mred\x1b[0m “q” 's'"


def test_html_entities_in_excerpt_are_left_alone() -> None:
    story, _ = parse_story("s.md", story_bytes(*GOOD, 'excerpt: "Lightfoot&#8217;s office"'))
    assert story is not None and story.excerpt == "Lightfoot&#8217;s office"


def test_missing_web_url_falls_back_to_original_with_a_warning() -> None:
    story, problems = parse_story("s.md", story_bytes(*(g for g in GOOD if not g.startswith("webUrl"))))
    assert story is not None
    assert story.url == "https://example.com/a" and story.web_url == ""
    assert [p.severity for p in problems] == ["warning"] and "webUrl" in problems[0].message


@pytest.mark.parametrize("when", ["yesterday", "2021-02-30", "2021-13-45T00:00:00Z", "0000-01-01", "'2021-05-08 junk'"])
def test_unparseable_date_is_a_warning(when: str) -> None:
    raw = story_bytes(*(g for g in GOOD if not g.startswith("published")), f"publishedDateTime: {when}")
    story, problems = parse_story("s.md", raw)
    assert story is not None and story.published_at is None
    assert [p.severity for p in problems] == ["warning"]
    assert "publishedDateTime" in problems[0].message


def test_date_forms_that_do_parse() -> None:
    for when, expect in [
        ("2021-05-08", datetime(2021, 5, 8, tzinfo=UTC)),
        ("2021-05-08 10:00:00", datetime(2021, 5, 8, 10, tzinfo=UTC)),
        ("2021-05-08T10:00:00+02:00", datetime(2021, 5, 8, 8, tzinfo=UTC)),
        ('"2021-05-08T10:00:00Z"', datetime(2021, 5, 8, 10, tzinfo=UTC)),
    ]:
        raw = story_bytes(*(g for g in GOOD if not g.startswith("published")), f"publishedDateTime: {when}")
        story, problems = parse_story("s.md", raw)
        assert problems == [] and story is not None, when
        assert story.published_at == expect and story.published_at.tzinfo is not None


def test_unknown_keys_are_kept() -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD, "layout: post", "tags: [a, b]", "weird:", "  x: 1"))
    assert problems == [] and story is not None
    assert story.extra == (("layout", "post"), ("tags", ["a", "b"]), ("weird", {"x": 1}))


# -- bad inputs: a problem record, never an exception --------------------------------


def test_empty_file() -> None:
    assert "empty" in only_error(b"").message
    assert "empty" in only_error(b" \n\r\n\t\n").message
    assert "empty" in only_error(BOM).message


def test_no_front_matter() -> None:
    problem = only_error(b"# Just some notes\n\nNo front matter here.\n")
    assert "no front matter" in problem.message and problem.line == 1


def test_unclosed_front_matter() -> None:
    problem = only_error(b'---\ntitle: "half written"\npublished: true\n')
    assert "not closed" in problem.message


def test_empty_front_matter() -> None:
    assert "empty" in only_error(b"---\n---\nbody\n").message
    assert "empty" in only_error(b"---\n# only a comment\n---\n").message


@pytest.mark.parametrize(("bom", "nl"), [(False, "\n"), (True, "\r\n")])
def test_bad_yaml_reports_the_file_line(bom: bool, nl: str) -> None:
    raw = story_bytes('title: "ok"', "category: news", "bad: a: b", "type: article", nl=nl, bom=bom)
    problem = only_error(raw)
    assert problem.message.startswith("bad YAML")
    assert problem.line == 4  # the opening --- is line 1
    raw = story_bytes('title: "ok"', "topics: [a, b", "type: article")
    assert only_error(raw).line in (3, 4)


def test_not_utf8() -> None:
    problem = only_error(b'---\ntitle: "caf\xe9"\n---\n')
    assert "UTF-8" in problem.message and problem.line == 2
    assert "UTF-8" in only_error(b"\xff\xfe-\x00-\x00-\x00\n\x00").message  # UTF-16


@pytest.mark.parametrize("root", ["- a\n- b", "just a sentence", "42", "[1, 2]"])
def test_root_not_a_mapping(root: str) -> None:
    assert "not a mapping" in only_error(f"---\n{root}\n---\n".encode()).message


@pytest.mark.parametrize("value", ['"maybe"', "maybe", "1", "[true]", '"true"'])
def test_published_of_the_wrong_type_is_an_error(value: str) -> None:
    problem = only_error(story_bytes(*GOOD, f"published: {value}"))
    assert "published" in problem.message and problem.line == 6


def test_wrong_types_of_other_fields_are_reported_and_ignored() -> None:
    story, problems = parse_story(
        "s.md", story_bytes("title: [a, b]", *GOOD[1:], "quality: high", "heat: '12'", "topics: AI", "provider: [x]")
    )
    assert story is not None
    assert story.title == "" and story.quality is None and story.heat == 12
    assert story.topics == ("AI",) and story.provider_name == ""
    text = messages(problems)
    assert all(p.severity == "warning" for p in problems)
    for key in ("title", "quality", "heat", "topics", "provider"):
        assert key in text


@pytest.mark.parametrize("value", ['"²"', '"--5"', '"5 stars"', "1.5", "true"])
def test_odd_numbers_never_crash(value: str) -> None:
    story, problems = parse_story("s.md", story_bytes(*GOOD, f"quality: {value}"))
    assert story is not None and story.quality is None
    assert "quality" in messages(problems)


@pytest.mark.parametrize(
    "line",
    [
        "published: !!bool maybe",
        "publishedDateTime: !!timestamp not-a-date",
        "quality: !!int ''",
        "heat: !!float abc",
        "x: !!binary 'abc'",
        "x: !custom thing",
        "? [a]\n: 1",
    ],
)
def test_explicitly_tagged_junk_is_a_problem_not_a_crash(line: str) -> None:
    problem = only_error(story_bytes(*GOOD, line))
    assert "YAML" in problem.message


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system",
        "!!python/object/new:os.system",
        "!!python/object/apply:subprocess.check_call",
    ],
)
def test_python_tags_are_problems_and_run_no_code(tag: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    raw = story_bytes(*GOOD, f'title2: {tag} ["touch {marker}"]')
    problem = only_error(raw)
    assert "python" in problem.message and problem.line == 6
    name = story_bytes(*GOOD, "x: !!python/name:os.system")
    assert "python" in only_error(name).message
    assert not marker.exists()


def test_deep_nesting_is_a_problem() -> None:
    assert only_error(story_bytes(*GOOD, "x: " + "[" * 5000 + "]" * 5000)).message


def test_problem_format() -> None:
    assert Problem("a.md", 3, "bad").format() == "a.md:3: bad"
    assert Problem("a.md", None, "odd", "warning").format() == "a.md: warning: odd"
