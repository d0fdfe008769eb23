"""`newsdesk check --json` against a real `jekyll build` (issue 14's first Done-when).

The site of tests/site/cases.py (every row of the issue's table, defaults, future
dates, an `output: false` collection) is checked through the command line, built with
Debian's jekyll, and each file's `site` field must be what Jekyll did with it. Marked
`jekyll`: `make test-jekyll`; skipped, saying so, without jekyll.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.test_site_check import _records
from tests.site.cases import CASES, build_site


@pytest.mark.jekyll
@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_check_json_matches_what_jekyll_build_writes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.site.test_jekyll_differential import jekyll_build, jekyll_outcomes, ours

    root = build_site(tmp_path / "site")
    _status, records = _records(capsys, root)
    done = jekyll_build(root, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-2000:]
    theirs = jekyll_outcomes(root, tmp_path / "out", CASES)
    mine = {c.path: ours(str(records[c.path]["site"])) for c in CASES}
    assert {p: (mine[p], theirs[p]) for p in mine if mine[p] != theirs[p]} == {}


def _pages(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.jekyll
@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_unpublish_and_republish_twenty_real_stories_changes_exactly_their_pages(tmp_path: Path) -> None:
    from tests.site.test_jekyll_differential import jekyll_build
    from tests.site.test_site_store import _loaded, _twenty

    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (root / "_news" / "other.md").write_bytes(b"---\ntitle: untouched\n---\nStays.\n")
    files = _twenty(root)
    store = _loaded(root)
    ids = sorted(files)
    assert jekyll_build(root, tmp_path / "before").returncode == 0
    before = _pages(tmp_path / "before")
    assert store.set_published(ids, False).ok
    assert jekyll_build(root, tmp_path / "hidden").returncode == 0
    hidden = _pages(tmp_path / "hidden")
    gone = set(before) - set(hidden)
    assert gone and all(page.startswith("news/") for page in gone) and not set(hidden) - set(before)
    assert len(gone) == sum(1 for sid in ids if f"news/{Path(sid).stem}.html" in before)
    assert {k: v for k, v in hidden.items() if k in before} == {k: before[k] for k in hidden}
    assert store.set_published(ids, True).ok
    assert jekyll_build(root, tmp_path / "after").returncode == 0
    assert set(_pages(tmp_path / "after")) >= set(before)
    for _ in range(2):
        assert store.undo().ok
    assert {sid: (root / sid).read_bytes() for sid in ids} == files
    assert jekyll_build(root, tmp_path / "again").returncode == 0
    assert _pages(tmp_path / "again") == before
