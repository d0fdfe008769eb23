"""Where the time goes: import times and cProfile top costs, for bench/RESULTS.md.

Each profile runs in its own process (a profiler slows what it measures, so these
figures explain the benchmark's numbers rather than replace them).
"""

from __future__ import annotations

import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_SEARCH = """
import cProfile, sys
from tui.core.store.store import Store
store = Store(sys.argv[1]); store.load()
words = sorted({w for s in list(store.stories.values())[:5000] for w in s.title.lower().split() if len(w) > 6})[:1]
query = (words[0] if words else "police") + " reform"
profile = cProfile.Profile(); profile.enable()
for end in range(1, len(query) + 1):
    store._search_cache = None
    store.search(query[:end])
profile.disable(); profile.dump_stats(sys.argv[2])
"""

_COLD = """
import cProfile, sys
from tui.core.disk import folder
profile = cProfile.Profile(); profile.enable()
for _ in folder.iter_load(sys.argv[1], workers=1, cached=False):
    pass
profile.disable(); profile.dump_stats(sys.argv[2])
"""


def importtime() -> list[tuple[str, int, int]]:
    """(module, self µs, cumulative µs) of `newsdesk --help`, largest cumulative first."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui", "--help"], capture_output=True, text=True, check=True
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, total, name = (part.strip() for part in line.split(":", 1)[1].split("|"))
        rows.append((name, int(own), int(total)))
    rows.sort(key=lambda r: -r[2])
    return rows[:12]


def _top(path: str, count: int = 10) -> list[tuple[str, int, float, float]]:
    stats = pstats.Stats(path)
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = Path(filename).name if filename.startswith("/") else filename
        rows.append((f"{where}:{line}({name})" if line else name, calls, tottime, cumtime))
    rows.sort(key=lambda r: -r[2])
    return rows[:count]


def _profile(argv: list[str], env: dict[str, str]) -> list[tuple[str, int, float, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "profile")
        subprocess.run(
            [a.replace("OUT", out) for a in argv],
            env=env,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=1800,
        )
        if not os.path.exists(out):
            return []
        return _top(out)


def profiles(small: Path, large: Path, env: dict[str, str]) -> dict[str, Any]:
    py = sys.executable
    return {
        f"cold load, one process, {small.name.split('-')[1]} files (parsing, typing, URL keys)": _profile(
            [py, "-c", _COLD, str(small), "OUT"], env
        ),
        f"warm `newsdesk check`, {large.name.split('-')[1]} files": _profile(
            [py, "-m", "cProfile", "-o", "OUT", "-m", "tui", "check", "--seeds", str(large)], env
        ),
        f"warm Store.load (every story object and index), {large.name.split('-')[1]} files": _profile(
            [py, "-m", "cProfile", "-o", "OUT", "-m", "bench.bench_store", str(large)], env
        ),
        f"`newsdesk dupes --json`, {small.name.split('-')[1]} files": _profile(
            [py, "-m", "cProfile", "-o", "OUT", "-m", "tui", "dupes", "--json", "--seeds", str(small)], env
        ),
        f"search, typed key by key, {large.name.split('-')[1]} stories": _profile(
            [py, "-c", _SEARCH, str(large), "OUT"], env
        ),
    }
