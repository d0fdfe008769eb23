"""Headline, excerpt and the other scalar edits read back as exactly what was typed.

Whatever the text holds, the loader (CSafeLoader), the fast reader (parse_story) and
Jekyll's reader (Psych, when Ruby is installed) must all read the written value as that
text; only the value's lines change; the value keeps its quoting style when the text
allows it; undo restores every byte.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.format.jekyll import psych_load
from tests.helpers.paths import SEED_FILES
from tui.core.format.decode import parse_story
from tui.core.format.edits import EditError, replay
from tui.core.format.frontmatter import parse, split
from tui.core.format.scalar_edits import field_value, set_scalar, set_title
from tui.core.format.yamlwrite import plain_ok, render, single_ok

AMBIGUOUS = ["yes", "no", "y", "n", "Y", "N", "on", "off", "On", "OFF", "TrUe", "false", "~", "null", "NULL"]
AMBIGUOUS += ["0777", "0o17", "0x1F", "0b101", "1:20", "190:20:30.15", "1_000", "1,000", ".inf", "-.inf"]
AMBIGUOUS += [".NaN", "1e3", "1.", ".5", "+1", "-1", "2021-05-08", "2021-05-08 10:00:00", "=", "<<", ""]
# Ways a title is written in real and hand-edited files: (lines, quoting style).
TITLES = [
    (["title: Old headline"], ""),
    (["title: Old headline  # a comment"], ""),
    (["title: 'Old headline'"], "'"),
    (['title: "Old headline"  # c'], '"'),
    (["title: |", "  Old", "  headline"], "|"),
    (["title: >-", "  Old", "  headline", ""], ">"),
    (["title: Old", "  headline"], ""),
    (["title:", "  Old headline"], ""),
    (['title: "Old', '  headline"'], '"'),
    (["title:"], None),
    (["title: ~"], ""),
    ([], None),
]


@dataclass(frozen=True)
class Sample:
    raw: bytes
    entry: tuple[int, int] | None  # 0-based first and last line of the title entry
    close: int
    style: str | None


@st.composite
def samples(draw: st.DrawFn, field: str = "title") -> Sample:
    lines_in, style = draw(st.sampled_from(TITLES))
    entry_lines = [line.replace("title", field, 1) if i == 0 else line for i, line in enumerate(lines_in)]
    lines = ["---"]
    if draw(st.booleans()):
        lines += ["related:", f"  - {field}: Nested one", "    webUrl: u"]
    lines += ["webUrl: https://example.com/a", "# a comment"]
    span = None
    if entry_lines:
        span = (len(lines), len(lines) + len(entry_lines) - 1)
        lines += entry_lines
    lines += ["quality: 5", "topics:", "  - AI", "---", "Body with title: text.", ""]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return Sample(bom + nl.join(lines).encode(), span, len(lines) - 3, style)


def _front_matter(raw: bytes) -> str:
    text = raw.decode("utf-8-sig")
    start, close = split(text)
    return text[start:close]


def _check(sample: Sample, field: str, value: str | int) -> bytes | None:
    result = set_scalar(sample.raw, field, value)
    before = parse(sample.raw).data
    if field in before and repr(before[field]) == repr(value):
        assert result is None
        return None
    assert result is not None
    new, change = result
    data = yaml.load(_front_matter(new), Loader=yaml.CSafeLoader)
    assert type(data[field]) is type(value) and data[field] == value
    assert {k: v for k, v in data.items() if k != field} == {k: v for k, v in before.items() if k != field}
    story, _ = parse_story("s", new)
    assert story is not None and getattr(story, field) == value
    # Only the entry's lines change (a new one goes right before the closing line), to one line.
    old_lines, new_lines = sample.raw.split(b"\n"), new.split(b"\n")
    head = 0
    while old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < min(len(old_lines), len(new_lines)) - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    first, last = sample.entry if sample.entry else (sample.close, sample.close - 1)
    assert first <= head and len(old_lines) - tail <= last + 1
    assert len(new_lines) - tail - head == 1, "the value is written on one line"
    assert new.startswith(b"\xef\xbb\xbf") == sample.raw.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in sample.raw:
        assert new.count(b"\n") == new.count(b"\r\n")
    assert replay(new, change.inverse()) == sample.raw
    assert replay(sample.raw, change) == new
    return new


def _written_value(new: bytes, field: str) -> str:
    """The written value: after the key, or on the next line when the key's line ends there."""
    lines = new.decode("utf-8-sig").split("\n")
    at = next(i for i, x in enumerate(lines) if x.startswith(f"{field}:"))
    rest = lines[at][len(field) + 1 :].strip(" \r")
    return rest or lines[at + 1].strip(" \r")


