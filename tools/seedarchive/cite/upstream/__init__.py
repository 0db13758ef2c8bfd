"""The reach-ins into citeproc-py, below both the converter and the Sphinx extension (issue 29).

Each declares a :class:`seedarchive.reachin.Contract` and is listed, with every other reach-in,
by :func:`seedarchive.sphinxext.upstream.contracts` (docs/upstream.md):

- :mod:`.cslfixes`: five CSL rules citeproc-py does not follow (it changes the texts);
- :mod:`.memo`: the ``csl`` speedup, citeproc-py's lookups memoized (the same texts, faster).
"""
