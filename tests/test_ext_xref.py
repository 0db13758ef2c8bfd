"""Cross-references (content/objects.py) on tests/roots/test-xref: one article, one place,
a page that cites them and a page with two wrong references."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sphinx.util.inventory import InventoryFile

from ext_util import page, warnings

ARTICLE = "storm-closes-the-ferry-6a7b8c9d"

pytestmark = pytest.mark.sphinx("html", testroot="xref", freshenv=True)


def test_articles_and_entities_are_named_in_objects_inv(app: Any) -> None:
    app.build()
    inventory = InventoryFile.loads((Path(app.outdir) / "objects.inv").read_bytes(), uri="https://roots.example/")
    articles = inventory.data["std:article"]
    assert list(articles) == [ARTICLE]
    assert articles[ARTICLE].uri == f"https://roots.example/archive/articles/{ARTICLE}.html"
    assert list(inventory.data["std:entity"]) == ["place/ferry-port"]
    assert "p1" not in inventory.data["std:label"]  # paragraph anchors are ids, not labels


def test_the_roles_link_articles_paragraphs_and_entities(app: Any) -> None:
    app.build()
    links = page(app, "home").select("article p a.reference.internal")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Storm Closes the Ferry", f"archive/articles/{ARTICLE}.html"),  # the headline, without a title given
        ("second paragraph", f"archive/articles/{ARTICLE}.html#p2"),
        ("place/ferry-port", "archive/places/ferry-port.html"),
    ]


def test_the_general_index_has_one_entry_per_entity(app: Any) -> None:
    app.build()
    entries = page(app, "genindex").select("table.genindextable li > a")
    assert [(a.get_text(), a["href"]) for a in entries] == [("Ferry Port", "archive/places/ferry-port.html#ferry-port")]


def test_a_wrong_reference_is_a_warning_naming_it_and_stays_text(app: Any) -> None:
    app.build()
    fix = "Fix: correct the reference"
    assert warnings(app) == [
        "wrong.md:3: WARNING: unknown article identifier 'no-such-article-00000000': no page "
        f"archive/articles/no-such-article-00000000.md. {fix} 'no-such-article-00000000' [seedarchive.article]",
        f"wrong.md:5: WARNING: article '{ARTICLE}' has no paragraph 'p7' (it has p1 to p2). {fix} "
        f"'{ARTICLE}#p7' [seedarchive.article]",
    ]
    assert page(app, "wrong").select("article a.reference.internal") == []
