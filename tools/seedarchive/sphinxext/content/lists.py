"""Link lists and tables the converter writes as data, rendered to HTML when a page is written.

Cross-reference pages list hundreds of articles, each with links to the paragraphs that
mention an entity; article pages list their author, dates, entities, related articles and
neighbours. Written as Markdown, every item became markdown-it tokens, docutils nodes,
transforms and pending cross-references: on a 300-article archive these lists cost more
than the article text itself. Here they are data:

.. code-block:: markdown

    ```{archive-list}
    ["undated — ", {"t": "A headline", "d": "archive/articles/a-headline-1a2b3c4d"}, " — mentioned in ",
     {"t": "¶3", "d": "archive/articles/a-headline-1a2b3c4d", "a": "p3"}]
    ```

One JSON array per line is one list item (``archive-table``: one row, ``[label, parts]``).
A part is a string (text), ``{"t": label, "d": docname, "a": anchor}`` (a page of the
site; without ``d``: this page), ``{"t": label, "u": url}`` (an http(s) URL), ``{"c": text}`` (inline code)
or ``{"i": text}`` (a name, date or subtitle, isolated from the text around it in ``<bdi>``;
every link is ``dir="auto"`` for the same reason: issue 28; but a link to a paragraph, whose
label "¶3" is the archive's own, is a bare ``<a href>``: an article page has dozens). Links
to pages of the site carry no class: Sphinx's ``reference internal`` is styled by nothing
here, and an entity page lists hundreds of links (issue 29).
The directive turns the lines into one node holding that data; the HTML writer builds the
list with every string escaped (article text stays data: no markup, no raw HTML), relative
links from the builder, and checks every target: a page that does not exist or a paragraph
an article does not have is a warning (``seedarchive.link``), which ``-W`` makes an error.
JSON escapes every control character and line break, so no line of data can close the
directive's fence or be read as one of its options.

On listing and entity pages (any page but an article or revision page), each listed article
(a part linking to an article page without an anchor) also gets its COinS span, the same as
on its own page (:func:`seedarchive.sphinxext.content.cite.coins_span`), once per page:
Zotero's COinS translator reads every ``span.Z3988`` with a title and offers the items to
save together (two or more spans with an item type make it "multiple"). Article pages get
none for the articles they list: Zotero would then offer a choice instead of the article.
"""

from __future__ import annotations

import json
import posixpath
import re
from html import escape
from typing import Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.util.osutil import relative_uri

from seedarchive.sphinxext.content import reading, robust
from seedarchive.sphinxext.content.cite import coins_span, permanent_url
from seedarchive.sphinxext.pagedata import Summary, article, listed, summary
from seedarchive.tagging.entities import FOLDERS

logger = logging.getLogger(__name__)
PARAGRAPH = re.compile(r"^p([1-9]\d*)$")
#: Inline code of one word (an identifier, a checksum, a file name): Sphinx wraps each word of
#: inline code in ``<span class="pre">`` to keep it from wrapping; one word needs none.
_ONE_WORD = re.compile(r"[^\s]+")

Part = str | dict[str, str]


