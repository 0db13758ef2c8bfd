"""Where things are in an archive: the one owner of its layout (issue 29).

The archive folder (``archive/`` in a repository) holds the immutable records, one per
revision (``records/<identifier>/r<N>.json``), and the article pages
(``articles/<identifier>.md``), which Sphinx reads as the documents
``archive/articles/<identifier>``; every revision has its immutable page at
``archive/articles/<identifier>/r<N>.html``. Each revision's citation texts, formatted once by
the converter, are in ``citations/<identifier>/r<N>.json`` (derived and regenerable, not a
record: see :mod:`seedarchive.cite.stored`). Every module that names one of these, or its URL
under the site's base URL, asks here, so that the layout is spelled once. This module is on
the ground floor: it imports nothing of seedarchive.
"""

from __future__ import annotations

from pathlib import Path

#: the archive's folder in a repository, as messages and Sphinx documents name it
ARCHIVE = "archive"
#: the folder of the records, inside the archive
RECORDS = "records"
#: the folder of the article pages, inside the archive
ARTICLES = "articles"
#: the folder of the stored citation texts, inside the archive
CITATIONS = "citations"
#: the prefix of every article's Sphinx document name
ARTICLE_DOCS = f"{ARCHIVE}/{ARTICLES}"
#: the folder of a multi-edition site that holds one build per edition (``editions/<name>/``)
EDITIONS = "editions"
#: the name of the build of the current state in such a site (at its root), as its
#: ``versions.json`` and every page's edition switcher name it
CURRENT_EDITION = "current"


def record_name(identifier: str, number: int) -> str:
    """Revision ``number``'s record, by its name under ``records/`` (``<identifier>/r<N>.json``)."""
    return f"{identifier}/r{number}.json"


def record_file(archive: Path, name: str) -> Path:
    """The record called ``name`` (see :func:`record_name`) in the archive folder ``archive``."""
    return archive / RECORDS / name


def record_path(archive: Path, identifier: str, number: int) -> Path:
    """Revision ``number``'s record in the archive folder ``archive``."""
    return record_file(archive, record_name(identifier, number))


def citations_name(identifier: str, number: int) -> str:
    """Revision ``number``'s stored citation texts, by their path inside the archive folder
    (``citations/<identifier>/r<N>.json``)."""
    return f"{CITATIONS}/{identifier}/r{number}.json"


def citations_path(archive: Path, identifier: str, number: int) -> Path:
    """Revision ``number``'s stored citation texts in the archive folder ``archive``
    (:func:`citations_name`)."""
    return archive / citations_name(identifier, number)


def record_shown(name: str) -> str:
    """The record called ``name`` as messages name it, from the repository root
    (``archive/records/<identifier>/r<N>.json``, as git names it)."""
    return f"{ARCHIVE}/{RECORDS}/{name}"


def revision_record_shown(identifier: str, number: int) -> str:
    """Revision ``number``'s record as messages name it (see :func:`record_shown`)."""
    return record_shown(record_name(identifier, number))


def article_docname(identifier: str) -> str:
    """The Sphinx document of the article's permanent page (``archive/articles/<identifier>``)."""
    return f"{ARTICLE_DOCS}/{identifier}"


def revision_docname(identifier: str, number: int) -> str:
    """The document name of revision ``number``'s immutable page (``archive/articles/<id>/r<N>``)."""
    return f"{ARTICLE_DOCS}/{identifier}/r{number}"


def is_article_doc(docname: str) -> bool:
    """Whether the Sphinx document ``docname`` is an article's page or one of its revisions'."""
    return docname.startswith(f"{ARTICLE_DOCS}/")


def site_base(base_url: str | None) -> str:
    """The site's base URL (``html_baseurl``, ``base_url`` of ``archive.toml``) ending in one
    ``/``: ``https://example.org/archive`` and ``https://example.org/archive/`` both give
    ``https://example.org/archive/``; none (empty or None) gives ``/``, the site's root."""
    return (base_url or "").rstrip("/") + "/"


def page_url(base_url: str | None, docname: str, suffix: str = ".html") -> str:
    """The URL of the Sphinx document ``docname`` under the site's base (see :func:`site_base`):
    an article's permanent URL when ``docname`` is :func:`article_docname`."""
    return f"{site_base(base_url)}{docname}{suffix}"


def revision_page(docname: str, number: int | str, suffix: str = ".html") -> str:
    """The path of revision ``number``'s immutable page of the article page ``docname``, from
    the site's root (``archive/articles/<identifier>/r<N>.html``)."""
    return f"{docname}/r{number}{suffix}"


def revision_url(base_url: str | None, docname: str, number: int | str, suffix: str = ".html") -> str:
    """The URL of revision ``number``'s immutable page (see :func:`revision_page`) under the
    site's base (see :func:`site_base`)."""
    return site_base(base_url) + revision_page(docname, number, suffix)
