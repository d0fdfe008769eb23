"""The site's git repository, driven through the real `git` program.

Editors publish by committing and pushing the story folder's repository. This
package turns that into editor terms: which stories changed (`repo.status`,
`changes.story_changes`), a commit naming them (`commit.commit_stories`), a sync
that fetches, rebases and pushes without ever forcing or losing work and that shows
conflicts story by story (`sync.sync`), and a story's history with who changed its
publish state (`history.history`). No textual here, and nothing from the store: the
dashboard and the command line call these functions (off the UI thread: every call
runs a process). docs/GIT.md says why the git program and not a library.
"""

from __future__ import annotations

from tui.core.git.attributes import AttributesResult, ensure_union_merge
from tui.core.git.changes import Change, classify, head_versions, story_changes
from tui.core.git.commit import CommitResult, commit_message, commit_stories, identity
from tui.core.git.conflicts import Prefer, Side, StoryConflict
from tui.core.git.history import HistoryEntry, PublishChange, history, published_at
from tui.core.git.repo import FileState, Repo, RepoStatus, is_story_id, locate, status
from tui.core.git.run import GitProblem
from tui.core.git.sync import SyncResult, sync

__all__ = [
    "AttributesResult",
    "Change",
    "CommitResult",
    "FileState",
    "GitProblem",
    "HistoryEntry",
    "Prefer",
    "PublishChange",
    "Repo",
    "RepoStatus",
    "Side",
    "StoryConflict",
    "SyncResult",
    "classify",
    "commit_message",
    "commit_stories",
    "ensure_union_merge",
    "head_versions",
    "history",
    "identity",
    "is_story_id",
    "locate",
    "published_at",
    "status",
    "story_changes",
    "sync",
]
