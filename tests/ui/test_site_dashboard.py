"""The dashboard on a Jekyll site root (issue 14's third Done-when), driven by real keys.

A site with two collections (`news` with output, `samples` with `output: false`) and
the table's cases: every collection's story is listed (pages are not), each row's mark
is the site outcome and disagreements carry a `!`, `J` shows only those, `K` steps
through the collections, the detail pane says why, and `p` writes exactly the outcome.
"""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tests.helpers.pilot import palette_offers, ready, settle, until
from tests.site.cases import BOM, story
from tui.core.site import read_config, site_outcome
from tui.ui.app import NewsdeskApp
from tui.ui.widgets.detail import DetailPane

CONFIG = b"""\
collections:
  news:
    output: true
  samples:
    output: false
defaults:
  - scope:
      path: _news/drafts
    values:
      published: false
"""

FILES = {
    "_news/page.md": story("published: true"),
    "_news/nil.md": story("published: ~"),
    "_news/quoted.md": story('published: "false"'),
    "_news/off.md": story("published: OFF"),
    "_news/bom.md": BOM + story("published: false", "secured: QUJD"),
    "_news/drafts/d.md": story(),
    "_news/_ignored.md": story(),
    "_samples/s.md": story("published: true"),
    "_samples/h.md": story("published: false"),
    "index.md": story(),
}
DIFFERS = {"_news/nil.md", "_news/bom.md", "_news/drafts/d.md", "_news/_ignored.md", "_news/quoted.md"}


def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for rel, raw in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(raw)
    (root / "_config.yml").write_bytes(CONFIG)
    return root


def row_text(app: NewsdeskApp, sid: str) -> str:
    return app.main.articles.render_line(app.main.articles.ids.index(sid) + 1).text


def detail_text(app: NewsdeskApp) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(app.main.query_one(DetailPane)._body.content)
    return console.export_text()


async def test_a_site_root_shows_every_collection_marks_and_explains_disagreements(tmp_path: Path) -> None:
    root = site(tmp_path)
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        shown = set(app.main.articles.ids)
        # every collection's stories (`published: "false"` too: Jekyll builds it); not the page
        assert shown == set(FILES) - {"index.md"}
        assert "collection" in app.main.articles.render_line(0).text
        assert row_text(app, "_news/page.md").startswith("●")
        assert row_text(app, "_news/off.md").startswith("○")
        assert row_text(app, "_news/nil.md").startswith("◐") and "news    !" in row_text(app, "_news/nil.md")
        assert row_text(app, "_news/bom.md").startswith("⚠")
        assert row_text(app, "_news/quoted.md").startswith("●") and "news    !" in row_text(app, "_news/quoted.md")
        assert row_text(app, "_news/_ignored.md").startswith("·")
        assert row_text(app, "_samples/s.md").startswith("◐") and "samples  " in row_text(app, "_samples/s.md")
        assert row_text(app, "_samples/h.md").startswith("○")

        await pilot.press("J")  # only the disagreements
        await until(pilot, lambda: set(app.main.articles.ids) == DIFFERS, 5, seen=lambda: app.main.articles.ids)
        assert "site disagrees" in app.main.query_state.describe_filter()
        await pilot.press("J")
        await until(pilot, lambda: set(app.main.articles.ids) == shown, 5)

        await pilot.press("K")  # the collections one by one, then all
        labels = app.store.site.labels()
        assert set(labels) == {"news", "samples"}
        for label in labels:
            want = {sid for sid in shown if sid.startswith(f"_{label}/")}

            def showing(want: set[str] = want) -> bool:
                return set(app.main.articles.ids) == want

            await until(pilot, showing, 5, seen=lambda: app.main.articles.ids)
            await pilot.press("K")
        await until(pilot, lambda: set(app.main.articles.ids) == shown, 5)

        app.main.jump_to("_news/nil.md")
        await until(
            pilot, lambda: "Jekyll lists it but writes no page" in detail_text(app), 5, seen=lambda: detail_text(app)
        )
        assert "not what its published line seems to say" in detail_text(app)
        app.main.jump_to("_news/bom.md")
        await until(pilot, lambda: "front matter and secured payload copied to the site" in detail_text(app), 5)
        app.main.jump_to("_news/quoted.md")
        await until(pilot, lambda: "only a literal false hides a story" in detail_text(app), 5)


