"""The review's texts (issue 17): pairs told apart where their titles differ; excerpts
shown as the text they stand for."""

from __future__ import annotations

from tui.ui.screens.duplicates.text import excerpt_text, told_apart

RELEASE = "Provance Releases ServiceTeam, a New IT Service Management Suite for Microsoft Dynamics 365"


def test_two_titles_alike_for_fifty_characters_are_told_apart() -> None:
    a = "RE-TRANSMISSION: " + RELEASE.replace(",", "")
    b = "RE-TRANSMISSION: " + RELEASE
    left, right = told_apart(a, b)
    assert left != right
    assert "ServiceTeam a New" in left and "ServiceTeam, a New" in right
    assert left.startswith("… ") and left.endswith(" …")


def test_a_dropped_word_shows_with_its_context() -> None:
    left, right = told_apart(
        "Why GitLab regional spyware could face new rules", "Why GitLab spyware could face new rules"
    )
    assert left == "Why GitLab regional spyware could …" and right == "Why GitLab spyware could …"


def test_identical_titles_come_back_whole_and_bounded() -> None:
    assert told_apart(RELEASE, RELEASE, room=200) == (RELEASE, RELEASE)
    huge = "A" * 100_000
    left, right = told_apart(huge, huge + " B", room=60)
    assert len(left) <= 60 and len(right) <= 60


def test_excerpt_entities_and_control_characters_are_text() -> None:
    raw = "&#8220;Service desks told us,&#8221; said Mike\x0d\nSullivan &amp;amp; [b]team[/b]\x07."
    shown = excerpt_text(raw)
    assert shown == "“Service desks told us,” said Mike\nSullivan & [b]team[/b]\\x07."
    assert "&#" not in shown and "\r" not in shown
    assert len(excerpt_text("x" * 50_000, limit=100)) == 100
