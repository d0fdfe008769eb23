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
