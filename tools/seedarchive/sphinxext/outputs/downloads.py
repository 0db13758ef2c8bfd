"""The data, one click away (issue 30): the downloads page, ``datapackage.json`` and ``CITATION.cff``.

The exports (:mod:`.exports`, :mod:`.catalog`) are written when the build finishes; the
downloads page must show the size and SHA-256 of each file as finally written. So once every
page has been read (``env-updated``) this module has them written (both writers are
idempotent: at ``build-finished`` they find their files as they are and leave them), then
describes them at the site root:

- ``datapackage.json``: a Frictionless data package, one resource per export with its bytes,
  SHA-256 and licence, and a Table Schema for ``catalog.csv``;
- ``CITATION.cff``: the archive as a dataset (Citation File Format 1.2.0).

``{archive-downloads}`` (``docs/downloads.md``) lists every file with its format, size,
SHA-256 and licence, and a data dictionary of each one's fields. The page is rebuilt whenever
an article is added, changed or removed. Every text here is sorted and dated by the records,
never by the build: two builds give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from seedarchive.archive import layout
from seedarchive.dates import PartialDate
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.content.cite import archive_name
from seedarchive.sphinxext.outputs import exports
from seedarchive.sphinxext.pagedata import Followers, articles

DATAPACKAGE = "datapackage.json"
CITATION = "CITATION.cff"
ENV_KEY = "seedarchive_downloads_docs"
FOLLOWERS = Followers(ENV_KEY)  # read again when any article changes

#: Open licences the Citation File Format's schema knows by their SPDX identifier; any other
#: licence text is given in the CFF's message (the schema allows SPDX identifiers only).
SPDX = frozenset(
    {"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "ODbL-1.0", "ODC-By-1.0", "PDDL-1.0", "MIT", "Apache-2.0"}
)


class Field(NamedTuple):
    name: str
    type: str  # a Table Schema type
    description: str


CATALOG_FIELDS = (
    Field(
        "identifier",
        "string",
        "The article's permanent identifier: a slug of its headline and the first 8 hex digits of the SHA-256"
        " of its first seed.",
    ),
    Field("url", "string", "The article's page, relative to the site's address."),
    Field("headline", "string", "The headline."),
    Field("subtitle", "string", "The subtitle or standfirst; empty when there is none."),
    Field(
        "authors",
        "string",
        "The authors as the seed names them (in catalog.csv joined by \"; \"; in catalog.json a list).",
    ),
    Field("publisher", "string", "The publication; empty when the seed does not say."),
    Field(
        "published",
        "string",
        "The publication date as known: YYYY, YYYY-MM or YYYY-MM-DD; empty when the seed does not say.",
    ),
    Field("source_url", "string", "Where the article was published; empty when the seed does not say."),
    Field("language", "string", "The article's language as a BCP 47 tag; empty when the seed does not say."),
    Field("rights", "string", "The rights statement the seed gives; empty when it gives none."),
    Field("status", "string", "active, or withdrawn (the page stays, its text is withheld)."),
    Field("revision", "integer", "The number of the latest revision."),
    Field("revisions", "integer", "How many revisions the article has."),
    Field("sha256", "string", "The SHA-256 of the seed file of the latest revision, in hex."),
    Field("size", "integer", "The size of that seed file in bytes."),
    Field("encoding", "string", "The encoding the seed file was read in."),
    Field("seed", "string", "The seed file of the latest revision."),
    Field("seeds", "string", "Every seed file the article was read from (in catalog.csv joined by \"; \")."),
    Field("first_ingested_at", "datetime", "When the first revision was recorded (UTC)."),
    Field("recorded_at", "datetime", "When the latest revision was recorded (UTC)."),
    Field("converter_version", "string", "The version of the converter that wrote the latest revision."),
)

CORPUS_FIELDS = (
    Field("identifier", "string", "As in catalog.csv."),
    Field("revision", "integer", "The revision whose text this is (the latest)."),
    Field("url", "string", "The article's permanent URL."),
    Field("headline", "string", "The headline."),
    Field("subtitle", "string", "The subtitle, or null."),
    Field("authors", "array", "The authors as the seed names them."),
    Field("creators", "array", "Each author as family and given name, or one literal name, with where that came from."),
    Field("publisher", "string", "The publication, or null."),
    Field("published", "string", "The publication date as known, or null."),
    Field("source_url", "string", "Where the article was published, or null."),
    Field(
        "source_accessed",
        "string",
        "The day the original at source_url was accessed (a Zotero item's access date), or null.",
    ),
    Field("language", "string", "A BCP 47 tag, or null."),
    Field("rights", "string", "The seed's rights statement, or null."),
    Field("paragraphs", "array", "The body text, one string a paragraph (paragraph N is #pN on the page)."),
    Field("text", "string", "The paragraphs joined by blank lines."),
    Field(
        "provenance",
        "object",
        "The seed file, its SHA-256, size and encoding, when it was recorded and by which converter.",
    ),
    Field("record", "string", "The revision's record in the archive's repository (archive/records/…)."),
)

BIB_FIELDS = (
    Field(
        "@article / @misc",
        "string",
        "@article when the author, publisher and year are known, @misc otherwise; the key is the identifier.",
    ),
    Field("author", "string", "Family, Given for each author; an organisation in double braces."),
    Field("title", "string", "The headline, capitals kept in braces."),
    Field("journal / howpublished", "string", "The publisher."),
    Field("year, month, day", "string", "The publication date as far as known."),
    Field("language", "string", "biblatex's name of the article's language."),
    Field("url, urldate", "string", "The permanent URL and the day it was archived."),
    Field("note", "string", "Archived on which day, by which archive, which revision."),
)

RIS_FIELDS = (
    Field("TY", "string", "NEWS."),
    Field("TI", "string", "The headline."),
    Field("AU", "string", "One line per author, Family, Given."),
    Field("T2", "string", "The publisher."),
    Field("PY, DA", "string", "The publication date, YYYY/MM/DD as far as known."),
    Field("AB", "string", "The subtitle."),
    Field("LA", "string", "The language."),
    Field("UR, Y2", "string", "The permanent URL and the day it was archived."),
    Field("DB, ID", "string", "The archive's name and the article's identifier."),
)

CSL_FIELDS = (
    Field("id, type", "string", "The identifier; article-newspaper."),
    Field("title, abstract", "string", "The headline and the subtitle."),
    Field("author", "array", "Each author as family and given, or literal."),
    Field("container-title", "string", "The publisher."),
    Field("issued, accessed", "object", "The publication date and the day archived, as date-parts."),
    Field("language, URL, archive", "string", "The language, the permanent URL, the archive's name."),
)

ATOM_FIELDS = (
    Field("entry", "object", f"One per article, the {exports.FEED_SIZE} most recently added first."),
    Field("id, link", "string", "The article's permanent URL."),
    Field("title, summary", "string", "The headline and the subtitle."),
    Field("author", "string", "The authors."),
    Field("published, updated", "datetime", "When the article was first added, and its latest revision recorded."),
)


class Export(NamedTuple):
    path: str
    title: str
    format: str
    mediatype: str
    description: str
    fields: tuple[Field, ...]


EXPORTS = (
    Export(
        "corpus.jsonl",
        "Text corpus",
        "jsonl",
        "application/jsonl",
        "Every article's text and provenance, one JSON object a line.",
        CORPUS_FIELDS,
    ),
    Export(
        "catalog.csv",
        "Catalogue (CSV)",
        "csv",
        "text/csv",
        "One row per article: its metadata and the checksum of its seed.",
        CATALOG_FIELDS,
    ),
    Export(
        "catalog.json",
        "Catalogue (JSON)",
        "json",
        "application/json",
        'The same records as catalog.csv, as {"articles": [...]}.',
        CATALOG_FIELDS,
    ),
    Export("archive.bib", "BibTeX", "bib", "application/x-bibtex", "One BibTeX entry per article.", BIB_FIELDS),
    Export(
        "archive.ris",
        "RIS",
        "ris",
        "application/x-research-info-systems",
        "One RIS record per article.",
        RIS_FIELDS,
    ),
    Export(
        "archive.csl.json",
        "CSL-JSON",
        "json",
        "application/vnd.citationstyles.csl+json",
        "One CSL item per article (Zotero, Pandoc, citeproc).",
        CSL_FIELDS,
    ),
    Export("atom.xml", "Atom feed", "xml", "application/atom+xml", "The most recently added articles.", ATOM_FIELDS),
)


class Digest(NamedTuple):
    bytes: int
    sha256: str


def digest(path: Path) -> Digest:
    data = path.read_bytes()
    return Digest(len(data), hashlib.sha256(data).hexdigest())


#: The builder's attribute holding what :func:`measured` found (and :func:`.exports.noted`):
#: path → (status, (size, SHA-256)).
MEASURED = exports.MEASURED


def measured(app: Sphinx, path: Path) -> Digest:
    """:func:`digest` of a file of the site, read once a build while it stays as it was (its
    size, times and inode): ``datapackage.json`` and the downloads page both give every
    export's, and ``corpus.jsonl`` alone is 100 MB at 10,000 articles (issue 29). Kept on the
    builder, so a second build in the process never sees the first one's."""
    memo: dict[str, tuple[tuple[int, int, int, int], tuple[int, str]]] = app.builder.__dict__.setdefault(
        MEASURED, {})
    found = path.stat()
    status = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    kept = memo.get(str(path))
    if kept is not None and kept[0] == status:
        return Digest(*kept[1])
    made = digest(path)
    memo[str(path)] = (status, (made.bytes, made.sha256))
    return made


