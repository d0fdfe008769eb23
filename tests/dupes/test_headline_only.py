"""Issue 17 rebuilt as a folder of its own: a press release rerun five times by four
outlets over three days (one copy quoting the CEO instead of the opening paragraph,
two prefixed RE-TRANSMISSION:), among monthly community calls and demo days that
share most of their headline words, and unrelated news around them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.stories import Spec, story, write
from tests.storygen.text import make_text
from tui.core.dupes.finder import DuplicateFinder
from tui.core.dupes.index import DedupeIndex
from tui.core.dupes.keep import choose, dressing
from tui.core.store.store import Store

HEADLINE = "Provance Releases ServiceTeam, a New IT Service Management Suite for Microsoft Dynamics 365"
OPENING = (
    "Provance Technologies today announced the release of ServiceTeam, an IT service management suite "
    "built natively on Microsoft Dynamics 365 that brings incident, change and asset management into one "
    "workspace for service desks of every size."
)
CEO = (
    "“Service desks told us they wanted one place to work, and ServiceTeam is that place,” said Mike "
    "Sullivan, chief executive of Provance, adding that early customers cut ticket handling times by a third."
)
DJ = {"provider": "Digital Journal", "domain": "digitaljournal.com"}
EIN = {"provider": "EIN Presswire", "domain": "einpresswire.com"}
BENZ = {"provider": "Benzinga", "domain": "benzinga.com"}
YAHOO = {"provider": "Yahoo Finance", "domain": "finance.yahoo.com"}
MS = {"provider": "Microsoft Tech Community", "domain": "techcommunity.microsoft.com"}

RELEASE = {
    # 10 May: the first copy quotes the CEO; 12 May, the same outlet, the same headline word
    # for word, opens with the first paragraph.
    "pr1.md": Spec(HEADLINE, CEO, hours=0, published="false", **DJ),
    "pr2.md": Spec("RE-TRANSMISSION: " + HEADLINE, OPENING, hours=5, published="false", **EIN),
    "pr3.md": Spec("RE-TRANSMISSION: " + HEADLINE.replace(",", ""), OPENING, hours=26, published="false", **BENZ),
    "pr4.md": Spec(HEADLINE, OPENING[:160] + "…", hours=31, published="false", **YAHOO),
    "pr5.md": Spec(HEADLINE, OPENING, hours=50, published="false", **DJ),
}
CALL = "Join the Dynamics 365 team for the monthly community call: {agenda}."
SERIES = {
    "call1.md": Spec(
        "Dynamics 365 Customer Service monthly community call – May 2024",
        CALL.format(agenda="a Copilot demo and questions from partners"),
        hours=-30,
        **MS,
    ),
    "call2.md": Spec(
        "Dynamics 365 Customer Service monthly community call – June 2024",
        CALL.format(agenda="the new routing rules and an MVP showcase"),
        hours=24 * 30,
        **MS,
    ),
    "call3.md": Spec(
        "Microsoft 365 & Power Platform community call",
        "This week: the SharePoint roadmap and a Teams app built by the community.",
        hours=2,
        **MS,
    ),
    "call4.md": Spec(
        "Microsoft 365 & Power Platform community call",
        "On the agenda: Viva Connections updates and a Power Automate flow for approvals.",
        hours=50,
        **MS,
    ),
    "demo1.md": Spec(
        "Dynamics 365 Field Service Demo Day – May 14",
        "See scheduling, inventory and the mobile app in a live demo with the product team.",
        hours=10,
        **MS,
    ),
    "demo2.md": Spec(
        "Dynamics 365 Field Service Demo Day – May 21",
        "A live demo of remote assistance and work orders, with time for your questions.",
        hours=40,
        **MS,
    ),
    "demo3.md": Spec(
        "Power Platform Demo Day: Copilot Studio",
        "Build a copilot in an hour with the Copilot Studio team, live.",
        hours=20,
        **MS,
    ),
    "demo4.md": Spec(
        "Power Platform Demo Day: Power Automate",
        "Automate an approval flow end to end with the Power Automate team, live.",
        hours=45,
        **MS,
    ),
    "brief1.md": Spec("Morning briefing", "Chip plants, a privacy law and a satellite launch.", hours=8, **YAHOO),
    "brief2.md": Spec("Morning Briefing", "Layoffs at two startups and a new cloud region.", hours=33, **BENZ),
}


def _news(count: int) -> dict[str, Spec]:
    rng = random.Random(17)
    out = {}
    for k in range(count):
        title, excerpt, _ = make_text(rng)
        out[f"news{k:03d}.md"] = Spec(title[:1].upper() + title[1:], excerpt, hours=rng.uniform(-200, 200))
    return out


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    write(root, {**RELEASE, **SERIES, **_news(120)})
    return root


_OPEN: list[DuplicateFinder] = []


@pytest.fixture(autouse=True)
def _close_finders() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


def _index(root: Path) -> tuple[Store, DedupeIndex]:
    store = Store(str(root))
    store.load()
    index = DedupeIndex()
    index.build(store.stories.values())
    return store, index


def test_the_five_copies_are_one_suggestion_and_no_series_title_is_paired(folder: Path) -> None:
    _, index = _index(folder)
    clusters = index.clusters()
    assert sorted(RELEASE) in clusters
    paired = {sid for c in clusters for sid in c}
    assert paired.isdisjoint(SERIES), [c for c in clusters if not set(c).isdisjoint(SERIES)]
    assert clusters == [sorted(RELEASE)]


def test_the_ceo_quote_copy_is_found_by_its_headline_and_the_why_says_so(folder: Path) -> None:
    _, index = _index(folder)
    pair = index.pairs[("pr1.md", "pr5.md")]
    assert pair.score >= index.config.threshold
    assert pair.rare and "provance" in pair.rare and "serviceteam" in pair.rare
    assert pair.why.startswith("headline 100, excerpts differ, 2.1 days apart, rare words: ")
    assert "provance" in pair.why and "serviceteam" in pair.why


def test_the_kept_copy_has_no_prefix_and_says_why(folder: Path) -> None:
    store, _ = _index(folder)
    kept = choose([store.stories[sid] for sid in sorted(RELEASE)])
    assert kept.id == "pr1.md" and not dressing(store.stories[kept.id].title)
    assert kept.reason == "earliest (the original outlet)"
    # Without the clean 10 May copy, the earliest is a RE-TRANSMISSION: the clean 11 May one is kept.
    later = choose([store.stories[sid] for sid in ("pr2.md", "pr3.md", "pr4.md", "pr5.md")])
    assert later.id == "pr4.md" and later.reason == "headline without RE-TRANSMISSION:"


@pytest.mark.parametrize(
    ("title", "dressed"),
    [
        ("RE-TRANSMISSION: Provance Releases ServiceTeam", "RE-TRANSMISSION:"),
        ("UPDATE 2-Fed holds rates", "UPDATE 2-"),
        ("CORRECTED: Fed holds rates", "CORRECTED:"),
        ("[VIDEO] Fed holds rates", "[VIDEO]"),
        ("Provance Releases ServiceTeam (Press Release)", "(Press Release)"),
        ("Fed holds rates - Reuters", "- Reuters"),
        ("Update on the Fed's rate path", ""),
        ("Fed holds rates", ""),
    ],
)
def test_wire_dressing(title: str, dressed: str) -> None:
    assert dressing(title) == dressed


def test_already_published_comes_first() -> None:
    shown = story(Spec("RE-TRANSMISSION: " + HEADLINE, OPENING, hours=5, published="true"), "shown.md")
    hidden = story(Spec(HEADLINE, OPENING, hours=0, published="false"), "hidden.md")
    kept = choose([hidden, shown])
    assert kept.id == "shown.md" and kept.reason == "already published"


def test_an_update_finds_a_headline_only_copy_too(folder: Path) -> None:
    _, index = _index(folder)
    rerun = story(
        Spec(
            HEADLINE,
            "Analysts called the ServiceTeam suite a bold move for Provance and its partners.",
            hours=60,
            **BENZ,
        ),
        "pr6.md",
    )
    index.update([rerun])
    assert ("pr5.md", "pr6.md") in index.pairs and index.pairs[("pr5.md", "pr6.md")].rare
    assert sorted([*RELEASE, "pr6.md"]) in index.clusters()


def test_the_finder_suggests_one_cluster_and_keeps_the_clean_original(folder: Path) -> None:
    store = Store(str(folder))
    store.load()
    finder = DuplicateFinder(store, subscribe=False, cache=False)
    _OPEN.append(finder)
    finder.run()
    clusters = finder.clusters()
    assert [set(c.ids) for c in clusters] == [set(RELEASE)]
    cluster = clusters[0]
    assert cluster.canonical == "pr1.md" and not dressing(store.stories[cluster.canonical].title)
    assert cluster.kept_reason == "earliest (the original outlet)"
    assert any(p.rare for p in cluster.pairs)  # the CEO-quote copy came in by its headline


@pytest.mark.parametrize(
    ("title", "dressed"),
    [
        ("AP — Fed holds rates steady as inflation cools", "AP —"),
        ("Reuters: Fed holds rates steady", "Reuters:"),
        ("Fed holds rates steady as inflation cools (Reuters)", "(Reuters)"),
        ("(AP) Fed holds rates steady", "(AP)"),
        ("WASHINGTON (Reuters) - Fed holds rates steady", "WASHINGTON (Reuters) -"),
        ("Fed holds rates steady | AP News", "| AP News"),
        # Not a credit: an agency's name inside the headline, an acronym in brackets mid-title.
        ("AP exams move online as schools close", ""),
        ("Reuters names new editor-in-chief", ""),
        ("Students sit Advanced Placement (AP) exams at home", ""),
    ],
)
def test_wire_credits_are_dressing(title: str, dressed: str) -> None:
    assert dressing(title) == dressed


FED = "Fed holds rates steady as inflation cools"
FED_TEXT = "The Federal Reserve left its benchmark rate unchanged on Wednesday, pointing to cooling prices."


def test_several_published_copies_keep_the_clean_headline() -> None:
    """Three outlets ran the wire story and all three are live: the clean headline
    stays, not the earliest copy's 'AP —' or the '(Reuters)' credit."""
    copies = [
        story(Spec("AP — " + FED, FED_TEXT, hours=0, published="true", **YAHOO), "ap.md"),
        story(Spec(FED + " (Reuters)", FED_TEXT, hours=1, published="true", **BENZ), "reuters.md"),
        story(Spec(FED, FED_TEXT, hours=3, published="true", **DJ), "clean.md"),
    ]
    kept = choose(copies)
    assert kept.id == "clean.md" and kept.reason == "headline without AP —"


