"""A small built site: reachability, entity pages ↔ articles, intersphinx, the {article} role,
and what one new article rewrites."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import sphinx_build
from seedarchive.cli import main
from seedarchive.convert import convert

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
PLACES = ["North Korea", "South Korea", "the US", "Japan", "China", "Russia"]
PEOPLE = ["Trump", "President Moon", "the State Department"]


def synth(folder: Path, n: int, start: int = 0) -> None:
    """n small deterministic seeds; some dated (with sidecars), some undated."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        place, other = PLACES[i % len(PLACES)], PLACES[(i * 7 + 3) % len(PLACES)]
        body = [f"Officials in {place} met envoys from {other} on day {i}.",
                f"{PEOPLE[i % len(PEOPLE)]} said talks number {i} went well in Seoul.",
                f"Nothing more was said about item {i}."]
        (folder / f"s{i:05d}.txt").write_text(f"Report Number {i}\n\nBy Writer {i % 5}\n\n" + "\n\n".join(body) + "\n",
                                             encoding="utf-8")
        if i % 3:
            meta = {"published": f"{2010 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}", "publisher": f"Press {i % 2}"}
            (folder / f"s{i:05d}.txt.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")


def project(tmp: Path, n: int) -> Path:
    shutil.copytree(ROOT / "docs", tmp / "docs")
    shutil.copytree(ROOT / "vocabulary", tmp / "vocabulary")
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    synth(tmp / "seeds", n)
    return tmp


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(TOOLS), "SOURCE_DATE_EPOCH": "1700000000"}


def sphinx(src: Path, out: Path, conf: Path | None = None) -> subprocess.CompletedProcess[str]:
    return sphinx_build(src, out, conf=conf or src / "docs", env=env())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = project(tmp_path_factory.mktemp("xref"), 12)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        assert main(["convert", "-q", "--seeds", str(tmp / "seeds"), "--archive", str(tmp / "archive"),
                     "--vocabulary", str(tmp / "vocabulary")]) == 0
    result = sphinx(tmp, tmp / "_build")
    assert result.returncode == 0, result.stderr
    return tmp


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8").split("---\n")[1])["seedarchive"]


def links(html: Path) -> list[str]:
    soup = BeautifulSoup(html.read_bytes(), "lxml")
    return [a["href"] for a in soup.find_all("a", href=True)]


def test_every_article_reachable_from_home(site: Path) -> None:
    out = site / "_build"
    start = (out / "docs" / "index.html").resolve()
    seen, queue = {start}, deque([start])
    while queue:
        page = queue.popleft()
        for href in links(page):
            target, _ = urldefrag(urljoin(page.as_uri(), href))
            if not target.startswith(out.resolve().as_uri()) or not target.endswith(".html"):
                continue
            path = Path(target[len("file://"):])
            if path not in seen and path.exists():
                seen.add(path)
                queue.append(path)
    articles = set((out / "archive" / "articles").glob("*.html"))
    assert len(articles) == 13
    assert {p.resolve() for p in articles} <= seen
    entity_pages = {p.resolve() for folder in ("places", "people", "authors", "publishers", "dates")
                    for p in (out / "archive" / folder).glob("*.html")}
    assert entity_pages <= seen


def test_entity_pages_list_exactly_the_tagged_articles(site: Path) -> None:
    archive = site / "archive"
    tagged: dict[str, set[str]] = {}
    for page in (archive / "articles").glob("*.md"):
        data = front(page)
        for mention in data["entities"]:
            tagged.setdefault(mention["key"], set()).add(data["identifier"])
    assert "person/moon-jae-in" in tagged and "place/kp" in tagged
    for key, identifiers in tagged.items():
        kind, ident = key.split("/")
        folder = {"place": "places", "person": "people", "organisation": "organisations", "topic": "topics"}[kind]
        html = site / "_build" / "archive" / folder / f"{ident}.html"
        listed = {Path(urldefrag(h)[0]).stem for h in links(html) if "../articles/" in h}
        assert listed == identifiers, key
        for identifier in identifiers:  # and every tagged article links back
            back = links(site / "_build" / "archive" / "articles" / f"{identifier}.html")
            assert f"../{folder}/{ident}.html" in back


