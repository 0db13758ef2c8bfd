"""``archive-list`` and ``archive-table`` (content/lists.py) on tests/roots/test-lists: text
stays data, links are relative and checked, listing pages carry one COinS per listed article.
The root's archive/broken.md holds the mistakes a stale archive could have."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

import pytest

from ext_util import page, warnings

PIER = "archive/articles/pier-repairs-begin-1a2b3c4d"
FIX = "Fix: regenerate the archive with `seedarchive convert` [seedarchive.link]"

pytestmark = pytest.mark.sphinx("html", testroot="lists", freshenv=True)


def test_list_items_are_text_links_and_code_never_markup(app: Any) -> None:
    app.build()
    items = page(app, PIER).select("section#in-this-archive li")
    assert [li.get_text() for li in items] == [
        "Place: The Pier (¶2)",
        "Also: Gulls Return",
        "Note: <b>bold</b> & <script>alert(1)</script> *not emphasis*",
        "Source: the original · not a link",
    ]
    assert [[a["href"] for a in li.select("a")] for li in items] == [
        ["../places/pier.html", "#p2"],
        ["gulls-return-5e6f7a8b.html"],
        [],
        ["https://news.example/pier?a=1&b=2"],  # javascript: is shown as text, never linked
    ]
    assert items[2].find("b") is None and items[2].find("script") is None and items[2].find("em") is None
    # a name is isolated (dir="auto", issue 28); a paragraph's "¶2" is ours: a bare link (issue 29)
    place, paragraph = items[0].select("a")
    assert place.attrs == {"href": "../places/pier.html", "dir": "auto"}
    assert paragraph.attrs == {"href": "#p2"}


def test_table_rows_are_label_and_value(app: Any) -> None:
    app.build()
    table = page(app, PIER).select_one("section#provenance table")
    assert [th.get_text() for th in table.select("thead th")] == ["Field", "Value"]
    rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tbody tr")]
    assert rows == [["Identifier", "pier-repairs-begin-1a2b3c4d"], ["Size", "1,234 bytes"],
                    ["Seed <file>", "<pier>.txt"]]
    assert [code.get_text() for code in table.select("code")] == ["pier-repairs-begin-1a2b3c4d", "<pier>.txt"]
    # issue 29: a cell is its text (no <p>), one word of code has no <span class="pre">
    assert table.select("td p, th p") == [] and "archive-table" in table["class"]
    assert [code.attrs for code in table.select("code")] == [{"class": ["literal", "notranslate"]}] * 2
    assert table.select("code span") == []


def test_a_listing_gives_each_listed_article_one_coins_and_an_article_page_none(app: Any) -> None:
    app.build()
    spans = page(app, "archive/places/pier").select("span.Z3988")
    titles = [parse_qs(span["title"])["rft.title"] for span in spans]
    assert titles == [["Pier Repairs Begin"], ["Gulls Return to the Cliffs"]]  # the third item repeats the first
    assert parse_qs(spans[0]["title"])["rft.identifier"] == [f"https://roots.example/{PIER}.html"]
    article = page(app, PIER)
    assert len(article.select("span.Z3988")) == 0  # no cite block on this page, and none for what it lists


def test_bad_links_and_bad_lines_are_warnings_naming_the_fix(app: Any) -> None:
    app.build()
    assert warnings(app) == [
        "archive/broken.md:18: WARNING: archive-table: line 2 is not a list of parts. Fix: regenerate the page "
        "with `seedarchive convert` [docutils]",
        f"archive/broken.md:13: WARNING: link to 'archive/places/nowhere', which is not a page of the site. {FIX}",
        f"archive/broken.md:13: WARNING: link to {PIER}#p9: the article has paragraphs p1 to p3. {FIX}",
    ]
    items = page(app, "archive/broken").select("ul.simple li")
    assert [li.get_text() for li in items] == ["Gone: a page that is not there", "Too far: ¶9"]
