"""Cross-references (content/objects.py) on tests/roots/test-xref: one article, one place,
a page that cites them and a page with two wrong references."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_escape_sequences
from sphinx.util.inventory import InventoryFile

from ext_util import build, copy_root, page, warnings
from seedarchive.sphinxext.content import listings

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


# -- listing pages made from the converter's JSON (content/listings.py) --------------------------

PLACE = "archive/places/ferry-port"


def test_a_listing_page_is_written_from_its_json_in_the_theme(app: Any) -> None:
    app.build()
    html = page(app, PLACE)
    assert html.title.get_text() == "Ferry Port - xref archive"
    assert html.select_one('meta[http-equiv="Content-Security-Policy"]') is not None
    assert html.select_one(".seedarchive-footer") is not None  # the archive's identity, as on every page
    section = html.select_one("article > section")
    assert section["id"] == "ferry-port"
    assert section.h1.get_text() == "Ferry Port¶"
    assert [s["id"] for s in section.select("section")] == ["articles"]
    rows = [[(a.get_text(), a["href"]) for a in li.select("a")] for li in section.select("ul.simple li")]
    article = f"../articles/{ARTICLE}.html"
    assert rows == [[("Storm Closes the Ferry", article), ("¶2", f"{article}#p2")]]
    assert len(section.select("span.Z3988")) == 1  # the listed article's COinS
    assert not (Path(app.outdir) / "_sources" / f"{PLACE}.json.txt").exists()


def _mtime(app: Any, docname: str) -> int:
    return (Path(app.outdir) / f"{docname}.html").stat().st_mtime_ns


def test_a_listing_page_is_written_again_only_when_its_data_changes(
    make_app: Any, tmp_path: Path
) -> None:
    src = copy_root("xref", tmp_path / "src")
    out = tmp_path / "out"
    app, _, warned = build(make_app, src, out)
    assert "places" not in warned  # (wrong.md's warnings are another test's)
    first = _mtime(app, PLACE)
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert _mtime(app, PLACE) == first  # nothing changed: not written
    json_file = src / f"{PLACE}.json"
    json_file.write_text(json_file.read_text("utf-8").replace("Place · 1 article", "Place · one article"), "utf-8")
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert _mtime(app, PLACE) != first
    assert "Place · one article" in page(app, PLACE).select_one("article p").get_text()
    (out / "html" / f"{PLACE}.html").unlink()
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert (out / "html" / f"{PLACE}.html").is_file()  # a missing page is written
    written = _mtime(app, PLACE)
    app, _, _ = build(make_app, src, out)  # -E: a new environment writes every page again
    assert _mtime(app, PLACE) != written


def test_a_settled_listing_file_is_not_read_again_and_a_changed_one_is(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listing's JSON file whose size, times and inode are as the last build noted is not
    read again (listings.read); one changed since, even to the same size with its time put
    back, is read and its page written again; one changed within listings.RACY_NS of a build
    (its status not yet trusted) is read again by the next."""
    src = copy_root("xref", tmp_path / "src")
    out = tmp_path / "out"
    old = 1_600_000_000_000_000_000
    for file in (src / "archive").rglob("*.json"):
        os.utime(file, ns=(old, old))
    opened: list[bytes] = []
    real = listings._head

    def counted(data: bytes) -> Any:
        opened.append(data)
        return real(data)

    monkeypatch.setattr(listings, "_head", counted)
    build(make_app, src, out)
    files = len(opened)
    assert files > 0
    build(make_app, src, out, freshenv=False)
    assert len(opened) == 2 * files  # copied just now (utime moved their ctime): read again
    monkeypatch.setattr(listings, "RACY_NS", 0)  # as if they had settled before the last build
    build(make_app, src, out, freshenv=False)
    opened.clear()
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert opened == []  # every listing file as the last build noted it: none read
    first = _mtime(app, PLACE)
    json_file = src / f"{PLACE}.json"
    text = json_file.read_text("utf-8")
    assert "Place · 1 article" in text
    json_file.write_text(text.replace("Place · 1 article", "Place · 1 articlE"), "utf-8")  # the same size
    os.utime(json_file, ns=(old, old))  # its modification time put back; its ctime moved
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert len(opened) == 1
    assert _mtime(app, PLACE) != first
    assert "Place · 1 articlE" in page(app, PLACE).select_one("article p").get_text()


