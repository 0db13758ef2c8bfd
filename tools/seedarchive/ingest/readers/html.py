"""The HTML reader: a saved article page becomes one article.

Two stages, each a function that tests (and the WARC reader) call directly:

- :func:`decode_html` turns the page's bytes into text, with the text reader's policy
  (:func:`seedarchive.ingest.seeds.decode_text`): a declaration is believed only when the
  bytes decode cleanly in it and read plausibly (charset-normalizer's "chaos" for it is
  within :data:`DECLARED_MARGIN` of the best reading)::

      byte-order mark                         -> that encoding, always
      NUL bytes                               -> refused: binary, not a page
      only ASCII bytes                        -> "ascii"
      valid UTF-8 (with non-ASCII bytes)      -> "utf-8", whatever the page declares
      declared charset, clean and plausible   -> the declared charset
      (HTTP header hint first, then <meta>)
      otherwise                               -> charset-normalizer, preferring cp1252,
                                                 latin-1, iso8859-15 among equals

  Labels are read as browsers read them (WHATWG): ``iso-8859-1`` and ``us-ascii`` mean
  windows-1252, and a ``<meta>`` that says UTF-16 means UTF-8. A control character outside
  scripts, styles, comments and tags (their attributes included: text a reader sees) is
  refused with the text reader's message.

- :func:`parse_html` refuses a page over :data:`MAX_PAGE` bytes or nested deeper than the
  HTML parser reads (:data:`MAX_DEPTH`), extracts the article with trafilatura and maps its
  result onto :class:`~seedarchive.model.Article`, keeping only what the page states: the
  authors (:mod:`.html_authors`) and the publication date (:mod:`.html_dates`) only from
  the places named there, each source recorded in :attr:`Page.capture`; the publisher only
  when it is not just the URL's host name; the URL only when it is http(s). Every word
  trafilatura extracted is kept (:mod:`.html_text`).
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import trafilatura

# lxml ships no type stubs: pyproject.toml's mypy overrides let its names be Any.
from lxml.html import HtmlElement
from trafilatura.settings import Document

from seedarchive import clock
from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract
from seedarchive.ingest.readers.html_authors import authors as find_authors
from seedarchive.ingest.readers.html_authors import clean_names
from seedarchive.ingest.readers.html_dates import published as find_published
from seedarchive.ingest.readers.html_meta import (
    JsonLd,
    main_jsonld,
    main_region,
    marks_itself_an_article,
    meta_values,
    page_title,
)
from seedarchive.ingest.readers.html_text import paragraphs_of
from seedarchive.ingest.seeds import PREFERRED, TIE_MARGIN, SeedFile
from seedarchive.model import LANGUAGE_RE, Article, ModelError, check_url, count_words, one_line

__all__ = [
    "READER",
    "NoArticleError",
    "Page",
    "declared_charset",
    "decode_html",
    "http_url",
    "paragraphs_of",
    "parse_html",
    "read",
]

READER = f"html (trafilatura {trafilatura.__version__})"
SNIFF_BYTES = 4096
# Fewer body words than this is a login wall, a link list or an error page, not an article
# (the shortest news brief in the test pages has about 70).
MIN_WORDS = 30
#: Bytes of one page, as the WARC reader allows: larger is not an article page (a 54 MB page
#: took trafilatura 4 minutes and 1.5 GB).
MAX_PAGE = 32 << 20
#: How much more chaos than the best reading a declared charset may show and still be believed:
#: less than charset-normalizer's tie margin, since a wrong single-byte code page often reads
#: Western text with only a little more (cp775 for Latin-1 French: 0.02).
DECLARED_MARGIN = 0.01
#: libxml2's HTML parser stops at this nesting depth and drops whatever lies deeper.
MAX_DEPTH = 256
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
#: What separates a headline from the site's name in ``<title>``: " | ", " - ", " – ", " — ", " · ".
_TITLE_PARTS = re.compile(r"\s+[|\-–—·•]\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: Every control character (category Cc) but tab, LF, VT, FF and CR, as the text reader.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: What a reader never sees as text: scripts, styles, comments, and tags with their attributes
#: (an SVG ``id="\x81..."`` on a real news page); quoted attribute values may hold ">".
_CODE = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[A-Za-z/!?](?:\"[^\"]*\"|'[^']*'|[^'\">])*>",
    re.IGNORECASE | re.DOTALL,
)
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
SMALLER_FIX = (
    "save only the article's page (the browser's 'Web Page, HTML only', without embedded images or data), "
    "or copy its text into a .txt seed"
)


class NoArticleError(SeedError):
    """A page that parsed but holds no article (a front page, a login wall): a crawl holds many,
    and the WARC reader may skip these quietly. Every other :class:`SeedError` is damage."""


@dataclass(frozen=True, slots=True)
class Page:
    """What :func:`parse_html` found: the article, the encoding its bytes were read in, and
    where its stated facts came from (``authors_from``, ``published_from``: a source label;
    ``published_unread``: a stated date that could not be used, when none was);
    ``marked_article``: the page states that it is one article (see
    :func:`~.html_meta.marks_itself_an_article`)."""

    article: Article
    encoding: str
    capture: dict[str, str] = field(default_factory=dict)
    marked_article: bool = False


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


def _plausible(data: bytes, name: str, least: float | None) -> bool:
    """True if charset-normalizer reads ``data`` in ``name`` as well as in its best guess."""
    try:
        match = charset_normalizer.from_bytes(data, cp_isolation=[name], preemptive_behaviour=False).best()
    except (LookupError, ValueError):  # a codec charset-normalizer does not know
        return least is None
    return match is not None and (least is None or match.chaos <= least + DECLARED_MARGIN)


def _guess(data: bytes, matches: list[charset_normalizer.models.CharsetMatch], display: str) -> tuple[str, str]:
    """charset-normalizer's reading, a preferred Western encoding winning among equals."""
    if not matches:
        raise SeedError(
            display,
            "is not text in any encoding that could be detected",
            "re-save the page as UTF-8 from the browser, or remove it if it is not a web page",
        )
    least = min(m.chaos for m in matches)
    close = {m.encoding: m for m in matches if m.chaos <= least + TIE_MARGIN}
    best = next((close[name] for name in PREFERRED if name in close), matches[0])
    text, name = str(best), _codec(best.encoding, from_meta=False) or best.encoding
    # Western single-byte code pages often decode a page to the same text; name the one a
    # browser would have used then (cp1250 and cp1252 agree on curly quotes and é, say).
    if name != "cp1252" and data.decode("cp1252", "replace") == text:
        name = "cp1252"
    return text, name


