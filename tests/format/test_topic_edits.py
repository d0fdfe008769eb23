"""Topic edits change only the top-level `topics` list, by the fewest lines, and undo exactly.

The property tests build files the way real and hand-edited folders write them (block
lists at any indentation with comments and blank lines between items, flow lists on one
line or several, empty and absent lists, LF or CRLF, a byte-order mark, a `topics` key
nested in `related` before the top-level one, keys in any order) and check each edit
against a model of the list written here, independently of the code under test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.format.jekyll import psych_load
from tests.helpers.paths import SEED_FILES
from tui.core.format.decode import parse_story
from tui.core.format.edits import EditError, replay
from tui.core.format.entries import EntryChange, load
from tui.core.format.frontmatter import parse
from tui.core.format.list_edits import add_topic, change_topics, merge_topics, remove_topic, rename_topic, topic_name

# Names an author writes without quotes, and names that need them somewhere.
PLAIN = ["AI", "A.I.", "ai", "Policy", "Computer Vision", "Ünïcode ✓", "C++", "R&D", "COVID-19", "5G"]
QUOTED = ["yes", "no", "2021", "a: b", "x #y", "it's", 'say "hi"', "[x]", "-lead", "on", "1:20", "a, b", "~", "#tag"]
NAMES = PLAIN + QUOTED
# Words YAML 1.1, YAML 1.2 and Psych (Jekyll) do not all read as text.
AMBIGUOUS = ["yes", "no", "y", "n", "Y", "N", "on", "off", "On", "OFF", "TrUe", "false", "~", "null", "NULL"]
AMBIGUOUS += ["0777", "0o17", "0x1F", "0b101", "1:20", "190:20:30.15", "1_000", "1,000", ".inf", "-.inf"]
AMBIGUOUS += [".NaN", "1e3", "1.", ".5", "+1", "2021-05-08", "2021-05-08 10:00:00", "=", "<<", ""]


@dataclass(frozen=True)
class Sample:
    raw: bytes
    entry: tuple[int, int] | None  # 0-based line range [first, last] of the top-level topics entry
    close: int  # the line index of the closing ---
    block: bool
    names: tuple[str, ...]  # the topics as written


def quoted(name: str, style: str) -> str:
    if style == "'":
        return "'" + name.replace("'", "''") + "'"
    return json.dumps(name, ensure_ascii=False)


@st.composite
def items(draw: st.DrawFn, min_size: int = 0) -> list[tuple[str, str]]:
    """(name, how it is written) pairs; plain only for names every reader keeps as text."""
    out = []
    for name in draw(st.lists(st.sampled_from(NAMES), min_size=min_size, max_size=5)):
        styles = ["'", '"'] + (["", ""] if name in PLAIN else [])
        style = draw(st.sampled_from(styles))
        out.append((name, name if style == "" else quoted(name, style)))
    return out


@st.composite
def topics_entry(draw: st.DrawFn) -> tuple[list[str], bool, list[str]]:
    """The lines of a top-level topics entry (none: absent), whether it is a block list, its names."""
    shape = draw(st.sampled_from(["block", "block", "block", "flow", "flow-lines", "empty", "null", "absent", "text"]))
    listed = draw(items(min_size=1 if shape == "block" else 0))
    names = [name for name, _ in listed]
    if shape == "block":
        indent = " " * draw(st.integers(0, 4))
        gap = draw(st.sampled_from([" ", "  "]))
        lines = ["topics:" + draw(st.sampled_from(["", "  # tags"]))]
        for _, written in listed:
            if draw(st.booleans()):
                lines.append(draw(st.sampled_from(["", "# between", "   # indented note", indent + "# - Old"])))
            lines.append(f"{indent}-{gap}{written}" + draw(st.sampled_from(["", "", "  # why"])))
        return lines, True, names
    if shape == "flow":
        sep = draw(st.sampled_from([", ", ",", " , "]))
        return [f"topics: [{sep.join(w for _, w in listed)}]"], False, names
    if shape == "flow-lines":
        body = [f"  {w}," for _, w in listed]
        if body and draw(st.booleans()):
            body[-1] = body[-1][:-1]  # no trailing comma
        return ["topics: [", *body, "]"], False, names
    if shape == "empty":
        return [draw(st.sampled_from(["topics: []", "topics: [ ]"]))], False, []
    if shape == "null":
        return [draw(st.sampled_from(["topics:", "topics:  # none yet", "topics: ~", "topics: null"]))], False, []
    if shape == "text":
        return ["topics: Policy"], False, ["Policy"]
    return [], False, []


RELATED = [
    "related:",
    '  - title: "Other"',
    "    topics:",
    "      - AI",
    "      - yes",
    "  - title: Flow",
    "    topics: [AI, Policy]",
]


@st.composite
def samples(draw: st.DrawFn) -> Sample:
    entry, block, names = draw(topics_entry())
    parts: list[list[str]] = [
        ['title: "A story"'],
        ["type: article"],
        ["quality: 59"],
        ["published: no"],
        ["excerpt: |", "  Two lines", "  of text."],
    ]
    if entry:
        parts.append(entry)
    order = draw(st.permutations(range(len(parts))))
    lines = ["---"]
    if draw(st.booleans()):
        lines += RELATED  # a nested topics key before the top-level one
    span = None
    for i in order:
        if parts[i] is entry:
            span = (len(lines), len(lines) + len(entry) - 1)
        lines += parts[i]
        if draw(st.booleans()):
            lines.append("# a comment between keys")
    close = len(lines)
    lines += ["---", "Body text.", ""]
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return Sample(bom + nl.join(lines).encode(), span, close, block, tuple(names))


Op = tuple[str, Callable[[bytes], Any], Callable[[list[str]], list[str] | None]]


def _names(data: dict[str, Any]) -> list[str]:
    value = data.get("topics")
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [n for n in (topic_name(v) for v in value) if n is not None]


def _merged(names: list[str], new: str, olds: set[str]) -> list[str] | None:
    olds = olds - {new}
    if not olds & set(names):
        return None
    out: list[str] = []
    placed = new in names
    for name in names:
        if name not in olds:
            out.append(name)
        elif not placed:
            out.append(new)
            placed = True
    return out


@st.composite
def ops(draw: st.DrawFn, present: tuple[str, ...]) -> Op:
    """An edit, mostly of a topic the story has (else most edits would be no-ops)."""
    pool = NAMES + AMBIGUOUS[:12]
    kind = draw(st.sampled_from(["add", "remove", "rename", "merge"]))
    a, b = draw(st.sampled_from(pool)), draw(st.sampled_from(pool))
    if present and draw(st.integers(0, 3)):
        a = draw(st.sampled_from(present))
    if kind == "add":
        return kind, lambda raw: add_topic(raw, a), lambda names: None if a in names else [*names, a]
    if kind == "remove":
        return (
            kind,
            lambda raw: remove_topic(raw, a),
            lambda names: [n for n in names if n != a] if a in names else None,
        )
    if kind == "rename":
        return kind, lambda raw: rename_topic(raw, a, b), lambda names: _merged(names, b, {a})
    olds = {a, *draw(st.lists(st.sampled_from(pool), max_size=2))}
    return kind, lambda raw: merge_topics(raw, b, olds), lambda names: _merged(names, b, olds)


def _check_outside(sample: Sample, new: bytes) -> tuple[list[str], list[str]]:
    """Lines before and after the topics entry are untouched; returns the changed middles."""
    old_lines = sample.raw.decode("utf-8-sig").split("\n")
    new_lines = new.decode("utf-8-sig").split("\n")
    head = 0
    while head < min(len(old_lines), len(new_lines)) and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < min(len(old_lines), len(new_lines)) - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    old_mid = old_lines[head : len(old_lines) - tail]
    new_mid = new_lines[head : len(new_lines) - tail]
    if sample.entry is None:
        assert old_mid == [] and head == sample.close, "a new topics key goes right before the closing line"
    else:
        first, last = sample.entry
        assert first <= head and head + len(old_mid) <= last + 1, "only lines of the topics entry change"
    return old_mid, new_mid


@st.composite
def cases(draw: st.DrawFn) -> tuple[Sample, Op]:
    sample = draw(samples())
    return sample, draw(ops(sample.names))


@settings(max_examples=400, deadline=None)
@given(cases())
def test_topic_edit_changes_exactly_the_list(case: tuple[Sample, Op]) -> None:
    sample, (kind, edit, model) = case
    before = parse(sample.raw)
    expected_names = model(_names(before.data))
    result = edit(sample.raw)
    if expected_names is None:
        assert result is None
        return
    assert result is not None
    new, change = result
    after = parse(new)
    # The YAML is the old YAML with exactly that change.
    rest_before = {k: v for k, v in before.data.items() if k != "topics"}
    rest_after = {k: v for k, v in after.data.items() if k != "topics"}
    assert repr(rest_after) == repr(rest_before)
    assert _names(after.data) == expected_names
    assert isinstance(after.data["topics"], list)
    assert list(after.data) == list(before.data) + ([] if "topics" in before.data else ["topics"])
    # The fast reader agrees; the file keeps its BOM and line endings.
    story, _ = parse_story("s", new)
    assert story is not None and list(story.topics) == expected_names
    assert new.startswith(b"\xef\xbb\xbf") == sample.raw.startswith(b"\xef\xbb\xbf")
    if b"\r\n" in sample.raw:
        assert new.count(b"\n") == new.count(b"\r\n")
    old_mid, new_mid = _check_outside(sample, new)
    if sample.block and kind == "add":
        assert old_mid == [] and len(new_mid) == 1, "one line added to a block list"
    if sample.block and kind == "rename" and len(old_mid) == 1:
        assert len(new_mid) <= 1, "a rename rewrites the item's line or drops it"
    # Undo restores every byte; redo gives the edit again.
    assert isinstance(change, EntryChange)
    assert replay(new, change.inverse()) == sample.raw
    assert replay(sample.raw, change) == new


# -- the shapes of the issue, as plain tests ---------------------------------------


def _seed(index: int = 0) -> bytes:
    return SEED_FILES[index].read_bytes()


def _diff_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    a, b = old.decode().split("\n"), new.decode().split("\n")
    gone = [line for line in a if line not in b]
    came = [line for line in b if line not in a]
    return gone, came


def test_rename_on_a_real_seed_changes_only_the_item_line() -> None:
    raw = _seed()
    result = rename_topic(raw, "AI", "Artificial Intelligence")
    assert result is not None
    new, change = result
    assert new == raw.replace(b"\n  - AI\n", b"\n  - Artificial Intelligence\n", 1)
    assert parse(new).data["related"] == parse(raw).data["related"]
    assert replay(new, change.inverse()) == raw


def test_rename_to_a_topic_already_there_drops_the_old_line() -> None:
    raw = _seed()
    result = rename_topic(raw, "AI", "Computer Vision")
    assert result is not None
    assert result[0] == raw.replace(b"\n  - AI\n", b"\n", 1)


def test_adding_to_block_flow_and_absent_lists() -> None:
    block = _seed()
    new, _ = add_topic(block, "Privacy") or pytest.fail("no edit")
    assert new == block.replace(b"  - AI\n", b"  - AI\n  - Privacy\n", 1)
    flow = b"---\r\ntitle: x\r\ntopics: [AI, 'Computer Vision']  # tags\r\n---\r\n"
    new, _ = add_topic(flow, "Privacy") or pytest.fail("no edit")
    assert new == b"---\r\ntitle: x\r\ntopics: [AI, 'Computer Vision', Privacy]  # tags\r\n---\r\n"
    absent = b"\xef\xbb\xbf---\ntitle: x\nimages:\n    - url: u\n---\nbody\n"
    new, change = add_topic(absent, "Privacy") or pytest.fail("no edit")
    assert new == b"\xef\xbb\xbf---\ntitle: x\nimages:\n    - url: u\ntopics:\n    - Privacy\n---\nbody\n"
    assert change == EntryChange(None, "topics:\n    - Privacy", "topics")
    assert replay(new, change.inverse()) == absent


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("topics: []", "topics:\n  - Privacy"),
        ("topics: [ ]  # none", "topics:  # none\n  - Privacy"),
        ("topics:", "topics:\n  - Privacy"),
        ("topics:  # none", "topics:  # none\n  - Privacy"),
        ("topics: ~", "topics:\n  - Privacy"),
        ("topics: AI", "topics:\n  - AI\n  - Privacy"),
        ("topics:\n- AI", "topics:\n- AI\n- Privacy"),
        ("topics:\n    -   'AI'  # main", "topics:\n    -   'AI'  # main\n    -   Privacy"),
        ("topics: [\n  AI,\n]", "topics: [\n  AI, Privacy,\n]"),
    ],
)
def test_add_to_each_list_shape(before: str, after: str) -> None:
    raw = f"---\ntitle: x\n{before}\ntype: article\n---\n".encode()
    new, change = add_topic(raw, "Privacy") or pytest.fail("no edit")
    assert new == raw.replace(before.encode(), after.encode())
    assert replay(new, change.inverse()) == raw


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("topics: []", "topics: [Privacy]"),
        ("topics: ~", "topics: [Privacy]"),
        ("topics: AI  # one", "topics: [AI, Privacy]  # one"),
    ],
)
def test_a_file_of_flow_lists_gets_a_flow_list(before: str, after: str) -> None:
    """A list written anew takes the style of the file's other lists."""
    raw = f"---\ntitle: x\nimages: [{{url: u}}]\n{before}\ntype: article\n---\n".encode()
    new, change = add_topic(raw, "Privacy") or pytest.fail("no edit")
    assert new == raw.replace(before.encode(), after.encode())
    assert replay(new, change.inverse()) == raw


