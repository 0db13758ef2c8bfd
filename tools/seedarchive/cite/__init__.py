"""How an article is cited: the crosswalk from a page's metadata to CSL-JSON, the four prose
styles, BibTeX and RIS, below both the converter and the Sphinx extension (issue 29).

- :mod:`.crosswalk`: the CSL item of a page, the texts of the four styles, BibTeX, RIS, CSL-JSON;
- :mod:`.csl`: the product's one CSL formatter (citeproc-py with the official style files);
- :mod:`.upstream`: the reach-ins into citeproc-py it relies on (fixes, memoization), each
  under its contract;
- :mod:`.stored`: each revision's texts, formatted once by the converter and stored in the
  archive, which the Sphinx build reads instead of formatting them again.

It runs without Sphinx or docutils; the extension's ``content/citations.py`` and ``cite.py``
are thin users of it.
"""
