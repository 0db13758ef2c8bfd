"""Make sphinx-sitemap's output complete and reproducible.

sphinx-sitemap collects links as pages are written, so an incremental build lists only the
pages it rewrote (sphinx-sitemap #13), in the order the writer happened to finish them
(which varies with ``-j``), with ``lastmod`` from git. Just before it writes, this handler
puts every page back, sorted, with ``lastmod`` taken from the recorded ingestion or
revision time of articles (never the build time). They go back into the queue
sphinx-sitemap reads, or a faster one (:mod:`..speedups.sitemapqueue`). Reading and
replacing ``app.sitemap_links`` relies on sphinx-sitemap's internals: the sitemapqueue
speedup's guard and pins cover the functions that use it.
"""

from __future__ import annotations

import queue
from fnmatch import fnmatch

from sphinx.application import Sphinx

from seedarchive.sphinxext.pagedata import articles
from seedarchive.sphinxext.speedups import sitemapqueue


def complete(app: Sphinx, exception: BaseException | None) -> None:
    links = getattr(app, "sitemap_links", None)
    if exception is not None or links is None or app.builder.format != "html":
        return
    seen: dict[str, str | None] = {}
    while True:
        try:
            link, lastmod = links.get_nowait()
        except queue.Empty:
            break
        seen[link] = lastmod
    suffix = app.config.html_file_suffix or ".html"
    for docname in app.env.found_docs:
        seen.setdefault(f"{docname}{suffix}", None)
    for docname, data in articles(app.env).items():
        seen[f"{docname}{suffix}"] = data["provenance"]["ingested_at"]
    excludes = app.config.sitemap_excludes
    final = sitemapqueue.queue_for(links)
    for link in sorted(seen):
        if not any(fnmatch(link, pattern) for pattern in excludes):
            final.put((link, seen[link]))
    app.sitemap_links = final  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    app.connect("build-finished", complete, priority=400)
