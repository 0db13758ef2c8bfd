"""Issue 26: an edition name git cannot tag is refused before anything is written.

``seedarchive edition 2026.`` wrote and committed the changelog entry, then ``git tag
edition/2026.`` failed: the history held an edition that does not exist. The name is now
checked with git's own rules (``git check-ref-format``) first.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from seedarchive.errors import ArchiveError
from seedarchive.publish.editions import make_edition, tags


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t.invalid", "GIT_COMMITTER_NAME": "t",
                       "GIT_COMMITTER_EMAIL": "t@t.invalid", "SOURCE_DATE_EPOCH": "1700000000"}.items():
        monkeypatch.setenv(key, value)
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "registry.json").write_text(json.dumps({"format": 1, "articles": {}, "seeds": {}}))
    (tmp_path / "docs").mkdir()
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-qm", "first")
    return tmp_path


@pytest.mark.parametrize("name", ["2026.", "2026..11", "2026.11.lock", "v1.lock"])
def test_a_name_git_cannot_tag_is_refused_before_any_commit(repo: Path, name: str) -> None:
    head = _git(repo, "rev-parse", "HEAD")
    with pytest.raises(ArchiveError) as caught:
        make_edition(repo, name)
    assert str(caught.value) == (
        f"edition name {name!r} is not a name git allows for the tag edition/{name} (git check-ref-format: "
        "no '..', and no ending in '.' or '.lock'); nothing was written. Fix: choose another name "
        "(for example 2026.11)"
    )
    assert _git(repo, "rev-parse", "HEAD") == head  # no commit
    assert _git(repo, "status", "--porcelain") == ""  # no changelog written
    assert tags(repo) == []


def test_a_good_name_is_committed_and_tagged(repo: Path) -> None:
    make_edition(repo, "2026.11")
    assert tags(repo) == ["2026.11"]
    assert "## Edition 2026\\.11 (2023-11-14)" in (repo / "docs" / "changelog.md").read_text("utf-8")
