"""Loading settings: precedence, the folder file's limits, and bad files that must not crash.

Every test passes its own `environ`, so the user file is one inside tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.dupes.scoring import DedupeConfig
from tui.desk.settings import (
    MAX_BYTES,
    Settings,
    SettingsProblem,
    UiSettings,
    folder_config_path,
    load_settings,
    user_config_path,
)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path / "home")}


def user_file(env: dict[str, str], text: str | bytes) -> Path:
    path = Path(user_config_path(env))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def folder_file(folder: Path, text: str | bytes) -> Path:
    path = Path(folder_config_path(str(folder)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def only(problems: tuple[SettingsProblem, ...]) -> SettingsProblem:
    assert len(problems) == 1, problems
    return problems[0]


# -- where the files are, and which wins -------------------------------------------------


def test_no_files_gives_the_defaults(env: dict[str, str], tmp_path: Path) -> None:
    settings = load_settings(str(tmp_path), environ=env)
    assert settings == Settings()
    assert settings.dupes == DedupeConfig() and dict(settings.keymap) == {} and settings.ui == UiSettings()


def test_user_file_location_follows_xdg_then_home(tmp_path: Path) -> None:
    assert user_config_path({"XDG_CONFIG_HOME": "/x/conf", "HOME": "/h"}) == "/x/conf/newsdesk/config.toml"
    assert user_config_path({"HOME": "/h"}) == "/h/.config/newsdesk/config.toml"
    # Empty or relative XDG_CONFIG_HOME is ignored (XDG spec).
    assert user_config_path({"XDG_CONFIG_HOME": "", "HOME": "/h"}) == "/h/.config/newsdesk/config.toml"
    assert user_config_path({"XDG_CONFIG_HOME": "rel", "HOME": "/h"}) == "/h/.config/newsdesk/config.toml"
    home = tmp_path / "home"
    (home / ".config" / "newsdesk").mkdir(parents=True)
    (home / ".config" / "newsdesk" / "config.toml").write_text("[dupes]\nthreshold = 66\n")
    assert load_settings(None, environ={"HOME": str(home)}).dupes.threshold == 66


def test_folder_file_overrides_the_user_file_key_by_key(env: dict[str, str], tmp_path: Path) -> None:
    user = user_file(
        env, '[keymap]\n"main.publish" = "P"\n[dupes]\nthreshold = 90\nwindow_days = 5\n[ui]\nsort = "heat"\n'
    )
    folder = tmp_path / "desk"
    shared = folder_file(folder, "[dupes]\nthreshold = 70\n")
    settings = load_settings(str(folder), environ=env)
    assert settings.problems == ()
    assert settings.dupes.threshold == 70.0  # the folder's
    assert settings.dupes.window_days == 5.0  # the user's: the folder did not say
    assert settings.ui.sort == "heat" and dict(settings.keymap) == {"main.publish": "P"}
    assert settings.sources == (str(user), str(shared))
    # Without a folder, only the user's file.
    assert load_settings(None, environ=env).dupes.threshold == 90.0


def test_ui_sort_sets_the_first_query_in_its_natural_direction(env: dict[str, str]) -> None:
    user_file(env, '[ui]\nsort = "title"\ntheme = "nord"\n')
    ui = load_settings(None, environ=env).ui
    assert ui.theme == "nord"
    query = ui.initial_query()
    assert (query.sort, query.descending) == ("title", False)
    assert UiSettings().initial_query().descending is True  # date: newest first, as before


def test_keymap_accepts_quoted_and_dotted_ids_and_key_lists(env: dict[str, str]) -> None:
    user_file(env, '[keymap]\n"main.publish" = "P"\nmain.sort = "o, O"\n"app.help" = "?,f1"\n')
    settings = load_settings(None, environ=env)
    assert settings.problems == ()
    assert dict(settings.keymap) == {"main.publish": "P", "main.sort": "o,O", "app.help": "?,f1"}


def test_a_folder_may_not_remap_keys(env: dict[str, str], tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    path = folder_file(folder, '[dupes]\nthreshold = 75\n\n[keymap]\n"app.quit" = "x"\n')
    settings = load_settings(str(folder), environ=env)
    assert dict(settings.keymap) == {}
    assert settings.dupes.threshold == 75.0  # the rest of the file applies
    problem = only(settings.problems)
    assert (problem.file, problem.line, problem.key) == (str(path), 4, "keymap")
    assert "folder" in problem.message and user_config_path(env) in problem.message


def test_a_folder_cannot_undo_the_users_keys(env: dict[str, str], tmp_path: Path) -> None:
    user_file(env, '[keymap]\n"main.publish" = "P"\n')
    folder = tmp_path / "desk"
    folder_file(folder, '[keymap]\n"main.publish" = "p"\n')
    settings = load_settings(str(folder), environ=env)
    assert dict(settings.keymap) == {"main.publish": "P"}
    assert only(settings.problems).key == "keymap"


# -- bad files: a problem naming file, line and key; defaults for that key ------------------------


def test_syntax_error_names_file_and_line(env: dict[str, str]) -> None:
    path = user_file(env, '[dupes]\nthreshold = 70\n[ui\nsort = "heat"\n')
    settings = load_settings(None, environ=env)
    problem = only(settings.problems)
    assert (problem.file, problem.line, problem.key) == (str(path), 3, "")
    assert problem.message.startswith("TOML syntax:")
    assert problem.format() == f"{path}:3: {problem.message}"
    assert settings.dupes == DedupeConfig() and settings.ui == UiSettings()  # nothing of that file
    assert settings.sources == ()


def test_syntax_error_at_the_end_of_the_file(env: dict[str, str]) -> None:
    path = user_file(env, "[dupes]\nthreshold = [\n")
    problem = only(load_settings(None, environ=env).problems)
    assert problem.file == str(path) and problem.line == 2


def test_unknown_binding_id_is_named_with_a_suggestion(env: dict[str, str]) -> None:
    path = user_file(env, '[keymap]\n"main.publish" = "P"\n"main.pubish" = "x"\n')
    settings = load_settings(None, environ=env)
    problem = only(settings.problems)
    assert (problem.file, problem.line, problem.key) == (str(path), 3, "keymap.main.pubish")
    assert "unknown binding id" in problem.message and "main.publish" in problem.message
    assert dict(settings.keymap) == {"main.publish": "P"}  # the good line still applies


def test_wrong_type_keeps_the_default(env: dict[str, str]) -> None:
    path = user_file(
        env, '[dupes]\nwindow_days = 5\nthreshold = "high"\n\n[keymap]\n"main.undo" = 3\n[ui]\nsort = true\n'
    )
    settings = load_settings(None, environ=env)
    found = {(p.key, p.line) for p in settings.problems}
    assert found == {("dupes.threshold", 3), ("keymap.main.undo", 6), ("ui.sort", 8)}
    assert all(p.file == str(path) for p in settings.problems)
    assert settings.dupes == DedupeConfig(window_days=5.0)  # threshold: the default
    assert dict(settings.keymap) == {} and settings.ui.sort == "date"
    assert "must be a number" in next(p.message for p in settings.problems if p.key == "dupes.threshold")


def test_booleans_are_not_numbers(env: dict[str, str]) -> None:
    user_file(env, "[dupes]\nthreshold = true\n")
    settings = load_settings(None, environ=env)
    assert only(settings.problems).key == "dupes.threshold" and settings.dupes == DedupeConfig()


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("threshold = 101", "dupes.threshold"),
        ("threshold = -1", "dupes.threshold"),
        ("threshold = nan", "dupes.threshold"),
        ("window_days = 0", "dupes.window_days"),
        ("window_days = -inf", "dupes.window_days"),
    ],
)
def test_out_of_range_keeps_the_default(env: dict[str, str], line: str, key: str) -> None:
    path = user_file(env, f"# tuned\n[dupes]\n{line}\n")
    settings = load_settings(None, environ=env)
    problem = only(settings.problems)
    assert (problem.file, problem.line, problem.key) == (str(path), 3, key)
    assert settings.dupes == DedupeConfig()
    assert problem.format().startswith(f"{path}:3: {key}: ")


def test_unknown_tables_and_keys_and_bad_key_names(env: dict[str, str]) -> None:
    user_file(
        env,
        '[colours]\nx = 1\n[dupes]\nthresold = 5\n[ui]\ntheme = "[b]red"\n'
        '[keymap]\n"main.sort" = "ctrl+ s"\n"main.filter" = ""\n',
    )
    settings = load_settings(None, environ=env)
    assert {(p.key, p.line) for p in settings.problems} == {
        ("colours", 1),
        ("dupes.thresold", 4),
        ("ui.theme", 6),
        ("keymap.main.sort", 8),
        ("keymap.main.filter", 9),
    }
    assert settings == Settings(sources=settings.sources, problems=settings.problems)  # all defaults


def test_a_table_that_is_not_a_table(env: dict[str, str]) -> None:
    user_file(env, "dupes = 3\n")
    problem = only(load_settings(None, environ=env).problems)
    assert (problem.key, problem.line) == ("dupes", 1)


def test_not_utf8_too_big_and_not_a_file(env: dict[str, str], tmp_path: Path) -> None:
    path = user_file(env, b"[dupes]\nthreshold = 70 # \xff\n")
    problem = only(load_settings(None, environ=env).problems)
    assert (problem.file, problem.line) == (str(path), 2) and "UTF-8" in problem.message
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    assert "larger than" in only(load_settings(None, environ=env).problems).message
    path.unlink()
    os.mkfifo(path)  # would block a plain open-and-read forever
    assert "not a regular file" in only(load_settings(None, environ=env).problems).message


def test_unreadable_file_is_a_problem(env: dict[str, str]) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = user_file(env, "[dupes]\nthreshold = 70\n")
    path.chmod(0)
    problem = only(load_settings(None, environ=env).problems)
    assert problem.file == str(path) and "cannot be read" in problem.message


def test_a_directory_where_the_file_should_be(env: dict[str, str]) -> None:
    Path(user_config_path(env)).mkdir(parents=True)
    problem = only(load_settings(None, environ=env).problems)
    assert "cannot be read" in problem.message or "not a regular file" in problem.message


# -- the folder file is not followed out of the folder ----------------------------------------------


def test_symlinked_folder_config_file_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text("[dupes]\nthreshold = 10\n")
    folder = tmp_path / "desk"
    (folder / ".newsdesk").mkdir(parents=True)
    (folder / ".newsdesk" / "config.toml").symlink_to(outside)
    settings = load_settings(str(folder), environ=env)
    problem = only(settings.problems)
    assert problem.file == folder_config_path(str(folder)) and "symbolic link" in problem.message
    assert settings.dupes == DedupeConfig() and settings.sources == ()


def test_symlinked_folder_settings_directory_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "config.toml").write_text("[dupes]\nthreshold = 10\n")
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / ".newsdesk").symlink_to(outside)
    settings = load_settings(str(folder), environ=env)
    assert "symbolic link" in only(settings.problems).message
    assert settings.dupes == DedupeConfig()


def test_the_users_own_file_may_be_a_symlink(env: dict[str, str], tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles.toml"
    dotfiles.write_text("[dupes]\nthreshold = 60\n")
    path = Path(user_config_path(env))
    path.parent.mkdir(parents=True)
    path.symlink_to(dotfiles)
    assert load_settings(None, environ=env).dupes.threshold == 60.0


def test_missing_folder_or_settings_folder_is_quietly_the_defaults(env: dict[str, str], tmp_path: Path) -> None:
    assert load_settings(str(tmp_path / "nope"), environ=env) == Settings()
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / ".newsdesk").write_text("not a folder")
    assert load_settings(str(tmp_path / "desk"), environ=env) == Settings()


def test_where_each_key_was_set(env: dict[str, str], tmp_path: Path) -> None:
    user = user_file(env, '[ui]\ntheme = "nord"\n[keymap]\n"main.publish" = "P"\n')
    folder = tmp_path / "desk"
    shared = folder_file(folder, '# shared\n[ui]\ntheme = "gruvbox"\n')
    settings = load_settings(str(folder), environ=env)
    assert settings.where["ui.theme"] == (str(shared), 3)  # the later file set it
    assert settings.where["keymap.main.publish"] == (str(user), 4)
    problem = settings.problem("ui.theme", "no theme called 'gruvbox'")
    assert problem.format() == f"{shared}:3: ui.theme: no theme called 'gruvbox'"


def test_the_readme_example_loads_without_problems(env: dict[str, str]) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") :]
    example = section[section.index("```toml\n") + len("```toml\n") :]
    user_file(env, example[: example.index("```")])
    settings = load_settings(None, environ=env)
    assert settings.problems == ()
    assert dict(settings.keymap) == {"main.publish": "P", "main.sort": "o,s"}
    assert settings.dupes == DedupeConfig(threshold=80, window_days=3) and settings.ui.theme == "nord"
