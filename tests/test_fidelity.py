"""Article text is data, never markup: every character of a seed renders literally.

A real Sphinx build of the founding seed and a corpus of hostile seeds; the text of each
built page is compared with its seed, paragraph by paragraph. Hypothesis checks the escaping
on random text through the same Markdown parser myst-parser uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from conftest import FOUNDING, article_texts, build, convert, make_project, normalise, seed_blocks, soup
from hostile import hostile_seeds
from seedarchive.render import markup


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    seeds = {FOUNDING.name: FOUNDING.read_bytes(), **hostile_seeds()}
    project = make_project(tmp_path_factory.mktemp("hostile"), seeds)
    result = convert(project)
    assert result.returncode == 0, result.stderr
    return project, build(project)


def pages_by_seed(project: Path, out: Path) -> dict[str, BeautifulSoup]:
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    pages = {}
    for name, seen in registry["seeds"].items():
        (identifier,) = seen["articles"]
        pages[name] = soup(out / "archive" / "articles" / f"{identifier}.html")
    return pages


def expected_blocks(data: bytes) -> list[str]:
    return [b for b in seed_blocks(data.decode("utf-8")) if not b.startswith("Author:")]


def test_every_seed_renders_literally(hostile_site: tuple[Path, Path]) -> None:
    project, out = hostile_site
    pages = pages_by_seed(project, out)
    seeds = {FOUNDING.name: FOUNDING.read_bytes(), **hostile_seeds()}
    assert set(pages) == set(seeds)
    for name, data in seeds.items():
        assert article_texts(pages[name]) == expected_blocks(data), name


def test_founding_seed_paragraphs_have_anchors(hostile_site: tuple[Path, Path]) -> None:
    project, out = hostile_site
    page = pages_by_seed(project, out)[FOUNDING.name]
    body = [p["id"] for p in page.select(".article-body > p")]
    assert body == [f"p{n}" for n in range(1, 8)]
    for number in page.select(".paragraph-number"):  # the visible paragraph numbers (issue 7)
        number.decompose()
    assert normalise(page.select_one("#p4").get_text()).startswith("North Korea says the nuclear weapons")


def test_no_markup_escapes_into_the_site(hostile_site: tuple[Path, Path]) -> None:
    project, out = hostile_site
    downloads = out / "_downloads"
    assert not downloads.exists() or not any(downloads.iterdir())
    assert not (out / "_images").exists()
    for name, page in pages_by_seed(project, out).items():
        article = page.select_one("article")
        assert article is not None
        assert not article.select("script, iframe, img, object, embed, style, div[onclick]"), name
        assert not [el for el in article.find_all(True) if any(a.startswith("on") for a in el.attrs)], name
        for link in article.select(".article-body a:not(.paragraph-number), h1 a:not(.headerlink), .article-bio a"):
            pytest.fail(f"{name}: article text became a link: {link}")
        assert not article.select(".article-body .footnote-reference, .article-body .math, .article-body code")


_PARSER = create_md_parser(MdParserConfig(disable_syntax=["html_block", "html_inline"]), RendererHTML)


def _rendered_text(source: str) -> str:
    html = _PARSER.render(source)
    return normalise(BeautifulSoup(html, "lxml").get_text())


# Every printable character, including every ASCII punctuation and Unicode space.
_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200)


@settings(max_examples=400, deadline=None)
@given(_TEXT.filter(lambda s: s.strip()))
def test_escaped_text_renders_as_itself(value: str) -> None:
    rendered = _PARSER.parse(markup.text(value))
    kinds = {token.type for token in rendered}
    assert kinds <= {"paragraph_open", "paragraph_close", "inline"}, kinds
    assert _rendered_text(markup.text(value)) == normalise(value)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(list("#%+-:`>*|{}$[]()!<&\\_=~^.1 aA\n\t")), min_size=1, max_size=60)
    .map("".join)
    .filter(lambda s: s.strip())
)
def test_markup_dense_text_renders_as_itself(value: str) -> None:
    assert _rendered_text(markup.text(value)) == normalise(value)


def test_revisions_and_diffs_of_hostile_text_stay_literal(tmp_path: Path) -> None:
    """Revise every hostile seed: r1 pages keep the old text literally; the diff adds no markup."""
    seeds = hostile_seeds()
    project = make_project(tmp_path, seeds)
    assert convert(project).returncode == 0
    for name, data in seeds.items():
        (project / "seeds" / name).write_bytes(
            data.replace(b"A closing paragraph.", b"A *revised* <b>closing</b> {{ paragraph }}.")
        )
    second = convert(project)
    assert second.returncode == 0, second.stderr
    out = build(project)
    registry = json.loads((project / "archive" / "registry.json").read_text("utf-8"))
    revised = 0
    for name, seen in registry["seeds"].items():
        (identifier,) = seen["articles"]
        entry = registry["articles"][identifier]
        if len(entry["revisions"]) < 2:
            continue
        revised += 1
        old = soup(out / "archive" / "articles" / identifier / "r1.html")
        assert article_texts(old) == expected_blocks(seeds[name]), name
        page = soup(out / "archive" / "articles" / f"{identifier}.html")
        diff = page.select_one(".revision-diff")
        assert diff is not None, name
        assert not diff.select("script, b, em, strong:not(:first-child) em, a, img, code"), name
        words = normalise(diff.get_text())
        assert "*revised*" in words and "<b>closing</b>" in words and "{{" in words, name
        # the same changes on revision 2's memento page, written from the records (issue 25)
        memento = soup(out / "archive" / "articles" / identifier / "r2.html").select_one("section.revision-diff")
        assert {tag.name for tag in memento.find_all(True)} <= {"h2", "p", "strong", "ins", "del"}, name
        words = normalise(memento.get_text())
        assert "*revised*" in words and "<b>closing</b>" in words and "{{" in words, name
    assert revised == sum(1 for data in seeds.values() if b"A closing paragraph." in data)
