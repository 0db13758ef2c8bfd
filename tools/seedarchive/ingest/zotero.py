"""``seedarchive import zotero EXPORT``: a Zotero collection, exported with its files, as seeds.

Zotero writes a collection exported "with files" as one metadata file beside a ``files/``
folder that holds each attachment in a folder of its own (``files/12/page.html``). Read:

- **Zotero RDF** (``*.rdf``, Zotero's "Zotero RDF" translator): items typed by ``z:itemType``,
  creators in ``bib:authors`` as ``foaf:surname``/``foaf:givenName``, the publication in
  ``dcterms:isPartOf``, the URL as ``dc:identifier/dcterms:URI/rdf:value``, ``dc:date``,
  ``z:language``, ``dc:rights``, the access date as ``dcterms:dateSubmitted``, attachments
  linked by ``link:link`` and found by ``rdf:resource`` (or ``z:path``) with their
  ``link:type``;
- **BibTeX** (``*.bib``, Zotero's "BibTeX" translator with "Export Files"): ``author`` as
  "Family, Given and …", ``journal``, ``url``, ``urldate``, ``date`` or ``year``/``month``,
  ``langid``/``language``, and ``file = {Title:files/12/page.html:text/html; …}``;
- **CSL JSON** (``*.json``, Zotero's "CSL JSON" translator, which writes the items only, never
  their files): ``author`` as ``family``/``given`` (particles joined again) or ``literal``,
  ``issued`` and ``accessed`` as ``date-parts`` (or ``raw``/``literal``), ``container-title``,
  ``URL``, ``language``, ``license``. Each item's snapshot is found beside the JSON, filed by
  the researcher under the item's key, the end of its ``id``
  (``http://zotero.org/users/local/…/items/ABCD2345``; a citation key when Zotero wrote one):
  the folder ``ABCD2345/`` holding the snapshot, or the file ``ABCD2345.html``.

Each item's snapshot (an HTML page, a WARC or WACZ capture, a text file) is copied *as
received* to ``seeds/zotero/N/NAME`` (``N``: the attachment's folder in ``files/``, the same
in RDF and BibTeX, so that the same library exported either way is the same seeds; for CSL
JSON, the item's key), and its
metadata written beside it as the seed's sidecar ``NAME.meta.yaml`` (see
:mod:`seedarchive.ingest.sidecar`): headline, authors (family and given), published,
publisher (the publication), url, language, rights, accessed (the day of the item's access
date). The archive then cites each article as the researcher's Zotero item does.

Safe and idempotent: a seed or sidecar that already holds the same bytes is left alone, so a
second import of the same export changes nothing; a changed snapshot of the same item
replaces the seed (the archive records it as a new revision and keeps the old one); a
sidecar that differs from what the export says is never overwritten (it may hold the
researcher's corrections), nor a seed file with other bytes and no sidecar (no import
wrote it): the item is listed with the fix. Items without a snapshot, notes,
PDFs and attachments of other kinds get one line each in the summary.
"""

from __future__ import annotations

import glob
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from seedarchive.errors import SeedError
from seedarchive.ingest.seeds import SIDECAR_SUFFIX
from seedarchive.model import ModelError, check_accessed

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {
    "rdf": RDF,
    "z": "http://www.zotero.org/namespaces/export#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "bib": "http://purl.org/net/biblio#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "link": "http://purl.org/rss/1.0/modules/link/",
}
#: Snapshot types the archive reads, by MIME type and by file suffix.
SNAPSHOT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/warc", "application/wacz")
SNAPSHOT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".warc", ".warc.gz", ".wacz")
FOLDER = "zotero"
MONTHS = {
    m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)
}


@dataclass(frozen=True, slots=True)
class Attachment:
    title: str
    path: str  # as the export gives it, relative to the export's folder
    mime: str

    @property
    def is_snapshot(self) -> bool:
        return self.mime.lower() in SNAPSHOT_TYPES or self.path.lower().endswith(SNAPSHOT_SUFFIXES)


@dataclass(frozen=True, slots=True)
class Item:
    """One Zotero item, as the export says it."""

    key: str
    kind: str
    title: str = ""
    creators: tuple[dict[str, str], ...] = ()
    date: str = ""
    publication: str = ""
    url: str = ""
    language: str = ""
    rights: str = ""
    accessed: str = ""
    attachments: tuple[Attachment, ...] = ()
    notes: int = 0