def test_index_has_one_entry_per_entity_whose_page_links_paragraphs(site: Path) -> None:
    soup = BeautifulSoup((site / "_build" / "genindex.html").read_bytes(), "lxml")
    links = [(a.get_text(), a["href"]) for a in soup.select("table.indextable a[href]")]
    assert ("North Korea", "archive/places/kp.html#north-korea") in links
    assert all(not re.search(r"#p\d+$", href) for _text, href in links)  # entities, not paragraphs
    assert len(links) == len({href for _text, href in links})  # one entry each
    entity = BeautifulSoup((site / "_build" / "archive" / "places" / "kp.html").read_bytes(), "lxml")
    anchors = [a["href"] for a in entity.select("article a[href]") if "#p" in a["href"]]
    assert anchors
    for href in anchors[:20]:
        page, anchor = href.split("#")
        html = BeautifulSoup((site / "_build" / "archive" / "places" / page).read_bytes(), "lxml")
        assert html.find(id=anchor).name == "p"


def test_objects_inv_and_intersphinx(site: Path, tmp_path: Path) -> None:
    identifier = front(next((site / "archive" / "articles").glob("us-hails*.md")))["identifier"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx']\n"
        f"intersphinx_mapping = {{'archive': ('https://archive.example/', {str(site / '_build' / 'objects.inv')!r})}}\n"
        "html_theme = 'basic'\n"
        "def setup(app):  # the object types a citing project declares to use the names\n"
        "    app.add_crossref_type('article', 'article')\n"
        "    app.add_crossref_type('entity', 'entity')\n", encoding="utf-8")
    (other / "index.rst").write_text(
        f"Other\n=====\n\nSee :external+archive:std:article:`{identifier}` and "
        ":external+archive:std:entity:`place/kp`.\n", encoding="utf-8")
    result = sphinx(other, other / "_build", conf=other)
    assert result.returncode == 0, result.stderr
    hrefs = links(other / "_build" / "index.html")
    assert f"https://archive.example/archive/articles/{identifier}.html" in hrefs
    assert "https://archive.example/archive/places/kp.html" in hrefs


def test_article_role_and_unknown_identifier(site: Path, tmp_path: Path) -> None:
    tmp = tmp_path / "s"
    shutil.copytree(site, tmp, ignore=shutil.ignore_patterns("_build"))
    identifier = front(next((tmp / "archive" / "articles").glob("us-hails*.md")))["identifier"]
    cite = tmp / "docs" / "cite.md"
    cite.write_text(cite.read_text("utf-8") + f"\nSee {{article}}`{identifier}` and "
                    f"{{article}}`its fourth paragraph <{identifier}#p4>`.\n", encoding="utf-8")
    result = sphinx(tmp, tmp / "_build")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp / "_build" / "docs" / "cite.html").read_bytes(), "lxml")
    refs = {a.get_text(): a["href"] for a in soup.find_all("a", href=True)}
    assert refs["US Hails Talks Between North and South Korea"] == f"../archive/articles/{identifier}.html"
    assert refs["its fourth paragraph"] == f"../archive/articles/{identifier}.html#p4"
    text = cite.read_text("utf-8") + "\nAnd {article}`no-such-article`.\n"
    cite.write_text(text, encoding="utf-8")
    line = text.count("\n")  # the reference is on the last line
    result = sphinx(tmp, tmp / "_build2")
    assert result.returncode != 0
    assert (f"cite.md:{line}: WARNING: unknown article identifier 'no-such-article': no page "
            "archive/articles/no-such-article.md. Fix: correct the reference 'no-such-article' "
            "[seedarchive.article]") in result.stderr


