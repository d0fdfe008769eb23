"""The core and the headless commands never import textual (scripts and CI stay light)."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE = REPO / "tui" / "core"


def core_modules() -> list[str]:
    return sorted(f"tui.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")


def test_importing_core_and_cli_does_not_import_textual() -> None:
    modules = ["tui.core", *core_modules(), "tui.cli.commands", "tui.cli.main"]
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        assert not leaked, leaked
        print(len({modules!r}))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(len(modules))


def test_no_file_under_core_imports_textual() -> None:
    files = sorted(CORE.rglob("*.py"))
    assert files
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__",
            ):
                names = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            for name in names:
                assert name.split(".")[0] != "textual", f"{path.relative_to(REPO)}:{node.lineno} imports {name}"
        assert "import textual" not in path.read_text(encoding="utf-8")