@dataclass
class Summary:
    """What an import did, item by item."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"added: {name}" for name in self.added]
        out += [f"replaced (a new revision): {name}" for name in self.replaced]
        out += [f"not imported: {line}" for line in self.skipped]
        out += [f"refused: {line}" for line in self.refused]
        out.append(
            f"zotero import: {len(self.added)} added, {len(self.replaced)} replaced, {len(self.unchanged)} unchanged, "
            f"{len(self.skipped)} not imported, {len(self.refused)} refused"
        )
        return out


# --- Zotero RDF -------------------------------------------------------------------------


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _text(node: ET.Element | None, path: str) -> str:
    if node is None:
        return ""
    found = node.find(path, NS)
    return " ".join((found.text or "").split()) if found is not None else ""


def read_rdf(path: Path) -> list[Item]:
    """The items of a Zotero RDF export (attachments resolved, notes counted)."""
    try:
        root = ET.parse(path).getroot()  # noqa: S314  # a local file the researcher exported
    except ET.ParseError as error:
        raise SeedError(
            str(path), f"is not Zotero RDF (XML: {error})", "export the collection again as Zotero RDF"
        ) from error
    by_id: dict[str, ET.Element] = {}
    for node in root:
        about = node.get(_q("rdf:about")) or node.get(_q("rdf:nodeID"))
        if about:
            by_id[about] = node

    def target(node: ET.Element) -> ET.Element | None:
        """A property's object: the element inside it, or the node it refers to."""
        inner = list(node)
        if inner:
            return inner[0]
        ref = node.get(_q("rdf:resource")) or node.get(_q("rdf:nodeID"))
        return by_id.get(ref) if ref else None

    children: set[str] = set()
    items: list[Item] = []
    for node in root:
        kind = _text(node, "z:itemType")
        if kind in ("", "attachment", "note"):
            continue
        attachments = []
        for link in node.findall("link:link", NS):
            ref = link.get(_q("rdf:resource"), "")
            children.add(ref)
            child = by_id.get(ref)
            if child is None:
                continue
            file_node = child.find("rdf:resource", NS)
            if file_node is None:
                file_node = child.find("z:path", NS)
            file_path = file_node.get(_q("rdf:resource"), "") if file_node is not None else ""
            attachments.append(Attachment(_text(child, "dc:title"), file_path, _text(child, "link:type")))
        creators = []
        for seq in node.findall("bib:authors/rdf:Seq", NS) or [
            s for ref in node.findall("bib:authors", NS) if (s := target(ref)) is not None
        ]:
            for li in seq.findall("rdf:li", NS):
                person = target(li)
                family, given = _text(person, "foaf:surname"), _text(person, "foaf:givenName")
                if family and given:
                    creators.append({"family": family, "given": given})
                elif family:
                    creators.append({"literal": family})
        publication = ""
        for part in node.findall("dcterms:isPartOf", NS):
            container = target(part)
            if container is not None and container.tag != _q("bib:Part"):
                publication = publication or _text(container, "dc:title")
        url = ""
        for ident in node.findall("dc:identifier", NS):
            uri = target(ident)
            if uri is not None and uri.tag == _q("dcterms:URI"):
                url = url or _text(uri, "rdf:value")
        items.append(
            Item(
                key=(node.get(_q("rdf:about")) or "").lstrip("#"),
                kind=kind,
                title=_text(node, "dc:title"),
                creators=tuple(creators),
                date=_text(node, "dc:date"),
                publication=publication,
                url=url,
                language=_text(node, "z:language"),
                rights=_text(node, "dc:rights"),
                accessed=_text(node, "dcterms:dateSubmitted"),
                attachments=tuple(attachments),
                notes=len(node.findall("dcterms:isReferencedBy", NS)),
            )
        )
    return items


# --- BibTeX -----------------------------------------------------------------------------


def _split_unescaped(value: str, separator: str) -> list[str]:
    return [part.replace("\\" + separator, separator) for part in re.split(rf"(?<!\\){re.escape(separator)}", value)]


def _bib_date(fields: dict[str, str]) -> str:
    if fields.get("date"):
        return fields["date"]
    year = fields.get("year", "")
    month = fields.get("month", "").strip().lower()[:3]
    number = MONTHS.get(month) or (int(month) if month.isdigit() else 0)
    day = fields.get("day", "")
    if year and number:
        return f"{year}-{number:02d}" + (f"-{int(day):02d}" if day.isdigit() else "")
    return year


