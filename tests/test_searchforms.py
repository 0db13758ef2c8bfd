"""Issue 28: the forms indexed beside an article's text so that words are found as native
readers type them (publish/searchforms.py), and where publish/search.py sends them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from seedarchive.publish import search as postbuild
from seedarchive.publish.searchforms import arabic_forms, forms, han_forms, hebrew_forms


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("الزيتون", ["زيتون"]),
        ("والمزارعون", ["المزارعون", "مزارعون"]),  # و + ال
        ("بالقرية", ["القرية", "قرية"]),  # ب + ال
        ("فالموسم", ["الموسم", "موسم"]),
        ("كالعادة", ["العادة", "عادة"]),
        ("للمعصرة", ["المعصرة", "معصرة"]),  # ل + ال, written لل
        ("وللأطفال", ["للأطفال", "الأطفال", "أطفال"]),
        ("بشاحنات", ["شاحنات"]),
        ("وبالأمس", ["بالأمس", "الأمس", "أمس"]),
        ("بيت", []),  # a root letter, not a prefix: no two-letter tail
        ("لله", []),
        ("زيت", []),
    ],
)
def test_arabic_prefixes_are_taken_off_in_their_order(word: str, expected: list[str]) -> None:
    assert arabic_forms(word) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("השוק", ["שוק"]),
        ("בירושלים", ["ירושלים"]),
        ("והמוכרים", ["המוכרים", "מוכרים"]),
        ("מהכפר", ["הכפר", "כפר"]),
        ("כשהחנויות", ["שהחנויות", "החנויות", "חנויות"]),  # כ, כש, כשה
        ("שהתקרה", ["התקרה", "תקרה"]),
        ("הים", ["ים"]),  # after the article two letters are enough
        ("מים", []),  # water is not מ + ים
        ("שלום", ["לום"]),  # ש + לום is a tail nobody types; של + ום is too short
    ],
)
def test_hebrew_prefixes_are_taken_off(word: str, expected: list[str]) -> None:
    assert hebrew_forms(word) == expected


def test_han_runs_give_every_two_character_piece() -> None:
    assert han_forms("大熊猫幼崽") == ["大熊", "熊猫", "猫幼", "幼崽"]
    assert forms(["三只大熊猫，熊猫"]) == ["三只", "只大", "大熊", "熊猫"]  # each once, in order


def test_forms_are_new_words_only_each_once_in_order_marks_removed() -> None:
    text = "والمزارعون يعملون. المزارعون بالقرية، وبالقرية القرية!"
    assert forms([text]) == ["مزارعون", "قرية"]  # المزارعون and القرية are words of the text already
    assert forms(["وَالْمُزَارِعُونَ"]) == ["المزارعون", "مزارعون"]  # harakat are not letters
    assert forms(["English text, Русский текст, 123"]) == []
    assert forms([text]) == forms([text])


def _page(body: str, lang: str = "ar", title: str = "عنوان") -> bytes:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><title>T</title></head><body>'
        f'<div class="pagefind-data" hidden="hidden"><span data-pagefind-meta="title">{title}</span></div>'
        f'<div class="article-body" data-pagefind-body="" dir="rtl" lang="{lang}">{body}</div>'
        "</body></html>\n"
    ).encode()


def test_what_pagefind_is_sent_holds_the_forms_in_a_hidden_field_outside_the_text() -> None:
    page = _page(
        '<p><a class="paragraph-number" data-pagefind-ignore="">1</a>قال والمزارعون إن الموسم '
        "&lt;b&gt; بالقرية</p>",
        title="وبالأمس",
    )
    sent = postbuild.searchable(page)
    assert sent is not None
    soup = BeautifulSoup(sent, "lxml")
    field = soup.select_one('[data-pagefind-meta="forms"]')
    assert field is not None and field.has_attr("hidden")
    # the title's first, then the text's, in order
    assert field.get_text().split() == ["بالأمس", "الأمس", "أمس", "المزارعون", "مزارعون", "موسم", "القرية", "قرية"]
    body = soup.select_one("[data-pagefind-body]")
    assert body is not None and field not in body.descendants  # never in the text excerpts come from
    assert b"pagefind-forms" not in page  # the published page itself is not changed
    assert postbuild.searchable(page) == sent  # the same page, the same bytes


def test_pages_without_these_scripts_are_sent_as_before() -> None:
    page = _page("<p>The harbour reopened. Гавань открыта.</p>", lang="en", title="Harbour")
    sent = postbuild.searchable(page)
    assert sent is not None and b"pagefind-forms" not in sent and b"data-pagefind-meta=\"forms\"" not in sent
    assert postbuild.native_forms(b"<p>no forms here</p>") == b""
