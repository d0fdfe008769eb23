"""One configuration for the dashboard and the command line: keys, duplicate finding, looks.

Why one module: `newsdesk dupes` and the dashboard's duplicate finder must agree on
what a duplicate is, so both read their thresholds here; and a bad settings file must
never stop an editor from working, so every fault becomes a `SettingsProblem` (file,
line, key, message), that key keeps the value it had before the file, and the rest of
the file still applies.

Sources, later overriding earlier:

1. the built-in defaults;
2. the user's file: `$XDG_CONFIG_HOME/newsdesk/config.toml`, else
   `~/.config/newsdesk/config.toml` (`[keymap]`, `[dupes]`, `[ui]`);
3. the folder's shared file `FOLDER/.newsdesk/config.toml`: `[dupes]` and `[ui]` only.
   A folder comes through git from other people: it may tune what the whole desk
   shares, not rebind an editor's keys; and it is opened without following symbolic
   links (its `.newsdesk` folder or the file could point anywhere on this machine),
   must be a regular file, and is read only up to a size bound.

No textual here (the command line reads this too, and the core never imports
textual), so the binding ids a keymap may name are listed below; a test holds the
list to the bindings the UI actually declares.
"""

from __future__ import annotations

import difflib
import errno
import math
import os
import re
import stat
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from tui.core.dupes.scoring import DedupeConfig
from tui.core.store.query import NATURAL_DESCENDING, SORT_KEYS, Query, SortKey

MAX_BYTES: Final = 64 * 1024  # a settings file is a few lines; anything bigger is not one
FILE_NAME: Final = "config.toml"
USER_DIR: Final = "newsdesk"  # under $XDG_CONFIG_HOME or ~/.config
FOLDER_DIR: Final = ".newsdesk"  # inside the story folder, beside decisions.jsonl

# Every binding id the UI declares (`Binding(..., id=...)` in tui/ui): what `[keymap]`
# may name. tests/config/test_keymap_ids.py fails when this and the UI disagree.
BINDING_IDS: Final[frozenset[str]] = frozenset(
    f"{where}.{name}"
    for where, names in (
        ("app", "quit help problems duplicates focus_next focus_previous"),
        ("main", "search sort reverse_sort filter publish undo redo clear clear_marks components"),
        ("list", "down up first last page_down page_up mark"),
        ("detail", "down up top bottom"),
        ("graph", "down up first last page_down page_up select components back"),
        ("dupes", "mark publish_kept choose distinct next previous undo why down up back top bottom"),
        ("problems", "close first last down up warnings"),
        ("help", "close down up top bottom"),
        ("main", "git_changes git_sync git_history"),  # issue 15: git
        ("changes", "commit all message discard back select"),
        ("conflicts", "mine theirs all_mine all_theirs apply back"),
        ("history", "restore back"),
        ("gitconfirm", "yes no"),
        ("main", "date_window since_date goto_date copy_url open_url session_edits"),  # issue 18
        ("main", "site_differs collection"),  # issue 14: a Jekyll site
        ("list", "read"),
        ("search", "keep clear to_list"),
        ("session", "undo close"),
        ("prompt", "cancel"),
        ("problems", "open"),
        ("main", "add_topic remove_topic topics edit_title edit_excerpt set_field open_editor"),  # issue 16
        ("topics", "sort mark rename merge delete suggested undo back down up first last"),
        ("ask", "cancel"),
        ("choice", "cancel"),
        ("confirm", "yes no"),
        ("republish", "all others cancel"),  # issue 17: p over marked stories, some decided duplicates
        # j / k / g / G in every list screen (tui/ui/list_moves.py); u in changes and history
        *((where, "down up first last") for where in ("session", "choice", "changes", "conflicts", "history")),
        ("changes", "undo"),
        ("history", "undo"),
    )
    for name in names.split()
)

# A key as Textual names it: modifiers, then a lowercase key name ("space", "f5",
# "question_mark") or one printable character ("P", "?").
_KEY = re.compile(r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[a-z][a-z0-9_]*|[^\s,])")
_KEY_MAX = 40  # characters of one key name
_THEME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_TABLES: Final = ("keymap", "dupes", "ui")
_FOLDER_TABLES: Final = ("dupes", "ui")


