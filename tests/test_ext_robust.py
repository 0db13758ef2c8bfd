"""Robust Links (content/robust.py) on tests/roots/test-mementos: the article with a known
original URL links it from its page (memento links) and from its memento (provenance table),
each link naming the memento and its date; the memento's URL is absolute under
``html_baseurl`` and relative to the page without it; the article without a URL has none."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from ext_util import text

TIDE = "archive/articles/tide-tables-corrected-5a6b7c8d"
QUAY = "archive/articles/quay-closed-for-works-9e8d7c6b"
ORIGINAL = "https://courier.example/2025/03/quay"
DATE = "2025-03-02T07:45:00Z"  # the revision's recorded_at in the root (no capture)


def _links(app: Any, name: str) -> list[dict[str, str]]:
    page = BeautifulSoup(text(app, name), "lxml")
    return [{k: str(v) for k, v in a.attrs.items() if k.startswith("data-") or k == "href"}
            for a in page.select("a[href]") if a["href"] == ORIGINAL or a.has_attr("data-originalurl")]


def _robust(version: str) -> dict[str, str]:
    return {"href": ORIGINAL, "data-originalurl": ORIGINAL, "data-versionurl": version, "data-versiondate": DATE}


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True)
def test_links_to_the_original_url_name_the_memento_under_the_base_url(app: Any) -> None:
    app.build()
    memento = f"https://roots.example/{QUAY}/r1.html"
    assert _links(app, f"{QUAY}.html") == [_robust(memento)]
    assert _links(app, f"{QUAY}/r1.html") == [_robust(memento)]
    for name in (f"{TIDE}.html", f"{TIDE}/r1.html", f"{TIDE}/r2.html"):
        assert _links(app, name) == [], name


@pytest.mark.sphinx("html", testroot="mementos", freshenv=True, srcdir="mementos-no-baseurl",
                    confoverrides={"html_baseurl": ""})
def test_without_a_base_url_the_memento_is_linked_relative_to_the_page(app: Any) -> None:
    app.build()
    assert _links(app, f"{QUAY}.html") == [_robust("quay-closed-for-works-9e8d7c6b/r1.html")]
    assert _links(app, f"{QUAY}/r1.html") == [_robust("r1.html")]
