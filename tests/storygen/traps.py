"""Look-alike traps: recurring posts that share a template but are different news.

Editors complain about exactly these false alarms: monthly community calls, release
waves of different years, preview vs general availability of one feature, the same
announcement template for another product, daily figures, numbered hearings and
conference days. Half of the groups are posted within the duplicate window, so the
time guard alone cannot dismiss them; the words that differ are what matters.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tests.storygen.text import make_text, make_topic, story_url, styled
from tests.storygen.words import (
    COMPANIES,
    EVENTS,
    LANGUAGES,
    MONTHS,
    ORDINALS,
    PLACES,
    PRODUCTS,
    PROVIDERS,
    THINGS,
    TOPICS,
)

_FEATURES = (
    "private endpoints",
    "autoscale",
    "geo-replication",
    "customer-managed keys",
    "availability zones",
    "a serverless tier",
    "vector search",
    "managed identity",
    "cross-region restore",
    "audit logs",
)
_BENEFITS = (
    "enterprise-grade security",
    "faster queries at lower cost",
    "built-in monitoring",
    "zone redundancy and a financially backed SLA",
    "simpler scaling for production workloads",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _gaps(rng: random.Random, count: int, near: tuple[float, float], far: tuple[float, float]) -> list[float]:
    """Days after the first post: within the duplicate window half of the time."""
    lo, hi = near if rng.random() < 0.5 else far
    out, at = [0.0], 0.0
    for _ in range(count - 1):
        at += rng.uniform(lo, hi)
        out.append(at)
    return out


def _recurring_month(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    year, month = rng.randint(2018, 2023), rng.randrange(11)
    count = rng.choice((2, 2, 3))
    product, org = rng.choice(PRODUCTS), rng.choice(COMPANIES)
    shape = rng.randrange(4)
    out = []
    for k in range(count):
        m = MONTHS[(month + k) % 12]
        y = year + (month + k) // 12
        if shape == 0:
            out.append(
                (
                    f"{org} community call: {m} {y}",
                    f"Join the {org} team for the {m} community call. Engineers demo what shipped and answer questions from the community.",
                )
            )
        elif shape == 1:
            out.append(
                (
                    f"What's new in {product}: {m} {y}",
                    f"Here is everything new in {product} this month, from {rng.choice(_FEATURES)} to smaller fixes you asked for.",
                )
            )
        elif shape == 2:
            n = rng.randint(40, 130)
            out.append(
                (
                    f"{m} {y} Patch Tuesday fixes {n} vulnerabilities",
                    f"Microsoft's {m} {y} Patch Tuesday addresses {n} vulnerabilities, including {rng.randint(2, 12)} rated critical.",
                )
            )
        else:
            out.append(
                (
                    f"{product} {m} {y} update",
                    f"The {m} {y} update for {product} is rolling out now with new features and performance improvements.",
                )
            )
    return out, (0.5, 2.5), (25, 35)


def _release_wave(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    product = rng.choice(PRODUCTS)
    year = rng.randint(2019, 2023)
    waves = rng.choice((((year, 2), (year + 1, 1)), ((year, 1), (year, 2)), ((year, 1), (year + 1, 1))))
    out = []
    for y, k in waves:
        first, last = ("April", "September") if k == 1 else ("October", "March")
        out.append(
            (
                f"{product} {y} release wave {k} overview",
                f"The {y} release wave {k} plan for {product} describes the features scheduled to ship between {first} and {last}.",
            )
        )
    return out, (0.0, 2.0), (60, 180)


def _preview_ga(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    product, feature = rng.choice(PRODUCTS), rng.choice(_FEATURES)
    if rng.random() < 0.5:
        titles = (f"Public preview: {feature} for {product}", f"General availability: {feature} for {product}")
    else:
        titles = (f"{product} {feature} now in public preview", f"{product} {feature} now generally available")
    return (
        [
            (
                titles[0],
                f"{feature[:1].upper()}{feature[1:]} for {product} is now available in public preview. Try it today and share feedback before general availability.",
            ),
            (
                titles[1],
                f"{feature[:1].upper()}{feature[1:]} for {product} is now generally available in all regions, with support for production workloads.",
            ),
        ],
        (0.2, 2.5),
        (30, 120),
    )


def _product_template(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    shape = rng.randrange(3)
    count = rng.choice((2, 2, 3))
    benefit = rng.choice(_BENEFITS)
    out = []
    if shape == 0:
        for product in rng.sample(PRODUCTS, count):
            out.append(
                (
                    f"Announcing general availability of {product}",
                    f"{product} is now generally available in all regions, bringing {benefit} to your applications.",
                )
            )
    elif shape == 1:
        product = rng.choice(PRODUCTS)
        for lang in rng.sample(LANGUAGES, count):
            out.append(
                (
                    f"{product} now supports {lang}",
                    f"You can now build and run {lang} applications on {product}, with {benefit}.",
                )
            )
    else:
        company = rng.choice(COMPANIES)
        for place in rng.sample(PLACES, count):
            out.append(
                (
                    f"{company} opens new cloud region in {place}",
                    f"{company} has opened a new cloud region in {place}, offering customers {benefit} closer to home.",
                )
            )
    return out, (0.0, 1.5), (0.0, 1.5)


def _daily_numbers(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    place = rng.choice(PLACES)
    total = rng.randint(5000, 90000)
    out = []
    for k in range(rng.choice((2, 3))):
        n, m = rng.randint(100, 4000), rng.randint(2, 60)
        total += n
        out.append(
            (
                f"{place} reports {n:,} new COVID-19 cases, {m} deaths",
                f"Health officials in {place} reported {n:,} new cases and {m} deaths on {_WEEKDAYS[k]}, bringing the total to {total:,}.",
            )
        )
    return out, (0.9, 1.1), (0.9, 1.1)


def _ordinal(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    place, thing = rng.choice(PLACES), rng.choice(THINGS)
    start = rng.randrange(3)
    out = []
    for k in range(rng.choice((2, 2, 3))):
        ordinal = ORDINALS[start + k]
        out.append(
            (
                f"{place} holds {ordinal} public hearing on {thing}",
                f"{place} lawmakers held their {ordinal} public hearing on {thing}, with residents and vendors testifying for hours.",
            )
        )
    return out, (0.8, 1.5), (5, 20)


def _event_day(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    event, year = rng.choice(EVENTS), rng.randint(2018, 2023)
    out = []
    for k in range(1, rng.choice((3, 4))):
        out.append(
            (
                f"{event} {year} day {k} recap: everything announced",
                f"Highlights from day {k} of {event} {year}: the keynotes, the launches and what attendees are talking about.",
            )
        )
    return out, (0.95, 1.05), (0.95, 1.05)


def _quarterly(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    company, year, q = rng.choice(COMPANIES), rng.randint(2018, 2023), rng.randint(1, 3)
    out = []
    for k in (q, q + 1):
        p = rng.randint(2, 40)
        out.append(
            (
                f"{company} Q{k} {year} earnings: revenue up {p}%",
                f"{company} reported quarterly revenue up {p}% from a year earlier, beating analyst estimates.",
            )
        )
    return out, (85, 95), (85, 95)


def _same_event(rng: random.Random) -> tuple[list[tuple[str, str]], tuple[float, float], tuple[float, float]]:
    """Several outlets' own stories on one event: same names, their own words."""
    topic = make_topic(rng)
    out: list[tuple[str, str]] = []
    used: set[int] = set()
    for _ in range(rng.choice((2, 2, 3, 4))):
        title, excerpt, _ = make_text(rng, topic, used)
        out.append((title, excerpt))
    return out, (0.05, 0.6), (0.3, 2.5)


