"""Untrusted names and values become bounded, inert text (issue #13, attacks 5, 9, 10)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.security.hostile import story
from tui.core.format.literal import _MULTI_LINE, _ONE_LINE, json_line, one_line, short_repr, visible
from tui.core.store.store import Store

NAME = "caf\udce9-\udc9b[31m.md"  # the bytes b"caf\xe9-\x9b[31m.md": not UTF-8, and \x9b is CSI


def test_a_name_that_is_not_utf8_is_shown_escaped_and_never_as_raw_bytes() -> None:
    shown = one_line(NAME)
    assert shown == "caf\\xe9-\\x9b[31m.md"
    assert shown.encode("utf-8")  # no lone surrogate left to encode
    assert visible(NAME) == shown


def test_json_of_a_name_that_is_not_utf8_is_valid_utf8_and_round_trips() -> None:
    line = json_line({"id": NAME})
    line.encode("utf-8")  # strict: raises on a lone surrogate
    assert "\x9b" not in line and json.loads(line)["id"] == NAME


def test_repr_of_an_alias_bomb_is_bounded_before_it_is_built() -> None:
    """Attack 5: `repr` of a mapping that expands to 9**9 values ran out of memory."""
    value: object = "lol"
    for _ in range(9):
        value = [value] * 9
    start = time.perf_counter()
    text = short_repr({"quality": value}, 60)
    assert time.perf_counter() - start < 0.05
    assert len(text) == 60 and text.startswith("{'quality': [[[[[[[[['lol', 'lol'") and text.endswith("…")


def test_repr_of_recursive_and_huge_values_is_bounded() -> None:
    loop: list[object] = []
    loop.append(loop)
    assert len(short_repr(loop, 40)) <= 40
    assert len(short_repr("x" * 10_000_000, 40)) == 40
    assert short_repr(2**100_000, 80) == "<a number of 100001 bits>"
    assert short_repr(object()) == "<object>"  # never an unknown type's own repr


def test_an_edit_message_quotes_a_bounded_title(tmp_path: Path) -> None:
    """A message quoting a one-megabyte headline would be wrapped in a notification."""
    (tmp_path / "long.md").write_bytes(story("Headline " * 120_000))
    store = Store(str(tmp_path))
    store.load()
    outcome = store.set_published(["long.md"], False)
    assert outcome.ok and len(outcome.message) < 120


@given(st.text())
@settings(max_examples=2000, deadline=None)
def test_printable_text_skips_the_table_and_nothing_else_does(text: str) -> None:
    """one_line/visible return printable text as it is: exactly what the table gives."""
    assert one_line(text) == text.translate(_ONE_LINE)
    assert visible(text) == text.translate(_MULTI_LINE)
    assert one_line(text + "\x1b[2J\u2028\udc9b") == (text + "\x1b[2J\u2028\udc9b").translate(_ONE_LINE)
