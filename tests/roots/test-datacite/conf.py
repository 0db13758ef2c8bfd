# tests/test_ext_datacite.py: DataCite records of articles, revisions and an edition.
# Only what the extension needs: MyST with the archive's lock-down, furo (whose sidebar the
# extension fills), a fixed base URL.
project = "datacite root"
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
html_title = "Harbour Press Archive"
nitpicky = True
seedarchive_keeper = "Harbour History Group"
seedarchive_licence_texts = "Copyright of the authors; kept for research"
