"""Recurring series: posts that share most of their headline words and are different news.

The traps a headline-only rule must resist (issue 17): weekly and monthly community
calls (often the very same title every time), "This week in …" digests, numbered
waves, releases, dated events, demo days, short generic headlines several outlets use
on the same day ("Morning briefing"), and a columnist's headline reused weeks later.
Each post has its own excerpt, as a real series does. Many groups fall inside the
duplicate window, so the time guard alone cannot dismiss them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tests.storygen.text import make_text, story_url, styled
from tests.storygen.words import COMPANIES, MONTHS, PLACES, PRODUCTS, PROVIDERS, THINGS, TOPICS

_AGENDA = (
    "a demo of the new connectors",
    "questions from the community",
    "the roadmap for the next quarter",
    "a customer story from {place}",
    "tips for governance at scale",
    "what shipped in the last sprint",
    "a deep dive into licensing",
    "an MVP showcase",
    "the latest accessibility fixes",
)
_ACCELERATORS = ("Y Combinator", "Techstars", "500 Global", "Plug and Play", "MassChallenge", "Alchemist")
_DIGESTS = ("AI", "security", "climate tech", "open source", "fintech", "robotics", "the cloud", "gaming")
_GENERIC = (
    "Morning briefing",
    "Weekly roundup",
    "Market update",
    "Top stories today",
    "Letters to the editor",
    "The week ahead",
    "News in brief",
    "Evening digest",
    "Community call recap",
    "Release notes",
)
_PROGRAMS = ("small business grants", "broadband subsidies", "housing vouchers", "clean energy rebates")

Texts = list[tuple[str, str]]
Gaps = list[float]


def _agenda(rng: random.Random) -> str:
    items = [a.format(place=rng.choice(PLACES)) for a in rng.sample(_AGENDA, 2)]
    return f"This time: {items[0]} and {items[1]}."


def _community_call(rng: random.Random) -> tuple[Texts, Gaps]:
    """The same title every week or month (or with its date), each call its own agenda."""
    product = rng.choice(PRODUCTS)
    weekly = rng.random() < 0.5
    month, day, year = rng.randrange(12), rng.randint(1, 20), rng.randint(2019, 2024)
    dated = rng.random() < 0.5
    out, gaps = [], []
    for k in range(rng.choice((2, 3, 4))):
        when = f" – {MONTHS[(month + k) % 12]} {year}" if not weekly else f" – {MONTHS[month]} {day + 7 * k}"
        title = (
            f"{product} {'monthly ' if not weekly and rng.random() < 0.5 else ''}community call{when if dated else ''}"
        )
        excerpt = f"Join the {product} team for the {'weekly' if weekly else 'monthly'} community call. {_agenda(rng)}"
        out.append((title, excerpt))
        gaps.append(k * (7.0 if weekly else 30.0) + rng.uniform(-0.3, 0.3))
    return out, gaps


def _this_week_in(rng: random.Random) -> tuple[Texts, Gaps]:
    topic = rng.choice(_DIGESTS)
    numbered = rng.random() < 0.5
    start = rng.randint(10, 200)
    out = []
    for k in range(rng.choice((2, 3))):
        title = f"This week in {topic}" + (f" #{start + k}" if numbered else "")
        company, thing = rng.choice(COMPANIES), rng.choice(THINGS)
        out.append(
            (
                title,
                f"{company} bets on {thing}, a new {rng.choice(_DIGESTS)} report, and more from the week in {topic}.",
            )
        )
    return out, [7.0 * k for k in range(len(out))]


def _numbered_wave(rng: random.Random) -> tuple[Texts, Gaps]:
    place, program = rng.choice(PLACES), rng.choice(_PROGRAMS)
    first = rng.randint(1, 4)
    out = []
    for k in range(first, first + rng.choice((2, 3))):
        out.append(
            (
                f"{place} announces wave {k} of {program}",
                f"The state opened round {k} of its {program} program with ${rng.randint(5, 90)} million "
                f"for {rng.randint(100, 900)} applicants.",
            )
        )
    return out, [rng.uniform(0.5, 2.5) * k for k in range(len(out))]


def _release(rng: random.Random) -> tuple[Texts, Gaps]:
    product, major, minor = rng.choice(PRODUCTS), rng.randint(1, 9), rng.randint(0, 9)
    out = []
    for k in range(rng.choice((2, 3))):
        out.append(
            (
                f"{product} {major}.{minor}.{k} released with bug fixes",
                f"Version {major}.{minor}.{k} of {product} fixes {rng.randint(3, 40)} issues "
                "reported since the last release.",
            )
        )
    return out, [rng.uniform(0.5, 2.0) * k for k in range(len(out))]


def _dated_event(rng: random.Random) -> tuple[Texts, Gaps]:
    company, year, month = rng.choice(COMPANIES), rng.randint(2019, 2024), rng.randrange(12)
    out = []
    for k in range(rng.choice((2, 3))):
        day = 3 + 7 * k
        out.append(
            (
                f"{company} developer livestream on {MONTHS[month]} {day}, {year}: what to expect",
                f"The {MONTHS[month]} {day} livestream covers {rng.choice(THINGS)} and {rng.choice(THINGS)}.",
            )
        )
    return out, [7.0 * k + rng.uniform(-0.2, 0.2) for k in range(len(out))]


def _demo_day(rng: random.Random) -> tuple[Texts, Gaps]:
    """Demo days of one accelerator: the same headline words, another batch or day."""
    accel, year = rng.choice(_ACCELERATORS), rng.randint(2019, 2024)
    if rng.random() < 0.5:  # day 1 and day 2 of one demo day, inside the window
        out = [
            (
                f"{accel} Demo Day {year}: day {k} startups to watch",
                f"Day {k} of {accel}'s demo day featured {rng.randint(40, 120)} startups, "
                f"many working on {rng.choice(THINGS)}.",
            )
            for k in (1, 2)
        ]
        return out, [0.0, 1.0]
    seasons = rng.sample(("Winter", "Spring", "Summer", "Fall"), 2)
    out = [
        (
            f"{accel} {season} {year} Demo Day: the startups to watch",
            f"The {season.lower()} batch pitched investors on {rng.choice(THINGS)} and {rng.choice(THINGS)}.",
        )
        for season in seasons
    ]
    return out, [0.0, rng.uniform(60, 120)]


def _short_generic(rng: random.Random) -> tuple[Texts, Gaps]:
    """Several outlets use one short generic headline within a day or two."""
    title = rng.choice(_GENERIC)
    out = []
    for _ in range(rng.choice((2, 3))):
        company, thing = rng.choice(COMPANIES), rng.choice(THINGS)
        out.append(
            (title, f"{company} and {thing} lead today's news; also {rng.choice(PLACES)} weighs {rng.choice(THINGS)}.")
        )
    return out, sorted(rng.uniform(0, 2.5) for _ in out)


def _weeks_apart(rng: random.Random) -> tuple[Texts, Gaps]:
    """A specific headline used again weeks later over a new story (a column, a follow-up)."""
    title, excerpt, _ = make_text(rng)
    other = make_text(rng)[1]
    return [(title, excerpt), (title, other)], [0.0, rng.uniform(10, 60)]


_KINDS: tuple[tuple[str, Callable[[random.Random], tuple[Texts, Gaps]], int], ...] = (
    ("community-call", _community_call, 25),
    ("this-week-in", _this_week_in, 12),
    ("numbered-wave", _numbered_wave, 10),
    ("release", _release, 12),
    ("dated-event", _dated_event, 8),
    ("demo-day", _demo_day, 12),
    ("short-generic", _short_generic, 14),
    ("weeks-apart", _weeks_apart, 7),
)


def make_series(rng: random.Random, start: datetime, span_days: int, spec_type: Callable[..., Any]) -> list[Any]:
    kind, make, _ = rng.choices(_KINDS, weights=[w for *_, w in _KINDS])[0]
    texts, gaps = make(rng)
    first = start + timedelta(minutes=rng.randrange((span_days - 200) * 24 * 60))
    same_provider = kind not in ("short-generic",) and rng.random() < 0.8
    provider = rng.choice(PROVIDERS)
    topics = tuple(rng.sample(TOPICS, 2))
    out = []
    for (title, excerpt), gap in zip(texts, gaps, strict=True):
        if not same_provider:
            provider = rng.choice(PROVIDERS)
        when = first + timedelta(days=gap, minutes=rng.randrange(-60, 60))
        title = styled(title, provider[1])
        url = story_url(rng, provider[1], f"{title} {when:%Y %m %d %H%M}", when)  # each post its own page
        spec = spec_type(title, excerpt, when, provider, url, topics)
        spec.how = (f"series:{kind}",)
        out.append(spec)
    return out
