"""The archive's identity from archive.toml on the built site (issue 30): with the real
docs/conf.py, its name is in every citation, export and the feed; its keeper, contact and
licences in every page's footer and on the About page; a bad file stops the build."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import EPOCH, FOUNDING, cite_styles, converted, make_project, soup, sphinx_build

SETTINGS = """\
name = "Korea <Press> Archive"
keeper = "Media Studies Group, University of Example"
contact = "archive@example.edu"
licence_texts = "Copyright of the authors and publishers"
licence_metadata = "CC0-1.0"
base_url = "https://example.edu/group/archive"
language = "en"
"""
NAME = "Korea <Press> Archive"
BASE = "https://example.edu/group/archive/"


def environ() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SEEDARCHIVE_BASEURL"}
    return {**env, "SOURCE_DATE_EPOCH": EPOCH}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("identity"), {FOUNDING.name: FOUNDING.read_bytes()})
    (project / "archive.toml").write_text(SETTINGS, "utf-8")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    try:
        converted(project)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    out = project / "_build" / "html"
    result = sphinx_build(".", out, env=environ(), cwd=project)
    assert result.returncode == 0, result.stderr
    return out


def article(site: Path) -> Path:
    (page,) = [p for p in (site / "archive" / "articles").glob("*.html") if p.parent.name == "articles"]
    return page


def test_every_page_has_the_archive_in_its_title_and_footer(site: Path) -> None:
    for page in (site / "docs" / "about.html", article(site)):
        html = soup(page)
        assert html.title is not None and html.title.get_text().endswith(f" - {NAME}")
        footer = html.select_one(".seedarchive-footer")
        assert footer is not None
        assert footer.select_one(".archive-name").get_text() == NAME  # escaped in, read back as text
        assert footer.select_one(".archive-keeper").get_text() == "Media Studies Group, University of Example"
        assert footer.select_one("a.archive-contact")["href"] == "mailto:archive@example.edu"
        assert footer.select_one(".archive-licence-texts").get_text() == "Copyright of the authors and publishers"
        assert footer.select_one(".archive-licence-metadata").get_text() == "CC0-1.0"
        assert footer.select_one(".archive-unset") is None  # everything is set
        assert html.select_one(".copyright") is None  # no "Copyright the seedarchive editors"
        assert "seedarchive editors" not in page.read_text("utf-8")


def test_the_name_is_written_once_escaped_in_every_kind_of_page(site: Path) -> None:
    """html_title is HTML to Sphinx: conf.py escapes the name into it, and no page escapes it
    twice (the root and search redirects did: "Korea &lt;Press&gt; Archive" on screen)."""
    memento = site / "archive" / "articles" / article(site).stem / "r1.html"
    for page in (site / "index.html", site / "search.html", memento, site / "docs" / "index.html"):
        title = soup(page).title
        assert title is not None and title.get_text().endswith(NAME), (page.name, title)
    brand = soup(site / "docs" / "index.html").select_one(".sidebar-brand-text")
    assert brand is not None and brand.get_text().strip() == NAME


def test_the_about_page_shows_the_settings(site: Path) -> None:
    html = soup(site / "docs" / "about.html")
    table = html.select_one("table.archive-identity")
    assert table is not None
    rows = [[cell.get_text().strip() for cell in row.select("td")] for row in table.select("tr")]
    assert rows == [
        ["Name", NAME],
        ["Kept by", "Media Studies Group, University of Example"],
        ["Contact", "archive@example.edu"],
        ["Licence of the texts", "Copyright of the authors and publishers"],
        ["Licence of the metadata and exports", "CC0-1.0"],
        ["Published at", BASE],
        ["Language of its own pages", "en"],
    ]
    assert not [a for a in html.select("article a[href]") if "sphinx-doc.org" in a["href"] and "seedarchive" in a.text]


def test_every_citation_and_export_names_the_archive(site: Path) -> None:
    page = article(site)
    block = soup(page).select_one(".cite-this")
    assert block is not None
    # the first style in the page, the others where its chooser leads (issue 29)
    texts = {f"cite-format-{key}": box.select_one("pre").get_text() for key, box in cite_styles(page).items()}
    assert texts and all("Unnamed archive" not in t and "seedarchive" not in t for t in texts.values())
    for key in ("cite-format-apa", "cite-format-mla", "cite-format-chicago", "cite-format-chicago-ad"):
        assert NAME in texts[key], key
        assert BASE in texts[key], key
    base = page.with_suffix("")
    assert json.loads(base.with_suffix(".csl.json").read_text("utf-8"))[0]["archive"] == NAME
    bib = (site / "archive.bib").read_text("utf-8")
    assert "Korea" in bib and BASE in bib
    items = json.loads((site / "archive.csl.json").read_text("utf-8"))
    assert [i["archive"] for i in items] == [NAME]


def test_the_feed_is_the_archives(site: Path) -> None:
    from lxml import etree

    feed = etree.parse(str(site / "atom.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:title", namespaces=ns) == f"{NAME}: recently added"
    assert feed.findtext("a:author/a:name", namespaces=ns) == "Media Studies Group, University of Example"
    assert feed.findtext("a:rights", namespaces=ns) == "CC0-1.0"
    assert feed.findtext("a:id", namespaces=ns) == f"{BASE}atom.xml"


def test_a_bad_archive_toml_stops_the_build_with_every_problem(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "archive.toml").write_text('name = 1\nbase_url = "ftp://example.edu/"\n', "utf-8")
    result = sphinx_build(".", tmp_path / "out", env=environ(), cwd=project)
    assert result.returncode == 2
    assert (
        "ConfigError: 2 problem(s) in archive.toml:\n"
        '    archive.toml: `name` is a number, not text. Fix: write it in quotes: name = "Korea Press Archive"\n'
        "    archive.toml: `base_url`: 'ftp://example.edu/' is not an http:// or https:// address with a host. "
        'Fix: give the address the site is published at, e.g. "https://example.edu/group/archive/"'
    ) in result.stderr
    # Sphinx 9 shows a ConfigError of conf.py inside its error report; `make html` checks
    # archive.toml first (python -m seedarchive.publish.settings) and prints only the problems.


@pytest.mark.site
def test_the_defaults_say_they_are_defaults() -> None:
    """The repository's archive.toml sets nothing yet: every page says what is not yet set."""
    from conftest import SITE

    html = soup(SITE / "docs" / "about.html")
    unset = html.select_one(".seedarchive-footer .archive-unset")
    assert unset is not None
    assert unset.get_text() == (
        "Not yet set in archive.toml: the archive's name, who keeps it, a contact, the licence of the texts, "
        "the licence of the metadata; the defaults are shown until the archive's keepers set them."
    )
    assert html.select_one(".seedarchive-footer .archive-name").get_text() == "Unnamed archive"
    assert html.select_one(".seedarchive-footer .archive-keeper").get_text() == "not yet set"