def test_a_damaged_listing_page_is_a_warning_naming_its_file(make_app: Any, tmp_path: Path) -> None:
    src = copy_root("xref", tmp_path / "src")
    (src / "archive/places/quay.json").write_text('{"format": "seedarchive listing 1", "page": ', "utf-8")
    (src / "archive/places/pier.json").write_text('{"format": "another 2"}', "utf-8")
    # a first line as the converter writes it, then a damaged row: named when the page is written
    head = ('{"format":"seedarchive listing 1","page":{"key":"place/wharf","type":"entity","name":"Wharf"},'
            '"title":"Wharf","body":[')
    (src / "archive/places/wharf.json").write_text(head + '\n["ul",[\n["x" "y"]\n]]\n]}\n', "utf-8")
    _, _, warned = build(make_app, src, tmp_path / "out")
    fix = "Fix: run `seedarchive convert`, which writes the archive's listing pages again [seedarchive.listing]"
    # (wrong.md's warnings are another test's)
    assert [strip_escape_sequences(line) for line in warned.splitlines() if ".json" in line] == [
        f"{src}/archive/places/pier.json:1: WARNING: not a listing page of format 'seedarchive listing 1'. " + fix,
        f"{src}/archive/places/quay.json:1: WARNING: cannot read this listing page (Expecting value: line 1 column 45 "
        "(char 44)). " + fix,
        f"{src}/archive/places/wharf.json:3: WARNING: cannot read this listing page (Expecting ',' delimiter: "
        "line 3 column 6 (char 132)). " + fix,
    ]
    assert not (tmp_path / "out/html/archive/places/quay.html").exists()
    assert not (tmp_path / "out/html/archive/places/wharf.html").exists()


def test_a_listing_page_whose_file_and_targets_are_as_they_were_keeps_its_digest_unhashed(
    make_app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 29: a page's digest is hashed again only when the site, its file or the metadata
    of a page it links to changed; the kept digest is never trusted past such a change: the
    page linking an article whose metadata changed is written again, the other is not."""
    src = copy_root("xref", tmp_path / "src")
    quiet = "archive/places/quiet-bay"
    (src / f"{quiet}.json").write_text(
        '{"format":"seedarchive listing 1","page":{"count":0,"entity_type":"place","id":"quiet-bay",'
        '"key":"place/quiet-bay","name":"Quiet Bay","type":"entity","wikidata":null},"title":"Quiet Bay",'
        '"body":[\n["p",["Place · no article"]]\n]}\n', "utf-8")
    out = tmp_path / "out"
    app, _, _ = build(make_app, src, out)
    first = {name: _mtime(app, name) for name in (PLACE, quiet)}
    hashed: list[str] = []
    real = listings._digest

    def counted(env: Any, site: str, listing: listings.Listing, seen: dict[str, str], names: Any) -> str:
        hashed.append(listing.path)
        return real(env, site, listing, seen, names)

    monkeypatch.setattr(listings, "_digest", counted)
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert hashed == [] and {name: _mtime(app, name) for name in (PLACE, quiet)} == first
    article = src / "archive" / "articles" / f"{ARTICLE}.md"
    article.write_text(article.read_text("utf-8").replace("rights: null", "rights: Quoted"), "utf-8")
    app, _, _ = build(make_app, src, out, freshenv=False)
    assert [Path(path).name for path in hashed] == ["ferry-port.json"]
    assert _mtime(app, PLACE) != first[PLACE] and _mtime(app, quiet) == first[quiet]
