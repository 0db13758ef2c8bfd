"""What a page says about itself: its JSON-LD article, its ``<meta>`` tags, its main region.

Shared by :mod:`html_authors` and :mod:`html_dates`, which take a name or a date only from
places the page states it for *this* article:

- :func:`main_jsonld` is the page's own article object among its JSON-LD: top-level objects,
  arrays and ``@graph`` members, or the ``mainEntity`` of a top-level ``WebPage``. Objects
  nested in lists (``ItemList``, ``hasPart``, related articles) are never taken. With several
  article objects, the one whose headline is the page's title wins, else the first.
- :func:`marks_itself_an_article`: the page says it is one article (JSON-LD, ``og:type``,
  ``article:published_time``); the WARC reader asks it of a site's home page.
- :func:`meta_values` reads ``<meta name|property|itemprop=...>`` case-insensitively.
- :func:`main_region` is the element that holds the article (``<article>`` with the headline,
  else ``<main>``, else ``<body>``); :func:`in_aside` says whether an element sits in a
  sidebar, navigation, footer or a related-articles box inside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement

from seedarchive.model import one_line

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "scholarlyarticle",
        "techarticle",
        "report",
        "liveblogposting",
        "socialmediaposting",
        "satiricalarticle",
    }
)
PAGE_TYPES = frozenset({"webpage", "itempage", "collectionpage"})
_ASIDE = re.compile(
    r"related|sidebar|side-bar|recommend|teaser|promo|more-(?:stories|news|articles)|also-read|read-more|"
    r"trending|most-(?:read|popular)|popular|comment|newsletter|widget|rail|outbrain|taboola",
    re.IGNORECASE,
)
_ASIDE_TAGS = frozenset({"aside", "nav", "footer", "form"})
_ASIDE_ROLES = frozenset({"complementary", "navigation", "contentinfo", "banner"})
_LAYOUT_TAGS = frozenset({"html", "body", "main"})
_MODIFIER = re.compile(r"^(?:has|with|no|without|is)[-_]", re.IGNORECASE)
_JSON_WRAPPERS = re.compile(r"^\s*(?:<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)|(?:-->|/\*\s*\]\]>\s*\*/|\]\]>)\s*$")


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", ())
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


#: How deep a JSON-LD block's arrays and objects may nest (schema.org data needs a few levels;
#: 5,000 levels in a 10 KB block ended whole runs with a RecursionError).
MAX_JSON_DEPTH = 64


def _load_json(text: str) -> Any:
    """A JSON-LD block's data; None when it is not JSON (after removing comment wrappers) or
    nests deeper than :data:`MAX_JSON_DEPTH`: such a block is skipped as invalid ones are,
    and the page is read from its HTML."""
    if _depth_over(text, MAX_JSON_DEPTH):
        return None
    for candidate in (text, _JSON_WRAPPERS.sub("", text)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    return None


def _depth_over(text: str, limit: int) -> bool:
    """True if brackets outside strings nest deeper than ``limit`` (checked before parsing,
    which recurses once per level)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > limit:
            return True
    return False


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def _top_level(data: Any) -> Iterator[dict[str, Any]]:
    """Objects at the top of one JSON-LD block: the root, root arrays and ``@graph`` members."""
    if isinstance(data, list):
        for item in data:
            yield from _top_level(item)
    elif isinstance(data, dict):
        if isinstance(data.get("@graph"), list):
            yield from _top_level(data["@graph"])
        if "@type" in data:
            yield data


class JsonLd:
    """The page's JSON-LD objects: the top-level ones, and every object by its ``@id``."""

    def __init__(self, tree: HtmlElement) -> None:
        self.top: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        for script in tree.iterfind(".//script"):
            if (script.get("type") or "").strip().lower() != "application/ld+json":
                continue
            data = _load_json(script.text or "")
            self.top.extend(_top_level(data))
            self._index(data)

    def _index(self, data: Any) -> None:
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("@id"), str) and len(item) > 1:
                    self.by_id.setdefault(item["@id"], item)
                stack.extend(item.values())

    def resolve(self, value: Any) -> Any:
        """``value``, or the object its bare ``{"@id": ...}`` reference names."""
        if isinstance(value, dict) and set(value) == {"@id"} and isinstance(value["@id"], str):
            return self.by_id.get(value["@id"], value)
        return value


