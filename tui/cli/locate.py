"""Which folder a command works on when none is given.

`./seeds` was the only default, so `newsdesk` run from a site's root or from a story
folder failed with "./seeds: not a folder" (issue 18). Now, in order:

1. `./seeds`, if it is a folder (as before);
2. the folder started in, if it is a Jekyll site's root (a `_config.yml`: the store
   then keeps only the site's collections, tui/core/store/site_view.py);
3. the folder started in, if it holds story files (a story-named file whose first
   line opens a front matter, `---`);
4. else None, and the caller says how to name one.

Only the folder's own entries are looked at (never a recursive walk of wherever the
command happened to start), and at most `LOOK_AT` of them are opened.
"""

from __future__ import annotations

import os
from typing import Final

from tui.core.disk.folder import is_story_name

LEGACY: Final = "./seeds"
SITE_CONFIG: Final = "_config.yml"
LOOK_AT: Final = 50  # story-named entries opened before giving up


def _opens_front_matter(path: str) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"---")


def has_stories(folder: str) -> bool:
    """Whether `folder` itself holds a story file."""
    try:
        with os.scandir(folder) as entries:
            looked = 0
            for entry in entries:
                if not is_story_name(entry.name) or not entry.is_file(follow_symlinks=False):
                    continue
                if _opens_front_matter(entry.path):
                    return True
                looked += 1
                if looked >= LOOK_AT:
                    return False
    except OSError:
        return False
    return False


def default_folder(cwd: str = ".") -> str | None:
    """The folder to use when none was given, or None."""
    legacy = os.path.join(cwd, "seeds")
    if os.path.isdir(legacy):
        return LEGACY if cwd == "." else legacy
    if os.path.isfile(os.path.join(cwd, SITE_CONFIG)) or has_stories(cwd):
        return cwd
    return None


NO_FOLDER: Final = (
    "no story folder here: give FOLDER or --seeds DIR (or run from a folder of story files, "
    "or a site's root with _config.yml)"
)
