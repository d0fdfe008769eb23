"""Write a generated story as the bytes of a real feed file, quirks included.

Real folders mix LF and CRLF, carry byte-order marks, spell booleans the YAML 1.1
way, put `published` anywhere (and sometimes nest a key of that name in `related`),
omit `webUrl`, and hold opaque `secured` payloads; so do these files. The seeds are
copied byte for byte, and the real articles their `related` lists describe become
stories too: one of them is a syndicated original of a seed (verified by hand: same
lede, new headline), the others are the same news told by another outlet.
"""

from __future__ import annotations

import base64
import os
import random
import re
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from tests.storygen.copies import make_copy
from tests.storygen.text import amp_urls, make_text, story_url, styled
from tests.storygen.words import PROVIDERS

_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\"}
_ESCAPES.update({c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)]})
_ESCAPES.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0xFEFF)})
_PLAIN_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .-_()")
_BOOLS = {True: ("true",) * 18 + ("yes", "True", "on"), False: ("false",) * 18 + ("no", "False", "off")}
# The seed whose headline is new but whose lede is a MassLive article's, word for word.
SYNDICATED_SEEDS = {
    "003_644e7f27e603fab3.txt": "masslive.com/politics/2020/12/massachusetts-police-reform-gov-charlie-baker"
    "-looks-forward-to-signing-bill-after-senate-redrafts-facial-recognition-restrictions.html",
}


_NEEDS_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]')


