# tests/test_ext_meta.py: what an article page carries in its <head> and on its text.
# Only what the extension needs: MyST, furo (its templates), the archive's MyST lock-down.
project = "meta root"
author = "tests"
copyright = "tests"
language = "en"
extensions = ["myst_parser", "seedarchive.sphinxext"]
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
nitpicky = True
