"""The `discover` speedup finds the pages Sphinx finds, in its order, with its warnings, and
takes as changed the pages Sphinx takes as changed (issue 29).

Each case is one a shortcut gets wrong: glob patterns with classes, `?` and `**`; a folder
left out by name; a name written in NFD; a page found twice; an unreadable page; a folder
reached through a link; a page source newer than its read, a missing doctree, a dependency
newer or gone, a page always re-read, a page added and one removed."""

from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sphinx.environment import BuildEnvironment
from sphinx.project import Project

from seedarchive.sphinxext.upstream.speedups import discover

EXCLUDE = ["_build", "**/.*", "skip", "drafts/[!k]*.md", "notes/?.md", "deep/**/hidden*"]
INCLUDE = ["**"]


def _write(root: Path, name: str, text: str = "# Page\n") -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _tree(root: Path) -> Path:
    for name in (
        "index.md",
        "index.rst",  # the same page twice (two suffixes)
        "a.md",
        "b.txt",
        ".hidden.md",
        "skip/c.md",
        "drafts/keep.md",
        "drafts/other.md",
        "notes/x.md",
        "notes/xy.md",
        "deep/one/two/hidden-page.md",
        "deep/one/two/shown.md",
        "deep/one/two/sub.dir/page.md",
        "zzz/[x].md",
        "unreadable.md",
    ):
        _write(root, name)
    _write(root, unicodedata.normalize("NFD", "café.md"))
    (root / "linked").symlink_to(root / "deep" / "one", target_is_directory=True)
    return root


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture
def sphinx_log() -> Iterator[_Records]:
    """What Sphinx's project and environment modules log, whatever the logging set-up of the
    Sphinx apps built before in this process."""
    records = _Records()
    loggers = [logging.getLogger(name) for name in ("sphinx.sphinx.project", "sphinx.sphinx.environment")]
    levels = [each.level for each in loggers]
    for each in loggers:
        each.addHandler(records)
        each.setLevel(logging.DEBUG)
    yield records
    for each, level in zip(loggers, levels, strict=True):
        each.removeHandler(records)
        each.setLevel(level)


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    """``unreadable.md`` cannot be read (as root, chmod would not stop ``os.access``): the
    same answer for Sphinx's code and the speedup's, which both ask ``os.access``."""
    real = os.access

    def access(path: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if os.fspath(path).endswith("unreadable.md"):
            return False
        return real(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)


def _found(
    function: Callable[..., set[str]], root: Path, suffixes: tuple[str, ...], log: _Records, **patterns: Any
) -> tuple[Any, ...]:
    project = Project(root, suffixes)
    log.messages.clear()
    docnames = set(function(project, patterns.get("exclude", EXCLUDE), patterns.get("include", INCLUDE)))
    return (
        docnames,
        list(project._path_to_docname.items()),
        list(project._docname_to_path.items()),
        list(log.messages),
    )


@pytest.mark.parametrize(
    ("suffixes", "patterns"),
    [
        ((".md", ".rst"), {}),
        ((".md",), {"include": ["*.md", "deep/**", "drafts/k*"]}),
        ((".md",), {"include": []}),
        ((".md",), {"exclude": []}),
        ((".rst", ".md"), {"exclude": ["index.md", "linked"]}),
        (("two/shown.md", ".md"), {}),  # a suffix with a "/": Sphinx's own code runs
    ],
)
def test_the_same_pages_order_and_warnings_as_sphinx(
    tmp_path: Path, sphinx_log: _Records, unreadable: None, suffixes: tuple[str, ...], patterns: dict[str, Any]
) -> None:
    root = _tree(tmp_path / "src")
    theirs = _found(discover._discover_of_sphinx, root, suffixes, sphinx_log, **patterns)
    mine = _found(discover.discover, root, suffixes, sphinx_log, **patterns)
    assert mine == theirs
    if suffixes == (".md", ".rst") and not patterns:  # the cases: a page twice, unreadable, NFD, a link
        docnames, _, _, warnings = mine
        assert {"index", "a", ".hidden", "linked/two/shown", "drafts/keep", "notes/xy", "zzz/[x]"} <= docnames
        assert not {"b", "skip/c", "drafts/other", "notes/x", "deep/one/two/hidden-page", "unreadable"} & docnames
        assert any("multiple files found" in line for line in warnings)
        assert any("'unreadable.md'" in line for line in warnings)
        # a name written in NFD is looked up in NFC, which is not on disk: Sphinx's warning
        assert "café" not in docnames and any("'café.md'" in line for line in warnings)


def test_the_file_list_is_sphinxs(tmp_path: Path) -> None:
    from sphinx.util.matching import get_matching_files

    root = _tree(tmp_path / "src")
    for include, exclude in ((INCLUDE, EXCLUDE), (["deep/**", "?.md"], ["**/two"]), ([], []), (["**"], [])):
        assert list(discover.matching_files(str(root), include, exclude)) == list(
            get_matching_files(root, include, exclude)
        )


@pytest.fixture
def built(make_app: Callable[..., Any], tmp_path: Path) -> Any:
    """A small Sphinx project, built: its environment knows every page's read time."""
    src = tmp_path / "src"
    _write(src, "conf.py", "")
    _write(src, "index.rst", "Index\n=====\n\n.. toctree::\n\n   one\n   two\n   three\n   four\n")
    for name in ("one", "two", "three", "four", "five"):
        _write(src, f"{name}.rst", f"{name.title()}\n====\n\nText.\n")
    _write(src, "part.txt", "included\n")
    _write(src, "three.rst", "Three\n=====\n\n.. include:: part.txt\n")
    app = make_app("html", srcdir=src, builddir=tmp_path / "out", freshenv=True)
    app.build()
    return app


def _outdated(function: Callable[..., Any], env: BuildEnvironment, log: _Records) -> tuple[Any, ...]:
    log.messages.clear()
    added, changed, removed = function(env, False)
    return set(added), set(changed), set(removed), sorted(log.messages)


def test_the_same_pages_taken_as_changed_as_sphinx(built: Any, sphinx_log: _Records) -> None:
    env = built.env
    src = Path(built.srcdir)
    assert env.dependencies.get("three")

    def compare() -> tuple[set[str], set[str], set[str]]:
        theirs = _outdated(discover._get_outdated_files_of_sphinx, env, sphinx_log)
        mine = _outdated(discover.get_outdated_files, env, sphinx_log)
        assert mine == theirs
        assert discover.get_outdated_files(env, True) == discover._get_outdated_files_of_sphinx(env, True)
        return mine[:3]

    assert compare() == (set(), set(), set())
    later = env.all_docs["one"] / 1_000_000 + 60
    os.utime(src / "one.rst", (later, later))  # a newer source
    (Path(built.doctreedir) / "two.doctree").unlink()  # a doctree gone
    os.utime(src / "part.txt", (later, later))  # a dependency newer
    env.reread_always.add("four")
    assert compare() == (set(), {"one", "two", "three", "four"}, set())
    (src / "part.txt").unlink()  # a dependency gone
    (src / "one.rst").unlink()  # a page removed
    _write(src, "six.rst", "Six\n===\n")  # a page added
    env.find_files(built.config, built.builder)
    assert compare() == ({"six"}, {"two", "three", "four"}, {"one"})
