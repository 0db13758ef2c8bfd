"""The HTML reader: charset decoding, article extraction, and an extraction-quality gate.

Every page under ``fixtures/html/`` was written for these tests. Each page that holds an
article has a ``<name>.expected.txt`` beside it: the headline, a blank line, then the body
paragraphs a perfect extraction would give, separated by blank lines.
"""

from __future__ import annotations

import codecs
import difflib
import hashlib
import re
from pathlib import Path

import pytest

from html_scores import token_f1
from seedarchive.errors import SeedError
from seedarchive.ingest.readers import Extract, reader_for
from seedarchive.ingest.readers.html import READER, declared_charset, decode_html, parse_html, read
from seedarchive.ingest.seeds import SeedFile

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGES = sorted(p.stem.removesuffix(".expected") for p in FIXTURES.glob("*.expected.txt"))


def page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


# --- metadata -------------------------------------------------------------------------


def test_standard_page_metadata() -> None:
    result = parse_html(page("standard"), "seeds/standard.html")
    article = result.article
    assert result.encoding == "utf-8"
    assert article.headline == "Ferry service to Harlow Island resumes after winter repairs"
    assert article.authors == ("Mara Ellingsen",)
    assert article.published == "2025-03-14"
    assert article.publisher == "The Estuary Courier"
    assert article.url == "https://estuary-courier.example/news/2025/03/ferry-service-resumes"
    assert article.language == "en-GB"
    assert article.subtitle is None
    assert len(article.paragraphs) == 7


def test_json_ld_metadata_and_several_authors() -> None:
    article = parse_html(page("jsonld"), "seeds/jsonld.html").article
    assert article.authors == ("Tomasz Wielgosz", "Aisha Conteh")
    assert article.published == "2024-12-02"
    assert article.publisher == "Marsh Gazette"
    assert article.language == "en"


def test_a_bare_page_invents_nothing() -> None:
    result = parse_html(page("minimal"), "seeds/minimal.html")
    article = result.article
    assert result.encoding == "ascii"
    unknown = (article.published, article.publisher, article.url, article.language, article.rights)
    assert article.authors == ()
    assert unknown == (None, None, None, None, None)


def test_declared_latin1_is_read_as_windows_1252_and_relative_canonical_is_resolved() -> None:
    result = parse_html(page("french-latin1"), "seeds/french-latin1.html")
    assert result.encoding == "cp1252"
    assert result.article.headline.startswith("Le marché couvert")
    assert result.article.language == "fr"
    assert (
        result.article.url == "https://le-petit-riverain.example/regions/marche-couvert-saint-aubin"
    )
    assert result.article.publisher == "Le Petit Riverain"


def test_date_after_the_capture_is_not_believed() -> None:
    article = parse_html(page("standard"), "seeds/standard.html", not_after="2025-01-01").article
    assert article.published is None


def test_relative_canonical_resolves_against_base_url() -> None:
    html = page("minimal").replace(b"<head>", b'<head><link rel="canonical" href="/late-library">')
    article = parse_html(html, "x.html", base_url="http://town.example/news/index.html").article
    assert article.url == "http://town.example/late-library"


def test_non_http_canonical_is_dropped() -> None:
    html = page("minimal").replace(
        b"<head>", b'<head><link rel="canonical" href="ftp://town.example/a">'
    )
    assert parse_html(html, "x.html").article.url is None


# --- charsets -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [("lying-utf8-is-cp1252", "cp1252"), ("lying-cp1252-is-utf8", "utf-8")],
)
def test_a_page_that_lies_about_its_charset_still_reads_correctly(name: str, encoding: str) -> None:
    result = parse_html(page(name), f"seeds/{name}.html")
    assert result.encoding == encoding
    assert result.article.headline == "Café owner’s €5 soup scheme feeds hundreds over the winter"
    assert "“Some people pay €20" in result.article.paragraphs[2]


def test_declared_charset_is_read_from_either_meta_form() -> None:
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    http_equiv = b"<meta http-equiv='Content-Type' content='text/html; charset=koi8-r'>"
    assert declared_charset(http_equiv) == "koi8-r"
    assert declared_charset(b'<meta charset="utf-16">') == "utf-8"
    assert declared_charset(b'<meta charset="no-such-thing">') is None
    assert declared_charset(b"<p>no meta</p>") is None


def test_decoding_order() -> None:
    cyrillic = "<p>Привет, мир</p>".encode("koi8-r")
    # an HTTP header hint beats a <meta> that is wrong
    assert decode_html(b'<meta charset="cp1252">' + cyrillic, "x", "koi8-r")[1] == "koi8-r"
    # valid UTF-8 beats any declaration
    assert decode_html("<p>Grüße</p>".encode(), "x", "koi8-r") == ("<p>Grüße</p>", "utf-8")
    # a byte-order mark beats everything
    assert decode_html(codecs.BOM_UTF16_LE + "<p>é</p>".encode("utf-16-le"), "x", "cp1252") == (
        "<p>é</p>",
        "utf-16",
    )


