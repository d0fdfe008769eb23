"""The fast front-matter reader yields exactly what the YAML loader yields, or steps aside.

Differential tests: `fastparse.parse_fast(raw)` against `frontmatter.parse(raw)` (the
CSafeLoader path) on every real seed, on generated folders, and on hypothesis input
built from the common shape plus every YAML feature the reader must not fake
(anchors, tags, flow collections, block scalars, multi-line scalars, comments, odd
escapes and characters, irregular indentation, scalars PyYAML types specially), then
mutated at random. Equal means equal types too: `1`, `True` and `1.0` are not equal
here, and key order counts (unknown keys are shown in file order).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.paths import SEED_FILES, SEEDS
from tests.storygen.generate import generate
from tui.core.format import fastparse, frontmatter
from tui.core.format.decode import check_story, parse_story, quick_warnings
from tui.core.format.frontmatter import FrontMatterError

SETTINGS = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def strict_equal(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(strict_equal(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(strict_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime):
        return a == b and a.utcoffset() == b.utcoffset() and (a.tzinfo is None) == (b.tzinfo is None)
    if isinstance(a, date):
        return a == b
    return bool(a == b)


def outcome(parser: Any, raw: bytes) -> Any:
    try:
        return parser(raw)
    except FrontMatterError as exc:
        return ("error", exc.message, exc.line)


def assert_same(raw: bytes) -> bool:
    """Fast and slow agree on `raw`; True when the fast reader (not the loader) answered."""
    slow = outcome(frontmatter.parse, raw)
    fast = outcome(fastparse.parse_fast, raw)
    if isinstance(slow, tuple) or isinstance(fast, tuple):
        assert slow == fast, raw
        return False
    assert strict_equal(slow.data, fast.data), (raw, slow.data, fast.data)
    for name in ("text", "bom", "newline", "fm_start", "close_start", "published", "flow_root"):
        assert getattr(slow, name) == getattr(fast, name), (name, raw)
    text = slow.text
    return fastparse.read(text[slow.fm_start : slow.close_start]) is not None


# -- every real and generated file ---------------------------------------------------
def test_every_seed_is_read_by_the_fast_path_exactly() -> None:
    assert SEED_FILES
    for path in SEED_FILES:
        assert assert_same(path.read_bytes()), path.name


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    files = []
    for seed in (3, 11):
        root = tmp_path_factory.mktemp(f"gen{seed}")
        generate(str(root), 400, seed, seeds_dir=str(SEEDS))
        files += sorted(p for p in root.iterdir() if not p.name.startswith("."))
    return files


def test_every_generated_file_gives_the_loaders_result(generated: list[Path]) -> None:
    fast = 0
    for path in generated:
        raw = path.read_bytes()
        fast += assert_same(raw)
        story_fast = parse_story(path.name, raw)
        frontmatter_story = _slow_story(path.name, raw)
        assert story_fast == frontmatter_story
    stories = sum(1 for p in generated if not p.name.startswith(("notes_", "draft_")))
    assert fast == stories  # the whole common shape takes the fast path: none fell back


def test_check_says_what_parse_story_says_of_every_generated_file(generated: list[Path]) -> None:
    quick = 0
    for path in [*generated, *SEED_FILES]:
        raw = path.read_bytes()
        story, problems = parse_story(path.name, raw)
        assert check_story(path.name, raw) == (story is not None, problems)
        data = outcome(fastparse.read_data, raw)
        if data is not None:
            slow = outcome(frontmatter.parse, raw)
            assert data == slow if isinstance(data, tuple) else strict_equal(data, slow.data)
        if story is not None:
            quick += quick_warnings(fastparse.parse_fast(raw).data) is not None
    assert quick == sum(1 for p in generated if not p.name.startswith(("notes_", "draft_"))) + len(SEED_FILES)


def _slow_story(sid: str, raw: bytes) -> Any:
    from tui.core.format import decode

    saved = decode.parse_fast
    decode.parse_fast = frontmatter.parse  # type: ignore[assignment]
    try:
        return parse_story(sid, raw)
    finally:
        decode.parse_fast = saved  # type: ignore[assignment]


# -- hypothesis: the common shape, every YAML feature it must not fake, mutations -------
KEYS = [
    "title",
    "excerpt",
    "published",
    "publishedDateTime",
    "type",
    "quality",
    "heat",
    "topics",
    "provider",
    "name",
    "domain",
    "related",
    "url",
    "isCached",
    "x-y",
    "_k",
    "k2",
    "Yes_",
    "nulls",
]
# Keys the reader must leave to the loader: typed, merge, odd characters.
ODD_KEYS = [
    "yes",
    "No",
    "null",
    "~",
    "on",
    "<<",
    "=",
    "a b",
    "1a",
    "k:",
    '"q"',
    "'q'",
    "&a k",
    "!k k",
    "? k",
    "[k]",
    "-k",
]
PLAIN = [
    "article",
    "news",
    "Computer Vision",
    "true",
    "false",
    "True",
    "FALSE",
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "NULL",
    "0",
    "00",
    "007",
    "-1",
    "+1",
    "-0",
    "1_000",
    "0x1F",
    "0o17",
    "0b101",
    "08",
    "1:20",
    "-1:20",
    "190:20:30",
    "1.5",
    "-1.5",
    "1e3",
    "1.0e+3",
    "6.8523015e+5",
    ".inf",
    "-.Inf",
    ".NaN",
    ".5",
    "2021-05-08T00:34:00Z",
    "2021-05-08",
    "2021-02-30",
    "2021-02-30T00:00:00Z",
    "2021-5-8 1:02:03",
    "2021-05-08 00:34:00.123 +02:00",
    "2021-05-08T24:00:00Z",
    "2021-05-08t00:34:00z",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "2021-05-08T00:34:00+01:00",
    "a #b",
    "a#b",
    "a :b",
    "http://x.com/a?b=c#d",
    "https://x.com/a:b",
    "x, y",
    "x [y]",
    "x {y}",
    "-x",
    "--",
    "---",
    "...",
    "a  b",
    "é",
    "“q”",
    "🙂",
    "中文",
    "x ",
    "a'b",
    'a"b',
    "a\\b",
    "<b>x</b>",
    "a!b",
    "a&b",
    "a*b",
    "a|b",
    "a>b",
    "a%b",
    "a@b",
    "a`b",
    "a?",
    "a-",
]
# Plain scalars that are not plain text to YAML: indicators, flow, aliases, tags.
ODD_PLAIN = [
    "a: b",
    "a:",
    "[x]",
    "{x: 1}",
    "&a x",
    "*a",
    "!x y",
    "!!str x",
    "!!int 3",
    "|",
    "|-",
    "> x",
    "- x",
    "%x",
    "@x",
    "`x",
    "?x",
    "? x",
    ":x",
    "'",
    '"',
    "=",
    "<<",
    "#",
    "-",
    ",x",
    "]",
]
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abc XYZ 019 :#-'\"\\[]{},&*!|>%@`?/éü“”’😀中\xa0"),
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        st.sampled_from("\t\x01\x1b\x7f\x85\x9f\u2028\u2029\ufeff\ufffe"),
    ),
    max_size=12,
)
ESCAPES = [
    "\\\\",
    '\\"',
    "\\/",
    "\\n",
    "\\t",
    "\\x41",
    "\\u00e9",
    "\\U0001F600",
    "\\N",
    "\\_",
    "\\L",
    "\\P",
    "\\0",
    "\\a",
    "\\e",
    "\\ ",
    "\\q",
    "\\'",
    "\\ud800",
    "\\x4",
    "\\U00110000",
]


@st.composite
def scalar(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind <= 3:
        return draw(st.sampled_from(PLAIN))
    if kind == 5:
        return draw(st.sampled_from(ODD_PLAIN))
    if kind == 6:
        return (
            draw(st.sampled_from(PLAIN)).join('""') if draw(st.booleans()) else draw(st.sampled_from(PLAIN)).join("''")
        )
    if kind == 7:  # double-quoted, sometimes with escapes
        parts = draw(
            st.lists(
                st.one_of(TEXT.map(lambda t: t.replace("\\", "").replace('"', "")), st.sampled_from(ESCAPES)),
                max_size=4,
            )
        )
        return '"' + "".join(parts) + '"'
    if kind == 8:
        return "'" + draw(TEXT).replace("'", "''") + "'"
    if kind == 4:
        return draw(TEXT) or "x"  # anything as a plain scalar
    return '"' + draw(TEXT) + '"'  # may hold quotes, backslashes, control characters


def _comment(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "", "  ", " # note", "  #: x", "# tight"]))


@st.composite
def block(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    """A block mapping at `indent`, nested maps and lists (some indentless) below."""
    lines: list[str] = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(ODD_KEYS if draw(st.integers(0, 19)) == 0 else KEYS))
        kind = draw(st.sampled_from(["scalar", "scalar", "scalar", "empty"] + (["map", "seq"] if depth < 3 else [])))
        if kind == "scalar":
            lines.append(f"{pad}{key}: {draw(scalar())}{_comment(draw)}")
        elif kind == "empty":
            lines.append(f"{pad}{key}:{_comment(draw)}")
        elif kind == "map":
            lines.append(f"{pad}{key}:")
            lines += draw(block(indent + draw(st.integers(1, 4)), depth + 1))
        else:
            lines.append(f"{pad}{key}:")
            lines += draw(sequence(indent + draw(st.sampled_from([0, 2, 2, 4, 1])), depth + 1))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "   ", f"{pad}# comment", "# comment at zero", f"{pad}\t# tab"])))
    return lines


@st.composite
def sequence(draw: st.DrawFn, indent: int, depth: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["scalar", "scalar", "map", "map", "scalar", "map", "odd"]))
        gap = " " * draw(st.sampled_from([1, 1, 1, 2, 3]))
        if kind == "scalar":
            lines.append(f"{pad}-{gap}{draw(scalar())}{_comment(draw)}")
        elif kind == "map":
            inner = draw(block(indent + 1 + len(gap), depth + 1))
            first = inner[0][indent + 1 + len(gap) :]
            lines.append(f"{pad}-{gap}{first}")
            lines += inner[1:]
        else:
            lines.append(draw(st.sampled_from([f"{pad}-", f"{pad}- - x", f"{pad}-x", f"{pad}- # c", f"{pad}- [a, b]"])))
    return lines


MUTATIONS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "dup", "indent", "dedent"]),
        st.integers(0, 10_000),
        st.sampled_from(list(": #-\"'\\\t\r\n[]{}&*!|>xé\u2028")),
    ),
    max_size=3,
)


def mutate(text: str, mutations: list[tuple[str, int, str]]) -> str:
    for op, at, ch in mutations:
        if not text:
            break
        pos = at % len(text)
        if op == "insert":
            text = text[:pos] + ch + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + 1 :]
        else:
            lines = text.split("\n")
            i = at % len(lines)
            if op == "dup":
                lines.insert(i, lines[i])
            elif op == "indent":
                lines[i] = " " + lines[i]
            elif lines[i].startswith(" "):
                lines[i] = lines[i][1:]
            text = "\n".join(lines)
    return text


def as_file(lines: list[str], newline: str, bom: bool, body: str = "") -> bytes:
    text = newline.join(["---", *lines, "---", body])
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(block(0, 0), st.sampled_from(["\n", "\r\n"]), st.booleans(), st.sampled_from(["", "body\n", "---\n"]))
def test_documents_of_every_shape_give_the_loaders_result(lines: list[str], newline: str, bom: bool, body: str) -> None:
    assert_same(as_file(lines, newline, bom, body))


@SETTINGS
@given(block(0, 0), MUTATIONS, st.sampled_from(["\n", "\r\n"]))
def test_mutated_documents_give_the_loaders_result(
    lines: list[str], mutations: list[tuple[str, int, str]], newline: str
) -> None:
    text = mutate(newline.join(lines), mutations)
    assert_same(("---" + newline + text + newline + "---" + newline).encode("utf-8", "surrogatepass"))


@SETTINGS
@given(st.integers(1, 3), block(0, 0))
def test_an_indented_root_gives_the_loaders_result(shift: int, lines: list[str]) -> None:
    assert_same(as_file([" " * shift + line if line.strip() else line for line in lines], "\n", False))


COMMON_VALUES = [
    '"Plain title"',
    '"Quote \\" and \\\\ and \\u00e9"',
    "article",
    "59",
    "-1",
    "true",
    "no",
    "2021-05-08T00:34:00Z",
    "'it''s'",
    "Computer Vision",
]


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["title", "type", "quality", "published", "webUrl", "extra_key"]),
            st.sampled_from(COMMON_VALUES),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_the_common_shape_takes_the_fast_path(pairs: list[tuple[str, str]], newline: str, bom: bool) -> None:
    # Each key once: a repeated key takes the loader's path (it tells the lines, dupkeys.py).
    lines = [f"{k}: {v}" for k, v in dict(pairs).items()] + [
        "provider:",
        "  name: X",
        "topics:",
        "  - AI",
        "related:",
        '  - title: "t"',
        "    published: false",
    ]
    raw = as_file(lines, newline, bom, "body")
    assert assert_same(raw)  # answered by the fast reader, and equal to the loader


def test_the_published_span_matches_the_loaders_marks_in_each_spelling() -> None:
    for line in [
        "published: true",
        "published:   no  ",
        "published:",
        "published:  # hidden",
        "published: yes # c",
        'published: "true"',
        "published: 'no'",
        "published: ~",
        "published: 1",
    ]:
        raw = f"---\ntitle: x\n{line}\nrelated:\n  - published: true\n---\n".encode()
        assert assert_same(raw), line


def test_files_the_reader_leaves_to_the_loader() -> None:
    for fm in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: one\n  two\n",
        'a: "one\n  two"\n',
        "a:\tb\n",
        "a: \x85\n",
        "? a\n: b\n",
        "<<: {a: 1}\n",
        "a: b: c\n",
        "- a\n",
        "a: 1\n b: 2\n",
        'a: "\\q"\n',
        "a: x\u2028y\n",
        'a: "x\ufeffy"\n',
        'a: "x\x9fy"\n',
        "a: x\ry\n",
    ]:
        assert fastparse.read(fm) is None, fm
        assert_same(f"---\n{fm}---\n".encode())


# -- the shortcuts inside the reader: each gives what the plain line reader gives ------
def _caches() -> list[Any]:
    return [fastparse._lines, fastparse._heads, fastparse._pieces, fastparse._value_heads, fastparse._plain_values]


def _strict_tokens(reader: Any, fm: str) -> Any:
    try:
        toks = reader(fm)
    except (fastparse._Bail, ValueError, OverflowError, KeyError, IndexError, RecursionError):
        return "gave up"
    if toks is None:
        return None
    return [(t[0], t[1], t[2], type(t[3]), repr(t[3]), t[4]) for t in toks]


def _quoted_doc(lines: list[str], mutations: list[tuple[str, int, str]]) -> str:
    return mutate("\n".join(lines), mutations).replace("\r", "") + "\n"


@SETTINGS
@given(block(0, 0), MUTATIONS)
def test_the_quoted_reader_reads_each_line_as_the_line_reader_does(
    lines: list[str], mutations: list[tuple[str, int, str]]
) -> None:
    fm = _quoted_doc(lines, mutations)
    quoted = _strict_tokens(fastparse._quoted_tokens, fm)
    if quoted is not None:  # None: it stepped aside for the line reader
        assert quoted == _strict_tokens(fastparse._tokens, fm), fm


@SETTINGS
@given(block(0, 0), block(0, 0), st.booleans())
def test_what_the_reader_learnt_from_one_file_never_changes_another(
    first: list[str], second: list[str], cut: bool
) -> None:
    a, b = "\n".join(first) + "\n", "\n".join(second) + ("" if cut else "\n")
    for cache in _caches():
        cache.clear()
    alone = repr(fastparse.read(b))
    fastparse.read(a)
    fastparse.read(a + b)
    assert repr(fastparse.read(b)) == alone, (a, b)


def test_text_after_the_last_value_is_never_taken_for_a_remembered_piece() -> None:
    fastparse.read('a: "x"\nb: "y"\n')  # learns `\nb: ` as what lies between two values
    assert fastparse.read('a: "x"\nb: ') == ({"a": "x", "b": None}, 0)
    assert fastparse.read('a: "x"\nb: "y" "z"\n') is None


HEADS = [
    "key: ",
    "key:  ",
    "key: #",
    "key: x",
    "key:",
    "key: '",
    "  key: ",
    "- ",
    "-  ",
    "- key: ",
    "  - key: ",
    "- - ",
    "? ",
    '"k": ',
    "key: - ",
    "- #",
    "key: &a ",
    "key: !!str ",
    "key: [",
    "#",
    "",
    "key: x: ",
    "yes: ",
    "- yes: ",
]
TAILS = ["", " ", "  # c", "#c", "x", ' "y"', ":", ": x", " #", "\t", "  ", "]"]


VALUES = [
    "",
    "v",
    "a: b",
    "#x",
    "it's",
    " sp ",
    "é’",
    'a\\"b',
    "\\\\",
    "x\\\\",
    "\\u00e9\\n",
    "\\q",
    "x\\",
    '\\"',
    "\\x41 \\t",
]


@SETTINGS
@given(
    st.lists(
        st.tuples(st.sampled_from(HEADS), st.sampled_from(VALUES), st.sampled_from(TAILS)), min_size=1, max_size=4
    ),
    st.booleans(),
)
def test_a_quoted_value_after_any_head_and_before_any_tail(lines: list[tuple[str, str, str]], second: bool) -> None:
    fm = (
        "\n".join(
            f'{head}"{value}"{tail}' + ('"w"' if second and n == 0 else "")
            for n, (head, value, tail) in enumerate(lines)
        )
        + "\n"
    )
    quoted = _strict_tokens(fastparse._quoted_tokens, fm)
    if quoted is not None:
        assert quoted == _strict_tokens(fastparse._tokens, fm), fm
    assert_same(f"---\n{fm}---\n".encode())


def test_the_quoted_reader_reads_escapes_itself() -> None:
    fm = r"""a: "x\\"
