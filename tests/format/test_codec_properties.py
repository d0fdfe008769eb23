"""Property tests: a publish edit touches one line of any story file, and undoes exactly.

The generator builds story files the way real folders write them (FORMAT.md quirks):
LF or CRLF, a BOM or none, keys in any order, a nested `published` inside `related`
*before* the top-level one, YAML 1.1 boolean spellings, the key absent or empty,
bodies with `---` lines, and titles full of brackets, quotes and odd Unicode.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.format import frontmatter
from tui.core.format.decode import parse_story
from tui.core.format.edits import replay, set_published

BOM = b"\xef\xbb\xbf"
BOOL_WORDS = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
    "yes": True,
    "Yes": True,
    "YES": True,
    "no": False,
    "No": False,
    "NO": False,
    "on": True,
    "On": True,
    "ON": True,
    "off": False,
    "Off": False,
    "OFF": False,
}

SETTINGS = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _yaml_printable(ch: str) -> bool:
    """YAML's printable set, minus the characters it would treat as line breaks."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    ) and ch not in "\u2028\u2029"


def double_quoted(text: str) -> str:
    out = []
    for ch in text:
        if ch in '\\"':
            out.append("\\" + ch)
        elif _yaml_printable(ch):
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def single_quoted(text: str) -> str | None:
    if not all(_yaml_printable(ch) for ch in text):
        return None
    return "'" + text.replace("'", "''") + "'"


TRICKY = "[]{}\"'“”‘’«»:#&*!|>%@`,?-\\/ "
pieces = st.one_of(
    st.sampled_from(TRICKY),
    st.sampled_from(["[bold]", "[/]", "[link=x]", "---", "\x1b[31m", "\u2028", "\x85", "é", "😀", "中", "\ufeff"]),
    st.characters(blacklist_categories=("Cs",)),
)
titles = st.lists(pieces, min_size=1, max_size=20).map(lambda parts: "".join(parts).strip() or "x")


@st.composite
def quoted(draw: st.DrawFn, text: str) -> str:
    single = single_quoted(text)
    if single is not None and draw(st.booleans()):
        return single
    return double_quoted(text)


