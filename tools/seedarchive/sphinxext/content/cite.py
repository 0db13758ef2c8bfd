"""The "Cite this page" block of an article page and of a memento page.

It cites the *revision shown* at its immutable URL ``…/IDENTIFIER/rN.html`` (a paragraph:
``rN.html#pK``), as Wikipedia's "Cite this page" cites the oldid link and Zenodo a version
DOI: the permanent URL shows another text after the next revision, so it is offered beside,
as "this article, latest revision". One formatted citation is shown, with a chooser of the
four styles (APA, MLA, Chicago notes and bibliography, Chicago author-date, from citeproc-py:
see :mod:`.citations`). A memento page holds all four (hidden but the one chosen); an article
page holds the first only, and its chooser's other links lead to the same styles on the memento
page of the revision it cites (``IDENTIFIER/rN.html#cite-mla``: the same citation, of the same
URL; issue 29: three styles were 1.3 KB of every article page). The machine-readable
formats (BibTeX, RIS, CSL-JSON, DataCite XML, PROV-O) are not inlined: they
are the revision's files ``rN.bib`` … (written with the memento by :mod:`.mementos` and
:mod:`..outputs.datacite`), linked with their media type and a file name to save them under.
A COinS span stays in the block for Zotero.

``seedarchive-cite.js`` makes the chooser switch styles in place (remembering the reader's
choice; on an article page it fetches the memento page once and takes its styles) and adds a
copy button; without JavaScript the default style shows, the chooser's links are anchors (on
an article page, to the memento page's styles), and the style sheet shows the style an anchor
targets (``:target``).

The block is one node, :class:`cite_block`, made when the page is read. It holds plain
data only (strings and lists of strings, so parallel builds pickle it cheaply): the text
of each style with :data:`citations.PLACEHOLDER` for the cited URL, the COinS pairs,
the page's name. When the page is written, :func:`html` turns it into one HTML string
with the revision's URL from the *current* ``html_baseurl`` (which only rewrites pages,
never re-reads them), every value escaped. No docutils subtree, no Pygments, no walk of
the doctree: the block costs almost nothing to read, pickle and write.
"""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxTranslator

from seedarchive import __version__
from seedarchive.archive import layout
from seedarchive.cite import crosswalk
from seedarchive.schema.article import RevisionPage
from seedarchive.sphinxext.content import citations
from seedarchive.sphinxext.content.bidi import isolate_cited
from seedarchive.sphinxext.pagedata import shown

#: A revision's download files, beside its memento page: suffix → (label, media type).
DOWNLOADS = {
    ".bib": ("BibTeX", "application/x-bibtex"),
    ".ris": ("RIS", "application/x-research-info-systems"),
    ".csl.json": ("CSL-JSON", "application/vnd.citationstyles.csl+json"),
    ".datacite.xml": ("DataCite XML", "application/vnd.datacite.datacite+xml"),
    ".prov.jsonld": ("Provenance (PROV-O, JSON-LD)", "application/ld+json"),
}
#: The chooser's short name of each style of :data:`citations.STYLES` (the first is shown
#: without JavaScript).
CHOOSER = {
    "apa": "APA 7",
    "mla": "MLA 9",
    "chicago": "Chicago 18 notes-bibliography",
    "chicago-ad": "Chicago 18 author-date",
}


def permanent_url(config: Config, docname: str) -> str:
    """The absolute URL of ``docname`` under ``html_baseurl`` (which ends in ``/``)."""
    return layout.page_url(config.html_baseurl, docname, config.html_file_suffix or ".html")


_TAG = re.compile(r"<[^>]*>")


def revision_url(config: Config, docname: str, revision: int | str) -> str:
    """The absolute memento URL of revision ``revision`` of the article page ``docname``:
    what a citation of the text shown cites (immutable, unlike :func:`permanent_url`)."""
    return layout.revision_url(config.html_baseurl, docname, revision, config.html_file_suffix or ".html")


def archive_name(config: Config) -> str:
    """The archive's name as text: Sphinx reads ``html_title`` as HTML (``docs/conf.py`` escapes
    the name of ``archive.toml`` into it), so its tags are stripped and its entities read."""
    if not config.html_title:
        return str(config.project)
    return unescape(_TAG.sub("", str(config.html_title)))


def _coins_span(pairs: list[list[str]]) -> str:
    title = "&".join(f"{key}={quote(value, safe='')}" for key, value in pairs)
    return f'<span class="Z3988" title="{escape(title)}"></span>'


def coins_span(data: RevisionPage, url: str) -> str:
    """The COinS span of an article (its page's metadata ``data``, permanent URL ``url``):
    the same span as the page's own, for listings (one per listed article)."""
    return _coins_span(crosswalk.coins_pairs(data, url))


class cite_block(nodes.General, nodes.Element):  # type: ignore[misc]  # docutils is untyped
    """The "Cite this page" block, as plain data (see :func:`block` for the attributes)."""


def block(
    data: RevisionPage, *, docname: str, config: Config, cache: Path | None = None, stored: Path | None = None
) -> list[nodes.Node]:
    """The block, with :data:`citations.PLACEHOLDER` where the cited URL goes.

    Attributes: ``docname`` (the article's permanent page, also on a revision's own page);
    ``archived`` and ``revision``; ``formats``, a list of ``[key, label, text]``, one per
    style of :data:`citations.STYLES`; ``coins``, a list of ``[name, value]``.
    """
    url = citations.PLACEHOLDER
    archive = archive_name(config)
    texts = citations.formatted(data, url, archive=archive, cache=cache, stored=stored)
    formats = [[key, label, texts[key]] for key, (label, _style) in citations.STYLES.items()]
    node = cite_block(
        docname=docname,
        archived=citations.archived_at(data),
        revision=str(data["revision"]),
        formats=formats,
        coins=crosswalk.coins_pairs(data, url),
    )
    return [node]


