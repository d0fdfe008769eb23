"""Git at 100,000 stories: the status refresh after one toggle, and committing 1,000 toggles.

    python -m bench.bench_git [--stories 100000] [--toggles 1000] [--repeats 3] [--dir DIR] [--json]

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
Git runs with a private empty global config (GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM)
so the figures are git's defaults, not this machine's fsmonitor or hooks. Prints
medians and PASS/FAIL; `--json` prints one JSON object instead, for `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
FOLDER = "_news"
STATUS_TARGET_S = 1.0
COMMIT_RATIO_TARGET = 1.5
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_git", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stories", type=int, default=100_000)
    parser.add_argument("--toggles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--dir", help="build the repository here (must not exist) instead of a temporary folder")
    parser.add_argument("--json", action="store_true", help="print one JSON object with the figures and verdicts")
    args = parser.parse_args(argv)
    log: Callable[[str], None] = (lambda _m: None) if args.json else print
    with tempfile.TemporaryDirectory(prefix="newsdesk-bench-git-") as tmp:
        config = Path(tmp) / "gitconfig"
        config.write_text("")
        os.environ["GIT_CONFIG_GLOBAL"] = str(config)
        os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
        root = Path(args.dir) if args.dir else Path(tmp) / "site"
        ids = build(root, args.stories, log)
        figures = measure(root, ids, min(args.toggles, args.stories), args.repeats, log)
    ratio = figures["commit_stories_s"] / figures["git_add_commit_s"]
    verdicts = {
        "status_after_toggle": figures["status_after_toggle_s"] < STATUS_TARGET_S,
        "commit_vs_git": ratio <= COMMIT_RATIO_TARGET,
    }
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
    return 0 if all(verdicts.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
