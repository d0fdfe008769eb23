"""The engine: one test per signal and per guard, blocking at scale, incremental updates."""

from __future__ import annotations

import random

import pytest

from tests.helpers.stories import LEDE, ORIGINAL, Spec, copy, story
from tests.storygen.text import make_text
from tui.core.dupes.index import DedupeIndex
from tui.core.dupes.scoring import DedupeConfig, PairScore

WIDE = DedupeConfig(keep_below=80)  # keep capped pairs too, to read their guards
DEFAULT = DedupeConfig()


def pair(a: Spec, b: Spec, config: DedupeConfig = WIDE) -> PairScore | None:
    index = DedupeIndex(config)
    index.build([story(a, "a.md"), story(b, "b.md")])
    return index.pairs.get(("a.md", "b.md"))


def suggested(a: Spec, b: Spec, config: DedupeConfig = DEFAULT) -> bool:
    found = pair(a, b, config)
    return found is not None and found.score >= config.threshold


OTHER = {"provider": "Yahoo News", "domain": "news.yahoo.com"}


# -- signals ---------------------------------------------------------------------------
def test_signal_canonical_url_even_with_other_words_and_dates() -> None:
    a = copy(ORIGINAL, url="https://www.thecrimereport.org/2021/05/07/curbs/")
    b = Spec(
        "A totally different headline",
        "Nothing alike here at all, not one word of it.",
        hours=24 * 40,
        url="http://thecrimereport.org/2021/05/07/curbs/amp?utm_source=rss&fbclid=x",
        **OTHER,
    )
    found = pair(a, b)
    assert found is not None and found.url and found.score >= 96
    assert found.why.startswith("same URL")


def test_signal_title_similarity_survives_typos_case_and_prefixes() -> None:
    b = copy(
        ORIGINAL,
        title="RE-TRANSMISSION: massachusetts OKs curbs on polcie use of facial recognition™",
        hours=5,
        excerpt="",
        **OTHER,
    )
    found = pair(ORIGINAL, b)
    assert found is not None and found.title >= 95 and found.excerpt is None
    assert suggested(ORIGINAL, b)


def test_signal_excerpt_finds_a_new_headline_over_the_same_lede() -> None:
    b = copy(ORIGINAL, title="Bay State lawmakers rein in face scans by officers", hours=3, **OTHER)
    found = pair(ORIGINAL, b)
    assert found is not None and found.excerpt == 100 and found.title < 70
    assert suggested(ORIGINAL, b)


def test_signal_excerpt_cut_or_datelined() -> None:
    cut = copy(ORIGINAL, excerpt=LEDE[:90].rsplit(" ", 1)[0] + "…", hours=2, **OTHER)
    dated = copy(ORIGINAL, excerpt="BOSTON (AP) — " + LEDE, hours=2, **OTHER)
    assert suggested(ORIGINAL, cut) and suggested(ORIGINAL, dated)


def test_signal_time_gap_lowers_the_score_and_is_explained() -> None:
    near = pair(ORIGINAL, copy(ORIGINAL, hours=1, **OTHER))
    far = pair(ORIGINAL, copy(ORIGINAL, hours=60, **OTHER))
    assert near is not None and far is not None
    assert near.score > far.score and "1 h apart" in near.why and "2.5 days apart" in far.why


# -- guards ----------------------------------------------------------------------------
def test_guard_time_window() -> None:
    late = copy(ORIGINAL, hours=24 * 5, **OTHER)
    assert pair(ORIGINAL, late) is None
    assert suggested(ORIGINAL, late, DedupeConfig(window_days=7))


def _recurring(a: str, b: str, lede_a: str, lede_b: str) -> PairScore | None:
    return pair(
        Spec(a, lede_a, provider="Blog", domain="blog.example.com"),
        Spec(b, lede_b, hours=20, provider="Other Blog", domain="other.example.com"),
    )


@pytest.mark.parametrize(
    ("a", "b", "guard"),
    [
        ("Dynamics 365 2019 release wave 2 overview", "Dynamics 365 2020 release wave 1 overview", "year 2019≠2020"),
        ("Azure community call: March 2021", "Azure community call: April 2021", "month 03≠04"),
        ("Boston holds first public hearing on drones", "Boston holds second public hearing on drones", "ordinal 1≠2"),
        (
            "Contoso DB geo-replication now in public preview",
            "Contoso DB geo-replication now generally available",
            "stage preview≠ga",
        ),
        ("Ohio reports 1,242 new cases, 20 deaths", "Ohio reports 1,732 new cases, 29 deaths", "number"),
        ("Google I/O 2018 day 1 recap", "Google I/O 2018 day 2 recap", "number 1≠2"),
    ],
)
def test_guard_differing_numbers_dates_ordinals_stages(a: str, b: str, guard: str) -> None:
    lede = "The team shares what shipped, what is next and answers questions from the community live."
    found = _recurring(a, b, lede, lede)
    assert found is not None and found.score < DedupeConfig().threshold
    assert any(guard in g for g in found.guards), found.guards


