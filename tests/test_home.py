"""The home page's parts from the pages' data (issue 30): counts and the archive's citation."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from seedarchive.sphinxext.content import home


def _article(ident: str, published: str | None, language: str | None, publisher: str | None) -> dict[str, Any]:
    return {
        "identifier": ident,
        "published": published,
        "language": language,
        "publisher": publisher,
        "revision": 1,
        "provenance": {"ingested_at": "2026-11-27T21:06:54Z"},
    }


def test_counts_by_year_language_and_publisher() -> None:
    found = [
        _article("a", "2019-03-14", "en", "Coastal Herald"),
        _article("b", "2019", "de", "Coastal Herald"),
        _article("c", None, None, None),
    ]
    by = home.counts(found)
    assert by["year"] == {"2019": 2, "undated": 1}
    assert by["language"] == {"en": 1, "de": 1, "not stated": 1}
    assert by["publisher"] == {"Coastal Herald": 2, "not stated": 1}


def test_language_names_come_from_babel_and_unknown_codes_stay() -> None:
    assert home.language_name("de") == "German (de)"
    assert home.language_name("pt-BR") == "Portuguese (Brazil) (pt-BR)"
    assert home.language_name("xx-nonsense") == "xx-nonsense"


def _config(**values: str) -> Any:
    return SimpleNamespace(
        html_title=values.get("name", "Korea Press Archive"),
        project="x",
        html_baseurl=values.get("base", "https://example.edu/group/archive"),
        seedarchive_keeper=values.get("keeper", ""),
    )


def test_the_archive_is_cited_with_its_keeper_name_and_address() -> None:
    found = {"a": _article("a", None, None, None), "b": _article("b", None, None, None)}
    found["b"]["provenance"] = {"ingested_at": "2027-01-02T00:00:00Z"}
    config = _config(keeper="Media Studies Group, University of Example")
    assert home.citation(config, found) == (
        "Media Studies Group, University of Example (2027). Korea Press Archive "
        "[archive of 2 news articles]. https://example.edu/group/archive/"
    )
    assert home.citation(_config(), {"a": found["a"]}) == (
        "Korea Press Archive (2026) [archive of 1 news article]. https://example.edu/group/archive/"
    )
