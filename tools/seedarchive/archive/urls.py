"""The URL manifest ``archive/urls.txt``: every URL the archive has ever published.

One URL per line, relative to the site's base URL (``docs/index.html``,
``archive/articles/<id>.html#p3``), sorted. It only grows: :func:`merged` keeps every line
already there. The built-site test (``tests/test_urls.py``) fails when a build lacks one of
them and no redirect (``docs/redirects.txt``, ``archive/redirects.txt``) declares a successor.
"""

from __future__ import annotations

import operator
import posixpath
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

URLS = "urls.txt"
HEADER = (
    "# Every URL this archive has published, relative to its base URL. Never remove a line:\n"
    "# a URL that must go needs a redirect to its successor in docs/redirects.txt.\n"
)
SKIP_DIRS = ("_static/", "_sources/", "_downloads/", "_images/", "editions/")


def read(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return _listed(path.read_text("utf-8"))


def _listed(text: str) -> set[str]:
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def merged(path: Path, urls: Iterable[str]) -> str:
    """The manifest's text with ``urls`` added; nothing already listed is removed."""
    text = path.read_text("utf-8") if path.exists() else ""
    written = _as_written(text)
    listed = set(written) if written is not None else _listed(text)
    adding = set(urls) - listed
    if not adding and written is not None:  # most conversions publish nothing new
        return text
    # sorted runs (the lines as written, then the new ones) are merged by sorting in one pass
    ordered = sorted([*written, *sorted(adding)]) if written is not None else sorted(listed | adding)
    return HEADER + "".join(["\n".join(ordered), "\n"] if ordered else [])


def _as_written(text: str) -> list[str] | None:
    """The URLs of ``text`` if it is what :func:`merged` writes for them (the header, then
    each URL once, in order), so that they need not be parsed and sorted again (246,000
    lines at 10,000 articles); else None."""
    if not text.startswith(HEADER) or not text.endswith("\n") or len(text) == len(HEADER):
        return None
    lines = text[len(HEADER) : -1].split("\n")
    if all(line and line == line.strip() and line[0] != "#" for line in lines) and all(
        map(operator.lt, lines, lines[1:])
    ):
        return lines
    return None


def built_pages(html: Path) -> list[str]:
    """Every HTML page of a build, as site-relative URLs (editions and assets left out)."""
    out = []
    for page in html.rglob("*.html"):
        rel = page.relative_to(html).as_posix()
        if not rel.startswith(SKIP_DIRS):
            out.append(rel)
    return sorted(out)


class _Ids(HTMLParser):
    """Collects the ids of a page and its meta-refresh target (rediraffe's redirect stubs)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refresh: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            content = values.get("content") or ""
            if "url=" in content.lower():
                self.refresh = content[content.lower().index("url=") + 4 :].strip()


def _page(html: Path, rel: str, cache: dict[str, _Ids | None]) -> _Ids | None:
    if rel not in cache:
        path = html / rel
        if not path.is_file():
            cache[rel] = None
        else:
            parser = _Ids()
            parser.feed(path.read_text("utf-8", errors="replace"))
            cache[rel] = parser
    return cache[rel]


def resolve(html: Path, url: str, cache: dict[str, _Ids | None] | None = None) -> str | None:
    """The built page (site-relative, after redirects) that serves ``url``, or None."""
    cache = {} if cache is None else cache
    rel, _, anchor = url.partition("#")
    for _hop in range(5):
        page = _page(html, rel, cache)
        if page is None:
            return None
        if page.refresh and not page.ids:  # a redirect stub: follow it
            target = page.refresh.partition("#")[0]
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
            continue
        return rel if not anchor or anchor in page.ids else None
    return None


def missing(html: Path, urls: Iterable[str]) -> list[str]:
    """The URLs that the build in ``html`` does not serve (redirects followed)."""
    cache: dict[str, _Ids | None] = {}
    return [url for url in sorted(set(urls)) if resolve(html, url, cache) is None]
