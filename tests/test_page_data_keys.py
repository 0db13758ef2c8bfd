"""What the crosswalks and page blocks read of a page's data is what the contract declares
(issue 29): ``seedarchive.schema.article``'s ``RevisionPage`` (a revision's data, made from its
record) and ``ArticlePage`` (an article page's), both checked against ``article.schema.json``
by tests/test_page_contract.py.

mypy checks every key read by name; these tests check it as the code runs, so a read through
an untyped path (a mapping handed on as ``Any``) is caught too: every entry point is called
with the data wrapped so that reading a key the contract does not declare fails, naming it.
And a revision's data, as ``memento_page.revision_data`` makes it from a record, holds exactly
a ``RevisionPage``'s keys, each valid under the schema."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

import jsonschema
import pytest
import yaml

import seedarchive.schema
from seedarchive import names
from seedarchive.cite import crosswalk
from seedarchive.model import Article, Provenance, Revision
from seedarchive.schema.article import ArticlePage, CitedArticle, RevisionPage
from seedarchive.sphinxext.content import memento_page, meta, reading

ROOT = Path(__file__).parent / "roots" / "test-mementos" / "archive"
SCHEMA = json.loads((Path(seedarchive.schema.__file__).parent / "article.schema.json").read_text("utf-8"))
URL = "https://example.org/archive/articles/x/r1.html"


def _page(identifier: str) -> dict[str, Any]:
    text = (ROOT / "articles" / f"{identifier}.md").read_text("utf-8")
    page: dict[str, Any] = yaml.safe_load(text.split("---\n")[1])["seedarchive"]
    return page


def _records() -> Iterator[dict[str, Any]]:
    for path in sorted((ROOT / "records").glob("*/r*.json")):
        yield json.loads(path.read_text("utf-8"))
    # every optional part a record can have: stated author names with an ORCID iD, a capture
    article = Article(
        headline="Harbour Works Begin",
        paragraphs=("The council began the works.",),
        subtitle="A standfirst",
        authors=("Jane Roe", "Harbour Desk"),
        author_names=((("family", "Roe"), ("given", "Jane"), ("name", "Jane Roe"), ("orcid", "0000-0002-1825-0097")),),
        publisher="The Quay",
        published="2024-03",
        url="https://example.com/works",
        language="en-GB",
        rights="CC BY 4.0",
    )
    provenance = Provenance(
        seed="crawl.warc.gz", sha256="a" * 64, size=10, encoding="utf-8", ingested_at="2025-03-01T10:00:00Z",
        converter="seedarchive", converter_version="0.1.0", reader="warc", source="offset 0",
        capture={"target_uri": "https://example.com/works", "warc_date": "2025-02-28T09:00:00Z"},
        seed_sha256="b" * 64, seed_size=20,
    )
    yield Revision("harbour-works-begin-1a2b3c4d", 1, article, provenance).to_dict()


_REVISIONS = [{"number": n, "sha256": "c" * 64, "seed": "tide.txt", "recorded_at": "2025-01-10T09:00:00Z"}
              for n in (1, 2)]


def _revision_pages() -> list[Any]:
    return [memento_page.revision_data(record, _REVISIONS) for record in _records()]


# -- a revision's data is a RevisionPage ---------------------------------------------------------------


def _schema_of(typed: Any) -> dict[str, Any]:
    """The schema of an article page cut to ``typed``'s keys, no other key allowed."""
    keys = set(get_type_hints(typed))
    return {
        **SCHEMA,
        "required": [k for k in SCHEMA["required"] if k in typed.__required_keys__],
        "properties": {k: v for k, v in SCHEMA["properties"].items() if k in keys},
        "additionalProperties": False,
    }


