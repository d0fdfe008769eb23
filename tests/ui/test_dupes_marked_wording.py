"""What marking duplicates says it did: copies marked, of which story, files written.

The trial read "Marked 2 duplicates of … (1 file)" as a contradiction: two copies
marked, one of them already unpublished, so one file written. The words now say so.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.helpers.pilot import ready, settle, until
from tests.helpers.stories import Spec, render
from tui.ui.app import NewsdeskApp
from tui.ui.screens.duplicates.screen import DuplicatesScreen
from tui.ui.screens.session_edits import SessionEditsScreen

FED = "Fed holds rates steady as inflation cools"
TEXT = "The Federal Reserve left its benchmark rate unchanged on Wednesday, pointing to cooling prices and jobs."
COPIES = {
    "kept.md": Spec(FED, TEXT, 0, "Digital Journal", "digitaljournal.com", published="true", quality=70),
    "live.md": Spec(FED, TEXT, 2, "Benzinga", "benzinga.com", published="true", quality=40),
    "off.md": Spec(FED, TEXT, 4, "Yahoo Finance", "finance.yahoo.com", published="false", quality=40),
}


async def test_marking_says_how_many_copies_of_which_story_and_how_many_files(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    for sid, spec in COPIES.items():
        (root / sid).write_bytes(render(spec, sid))
    before = {sid: (root / sid).read_bytes() for sid in COPIES}
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen) and app.screen.cluster is not None, 5)
        assert app.screen.canonical(app.screen.cluster) == "kept.md"
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DuplicatesScreen)
        await until(pilot, lambda: screen.last_message != "", 5)
        # Only live.md was written: off.md already was unpublished, kept.md is left as it was.
        assert (root / "kept.md").read_bytes() == before["kept.md"]
        assert (root / "off.md").read_bytes() == before["off.md"]
        assert (root / "live.md").read_bytes() == before["live.md"].replace(b"published: true", b"published: false")
        assert app.store.stories["live.md"].published is False
        said = f"Marked 2 copies as duplicates of “{FED}”: 1 unpublished, 1 already was"
        assert screen.last_message == f"{said}; 1 file written; the kept copy is left published"
        # The session's edits list the step with its file count, and the two agree.
        await pilot.press("escape", "L")
        await until(pilot, lambda: isinstance(app.screen, SessionEditsScreen), 5)
        options = app.screen.query_one(OptionList)
        assert str(options.get_option_at_index(0).prompt) == f"{said}  (1 file)"


async def test_marking_copies_all_already_unpublished_says_no_file_was_written(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    for sid, spec in COPIES.items():
        published = "true" if sid == "kept.md" else "false"
        (root / sid).write_bytes(render(Spec(spec.title, spec.excerpt, spec.hours, spec.provider, spec.domain,
                                             published=published, quality=spec.quality), sid))  # fmt: skip
    before = {sid: (root / sid).read_bytes() for sid in COPIES}
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 45)) as pilot:
        await ready(pilot, dupes=True)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen) and app.screen.cluster is not None, 5)
        await pilot.press("m")
        await settle(pilot)
        screen = app.screen
        await until(pilot, lambda: screen.last_message != "", 5)
        assert {sid: (root / sid).read_bytes() for sid in COPIES} == before
        assert screen.last_message == (
            f"Marked 2 copies as duplicates of “{FED}”: both already unpublished; no file written; "
            "the kept copy is left published"
        )
