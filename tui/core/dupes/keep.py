"""Which copy of a duplicate cluster an editor would keep, and why.

Not simply the earliest: the earliest copy of a press release is often a wire's
"RE-TRANSMISSION:" of it (issue 17), and the earliest copy of a wire story is often
the one that still carries the agency's credit ("AP — ...", "... (Reuters)"). An
editor keeps, in this order:
  1. a copy already published (when some are and some are not: the site already
     shows it, and keeping another would take the story off the site, since marking
     duplicates never publishes the kept copy);
  2. a headline without wire dressing: no "RE-TRANSMISSION:", "UPDATE 2-",
     "CORRECTED:", "[VIDEO]", "(Press Release)", and no agency credit before or
     after it ("AP —", "Reuters:", "(AP)", "LONDON (Reuters) -", "(Reuters)",
     "- Reuters", "| AP News"). The kept copy's headline is the one the site goes
     on showing, and a cluster is only suggested when the copies are the same
     story, so when any copy has the clean headline it beats an earlier dressed
     one: within the published copies when rule 1 applies, among all otherwise;
  3. the original outlet's copy: the earliest;
  4. quality, then heat.
The reason names the rule that set the kept copy apart, so the review can say why it
was chosen.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.model import Story

_PREFIX = re.compile(
    r"^\s*(?:re-?transmission|update[ds]?(?:\s*\d+)?|corrected|correction|refile|rpt|exclusive|breaking(?:\s+news)?|"
    r"urgent|flash|wrapup(?:\s*\d+)?|press release|video|watch|live)\s*[:\-–—|]",
    re.IGNORECASE,
)
_BRACKETS = re.compile(
    r"[\[(]\s*(?:video|photos?|watch|press release|update[d]?|corrected|sponsored|paid content|audio|podcast|"
    r"live|re-?transmission)\s*[\])]",
    re.IGNORECASE,
)
# The news agencies whose credit rides along with a wire copy's headline.
_AGENCY = (
    r"(?:reuters|ap|associated press|the associated press|afp|agence france-presse|bloomberg|upi|dpa|efe|ansa|"
    r"xinhua|kyodo|pa media|press association|canadian press|tns|pr newswire|business wire|globe ?newswire|"
    r"accesswire|press release)"
)
_CREDIT = re.compile(rf"\s[-–—|]\s*{_AGENCY}(?:\s+news)?\s*$", re.IGNORECASE)
# An agency's name before the headline with its separator ("AP — ", "Reuters: "), or a
# dateline's ("LONDON (Reuters) - ", "(AP) "): a name without one is a headline's subject,
# and so is a name a hyphen joins to the next word ("AP-NORC poll", "AFP-backed").
_AGENCY_PREFIX = re.compile(
    rf"^\s*(?:{_AGENCY}\s*(?:[:–—|]|-(?!\w))"
    rf"|(?:(?-i:[A-Z][A-Z .,'/-]{{0,40}})\s)?[\[(]\s*{_AGENCY}\s*[\])]\s*[:\-–—|]?)",
    re.IGNORECASE,
)
# A bracketed credit at the end ("... (Reuters)"); mid-title brackets are the story's own.
_AGENCY_END = re.compile(rf"[\[(]\s*{_AGENCY}\s*[\])]\s*$", re.IGNORECASE)


def dressing(title: str) -> str:
    """The wire dressing a headline carries ("RE-TRANSMISSION:", "[VIDEO]"...), '' if none."""
    for pattern in (_PREFIX, _AGENCY_PREFIX, _BRACKETS, _AGENCY_END, _CREDIT):
        found = pattern.search(title[:300])
        if found is not None:
            return found.group(0).strip()
    return ""


@dataclass(frozen=True, slots=True)
class Kept:
    id: str
    reason: str  # why this copy: "already published", "headline without RE-TRANSMISSION:", "earliest"...


def day_of(stamp: str) -> str:
    """A decision's stamp as a day: '2026-05-12T09:30:00Z' -> '12 May 2026'."""
    months = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
    try:
        year, month, day = int(stamp[:4]), int(stamp[5:7]), int(stamp[8:10])
        return f"{day} {months[month - 1]} {year}"
    except (ValueError, IndexError):
        return " ".join(stamp[:20].split())


def _when(story: Story) -> float:
    return story.published_at.timestamp() if story.published_at else float("inf")


def _rank(story: Story, live_matters: bool, dressed: str) -> tuple[int, int, float, int, int, str]:
    return (
        0 if (story.published or not live_matters) else 1,
        1 if dressed else 0,
        _when(story),
        -(story.quality if story.quality is not None else -1),
        -(story.heat_signal or -1),
        story.id,
    )


def choose(stories: Sequence[Story]) -> Kept:
    """The copy to keep among `stories` (at least one), with the reason."""
    published = [s for s in stories if s.published]
    live_matters = bool(published) and len(published) < len(stories)
    dress = {s.id: dressing(s.title) for s in stories}  # each title searched once
    ranks = {s.id: _rank(s, live_matters, dress[s.id]) for s in stories}
    ranked = sorted(stories, key=lambda s: ranks[s.id])
    best = ranked[0]
    if len(ranked) == 1:
        return Kept(best.id, "the only copy")
    mine = ranks[best.id]
    if live_matters:
        # Among the live copies, a clean headline may have beaten an earlier dressed one.
        live_dressed = [s for s in published if dress[s.id]]
        if live_dressed and not dress[best.id]:
            earliest = min(published, key=lambda s: (_when(s), s.id))
            if earliest.id != best.id:
                return Kept(
                    best.id, f"already published, headline without {dress[earliest.id] or dress[live_dressed[0].id]}"
                )
        return Kept(best.id, "already published")
    dressed = [s for s in stories if dress[s.id]]
    if dressed and not dress[best.id]:
        earliest = min(stories, key=lambda s: (_when(s), s.id))
        if earliest.id != best.id:
            return Kept(best.id, f"headline without {dress[earliest.id] or dress[dressed[0].id]}")
    others = [ranks[s.id] for s in ranked[1:]]
    if all(o[2] > mine[2] for o in others):
        return Kept(best.id, "earliest (the original outlet)")
    return Kept(best.id, "earliest, better quality" if any(o[2] == mine[2] for o in others) else "best quality")
