"""FAIR Signposting (issue 31): every article and memento page says where its citable URL,
metadata files, seed file and type are, and each article has an RFC 9264 linkset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from seedarchive.sphinxext.content import signposting

BASE = "http://127.0.0.1:8000/"  # the preview address make html builds with


def _links(page: Path) -> list[tuple[str, str, str]]:
    head = BeautifulSoup(page.read_bytes(), "lxml").head
    assert head is not None
    rels = {"cite-as", "describedby", "item", "license", "type", "linkset"}
    return [
        (str(" ".join(link["rel"])), str(link["href"]), str(link.get("type", "")))
        for link in head.find_all("link")
        if set(link.get("rel", [])) & rels
    ]


def test_links_without_a_seed_or_a_licence_url_leave_them_out() -> None:
    found = signposting.links("https://a.example/x/y.html", licence="All rights reserved")
    assert [link.rel for link in found] == ["cite-as", *["describedby"] * 5, "type", "type"]
    assert found[1] == ("describedby", "https://a.example/x/y.bib", "application/x-bibtex")
    with_both = signposting.links("https://a.example/y.html", seed="https://a.example/s.txt",
                                  licence="https://creativecommons.org/licenses/by/4.0/")
    assert ("item", "https://a.example/s.txt", "") in with_both
    assert ("license", "https://creativecommons.org/licenses/by/4.0/", "") in with_both


@pytest.mark.site
def test_article_and_memento_pages_signpost_files_that_exist(site: Path) -> None:
    pages = sorted((site / "archive" / "articles").glob("*.html")) + sorted(
        (site / "archive" / "articles").glob("*/r*.html"))
    assert pages
    for page in pages:
        links = _links(page)
        rels = [rel for rel, _href, _type in links]
        own = BASE + page.relative_to(site).as_posix()
        assert ("cite-as", own, "") in links, page
        assert rels.count("describedby") == 5 and rels.count("item") == 1, (page, rels)
        assert "type" not in rels  # in the linkset only: extruct's Dublin Core reader fails on it
        for rel, href, _type in links:
            if rel in ("describedby", "item"):
                assert href.startswith(BASE) and (site / href.removeprefix(BASE)).is_file(), (page, href)
        if page.parent.name == "articles":  # the article's linkset, level 2
            (linkset,) = [href for rel, href, _ in links if rel == "linkset"]
            data = json.loads((page.parent / linkset).read_text("utf-8"))
            (context,) = data["linkset"]
            assert context["anchor"] == own
            types = [("type", kind, "") for kind in signposting.TYPES]
            from_page = sorted([(rel, href, kind) for rel, href, kind in links if rel != "linkset"] + types)
            from_set = sorted(
                (rel, target["href"], target.get("type", ""))
                for rel, targets in context.items() if rel != "anchor" for target in targets
            )
            assert from_set == from_page
        else:
            assert "linkset" not in rels