async def test_p_on_a_site_writes_exactly_the_outcome_and_u_restores_the_bytes(tmp_path: Path) -> None:
    root = site(tmp_path)
    config = read_config(str(root))
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        app.main.jump_to("_news/nil.md")  # listed: `p` makes it a page (none of the selection is one)
        await until(pilot, lambda: app.main.articles.current == "_news/nil.md", 5)
        await pilot.press("p")
        await settle(pilot)
        raw = (root / "_news/nil.md").read_bytes()
        assert site_outcome("_news/nil.md", raw, config).outcome == "page" and b"published: true\n" in raw
        await until(pilot, lambda: row_text(app, "_news/nil.md").startswith("●"), 5)
        await pilot.press("p")
        await settle(pilot)
        assert site_outcome("_news/nil.md", (root / "_news/nil.md").read_bytes(), config).outcome == "hidden"
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert (root / "_news/nil.md").read_bytes() == FILES["_news/nil.md"]

        app.main.jump_to("_news/quoted.md")  # `published: "false"` is a page: `p` hides it, `u` restores it
        await until(pilot, lambda: app.main.articles.current == "_news/quoted.md", 5)
        await pilot.press("p")
        await settle(pilot)
        assert (root / "_news/quoted.md").read_bytes() == FILES["_news/quoted.md"].replace(b'"false"', b"false")
        await until(pilot, lambda: row_text(app, "_news/quoted.md").startswith("○"), 5)
        await pilot.press("u")
        await settle(pilot)
        assert (root / "_news/quoted.md").read_bytes() == FILES["_news/quoted.md"]
        await until(pilot, lambda: row_text(app, "_news/quoted.md").startswith("●"), 5)

        app.main.jump_to("_news/bom.md")  # a BOM: refused, nothing written, the message says what to fix
        await until(pilot, lambda: app.main.articles.current == "_news/bom.md", 5)
        await pilot.press("p")
        await settle(pilot)
        assert (root / "_news/bom.md").read_bytes() == FILES["_news/bom.md"]
        await until(pilot, lambda: any("byte-order mark" in str(n.message) for n in app._notifications), 5)


async def test_the_palette_offers_the_site_filters(tmp_path: Path) -> None:
    root = site(tmp_path)
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"site disagrees")
        await palette_offers(pilot, "Site disagrees")
        await pilot.press("enter")
        await until(pilot, lambda: set(app.main.articles.ids) == DIFFERS, 5, seen=lambda: app.main.articles.ids)
        await pilot.press("ctrl+p")
        await pilot.press(*"collection")
        await palette_offers(pilot, "Collection")
        await pilot.press("enter")
        await until(pilot, lambda: app.main.query_state.collection is not None, 5)
        assert set(app.main.articles.ids) <= DIFFERS


# Files newsdesk cannot read as stories, each something Jekyll does something with.
BROKEN = {
    "_news/bad-yaml.md": b"---\ntitle: [Bad yaml\npublished: false\n---\nBody.\n",  # goes live from empty data
    "_news/no-front-matter.md": b"Just a note, secured: QUJD\n",  # copied raw
    "_news/latin1.md": b"---\ntitle: Caf\xe9 story\n---\nBody.\n",  # breaks the build
    "_news/list-root.md": b"---\n- a\n- b\n---\nBody.\n",  # a page, no title of its own
}
BROKEN_MARKS = {
    "_news/bad-yaml.md": ("●", "[Bad yaml"),
    "_news/no-front-matter.md": ("⚠", "no-front-matter.md"),
    "_news/latin1.md": ("✖", "Caf\ufffd story"),
    "_news/list-root.md": ("●", "list-root.md"),
}