def read_bibtex(path: Path) -> list[Item]:
    """The items of a BibTeX export written by Zotero (``file`` fields resolved)."""
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts

    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError as error:
        raise SeedError(str(path), "is not UTF-8", "export the collection again with the UTF-8 encoding") from error
    from pylatexenc.latex2text import LatexNodes2Text

    # Names are split while their braces still say what is one name ({Agence Test Presse}),
    # then each part is decoded; the other fields are decoded by the middleware.
    library = parse_string(
        text, append_middleware=[SeparateCoAuthors(), SplitNameParts(), LatexDecodingMiddleware()]
    )
    latex = LatexNodes2Text()

    def decoded(parts: list[str]) -> str:
        return " ".join(" ".join(latex.latex_to_text(part) for part in parts).split())

    items = []
    for entry in library.entries:
        fields = {f.key.lower(): f.value for f in entry.fields}
        creators = []
        for name in fields.get("author", []) if isinstance(fields.get("author"), list) else []:
            family = decoded([*name.von, *name.last])
            given = decoded(name.first)
            if given:
                creators.append({"family": family, "given": given})
            elif family:
                creators.append({"literal": family})
        attachments = []
        for part in _split_unescaped(str(fields.get("file", "")), ";"):
            pieces = _split_unescaped(part, ":")
            if len(pieces) >= 3:
                attachments.append(Attachment(pieces[0], ":".join(pieces[1:-1]), pieces[-1]))
        str_fields = {k: str(v) for k, v in fields.items() if not isinstance(v, list)}
        items.append(
            Item(
                key=entry.key,
                kind=entry.entry_type.lower(),
                title=" ".join(str_fields.get("title", "").replace("{", "").replace("}", "").split()),
                creators=tuple(creators),
                date=_bib_date(str_fields),
                publication=str_fields.get("journal", "") or str_fields.get("journaltitle", ""),
                url=str_fields.get("url", ""),
                language=str_fields.get("langid", "") or str_fields.get("language", ""),
                rights=str_fields.get("copyright", ""),
                accessed=str_fields.get("urldate", ""),
                attachments=tuple(attachments),
                notes=1 if "annote" in str_fields else 0,
            )
        )
    return items


# --- CSL-JSON ---------------------------------------------------------------------------

#: Where Zotero keeps an item's key in the ``id`` its "CSL JSON" translator writes (the item's
#: URI, ``http://zotero.org/users/local/AbC123/items/KEY`` or ``…/groups/1/items/KEY``); an
#: item with "Citation Key: NAME" in Extra is written with ``id`` NAME instead.
_ZOTERO_URI = re.compile(r"^https?://zotero\.org/(?:users/(?:local/)?|groups/)[^/]+/items/([^/]+)$")


def csl_key(entry_id: str) -> str:
    """The name a CSL-JSON item's snapshot is filed under: the Zotero item key of its ``id``
    (``…/items/ABCD2345`` → ``ABCD2345``), or the whole ``id`` (a citation key)."""
    found = _ZOTERO_URI.match(entry_id.strip())
    return found.group(1) if found else entry_id.strip()


def _csl_date(value: Any) -> str:
    """A CSL date (``date-parts``, or ``raw``/``literal`` text) as text :func:`published` reads."""
    if not isinstance(value, dict):
        return str(value).strip() if isinstance(value, str) else ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(str(p)) for p in parts[0][:3]]
        except ValueError:
            return " ".join(str(p) for p in parts[0])
        return "-".join(f"{n:02d}" if i else f"{n:04d}" for i, n in enumerate(numbers))
    text = value.get("raw") or value.get("literal") or ""
    return str(text).strip()


def _csl_name(name: Any) -> dict[str, str] | None:
    """A CSL name as the sidecar's: Zotero's export splits particles off ("van der Berg" is
    ``non-dropping-particle`` "van der", ``family`` "Berg"), so they are joined again."""
    if not isinstance(name, dict):
        return None
    if name.get("literal"):
        return {"literal": " ".join(str(name["literal"]).split())}
    family = " ".join(" ".join(str(name.get(k, "")) for k in ("non-dropping-particle", "family")).split())
    given = " ".join(" ".join(str(name.get(k, "")) for k in ("given", "dropping-particle")).split())
    if family and given:
        out = {"family": family, "given": given}
        if name.get("suffix"):
            out["suffix"] = " ".join(str(name["suffix"]).split())
        return out
    return {"literal": family or given} if family or given else None


def _csl_snapshots(folder: Path, key: str) -> tuple[Attachment, ...]:
    """The files filed for the item ``key`` in the export's folder: every file in the folder
    ``KEY/`` (as Zotero's storage folders hold one attachment each), or the files named
    ``KEY.html``, ``KEY.warc`` and so on beside the JSON."""
    if not key or key in (".", "..") or "/" in key or "\\" in key:
        return ()
    inside = folder / key
    found = sorted(p for p in inside.iterdir() if p.is_file()) if inside.is_dir() else []
    if not found:
        found = sorted(p for p in folder.glob(f"{glob.escape(key)}.*") if p.is_file())
    return tuple(Attachment("", p.relative_to(folder).as_posix(), _mime(p.name)) for p in found)


