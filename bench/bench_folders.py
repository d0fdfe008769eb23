"""Generated story folders for the benchmark, made once and kept in `.bench-cache/`.

A folder is named by its size, its seed and a hash of the generator's code, so a
changed generator makes new folders instead of measuring stale ones; older folders of
the same size are removed (100k stories take half a gigabyte). A folder counts as made
only once its `.complete` marker exists, so an interrupted generation is redone.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / ".bench-cache"
SEED = 1
MARKER = ".complete"


def generator_hash() -> str:
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted((REPO / "tests" / "storygen").glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    for path in sorted((REPO / "seeds").iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def folder(n: int, *, seed: int = SEED, log=print) -> Path:  # type: ignore[no-untyped-def]
    """The folder of `n` generated stories (with the real seeds and copies of them)."""
    name = f"bench-{n}-s{seed}-{generator_hash()}"
    path = CACHE / name
    if (path / MARKER).exists():
        return path
    CACHE.mkdir(exist_ok=True)
    for old in CACHE.glob(f"bench-{n}-s{seed}-*"):
        shutil.rmtree(old, ignore_errors=True)
    log(f"generating {n:,} stories in {path} ...")
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.storygen.generate",
            str(path),
            str(n),
            "--seed",
            str(seed),
            "--with-seeds",
            str(REPO / "seeds"),
        ],
        check=True,
        cwd=REPO,
    )
    (path / MARKER).write_text(f"{n} stories in {time.perf_counter() - started:.1f} s\n")
    return path


def settle(path: Path, seconds: float = 3.0) -> None:
    """Wait until the newest file is older than the cache's "just changed" margin, so a
    warm load really is warm (files changed in the last 2 s are never cached)."""
    newest = max(os.stat(path / MARKER).st_mtime, os.stat(path).st_mtime)
    wait = newest + seconds - time.time()
    if wait > 0:
        time.sleep(wait)
