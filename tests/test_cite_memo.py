"""The ``csl`` speedup remembers only what cannot change between items (issue 29).

Its shortcuts (:mod:`seedarchive.cite.upstream.memo`) are checked against citeproc-py without
them on a small style written here for the cases a wrong shortcut would get wrong: a branch
remembered for one item shape taken by an item of another shape (another type, or other
variables), a condition on a variable's value (``is-numeric``) remembered as if it depended
only on the shape, ``match`` "any"/"none"/"all", and a locale's ``cs:date-part`` whose prefix,
suffix and font weight citeproc-py changes while it renders (``Date_Part.process`` copies the
style's attributes onto it), so that what ``wrap`` and ``format`` remember of it would go
stale. The entries are HTML, so that formatting attributes show. The official styles are
compared with plain citeproc-py by tests/test_cite_speed.py (``python -m bench.cite``).
"""

from __future__ import annotations

import io
from typing import Any

from seedarchive.cite import csl
from seedarchive.cite.upstream import cslfixes, memo

STYLE = b"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>memo check</title><id>memo-check</id><updated>2026-12-07T00:00:00+00:00</updated></info>
  <macro name="author">
    <names variable="author"><name initialize-with=". "/><substitute><text variable="title"/></substitute></names>
  </macro>
  <macro name="where">
    <choose>
      <if type="article-newspaper" variable="container-title" match="all">
        <text variable="container-title" font-style="italic" prefix="In "/>
      </if>
      <else-if variable="abstract volume" match="none">
        <text value="nothing more"/>
      </else-if>
      <else-if is-numeric="volume">
        <text variable="volume" prefix="vol. "/>
      </else-if>
      <else-if variable="abstract" match="any">
        <text variable="abstract" quotes="true"/>
      </else-if>
      <else>
        <text variable="volume" prefix="volume "/>
      </else>
    </choose>
  </macro>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography>
    <layout suffix=".">
      <group delimiter=". ">
        <text macro="author"/>
        <text variable="title"/>
        <text macro="where"/>
        <date variable="issued" form="text"/>
        <date variable="issued" form="text">
          <date-part name="year" prefix="[" suffix="]" font-weight="bold"/>
        </date>
      </group>
    </layout>
  </bibliography>
</style>
"""


def _item(n: int, kind: str, **more: Any) -> dict[str, Any]:
    item = {"id": f"i{n}", "type": kind, "title": f"Title {n}", "issued": {"date-parts": [[2000 + n, 1 + n % 12, 3]]}}
    return {**item, **more}


#: Items of several shapes, in an order where each shape follows another.
ITEMS = [
    _item(0, "article-newspaper", author=[{"family": "Kim", "given": "Jong-un"}], **{"container-title": "Herald"}),
    _item(1, "webpage", **{"container-title": "Herald"}),  # the same variables, another type
    _item(2, "article-newspaper", volume="12"),
    _item(3, "article-newspaper", volume="twelve"),  # the same shape, not numeric
    _item(4, "article-newspaper"),
    _item(5, "article-newspaper", abstract="A summary", volume="xii b"),
    _item(6, "article-newspaper", abstract="A summary"),
    _item(7, "article-magazine", author=[{"literal": "Desk"}], **{"container-title": "Weekly"}),
    _item(8, "article-newspaper", volume="7"),
    _item(9, "webpage", **{"container-title": "Herald"}),
    _item(10, "article-newspaper", volume="seven"),
    _item(11, "article-newspaper", author=[{"family": "Ditz", "given": "Jason"}], **{"container-title": "Post"}),
]


def _entries() -> list[str]:
    """Each item's entry in :data:`STYLE` (a fresh copy of the style: citeproc-py changes its
    locale's date parts while it renders), as HTML."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    assert cslfixes.apply() is None
    style = CitationStylesStyle(io.BytesIO(STYLE), validate=False)
    out = []
    for item in ITEMS:
        bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.html)
        bibliography.register(Citation([(csl.item_class or CitationItem)(item["id"])]))
        out.append(str(bibliography.bibliography()[0]))
    return out


def test_the_speedup_gives_the_entries_of_citeproc_py_on_every_shortcut(restore_speedups: None) -> None:
    memo.uninstall()
    plain = _entries()
    assert memo.install()
    fast = _entries()
    assert fast == plain
    # the cases are there: another type, a value that is not numeric, the date part changed
    assert "In <i>Herald</i>" in plain[0] and "Herald" not in plain[1]
    assert "vol. 12" in plain[2] and "volume twelve" in plain[3]
    assert "nothing more" in plain[4] and "\u201cA summary\u201d" in plain[6]
    assert plain[0].endswith("January 3, 2000. January 3, [<b>2000</b>].")


def test_a_shape_remembered_once_is_remembered_for_the_next_item_too(restore_speedups: None) -> None:
    """The shortcuts are taken, not only installed: after the items, conditions and branches
    are remembered per shape, and the second item of a shape finds them."""
    memo.uninstall()
    assert memo.install()
    _entries()
    assert memo._outcomes and memo._branches
    shapes = {shape for (_element, shape) in memo._branches}
    assert ("webpage", frozenset({"key", "type", "title", "issued", "container_title"})) in shapes
