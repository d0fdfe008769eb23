"""The dashboard's keys for a Jekyll site (issue 14): one collection or all, and the disagreements.

`K` steps the list through the site's collections (all, then each label, then all
again); `J` shows only the stories whose site outcome is not what their `published`
line seems to say (a `published: ~` that is only listed, a byte-order mark copied raw,
a `defaults:` entry hiding a story with no line...). Both are ordinary bindings, so the
command palette and the help list them. On a folder without `_config.yml` they say so
and change nothing. The filtering itself is the store's (Query.collection,
Query.site_differs; SiteView.allowed).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding

from tui.core.store.query import Query
from tui.core.store.store import Store

SITE_BINDINGS = [
    Binding(
        "J",
        "site_differs",
        "Site disagrees",
        id="main.site_differs",
        tooltip="Jekyll site: only stories whose site outcome is not what their published line says (again: all)",
        show=False,
    ),
    Binding(
        "K",
        "cycle_collection",
        "Collection",
        id="main.collection",
        tooltip="Jekyll site: show one collection's stories, the next, then all",
        show=False,
    ),
]

NOT_A_SITE = "Not a Jekyll site: this folder has no _config.yml, so it is one collection"


def next_collection(store: Store, query: Query) -> Query | None:
    """The query showing the next collection (all after the last); None outside a site."""
    if not store.site.active:
        return None
    labels: list[str | None] = [None, *store.site.labels()]
    at = labels.index(query.collection) + 1 if query.collection in labels else 0
    return replace(query, collection=labels[at % len(labels)])


def toggle_differs(store: Store, query: Query) -> Query | None:
    """The query with the disagreement filter switched; None outside a site."""
    if not store.site.active:
        return None
    return replace(query, site_differs=not query.site_differs)
