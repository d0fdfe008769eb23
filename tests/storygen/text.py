"""Titles, excerpts and URLs for generated stories.

Titles come from a dozen headline shapes filled from large word lists, so two
independent stories share at most a shape and a word or two, as real headlines do;
each provider keeps one casing style (headline case or sentence case).
"""

from __future__ import annotations

import random
import re
import zlib
from datetime import datetime

from tests.storygen.words import (
    ADJECTIVES,
    CLAUSES,
    COMPANIES,
    FIRST_NAMES,
    GROUPS,
    LAST_NAMES,
    LEADS,
    PEOPLE,
    PLACES,
    ROLES,
    SAYS,
    SECTIONS,
    SENTENCES,
    SYLLABLES,
    TAILS,
    THINGS,
    VERBS,
    WHO,
)

_SMALL = frozenset("a an the of on in for to and by at as or with from over vs via is are be up".split())
_CLAUSES = (
    "could face new rules",
    "is drawing scrutiny",
    "matters for {place}",
    "won't arrive soon",
    "is harder than it looks",
    "faces a reckoning",
    "keeps slipping",
)
_TRENDS = ("fall short", "face new scrutiny", "gain ground", "spread quickly", "stall", "draw complaints")
_DETAILS = (
    "according to officials familiar with the plan",
    "the company said in a statement",
    "a decision expected to affect {n} residents",
    "with a budget of ${n} million",
    "in a {n}-{m} vote",
    "weeks after a similar move in {place}",
    "starting next {when}",
    "the first such step in {place}",
    "with {n} sites in the first phase",
)
_QUOTES = (
    "This is a turning point",
    "We are watching closely",
    "The details matter here",
    "It is long overdue",
    "Nobody asked for this",
    "We will keep pushing",
)
_MONTHS = ("January", "March", "June", "September", "November")
_WHENS = ("year", "month", "spring", "fall", "quarter")


def title_case(text: str) -> str:
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in _SMALL:
            out.append(word.lower() if word.islower() or word.lower() == word else word)
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def headline_style(domain: str) -> bool:
    """Whether a provider writes Headline Case (stable for a domain, across runs)."""
    return zlib.crc32(domain.encode()) % 3 != 0


def styled(title: str, domain: str) -> str:
    return title_case(title) if headline_style(domain) else sentence_case(title)


Topic = tuple[str, str, str, tuple[str, str, str]]  # place, company, thing, verb


def make_topic(rng: random.Random) -> Topic:
    return rng.choice(PLACES), rng.choice(COMPANIES), rng.choice(THINGS), rng.choice(VERBS)


def make_text(
    rng: random.Random, topic: Topic | None = None, avoid: set[int] | None = None
) -> tuple[str, str, tuple[str, str]]:
    """(title, excerpt, (subject, thing)) of a new story, in neutral casing.

    Two calls with one `topic` are two outlets' own stories about the same news:
    the same names in the headline, each with its own words and lede.
    """
    place, company, thing, verb = topic or make_topic(rng)
    shape = rng.choice([k for k in range(12) if not avoid or k not in avoid] or [0])
    if avoid is not None:
        avoid.add(shape)  # outlets covering one event word their headlines differently
    subject = company if shape in (1, 3, 4, 6, 10) else place
    title = _title(rng, shape, place, company, thing, verb)
    return title, make_excerpt(rng, subject, thing, verb, place), (subject, thing)