def decode_html(data: bytes, display: str, declared_charset_hint: str | None = None) -> tuple[str, str]:
    """Decode a page; return ``(text, encoding actually used)``. See the module docstring."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _no_controls(data[len(bom) :].decode(codec), name, display), name
            except UnicodeDecodeError as error:
                raise SeedError(
                    display,
                    f"starts with a {name} byte-order mark but byte {error.start + len(bom)} is not {codec}",
                    "re-save the page in one encoding, preferably UTF-8",
                ) from error
    if b"\x00" in data:
        raise SeedError(
            display,
            "is binary, not text (it contains NUL bytes)",
            "save the article's page from the browser as HTML, or remove it from seeds/",
        )
    if data.isascii():
        return _no_controls(data.decode("ascii"), "ascii", display), "ascii"
    try:
        return _no_controls(data.decode("utf-8"), "utf-8", display), "utf-8"
    except UnicodeDecodeError:
        pass
    # not preemptive: charset-normalizer would otherwise believe the page's own declaration
    matches = list(charset_normalizer.from_bytes(data, preemptive_behaviour=False))
    least = min((m.chaos for m in matches), default=None)
    candidates = (_codec(declared_charset_hint, from_meta=False), declared_charset(data))
    for name in dict.fromkeys(c for c in candidates if c and c != "utf-8"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _plausible(data, name, least):
            return _no_controls(text, name, display), name
    text, name = _guess(data, matches, display)
    return _no_controls(text, name, display), name


def _no_controls(text: str, encoding: str, display: str) -> str:
    """``text``, or the text reader's error for its first control character outside code."""
    if not _CONTROL.search(text):
        return text
    code = [(m.start(), m.end()) for m in _CODE.finditer(text)]
    for found in _CONTROL.finditer(text):
        at = found.start()
        if any(start <= at < end for start, end in code):
            continue
        raise SeedError(
            display,
            f"contains the control character U+{ord(found[0]):04X}, which text never holds "
            f"(read as {encoding}; binary data or a wrongly detected encoding)",
            "remove the character, or re-save the file as UTF-8",
            line=text.count("\n", 0, at) + 1,
        )
    return text


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


def _site_name(tree: HtmlElement, article: dict[str, object] | None) -> str | None:
    """The site's own name, which is never an author: og:site_name or the JSON-LD publisher."""
    publisher = article.get("publisher") if article else None
    if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
        return one_line(publisher["name"])
    names = meta_values(tree, "og:site_name", "application-name")
    return one_line(names[0]) if names else None


