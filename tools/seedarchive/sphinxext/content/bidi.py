"""Titles, names and dates from articles, isolated from the site's own words (issue 28).

The site's words ("By", "Next:", "Cite this page") are English, left to right. A value
inserted among them in another script reorders what stands next to it unless it is
isolated: "By سلمى حداد · 2025-11-18" showed as "By 18-11-2025 · سلمى حداد", because the
date joined the Arabic name's right-to-left run. Lists isolate their values where the
converter writes them (``{"i": ...}`` parts, :mod:`.lists`); this module does it for the
two places whose text is written as a whole:

- :func:`isolate_byline`: each author's name and the date of the article's byline become a
  ``<bdi>`` (the byline is MyST text, which may hold no HTML);
- :func:`isolate_cited`: in the cite block's formatted citations, the headline becomes a
  ``<bdi>`` with the article's ``lang`` and ``dir``, and each author's name (as written and
  as "Family, Given") a ``<bdi>`` with its ``lang`` and ``dir="auto"``. The text copied
  from the block is unchanged: ``<bdi>`` adds no characters.

:func:`unclaim_byline` is issue 27's: the line of an article without an author is no byline.
"""

from __future__ import annotations

import re
from html import escape

from docutils import nodes

from seedarchive import names
from seedarchive.schema.article import RevisionPage
from seedarchive.sphinxext.content.reading import make_element

_PRE = re.compile(r"(<pre>.*?</pre>)", re.DOTALL)


def _pattern(values: set[str]) -> re.Pattern[str] | None:
    """One alternation of ``values``, longest first (so "Roe, Jane" wins over "Jane")."""
    values = {v for v in values if v}
    if not values:
        return None
    return re.compile("|".join(re.escape(v) for v in sorted(values, key=lambda v: (-len(v), v))))


def isolate_byline(doctree: nodes.document, data: RevisionPage) -> None:
    """Put each author's name and the date of the byline in a ``<bdi>`` of its own."""
    pattern = _pattern({str(v) for v in data.get("authors") or [] if v} | {str(data.get("published") or "")})
    if pattern is None:
        return
    for container in doctree.findall(nodes.container):
        if "article-byline" not in container["classes"]:
            continue
        for text in list(container.findall(nodes.Text)):
            pieces: list[nodes.Node] = []
            at = 0
            for found in pattern.finditer(text):
                pieces += [nodes.Text(text[at : found.start()]), make_element("bdi", nodes.Text(found[0]))]
                at = found.end()
            if pieces:
                pieces.append(nodes.Text(text[at:]))
                text.parent.replace(text, [p for p in pieces if not isinstance(p, nodes.Text) or p])


#: The class of the line under the headline of an article without an author ("Author unknown
#: · DATE"). Zotero's Embedded Metadata translator, when a page has no author meta tag, takes
#: the text of any element whose class holds "byline" (or "vcard") as the authors' names, and
#: saved "Author / unknown"; this class holds neither.
DATELINE = "article-dateline"


def unclaim_byline(doctree: nodes.document, data: RevisionPage) -> None:
    """The ``article-byline`` container of an article without an author becomes
    :data:`DATELINE`: it names no author, so nothing reading the page may take it for one."""
    if data.get("authors"):
        return
    for container in doctree.findall(nodes.container):
        if "article-byline" in container["classes"]:
            container["classes"] = [DATELINE if c == "article-byline" else c for c in container["classes"]]


def isolate_cited(html: str, data: RevisionPage | None) -> str:
    """``html`` of a cite block with the headline and the names in its ``<pre>`` isolated."""
    if not data:
        return html
    language = escape(str(data.get("language") or ""))
    direction = escape(str(data.get("direction") or "auto"))
    headline = escape(str(data.get("headline") or ""), quote=False)
    people = {escape(form, quote=False) for name in names.of_page(data) for form in (name.text, name.inverted())}
    pattern = _pattern({headline} | people)
    if pattern is None:
        return html

    def wrap(found: re.Match[str]) -> str:
        value = found[0]
        kind = direction if value == headline else "auto"
        return f'<bdi lang="{language}" dir="{kind}">{value}</bdi>'

    return "".join(pattern.sub(wrap, part) if _PRE.fullmatch(part) else part for part in _PRE.split(html))
