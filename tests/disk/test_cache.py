"""The story cache: a warm load gives exactly the cold result, and never stale data.

Each test gets its own cache folder (NEWSDESK_CACHE_DIR, set by tests/conftest.py) and
a small folder of real stories plus bad files; the size limit and the "racy" safety
margin are lowered so a few dozen just-written files are cached. Loads run in this
process unless a test says otherwise, so the files actually parsed can be counted.
"""

from __future__ import annotations

import os
import pickle
import struct
import time
import zlib
from pathlib import Path

import pytest

from bench import load_baseline
from tui import cli
from tui.core.disk import cache, folder, parser_pool
from tui.core.store.store import Store

BAD = {
    "sub/notes.md": b"# no front matter\n",
    "sub/maybe.md": b'---\ntitle: "t"\npublished: "maybe"\n---\n',
    "sub/broken.md": b'---\ntitle: "ok"\ntopics: [a, b\n---\n',
}


@pytest.fixture(autouse=True)
def small_and_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder, "CACHE_MIN_FILES", 1)
    monkeypatch.setattr(folder, "CHUNK", 8)
    monkeypatch.setattr(folder, "PARALLEL_THRESHOLD", 10**9)
    monkeypatch.setattr(folder, "use_cache", True)
    monkeypatch.setattr(cache, "RACY_NS", 0)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    news = tmp_path / "news"
    news.mkdir()
    load_baseline.make_folder(news, 30)
    for name, raw in BAD.items():
        (news / name).parent.mkdir(exist_ok=True)
        (news / name).write_bytes(raw)
    time.sleep(0.02)  # later writes get a later timestamp than these files
    return news


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the files each load really read and parsed."""
    seen: list[str] = []
    real = parser_pool.read_file

    def counting(root: str, sid: str, **kwargs: bool):  # type: ignore[no-untyped-def]
        seen.append(sid)
        return real(root, sid, **kwargs)

    monkeypatch.setattr(parser_pool, "read_file", counting)
    return seen


def snapshot(root: Path) -> tuple[dict[str, object], list[object]]:
    stories, problems = folder.load(str(root))
    return {s.id: s for s in stories}, sorted(problems, key=lambda p: (p.id, p.message))


def cold(root: Path) -> tuple[dict[str, object], list[object]]:
    stories, problems = [], []
    for batch in folder.iter_load(str(root), cached=False):
        stories += batch.stories
        problems += batch.problems
    return {s.id: s for s in stories}, sorted(problems, key=lambda p: (p.id, p.message))


def rewrite_same_size(path: Path, old: bytes, new: bytes, *, keep_mtime: bool) -> None:
    raw = path.read_bytes()
    assert len(old) == len(new) and old in raw
    st = path.stat()
    path.write_bytes(raw.replace(old, new, 1))
    if keep_mtime:
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size


def test_a_warm_load_is_the_cold_load_without_parsing(root: Path, parsed: list[str]) -> None:
    first = snapshot(root)
    assert len(parsed) == 33 and Path(cache.cache_path(str(root))).is_file()
    parsed.clear()
    second = snapshot(root)
    assert parsed == []  # nothing parsed
    assert second == first == cold(root)
    assert len(first[0]) == 30 and {p.id for p in first[1]} == set(BAD)  # type: ignore[attr-defined]


def test_the_cache_lives_outside_the_story_folder(root: Path, private_cache: Path) -> None:
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    snapshot(root)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
    path = Path(cache.cache_path(str(root)))
    assert path.parent == private_cache and (path.stat().st_mode & 0o777) == 0o600
    assert not list(path.parent.glob("*.tmp"))  # written through a temporary file, renamed


def test_each_changed_file_is_parsed_again_and_only_it(root: Path, parsed: list[str]) -> None:
    snapshot(root)
    story = root / "batch000" / "000001.md"
    other = root / "batch000" / "000002.md"
    gone = root / "batch000" / "000003.md"
    new = root / "batch000" / "new.md"

    parsed.clear()
    os.utime(story)  # touched, same bytes
    touched = snapshot(root)
    assert parsed == ["batch000/000001.md"]
    assert touched == cold(root)

    time.sleep(0.02)
    rewrite_same_size(story, b'(1)"', b'(Z)"', keep_mtime=False)
    rewrite_same_size(other, b"type: article", b"type: ARTICLE", keep_mtime=True)  # mtime put back
    gone.unlink()
    new.write_bytes((root / "batch000" / "000004.md").read_bytes().replace(b'(4)"', b'(new)"'))
    parsed.clear()
    stories, problems = snapshot(root)
    assert sorted(parsed) == ["batch000/000001.md", "batch000/000002.md", "batch000/new.md"]
    assert stories["batch000/000001.md"].title.endswith("(Z)")  # type: ignore[attr-defined]
    assert stories["batch000/000002.md"].type == "ARTICLE"  # type: ignore[attr-defined]
    assert "batch000/000003.md" not in stories
    assert stories["batch000/new.md"].title.endswith("(new)")  # type: ignore[attr-defined]
    assert (stories, problems) == cold(root)

    parsed.clear()
    again = snapshot(root)
    assert parsed == [] and again == (stories, problems)  # the changes went into the cache


def test_a_fresh_change_is_never_trusted_to_the_cache(
    root: Path, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 60 * 10**9)  # everything here changed "just now"
    snapshot(root)
    parsed.clear()
    snapshot(root)
    assert len(parsed) == 33  # a same-size change in the same clock tick would go unseen


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty", "stale stamp", "tail"])
def test_a_damaged_cache_falls_back_to_parsing(root: Path, damage: str) -> None:
    expected = snapshot(root)
    path = Path(cache.cache_path(str(root)))
    data = path.read_bytes()
    if damage == "flip":
        data = data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x40]) + data[len(data) // 2 + 1 :]
    elif damage == "truncate":
        data = data[: len(data) * 2 // 3]
    elif damage == "garbage":
        data = os.urandom(len(data))
    elif damage == "empty":
        data = b""
    elif damage == "stale stamp":
        data = data.replace(cache.code_stamp().encode(), b"0" * len(cache.code_stamp()))
    else:
        data = data[:-16]  # the end marker is gone
    path.write_bytes(data)
    assert snapshot(root) == expected
    assert snapshot(root) == expected  # and the rewritten cache is good again
    assert Reader_complete(root)


def Reader_complete(root: Path) -> bool:
    reader = cache.Reader.open(str(root))
    assert reader is not None
    try:
        count = sum(len(cache.loads(r.verdicts)) for r in reader.records())
        return reader.complete and count == 33
    finally:
        reader.close()


def test_a_planted_cache_cannot_run_code(root: Path, tmp_path: Path) -> None:
    expected = snapshot(root)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {marker}",))

    path = Path(cache.cache_path(str(root)))
    data = path.read_bytes()
    header_end = len(cache.MAGIC) + 4 + struct.unpack("<I", data[len(cache.MAGIC) : len(cache.MAGIC) + 4])[0]
    evil = pickle.dumps([Evil()])
    path.write_bytes(data[:header_end] + cache.record(evil, evil) + data[header_end:])
    assert snapshot(root) == expected
    assert not marker.exists()


def test_no_cache_neither_reads_nor_writes(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def check(*flags: str) -> str:
        monkeypatch.setattr(folder, "use_cache", True)  # --no-cache switches it off for the process
        assert cli.main(["check", *flags, "--seeds", str(root)]) == 1
        return capsys.readouterr().out

    cold_out = check("--no-cache")
    assert not Path(cache.cache_path(str(root))).exists()
    assert check() == cold_out  # writes the cache
    assert Path(cache.cache_path(str(root))).exists()
    assert check() == cold_out  # from the cache

    def refuse(*args: object) -> None:
        raise AssertionError("--no-cache read the cache")

    monkeypatch.setattr(cache.Reader, "open", refuse)
    assert check("--no-cache") == cold_out
    monkeypatch.setattr(folder, "use_cache", True)
    assert cli.main(["list", "--json", "--no-cache", "--seeds", str(root)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 30


def test_check_reports_what_the_store_reports(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(str(root))
    store.load()
    lines = [p.format() for p in store.all_problems()]
    for _ in range(2):  # cold, then from the cache
        cli.main(["check", "--seeds", str(root)])
        out = capsys.readouterr().out.splitlines()
        assert out[:-1] == lines and out[-1].startswith(f"{len(store)} stories, 3 problems")


def test_helper_processes_give_the_same_result_even_when_one_dies(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = cold(root)
    monkeypatch.setattr(folder, "PARALLEL_THRESHOLD", 1)
    parent = os.getpid()
    real = parser_pool.parse_chunk

    def dying(root_: str, ids: list[str], started: int, **kw: bool):  # type: ignore[no-untyped-def]
        if os.getpid() != parent and "batch000/000009.md" in ids:
            os._exit(3)  # a helper killed mid-way
        return real(root_, ids, started, **kw)

    monkeypatch.setattr(parser_pool, "parse_chunk", dying)
    assert parser_pool.can_fork()
    batches = list(folder.iter_load(str(root), workers=2, cached=False))
    assert batches[-1].done == batches[-1].total == 33
    stories = {s.id: s for b in batches for s in b.stories}
    problems = sorted((p for b in batches for p in b.problems), key=lambda p: (p.id, p.message))
    assert (stories, problems) == expected
    count, found = folder.check(str(root), workers=2, cached=False)
    assert count == 30 and sorted(found, key=lambda p: (p.id, p.message)) == expected[1]


def test_started_helpers_work_where_forking_is_unsafe(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = cold(root)
    monkeypatch.setattr(folder, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(folder, "CHUNK", 12)
    monkeypatch.setattr(parser_pool, "can_fork", lambda: False)
    stories, problems = {}, []
    for batch in folder.iter_load(str(root), workers=2, cached=False):
        stories.update((s.id, s) for s in batch.stories)
        problems += batch.problems
    assert (stories, sorted(problems, key=lambda p: (p.id, p.message))) == expected


def test_record_checksums_catch_a_flipped_bit() -> None:
    verdicts, stories = cache.dumps([("a", 1, 2, 3, 4, False, ())]), cache.dumps([None])
    data = bytearray(cache.record(verdicts, stories))
    data[-1] ^= 1
    assert zlib.crc32(bytes(data[-len(stories) :])) != struct.unpack("<IIII", data[:16])[3]
