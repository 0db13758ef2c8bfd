"""Robust Links: every link to an article's original URL also names the archive's copy.

The Robust Links specification (robustlinks.mementoweb.org/spec) adds three attributes to a
link to a web resource: ``data-originalurl`` (the resource), ``data-versionurl`` (a snapshot
of it) and ``data-versiondate`` (when the snapshot shows it). A reader, or a tool such as the
Robust Links script, whose original link has died then still reaches the text. Here the
snapshot is the archive's own memento of the revision shown (``…/ID/rN.html``: absolute
under ``html_baseurl``, else relative to the page), and its date the Memento-Datetime the
TimeMap gives it (:func:`version_date`: a capture's WARC-Date, else when the revision was
recorded), as ISO 8601 in UTC.

A page's original URLs are the article's ``url`` and, for a capture, its WARC-Target-URI;
an article without either gets no such link (the archive never invents one). Links are
matched percent-decoded, since the converter percent-encodes a URL it writes as a link.

- :func:`attributes`: the three attributes of a link to ``href``, or None when ``href`` is
  not one of the page's original URLs (for code that writes HTML itself: the memento page,
  :mod:`.lists`).
- :class:`RobustLinks`: on article pages, turns every reference node to an original URL
  into a :class:`robust_reference`, which the HTML writer renders with the attributes.
"""

from __future__ import annotations

import posixpath
from typing import Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxTranslator

from seedarchive.archive import layout
from seedarchive.schema.article import PageProvenance, PageRevision
from seedarchive.sphinxext.pagedata import article


class robust_reference(nodes.reference):  # type: ignore[misc]  # docutils names nodes in lower case
    """A link to an original URL; ``robust``: its Robust Links attributes (name → value)."""


def version_date(entry: PageRevision) -> str:
    """The Memento-Datetime of a revision (a registry entry: ``recorded_at``, and
    ``captured_at`` when read from a capture), as the TimeMap dates it (RFC 7089: when the
    original was observed)."""
    return str(entry.get("captured_at") or entry["recorded_at"])


def originals(url: str | None, prov: PageProvenance) -> set[str]:
    """A revision's original URLs (http(s) only), percent-decoded: the article's ``url`` and
    its provenance's capture's WARC-Target-URI."""
    capture = prov.get("capture") or {}
    found = {url, capture.get("target_uri")}
    return {unquote(str(u)) for u in found if u and urlsplit(str(u)).scheme in ("http", "https")}


def attributes(href: str, *, found: set[str], version_url: str, date: str) -> dict[str, str] | None:
    """The Robust Links attributes of a link to ``href`` if it is one of ``found`` (see
    :func:`originals`), else None."""
    if unquote(href) not in found:
        return None
    return {"data-originalurl": href, "data-versionurl": version_url, "data-versiondate": date}


def version_url(config: Config, docname: str, revision: int | str, *, here: str | None = None) -> str:
    """The memento URL of ``revision`` of the article ``docname``: absolute under
    ``html_baseurl``, else relative to the page ``here`` (default: the article's page)."""
    suffix = config.html_file_suffix or ".html"
    if config.html_baseurl:
        return layout.revision_url(config.html_baseurl, docname, revision, suffix)
    return posixpath.relpath(layout.revision_page(docname, revision, suffix), posixpath.dirname(here or docname))


def page_attributes(env: Any, config: Config, docname: str) -> tuple[set[str], str, str] | None:
    """For an article page: its original URLs, its memento's URL and date; else None."""
    data = article(env, docname)
    if data is None or not data.get("revisions"):
        return None
    found = originals(data.get("url"), data["provenance"])
    if not found:
        return None
    number = int(data["revision"])
    entry = next((r for r in data["revisions"] if int(r["number"]) == number), data["revisions"][-1])
    return found, version_url(config, layout.article_docname(data["identifier"]), number, here=docname), \
        version_date(entry)


class RobustLinks(SphinxPostTransform):
    """Every link of an article page to one of its original URLs becomes a
    :class:`robust_reference` (HTML only: other builders keep the plain reference)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        found = page_attributes(self.env, self.config, self.env.docname)
        if found is None:
            return
        urls, version, date = found
        for node in list(self.document.findall(nodes.reference)):
            robust = attributes(str(node.get("refuri", "")), found=urls, version_url=version, date=date)
            if robust is None or isinstance(node, robust_reference):
                continue
            new = robust_reference(node.rawsource, "", *node.children, **node.attributes)
            new["robust"] = robust
            node.replace_self(new)


def _visit_html(self: SphinxTranslator, node: robust_reference) -> None:
    atts = {"class": "reference external", "href": node["refuri"], **node["robust"]}
    self.body.append(self.starttag(node, "a", "", **atts))


def _depart_html(self: SphinxTranslator, node: robust_reference) -> None:
    self.body.append("</a>")


def setup(app: Sphinx) -> None:
    app.add_node(robust_reference, html=(_visit_html, _depart_html))
    app.add_post_transform(RobustLinks)
