"""`w` in the duplicate review gives the Why the rows it needs, not a fixed share.

The trial, at 160x45: `w` cut the copies to 30% of the screen (their excerpts and the
table's bottom edge gone) while the Why, seven rows long, sat above twenty blank
rows. The Why's box took all the room left whatever its text needed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from tests.ui.test_small_terminals import copies_folder, lines, open_review
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.desk_footer import DeskFooter


def body_rows(app: NewsdeskApp) -> list[str]:
    """The rows between the status line and the footer, as drawn."""
    footer = app.screen.query_one(DeskFooter).region.y
    return lines(app)[1:footer]


def trailing_blank(rows: list[str]) -> int:
    count = 0
    for row in reversed(rows):
        if row.strip(" ▁▂▃▄▅▆▇█▔▕▏▎▍▌▋▊▉"):
            break
        count += 1
    return count


def hidden(app: NewsdeskApp) -> bool:
    """Whether some of the copies or of the Why is scrolled out of sight."""
    return any(box.max_scroll_y > 0 for box in app.screen.query(VerticalScroll))


async def settled_layout(pilot) -> None:
    for _ in range(3):
        await pilot.pause(0.1)


async def test_w_at_160x45_shows_the_whole_review_without_cutting_the_copies(tmp_path: Path) -> None:
    app = NewsdeskApp(str(copies_folder(tmp_path)))
    async with app.run_test(size=(160, 45)) as pilot:
        await open_review(pilot, app)
        before = body_rows(app)
        assert not hidden(app), "\n".join(before)
        for presses in (("w",), ("w",), ("w", "n")):
            await pilot.press(*presses)
            await settled_layout(pilot)
            rows = body_rows(app)
            # Everything fits at 160x45: nothing is cut, so nothing moves: the copies'
            # table keeps its bottom edge and every excerpt line, the Why all its lines.
            assert not hidden(app), "\n".join(rows)
            assert any("╰" in row for row in rows), "\n".join(rows)
            assert [r.rstrip() for r in rows if "unions" in r] == [r.rstrip() for r in before if "unions" in r]
            assert sum(r.split()[:1] == ["Why"] for r in rows) == 1
            assert any("says they are" in r or "different" in r for r in rows), "\n".join(rows)


@pytest.mark.parametrize("size", [(160, 45), (80, 24), (100, 30)], ids=["160x45", "80x24", "100x30"])
async def test_w_leaves_no_blank_rows_while_something_is_cut(tmp_path: Path, size: tuple[int, int]) -> None:
    """Whatever the size: after `w`, a blank row at the bottom means nothing is cut."""
    app = NewsdeskApp(str(copies_folder(tmp_path)))
    async with app.run_test(size=size) as pilot:
        await open_review(pilot, app)
        for _ in range(2):
            await pilot.press("w")
            await settled_layout(pilot)
            rows = body_rows(app)
            assert not (hidden(app) and trailing_blank(rows) > 0), "\n".join(rows)
