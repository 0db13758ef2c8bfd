"""Related articles (xref._related, numpy) equal the rule written out plainly in Python: the
RELATED articles sharing the most keys, then nearest in time (undated last), then by identifier."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from seedarchive.render import crossref as xref

KEYS = [f"place/p{n}" for n in range(6)] + [f"topic/t{n}" for n in range(4)]
AUTHORS = ["Ann", "Bo", "Cy"]

articles = st.lists(
    st.tuples(
        st.sets(st.sampled_from(KEYS), max_size=5),
        st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True),
        st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat)),
        st.sampled_from(["2019", "2020-03"]) | st.none(),
    ),
    min_size=1,
    max_size=40,
)


Drawn = list[tuple[set[str], list[str], str | None, str | None]]


def world(drawn: Drawn) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    items, mentions = [], {}
    for n, (keys, authors, day, partial) in enumerate(drawn):
        identifier = f"a{(n * 7919) % 1000:03d}-{n}"  # identifiers not in the order of the list
        article = SimpleNamespace(published=day or partial, authors=tuple(authors))
        items.append(SimpleNamespace(identifier=identifier, revision=SimpleNamespace(article=article)))
        mentions[identifier] = [SimpleNamespace(entity=SimpleNamespace(key=k)) for k in sorted(keys)]
    author_of = {a: SimpleNamespace(key=f"author/{a.lower()}") for a in AUTHORS}
    return items, mentions, author_of


def plain(items: list[Any], mentions: dict[str, Any], author_of: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    def keys(i: Any) -> set[str]:
        return {m.entity.key for m in mentions[i.identifier]} | {author_of[a].key for a in i.revision.article.authors}

    out = {}
    for item in items:
        here = xref._day(item.revision.article.published)
        ranked = []
        for other in items:
            shared = len(keys(item) & keys(other))
            if other is item or not shared:
                continue
            there = xref._day(other.revision.article.published)
            gap = abs(here - there) if here is not None and there is not None else float("inf")
            ranked.append((-shared, gap, other.identifier))
        out[item.identifier] = [(ident, -count) for count, _, ident in sorted(ranked)[: xref.RELATED]]
    return out


@settings(max_examples=150, deadline=None)
@given(articles)
def test_related_equals_the_plain_rule(drawn: Drawn) -> None:
    items, mentions, author_of = world(drawn)
    found = xref._related(items, mentions, author_of)
    assert {k: [(i.identifier, c) for i, c in v] for k, v in found.items()} == plain(items, mentions, author_of)