@dataclass(frozen=True, slots=True)
class SettingsProblem:
    """One fault in one settings file. `key` is dotted (`dupes.threshold`), empty when
    the whole file is at fault; `line` is None when no line can be named."""

    file: str
    line: int | None
    key: str
    message: str

    def format(self) -> str:
        """`FILE:LINE: key: message`, the shape compilers use, so editors can jump to it."""
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class UiSettings:
    """Looks: the list's first sort, and the Textual theme (None: Textual's own default)."""

    sort: SortKey = "date"
    theme: str | None = None

    def initial_query(self) -> Query:
        """The dashboard's first query: this sort, in its natural direction (as `s` picks it)."""
        return Query(sort=self.sort, descending=self.sort in NATURAL_DESCENDING)


def _no_keys() -> Mapping[str, str]:
    return MappingProxyType({})


def _nowhere() -> Mapping[str, tuple[str, int | None]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Settings:
    """What the files said, merged. `keymap` maps binding ids to Textual key strings
    (only the bindings a file remaps); `sources` are the files that were read; `where`
    says which file and line set each dotted key (`keymap.main.publish`, `ui.theme`), so
    a fault only the dashboard can see (no such theme, two bindings on one key) is
    still reported at its line."""

    keymap: Mapping[str, str] = field(default_factory=_no_keys)
    dupes: DedupeConfig = field(default_factory=DedupeConfig)
    ui: UiSettings = field(default_factory=UiSettings)
    sources: tuple[str, ...] = ()
    problems: tuple[SettingsProblem, ...] = ()
    where: Mapping[str, tuple[str, int | None]] = field(default_factory=_nowhere)

    def problem(self, key: str, message: str) -> SettingsProblem:
        """A problem with the value of dotted `key`, at the file and line that set it."""
        file, line = self.where.get(key, ("(settings)", None))
        return SettingsProblem(file, line, key, message)


def user_config_path(environ: Mapping[str, str] = os.environ) -> str:
    """`$XDG_CONFIG_HOME/newsdesk/config.toml`, else `~/.config/newsdesk/config.toml`.
    An empty or relative XDG_CONFIG_HOME is ignored, as the XDG spec says."""
    base = environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        home = environ.get("HOME") or os.path.expanduser("~")
        base = os.path.join(home, ".config")
    return os.path.join(base, USER_DIR, FILE_NAME)


def folder_config_path(folder: str) -> str:
    return os.path.join(folder, FOLDER_DIR, FILE_NAME)


def load_settings(folder: str | None, *, environ: Mapping[str, str] = os.environ) -> Settings:
    """Defaults, then the user's file, then the folder's shared file. Never raises for
    a bad or unreadable file: its faults are in `problems` and the defaults stand in."""
    user = user_config_path(environ)
    merged = _Merged(user)
    merged.apply(user, _read_plain(user), _TABLES)
    if folder is not None:
        path = folder_config_path(folder)
        merged.apply(path, _read_in_folder(folder, path), _FOLDER_TABLES)
    return merged.settings()


# -- reading ----------------------------------------------------------------------------

_Read = str | SettingsProblem | None  # the text, why it could not be read, or no file at all


def _read_plain(path: str) -> _Read:
    """The user's own file: a symbolic link is fine there (dotfile managers use them)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        return SettingsProblem(path, None, "", f"cannot be read: {exc.strerror or exc}")
    return _read_fd(fd, path)


def _read_in_folder(folder: str, path: str) -> _Read:
    """FOLDER/.newsdesk/config.toml, following no symbolic link below FOLDER."""
    flags = os.O_RDONLY | os.O_CLOEXEC
    try:
        root_fd = os.open(folder, flags | os.O_DIRECTORY)  # the folder itself is the user's choice
    except OSError:
        return None  # no folder: the command reports that itself
    try:
        try:
            dir_fd = os.open(FOLDER_DIR, flags | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=root_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if os.path.islink(os.path.join(folder, FOLDER_DIR)):
                return SettingsProblem(
                    path,
                    None,
                    "",
                    f"not read: {FOLDER_DIR} is a symbolic link; "
                    "a folder's settings are read only from a file inside it",
                )
            if exc.errno == errno.ENOTDIR:
                return None  # a file called .newsdesk: no settings folder
            return SettingsProblem(path, None, "", f"cannot be read: {exc.strerror or exc}")
        try:
            fd = os.open(FILE_NAME, flags | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=dir_fd)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return SettingsProblem(
                    path,
                    None,
                    "",
                    "not read: it is a symbolic link; a folder's settings are read only from a file inside it",
                )
            return SettingsProblem(path, None, "", f"cannot be read: {exc.strerror or exc}")
        finally:
            os.close(dir_fd)
    finally:
        os.close(root_fd)
    return _read_fd(fd, path)


def _read_fd(fd: int, path: str) -> _Read:
    """Regular files only (a FIFO would block, a device never end), up to MAX_BYTES."""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return SettingsProblem(path, None, "", "not read: not a regular file")
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return SettingsProblem(path, None, "", f"cannot be read: {exc.strerror or exc}")
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        return SettingsProblem(path, None, "", f"not read: larger than {MAX_BYTES // 1024} KiB")
    data = b"".join(chunks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return SettingsProblem(path, data.count(b"\n", 0, exc.start) + 1, "", "not UTF-8 text")


# -- applying -----------------------------------------------------------------------------

_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _syntax_problem(path: str, text: str, exc: tomllib.TOMLDecodeError) -> SettingsProblem:
    message = str(exc)
    found = _AT.search(message)
    if found:
        return SettingsProblem(path, int(found.group(1)), "", f"TOML syntax: {message[: found.start()]}")
    end = _AT_END.search(message)
    if end:
        return SettingsProblem(
            path,
            max(1, text.count("\n") + (not text.endswith("\n"))),
            "",
            f"TOML syntax: {message[: end.start()]} at the end of the file",
        )
    return SettingsProblem(path, None, "", f"TOML syntax: {message}")


class _Merged:
    """The values so far (defaults, then each file's good keys) and every problem."""

    def __init__(self, user_file: str) -> None:
        self.user_file = user_file  # named when a folder's file tries to set keys
        self.keymap: dict[str, str] = {}
        self.dupes: dict[str, float] = {}
        self.ui: dict[str, str] = {}
        self.sources: list[str] = []
        self.problems: list[SettingsProblem] = []
        self.where: dict[str, tuple[str, int | None]] = {}

    def apply(self, path: str, read: _Read, allowed: tuple[str, ...]) -> None:
        if read is None:
            return
        if isinstance(read, SettingsProblem):
            self.problems.append(read)
            return
        try:
            data = tomllib.loads(read)
        except tomllib.TOMLDecodeError as exc:
            self.problems.append(_syntax_problem(path, read, exc))
            return
        self.sources.append(path)
        _File(path, read, self.problems, self.where).apply(data, allowed, self)

    def settings(self) -> Settings:
        dupes = DedupeConfig()
        ui = UiSettings()
        return Settings(
            keymap=MappingProxyType(dict(self.keymap)),
            dupes=DedupeConfig(
                threshold=self.dupes.get("threshold", dupes.threshold),
                window_days=self.dupes.get("window_days", dupes.window_days),
            ),
            ui=UiSettings(sort=_sort_key(self.ui.get("sort", ui.sort)), theme=self.ui.get("theme", ui.theme)),
            sources=tuple(self.sources),
            problems=tuple(self.problems),
            where=MappingProxyType(dict(self.where)),
        )


def _sort_key(name: str) -> SortKey:
    for key in SORT_KEYS:  # narrows the checked string to the Literal type
        if key == name:
            return key
    return "date"


class _File:
    """One parsed file: checks each key, records what is good, explains what is not."""

    def __init__(
        self, path: str, text: str, problems: list[SettingsProblem], where: dict[str, tuple[str, int | None]]
    ) -> None:
        self.path = path
        self.lines = text.splitlines()
        self.problems = problems
        self.where = where

    def took(self, table: str, key: str) -> None:
        self.where[f"{table}.{key}"] = (self.path, self.line_of(table, key))

    def problem(self, table: str, key: str, message: str) -> None:
        dotted = f"{table}.{key}" if key else table
        self.problems.append(SettingsProblem(self.path, self.line_of(table, key), dotted, message))

    def apply(self, data: dict[str, object], allowed: tuple[str, ...], into: _Merged) -> None:
        for table, value in data.items():
            if table not in _TABLES:
                self.problem(table, "", f"unknown table; the tables are {', '.join(f'[{t}]' for t in _TABLES)}")
            elif table not in allowed:
                self.problem(
                    table,
                    "",
                    f"ignored: a folder's shared settings may set only "
                    f"{' and '.join(f'[{t}]' for t in allowed)}; keys are each editor's own, "
                    f"in {into.user_file}",
                )
            elif not isinstance(value, dict):
                self.problem(table, "", f"must be a table ([{table}] on a line of its own)")
            elif table == "keymap":
                self._keymap(_flatten(value), into.keymap)
            elif table == "dupes":
                self._dupes(value, into.dupes)
            else:
                self._ui(value, into.ui)

    def _keymap(self, entries: dict[str, object], into: dict[str, str]) -> None:
        for binding_id, keys in entries.items():
            if binding_id not in BINDING_IDS:
                near = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=1)
                hint = f" (did you mean {near[0]}?)" if near else "; `?` in the dashboard lists every key"
                self.problem("keymap", binding_id, f"unknown binding id{hint}")
                continue
            cleaned, reason = _check_keys(keys)
            if cleaned is not None:
                into[binding_id] = cleaned
                self.took("keymap", binding_id)
            else:
                self.problem("keymap", binding_id, f'{reason}, e.g. "P" or "ctrl+p,P"; ignored')

    def _dupes(self, table: dict[str, object], into: dict[str, float]) -> None:
        checks: dict[str, tuple[Callable[[float], bool], str]] = {
            "threshold": (lambda x: 0 <= x <= 100, "must be between 0 and 100"),
            "window_days": (lambda x: x > 0, "must be more than 0"),
        }
        for key, value in table.items():
            if key not in checks:
                self.problem("dupes", key, f"unknown key; [dupes] takes {', '.join(checks)}")
                continue
            ok, range_text = checks[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.problem("dupes", key, f"must be a number, not {_kind(value)}; ignored")
            elif not math.isfinite(value) or not ok(float(value)):
                self.problem("dupes", key, f"{range_text} (it is {value!r}); ignored")
            else:
                into[key] = float(value)
                self.took("dupes", key)

    def _ui(self, table: dict[str, object], into: dict[str, str]) -> None:
        for key, value in table.items():
            if key == "sort":
                if isinstance(value, str) and value in SORT_KEYS:
                    into[key] = value
                    self.took("ui", key)
                else:
                    self.problem("ui", key, f"must be one of {', '.join(SORT_KEYS)}; ignored")
            elif key == "theme":
                if isinstance(value, str) and _THEME.fullmatch(value):
                    into[key] = value  # whether Textual has such a theme is for the dashboard to say
                    self.took("ui", key)
                else:
                    self.problem("ui", key, 'must be a theme name such as "nord" or "textual-light"; ignored')
            else:
                self.problem("ui", key, "unknown key; [ui] takes sort, theme")

    # -- where in the text -------------------------------------------------------------
    def line_of(self, table: str, key: str) -> int | None:
        """The line that sets `key` in `[table]` (or `table = ...`): a plain scan, good
        enough to point an editor at the line; None when the file says it some other way."""
        names = {key, f'"{key}"', f"'{key}'"} if key else set()
        current = ""
        header_line: int | None = None
        for number, raw in enumerate(self.lines, 1):
            line = raw.strip()
            header = _HEADER.fullmatch(line)
            if header:
                current = header.group(1).replace('"', "").replace("'", "").replace(" ", "")
                if current == table:
                    header_line = number
                continue
            name = line.split("=", 1)[0].strip() if "=" in line else None
            if name is None:
                continue
            if current == table and name in names:
                return number
            if current == "" and (name == table or (key and name == f"{table}.{key}")):
                return number if key else header_line or number
        return header_line


_HEADER = re.compile(r"\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?")


def _flatten(table: dict[str, object], prefix: str = "") -> dict[str, object]:
    """`main.publish = "P"` (a bare dotted key) is a nested table in TOML: read it as the
    id it was meant to be, the same as `"main.publish" = "P"`."""
    flat: dict[str, object] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def _check_keys(value: object) -> tuple[str | None, str]:
    """The keys, cleaned (`"ctrl+p, P"` -> `"ctrl+p,P"`), or None and why they are not
    keys Textual could name."""
    if not isinstance(value, str):
        return None, f"must be a string of keys, not {_kind(value)}"
    keys = [k.strip() for k in value.split(",")]
    for key in keys:
        if not key:
            return None, "has an empty key"
        if len(key) > _KEY_MAX or not key.isprintable() or not _KEY.fullmatch(key):
            return None, f"{key[:_KEY_MAX]!r} is not a key name"
    return ",".join(keys), ""


def _kind(value: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)
