"""Nothing outside the folder is read as a story or written (issue #13, attack 3), and
no file in it can make a read wait or run out of memory (attacks 7 and 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.security.capped import measure
from tests.security.hostile import outside_file, snapshot, story
from tui.core.disk import folder as disk_folder
from tui.core.disk.safe import MAX_FILE_BYTES
from tui.core.disk.writer import rewrite
from tui.core.format.edits import EditError, set_published
from tui.core.store.store import Store


def unpublish(raw: bytes) -> bytes | None:
    found = set_published(raw, False)
    return None if found is None else found[0]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSDESK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "plain.md").write_bytes(story("A plain story"))
    return folder


def _load(root: Path) -> Store:
    store = Store(str(root))
    store.load()
    return store


def _messages(store: Store, sid: str) -> str:
    return " ".join(p.message for p in store.problems.get(sid, []))


def test_story_symlinked_to_a_file_outside_is_reported_never_read(root: Path, tmp_path: Path) -> None:
    outside = outside_file(tmp_path)
    (root / "link.md").symlink_to(outside)
    store = _load(root)
    assert sorted(store.stories) == ["plain.md"]
    assert "leads outside the folder" in _messages(store, "link.md")


def test_publish_of_a_story_symlinked_outside_is_refused(root: Path, tmp_path: Path) -> None:
    outside = outside_file(tmp_path)
    before = snapshot(outside)
    (root / "link.md").symlink_to(outside)
    with pytest.raises(EditError, match="outside the folder"):
        rewrite(str(root / "link.md"), unpublish, root=str(root))
    with pytest.raises(EditError, match="outside the folder"):
        rewrite(str(root / "link.md"), unpublish)  # without the folder: its own folder is the folder
    assert snapshot(outside) == before


def test_publish_through_a_symlinked_folder_writes_nothing(root: Path, tmp_path: Path) -> None:
    """`newsdesk publish linkdir/story.md`, linkdir a link to an outside directory: the
    id's text looked fine, and a file the scan never listed was written."""
    outside = outside_file(tmp_path, "story.md", story("Outside", published=False))
    before = snapshot(outside)
    (root / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    assert "linkdir/story.md" not in disk_folder.scan(str(root))
    story_, problems = disk_folder.read_one(str(root), "linkdir/story.md")
    assert story_ is None and "symlink" in problems[0].message
    with pytest.raises(EditError, match="symlink"):
        rewrite(str(root / "linkdir" / "story.md"), unpublish, root=str(root))
    assert snapshot(outside) == before


def test_publish_command_refuses_a_link_out_of_the_folder(
    root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli.main import main

    outside = outside_file(tmp_path, "story.md", story("Outside", published=False))
    before = snapshot(outside)
    (root / "linkdir").symlink_to(outside.parent, target_is_directory=True)
    (root / "link.md").symlink_to(outside)
    for sid in ("linkdir/story.md", "link.md", str(outside)):
        assert main(["publish", "--seeds", str(root), sid]) == 1
    assert snapshot(outside) == before
    assert "Traceback" not in capsys.readouterr().err


def test_story_replaced_by_an_outside_link_after_loading_is_not_written(root: Path, tmp_path: Path) -> None:
    """A `git pull` swaps a loaded story for a link while the dashboard is open."""
    outside = outside_file(tmp_path)
    before = snapshot(outside)
    store = _load(root)
    (root / "plain.md").unlink()
    (root / "plain.md").symlink_to(outside)
    outcome = store.set_published(["plain.md"], False)
    assert not outcome.ok and "outside the folder" in outcome.message
    assert snapshot(outside) == before


def test_sub_folder_replaced_by_an_outside_link_after_loading_is_not_written(root: Path, tmp_path: Path) -> None:
    (root / "sub").mkdir()
    (root / "sub" / "s.md").write_bytes(story("In a sub-folder"))
    outside = outside_file(tmp_path, "s.md")
    before = snapshot(outside)
    store = _load(root)
    assert "sub/s.md" in store.stories
    (root / "sub" / "s.md").unlink()
    (root / "sub").rmdir()
    (root / "sub").symlink_to(outside.parent, target_is_directory=True)
    outcome = store.set_published(["sub/s.md"], False)
    assert not outcome.ok and "symlink" in outcome.message
    assert snapshot(outside) == before


def test_symlink_to_another_story_of_the_folder_is_followed(root: Path) -> None:
    """The rule (docs/THREAT_MODEL.md): a link is followed to a story of the folder."""
    (root / "originals").mkdir()
    (root / "originals" / "real.md").write_bytes(story("The real one"))
    (root / "alias.md").symlink_to(Path("originals") / "real.md")
    store = _load(root)
    assert store.stories["alias.md"].title == "The real one"
    rewrite(str(root / "alias.md"), unpublish, root=str(root))
    assert (root / "alias.md").is_symlink() and b"published: false" in (root / "originals" / "real.md").read_bytes()


def test_symlink_to_a_hidden_file_of_the_folder_is_refused(root: Path) -> None:
    (root / ".git").mkdir()
    (root / ".git" / "config.md").write_bytes(story("Not a story: inside a hidden folder"))
    (root / "hook.md").symlink_to(Path(".git") / "config.md")
    store = _load(root)
    assert "hook.md" not in store.stories and "not a story of the folder" in _messages(store, "hook.md")
    with pytest.raises(EditError):
        rewrite(str(root / "hook.md"), unpublish, root=str(root))


def test_fifo_named_like_a_story_is_a_problem_and_never_blocks(root: Path) -> None:
    """Attack 8: a FIFO named x.md blocked the reader in open() for ever."""
    os.mkfifo(root / "x.md")
    measured = measure(
        "from tui.core.store.store import Store",
        f"s = Store({str(root)!r}); s.load(); result = [sorted(s.stories), [p.message for p in s.problems['x.md']]]",
        timeout=20,
    )
    measured.within_bounds()
    ids, messages = measured.result
    assert ids == ["plain.md"] and "a FIFO, not a regular file" in messages[0]


def test_fifo_given_on_the_command_line_is_refused_without_waiting(root: Path) -> None:
    os.mkfifo(root / "x.md")
    measured = measure(
        "from tui.cli.main import main",
        f"result = main(['publish', '--seeds', {str(root)!r}, 'x.md'])",
        timeout=20,
    )
    measured.within_bounds()
    assert measured.result == 1


@pytest.mark.parametrize("how", ["file", "symlink"])
def test_three_gigabyte_file_is_a_problem_not_a_read(root: Path, tmp_path: Path, how: str) -> None:
    """Attack 7: `check`/`list` died with MemoryError; the dashboard said 0 / 0 stories."""
    big = root / "big.md" if how == "file" else tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(3 << 30)  # sparse: three gigabytes that take no disk
    if how == "symlink":
        (root / "big.md").symlink_to(big)
    for command in ("check", "list"):
        measured = measure(
            "import io, sys\nfrom tui.cli.main import main",
            f"sys.stdout = io.StringIO()\ncode = main([{command!r}, '--seeds', {str(root)!r}, '--no-cache'])\n"
            "result = [code, sys.stdout.getvalue()]",
            cap_mb=1024,
        )
        measured.within_bounds()
        code, out = measured.result
        assert "plain.md" in out or command == "check"
        if command == "check":
            assert code == 1 and "big.md" in out
            assert ("more than the 4 MB" if how == "file" else "leads outside the folder") in out


def test_a_file_just_over_the_limit_is_refused_and_one_at_it_is_read(root: Path) -> None:
    head = story("Big but allowed")
    (root / "at.md").write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head)))
    (root / "over.md").write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head) + 1))
    store = _load(root)
    assert "at.md" in store.stories and "over.md" not in store.stories
    assert "more than the 4 MB" in _messages(store, "over.md")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can make device nodes")
def test_device_node_named_like_a_story_is_skipped(root: Path) -> None:
    os.mknod(root / "zero.md", 0o600 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero
    store = _load(root)
    assert "zero.md" not in store.stories and "a device, not a regular file" in _messages(store, "zero.md")