@st.composite
def emptied_block_lists(draw: st.DrawFn) -> Sample:
    sample = draw(samples())
    assume(sample.block and sample.names)
    return sample


@settings(max_examples=150, deadline=None)
@given(emptied_block_lists(), st.sampled_from(PLAIN + QUOTED))
def test_a_list_emptied_then_tagged_again_comes_back_as_a_block_list(sample: Sample, topic: str) -> None:
    """Remove every topic of a block list one by one (`topics: []` at the end), then add
    one: the file has a block list again, indented as its other block lists (2 spaces
    when it has none), and every byte outside the topics entry is as it was."""
    raw = sample.raw
    steps: list[tuple[bytes, EntryChange]] = []
    for name in dict.fromkeys(sample.names):
        result = remove_topic(raw, name)
        assert result is not None
        steps.append((raw, result[1]))
        raw = result[0]
    assert parse(raw).data["topics"] == []
    new, change = add_topic(raw, topic) or pytest.fail("no edit")
    assert parse(new).data["topics"] == [topic]
    if new != sample.raw:  # (a list of one topic, written as the desk writes it, comes back as it was)
        old_mid, new_mid = _check_outside(sample, new)
        assert len(new_mid) <= len(old_mid) + 1
    entry = load(new).entry_text("topics") or pytest.fail("no topics entry")
    key, *rest = entry.replace("\r\n", "\n").split("\n")
    assert key in ("topics:", "topics:  # tags"), "the key's line holds no flow list"
    items = [line for line in rest if line.lstrip().startswith("-")]
    assert items == [rest[-1]] and rest[-1].startswith("  - "), entry  # the related list's indentation
    story, _ = parse_story("s", new)
    assert story is not None and list(story.topics) == [topic]
    assert replay(new, change.inverse()) == raw
    for before, undone in reversed(steps):  # and every step undoes back to the first bytes
        raw = replay(raw, undone.inverse())
        assert raw == before
    assert raw == sample.raw


