"""The URL manifest ``archive/urls.txt``: every URL the archive has ever published.

One URL per line, relative to the site's base URL (``docs/index.html``,
``archive/articles/<id>.html#p3``), sorted. It only grows: :func:`merged` keeps every line
already there. The built-site test (``tests/test_urls.py``) fails when a build lacks one of
them and no redirect (``docs/redirects.txt``, ``archive/redirects.txt``) declares a successor.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

URLS = "urls.txt"
HEADER = ("# Every URL this archive has published, relative to its base URL. Never remove a line:\n"
          "# a URL that must go needs a redirect to its successor in docs/redirects.txt.\n")
SKIP_DIRS = ("_static/", "_sources/", "_downloads/", "_images/", "editions/")


def read(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {line.strip() for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")}


def merged(path: Path, urls: Iterable[str]) -> str:
    """The manifest's text with ``urls`` added; nothing already listed is removed."""
    return HEADER + "".join(f"{url}\n" for url in sorted(read(path) | set(urls)))


def built_pages(html: Path) -> list[str]:
    """Every HTML page of a build, as site-relative URLs (editions and assets left out)."""
    out = []
    for page in html.rglob("*.html"):
        rel = page.relative_to(html).as_posix()
        if not rel.startswith(SKIP_DIRS):
            out.append(rel)
    return sorted(out)
