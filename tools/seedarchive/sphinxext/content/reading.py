"""The reading room inside Sphinx: paragraph numbers, Pagefind markup, search and listing pages.

- Each body paragraph starts with a small link to its own anchor (``3`` → ``#p3``), a
  :class:`paragraph_number` node the HTML writer renders as
  ``<a class="paragraph-number" href="#p3" aria-label="Paragraph 3">``. It has no text
  node, so Sphinx's indexer and ``astext()`` never see the number; in the HTML it carries
  ``data-pagefind-ignore`` and the class ``paragraph-number`` so that text extraction (tests,
  Pagefind) can leave it out.
- The article body is marked ``data-pagefind-body``: Pagefind indexes article text only.
  Beside it, a hidden block carries the page's Pagefind title, date, sort key, language and
  direction (``lang``, ``dir``: for the search page's results) and filters,
  read from the front matter by :data:`FILTERS` (entity lists join by adding a line there).
- ``{pagefind-search}`` places the search page's widget; the sidebar's search box leads
  there. Sphinx's own search (``searchindex.js``, downloaded whole) is off unless
  ``seedarchive_sphinx_search = True``.
- Listing pages get a small script with filter and order controls.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxTranslator

from seedarchive.dates import PartialDate
from seedarchive.schema.article import ArticlePage
from seedarchive.sphinxext.pagedata import meta

FAVICON = Path(__file__).parent.parent / "static" / "seedarchive-favicon.svg"

# Pagefind filter name → front-matter key under ``seedarchive:``. A value may be a string,
# a list of strings, or a list of mappings with a "name". ``year`` is derived from
# ``published``; entity filters come from ``entities`` (``key: KIND/slug``, ``name``).
FILTERS: tuple[tuple[str, str], ...] = (("author", "authors"), ("publisher", "publisher"))
ENTITY_FILTERS: tuple[str, ...] = ("place", "person", "organisation", "topic")


class element(nodes.Element):  # type: ignore[misc]  # docutils names nodes in lower case
    """An HTML element with fixed attributes; other builders render only its children."""


class paragraph_number(nodes.Inline, nodes.Element):  # type: ignore[misc]
    """The visible number of a paragraph, linking to the paragraph's own anchor."""


def _visit_element(self: SphinxTranslator, node: element) -> None:
    self.body.append(self.starttag(node, node["tag"], suffix="", **node["html_attributes"]))


def _depart_element(self: SphinxTranslator, node: element) -> None:
    self.body.append(f"</{node['tag']}>")


def _visit_number(self: SphinxTranslator, node: paragraph_number) -> None:
    number = int(node["number"])
    self.body.append(
        f'<a class="paragraph-number" href="#p{number}" aria-label="Paragraph {number}" '
        f'data-pagefind-ignore>{number}</a>'
    )
    raise nodes.SkipNode