class archive_list(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils names nodes in lower case
    """``rows``: list items (lists of parts) or table rows (``[label, parts]``); ``table``: bool."""


def _rows(lines: list[str]) -> list[tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line. All lines are decoded in one call (a
    listing of 10,000 articles has 100,000 lines); on an error, line by line, to name it."""
    numbered = [(number, line) for number, line in enumerate(lines, 1) if line.strip()]
    try:
        values = json.loads("[" + ",".join(line for _, line in numbered) + "]")
    except ValueError:
        values = None
    if isinstance(values, list) and len(values) == len(numbered):
        return [(number, value) for (number, _), value in zip(numbered, values, strict=True)]
    rows = []
    for number, line in numbered:
        try:
            rows.append((number, json.loads(line)))
        except ValueError as error:
            raise ValueError(f"line {number} is not JSON ({error})") from error
    return rows


def _parse(lines: list[str], source: str, *, table: bool) -> list[Any]:
    rows = []
    for number, row in _rows(lines):
        parts = row[1] if table else row
        if table and (not isinstance(row, list) or len(row) != 2 or not isinstance(row[0], str)):
            raise ValueError(f"line {number} is not a [label, parts] row")
        if not isinstance(parts, list) or not all(isinstance(p, str | dict) for p in parts):
            raise ValueError(f"line {number} is not a list of parts")
        rows.append(row)
    return rows


class ArchiveList(SphinxDirective):
    """``archive-list`` (a bulleted list) and ``archive-table`` (a two-column table)."""

    has_content = True
    table = False

    def run(self) -> list[nodes.Node]:
        try:
            rows = _parse(list(self.content), self.env.docname, table=self.table)
        except ValueError as error:
            name = "archive-table" if self.table else "archive-list"
            return [
                self.state.document.reporter.warning(
                    f"{name}: {error}. Fix: regenerate the page with `seedarchive convert`", line=self.lineno
                )
            ]
        node = archive_list(rows=rows, table=self.table)
        self.set_source_info(node)
        return [node]


class ArchiveTable(ArchiveList):
    table = True


class _Page:
    """What the lists of the page being written need, looked up once for the page (a listing
    of 10,000 articles has 100,000 parts): the builder, the page, the escaped relative URI of
    each page it links (an article is linked several times: headline, paragraphs), and
    whether it lists COinS (see :func:`_coins`)."""

    def __init__(self, builder: Any, here: str, uris: dict[str, str] | None = None) -> None:
        self.builder = builder
        self.env = self.builder.env
        self.here = here
        #: another page's URI by its name (never this page's own, which is ""): a relative URI
        #: depends on the folder of this page's URI alone, so pages of one folder may share it
        self.uris: dict[str, str] = {} if uris is None else uris
        #: each page's paragraph count (:func:`summary`), and its URI from the site's root when
        #: the builder makes relative URIs as Sphinx's base builder does (None: ask it each
        #: time): made once per build and kept on the builder (845,000 links at 10,000 articles)
        self.summaries: dict[str, Summary] = builder.__dict__.setdefault("_seedarchive_summaries", {})
        self.targets: dict[str, str] | None = (
            builder.__dict__.setdefault("_seedarchive_target_uris", {})
            if getattr(type(builder), "get_relative_uri", None) is Builder.get_relative_uri
            else None
        )
        self.base = builder.get_target_uri(here) if self.targets is not None else ""
        self.listing = summary(self.env, self.here)[0] not in NO_COINS
        self.seen: set[str] = set()
        #: COinS spans by article, made once per build (kept on the builder)
        self.spans: dict[str, str] = self.builder.__dict__.setdefault("_seedarchive_coins", {})
        #: on an article page: its original URLs, its memento's URL and date (Robust Links)
        self.robust = robust.page_attributes(self.env, self.builder.config, self.here)

    @classmethod
    def of(cls, translator: SphinxTranslator) -> _Page:
        page: _Page | None = translator.__dict__.get("_seedarchive_page")
        if page is None:
            builder = translator.builder
            page = translator.__dict__["_seedarchive_page"] = cls(builder, builder.current_docname)  # type: ignore[attr-defined]
        return page


def _href(page: _Page, node: Any, docname: str, anchor: str) -> str:
    """The escaped relative link to ``docname#anchor``; a warning (at ``node``: a node or a
    location) if there is no such page or paragraph. A listing page made from data
    (:mod:`.listings`) is a page of the site."""
    env = page.env
    if docname not in env.all_docs and docname not in listed(env):
        logger.warning(
            f"link to {docname!r}, which is not a page of the site. Fix: regenerate the archive "
            "with `seedarchive convert`",
            location=node,
            type="seedarchive",
            subtype="link",
        )
    elif anchor and PARAGRAPH.match(anchor):
        found = page.summaries.get(docname)
        if found is None:
            found = page.summaries[docname] = summary(env, docname)
        kind, count = found
        if kind in ("article", "revision") and int(anchor[1:]) > count:
            logger.warning(
                f"link to {docname}#{anchor}: the article has paragraphs p1 to p{count}. Fix: "
                "regenerate the archive with `seedarchive convert`",
                location=node,
                type="seedarchive",
                subtype="link",
            )
    here = page.here
    uri = "" if docname == here else page.uris.get(docname)
    if uri is None:
        uri = page.uris[docname] = escape(_relative(page, docname))
    return f"{uri}#{escape(anchor)}" if anchor or not uri else uri


def _relative(page: _Page, docname: str) -> str:
    """``builder.get_relative_uri(page.here, docname)``: with Sphinx's base builder's rule, from
    the two pages' URIs, the linked page's looked up once per build."""
    targets = page.targets
    if targets is None:
        return str(page.builder.get_relative_uri(page.here, docname))
    target = targets.get(docname)
    if target is None:
        target = targets[docname] = page.builder.get_target_uri(docname)
    return relative_uri(page.base, target)


#: Page types that list no COinS (see the module docstring).
NO_COINS = ("article", "revision")


def _coins(page: _Page, docname: str) -> str:
    """The COinS span of article ``docname`` if the page being written is a listing and has
    not listed it yet, else ``""``."""
    if not page.listing or docname in page.seen:
        return ""
    page.seen.add(docname)
    span = page.spans.get(docname)
    if span is None:
        data = article(page.env, docname)
        span = page.spans[docname] = (
            coins_span(data, permanent_url(page.builder.config, docname)) if data is not None else ""
        )
    return span


#: The label of a link to an article's headline (a mention in the headline), written by the
#: converter (``render/crossref.py``): a word of ours, like "¶3", with nothing to isolate.
OWN_LABEL = "headline"
#: The anchor of an article's paragraph (``p3``), linked as "¶3".
_PARAGRAPH = re.compile(r"p[0-9]+")


#: The folder of an entity's pages → the Pagefind filter of that kind (``archive/people`` → person).
_FILTER_OF_FOLDER = {f"archive/{folder}": kind for kind, folder in FOLDERS.items()}


def _filter_of(part: Part) -> tuple[str, str] | None:
    """``(filter, value)`` a link to an entity's page would carry: its kind and its label."""
    if isinstance(part, str) or "a" in part or "d" not in part or "t" not in part:
        return None
    kind = _FILTER_OF_FOLDER.get(part["d"].rpartition("/")[0])
    return (kind, part["t"]) if kind else None


def _is_pagefind_block(node: nodes.Node) -> bool:
    return isinstance(node, reading.element) and "pagefind-data" in node["classes"]


def _filter_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a page with Pagefind's hidden block (an article page), a filter whose value is the
    label of a link to its entity's page (the "In this archive" list: author, places, people,
    ...) is carried by that link, ``data-pagefind-filter="person"`` on the link Pagefind reads
    the value from, instead of a hidden ``<span>`` repeating the name: the same filters,
    about 35 bytes less each, 30 on a bench article page (issue 29). The first such link
    carries it; filters no link shows (year, a publisher without a page) stay in the block."""
    block = next(iter(doctree.findall(_is_pagefind_block)), None)
    if block is None:
        return
    spans: dict[tuple[str, str], nodes.Node] = {}
    for child in block.children:
        name = child["html_attributes"].get("data-pagefind-filter") if isinstance(child, reading.element) else None
        if name:
            spans.setdefault((name, child.astext()), child)
    for node in doctree.findall(archive_list):
        if node["table"]:
            continue
        carried = []
        for parts in node["rows"]:
            for part in parts:
                pair = _filter_of(part)
                if pair in spans:
                    block.remove(spans.pop(pair))
                    carried.append(pair)
        if carried:
            node["filters"] = carried


def _parts(page: _Page, node: Any, parts: list[Part], filters: set[tuple[str, str]] | None = None) -> str:
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(escape(part, quote=False))
        elif "i" in part:  # a name, date or subtitle isolated from the text around it (issue 28)
            out.append(f"<bdi>{escape(part['i'], quote=False)}</bdi>")
        elif "c" in part:
            code = escape(part["c"])
            if _ONE_WORD.fullmatch(part["c"]):  # nothing to keep from wrapping: no span (issue 29)
                out.append(f'<code class="literal notranslate">{code}</code>')
            else:
                out.append(f'<code class="docutils literal notranslate"><span class="pre">{code}</span></code>')
        elif "u" in part:
            url = part["u"]
            if urlsplit(url).scheme in ("http", "https"):
                out.append(f'<a class="reference external" href="{escape(url)}" dir="auto"{_robust(page, url)}>'
                           f'{escape(part["t"])}</a>')
            else:  # never a javascript: or relative link from data
                out.append(escape(part["t"]))
        else:
            target = part.get("d")
            anchor = part.get("a", "")
            href = _href(page, node, target or page.here, anchor)
            # "¶3", "headline": labels of ours, nothing to isolate (issue 29: bytes)
            if _PARAGRAPH.fullmatch(anchor) or part["t"] == OWN_LABEL:
                out.append(f'<a href="{href}">{escape(part["t"])}</a>')
            else:
                pair = _filter_of(part) if filters else None
                carried = ""
                if filters and pair is not None and pair in filters:
                    filters.discard(pair)
                    carried = f' data-pagefind-filter="{escape(pair[0])}"'
                out.append(f'<a href="{href}" dir="auto"{carried}>{escape(part["t"])}</a>')
            if target and not anchor:
                out.append(_coins(page, target))
    return "".join(out)


def _robust(page: _Page, url: str) -> str:
    """The Robust Links attributes of a link to ``url`` if it is the article's original URL
    (see :mod:`.robust`), else ``""``."""
    if page.robust is None:
        return ""
    found, version, date = page.robust
    atts = robust.attributes(url, found=found, version_url=version, date=date)
    return "".join(f' {name}="{escape(value)}"' for name, value in sorted((atts or {}).items()))


def _section_title(node: archive_list) -> str:
    """The title of the section holding the table ("Provenance"), or "Table"."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is not None and parent.children and isinstance(parent[0], nodes.title):
        return str(parent[0].astext())
    return "Table"


