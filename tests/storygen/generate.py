"""Generate realistic story folders, with syndicated copies and look-alike traps.

    python -m tests.storygen.generate DIR N [--seed S] [--with-seeds SEEDS_DIR] [--no-junk]

The folder looks like a real Jekyll `_news/` collection (see docs/FORMAT.md and the
seeds): providers, topics, dates over years, related links among the stories and to
outside pages, opaque `secured` payloads, a published mix (including the absent key
and YAML 1.1 spellings), CRLF and BOM in a share of files. Wire copies and retitled
reposts are dated hours to days after their original; recurring look-alike posts
(monthly calls, release waves, preview vs GA, same template for another product) are
different news. What is what goes to `DIR/.newsdesk-truth.json`, hidden so the
loader never takes it for a story. The output depends only on N, the seed and the
options, so a benchmark or an evaluation can be rerun on the same folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tests.storygen import copies as copies
from tests.storygen import render as render
from tests.storygen import series as series
from tests.storygen import traps as traps
from tests.storygen.text import make_text, story_url, styled
from tests.storygen.words import PROVIDERS, TOPICS, WIRES

TRUTH_FILE = ".newsdesk-truth.json"
START = datetime(2018, 1, 1, tzinfo=UTC)
SPAN_DAYS = 6 * 365
COPY_SHARE = 0.13  # share of originals that get syndicated copies
TRAP_SHARE = 0.10  # share of files that belong to a look-alike group


@dataclass(slots=True)
class Spec:
    """One story to write; mutable while the generator fills it in."""

    title: str
    excerpt: str
    when: datetime
    provider: tuple[str, str]
    url: str
    topics: tuple[str, ...]
    slots: tuple[str, str] = ("", "")
    kind: str = "original"  # original | copy | trap | seed
    group: int | None = None
    how: tuple[str, ...] = ()
    amp: bool = True
    type: str = "article"
    quality: int = 50
    heat: int = -1
    published: bool | None = True  # None: key absent (Jekyll: published)
    sid: str = ""
    raw: bytes | None = None  # seeds are copied byte for byte
    related: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Truth:
    """Ground truth: clusters of copies (original first) and groups of look-alikes."""

    clusters: tuple[tuple[str, ...], ...]
    traps: tuple[tuple[str, tuple[str, ...]], ...]
    how: dict[str, tuple[str, ...]]

    def to_json(self, seed: int, count: int) -> str:
        return json.dumps(
            {
                "version": 1,
                "seed": seed,
                "stories": count,
                "clusters": [list(c) for c in self.clusters],
                "traps": [{"kind": k, "ids": list(ids)} for k, ids in self.traps],
                "how": {k: list(v) for k, v in sorted(self.how.items())},
            },
            indent=1,
            ensure_ascii=False,
        )


def load_truth(root: str) -> Truth:
    with open(os.path.join(root, TRUTH_FILE), encoding="utf-8") as handle:
        data = json.load(handle)
    return Truth(
        clusters=tuple(tuple(c) for c in data["clusters"]),
        traps=tuple((t["kind"], tuple(t["ids"])) for t in data["traps"]),
        how={k: tuple(v) for k, v in data.get("how", {}).items()},
    )


def _original(rng: random.Random) -> Spec:
    provider = rng.choice(WIRES) if rng.random() < 0.12 else rng.choice(PROVIDERS)
    title, excerpt, slots = make_text(rng)
    title = styled(title, provider[1])
    when = START + timedelta(minutes=rng.randrange(SPAN_DAYS * 24 * 60))
    topics = tuple(rng.sample(TOPICS, rng.choice((1, 2, 2, 2, 3))))
    spec = Spec(title, excerpt, when, provider, story_url(rng, provider[1], title, when), topics, slots)
    _ranking(rng, spec)
    return spec


def _ranking(rng: random.Random, spec: Spec) -> None:
    spec.quality = rng.randint(20, 80)
    spec.heat = -1 if rng.random() < 0.45 else rng.randint(5, 95)
    roll = rng.random()
    spec.published = None if roll < 0.2 else (not roll < 0.45)
    spec.amp = rng.random() < 0.7
    if rng.random() < 0.08:
        spec.type = "video"


def _copy_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3), weights=(70, 22, 8))[0]


def plan(
    n: int, seed: int, seeds_dir: str | None = None, *, headline_share: float = 0.0, series_share: float = 0.0
) -> list[Spec]:
    """Every story of the folder, copies and traps included, before ids are given.

    `headline_share`: the share of copies that keep (or slightly change) the headline
    over a fresh excerpt of their own; `series_share`: the share of files in recurring
    series (community calls, "This week in …", demo days…). Both 0 by default, so the
    folders of earlier benchmarks stay byte for byte what they were."""
    rng = random.Random(seed)
    specs: list[Spec] = []
    group = 0
    if seeds_dir is not None:
        for members in render.seed_specs(seeds_dir, rng, Spec):
            if len(members) > 1:
                group += 1
                for spec in members:
                    spec.group = group
            specs.extend(members)
    while len(specs) < n:
        room = n - len(specs)
        if room >= 2 and rng.random() < TRAP_SHARE / 2.5:
            group += 1
            members = traps.make_group(rng, START, SPAN_DAYS, Spec)[:room]
            for spec in members:
                spec.kind, spec.group = "trap", group
                _ranking(rng, spec)
            specs.extend(members)
            continue
        if series_share and room >= 2 and rng.random() < series_share / 2.5:
            group += 1
            members = series.make_series(rng, START, SPAN_DAYS, Spec)[:room]
            for spec in members:
                spec.kind, spec.group = "trap", group
                _ranking(rng, spec)
            specs.extend(members)
            continue
        original = _original(rng)
        specs.append(original)
        if room >= 2 and rng.random() < COPY_SHARE:
            group += 1
            original.group = group
            for _ in range(min(_copy_count(rng), room - 1)):
                if headline_share and rng.random() < headline_share:
                    copy = copies.make_headline_copy(rng, original, Spec)
                else:
                    copy = copies.make_copy(rng, original, Spec)
                copy.group = group
                _ranking(rng, copy)
                specs.append(copy)
    rng.shuffle(specs)
    _link_related(rng, specs)
    for index, spec in enumerate(specs):
        if not spec.sid:
            ext = ".txt" if rng.random() < 0.05 else ".md"
            spec.sid = f"{index:06d}_{rng.getrandbits(64):016x}{ext}"
    return specs


def _link_related(rng: random.Random, specs: list[Spec]) -> None:
    """Related entries pointing at other stories of the folder near in time."""
    order = sorted(range(len(specs)), key=lambda i: specs[i].when)
    times = [specs[i].when for i in order]
    for i, spec in enumerate(specs):
        if spec.raw is not None or rng.random() < 0.45:
            continue
        at = bisect_left(times, spec.when)
        lo, hi = max(0, at - 40), min(len(order), at + 40)
        for _ in range(rng.choice((1, 1, 2))):
            other = order[rng.randrange(lo, hi)] if hi > lo else i
            if other != i and other not in spec.related:
                spec.related.append(other)


def _same_event(specs: list[Spec]) -> list[tuple[str, tuple[str, ...]]]:
    """Real articles about one news event, days apart or less, by different outlets."""
    real = [s for s in specs if s.kind == "seed" or s.how == ("real-related",)]
    out = []
    for i, a in enumerate(real):
        for b in real[i + 1 :]:
            same = a.group is not None and a.group == b.group
            if not same and abs(a.when - b.when) <= timedelta(days=3):
                out.append(("same-event", tuple(sorted((a.sid, b.sid)))))
    return out


def truth_of(specs: list[Spec]) -> Truth:
    by_group: dict[int, list[Spec]] = {}
    for spec in specs:
        if spec.group is not None:
            by_group.setdefault(spec.group, []).append(spec)
    clusters: list[tuple[str, ...]] = []
    trap_groups: list[tuple[str, tuple[str, ...]]] = []
    for members in by_group.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda s: (s.kind not in ("original", "seed"), s.when, s.sid))
        ids = tuple(s.sid for s in members)
        if members[0].kind == "trap" or any(s.kind == "trap" for s in members):
            trap_groups.append((members[0].how[0] if members[0].how else "trap", ids))
        else:
            clusters.append(ids)
    trap_groups.extend(_same_event(specs))
    how = {s.sid: s.how for s in specs if s.kind == "copy" and s.how}
    clusters.sort()
    trap_groups.sort(key=lambda t: t[1])
    return Truth(tuple(clusters), tuple(trap_groups), how)


def generate(
    root: str,
    n: int,
    seed: int = 0,
    *,
    seeds_dir: str | None = None,
    junk: bool = True,
    headline_share: float = 0.0,
    series_share: float = 0.0,
) -> Truth:
    """Write N story files (plus a few non-story files when `junk`) and the truth file."""
    os.makedirs(root, exist_ok=True)
    specs = plan(n, seed, seeds_dir, headline_share=headline_share, series_share=series_share)
    rng = random.Random(seed ^ 0x5EED)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    for spec in specs:
        data = spec.raw if spec.raw is not None else render.render(rng, spec, specs)
        fd = os.open(os.path.join(root, spec.sid), flags, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    if junk:
        for index in range(max(1, n // 1000) if n >= 200 else 0):
            name, data = render.junk_file(rng, index)
            with open(os.path.join(root, name), "wb") as handle:
                handle.write(data)
    truth = truth_of(specs)
    with open(os.path.join(root, TRUTH_FILE), "w", encoding="utf-8") as handle:
        handle.write(truth.to_json(seed, len(specs)))
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.storygen.generate", description=__doc__.split("\n")[0])
    parser.add_argument("dir")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--with-seeds", metavar="SEEDS_DIR", default=None, help="include the real seed stories and copies of them"
    )
    parser.add_argument("--no-junk", action="store_true", help="only story files")
    parser.add_argument("--headline-share", type=float, default=0.0, help="share of copies with a fresh excerpt")
    parser.add_argument("--series-share", type=float, default=0.0, help="share of files in recurring series")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    truth = generate(
        args.dir,
        args.n,
        args.seed,
        seeds_dir=args.with_seeds,
        junk=not args.no_junk,
        headline_share=args.headline_share,
        series_share=args.series_share,
    )
    copies_count = sum(len(c) - 1 for c in truth.clusters)
    print(
        f"{args.n} stories in {args.dir} ({len(truth.clusters)} originals with {copies_count} copies, "
        f"{len(truth.traps)} look-alike groups) in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