@st.composite
def story_files(draw: st.DrawFn) -> tuple[bytes, dict[str, object]]:
    """One story file and what the test knows about it."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    bom = draw(st.booleans())
    title = draw(titles)
    nested = draw(st.sampled_from(sorted(BOOL_WORDS)))
    blocks = [
        [f"title: {draw(quoted(title))}"],
        [f"excerpt: {draw(quoted(draw(titles)))}"],
        ["publishedDateTime: " + draw(st.sampled_from(["2021-05-08T00:34:00Z", "2020-12-22 16:48:00", "2021-02-30"]))],
        ['webUrl: "https://www.example.com/a/story"'],
        ['originalUrl: "https://example.com/a/story?utm_source=x"'],
        ["type: article"],
        [f"quality: {draw(st.integers(-5, 100))}"],
        [f"heat: {draw(st.integers(-1, 100))}"],
        ["provider:", "  name: " + draw(quoted(draw(titles))), "  domain: example.com"],
        ["topics:", "  - AI", "  - " + draw(quoted(draw(titles)))],
        ["# a comment line: published: false"],
        ["customKey: {a: 1, published: no}"],
        [
            "related:",
            "  - title: " + draw(quoted(draw(titles))),
            f"    published: {nested}",
            '    webUrl: "https://other.example/b"',
            "    provider:",
            "      name: Other",
        ],
    ]
    blocks = draw(st.permutations(blocks))
    related_at = next(i for i, b in enumerate(blocks) if b[0] == "related:")
    word = draw(st.one_of(st.none(), st.just(""), st.sampled_from(sorted(BOOL_WORDS))))
    if word is not None:
        comment = draw(st.sampled_from(["", "  # hide it", " # published: yes"]))
        line = f"published:{comment}" if word == "" else f"published: {word}{comment}"
        at = draw(st.integers(related_at + 1, len(blocks)))
        blocks.insert(at, [line])
    body_lines = draw(
        st.lists(
            st.sampled_from(["", "---", "...", "published: false", "Body [bold]text[/]", "# Heading", "--- "]),
            max_size=6,
        )
    )
    front = [line for block in blocks for line in block]
    text = nl.join(["---", *front, "---", *body_lines])
    if draw(st.booleans()):
        text += nl
    raw = (BOM if bom else b"") + text.encode("utf-8")
    expected = True if word in (None, "") else BOOL_WORDS[word]
    return raw, {
        "nl": nl.encode(),
        "bom": bom,
        "title": title,
        "word": word,
        "published": expected,
        "nested": BOOL_WORDS[nested],
    }


def _same_story_but_flag(before, after) -> bool:  # type: ignore[no-untyped-def]
    return (
        dataclasses.replace(
            after,
            published=before.published,
            published_explicit=before.published_explicit,
            facts=before.facts,
            warnings=before.warnings,
        )
        == before
    )


def _line_endings_kept(raw: bytes, nl: bytes) -> bool:
    if nl == b"\r\n":
        return raw.count(b"\n") == raw.count(b"\r\n") and raw.count(b"\r") == raw.count(b"\r\n")
    return b"\r" not in raw


@SETTINGS
@given(story_files(), st.booleans())
def test_set_published_changes_one_line_and_undoes_exactly(case: tuple[bytes, dict[str, object]], value: bool) -> None:
    raw, known = case
    story, problems = parse_story("s.md", raw)
    assert story is not None, problems
    assert story.published is known["published"]
    assert story.title == known["title"]
    assert story.related[0].title  # the nested mapping loaded, its `published` ignored
    assert story.facts.bom is known["bom"]

    result = set_published(raw, value)
    if value == known["published"]:
        assert result is None
        return
    assert result is not None
    new, change = result

    old_lines = raw.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    if known["word"] is None:  # absent: exactly one line inserted, before the closing ---
        at = story.facts.insert_line - 1
        assert len(new_lines) == len(old_lines) + 1
        assert new_lines[:at] == old_lines[:at]
        assert new_lines[at + 1 :] == old_lines[at:]
        assert new_lines[at].rstrip(b"\r\n") == f"published: {'true' if value else 'false'}".encode()
        assert new_lines[at].endswith(known["nl"])  # type: ignore[arg-type]
    else:  # present: exactly that one line differs
        assert len(new_lines) == len(old_lines)
        differ = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
        index = story.facts.published_line - 1
        assert differ == [index]
        assert old_lines[index].lstrip(BOM).startswith(b"published:")
        # A comment on the flag's line survives, and so does the line ending.
        assert old_lines[index].partition(b"#")[2] == new_lines[index].partition(b"#")[2]
    assert new.startswith(BOM) is known["bom"]
    assert _line_endings_kept(new, known["nl"])  # type: ignore[arg-type]

    after, _ = parse_story("s.md", new)
    assert after is not None
    assert after.published is value and after.published_explicit
    assert _same_story_but_flag(story, after)
    assert after.facts.bom == story.facts.bom and after.facts.newline == story.facts.newline

    # Undo and redo replay the recorded line change: byte for byte.
    assert replay(new, change.inverse()) == raw
    assert replay(raw, change) == new

    # Toggling back restores the flag; for a spelled-out boolean, the very bytes.
    back = set_published(new, known["published"])  # type: ignore[arg-type]
    assert back is not None
    restored, _ = parse_story("s.md", back[0])
    assert restored is not None and restored.published is known["published"]
    assert _same_story_but_flag(story, restored)
    if known["word"]:
        assert back[0] == raw


# -- the fast constructor must build exactly what PyYAML's own constructor builds --

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(timezones=st.just(dt.UTC)),
)
keys = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans())
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)
HAND_WRITTEN = [
    "a: &A {t: 1}\nb:\n  <<: *A\n  c: 2\n",
    "a: &A [1, 2]\nb: *A\n",
    "x: !!set {a, b}\n",
    "x: !!omap [a: 1, b: 2]\n",
    "1: 2\n2.5: x\nnull: y\ntrue: z\n2021-01-01: d\n",
    "x: 0o17\ny: 017\nz: 0x1F\nw: 1_000\nv: +5\nu: -3\nt: 1:30\ns: 0\n",
    "x: .inf\ny: -.nan\nz: 1e3\nw: !!float 3\n",
    "x: !!str 123\ny: !!int '7'\nz: ! 5\nw: !!bool 'yes'\n",
    "=: 1\n",
    "x: ~\ny:\nz: Null\nw: NULL\n",
    "a: yes\nb: Off\nc: y\nd: n\ne: 'true'\n",
]


def _both(text: str) -> tuple[str, str]:
    fast = frontmatter._Loader(text)
    plain = yaml.CSafeLoader(text)
    try:
        a = frontmatter._construct(fast, fast.get_single_node())
        b = plain.construct_document(plain.get_single_node())
    finally:
        fast.dispose()
        plain.dispose()
    return repr(a), repr(b)


@SETTINGS
@given(documents, st.sampled_from([False, True, None]))
def test_fast_constructor_matches_pyyaml(data: object, flow: bool | None) -> None:
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True)
    fast, plain = _both(text)
    assert fast == plain


def test_fast_constructor_matches_pyyaml_on_rare_shapes() -> None:
    for text in HAND_WRITTEN:
        fast, plain = _both(text)
        assert fast == plain, text


# -- `check` types no story: quick_warnings must say what build_story says ----------

_ANY_SCALAR = st.one_of(
    st.none(),
    st.just(""),
    st.text(max_size=6),
    st.integers(-3, 3),
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    st.datetimes(timezones=st.one_of(st.none(), st.just(dt.UTC))),
    st.just("2021-05-08T00:34:00"),
    st.just("12"),
    st.just("\udcff"),  # text that cannot be written as UTF-8
)
_PLAIN = st.one_of(st.none(), st.just(""), st.text(max_size=6), st.integers(-3, 3))  # mostly the shapes that pass
_PROVIDER = st.one_of(
    st.none(),
    st.text(max_size=3),
    st.integers(0, 2),
    st.lists(_PLAIN, max_size=1),
    st.dictionaries(st.sampled_from(["name", "domain", "images"]), _ANY_SCALAR, max_size=3),
)
_IMAGE = st.one_of(
    _ANY_SCALAR, st.dictionaries(st.sampled_from(["url", "width", "height", "isCached"]), _ANY_SCALAR, max_size=4)
)
_RELATED_ITEM = st.one_of(
    _ANY_SCALAR,
    st.fixed_dictionaries(
        {},
        optional={
            **{
                k: st.one_of(_PLAIN, _ANY_SCALAR)
                for k in (
                    "title",
                    "excerpt",
                    "webUrl",
                    "originalUrl",
                    "ampWebUrl",
                    "cdnAmpWebUrl",
                    "type",
                    "quality",
                    "publishedDateTime",
                    "published",
                )
            },
            "provider": _PROVIDER,
            "images": st.lists(_IMAGE, max_size=2),
        },
    ),
)
_SHAPED = {
    "provider": _PROVIDER,
    "topics": st.one_of(
        st.none(), st.text(max_size=3), st.lists(st.one_of(st.text(max_size=4), _ANY_SCALAR), max_size=3)
    ),
    "images": st.one_of(st.none(), st.integers(0, 1), st.lists(_IMAGE, max_size=3)),
    "related": st.one_of(st.none(), st.text(max_size=2), st.lists(_RELATED_ITEM, max_size=3)),
    "published": st.one_of(st.booleans(), st.none(), st.just("maybe"), st.integers(0, 1)),
}
_TOP_KEYS = [
    "category",
    "title",
    "excerpt",
    "publishedDateTime",
    "originalUrl",
    "webUrl",
    "ampWebUrl",
    "cdnAmpWebUrl",
    "type",
    "quality",
    "heat",
    "published",
    "featuredContent",
    "provider",
    "topics",
    "images",
    "related",
    "secured",
]


def _clean_story() -> dict[object, object]:
    """A mapping of the common shape, every value of the type build_story expects."""
    when = dt.datetime(2021, 5, 8, tzinfo=dt.UTC)
    return {
        "category": "news",
        "title": "t",
        "excerpt": "e",
        "publishedDateTime": when,
        "originalUrl": "o",
        "webUrl": "w",
        "ampWebUrl": "a",
        "cdnAmpWebUrl": "c",
        "type": "article",
        "quality": 5,
        "heat": -1,
        "published": True,
        "featuredContent": "f",
        "provider": {"name": "P", "domain": "p.com"},
        "topics": ["AI", "X"],
        "images": [{"url": "i", "width": 1, "height": 2, "isCached": True}],
        "secured": "a;b",
        "related": [
            {
                "title": "r",
                "excerpt": "x",
                "publishedDateTime": when,
                "webUrl": "w2",
                "originalUrl": "o2",
                "ampWebUrl": "a2",
                "cdnAmpWebUrl": "c2",
                "type": "video",
                "quality": 3,
                "provider": {"name": "Q", "domain": "q.com"},
                "images": [{"url": "j"}],
            },
        ],
    }


def _containers(data: dict[object, object]) -> list[dict[object, object] | list[object]]:
    """Every mapping and list inside `data`, `data` first."""
    out: list[dict[object, object] | list[object]] = [data]
    for value in data.values():
        if isinstance(value, dict):
            out += _containers(value)
        elif isinstance(value, list):
            out.append(value)
            out += [c for item in value if isinstance(item, dict) for c in _containers(item)]
    return out


@st.composite
def story_mappings(draw: st.DrawFn) -> dict[object, object]:
    """The common shape with a few values changed, removed or added anywhere in it."""
    data = _clean_story()
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(_containers(data)))
        if isinstance(target, list):
            if target and draw(st.booleans()):
                target[draw(st.integers(0, len(target) - 1))] = draw(_ANY_SCALAR)
            else:
                target.append(draw(st.one_of(_ANY_SCALAR, _PROVIDER)))
            continue
        keys = [*target, "title", "webUrl", "quality", "published", "publishedDateTime", "name", "url"]
        key = draw(
            st.one_of(st.sampled_from(keys), st.text(max_size=3), st.integers(-2, 2), st.just(10**5000), st.booleans())
        )
        if draw(st.integers(0, 3)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(_SHAPED.get(key, _ANY_SCALAR) if isinstance(key, str) else _ANY_SCALAR)  # type: ignore[call-overload]
    return data


def _build_outcome(data: dict[object, object]) -> object:
    from tui.core.format.decode import build_story

    parsed = frontmatter.Parsed("---\n---\n", False, "\n", data, 4, 4, None, False)  # type: ignore[arg-type]
    try:
        return build_story("s.md", parsed, b"", keys=False).warnings
    except Exception as exc:
        return exc


@settings(SETTINGS, max_examples=600)
@given(story_mappings())
def test_quick_warnings_are_build_storys_warnings(data: dict[object, object]) -> None:
    from tui.core.format.decode import quick_warnings

    quick = quick_warnings(data)  # type: ignore[arg-type]
    if quick is not None:
        assert quick == _build_outcome(data)


def test_quick_warnings_answer_for_the_common_shape() -> None:
    from tui.core.format.decode import quick_warnings

    data = {
        "title": "t",
        "excerpt": "e",
        "publishedDateTime": dt.datetime(2021, 5, 8, tzinfo=dt.UTC),
        "originalUrl": "u",
        "type": "article",
        "quality": 5,
        "heat": -1,
        "published": False,
        "provider": {"name": "P", "domain": "p.com"},
        "topics": ["AI"],
        "images": [{"url": "i", "width": 1, "height": 2, "isCached": True}],
        "secured": "a;b",
        "related": [{"title": "r", "webUrl": "w", "provider": {"name": "Q"}, "quality": 3, "images": [{"url": "x"}]}],
        "somethingElse": [1, {"a": None}],
    }
    assert quick_warnings(data) == _build_outcome(data) == ("webUrl: missing; using originalUrl",)
    assert (
        quick_warnings({"related": None})
        == _build_outcome({"related": None})
        == (
            "title: missing or empty",
            "webUrl: missing",
            "publishedDateTime: missing",
        )
    )


_VALUES: list[object] = [
    None,
    "",
    "text",
    "12",
    "2021-05-08T00:34:00",
    "\udcff",
    "é" * 3,
    0,
    7,
    -1,
    10**5000,
    True,
    False,
    1.5,
    dt.date(2021, 1, 2),
    dt.datetime(2021, 1, 2, 3, 4),
    dt.datetime(2021, 1, 2, tzinfo=dt.UTC),
    [],
    ["a"],
    [1],
    [None],
    {},
    {"name": "x"},
    {"url": 1},
]
_REMOVE = object()


def _slots(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """The path of every value inside `data`."""
    out: list[tuple[object, ...]] = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        out.append((*path, key))
        out += _slots(value, (*path, key))
    return out


def test_quick_warnings_match_for_every_single_change_of_the_common_shape() -> None:
    from tui.core.format.decode import quick_warnings

    answered = 0
    for path in [*_slots(_clean_story()), ("extra",), (3,), (True,), (10**5000,), ("images", 0, "extra")]:
        for value in [*_VALUES, _REMOVE]:
            data = _clean_story()
            target: object = data
            for step in path[:-1]:
                target = target[step]  # type: ignore[index]
            if value is _REMOVE:
                if path[-1] not in target:  # type: ignore[operator]
                    continue
                del target[path[-1]]  # type: ignore[attr-defined]
            else:
                target[path[-1]] = value  # type: ignore[index]
            quick = quick_warnings(data)  # type: ignore[arg-type]
            if quick is not None:
                answered += 1
                assert quick == _build_outcome(data), (path, value)
    assert answered > 300  # the common shape with one odd value is mostly answered here
