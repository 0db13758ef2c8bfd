"""Data exports written into the built site at ``build-finished``.

At the site root: ``catalog.csv`` (the same records as ``catalog.json``), ``archive.bib``,
``archive.ris``, ``archive.csl.json``, ``corpus.jsonl`` (one article a line: text and
provenance, from ``archive/records/<id>/r<N>.json``) and ``atom.xml`` (the most recently
added articles, by ingestion time). Beside each article page ``<id>.html``: ``<id>.bib``,
``<id>.ris``, ``<id>.csl.json`` and ``<id>.prov.jsonld`` (PROV-O).

Everything is sorted and contains no build time, so two builds give the same bytes; a file
whose bytes did not change is not rewritten.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple
from xml.etree import ElementTree as ET

from sphinx.application import Sphinx
from sphinx.util import logging

from seedarchive import jsontext, names
from seedarchive.archive import cache as cache_file
from seedarchive.archive import layout, writer
from seedarchive.archive import records as record_store
from seedarchive.cite import crosswalk
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext import spread
from seedarchive.sphinxext.content import citations
from seedarchive.sphinxext.content.cite import archive_name, permanent_url
from seedarchive.sphinxext.listing import Listing
from seedarchive.sphinxext.pagedata import articles, digest

logger = logging.getLogger(__name__)
FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
CSV_FIELDS = [
    "identifier",
    "url",
    "headline",
    "subtitle",
    "authors",
    "publisher",
    "published",
    "source_url",
    "language",
    "rights",
    "status",
    "revision",
    "revisions",
    "sha256",
    "size",
    "encoding",
    "seed",
    "seeds",
    "first_ingested_at",
    "recorded_at",
    "converter_version",
]


def write_if_changed(path: Path, text: str | bytes) -> bool:
    """An output file of the build through the archive's one writer (atomic, only when its bytes
    change), not synced: the build makes it again. True if written."""
    return writer.write_if_changed(path, text, durable=False)


#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): a cell of
#: catalog.csv that starts with one of these gets a leading ``'``.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A catalogue value as a cell of ``catalog.csv``: lists joined with ``; ``, None empty,
    and text that a spreadsheet would run as a formula (``=HYPERLINK(…)``, ``@SUM(…)``,
    ``-2+3``) prefixed with ``'``, as OWASP's CSV-injection guidance advises, so that it
    shows as text (issue 26). ``catalog.json`` keeps every value exactly; the CSV is quoted
    by the csv module where a cell holds a comma, a quote or a line break."""
    text = "; ".join(value) if isinstance(value, list) else ("" if value is None else value)
    if isinstance(text, str) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def catalog_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({key: csv_cell(value) for key, value in record.items()})
    return out.getvalue()


def corpus_line(data: ArticlePage, url: str, srcdir: Path, *, docname: str = "") -> str | None:
    """One JSON Lines record: the text of the latest revision and its provenance; None, with a
    warning naming the record, when the record cannot be read."""
    try:
        record = record_store.read(srcdir / layout.ARCHIVE, data["identifier"], data["revision"])
    except (OSError, ValueError) as error:
        logger.warning(
            f"cannot read {layout.revision_record_shown(data['identifier'], data['revision'])} ({error}): "
            "the article is left out of "
            "corpus.jsonl. Fix: restore archive/records from git, or run `seedarchive convert`",
            location=docname or None,
            type="seedarchive",
            subtype="corpus",
        )
        return None
    article = record["article"]
    line = {
        "identifier": data["identifier"],
        "revision": data["revision"],
        "url": url,
        "headline": article.get("headline"),
        "subtitle": article.get("subtitle"),
        "authors": article.get("authors") or [],
        # each as family + given or one literal name, with where that came from (issue 17)
        "creators": [name.to_dict() for name in names.of_page(data)],
        "publisher": article.get("publisher"),
        "published": article.get("published"),
        "source_url": article.get("url"),
        "source_accessed": article.get("accessed"),
        "language": article.get("language"),
        "rights": article.get("rights"),
        "paragraphs": article.get("paragraphs") or [],
        "text": "\n\n".join(article.get("paragraphs") or []),
        "provenance": record["provenance"],
        "record": layout.revision_record_shown(data["identifier"], data["revision"]),
    }
    return json.dumps(line, ensure_ascii=False, sort_keys=True)


