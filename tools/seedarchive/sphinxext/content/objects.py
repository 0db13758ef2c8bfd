"""Cross-references: ``objects.inv`` names, the ``{article}`` role, general-index entries.

- Every article page is the object ``std:article IDENTIFIER`` and every entity or date
  page ``std:entity KEY`` (``place/kp``, ``author/jason-ditz``, ``date/2018-01``), so
  ``objects.inv`` lists them and another project can link to them through intersphinx
  (``{external+archive:std:article}`IDENTIFIER```).
- ``{article}`IDENTIFIER``` / ``{article}`text <IDENTIFIER#p4>``` cites an article (or a
  paragraph of it) from any page; an unknown identifier or paragraph is a warning naming it
  (``seedarchive.article``), which ``-W`` turns into a failed build. ``{entity}`place/kp```
  links to an entity page.
- The general index gets one entry per entity, pointing at its page, which lists every
  mentioning paragraph. (One entry per mentioning paragraph made ``genindex.html`` 5.8 MB
  at 1,000 articles, rewritten by every build, and would have made it about 60 MB at 10,000.)

All state is in the standard and index domains, which Sphinx merges and purges itself:
parallel-safe.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from seedarchive.archive import layout
from seedarchive.sphinxext.pagedata import article, meta

logger = logging.getLogger(__name__)
PARAGRAPH = re.compile(r"^p([1-9]\d*)$")


class RegisterObjects(SphinxTransform):
    """Note the page's stable name and add index entries; before domains collect (850)."""

    default_priority = 840

    def apply(self, **kwargs: Any) -> None:
        docname = self.env.current_document.docname
        data = meta(self.env, docname)
        if not data:
            return
        std = self.env.domains.standard_domain
        kind = data.get("type")
        if kind == "article":
            std.note_object("article", data["identifier"], "", location=docname)
        elif kind in ("entity", "date"):
            std.note_object("entity", data["key"], "", location=docname)
            if kind == "entity":
                self._index(str(data["name"]))

    def _index(self, name: str) -> None:
        """One general-index entry per entity, at its page's title (the page lists every
        mentioning paragraph): the index stays one line per name however large the archive."""
        section = next(iter(self.document.findall(nodes.section)), None)
        anchor = section["ids"][0] if section is not None and section["ids"] else ""
        entry = addnodes.index(entries=[("single", name, anchor, "", None)])
        if section is not None:
            section.insert(1, entry)  # after the title
        else:
            self.document.append(entry)


class ResolveArticles(SphinxPostTransform):
    """``{article}`` references: headline as text, ``#pN`` checked, unknown ones named."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        std = self.env.domains.standard_domain
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "std" or node.get("reftype") != "article":
                continue
            target = node["reftarget"]
            identifier, _, anchor = target.partition("#")
            found = std.objects.get(("article", identifier))
            data = article(self.env, found[0]) if found else None
            problem = None
            if found is None:
                problem = f"unknown article identifier {identifier!r}: no page {layout.article_docname(identifier)}.md"
            elif anchor:
                match = PARAGRAPH.match(anchor)
                count = data["paragraph_count"] if data is not None else 0
                if not match or int(match.group(1)) > count:
                    problem = f"article {identifier!r} has no paragraph {anchor!r} (it has p1 to p{count})"
            if problem is not None or found is None:
                logger.warning(
                    f"{problem}. Fix: correct the reference {target!r}",
                    location=node,
                    type="seedarchive",
                    subtype="article",
                )
                node.replace_self(node[0].deepcopy() if node.children else nodes.Text(target))
                continue
            contnode = node[0].deepcopy()
            if not node.get("refexplicit") and data:
                contnode = nodes.inline("", data["headline"], classes=["xref", "std", "std-article"])
            ref = make_refnode(self.app.builder, self.env.docname, found[0], anchor, contnode)
            node.replace_self(ref)


def setup(app: Sphinx) -> None:
    app.add_crossref_type("article", "article", objname="archived article")
    app.add_crossref_type("entity", "entity", objname="archive entity or date page")
    app.add_transform(RegisterObjects)
    app.add_post_transform(ResolveArticles)
