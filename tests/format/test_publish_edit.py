"""The publish edit on a file's bytes: one line changed (or inserted), and undone exactly.

`set_published` gives the new bytes and the `LineChange` it made; `replay` applies a
change (or its inverse) only if the line is still what the change expects. Writing
the result to disk is tests/disk/test_writer.py.
"""

from __future__ import annotations

import pytest

from tui.core.format.edits import EditError, LineChange, replay, set_published

# -- the edit itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        ("published: true", False, "published: false"),
        ("published: yes", False, "published: no"),
        ("published: No", True, "published: Yes"),
        ("published: OFF", True, "published: ON"),
        ("published: True  # keep me", False, "published: False  # keep me"),
        ("published:", False, "published: false"),
        ("published:   # empty", False, "published: false   # empty"),
        ("published: ~", False, "published: false"),
    ],
)
def test_rewrites_only_the_value(before: str, value: bool, after: str) -> None:
    raw = f'---\ntitle: "t"\n{before}\ntype: article\n---\nbody\n'.encode()
    result = set_published(raw, value)
    assert result is not None
    new, change = result
    assert new == raw.replace(before.encode(), after.encode())
    assert change == LineChange(before, after)
    assert replay(new, change.inverse()) == raw


def test_inserts_one_line_before_the_closing_fence_when_absent() -> None:
    raw = b'\xef\xbb\xbf---\r\ntitle: "t"\r\nlist:\r\n  - a\r\n---\r\n---\r\nbody\r\n'
    result = set_published(raw, False)
    assert result is not None
    new, change = result
    assert new == b'\xef\xbb\xbf---\r\ntitle: "t"\r\nlist:\r\n  - a\r\npublished: false\r\n---\r\n---\r\nbody\r\n'
    assert change == LineChange(None, "published: false")
    assert replay(new, change.inverse()) == raw


def test_already_in_that_state_is_no_edit() -> None:
    assert set_published(b"---\ntitle: t\n---\n", True) is None
    assert set_published(b"---\ntitle: t\npublished: no\n---\n", False) is None


def test_flag_on_its_own_line_and_quoted_key() -> None:
    raw = b'---\n"published" :\n  true\ntitle: t\n---\n'
    result = set_published(raw, False)
    assert result is not None and result[0] == b'---\n"published" :\n  false\ntitle: t\n---\n'


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"---\n{title: t, published: true}\n---\n", "flow style"),
        (b"---\ntitle: t\npublished: maybe\n---\n", "not true or false"),
        (b"no front matter\n", "no longer parses"),
        (b"---\n  title: t\n  type: x\n---\n", "refused"),
    ],
)
def test_shapes_it_cannot_edit_safely_are_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(EditError, match=reason):
        set_published(raw, False)


def test_replay_refuses_when_the_line_was_changed_elsewhere() -> None:
    raw = b"---\ntitle: t\npublished: true\n---\n"
    new, change = set_published(raw, False)  # type: ignore[misc]
    elsewhere = new.replace(b"published: false", b"published: no")
    with pytest.raises(EditError, match="changed elsewhere"):
        replay(elsewhere, change.inverse())
    with pytest.raises(EditError, match="changed elsewhere"):
        replay(b"---\ntitle: t\n---\n", change.inverse())
