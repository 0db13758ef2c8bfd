"""Hostile and damaged HTML seeds (issue 20): each is read right or refused with one message.

Every input is generated here at test time: Latin-1 bytes under a bogus or wrong charset,
text nested 100,000 tags deep, a page over 32 MiB, control characters. Messages are checked
word for word, in the converter's style (file, problem, fix), and through ``seedarchive
convert``, which must name the file and go on with the other seeds (no traceback).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import convert, make_project
from seedarchive.errors import SeedError
from seedarchive.ingest.readers.html import MAX_PAGE, NoArticleError, decode_html, parse_html, read
from seedarchive.ingest.seeds import SeedFile, decode_text

FRENCH = (
    "Le marché couvert de Saint-Aubin rouvre ses portes après dix-huit mois de travaux. "
    "Les élèves de l'école voisine ont chanté ; la maire a coupé le ruban devant une foule "
    "nombreuse et ravie. « C'est une fête », a déclaré un commerçant âgé, très ému."
)
WORDS = " ".join("The harbour committee met again on Thursday to hear evidence." for _ in range(5))


def html_page(body: str, head: str = "", title: str = "Le marché rouvre") -> str:
    return f"<html><head>{head}<title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"


@pytest.mark.parametrize(
    ("declared", "hint"),
    [
        ('<meta charset="no-such-charset">', None),  # a label no browser knows
        ('<meta charset="cp775">', None),  # a real code page, wrong for these bytes
        ('<meta charset="koi8-r">', None),
        ('<meta http-equiv="Content-Type" content="text/html; charset=x-bogus">', "cp775"),  # an HTTP header lies too
    ],
)
def test_latin1_bytes_under_a_bogus_charset_read_as_the_text_reader_reads_them(declared: str, hint: str | None) -> None:
    data = html_page(f"<p>{FRENCH}</p>", declared).encode("latin-1")
    text, encoding = decode_html(data, "seeds/marche.html", hint)
    assert encoding == "cp1252"
    assert FRENCH in text
    # the text reader, given the same text, agrees
    assert decode_text(FRENCH.encode("latin-1"), "seeds/marche.txt") == (FRENCH, "cp1252")
    article = parse_html(data, "seeds/marche.html", hint).article
    assert FRENCH in article.paragraphs


def test_a_true_declaration_is_still_believed() -> None:
    russian = "Городской совет проголосовал за сохранение ночных автобусов после долгих споров."
    page = html_page(f"<p>{russian}</p>", '<meta charset="windows-1251">', title="Совет")
    assert decode_html(page.encode("cp1251"), "x") == (page, "cp1251")


def test_text_nested_100000_tags_deep_is_refused_with_one_message() -> None:
    depth = 100_000
    data = html_page("<div>" * depth + f"<p>{WORDS}</p>" + "</div>" * depth).encode()
    with pytest.raises(SeedError) as caught:
        parse_html(data, "seeds/deep.html")
    assert str(caught.value) == (
        "seeds/deep.html: nests its tags 256 levels deep or more, deeper than the HTML parser reads "
        "(the text inside them would be lost). Fix: re-save the article's page from the browser, "
        "or copy its text into a .txt seed"
    )


def test_text_nested_200_deep_is_read() -> None:
    data = html_page("<div>" * 200 + f"<p>{WORDS}</p>" + "</div>" * 200).encode()
    assert parse_html(data, "seeds/deep.html").article.paragraphs == (WORDS,)


def test_a_page_over_32_mib_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    head = html_page(f"<p>{WORDS}</p>").encode()
    with path.open("wb") as stream:
        stream.write(head)
        stream.write(b" " * (MAX_PAGE + 1 - len(head)))
    message = (
        f"seeds/huge.html: is larger than 32 MiB ({MAX_PAGE + 1:,} bytes). Fix: save only the article's page "
        "(the browser's 'Web Page, HTML only', without embedded images or data), or copy its text into a .txt seed"
    )
    with pytest.raises(SeedError) as caught:
        list(read(SeedFile(path, "huge.html")))
    assert str(caught.value) == message
    with pytest.raises(SeedError) as caught:
        parse_html(path.read_bytes(), "seeds/huge.html")
    assert str(caught.value) == message


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x7f", "\x9b"])
def test_control_characters_are_refused_as_the_text_reader_refuses_them(char: str) -> None:
    data = html_page(f"<p>{WORDS}</p>\n<p>Bell{char} in the text.</p>").encode()
    with pytest.raises(SeedError) as html_error:
        parse_html(data, "seeds/bell.html")
    with pytest.raises(SeedError) as text_error:
        decode_text(data, "seeds/bell.html")
    assert str(html_error.value) == str(text_error.value)
    assert str(html_error.value) == (
        f"seeds/bell.html:2: contains the control character U+{ord(char):04X}, which text never holds "
        "(read as utf-8; binary data or a wrongly detected encoding). "
        "Fix: remove the character, or re-save the file as UTF-8"
    )


def test_control_characters_inside_scripts_and_comments_are_not_text() -> None:
    data = html_page(f"<p>{WORDS}</p>", "<script>var s = '\x1b[0m';</script><!-- \x08 -->").encode()
    assert parse_html(data, "seeds/script.html").article.paragraphs == (WORDS,)


@pytest.mark.parametrize(
    "markup",
    [
        '<svg id="icon-\x81share" viewBox="0 0 10 10"><path d="M0 0h10"/></svg>',  # issue 28's real page
        "<img alt='a > b \x9b' src='x.png'>",  # a quoted ">" does not end the tag
        '<a href="/x" data-track="\x07">more</a>',
    ],
)
def test_a_control_character_in_an_attribute_is_not_text(markup: str) -> None:
    """The check is for the text a reader sees: one U+0081 in an SVG id rejected a real page."""
    data = html_page(f"{markup}<p>{WORDS}</p>").encode()
    page = parse_html(data, "seeds/svg.html")
    assert page.article.paragraphs[-1] == WORDS
    assert not any(c in p for p in page.article.paragraphs for c in "\x81\x9b\x07")


def test_a_control_character_after_an_attribute_is_still_text() -> None:
    data = html_page(f'<p>{WORDS}</p>\n<p title="fine">Bell\x81 after the tag.</p>').encode()
    with pytest.raises(SeedError) as caught:
        parse_html(data, "seeds/bell.html")
    assert str(caught.value).startswith("seeds/bell.html:2: contains the control character U+0081, which text")


def test_nul_bytes_are_binary() -> None:
    with pytest.raises(SeedError) as caught:
        parse_html(html_page(f"<p>{WORDS}\x00</p>").encode(), "seeds/nul.html")
    assert str(caught.value) == (
        "seeds/nul.html: is binary, not text (it contains NUL bytes). "
        "Fix: save the article's page from the browser as HTML, or remove it from seeds/"
    )


def test_convert_names_each_bad_page_and_archives_the_good_one(tmp_path: Path) -> None:
    depth = 100_000
    good = (
        f"<html><head><title>Harbour hearing</title></head><body><h1>Harbour hearing</h1><p>{WORDS}</p></body></html>"
    )
    project = make_project(
        tmp_path,
        {
            "deep.html": html_page("<div>" * depth + f"<p>{WORDS}</p>" + "</div>" * depth).encode(),
            "bell.html": html_page(f"<p>{WORDS}\x07</p>").encode(),
            "good.html": good.encode(),
        },
    )
    result = convert(project)
    assert "Traceback" not in result.stderr
    assert result.returncode != 0
    assert "seeds/deep.html: nests its tags 256 levels deep or more" in result.stderr
    assert "seeds/bell.html:1: contains the control character U+0007" in result.stderr
    assert len(list((project / "archive" / "records").glob("*/r1.json"))) == 1


def test_only_a_page_without_an_article_is_a_no_article_error() -> None:
    """The WARC reader may skip NoArticleError quietly; damage is another SeedError."""
    with pytest.raises(NoArticleError):
        parse_html(html_page("<p>Log in to read.</p>").encode(), "seeds/wall.html")
    with pytest.raises(SeedError) as caught:
        parse_html(html_page(f"<p>{WORDS}\x07</p>").encode(), "seeds/bell.html")
    assert not isinstance(caught.value, NoArticleError)
