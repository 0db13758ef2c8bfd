"""FAIR Signposting: typed links a harvester follows to the citable URL, metadata and files.

Every article page and every memento page carries, as ``<link>`` elements in its head
(Signposting level 1; static hosts cannot send ``Link`` headers):

- ``cite-as``: the page's citable URL (the permanent URL on an article page, RFC 8574; the
  revision's immutable URL on a memento), written by :mod:`.meta`;
- ``describedby``: each metadata file beside the page (BibTeX, RIS, CSL-JSON, DataCite XML,
  PROV-O JSON-LD), with its media type;
- ``item``: the seed file as received, where the site publishes it (not when withheld);
- ``license``: the texts' licence, where ``archive.toml`` gives it as an http(s) URL;
- ``type``: ``https://schema.org/NewsArticle`` and ``https://schema.org/AboutPage``, in the
  linkset only (below): as a ``<link rel="type">`` it makes extruct's Dublin Core reader fail;
- ``author``: each author's ORCID iD as an https URL, where a sidecar gives it
  (``{family: Roe, given: Jane, orcid: 0000-0002-1825-0097}``); the relation needs a URI, so an
  author known only by name gets none.

Each article also gets a linkset (RFC 9264, ``application/linkset+json``),
``IDENTIFIER.linkset.json`` beside its page and linked from it (``rel="linkset"``): level 2,
the same links for a client that reads one file instead of the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from sphinx.application import Sphinx

from seedarchive import names
from seedarchive.archive.writer import write_if_changed
from seedarchive.schema.article import PageProvenance
from seedarchive.sphinxext.content import published
from seedarchive.sphinxext.content.cite import permanent_url
from seedarchive.sphinxext.pagedata import article

#: The metadata files beside every article and memento page: suffix → media type.
DESCRIBED_BY = (
    (".bib", "application/x-bibtex"),
    (".ris", "application/x-research-info-systems"),
    (".csl.json", "application/vnd.citationstyles.csl+json"),
    (".datacite.xml", "application/vnd.datacite.datacite+xml"),
    (".prov.jsonld", "application/ld+json"),
)
TYPES = ("https://schema.org/NewsArticle", "https://schema.org/AboutPage")
LINKSET = ".linkset.json"
LINKSET_TYPE = "application/linkset+json"


class Link(NamedTuple):
    rel: str
    href: str
    type: str = ""


def _http(value: str) -> bool:
    return urlsplit(value.strip()).scheme in ("http", "https")


def links(url: str, *, seed: str | None = None, licence: str = "", authors: Iterable[str] = ()) -> list[Link]:
    """The typed links of the page whose citable URL is ``url`` (``…/X.html``; its metadata
    files are ``…/X.bib`` and so on); ``seed``: the published seed file's absolute URL;
    ``authors``: the authors' identifier URLs (:func:`.names.identifiers`)."""
    stem = url.removesuffix(".html")
    found = [Link("cite-as", url)]
    found += [Link("author", author) for author in authors]
    found += [Link("describedby", stem + suffix, kind) for suffix, kind in DESCRIBED_BY]
    if seed:
        found.append(Link("item", seed))
    if licence and _http(licence):
        found.append(Link("license", licence.strip()))
    found += [Link("type", kind) for kind in TYPES]
    return found


def html(found: list[Link], *, linkset: str | None = None) -> str:
    """``<link>`` elements for ``found`` (``cite-as`` is written by :mod:`.meta`)."""
    out = []
    for link in found:
        # cite-as is :mod:`.meta`'s; type only in the linkset: extruct's Dublin Core reader takes
        # <link rel="type"> for the DC element "type" and fails on it (extruct 0.18)
        if link.rel in ("cite-as", "type"):
            continue
        kind = f' type="{escape(link.type)}"' if link.type else ""
        out.append(f'<link rel="{escape(link.rel)}" href="{escape(link.href)}"{kind} />')
    if linkset:
        out.append(f'<link rel="linkset" href="{escape(linkset)}" type="{LINKSET_TYPE}" />')
    return "\n".join(out) + "\n"


def linkset(anchor: str, found: list[Link]) -> str:
    """The RFC 9264 JSON linkset of ``anchor``: one context, its links grouped by relation."""
    context: dict[str, Any] = {"anchor": anchor}
    for link in found:
        target = {"href": link.href, **({"type": link.type} if link.type else {})}
        context.setdefault(link.rel, []).append(target)
    return json.dumps({"linkset": [context]}, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def published_seed(app: Sphinx, docname: str, prov: PageProvenance) -> str | None:
    """The absolute URL of the seed file the site publishes for provenance ``prov`` (None when
    it is withheld)."""
    relative = published.link(docname, prov, app.config.seedarchive_withhold_seeds)
    if relative is None:
        return None
    return urljoin(permanent_url(app.config, docname), relative)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    data = article(app.env, pagename) if doctree is not None else None
    if not data or app.builder.format != "html":
        return
    url = permanent_url(app.config, pagename)
    found = links(url, seed=published_seed(app, pagename, data["provenance"]),
                  licence=app.config.seedarchive_licence_texts, authors=names.identifiers(data).values())
    name = pagename.rsplit("/", 1)[-1] + LINKSET
    context["metatags"] = context.get("metatags", "") + html(found, linkset=name)
    path = Path(app.outdir) / (pagename + LINKSET)
    text = linkset(url, found)
    write_if_changed(path, text, durable=False)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
