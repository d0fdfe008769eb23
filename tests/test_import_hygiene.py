"""What may import what, checked by importing for real as well as by reading the source.

import-linter (`make check`) reads import statements. These tests import the modules
in a fresh interpreter and look at `sys.modules`, so an import made by a function
that runs at import time, or through `importlib`, is caught too.

Two rules. The headless half (tui.core, tui.desk, tui.cli) never loads Textual or Rich:
scripts, the pipeline and `newsdesk check` start without a terminal UI's imports,
and the core stays testable without one. And nothing shipped (tui/) imports bench/,
tools/ or tests/: `pip install` installs only tui/, so such an import works in a
checkout and fails on every user's machine.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "tui"
HEADLESS = ("core", "desk", "cli")
UI_LIBRARIES = frozenset({"textual", "rich"})
DEV_CODE = frozenset({"bench", "tools", "tests"})
# Runs the command line when imported (`python -m tui`), so it is never imported here.
ENTRY_POINT = "tui.__main__"
_UI_IMPORT_LINE = re.compile(r"^[ \t]*(?:import|from)[ \t]+(?:textual|rich)\b.*$", re.MULTILINE)


def source_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in sorted(folder.rglob("*.py"))
        if "__pycache__" not in p.parts and not any(part.startswith(".") for part in p.relative_to(REPO).parts)
    ]
    assert files, f"no Python files under {folder}"
    return files


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def headless_modules() -> list[str]:
    return [module_name(p) for sub in HEADLESS for p in source_files(PACKAGE / sub)]


def shipped_modules() -> list[str]:
    return [name for name in map(module_name, source_files(PACKAGE)) if name != ENTRY_POINT]


def top(name: str) -> str:
    return name.partition(".")[0]


def loaded_after(code: str, *args: str) -> list[str]:
    """`sys.modules` of a fresh interpreter (started in the checkout) after `code` ran."""
    script = textwrap.dedent(code) + "\nimport json as _json, sys as _sys\nprint(_json.dumps(sorted(_sys.modules)))\n"
    done = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, cwd=REPO, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def import_all(modules: list[str]) -> list[str]:
    code = """
        import importlib, json, sys
        for name in json.loads(sys.argv[1]):
            importlib.import_module(name)
    """
    return loaded_after(code, json.dumps(modules))


def imported_names(path: Path) -> list[tuple[int, str]]:
    """Every absolute module name `path` imports, wherever the import sits (inside a
    function or `if TYPE_CHECKING:` too), and the string given to `import_module` or
    `__import__`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            found += [
                (node.lineno, a.value) for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
    return found


def test_the_module_lists_cover_every_layer() -> None:
    headless = headless_modules()
    for package in ("tui.core", "tui.core.format", "tui.core.disk", "tui.core.store", "tui.core.dupes", "tui.cli"):
        assert package in headless
    assert "tui.core.model" in headless
    assert "tui.core.graph" in headless
    assert "tui.cli.main" in headless
    shipped = shipped_modules()
    assert set(headless) < set(shipped)
    assert "tui.ui.app" in shipped
    assert ENTRY_POINT not in shipped


def test_importing_the_core_the_desk_and_the_cli_loads_neither_textual_nor_rich() -> None:
    modules = headless_modules()
    loaded = import_all(modules)
    assert set(modules) <= set(loaded)
    leaked = [m for m in loaded if top(m) in UI_LIBRARIES or m == "tui.ui" or m.startswith("tui.ui.")]
    assert not leaked, leaked


def test_headless_commands_run_without_textual_or_rich(seeds_copy: Path) -> None:
    code = """
        import sys
        from tui.cli.main import main
        for argv in (["--help"], ["check", "--no-cache", sys.argv[1]], ["list", "--json", "--no-cache", sys.argv[1]]):
            try:
                main(argv)
            except SystemExit as stop:
                assert stop.code in (0, None), (argv, stop.code)
    """
    loaded = loaded_after(code, str(seeds_copy))
    assert "tui.core.store.store" in loaded  # `list` really loaded the folder
    leaked = [m for m in loaded if top(m) in UI_LIBRARIES or m.startswith("tui.ui")]
    assert not leaked, leaked


def test_no_headless_source_imports_textual_or_rich() -> None:
    for sub in HEADLESS:
        for path in source_files(PACKAGE / sub):
            for line, name in imported_names(path):
                where = f"{path.relative_to(REPO)}:{line}"
                assert top(name) not in UI_LIBRARIES, f"{where} imports {name}"
            # and line by line, for an import in code the parser does not see as one (a string run by exec)
            line_import = _UI_IMPORT_LINE.search(path.read_text(encoding="utf-8"))
            assert line_import is None, f"{path.relative_to(REPO)}: {line_import.group(0).strip()}"


def test_importing_every_shipped_module_loads_no_dev_code() -> None:
    modules = shipped_modules()
    loaded = import_all(modules)
    assert set(modules) <= set(loaded)
    dev = [m for m in loaded if top(m) in DEV_CODE]
    assert not dev, dev


def test_no_shipped_source_imports_dev_code() -> None:
    for path in source_files(PACKAGE):
        for line, name in imported_names(path):
            assert top(name) not in DEV_CODE, f"{path.relative_to(REPO)}:{line} imports {name}"


def test_every_part_of_the_package_has_a_place_in_the_layers() -> None:
    """import-linter checks only the layers it is told about: a new subsystem left out
    of the contract could import anything. Every part of tui/ and tui/core/ is named."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [c["layers"] for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    named = {name.strip(" ()") for layer in layers for name in layer.split("|")}
    parts = {
        f"{package}.{child.stem}"
        for package, folder in (("tui", PACKAGE), ("tui.core", PACKAGE / "core"))
        for child in folder.iterdir()
        if (child.suffix == ".py" or (child / "__init__.py").is_file()) and not child.name.startswith(("_", "."))
    }
    assert parts - {"tui.core"} <= named, sorted(parts - {"tui.core"} - named)