def test_adding_one_article_rewrites_only_what_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tmp = project(tmp_path, 40)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = convert(tmp / "seeds", tmp / "archive", vocabulary_dir=tmp / "vocabulary")
    assert convert(tmp / "seeds", tmp / "archive", vocabulary_dir=tmp / "vocabulary").written == []
    synth(tmp / "seeds", 1, start=40)
    report = convert(tmp / "seeds", tmp / "archive", vocabulary_dir=tmp / "vocabulary")
    pages = {p.relative_to(tmp / "archive").as_posix() for p in report.written if p.suffix in (".md", ".json")}
    new = report.new_articles[0]
    data = front(tmp / "archive" / "articles" / f"{new}.md")
    assert f"articles/{new}.md" in pages
    expected_entities = {f"{k.split('/')[0]}" for k in (m["key"] for m in data["entities"])}
    assert expected_entities
    year = data["published"][:4]
    # entity and date pages are JSON files (issue 29), the indexes MyST
    assert {"index.md", f"dates/{year}.json", f"dates/{data['published'][:7]}.json", "dates/index.md"} <= pages
    for mention in data["entities"]:
        kind, ident = mention["key"].split("/")
        folder = {"place": "places", "person": "people", "organisation": "organisations", "topic": "topics"}[kind]
        assert f"{folder}/{ident}.json" in pages
    assert len(pages) < len([p for p in first.written if p.suffix in (".md", ".json")]) / 2
    rewritten_articles = {p for p in pages if p.startswith("articles/")}
    assert len(rewritten_articles) <= 1 + 2 + 5 * 2, rewritten_articles  # itself, neighbours, related changes


def test_big_listings_are_paged_by_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entity listing more than PAGE articles gets one page per year (per month in a year
    holding more), linked from its page; together they list every article once; a year of
    archive/dates holding more leaves its articles to the months (issue 29)."""
    from seedarchive.render import crossref

    monkeypatch.setattr(crossref, "PAGE", 3)
    tmp = project(tmp_path, 40)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    convert(tmp / "seeds", tmp / "archive", vocabulary_dir=tmp / "vocabulary")
    archive = tmp / "archive"
    tagged: dict[str, set[str]] = {}
    for article in (archive / "articles").glob("*.md"):
        data = front(article)
        for mention in data["entities"]:
            tagged.setdefault(mention["key"], set()).add(data["identifier"])
    paged = [json.loads(p.read_text("utf-8")) for p in (archive / "places").glob("*.json")]
    big = [p for p in paged if p["page"]["count"] > 3]
    assert big
    urls = set((archive / "urls.txt").read_text("utf-8").splitlines())
    out = tmp / "_build"
    result = sphinx(tmp, out)
    assert result.returncode == 0, result.stderr[-3000:]
    for page in big:
        ident = page["page"]["id"]
        main = out / "archive" / "places" / f"{ident}.html"
        parts = [h for h in links(main) if h.startswith(f"{ident}/")]
        assert parts and f"archive/places/{ident}/{Path(parts[0]).name}" in urls
        listed: list[str] = []
        for href in parts:
            part = out / "archive" / "places" / href
            # the headline links (not those to a paragraph or "headline", a mention in it)
            soup = BeautifulSoup(part.read_bytes(), "lxml")
            listed += [Path(a["href"]).stem for a in soup.select('article a[dir="auto"][href^="../../articles/"]')]
            if Path(href).name.startswith("undated"):  # more than PAGE undated: by initials (crossref.initials)
                more = [h for h in links(part) if h.startswith("undated-") and f"{ident}/{h}" not in parts]
                assert all(f"archive/places/{ident}/{h}" in urls for h in more)
                parts += [f"{ident}/{h}" for h in more]
            # back to the entity's page (an initial's page: to "Undated" or the initial above)
            assert f"../{ident}.html" in links(part) or any(h.startswith("undated") for h in links(part))
        assert sorted(listed) == sorted(tagged[page["page"]["key"]])  # every article, once
    years = [json.loads(p.read_text("utf-8")) for p in (archive / "dates").glob("[0-9][0-9][0-9][0-9].json")]
    big_years = [y for y in years if y["page"]["count"] > 3]
    assert big_years and all(["h2", "Articles"] not in y["body"] and ["h2", "Months"] in y["body"] for y in big_years)
    # one more article: of the period pages, only those of its own period are written again
    synth(tmp / "seeds", 1, start=40)
    report = convert(tmp / "seeds", tmp / "archive", vocabulary_dir=tmp / "vocabulary")
    new = front(archive / "articles" / f"{report.new_articles[0]}.md")
    own = {new["published"][:4], new["published"][:7]} if new.get("published") else {"undated"}
    written = [p.relative_to(archive) for p in report.written if p.suffix == ".json"]
    # FOLDER/NAME/PERIOD.json of a listing folder (records and citations are also ID/rN.json)
    parts = [p for p in written if len(p.parts) == 3 and p.parts[0] in crossref.LISTING_FOLDERS]
    assert parts and all(p.stem in own for p in parts), (own, parts)
