"""`newsdesk dupes`: the duplicate suggestions of a folder, for scripts or a terminal.

JSON Lines (one cluster a line) with `--json`, else a table. Decided clusters are
listed with their decision, so a script sees the whole state. Pure core: no textual.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from tui.core.dupes.clusters import Cluster
from tui.core.dupes.finder import DuplicateFinder
from tui.core.dupes.scoring import DedupeConfig
from tui.core.format.literal import json_line, one_line
from tui.core.format.wording import counted
from tui.desk import Desk


def _config(args: argparse.Namespace) -> DedupeConfig | str:
    base = getattr(args, "dedupe", None) or DedupeConfig()  # the [dupes] settings; flags override them
    threshold = getattr(args, "threshold", None)
    window = getattr(args, "window_days", None)
    if threshold is not None and not 0 <= threshold <= 100:
        return "--threshold must be between 0 and 100"
    if window is not None and not window > 0:
        return "--window-days must be more than 0"
    return replace(
        base,
        threshold=base.threshold if threshold is None else threshold,
        window_days=base.window_days if window is None else window,
    )


def record(cluster: Cluster) -> dict[str, object]:
    return {
        "ids": list(cluster.ids),
        "canonical": cluster.canonical,
        "score": cluster.score,
        "decision": cluster.decision,
        "pairs": [{"a": p.a, "b": p.b, "score": p.score, "why": p.why} for p in cluster.pairs],
        "kept_reason": cluster.kept_reason,  # why the canonical copy (issue 17)
    }


def _table(finder: DuplicateFinder, clusters: list[Cluster], out: list[str]) -> None:
    stories = finder.store.stories
    for cluster in clusters:
        state = cluster.decision or "open"
        why = f"  kept: {cluster.kept_reason}" if cluster.kept_reason else ""
        out.append(f"{cluster.score:3d}  {state:<9}  {len(cluster.ids)} stories  [{cluster.key}]{why}")
        for sid in cluster.ids:
            story = stories[sid]
            mark = "*" if sid == cluster.canonical else " "
            flag = "●" if story.published else "○"
            when = story.published_at.strftime("%Y-%m-%d %H:%M") if story.published_at else "----------------"
            out.append(one_line(f"   {mark}{flag} {when}  {story.provider_name[:22]:<22}  {story.title}  [{sid}]"))
        for pair in cluster.pairs:
            out.append(one_line(f"       {pair.a} ~ {pair.b}: {pair.score}, {pair.why}"))
        out.append("")


def run(root: str, args: argparse.Namespace) -> int:
    config = _config(args)
    if isinstance(config, str):
        print(f"newsdesk dupes: {config}", file=sys.stderr)
        return 2
    # Headless: no watcher, no thread; the folder loaded and the pass run right here.
    desk = Desk(root, watch=False, follow=False, dedupe=config)
    desk.load()
    desk.find_duplicates()
    finder, store = desk.finder, desk.store
    clusters = finder.clusters()
    for problem in finder.problems:
        print(one_line(f"newsdesk: {problem}"), file=sys.stderr)
    out: list[str] = []
    if getattr(args, "json", False):
        out.extend(json_line(record(c)) for c in clusters)
    else:
        _table(finder, clusters, out)
        opened = sum(c.decision is None for c in clusters)
        out.append(
            f"{len(clusters)} suggestions ({opened} open, {len(clusters) - opened} decided) among "
            f"{counted(len(store), 'story')}; * suggested canonical copy, ● published, ○ unpublished"
        )
    if out:
        sys.stdout.write("\n".join(out) + "\n")
    return 0