def _mime(name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".pdf"):
        return "application/pdf"
    return "" if lowered.endswith(SNAPSHOT_SUFFIXES) else "a file of another kind"


def read_csl_json(path: Path) -> list[Item]:
    """The items of a CSL-JSON export (Zotero's "CSL JSON" translator), each with the
    snapshots filed under its key beside it (:func:`_csl_snapshots`). Zotero writes no files
    with this format: the researcher puts each snapshot there (README: "A whole Zotero collection at once")."""
    fix = "export the collection again with Zotero's 'CSL JSON' format"
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise SeedError(str(path), "is not UTF-8", fix) from error
    except ValueError as error:
        raise SeedError(str(path), f"is not JSON ({error})", fix) from error
    entries = data if isinstance(data, list) else [data]
    items = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("type"), str) or "id" not in entry:
            raise SeedError(str(path), f"item {number} is not a CSL-JSON item (an object with id and type)", fix)
        key = csl_key(str(entry["id"]))
        creators = tuple(n for n in map(_csl_name, entry.get("author") or []) if n is not None)
        items.append(
            Item(
                key=key,
                kind=entry["type"],
                title=" ".join(str(entry.get("title", "")).split()),
                creators=creators,
                date=_csl_date(entry.get("issued")),
                publication=" ".join(str(entry.get("container-title", "")).split()),
                url=str(entry.get("URL", "")).strip(),
                language=str(entry.get("language", "")).strip(),
                rights=" ".join(str(entry.get("license", "")).split()),
                accessed=_csl_date(entry.get("accessed")),
                attachments=_csl_snapshots(path.parent, key),
                notes=0,
            )
        )
    return items


# --- from items to seeds ----------------------------------------------------------------


def published(date: str) -> str | None:
    """A Zotero date as the archive's ``published`` (YYYY, YYYY-MM or YYYY-MM-DD), or None."""
    date = date.strip()
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
        return date
    match = re.match(r"(\d{4}-\d{2}-\d{2})[T ]\d", date)
    if match:
        return match.group(1)
    for form in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %Y", "%m/%d/%Y"):
        try:
            moment = datetime.strptime(date, form)  # a calendar date, no time
        except ValueError:
            continue
        return moment.strftime("%Y-%m" if form == "%B %Y" else "%Y-%m-%d")
    return None


def sidecar_values(item: Item) -> tuple[dict[str, Any], list[str]]:
    """What the sidecar says of ``item``, and a note for each value left out."""
    values: dict[str, Any] = {}
    notes: list[str] = []
    if item.title:
        values["headline"] = item.title
    if item.creators:
        values["authors"] = [dict(c) for c in item.creators]
    if item.date:
        day = published(item.date)
        if day:
            values["published"] = day
        else:
            notes.append(f"date {item.date!r} not understood: add 'published:' to the sidecar")
    for key, value in (("publisher", item.publication), ("language", item.language), ("rights", item.rights)):
        if value:
            values[key] = value
    if item.url.startswith(("http://", "https://")):
        values["url"] = item.url
    elif item.url:
        notes.append(f"URL {item.url!r} is not http or https: left out")
    if item.accessed:
        day = accessed_day(item.accessed)
        if day:
            values["accessed"] = day
        else:
            notes.append(f"access date {item.accessed!r} not understood: add 'accessed:' to the sidecar")
    return values, notes


def accessed_day(value: str) -> str | None:
    """A Zotero access date as the day it names (YYYY-MM-DD), or None. Zotero keeps it in UTC
    (``2026-11-18 10:00:00``); its RDF export writes it so, BibTeX's ``urldate`` the UTC day,
    and CSL JSON the day in the exporting computer's time zone, so an access near midnight
    may be a day apart between formats."""
    found = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z?)?", value.strip())
    if found is None:
        return None
    try:
        return check_accessed(found.group(1))
    except ModelError:
        return None


def seed_name(item: Item, attachment: Attachment) -> str:
    """Where the snapshot goes under ``seeds/``: ``zotero/N/NAME`` (N: its folder in files/)."""
    parts = PurePosixPath(attachment.path.replace("\\", "/")).parts
    folder = parts[-2] if len(parts) >= 2 and parts[-2] not in ("", ".", "..") else item.key
    safe = re.sub(r"[^0-9A-Za-z._-]+", "-", folder).strip("-.") or hashlib.sha256(item.key.encode()).hexdigest()[:12]
    name = re.sub(r"[\x00-\x1f/\\]+", "-", parts[-1]).lstrip(".") or "snapshot.html"
    return f"{FOLDER}/{safe}/{name}"