def _slug(text: str) -> str:
    """A data package name: lower case letters, digits, ``-``, ``.`` and ``_``."""
    return re.sub(r"[^a-z0-9._]+", "-", text.lower()).strip("-._") or "archive"


def _licences(config: Any) -> list[dict[str, str]]:
    licence = str(config.seedarchive_licence_metadata or "")
    if not licence:
        return []
    if licence in SPDX:
        return [{"name": licence, "title": licence}]
    return [{"title": licence, "path": layout.page_url(config.html_baseurl, "docs/about")}]


def table_schema() -> dict[str, Any]:
    """catalog.csv's Table Schema: every column, its type and meaning; the identifier is the key."""
    return {
        "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in CATALOG_FIELDS],
        "primaryKey": ["identifier"],
        "missingValues": [""],
    }


def datapackage(config: Any, digests: dict[str, Digest]) -> dict[str, Any]:
    """The Frictionless data package describing every export that exists."""
    name = archive_name(config)
    base = layout.site_base(config.html_baseurl)
    licences = _licences(config)
    resources = []
    for item in EXPORTS:
        found = digests.get(item.path)
        if found is None:
            continue
        resource: dict[str, Any] = {
            "name": _slug(item.path),
            "path": item.path,
            "title": item.title,
            "description": item.description,
            "format": item.format,
            "mediatype": item.mediatype,
            "encoding": "utf-8",
            "bytes": found.bytes,
            "hash": f"sha256:{found.sha256}",
        }
        # catalog.csv is the table; the others are files whose bytes and checksum are checked
        # (read as JSON, catalog.json would be taken for a Frictionless catalogue by its name)
        resource["type"] = "table" if item.path == "catalog.csv" else "file"
        if item.path == "catalog.csv":
            resource["profile"] = "tabular-data-resource"
            resource["dialect"] = {"delimiter": ",", "lineTerminator": "\n", "header": True}
            resource["schema"] = table_schema()
        if licences:
            resource["licenses"] = licences
        resources.append(resource)
    package: dict[str, Any] = {
        "profile": "data-package",
        "name": _slug(name),
        "title": name,
        "homepage": base,
        "resources": resources,
    }
    if config.seedarchive_keeper:
        package["contributors"] = [{"title": config.seedarchive_keeper, "role": "publisher"}]
    if licences:
        package["licenses"] = licences
    return package