_KINDS: tuple[tuple[str, Callable[[random.Random], Any], int], ...] = (
    ("recurring-month", _recurring_month, 25),
    ("release-wave", _release_wave, 12),
    ("preview-ga", _preview_ga, 15),
    ("product-template", _product_template, 20),
    ("daily-numbers", _daily_numbers, 10),
    ("ordinal", _ordinal, 8),
    ("event-day", _event_day, 6),
    ("quarterly", _quarterly, 4),
    ("same-event", _same_event, 35),
)


def make_group(rng: random.Random, start: datetime, span_days: int, spec_type: Callable[..., Any]) -> list[Any]:
    kind, make, _ = rng.choices(_KINDS, weights=[w for *_, w in _KINDS])[0]
    texts, near, far = make(rng)
    gaps = _gaps(rng, len(texts), near, far)
    first = start + timedelta(minutes=rng.randrange((span_days - 200) * 24 * 60))
    same_provider = rng.random() < (0.15 if kind == "same-event" else 0.7)
    provider = rng.choice(PROVIDERS)
    topics = tuple(rng.sample(TOPICS, 2))
    out = []
    for (title, excerpt), gap in zip(texts, gaps, strict=False):
        if not same_provider:
            provider = rng.choice(PROVIDERS)
        when = first + timedelta(days=gap, minutes=rng.randrange(-90, 90))
        title = styled(title, provider[1])
        spec = spec_type(title, excerpt, when, provider, story_url(rng, provider[1], title, when), topics)
        spec.how = (kind,)
        out.append(spec)
    return out
