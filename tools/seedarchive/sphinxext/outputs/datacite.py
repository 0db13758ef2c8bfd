"""DataCite metadata (kernel 4, XML) for every article, every revision and an edition.

Written into the built site at ``build-finished``, beside the other exports:

- ``archive/articles/<id>.datacite.xml``: the article at its permanent URL, which always
  shows the latest revision; ``HasVersion`` each revision's immutable ``<id>/r<N>.html``;
- ``archive/articles/<id>/r<N>.datacite.xml``: revision N at its immutable URL,
  ``IsVersionOf`` the permanent URL and ``IsNewVersionOf`` revision N-1: written once, like
  the memento it describes (no link forward to N+1, which would rewrite it when N+1 arrives;
  the article's record lists every version);
- ``edition.datacite.xml`` at the root of an edition's build (``make site`` builds every
  edition with ``seedarchive_edition``): a ``Collection`` that ``HasPart`` each article's
  revision as the edition holds it.

Ready to mint: with ``seedarchive_doi_prefix`` set (a DataCite prefix such as ``10.12345``),
each record's ``identifier`` is the DOI ``PREFIX/<id>`` (``PREFIX/<id>/r<N>`` for a
revision, ``PREFIX/edition/NAME`` for an edition) and can be uploaded as it is; without a
prefix the identifier is the record's own URL (``identifierType="URL"``). The URLs stay in
``alternateIdentifiers`` and every relation names URLs, which exist before and after minting,
so no record is rewritten by hand.

Unknown values are said, never guessed, with DataCite's standard values: no author is the
creator ``:unav``; an undated article has ``<date dateType="Issued">:unav</date>`` with a
``dateInformation`` saying the seed does not give it. ``publicationYear`` is the year the
archive first published the text (its first recording), which is what DataCite asks for (the
year the resource was made available), not the original publication's year. The original
newspaper's URL, when known, is a related identifier ``IsDerivedFrom``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from sphinx.application import Sphinx
from sphinx.util import logging

from seedarchive import names
from seedarchive.archive import cache as cache_file
from seedarchive.archive import layout
from seedarchive.archive import records as record_store
from seedarchive.dates import PartialDate
from seedarchive.schema.article import ArticlePage, CitedArticle, RevisionPage
from seedarchive.sphinxext import spread
from seedarchive.sphinxext.content import memento_page
from seedarchive.sphinxext.content.cite import archive_name
from seedarchive.sphinxext.listing import shared
from seedarchive.sphinxext.outputs.exports import write_if_changed
from seedarchive.sphinxext.pagedata import articles
from seedarchive.sphinxext.pagedata import digest as page_digest

logger = logging.getLogger(__name__)
NS = "http://datacite.org/schema/kernel-4"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} https://schema.datacite.org/meta/kernel-4.6/metadata.xsd"
SUFFIX = ".datacite.xml"
EDITION_FILE = "edition.datacite.xml"
UNAVAILABLE = ":unav"  # DataCite's standard value: value unavailable, possibly unknown
NO_DATE = "the original publication date: the seed does not give it"
RESOURCE_TYPE = "Newspaper article"
#: Per article, the digest of what its records were last written from (doctree folder).
CACHE = "seedarchive-datacite.json"
CACHE_FORMAT = "seedarchive datacite 1"


@dataclass(frozen=True, slots=True)
class Identity:
    """What every record says of the archive: its name (the publisher), keeper (hosting
    institution), the texts' licence, the site's base URL (ending in ``/``), the page suffix
    and the DOI prefix (empty: not yet minted)."""

    archive: str
    keeper: str = ""
    licence: str = ""
    base: str = "/"
    suffix: str = ".html"
    doi_prefix: str = ""

    def url(self, path: str) -> str:
        return layout.page_url(self.base, path, self.suffix)

    def revision_url(self, docname: str, number: int) -> str:
        return layout.revision_url(self.base, docname, number, self.suffix)

    def identifier(self, parent: ET.Element, doi_suffix: str, url: str) -> None:
        if self.doi_prefix:
            _sub(parent, "identifier", f"{self.doi_prefix.rstrip('/')}/{doi_suffix}", identifierType="DOI")
        else:
            _sub(parent, "identifier", url, identifierType="URL")

    @classmethod
    def of(cls, config: Any) -> Identity:
        return cls(
            archive=archive_name(config),
            keeper=config.seedarchive_keeper,
            licence=config.seedarchive_licence_texts,
            base=layout.site_base(config.html_baseurl),
            suffix=config.html_file_suffix or ".html",
            doi_prefix=config.seedarchive_doi_prefix,
        )


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _lang(language: Any) -> dict[str, str]:
    return {"{http://www.w3.org/XML/1998/namespace}lang": str(language)} if language else {}


def _creators(parent: ET.Element, data: CitedArticle) -> None:
    box = _sub(parent, "creators")
    found = names.of_page(data)
    if not found:  # the seed names no author: said, not invented
        creator = _sub(box, "creator")
        _sub(creator, "creatorName", UNAVAILABLE)
        return
    ids = names.identifiers(data)
    for name in found:
        creator = _sub(box, "creator")
        if name.literal:  # an agency, a staff byline, or a name not split: left as written
            _sub(creator, "creatorName", name.text)
            continue
        _sub(creator, "creatorName", name.inverted(), nameType="Personal")
        if name.given:
            _sub(creator, "givenName", name.given)
        _sub(creator, "familyName", name.family)
        if name.text in ids:  # the form DataCite's own examples give: the iD, the scheme's URI
            _sub(creator, "nameIdentifier", ids[name.text].removeprefix("https://orcid.org/"),
                 nameIdentifierScheme="ORCID", schemeURI="https://orcid.org")


def _text_record(data: RevisionPage, identity: Identity, *, doi_suffix: str, url: str, first: str) -> ET.Element:
    """The part of an article's and a revision's record that describes the text itself."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}resource", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    identity.identifier(root, doi_suffix, url)
    _creators(root, data)
    titles = _sub(root, "titles")
    language = data.get("language")
    # the headline alone, as in every citation (docs/cite.md); the subtitle, the article's
    # standfirst, is its abstract
    _sub(titles, "title", str(data["headline"]), **_lang(language))
    _sub(root, "publisher", identity.archive)
    _sub(root, "publicationYear", str(PartialDate.parse(first).year))
    _sub(root, "resourceType", RESOURCE_TYPE, resourceTypeGeneral="Text")
    if identity.keeper:
        contributors = _sub(root, "contributors")
        keeper = _sub(contributors, "contributor", contributorType="HostingInstitution")
        _sub(keeper, "contributorName", identity.keeper, nameType="Organizational")
    return root


