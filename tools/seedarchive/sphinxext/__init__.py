"""The Sphinx extension: builds the archive pages the converter wrote.

It adds what only the build can know and nothing the converter could have written:

- ``article-body`` gives each body paragraph its permanent anchor ``#pN``;
- ``archive-list``/``archive-table`` render link lists and tables from data (:mod:`.lists`);
- entity and date pages are written from the converter's JSON files without docutils (:mod:`.listings`);
- ``archive-home`` shows what the archive holds on the home page (:mod:`.home`);
- links to an article's original URL carry Robust Links attributes (:mod:`.robust`);
- ``cite-this`` renders the "Cite this page" block with the site's base URL;
- the archive's identity (``archive.toml``) in every page's footer and the ``archive-identity``
  table (:mod:`.identity`);
- ``catalog.json`` at the site root, from the pages' front matter;
- DataCite records of every article, revision and edition (:mod:`.datacite`);
- citation sets, ``sets/NAME.yaml``, each a page with its combined citations (:mod:`.sets`);
- ``datapackage.json``, ``CITATION.cff`` and the downloads page describing every export (:mod:`.downloads`);
- a complete, sorted sitemap on incremental builds too (see :mod:`.upstream.sitemap`);
- docutils' ``raw`` and file insertion are switched off: article text never reaches them.

Its settings are declared in :mod:`.config`; everything that patches, replaces or relies on
the internals of Sphinx or of another library is in :mod:`.upstream`, each reach-in with the
versions it was checked against, the digests of what it touches and the upstream change that
would retire it: the speedups (:mod:`.upstream.speedups`, all off with
``seedarchive_speedups = False``), the sitemap's completion and citeproc-py's fixes.

Handlers are thin; the work is in typed functions that tests call directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from seedarchive import __version__
from seedarchive.archive import layout, originals
from seedarchive.sphinxext import compact
from seedarchive.sphinxext import config as settings
from seedarchive.sphinxext import pagedata as pages
from seedarchive.sphinxext.content import (
    directives,
    home,
    identity,
    listings,
    lists,
    meta,
    policy,
    reading,
    replay,
    robust,
    seedfile,
    signposting,
    timeline,
)
from seedarchive.sphinxext.content import mementos as revisions
from seedarchive.sphinxext.content import objects as xref
from seedarchive.sphinxext.content import switcher as editions
from seedarchive.sphinxext.outputs import catalog, datacite, downloads, exports, pagefind, sets
from seedarchive.sphinxext.upstream import sitemap, speedups

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"


def _lock_down(app: Sphinx) -> None:
    """No raw HTML, no file inclusion: these docutils settings apply to every page."""
    app.env.settings.update({"raw_enabled": False, "file_insertion_enabled": False})


def _config_inited(app: Sphinx, config: Any) -> None:
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    config.html_additional_pages = {"index": "seedarchive-root.html", **config.html_additional_pages}
    config.html_context = {"seedarchive_home": config.seedarchive_home, **config.html_context}
    # The converter's data folders hold no pages: the kept seed files (archive/originals/,
    # published as files, never read as pages), the records and the stored citation texts.
    # Named as folders, so that Sphinx does not walk them at all (a pattern ending in /**
    # leaves out their files one by one: 30,000 of them at 10,000 articles, at every build).
    data = (originals.FOLDER, layout.RECORDS, layout.CITATIONS)
    config.exclude_patterns = [*config.exclude_patterns, *(f"{layout.ARCHIVE}/{name}" for name in data)]


def setup(app: Sphinx) -> dict[str, Any]:
    settings.register(app)
    speedups.setup(app)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _lock_down)
    directives.setup(app)
    catalog.setup(app)
    sitemap.setup(app)
    meta.setup(app)
    policy.setup(app)
    compact.setup(app)
    exports.setup(app)
    datacite.setup(app)
    sets.setup(app)
    downloads.setup(app)
    pagefind.setup(app)
    app.add_js_file("seedarchive-cite.js", loading_method="defer")
    xref.setup(app)
    lists.setup(app)
    listings.setup(app)
    pages.setup(app)
    revisions.setup(app)
    editions.setup(app)
    reading.setup(app)
    timeline.setup(app)
    home.setup(app)
    identity.setup(app)
    seedfile.setup(app)
    replay.setup(app)
    signposting.setup(app)
    robust.setup(app)
    app.add_css_file("seedarchive.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 1}
