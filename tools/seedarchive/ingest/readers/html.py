"""The HTML reader: a saved article page becomes one article.

Two stages, each a function that tests (and the WARC reader) call directly:

- :func:`decode_html` turns the page's bytes into text. Pages lie about their charset, so a
  declaration is believed only when the bytes agree with it::

      byte-order mark                         -> that encoding, always
      only ASCII bytes                        -> "ascii"
      valid UTF-8 (with non-ASCII bytes)      -> "utf-8", whatever the page declares
      declared charset decodes strictly       -> the declared charset
      (HTTP header hint first, then <meta>)
      otherwise                               -> charset-normalizer's best guess

  Text in a legacy encoding is almost never valid UTF-8 by accident, which is why valid
  UTF-8 beats a declaration. Labels are read as browsers read them (WHATWG): ``iso-8859-1``
  and ``us-ascii`` mean windows-1252, and a ``<meta>`` that says UTF-16 means UTF-8.

- :func:`parse_html` extracts the article with trafilatura and maps its result onto
  :class:`~seedarchive.model.Article`, keeping only what the page states: the date only
  from the page's own markup (htmldate's extensive search, which guesses from copyright
  lines and free text, is off), the publisher only when it is not just the URL's host name,
  the URL only when it is http(s). Body paragraphs keep trafilatura's structure: one per
  paragraph, heading, list item, quotation paragraph or table row.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import trafilatura

# lxml ships no type stubs and pyproject.toml's mypy overrides do not list it (yet).
from lxml.html import HtmlElement
from trafilatura.settings import Document

from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract
from seedarchive.ingest.seeds import SeedFile
from seedarchive.model import LANGUAGE_RE, Article, ModelError, check_url, count_words, one_line

READER = f"html (trafilatura {trafilatura.__version__})"
SNIFF_BYTES = 4096
# Fewer body words than this is a login wall, a link list or an error page, not an article
# (the shortest news brief in the test pages has about 70).
MIN_WORDS = 30
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# WHATWG Encoding Standard: these labels are windows-1252 in every browser.
_WINDOWS_1252_LABELS = frozenset({"latin-1", "iso8859-1", "ascii"})
_BOMS = (  # mark, codec of the bytes after it, name recorded
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)
NO_ARTICLE_FIX = (
    "save the article's own page (not a front page, search page or login wall), or copy its text into a .txt seed"
)


@dataclass(frozen=True, slots=True)
class Page:
    """What :func:`parse_html` found: the article and the encoding its bytes were read in."""

    article: Article
    encoding: str


def _codec(label: str | None, *, from_meta: bool) -> str | None:
    """The Python codec name for a charset label, as a browser would read it; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    if from_meta and name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a page that could carry an ASCII <meta> is not UTF-16
    return name


def declared_charset(data: bytes) -> str | None:
    """The charset a page's ``<meta>`` declares in its first bytes, as a codec name."""
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    return _codec(match[1].decode("ascii", "replace"), from_meta=True) if match else None


def decode_html(data: bytes, display: str, declared_charset_hint: str | None = None) -> tuple[str, str]:
    """Decode a page; return ``(text, encoding actually used)``. See the module docstring."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), name
            except UnicodeDecodeError as error:
                raise SeedError(
                    display,
                    f"starts with a {name} byte-order mark but byte {error.start + len(bom)} is not {codec}",
                    "re-save the page in one encoding, preferably UTF-8",
                ) from error
    if data.isascii():
        return data.decode("ascii"), "ascii"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = (_codec(declared_charset_hint, from_meta=False), declared_charset(data))
    for name in dict.fromkeys(c for c in candidates if c and c != "utf-8"):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise SeedError(
            display,
            "is not text in any encoding that could be detected",
            "re-save the page as UTF-8 from the browser, or remove it if it is not a web page",
        )
    text, name = str(best), _codec(best.encoding, from_meta=False) or best.encoding
    # Western single-byte code pages often decode a page to the same text; name the one a
    # browser would have used then (cp1250 and cp1252 agree on curly quotes and é, say).
    if name != "cp1252" and data.decode("cp1252", "replace") == text:
        name = "cp1252"
    return text, name


def _inline_text(element: HtmlElement) -> str:
    """An element's text with line breaks (``<lb/>``) read as spaces."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "lb" else _inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def paragraphs_of(body: HtmlElement) -> tuple[str, ...]:
    """Body paragraphs from trafilatura's output tree, one per block."""
    found: list[str] = []

    def visit(block: HtmlElement) -> None:
        if block.tag == "list":
            for item in block.iterfind("item"):
                visit(item)
        elif block.tag == "table":
            for row in block.iter("row"):
                cells = (one_line(_inline_text(cell)) for cell in row.iterfind("cell"))
                found.append(" | ".join(c for c in cells if c))
        elif block.tag == "quote" and len(block) and all(c.tag in ("p", "list") for c in block):
            for child in block:
                visit(child)
        else:
            found.append(one_line(_inline_text(block)))

    for block in body:
        visit(block)
    return tuple(p for p in found if p)