def _load(text: str, display: str) -> HtmlElement:
    tree = trafilatura.load_html(text) if text.strip() else None
    if tree is None:
        raise NoArticleError(display, "is not an HTML page (no HTML could be parsed)", NO_ARTICLE_FIX)
    if tree.xpath("/*" * MAX_DEPTH):
        raise SeedError(
            display,
            f"nests its tags {MAX_DEPTH} levels deep or more, deeper than the HTML parser reads "
            "(the text inside them would be lost)",
            "re-save the article's page from the browser, or copy its text into a .txt seed",
        )
    return tree


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
    (``YYYY-MM-DD``, a capture date; when None, today or ``SOURCE_DATE_EPOCH``'s day) bounds the publication date.
    """
    if len(data) > MAX_PAGE:
        raise SeedError(display, f"is larger than {MAX_PAGE >> 20} MiB ({len(data):,} bytes)", SMALLER_FIX)
    text, encoding = decode_html(data, display, declared_charset_hint)
    tree = _load(_XML_DECLARATION.sub("", text, count=1), display)
    # What the page states about itself: its JSON-LD article object, its main region, its site.
    ld = JsonLd(tree)
    article_ld = main_jsonld(ld, page_title(tree))
    region = main_region(tree)
    marked = marks_itself_an_article(tree, article_ld)
    site = _site_name(tree, article_ld)
    names, names_from = find_authors(tree, ld, article_ld, region, site)
    bound = not_after or clock.today()  # SOURCE_DATE_EPOCH when set, as the ingestion time
    date, date_from, date_unread = find_published(tree, article_ld, region, bound)
    # htmldate runs inside trafilatura whatever the options; its date is never used (see html_dates).
    document = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(document, Document):  # None: trafilatura found no text at all
        document = Document()
    capture = {"authors_from": names_from, "published_from": date_from, "published_unread": date_unread}
    article = article_from(document, tree, display, base_url, names=names, published=date)
    return Page(article, encoding, {key: value for key, value in capture.items() if value}, marked)


def _without_byline(paragraphs: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a byline line ("By Jane Roe · 3 May 2019") among the first paragraphs."""
    wanted = {name.casefold() for name in names}
    for at, paragraph in enumerate(paragraphs[:3]):
        if len(paragraph.split()) > 20 or len(paragraphs) < 2:
            continue
        found = {n.casefold() for n in clean_names(paragraph, strict=True)}
        if found and found <= wanted and re.match(r"(?i)(?:by|von|por|par|door|autor\w*:?)\s", paragraph):
            return paragraphs[:at] + paragraphs[at + 1 :]
    return paragraphs


def _not_the_logo(headline: str, tree: HtmlElement) -> str:
    """The headline, or ``<title>``'s other part when the extractor took the site's logo.

    A page whose only ``<h1>`` is its logo ("한빛일보") and whose ``<title>`` is
    "시내버스 노선 개편안 다음 달 시행 | 한빛일보" gives the logo as headline: when the headline
    is the first or last part of ``<title>`` and another part is longer, that part is the
    headline (issue 28)."""
    title = tree.find(".//head/title")
    parts = [one_line(p) for p in _TITLE_PARTS.split(title.text_content())] if title is not None else []
    parts = [p for p in parts if p]
    if len(parts) < 2 or headline.casefold() not in (parts[0].casefold(), parts[-1].casefold()):
        return headline
    others = parts[1:] if headline.casefold() == parts[0].casefold() else parts[:-1]
    longest = max(others, key=len)
    return longest if len(longest) > len(headline) else headline


def article_from(
    document: Document,
    tree: HtmlElement,
    display: str,
    base_url: str | None,
    *,
    names: tuple[str, ...] = (),
    published: str | None = None,
) -> Article:
    """Map trafilatura's result onto an :class:`Article`, keeping only what the page states."""
    paragraphs = paragraphs_of(document.body) if document.body is not None else ()
    headline = _not_the_logo(one_line(document.title or ""), tree)
    words = sum(count_words(p) for p in paragraphs)
    if not headline or words < MIN_WORDS:
        missing = (
            f"no article text (only {words} words, fewer than {MIN_WORDS})"
            if words < MIN_WORDS
            else "no headline (no <title> or <h1>)"
        )
        raise NoArticleError(display, f"holds no article: the extractor found {missing}", NO_ARTICLE_FIX)
    # The headline repeated at the top of the body, perhaps after a menu that a layout table
    # kept (links of a few words each, which are dropped with it).
    at = next((i for i, p in enumerate(paragraphs[:5]) if p == headline), None)
    if at is not None and len(paragraphs) > at + 1:
        menu = all(len(p.split()) <= 3 for p in paragraphs[:at])
        paragraphs = (() if menu else paragraphs[:at]) + paragraphs[at + 1 :]
    paragraphs = _without_byline(paragraphs, names) if names else paragraphs
    # trafilatura drops a relative canonical link that it cannot resolve; a capture's URL can.
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    url = http_url(document.url, base_url) or http_url(str(canonical[0]) if canonical else None, base_url)
    rights = one_line(document.license or "")
    try:
        return Article(
            headline=headline,
            paragraphs=paragraphs,
            authors=names,
            publisher=_publisher(document.sitename, url or base_url),
            published=published,
            url=url,
            language=_language(tree),
            rights=rights or None,
        )
    except ModelError as error:
        raise SeedError(display, f"gave an article the archive cannot hold: {error}", NO_ARTICLE_FIX) from error


def read(seed: SeedFile) -> Iterator[Extract | SeedError]:
    """One article from one saved page; pages over :data:`MAX_PAGE` are refused unread."""
    try:
        size = seed.path.stat().st_size
    except OSError:
        size = 0  # read_bytes names the problem
    if size > MAX_PAGE:
        raise SeedError(seed.display, f"is larger than {MAX_PAGE >> 20} MiB ({size:,} bytes)", SMALLER_FIX)
    data = seed.read_bytes()
    page = parse_html(data, seed.display)
    yield Extract(
        article=page.article,
        encoding=page.encoding,
        reader=READER,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        capture=dict(page.capture),
    )
