"""The ``seedarchive`` front matter of an article page, typed (issue 29).

One contract for the mapping the converter writes (:func:`seedarchive.render.myst.metadata`)
and every Sphinx handler reads (:func:`seedarchive.sphinxext.pagedata.article`,
:func:`~seedarchive.sphinxext.pagedata.articles`): the keys and their required-ness are those of
``article.schema.json`` beside this module, nested objects included, and
``tests/test_page_contract.py`` fails on any difference, both ways, so the two cannot drift.
``NotRequired`` is a key the schema does not require (it may be absent from a page); ``| None``
is a value the schema allows to be null (unknown, never guessed). ``enum`` values are
``Literal``; two ``const``/``enum`` values are plain ``str`` on purpose, named in that test
(the model keeps them as checked strings).

No ``from __future__ import annotations`` here: Python 3.11 to 3.13 cannot tell
``NotRequired`` from a string annotation, so ``__optional_keys__`` would be wrong.
"""

from typing import Literal, NotRequired, TypedDict

#: ``direction``: how the text is written; ``direction_from``: how that was found.
Direction = Literal["ltr", "rtl"]
DirectionFrom = Literal["language", "script"]
Status = Literal["active", "withdrawn"]


class PageProvenance(TypedDict):
    """Where this revision's bytes came from and how they were read (``Provenance.to_dict``)."""

    seed: str
    sha256: str
    size: int
    encoding: str
    ingested_at: str
    converter: str  # const "seedarchive" in the schema; the model keeps any converter's name
    converter_version: str
    reader: str
    sidecar: NotRequired[str | None]
    sidecar_sha256: NotRequired[str | None]
    source: NotRequired[str]
    capture: NotRequired[dict[str, str]]
    seed_sha256: NotRequired[str]
    seed_size: NotRequired[int]


class PageRevision(TypedDict):
    """One revision of the article, as the registry lists it."""

    number: int
    sha256: str
    seed: str
    recorded_at: str
    captured_at: NotRequired[str]
    seed_sha256: NotRequired[str]


class PageSource(TypedDict):
    """A seed (and the place in it) that holds the article's text."""

    seed: str
    source: str
    sha256: str


class PersonCreator(TypedDict):
    """An author as family and given names (``names.Name.to_dict``)."""

    name: str
    family: str
    given: str
    suffix: NotRequired[str]
    source: str  # enum sidecar | vocabulary | parser in the schema; Name.source, checked there


class LiteralCreator(TypedDict):
    """An author written as one name (an organisation, or a name the parser leaves whole)."""

    name: str
    literal: Literal[True]
    source: str  # enum sidecar | vocabulary | rule in the schema; Name.source, checked there


Creator = PersonCreator | LiteralCreator


class EntityMention(TypedDict):
    """An entity of the vocabulary the article mentions, and the paragraphs that name it."""

    key: str
    name: str
    paragraphs: list[int]


class PageDecoration(TypedDict, total=False):
    """What the converter adds to an article's own data (``render.myst.metadata``): the
    entities the cross-references found (``render/crossref.py``) and the creators split with
    the vocabulary's overrides (``names.py``); keys of :class:`ArticlePage` too."""

    entities: list[EntityMention]
    creators: list[Creator]


class CitedArticle(TypedDict):
    """What every citation of an article is made from (:mod:`seedarchive.cite.crosswalk`): the
    article's own fields as its record holds them, with its identifier and the revision's
    provenance. Every key is one of :class:`ArticlePage`, typed and required as there, so a
    page (and a revision's :class:`RevisionPage`) is one; so is what the converter makes from
    a record alone to store its citation texts (``convert._cite``)."""

    identifier: str
    headline: str
    subtitle: str | None
    authors: list[str]
    author_names: NotRequired[list[dict[str, str]]]
    creators: NotRequired[list[Creator]]
    publisher: str | None
    published: str | None
    language: str | None
    provenance: PageProvenance


class RevisionPage(CitedArticle):
    """The page data of one revision, made only from what never changes once it exists: its
    record and the registry's revisions 1 to N (its memento page, its downloads and the
    citation sets that pin it: ``sphinxext.content.memento_page.revision_data``). Every key is
    one of :class:`ArticlePage`, typed and required as there: an article page is one."""

    type: Literal["article"]
    revision: int
    bio: list[str]
    url: str | None
    rights: str | None
    direction: Direction | None
    revisions: list[PageRevision]


class ArticlePage(RevisionPage):
    """The ``seedarchive`` mapping of an article page (``article.schema.json``): a
    :class:`RevisionPage` of its latest revision, and what the archive says of the article as
    a whole (its status, its sources, the vocabulary's entities and names)."""

    status: Status
    withdrawn: NotRequired[dict[str, str] | None]
    accessed: NotRequired[str]
    paragraph_count: int
    direction_from: DirectionFrom | None
    first_ingested_at: str
    sources: list[PageSource]
    entities: NotRequired[list[EntityMention]]
