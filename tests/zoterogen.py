"""Zotero exports for tests, written here in the shapes Zotero's own translators write.

:func:`export_rdf` writes what "Zotero RDF" with "Export Files" writes (the namespaces and
properties of Zotero's ``Zotero RDF.js``: items typed by ``z:itemType``, ``bib:authors``
sequences of ``foaf:Person``, ``dcterms:isPartOf`` containers, URLs as ``dcterms:URI``,
attachments as ``z:Attachment`` linked by ``link:link`` with ``rdf:resource`` pointing into
``files/N/``); :func:`export_bibtex` what "BibTeX" with "Export Files" writes (``file =
{Title:files/N/name:type}``, ``urldate``, ``journal``); :func:`export_csl_json` what "CSL
JSON" writes (Zotero's ``ZU.itemToCSLJSON``: ``id`` the item's URI, ``date-parts``,
``container-title``, ``URL``, ``accessed``), which carries no files: the snapshots are put
beside it as the researcher would, each filed under its item's key (:data:`KEYS`). All three
describe the same :data:`ITEMS`.
All article text is written for these tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

import warcgen


@dataclass(frozen=True)
class Source:
    """One Zotero item: its fields and its attachments (title, file name, MIME type)."""

    number: int
    kind: str
    title: str
    creators: list[dict[str, str]]
    date: str = ""
    publication: str = ""
    url: str = ""
    language: str = ""
    accessed: str = ""
    attachments: list[tuple[str, str, str]] = field(default_factory=list)
    note: str = ""


def _page(title: str, topic: str) -> bytes:
    paragraphs = [
        f"The council met on Tuesday to discuss {topic}, and members asked for a full report before any vote.",
        f"Residents who spoke at the meeting said {topic} had been raised many times over the past decade.",
        "A spokesperson for the council said the report would be published within a month of the meeting.",
        "Opposition members welcomed the delay and said they would table their own proposal in the spring.",
    ]
    return warcgen.article_page(title, paragraphs)


ITEMS = [
    Source(
        1, "newspaperArticle", "Council Delays Harbour Vote",
        [{"family": "Kim", "given": "Jong-un"}, {"family": "Okafor", "given": "Maria"}],
        "2018-01-10", "The Harbour Gazette", "https://gazette.example/2018/01/harbour-vote", "en",
        "2026-11-18 10:00:00", [("Snapshot", "harbour-vote.html", "text/html")],
    ),
    Source(
        2, "newspaperArticle", "Tram Line Reopens After Repairs",
        [{"literal": "Agence Test Presse"}],
        "2019-06", "The Harbour Gazette", "https://gazette.example/2019/06/tram", "en",
        "2026-11-19 09:30:00",
        [("Snapshot", "tram.html", "text/html"), ("Full Text PDF", "tram.pdf", "application/pdf")],
        note="<p>Check the second source.</p>",
    ),
    Source(
        3, "webpage", "Library Extends Opening Hours",
        [{"family": "Núñez Ibáñez", "given": "José Ángel"}],
        "2020", "City Notes", "https://notes.example/library", "es",
        "2026-11-20 08:00:00", [("Snapshot", "library.html", "text/html")],
    ),
    Source(4, "newspaperArticle", "An Item Saved Without Its Page", [{"family": "Roe", "given": "Jane"}], "2021-03-04",
           "The Harbour Gazette", "https://gazette.example/2021/03/none", "en", "2026-11-21 07:00:00"),
    Source(5, "newspaperArticle", "Only A Report In PDF", [{"family": "Doe", "given": "John"}], "2022-05-06",
           "The Harbour Gazette", "https://gazette.example/2022/05/pdf", "en", "2026-11-22 07:00:00",
           [("Full Text PDF", "report.pdf", "application/pdf")]),
]
#: Zotero's attachment item numbers: the folders in files/ (item number * 10 + position).
CONTAINERS = {"newspaperArticle": "bib:Newspaper", "webpage": "z:Website"}
TYPES = {"newspaperArticle": "bib:Article", "webpage": "bib:Document"}


def _files(folder: Path) -> dict[str, str]:
    """Write every attachment into ``folder/files/N/``; attachment key → relative path."""
    paths = {}
    for item in ITEMS:
        for position, (_title, name, mime) in enumerate(item.attachments, start=1):
            number = item.number * 10 + position
            path = folder / "files" / str(number) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if mime == "text/html":
                path.write_bytes(_page(item.title, item.title.lower()))
            else:
                path.write_bytes(b"%PDF-1.4\n% a stand-in for a PDF written by the tests\n")
            paths[f"{item.number}/{position}"] = f"files/{number}/{name}"
    return paths


def export_rdf(folder: Path) -> Path:
    paths = _files(folder)
    out = [
        '<rdf:RDF\n xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
        ' xmlns:z="http://www.zotero.org/namespaces/export#"\n xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        ' xmlns:dcterms="http://purl.org/dc/terms/"\n xmlns:bib="http://purl.org/net/biblio#"\n'
        ' xmlns:foaf="http://xmlns.com/foaf/0.1/"\n xmlns:link="http://purl.org/rss/1.0/modules/link/">'
    ]
    for item in ITEMS:
        about = item.url or f"#item_{item.number}"
        lines = [f'    <{TYPES[item.kind]} rdf:about="{escape(about)}">']
        lines.append(f"        <z:itemType>{item.kind}</z:itemType>")
        if item.publication:
            container = CONTAINERS[item.kind]
            lines += [
                "        <dcterms:isPartOf>",
                f"            <{container}><dc:title>{escape(item.publication)}</dc:title></{container}>",
                "        </dcterms:isPartOf>",
            ]
        lines.append("        <bib:authors><rdf:Seq>")
        for creator in item.creators:
            family = creator.get("family") or creator.get("literal", "")
            given = f"<foaf:givenName>{escape(creator['given'])}</foaf:givenName>" if "given" in creator else ""
            lines.append(
                f"            <rdf:li><foaf:Person><foaf:surname>{escape(family)}</foaf:surname>{given}"
                "</foaf:Person></rdf:li>"
            )
        lines.append("        </rdf:Seq></bib:authors>")
        for position in range(1, len(item.attachments) + 1):
            lines.append(f'        <link:link rdf:resource="#item_{item.number * 10 + position}"/>')
        if item.note:
            lines.append(f'        <dcterms:isReferencedBy rdf:resource="#item_{item.number * 100}"/>')
        lines.append(f"        <dc:title>{escape(item.title)}</dc:title>")
        if item.date:
            lines.append(f"        <dc:date>{item.date}</dc:date>")
        if item.language:
            lines.append(f"        <z:language>{item.language}</z:language>")
        if item.url:
            uri = f"<dcterms:URI><rdf:value>{escape(item.url)}</rdf:value></dcterms:URI>"
            lines.append(f"        <dc:identifier>{uri}</dc:identifier>")
        if item.accessed:
            lines.append(f"        <dcterms:dateSubmitted>{item.accessed}</dcterms:dateSubmitted>")
        lines.append(f"    </{TYPES[item.kind]}>")
        for position, (title, _name, mime) in enumerate(item.attachments, start=1):
            number = item.number * 10 + position
            lines += [
                f'    <z:Attachment rdf:about="#item_{number}">',
                "        <z:itemType>attachment</z:itemType>",
                f'        <rdf:resource rdf:resource="{paths[f"{item.number}/{position}"]}"/>',
                f"        <dc:title>{escape(title)}</dc:title>",
                "        <z:linkMode>1</z:linkMode>",
                f"        <link:type>{mime}</link:type>",
                "    </z:Attachment>",
            ]
        if item.note:
            lines += [
                f'    <bib:Memo rdf:about="#item_{item.number * 100}">',
                f"        <rdf:value>{escape(item.note)}</rdf:value>",
                "    </bib:Memo>",
            ]
        out.append("\n".join(lines))
    out.append("</rdf:RDF>\n")
    path = folder / "Exported Items.rdf"
    path.write_text("\n".join(out), "utf-8")
    return path


def _bib(value: str) -> str:
    return value.replace("\\", "\\textbackslash{}").replace("{", "\\{").replace("}", "\\}")


def export_bibtex(folder: Path) -> Path:
    paths = _files(folder)
    entries = []
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    for item in ITEMS:
        kind = "article" if item.kind == "newspaperArticle" else "misc"
        fields = [f"\ttitle = {{{_bib(item.title)}}}"]
        if item.url:
            fields.append(f"\turl = {{{item.url}}}")
        if item.accessed:
            fields.append(f"\turldate = {{{item.accessed.split()[0]}}}")
        if item.publication:
            fields.append(f"\tjournal = {{{_bib(item.publication)}}}")
        if item.language:
            fields.append(f"\tlanguage = {{{item.language}}}")
        names = []
        for creator in item.creators:
            literal = "literal" in creator
            names.append(f"{{{creator['literal']}}}" if literal else f"{creator['family']}, {creator['given']}")
        if names:
            fields.append(f"\tauthor = {{{' and '.join(_bib(n) if not n.startswith('{') else n for n in names)}}}")
        if item.date:
            parts = item.date.split("-")
            if len(parts) >= 2:
                fields.append(f"\tmonth = {months[int(parts[1]) - 1]}")
            if len(parts) == 3:
                fields.append(f"\tday = {{{int(parts[2])}}}")
            fields.append(f"\tyear = {{{parts[0]}}}")
        if item.note:
            fields.append(f"\tannote = {{{_bib(item.note)}}}")
        files = [
            f"{title}:{paths[f'{item.number}/{position}']}:{mime}"
            for position, (title, _name, mime) in enumerate(item.attachments, start=1)
        ]
        if files:
            fields.append(f"\tfile = {{{';'.join(files)}}}")
        key = f"item{item.number}"
        entries.append(f"@{kind}{{{key},\n" + ",\n".join(fields) + ",\n}")
    path = folder / "Exported Items.bib"
    path.write_text("\n\n".join(entries) + "\n", "utf-8")
    return path


#: Zotero item keys (eight characters of Zotero's key alphabet), by item number.
KEYS = {1: "Q7XK2M4B", 2: "H3TR9WNP", 3: "L8ZB4C2D", 4: "R5MV7KQE", 5: "T2PX6HJF"}
CSL_TYPES = {"newspaperArticle": "article-newspaper", "webpage": "webpage"}
USER = "http://zotero.org/users/local/kT9vQw2x/items/"


def _csl_date(text: str, year_as_text: bool) -> dict[str, list[list[int | str]]]:
    parts: list[int | str] = [int(p) for p in text.split()[0].split("-")]
    if year_as_text:  # Zotero's strToDate gives the year as text; citeproc-js reads both
        parts[0] = str(parts[0])
    return {"date-parts": [parts]}


def export_csl_json(folder: Path) -> Path:
    """The CSL JSON of :data:`ITEMS` and, beside it, each item's files filed under its key:
    a folder ``KEY/`` for items 1, 2 and 5, the file ``KEY.html`` for item 3."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for item in ITEMS:
        key = KEYS[item.number]
        entry: dict[str, object] = {"id": USER + key, "type": CSL_TYPES[item.kind], "title": item.title}
        if item.publication:
            entry["container-title"] = item.publication
        if item.language:
            entry["language"] = item.language
        if item.url:
            entry["URL"] = item.url
        if item.creators:
            entry["author"] = [dict(c) for c in item.creators]
        if item.accessed:
            entry["accessed"] = _csl_date(item.accessed, year_as_text=False)
        if item.date:
            entry["issued"] = _csl_date(item.date, year_as_text=item.number % 2 == 1)
        entries.append(entry)
        for _title, name, mime in item.attachments:
            path = folder / f"{key}.html" if item.number == 3 else folder / key / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if mime == "text/html":
                path.write_bytes(_page(item.title, item.title.lower()))
            else:
                path.write_bytes(b"%PDF-1.4\n% a stand-in for a PDF written by the tests\n")
    path = folder / "Exported Items.json"
    path.write_text(json.dumps(entries, indent="\t", ensure_ascii=False), "utf-8")
    return path