def _yaml(value: str) -> str:
    """A YAML scalar: JSON's quoted string is valid YAML, escapes and all."""
    return json.dumps(value, ensure_ascii=False)


def citation_cff(config: Any, found: dict[str, ArticlePage]) -> str:
    """The archive as a dataset in Citation File Format 1.2.0; its date is its latest record's."""
    name = archive_name(config)
    base = layout.site_base(config.html_baseurl)
    keeper = str(config.seedarchive_keeper or "")
    licence = str(config.seedarchive_licence_metadata or "")
    dated = max((PartialDate.parse(d["provenance"]["ingested_at"]).iso() for d in found.values()), default="")
    count = f"{len(found):,} news article{'s' if len(found) != 1 else ''}"
    message = "If you use this archive, please cite it as below."
    if licence and licence not in SPDX:
        message += f" Its metadata and exports: {licence}."
    lines = [
        "cff-version: 1.2.0",
        f"message: {_yaml(message)}",
        "type: dataset",
        f"title: {_yaml(name)}",
        "authors:",
        f"  - name: {_yaml(keeper or name)}",
        f"url: {_yaml(base)}",
        f"abstract: {_yaml(f'An archive of {count}, each with its text, provenance and revisions.')}",
    ]
    if licence in SPDX:
        lines.append(f"license: {licence}")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", dated):
        lines.append(f"date-released: {_yaml(dated)}")
    return "\n".join(lines) + "\n"


