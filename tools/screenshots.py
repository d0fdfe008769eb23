"""`make screenshots`: SVG and PNG pictures of the real app on a copy of seeds/.

The app runs headless under Textual's pilot, on a scratch copy of the seeds so the
pictures can toggle stories without touching the repository's files.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Shot:
    name: str
    size: tuple[int, int]
    keys: tuple[str, ...] = ()
    # The seeds hold no copies; the review is shown on a small generated desk folder
    # (the bench generator, fixed seed) that has wire copies and look-alike traps.
    generated: int = 0


SHOTS = [
    Shot("main-160x45", (160, 45), ("j",)),
    Shot("main-80x24", (80, 24), ("j",)),
    Shot("search-160x45", (160, 45), ("slash", *"facial police")),
    Shot("help-160x45", (160, 45), ("question_mark",)),
    Shot("graph-160x45", (160, 45), ("j", "tab", "tab", "j")),
    Shot("duplicates-160x45", (160, 45), ("d", "n"), generated=120),
    Shot("duplicates-80x24", (80, 24), ("d", "n"), generated=120),  # the small layout (issue 18)
]


async def _take(shot: Shot, seeds: Path, out: Path) -> Path:
    from tui.ui.app import NewsdeskApp

    app = NewsdeskApp(str(seeds))
    async with app.run_test(size=shot.size) as pilot:
        for _ in range(3000):
            if app.store.loaded and app.dupes.ready:
                break
            await pilot.pause(0.01)
        await pilot.pause(0.2)
        for key in shot.keys:
            await pilot.press(key)
        await pilot.pause(0.5)
        svg = out / f"{shot.name}.svg"
        svg.write_text(app.export_screenshot(), encoding="utf-8")
    return svg


def to_png(svg: Path) -> Path:
    import cairosvg

    png = svg.with_suffix(".png")
    cairosvg.svg2png(url=str(svg), write_to=str(png))
    return png


# Where the app keeps per-user things; pointed at a scratch folder for the run, so the
# pictures neither read the user's config (a remapped key would change them) nor leave
# view state or caches in their home folder.
USER_FOLDERS = ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "NEWSDESK_CACHE_DIR")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsdesk-shots-home-") as home:
        for name in USER_FOLDERS:
            os.environ[name] = str(Path(home) / name.lower())
        return _take_all(out)


def _take_all(out: Path) -> int:
    for shot in SHOTS:
        with tempfile.TemporaryDirectory() as scratch:
            seeds = Path(scratch) / "seeds"
            if shot.generated:
                from tests.storygen.generate import generate

                generate(str(seeds), shot.generated, seed=1, junk=False)
            else:
                shutil.copytree(REPO / "seeds", seeds)
            svg = asyncio.run(_take(shot, seeds, out))
        png = to_png(svg)
        print(f"{svg.relative_to(out.parent)}  {png.relative_to(out.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