@pytest.mark.parametrize(
    ("before", "topic", "after"),
    [
        ("topics:\n  - AI\n  - Policy", "AI", "topics:\n  - Policy"),
        ("topics:\n  - AI  # only", "AI", "topics: []"),
        ("topics:  # c\n  - AI\n  # between\n  - AI", "AI", "topics: []  # c\n  # between"),
        ("topics: [AI, Policy]", "Policy", "topics: [AI]"),
        ("topics: [AI,Policy, More]", "Policy", "topics: [AI,More]"),
        ("topics: ['AI']", "AI", "topics: []"),
    ],
)
def test_remove_from_each_list_shape(before: str, topic: str, after: str) -> None:
    raw = f"---\nx:\n  topics: [AI]\n{before}\n---\n".encode()
    new, change = remove_topic(raw, topic) or pytest.fail("no edit")
    assert new == raw.replace(before.encode(), after.encode())
    assert parse(new).data["x"] == {"topics": ["AI"]}
    assert replay(new, change.inverse()) == raw


def test_present_or_absent_topics_are_no_ops() -> None:
    raw = _seed()
    assert add_topic(raw, "AI") is None
    assert remove_topic(raw, "Nope") is None
    assert rename_topic(raw, "Nope", "AI") is None
    assert merge_topics(raw, "AI", ["AI"]) is None
    assert change_topics(raw) is None