def test_broken_byte_order_mark_is_an_error() -> None:
    with pytest.raises(SeedError) as caught:
        decode_html(codecs.BOM_UTF8 + b"<p>\xff</p>", "seeds/bom.html")
    assert str(caught.value) == (
        "seeds/bom.html: starts with a utf-8-sig byte-order mark but byte 6 is not utf-8. "
        "Fix: re-save the page in one encoding, preferably UTF-8"
    )


# --- rejection ------------------------------------------------------------------------


def test_a_page_without_an_article_is_rejected_with_a_fix() -> None:
    with pytest.raises(SeedError) as caught:
        parse_html(page("no-article"), "seeds/no-article.html")
    assert str(caught.value) == (
        "seeds/no-article.html: holds no article: the extractor found no article text "
        "(only 7 words, fewer than 30). Fix: save the article's own page (not a front page, "
        "search page or login wall), or copy its text into a .txt seed"
    )


@pytest.mark.parametrize("data", [b"", b"   \n", b"\x00\x01\x02\x03"])
def test_empty_or_binary_files_are_rejected(data: bytes) -> None:
    with pytest.raises(SeedError, match=r"^seeds/x\.html: "):
        parse_html(data, "seeds/x.html")


# --- the reader -----------------------------------------------------------------------


def test_read_yields_one_extract_over_the_file_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ferry.html"
    path.write_bytes(page("standard"))
    seed = SeedFile(path, "ferry.html")
    assert reader_for(seed).resolve() is read  # type: ignore[attr-defined]
    (extract,) = list(read(seed))
    assert isinstance(extract, Extract)
    assert extract.reader == READER
    assert re.fullmatch(r"html \(trafilatura \d+\.\d+\.\d+\)", READER)
    assert extract.sha256 == hashlib.sha256(page("standard")).hexdigest()
    assert extract.size == len(page("standard"))
    assert (extract.source, extract.key) == ("", None)
    # where the stated facts came from (issue 17): the page's <meta> tags
    assert extract.capture == {"authors_from": "meta author", "published_from": "meta article:published_time"}


# --- extraction-quality gate ----------------------------------------------------------

# Pinned floors, as trafilatura's tests/eval_gate.py does: a change that lowers extraction
# quality below them fails. Measured with trafilatura 2.3.1 (token F1 / paragraph ratio),
# after issues 17/18 (the byline line leaves the body; text outside <p> is kept):
#   french-latin1         1.000 / 1.000  (was 0.983 / 0.909: "Par Hélène Marchetti" stayed in the body)
#   layout-table          0.981 / 0.909  (trafilatura keeps the site's footer line)
#   loose-text            1.000 / 1.000  (was 0.761 / 0.778 before text outside <p> was kept)
#   mixed-blocks          1.000 / 1.000  (was 0.862 / 0.609)
#   jsonld, lying-*, minimal, standard   1.000 / 1.000
#   mean                  0.998 / 0.990
PAGE_FLOOR_F1 = 0.95
PAGE_FLOOR_PARAGRAPHS = 0.85
MEAN_FLOOR_F1 = 0.98
MEAN_FLOOR_PARAGRAPHS = 0.95


def paragraph_ratio(got: list[str], expected: list[str]) -> float:
    """How much of the paragraph structure survived: whole paragraphs must match."""
    return difflib.SequenceMatcher(None, got, expected, autojunk=False).ratio()


def scores(name: str) -> tuple[float, float]:
    article = parse_html(page(name), f"seeds/{name}.html").article
    got = [article.headline, *article.paragraphs]
    expected = (FIXTURES / f"{name}.expected.txt").read_text(encoding="utf-8").strip().split("\n\n")
    return token_f1(" ".join(got), " ".join(expected)), paragraph_ratio(got, expected)


@pytest.fixture(scope="module")
def all_scores() -> dict[str, tuple[float, float]]:
    return {name: scores(name) for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_extraction_quality_per_page(name: str, all_scores: dict[str, tuple[float, float]]) -> None:
    f1, structure = all_scores[name]
    assert f1 >= PAGE_FLOOR_F1, f"{name}: token F1 {f1:.3f} fell below {PAGE_FLOOR_F1}"
    assert structure >= PAGE_FLOOR_PARAGRAPHS, (
        f"{name}: paragraph ratio {structure:.3f} fell below {PAGE_FLOOR_PARAGRAPHS}"
    )


def test_extraction_quality_mean(all_scores: dict[str, tuple[float, float]]) -> None:
    assert len(all_scores) >= 6
    f1 = sum(s[0] for s in all_scores.values()) / len(all_scores)
    structure = sum(s[1] for s in all_scores.values()) / len(all_scores)
    assert f1 >= MEAN_FLOOR_F1, f"mean token F1 {f1:.3f} fell below {MEAN_FLOOR_F1}"
    assert structure >= MEAN_FLOOR_PARAGRAPHS, f"mean paragraph ratio {structure:.3f} fell"
