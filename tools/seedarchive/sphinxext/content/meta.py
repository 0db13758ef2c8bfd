"""Metadata embedded in the ``<head>`` of every article page.

The tags and the JSON-LD are the crosswalk's (:func:`seedarchive.cite.crosswalk.meta_tags`,
:func:`~seedarchive.cite.crosswalk.json_ld`, which say what is written and why); this module
places them in the page's head with the schema links and ``cite-as``. Sphinx (furo) already
writes ``<link rel="canonical">`` from ``html_baseurl``, so none is added here.

The article's own text (headline, subtitle, body, author's note) carries the article's
language and direction (:func:`mark_language`): ``lang`` is the language the seed or page
states, or ``""`` when it is unknown (a reader then knows nothing, rather than taking the
page's ``<html lang="en">``, which is the site's own language); ``dir`` comes from the
language or the script of the text. Zotero's Embedded Metadata takes ``citation_language``
(or ``DC.language``) first, then ``<meta name="language">``, and only then ``<html lang>``:
both are written when the language is known; when it is not, neither is, and
``<meta name="language" content="und">`` (BCP 47's "undetermined") stops Zotero from taking
the site's "en" as the article's language.

Every value goes through :func:`html.escape` (attributes) or :func:`json.dumps` with ``<``,
``>`` and ``&`` escaped (the JSON-LD script). Unknown values are left out.
Cost: a few string joins per page, no I/O.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from seedarchive.cite import crosswalk
from seedarchive.schema.article import RevisionPage
from seedarchive.sphinxext.content.bidi import isolate_byline, unclaim_byline
from seedarchive.sphinxext.content.cite import permanent_url
from seedarchive.sphinxext.pagedata import article, shown

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
PRISM = "http://prismstandard.org/namespaces/1.2/basic/"


def script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>``, ``<!--`` or ``&`` can appear."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def get_tags(data: RevisionPage, *, url: str) -> str:
    """The ``<meta>``, ``<link>`` and JSON-LD lines for one article page."""
    tags = crosswalk.meta_tags(data, url)
    lines = [
        f'<link rel="schema.DC" href="{DC}" />',
        f'<link rel="schema.DCTERMS" href="{DCTERMS}" />',
        f'<link rel="schema.prism" href="{PRISM}" />',
        f'<link rel="cite-as" href="{escape(url)}" />',
    ]
    lines += [f'<meta {attr}="{escape(name)}" content="{escape(value)}" />' for attr, name, value in tags]
    lines.append(f'<script type="application/ld+json">{script_json(crosswalk.json_ld(data, url))}</script>')
    return "\n".join(lines) + "\n"


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    data = article(app.env, pagename) if doctree is not None else None
    if not data:
        return
    url = permanent_url(app.config, pagename)
    context["metatags"] = context.get("metatags", "") + get_tags(data, url=url)


#: Containers of the article's own text (their lang/dir are the article's, not the site's).
TEXT_CONTAINERS = frozenset({"article-subtitle", "article-bio"})


def mark_language(doctree: nodes.document, data: RevisionPage) -> None:
    """Give the article's own elements its ``lang`` (``""`` when unknown) and direction.

    The body element gets ``lang`` and ``dir`` attributes; the headline and text containers
    get the class ``language-<tag>`` (which docutils writes as ``lang="<tag>"``) and, right
    to left, the class ``article-rtl`` (``direction: rtl`` in seedarchive.css)."""
    language = str(data.get("language") or "")
    direction = data.get("direction")
    classes = [f"language-{language}"] + (["article-rtl"] if direction == "rtl" else [])
    section = next(iter(doctree.findall(nodes.section)), None)
    targets: list[nodes.Element] = []
    if section is not None and section.children and isinstance(section[0], nodes.title):
        targets.append(section[0])
    for node in doctree.findall(nodes.Element):
        if TEXT_CONTAINERS.intersection(node.get("classes", ())):
            targets.append(node)
        elif "article-body" in node.get("classes", ()) and "html_attributes" in node:
            node["html_attributes"]["lang"] = language
            if direction:
                node["html_attributes"]["dir"] = direction
    for node in targets:
        node["classes"] += [c for c in classes if c not in node["classes"]]


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    data = shown(app.env, app.env.docname)
    if data:
        mark_language(doctree, data)
        isolate_byline(doctree, data)
        unclaim_byline(doctree, data)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _doctree_read)
    app.connect("html-page-context", _page_context)
