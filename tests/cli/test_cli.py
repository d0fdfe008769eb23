"""The headless `newsdesk` commands, run in-process; one run of the real console script.

Output is checked as text a script would read; files are checked byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from tests.helpers.paths import REPO, SEEDS
from tui.cli.main import main

S0 = "000_8dcd983ef76e6965.txt"
S1 = "001_29a53d9359691146.txt"
S3 = "003_644e7f27e603fab3.txt"
CONTROL = ("\x1b", "\x07", "\x9b", "\x00", "\x7f", "\r")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mixed(seeds_copy: Path) -> Path:
    """The seeds plus one bad file and one story that loads with a warning."""
    (seeds_copy / "notes.md").write_text("# just notes\n", encoding="utf-8")
    (seeds_copy / "sub").mkdir()
    (seeds_copy / "sub" / "nourl.md").write_text(
        '---\ntitle: "No web url"\noriginalUrl: "https://x.org/a"\npublishedDateTime: 2021-01-01\n---\n',
        encoding="utf-8",
    )
    return seeds_copy


# -- check ---------------------------------------------------------------------------


def test_check_on_the_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", "--seeds", str(SEEDS))
    assert code == 0 and err == ""
    assert out.splitlines() == ["5 stories, 0 problems (0 errors, 0 warnings)"]


def test_check_reports_each_problem_by_id(capsys: pytest.CaptureFixture[str], mixed: Path) -> None:
    code, out, _ = run(capsys, "check", "--seeds", str(mixed))
    assert code == 1
    lines = out.splitlines()
    assert lines[-1] == "6 stories, 1 problem (1 error, 1 warning)"
    assert "notes.md:1: no front matter: the file does not start with a --- line" in lines
    assert "sub/nourl.md: warning: webUrl: missing; using originalUrl" in lines
    assert len(lines) == 3


def test_check_with_only_warnings_exits_0(capsys: pytest.CaptureFixture[str], mixed: Path) -> None:
    (mixed / "notes.md").unlink()
    code, out, _ = run(capsys, "check", "--seeds", str(mixed))
    assert code == 0
    assert out.splitlines()[-1] == "6 stories, 0 problems (0 errors, 1 warning)"


def test_default_folder_and_missing_folder(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "check")
    assert code == 0 and out.startswith("5 stories")
    code, out, err = run(capsys, "check", "--seeds", str(tmp_path / "nope"))
    assert code == 2 and out == "" and "not a folder" in err


# -- list ----------------------------------------------------------------------------


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json", "--seeds", str(SEEDS))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == [
        "002_ec13f126c5df086c.txt",
        S0,
        S1,
        S3,
        "004_ff9743790476918e.txt",
    ]  # newest first
    first = records[1]
    assert {"id", "title", "published", "provider", "publishedDateTime", "url", "topics"} <= first.keys()
    assert first["title"] == "Massachusetts Homes in on Facial Recognition Accountability"
    assert first["published"] is True and records[2]["published"] is False
    assert first["provider"] == "Government Technology"
    assert first["url"] == "https://www.govtech.com/policy/massachusetts-homes-in-on-facial-recognition-accountability"
    assert first["topics"] == ["Computer Vision", "AI"]
    when = datetime.fromisoformat(first["publishedDateTime"])
    assert when.isoformat() == "2021-05-08T00:34:00+00:00" and when.utcoffset() is not None
    assert "secured" not in out.lower() or all("secured" not in r for r in records)


def test_list_plain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--seeds", str(SEEDS))
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[1].startswith("● 2021-05-08  Government Technolog  Massachusetts Homes") and lines[1].endswith(
        f"[{S0}]"
    )
    assert lines[2].startswith("○ 2021-05-07")


# -- publish / unpublish ---------------------------------------------------------------


def test_unpublish_then_publish_gives_back_the_original_bytes(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path
) -> None:
    original = snapshot(seeds_copy)
    code, out, err = run(capsys, "unpublish", "--seeds", str(seeds_copy), S0)
    assert code == 0 and err == "" and out.startswith("Unpublished")
    after = snapshot(seeds_copy)
    assert after[S0] == original[S0].replace(b"published: true", b"published: false")
    assert {k: v for k, v in after.items() if k != S0} == {k: v for k, v in original.items() if k != S0}
    code, out, _ = run(capsys, "publish", "--seeds", str(seeds_copy), S0)
    assert code == 0 and out.startswith("Published")
    assert snapshot(seeds_copy) == original


def test_several_ids_and_a_path_to_the_file(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seeds_copy.parent)
    code, out, _ = run(capsys, "publish", "--seeds", "seeds", S1, f"seeds/{S0}", "./seeds/002_ec13f126c5df086c.txt")
    assert code == 0 and out.strip() == "Published 2 stories"
    code, out, _ = run(capsys, "publish", "--seeds", "seeds", S1)
    assert code == 0 and "Already" in out


@pytest.mark.parametrize(
    "bad",
    ["missing.txt", "../outside.md", "notes.md", ".hidden.md", "sub", "/etc/hostname"],
)
def test_unknown_id_touches_nothing(capsys: pytest.CaptureFixture[str], seeds_copy: Path, bad: str) -> None:
    (seeds_copy / "notes.md").write_text("# just notes\n", encoding="utf-8")
    (seeds_copy / ".hidden.md").write_text("---\ntitle: h\n---\n", encoding="utf-8")
    (seeds_copy / "sub").mkdir()
    (seeds_copy.parent / "outside.md").write_text("---\ntitle: o\n---\n", encoding="utf-8")
    original = snapshot(seeds_copy.parent)
    code, out, err = run(capsys, "unpublish", "--seeds", str(seeds_copy), S0, bad, S3)
    assert code == 1 and out == ""
    assert err.startswith("newsdesk: ") and "nothing was changed" in err
    assert snapshot(seeds_copy.parent) == original


def test_failed_write_touches_nothing(capsys: pytest.CaptureFixture[str], seeds_copy: Path) -> None:
    original = snapshot(seeds_copy)
    (seeds_copy / S3).chmod(0o444)
    try:
        code, out, err = run(capsys, "unpublish", "--seeds", str(seeds_copy), S0, S3)
    finally:
        (seeds_copy / S3).chmod(0o644)
    assert code == 1 and out == ""
    assert "read-only" in err and "Nothing was changed" in err
    assert snapshot(seeds_copy) == original


# -- untrusted text never reaches the terminal raw ---------------------------------------


def test_control_characters_never_reach_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    evil = '"\\e]0;owned\\a\\e[31m[bold]Red[/]\\x9b2J\\x7f\\r\\0 done"'
    (tmp_path / "evil.md").write_text(
        f'---\ntitle: {evil}\nprovider:\n  name: {evil}\nwebUrl: "https://x.org/\\e[0m"\n'
        f"publishedDateTime: 2021-01-01\nquality: {evil}\n---\n",
        encoding="utf-8",
    )
    (tmp_path / "bad\x1b[2J.md").write_text("no front matter\x1b[31m\n", encoding="utf-8")
    outputs = []
    for argv in (["check"], ["list"], ["list", "--json"], ["unpublish", "evil.md"], ["unpublish", "bad\x1b[2J.md"]):
        _, out, err = run(capsys, *argv, "--seeds", str(tmp_path))
        outputs.append(out + err)
        for ch in CONTROL:
            assert ch not in out, (argv, out)
            assert ch not in err, (argv, err)
    joined = "\n".join(outputs)
    assert "\\x1b]0;owned\\x07\\x1b[31m[bold]Red[/]\\x9b2J" in joined  # shown, escaped
    assert "bad\\x1b[2J.md" in joined
    record = json.loads(outputs[2].splitlines()[0])
    assert record["title"].startswith("\x1b]0;owned\x07")  # JSON decodes back to the data


# -- the real console script -------------------------------------------------------------


def test_console_script_entry_point(seeds_copy: Path) -> None:
    script = REPO / ".venv" / "bin" / "newsdesk"
    if not script.exists():
        pytest.skip("no .venv/bin/newsdesk (run `make test`)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    done = subprocess.run(
        [str(script), "check", "--seeds", str(seeds_copy)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "5 stories, 0 problems (0 errors, 0 warnings)\n"