#: The builder's attribute holding the URIs of the last folder's listing pages (:func:`page`).
_FOLDER_URIS = "_seedarchive_folder_uris"


def page(builder: Any, here: str) -> _Page:
    """What the lists of page ``here`` need, for a page written without docutils (:mod:`.listings`).
    The pages of one folder, made one after another, share the relative URIs of the pages they
    link (at 10,000 articles the listing pages hold 320,000 links; issue 29)."""
    folder = posixpath.dirname(builder.get_target_uri(here))
    kept = builder.__dict__.get(_FOLDER_URIS)
    if kept is None or kept[0] != folder:
        kept = builder.__dict__[_FOLDER_URIS] = (folder, {})
    return _Page(builder, here, kept[1])


def list_html(page: _Page, location: Any, rows: list[list[Part]], attributes: str = "") -> str:
    """A list of rows as ``archive-list`` writes it (for :mod:`.listings`); ``attributes``
    (escaped, each with its leading space) are added to the ``<ul>``."""
    items = "".join(f"<li><p>{_parts(page, location, parts)}</p></li>\n" for parts in rows)
    return f'<ul class="simple"{attributes}>\n{items}</ul>\n'


def paragraph_html(page: _Page, location: Any, parts: list[Part]) -> str:
    """One paragraph of parts (for :mod:`.listings`)."""
    return f"<p>{_parts(page, location, parts)}</p>\n"


