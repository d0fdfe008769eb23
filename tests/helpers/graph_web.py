"""A small web of stories with every kind of link, for the graph tests.

The web folder is written as real story files (parsed by the real codec), so URL
variants, merges and hostile titles go through the same path as a user's folder.
tests/graph/conftest.py makes it a fixture (`web_folder`); `story_text` writes one
more story for a test that adds to it.
"""

from __future__ import annotations

import json
from pathlib import Path

HOSTILE = {
    "bold": "[bold]x[/] council plan",
    "click": "[@click=app.quit]Quit now",
    "accent": "[$accent]styled[/] \x1b[31mred alert",
}


def story_text(
    title: str,
    url: str,
    provider: str,
    related: list[dict[str, str]] = (),  # type: ignore[assignment]
    published: bool | None = True,
    date: str = "2024-03-01T10:00:00Z",
) -> str:
    lines = [
        "---",
        "category: news",
        f"title: {json.dumps(title)}",
        'excerpt: "An excerpt."',
        f"publishedDateTime: {date}",
        f"originalUrl: {json.dumps(url)}",
        f"webUrl: {json.dumps(url)}",
        "type: article",
        "quality: 50",
        "heat: 10",
    ]
    if published is not None:
        lines.append(f"published: {'true' if published else 'false'}")
    lines += ["provider:", f"  name: {json.dumps(provider)}", f"  domain: {json.dumps(provider.lower())}"]
    if related:
        lines.append("related:")
        for item in related:
            lines.append(f"  - title: {json.dumps(item['title'])}")
            if item.get("url"):
                lines.append(f"    webUrl: {json.dumps(item['url'])}")
            lines.append(f"    excerpt: {json.dumps(item.get('excerpt', 'Related excerpt.'))}")
            lines.append(f"    publishedDateTime: {date}")
            lines.append("    provider:")
            lines.append(f"      name: {json.dumps(item.get('provider', 'Elsewhere'))}")
            lines.append(f"      domain: {json.dumps(item.get('provider', 'elsewhere').lower())}")
    lines += ["---", ""]
    return "\n".join(lines)


def write_web(tmp: Path) -> Path:
    """Six stories: a mutual pair reached through URL variants, a shared external item
    cited through two spellings, a chain to a second hop, hostile titles, an island."""
    root = tmp / "web"
    root.mkdir()
    files = {
        "a.md": story_text(
            "Council votes on facial recognition ban",
            "https://www.city.example/news/council-vote",
            "City Paper",
            [
                {"title": "Ban passes after long debate", "url": "http://state.example/ban-passes/?utm_source=feed"},
                {
                    "title": "Civil groups welcome the vote",
                    "url": "https://www.rights.example/welcome",
                    "provider": "Rights Watch",
                },
                {"title": "Police union objects", "url": "https://union.example/objects", "provider": "Union Daily"},
            ],
        ),
        "b.md": story_text(
            "Ban passes after long debate",
            "https://state.example/ban-passes",
            "State Wire",
            [
                {"title": "Council votes on facial recognition ban", "url": "https://city.example/news/council-vote/"},
                {"title": HOSTILE["bold"], "url": "https://bold.example/plan"},
                {
                    "title": "Civil groups welcome the vote!",
                    "url": "http://rights.example/welcome?utm_medium=x",
                    "provider": "Rights Watch",
                },
            ],
            published=False,
        ),
        "c.md": story_text(
            HOSTILE["bold"],
            "https://bold.example/plan",
            "Bold News",
            [{"title": "Quit now", "url": "https://click.example/quit"}, {"title": "A report with no link"}],
        ),
        "d.md": story_text(HOSTILE["click"], "https://click.example/quit", "Click [Co]", published=None),
        "e.md": story_text(
            HOSTILE["accent"],
            "https://accent.example/red",
            "Accent\x1b[0m Media",
            [{"title": "Council votes", "url": "https://city.example/news/council-vote?utm_campaign=z"}],
        ),
        "f.md": story_text("An island story", "https://island.example/alone", "Island Post"),
    }
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


WEB_DUPLICATES = [("a.md", "e.md", 0.91, "open"), ("b.md", "d.md", 0.75, "rejected")]