def _pre(text: str) -> str:
    """The text of a ``<pre>`` as Pygments wrote it: newlines normalised, ending in one."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip("\n") + "\n"


CURRENT = ' aria-current="true"'


def to_html(
    node: nodes.Element, url: str, *, permanent: str, downloads: str | None = None, styles: str | None = None
) -> str:
    """The block as HTML, citing ``url`` (the revision's memento URL) and offering
    ``permanent`` (the article's latest revision); every value is escaped. ``downloads``:
    the relative path, without suffix, of the revision's files (default: from the article
    page, ``IDENTIFIER/rN``). ``styles``: the relative URL of a page whose block holds every
    style (the memento page of the revision cited): only the first style is written, and the
    chooser's other links lead there; None: every style is written."""
    link, latest = escape(url), escape(permanent)
    revision = escape(node["revision"])
    out = [
        '<div class="cite-this docutils container">\n',
        f"<p><strong>Cite this revision (revision {revision}, fixed): </strong>",
        f'<a class="cite-url reference external" href="{link}">{link}</a></p>\n',
        "<p>This article, latest revision: ",
        f'<a class="permanent-url reference external" href="{latest}">{latest}</a></p>\n',
        f"<p>Archived {escape(node['archived'])}, revision {revision}. "
        f"Cite a paragraph as {link}#p4 (paragraph 4).</p>\n",
        '<div class="cite-styles">\n<p class="cite-chooser">Style: ',
        " · ".join(
            f'<a href="{escape(styles if n and styles else "")}#cite-{escape(key)}"{CURRENT if n == 0 else ""}>'
            f"{escape(CHOOSER[key])}</a>"
            for n, (key, _label, _text) in enumerate(node["formats"])
        ),
        "</p>\n",
    ]
    for n, (key, label, text) in enumerate(node["formats"][:1] if styles else node["formats"]):
        default = " cite-default" if n == 0 else ""
        out.append(
            f'<div class="cite-format cite-format-{escape(key)}{default}" id="cite-{escape(key)}">'
            f'<p class="rubric">{escape(label)}</p>'
            f"<pre>{escape(_pre(text.replace(citations.PLACEHOLDER, url)))}</pre></div>\n"
        )
    out.append("</div>\n")
    if downloads is None:
        downloads = f"{node['docname'].rsplit('/', 1)[-1]}/r{node['revision']}"
    saved = f"{node['docname'].rsplit('/', 1)[-1]}-r{node['revision']}"
    links = " · ".join(
        f'<a href="{escape(downloads + suffix)}" type="{escape(kind)}" download="{escape(saved + suffix)}">'
        f"{escape(label)}</a>"
        for suffix, (label, kind) in DOWNLOADS.items()
    )
    out.append(f'<p class="cite-downloads">Download this revision: {links}</p>\n')
    pairs = [[key, url if value == citations.PLACEHOLDER else value] for key, value in node["coins"]]
    out.append(_coins_span(pairs))
    out.append("</div>\n")
    return "".join(out)


def to_text(node: nodes.Element, url: str, *, permanent: str) -> str:
    """The block as plain text (the text builder): the URLs, each style and the files."""
    parts = [
        f"Cite this revision (revision {node['revision']}, fixed): {url}",
        f"This article, latest revision: {permanent}",
        f"Archived {node['archived']}, revision {node['revision']}.",
    ]
    for _key, label, body in node["formats"]:
        parts.append(f"{label}:\n\n{_pre(body.replace(citations.PLACEHOLDER, url)).rstrip()}")
    stem = url.removesuffix(".html")
    files = ", ".join(f"{label} {stem}{suffix}" for suffix, (label, _kind) in DOWNLOADS.items())
    parts.append(f"Download this revision: {files}")
    return "\n\n".join(parts)


def _urls(translator: SphinxTranslator, node: nodes.Element) -> tuple[str, str]:
    """The cited (revision) URL and the permanent URL of the block's page."""
    config = translator.builder.config
    return revision_url(config, node["docname"], node["revision"]), permanent_url(config, node["docname"])


def _visit_html(translator: Any, node: nodes.Element) -> None:
    url, permanent = _urls(translator, node)
    data = shown(translator.builder.env, node["docname"])  # titles and names isolated (issue 28)
    memento = f"{node['docname'].rsplit('/', 1)[-1]}/r{node['revision']}.html"  # every style, same URL cited
    translator.body.append(isolate_cited(to_html(node, url, permanent=permanent, styles=memento), data))
    raise nodes.SkipNode


def _visit_text(translator: Any, node: nodes.Element) -> None:
    url, permanent = _urls(translator, node)
    translator.new_state(0)
    translator.add_text(to_text(node, url, permanent=permanent))
    translator.end_state(wrap=False)
    raise nodes.SkipNode


def _skip(translator: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


def _warm(app: Sphinx, env: Any, docnames: list[str]) -> None:
    """Parse the CSL styles before Sphinx forks its parallel readers, which inherit them."""
    if app.parallel > 1 and len(docnames) > 5:  # when Sphinx reads in parallel
        from seedarchive.cite import csl

        csl.warm([name for _label, name in citations.STYLES.values()])


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        cite_block,
        html=(_visit_html, None),  # also dirhtml, singlehtml and epub (their format is html)
        text=(_visit_text, None),
        latex=(_skip, None),
        man=(_skip, None),
        texinfo=(_skip, None),
    )
    app.connect("env-before-read-docs", _warm)
    # env_version: doctrees read before the block took its present shape are read again.
    return {"version": __version__, "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
