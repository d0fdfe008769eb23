"""Syndicated copies of a story, as wires, aggregators and partner sites publish them.

Each copy records how it was made (`how`), so an evaluation can say which kinds of
copy a detector misses. The transforms are the ones seen in real feeds: wire prefixes,
source suffixes, typos, recasing, entity-encoded quotes, trademark signs, a synonym,
truncation with an ellipsis, a new headline over the same lede, URL variants of the
same page (AMP, tracking parameters, `www.`, scheme), and a lede cut or datelined.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from tests.storygen.text import amp_urls, make_excerpt, person, story_url, styled, title_case
from tests.storygen.words import (
    ADJECTIVES,
    AGGREGATORS,
    GROUPS,
    LEADS,
    PLACES,
    PROVIDERS,
    SYNONYMS,
    TAILS,
    THINGS,
    VERBS,
    WIRE_PREFIXES,
)

_RETITLES = (
    "{subject} moves on {thing}",
    "what {subject}'s {thing} decision means",
    "{thing} in {subject}: what to know",
    "{subject} takes a new step on {thing}",
    "the {thing} fight in {subject}, explained",
    "{subject} {verb} {thing} {tail}",
    "inside {subject}'s plan for {thing}",
    "{subject} and the future of {thing}",
)
_DATELINES = ("(Reuters) - ", "BOSTON (AP) — ", "NEW YORK (Reuters) - ", "(TNS) — ", "WASHINGTON — ")


def _typo(rng: random.Random, title: str) -> str:
    words = title.split(" ")
    spots = [i for i, w in enumerate(words) if i and len(w) >= 5 and w.isalpha()]
    if not spots:
        return title
    i = rng.choice(spots)
    w = words[i]
    k = rng.randrange(1, len(w) - 1)
    move = rng.randrange(3)
    if move == 0:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    elif move == 1:
        w = w[:k] + w[k + 1 :]
    else:
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    return " ".join(words)


def _synonym(rng: random.Random, title: str) -> str:
    words = title.split(" ")
    spots = [i for i, w in enumerate(words) if w.lower() in SYNONYMS]
    if not spots:
        return title
    i = rng.choice(spots)
    word = rng.choice(SYNONYMS[words[i].lower()])
    words[i] = word[:1].upper() + word[1:] if words[i][:1].isupper() else word
    return " ".join(words)


def _recase(rng: random.Random, title: str) -> str:
    if rng.random() < 0.1:
        return title.upper()
    words = title.split(" ")
    if sum(w[:1].isupper() for w in words[1:]) > len(words[1:]) / 2:  # Headline Case -> sentence
        return " ".join([words[0], *(w.lower() if w.lower() in _COMMON else w for w in words[1:])])
    return title_case(title)


_COMMON = frozenset(
    w.lower()
    for phrase in (*(v for triple in VERBS for v in triple), *ADJECTIVES, *THINGS, *TAILS, *GROUPS)
    for w in phrase.split()
) | frozenset("the a an of on in for to and by at as new why how what after over amid despite says".split())


def _punctuation(rng: random.Random, title: str) -> str:
    roll = rng.randrange(4)
    if roll == 0 and "'" in title:
        return title.replace("'", rng.choice(("’", "&#8217;")))
    if roll == 1:
        words = title.split(" ")
        i = rng.randrange(len(words))
        if words[i][:1].isupper():
            words[i] += rng.choice(("™", "®"))
            return " ".join(words)
    if roll == 2 and ", " in title:
        return title.replace(", ", " — ", 1)
    return title.replace(" - ", " – ") + ("" if title.endswith((".", "?")) else rng.choice(("", ".")))


def _truncate(rng: random.Random, title: str) -> str:
    words = title.split(" ")
    if len(words) < 8:
        return title
    keep = max(5, int(len(words) * rng.uniform(0.65, 0.85)))
    return " ".join(words[:keep]) + rng.choice(("…", "...", " ..."))


def _retitle(rng: random.Random, title: str, slots: tuple[str, str]) -> str:
    subject, thing = slots
    if not subject:
        return title
    shape = rng.choice(_RETITLES)
    return shape.format(subject=subject, thing=thing, verb=rng.choice(VERBS)[0], tail=rng.choice(TAILS))


_TITLE_MOVES: tuple[tuple[str, int], ...] = (
    ("same", 22),
    ("wire-prefix", 12),
    ("source-suffix", 9),
    ("typo", 12),
    ("recase", 12),
    ("punctuation", 9),
    ("synonym", 12),
    ("truncated", 4),
    ("retitled", 6),
)
_EXCERPT_MOVES: tuple[tuple[str, int], ...] = (
    ("same", 50),
    ("entities", 9),
    ("truncated", 15),
    ("dateline", 9),
    ("first-sentence", 10),
    ("synonym", 5),
    ("rewritten", 4),
    ("empty", 2),
)


def _pick(rng: random.Random, moves: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([m for m, _ in moves], weights=[w for _, w in moves])[0]


def copy_title(
    rng: random.Random, title: str, slots: tuple[str, str], source: str, outlet: str
) -> tuple[str, list[str]]:
    done: list[str] = []
    moves = [_pick(rng, _TITLE_MOVES)]
    if moves[0] not in ("same", "retitled") and rng.random() < 0.25:
        moves.append(_pick(rng, _TITLE_MOVES[1:-1]))
    for move in moves:
        before = title
        if move == "wire-prefix":
            title = rng.choice(WIRE_PREFIXES) + title
        elif move == "source-suffix":
            title = f"{title}{rng.choice((' - ', ' | ', ' — '))}{rng.choice((source, outlet))}"
        elif move == "typo":
            title = _typo(rng, title)
        elif move == "recase":
            title = _recase(rng, title)
        elif move == "punctuation":
            title = _punctuation(rng, title)
        elif move == "synonym":
            title = _synonym(rng, title)
        elif move == "truncated":
            title = _truncate(rng, title)
        elif move == "retitled":
            title = styled(_retitle(rng, title, slots), outlet)
        if title != before or move == "same":
            done.append(f"title:{move}")
    return title, done or ["title:same"]


def copy_excerpt(rng: random.Random, excerpt: str, retitled: bool) -> tuple[str, str]:
    # A new headline keeps the lede: that is how an editor recognises the copy.
    move = "same" if retitled and rng.random() < 0.7 else _pick(rng, _EXCERPT_MOVES)
    if move == "entities":
        out = excerpt.replace("'", "&#8217;").replace('"', "&quot;")
        out = out if out != excerpt else excerpt.replace(" - ", " &#8211; ")
    elif move == "truncated":
        cut = max(60, int(len(excerpt) * rng.uniform(0.55, 0.85)))
        out = excerpt[:cut].rsplit(" ", 1)[0] + rng.choice(("…", "...", " [...]"))
    elif move == "dateline":
        out = rng.choice(_DATELINES) + excerpt
    elif move == "first-sentence":
        parts = re.split(r"(?<=\.) ", excerpt)
        out = parts[0] if len(parts) > 1 else excerpt
    elif move == "synonym":
        out = _synonym(rng, excerpt)
    elif move == "rewritten":  # an editor's pass: new lead-in, last sentence cut
        parts = re.split(r"(?<=\.) ", excerpt)
        head = parts[0].split(", ", 1)
        first = f"{rng.choice(LEADS)} {head[1]}" if len(head) == 2 and head[1] else parts[0]
        out = " ".join([first, *parts[1:-1]]) if len(parts) > 2 else first
    elif move == "empty":
        out = ""
    else:
        out = excerpt
    return out, f"excerpt:{move}"


def url_variant(rng: random.Random, url: str) -> str:
    """Another spelling of the same page (the canonical URL stays the same)."""
    roll = rng.randrange(5)
    if roll == 0:
        sep = "&" if "?" in url else "?"
        return f"{url}{sep}utm_source={rng.choice(('rss', 'twitter', 'newsletter'))}&utm_medium=feed"
    if roll == 1:
        return url.replace("https://www.", "http://", 1) if "://www." in url else url.replace("https://", "http://", 1)
    if roll == 2:
        return amp_urls(url, rng.randrange(4))[rng.randrange(2)]
    if roll == 3:
        return url.rstrip("/") if url.endswith("/") else url + "/"
    return url + ("&" if "?" in url else "?") + "fbclid=IwAR" + "".join(rng.choices("abcdefXYZ0123456789", k=20))


def make_copy(rng: random.Random, original: Any, spec_type: Callable[..., Any]) -> Any:
    """A copy of `original` (a Spec), dated hours to a few days later."""
    hours = rng.uniform(0.2, 24) if rng.random() < 0.78 else rng.uniform(24, 70)
    when = original.when + timedelta(hours=hours)
    how: list[str] = []
    roll = rng.random()
    if roll < 0.12:
        provider = original.provider if rng.random() < 0.5 else rng.choice(AGGREGATORS)
        url = url_variant(rng, original.url)
        how.append("url-variant")
    elif roll < 0.18:
        provider = original.provider
        how.append("same-provider")
        url = ""
    else:
        provider = rng.choice(AGGREGATORS) if rng.random() < 0.6 else rng.choice(PROVIDERS)
        if provider == original.provider:
            provider = AGGREGATORS[0]
        url = ""
    title, done = copy_title(rng, original.title, original.slots, original.provider[0], provider[0])
    how.extend(done)
    excerpt, move = copy_excerpt(rng, original.excerpt, "title:retitled" in done)
    how.append(move)
    if not url:
        url = story_url(rng, provider[1], title, when)
        if url == original.url:
            url += "-copy"
    spec = spec_type(title, excerpt, when, provider, url, original.topics, original.slots)
    spec.kind, spec.how, spec.type = "copy", tuple(how), original.type
    return spec


# -- headline-only copies ------------------------------------------------------------
# A rerun that keeps the headline (or changes it a little) over an excerpt of its own:
# the outlet quoted the CEO instead of the opening paragraph, or wrote its own lede.
_HEADLINE_MOVES: tuple[tuple[str, int], ...] = (("same", 35), ("word-dropped", 22), ("word-added", 22), ("recase", 21))
_ADDED = ("new", "now", "officially", "today", "report", "update", "finally", "major")
_CEO_LEADS = (
    "“{quote},” said {who}, chief executive of {subject}.",
    "{subject} chief executive {who} said: “{quote}.”",
    "In a statement, {who} of {subject} called it {quote_lower}.",
)


def _drop_word(rng: random.Random, title: str) -> str:
    words = title.split(" ")
    spots = [i for i, w in enumerate(words) if i and len(words) > 5 and w.isalpha()]
    if not spots:
        return title
    del words[rng.choice(spots)]
    return " ".join(words)


def _add_word(rng: random.Random, title: str) -> str:
    words = title.split(" ")
    word = rng.choice(_ADDED)
    at = rng.randrange(1, len(words) + 1)
    if words[0][:1].isupper() and sum(w[:1].isupper() for w in words) > len(words) / 2:
        word = word.capitalize()
    return " ".join([*words[:at], word, *words[at:]])


def fresh_excerpt(rng: random.Random, slots: tuple[str, str]) -> str:
    """The rerunning outlet's own lede: the same names, its own words and details."""
    subject, thing = slots
    subject = subject or rng.choice(PLACES)
    thing = thing or rng.choice(THINGS)
    if rng.random() < 0.35:
        quote = rng.choice(
            (
                "This changes how our customers work",
                "We built this for the people doing the work",
                "It is the biggest step we have taken",
                "Our partners asked for exactly this",
            )
        )
        return (
            rng.choice(_CEO_LEADS).format(
                quote=quote, quote_lower=quote[:1].lower() + quote[1:], who=person(rng), subject=subject
            )
            + f" The {thing} plan {rng.choice(TAILS)} follows months of work."
        )
    return make_excerpt(rng, subject, thing, rng.choice(VERBS), rng.choice(PLACES))


