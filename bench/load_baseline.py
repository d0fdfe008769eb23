"""Is loading a folder at least as fast as a plain CSafeLoader loop over the same files?

Issue 2 sets that bar. The plain loop is the cheapest thing that reads the same YAML
(read, decode, cut out the front matter, `yaml.load`); everything the store adds on
top (typing, warnings, edit facts, indexes) has to be paid for by parallel parsing.

    python -m bench.load_baseline [N]     # N files, default 10000
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from tui.core.store.store import Store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_TITLE = re.compile(rb'^(title: ")(.*)(")\r?$', re.M)
_WEB_URL = re.compile(rb'^webUrl: "([^"]+)"', re.M)


def make_folder(root: Path, count: int, seeds: Path = SEEDS) -> list[Path]:
    """Write `count` distinct stories made from the seeds; some CRLF, some with a BOM.

    Each copy gets its own title and its own story URL (every variant of it: web,
    original and AMP), so the store's URL index sees `count` different stories.
    """
    originals = [p.read_bytes() for p in sorted(seeds.glob("*.txt"))]
    if not originals:
        raise SystemExit(f"no seed stories in {seeds}")
    paths: list[Path] = []
    per_folder = 1000
    for i in range(count):
        raw = originals[i % len(originals)]
        found = _WEB_URL.search(raw)
        if found is not None:
            url = found.group(1)
            path = url.split(b"://", 1)[-1].split(b"/", 1)[-1].split(b"?", 1)[0]
            raw = raw.replace(path, path + b"-%d" % i)
        raw = _TITLE.sub(rb"\g<1>\g<2> (%d)\g<3>" % i, raw, count=1)
        if i % 3 == 1:
            raw = raw.replace(b"\n", b"\r\n")
        if i % 4 == 2:
            raw = b"\xef\xbb\xbf" + raw
        sub = root / f"batch{i // per_folder:03d}"
        sub.mkdir(exist_ok=True)
        target = sub / f"{i:06d}.md"
        target.write_bytes(raw)
        paths.append(target)
    return paths


def plain_loop(paths: list[Path]) -> int:
    """The bar: read, decode, cut out the front matter, CSafeLoader. Nothing else."""
    loaded = 0
    for path in paths:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
        start = text.index("\n") + 1
        end = text.find("\n---", start - 1)
        data = yaml.load(text[start : end + 1], Loader=yaml.CSafeLoader)
        loaded += isinstance(data, dict)
    return loaded


def store_load(root: Path) -> int:
    store = Store(str(root))
    store.load()
    return len(store)


def timed(run: Callable[[], int], expect: int) -> float:
    start = time.perf_counter()
    got = run()
    elapsed = time.perf_counter() - start
    if got != expect:
        raise SystemExit(f"loaded {got} stories, expected {expect}")
    return elapsed


def compare(paths: list[Path], root: Path, repeat: int = 3) -> tuple[float, float]:
    """Median seconds of each contender; rounds alternate so machine noise hits both."""
    plain_loop(paths)  # warm the page cache for both contenders
    plain: list[float] = []
    store: list[float] = []
    for _ in range(repeat):
        plain.append(timed(lambda: plain_loop(paths), len(paths)))
        store.append(timed(lambda: store_load(root), len(paths)))
    return statistics.median(plain), statistics.median(store)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    count = int(args[0]) if args else 10_000
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-") as tmp:
        root = Path(tmp)
        paths = make_folder(root, count)
        baseline, store = compare(paths, root)
    print(f"files:                      {count}")
    print(f"cpus:                       {os.cpu_count()}")
    print(f"plain CSafeLoader loop:     {baseline:.3f} s (median of 3)")
    print(f"Store(root).load():         {store:.3f} s (median of 3)")
    print(f"ratio store / plain loop:   {store / baseline:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
