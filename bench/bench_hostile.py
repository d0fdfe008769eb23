"""Cursor keys with every hostile file of issue 13 in the folder, next to the same
folder without them (the control).

    python -m bench.bench_hostile [--stories 190] [--rounds 2] [--json]

Builds two folders in a temporary directory: `--stories` generated stories
(`tests.storygen.generate DIR N --seed 3 --with-seeds seeds`, the control), and the same
stories plus every hostile file the security tests build (`tests.security.hostile.
everything`: a 1 MB headline, YAML alias bombs in four keys, a FIFO, a sparse 3 GB file,
links out of the folder and to /dev/zero, a name that is not UTF-8, a crash's temporary
file, a decision log of junk and a 100,000-deep line). For each folder a dashboard
child (`bench.bench_dashboard --cursor`, Pilot at 160x45, a private cache and state
folder) moves the cursor down the whole list and back up, a key-repeat apart, so every
key leaves one story and lands on another, the hostile ones included; the rounds
alternate the two folders so machine noise hits both. Figures: key-to-frame p50 / p90 /
max of each folder over all its rounds, and of the keys onto or off a story only the
hostile folder has. Target: p90 <= 16 ms in both, the cursor row's own target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
TARGET_MS = 16.0
STORIES = 190
SEED = 3


def build(tmp: Path, stories: int) -> tuple[Path, Path]:
    """The control folder and the hostile one: the same generated stories in each."""
    from tests.security.hostile import everything
    from tests.storygen.generate import generate

    control, hostile = tmp / "control", tmp / "hostile" / "stories"
    for root in (control, hostile):
        generate(str(root), stories, SEED, seeds_dir=str(REPO / "seeds"))
    everything(hostile.parent, hostile)  # its outside files go beside the folder, in tmp
    return control, hostile


def sweep(root: Path, env: dict[str, str]) -> dict[str, Any]:
    """One dashboard child moving the cursor over the whole list; its figures."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    try:
        argv = [sys.executable, "-m", "bench.bench_dashboard", str(root), out, repr(time.time()), "--cursor"]
        done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the dashboard child failed ({done.returncode}) on {root}: {done.stderr[-2000:]}")
        with open(out, encoding="utf-8") as result_file:
            result: dict[str, Any] = json.load(result_file)
    finally:
        os.unlink(out)
    return result


def _stats(values: list[float]) -> dict[str, float | int | None]:
    from bench.bench_dashboard import _p90

    if not values:
        return {"p50_ms": None, "p90_ms": None, "max_ms": None, "keys": 0}
    return {"p50_ms": statistics.median(values), "p90_ms": _p90(values), "max_ms": max(values), "keys": len(values)}


def figures(control: list[dict[str, Any]], hostile: list[dict[str, Any]]) -> dict[str, Any]:
    """Both folders' key times over all their rounds, and the hostile stories' own keys."""
    plain_ids = {sid for run in control for move in run["moves"] for sid in move if sid}
    onto_or_off = [
        ms
        for run in hostile
        for ms, move in zip(run["cursor_ms"], run["moves"], strict=True)
        if any(sid and sid not in plain_ids for sid in move)
    ]
    control_ms = [ms for run in control for ms in run["cursor_ms"]]
    hostile_ms = [ms for run in hostile for ms in run["cursor_ms"]]
    return {
        "stories": {"control": control[0]["stories"], "hostile": hostile[0]["stories"]} if control and hostile else {},
        "control": _stats(control_ms),
        "hostile": _stats(hostile_ms),
        "hostile_stories_keys": _stats(onto_or_off),
        "hostile_story_ids": sorted({sid for run in hostile for m in run["moves"] for sid in m if sid} - plain_ids),
        "rounds": len(hostile),
        "target_ms": TARGET_MS,
    }


def measure(stories: int, rounds: int, log: Callable[[str], None]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-hostile-") as name:
        tmp = Path(name)
        control_root, hostile_root = build(tmp, stories)
        env = dict(os.environ)
        env["NEWSDESK_CACHE_DIR"] = str(tmp / "cache")  # never the user's cache
        control: list[dict[str, Any]] = []
        hostile: list[dict[str, Any]] = []
        sweep(control_root, env)  # warms the cache of each folder: rounds load warm, as the other rows do
        sweep(hostile_root, env)
        for index in range(rounds):
            control.append(sweep(control_root, env))
            hostile.append(sweep(hostile_root, env))
            log(f"  round {index + 1}: cursor p90 control {_stats(control[-1]['cursor_ms'])['p90_ms']} ms, "
                f"hostile {_stats(hostile[-1]['cursor_ms'])['p90_ms']} ms")  # fmt: skip
    return figures(control, hostile)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_hostile", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, default=STORIES, help="generated stories in each folder")
    parser.add_argument("--rounds", type=int, default=2, help="sweeps of each folder, alternated")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the figures and verdicts")
    args = parser.parse_args(argv)
    log: Callable[[str], None] = (lambda _m: None) if args.json else print
    out = measure(args.stories, args.rounds, log)
    verdicts = {
        name: out[name]["p90_ms"] is not None and out[name]["p90_ms"] <= TARGET_MS for name in ("control", "hostile")
    }
    if args.json:
        print(json.dumps({**out, "pass": verdicts}))
    else:
        word = {True: "PASS", False: "FAIL"}
        for name, label in (("control", "generated stories only"), ("hostile", "with every hostile file")):
            f = out[name]
            print(f"cursor key-to-frame, {label} ({out['stories'].get(name, '?')} stories, {f['keys']} keys): "
                  f"p50 {f['p50_ms']:.1f} / p90 {f['p90_ms']:.1f} / max {f['max_ms']:.1f} ms   "
                  f"target p90 <= {TARGET_MS:g} ms   {word[verdicts[name]]}")  # fmt: skip
        own = out["hostile_stories_keys"]
        if own["keys"]:
            print(f"  keys onto or off {', '.join(out['hostile_story_ids'])}: {own['keys']} keys, "
                  f"p50 {own['p50_ms']:.1f} / p90 {own['p90_ms']:.1f} / max {own['max_ms']:.1f} ms")  # fmt: skip
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
