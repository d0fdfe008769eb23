"""What a Jekyll site will really do with each file: page, listed, hidden, raw, ignored, breaks-build.

newsdesk used to answer "will readers see this story" from the `published` line alone,
and Jekyll disagrees in cases real folders contain (a byte-order mark, `published: ~`,
`"false"`, `nO`, bad YAML, a `defaults:` entry, a future date, a collection without
output). This package answers with Jekyll 4.3's own rules, as pure functions of a
path, bytes and the site's `_config.yml`, so the store, `newsdesk check` and the
dashboard can all show the same answer. It imports only tui.core.model and PyYAML's
event parser; never the disk, store or dupes layers.

    config = read_config(root)                   # a bad config is a Problem, not an exception
    verdict = site_outcome("_news/a.md", raw, config)
    verdict.outcome, verdict.reason, verdict.differs

    site = scan_site(root)                        # every file with its collection
    for file, verdict, problem in survey(site): ...


The toggle that edits `published` until the outcome is what was asked lives one layer
up, in tui.core.format.site_edits (site_toggle), since it edits bytes.

docs/SITE_RULES.md lists every rule with the Jekyll source it follows.
"""

from __future__ import annotations

from tui.core.site.config import (
    Collection,
    DefaultsSet,
    SiteConfig,
    parse_config,
    plain_jekyll,
    read_config,
    standalone,
)
from tui.core.site.outcome import OUTCOMES, Intent, Outcome, Verdict, apparent_intent, has_yaml_header, site_outcome
from tui.core.site.paths import Location, locate
from tui.core.site.scan import SiteFile, SiteScan, read_site_file, scan_site, survey

__all__ = [
    "OUTCOMES",
    "Collection",
    "DefaultsSet",
    "Intent",
    "Location",
    "Outcome",
    "SiteConfig",
    "SiteFile",
    "SiteScan",
    "Verdict",
    "apparent_intent",
    "has_yaml_header",
    "locate",
    "parse_config",
    "plain_jekyll",
    "read_config",
    "read_site_file",
    "scan_site",
    "site_outcome",
    "standalone",
    "survey",
]
