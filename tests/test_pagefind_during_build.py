"""`make html` indexes the article pages for search while Sphinx writes the rest
(`-D seedarchive_pagefind=1`, sphinxext/outputs/pagefind.py, issue 29): the index is the one
`seedarchive search` makes after the build, and a failed index fails the build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import synth
from conftest import ROOT, convert, make_project, search_index, sphinx_build
from ext_util import copy_root
from seedarchive.publish import search
from seedarchive.sphinxext.outputs import pagefind

pytestmark = pytest.mark.slow

FLAG = ("-D", "seedarchive_pagefind=1")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Forty synthetic articles: pages in most of the sixteen shards."""
    base = tmp_path_factory.mktemp("pagefind-during")
    seeds = base / "seeds"
    synth.write(seeds, 40, 7)
    project = make_project(base, {path.name: path.read_bytes() for path in sorted(seeds.iterdir())})
    assert convert(project).returncode == 0
    return project


def test_the_index_made_during_the_build_is_the_one_made_after_it(project: Path, tmp_path: Path) -> None:
    during = tmp_path / "during"
    built = sphinx_build(".", during, *FLAG, cwd=project, quiet=False)
    assert built.returncode == 0, built.stderr
    assert "search index: 40 pages in 16 shards" in built.stdout
    after = tmp_path / "after"
    assert sphinx_build(".", after, cwd=project).returncode == 0
    assert not (after / search.BUNDLE).exists()  # without the setting, Sphinx makes no index
    indexed = subprocess.run(
        [sys.executable, "-m", "seedarchive", "search", str(after)], capture_output=True, text=True, check=False
    )
    assert indexed.returncode == 0, indexed.stderr
    shards = search_index(during)
    assert len({name.split("/")[1] for name in shards if name.startswith(search.SHARD_ROOT)}) >= 8
    assert shards == search_index(after)
    # the pages are the same too: the setting changes when the index is made, nothing else
    pages = sorted(p.relative_to(during).as_posix() for p in during.rglob("*.html"))
    assert pages == sorted(p.relative_to(after).as_posix() for p in after.rglob("*.html"))
    assert [name for name in pages if (during / name).read_bytes() != (after / name).read_bytes()] == []


def test_a_failed_index_fails_the_build_with_its_message(project: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-pagefind"
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(missing)}
    out = tmp_path / "html"
    built = sphinx_build(".", out, *FLAG, cwd=project, env=env, strict=False)
    assert built.returncode != 0
    assert "Pagefind" in built.stderr and "Fix:" in built.stderr, built.stderr
    assert not (out / search.BUNDLE / "pagefind-entry.json").exists()


def test_make_html_sets_it() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "$(SPHINXBUILD) -D seedarchive_pagefind=1" in makefile
    assert "seedarchive search $(BUILDDIR)/html" not in makefile  # not a second time after it


def test_seedarchive_build_is_skipped_only_while_the_index_is_as_it_left_it(project: Path, tmp_path: Path) -> None:
    """With the setting, the index is an output of `seedarchive build` like its pages: a
    `make html` with nothing new skips Sphinx, and one after the index was removed makes it again."""
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"
    command = [sys.executable, "-m", "seedarchive", "build", "--out", str(out), "--doctrees", str(doctrees)]
    command += ["-c", "docs", "-n", "-W", "--keep-going", "-q", *FLAG]

    def build() -> subprocess.CompletedProcess[str]:
        done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        return done

    build()
    index = search_index(out)
    assert len(index) > 20
    assert "is up to date" in build().stderr
    shutil.rmtree(out / search.BUNDLE)
    again = build()
    assert "is up to date" not in again.stderr
    assert search_index(out) == index


def test_the_index_is_waited_for_after_every_other_pass_that_ends_the_build(make_app: Any, tmp_path: Path) -> None:
    """The sitemap, TimeMaps, DataCite records and published seeds are written at
    ``build-finished`` while Pagefind indexes: its wait is the last handler there."""
    src = copy_root("outputs", tmp_path / "src")
    app = make_app("html", srcdir=src, builddir=tmp_path / "out")
    try:
        handlers = [(listener.priority, listener.handler) for listener in app.events.listeners["build-finished"]]
    finally:
        app.cleanup()
    assert len(handlers) >= 5
    last = max(handlers, key=lambda item: item[0])
    assert last[1] is pagefind._finish
    assert sum(1 for priority, _ in handlers if priority == last[0]) == 1
