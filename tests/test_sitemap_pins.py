"""upstream/sitemap.py reads sphinx-sitemap's internal ``app.sitemap_links`` (issue 19): the
functions that touch it are pinned by their source, and with a version it was not checked
against the sitemap is left to sphinx-sitemap with one INFO line."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from ext_util import build, copy_root
from seedarchive.sphinxext.upstream import sitemap, speedups

PINS = sorted(sitemap.UPSTREAM.replaces)


def test_the_guard_holds_on_the_pinned_version() -> None:
    assert speedups.why_not(sitemap.UPSTREAM) is None


@pytest.mark.parametrize("dotted", PINS)
def test_upstream_code_is_the_code_the_sitemap_completion_was_checked_against(dotted: str) -> None:
    found = speedups.lookup(dotted)
    assert found is not None, f"upstream/sitemap.py: {dotted} is gone; read how sphinx-sitemap keeps its links now"
    digest = speedups.source_sha256(found)
    assert digest in sitemap.UPSTREAM.replaces[dotted], (
        f"upstream/sitemap.py: the source of {dotted} changed (SHA-256 {digest}). Read the new code: if "
        "it still creates, fills and empties app.sitemap_links as a queue (put, empty, get_nowait) in the "
        f"main process, add the digest to UPSTREAM.replaces[{dotted!r}] and widen its requires; "
        "otherwise change complete()."
    )


def _locs(out: Path) -> list[str]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(out / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", ns)]


@pytest.mark.parametrize("holds", [True, False], ids=["checked-version", "other-version"])
def test_another_version_leaves_the_sitemap_to_sphinx_sitemap_with_one_info_line(
    make_app: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, holds: bool
) -> None:
    if not holds:
        other = dataclasses.replace(sitemap.UPSTREAM, requires={"sphinx-sitemap": "<1"})
        monkeypatch.setattr(sitemap, "UPSTREAM", other)
    src = copy_root("speedups", tmp_path / "src", archive=True)
    _app, status, warnings = build(make_app, src, tmp_path / "out")
    assert warnings == ""
    lines = [line for line in status.splitlines() if "seedarchive: sitemap" in line]
    version = metadata.version("sphinx-sitemap")
    expected = [] if holds else [
        "seedarchive: sitemap left as sphinx-sitemap writes it: "
        f"sphinx-sitemap {version} is not a version it was checked against (<1)"
    ]
    assert lines == expected
    locs = _locs(tmp_path / "out" / "html")
    assert "https://archive.example/docs/notes/first.html" in locs
    assert any("/archive/articles/" in loc for loc in locs)
    assert not any(loc.endswith(("/search.html", "/genindex.html")) for loc in locs)
    if holds:
        assert locs == sorted(locs)


@pytest.mark.parametrize(
    "patterns",
    [[], ["search.html", "genindex.html", "index.html"], ["archive/*/index.html", "*.txt", "r[0-9].html", "a?c.html"],
     ["[!a]*.html", "x.html*"]],
)
def test_the_excluded_links_are_those_fnmatch_names(patterns: list[str]) -> None:
    """Issue 29: ``_excluded`` is fnmatch's test for every pattern at once, one expression."""
    from fnmatch import fnmatch

    links = ["search.html", "genindex.html", "index.html", "docs/index.html", "archive/people/index.html",
             "archive/people/x/index.html", "notes.txt", "r1.html", "r12.html", "abc.html", "ac.html",
             "a.html", "b.html", "x.html", "x.html.gz", "searchXhtml", "line\nbreak.html"]
    excluded = sitemap._excluded(patterns)
    for link in links:
        expected = any(fnmatch(link, pattern) for pattern in patterns)
        assert (excluded is not None and bool(excluded(link))) == expected, (link, patterns)
