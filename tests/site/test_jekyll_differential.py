"""newsdesk's site outcome of every file against what a real `jekyll build` writes.

The site of tests/site/cases.py (every row of issue 14's table, a `_config.yml` with
defaults by path, by type and both, future-dated stories, a collection with
`output: false`, posts, pages, static files) is built with Debian's jekyll 4.3, safe
mode, no disk cache, no plugins and no theme. A Liquid page lists what Jekyll read
(documents per collection, pages, static files); `_site` says what it wrote. Each file
then gets Jekyll's own outcome:

    in a collection's docs, its URL written  -> page
    in a collection's docs, nothing written  -> listed
    a page whose URL was written             -> page
    a static file copied byte for byte       -> raw
    anywhere else                            -> absent (newsdesk's hidden or ignored)

and the files that stop the build are each built next to the base site, which must then
fail. Runs only with `-m jekyll` (`make test-jekyll`); skipped, saying so, without jekyll.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.site.cases import BREAKERS, CASES, CONFIG, Case, build_site
from tui.core.site import SiteConfig, read_config, scan_site, site_outcome, survey
from tui.core.site.psych import PsychError, load

pytestmark = [
    pytest.mark.jekyll,
    pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)"),
]


def jekyll_build(source: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": "UTC", "JEKYLL_ENV": "production", "LC_ALL": "C.UTF-8"}
    command = ["jekyll", "build", "--safe", "--disable-disk-cache", "-q", "-s", str(source), "-d", str(dest)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)


def written(dest: Path, url: str) -> bool:
    path = dest / url.lstrip("/")
    return (path / "index.html").is_file() if url.endswith("/") else path.is_file()


def jekyll_outcomes(source: Path, dest: Path, cases: tuple[Case, ...]) -> dict[str, str]:
    """What Jekyll did with each case's file, read from the listing page and `_site`."""
    listing = (dest / "listing.html").read_text(encoding="utf-8", errors="replace")
    docs: dict[str, str] = {}
    pages: dict[str, str] = {}
    statics: set[str] = set()
    for line in listing.splitlines():
        fields = line.split("|")
        if fields[0] == "DOC":
            docs[fields[2]] = fields[3]
        elif fields[0] == "PAGE":
            pages[fields[1]] = fields[2]
        elif fields[0] == "STATIC":
            statics.add(fields[1].lstrip("/"))
    result: dict[str, str] = {}
    for case in cases:
        raw = (source / case.path).read_bytes()
        # A static file lands at its path, a collection's under the label (`_news/a` -> `news/a`).
        copy = dest / (case.path[1:] if case.path.startswith("_") else case.path)
        if case.path in docs:
            result[case.path] = "page" if written(dest, docs[case.path]) else "listed"
        elif case.path in pages:
            result[case.path] = "page" if written(dest, pages[case.path]) else "absent"
        elif case.path in statics and copy.is_file() and copy.read_bytes() == raw:
            result[case.path] = "raw"
        else:
            result[case.path] = "absent"
    return result


def ours(outcome: str) -> str:
    return "absent" if outcome in ("hidden", "ignored") else outcome


def test_every_file_of_the_site_gets_the_outcome_jekyll_gives_it(tmp_path: Path) -> None:
    source = build_site(tmp_path / "site")
    config = read_config(str(source))
    now = datetime.now(UTC)
    started = time.monotonic()
    done = jekyll_build(source, tmp_path / "out")
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = jekyll_outcomes(source, tmp_path / "out", CASES)
    mine = {case.path: ours(site_outcome(case.path, case.raw, config, now=now).outcome) for case in CASES}
    disagreements = {path: (mine[path], theirs[path]) for path in mine if mine[path] != theirs[path]}
    assert not disagreements, f"newsdesk vs jekyll: {disagreements}"
    # The same answers through the scan, as `check --json` will get them.
    site = scan_site(str(source))
    scanned = {item.id: verdict.outcome for item, verdict, _problem in survey(site, now=now) if verdict is not None}
    assert {path: ours(scanned[path]) for path in mine} == mine
    print(f"\njekyll build of {len(CASES)} files: {took:.2f} s")


