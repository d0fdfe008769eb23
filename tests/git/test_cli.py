"""`newsdesk status | commit | sync | history` on real repositories (tests/git/site.py).

Each command runs in-process through `tui.cli.main.main`, as a script would call the
console script; results are checked in git itself (`git log`, `git status`) and in
the files, and the JSON shapes are the ones issue 15 promises to scripts.
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from tests.git.site import FOLDER, S0, S1, S3, S4, Site, flag, git, publish_explicitly, remote_log, toggle
from tui.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def news(clone: Path) -> str:
    return str(clone / FOLDER)


def test_status_json_shape(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S1, True)
    publish_explicitly(a, "absent.md")
    (a / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\npublished: false\n---\n')
    (a / FOLDER / S4).unlink()
    code, out, err = run(capsys, "status", news(a), "--json")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert (record["branch"], record["ahead"], record["behind"]) == ("main", 0, 0)
    assert record["changes"] == [
        {"id": S0, "change": "unpublished"},
        {"id": S1, "change": "published"},
        {"id": S4, "change": "deleted"},
        {"id": "absent.md", "change": "edited"},  # the line spelled out: an edit, same value
        {"id": "fresh.md", "change": "added"},
    ]


def test_status_text_and_ahead(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    git(a, "commit", "--quiet", "-am", "mine")
    toggle(a, S3, False)
    code, out, _ = run(capsys, "status", "--seeds", news(a))
    assert code == 0
    assert "main → origin/main, 1 ahead, 0 behind" in out
    assert f"unpublished              {S3}" in out and "1 changed story" in out
    code, out, _ = run(capsys, "status", news(a), "--json")
    assert json.loads(out)["ahead"] == 1


def test_commit_generated_message_then_nothing(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    for sid in (S0, S3, S4):
        toggle(a, sid, False)
    code, out, err = run(capsys, "commit", "--folder", news(a))
    assert code == 0, err
    subject = git(a, "log", "-1", "--format=%s").strip()
    assert subject.startswith("Unpublish 3 stories: ")
    assert subject in out and "committed 3 stories" in out
    assert git(a, "log", "-1", "--format=%an").strip() == "Alice"
    code, out, _ = run(capsys, "commit", "--folder", news(a))
    assert (code, out.strip()) == (0, "nothing to commit")


def test_commit_ids_and_message(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    toggle(a, S3, False)
    code, _, err = run(capsys, "commit", "--seeds", news(a), "-m", "Take down one", S3)
    assert code == 0, err
    assert git(a, "log", "-1", "--format=%B").strip() == "Take down one"
    assert git(a, "show", "--name-only", "--format=", "HEAD").split() == [f"{FOLDER}/{S3}"]
    assert git(a, "status", "--porcelain").strip() == f"M {FOLDER}/{S0}"


def test_commit_without_identity_is_refused(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    nobody = site.clone("nobody", None)
    toggle(nobody, S0, False)
    before = git(nobody, "rev-parse", "HEAD")
    code, _, err = run(capsys, "commit", "--folder", news(nobody))
    assert code == 1 and "user.name" in err
    assert git(nobody, "rev-parse", "HEAD") == before


def test_outside_git_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    for argv in (["status", str(plain)], ["commit", "--folder", str(plain)], ["sync", str(plain)],
                 ["history", "--folder", str(plain), "x.md"]):  # fmt: skip
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == ""
        assert "not inside a git work tree" in err and "Traceback" not in err


def test_git_missing_exit_2(site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    a = site.clone("a", "Alice")
    monkeypatch.setenv("PATH", str(site.root / "no-bin"))
    code, _, err = run(capsys, "status", news(a))
    assert code == 2 and "git is not installed" in err


def test_sync_conflict_exit_1_then_prefer(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    toggle(a, "absent.md", False)
    assert run(capsys, "commit", "--folder", news(a))[0] == 0
    assert run(capsys, "sync", news(a))[0] == 0
    publish_explicitly(b, "absent.md")
    assert run(capsys, "commit", "--folder", news(b))[0] == 0
    mine = git(b, "rev-parse", "HEAD")
    code, out, err = run(capsys, "sync", news(b))
    assert code == 1
    assert "conflict absent.md: you: published line inserted · Alice, " in out
    assert "--prefer" in err
    assert git(b, "rev-parse", "HEAD") == mine  # own commit kept
    assert git(b, "status", "--porcelain") == ""  # clean, no rebase left
    assert not (b / ".git" / "rebase-merge").exists()
    code, out, err = run(capsys, "sync", news(b), "--prefer", "theirs")
    assert code == 0, err
    assert "settled absent.md with the other side" in out
    assert flag(b, "absent.md") is False


def test_sync_no_remote_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    alone = tmp_path / "alone"
    git(tmp_path, "init", "--quiet", str(alone))
    (alone / "a.md").write_text("---\ntitle: x\n---\n")
    code, _, err = run(capsys, "sync", str(alone))
    assert code == 1 and "no remote" in err


def test_history_json_names_who_unpublished(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    toggle(a, S0, False)
    run(capsys, "commit", "--folder", news(a), "-m", "Take it down")
    code, out, err = run(capsys, "history", "--folder", news(a), S0, "--json")
    assert code == 0, err
    entries = [json.loads(line) for line in out.splitlines()]
    assert [e["author"] for e in entries] == ["Alice", "Seeder"]  # newest first
    newest = entries[0]
    assert newest["commit"] == git(a, "rev-parse", "HEAD").strip()
    assert newest["message"] == "Take it down"
    assert newest["published"] == {"before": True, "after": False}
    assert datetime.fromisoformat(newest["date"]).tzinfo is not None
    assert entries[1]["published"] == {"before": None, "after": True}  # added published
    code, out, _ = run(capsys, "history", "--folder", news(a), os.path.join(news(a), S0))
    assert code == 0 and "Alice: published true → false · Take it down" in out.splitlines()[0]
    assert "Seeder: added, published true · Initial stories" in out.splitlines()[1]  # not "absent → true"


def test_done_when_two_editors_by_command_line(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = site.clone("a", "Alice"), site.clone("b", "Bob")
    for sid in (S0, S3, "absent.md"):
        toggle(a, sid, False)
    assert run(capsys, "commit", "--folder", news(a))[0] == 0
    publish_explicitly(b, "absent.md")
    toggle(b, S4, False)
    assert run(capsys, "commit", "--folder", news(b))[0] == 0
    assert run(capsys, "sync", news(a))[0] == 0
    assert run(capsys, "sync", news(b))[0] == 1
    assert run(capsys, "sync", news(b), "--prefer", "mine")[0] == 0
    assert run(capsys, "sync", news(a))[0] == 0
    assert [author for author, _ in remote_log(site)][:2] == ["Bob", "Alice"]
    for clone in (a, b):
        assert (flag(clone, S0), flag(clone, S3), flag(clone, "absent.md"), flag(clone, S4)) == (
            False,
            False,
            True,
            False,
        )
    code, out, _ = run(capsys, "history", "--folder", news(a), "absent.md", "--json")
    assert code == 0
    last = json.loads(out.splitlines()[0])
    assert last["author"] == "Bob" and last["published"] == {"before": False, "after": True}


def test_discard_asks_keeps_a_copy_in_git_and_puts_back(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    a = site.clone("a", "Alice")
    committed = (a / FOLDER / S0).read_bytes()
    path = a / FOLDER / S0
    path.write_bytes(committed.replace(b"type: article", b"type: opinion", 1))
    edited = path.read_bytes()
    (a / FOLDER / "fresh.md").write_text('---\ntitle: "Fresh"\npublished: false\n---\n')
    code, out, err = run(capsys, "discard", "--folder", news(a), S0, "fresh.md")  # no terminal, no --yes
    assert code == 1 and "add --yes" in err
    assert "type edit; back to the committed file" in out and "the new story 'Fresh' (fresh.md) is deleted" in out
    assert path.read_bytes() == edited and (a / FOLDER / "fresh.md").exists()
    code, out, err = run(capsys, "discard", "--folder", news(a), "--yes", S0, "fresh.md", S3)
    assert code == 0, err
    assert f"{S3}: nothing to discard" in err
    assert path.read_bytes() == committed and not (a / FOLDER / "fresh.md").exists()
    assert git(a, "status", "--porcelain").strip() == ""
    kept = [line.split() for line in out.splitlines() if line.startswith("kept ")]
    assert [k[1] for k in kept] == [S0, "fresh.md"]
    assert git(a, "cat-file", "-p", kept[0][3].rstrip(":")).encode() == edited  # the copy brings it back
    code, out, _ = run(capsys, "discard", "--folder", news(a), "--yes", S0)
    assert code == 0 and "nothing to discard" in out
    plain = site.root / "plain"
    plain.mkdir()
    (plain / "x.md").write_text("---\ntitle: x\n---\n")
    assert run(capsys, "discard", "--folder", str(plain), "--yes", "x.md")[0] == 2
