"""The encoded rows of article lists equal encoding :func:`xref._entry`'s parts, for any text."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hostile import hostile_seeds
from seedarchive.render import crossref as xref
from seedarchive.render import markup
from seedarchive.tagging.entities import Entity, Mention

texts = st.text(st.characters(codec="utf-8"), max_size=40)


def item(identifier: str, headline: str, subtitle: str | None, published: str | None) -> Any:
    article = SimpleNamespace(headline=headline, subtitle=subtitle, published=published)
    return SimpleNamespace(identifier=identifier, revision=SimpleNamespace(article=article))


@settings(max_examples=300, deadline=None)
@given(
    headline=texts,
    subtitle=st.none() | texts,
    published=st.none() | st.sampled_from(["2024", "2024-03", "2024-03-09"]),
    paragraphs=st.lists(st.integers(0, 400), max_size=6),
)
def test_row_equals_encoding_the_parts(
    headline: str, subtitle: str | None, published: str | None, paragraphs: list[int]
) -> None:
    one = item("some-article-1a2b3c4d", headline, subtitle, published)
    entries = xref._Entries()
    for _ in range(2):  # the second time from the cache
        row = entries.row(one, paragraphs)
        assert row == markup.encode_row(xref._entry(one, paragraphs))
        # the date (isolated, or "undated"), " — ", then the headline's link
        assert json.loads(row)[2]["d"] == "archive/articles/some-article-1a2b3c4d"


def test_hostile_headlines() -> None:
    entries = xref._Entries()
    for n, text in enumerate(hostile_seeds().values()):
        words = text.decode("utf-8", "replace")
        one = item(f"hostile-{n}", words[:300], words[-100:], None)
        assert entries.row(one, (0, 3)) == markup.encode_row(xref._entry(one, (0, 3)))


parts = st.one_of(
    texts,
    st.fixed_dictionaries({"t": texts, "d": st.sampled_from(["archive/people/x", "docs/about"])}),
    st.fixed_dictionaries({"t": texts}, optional={"a": st.sampled_from(["p1", "p12"])}),
    st.fixed_dictionaries({"t": texts, "u": texts}),
)


@settings(max_examples=400, deadline=None)
@given(row=st.lists(parts, max_size=8) | st.tuples(texts, st.lists(parts, max_size=5)).map(list))
def test_encode_row_is_json_dumps(row: list[Any]) -> None:
    reference = json.dumps(markup._collapse_row(row), ensure_ascii=False, separators=(",", ":"))
    assert markup.encode_row(row) == reference


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(texts, min_size=1, max_size=4),
    paragraphs=st.lists(st.lists(st.integers(0, 300), max_size=5), min_size=4, max_size=4),
    kind=st.sampled_from(["place", "person", "organisation", "topic"]),
)
def test_mentions_row_equals_encoding_the_parts(names: list[str], paragraphs: list[list[int]], kind: str) -> None:
    mentions = [
        Mention(Entity(f"e{n}", kind, name), tuple(paragraphs[n])) for n, name in enumerate(names)
    ]
    links: dict[str, str] = {}
    for _ in range(2):  # the second time with the links encoded
        row = xref._mentions_row(kind, mentions, links)
        assert row == markup.encode_row(xref._mentions_parts(kind, mentions))
