"""The archive's identity on its pages: the footer line of every page and the About page's table.

``docs/conf.py`` reads ``archive.toml`` (:mod:`seedarchive.publish.settings`) and hands its
values to Sphinx: the name as ``project`` and ``html_title``, the language as ``language``, the
base URL as ``html_baseurl``, the rest as ``seedarchive_keeper``, ``seedarchive_contact``,
``seedarchive_licence_texts``, ``seedarchive_licence_metadata`` and ``seedarchive_unset`` (the
keys left at their defaults). :func:`footer` is what the template ``page.html`` shows under
every page; the directive ``archive-identity`` writes the same as a table (the About page).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from seedarchive.archive import layout
from seedarchive.sphinxext.content.cite import archive_name

FILE = "archive.toml"
NOT_SET = "not yet set"

#: archive.toml keys, as the footer names the ones not yet set.
UNSET_WORDS = {
    "name": "the archive's name",
    "keeper": "who keeps it",
    "contact": "a contact",
    "licence_texts": "the licence of the texts",
    "licence_metadata": "the licence of the metadata",
}


def contact_href(contact: str) -> str:
    """A contact as a link target: ``mailto:`` for an e-mail address, a URL as it is."""
    if not contact:
        return ""
    return contact if "://" in contact else f"mailto:{contact}"


def footer(config: Any) -> dict[str, Any]:
    """What the footer of every page shows (strings; the template escapes them)."""
    unset = [key for key in config.seedarchive_unset if key in UNSET_WORDS]
    return {
        "name": archive_name(config),
        "keeper": config.seedarchive_keeper or NOT_SET,
        "contact": config.seedarchive_contact,
        "contact_href": contact_href(config.seedarchive_contact),
        "licence_texts": config.seedarchive_licence_texts or NOT_SET,
        "licence_metadata": config.seedarchive_licence_metadata or NOT_SET,
        "unset": ", ".join(UNSET_WORDS[key] for key in unset),
        "file": FILE,
    }


def rows(config: Any) -> list[tuple[str, str, str]]:
    """The About page's table: (label, text, link target or "")."""
    base = layout.site_base(config.html_baseurl)
    return [
        ("Name", archive_name(config), ""),
        ("Kept by", config.seedarchive_keeper or NOT_SET, ""),
        ("Contact", config.seedarchive_contact or NOT_SET, contact_href(config.seedarchive_contact)),
        ("Licence of the texts", config.seedarchive_licence_texts or NOT_SET, ""),
        ("Licence of the metadata and exports", config.seedarchive_licence_metadata or NOT_SET, ""),
        ("Published at", base, base),
        ("Language of its own pages", str(config.language or "en"), ""),
    ]


class ArchiveIdentity(SphinxDirective):
    """``archive-identity``: the settings of ``archive.toml`` as a two-column table."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        config = self.env.config
        body = nodes.tbody()
        for label, text, href in rows(config):
            value: nodes.Node = nodes.reference("", text, refuri=href) if href else nodes.Text(text)
            row = nodes.row()
            row += nodes.entry("", nodes.paragraph("", label))
            row += nodes.entry("", nodes.paragraph("", "", value))
            body += row
        group = nodes.tgroup(cols=2)
        group += nodes.colspec(colwidth=1)
        group += nodes.colspec(colwidth=2)
        group += body
        table = nodes.table("", group, classes=["archive-identity"])
        unset = footer(config)["unset"]
        out: list[nodes.Node] = [table]
        if unset:
            out.append(
                nodes.paragraph(
                    "", f"Not yet set in {FILE}: {unset}. The values above are the defaults until its keepers set them."
                )
            )
        return out


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["seedarchive_archive"] = footer(app.config)


def setup(app: Sphinx) -> None:
    app.add_directive("archive-identity", ArchiveIdentity)
    app.connect("html-page-context", _page_context)