def items_of(export: Path) -> tuple[Path, list[Item]]:
    """The export file (given, or the one .rdf/.bib/.json in a folder) and its items."""
    if export.is_dir():
        found = sorted(p for p in export.iterdir() if p.suffix.lower() in READERS and p.is_file())
        if len(found) != 1:
            raise SeedError(
                str(export),
                f"holds {len(found)} .rdf, .bib or .json files",
                "name the export file itself (Zotero RDF or BibTeX exported with its files, or CSL JSON)",
            )
        export = found[0]
    if not export.is_file():
        raise SeedError(str(export), "does not exist", "name the .rdf, .bib or .json file Zotero exported")
    reader = READERS.get(export.suffix.lower())
    if reader is None:
        raise SeedError(
            str(export),
            "is neither Zotero RDF (.rdf), BibTeX (.bib) nor CSL JSON (.json)",
            "export the collection in one of them",
        )
    return export, reader(export)


#: The export's suffix → its reader.
READERS = {".rdf": read_rdf, ".bib": read_bibtex, ".json": read_csl_json}


def _dump(values: dict[str, Any]) -> bytes:
    header = "# Written by 'seedarchive import zotero' from the researcher's Zotero item.\n"
    return (header + yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10_000)).encode("utf-8")


def plan(items: list[Item]) -> Iterator[tuple[Item, Attachment | None, str]]:
    """Each item with its snapshot (None: none to import) and why not, where not."""
    for item in items:
        snapshots = [a for a in item.attachments if a.is_snapshot and a.path]
        others = [a for a in item.attachments if not a.is_snapshot]
        label = f"{item.key} ({item.title or 'untitled'})"
        for other in others:
            pdf = "pdf" in other.mime.lower() or other.path.lower().endswith(".pdf")
            kind = "a PDF" if pdf else (other.mime or "a file of another kind")
            what = other.title or other.path
            yield item, None, f"{label}: attachment {what!r} is {kind}, which the archive does not read"
        if item.notes:
            yield item, None, f"{label}: {item.notes} note(s) not imported (notes are not articles)"
        if not snapshots:
            if not others:
                yield item, None, f"{label}: no snapshot was exported with this item"
            continue
        yield item, snapshots[0], ""
        for extra in snapshots[1:]:
            yield item, None, f"{label}: a further snapshot {extra.path!r} not imported (one article per item)"


def run(export: Path, seeds: Path, *, dry_run: bool = False) -> Summary:
    """Import ``export`` into ``seeds``; see the module's description."""
    export_file, items = items_of(export)
    base = export_file.parent
    summary = Summary()
    claimed: dict[str, str] = {}
    for item, snapshot, why in plan(items):
        if snapshot is None:
            summary.skipped.append(why)
            continue
        name = seed_name(item, snapshot)
        label = f"{item.key} ({item.title or 'untitled'})"
        source = base / snapshot.path
        if not source.is_file():
            summary.refused.append(
                f"{label}: its snapshot {snapshot.path} is not in the export. Fix: export again with 'Export Files'"
            )
            continue
        if name in claimed:
            summary.refused.append(
                f"{label}: seeds/{name} is also the snapshot of {claimed[name]}. Fix: rename one in Zotero"
            )
            continue
        claimed[name] = label
        values, notes = sidecar_values(item)
        summary.skipped += [f"{label}: {note}" for note in notes]
        target = seeds / name
        car = target.with_name(target.name + SIDECAR_SUFFIX)
        data, wanted = source.read_bytes(), _dump(values)
        if car.exists() and car.read_bytes() != wanted:
            summary.refused.append(
                f"{label}: seeds/{name}{SIDECAR_SUFFIX} differs from what Zotero says (it may hold your "
                "corrections). Fix: keep it, or remove it and import again"
            )
            continue
        if target.exists() and not car.exists() and target.read_bytes() != data:
            summary.refused.append(
                f"{label}: seeds/{name} is already there, with other bytes and no sidecar, so no import wrote it. "
                "Fix: move that file elsewhere in seeds/, or rename the snapshot in the export"
            )
            continue
        if target.exists() and car.exists():
            if target.read_bytes() == data:
                summary.unchanged.append(name)
                continue
            summary.replaced.append(name)
        else:
            summary.added.append(name)
        if not dry_run:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            car.write_bytes(wanted)
    return summary