def test_among_the_published_copies_the_clean_headline_stays() -> None:
    """Some copies live, some not: a live copy stays (keeping an unpublished one would
    take the story off the site), and among the live ones the clean headline."""
    copies = [
        story(Spec("AP — " + FED, FED_TEXT, hours=0, published="true", **YAHOO), "ap.md"),
        story(Spec(FED, FED_TEXT, hours=3, published="true", **DJ), "clean.md"),
        story(Spec(FED + " (Reuters)", FED_TEXT, hours=1, published="false", **BENZ), "reuters.md"),
    ]
    kept = choose(copies)
    assert kept.id == "clean.md" and kept.reason == "already published, headline without AP —"


@pytest.mark.parametrize(
    "title",
    [
        "AP-NORC poll: Most Americans back limits on facial recognition",
        "AFP-backed fact check finds the video was edited",
        "Xinhua-run outlet says talks will resume",
        "Kyodo-Nikkei survey shows support slipping",
        "UPI-Almanac for Monday, Dec. 7, 2026",
    ],
)
def test_an_agency_name_in_a_hyphenated_word_is_not_dressing(title: str) -> None:
    """An agency's name joined to the next word by a hyphen ('AP-NORC poll', the AP's
    own polls) is part of the headline, not a credit: 'AP-' read as 'AP -' made such a
    copy lose to any other and the reason name 'AP-' as its dressing."""
    assert dressing(title) == ""


def test_a_poll_headline_is_kept_as_the_original() -> None:
    poll = "AP-NORC poll: Most Americans back limits on facial recognition"
    text = "Most Americans want limits on police use of facial recognition, a new AP-NORC poll finds."
    copies = [
        story(Spec(poll, text, hours=0, published="false", **YAHOO), "poll.md"),
        story(Spec(poll.split(": ", 1)[1], text, hours=2, published="false", **BENZ), "later.md"),
    ]
    kept = choose(copies)  # both headlines are clean: the original outlet's copy stays
    assert kept.id == "poll.md" and kept.reason == "earliest (the original outlet)", kept
