"""The "Cite this page" block of an article page."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.config import Config


def permanent_url(config: Config, docname: str) -> str:
    """The absolute URL of ``docname`` under ``html_baseurl`` (which ends in ``/``)."""
    base = (config.html_baseurl or "").rstrip("/") + "/"
    return f"{base}{docname}{config.html_file_suffix or '.html'}"


def plain_citation(data: dict[str, Any], url: str) -> str:
    authors = data.get("authors") or []
    who = ", ".join(authors) if authors else "Unknown author"
    when = data.get("published") or "n.d."
    publisher = f" {data['publisher']}." if data.get("publisher") else ""
    archived = str(data.get("first_ingested_at", ""))[:10]
    return f"{who}. ({when}). {data['headline']}.{publisher} Archived {archived}. {url}"


def block(data: dict[str, Any], *, docname: str, config: Config) -> list[nodes.Node]:
    url = permanent_url(config, docname)
    container = nodes.container(classes=["cite-this"])
    para = nodes.paragraph()
    para += nodes.strong(text="Permanent URL: ")
    para += nodes.reference(url, url, refuri=url, classes=["permanent-url"])
    container += para
    container += nodes.literal_block(plain_citation(data, url), plain_citation(data, url),
                                     classes=["citation-text"], language="text")
    revision = data.get("revision")
    note = nodes.paragraph(text=(
        f"This page shows revision {revision}. Cite a paragraph as {url}#p4 (paragraph 4)."))
    container += note
    return [container]