def _dates(
    root: ET.Element, data: RevisionPage, collected: list[tuple[str, str]], withdrawn: Mapping[str, str] | None
) -> None:
    dates = _sub(root, "dates")
    if data.get("published"):
        _sub(dates, "date", str(data["published"]), dateType="Issued")
    else:
        _sub(dates, "date", UNAVAILABLE, dateType="Issued", dateInformation=NO_DATE)
    for kind, value in collected:
        _sub(dates, "date", value, dateType=kind)
    if isinstance(withdrawn, dict) and withdrawn.get("since"):
        _sub(dates, "date", str(withdrawn["since"]), dateType="Withdrawn")


def _tail(
    root: ET.Element, data: RevisionPage, identity: Identity, *, urls: list[str], version: int,
    related: list[tuple[str, str]], description: str,
) -> None:
    """Language, identifiers, relations, format, version, rights, description (in the
    order of the kernel's documentation; the schema accepts any order)."""
    if data.get("language"):
        _sub(root, "language", str(data["language"]))
    alternates = _sub(root, "alternateIdentifiers")
    for url in urls:
        _sub(alternates, "alternateIdentifier", url, alternateIdentifierType="URL")
    _sub(alternates, "alternateIdentifier", str(data["identifier"]), alternateIdentifierType="seedarchive identifier")
    original = data.get("url")
    if original and str(original).startswith(("http://", "https://")):
        related = [*related, ("IsDerivedFrom", str(original))]
    if related:
        box = _sub(root, "relatedIdentifiers")
        for relation, target in related:
            _sub(box, "relatedIdentifier", target, relatedIdentifierType="URL", relationType=relation)
    formats = _sub(root, "formats")
    _sub(formats, "format", "text/html")
    _sub(root, "version", str(version))
    rights = data.get("rights") or identity.licence
    if rights:
        box = _sub(root, "rightsList")
        _sub(box, "rights", str(rights))
    descriptions = _sub(root, "descriptions")
    if data.get("subtitle"):
        language = _lang(data.get("language"))
        _sub(descriptions, "description", str(data["subtitle"]), descriptionType="Abstract", **language)
    _sub(descriptions, "description", description, descriptionType="TechnicalInfo")