@pytest.mark.parametrize("case", BREAKERS, ids=[case.path for case in BREAKERS])
def test_a_file_predicted_to_break_the_build_does_break_it(tmp_path: Path, case: Case) -> None:
    source = build_site(tmp_path / "site", (*CASES, case))
    config = read_config(str(source))
    assert site_outcome(case.path, case.raw, config).outcome == "breaks-build"
    done = jekyll_build(source, tmp_path / "out")
    assert done.returncode != 0, f"jekyll built the site despite {case.path}"
    assert not (tmp_path / "out" / "index.html").exists()


CONFIG_CASES = {
    "bad-yaml": CONFIG + b"exclude: [\n",
    "exclude-with-no-value": CONFIG.replace(b"exclude:\n  - private\n", b"exclude:\n"),
    "future-and-unpublished": CONFIG + b"future: true\nunpublished: true\n",
    "unpublished-renders-a-latin1-sample": CONFIG + b"unpublished: true\n",
    "collections-as-a-list": CONFIG.replace(
        b"collections:\n  news:\n    output: true\n  samples:\n    output: false\n", b"collections: [news, samples]\n"
    ),
    "a-nil-default-for-everything": CONFIG.replace(
        b"defaults:\n", b"defaults:\n  - {scope: {path: ''}, values: {published: ~}}\n"
    ),
    "a-list": b"- a\n- b\n",
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(CONFIG_CASES))
def test_a_config_case_builds_exactly_when_newsdesk_says_so_and_every_file_agrees(tmp_path: Path, name: str) -> None:
    """Variants of `_config.yml`. The site builds exactly when no file's outcome is
    breaks-build; when it builds, every file is compared as above."""
    cases = CASES
    if name == "future-and-unpublished":  # keep it building: unpublished renders that file too
        cases = tuple(c for c in CASES if c.path != "_samples/latin1.md")
    source = build_site(tmp_path / "site", cases, CONFIG_CASES[name])
    parsed: SiteConfig = read_config(str(source))
    now = datetime.now(UTC)
    verdicts = {case.path: site_outcome(case.path, case.raw, parsed, now=now) for case in cases}
    builds = all(v.outcome != "breaks-build" for v in verdicts.values())
    done = jekyll_build(source, tmp_path / "out")
    assert (done.returncode == 0) is builds, done.stderr[-2000:]
    if builds:
        theirs = jekyll_outcomes(source, tmp_path / "out", cases)
        mine = {path: ours(v.outcome) for path, v in verdicts.items()}
        assert {p: (mine[p], theirs[p]) for p in mine if mine[p] != theirs[p]} == {}


RUBY = r"""
require "yaml"; require "date"; require "json"
out = STDIN.read.split("\x00").map do |y|
  begin
    v = Psych.safe_load(y, permitted_classes: [Date, Time], aliases: true)
    v.is_a?(Hash) ? {"ok" => v["v"].inspect} : {"ok" => v.inspect}
  rescue Exception => e
    {"err" => e.class.to_s}
  end
end
STDOUT.write(JSON.generate(out))
"""

SCALARS = [
    *"true True TRUE tRuE false False FALSE fAlSe yes Yes YES yEs no No NO nO on On ON oN off Off OFF oFf".split(),
    *"y Y n N ~ null Null NULL nUlL 0 1 -1 +1 0x1F 017 0b101 1_000 1,000 08 0o17 1:30 1:30.5 .5 1. 1e3 1.0e+3".split(),
    *".inf -.inf +.INF .NaN :sym :-) 2021-05-08 2021-02-30 2021-5-8 2021-05-08T00:34:00Z 2021-05-08".split(),
    "2021-05-08 00:34:00",
    "2021-05-08 00:34:00 +05:30",
    '"false"',
    "'no'",
    "!!str false",
    "!!bool no",
    "!!int 3",
    "!!float 3",
    "!foo no",
    "|\n  false",
    "[a, b]",
    "{a: 1}",
    "yes please",
    "no way",
    "nil",
    "",
]


