# tests/test_ext_settings.py: the seedarchive_* settings (home, search page, Sphinx search, editions) and bad values.
# Only what the extension needs: MyST with the archive's lock-down, furo (whose sidebar the
# extension fills), a fixed base URL.
project = "settings root"
author = "tests"
copyright = "tests"
language = "en"
extensions = ["myst_parser", "seedarchive.sphinxext"]
root_doc = "guide/start"
seedarchive_home = "guide/start"
seedarchive_search_page = "guide/find"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
myst_disable_syntax = ["html_block", "html_inline"]
smartquotes = False
html_theme = "furo"
html_baseurl = "https://roots.example/"
html_copy_source = False
html_show_sourcelink = False
html_title = "settings archive"
nitpicky = True
