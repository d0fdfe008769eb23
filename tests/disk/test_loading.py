"""Loading a folder: which files are stories, bad files reported by id, never a crash.

Plus a smoke run of the load benchmark (the benchmark itself is run by hand).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import load_baseline
from tests.helpers.paths import SEED_FILES
from tui.core.disk import folder
from tui.core.store.store import Store

BAD = {
    "notes.md": b"# Meeting notes\n\nNo front matter at all.\n",
    "draft.md": b'---\ntitle: "half written"\npublished: false\n',
    "broken.md": b'---\ntitle: "ok"\ntopics: [a, b\ntype: article\n---\n',
    "latin1.txt": b'---\ntitle: "caf\xe9"\n---\n',
    "list.md": b"---\n- a\n- b\n---\n",
    "scalar.md": b"---\njust a sentence\n---\n",
    "empty.md": b"",
    "blank.md": b"---\n---\nbody\n",
    "maybe.md": b'---\ntitle: "t"\npublished: "maybe"\n---\n',
    "tagged.md": b"---\ntitle: !!bool sometimes\n---\n",
}


def python_tag_story(marker: Path) -> bytes:
    return f'---\ntitle: "x"\nrun: !!python/object/apply:os.system ["touch {marker}"]\n---\n'.encode()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    (root / "sub" / "deeper").mkdir(parents=True)
    shutil.copy(SEED_FILES[0], root / "a.md")
    shutil.copy(SEED_FILES[1], root / "sub" / "b.markdown")
    shutil.copy(SEED_FILES[2], root / "sub" / "deeper" / "c.txt")
    shutil.copy(SEED_FILES[3], root / "D.MD")
    for name, raw in BAD.items():
        (root / "sub" / name).write_bytes(raw)
    (root / "sub" / "pwn.md").write_bytes(python_tag_story(tmp_path / "pwned"))
    # Not stories: hidden files and folders, other extensions, a crash's temp file.
    for hidden in (".draft.md", ".git/x.md", ".obsidian/y.txt", "sub/.cache/z.markdown"):
        (root / hidden).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SEED_FILES[4], root / hidden)
    for other in ("config.yml", "page.html", "data.json", "README", "a.md.bak", "sub/img.png"):
        (root / other).write_bytes(b"---\ntitle: not a story\n---\n")
    (root / ".a.md.k2j3.newsdesk-tmp").write_bytes(SEED_FILES[0].read_bytes())
    return root


def test_scan_finds_story_files_recursively(mixed: Path) -> None:
    ids = folder.scan(str(mixed))
    good = ["D.MD", "a.md", "sub/b.markdown", "sub/deeper/c.txt"]
    assert ids == sorted(good + [f"sub/{name}" for name in BAD] + ["sub/pwn.md"])


def test_mixed_folder_loads_the_good_and_reports_each_bad_by_id(mixed: Path, tmp_path: Path) -> None:
    store = Store(str(mixed))
    store.load()
    assert sorted(store.stories) == ["D.MD", "a.md", "sub/b.markdown", "sub/deeper/c.txt"]
    errors = store.errors()
    assert sorted(p.id for p in errors) == sorted([f"sub/{name}" for name in BAD] + ["sub/pwn.md"])
    assert all(p.message for p in errors)
    by_id = {p.id: p for p in errors}
    assert "no front matter" in by_id["sub/notes.md"].message
    assert "not closed" in by_id["sub/draft.md"].message
    assert by_id["sub/broken.md"].line in (3, 4)
    assert "UTF-8" in by_id["sub/latin1.txt"].message
    assert "python" in by_id["sub/pwn.md"].message
    assert not (tmp_path / "pwned").exists()  # no code from YAML ran
    assert [s.id for s in store.stories.values() if s.warnings] == []


def test_loading_reports_progress_and_ids_with_forward_slashes(mixed: Path) -> None:
    seen: list[tuple[int, int]] = []
    stories, problems = folder.load(str(mixed), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (15, 15)
    assert {s.id for s in stories} == {"D.MD", "a.md", "sub/b.markdown", "sub/deeper/c.txt"}
    assert len({p.id for p in problems}) == 11


def test_empty_folder(tmp_path: Path) -> None:
    store = Store(str(tmp_path))
    store.load()
    assert len(store) == 0 and store.loaded and store.all_problems() == []


def test_read_one_of_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    story, problems = folder.read_one(str(tmp_path), "gone.md")
    assert story is None and problems[0].id == "gone.md" and "cannot read" in problems[0].message


def test_parallel_load_gives_the_same_result(mixed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = list(folder.iter_load(str(mixed), workers=1))
    monkeypatch.setattr(folder, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(folder, "CHUNK", 4)
    parallel = list(folder.iter_load(str(mixed), workers=2))
    assert len(parallel) == 4 and parallel[-1].done == parallel[-1].total == 15

    def flat(batches):  # type: ignore[no-untyped-def]
        stories = sorted((s for b in batches for s in b.stories), key=lambda s: s.id)
        problems = sorted((p for b in batches for p in b.problems), key=lambda p: (p.id, p.message))
        return stories, problems

    assert flat(parallel) == flat(serial)


# -- the benchmark, smoke-tested ---------------------------------------------------------


def test_benchmark_folder_is_varied_and_loads_cleanly(tmp_path: Path) -> None:
    paths = load_baseline.make_folder(tmp_path, 50)
    assert len(paths) == 50
    assert load_baseline.plain_loop(paths) == 50
    store = Store(str(tmp_path))
    store.load()
    assert len(store) == 50 and store.all_problems() == []
    stories = list(store.stories.values())
    assert len({s.title for s in stories}) == 50
    assert len({store.find_by_url(s.url) for s in stories}) == 50  # distinct URLs
    assert any(s.facts.bom for s in stories) and any(s.facts.newline == "\r\n" for s in stories)
    assert not all(s.facts.bom for s in stories) and not all(s.facts.newline == "\r\n" for s in stories)


def test_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert load_baseline.main(["50"]) == 0
    out = capsys.readouterr().out
    assert "plain CSafeLoader loop:" in out and "Store(root).load():" in out
    assert "ratio store / plain loop:" in out


@pytest.mark.parametrize("size", [0, 1 << 15, (1 << 15) + 1, 3 << 16])
def test_a_check_reads_every_byte_of_big_files(tmp_path: Path, size: int) -> None:
    from tui.core.disk import parser_pool
    from tui.core.format.decode import parse_story

    head = b'---\ntitle: "t"\nexcerpt: "'
    tail = b'"\n---\n'
    raw = head + b"x" * max(0, size - len(head) - len(tail)) + tail if size else b""
    (tmp_path / "a.md").write_bytes(raw)
    story, problems = parse_story("a.md", raw)
    verdict, none = parser_pool.read_file(str(tmp_path), "a.md", keys=False)
    assert (
        none is None and verdict[1] == len(raw) and verdict[5] == (story is not None) and list(verdict[6]) == problems
    )
    assert folder.check(str(tmp_path), cached=False) == (int(story is not None), problems)


def test_a_parser_helper_whose_caller_left_exits_quietly(tmp_path: Path) -> None:
    """Quitting the dashboard while a big folder parsed left the helpers writing into a
    closed pipe, and each printed a BrokenPipeError traceback on the editor's terminal."""
    import pickle
    import struct
    import subprocess
    import sys
    import time

    from tui.core.disk import parser_pool

    for seed in SEED_FILES[:2]:
        shutil.copy(seed, tmp_path / seed.name)
    ids = [seed.name for seed in SEED_FILES[:2]]
    helper = subprocess.Popen(
        [sys.executable, "-m", "tui.core.disk.parser_pool"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert helper.stdin is not None and helper.stdout is not None and helper.stderr is not None
    setup = pickle.dumps((str(tmp_path), [ids], time.time_ns(), True))
    helper.stdout.close()  # the caller is gone before the answer comes
    helper.stdin.write(struct.pack("<I", len(setup)) + setup + parser_pool._ASK.pack(0))
    helper.stdin.close()
    assert helper.wait(timeout=60) == 0
    assert b"Traceback" not in helper.stderr.read()