def test_rename_keeps_the_items_quoting_when_the_new_name_allows() -> None:
    raw = b"---\ntopics:\n  - 'A.I.'\n  - \"ML\"\n  - plain\n---\n"
    assert (rename_topic(raw, "A.I.", "AI") or pytest.fail())[0] == raw.replace(b"'A.I.'", b"'AI'")
    assert (rename_topic(raw, "ML", "it's") or pytest.fail())[0] == raw.replace(b'"ML"', b'"it\'s"')
    assert (rename_topic(raw, "plain", "Plain text") or pytest.fail())[0] == raw.replace(b"plain", b"Plain text")
    assert (rename_topic(raw, "plain", "a: b") or pytest.fail())[0] == raw.replace(b"plain", b"'a: b'")


def test_merge_keeps_the_first_place_and_drops_the_rest() -> None:
    raw = b"---\ntopics:\n  - ai\n  - Policy\n  - A.I.\n---\n"
    new, change = merge_topics(raw, "AI", ["ai", "A.I."]) or pytest.fail()
    assert new == b"---\ntopics:\n  - AI\n  - Policy\n---\n"
    assert replay(new, change.inverse()) == raw


def test_undo_refuses_when_someone_else_rewrote_the_list() -> None:
    raw = _seed()
    new, change = add_topic(raw, "Privacy") or pytest.fail()
    theirs = new.replace(b"  - AI\n", b"  - AI\n  - Theirs\n")
    with pytest.raises(EditError, match="changed elsewhere"):
        replay(theirs, change.inverse())
    # An edit of another line does not stand in the way.
    other = new.replace(b"type: article", b"type: video")
    assert replay(other, change.inverse()) == raw.replace(b"type: article", b"type: video")


