"""The per-user caches are never written through a planted link (issue #13, attack 4),
and file names that are not UTF-8 are shown escaped, never crash (attack 9)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.capped import REPO
from tests.security.hostile import duplicate_pair, story
from tui.core.disk import cache, folder
from tui.core.dupes import saved_pass
from tui.core.dupes.scoring import DedupeConfig
from tui.core.store.store import Store

BAD_NAME = b"b-caf\xe9-\x9b[2J.md"  # not UTF-8; \x9b is a C1 CSI, [2J clears a screen


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "stories"
    folder.mkdir()
    for i in range(3):
        (folder / f"s{i}.md").write_bytes(story(f"Story number {i}", url=f"https://example.com/{i}"))
    return folder


def test_shared_world_writable_cache_folder_is_never_written_through_a_planted_link(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack 4: a link planted at the cache's temporary name was overwritten (O_TRUNC,
    no O_EXCL / O_NOFOLLOW, the folder's mode never checked)."""
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(shared))
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    target = cache.cache_path(str(root))
    for name in (target, f"{target}.{os.getpid()}.tmp", saved_pass.path_for(str(root))):
        os.symlink(victim, name)
    monkeypatch.setattr(folder, "CACHE_MIN_FILES", 1)
    store = Store(str(root))
    store.load()
    saved_pass.save(str(root), DedupeConfig(), "state", [])
    assert len(store.stories) == 3  # the load works, uncached
    assert victim.read_bytes() == b"precious\n"
    assert sorted(p.name for p in shared.iterdir()) == sorted(os.path.basename(n) for n in os.listdir(shared))
    assert all(p.is_symlink() for p in shared.iterdir())  # nothing of ours was created there
    assert cache.Reader.open(str(root)) is None and saved_pass.load(str(root), DedupeConfig(), "state") is None


def test_a_cache_file_that_is_a_link_is_not_read(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder, "CACHE_MIN_FILES", 1)
    monkeypatch.setattr(cache, "RACY_NS", 0)
    list(folder.iter_load(str(root)))  # writes the cache
    path = Path(cache.cache_path(str(root)))
    assert cache.Reader.open(str(root)) is not None
    moved = tmp_path / "elsewhere.cache"
    path.rename(moved)
    path.symlink_to(moved)
    assert cache.Reader.open(str(root)) is None


COMMANDS = (["dupes"], ["dupes", "--json"], ["list"], ["list", "--json"], ["check"])

# One child per locale runs every command, each writing to a buffer that encodes as
# that locale's real stdout and stderr do (errors="surrogateescape" in the C locale
# put the raw bytes of a name on the terminal; "strict" in C.UTF-8 raised).
_CHILD = """
import base64, io, json, sys
from tui.cli.main import main
report = []
for args in json.loads(sys.argv[1]):
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdout = io.TextIOWrapper(out, encoding=sys.__stdout__.encoding, errors=sys.__stdout__.errors)
    sys.stderr = io.TextIOWrapper(err, encoding=sys.__stderr__.encoding, errors=sys.__stderr__.errors)
    try:
        code = main([*args, "--seeds", sys.argv[2]])
    except BaseException as exc:
        code = repr(exc)
    sys.stdout.flush()
    sys.stderr.flush()
    report.append([code, base64.b64encode(out.getvalue()).decode(), base64.b64encode(err.getvalue()).decode()])
sys.__stdout__.write(json.dumps(report))
"""


def _run(root: Path, locale: str) -> list[tuple[object, bytes, bytes]]:
    env = dict(os.environ, LC_ALL=locale, PYTHONPATH=str(REPO))
    env.pop("PYTHONIOENCODING", None)
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, json.dumps(COMMANDS), str(root)], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    return [(code, base64.b64decode(out), base64.b64decode(err)) for code, out, err in json.loads(done.stdout)]


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
def test_names_that_are_not_utf8_are_shown_escaped_and_dupes_finishes(tmp_path: Path, locale: str) -> None:
    """Attack 9: `dupes` died with UnicodeEncodeError (the saved pass caught OSError
    only); `list` and `check` put raw C1 bytes on stdout; `list --json` was not UTF-8."""
    root = tmp_path / "stories"
    root.mkdir()
    duplicate_pair(root)
    os.rename(root / "b.md", os.path.join(os.fsencode(root), BAD_NAME))
    (root / b"\xff.md".decode("utf-8", "surrogateescape")).write_bytes(b"---\nnot: [closed\n---\n")
    for args, (code, out, err) in zip(COMMANDS, _run(root, locale), strict=True):
        assert code in (0, 1), (args, code, err)
        assert b"Traceback" not in err, err
        for text in (out, err):
            text.decode("utf-8")  # strict: valid UTF-8
            assert b"\x9b" not in text and b"\x1b" not in text
        shown = b"\\xff.md" if args == ["check"] else b"b-caf\\xe9-\\x9b[2J.md"
        if args[-1] == "--json":
            shown = b"b-caf\\udce9-\\udc9b[2J.md"  # a JSON escape: the id round-trips
        assert shown in out, (args, out)
        if args == ["dupes"]:
            assert b"1 suggestions" in out