def quote(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return f'"{text}"'
    return '"' + text.translate(_ESCAPES) + '"'


def plain(text: str) -> str:
    return text if text and set(text) <= _PLAIN_OK and not text[0].isdigit() else quote(text)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:00Z")


def _payload(rng: random.Random) -> str:
    body = base64.b64encode(rng.randbytes(rng.randint(300, 330))).decode()
    return f"{body};{base64.b64encode(rng.randbytes(16)).decode()}"


def _image(rng: random.Random, domain: str, indent: str) -> list[str]:
    w, h = rng.choice(((840, 438), (1920, 1080), (1200, 630), (768, 465), (2290, 1322), (343, 510)))
    url = f"https://media.{domain}/images/{rng.getrandbits(48):012x}/{w}x{h}/photo.jpg"
    return [
        f"{indent}- url: {quote(url)}",
        f"{indent}  width: {w}",
        f"{indent}  height: {h}",
        f"{indent}  isCached: {'true' if rng.random() < 0.9 else 'false'}",
    ]


def _urls(spec: Any) -> list[tuple[str, str]]:
    out = [("webUrl", spec.url)]
    if spec.amp:
        amp, cdn = amp_urls(spec.url, zlib.crc32(spec.url.encode()) % 4)
        out += [("ampWebUrl", amp), ("cdnAmpWebUrl", cdn)]
    return out


def _related_lines(rng: random.Random, spec: Any, specs: list[Any]) -> list[str]:
    items: list[tuple[str, str, datetime, list[tuple[str, str]], tuple[str, str], int]] = []
    for index in spec.related:
        other = specs[index]
        items.append((other.title, other.excerpt, other.when, _urls(other), other.provider, other.quality))
    for _ in range(rng.choice((0, 1, 1, 2, 2))):
        provider = rng.choice(PROVIDERS)
        title, excerpt, _ = make_text(rng)
        title = styled(title, provider[1])
        when = spec.when + timedelta(minutes=rng.randint(-3000, 600))
        url = story_url(rng, provider[1], title, when)
        items.append((title, excerpt, when, [("webUrl", url)], provider, rng.randint(20, 70)))
    if not items:
        return []
    lines = ["related:"]
    for title, excerpt, when, urls, provider, quality in items:
        lines += [
            f"  - title: {quote(title)}",
            f"    excerpt: {quote(excerpt)}",
            f"    publishedDateTime: {stamp(when)}",
        ]
        lines += [f"    {key}: {quote(url)}" for key, url in urls]
        lines += [
            "    type: article",
            "    provider:",
            f"      name: {plain(provider[0])}",
            f"      domain: {plain(provider[1])}",
            f"    quality: {quality}",
        ]
        if rng.random() < 0.03:
            lines.append("    published: false")  # a nested key of the same name (FORMAT.md)
        if rng.random() < 0.8:
            lines += ["    images:", *_image(rng, provider[1], "      ")]
    lines.append("")
    return lines


def render(rng: random.Random, spec: Any, specs: list[Any]) -> bytes:
    head = [
        ("title", quote(spec.title)),
        ("excerpt", quote(spec.excerpt)),
        ("publishedDateTime", stamp(spec.when)),
        ("originalUrl", quote(spec.url)),
    ]
    urls = _urls(spec)
    if rng.random() < 0.05:
        urls = urls[1:]  # webUrl missing: readers fall back to originalUrl
    head += [(k, quote(v)) for k, v in urls]
    head += [("type", spec.type), ("quality", str(spec.quality)), ("heat", str(spec.heat))]
    if rng.random() < 0.1:
        rng.shuffle(head)
    where = rng.random()
    flag = None if spec.published is None else f"published: {rng.choice(_BOOLS[spec.published])}"
    lines = ["---", "category: news"]
    if flag and where < 0.15:
        lines.append(flag)
    lines += [f"{k}: {v}" for k, v in head]
    if flag and 0.15 <= where < 0.85:
        lines.append(flag)
    if spec.type == "video":
        vid = base64.urlsafe_b64encode(rng.randbytes(8)).decode()[:11]
        iframe = f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{vid}" frameborder="0" allowfullscreen></iframe>'
        lines.append(f"featuredContent: {quote(iframe)}")
    lines += [
        "",
        "provider:",
        f"  name: {plain(spec.provider[0])}",
        f"  domain: {plain(spec.provider[1])}",
        "",
        "topics:",
    ]
    lines += [f"  - {plain(t)}" for t in spec.topics]
    lines += ["", "images:", *_image(rng, spec.provider[1], "  "), ""]
    lines += _related_lines(rng, spec, specs)
    lines.append(f"secured: {quote(_payload(rng))}")
    if flag and where >= 0.85:
        lines.append(flag)
    lines += ["---", ""]
    newline = "\r\n" if rng.random() < 0.25 else "\n"
    data = newline.join(lines).encode("utf-8")
    return b"\xef\xbb\xbf" + data if rng.random() < 0.1 else data


def junk_file(rng: random.Random, index: int) -> tuple[str, bytes]:
    """Files that are not stories, as real folders have: notes and half-written drafts."""
    if index % 2 == 0:
        return f"notes_{index:03d}.txt", b"Remember to check the embargo on the Monday stories.\n"
    return f"draft_{index:03d}.md", b'---\ntitle: "Half-written draft\nexcerpt: [unclosed\n'


def seed_specs(seeds_dir: str, rng: random.Random, spec_type: Callable[..., Any]) -> list[list[Any]]:
    """Groups of specs: each seed with its copies (if any), then the real related articles."""
    from tui.core.format.decode import parse_story
    from tui.core.format.urls import canonical_url

    names = sorted(n for n in os.listdir(seeds_dir) if n.endswith((".txt", ".md")) and not n.startswith("."))
    seeds = []
    for name in names:
        with open(os.path.join(seeds_dir, name), "rb") as handle:
            raw = handle.read()
        story, _ = parse_story(name, raw)
        if story is None or story.published_at is None:
            continue
        spec = spec_type(
            story.title,
            story.excerpt,
            story.published_at,
            (story.provider_name, story.provider_domain),
            story.url,
            story.topics,
            ("Massachusetts", "facial recognition"),
        )
        spec.kind, spec.raw, spec.sid, spec.quality = "seed", raw, name, story.quality or 0
        seeds.append((spec, story))
    known = {canonical_url(u) for _, story in seeds for u in story.urls()}
    groups: list[list[Any]] = []
    by_url: dict[str, list[Any]] = {}
    for index, (spec, _) in enumerate(seeds):
        group = [spec]
        for _ in range((1, 0, 2, 0, 1)[index % 5]):
            copy = make_copy(rng, spec, spec_type)
            copy.quality, copy.heat = rng.randint(20, 60), -1
            group.append(copy)
        groups.append(group)
        by_url[spec.sid] = group
    for _spec, story in seeds:
        for item in story.related:
            key = canonical_url(item.url)
            if not key or key in known or item.published_at is None:
                continue
            known.add(key)
            real = spec_type(
                item.title,
                item.excerpt,
                item.published_at,
                (item.provider_name, item.provider_domain),
                item.url,
                story.topics,
            )
            real.kind, real.quality, real.amp = "original", item.quality or 30, bool(item.amp_url)
            real.how = ("real-related",)
            copied = [sid for sid, url in SYNDICATED_SEEDS.items() if url == key and sid in by_url]
            if copied:
                by_url[copied[0]].append(real)
            else:
                groups.append([real])
    return groups
