"""Every reach-in into code of other projects, under one contract (issue 29).

A reach-in is code of seedarchive that patches, replaces or relies on the internals of
Sphinx, docutils, myst-parser, furo, sphinx-sitemap or citeproc-py. Each is temporary and
declares a :class:`Contract`:

- ``requires``: the distributions and the versions it was checked against (PEP 440);
- ``replaces``: every upstream object it replaces or relies on, with the SHA-256 of that
  object's source on each version checked (``tests/test_upstream.py`` fails, naming the
  reach-in and the object to read again, when an installed object's source is another);
- ``retire``: the upstream issue or change that would let it go (the report text for the
  maintainers is in ``docs/upstream.md``).

:func:`why_not` is the guard: outside ``requires``, or with an object missing, a reach-in is
not put in place and upstream's own code runs, with one line naming the reason. The reach-ins:

- :mod:`.speedups`: code of Sphinx, docutils, myst-parser, furo and citeproc-py replaced by
  faster code giving the same pages byte for byte; each can be switched off
  (``seedarchive_speedups``, ``seedarchive_speedups_off``); INFO line when a guard fails;
- :mod:`.sitemap`: sphinx-sitemap's link queue refilled so that the sitemap is complete on
  incremental builds (it changes the output, so it has no switch); INFO line;
- :mod:`.cslfixes`: citeproc-py's rules where they break the citations (it changes the
  output); a WARNING when its guard fails, since the citations would then differ
  (``make html`` builds with ``-W``: the build stops, naming what to read again). The patches
  themselves, and the ``csl`` speedup's memoization, are in :mod:`seedarchive.cite.upstream`,
  below both the converter (which formats each revision's citations once) and the extension;
  :class:`Contract` and :func:`why_not` are :mod:`seedarchive.reachin`, on the ground floor.

Objects are looked up with :func:`lookup`, never imported by a private name at module level,
so that importing a reach-in never fails.
"""

from __future__ import annotations

from seedarchive.reachin import Contract, lookup, source_sha256, why_not

__all__ = ["Contract", "contracts", "docs_table", "lookup", "source_sha256", "why_not"]


def contracts() -> list[Contract]:
    """Every reach-in's contract: the speedups in their order, the sitemap, citeproc-py's fixes."""
    from seedarchive.sphinxext.upstream import cslfixes, sitemap, speedups

    return [*(module.SPEEDUP for module in speedups.modules()), sitemap.UPSTREAM, cslfixes.CONTRACT]


def docs_table() -> str:
    """The Markdown table of every reach-in for docs/upstream.md (checked by a test)."""
    rows = ["| reach-in | upstream, checked against | retired by |", "| --- | --- | --- |"]
    for contract in contracts():
        versions = ", ".join(f"{name} {spec}" for name, spec in contract.requires.items())
        rows.append(f"| `{contract.name}` | {versions} | {contract.retire} |")
    return "\n".join(rows) + "\n"
