"""Readable identifiers and entity pages for non-Latin names (issue 18), never moved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import converted, make_project
from i18n_corpus import CASES
from seedarchive.identity.registry import Registry, slugify
from seedarchive.tagging.entities import name_slug


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        # pinned: an anyascii upgrade that writes these differently must be a visible change
        ("成都熊猫基地迎来两只新生幼崽", "cheng-dou-xiong-mao-ji-de-ying-lai-liang-zhi-xin-sheng-you"),  # 60 at most
        ("港町の図書館", "gang-ting-no-tu-shu-guan"),
        ("В Казани открылась новая библиотека", "v-kazani-otkrylas-novaya-biblioteka"),
        ("افتتاح مكتبة جديدة", "ftth-mktbh-jdydh"),
        ("גשם כבד בחיפה", "gsm-khvd-vhyfh"),
        ("김정은 위원장", "gim-jeong-eun-wi-won-jang"),
        ("Ελληνικά νέα", "ellinika-nea"),
        # Latin text is slugged exactly as before transliteration existed
        ("US Hails Talks Between North and South Korea", "us-hails-talks-between-north-and-south-korea"),
        ("Café à São Paulo", "cafe-a-sao-paulo"),
        # characters that lost their letters before now keep them
        ("Straße über den Øresund", "strasse-uber-den-oresund"),
        ("😀 ✓", "article"),
    ],
)
def test_slugify_transliterates(headline: str, slug: str) -> None:
    assert slugify(headline) == slug


def test_non_latin_headlines_get_readable_identifiers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: every one of them was ``article-`` plus 8 hex digits."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    seeds = {name: case.text.encode() for name, case in CASES.items()}
    project = make_project(tmp_path, seeds)
    converted(project)
    identifiers = sorted(json.loads((project / "archive" / "registry.json").read_text("utf-8"))["articles"])
    assert not [i for i in identifiers if i.startswith("article-")]
    assert any(i.startswith("cheng-dou-xiong-mao-") for i in identifiers)
    assert any(i.startswith("v-kazani-otkrylas-novaya-biblioteka-") for i in identifiers)


def test_an_identifier_issued_before_transliteration_is_kept(tmp_path: Path) -> None:
    """An archive whose Arabic article got ``article-6ff37b3d`` keeps that identifier when the
    seed changes: the registry, not the slug rule, names known articles."""
    archive = tmp_path / "archive"
    archive.mkdir()
    old = "article-6ff37b3d"
    content = "6ff37b3d" + "0" * 56 + "+"
    revision = {
        "number": 1,
        "content": content,
        "sha256": content[:64],
        "seed": "ar.txt",
        "recorded_at": "2026-01-01T00:00:00Z",
    }
    data = {
        "format": 1,
        "articles": {old: {"keys": ["ar.txt"], "revisions": [revision], "sources": [], "withdrawn": None}},
        "seeds": {},
    }
    (archive / "registry.json").write_text(json.dumps(data), encoding="utf-8")
    registry = Registry.load(archive)
    edited = "1" * 64 + "+"
    assert registry.find(pinned=None, content=edited, key="ar.txt") == (old, True)
    assert registry.find(pinned=None, content=content, key="elsewhere.txt") == (old, False)
    # a new article with the same headline gets the readable form, never the old one
    assert registry.new_identifier("افتتاح مكتبة جديدة", "6ff37b3d" + "1" * 56, None) == "ftth-mktbh-jdydh-6ff37b3d"


def test_name_slug_depends_on_the_name_alone() -> None:
    assert name_slug("Jason Ditz") == "jason-ditz"  # Latin names as before
    first, second = name_slug("Анна Соколова"), name_slug("Иван Петров")
    assert first.startswith("anna-sokolova-") and second.startswith("ivan-petrov-")
    assert first != second != name_slug("Anna Sokolova") == "anna-sokolova"
    assert name_slug("王小明") == name_slug("王小明") and name_slug("王小明").startswith("wang-xiao-ming-")
    assert name_slug("★").startswith("unnamed-")


def _author_pages(project: Path) -> dict[str, str]:
    """Author page file name → its text: each author's page is the converter's JSON (issue 29),
    published at the same name with ``.html``."""
    return {p.name: p.read_text("utf-8") for p in sorted((project / "archive" / "authors").glob("*.json"))}


def test_a_second_non_latin_author_never_moves_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: both were ``authors/unnamed``, then both renamed when the second arrived."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    ru = CASES["ru-library.txt"]
    project = make_project(tmp_path, {"ru.txt": ru.text.encode(), "ru.txt.meta.yaml": ru.sidecar.encode()})
    converted(project)
    before = _author_pages(project)
    [first] = list(before)
    assert first.startswith("anna-sokolova-") and "Анна Соколова" in before[first]
    second = "Власти города Казань\n\nГородской совет утвердил бюджет на следующий год после долгого обсуждения.\n"
    (project / "seeds" / "council.txt").write_text(second, encoding="utf-8")
    (project / "seeds" / "council.txt.meta.yaml").write_text("language: ru\nauthors:\n- Иван Петров\n", "utf-8")
    (project / "seeds" / "latin.txt").write_text("Anna Sokolova writes\n\nA short text by a namesake.\n", "utf-8")
    (project / "seeds" / "latin.txt.meta.yaml").write_text("authors:\n- Anna Sokolova\n", "utf-8")
    converted(project)
    after = _author_pages(project)
    assert after[first] == before[first]  # same URL, same page
    others = sorted(set(after) - {first})
    assert len(others) == 2 and "anna-sokolova.json" in others
    [ivan] = [name for name in others if name.startswith("ivan-petrov-")]
    assert "Иван Петров" in after[ivan] and "unnamed.json" not in after
