"""Keep the memory of a build flat in the number of pages.

When Sphinx writes pages, the main process loads each page's doctree with
``env.get_doctree``, which keeps the pickled bytes of every doctree it ever loaded in
``env._pickled_doctree_cache`` until the build ends: with ``-j 2`` that cache was the part
of peak memory that grew with the archive (the doctrees of 10,000 articles and their
cross-reference pages are several hundred MB). Each page's doctree is loaded once for
writing, so its bytes are dropped as soon as it is resolved; a later ``get_doctree`` of the
same page reads the file again. (The root document's doctree is kept by Sphinx elsewhere,
``env.master_doctree``, for the navigation.)
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def _drop_pickled(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    cache = getattr(app.env, "_pickled_doctree_cache", None)
    if isinstance(cache, dict):
        cache.pop(docname, None)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _drop_pickled)
