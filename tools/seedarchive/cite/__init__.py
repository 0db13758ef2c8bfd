"""How an article is cited and described: every crosswalk from a page's metadata, below both
the converter and the Sphinx extension (issue 29).

- :mod:`.crosswalk`: the CSL item of a page, the texts of the four styles, BibTeX, RIS,
  CSL-JSON, and the other forms a page is read in: COinS, the Highwire, Dublin Core, PRISM and
  Open Graph meta tags, schema.org JSON-LD, PROV-O, the catalogue record, the Atom entry;
- :mod:`.csl`: the product's one CSL formatter (citeproc-py with the official style files);
- :mod:`.upstream`: the reach-ins into citeproc-py it relies on (fixes, memoization), each
  under its contract;
- :mod:`.stored`: each revision's texts, formatted once by the converter and stored in the
  archive, which the Sphinx build reads instead of formatting them again (their key covers this
  package's code: a change here formats them again, and the repository's own
  ``archive/citations`` is then committed anew, as ``tests/test_committed_archive.py`` checks).

It runs without Sphinx or docutils; the extension's modules (``content/citations.py``,
``cite.py``, ``meta.py``, ``outputs/exports.py``, ``catalog.py``) only place what it makes.
"""
