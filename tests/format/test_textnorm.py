"""Folding and markers: what two copies share, and what tells look-alikes apart."""

from __future__ import annotations

import pytest

from tui.core.format.textnorm import compare_markers, content_tokens, fold, fold_title, markers


def test_fold_decodes_entities_and_drops_marks_and_apostrophes() -> None:
    assert fold("Lightfoot&#8217;s office &amp; CPD’s “AI”™") == "lightfoots office cpds ai"
    assert fold("Lightfoot's office") == fold("Lightfoot’s office") == fold("Lightfoot&#8217;s office")
    assert fold("Acme® Cloud© Suite℠") == "acme cloud suite"


def test_fold_casefolds_nfkc_and_punctuation() -> None:
    assert fold("ＦＵＬＬ—Width: STRASSE, Straße!") == "full width strasse strasse"
    assert fold("state-wide   police\tuse") == "state wide police use"
    assert fold("U.S. v2.1 (beta)") == "u s v2 1 beta"


def test_fold_ascii_and_unicode_paths_agree() -> None:
    assert fold("Police use - facial recognition") == fold("Police use — facial recognition")
    assert fold("“Hi”—there… «x» „y“") == "hi there x y"  # quotes and dashes alone: the ASCII path
    assert fold("“Café”—Ｘ…y") == "café x y"  # anything else still goes through NFKC


@pytest.mark.parametrize(
    "prefix",
    [
        "RE-TRANSMISSION: ",
        "UPDATE: ",
        "UPDATE 2-",
        "EXCLUSIVE: ",
        "EXCLUSIVE-",
        "BREAKING: ",
        "Breaking: ",
        "REFILE-",
        "CORRECTED-",
        "UPDATE 1-RE-TRANSMISSION: ",
    ],
)
def test_wire_prefixes_are_stripped(prefix: str) -> None:
    assert fold_title(prefix + "Apple sues Samsung") == "apple sues samsung"


def test_wire_prefix_alone_is_kept() -> None:
    assert fold_title("UPDATE:") == "update"
    assert fold_title("Update on the merger talks") == "update on the merger talks"


def test_source_suffix_is_stripped_only_for_known_sources() -> None:
    sources = frozenset({"reuters", "the verge"})
    assert fold_title("Apple sues Samsung - Reuters", sources) == "apple sues samsung"
    assert fold_title("Apple sues Samsung | The Verge", sources) == "apple sues samsung"
    assert fold_title("Community call - March", sources) == "community call march"


def test_content_tokens_skip_stopwords() -> None:
    assert content_tokens(fold("How the state is using drones")) == ["state", "using", "drones"]


def test_markers_by_class() -> None:
    found = markers(fold_title("UPDATE 2-Apple sells 1,200 iPhones in Q3 2021, its first v2 is now GA"))
    assert found == {
        "number": frozenset({"1200"}),
        "quarter": frozenset({"q3"}),
        "year": frozenset({"2021"}),
        "ordinal": frozenset({"1"}),
        "version": frozenset({"2"}),
        "stage": frozenset({"ga"}),
    }


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Community call: March", "month", "03"),
        ("Published May 5", "month", "05"),
        ("Second public hearing", "ordinal", "2"),
        ("3rd round", "ordinal", "3"),
        ("Two killed", "number", "2"),
        ("Part II", "number", "2"),
        ("Monday briefing", "weekday", "mon"),
        ("Fall 2021 lineup", "season", "autumn"),
        ("Now in public preview", "stage", "preview"),
        ("Now generally available", "stage", "ga"),
        ("Private preview opens", "stage", "private-preview"),
        ("2019 release wave 2", "year", "2019"),
    ],
)
def test_marker_words(text: str, kind: str, value: str) -> None:
    assert value in markers(fold(text)).get(kind, frozenset())


@pytest.mark.parametrize("text", ["You may want this", "Stocks fall 3%", "Leaves fall early"])
def test_ambiguous_words_need_a_number(text: str) -> None:
    found = markers(fold(text))
    assert "month" not in found and "season" not in found


def test_private_preview_is_not_also_public() -> None:
    assert markers(fold("X in private preview"))["stage"] == frozenset({"private-preview"})


def test_compare_markers() -> None:
    diff = compare_markers(markers(fold("2019 release wave 2 overview")), markers(fold("2020 release wave 1 overview")))
    assert diff.clash == ("number 2≠1", "year 2019≠2020")
    diff = compare_markers(markers(fold("Public preview: X")), markers(fold("General availability: X")))
    assert diff.clash == ("stage preview≠ga",)
    diff = compare_markers(markers(fold("Sells 3 units")), markers(fold("Sells 3 and 4 units")))
    assert diff.subset and not diff.clash
    diff = compare_markers(markers(fold("Release in 2021")), markers(fold("Release")))
    assert diff.one_sided == ("year",) and not diff.clash
    assert compare_markers(markers(fold("same 2021")), markers(fold("Same 2021"))) == compare_markers({}, {})


@pytest.mark.parametrize(
    "text",
    [
        "Now in public preview",
        "beta 2",
        "alpha",
        "X is GA today",
        "GA: X",
        "rc1 is out",
        "RC2",
        "Release candidate",
        "retired",
        "Retirement of X",
        "deprecation notice",
        "end of life",
        "generally available",
        "availability",
        "gathering storms",
        "arc welding",
        "a source of truth",
        "orca sightings",
        "nothing of the sort",
    ],
)
def test_the_quick_stage_test_never_misses_a_stage(text: str) -> None:
    from tui.core.format.textnorm import _STAGE_SCAN, _may_have_stage

    folded = fold(text)
    assert _may_have_stage(folded) or not _STAGE_SCAN.search(folded)


def test_markers_of_texts_without_digits_or_marker_words_are_empty() -> None:
    assert markers(fold("Police reform bill advances in the state senate")) == {}
    assert markers(fold("Police reform bill advances in the state senate on Monday")) == {"weekday": frozenset({"mon"})}
