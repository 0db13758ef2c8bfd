# tests/test_ext_outputs.py: the site-wide files written at build-finished (catalog, exports, feed, sitemap).
# Only what the extension needs: MyST with the archive's lock-down, furo (whose sidebar the
# extension fills), a fixed base URL.
project = "outputs root"
author = "tests"
copyright = "tests"
language = "en"
extensions = ["myst_parser", "sphinx_sitemap", "seedarchive.sphinxext"]
root_doc = "home"
seedarchive_home = "home"
seedarchive_search_page = "home"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
myst_disable_syntax = ["html_block", "html_inline"]
smartquotes = False
html_theme = "furo"
html_baseurl = "https://roots.example/"
html_copy_source = False
html_show_sourcelink = False
html_title = "outputs archive"
nitpicky = True
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "index.html"]
