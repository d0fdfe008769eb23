"""Blocking: which rare words a story is blocked on, and which of them count as one unit."""

from __future__ import annotations

from tui.core.dupes.blocking import rarest, unit_labels

TITLE_DF = {"governor": 500, "charlie": 20, "baker": 18, "veto": 30, "budget": 200, "once": 1}
LEDE_DF = {"veto": 40, "lawmakers": 90, "override": 3, "vote": 3, "friday": 300}


def _groups(labels: list[int] | None, keys: list[str]) -> list[set[str]]:
    labels = list(range(len(keys))) if labels is None else labels
    found: dict[int, set[str]] = {}
    for label, key in zip(labels, keys, strict=True):
        found.setdefault(label, set()).add(key)
    return sorted(found.values(), key=sorted)


def test_rarest_skips_words_no_other_story_has_and_keeps_text_order_on_ties() -> None:
    words = ("once", "governor", "charlie", "baker", "veto", "budget")
    assert rarest(words, TITLE_DF.__getitem__, 4) == ["baker", "charlie", "veto", "budget"]
    assert rarest(("override", "vote"), LEDE_DF.__getitem__, 4) == ["override", "vote"]


def test_a_name_is_one_unit_and_a_word_of_headline_and_lede_is_one_unit() -> None:
    words = ("governor", "charlie", "baker", "veto", "budget")
    ledes = ("lawmakers", "override", "vote", "veto", "friday")
    title_keys = rarest(words, TITLE_DF.__getitem__, 4)
    lede_keys = rarest(ledes, LEDE_DF.__getitem__, 4)
    labels = unit_labels(title_keys, words, lede_keys, ledes, TITLE_DF.__getitem__, LEDE_DF.__getitem__)
    keys = [*(f"t:{w}" for w in title_keys), *(f"e:{w}" for w in lede_keys)]
    assert lede_keys == ["override", "vote", "veto", "lawmakers"]  # "friday" is too common to be a key
    assert _groups(labels, keys) == [
        {"e:lawmakers"},
        {"e:override"},  # "override vote": side by side, but too rare for that to mean a name
        {"e:veto", "t:veto"},
        {"e:vote"},
        {"t:baker", "t:charlie"},  # about as frequent as each other, and side by side
        {"t:budget"},
    ]


def test_keys_far_apart_or_unalike_in_frequency_stay_apart() -> None:
    words = ("charlie", "governor", "budget", "baker")
    df = {"charlie": 20, "baker": 18, "governor": 500, "budget": 30}.__getitem__
    keys = rarest(words, df, 4)
    assert unit_labels(keys, words, [], (), df, df) is None