def visit_html(translator: Any, node: archive_list) -> None:
    page = _Page.of(translator)
    if node["table"]:
        # On a phone the table scrolls sideways in its wrapper: a keyboard reaches it only as a
        # focusable region (axe: scrollable-region-focusable), named by its section (issue 30).
        html = [
            f'<div class="table-wrapper colwidths-auto docutils container" tabindex="0" role="region" '
            f'aria-label="{escape(_section_title(node))}">\n<table class="docutils align-default archive-table">\n'
        ]
        # rows without docutils' classes "row-even"/"row-odd" and "head": nothing styles them
        # (furo styles table.docutils th and td), and a provenance table has 17 rows (issue 29);
        # cells without a <p> each (seedarchive.css gives them the <p>'s margin as padding)
        html.append("<thead>\n<tr><th>Field</th>\n<th>Value</th>\n</tr>\n</thead>\n<tbody>\n")
        for label, parts in node["rows"]:
            html.append(f"<tr><td>{escape(label)}</td>\n<td>{_parts(page, node, parts)}</td>\n</tr>\n")
        html.append("</tbody>\n</table>\n</div>\n")
    else:
        html = ['<ul class="simple">\n']
        filters = {tuple(pair) for pair in node.get("filters", ())}  # see _filter_links
        html += [f"<li><p>{_parts(page, node, parts, filters)}</p></li>\n" for parts in node["rows"]]
        html.append("</ul>\n")
    translator.body.append("".join(html))
    raise nodes.SkipNode


def _plain(parts: list[Part]) -> str:
    return "".join(p if isinstance(p, str) else p.get("t", p.get("c", p.get("i", ""))) for p in parts)


def visit_text(translator: Any, node: archive_list) -> None:
    if node["table"]:
        lines = [f"{label}: {_plain(parts)}" for label, parts in node["rows"]]
    else:
        lines = [f"* {_plain(parts)}" for parts in node["rows"]]
    translator.add_text("\n".join(lines) + "\n")
    raise nodes.SkipNode


def skip(translator: Any, node: archive_list) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(
        archive_list,
        html=(visit_html, None),
        text=(visit_text, None),
        latex=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.add_directive("archive-list", ArchiveList)
    app.connect("doctree-resolved", _filter_links)
    app.add_directive("archive-table", ArchiveTable)