def atom(found: dict[str, ArticlePage], config: Any) -> str:
    """An Atom feed of the most recently added articles (by first ingestion time)."""
    base = layout.site_base(config.html_baseurl)
    recent = sorted(
        found.items(), key=lambda kv: (str(kv[1].get("first_ingested_at")), kv[1]["identifier"]), reverse=True
    )
    recent = recent[:FEED_SIZE]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}id").text = f"{base}atom.xml"
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{archive_name(config)}: recently added"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{base}atom.xml")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base)
    updated = max((str(d["provenance"]["ingested_at"]) for _, d in recent), default="1970-01-01T00:00:00Z")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = config.seedarchive_keeper or archive_name(config)
    if config.seedarchive_licence_metadata:  # archive.toml's licence_metadata
        ET.SubElement(feed, f"{{{ATOM}}}rights").text = config.seedarchive_licence_metadata
    for docname, data in recent:
        item = crosswalk.atom_entry(data, permanent_url(config, docname))
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = item.id
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=item.id)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = item.published
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = item.updated
        for name in item.authors:
            who = ET.SubElement(entry, f"{{{ATOM}}}author")
            ET.SubElement(who, f"{{{ATOM}}}name").text = name
        if item.summary:
            ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


#: Per-article exports of the last build, in the doctree folder: docname → (key, texts), and
#: which article each line of ``corpus.jsonl`` is (see :func:`_old_corpus`).
CACHE = "seedarchive-exports.pickle"
#: 2: BibTeX braces escaped anew (issue 26); 3: a capture's PROV seed entity is its file (issue 25);
#: 4: each article's parts of the site-wide files kept as text, the corpus lines in corpus.jsonl
#: itself, the key a digest (issue 29)
CACHE_FORMAT = "seedarchive exports 4"
SUFFIXES = (".bib", ".ris", ".csl.json", ".prov.jsonld")
SITE_WIDE = ("catalog.csv", "archive.bib", "archive.ris", "archive.csl.json", "corpus.jsonl", "atom.xml")
#: The place in an article's texts (see :func:`_article_exports`) of its line of ``corpus.jsonl``.
CORPUS = 5


def _load_cache(path: Path) -> dict[str, Any]:
    """The cache is a pickle, beside Sphinx's own (``environment.pickle``, the doctrees),
    which Sphinx loads from the same folder: it trusts that folder as much as they do.
    (JSON took 0.7 s to load at 1,000 articles, a tenth of an edit build.)"""
    return cache_file.read(path, CACHE_FORMAT, codec="pickle") or {}


class OldCorpus(NamedTuple):
    """``corpus.jsonl`` as the last build wrote it: its bytes, their SHA-256, and where each
    article's line is in them (docname → start and end, the line break included)."""

    data: bytes
    sha256: str
    lines: dict[str, tuple[int, int]]


def _old_corpus(path: Path, stored: Any) -> OldCorpus | None:
    """``corpus.jsonl`` as the last build wrote it, or None if the file is no longer what that
    build wrote (its SHA-256, kept in the cache, says so). The lines, the bulk of the exports
    (the articles' whole texts), are kept there rather than a second time in the cache: loading
    and writing them twice over was most of a one-article rebuild's exports. Found, not split:
    the new file is joined from runs of the old one's bytes (a copy of each line of a 100 MB
    file, and the join of 10,000 of them, were a fifth of a second at 10,000 articles)."""
    if not isinstance(stored, dict) or not isinstance(stored.get("order"), list):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != stored.get("sha256"):
        return None
    order: list[str] = stored["order"]
    lines: dict[str, tuple[int, int]] = {}
    start = 0
    for docname in order:  # a JSON text holds no raw line break: the Nth ends the Nth line
        end = data.find(b"\n", start) + 1
        if end == 0:
            return None
        lines[docname] = (start, end)
        start = end
    if start != len(data):
        return None
    return OldCorpus(data, sha256, lines)


def _joined(parts: list[bytes | tuple[int, int]], old: bytes) -> tuple[list[memoryview | bytes], str, int]:
    """The file made of ``parts`` (new lines, and spans of ``old``, each with its line break):
    its pieces (adjacent spans made one), their SHA-256 and size."""
    pieces: list[memoryview | bytes] = []
    view = memoryview(old)
    run: tuple[int, int] | None = None
    for part in parts:
        if isinstance(part, tuple):
            if run is not None and run[1] == part[0]:
                run = (run[0], part[1])
                continue
            if run is not None:
                pieces.append(view[run[0] : run[1]])
            run = part
        else:
            if run is not None:
                pieces.append(view[run[0] : run[1]])
                run = None
            pieces.append(part)
    if run is not None:
        pieces.append(view[run[0] : run[1]])
    digest = hashlib.sha256()
    for piece in pieces:
        digest.update(piece)
    return pieces, digest.hexdigest(), sum(len(piece) for piece in pieces)


