"""``archive-list``/``archive-table``: data written by the converter, HTML written by the extension.

A real project with the founding seed and a hostile one is converted and built; the lists
must show hostile text literally, link where the data says, and fail the build (-W) when
the data points at a page or paragraph that does not exist.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FOUNDING, ROOT, build, convert, make_project, soup, sphinx_build
from seedarchive.render import markup

HOSTILE = (
    "Mayor <script>alert(1)</script> says {eval}`x` and [a](javascript:alert(1)) "
    "```{raw} html\n<b>x</b>\n``` & </p>\n\nA second paragraph of ordinary words follows here.\n"
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("lists")
    project = make_project(base, {FOUNDING.name: FOUNDING.read_bytes(), "hostile.txt": HOSTILE.encode()})
    shutil.copytree(ROOT / "vocabulary", project / "vocabulary")
    result = convert(project)
    assert result.returncode == 0, result.stderr
    build(project)
    return project


def _article(project: Path, word: str) -> Path:
    return next(p for p in (project / "archive" / "articles").glob("*.md") if word in p.name)


def test_data_block_lines_are_json_that_cannot_close_the_fence() -> None:
    rows = [["```", {"t": "```{raw} html", "d": "archive/index"}, "\n```\n:class: x\u2028y\x85z"]]
    lines = markup.data_block("archive-list", rows)
    assert lines[0] == "```{archive-list}" and lines[-2:] == ["```", ""]
    assert all(line.startswith("[") for line in lines[1:-2]) and len(lines) == 4
    assert '" ``` :class: x y z"' in lines[1]  # every run of whitespace (line breaks too) is one space
    with pytest.raises(ValueError, match="unsafe link target"):
        markup.page("x", "archive/a b")
    assert markup.url("x", "javascript:alert(1)") == "x"


def test_hostile_text_is_literal_in_lists_and_table(project: Path) -> None:
    html_dir = project / "_build" / "html" / "archive"
    page = soup(html_dir / "articles" / (_article(project, "mayor").stem + ".html"))
    listing = soup(html_dir / "index.html")
    for html in (page, listing):  # only the JSON-LD block holds the headline, as JSON
        scripts = [s for s in html.find_all("script") if s.get("type") != "application/ld+json"]
        assert not any("alert" in s.get_text() for s in scripts)
    headline = page.find("h1").get_text().rstrip("¶")
    links = {a.get_text(): a["href"] for a in listing.select("article ul.simple a")}
    assert headline in links and links[headline].startswith("articles/mayor-script-alert")
    assert headline.startswith("Mayor <script>alert(1)</script> says {eval}`x`")
    assert not any(href.startswith("javascript:") for href in links.values())
    table = {
        row.find_all("td")[0].get_text(): row.find_all("td")[1].get_text()
        for row in page.select("#provenance table tr")
        if len(row.find_all("td")) == 2
    }
    assert table["Seed file"] == "hostile.txt" and table["Detected encoding"] in ("ascii", "utf-8")
    assert table["Original URL"] == "unknown (the seed does not say)"


def test_founding_article_links_to_its_entities_and_paragraphs(project: Path) -> None:
    page = soup(project / "_build" / "html" / "archive" / "articles" / (_article(project, "us-hails").stem + ".html"))
    items = [li.get_text() for li in page.select("#in-this-archive > ul > li")]
    assert items[0] == "Author: Jason Ditz"
    assert any(i.startswith("Places: North Korea (¶1, ¶2, ¶3, ¶4, ¶6)") for i in items), items
    hrefs = {a["href"] for a in page.select("#in-this-archive a")}
    assert {"../authors/jason-ditz.html", "../places/kp.html", "#p1", "#p6"} <= hrefs
    for href in hrefs:
        if re.fullmatch(r"#p\d+", href):
            assert page.find(id=href[1:]).name == "p"


def _sphinx(project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return sphinx_build(".", out, cwd=project)


def test_links_to_missing_pages_or_paragraphs_fail_the_build(project: Path, tmp_path: Path) -> None:
    copy = tmp_path / "p"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("_build"))
    page = _article(copy, "us-hails")
    text = page.read_text("utf-8")
    broken = text.replace('"d":"archive/places/kp"', '"d":"archive/places/nowhere"', 1)
    broken = broken.replace('{"t":"¶6","a":"p6"}', '{"t":"¶60","a":"p60"}', 1)
    assert broken != text
    page.write_text(broken, encoding="utf-8")
    result = _sphinx(copy, tmp_path / "out")
    assert result.returncode != 0
    assert "link to 'archive/places/nowhere', which is not a page of the site." in result.stderr
    assert f"link to archive/articles/{page.stem}#p60: the article has paragraphs p1 to p7." in result.stderr
    assert "[seedarchive.link]" in result.stderr