@settings(max_examples=400, deadline=None)
@given(samples(), st.text())
def test_any_title_reads_back_exactly(sample: Sample, title: str) -> None:
    new = _check(sample, "title", title)
    if new is None:
        return
    written = _written_value(new, "title")
    if sample.style == '"':
        assert written.startswith('"'), "double stays double"
    elif sample.style == "'" and single_ok(title):
        assert written.startswith("'"), "single stays single"
    elif sample.style == "" and plain_ok(title):
        assert written.startswith(title), "plain stays plain"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["excerpt", "type", "category"]).flatmap(lambda f: st.tuples(st.just(f), samples(f))), st.text())
def test_any_text_field_reads_back_exactly(case: tuple[str, Sample], text: str) -> None:
    field, sample = case
    _check(sample, field, text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["quality", "heat"]), st.integers(-(10**20), 10**20), st.booleans())
def test_numbers_are_written_plain(field: str, value: int, present: bool) -> None:
    line = f"{field}: '7'  # typed as text" if present else "other: 1"
    raw = f"---\ntitle: t\n{line}\n---\n".encode()
    new, change = set_scalar(raw, field, value) or pytest.fail("no edit")
    assert parse(new).data[field] == value
    expected = f"{field}: {value}  # typed as text" if present else f"other: 1\n{field}: {value}"
    assert new == raw.replace(line.encode(), expected.encode())
    assert replay(new, change.inverse()) == raw


def test_a_headline_with_quotes_a_colon_and_a_hash_reads_back_identically() -> None:
    raw = SEED_FILES[0].read_bytes()
    old_line = b'title: "Massachusetts Homes in on Facial Recognition Accountability"'
    headline = "Massachusetts \"Homes in\": it's #1 on 'facial' recognition"
    new, change = set_title(raw, headline) or pytest.fail("no edit")
    assert new == raw.replace(old_line, b'title: "Massachusetts \\"Homes in\\": it\'s #1 on \'facial\' recognition"')
    assert yaml.load(_front_matter(new), Loader=yaml.CSafeLoader)["title"] == headline
    story, _ = parse_story("s", new)
    assert story is not None and story.title == headline
    assert replay(new, change.inverse()) == raw


