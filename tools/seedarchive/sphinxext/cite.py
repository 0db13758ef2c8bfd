"""The "Cite this page" block of an article page.

Six formats, each with the permanent URL and the archived date: APA, MLA and Chicago (from
citeproc-py, see :mod:`.citations`), BibTeX, RIS and CSL-JSON; links to the same as files
(written by :mod:`.exports`); a COinS span. ``seedarchive-cite.js`` adds a copy button to
each format; without JavaScript the text is still there to select.

The block is read with :data:`citations.PLACEHOLDER` for the permanent URL; the
post-transform :class:`PermanentURL` puts in the real one when the page is written, so
a new ``html_baseurl`` (which only rewrites pages, never re-reads them) is always used.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from seedarchive.sphinxext import citations

#: Per-article download files, beside the page: suffix → label.
DOWNLOADS = {".bib": "BibTeX", ".ris": "RIS", ".csl.json": "CSL-JSON", ".prov.jsonld": "Provenance (PROV-O, JSON-LD)"}


def permanent_url(config: Config, docname: str) -> str:
    """The absolute URL of ``docname`` under ``html_baseurl`` (which ends in ``/``)."""
    base = (config.html_baseurl or "").rstrip("/") + "/"
    return f"{base}{docname}{config.html_file_suffix or '.html'}"


def archive_name(config: Config) -> str:
    return str(config.html_title or config.project)


def coins(data: dict[str, Any], url: str) -> str:
    """A COinS span in the form Zotero writes for its own newspaper articles.

    Zotero's COinS translator (priority 310) is chosen before Embedded Metadata (320), so
    this span decides what Zotero saves: ``rft_val_fmt=…mtx:dc`` with
    ``rft.type=newspaperArticle`` and the publication in ``rft.source`` round-trip as a
    newspaper article (zotero/utilities ``openurl.js``); the journal format would make a
    journal article.
    """
    pairs = [
        ("ctx_ver", "Z39.88-2004"),
        ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"),
        ("rft.type", "newspaperArticle"),
        ("rft.title", data["headline"]),
    ]
    pairs += [("rft.au", name) for name in data.get("authors") or []]
    if data.get("publisher"):
        pairs.append(("rft.source", data["publisher"]))
    published = citations.date_parts(data.get("published"))
    if published:
        pairs.append(("rft.date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(published))))
    pairs.append(("rft.identifier", url))
    for key in ("language", "rights"):
        if data.get(key):
            pairs.append((f"rft.{key}", data[key]))
    title = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in pairs)
    return f'<span class="Z3988" title="{escape(title)}"></span>'


def _format(label: str, key: str, text: str, language: str) -> nodes.container:
    box = nodes.container(classes=["cite-format", f"cite-format-{key}"])
    box += nodes.rubric(text=label)
    box += nodes.literal_block(text, text, classes=["citation-text"], language=language)
    return box


def block(data: dict[str, Any], *, docname: str, config: Config, cache: Path | None = None) -> list[nodes.Node]:
    """The block, with :data:`citations.PLACEHOLDER` where the permanent URL goes."""
    url = citations.PLACEHOLDER
    archive = archive_name(config)
    container = nodes.container(classes=["cite-this"])
    para = nodes.paragraph()
    para += nodes.strong(text="Permanent URL: ")
    para += nodes.reference(url, url, refuri=url, classes=["permanent-url"])
    container += para
    container += nodes.paragraph(
        text=(
            f"Archived {citations.archived_at(data)}, revision {data['revision']}. "
            f"Cite a paragraph as {url}#p4 (paragraph 4)."
        )
    )
    texts = citations.formatted(data, url, archive=archive, cache=cache)
    for key, (label, _style) in citations.STYLES.items():
        container += _format(label, key, texts[key], "text")
    item = citations.csl_item(data, url, archive=archive)
    container += _format("BibTeX", "bibtex", citations.bibtex(data, url, archive=archive), "bibtex")
    container += _format("RIS", "ris", citations.ris(data, url, archive=archive), "text")
    container += _format("CSL-JSON", "csl-json", citations.csl_json([item]), "json")
    downloads = nodes.paragraph(classes=["cite-downloads"])
    downloads += nodes.Text("Download: ")
    stem = docname.rsplit("/", 1)[-1]
    for number, (suffix, label) in enumerate(DOWNLOADS.items()):
        if number:
            downloads += nodes.Text(" · ")
        downloads += nodes.reference(label, label, refuri=f"{stem}{suffix}")
    container += downloads
    container += nodes.raw("", coins(data, url), format="html")
    return [container]


_QUOTED = quote(citations.PLACEHOLDER, safe="")


def put_url(container: nodes.Element, url: str) -> None:
    """Replace the placeholder in a block made by :func:`block` with ``url``."""
    quoted = quote(url, safe="")
    for node in list(container.findall(nodes.Text)):
        if citations.PLACEHOLDER not in node and _QUOTED not in node:
            continue
        parent = node.parent
        new = str(node).replace(citations.PLACEHOLDER, url)
        if isinstance(parent, nodes.raw):
            new = new.replace(_QUOTED, escape(quoted))
        parent.replace(node, nodes.Text(new))
        if isinstance(parent, (nodes.literal_block, nodes.raw)):
            parent.rawsource = parent.astext()  # HTML treats a literal_block whose
            # rawsource differs from its text as parsed-literal
    for ref in container.findall(nodes.reference):
        if ref.get("refuri") == citations.PLACEHOLDER:
            ref["refuri"] = url


class PermanentURL(SphinxPostTransform):
    """Put the permanent URL (from the current ``html_baseurl``) into the cite block."""

    default_priority = 5  # before anything that collects links (linkcheck)

    def run(self, **kwargs: Any) -> None:
        url = None
        for container in self.document.findall(nodes.container):
            if "cite-this" not in container["classes"]:
                continue
            if url is None:
                url = permanent_url(self.config, self.env.docname)
            put_url(container, url)


def _warm(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Parse the CSL styles before Sphinx forks its parallel readers, which inherit them."""
    if app.parallel > 1 and len(docnames) > 5:  # when Sphinx reads in parallel
        from seedarchive.sphinxext import csl

        csl.warm([name for _label, name in citations.STYLES.values()])


def setup(app: Sphinx) -> None:
    app.add_post_transform(PermanentURL)
    app.connect("env-before-read-docs", _warm)