def _language(tree: HtmlElement) -> str | None:
    """The language the page declares: ``<html lang>``, Content-Language or og:locale."""
    values = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath("//meta[translate(@http-equiv,'CONTENT-LANGUAGE','content-language')='content-language']/@content"),
        *tree.xpath("//meta[@property='og:locale']/@content"),
    ]
    for value in values:
        tag = str(value or "").split(",")[0].strip().replace("_", "-")
        if tag and LANGUAGE_RE.match(tag):
            primary, _, rest = tag.partition("-")
            return primary.lower() + ("-" + rest if rest else "")
    return None


def http_url(value: str | None, base_url: str | None = None) -> str | None:
    """``value`` (resolved against ``base_url``) if it is an absolute http(s) URL, else None."""
    if not value:
        return None
    url = urljoin(base_url, value.strip()) if base_url else value.strip()
    try:
        return check_url(url)
    except ModelError:
        return None


def _publisher(sitename: str | None, url: str | None) -> str | None:
    """trafilatura falls back to the URL's host name for the site name: that is not stated."""
    if not sitename or not one_line(sitename):
        return None
    host = (urlsplit(url).hostname or "") if url else ""
    if host and sitename.lower() in (host, host.removeprefix("www.")):
        return None
    return one_line(sitename)


def parse_html(
    data: bytes,
    display: str,
    declared_charset_hint: str | None = None,
    *,
    base_url: str | None = None,
    not_after: str | None = None,
) -> Page:
    """Decode and extract one page; raise :class:`SeedError` when it holds no article.

    ``declared_charset_hint`` is the charset of an HTTP ``Content-Type`` header (a WARC
    response), ``base_url`` resolves a relative canonical link, and ``not_after``
    (``YYYY-MM-DD``, a capture date) bounds the publication date htmldate may find.
    """
    text, encoding = decode_html(data, display, declared_charset_hint)
    text = _XML_DECLARATION.sub("", text, count=1)
    tree = trafilatura.load_html(text) if text.strip() else None
    if tree is None:
        raise SeedError(display, "is not an HTML page (no HTML could be parsed)", NO_ARTICLE_FIX)
    date_params: dict[str, Any] = {
        "original_date": True,
        "extensive_search": False,
        "max_date": not_after or datetime.now(UTC).strftime("%Y-%m-%d"),
    }
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        date_extraction_params=date_params,
    )
    if not isinstance(document, Document):  # None: trafilatura found no text at all
        document = Document()
    return Page(article_from(document, tree, display, base_url), encoding)


def article_from(document: Document, tree: HtmlElement, display: str, base_url: str | None) -> Article:
    """Map trafilatura's result onto an :class:`Article`, keeping only what the page states."""
    paragraphs = paragraphs_of(document.body) if document.body is not None else ()
    headline = one_line(document.title or "")
    words = sum(count_words(p) for p in paragraphs)
    if not headline or words < MIN_WORDS:
        missing = (
            f"no article text (only {words} words, fewer than {MIN_WORDS})"
            if words < MIN_WORDS
            else "no headline (no <title> or <h1>)"
        )
        raise SeedError(display, f"holds no article: the extractor found {missing}", NO_ARTICLE_FIX)
    if paragraphs[0] == headline:
        paragraphs = paragraphs[1:] or paragraphs
    # trafilatura drops a relative canonical link that it cannot resolve; a capture's URL can.
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    url = http_url(document.url, base_url) or http_url(str(canonical[0]) if canonical else None, base_url)
    names = (one_line(name) for name in (document.author or "").split(";"))
    rights = one_line(document.license or "")
    try:
        return Article(
            headline=headline,
            paragraphs=paragraphs,
            authors=tuple(dict.fromkeys(name for name in names if name)),
            publisher=_publisher(document.sitename, url or base_url),
            published=document.date if document.date and _DATE.match(document.date) else None,
            url=url,
            language=_language(tree),
            rights=rights or None,
        )
    except ModelError as error:
        raise SeedError(display, f"gave an article the archive cannot hold: {error}", NO_ARTICLE_FIX) from error


def read(seed: SeedFile) -> Iterator[Extract | SeedError]:
    data = seed.read_bytes()
    page = parse_html(data, seed.display)
    yield Extract(
        article=page.article,
        encoding=page.encoding,
        reader=READER,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
