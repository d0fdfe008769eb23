"""The site outcome of every case of issue 14, and of each `_config.yml` case, built in tmp_path.

One test per row of the issue's table (tests/site/cases.py says which row each file
stands for); the same files are checked against a real Jekyll by
test_jekyll_differential.py (`make test-jekyll`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.site.cases import BOM, BREAKERS, CASES, CONFIG, Case, build_site, story
from tui.core.site import parse_config, read_config, scan_site, site_outcome, survey
from tui.core.site.config import SiteConfig

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SiteConfig]:
    root = build_site(tmp_path_factory.mktemp("site"), CASES + BREAKERS)
    return root, read_config(str(root))


@pytest.mark.parametrize("case", CASES + BREAKERS, ids=[c.path for c in CASES + BREAKERS])
def test_each_case_gets_its_outcome(site: tuple[Path, SiteConfig], case: Case) -> None:
    root, config = site
    verdict = site_outcome(case.path, (root / case.path).read_bytes(), config, now=NOW)
    assert (verdict.outcome, verdict.rule) == (case.outcome, case.rule), verdict.reason
    assert verdict.reason


def outcome(rel: str, raw: bytes, config: bytes = b"collections:\n  news:\n    output: true\n") -> tuple[str, str]:
    verdict = site_outcome(rel, raw, parse_config(config), now=NOW)
    return verdict.outcome, verdict.reason


# -- the table, row by row ------------------------------------------------------------


def test_bom_is_copied_raw_with_its_front_matter_and_secured_payload() -> None:
    verdict = site_outcome("_news/a.md", BOM + story("published: false", "secured: QUJD;REVG"), parse_config(CONFIG))
    assert verdict.outcome == "raw"
    assert verdict.leaks == "front matter and secured payload copied to the site"
    assert verdict.apparent == "hidden" and verdict.differs
    assert verdict.severity == "error"
    problem = verdict.problem("_news/a.md")
    assert problem is not None and "secured payload" in problem.message


@pytest.mark.parametrize("line", ["published: ~", "published:", "published: null", "published: NULL"])
def test_nil_published_is_listed_without_a_page(line: str) -> None:
    result, reason = outcome("_news/a.md", story(line))
    assert result == "listed"
    assert "lists it but writes no page" in reason


@pytest.mark.parametrize("line", ['published: "false"', "published: 0", "published: n", "published: 'no'"])
def test_only_a_literal_false_hides(line: str) -> None:
    verdict = site_outcome("_news/a.md", story(line), parse_config(b"collections: {news: {output: true}}"))
    assert verdict.outcome == "page"
    assert verdict.apparent == "hidden" and verdict.differs


@pytest.mark.parametrize("word", ["nO", "No", "NO", "fAlSe", "off", "Off", "OFF"])
def test_false_in_any_case_hides_as_psych_reads_it(word: str) -> None:
    verdict = site_outcome(
        "_news/a.md", story(f"published: {word}"), parse_config(b"collections: {news: {output: true}}")
    )
    assert verdict.outcome == "hidden"
    assert not verdict.differs


@pytest.mark.parametrize(
    "front",
    [b"title: [unclosed\npublished: false\n", b"- published: false\n", b"subtitle: :-) hi\npublished: false\n"],
)
def test_bad_yaml_or_a_list_root_goes_live_from_empty_data(front: bytes) -> None:
    result, reason = outcome("_news/a.md", b"---\n" + front + b"---\nBody.\n")
    assert result == "page"
    assert "does nothing" in reason


def test_not_utf8_markdown_breaks_the_whole_build() -> None:
    assert outcome("_news/a.md", b"---\ntitle: caf\xe9\n---\nx\n")[0] == "breaks-build"


def test_not_utf8_is_skipped_in_posts_and_written_whole_as_plain_text() -> None:
    assert outcome("_posts/2020-01-01-a.md", b"---\ntitle: caf\xe9\n---\nx\n")[0] == "hidden"
    assert outcome("_news/a.txt", b"---\ntitle: caf\xe9\n---\nx\n")[0] == "page"
    assert outcome("_news/a.txt", b"---\ntitle: caf\xe9\n---\n{% if x %}\n")[0] == "breaks-build"


@pytest.mark.parametrize("name", ["_a.md", ".a.md", "#a.md", "a.md~", "~a.md", "a.md."])
def test_names_jekyll_ignores(name: str) -> None:
    assert outcome(f"_news/{name}", story())[0] == "ignored"


@pytest.mark.parametrize(
    ("raw", "rule"), [(b"", "empty-file"), (b"note\n", "no-front-matter"), (b" ---\na: 1\n---\n", "indented-opener")]
)
def test_no_front_matter_is_a_raw_static_file(raw: bytes, rule: str) -> None:
    verdict = site_outcome("_news/a.md", raw, parse_config(b"collections: {news: {output: true}}"))
    assert (verdict.outcome, verdict.rule) == ("raw", rule)


def test_header_needs_dashes_at_byte_zero_then_only_spaces_before_the_newline() -> None:
    config = b"collections: {news: {output: true}}"
    assert outcome("_news/a.md", b"---  \t\r\ntitle: x\r\n---\r\n", config)[0] == "page"
    assert outcome("_news/a.md", b"--- # c\ntitle: x\n---\n", config)[0] == "raw"
    assert outcome("_news/a.md", b"---", config)[0] == "raw"


# -- _config.yml cases ------------------------------------------------------------------------------


def test_defaults_by_path_by_type_and_both() -> None:
    config = CONFIG
    assert outcome("_news/drafts/a.md", story(), config)[0] == "hidden"
    assert outcome("_news/drafts/a.md", story("published: true"), config)[0] == "page"
    assert outcome("_samples/a.md", story(), config)[0] == "hidden"
    assert outcome("_samples/a.md", story("published: yes"), config)[0] == "listed"
    assert outcome("_news/embargo/a.md", story(), config)[0] == "hidden"
    assert outcome("_news/typed/a.md", story(), config)[0] == "page"


def test_a_later_longer_scope_wins_and_a_typed_scope_beats_an_untyped_one() -> None:
    config = b"""collections: {news: {output: true}}
