"""`newsdesk list` on a Jekyll site: each file's site outcome, the site filters, broken files too.

On the differential site (tests/site/cases.py) every collection file is listed, the
files newsdesk cannot read as stories included, each line and JSON record with the
outcome `check --json` gives it; `--site OUTCOMES` and `--differs` choose by it, and
they combine with the dashboard's filters. A plain folder lists as before and refuses
the site filters.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.site.cases import BREAKERS, CASES, build_site, story
from tui.cli.main import main

COLLECTIONS = ("_news/", "_samples/", "_posts/")
SUFFIXES = (".md", ".txt", ".markdown")


def _listed(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    assert main(["list", *argv]) == 0, capsys.readouterr().err
    return capsys.readouterr().out.splitlines()


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, dict[str, object]]:
    return {str(r["id"]): r for r in map(json.loads, _listed(capsys, "--json", *argv))}


def _check(capsys: pytest.CaptureFixture[str], root: Path) -> dict[str, dict[str, object]]:
    main(["check", "--json", str(root)])
    return {str(r["id"]): r for r in map(json.loads, capsys.readouterr().out.splitlines())}


def _site(tmp_path: Path) -> Path:
    return build_site(tmp_path / "site", CASES + BREAKERS)


def test_list_json_gives_each_file_its_site_outcome_broken_files_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = _site(tmp_path)
    records = _json(capsys, str(root))
    checked = _check(capsys, root)
    wanted = {
        c.path
        for c in CASES + BREAKERS
        if c.path.startswith(COLLECTIONS) and c.path.endswith(SUFFIXES) and "/." not in c.path
    }
    assert set(records) == wanted
    for sid, record in records.items():
        assert record["site"] == checked[sid]["site"], sid
        assert record["collection"] == checked[sid]["collection"], sid
        assert {"title", "published", "reason", "differs", "unreadable"} <= set(record)
    bad = records["_news/bad-yaml.md"]
    assert bad["unreadable"] is True and bad["site"] == "page" and bad["title"] == "[unclosed"
    assert bad["differs"] is True  # its `published: false` does nothing
    assert records["_news/no-front-matter.md"]["title"] == "no-front-matter.md"
    assert records["_news/latin1.md"]["site"] == "breaks-build"
    assert records["_news/nil.md"]["unreadable"] is False and records["_news/nil.md"]["site"] == "listed"


def test_list_filters_by_site_outcome_and_by_disagreement(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = str(_site(tmp_path))
    everything = _json(capsys, root)
    raw_or_broken = _json(capsys, root, "--site", "raw,breaks-build")
    assert set(raw_or_broken) == {sid for sid, r in everything.items() if r["site"] in ("raw", "breaks-build")}
    assert {"_news/no-front-matter.md", "_news/bom.md", "_news/latin1.md", "_news/2021-13-01-bad-month.md"} <= set(
        raw_or_broken
    )
    differs = _json(capsys, root, "--differs")
    assert set(differs) == {sid for sid, r in everything.items() if r["differs"]}
    assert {"_news/nil.md", "_news/quoted-false.md", "_news/bad-yaml.md"} <= set(differs)
    assert "_news/plain.md" not in differs
    # With the dashboard's filters: published (by the line, or a page for a broken file) and a site outcome.
    both = _json(capsys, root, "--published", "--site", "PAGE", "--differs")
    assert set(both) == {
        sid for sid, r in everything.items() if r["site"] == "page" and r["differs"] and r["published"] is True
    }
    assert both  # `published: "false"` and `0` are pages, bad YAML goes live


def test_list_lines_name_the_outcome_and_the_collection(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = str(_site(tmp_path))
    lines = {line.rsplit("[", 1)[1].rstrip("]"): line for line in _listed(capsys, root)}
    assert lines["_news/nil.md"].startswith("◐ ") and " listed!" in lines["_news/nil.md"]
    assert " news " in lines["_news/nil.md"]
    assert lines["_news/no-front-matter.md"].startswith("⚠ ") and " raw! " in lines["_news/no-front-matter.md"]
    assert lines["_news/latin1.md"].startswith("✖ ") and " breaks-build! " in lines["_news/latin1.md"]
    assert lines["_news/plain.md"].startswith("● ") and " page " in lines["_news/plain.md"]
    assert " samples " in lines["_samples/true.md"]


def test_site_filters_say_what_is_wrong(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = str(_site(tmp_path))
    assert main(["list", root, "--site", "published"]) == 2
    assert "not a site outcome" in capsys.readouterr().err
    assert main(["list", root, "--site", ","]) == 2
    capsys.readouterr()
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "a.md").write_bytes(story())
    (plain / "b.md").write_bytes(b"no front matter\n")
    assert main(["list", str(plain), "--differs"]) == 2
    assert "need a Jekyll site" in capsys.readouterr().err
    records = _json(capsys, str(plain))  # a plain folder: as before, no site fields, no broken rows
    assert set(records) == {"a.md"} and "site" not in records["a.md"]


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (b"---\ntitle: [unclosed\npublished: false\n---\nBody.\n", "fix the YAML first"),
        (b"no front matter at all\n", "add a `---` block at the top"),
        (b"---\ntitle: caf\xe9\n---\nBody.\n", "save it as UTF-8"),
    ],
)
def test_publish_and_unpublish_refuse_an_unreadable_file_with_the_toggles_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, raw: bytes, says: str
) -> None:
    root = tmp_path / "site"
    (root / "_news").mkdir(parents=True)
    (root / "_config.yml").write_bytes(b"collections:\n  news:\n    output: true\n")
    (root / "_news" / "a.md").write_bytes(raw)
    for command in ("publish", "unpublish"):
        status = main([command, "--folder", str(root), "_news/a.md"])
        err = capsys.readouterr().err
        assert status == 1 and says in err and "Nothing was changed" in err, err
        assert (root / "_news" / "a.md").read_bytes() == raw