def _skip(self: SphinxTranslator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _pass(self: SphinxTranslator, node: nodes.Node) -> None:
    pass


def make_element(
    tag: str,
    *children: nodes.Node,
    classes: list[str] | None = None,
    ids: list[str] | None = None,
    attributes: dict[str, str] | None = None,
) -> element:
    """An ``element`` node; ``attributes`` are HTML attributes (``data-…``), values escaped."""
    node: element = element(
        "", *children, tag=tag, html_attributes=attributes or {}, classes=classes or [], ids=ids or []
    )
    return node


def number_paragraph(paragraph: nodes.paragraph, number: int) -> None:
    """Put the number link at the start of ``paragraph`` (whose anchor is ``p<number>``)."""
    paragraph.insert(0, paragraph_number("", number=number))


def _values(value: Any) -> Iterator[str]:
    if value is None:
        return
    for item in value if isinstance(value, list) else [value]:
        name = item.get("name") if isinstance(item, dict) else item
        if name is not None and str(name).strip():
            yield str(name)


def filters(data: ArticlePage) -> list[tuple[str, str]]:
    """(filter, value) pairs for Pagefind, in a fixed order; unknown values give none."""
    pairs = [(name, value) for name, key in FILTERS for value in _values(data.get(key))]
    entities = [e for e in data.get("entities") or [] if isinstance(e, dict)]
    for kind in ENTITY_FILTERS:
        found = [e for e in entities if str(e.get("key", "")).split("/")[0] == kind]
        pairs += [(kind, value) for value in _values(found)]
    published = PartialDate.of(data.get("published"))
    if published:
        pairs.append(("year", str(published.year)))
    return pairs


def pagefind_data(data: ArticlePage) -> element:
    """A hidden block with what Pagefind records about an article besides its text."""
    block = make_element("div", classes=["pagefind-data"], attributes={"hidden": "hidden"})
    block += make_element("span", nodes.Text(str(data.get("headline", ""))), attributes={"data-pagefind-meta": "title"})
    published = data.get("published")
    if published:
        block += make_element(
            "span", nodes.Text(str(published)), attributes={"data-pagefind-meta": "date", "data-pagefind-sort": "date"}
        )
    # the article's language and direction, for the search page to give its result (issue 28)
    for key, value in (("lang", data.get("language")), ("dir", data.get("direction"))):
        if value:
            block += make_element("span", nodes.Text(str(value)), attributes={"data-pagefind-meta": key})
    for name, value in filters(data):
        block += make_element("span", nodes.Text(value), attributes={"data-pagefind-filter": name})
    return block  # type: ignore[no-any-return]


def article_body(data: ArticlePage | None) -> tuple[list[nodes.Node], element]:
    """The nodes before the body (Pagefind data) and the body element itself."""
    body = make_element("div", classes=["article-body"], attributes={"data-pagefind-body": ""})
    return ([pagefind_data(data)] if data else []), body


class PagefindSearch(SphinxDirective):
    """The search page's widget; its script loads Pagefind's UI from the site's bundle."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        depth = self.env.docname.count("/")
        bundle = "../" * depth + "pagefind/"
        self.env.metadata[self.env.docname]["seedarchive_search_page"] = True
        placeholder = make_element(
            "div",
            nodes.paragraph(
                text="Searching needs JavaScript and the search index that the build writes into pagefind/."
            ),
            ids=["pagefind-search"],
            classes=["pagefind-search"],
            attributes={"data-bundle": bundle},
        )
        return [placeholder]


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: nodes.document | None
) -> None:
    data = meta(app.env, pagename) if doctree is not None else None
    if data and data.get("type") == "listing":
        app.add_js_file("seedarchive-listing.js", defer="defer")
    if app.env.metadata.get(pagename, {}).get("seedarchive_search_page"):
        app.add_js_file("seedarchive-search.js", defer="defer")
    context["seedarchive_search_page"] = app.config.seedarchive_search_page


def _config_inited(app: Sphinx, config: Any) -> None:
    # Without an icon, browsers ask for /favicon.ico and log a 404 on every first visit.
    if not config.html_favicon:
        config.html_favicon = str(FAVICON)
    if not config.seedarchive_sphinx_search:
        # search.html is a published URL (archive/urls.txt): it stays, leading to Pagefind.
        config.html_additional_pages = {"search": "seedarchive-search-redirect.html", **config.html_additional_pages}


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format == "html" and not app.config.seedarchive_sphinx_search:
        app.builder.search = False  # type: ignore[attr-defined]


def setup(app: Sphinx) -> None:
    app.add_node(
        element,
        html=(_visit_element, _depart_element),
        latex=(_pass, _pass),
        text=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
    app.add_node(
        paragraph_number,
        html=(_visit_number, None),
        latex=(_skip, None),
        text=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.add_directive("pagefind-search", PagefindSearch)
    app.connect("config-inited", _config_inited)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context)
    app.add_css_file("seedarchive-reading.css")
