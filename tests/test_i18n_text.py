"""Words and subtitles in other scripts (issue 18): counting, closing punctuation, subtitle shape."""

from __future__ import annotations

import pytest

from i18n_corpus import CASES, page_html
from seedarchive.errors import SeedError
from seedarchive.ingest.readers.html import MIN_WORDS, parse_html
from seedarchive.ingest.readers.text import parse
from seedarchive.model import Article, count_words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("US hails talks — again", 5),  # space-separated, as before (the dash counts)
        ("熊猫宝宝", 4),  # one word per Han character
        ("成都大熊猫繁育研究基地。", 11),  # the full stop is no word
        ("2024年3月", 4),  # digits around ideographs: 2024, 年, 3, 月
        ("東京の図書館", 6),  # kana and kanji alike
        ("김정은 위원장이 말했다", 3),  # Hangul is written with spaces
        ("Библиотека в Москве", 3),
        ("مكتبة جديدة في الإسكندرية", 4),
        ("ข่าวภาษาไทย", 11),  # Thai: one per code point
    ],
)
def test_count_words(text: str, words: int) -> None:
    assert count_words(text) == words


def test_word_count_of_an_article_counts_characters_of_unspaced_scripts() -> None:
    article = Article(headline="熊猫", paragraphs=("成都的熊猫。", "Two words"))
    assert article.word_count == 5 + 2


@pytest.mark.parametrize("seed", ["zh-panda.txt", "ja-library.txt"])
def test_cjk_pages_are_articles_not_rejected(seed: str) -> None:
    """Before: "no article text (only 4 words, fewer than 30)" for both."""
    case = CASES[seed]
    article = parse_html(page_html(case), seed).article
    assert article.word_count >= MIN_WORDS
    assert len(article.paragraphs) == 3
    assert sum(len(p.split()) for p in article.paragraphs) < MIN_WORDS  # what the old count saw


def test_a_short_cjk_page_is_still_rejected_word_for_word() -> None:
    page = "<html><head><title>登录</title></head><body><h1>登录</h1><p>请输入用户名和密码。</p></body></html>"
    with pytest.raises(SeedError) as error:
        parse_html(page.encode(), "login.html")
    assert str(error.value) == (
        "login.html: holds no article: the extractor found no article text (only 11 words, fewer than 30). "
        "Fix: save the article's own page (not a front page, search page or login wall), "
        "or copy its text into a .txt seed"
    )


@pytest.mark.parametrize("seed", sorted(CASES))
def test_lead_paragraph_is_never_the_subtitle(seed: str) -> None:
    """Before: the Chinese and Japanese lead paragraphs ended in 。 and became subtitles."""
    case = CASES[seed]
    article = parse(case.text, seed)
    assert article.subtitle is None
    assert article.paragraphs[0] == [b for b in case.text.split("\n\n") if b.strip()][1].strip()


@pytest.mark.parametrize(
    "line",
    [
        "بدأت المحادثات أمس؟",  # Arabic question mark
        "شهر رمضان۔",  # Urdu full stop
        "新しい図書館が開館しました！",
        "熊猫回家了？」",  # closing punctuation inside a corner bracket
        "यह एक वाक्य है।",  # Devanagari danda
    ],
)
def test_closing_punctuation_of_other_scripts_ends_a_lead_paragraph(line: str) -> None:
    article = parse(f"Headline\n\n{line}\n\nBody paragraph.\n", "x.txt")
    assert article.subtitle is None and article.paragraphs[0] == line


def test_a_short_subtitle_stays_a_subtitle() -> None:
    article = parse("Headline\n\nSouth Korea: Differences Remain With Trump on Talks\n\nBody.\n", "x.txt")
    assert article.subtitle == "South Korea: Differences Remain With Trump on Talks"
    chinese = parse("熊猫基地迎来新生幼崽\n\n两只幼崽在夏季出生\n\n正文第一段。\n", "x.txt")
    assert chinese.subtitle == "两只幼崽在夏季出生"


def test_a_long_lead_paragraph_without_a_full_stop_stays_in_the_body() -> None:
    """The shape of the 4 BBC texts (of 2,225) whose lead paragraph became the subtitle."""
    lead = (
        "Shares in the mobile phone maker rose sharply on Tuesday after it reported better than expected "
        "profits for the third quarter of the year, helped by strong sales in Asia"
    )
    article = parse(f"Phone maker profits rise\n\n{lead}\n\nThe firm said demand held up.\n", "bbc.txt")
    assert article.subtitle is None
    assert article.paragraphs[0] == lead


def test_a_line_with_a_sentence_break_inside_is_not_a_subtitle() -> None:
    lead = "Talks resumed on Monday. Both sides said progress was slow"
    article = parse(f"Headline\n\n{lead}\n\nBody.\n", "x.txt")
    assert article.subtitle is None and article.paragraphs[0] == lead
    chinese = "谈判周一恢复。双方表示进展缓慢"
    assert parse(f"标题\n\n{chinese}\n\n正文。\n", "x.txt").subtitle is None


def test_abbreviations_do_not_break_a_subtitle() -> None:
    line = "Mr. Moon meets U.S. envoy in Seoul"
    assert parse(f"Headline\n\n{line}\n\nBody.\n", "x.txt").subtitle == line
