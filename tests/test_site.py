"""Checks over the built site (`make check` runs these on _build/html).

Every internal link and #anchor resolves; every article page carries complete provenance
valid against the schema; each seed's SHA-256 equals what its page and catalog.json record;
the sitemap lists every article under clean URLs; nothing is copied from the build machine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from seedarchive.archive import renderkey

pytestmark = pytest.mark.site
SCHEMA = json.loads((ROOT / "tools" / "seedarchive" / "schema" / "article.schema.json").read_text("utf-8"))


@cache
def _ids(path: Path) -> frozenset[str]:
    page = BeautifulSoup(path.read_text("utf-8"), "lxml")
    return frozenset(el["id"] for el in page.find_all(id=True)) | frozenset(
        el["name"] for el in page.find_all("a", attrs={"name": True})
    )


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every page that does not resolve to a file (and anchor)."""
    problems = []
    for page_path in sorted(site.rglob("*.html")):
        page = BeautifulSoup(page_path.read_text("utf-8"), "lxml")
        for element in page.find_all(["a", "link", "script", "img"]):
            target = element.get("href") or element.get("src")
            if not target or target.startswith(("mailto:", "javascript:", "data:")):
                continue
            if urlsplit(target).scheme or target.startswith("//"):
                continue  # external (or absolute permanent URL, checked separately)
            url, fragment = urldefrag(target)
            resolved = page_path if not url else (page_path.parent / unquote(urlsplit(url).path)).resolve()
            where = page_path.relative_to(site)
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                problems.append(f"{where}: {target} → missing file")
            elif fragment and resolved.suffix == ".html" and unquote(fragment) not in _ids(resolved):
                problems.append(f"{where}: {target} → missing anchor #{fragment}")
    return problems


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_no_file_from_the_build_machine_is_published(site: Path) -> None:
    downloads = site / "_downloads"
    assert not downloads.exists() or not any(downloads.iterdir())
    sources = site / "_sources"  # Sphinx creates it even with html_copy_source off
    assert not sources.exists() or not any(sources.iterdir())
    # issue 26: no doctrees (pickles with the build's absolute paths), no path of this machine
    assert not (site / ".doctrees").exists()
    where = str(ROOT.resolve()).encode()
    assert [p for p in site.rglob("*") if p.is_file() and where in p.read_bytes()] == []


def front_matters(root: Path = ROOT) -> dict[str, dict]:
    """identifier → the `seedarchive` front matter of each committed article page."""
    found = {}
    for path in sorted((root / "archive" / "articles").glob("*.md")):
        text = path.read_text("utf-8")
        data = yaml.safe_load(text.split("---\n", 2)[1])["seedarchive"]
        found[data["identifier"]] = data
    return found


def test_every_article_page_has_complete_valid_provenance(site: Path) -> None:
    pages = front_matters()
    assert pages, "no article pages"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for identifier, data in pages.items():
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{identifier}: {errors[0].message} at {list(errors[0].path)}"
        assert (site / "archive" / "articles" / f"{identifier}.html").exists()


def test_fixity_seeds_match_pages_and_catalog(site: Path) -> None:
    catalog = {r["identifier"]: r for r in json.loads((site / "catalog.json").read_text("utf-8"))["articles"]}
    pages = front_matters()
    assert set(catalog) == set(pages)
    registry = json.loads((ROOT / "archive" / "registry.json").read_text("utf-8"))
    for name, seen in registry["seeds"].items():
        digest = hashlib.sha256((ROOT / "seeds" / name).read_bytes()).hexdigest()
        assert digest == seen["sha256"], f"seeds/{name} changed since conversion: run make html"
        for identifier in seen["articles"]:
            if pages[identifier]["provenance"]["seed"] == name:
                prov = pages[identifier]["provenance"]
                assert prov.get("seed_sha256", prov["sha256"]) == digest, name  # a capture's: the file's
                assert catalog[identifier]["sha256"] == digest, name
            assert name in catalog[identifier]["seeds"]


def test_catalog_has_the_fields_researchers_need(site: Path) -> None:
    records = json.loads((site / "catalog.json").read_text("utf-8"))["articles"]
    assert [r["identifier"] for r in records] == sorted(r["identifier"] for r in records)
    for record in records:
        assert {"identifier", "url", "headline", "authors", "seeds", "sha256", "revision"} <= set(record)
        assert not urlsplit(record["url"]).scheme and (site / record["url"]).exists()


def test_founding_article_is_honest_about_what_it_lacks(site: Path) -> None:
    record = next(
        r
        for r in json.loads((site / "catalog.json").read_text("utf-8"))["articles"]
        if "000_b0338e507dd9b773.txt" in r["seeds"]
    )
    assert record["published"] is None and record["source_url"] is None and record["publisher"] is None
    assert record["authors"] == ["Jason Ditz"]
    page = BeautifulSoup((site / record["url"]).read_text("utf-8"), "lxml")
    table = {
        row.find_all("td")[0].get_text(): row.find_all("td")[1].get_text()
        for row in page.select("table tr")
        if len(row.find_all("td")) == 2
    }
    assert table["Published"] == table["Original URL"] == table["Publisher"] == "unknown (the seed does not say)"
    assert "Undated" in page.select_one(".article-byline").get_text()


def test_sitemap_lists_every_article_under_clean_urls(site: Path) -> None:
    tree = ET.parse(site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text or "" for e in tree.findall("s:url/s:loc", ns)]
    assert locs == sorted(locs)
    base = locs[0].split("archive/")[0] if "archive/" in locs[0] else None
    assert base
    for identifier in front_matters():
        assert urljoin(base, f"archive/articles/{identifier}.html") in locs
    assert not [loc for loc in locs if "/en/" in loc]


def test_archive_is_in_sync_with_seeds(tmp_path: Path) -> None:
    """Converting a clean copy of the repository's seeds and archive changes nothing."""
    for folder in ("seeds", "archive", "fixity", "vocabulary"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "seedarchive", "convert"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    after = {path: data for path, data in after.items() if path.parts[0] != renderkey.CACHE}  # a cache, not data
    assert after == before, "archive/ is out of date: run `make html` and commit archive/"
