"""The URL manifest's text (``archive/urls.txt``): what :func:`merged` writes (issue 29: its
lines joined at once, 246,000 of them at 10,000 articles)."""

from __future__ import annotations

from pathlib import Path

from seedarchive.archive import urls as manifest
from seedarchive.archive.urls import HEADER


def test_merged_writes_one_url_a_line_after_the_header(tmp_path: Path) -> None:
    path = tmp_path / manifest.URLS
    assert manifest.merged(path, []) == HEADER
    assert manifest.merged(path, ["b.html", "a.html"]) == f"{HEADER}a.html\nb.html\n"
    path.write_text(f"{HEADER}a.html\nc.html\n", encoding="utf-8")
    assert manifest.merged(path, ["b.html", "a.html"]) == f"{HEADER}a.html\nb.html\nc.html\n"
    assert manifest.merged(path, ["a.html"]) == f"{HEADER}a.html\nc.html\n"
    path.write_text(f"{HEADER}c.html\n a.html\n", encoding="utf-8")  # not as written: parsed again
    assert manifest.merged(path, ["b.html"]) == f"{HEADER}a.html\nb.html\nc.html\n"
