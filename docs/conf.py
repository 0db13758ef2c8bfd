"""Sphinx configuration of the seedarchive site.

The source folder is the repository root (``sphinx-build -c docs . _build/html``): the
hand-written pages live in ``docs/``, the converter's pages in ``archive/``.
The archive's identity (name, keeper, contact, licences, base URL, language) is read from
``archive.toml`` at the repository root (see ``seedarchive.publish.settings``);
``SEEDARCHIVE_BASEURL`` overrides its ``base_url`` for one build: permanent URLs, citations,
the sitemap and the canonical links are built from it.
"""

from html import escape
from pathlib import Path

from sphinx.errors import ConfigError

from seedarchive.publish import settings as archive_settings

try:
    _archive = archive_settings.load(Path(__file__).resolve().parent.parent)
except archive_settings.SettingsError as _error:
    raise ConfigError(f"{len(_error.problems)} problem(s) in archive.toml:\n" + "\n".join(_error.problems)) from None

project = _archive.name
author = _archive.keeper or _archive.name
copyright = author  # no year: the build date never leaks into pages
html_show_copyright = False  # the footer names the keeper (templates/page.html)
language = _archive.language
seedarchive_keeper = _archive.keeper
seedarchive_contact = _archive.contact
seedarchive_licence_texts = _archive.licence_texts
seedarchive_licence_metadata = _archive.licence_metadata
seedarchive_unset = list(_archive.unset)
# Off by default; on, it needs the npm package replaywebpage (AGPL-3.0), see docs/publish.md.
seedarchive_replay = _archive.replay
seedarchive_replay_origin = archive_settings.replay_origin(_archive)
# Absolute: `make site` builds each edition from its own folder with this configuration.
seedarchive_replay_package = str(Path(__file__).resolve().parent.parent / "replay" / "node_modules" / "replaywebpage")

extensions = ["myst_parser", "sphinx_sitemap", "seedarchive.sphinxext"]

root_doc = "docs/index"
seedarchive_home = root_doc
include_patterns = ["docs/**", "archive/**"]
# The folders besides docs/ and archive/ hold no pages: left out as folders, Sphinx does not
# walk them (include_patterns filters files only, after the walk).
exclude_patterns = ["_build", ".venv", "**/.*", "docs/_templates/**"]
exclude_patterns += ["seeds", "tests", "bench", "tools", "replay", "fixity", "vocabulary", "node_modules"]
source_suffix = {".md": "markdown"}

# Article text is data, never markup (see tools/seedarchive/render/markup.py and the README).
myst_enable_extensions: list[str] = []  # no substitution (Jinja with access to the build)
myst_disable_syntax = ["html_block", "html_inline"]
smartquotes = False  # it rewrites text: "--" would become a dash
# raw and include are switched off by the extension (docutils raw_enabled, file_insertion_enabled).

html_theme = "furo"
html_title = escape(_archive.name)  # Sphinx and furo write html_title as HTML
html_baseurl = _archive.base_url
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None

# Declared successors of URLs that must go (the URL manifest archive/urls.txt never shrinks);
# the extension adds archive/redirects.txt (generated; empty since every revision URL is a page).
rediraffe_redirects = "docs/redirects.txt"

sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "index.html"]

nitpicky = True
