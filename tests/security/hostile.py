"""Hostile story folders, built by the tests themselves (nothing hostile is committed).

Each builder writes what an attacker could commit to a shared story folder, or what a
pipeline copying text from the open web could produce, and returns what a test needs
to check that nothing outside the folder was read as a story or written.
"""

from __future__ import annotations

import os
from pathlib import Path

TITLE = "City council approves budget $(touch PWNED) after long debate"


def story(
    title: str = "A plain story",
    *,
    url: str = "https://example.com/a",
    provider: str = "Example News",
    when: str = "2024-05-01T10:00:00Z",
    published: bool = True,
    extra: str = "",
    excerpt: str = "The council met on Tuesday and argued about the budget for many hours.",
) -> bytes:
    """A valid story file; `extra` is more front matter (YAML lines ending in a newline)."""
    text = (
        "---\n"
        f"title: {_quoted(title)}\n"
        f"excerpt: {_quoted(excerpt)}\n"
        f"publishedDateTime: {when}\n"
        f'webUrl: "{url}"\n'
        "type: article\n"
        f"published: {'true' if published else 'false'}\n"
        "provider:\n"
        f'  name: "{provider}"\n'
        "  domain: example.com\n"
        f"{extra}"
        "---\n"
        "Body text.\n"
    )
    return text.encode("utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def duplicate_pair(root: Path, title: str = TITLE) -> tuple[str, str]:
    """Two copies of one story from two providers, a suspected duplicate pair."""
    (root / "a.md").write_bytes(story(title, url="https://one.example/a", provider="One"))
    (root / "b.md").write_bytes(story(title, url="https://two.example/b", provider="Two", when="2024-05-01T11:00:00Z"))
    return "a.md", "b.md"


def alias_bomb(levels: int = 9, width: int = 9, key: str = "lol") -> str:
    """YAML "billion laughs": `levels` anchors, each `width` aliases of the one before,
    as the value of `key` (width ** levels values once expanded; a few hundred bytes)."""
    lines = ['l0: &l0 "lol"']
    for level in range(1, levels + 1):
        items = ", ".join(f"*l{level - 1}" for _ in range(width))
        lines.append(f"l{level}: &l{level} [{items}]")
    lines.append(f"{key}: *l{levels}")
    return "\n".join(lines) + "\n"


def outside_file(tmp_path: Path, name: str = "outside.md", data: bytes | None = None) -> Path:
    """A file beside (not inside) the story folder, that must never be read or written."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_bytes(story("Outside the folder") if data is None else data)
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    """A file's bytes and mtime: compared after an attack to prove it was not written."""
    return path.read_bytes(), os.stat(path).st_mtime_ns


def everything(tmp_path: Path, root: Path) -> dict[str, str]:
    """Every attack of issue #13 in one folder, beside a few plain stories and a duplicate
    pair; returns, per hostile file (story id), a word its problem must contain."""
    from tui.core.disk.atomic import TEMP_SUFFIX
    from tui.core.dupes.decisions import FILE, FOLDER

    for i in range(5):
        (root / f"plain-{i}.md").write_bytes(story(f"Plain story number {i}", url=f"https://example.com/{i}"))
    duplicate_pair(root)
    expected: dict[str, str] = {}
    (root / "headline.md").write_bytes(story("Headline " * 120_000))  # 1 MB: a story, drawn bounded
    for key in ("seo", "quality", "publishedDateTime", "topics"):
        raw = story(f"Bomb in {key}")
        (root / f"bomb-{key}.md").write_bytes(b"---\n" + alias_bomb(key=key).encode() + raw[4:])
        expected[f"bomb-{key}.md"] = "aliases expand"
    os.mkfifo(root / "fifo.md")
    expected["fifo.md"] = "FIFO"
    with open(root / "huge.md", "wb") as handle:
        handle.truncate(3 << 30)  # sparse
    expected["huge.md"] = "more than the 4 MB"
    outside = outside_file(tmp_path, "secret.md")
    (root / "link-out.md").symlink_to(outside)
    expected["link-out.md"] = "outside the folder"
    (root / "zero.md").symlink_to("/dev/zero")
    expected["zero.md"] = "outside the folder"
    (root / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    name = os.path.join(os.fsencode(root), b"caf\xe9-\x9b.md")
    with open(name, "wb") as handle:
        handle.write(b"---\ntitle: [unclosed\n---\n")
    expected[os.fsdecode(b"caf\xe9-\x9b.md")] = "bad YAML"
    (root / f".plain-0.md.0123abcd{TEMP_SUFFIX}").write_bytes(b"left by a crash")
    (root / FOLDER).mkdir()
    deep = b'{"decision": "distinct", "id": "x", "members": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    (root / FOLDER / FILE).write_bytes(b"{junk\n" * 200_000 + deep + b"\n")
    return expected