def _text(root: ET.Element) -> str:
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _numbers(data: ArticlePage) -> list[int]:
    return sorted(int(r["number"]) for r in data.get("revisions") or [])


def article_xml(data: ArticlePage, docname: str, identity: Identity) -> str:
    """The record of the article at its permanent URL (``data``: the article page's metadata)."""
    url = identity.url(docname)
    numbers = _numbers(data)
    revisions = {int(r["number"]): r for r in data.get("revisions") or []}
    first = str(data.get("first_ingested_at") or revisions[numbers[0]]["recorded_at"])
    root = _text_record(data, identity, doi_suffix=str(data["identifier"]), url=url, first=first)
    collected = [("Collected", first)]
    if len(numbers) > 1:
        collected.append(("Updated", str(revisions[numbers[-1]]["recorded_at"])))
    _dates(root, data, collected, data.get("withdrawn"))
    _tail(
        root, data, identity, urls=[url], version=numbers[-1] if numbers else int(data["revision"]),
        related=[("HasVersion", identity.revision_url(docname, n)) for n in numbers],
        description=(
            f"Archived by {identity.archive}. This URL shows the latest revision of the article "
            f"({len(numbers)} so far); each revision has its own immutable URL, listed as HasVersion."
        ),
    )
    return _text(root)


def revision_xml(data: ArticlePage, docname: str, record: dict[str, Any], identity: Identity) -> str:
    """The record of one revision at its immutable URL, from its record
    (``archive/records/<id>/r<N>.json``: what the text said then) and the article's list of
    revisions (``data``: the article page's metadata, for its neighbours)."""
    number = int(record["revision"])
    url = identity.revision_url(docname, number)
    text = memento_page.revision_data(record, data["revisions"])
    recorded = str(record["provenance"]["ingested_at"])
    first = str(data.get("first_ingested_at") or recorded)
    root = _text_record(text, identity, doi_suffix=f"{record['identifier']}/r{number}", url=url, first=first)
    # the revision stays at its URL when the article is withdrawn: its record says so on the
    # article's record only, so that this one, like the memento, is written once
    _dates(root, text, [("Collected", recorded)], None)
    numbers = _numbers(data)
    related = [("IsVersionOf", identity.url(docname))]
    if number - 1 in numbers:
        related.append(("IsNewVersionOf", identity.revision_url(docname, number - 1)))
    sha = record["provenance"]["sha256"]
    _tail(
        root, text, identity, urls=[url], version=number, related=related,
        description=(
            f"Revision {number} of the article, archived by {identity.archive} on {recorded} from a seed "
            f"with SHA-256 {sha}. This URL always shows this revision's text."
        ),
    )
    return _text(root)