def _article_exports(app: Sphinx, docname: str, data: ArticlePage, url: str, archive: str, suffix: str) -> list[Any]:
    """The article's export texts, all text (a pickle of text loads and dumps at the speed of
    the disk; the CSL item as a mapping took a second a build at 10,000 articles): BibTeX, RIS,
    its identifier and CSL-JSON line of ``archive.csl.json``, its own CSL-JSON file, PROV-O,
    its line of ``corpus.jsonl`` (None without its record) and its row of ``catalog.csv``."""
    item = citations.csl_item(data, url, archive=archive)
    return [
        citations.bibtex(data, url, archive=archive),
        citations.ris(data, url, archive=archive),
        # one item a line, by json's C encoder (indent makes it use the pure-Python one)
        (str(item["id"]), json.dumps(item, ensure_ascii=False, sort_keys=True)),
        citations.csl_json([item]),
        jsontext.dumps(crosswalk.prov(data, url), sort_keys=True) + "\n",
        corpus_line(data, url, Path(app.srcdir), docname=docname),
        catalog_csv([crosswalk.catalog_record(docname, data, suffix)]).partition("\n")[2],
    ]


def write(app: Sphinx, exception: BaseException | None) -> None:
    """Write the exports. Each article's are computed again only when its metadata or the
    site's address changed (a no-op build of 10,000 articles would otherwise render 40,000
    small files and read 10,000 records); the site-wide files are joined from them, each
    article's part of each kept as text, so that one article added costs its own exports and
    the joining, not the encoding of every article again (issue 29)."""
    if exception is not None or app.builder.format != "html":
        return
    out, config = Path(app.outdir), app.config
    suffix = config.html_file_suffix or ".html"
    archive = archive_name(config)
    cache_path = Path(app.doctreedir) / CACHE
    stored = _load_cache(cache_path)
    known = stored.get("articles")
    cache: dict[str, list[Any]] = known if isinstance(known, dict) else {}
    fresh: dict[str, list[Any]] = {}
    found = articles(app.env)
    parts: dict[str, list[Any]] = {}
    reused: list[str] = []  # their corpus lines are in corpus.jsonl
    # folder → its file names: one listing a folder, not a stat a file. Names are strings,
    # not Paths: at 10,000 articles building and hashing 40,000 Paths was a second of a
    # one-article rebuild.
    listing = Listing(out)
    changed = cache.keys() != found.keys()

    def exports_of(part: Sequence[tuple[str, list[str]]]) -> list[list[Any]]:
        """Each article's export texts, its own four files written."""
        made = []
        for docname, key in part:
            texts = _article_exports(app, docname, found[docname], key[1], archive, suffix)
            entry_bib, entry_ris, _item, csl_text, prov_text, _line, _row = texts
            folder, _, stem = docname.rpartition("/")
            for end, text in zip(SUFFIXES, (entry_bib, entry_ris, csl_text, prov_text), strict=True):
                write_if_changed(out / folder / f"{stem}{end}", text)
            made.append(texts)
        return made

    def keep(docname: str, key: list[str], texts: list[Any]) -> None:
        if texts[CORPUS] is not None:  # without its record, the article is tried again next build
            # kept: what the site-wide files are joined from, but the corpus line (see _old_corpus)
            fresh[docname] = [key, [*texts[:3], None, None, None, texts[6]]]
        else:
            fresh.pop(docname, None)
        parts[docname] = texts

    todo: list[tuple[str, list[str]]] = []
    for docname in found:
        url = permanent_url(config, docname)
        key = [digest(app.env, docname), url, archive, suffix]
        folder, _, stem = docname.rpartition("/")
        cached = cache.get(docname)
        if cached is not None and cached[0] == key and listing.has(folder, [stem + end for end in SUFFIXES]):
            fresh[docname] = cached
            reused.append(docname)
        else:
            todo.append((docname, key))
            changed = True
    # with a second process while a core is idle (nothing else runs between reading and writing)
    for (docname, key), texts in zip(todo, spread.each(app, todo, exports_of), strict=True):
        keep(docname, key, texts)
    fresh = {docname: fresh[docname] for docname in found if docname in fresh}  # a serial pass's order
    site_wide = [out / name for name in SITE_WIDE]
    if not changed and all(path.is_file() for path in site_wide):
        return  # no article changed, nor the address: the site-wide files are as they were
    old = _old_corpus(out / "corpus.jsonl", stored.get("corpus")) if reused else None
    spans = old.lines if old is not None else {}
    for docname in reused:
        span = spans.get(docname)
        if span is None:  # corpus.jsonl is not the one the cache was written with: made again
            key = fresh[docname][0]
            keep(docname, key, exports_of([(docname, key)])[0])
        else:
            texts = list(fresh[docname][1])
            texts[CORPUS] = span
            parts[docname] = texts
    bib, ris, items, rows = [], [], [], []
    # (identifier, its line where another article has the same identifier, docname, the line:
    # new bytes or a span of the old file): sorted as (identifier, line, docname) always were
    corpus: list[tuple[str, bytes, str, bytes | tuple[int, int]]] = []
    for docname, data in found.items():
        texts = parts[docname]
        identifier = data["identifier"]
        bib.append((identifier, texts[0]))
        ris.append((identifier, texts[1]))
        items.append(texts[2])
        line = texts[CORPUS]
        if line is not None:
            part = line if isinstance(line, tuple) else line.encode("utf-8") + b"\n"
            corpus.append((identifier, b"", docname, part))
        rows.append((identifier, texts[6]))
    if len({entry[0] for entry in corpus}) < len(corpus):  # ties: broken by the line, as before
        old_data = old.data if old is not None else b""
        corpus = [(i, p[:-1] if isinstance(p, bytes) else old_data[p[0] : p[1] - 1], d, p) for i, _, d, p in corpus]
    corpus.sort(key=lambda entry: entry[:3])
    # the records in the order catalog.records gives them (by identifier; a sort that keeps
    # the pages' order among equal ones)
    rows.sort(key=lambda row: row[0])
    write_if_changed(out / "catalog.csv", catalog_csv([]) + "".join(row for _, row in rows))
    write_if_changed(out / "archive.bib", "\n".join(text for _, text in sorted(bib)))
    write_if_changed(out / "archive.ris", "\n".join(text for _, text in sorted(ris)))
    items.sort(key=lambda item: item[0])
    lines = ",\n".join(line for _, line in items)
    write_if_changed(out / "archive.csl.json", "[\n" + lines + "\n]\n" if items else "[]\n")
    pieces, corpus_sha256, size = _joined([entry[3] for entry in corpus], old.data if old is not None else b"")
    if old is None or corpus_sha256 != old.sha256:  # else: the file holds these bytes already
        write_if_changed(out / "corpus.jsonl", b"".join(pieces))
    del pieces, old
    noted(app, out / "corpus.jsonl", size, corpus_sha256)
    write_if_changed(out / "atom.xml", atom(found, config))
    # last: a build stopped before this point finds the old cache, which its files do not match
    kept_corpus = {"order": [entry[2] for entry in corpus], "sha256": corpus_sha256}
    cache_file.write(cache_path, CACHE_FORMAT, {"articles": fresh, "corpus": kept_corpus}, codec="pickle")


#: The builder's attribute holding the size and SHA-256 of the files of the site this build
#: wrote or hashed, by their status (:func:`noted`, ``downloads.measured``).
MEASURED = "_seedarchive_download_digests"


def noted(app: Sphinx, path: Path, size: int, sha256: str) -> None:
    """Note that ``path`` holds ``size`` bytes of SHA-256 ``sha256`` while its status (size,
    times, inode) stays as it is now: the downloads page and ``datapackage.json`` give them
    without reading the file again (``corpus.jsonl``, hashed here already, is 100 MB at 10,000
    articles; issue 29)."""
    found = path.stat()
    status = (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)
    if found.st_size == size:
        app.builder.__dict__.setdefault(MEASURED, {})[str(path)] = (status, (size, sha256))


def _env_updated(app: Sphinx, env: object) -> None:
    write(app, None)


def setup(app: Sphinx) -> None:
    # Once the pages are read (their metadata is all these files are made of), before any page
    # is written: the downloads page gives their sizes and checksums (:mod:`.downloads`, 900).
    app.connect("env-updated", _env_updated, priority=800)
