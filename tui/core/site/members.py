"""Which files of a site are stories: those of its collections, found by path prefix alone.

A site root holds pages, assets, the built `_site/` and folders Jekyll never reads;
newsdesk's stories are the files of the collections (`collections:` in `_config.yml`,
plus `_posts`, and `_drafts` when `show_drafts` is on). The loader asks this for every
path of a 100,000-file walk, so it is a prefix test, not paths.locate (15 us a path):
files Jekyll ignores inside a collection (`_news/_x.md`) are still members, shown as
`ignored` rather than silently missing.
"""

from __future__ import annotations

from tui.core.site.config import SiteConfig


class Members:
    """The collection a path belongs to, for a site config (`""` for a plain folder)."""

    def __init__(self, config: SiteConfig) -> None:
        self.config = config
        self.site = config.found
        folders = [(c.folder.strip("/") + "/", c.label) for c in config.collections if c.folder]
        self._folders = tuple(sorted(folders, key=lambda f: -len(f[0])))
        self._posts = tuple(f"{name}/" for name in ("_posts", "_drafts") if name == "_posts" or config.show_drafts)
        self.destination = config.destination

    def collection(self, rel: str) -> str | None:
        """The label of the collection `rel` is in; None outside every collection."""
        if not self.site:
            return ""
        for folder, label in self._folders:
            if rel.startswith(folder):
                return label
        if any(rel.startswith(p) or f"/{p}" in rel for p in self._posts):
            return "posts"
        return None

    def keeps(self, rel: str) -> bool:
        """Whether `rel` is a story of the site (every file of a plain folder is)."""
        return not self.site or self.collection(rel) is not None

    def enters(self, rel_dir: str) -> bool:
        """Whether a walk goes into the folder `rel_dir`: not the built site."""
        return not self.site or rel_dir != self.destination