def make_headline_copy(rng: random.Random, original: Any, spec_type: Callable[..., Any]) -> Any:
    """A rerun 0-72 h later, same outlet or another: the headline kept or slightly changed
    (a word dropped or added, re-cased), the excerpt the outlet's own."""
    when = original.when + timedelta(hours=rng.uniform(0.1, 72))
    how = ["headline-only"]
    if rng.random() < 0.35:
        provider = original.provider
        how.append("same-provider")
    else:
        provider = rng.choice(AGGREGATORS) if rng.random() < 0.5 else rng.choice(PROVIDERS)
        if provider == original.provider:
            provider = AGGREGATORS[1]
    move = _pick(rng, _HEADLINE_MOVES)
    title = original.title
    if move == "word-dropped":
        title = _drop_word(rng, title)
    elif move == "word-added":
        title = _add_word(rng, title)
    elif move == "recase":
        title = _recase(rng, title)
    how += [f"title:{move}" if title != original.title or move == "same" else "title:same", "excerpt:fresh"]
    excerpt = fresh_excerpt(rng, original.slots)
    url = story_url(rng, provider[1], title, when)
    if url == original.url:
        url += "-rerun"
    spec = spec_type(title, excerpt, when, provider, url, original.topics, original.slots)
    spec.kind, spec.how, spec.type = "copy", tuple(how), original.type
    return spec
