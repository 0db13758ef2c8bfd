"""The vocabulary's checks (messages word for word) and tagging (whole word, case, rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from seedarchive.tagging.entities import Tagger
from seedarchive.tagging.vocabulary import VocabularyError, load

ROOT = Path(__file__).resolve().parents[1]


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "entities.yaml").write_text(text, encoding="utf-8")
    return folder


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(VocabularyError) as info:
        load(write(tmp_path / "vocabulary", text))
    return str(info.value)


def test_alias_claimed_twice_without_rule(tmp_path: Path) -> None:
    text = ("entities:\n- id: georgia\n  type: place\n  name: Georgia\n"
            "- id: georgia-us\n  type: place\n  name: State of Georgia\n  aliases:\n  - Georgia\n")
    assert error_of(tmp_path, text) == (
        "vocabulary/entities.yaml:9: the alias 'Georgia' of place/georgia-us is also claimed by "
        "place/georgia (vocabulary/entities.yaml:4) without a rule. Fix: give both aliases a rule "
        "(requires_context, exclude_before or exclude_after), or remove one")


def test_alias_claimed_twice_with_rules_is_allowed(tmp_path: Path) -> None:
    text = ("entities:\n- id: georgia\n  type: place\n  name: Georgia (country)\n  aliases:\n"
            "  - alias: Georgia\n    requires_context: [Tbilisi]\n"
            "- id: georgia-us\n  type: place\n  name: Georgia (US state)\n  aliases:\n"
            "  - alias: Georgia\n    requires_context: [Atlanta]\n")
    vocab = load(write(tmp_path / "vocabulary", text))
    tagger = Tagger(vocab.entities)
    assert [m.entity.id for m in tagger.tag(["Georgia said so.", "In Atlanta."])] == ["georgia-us"]
    assert [m.entity.id for m in tagger.tag(["Georgia said so in Tbilisi."])] == ["georgia"]


def test_unknown_type(tmp_path: Path) -> None:
    assert error_of(tmp_path, "entities:\n- type: planet\n  name: Mars\n") == (
        "vocabulary/entities.yaml:2: the type 'planet' is unknown. Fix: use one of place, person, "
        "organisation, topic, author, publisher")


def test_malformed_qnumber(tmp_path: Path) -> None:
    assert error_of(tmp_path, "entities:\n- type: place\n  name: Mars\n  wikidata: Q0123\n") == (
        "vocabulary/entities.yaml:4: the Wikidata id 'Q0123' is not a Q-number. Fix: write it as Q "
        "followed by digits, e.g. Q423")


def test_yaml_error(tmp_path: Path) -> None:
    assert error_of(tmp_path, "entities:\n- type: place\n  name: [Mars\n") == (
        "vocabulary/entities.yaml:4: is not valid YAML (expected ',' or ']', but got '<stream end>'). "
        "Fix: correct the YAML syntax at that line")


def test_index_syntax_in_name(tmp_path: Path) -> None:
    assert error_of(tmp_path, "entities:\n- type: topic\n  name: War; peace\n") == (
        "vocabulary/entities.yaml:3: the name 'War; peace' contains ';' or starts with '!', which the "
        "general index reads as syntax. Fix: write the name without them")


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger(load(ROOT / "vocabulary").entities)


def keys(tagger: Tagger, *paragraphs: str) -> list[str]:
    return sorted(m.entity.key for m in tagger.tag(list(paragraphs)))


def test_whole_words_and_case(tagger: Tagger) -> None:
    assert keys(tagger, "USAID and the USSR told us, and trust us.") == []
    assert keys(tagger, "The US, the U.S.-backed plan.") == ["place/us"]
    assert keys(tagger, "north korea") == []  # aliases match as written
    assert keys(tagger, "Talks on DENUCLEARIZATION.") == ["topic/nuclear-disarmament"]  # case_sensitive: false


def test_moon_rules(tagger: Tagger) -> None:
    assert keys(tagger, "The moon was full.", "Moon rocks.") == []
    assert "person/moon-jae-in" not in keys(tagger, "Moon landing in Korea.")
    assert keys(tagger, "Moon landing photos.", "Seoul.") == []  # excluded after
    assert keys(tagger, "Seoul said Moon agreed.") == ["person/moon-jae-in"]
    assert keys(tagger, "Moon agreed.") == []  # no Korean context in the article
    assert keys(tagger, "President Moon agreed.") == ["person/moon-jae-in"]


def test_leftmost_longest_and_paragraph_anchors(tagger: Tagger) -> None:
    mentions = {m.entity.key: m.paragraphs for m in tagger.tag(
        ["The US State Department spoke.", "North Korea replied.", "So did the US."])}
    assert mentions == {"organisation/us-department-of-state": (1,), "place/kp": (2,), "place/us": (3,)}


def test_places_come_from_pycountry() -> None:
    vocab = load(ROOT / "vocabulary")
    places = {e.id: e for e in vocab.of_type("place")}
    assert len(places) >= 249
    assert {"North Korea", "Democratic People's Republic of Korea"} <= {a.text for a in places["kp"].aliases}
    assert places["kp"].wikidata == "Q423"