def main_jsonld(ld: JsonLd, title: str) -> dict[str, Any] | None:
    """The page's own article object (see the module docstring), or its WebPage object."""
    articles: list[dict[str, Any]] = []
    pages: list[dict[str, Any]] = []
    for node in ld.top:
        types = _types(node)
        if types & ARTICLE_TYPES:
            articles.append(node)
        elif types & PAGE_TYPES:
            pages.append(node)
            main = ld.resolve(node.get("mainEntity"))
            if isinstance(main, dict) and _types(main) & ARTICLE_TYPES:
                articles.append(main)
    wanted = one_line(title).casefold()
    for node in articles:
        headline = node.get("headline") or node.get("name")
        if isinstance(headline, str) and wanted and one_line(headline).casefold() == wanted:
            return node
    if articles:
        return articles[0]
    return pages[0] if pages else None


#: ``og:type`` values by which a page says it is one article (not a site, a section, a profile).
OG_ARTICLE_TYPES = frozenset({"article", "news", "blog", "blogpost", "newsarticle"})


def marks_itself_an_article(tree: HtmlElement, article_ld: dict[str, Any] | None) -> bool:
    """True if the page states that it is one article: a JSON-LD article object of its own
    (:func:`main_jsonld`), an article ``og:type`` or an ``article:published_time``."""
    if article_ld is not None and _types(article_ld) & ARTICLE_TYPES:
        return True
    if any(value.lower() in OG_ARTICLE_TYPES for value in meta_values(tree, "og:type")):
        return True
    return bool(meta_values(tree, "article:published_time"))


def meta_values(tree: HtmlElement, *names: str) -> list[str]:
    """Contents of ``<meta>`` tags whose name, property or itemprop is one of ``names``."""
    wanted = {name.lower() for name in names}
    found = []
    for meta in tree.iterfind(".//meta"):
        key = meta.get("name") or meta.get("property") or meta.get("itemprop") or ""
        content = meta.get("content")
        if key.strip().lower() in wanted and content and content.strip():
            found.append(content.strip())
    return found


def _is_aside(element: HtmlElement) -> bool:
    """An aside by tag, role, class or id; not a layout class (``has-sidebar``) or what holds the <h1>."""
    if not isinstance(element.tag, str) or element.tag in _LAYOUT_TAGS:
        return False
    if element.tag in _ASIDE_TAGS or (element.get("role") or "").lower() in _ASIDE_ROLES:
        return True
    marks = (element.get("class") or "").split() + (element.get("id") or "").split()
    if not any(_ASIDE.search(mark) and not _MODIFIER.match(mark) for mark in marks):
        return False
    return element.find(".//h1") is None  # "content-area sidebar-right" wraps the article


def in_aside(element: HtmlElement, region: HtmlElement) -> bool:
    """True if ``element`` (or an ancestor below ``region``) is a sidebar, footer, related box..."""
    current: HtmlElement | None = element
    while current is not None and current is not region:
        if _is_aside(current):
            return True
        current = current.getparent()
    return False


def of_the_article(element: HtmlElement) -> bool:
    """False for an ``itemprop`` that belongs to another microdata item than the article: the
    ``datePublished`` or ``author`` of an embedded ``VideoObject``, a review, a person."""
    for owner in element.iterancestors():
        if owner.get("itemscope") is not None:
            kind = (owner.get("itemtype") or "").split()
            return not kind or kind[0].rstrip("/").rsplit("/", 1)[-1].lower() in ARTICLE_TYPES | PAGE_TYPES
    return True


def main_region(tree: HtmlElement) -> HtmlElement:
    """The element holding the article: see the module docstring."""
    articles = [a for a in tree.iterfind(".//article") if not in_aside(a, tree)]
    with_h1 = [a for a in articles if a.find(".//h1") is not None]
    if with_h1 or articles:
        return (with_h1 or articles)[0]
    for path in (".//main", ".//*[@role='main']", ".//*[@itemprop='articleBody']/.."):
        found = tree.find(path)
        if found is not None:
            return found
    body = tree.find(".//body")
    return body if body is not None else tree


def page_title(tree: HtmlElement) -> str:
    """The article's title as the page states it: og:title, else the first ``<h1>``."""
    for value in meta_values(tree, "og:title", "citation_title"):
        return value
    h1 = tree.find(".//h1")
    return one_line(h1.text_content()) if h1 is not None else ""