def test_topics_that_are_not_a_list_are_refused() -> None:
    with pytest.raises(EditError, match="not a list"):
        add_topic(b"---\ntopics: {a: 1}\n---\n", "AI")


def test_an_alias_list_is_refused_not_damaged() -> None:
    raw = b"---\nbase: &t [AI]\ntopics: *t\n---\n"
    with pytest.raises(EditError):
        add_topic(raw, "Policy")


@pytest.mark.parametrize("word", AMBIGUOUS)
def test_ambiguous_words_are_quoted_as_topics(word: str) -> None:
    for raw in (b"---\ntopics:\n  - AI\n---\n", b"---\ntopics: [AI]\n---\n"):
        new, _ = add_topic(raw, word) or pytest.fail()
        assert parse(new).data["topics"] == ["AI", word]
        added = new.decode().split("AI", 1)[1]
        assert "'" in added or '"' in added


@pytest.mark.skipif(shutil.which("ruby") is None, reason="Jekyll's YAML reader (Ruby's Psych) is not installed")
def test_jekyll_reads_the_added_topics() -> None:
    """Ten stories with block, flow and absent lists: Psych (Jekyll's reader) sees the new topic."""
    shapes = [
        _seed(0),
        _seed(1).replace(b"\n", b"\r\n"),
        b"---\ntitle: x\ntopics: [AI, Policy]\n---\n",
        b"---\ntitle: x\ntopics: []\n---\n",
        b"---\ntitle: x\ntopics:\n---\n",
        b"---\ntitle: x\n---\n",
        b"---\ntitle: x\ntopics:\n- AI\n---\n",
        b"---\ntitle: x\nrelated:\n  - topics: [x]\n---\n",
        b"---\ntitle: x\ntopics: [\n  AI,\n]\n---\n",
        b"---\ntitle: x\ntopics: Policy\n---\n",
    ]
    words = ["Privacy", *AMBIGUOUS]
    written = []
    for word in words:
        for raw in shapes:
            new, _ = add_topic(raw, word) or pytest.fail()
            written.append((word, new))
    read = psych_load([new for _, new in written])
    for (word, new), data in zip(written, read, strict=True):
        assert data["topics"][-1] == word, (word, new)
        assert data["topics"] == parse(new).data["topics"]