defaults:
  - {scope: {path: "_news/a"}, values: {published: true}}
  - {scope: {path: "_news"}, values: {published: false}}
  - {scope: {path: "_news", type: news}, values: {published: true}}
"""
    assert outcome("_news/a/x.md", story(), config)[0] == "page"  # longest path wins
    assert outcome("_news/b/x.md", story(), config)[0] == "page"  # same length: the typed one


def test_future_holds_back_until_future_true() -> None:
    assert outcome("_news/2999-01-01-a.md", story())[0] == "listed"
    assert outcome("_posts/2999-01-01-a.md", story())[0] == "hidden"
    future = b"future: true\ncollections: {news: {output: true}}\n"
    assert outcome("_news/2999-01-01-a.md", story(), future)[0] == "page"
    assert outcome("_posts/2999-01-01-a.md", story(), future)[0] == "page"


def test_a_dated_file_name_gives_the_date_unless_the_front_matter_has_one() -> None:
    tomorrow = (NOW + timedelta(days=1)).strftime("%Y-%m-%d")
    assert outcome(f"_news/{tomorrow}-a.md", story())[0] == "listed"
    assert outcome(f"_news/{tomorrow}-a.md", story("date: 2001-01-01"))[0] == "page"
    assert outcome("_news/2001-01-01-a.md", story("date: 2999-01-01"))[0] == "listed"
    # publishedDateTime is not Jekyll's date
    assert outcome("_news/a.md", story("publishedDateTime: 2999-01-01T00:00:00Z"))[0] == "page"


def test_a_collection_with_output_false_lists_without_pages() -> None:
    config = b"collections:\n  samples:\n    output: false\n"
    verdict = site_outcome("_samples/a.md", story(), parse_config(config), now=NOW)
    assert verdict.outcome == "listed" and verdict.rule == "output-false"
    assert not verdict.differs  # the line says published, and listed is all this collection gives
    assert outcome("_samples/a.md", story("published: false"), config)[0] == "hidden"


def test_unpublished_true_builds_false_stories() -> None:
    config = b"unpublished: true\ncollections: {news: {output: true}}\n"
    assert outcome("_news/a.md", story("published: false"), config)[0] == "page"
    assert outcome("_news/a.md", story("published: ~"), config)[0] == "page"


def test_collections_as_a_list_have_no_output() -> None:
    assert outcome("_news/a.md", story(), b"collections: [news]\n")[0] == "listed"


def test_collections_dir_moves_collections_and_posts() -> None:
    config = b"collections_dir: my\ncollections: {news: {output: true}}\n"
    assert outcome("my/_news/a.md", story(), config)[0] == "page"
    assert outcome("_news/a.md", story(), config)[0] == "ignored"
    assert outcome("my/_posts/2020-01-01-a.md", story(), config)[0] == "page"
    assert outcome("_posts/2020-01-01-a.md", story(), config)[0] == "ignored"


def test_exclude_is_a_glob_and_a_prefix_and_include_rescues() -> None:
    config = b"exclude: [doc, '*.bak.md']\ninclude: [_keep.md]\n"
    assert outcome("doc/a.md", story(), config)[0] == "ignored"
    assert outcome("docs/a.md", story(), config)[0] == "ignored"  # a string prefix
    assert outcome("x/a.bak.md", story(), config)[0] == "ignored"
    assert outcome("_keep.md", story(), config)[0] == "page"
    assert outcome("_other.md", story(), config)[0] == "ignored"


def test_strict_front_matter_makes_bad_yaml_break_the_build() -> None:
    config = b"strict_front_matter: true\ncollections: {news: {output: true}}\n"
    assert outcome("_news/a.md", b"---\ntitle: [x\n---\n", config)[0] == "breaks-build"


def test_a_bad_config_makes_every_file_break_the_build_and_is_a_problem_not_an_exception() -> None:
    for raw in (b"collections: [\n", b"exclude:\n", b"include: x\n", b"a: \xff\n", b"x: :sym\n"):
        config = parse_config(raw)
        assert config.fatal and config.problems and config.problems[0].severity == "error"
        assert site_outcome("_posts/2020-01-01-a.md", story(), config).outcome == "breaks-build"


def test_a_config_that_is_not_a_mapping_falls_back_to_jekylls_defaults() -> None:
    config = parse_config(b"- a\n- b\n")
    assert config.fatal is None and config.problems[0].severity == "warning"
    assert site_outcome("_news/a.md", story(), config).outcome == "ignored"


def test_a_folder_without_config_is_one_collection_with_output(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_bytes(story("published: ~"))
    config = read_config(str(tmp_path))
    assert config.standalone and not config.found
    assert site_outcome("a.md", story("published: ~"), config).outcome == "listed"
    assert site_outcome("_a.md", story(), config).outcome == "ignored"
    assert site_outcome("a.md", BOM + story(), config).outcome == "raw"


def test_the_config_is_not_followed_through_a_symlink(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yml"
    outside.write_bytes(b"future: true\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "_config.yml").symlink_to(outside)
    config = read_config(str(site))
    assert not config.future
    assert config.problems and "cannot read" in config.problems[0].message


# -- the scan -----------------------------------------------------------------------------------


def test_scan_lists_every_file_with_its_collection_and_skips_symlinks(tmp_path: Path) -> None:
    root = build_site(tmp_path / "site")
    (root / "_news" / "link.md").symlink_to(root / "_news" / "plain.md")
    (root / "_site").mkdir()
    (root / "_site" / "built.html").write_text("x")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("x")
    site = scan_site(str(root))
    ids = {f.id: f for f in site.files}
    assert ids["_news/plain.md"].collection == "news" and ids["_news/plain.md"].kind == "document"
    assert ids["_posts/2020-01-01-post.md"].collection == "posts"
    assert ids["_samples/true.md"].collection == "samples"
    assert ids["_unlisted/u.md"].kind == "ignored"
    assert ids["index.md"].collection is None
    assert "_news/link.md" not in ids and any(p.id == "_news/link.md" for p in site.problems)
    assert not any(i.startswith(("_site/", ".git/")) for i in ids)
    assert site.collections() == ("posts", "news", "samples")
    stories = scan_site(str(root), suffixes=(".md", ".txt"), include_ignored=False)
    assert all(f.kind != "ignored" and f.id.endswith((".md", ".txt")) for f in stories.files)


def test_survey_gives_each_case_its_outcome(tmp_path: Path) -> None:
    root = build_site(tmp_path / "site")
    verdicts = {f.id: v for f, v, _p in survey(scan_site(str(root)), now=NOW)}
    for case in CASES:
        verdict = verdicts[case.path]
        assert verdict is not None and verdict.outcome == case.outcome, case.path


def test_scan_is_bounded(tmp_path: Path) -> None:
    for i in range(30):
        (tmp_path / f"{i}.md").write_bytes(story())
    site = scan_site(str(tmp_path), max_files=10)
    assert len(site.files) == 10 and site.truncated


_PIECES = [b"---\n", b"---\r\n", b"\xef\xbb\xbf", b" ---\n", b"published: ", b"false", b"~", b"nO", b'"false"', b"\n"]
_PIECES += [b"date: ", b"2999-01-01", b"tomorrow", b"[", b"- ", b":sym", b"&a [*a]", b"*a", b"\xe9", b"{{ x }}", b"..."]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES) | st.binary(max_size=12), max_size=24),
    path=st.sampled_from(["_news/a.md", "_posts/2020-01-01-a.md", "_samples/a.txt", "a.md", "_news/_a.md"]),
)
def test_any_bytes_get_an_outcome_and_a_reason_never_an_exception(pieces: list[bytes], path: str) -> None:
    raw = b"".join(pieces)
    verdict = site_outcome(path, raw, parse_config(CONFIG), now=NOW)
    assert verdict.outcome in ("page", "listed", "hidden", "raw", "ignored", "breaks-build")
    assert verdict.reason and len(verdict.reason) < 400


def test_an_alias_bomb_is_read_without_expanding_it() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 12)]
    raw = ("---\n" + "\n".join(levels) + "\npublished: *a11\n---\n").encode()
    verdict = site_outcome("_news/a.md", raw, parse_config(CONFIG), now=NOW)
    assert verdict.outcome == "page"


def test_a_nil_default_lists_documents_drops_posts_and_leaves_pages_alone() -> None:
    config = b"collections: {news: {output: true}}\ndefaults:\n  - {scope: {path: ''}, values: {published: ~}}\n"
    assert outcome("_news/a.md", story(), config)[0] == "listed"
    assert outcome("_posts/2020-01-01-a.md", story(), config)[0] == "hidden"
    assert outcome("p.md", story(), config)[0] == "page"  # a page's defaults do not reach Hash#fetch