@pytest.mark.parametrize("data", _revision_pages(), ids=lambda d: f"{d['identifier']}-r{d['revision']}")
def test_a_revisions_data_is_a_revision_page_the_schema_accepts(data: Any) -> None:
    """No key outside the contract (a record's ``paragraphs``, ``accessed``), none missing, and
    no value the schema refuses (``author_names: null`` for a record without stated names)."""
    assert set(RevisionPage.__required_keys__) <= set(data) <= set(get_type_hints(RevisionPage))
    errors = sorted(jsonschema.Draft202012Validator(_schema_of(RevisionPage)).iter_errors(data), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


def test_the_records_optional_parts_reach_the_revisions_data() -> None:
    """The one record with stated names keeps them (their ORCID iD reaches the citations)."""
    data = _revision_pages()[-1]
    assert data["author_names"][0]["orcid"] == "0000-0002-1825-0097"
    assert names.identifiers(data) == {"Jane Roe": "https://orcid.org/0000-0002-1825-0097"}
    assert data["provenance"]["capture"]["target_uri"] == "https://example.com/works"


# -- every entry point reads only declared keys --------------------------------------------------------


class Undeclared(AssertionError):
    pass


def _members(typed: Any) -> tuple[Any, ...]:
    """The members of a union (``Creator``, ``X | None``), or ``typed`` alone."""
    return get_args(typed) if get_origin(typed) in (Union, UnionType) else (typed,)


def _keys(typed: Any) -> dict[str, Any]:
    """The keys a ``TypedDict`` declares (of any member of a union of them), with their types."""
    keys: dict[str, Any] = {}
    for member in _members(typed):
        if is_typeddict(member):
            keys.update(get_type_hints(member))
    return keys


def _watch(value: Any, typed: Any, path: str) -> Any:
    """``value`` with every mapping typed by a ``TypedDict`` wrapped in :class:`Watched`."""
    if isinstance(value, dict) and _keys(typed):
        return Watched(value, typed, path)
    lists = [m for m in _members(typed) if get_origin(m) is list]
    if isinstance(value, list) and lists:
        (item,) = get_args(lists[0])
        return [_watch(v, item, f"{path}[]") for v in value]
    return value


class Watched(dict[str, Any]):
    """A page's data that fails on reading a key its ``TypedDict`` does not declare."""

    def __init__(self, data: dict[str, Any], typed: Any, path: str) -> None:
        self._typed, self._path = _keys(typed), path
        super().__init__({k: _watch(v, self._typed.get(k), f"{path}.{k}") for k, v in data.items()})

    def _check(self, key: object) -> None:
        if key not in self._typed:
            raise Undeclared(f"{self._path}.{key} is read but not declared by the contract")

    def __getitem__(self, key: str) -> Any:
        self._check(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self._check(key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._check(key)
        return super().__contains__(key)


ARCHIVE = "Harbour Archive"
REVISION_READERS: dict[str, Callable[[Any], object]] = {
    "crosswalk.csl_item": lambda d: crosswalk.csl_item(d, URL, archive=ARCHIVE),
    "crosswalk.bibtex": lambda d: crosswalk.bibtex(d, URL, archive=ARCHIVE),
    "crosswalk.ris": lambda d: crosswalk.ris(d, URL, archive=ARCHIVE),
    "crosswalk.coins_pairs": lambda d: crosswalk.coins_pairs(d, URL),
    "crosswalk.json_ld": lambda d: crosswalk.json_ld(d, URL),
    "crosswalk.meta_tags": lambda d: crosswalk.meta_tags(d, URL),
    "meta.get_tags": lambda d: meta.get_tags(d, url=URL),
    "crosswalk.prov": lambda d: crosswalk.prov(d, URL),
    "names.identifiers": names.identifiers,
}
PAGE_READERS: dict[str, Callable[[Any], object]] = {
    **REVISION_READERS,
    "reading.pagefind_data": reading.pagefind_data,
    "crosswalk.atom_entry": lambda d: crosswalk.atom_entry(d, URL),
}
CITED_READERS: dict[str, Callable[[Any], object]] = {
    "crosswalk.csl_item": lambda d: crosswalk.csl_item(d, URL, archive=ARCHIVE),
    "crosswalk.ris": lambda d: crosswalk.ris(d, URL, archive=ARCHIVE),
    "names.of_page": names.of_page,
}


@pytest.mark.parametrize("reader", sorted(REVISION_READERS))
def test_a_revisions_readers_read_only_a_revision_pages_keys(reader: str) -> None:
    for data in _revision_pages():
        REVISION_READERS[reader](Watched(data, RevisionPage, "revision"))


@pytest.mark.parametrize("reader", sorted(PAGE_READERS))
def test_an_article_pages_readers_read_only_its_keys(reader: str) -> None:
    for identifier in ("tide-tables-corrected-5a6b7c8d", "quay-closed-for-works-9e8d7c6b"):
        PAGE_READERS[reader](Watched(_page(identifier), ArticlePage, "page"))


@pytest.mark.parametrize("reader", sorted(CITED_READERS))
def test_what_a_citation_is_made_from_is_a_records_article_with_its_identifier(reader: str) -> None:
    """What the converter stores citations from (``convert._cite``): a record's article with
    its identifier and provenance, no revision number, no registry."""
    for record in _records():
        data = {**record["article"], "identifier": record["identifier"], "provenance": record["provenance"]}
        CITED_READERS[reader](Watched(data, CitedArticle, "cited"))


def test_an_undeclared_read_is_named() -> None:
    """The check can fail: a reader of a key the contract lacks (as ``meta`` read
    ``keywords``, which no converter ever wrote) is named with its path."""
    data = Watched(_revision_pages()[0], RevisionPage, "revision")
    with pytest.raises(Undeclared, match=r"revision\.keywords is read but not declared"):
        data.get("keywords")
    with pytest.raises(Undeclared, match=r"revision\.provenance\.warc_date is read"):
        data["provenance"].get("warc_date")
    with pytest.raises(Undeclared, match=r"revision\.revisions\[\]\.date is read"):
        data["revisions"][0]["date"]
