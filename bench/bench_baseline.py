"""The naive ways newsdesk is measured against, each run as its own process.

    python -m bench.bench_baseline yaml DIR    # one process, CSafeLoader over every story file
    python -m bench.bench_baseline cdist DIR   # every title, exhaustive rapidfuzz cdist (all cores)

The YAML loop is the cheapest thing that reads the same data: read, decode, cut out
the front matter, `yaml.load(..., Loader=CSafeLoader)`, nothing else. The cdist script
takes each title straight from its `title:` line (cheaper than any YAML load, so the
bar is as high as it can be) and scores every pair with `fuzz.ratio`, cutoff 85.
Each prints one line: how many files or pairs it handled, so the work cannot be skipped.
"""

from __future__ import annotations

import os
import re
import sys

SUFFIXES = (".md", ".markdown", ".txt")


def story_files(root: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(folder, f) for f in files if not f.startswith(".") and f.lower().endswith(SUFFIXES)]
    found.sort()
    return found


def yaml_loop(root: str) -> int:
    import yaml

    loaded = 0
    for path in story_files(root):
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8-sig", "replace")
        if not text.startswith("---"):
            continue
        start = text.find("\n") + 1
        end = text.find("\n---", start - 1)
        if end < 0:
            continue
        try:
            data = yaml.load(text[start : end + 1], Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        loaded += isinstance(data, dict)
    return loaded


_TITLE = re.compile(rb'^title: *"?(.*?)"? *\r?$', re.M)


def titles(root: str) -> list[str]:
    out = []
    for path in story_files(root):
        with open(path, "rb") as handle:
            found = _TITLE.search(handle.read())
        if found is not None:
            out.append(found.group(1).decode("utf-8", "replace"))
    return out


def cdist_pairs(root: str) -> int:
    import numpy as np
    from rapidfuzz import fuzz, process

    names = titles(root)
    scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=85, dtype=np.uint8, workers=-1)
    return int((np.count_nonzero(scores) - len(names)) // 2)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("yaml", "cdist"):
        print(__doc__, file=sys.stderr)
        return 2
    kind, root = args
    count = yaml_loop(root) if kind == "yaml" else cdist_pairs(root)
    print(count)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
