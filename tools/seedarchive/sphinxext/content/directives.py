"""Directives the converter writes into article pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from seedarchive.archive import layout
from seedarchive.sphinxext.content import reading
from seedarchive.sphinxext.pagedata import OLD_REVISION, article, shown, summary


def parse_with_myst(state: Any, content: StringList, offset: int, node: nodes.Element) -> None:
    """The article text, MyST with every ASCII punctuation escaped, parsed into ``node`` by
    myst-parser."""
    state.nested_parse(content, offset, node)


#: How the article text is parsed: :func:`parse_with_myst`, or the ``body`` speedup's parse,
#: which gives the same nodes (``upstream/speedups/body.py``).
parse_body = parse_with_myst


class ArticleBody(SphinxDirective):
    """The article text; paragraph N gets the permanent anchor ``pN`` (pinpoint citation).

    The anchors are HTML ids only, not Sphinx labels, so ten thousand articles do not
    put ten thousand ``p1`` labels into the inventory. Any other id that happens to be
    ``pN`` on the page (a headline "P1") gives way to the paragraph.
    """

    has_content = True

    def run(self) -> list[nodes.Node]:
        from seedarchive.sphinxext.content import mementos

        before, body = reading.article_body(shown(self.env, self.env.docname))
        before = [*mementos.revised_notice(article(self.env, self.env.docname), self.env.docname), *before]
        parse_body(self.state, self.content, self.content_offset, body)
        document = self.state.document
        number = 0
        for child in body.children:
            if not isinstance(child, nodes.paragraph):
                continue
            number += 1
            anchor = f"p{number}"
            other = document.ids.get(anchor)
            if other is not None:
                other["ids"].remove(anchor)
                if not other["ids"]:
                    other["ids"].append(f"section-{anchor}")
                    document.ids[other["ids"][0]] = other
            child["ids"].append(anchor)
            reading.number_paragraph(child, number)
            document.ids[anchor] = child
        return [*before, body]


class CiteThis(SphinxDirective):
    """The "Cite this page" block (the permanent URL is put in at write time)."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {"class": directives.class_option}

    def run(self) -> list[nodes.Node]:
        from seedarchive.sphinxext.content import cite

        data = shown(self.env, self.env.docname)
        if data is None:
            return [self.state.document.reporter.warning("cite-this is only for article pages", line=self.lineno)]
        docname = self.env.docname
        if summary(self.env, docname).type == OLD_REVISION:  # ID/rN: the article's page is ID
            docname = docname.rsplit("/", 1)[0]
        return cite.block(
            data,
            docname=docname,
            config=self.config,
            cache=Path(self.env.doctreedir) / "seedarchive-citations",
            stored=Path(self.env.srcdir) / layout.ARCHIVE,
        )


def setup(app: Sphinx) -> None:
    app.add_directive("article-body", ArticleBody)
    app.add_directive("cite-this", CiteThis)
    app.setup_extension("seedarchive.sphinxext.content.cite")
