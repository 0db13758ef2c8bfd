"""Sphinx configuration of the seedarchive site.

The source folder is the repository root (``sphinx-build -c docs . _build/html``): the
hand-written pages live in ``docs/``, the converter's pages in ``archive/``.
Set ``SEEDARCHIVE_BASEURL`` to the address the site is published at: permanent URLs,
citations, the sitemap and the canonical links are built from it.
"""

import os

project = "seedarchive"
author = "the seedarchive editors"
copyright = "the seedarchive editors"  # no year: the build date never leaks into pages
language = "en"

extensions = ["myst_parser", "sphinx_sitemap", "seedarchive.sphinxext"]

root_doc = "docs/index"
seedarchive_home = root_doc
include_patterns = ["docs/**", "archive/**"]
exclude_patterns = ["_build", ".venv", "**/.*", "docs/_templates/**"]
source_suffix = {".md": "markdown"}

# Article text is data, never markup (see tools/seedarchive/render/markup.py and the README).
myst_enable_extensions: list[str] = []  # no substitution (Jinja with access to the build)
myst_disable_syntax = ["html_block", "html_inline"]
smartquotes = False  # it rewrites text: "--" would become a dash
# raw and include are switched off by the extension (docutils raw_enabled, file_insertion_enabled).

html_theme = "furo"
html_title = "seedarchive"
html_baseurl = os.environ.get("SEEDARCHIVE_BASEURL", "http://127.0.0.1:8000/")
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# Declared successors of URLs that must go (the URL manifest archive/urls.txt never shrinks);
# the extension adds archive/redirects.txt (generated; empty since every revision URL is a page).
rediraffe_redirects = "docs/redirects.txt"

sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "index.html"]

nitpicky = True