def test_guard_numbers_in_the_excerpt() -> None:
    found = _recurring(
        "Patch Tuesday fixes",
        "Patch Tuesday fixes",
        "Microsoft's March 2021 update addresses 89 vulnerabilities, including 14 rated critical.",
        "Microsoft's April 2021 update addresses 114 vulnerabilities, including 19 rated critical.",
    )
    assert found is not None and found.score < 80 and any(g.startswith("excerpt") for g in found.guards)


def test_guard_same_template_other_product() -> None:
    found = _recurring(
        "Announcing general availability of Azure Monitor",
        "Announcing general availability of Azure Sentinel",
        "Azure Monitor is now generally available in all regions, bringing built-in monitoring.",
        "Azure Sentinel is now generally available in all regions, bringing built-in monitoring.",
    )
    assert found is not None and found.score < 80
    assert any(g.startswith("different subject: monitor vs sentinel") for g in found.guards)


def test_guard_short_or_generic_title_needs_the_excerpt() -> None:
    a = Spec("Weekly roundup", "Chip plants, robotaxis and a new privacy law in Ohio: the week in tech.")
    b = Spec(
        "Weekly roundup", "Layoffs at two startups and a satellite launch: what mattered this week.", hours=4, **OTHER
    )
    found = pair(a, b)
    assert found is not None and found.score < 80 and "short or generic title" in found.guards[-1]
    assert suggested(a, copy(b, excerpt=a.excerpt))


def test_guard_same_provider_needs_stronger_evidence() -> None:
    b = copy(ORIGINAL, title="Massachusetts curbs police use of facial recognition", hours=6)
    same = pair(ORIGINAL, b)
    other = pair(ORIGINAL, copy(b, **OTHER))
    assert same is not None and other is not None
    assert other.score - same.score == 10 and "same provider (-10)" in same.guards


def test_different_outlets_on_one_event_are_not_copies() -> None:
    """Like the seeds: one news event, two outlets' own stories, hours apart."""
    wbur = Spec(
        "Massachusetts Pioneers Rules For Police Use Of Facial Recognition Tech",
        "Massachusetts is implementing its first state-wide rules for police using controversial facial "
        "recognition systems. But not all privacy advocates agree that regulation is the right step.",
        hours=-4,
        provider="WBUR",
        domain="wbur.org",
    )
    assert not suggested(ORIGINAL, wbur)


# -- blocking, incremental ---------------------------------------------------------------
def _corpus(n: int, seed: int = 3) -> list:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        title, excerpt, _ = make_text(rng)
        out.append(
            story(
                Spec(
                    title,
                    excerpt,
                    hours=rng.uniform(0, 24 * 365),
                    provider=f"P{i % 40}",
                    domain=f"p{i % 40}.example.com",
                ),
                f"{i:05d}.md",
            )
        )
    return out


def test_blocking_is_near_linear() -> None:
    stories = _corpus(1500)
    index = DedupeIndex()
    stats = index.build(stories)
    assert stats.stories == 1500
    assert stats.candidates < 3 * len(stories)  # an N x N pass would compare 1.1 million pairs


def test_incremental_update_matches_a_full_build() -> None:
    stories = _corpus(300)
    base = stories[10]
    twin = story(copy(Spec(base.title, base.excerpt), hours=0, provider="Wire", domain="wire.example.com"), "twin.md")
    twin = twin.__class__(**{**{f: getattr(twin, f) for f in twin.__slots__}, "published_at": base.published_at})
    index = DedupeIndex()
    index.build(stories)
    assert "twin.md" not in index.partners
    touched = index.update([twin])
    assert {"twin.md", base.id} <= touched
    full = DedupeIndex()
    full.build([*stories, twin])
    assert index.pairs == full.pairs and ("00010.md", "twin.md") in index.pairs
    assert index.remove("twin.md") == {base.id}
    assert "twin.md" not in index and all("twin.md" not in k for k in index.pairs)


def test_build_is_deterministic() -> None:
    stories = _corpus(400, seed=9)
    first, second = DedupeIndex(), DedupeIndex()
    first.build(stories)
    second.build(list(reversed(stories)))
    assert first.pairs == second.pairs and first.clusters() == second.clusters()


def test_a_full_pass_leaves_no_backlog_for_the_garbage_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pass runs with collections paused; what it built is moved out of their sight
    before they resume, so the first ones after it do not walk the whole index (at
    100,000 stories three such collections stopped every thread for 0.6 s)."""
    import gc

    import tui.core.dupes.index as dedupe

    monkeypatch.setattr(dedupe, "FREEZE_ABOVE", 400)  # as big as a folder that gets frozen
    stories = _corpus(400)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    DedupeIndex().build(stories)
    assert gc.isenabled()
    assert gc.get_count()[0] < gc.get_threshold()[0]  # the young generation is not the index
    assert gc.get_freeze_count() > frozen
