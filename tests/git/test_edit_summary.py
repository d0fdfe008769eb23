"""An edit in editor words (changes.edit_summary), as the changes and conflicts screens
show it: each changed part a line, values literal, one line each and cut, few lines."""

from __future__ import annotations

from tui.core.git.changes import DIFF_WIDTH, SUMMARY_LINES, VALUE_WIDTH, classify
from tui.core.git.conflicts import side_diff

BEFORE = b"---\ntitle: Old one\ntopics: [Politics, AI]\nquality: 3\n---\nline 1\nline 2\n"


def test_each_part_in_editor_words() -> None:
    after = b"---\ntitle: New one\ntopics: [AI, Economy]\nquality: 5\nheat: 2\n---\nline 1\nline 2, fixed\nline 3\n"
    change = classify("s.md", BEFORE, after)
    assert change is not None and change.kind == "edited"
    assert change.summary == (
        "title: Old one → New one",
        "topics +Economy −Politics",
        "quality: 3 → 5",
        "heat added: 2",
        "body changed (3 lines)",
    )


def test_formatting_only_and_the_flag() -> None:
    quoted = BEFORE.replace(b"title: Old one", b'title: "Old one"')
    change = classify("s.md", BEFORE, quoted)
    assert change is not None and change.summary == ("formatting only (spacing, quoting, comments)",)
    both = BEFORE.replace(b"title: Old one", b"title: Other\npublished: false")
    change = classify("s.md", BEFORE, both)
    assert change is not None and change.summary == ("published: true → false", "title: Old one → Other")
    assert side_diff(BEFORE, BEFORE) == ("no change",) and side_diff(BEFORE, None) == ("deleted the story",)


def test_a_published_line_written_out_or_removed_says_so() -> None:
    """The editor trial: `p` twice on a story without a published line writes
    `published: true`, the state it had by default; the conflict said "published line
    spelled differently"."""
    written = BEFORE.replace(b"quality: 3\n", b"quality: 3\npublished: true\n")
    assert side_diff(BEFORE, written) == ("published: true written out (was the default)",)
    assert side_diff(written, BEFORE) == ("published line removed (true by default)",)
    assert side_diff(written, written.replace(b"published: true", b"published: yes")) == (
        "published line spelled differently",
    )


def test_hostile_values_are_one_bounded_line_and_few_lines() -> None:
    long = "[red]x[/red]\\e[2J" + "é" * 5000  # \e: YAML's escape for ESC
    fields = "".join(f"f{i}: {i}\n" for i in range(40))
    after = f'---\ntitle: "{long}\\nsecond line"\n{fields}secured: AAAA\n---\nbody\n'.encode()
    change = classify("s.md", BEFORE, after)
    assert change is not None
    assert len(change.summary) == SUMMARY_LINES and change.summary[-1].startswith("… ")
    title = change.summary[0]
    assert "\n" not in title and "\x1b" not in title and len(title) <= DIFF_WIDTH
    assert title.startswith("title: Old one → [red]x[/red]") and len(title.split(" → ")[1]) <= VALUE_WIDTH
    secured = classify("s.md", BEFORE, BEFORE.replace(b"quality: 3", b"secured: BBBB"))
    assert secured is not None and "secured added: (encrypted payload)" in secured.summary
    assert all("BBBB" not in line for line in secured.summary)