@pytest.mark.parametrize(
    ("line", "text", "written"),
    [
        ("title: Old", "New words", "title: New words"),
        ("title: Old  # c", "a: b", "title: 'a: b'  # c"),
        ("title: Old", "it's here", "title: it's here"),
        ("title: Old", "'quoted' start", "title: \"'quoted' start\""),
        ("title: 'Old'", "New", "title: 'New'"),
        ("title: 'Old'", "it's", "title: 'it''s'"),
        ("title: 'Old'", "line\u2028sep", 'title: "line\\Lsep"'),
        ('title: "Old"', "New", 'title: "New"'),
        ('title: "Old"', 'say "hi"\t\\', 'title: "say \\"hi\\"\\t\\\\"'),
        ("title: Old", "-lead", "title: '-lead'"),
        ("title: Old", "x #y", "title: 'x #y'"),
        ("title: Old", "trailing ", "title: 'trailing '"),
        ("title: Old", "", "title: ''"),
        ("title: Old", "[bold]x[/]", "title: '[bold]x[/]'"),
        ("title: Old", "\x1b[31mred", 'title: "\\x1b[31mred"'),
        ("title:", "New", "title: New"),
        ("title: |\n  Old\n  lines", "New", "title: New"),
    ],
)
def test_styles(line: str, text: str, written: str) -> None:
    raw = f"---\ntype: article\n{line}\nquality: 5\n---\n".encode()
    new, _ = set_title(raw, text) or pytest.fail("no edit")
    assert new == raw.replace(line.encode(), written.encode())


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_words_yaml_versions_read_differently_are_quoted(word: str) -> None:
    raw = b"---\ntitle: Old\n---\n"
    new, _ = set_title(raw, word) or pytest.fail("no edit")
    written = _written_value(new, "title")
    assert written[0] in "'\"", written
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):  # libyaml and pure PyYAML (YAML 1.1)
        assert yaml.load(_front_matter(new), Loader=loader)["title"] == word
    assert not plain_ok(word)


def test_unchanged_value_is_a_no_op_and_bad_input_is_refused() -> None:
    raw = b"---\ntitle: Same\nquality: 5\n---\n"
    assert set_title(raw, "Same") is None
    assert set_scalar(raw, "quality", 5) is None
    with pytest.raises(EditError):
        set_scalar(raw, "quality", "5")
    with pytest.raises(EditError):
        set_scalar(raw, "published", "x")
    with pytest.raises(EditError, match="cannot be saved"):
        set_title(raw, "lone \ud800 surrogate")
    assert field_value("heat", " -1 ") == -1
    assert field_value("title", " spaced ") == " spaced "
    with pytest.raises(ValueError, match="whole number"):
        field_value("quality", "5.5")
    with pytest.raises(ValueError, match="cannot be set"):
        field_value("secured", "x")


def _nasty_texts(count: int) -> list[str]:
    rng = random.Random(16)
    alphabet = [*"abc XYZ019'\"#:-[]{}&*!|>%@`,?\\\t", "\u2028", "\u2029", "\x85", "\xa0", "\ufeff"]
    alphabet += ["\x00", "\x07", "\x1b", "\x7f", "\x9b", "é", "中", "😀", "\u0301", "\ufffe", "\U0010fffd"]
    texts = [*AMBIGUOUS, " lead", "trail ", "a: b", "x #y", "- item", "? q", "!tag", "&a", "*b", "%p", "@at", "`x`"]
    for _ in range(count):
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))))
    return texts


@pytest.mark.skipif(shutil.which("ruby") is None, reason="Jekyll's YAML reader (Ruby's Psych) is not installed")
def test_jekyll_reads_what_was_typed() -> None:
    """Psych, as Jekyll calls it, reads every written headline as the text typed, in every style."""
    bases = [
        b"---\ntitle: Old\n---\n",
        b"---\r\ntitle: 'Old'\r\n---\r\n",
        b'---\ntitle: "Old"  # c\n---\n',
        b"---\ntitle: |\n  Old\n---\n",
        b"---\ntype: x\n---\n",
    ]
    written = []
    for text in _nasty_texts(300):
        for raw in bases:
            result = set_title(raw, text)
            written.append((text, result[0] if result else raw))
    read = psych_load([new for _, new in written])
    for (text, new), data in zip(written, read, strict=True):
        assert data["title"] == text, (text, new)


def test_render_reads_back_with_both_pyyaml_loaders() -> None:
    for text in _nasty_texts(300):
        for style in ("", "'", '"', None):
            for flow in (False, True):
                out = render(text, style, flow=flow)
                source = f"k: [{out}]" if flow else f"k: {out}"
                for loader in (yaml.CSafeLoader, yaml.SafeLoader):
                    value = yaml.load(source, Loader=loader)["k"]
                    assert (value[0] if flow else value) == text, (text, out)