def ruby_inspect(value: object) -> str:
    """Our Python value written the way Ruby's #inspect writes the same Ruby value."""
    if value is None:
        return "nil"
    if value is True or value is False:
        return str(value).lower()
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(ruby_inspect(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{ruby_inspect(k)}=>{ruby_inspect(v)}" for k, v in value.items()) + "}"
    return repr(value)


@pytest.mark.skipif(shutil.which("ruby") is None, reason="ruby is not installed")
def test_psych_port_reads_scalars_as_ruby_psych_does() -> None:
    import json

    documents = [f"v: {scalar}" for scalar in SCALARS]
    done = subprocess.run(
        ["ruby", "-e", RUBY], input="\x00".join(documents), capture_output=True, text=True, check=True, timeout=60
    )
    answers = json.loads(done.stdout)
    wrong = {}
    for scalar, document, answer in zip(SCALARS, documents, answers, strict=True):
        try:
            data = load(document)
            mine = {"ok": ruby_inspect(data["v"] if isinstance(data, dict) else data)}
        except PsychError as exc:
            mine = {"err": exc.kind}
        if "ok" in answer and answer["ok"].startswith(("#<Date", "2021-")):
            continue  # dates and times: compared by the outcome tests, not by #inspect text
        if mine != answer:
            wrong[scalar] = (mine, answer)
    assert not wrong


def test_toggling_twenty_real_stories_changes_exactly_their_pages_and_gives_the_bytes_back(tmp_path: Path) -> None:
    """Issue 14's "done when": unpublish and republish 20 real stories (LF and CRLF)."""
    from tests.helpers.paths import SEEDS
    from tui.core.format.site_edits import site_toggle

    source = build_site(tmp_path / "site", (CASES[0], *(c for c in CASES if c.path == "listing.html")))
    seeds = sorted(SEEDS.glob("*.txt"))
    originals: dict[str, bytes] = {}
    for index in range(20):
        raw = seeds[index % len(seeds)].read_bytes().replace(b"\r\n", b"\n")
        if index % 2:
            raw = raw.replace(b"\n", b"\r\n")
        rel = f"_news/story-{index:02d}.md"
        (source / rel).write_bytes(raw)
        originals[rel] = raw
    config = read_config(str(source))

    def build(name: str) -> dict[str, bytes]:
        done = jekyll_build(source, tmp_path / name)
        assert done.returncode == 0, done.stderr[-2000:]
        return {
            str(p.relative_to(tmp_path / name)): p.read_bytes()
            for p in (tmp_path / name).rglob("*")
            if p.is_file() and p.name != "listing.html"
        }

    first = build("first")
    flipped: set[str] = set()
    for rel, raw in originals.items():
        want = "hidden" if site_outcome(rel, raw, config).outcome == "page" else "page"
        edit = site_toggle(rel, raw, config, want)  # type: ignore[arg-type]
        assert edit is not None
        (source / rel).write_bytes(edit.raw)
        flipped.add("news/" + rel.split("/", 1)[1].replace(".md", ".html"))
    second = build("second")
    changed = {p for p in first.keys() | second.keys() if first.get(p) != second.get(p)}
    assert changed == flipped
    for rel, raw in originals.items():
        now = (source / rel).read_bytes()
        want = "hidden" if site_outcome(rel, now, config).outcome == "page" else "page"
        edit = site_toggle(rel, now, config, want)  # type: ignore[arg-type]
        assert edit is not None and edit.raw == raw
        (source / rel).write_bytes(edit.raw)
    assert build("third") == first