def _title(rng: random.Random, shape: int, place: str, company: str, thing: str, verb: tuple[str, str, str]) -> str:
    tail = rng.choice(TAILS)
    if shape == 0:
        return f"{place} {verb[0]} {thing} {tail}"
    if shape == 1:
        return f"{company} {verb[0]} {rng.choice(ADJECTIVES)} {thing} {tail}"
    if shape == 2:
        return f"{rng.choice(GROUPS)} in {place} vote to {verb[2]} {thing}"
    if shape == 3:
        clause = rng.choice(_CLAUSES).format(place=place)
        return f"why {company}'s {rng.choice(ADJECTIVES)} {thing} {clause}"
    if shape == 4:
        return f"{company} to {verb[2]} {thing} in {place} by {rng.randint(2019, 2030)}"
    if shape == 5:
        return f"how {place} is using {thing} {tail}"
    if shape == 6:
        return f"{company} strikes ${rng.choice((5, 20, 75, 150, 300, 900))} million deal for {thing} {tail}"
    if shape == 7:
        return f"{thing} {rng.choice(_TRENDS)} in {place}, report says"
    if shape == 8:
        who = rng.choice(PEOPLE) if rng.random() < 0.5 else person(rng)
        return f"{who} says {place} will {verb[2]} {thing}"
    if shape == 9:
        return f"{place} becomes the first state to {verb[2]} {thing}"
    if shape == 10:
        other = rng.choice([c for c in (rng.choice(COMPANIES), rng.choice(COMPANIES)) if c != company] or ["IBM"])
        return f"{company} and {other} team up on {thing} {tail}"
    return f"{place} {rng.choice(GROUPS)} push to {verb[2]} {thing} {tail}"


def make_excerpt(rng: random.Random, subject: str, thing: str, verb: tuple[str, str, str], place: str) -> str:
    detail = rng.choice(_DETAILS).format(
        n=rng.choice((3, 12, 40, 250, 1200, 18000)),
        m=rng.randint(1, 9),
        place=rng.choice(PLACES),
        when=rng.choice(_WHENS),
    )
    lead = f"{rng.choice(LEADS)} " if rng.random() < 0.6 else ""
    core = f"{lead}{subject} {verb[1]} {thing} {rng.choice(TAILS)}, {detail}."
    clause = rng.choice(CLAUSES).format(
        n=rng.randint(2, 900),
        year=rng.randint(2019, 2030),
        place=rng.choice(PLACES),
        month=rng.choice(_MONTHS),
    )
    who = rng.choice(WHO) if rng.random() < 0.35 else f"{person(rng)}, {rng.choice(ROLES)},"
    if rng.random() < 0.4:
        core = f"{core[:-1]}; the project is called {codename(rng)}."
    parts = [core[0].upper() + core[1:], f"{who} {rng.choice(SAYS)} {clause}."]
    if rng.random() < 0.5:
        parts.append(rng.choice(SENTENCES))
    if rng.random() < 0.25:
        parts.append(f"“{rng.choice(_QUOTES)},” {rng.choice(PEOPLE)} said.")
    return " ".join(parts)


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def codename(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:90]


def host_of(domain: str) -> str:
    return domain if domain.count(".") >= 2 else f"www.{domain}"


def story_url(rng: random.Random, domain: str, title: str, when: datetime) -> str:
    shape = zlib.crc32(domain.encode()) % 4
    path = slug(title)
    if shape == 0:
        path = f"{when:%Y/%m/%d}/{path}/"
    elif shape == 1:
        path = f"{rng.choice(SECTIONS)}/{path}.html"
    elif shape == 2:
        path = f"{path}-{rng.randrange(10**9, 10**10)}"
    else:
        path = f"{rng.choice(SECTIONS)}/{path}"
    return f"https://{host_of(domain)}/{path}"


def amp_urls(url: str, style: int) -> tuple[str, str]:
    """The ampWebUrl and cdnAmpWebUrl a feed gives for a story URL."""
    if style == 0:
        amp = url + "?_amp=true"
    elif style == 1:
        amp = url.rstrip("/") + "/amp"
    elif style == 2:
        amp = url + "?outputType=amp"
    else:
        amp = url + "?AMP"
    rest = amp.split("://", 1)[1]
    host = rest.split("/", 1)[0]
    cdn = f"https://{host.replace('-', '--').replace('.', '-')}.cdn.ampproject.org/c/s/{rest}"
    return amp, cdn
