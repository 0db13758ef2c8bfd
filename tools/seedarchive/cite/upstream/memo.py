"""citeproc-py, made cheap enough to format every article of a large archive: the ``csl`` speedup.

The formatter is the product's own (:mod:`seedarchive.cite.csl`); this speedup only makes it
faster. It is below both the converter, which installs it when its guard allows
(:func:`install_outside_sphinx`) before it formats the citations it stores, and the Sphinx
build, whose speedup switch (``sphinxext/upstream/speedups/csl.py``) installs or uninstalls it.
Installed, citeproc-py's pure per-element lookups are memoized:

- ``CitationStylesElement.xpath_search`` and ``get_root``, and ``calls_variable`` of
  ``Parent`` and ``Text``: they depend only on the style's element tree, which citeproc-py
  does not change once the style is loaded;
- ``CitationItem.reference`` is resolved once per item (:func:`_item_class`, set as the
  formatter's ``item_class``).

The formatter's ``warm`` fills the caches in the main Sphinx process before parallel readers fork.
``tests/test_cite_speed.py`` (through ``python -m bench.cite``) checks the texts against plain
citeproc-py; measurements are in bench/README.md.
"""

from __future__ import annotations

from typing import Any

from seedarchive.cite import csl as formatter
from seedarchive.reachin import Contract, why_not

SPEEDUP = Contract(
    name="csl",
    requires={"citeproc-py": "==0.11.1"},
    replaces={
        "citeproc.model:CitationStylesElement.xpath_search": (
            "258fe4fe11f6d2f3b1dccd1c89fffb1870af29fe55f4e59112cf53ad15321b39",
        ),
        "citeproc.model:CitationStylesElement.get_root": (
            "f846c539a058c80ca2aadf1a279a7c6b5efb105581d364c18a8539973456f413",
        ),
        "citeproc.model:Parent.calls_variable": (
            "0be54bb70ed2e437f6fc29bc5108e8bcbe254bbd806e6f89d1cabee2bc95e92e",
        ),
        "citeproc.model:Text.calls_variable": (
            "84f7651ed4c7701af2eb740cc8df866f8ded52cdf1eae3177c251bd20243efa4",
        ),
        "citeproc.source:CitationItem.reference": (
            "294c16bf66b470677ed3f29eec1354e243ffdc9f8ea288aaf6627b4b82a2d6e3",
        ),
    },
    summary="citeproc-py's XPath lookups, `get_root`, `calls_variable` and `CitationItem.reference`, "
    "memoized per style element and item",
    risk="a citeproc-py that changes a style tree after loading it would get stale answers; "
    "the cite-block texts are compared with plain citeproc-py by tests/test_cite_speed.py",
    retire="citeproc-py: remember the answers of the style tree's lookups once a style is loaded (not "
    "reported upstream yet; docs/upstream.md, citeproc-py)",
)

#: Memoized per element; these lookups return lxml elements of the (immutable) style tree.
_xpath: dict[tuple[Any, str], Any] = {}
_calls_variable: dict[Any, bool] = {}
_roots: dict[Any, Any] = {}
#: The upstream objects replaced while installed: (owner class, attribute, original).
_replaced: list[tuple[Any, str, Any]] = []
#: None until installed or uninstalled.
_enabled: bool | None = None


def _memoized_xpath(original: Any) -> Any:
    def xpath_search(self: Any, expression: str) -> Any:
        key = (self, expression)
        found = _xpath.get(key)
        if found is None:
            # A list: callers index it or test it for emptiness, never change it.
            found = _xpath[key] = original(self, expression)
        return found

    return xpath_search


def _memoized(cache: dict[Any, Any], original: Any) -> Any:
    def memoized(self: Any) -> Any:
        found = cache.get(self)
        if found is None:
            found = cache[self] = original(self)
        return found

    return memoized


def install() -> bool:
    """Memoize citeproc-py's per-element lookups (see the module docstring), once."""
    global _enabled
    _enabled = True
    if _replaced:
        return False
    from citeproc import model

    element = model.CitationStylesElement
    replacements = [
        (element, "xpath_search", _memoized_xpath(element.xpath_search)),
        (element, "get_root", _memoized(_roots, element.get_root)),
        # Parent (any element with children) and Text (variable or macro) decide from the
        # tree; the other classes return a constant or read an attribute.
        (model.Parent, "calls_variable", _memoized(_calls_variable, model.Parent.calls_variable)),
        (model.Text, "calls_variable", _memoized(_calls_variable, model.Text.calls_variable)),
    ]
    for owner, name, replacement in replacements:
        _replaced.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, replacement)
    formatter.item_class = _item_class()
    return True


def installed() -> bool:
    return bool(_replaced)


def uninstall() -> None:
    global _enabled
    _enabled = False
    formatter.item_class = None
    while _replaced:
        owner, name, original = _replaced.pop()
        setattr(owner, name, original)
    _xpath.clear()
    _calls_variable.clear()
    _roots.clear()


def _item_class() -> type:
    from citeproc import CitationItem

    class _Item(CitationItem):  # type: ignore[misc]
        """A CitationItem that looks its reference up once, not for every variable read."""

        @property
        def reference(self) -> Any:
            found = self.__dict__.get("_reference")
            if found is None:
                found = self.bibliography.source[self.key]
                object.__setattr__(self, "_reference", found)
            return found

    return _Item


def install_outside_sphinx() -> bool:
    """Outside a Sphinx build (the converter, the benchmark, tests): install if the guard
    allows; whether it is installed."""
    if why_not(SPEEDUP) is None:
        install()
    else:
        uninstall()
    return installed()