def write(app: Sphinx, env: BuildEnvironment) -> None:
    """Describe the exports, written just before (``env-updated``, after :mod:`.catalog` and
    :mod:`.exports`, 800)."""
    if app.builder.format != "html":
        return
    out = Path(app.outdir)
    digests = {item.path: measured(app, out / item.path) for item in EXPORTS if (out / item.path).is_file()}
    text = json.dumps(datapackage(app.config, digests), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    exports.write_if_changed(out / DATAPACKAGE, text)
    exports.write_if_changed(out / CITATION, citation_cff(app.config, articles(env)))


class downloads(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils names nodes in lower case
    """Placeholder, replaced once the exports are written."""


def _row(cells: list[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", cell if isinstance(cell, nodes.Node) else nodes.Text(cell))
        row += entry
    return row


def _table(title: str, headers: list[str], rows: list[list[nodes.Node | str]], classes: list[str]) -> nodes.table:
    tbl = nodes.table(classes=classes, ids=[classes[-1]])
    tbl += nodes.title(text=title)
    group = nodes.tgroup(cols=len(headers))
    tbl += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += _row(list(headers))
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    return tbl


def _wrapped(table: nodes.table) -> nodes.container:
    return nodes.container("", table, classes=["table-wrapper"])


def content(app: Sphinx, docname: str) -> list[nodes.Node]:
    """The files table, then one data dictionary per export."""
    out = Path(app.outdir)
    up = "../" * docname.count("/")
    licence = str(app.config.seedarchive_licence_metadata or "not yet set (archive.toml, licence_metadata)")
    files: list[tuple[str, str, str]] = [(e.path, e.title, e.mediatype) for e in EXPORTS]
    files += [
        (DATAPACKAGE, "Data package (Frictionless)", "application/json"),
        (CITATION, "Citation File Format", "application/x-yaml"),
    ]
    rows: list[list[nodes.Node | str]] = []
    for path, title, mediatype in files:
        if not (out / path).is_file():
            continue
        found = measured(app, out / path)
        link = nodes.reference("", path, refuri=up + path)
        sha = nodes.literal(found.sha256, found.sha256)
        rows.append([link, f"{title} ({mediatype})", f"{found.bytes:,} bytes", sha, licence])
    # furo wraps tables before this runs (a post-transform): wrapped here, the same way
    result: list[nodes.Node] = [
        _wrapped(_table("Files", ["File", "Format", "Size", "SHA-256", "Licence"], rows, ["archive-downloads"]))
    ]
    for item in EXPORTS:
        section = nodes.rubric(text=f"{item.path}: {item.description}")
        dictionary = _table(
            f"Fields of {item.path}",
            ["Field", "Type", "Meaning"],
            [[nodes.literal(f.name, f.name), f.type, f.description] for f in item.fields],
            ["data-dictionary", f"data-dictionary-{item.path.replace('.', '-')}"],
        )
        result += [section, _wrapped(dictionary)]
    return result


class Downloads(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        FOLLOWERS.pages(self.env).add(self.env.docname)
        return [downloads()]


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(downloads)):
        node.replace_self(content(app, docname) if app.builder.format == "html" else [])


def setup(app: Sphinx) -> None:
    app.add_directive("archive-downloads", Downloads)
    app.add_node(downloads)
    FOLLOWERS.connect(app)
    # after :mod:`..pagedata` forgets the articles it found before the pages were read
    app.connect("env-updated", write, priority=900)
    app.connect("doctree-resolved", _resolved)
