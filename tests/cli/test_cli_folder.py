"""The folder given positionally (`newsdesk FOLDER`, `newsdesk check FOLDER`...), `--folder`
for publish/unpublish, `--seeds` as before, and the settings the commands read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui.cli.main import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
S0 = "000_8dcd983ef76e6965.txt"
EXCERPT = (
    "According to a recently proposed Massachusetts bill, companies could soon face penalties for "
    "misusing facial recognition technology, causing them to pay hefty fines or go to court."
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    assert exited.value.code == 2
    return capsys.readouterr().err


def write_story(folder: Path, name: str, *, provider: str, when: str) -> None:
    domain = provider.lower().replace(" ", "") + ".com"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        "---\n"
        'title: "Massachusetts Homes in on Facial Recognition Accountability"\n'
        f'excerpt: "{EXCERPT}"\n'
        f"publishedDateTime: {when}\n"
        f'webUrl: "https://www.{domain}/news/{name}"\n'
        f"provider:\n  name: {provider}\n  domain: {domain}\n"
        "---\n",
        encoding="utf-8",
    )


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    """Two copies of one story from two providers, 30 hours apart."""
    folder = tmp_path / "news"
    write_story(folder, "a.md", provider="Wire One", when="2021-05-07T10:00:00Z")
    write_story(folder, "b.md", provider="Other Paper", when="2021-05-08T16:00:00Z")
    return folder


# -- the folder, positionally ---------------------------------------------------------------


def test_check_list_and_dupes_take_the_folder_positionally(capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["check"], ["list"], ["list", "--json"], ["dupes"], ["dupes", "--json"]):
        by_flag = run(capsys, *command, "--seeds", str(SEEDS))
        positional = run(capsys, command[0], str(SEEDS), *command[1:])
        assert positional == by_flag, command
        assert positional[0] == 0
    code, out, _ = run(capsys, "list", str(SEEDS), "--json")
    assert code == 0 and len(out.splitlines()) == 5 and json.loads(out.splitlines()[1])["id"] == S0


def test_positional_folder_and_seeds_must_agree(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    err = usage_error(capsys, "check", str(SEEDS), "--seeds", str(other))
    assert "different folders" in err and "usage:" in err
    err = usage_error(capsys, "--seeds", str(other), "dupes", str(SEEDS))
    assert "different folders" in err
    # The same folder written two ways is fine.
    code, out, _ = run(capsys, "check", str(SEEDS), "--seeds", str(SEEDS / "."))
    assert code == 0 and out.startswith("5 stories")


def test_dashboard_takes_the_folder_positionally(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tui.ui.app import NewsdeskApp

    opened: list[str] = []

    def fake_run(self: NewsdeskApp, *args: object, **kwargs: object) -> int:
        opened.append(self.root)
        return 0

    monkeypatch.setattr(NewsdeskApp, "run", fake_run)
    assert run(capsys, str(SEEDS))[0] == 0
    assert run(capsys, "--no-cache", str(SEEDS))[0] == 0
    assert run(capsys, "--seeds", str(SEEDS))[0] == 0
    assert run(capsys, str(SEEDS), "--seeds", str(SEEDS))[0] == 0
    assert opened == [str(SEEDS)] * 4
    other = tmp_path / "other"
    other.mkdir()
    assert "different folders" in usage_error(capsys, str(SEEDS), "--seeds", str(other))
    assert opened == [str(SEEDS)] * 4


def test_a_word_that_is_neither_command_nor_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, str(tmp_path / "chekc"))
    assert code == 2 and out == ""
    assert "not a folder" in err and "check, list, publish, unpublish, dupes" in err


def test_publish_takes_folder_or_seeds(capsys: pytest.CaptureFixture[str], seeds_copy: Path, tmp_path: Path) -> None:
    path = seeds_copy / S0
    original = path.read_bytes()
    code, out, _ = run(capsys, "unpublish", "--folder", str(seeds_copy), S0)
    assert code == 0 and out.startswith("Unpublished")
    assert path.read_bytes() == original.replace(b"published: true", b"published: false")
    code, out, _ = run(capsys, "publish", S0, "--seeds", str(seeds_copy))
    assert code == 0 and path.read_bytes() == original
    code, _, _ = run(capsys, "unpublish", "--folder", str(seeds_copy), "--seeds", str(seeds_copy), S0)
    assert code == 0 and path.read_bytes() != original
    other = tmp_path / "other"
    shutil.copytree(seeds_copy, other)
    before = path.read_bytes()
    err = usage_error(capsys, "publish", "--folder", str(seeds_copy), "--seeds", str(other), S0)
    assert "different folders" in err
    assert path.read_bytes() == before and (other / S0).read_bytes() == before


# -- settings -------------------------------------------------------------------------------


def user_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str) -> Path:
    home = tmp_path / "config-home"
    (home / "newsdesk").mkdir(parents=True)
    path = home / "newsdesk" / "config.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return path


def test_dupes_reads_the_dupes_settings_and_flags_override_them(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pair: Path
) -> None:
    code, out, _ = run(capsys, "dupes", str(pair), "--json")
    assert code == 0 and json.loads(out)["ids"] == ["a.md", "b.md"]  # 30 h apart: inside 3 days
    (pair / ".newsdesk").mkdir()
    (pair / ".newsdesk" / "config.toml").write_text("[dupes]\nwindow_days = 1\n")
    code, out, err = run(capsys, "dupes", str(pair), "--json")
    assert code == 0 and out == "" and err == ""  # the folder's window: 24 h
    code, out, _ = run(capsys, "dupes", str(pair), "--json", "--window-days", "2")
    assert code == 0 and json.loads(out)["ids"] == ["a.md", "b.md"]  # the flag wins
    user_config(monkeypatch, tmp_path, "[dupes]\nthreshold = 100\n")
    code, out, _ = run(capsys, "dupes", str(pair), "--json", "--window-days", "2")
    assert code == 0 and out == ""  # the user's threshold, the folder's window overridden
    code, out, _ = run(capsys, "dupes", str(pair), "--json", "--window-days", "2", "--threshold", "80")
    assert json.loads(out)["ids"] == ["a.md", "b.md"]


def test_settings_problems_go_to_stderr_one_line_each_and_the_command_carries_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pair: Path
) -> None:
    path = user_config(monkeypatch, tmp_path, '[dupes]\nthreshold = "high"\n[keymap]\n"main.pubish" = "P"\n[ui\n')
    code, out, err = run(capsys, "dupes", str(pair), "--json")
    assert code == 0 and json.loads(out)["ids"] == ["a.md", "b.md"]
    assert err.splitlines() == [f"newsdesk: {path}:5: TOML syntax: Expected ']' at the end of a table declaration"]
    path.write_text('[dupes]\nthreshold = "high"\n[keymap]\n"main.pubish" = "P"\n', encoding="utf-8")
    code, out, err = run(capsys, "dupes", str(pair), "--json")
    assert code == 0 and json.loads(out)["ids"] == ["a.md", "b.md"]
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"newsdesk: {path}:2: dupes.threshold: must be a number")
    assert lines[1].startswith(f"newsdesk: {path}:4: keymap.main.pubish: unknown binding id")
    # Commands that read no settings do not report them.
    assert run(capsys, "check", str(pair))[2] == ""
