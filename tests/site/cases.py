"""One small Jekyll site holding every case of issue 14, and the outcome each file must get.

The same table drives the unit tests (tests/site/test_outcome.py: newsdesk's answer per
file) and the differential test (tests/site/test_jekyll_differential.py: a real
`jekyll build` of this site must agree file by file). Files that stop the whole build
are kept apart in BREAKERS: each is built on its own next to the base site.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BOM = b"\xef\xbb\xbf"

CONFIG = b"""\
title: differential
collections:
  news:
    output: true
  samples:
    output: false
defaults:
  - scope:
      path: "_news/drafts"
    values:
      published: false
  - scope:
      type: samples
    values:
      published: false
  - scope:
      path: "_news/embargo"
      type: news
    values:
      published: false
  - scope:
      path: "_news/typed"
      type: samples
    values:
      published: false
  - scope:
      path: "pagesdir"
    values:
      published: false
exclude:
  - private
"""

# Prints what Jekyll read: every document of every collection, every page, every static file.
LISTING = b"""\
---
---
{% for c in site.collections %}{% for d in c.docs %}DOC|{{ c.label }}|{{ d.relative_path }}|{{ d.url }}
{% endfor %}{% endfor %}{% for p in site.pages %}PAGE|{{ p.path }}|{{ p.url }}
{% endfor %}{% for f in site.static_files %}STATIC|{{ f.path }}
{% endfor %}"""


def story(*lines: str, body: str = "A story.\n", newline: str = "\n") -> bytes:
    text = newline.join(["---", "title: A story", *lines, "---", ""]) + body.replace("\n", newline)
    return text.encode("utf-8")


@dataclass(frozen=True, slots=True)
class Case:
    path: str
    raw: bytes
    outcome: str
    rule: str
    why: str  # the row of the table or the config case it stands for


CASES: tuple[Case, ...] = (
    # -- the table, in the `news` collection (output: true) --------------------
    Case("_news/plain.md", story(), "page", "page", "no published line"),
    Case("_news/true.md", story("published: true"), "page", "page", "published: true"),
    Case("_news/false.md", story("published: false"), "hidden", "literal-false", "published: false"),
    Case("_news/crlf-false.md", story("published: false", newline="\r\n"), "hidden", "literal-false", "CRLF"),
    Case("_news/nil.md", story("published: ~"), "listed", "nil-published", "published: ~"),
    Case("_news/empty-value.md", story("published:"), "listed", "nil-published", "published: (no value)"),
    Case("_news/quoted-false.md", story('published: "false"'), "page", "page", 'published: "false"'),
    Case("_news/zero.md", story("published: 0"), "page", "page", "published: 0"),
    Case("_news/n.md", story("published: n"), "page", "page", "published: n"),
    Case("_news/mixed-no.md", story("published: nO"), "hidden", "literal-false", "published: nO"),
    Case("_news/upper-off.md", story("published: OFF"), "hidden", "literal-false", "published: OFF"),
    Case("_news/quoted-no.md", story('published: "nO"'), "page", "page", 'published: "nO" (quoted)'),
    Case(
        "_news/bom.md",
        BOM + story("published: false", "secured: QUJD;REVG"),
        "raw",
        "bom",
        "byte-order mark, published: false",
    ),
    Case(
        "_news/bad-yaml.md",
        b"---\ntitle: [unclosed\npublished: false\n---\nBody.\n",
        "page",
        "bad-yaml",
        "bad YAML with published: false",
    ),
    Case("_news/list-root.md", b"---\n- published: false\n- b\n---\nBody.\n", "page", "not-mapping", "a list as root"),
    Case(
        "_news/symbol.md",
        story("subtitle: :-) smile", "published: false"),
        "page",
        "ruby-symbol",
        "a value Psych reads as a Ruby symbol, published: false",
    ),
    Case("_news/_underscore.md", story(), "ignored", "ignored", "name starting with _"),
    Case("_news/.dot.md", story(), "ignored", "ignored", "name starting with ."),
    Case("_news/#hash.md", story(), "ignored", "ignored", "name starting with #"),
    Case("_news/tilde.md~", story(), "ignored", "ignored", "name ending with ~"),
    Case("_news/empty-file.md", b"", "raw", "empty-file", "empty file"),
    Case("_news/no-front-matter.md", b"Just a note.\n", "raw", "no-front-matter", "no front matter"),
    Case("_news/indented.md", b" ---\ntitle: x\n---\nBody.\n", "raw", "indented-opener", "indented opener"),
    Case("_news/unclosed.md", b"---\ntitle: x\npublished: false\nBody.\n", "page", "page", "front matter never closed"),
    Case(
        "_news/latin1.txt",
        b"---\ntitle: caf\xe9\npublished: false\n---\nBody.\n",
        "page",
        "not-utf8-written",
        "not UTF-8, plain text: written whole, front matter included",
    ),
    Case("_news/story.txt", story(), "page", "page", "a .txt story"),
    Case("_news/sub/_nested/deep.md", story(), "page", "page", "an underscore folder nested in a collection"),
    # -- dates -----------------------------------------------------------------------
    Case("_news/2999-01-01-future.md", story(), "listed", "future", "a future date in the file name"),
    Case("_news/2001-01-01-past.md", story(), "page", "page", "a past date in the file name"),
    Case("_news/date-future.md", story("date: 2999-01-01"), "listed", "future", "a future `date:`"),
    # -- defaults: by path, by type, both --------------------------------------------------
    Case("_news/drafts/absent.md", story(), "hidden", "default-false", "defaults by path"),
    Case("_news/drafts/nil.md", story("published: ~"), "hidden", "default-false", "nil does not override a default"),
    Case("_news/drafts/true.md", story("published: true"), "page", "page", "the file overrides a default"),
    Case("_news/drafts-old/x.md", story(), "hidden", "default-false", "a scope path is a string prefix"),
    Case("_news/drafts/bom.md", BOM + story(), "raw", "bom", "a static file's defaults go by its URL"),
    Case("_news/embargo/e.md", story(), "hidden", "default-false", "defaults by path and type"),
    Case("_news/embargo/e-true.md", story("published: true"), "page", "page", "path and type, overridden"),
    Case("_news/typed/t.md", story(), "page", "page", "a path scope with another type does not apply"),
    # -- a collection with output: false, and a type default -------------------------------
    Case("_samples/plain.md", story(), "hidden", "default-false", "defaults by type"),
    Case("_samples/true.md", story("published: true"), "listed", "output-false", "output: false"),
    Case("_samples/nil.md", story("published: ~"), "hidden", "default-false", "nil and a type default"),
    Case(
        "_samples/bom.md", BOM + story(), "hidden", "static-unwritten", "a static file of an output: false collection"
    ),
    Case(
        "_samples/latin1.md",
        b"---\ntitle: caf\xe9\n---\nBody.\n",
        "hidden",
        "default-false",
        "not UTF-8 but hidden by a default: never rendered",
    ),
    # -- posts --------------------------------------------------------------------------
    Case("_posts/2020-01-01-post.md", story(), "page", "page", "a post"),
    Case("_posts/2020-01-02-nil.md", story("published: ~"), "hidden", "nil-published", "a post with published: ~"),
    Case("_posts/2020-01-03-false.md", story("published: false"), "hidden", "literal-false", "a post, false"),
    Case("_posts/2999-01-01-future.md", story(), "hidden", "future", "a future post"),
    Case(
        "_posts/2020-01-04-bom.md",
        BOM + story("published: false"),
        "hidden",
        "literal-false",
        "a post with a BOM: posts are read without the header test",
    ),
    Case("_posts/2020-01-05-nofm.md", b"Just text.\n", "page", "page", "a post without front matter"),
    Case(
        "_posts/2020-01-06-latin1.md", b"---\ntitle: caf\xe9\n---\nx\n", "hidden", "not-utf8-post", "a post not UTF-8"
    ),
    Case("_posts/undated.md", story(), "ignored", "ignored", "a post without a date in its name"),
    # -- pages, static files and folders Jekyll does not read ----------------------------------
    Case("index.md", story(), "page", "page", "a page"),
    Case("about.md", story("published: false"), "hidden", "page-unpublished", "a page, false"),
    Case("bom-root.md", BOM + story(), "raw", "bom", "a page with a BOM"),
    Case("notes.txt", b"notes\n", "raw", "no-front-matter", "a static file"),
    Case("pagesdir/p.md", story(), "page", "page", "defaults do not unpublish pages (Hash#fetch)"),
    Case("private/x.md", story(), "ignored", "ignored", "exclude"),
    Case("_unlisted/u.md", story(), "ignored", "ignored", "a folder that is not a collection"),
    Case("listing.html", LISTING, "page", "page", "the probe page"),
)

# Each stops `jekyll build`: built one at a time next to the base site.
BREAKERS: tuple[Case, ...] = (
    Case("_news/latin1.md", b"---\ntitle: caf\xe9\n---\nBody.\n", "breaks-build", "not-utf8", "not UTF-8, Markdown"),
    Case(
        "_news/liquid-latin1.txt",
        b"---\ntitle: caf\xe9\n---\n{{ page.title }}\n",
        "breaks-build",
        "not-utf8",
        "not UTF-8, with Liquid",
    ),
    Case("_news/2021-13-01-bad-month.md", story(), "breaks-build", "invalid-date", "a file name date Ruby refuses"),
    Case("_news/date-words.md", story("date: tomorrow"), "breaks-build", "invalid-date", "a `date:` Ruby refuses"),
    Case("_news/date-empty.md", story("date:"), "breaks-build", "invalid-date", "an empty `date:`"),
    Case(
        "page-list.md", b"---\n- a\n---\nx\n", "breaks-build", "page-not-mapping", "a page whose front matter is a list"
    ),
)


def build_site(root: Path, cases: tuple[Case, ...] = CASES, config: bytes = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "_config.yml").write_bytes(config)
    for case in cases:
        path = root / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.raw)
    return root
