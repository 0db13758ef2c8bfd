# A small site for the speedups tests: the repository's settings, a few hand-written pages;
# the test copies a converted archive/ beside docs/ (tests/test_speedups.py).
project = "speedups"
author = "tests"
copyright = "tests"
language = "en"
extensions = ["myst_parser", "sphinx_sitemap", "seedarchive.sphinxext"]
root_doc = "docs/index"
seedarchive_home = root_doc
include_patterns = ["docs/**", "archive/**"]
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
myst_enable_extensions: list[str] = []
myst_disable_syntax = ["html_block", "html_inline"]
smartquotes = False
html_theme = "furo"
html_title = "speedups"
html_baseurl = "https://archive.example/"
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "index.html"]
nitpicky = True
