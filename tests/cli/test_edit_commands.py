"""`newsdesk topics`, `tag` and `set`, run in-process; every assertion on the files' bytes.

All or nothing, like `publish`: an unknown id, a story that does not parse, a bad
value or a failed write leaves every file as it was.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.disk import atomic
from tui.core.format.frontmatter import parse

S0 = "000_8dcd983ef76e6965.txt"
S1 = "001_29a53d9359691146.txt"
S2 = "002_ec13f126c5df086c.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_topics_lists_counts_as_text_and_json(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    (seeds_copy / S0).write_bytes((seeds_copy / S0).read_bytes().replace(b"  - AI\n", b'  - AI\n  - "\\e[31mRed"\n'))
    code, out, err = run(capsys, "topics", "--seeds", str(seeds_copy))
    assert code == 0 and err == ""
    assert out.splitlines() == ["     5  AI", "     5  Computer Vision", "     1  \\x1b[31mRed"]
    code, out, _ = run(capsys, "topics", "--json", "--by", "name", "--folder", str(seeds_copy))
    assert [json.loads(line) for line in out.splitlines()] == [
        {"topic": "\x1b[31mRed", "count": 1},
        {"topic": "AI", "count": 5},
        {"topic": "Computer Vision", "count": 5},
    ]
    assert "\x1b" not in out


def test_topics_rename_changes_the_item_line_only(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    before = snapshot(seeds_copy)
    code, out, err = run(capsys, "topics", "rename", "AI", "Artificial Intelligence", "--seeds", str(seeds_copy))
    assert code == 0 and err == ""
    assert out == "Renamed topic 'AI' to 'Artificial Intelligence' in 5 stories\n"
    after = snapshot(seeds_copy)
    for name, old in before.items():
        assert after[name] == old.replace(b"\n  - AI\n", b"\n  - Artificial Intelligence\n", 1)


def test_topics_merge_and_delete(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    before = snapshot(seeds_copy)
    code, out, _ = run(capsys, "topics", "merge", "AI", "Computer Vision", "--seeds", str(seeds_copy))
    assert code == 0 and out == "Merged topic 'Computer Vision' into 'AI' in 5 stories\n"
    for name, old in before.items():
        assert snapshot(seeds_copy)[name] == old.replace(b"  - Computer Vision\n  - AI\n", b"  - AI\n", 1)
    code, out, _ = run(capsys, "topics", "delete", "AI", "--seeds", str(seeds_copy))
    assert code == 0 and out == "Deleted topic 'AI' in 5 stories\n"
    assert all(parse(raw).data["topics"] == [] for raw in snapshot(seeds_copy).values())
    code, out, err = run(capsys, "topics", "rename", "Nope", "X", "--seeds", str(seeds_copy))
    assert code == 1 and out == "" and "no story has it" in err


def test_tag_adds_and_removes_on_the_named_stories(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    (seeds_copy / S2).write_bytes(
        (seeds_copy / S2)
        .read_bytes()
        .replace(b"topics:\n  - Computer Vision\n  - AI\n", b"topics: [Computer Vision, AI]\n")
    )
    before = snapshot(seeds_copy)
    code, out, err = run(
        capsys, "tag", S1, S2, "--add", "Privacy", "--add", "Law: Policy", "--remove", "AI", "--seeds", str(seeds_copy)
    )
    assert code == 0 and err == ""
    assert out == "Topics of 2 stories: added 'Privacy', 'Law: Policy' and removed 'AI'\n"
    after = snapshot(seeds_copy)
    assert after[S1] == before[S1].replace(b"  - AI\n", b"  - Privacy\n  - 'Law: Policy'\n", 1)
    assert after[S2] == before[S2].replace(
        b"topics: [Computer Vision, AI]\n", b"topics: [Computer Vision, Privacy, 'Law: Policy']\n", 1
    )
    assert {k: v for k, v in after.items() if k not in (S1, S2)} == {
        k: v for k, v in before.items() if k not in (S1, S2)
    }


def test_tag_with_an_unknown_id_or_a_broken_story_changes_no_file(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path
) -> None:
    (seeds_copy / "broken.md").write_bytes(b"---\ntitle: [oops\n---\n")
    before = snapshot(seeds_copy)
    code, out, err = run(capsys, "tag", S0, "nope.txt", "--add", "X", "--seeds", str(seeds_copy))
    assert code == 1 and out == "" and "nope.txt: no such story" in err
    code, out, err = run(capsys, "tag", S0, "broken.md", "--add", "X", "--seeds", str(seeds_copy))
    assert code == 1 and out == "" and "broken.md" in err and "nothing was changed" in err
    code, _, err = run(capsys, "tag", S0, "--seeds", str(seeds_copy))
    assert code == 2 and "--add" in err
    assert snapshot(seeds_copy) == before


def test_set_a_headline_with_quotes_a_colon_and_a_hash(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    before = snapshot(seeds_copy)
    headline = 'He said "no": it\'s #1 - [really]'
    code, out, err = run(capsys, "set", S0, f"title={headline}", "heat=-1", "--seeds", str(seeds_copy))
    assert code == 0 and err == ""
    first, second = out.splitlines()
    assert first.startswith("Set title of '") and first.endswith(f" to '{headline}'")
    assert first != f"Set title of '{headline}' to '{headline}'"  # named by the title it had
    assert second == f"Set heat of '{headline}' to -1"
    after = snapshot(seeds_copy)
    assert parse(after[S0]).data["title"] == headline
    assert after[S0] == before[S0].replace(
        b'title: "Massachusetts Homes in on Facial Recognition Accountability"\n',
        b'title: "He said \\"no\\": it\'s #1 - [really]"\n',
    ).replace(b"\nheat: 79\n", b"\nheat: -1\n")
    assert {k for k in before if before[k] != after[k]} == {S0}


def test_set_is_all_or_nothing(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(seeds_copy)
    code, _, err = run(capsys, "set", S0, "quality=high", "--seeds", str(seeds_copy))
    assert code == 2 and "whole number" in err
    code, _, err = run(capsys, "set", S0, "nope.txt", "type=video", "--seeds", str(seeds_copy))
    assert code == 1 and "nope.txt" in err
    code, _, err = run(capsys, "set", S0, "--seeds", str(seeds_copy))
    assert code == 2 and "FIELD=VALUE" in err

    def full_disk(tmp: str) -> None:
        if S1 in tmp:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "before_replace", full_disk)
    code, out, err = run(capsys, "set", S0, S1, "type=video", "--seeds", str(seeds_copy))
    assert code == 1 and out == "" and "No space left" in err
    assert snapshot(seeds_copy) == before


def test_set_undoes_the_assignments_written_when_a_later_one_fails(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(seeds_copy)
    writes: list[str] = []

    def second_write_of_s1_fails(tmp: str) -> None:
        if S1 in tmp:
            writes.append(tmp)
            if len(writes) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "before_replace", second_write_of_s1_fails)
    code, out, err = run(capsys, "set", S0, S1, "type=video", "heat=3", "--seeds", str(seeds_copy))
    assert code == 1 and out == "" and "No space left" in err
    assert len(writes) >= 3  # type written, heat refused, type undone
    assert snapshot(seeds_copy) == before
