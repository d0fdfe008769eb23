"""YAML that says a lot in a few bytes is a problem found while parsing, never a stall
or an out-of-memory (issue #13, attack 5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.security.capped import measure
from tests.security.hostile import alias_bomb, story
from tui.core.format.decode import check_story, parse_story
from tui.core.format.frontmatter import MAX_VALUES


def bomb_story(key: str, levels: int = 9) -> bytes:
    plain = story("A story with a bomb in it")
    return b"---\n" + alias_bomb(levels, key=key).encode() + plain[len(b"---\n") :]


@pytest.mark.parametrize("key", ["seo", "quality", "publishedDateTime", "topics"])
def test_alias_bomb_is_a_problem_found_while_parsing(key: str) -> None:
    """Nine levels of nine aliases (387 million values) in an unknown key froze the
    dashboard; in `quality`, `publishedDateTime` or `topics` a check took 66 s and 3 GB."""
    for levels in (9, 10):  # one more level was a MemoryError
        raw = bomb_story(key, levels)
        story_, problems = parse_story("bomb.md", raw)
        ok, checked = check_story("bomb.md", raw)
        assert story_ is None and not ok
        for found in (problems, checked):
            assert [p.message for p in found] == [
                f"front matter too big: aliases expand to more than {MAX_VALUES} values; not read"
            ]


def test_alias_bomb_folder_commands_stay_within_bounds(tmp_path: Path) -> None:
    root = tmp_path / "stories"
    root.mkdir()
    for key in ("seo", "quality", "publishedDateTime", "topics"):
        (root / f"{key}.md").write_bytes(bomb_story(key))
    (root / "plain.md").write_bytes(story("A plain story"))
    commands = [["check", "--no-cache"], ["list", "--no-cache"], ["dupes"], ["publish", "quality.md"]]
    measured = measure(  # all four in one child, within the bounds of one attack
        "import io, sys\nfrom tui.cli.main import main\nimport tui.cli.dupes, tui.cli.commands",
        "result = []\n"
        f"for command in {commands!r}:\n"
        "    sys.stdout = sys.stderr = io.StringIO()\n"
        f"    code = main([command[0], '--seeds', {str(root)!r}, *command[1:]])\n"
        "    result.append([code, sys.stdout.getvalue()])\n",
    )
    measured.within_bounds()
    for command, (code, out) in zip(commands, measured.result, strict=True):
        assert "Traceback" not in out and "MemoryError" not in out
        if command[0] in ("check", "publish"):
            assert code == 1 and "aliases expand to more than" in out, out


def test_a_small_legitimate_alias_still_loads() -> None:
    extra = "defaults: &d {width: 840}\nimages:\n  - url: https://example.com/a.jpg\n    <<: *d\n"
    story_, problems = parse_story("ok.md", story("Anchors are fine", extra=extra))
    assert story_ is not None and story_.images[0].width == 840, problems


def test_a_million_values_in_a_few_megabytes_are_refused_before_they_are_built(tmp_path: Path) -> None:
    """Within the size limit, a front matter of 3 MB of `- tN` lines is 400,000 nodes:
    counted from parser events and refused, never built."""
    lines = "".join(f"  - t{i}\n" for i in range(400_000)).encode()
    path = tmp_path / "t.md"
    path.write_bytes(story("Too many topics").replace(b"type: article\n", b"type: article\ntopics:\n" + lines, 1))
    measured = measure(
        "from tui.core.format.decode import parse_story, check_story",
        f"raw = open({str(path)!r}, 'rb').read()\n"
        "result = [[p.message for p in parse_story('t.md', raw)[1]], [p.message for p in check_story('t.md', raw)[1]]]",
    )
    measured.within_bounds()
    assert measured.result == [[f"front matter too big: it holds more than {MAX_VALUES} values; not read"]] * 2


def test_a_one_megabyte_headline_is_still_a_story() -> None:
    raw = story("Headline " * 120_000)
    story_, problems = parse_story("long.md", raw)
    assert story_ is not None and len(story_.title) > 1_000_000, problems
