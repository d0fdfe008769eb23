"""The folder generator (deterministic, realistic, with ground truth) and an eval smoke run."""

from __future__ import annotations

from pathlib import Path

from bench.eval_dupes import evaluate, measure, per_kind, per_kind_recall
from tests.helpers.paths import SEEDS
from tests.storygen.generate import TRUTH_FILE, generate, load_truth
from tui.core.format.decode import parse_story
from tui.core.format.urls import canonical_url
from tui.core.store.store import Store


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_folder(tmp_path: Path) -> None:
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    generate(str(one), 400, seed=4)
    generate(str(two), 400, seed=4)
    generate(str(three), 400, seed=5)
    assert _files(one) == _files(two)
    assert _files(one) != _files(three)


def test_files_look_like_a_real_folder(tmp_path: Path) -> None:
    root = tmp_path / "news"
    generate(str(root), 600, seed=1)
    stories = []
    raws = {p.name: p.read_bytes() for p in root.iterdir() if p.is_file() and not p.name.startswith(".")}
    for name, raw in raws.items():
        story, problems = parse_story(name, raw)
        if name.startswith(("notes_", "draft_")):
            assert story is None  # the non-story files real folders have
            continue
        assert story is not None, problems
        stories.append(story)
    assert len(stories) == 600
    datas = [r for n, r in raws.items() if not n.startswith(("notes_", "draft_"))]
    assert 0.15 < sum(b"\r\n" in r for r in datas) / 600 < 0.35
    assert 0.04 < sum(r.startswith(b"\xef\xbb\xbf") for r in datas) / 600 < 0.2
    assert 0.1 < sum(not s.published_explicit for s in stories) / 600 < 0.3
    assert 0.15 < sum(not s.published for s in stories) / 600 < 0.4
    assert all(s.secured_bytes and s.secured_bytes > 400 for s in stories)
    assert len({s.provider_name for s in stories}) > 30 and len({s.published_at.year for s in stories}) >= 5
    assert 2500 < sum(map(len, datas)) / 600 < 4500
    store = Store(str(root))
    store.load()
    assert len(store) == 600  # the hidden truth file is no story
    linked = sum(1 for s in stories for item in s.related if store.resolve(item) is not None)
    outside = sum(1 for s in stories for item in s.related if store.resolve(item) is None)
    assert linked > 100 and outside > 100


def test_ground_truth(tmp_path: Path) -> None:
    root = tmp_path / "news"
    truth = generate(str(root), 1500, seed=2, junk=False)
    assert truth == load_truth(str(root)) and (root / TRUTH_FILE).exists()
    store = Store(str(root))
    store.load()
    assert len(truth.clusters) > 50 and len(truth.traps) > 20
    kinds = {k for k, _ in truth.traps}
    assert {"recurring-month", "preview-ga", "product-template", "same-event"} <= kinds
    for cluster in truth.clusters:
        original = store.stories[cluster[0]]
        for sid in cluster[1:]:
            copy = store.stories[sid]
            gap = (copy.published_at - original.published_at).total_seconds() / 3600
            assert 0 < gap < 72, (original.title, copy.title)
            if "url-variant" in truth.how[sid]:
                assert canonical_url(copy.url) == canonical_url(original.url)
    hows = {h for v in truth.how.values() for h in v}
    assert {"title:wire-prefix", "title:typo", "title:retitled", "url-variant", "excerpt:truncated"} <= hows


def test_with_seeds_keeps_them_byte_for_byte_and_labels_the_real_copy(tmp_path: Path) -> None:
    root = tmp_path / "news"
    truth = generate(str(root), 200, seed=3, seeds_dir=str(SEEDS), junk=False)
    for seed in SEEDS.iterdir():
        assert (root / seed.name).read_bytes() == seed.read_bytes()
    syndicated = [c for c in truth.clusters if "003_644e7f27e603fab3.txt" in c]
    assert len(syndicated) == 1 and len(syndicated[0]) == 2
    assert any(k == "same-event" and "000_8dcd983ef76e6965.txt" in ids for k, ids in truth.traps)


def test_eval_smoke(tmp_path: Path) -> None:
    root = tmp_path / "eval"
    generate(str(root), 800, seed=11, seeds_dir=str(SEEDS), junk=False)
    index, truth, _ = evaluate(root)
    quality = measure(index, truth, 80)
    assert quality.precision >= 0.95 and quality.recall >= 0.9 and quality.trap_pairs == 0
    found, total = per_kind_recall(index, truth, 80)["title:wire-prefix"]
    assert total > 5 and found >= 0.9 * total


def test_headline_only_copies_and_recurring_series(tmp_path: Path) -> None:
    """Issue 17's folder: a quarter of the copies keep (or barely change) the headline over
    a fresh excerpt, 0-72 h later; recurring series share their headline words."""
    root = tmp_path / "news"
    truth = generate(str(root), 1500, seed=5, junk=False, headline_share=0.25, series_share=0.1)
    store = Store(str(root))
    store.load()
    fresh = [(c[0], sid) for c in truth.clusters for sid in c[1:] if "headline-only" in truth.how[sid]]
    copies = sum(len(c) - 1 for c in truth.clusters)
    assert 0.15 < len(fresh) / copies < 0.35
    for original_id, sid in fresh:
        original, copy = store.stories[original_id], store.stories[sid]
        gap = (copy.published_at - original.published_at).total_seconds() / 3600
        assert 0 < gap < 72 and copy.excerpt != original.excerpt
        assert len(set(copy.title.lower().split()) ^ set(original.title.lower().split())) <= 2
    kinds = {k for k, _ in truth.traps}
    assert {"series:community-call", "series:short-generic", "series:demo-day"} <= kinds
    index, _, _ = evaluate(root)
    quality = measure(index, truth, 80)
    assert quality.precision >= 0.95 and quality.recall >= 0.95 and quality.trap_pairs == 0
    kinds_quality = {k.kind: k for k in per_kind(index, truth, 80)}
    assert kinds_quality["headline-only"].recall >= 0.9 and kinds_quality["headline-only"].precision == 1.0
