"""Small story files written as real feeds write them, described by a `Spec`.

The duplicate-detection tests (and the sort-order tests) build folders from these:
a `Spec` names what matters for a test (title, excerpt, time, provider), `render`
gives the bytes a feed would write, `story` the Story the codec makes of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.storygen.render import quote
from tui.core.format.decode import parse_story
from tui.core.model import Story

T0 = datetime(2021, 5, 7, 14, 19, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Spec:
    title: str
    excerpt: str = ""
    hours: float = 0.0
    provider: str = "Wire One"
    domain: str = "wireone.com"
    url: str = ""
    published: str | None = None  # the literal value, None: key absent
    quality: int = 50
    heat: int = -1
    extra: tuple[str, ...] = field(default=())

    def at(self) -> datetime:
        return T0 + timedelta(hours=self.hours)


def _q(text: str) -> str:
    return quote(text)  # YAML double quotes, control characters escaped


def render(spec: Spec, sid: str = "x") -> bytes:
    url = spec.url or f"https://www.{spec.domain}/news/{sid.rsplit('.', 1)[0]}"
    lines = [
        "---",
        "category: news",
        f"title: {_q(spec.title)}",
        f"excerpt: {_q(spec.excerpt)}",
        f"publishedDateTime: {spec.at():%Y-%m-%dT%H:%M:%SZ}",
        f"originalUrl: {_q(url)}",
        f"webUrl: {_q(url)}",
        "type: article",
        f"quality: {spec.quality}",
        f"heat: {spec.heat}",
    ]
    if spec.published is not None:
        lines.append(f"published: {spec.published}")
    lines += ["", "provider:", f"  name: {_q(spec.provider)}", f"  domain: {spec.domain}", *spec.extra, "---", ""]
    return "\n".join(lines).encode()


def story(spec: Spec, sid: str = "s.md") -> Story:
    found, problems = parse_story(sid, render(spec, sid))
    assert found is not None, problems
    return found


def write(folder: Path, specs: dict[str, Spec]) -> dict[str, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for sid, spec in specs.items():
        data = render(spec, sid)
        (folder / sid).write_bytes(data)
        out[sid] = data
    return out


LEDE = (
    "As part of its new police reform law, Massachusetts lawmakers have passed one of the first "
    "state-wide restrictions on law enforcement use of facial recognition technologies."
)
ORIGINAL = Spec(
    "Massachusetts OKs Curbs on Police Use of Facial Recognition",
    LEDE,
    provider="The Crime Report",
    domain="thecrimereport.org",
)


def copy(spec: Spec, **changes: object) -> Spec:
    return replace(spec, **changes)  # type: ignore[arg-type]
