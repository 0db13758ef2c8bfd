"""``seedarchive build`` (``seedarchive.publish.uptodate``): Sphinx's HTML build, skipped only
when nothing it reads changed since its last successful build (issue 29's no-op target).

Each test builds a real Sphinx project with the real command; a skipped build is told from a
real one by the files Sphinx writes at every build it runs (``genindex.html`` and
``objects.inv`` are written again even when no page is out of date), whose modification
times a skip leaves as they were."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, converted, make_project, snapshot
from seedarchive.publish import uptodate

SKIPPED = "is up to date"


def _project(base: Path) -> Path:
    project = base / "p"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "conf.py").write_text('project = "t"\nroot_doc = "docs/index"\nexclude_patterns = ["_build"]\n')
    (project / "docs" / "index.rst").write_text("Title\n=====\n\nThe first text.\n")
    return project


def _build(project: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "seedarchive", "build", "-c", "docs", "-W", "-q", *options]
    return subprocess.run(
        command, cwd=project, env=env or dict(os.environ), capture_output=True, text=True, check=False
    )


def _times(project: Path) -> dict[str, int]:
    html = project / "_build" / "html"
    return {name: (html / name).stat().st_mtime_ns for name in ("genindex.html", "objects.inv")}


def _built(project: Path, *options: str, env: dict[str, str] | None = None) -> bool:
    """Build; True if Sphinx ran, False if the build was skipped (and said so)."""
    before = _times(project) if (project / "_build" / "html" / "objects.inv").exists() else None
    result = _build(project, *options, env=env)
    assert result.returncode == 0, result.stderr
    skipped = SKIPPED in result.stderr
    assert skipped == (before is not None and _times(project) == before), result.stderr
    return not skipped


def test_second_build_is_skipped_and_the_pages_stay(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    pages = snapshot(project / "_build" / "html")
    assert (project / "_build" / "doctrees" / uptodate.STAMP).is_file()
    assert not _built(project)
    assert snapshot(project / "_build" / "html") == pages


def test_an_edited_page_is_built_again(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    (project / "docs" / "index.rst").write_text("Title\n=====\n\nThe other text.\n")
    assert _built(project)
    assert "The other text." in (project / "_build" / "html" / "docs" / "index.html").read_text()


def test_a_new_file_and_a_removed_file_build_again(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    extra = project / "docs" / "extra.txt"
    extra.write_text("read by nothing, but a build cannot know that\n")
    assert _built(project)
    assert not _built(project)
    extra.unlink()
    assert _built(project)


def test_same_size_and_restored_time_still_builds(tmp_path: Path) -> None:
    """An edit that keeps the size and puts the modification time back (cp -p, an unpacked
    archive) changes the inode's change time, which the stamp holds too: Sphinx runs. (What
    Sphinx then reads again is its own choice, by modification time alone: here, nothing.)"""
    project = _project(tmp_path)
    assert _built(project)
    page = project / "docs" / "index.rst"
    before = page.stat()
    page.write_text("Title\n=====\n\nThe FIRST text.\n")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size
    assert _built(project)


def test_racily_clean_files_are_compared_by_content(tmp_path: Path) -> None:
    """A file written just before the build began is recorded with its content's SHA-256; a
    stamp whose recorded content differs from the file's is not up to date (what a file
    system with coarse timestamps needs: there, such an edit can keep every time)."""
    project = _project(tmp_path)
    assert _built(project)  # index.rst was written a moment before: racily clean
    stamp_path = project / "_build" / "doctrees" / uptodate.STAMP
    stamp = json.loads(stamp_path.read_text())
    assert "docs/index.rst" in stamp["racy"]
    assert not _built(project)
    stamp["racy"]["docs/index.rst"] = "0" * 64
    stamp_path.write_text(json.dumps(stamp))
    assert _built(project)


def test_a_changed_output_folder_runs_sphinx(tmp_path: Path) -> None:
    """A page deleted from the output is written again; a top-level file edited there (which
    Sphinx writes at every build it runs) makes Sphinx run and write it again."""
    project = _project(tmp_path)
    assert _built(project)
    page = project / "_build" / "html" / "docs" / "index.html"
    good = page.read_bytes()
    page.unlink()
    assert _built(project)
    assert page.read_bytes() == good
    assert not _built(project)
    index = project / "_build" / "html" / "genindex.html"
    good = index.read_bytes()
    index.write_text("vandalised")
    assert _built(project)
    assert index.read_bytes() == good


def test_options_variables_and_forcing(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    assert _built(project, "-D", "html_title=Other")
    assert not _built(project, "-D", "html_title=Other")
    assert _built(project)  # back to the first call: its own stamp is gone
    named = tmp_path / "logo.svg"  # a file a setting names (as make site names its versions.json)
    named.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    assert _built(project, "-D", f"html_logo={named}")
    assert not _built(project, "-D", f"html_logo={named}")
    named.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1"/>\n')
    assert _built(project, "-D", f"html_logo={named}")
    env = {**os.environ, "SEEDARCHIVE_BASEURL": "https://example.org/a/"}
    assert _built(project, env=env)
    assert not _built(project, env=env)
    assert _built(project, "-a", env=env)
    assert _built(project, "-E", env=env)
    result = _build(project, "--force", env=env)
    assert result.returncode == 0 and SKIPPED not in result.stderr


def test_what_a_build_does_not_read_is_left_out(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    for folder in ("tests", "bench", "seeds", ".git", "docs/__pycache__", "_build/other"):
        (project / folder).mkdir(parents=True, exist_ok=True)
        (project / folder / "x.py").write_text("x = 1\n")
    assert not _built(project)


def test_a_failed_build_leaves_no_stamp(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _built(project)
    (project / "docs" / "index.rst").write_text("Title\n=====\n\n:ref:`nowhere`\n")
    result = _build(project, "-n")
    assert result.returncode != 0
    assert not (project / "_build" / "doctrees" / uptodate.STAMP).exists()
    assert SKIPPED not in _build(project, "-n").stderr  # Sphinx runs again


@pytest.mark.slow
def test_the_archive_site_is_skipped_when_nothing_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's own site, as make html builds it: a convert that changes nothing leaves
    the build skipped; a new seed builds again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seed = (ROOT / "seeds").glob("*.txt")
    project = make_project(tmp_path, {path.name: path.read_bytes() for path in seed})
    converted(project)
    assert _built(project, "-n")
    assert not _built(project, "-n")
    converted(project)  # nothing changed: nothing written
    assert not _built(project, "-n")
    (project / "seeds" / "second.txt").write_text("A Second Headline\n\nBy Someone Else\n\nA paragraph of text.\n")
    converted(project)
    assert _built(project, "-n")


def test_a_walk_of_the_folders_alone_finds_what_a_full_walk_does(tmp_path: Path) -> None:
    """``tree.statused`` without files keeps the folders and the top's files, by the folders'
    own listing (no stat of a file): the same entries, in the same order, as a full walk
    filtered afterwards; hidden names, ``__pycache__`` and the skipped folders left out."""
    from seedarchive.publish import tree

    for name in ("a/b/c.html", "a/d.html", "top.html", "e/f/g/h.txt", ".hidden/x", "a/__pycache__/y", "s/z"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name)
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "link").symlink_to(tmp_path / "e")
    files = [name for name, _ in tree.statused(tmp_path, {"s"})]
    assert files == ["link", "top.html", "a/d.html", "a/link", "a/b/c.html", "e/f/g/h.txt"]
    folders = [name for name, _ in tree.statused(tmp_path, {"s"}, files=False)]
    assert folders == ["a", "e", "link", "top.html", "a/b", "e/f", "e/f/g"]
    assert sorted(folders) == sorted(
        name for name, entry, folder in tree.entries(tmp_path, {"s"}) if folder or "/" not in name)


def test_output_folders_noted_are_not_listed_again_until_their_times_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stamp notes each output folder's times and folders; a folder whose times are those
    noted is not listed again (only the top is, for its files), and a page removed or a folder
    added deep down still changes the digest, through its folder's times. (No margin here for
    racily clean folders: the test waits out the clock's tick instead.)"""
    import time

    monkeypatch.setattr(uptodate, "RACY_NS", 0)
    out = tmp_path / "html"
    for name in ("index.html", "a/d.html", "a/b/c.html", "a/b/e/f.html", "pagefind/x.js", ".doctrees/y"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(name)
    time.sleep(0.05)
    digest, noted = uptodate._outputs(out)
    assert set(noted) == {"a", "a/b", "a/b/e"}
    assert noted["a"][2] == ["b"] and noted["a/b"][2] == ["e"]
    listed: list[str] = []
    scandir = os.scandir

    def counted(path: str) -> Any:
        listed.append(path)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", counted)
    assert uptodate._outputs(out, noted) == (digest, noted)
    assert listed == [os.fspath(out)]
    (out / "a/b/e/f.html").unlink()
    time.sleep(0.05)
    removed, again = uptodate._outputs(out, noted)
    assert removed != digest
    assert listed[1:] == [os.fspath(out), f"{out}/a/b/e"]  # the top, and the folder that changed
    (out / "a/b/g").mkdir()
    time.sleep(0.05)
    added, again = uptodate._outputs(out, again)
    assert added != removed and again["a/b"][2] == ["e", "g"]
    assert uptodate._outputs(out)[0] == added  # as a walk that trusts nothing finds it
    monkeypatch.setattr(uptodate, "RACY_NS", 10**18)
    assert uptodate._outputs(out)[1] == {}  # racily clean: nothing noted
