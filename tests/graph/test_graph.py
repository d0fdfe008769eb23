"""The graph model: link resolution, merges, edges, neighbourhoods, components, updates."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.graph_web import WEB_DUPLICATES, story_text
from tui.core.format.decode import parse_story
from tui.core.graph import Edge, Graph, external_id, is_external, normalize_title
from tui.core.model import RelatedItem
from tui.core.store.store import Store

RIGHTS = "\x00url:rights.example/welcome"
UNION = "\x00url:union.example/objects"
NO_LINK = "\x00title:a report with no link"


@pytest.fixture
def web(web_folder: Path) -> tuple[Store, Graph]:
    store = Store(str(web_folder))
    store.load()
    return store, Graph(store, WEB_DUPLICATES)


def test_core_graph_never_imports_textual() -> None:
    code = "import sys, tui.core.graph; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_related_links_resolve_through_url_variants(web: tuple[Store, Graph]) -> None:
    _, graph = web
    # a cites b as http://, no www, trailing slash, utm_source; b cites a with a trailing
    # slash and without www; e cites a with utm_campaign.
    ab = graph.link("a.md", "b.md")
    assert ab.out and ab.back and ab.kind == "reciprocal"
    ea = graph.link("e.md", "a.md")
    assert ea.out and not ea.back
    assert graph.neighbours("a.md") == {"b.md", "e.md", RIGHTS, UNION}


def test_incoming_links_and_degrees(web: tuple[Store, Graph]) -> None:
    _, graph = web
    assert graph.degree("a.md").out == 3
    assert graph.degree("a.md").incoming == 2  # b and e
    assert graph.degree("a.md").duplicates == 1
    assert graph.degree("d.md").incoming == 1  # only c lists it
    assert graph.degree("f.md").total == 0
    assert graph.degree(RIGHTS).incoming == 2


def test_external_items_merge_across_url_spellings(web: tuple[Store, Graph]) -> None:
    _, graph = web
    ext = graph.external(RIGHTS)
    assert ext is not None
    assert ext.listed_by == ("a.md", "b.md")
    assert ext.item.title == "Civil groups welcome the vote"  # as a.md, the first citer, wrote it
    assert graph.info(RIGHTS).kind == "external"
    assert graph.info(RIGHTS).provider == "Rights Watch"
    # an entry with no URL is known by its normalized title
    assert graph.external(NO_LINK) is not None and graph.external(NO_LINK).listed_by == ("c.md",)


def test_external_ids() -> None:
    with_url = RelatedItem(title="X", url="https://www.a.example/p/?utm_source=z")
    assert external_id(with_url) == "\x00url:a.example/p"
    assert is_external(external_id(with_url))
    by_title = RelatedItem(title="  Ban  Passes!  ", url="")
    assert external_id(by_title) == "\x00title:ban passes"
    assert external_id(RelatedItem(title="", url="")) == ""
    assert normalize_title("“Smart” Quotes—and ＦＵＬＬ width") == "smart quotes and full width"


def test_edges_fold_reciprocal_pairs_and_carry_duplicate_scores(web: tuple[Store, Graph]) -> None:
    _, graph = web
    edges = graph.edges("a.md")
    assert Edge("a.md", "b.md", "reciprocal") in edges
    assert Edge("e.md", "a.md", "related") in edges
    assert Edge("a.md", RIGHTS, "related") in edges
    assert Edge("a.md", "e.md", "duplicate", 0.91, "open") in edges
    assert not any(e.kind == "related" and {e.source, e.target} == {"a.md", "b.md"} for e in edges)
    assert graph.link("b.md", "d.md").duplicate.decision == "rejected"


def test_set_duplicates_replaces_and_a_callable_source_follows_suspects(web_folder: Path) -> None:
    store = Store(str(web_folder))
    store.load()
    pairs = [("c.md", "f.md", 0.5, "open")]
    graph = Graph(store, lambda: list(pairs))
    assert graph.link("c.md", "f.md").duplicate is not None
    pairs[:] = [("a.md", "f.md", 0.8, "open")]
    store.set_suspects({"a.md", "f.md"})  # the dedupe layer says it has news
    assert graph.link("c.md", "f.md").duplicate is None
    assert graph.link("f.md", "a.md").duplicate.score == 0.8
    graph.set_duplicates([])
    assert graph.degree("f.md").total == 0


def test_two_hop_neighbourhood_in_and_out(web: tuple[Store, Graph]) -> None:
    _, graph = web
    nb = graph.neighbourhood("a.md")
    # duplicates, then reciprocal, then cited by the centre; stories before externals
    assert [link.node for link in nb.first] == ["e.md", "b.md", RIGHTS, UNION]
    assert nb.first[0].duplicate is not None and nb.first[0].back and not nb.first[0].out
    b = nb.branches[1]
    assert [c.node for c in b.children] == ["d.md", "c.md"]  # d is b's duplicate
    assert [e.node for e in b.echoes] == [RIGHTS]  # b also cites a first-hop item
    assert nb.first_total == 4 and nb.second_total == 2 and nb.exact
    # from an external item: everyone who cites it, and what they link to
    nb = graph.neighbourhood(RIGHTS)
    assert {link.node for link in nb.first} == {"a.md", "b.md"}
    assert nb.second_total == 4  # e, union (via a), c, d (via b)


def test_neighbourhood_limits_cut_lists_not_totals(web: tuple[Store, Graph]) -> None:
    _, graph = web
    nb = graph.neighbourhood("a.md", first_limit=1, per_branch=0)
    assert [link.node for link in nb.first] == ["e.md"]
    assert nb.first_total == 4 and nb.second_total == 2
    nb = graph.neighbourhood("b.md", per_branch=1)
    branch = next(b for b in nb.branches if b.link.node == "a.md")
    assert len(branch.children) == 1 and branch.child_total == 2


def test_components_by_size(web: tuple[Store, Graph]) -> None:
    _, graph = web
    big, island = graph.components()
    assert big.stories == ("a.md", "b.md", "c.md", "d.md", "e.md")
    assert set(big.externals) == {RIGHTS, UNION, NO_LINK}
    assert big.representative == "a.md"  # most links
    assert island.stories == ("f.md",) and island.size == 1
    assert graph.component_of(UNION) == big


def test_seeds_massachusetts_stories_link_each_other_and_share_outside_coverage(seeds_copy: Path) -> None:
    store = Store(str(seeds_copy))
    store.load()
    graph = Graph(store)
    homes, curbs = "000_8dcd983ef76e6965.txt", "001_29a53d9359691146.txt"
    assert graph.link(homes, curbs).kind == "reciprocal"
    wbur = "\x00url:wbur.org/npr/982709480/massachusetts-pioneers-rules-for-police-use-of-facial-recognition-tech"
    assert graph.external(wbur).listed_by == (homes, curbs)
    sizes = [(len(c.stories), len(c.externals)) for c in graph.components()]
    assert sizes == [(2, 1), (1, 3), (1, 2), (1, 2)]


def test_store_events_update_only_what_they_touch(web_folder: Path) -> None:
    root = web_folder
    store = Store(str(root))
    store.load()
    graph = Graph(store)
    seen: list[frozenset[str]] = []
    graph.subscribe(seen.append)
    # a new story citing the union item: merged into the existing external node
    (root / "g.md").write_text(
        story_text(
            "Union responds", "https://g.example/x", "G", [{"title": "Union", "url": "https://union.example/objects/"}]
        )
    )
    store.reload("g.md")
    assert graph.external(UNION).listed_by == ("a.md", "g.md")
    # the item's own story arrives: every citer now links to the story, the external goes
    (root / "h.md").write_text(story_text("Police union objects", "https://www.union.example/objects", "Union Daily"))
    store.reload("h.md")
    assert graph.external(UNION) is None and UNION not in graph
    assert graph.link("a.md", "h.md").out and graph.link("g.md", "h.md").out
    assert {"a.md", "g.md", "h.md"} <= seen[-1]
    # and leaves again
    (root / "h.md").unlink()
    store.reload("h.md")
    assert graph.external(UNION).listed_by == ("a.md", "g.md")
    # a publish toggle is seen through info()
    assert store.set_published(["b.md"], True).ok
    assert graph.info("b.md").kind == "published"
    assert graph.link("a.md", "b.md").kind == "reciprocal"


def _random_stories(n: int, seed: int) -> list:
    rng = random.Random(seed)
    stories = []
    for i in range(n):
        related = []
        for _ in range(rng.randint(0, 4)):
            j = rng.randrange(n + n // 2)  # some point past the folder: external items
            scheme = rng.choice(["http://", "https://www."])
            related.append({"title": f"T{j}", "url": f"{scheme}s{j}.example/p/{rng.choice(['', '?utm_source=q'])}"})
        text = story_text(f"Story {i}", f"https://s{i}.example/p", f"P{i % 7}", related)
        story, problems = parse_story(f"{i:04d}.md", text.encode())
        assert story is not None, problems
        stories.append(story)
    return stories


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_neighbourhood_matches_a_brute_force_walk(seed: int) -> None:
    store = Store("/nonexistent")
    graph = Graph(store)  # built empty, then fed in batches like a real load
    stories = _random_stories(300, seed)
    for k in range(0, len(stories), 64):
        store.add_batch(stories[k : k + 64])
    dups = [(f"{i:04d}.md", f"{i + 1:04d}.md", 0.9, "open") for i in range(0, 300, 37)]
    graph.set_duplicates(dups)

    def node_of(item) -> str:
        sid = store.resolve(item)
        return sid if sid is not None else external_id(item)

    adj: dict[str, set[str]] = {}
    for story in stories:
        for item in story.related:
            target = node_of(item)
            if target != story.id:
                adj.setdefault(story.id, set()).add(target)
                adj.setdefault(target, set()).add(story.id)
    for a, b, _, _ in dups:
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)
    for story in random.Random(seed).sample(stories, 40):
        first = adj.get(story.id, set())
        second = set().union(*(adj.get(n, set()) for n in first)) - first - {story.id} if first else set()
        nb = graph.neighbourhood(story.id)
        assert {link.node for link in nb.first} == first
        shown_second = {c.node for b in nb.branches for c in b.children}
        assert shown_second == second and nb.second_total == len(second)
    comps = graph.components()
    assert sum(len(c.stories) for c in comps) == 300
