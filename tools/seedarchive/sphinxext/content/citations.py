"""Citation formats of an article, as the Sphinx build gets them: a thin user of :mod:`seedarchive.cite`.

The formats themselves (the CSL item, the four prose styles, BibTeX, RIS, CSL-JSON) are
:mod:`seedarchive.cite.crosswalk`, below both the converter and the extension (issue 29); its
names are here too, where the page blocks and the downloads have always found them.

:func:`formatted` takes a revision's texts from the archive, where the converter stored them
once (:mod:`seedarchive.cite.stored`); only a text missing there, or stale (made from another
item, style file, citeproc-py or cite code: a page written by an older converter, say), is
formatted here, and cached on disk by its key, with the URL replaced by a placeholder, so
that it is formatted once per doctree folder, whatever ``html_baseurl`` is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from seedarchive.archive import cache as cache_file
from seedarchive.cite import crosswalk
from seedarchive.cite import stored as store
from seedarchive.cite.crosswalk import (
    BIBLATEX_LANGUAGES,
    PLACEHOLDER,
    STYLES,
    american_quotes,
    archived_at,
    bibtex,
    bibtex_language,
    bibtex_name,
    bibtex_title,
    csl_item,
    csl_json,
    ris,
)
from seedarchive.schema.article import RevisionPage

__all__ = [
    "BIBLATEX_LANGUAGES", "PLACEHOLDER", "STYLES", "american_quotes", "archived_at", "bibtex", "bibtex_language",
    "bibtex_name", "bibtex_title", "csl_item", "csl_json", "formatted", "ris",
]

CACHE_FORMAT = "seedarchive citation texts 2"


def _render(item: dict[str, Any]) -> dict[str, str]:
    from seedarchive.sphinxext.upstream import cslfixes

    cslfixes.apply()  # the patches, or one WARNING naming why not
    return crosswalk.texts(item)


def formatted(
    data: RevisionPage, url: str, *, archive: str, cache: Path | None = None, stored: Path | None = None
) -> dict[str, str]:
    """The texts of the article in each of :data:`STYLES`, by its key (``apa``, ``mla``,
    ``chicago``, ``chicago-ad``): from the archive folder ``stored`` when the converter stored
    them for this item, else from the cache folder ``cache``, else formatted now."""
    item = store.item(data, archive=archive)
    texts = store.lookup(stored, data, item) if stored is not None else None
    if texts is None:
        path = cache / f"{store.key(item)}.json" if cache is not None else None
        found = (cache_file.read(path, CACHE_FORMAT) or {}).get("texts") if path is not None else None
        if isinstance(found, dict) and all(isinstance(text, str) for text in found.values()):
            texts = found
        else:
            texts = _render(item)
            if path is not None:  # parallel readers are processes: the write is atomic
                cache_file.write(path, CACHE_FORMAT, {"texts": texts})
    return {name: text.replace(PLACEHOLDER, url) for name, text in texts.items()}