def broken_site(tmp_path: Path) -> Path:
    root = site(tmp_path)
    for rel, raw in BROKEN.items():
        (root / rel).write_bytes(raw)
    return root


async def test_files_newsdesk_cannot_read_are_rows_with_their_site_mark_and_p_refuses_them(tmp_path: Path) -> None:
    root = broken_site(tmp_path)
    app = NewsdeskApp(str(root), watch=False)
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        store = app.store
        # Rows of the list, never stories (tests/site/test_unreadable_rows.py: no finder, no graph).
        assert set(BROKEN) <= set(app.main.articles.ids)
        assert not set(BROKEN) & set(store.stories) and set(store.unreadable) == set(BROKEN)
        for sid, (mark, title) in BROKEN_MARKS.items():
            assert row_text(app, sid).startswith(mark), (sid, row_text(app, sid))
            assert title in row_text(app, sid), (sid, row_text(app, sid))
        assert "news    !" in row_text(app, "_news/bad-yaml.md")  # its `published: false` does nothing
        rows = len(app.main.articles.ids)  # the status line counts them as rows of the folder
        assert rows == len(store.stories) + len(BROKEN) and f" {rows}/{rows} " in str(
            app.main.query_one("#status").render()
        )

        await pilot.press("J")  # the disagreements: the raw copy, the build breaker, the live `false`
        want = DIFFERS | {"_news/bad-yaml.md", "_news/no-front-matter.md", "_news/latin1.md"}
        await until(pilot, lambda: set(app.main.articles.ids) == want, 5, seen=lambda: app.main.articles.ids)
        await pilot.press("J")

        await pilot.press("K")  # one collection: the `news` rows stay
        await until(pilot, lambda: app.main.query_state.collection == "news", 5)
        assert set(BROKEN) <= set(app.main.articles.ids)
        await pilot.press("escape")
        await until(pilot, lambda: not app.main.query_state.filtered, 5)

        app.main.jump_to("_news/no-front-matter.md")
        await until(pilot, lambda: app.main.articles.current == "_news/no-front-matter.md", 5)
        await until(pilot, lambda: "cannot read it as a story" in detail_text(app), 5, seen=lambda: detail_text(app))
        text = detail_text(app)
        assert "raw: copied into the site as it is" in text and "does not start with a `---` line" in text
        assert "to fix: the file has no front matter for Jekyll" in text

        app.main.jump_to("_news/latin1.md")
        await until(pilot, lambda: "breaks the build" in detail_text(app), 5, seen=lambda: detail_text(app))
        assert "save it as UTF-8" in detail_text(app)

        app.main.jump_to("_news/bad-yaml.md")  # bad YAML goes live: `p` would hide it, and is refused
        await until(pilot, lambda: app.main.articles.current == "_news/bad-yaml.md", 5)
        await until(pilot, lambda: "no front matter of its own" in detail_text(app), 5, seen=lambda: detail_text(app))
        await pilot.press("p")
        await settle(pilot)
        await until(pilot, lambda: any("fix the YAML first" in str(n.message) for n in app._notifications), 5)
        await pilot.press("h")  # no headline to edit: it says why
        await until(
            pilot, lambda: any("cannot read this file as a story" in str(n.message) for n in app._notifications), 5
        )
        await pilot.press("space")  # marked with a story: all or nothing
        app.main.jump_to("_news/page.md")
        await until(pilot, lambda: app.main.articles.current == "_news/page.md", 5)
        await pilot.press("space")
        assert app.main.articles.marked == {"_news/bad-yaml.md", "_news/page.md"}
        await pilot.press("p")
        await settle(pilot)
        await until(pilot, lambda: sum("fix the YAML first" in str(n.message) for n in app._notifications) == 2, 5)
        for rel, raw in BROKEN.items():
            assert (root / rel).read_bytes() == raw, rel
        assert (root / "_news/page.md").read_bytes() == FILES["_news/page.md"]
        assert not store.can_undo
