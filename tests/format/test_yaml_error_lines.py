"""A file with a quote left open is reported at the line where the quote opens.

The editor trial: the problems screen gave the line where the YAML scanner gave up, the
last line of the front matter for an unterminated quote, or a later line where another
value's quote closed it. Real seeds are broken the ways a hand edit breaks them (the
closing quote deleted, a stray opening quote typed), in LF and CRLF files with and
without a byte-order mark, and read both by the fast reader and by the loader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.paths import SEED_FILES
from tests.helpers.pilot import ready, until
from tui.core.format.decode import parse_story
from tui.core.format.frontmatter import FrontMatterError, parse
from tui.ui.app import NewsdeskApp


def _quoted_lines(raw: bytes) -> list[int]:
    """0-based indexes of the top-level `key: "..."` lines of the front matter."""
    lines = raw.split(b"\n")
    close = lines.index(b"---", 1)
    return [i for i in range(1, close) if b': "' in lines[i] and not lines[i].startswith(b" ")]


def _variants(raw: bytes) -> list[tuple[str, bytes, int]]:
    """(how, broken bytes, 1-based line of the open quote) for each quoted top-level value:
    its closing quote deleted (the scanner reads to the end of the front matter), and its
    opening `"` typed as `'` (the value runs on until a later line's `'` closes it, or to
    the end). A value holding a `'` itself is left out: that quote closes it on its line."""
    out = []
    lines = raw.split(b"\n")
    for i in _quoted_lines(raw):
        unclosed = list(lines)
        assert unclosed[i].endswith(b'"')
        unclosed[i] = unclosed[i][:-1]
        out.append((f"line {i + 1} unclosed", b"\n".join(unclosed), i + 1))
        if b"'" not in lines[i]:
            single = list(lines)
            single[i] = single[i].replace(b': "', b": '", 1)
            out.append((f"line {i + 1} single quote opened", b"\n".join(single), i + 1))
    return out


CASES = [(seed.name, how, broken, line) for seed in SEED_FILES for how, broken, line in _variants(seed.read_bytes())]


@pytest.mark.parametrize("form", ["lf", "crlf-bom"])
@pytest.mark.parametrize(("seed", "how", "broken", "line"), CASES, ids=[f"{c[0][:3]} {c[1]}" for c in CASES])
def test_the_line_of_an_open_quote(seed: str, how: str, broken: bytes, line: int, form: str) -> None:
    if form == "crlf-bom":
        broken = b"\xef\xbb\xbf" + broken.replace(b"\n", b"\r\n")
    story, problems = parse_story(seed, broken)
    assert story is None and len(problems) == 1
    problem = problems[0]
    assert problem.line == line, (how, problem)
    assert "quote" in problem.message
    with pytest.raises(FrontMatterError) as caught:
        parse(broken)
    assert caught.value.line == line


def test_cases_cover_each_kind() -> None:
    """Both faults, on every seed: an unterminated quote and one closed by a later value."""
    assert {c[0] for c in CASES} == {s.name for s in SEED_FILES}
    assert any("unclosed" in c[1] for c in CASES) and any("single" in c[1] for c in CASES)
    assert len(CASES) >= 20


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        # The scanner reads to the end of the front matter: the quote's line, and where it gave up.
        ("---\ntitle: x\nexcerpt: 'open\ntype: article\nquality: 1\n---\n", 3, "never closed"),
        # The next value's quote closes it; the parser stumbles on line 4.
        ('---\ntitle: "open\ntype: article\nwebUrl: "https://e.com"\n---\n', 2, "runs on to line 4"),
        # Not a quote: the line the loader names.
        ("---\ntitle: x\ntype: [article\nquality: 1\n---\n", None, "while parsing a flow sequence"),
        ("---\ntitle: x\n  bad: indent\n---\n", 3, "mapping values are not allowed"),
        # A quoted value over two lines, closed properly, then a real fault on a later line.
        ('---\ntitle: "two\n  lines"\ntype: a: b\n---\n', 4, "mapping values"),
    ],
)
def test_other_faults_keep_the_loaders_line(text: str, line: int | None, words: str) -> None:
    _, problems = parse_story("x.md", text.encode())
    assert len(problems) == 1
    assert words in problems[0].message
    if line is not None:
        assert problems[0].line == line, problems[0]


async def test_problems_screen_shows_the_line_to_fix(seeds_copy: Path) -> None:
    raw = SEED_FILES[0].read_bytes()
    assert raw.split(b"\n")[2].startswith(b'title: "')
    (seeds_copy / "broken.md").write_bytes(raw.replace(b'Accountability"\n', b"Accountability\n", 1))
    app = NewsdeskApp(str(seeds_copy), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("e")
        from textual.widgets import DataTable

        from tui.ui.screens.problems import ProblemsScreen

        await until(pilot, lambda: isinstance(app.screen, ProblemsScreen), 5)
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count >= 1, 5)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert row[0] == "broken.md" and row[1] == "3", row
        assert "quote" in row[3]
        # enter on the row: the toast names the line too (the trial saw only the words)
        await pilot.press("enter")
        await until(pilot, lambda: any(n.title == "Problem" for n in app._notifications), 5)
        said = next(n.message for n in app._notifications if n.title == "Problem")
        assert said.startswith("broken.md: line 3: ") and "quote" in said, said