b: "say \"hi\" \u00e9"  # c
c:
  - "\"\\\""
  - "d\\\\"
"""
    quoted = _strict_tokens(fastparse._quoted_tokens, fm)
    assert quoted is not None and quoted == _strict_tokens(fastparse._tokens, fm)
    assert [t[3] for t in fastparse._quoted_tokens(fm) or []] == ["x\\", 'say "hi" é', None, '"\\"', "d\\\\"]


BAD_CHARS = "\x00\x01\x08\t\x0b\x0c\x0e\x1b\x1f\x7f\x80\x85\x9f\u2028\u2029\ufeff\ufffe\uffff"
GOOD_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("a\n\r:é’\xa0\xbf\u2027\ufefe"), st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))
    ),
    max_size=30,
)


@SETTINGS
@given(GOOD_TEXT, st.lists(st.tuples(st.integers(0, 30), st.sampled_from(BAD_CHARS)), max_size=1), st.booleans())
def test_the_byte_check_never_passes_a_character_yaml_treats_specially(
    text: str, bad: list[tuple[int, str]], bom: bool
) -> None:
    fm = text
    for at, char in bad:
        fm = fm[:at] + char + fm[at:]
    raw = (b"\xef\xbb\xbf" if bom else b"") + ("---\n" + fm + "---\n").encode("utf-8")
    assert fastparse._clean(raw, fm) == (fastparse._BAD.search(fm) is None)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(["---", "...", "--- ", "...\t", "----", "....", ".. .", "a: 1", "", " ---", "--- x"]),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_the_closing_line_is_the_first_one_jekyll_would_take(lines: list[str], newline: str, end: bool) -> None:
    text = "---" + newline + newline.join(lines) + (newline if end else "")
    try:
        got: Any = frontmatter.split(text)
    except FrontMatterError as exc:
        got = exc.message
    close = frontmatter._CLOSE.search(text, len("---" + newline))
    assert got == ((len("---" + newline), close.start()) if close else "front matter is not closed: no second --- line")