def edition_xml(edition: str, found: dict[str, ArticlePage], identity: Identity) -> str:
    """The record of an edition: a collection that ``HasPart`` every article's revision as
    this edition holds it (its immutable URL), in identifier order. ``found`` is not empty
    (an edition without articles gets no record: it would have no publication year)."""
    ET.register_namespace("", NS)
    ET.register_namespace("xsi", XSI)
    url = f"{identity.base}editions/{edition}/"
    root = ET.Element(f"{{{NS}}}resource", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    identity.identifier(root, f"edition/{edition}", url)
    creators = _sub(root, "creators")
    creator = _sub(creators, "creator")
    _sub(creator, "creatorName", identity.keeper or identity.archive, nameType="Organizational")
    titles = _sub(root, "titles")
    _sub(titles, "title", f"{identity.archive}, edition {edition}")
    _sub(root, "publisher", identity.archive)
    recorded = max(str(r["recorded_at"]) for d in found.values() for r in d.get("revisions") or [])
    # the year of the newest text the edition holds (the edition was made after it)
    _sub(root, "publicationYear", str(PartialDate.parse(recorded).year))
    _sub(root, "resourceType", "Edition of the archive", resourceTypeGeneral="Collection")
    alternates = _sub(root, "alternateIdentifiers")
    _sub(alternates, "alternateIdentifier", url, alternateIdentifierType="URL")
    box = _sub(root, "relatedIdentifiers")
    for docname, data in sorted(found.items(), key=lambda kv: str(kv[1]["identifier"])):
        target = identity.revision_url(docname, int(data["revision"]))
        _sub(box, "relatedIdentifier", target, relatedIdentifierType="URL", relationType="HasPart")
    _sub(root, "version", edition)
    if identity.licence:
        _sub(_sub(root, "rightsList"), "rights", identity.licence)
    descriptions = _sub(root, "descriptions")
    _sub(
        descriptions, "description",
        f"Edition {edition} of {identity.archive}: {len(found)} articles, each as the revision this edition "
        "holds, at its immutable URL (HasPart).",
        descriptionType="Abstract",
    )
    return _text(root)


def _write_article(out: Path, srcdir: Path, docname: str, data: ArticlePage, identity: Identity) -> bool:
    """Write an article's record and its revisions'; False if a revision's record could not be read."""
    numbers = _numbers(data)
    paths = [out / f"{docname}{SUFFIX}", *(out / docname / f"r{n}{SUFFIX}" for n in numbers)]
    write_if_changed(paths[0], article_xml(data, docname, identity))
    complete = True
    for number, path in zip(numbers, paths[1:], strict=True):
        try:
            record = record_store.read(srcdir / layout.ARCHIVE, str(data["identifier"]), number)
        except (OSError, ValueError) as error:
            complete = False
            logger.warning(
                f"cannot read {layout.revision_record_shown(data['identifier'], number)} ({error}): the "
                f"DataCite record of revision {number} is not written. Fix: restore archive/records from git, "
                "or run `seedarchive convert`",
                location=docname,
                type="seedarchive",
                subtype="datacite",
            )
            continue
        write_if_changed(path, revision_xml(data, docname, record, identity))
    return complete


def write(app: Sphinx, exception: BaseException | None) -> None:
    """Write every article's and revision's record, and the edition's in an edition build;
    an article's are made again only when its metadata or the archive's identity changed,
    or a file is gone."""
    if exception is not None or app.builder.format != "html":
        return
    identity = Identity.of(app.config)
    out, srcdir = Path(app.outdir), Path(app.srcdir)
    cache_path = Path(app.doctreedir) / CACHE
    stored = (cache_file.read(cache_path, CACHE_FORMAT) or {}).get("articles")
    old: dict[str, str] = stored if isinstance(stored, dict) else {}
    fresh: dict[str, str] = {}
    found = articles(app.env)
    # a folder listed once, names as text: not 20,000 Path.is_file (issue 29)
    listing = shared(app.builder, out)
    todo: list[str] = []
    for docname, data in found.items():
        digest = hashlib.sha256(f"{identity!r}\0{page_digest(app.env, docname)}".encode()).hexdigest()
        fresh[docname] = digest  # in the articles' order; left out below if a record could not be read
        if old.get(docname) == digest:
            parent, _, stem = docname.rpartition("/")
            numbers = _numbers(data)
            if listing.has(parent, [stem + SUFFIX]) and listing.has(docname, [f"r{n}{SUFFIX}" for n in numbers]):
                continue
        todo.append(docname)

    def make(part: Sequence[str]) -> list[bool]:
        return [_write_article(out, srcdir, docname, found[docname], identity) for docname in part]

    # with a second process while a core is idle
    for docname, complete in zip(todo, spread.each(app, todo, make), strict=True):
        if not complete:
            del fresh[docname]
    if fresh != old:
        cache_file.write(cache_path, CACHE_FORMAT, {"articles": fresh})
    if app.config.seedarchive_edition and found:
        write_if_changed(out / EDITION_FILE, edition_xml(app.config.seedarchive_edition, found, identity))


def setup(app: Sphinx) -> None:
    app.connect("build-finished", write)
