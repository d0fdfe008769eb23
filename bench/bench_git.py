"""Git at 100,000 stories: the status refresh after one toggle, committing 1,000 toggles,
and the dashboard's cursor keys while a status runs.

    python -m bench.bench_git [--stories 100000] [--toggles 1000] [--repeats 3] [--dir DIR]
                              [--keys-from DIR | --no-keys] [--json]

Builds a repository of generated stories (the five seeds, each copied with its own
title and URL) in a temporary folder, commits it, then measures:
- `status` (tui.core.git.repo.status) right after one toggle: the full refresh the
  status line makes, next to plain `git status --porcelain` for reference (target: well
  under a second), and the targeted `status(repo, [id])` the desk needs after its own
  toggle (shown, no target);
- `commit_stories` of 1,000 toggled stories (status, changes in editor terms, the
  identity check, the generated message and `git commit --only`), against a person's
  `git add <those files>` + `git commit -m ...`, the two alternated so machine noise
  hits both; target: at most 1.5x the plain commit.
- cursor key-to-frame in the dashboard while `git status` runs: a repository of
  realistic stories (hard links to `--keys-from DIR`, the benchmark's generated folder,
  else one generated here), the dashboard opened on it in a child process (Pilot,
  160x45, frames counted as bench/bench_dashboard.py counts them); once it is loaded,
  duplicates found and git's first status in, a full status refresh is asked for again
  and again (as the folder watcher or a sync does) and, while each runs, cursor keys
  are pressed a key-repeat apart; every key pressed while the status ran counts.
  Target: p90 <= 16 ms, the cursor row's own target.
Git runs with a private empty global config (GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM)
so the figures are git's defaults, not this machine's fsmonitor or hooks. Prints
medians and PASS/FAIL; `--json` prints one JSON object instead, for `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FOLDER = "_news"
STATUS_TARGET_S = 1.0
COMMIT_RATIO_TARGET = 1.5
KEYS_TARGET_MS = 16.0
KEYS_DURING_STATUS = 120  # cursor keys timed while a status runs
_TITLE = re.compile(r'^title: "(.*)"$', re.M)


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, input=stdin, check=True, capture_output=True)


def build(root: Path, n: int, log: Callable[[str], None]) -> list[str]:
    """A committed repository of `n` stories under root/_news; returns the story ids."""
    started = time.perf_counter()
    templates = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.iterdir())]
    news = root / FOLDER
    news.mkdir(parents=True)
    ids = []
    for i in range(n):
        text = templates[i % len(templates)]
        text = _TITLE.sub(f'title: "\\1 #{i}"', text, count=1)
        text = text.replace('webUrl: "https://', f'webUrl: "https://s{i}.', 1)
        sid = f"{i:06d}.md"
        (news / sid).write_text(text, encoding="utf-8")
        ids.append(sid)
    _git(root, "init", "--quiet", "-b", "main")
    _git(root, "config", "user.name", "Bench Editor")
    _git(root, "config", "user.email", "bench@example.com")
    _git(root, "add", "-A")
    _git(root, "commit", "--quiet", "-m", f"{n} stories")
    _git(root, "status", "--porcelain")  # the index's stat data is fresh, as any git leaves it
    log(f"built a repository of {n:,} stories in {time.perf_counter() - started:.1f} s")
    return ids


def _toggle(news: Path, sid: str) -> None:
    from tui.core.format.edits import EditError, current_flag, set_published
    from tui.core.format.fastparse import parse_fast

    path = news / sid
    raw = path.read_bytes()
    try:
        value = not current_flag(parse_fast(raw))
    except EditError:  # pragma: no cover - the seeds are all well formed
        return
    edited = set_published(raw, value)
    assert edited is not None
    path.write_bytes(edited[0])


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def measure(root: Path, ids: list[str], toggles: int, repeats: int, log: Callable[[str], None]) -> dict[str, float]:
    from tui.core.git import Repo, RepoStatus, commit_stories, locate, status

    news = root / FOLDER
    repo = locate(str(news))
    assert isinstance(repo, Repo), repo
    status_s, targeted_s, plain_status_s = [], [], []
    for r in range(max(5, repeats)):
        sid = ids[r * 7919 % len(ids)]
        _toggle(news, sid)
        seconds, got = _timed(lambda: status(repo))
        assert isinstance(got, RepoStatus) and sid in got.changed_ids, got
        status_s.append(seconds)
        other = ids[(r * 7919 + 1) % len(ids)]
        _toggle(news, other)
        seconds, got = _timed(partial(status, repo, [other]))
        assert isinstance(got, RepoStatus) and len(got.files) == 1, got
        targeted_s.append(seconds)
        started = time.perf_counter()
        _git(root, "--no-optional-locks", "status", "--porcelain")
        plain_status_s.append(time.perf_counter() - started)
    _git(root, "add", "-A")
    _git(root, "commit", "--quiet", "-m", "the status probes")
    step = max(1, len(ids) // toggles)
    chosen = ids[::step][:toggles]
    paths = [f"{FOLDER}/{sid}" for sid in chosen]
    plain_s, ours_s = [], []
    for r in range(repeats):
        for sid in chosen:
            _toggle(news, sid)
        started = time.perf_counter()
        _git(root, "add", "--", *paths)
        _git(root, "commit", "--quiet", "-m", f"Toggle {toggles} stories")
        plain_s.append(time.perf_counter() - started)
        for sid in chosen:
            _toggle(news, sid)
        seconds, result = _timed(lambda: commit_stories(repo))
        assert getattr(result, "ok", False) and len(getattr(result, "ids", ())) == toggles, result
        ours_s.append(seconds)
        log(f"  round {r + 1}: git add+commit {plain_s[-1]:.3f} s, commit_stories {ours_s[-1]:.3f} s")
    return {
        "status_after_toggle_s": statistics.median(status_s),
        "status_of_the_toggled_story_s": statistics.median(targeted_s),
        "git_status_porcelain_s": statistics.median(plain_status_s),
        "commit_stories_s": statistics.median(ours_s),
        "git_add_commit_s": statistics.median(plain_s),
    }


# -- cursor keys while git status runs (a dashboard in a child process) -------------------


def keys_repository(root: Path, n: int, source: Path | None, log: Callable[[str], None]) -> Path:
    """A committed repository of realistic stories at root/_news: hard links to the files
    of `source` (nothing writes them: the dashboard only moves its cursor), else `n`
    stories generated here. Returns the story folder."""
    started = time.perf_counter()
    news = root / FOLDER
    if source is None:
        subprocess.run([sys.executable, "-m", "tests.storygen.generate", str(news), str(n), "--seed", "1",
                        "--with-seeds", str(SEEDS)], check=True, cwd=REPO, capture_output=True)  # fmt: skip
    else:
        shutil.copytree(source, news, copy_function=_link_or_copy, ignore=shutil.ignore_patterns(".complete"))
    _git(root, "init", "--quiet", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.name=Bench", "-c", "user.email=bench@example.com", "commit", "--quiet", "-m", "stories")
    _git(root, "status", "--porcelain")
    log(f"built a repository of {sum(1 for _ in news.rglob('*')):,} files for the keys in "
        f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return news


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def keys_during_status(news: Path, keys: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Run the dashboard child on `news`; its figures."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    try:
        argv = [sys.executable, "-m", "bench.bench_git", "--keys", str(keys), "--keys-child", str(news), out]
        done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"the dashboard child failed ({done.returncode}): {done.stderr[-2000:]}")
        with open(out, encoding="utf-8") as result_file:
            figures: dict[str, Any] = json.load(result_file)
    finally:
        os.unlink(out)
    log(f"  keys during status: {figures['keys_during_status_count']} keys over {figures['status_runs']} statuses")
    return figures


async def _keys_child(news: str, keys: int) -> dict[str, Any]:
    import asyncio

    from bench.bench_dashboard import KEY_REPEAT, Frames, _frame_after, _until, install
    from tui.desk.repo import RepoState
    from tui.ui.app import NewsdeskApp

    frames = Frames()
    install(frames)
    app = NewsdeskApp(news)  # the default view: keys_child gives it a state folder of its own
    idle: list[float] = []
    during: list[float] = []
    statuses: list[float] = []
    async with app.run_test(size=(160, 45)) as pilot:
        await _until(lambda: app.store.loaded, 1800, 0.01)
        await _until(lambda: app.dupes.ready, 1800, 0.02)
        await _until(lambda: not app.dupes.running, 1800, 0.02)
        state = app.desk.repo
        assert state is not None
        await _until(lambda: state.status is not None and not state.refreshing, 600, 0.01)
        await pilot.pause(0.3)
        app.main.articles.focus()
        await pilot.pause(0.2)
        deadline = time.perf_counter() + 600

        async def press(into: list[float], running: Callable[[], bool]) -> bool:
            """A key-repeat after the last frame (as bench_dashboard's cursor row), if `running`."""
            await asyncio.sleep(max(0.0, KEY_REPEAT - (time.perf_counter() - frames.last)))
            if not running():
                return False
            key = "down" if (len(during) + len(idle)) % 80 < 60 else "up"
            into.append(await _frame_after(pilot, frames, key))
            return True

        while len(during) < keys and time.perf_counter() < deadline:
            state.refresh()  # a full status, as after an outside change or a sync
            if not await _until(lambda: state.refreshing, 10.0, 0.0005):
                continue
            started, before = time.perf_counter(), len(during)
            while len(during) < keys and await press(during, lambda: state.refreshing):
                pass
            await _until(lambda: not state.refreshing, 60.0, 0.001)
            statuses.append(time.perf_counter() - started)
            # The control: as many keys in the same rhythm (the refresh's quiet spell, then
            # one a key-repeat apart), git idle; what git adds is the difference.
            await asyncio.sleep(0.05 + RepoState.DEBOUNCE)
            for _ in range(len(during) - before):
                await press(idle, lambda: not state.refreshing)
            await asyncio.sleep(0.05)
        await pilot.press("q")
    return {
        "keys_idle_ms": [round(v * 1000, 2) for v in idle],
        "keys_during_status_ms": [round(v * 1000, 2) for v in during],
        "status_run_s": [round(v, 3) for v in statuses],
    }


def _keys_figures(raw: dict[str, Any]) -> dict[str, Any]:
    from bench.bench_dashboard import _p90

    during, idle = raw["keys_during_status_ms"], raw["keys_idle_ms"]
    return {
        **raw,
        "keys_during_status_count": len(during),
        "status_runs": len(raw["status_run_s"]),
        "keys_during_status_p50_ms": statistics.median(during) if during else None,
        "keys_during_status_p90_ms": _p90(during) if during else None,
        "keys_during_status_max_ms": max(during) if during else None,
        "keys_idle_p90_ms": _p90(idle) if idle else None,
        "status_during_keys_s": statistics.median(raw["status_run_s"]) if raw["status_run_s"] else None,
    }


def keys_child(news: str, out: str, keys: int) -> int:
    import asyncio

    # A state folder of its own (XDG_STATE_HOME): the default view, never a sort, filter
    # or story saved by an earlier run or by the user (a saved filter changes every figure).
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-state-") as state:
        os.environ["XDG_STATE_HOME"] = state
        figures = _keys_figures(asyncio.run(_keys_child(news, keys)))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(figures, handle)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_git", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--toggles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", help="build the repository here (must not exist) instead of a temporary folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the figures and verdicts")
    parser.add_argument("--keys-from", metavar="DIR", help="story folder for the keys row (default: generate one)")
    parser.add_argument("--no-keys", action="store_true", help="skip the dashboard's keys during a status")
    parser.add_argument("--keys", type=int, default=KEYS_DURING_STATUS, help="cursor keys to time during statuses")
    parser.add_argument("--keys-child", nargs=2, metavar=("NEWS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.keys_child:
        news_dir, out = args.keys_child
        return keys_child(news_dir, out, args.keys)
    log: Callable[[str], None] = (lambda _m: None) if args.json else print
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-git-") as tmp:
        config = Path(tmp) / "gitconfig"
        config.write_text("")
        os.environ["GIT_CONFIG_GLOBAL"] = str(config)
        os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
        os.environ.setdefault("NEWSDESK_CACHE_DIR", str(Path(tmp) / "cache"))  # never the user's cache
        root = Path(args.dir) if args.dir else Path(tmp) / "site"
        ids = build(root, args.stories, log)
        figures: dict[str, Any] = dict(measure(root, ids, min(args.toggles, args.stories), args.repeats, log))
        if not args.no_keys:
            if not args.dir:  # the disk space, before the second repository (a --dir is the caller's)
                shutil.rmtree(root, ignore_errors=True)
            source = Path(args.keys_from) if args.keys_from else None
            news = keys_repository(Path(tmp) / "keys-site", args.stories, source, log)
            figures.update(keys_during_status(news, args.keys, log))
    ratio = figures["commit_stories_s"] / figures["git_add_commit_s"]
    verdicts = {
        "status_after_toggle": figures["status_after_toggle_s"] < STATUS_TARGET_S,
        "commit_vs_git": ratio <= COMMIT_RATIO_TARGET,
    }
    if not args.no_keys:
        p90 = figures.get("keys_during_status_p90_ms")
        verdicts["keys_during_status"] = p90 is not None and p90 <= KEYS_TARGET_MS
    if args.json:
        print(json.dumps({"stories": args.stories, "toggles": args.toggles, **figures, "commit_ratio": ratio,
                          "pass": verdicts}))  # fmt: skip
    else:
        word = {True: "PASS", False: "FAIL"}
        print(f"git at {args.stories:,} stories (medians)")
        print(
            f"  status after one toggle   {figures['status_after_toggle_s'] * 1000:8.0f} ms"
            f"   (plain git status {figures['git_status_porcelain_s'] * 1000:.0f} ms)"
            f"   target < {STATUS_TARGET_S * 1000:.0f} ms   {word[verdicts['status_after_toggle']]}"
        )
        print(
            f"  status of the toggled story {figures['status_of_the_toggled_story_s'] * 1000:6.0f} ms"
            "   (status(repo, [id]), what the desk needs after its own toggle)"
        )
        print(
            f"  commit {args.toggles:,} toggled stories {figures['commit_stories_s'] * 1000:8.0f} ms"
            f"   (git add + commit {figures['git_add_commit_s'] * 1000:.0f} ms, {ratio:.2f}x)"
            f"   target <= {COMMIT_RATIO_TARGET}x   {word[verdicts['commit_vs_git']]}"
        )
        if "keys_during_status" in verdicts:
            print(
                f"  cursor keys during git status p90 {figures['keys_during_status_p90_ms'] or float('nan'):5.1f} ms"
                f"   ({figures['keys_during_status_count']} keys over {figures['status_runs']} statuses of"
                f" {(figures['status_during_keys_s'] or 0) * 1000:.0f} ms; idle p90"
                f" {figures['keys_idle_p90_ms'] or float('nan'):.1f} ms)"
                f"   target <= {KEYS_TARGET_MS:.0f} ms   {word[verdicts['keys_during_status']]}"
            )
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
