"""A broken front matter's line, as Jekyll's own log names it.

Jekyll logs "YAML Exception reading FILE: (<unknown>): PROBLEM CONTEXT at line L column
C": Psych takes libyaml's context mark when the error has a context (where the quoted
scalar, the block mapping or the flow sequence began), else the problem's. newsdesk's
site view gives the same line and words (`psych.load`), so an editor who reads the
build log and the desk finds one line, not two. The cases are the faults an editor
makes by hand: a quote never closed (or closed by a later value's quote), an indented
key, a tab, a colon in a plain value, a flow list never closed.

Each case is checked without jekyll against the line Jekyll 4.3 (Debian 12, Psych 4)
printed for it; with `-m jekyll` (`make test-jekyll`) a real build says it again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.core.site.psych import PsychError, load

# name: (front matter between the --- lines, Jekyll's words, Jekyll's line in the file)
CASES = {
    "unclosed": (
        'layout: post\ntitle: "Broken headline\nauthor: x\npublished: true\ntopics:\n  - a\n',
        "found unexpected end of stream while scanning a quoted scalar",
        3,
    ),
    "closed-later": (
        'layout: post\ntitle: "Broken headline\nauthor: "x"\npublished: true\n',
        "did not find expected key while parsing a block mapping",
        2,
    ),
    "indented-key": (
        "layout: post\ntitle: ok\n  author: x\npublished: true\n",
        "mapping values are not allowed in this context",
        4,
    ),
    "tab": (
        "layout: post\ntitle: ok\n\tauthor: x\n",
        "found a tab character that violates indentation while scanning a plain scalar",
        3,
    ),
    "colon": ("layout: post\ntitle: a: b: c\nauthor: x\n", "mapping values are not allowed in this context", 3),
    "flow": (
        "layout: post\ntopics: [a, b\nauthor: x\n",
        "did not find expected ',' or ']' while parsing a flow sequence",
        3,
    ),
    "single": (
        "layout: post\ntitle: 'it''s\nauthor: x\n",
        "found unexpected end of stream while scanning a quoted scalar",
        3,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_line_and_words_are_jekylls(name: str) -> None:
    front, words, line = CASES[name]
    with pytest.raises(PsychError) as raised:
        load("---\n" + front)
    assert raised.value.kind == "Psych::SyntaxError"
    assert (raised.value.message, raised.value.line) == (words, line)


@pytest.mark.jekyll
@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed (apt-get install jekyll)")
def test_a_real_jekyll_names_the_same_line(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text("title: t\n", encoding="utf-8")
    for day, (name, (front, _, _)) in enumerate(sorted(CASES.items()), start=1):
        (site / "_posts" / f"2021-01-{day:02d}-{name}.md").write_text(f"---\n{front}---\nbody\n", encoding="utf-8")
    env = {**os.environ, "TZ": "UTC", "LC_ALL": "C.UTF-8"}
    command = ["jekyll", "build", "--safe", "--disable-disk-cache", "-s", str(site), "-d", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, check=False)
    said = {
        m.group(1): (m.group(2), int(m.group(3)))
        for m in re.finditer(
            r"2021-01-\d\d-([\w-]+)\.md: \(<unknown>\): (.+?) at line (\d+) column \d+", done.stdout + done.stderr
        )
    }
    assert said == {name: (words, line) for name, (_, words, line) in CASES.items()}, done.stdout + done.stderr
