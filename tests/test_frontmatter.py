"""The front-matter emitter: what it writes, PyYAML (both loaders) and myst-parser read back."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.config.main import read_topmatter

from seedarchive.render import frontmatter
from seedarchive.render.myst import front_matter
from seedarchive.sphinxext.upstream.speedups import fastyaml

#: Strings a reader could take for something else than a string, or that YAML or
#: myst-parser treat as syntax.
TRICKY = [
    *("null", "Null", "NULL", "nULL", "~", "", " ", "yes", "Yes", "YES", "yEs", "no", "No", "on", "ON", "off"),
    *("Off", "true", "True", "false", "FALSE", "y", "Y", "n", "N", "=", "<<", "!", "&a", "*a", "%x", "@x", "`x"),
    *("0", "-1", "+1", "1_000", "0x1F", "0o17", "0b101", "017", "1e3", "1.5", ".5", "-.5", "1.", ".inf", "-.Inf"),
    *(".nan", "NaN", "inf", "190:20:30", "1:2", "2018-01-10", "2018-1-1", "2018-01-10T10:00:00Z"),
    *("2018-01-10 10:00:00.5 +02:00", "0.1.0", "1,000", "a: b", "a:", "a:b", "a #b", "a#b", "#a", "- x", "-x"),
    *("? x", ": x", "[x]", "{x: 1}", "x, y", "'x'", '"x"', "|", ">", "|-\n  x", "---", "...", "--- x", "... x"),
    *("a\n---\nb", "a\n...\nb", "\n---\n", "x\r\n---\r\n", "x\x85---", "x\u2028---\u2029", "\ufeffx", "\ufffe"),
    *("lead", " lead", "trail ", "tab\t", "\tx", "two  spaces", "a\\nb", "\\", "\x00\x07\x1b\x7f\x9f"),
    *("\u00a0nbsp\u00a0", "x\u3000", "\u200b", "e\u0301", "😀", "👩\u200d💻", "\U0010ffff", "\ue000"),
    *("Ünïcödé", "日本語", "«guillemets»", "“quotes” ‘single’ — dash … ellipsis", "https://example.com/a?b=c#d"),
]

# Lone surrogates never reach a page: seeds are decoded strictly (seeds.decode_text, the
# readers). A sidecar's YAML escape ("\ud800") can make one, but records and pages are
# written as strict UTF-8, which refuses it before any page is rendered. (The emitter still
# escapes them as \uXXXX: see test_escapes.)
texts = st.one_of(st.text(st.characters(exclude_categories=["Cs"])), st.sampled_from(TRICKY))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), texts)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(texts.filter(lambda k: len(k) < 200), children, max_size=4)
    ),
    max_leaves=20,
)
documents = st.dictionaries(texts.filter(lambda k: len(k) < 200), values, max_size=6)


def read_both(text: str) -> Any:
    pure = yaml.safe_load(text)
    assert yaml.load(text, Loader=yaml.CSafeLoader) == pure
    return pure


@settings(max_examples=400, deadline=None)
@given(values)
def test_round_trip_with_both_pyyaml_loaders(value: Any) -> None:
    assert read_both(frontmatter.emit(value)) == value


@settings(max_examples=300, deadline=None)
@given(documents)
def test_round_trip_through_myst_parser_front_matter(document: dict[str, Any]) -> None:
    page = front_matter({"seedarchive": document}) + "\n# Title\n\n---\n\nText.\n"
    assert read_topmatter(page) == {"seedarchive": document}
    assert fastyaml.read_topmatter(page) == {"seedarchive": document}


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_strings_stay_strings(text: str) -> None:
    data = {text: text, "list": [text, [text], {text: [text]}]}
    page = front_matter(data) + "# Title\n"
    assert read_both(frontmatter.emit(data)) == data
    assert read_topmatter(page) == data


def test_no_value_can_end_the_front_matter() -> None:
    data = {"a": "x\n---\ny", "b": ["---", "...", "--- x", "...\n---"], "---": "...", "...": {"---": ["..."]}}
    text = frontmatter.emit(data)
    assert not any(line.startswith(("---", "...")) for line in text.splitlines())
    assert read_topmatter("---\n" + text + "---\nbody\n") == data


@pytest.mark.parametrize(
    "text",
    ["yes", "No", "ON", "y", "N", "~", "null", "2018-01-10", "1e3", "0o17", "0x1F", "1_000", "190:20:30", "1.5"],
)
def test_words_and_numbers_are_quoted(text: str) -> None:
    assert not frontmatter.is_plain(text)
    assert frontmatter.scalar(text) == f'"{text}"'


@pytest.mark.parametrize("text", ["hello world", "Moon Jae-in", "000_b0338e507dd9b773.txt", "place/kp", "Ünïcödé"])
def test_ordinary_strings_are_plain(text: str) -> None:
    assert frontmatter.scalar(text) == text


def test_escapes() -> None:
    assert frontmatter.scalar('say "hi"\\') == '"say \\"hi\\"\\\\"'
    assert frontmatter.scalar("a\tb\nc\x00\x7f\x85\u2028\u2029\ufeff\uffff") == (
        '"a\\tb\\nc\\u0000\\x7f\\x85\\u2028\\u2029\\ufeff\\uffff"'
    )
    assert frontmatter.scalar("émoji 😀") == "émoji 😀"  # written as it is, never escaped
    assert frontmatter.scalar("\ud800") == '"\\ud800"'
    assert yaml.safe_load(frontmatter.emit(["\ud800"])) == ["\ud800"]


def test_exact_output() -> None:
    """The layout, on purpose: a change here changes every page."""
    data = {
        "orphan": True,
        "seedarchive": {
            "type": "article",
            "revision": 2,
            "withdrawn": None,
            "headline": "South Korea: Talks",
            "authors": ["Jason Ditz", "yes"],
            "url": "https://example.com/a#b",
            "first_ingested_at": "2026-01-01T00:00:00Z",
            "capture": {},
            "bio": [],
            "subtitle": "",
            "provenance": {"seed": "000_a.txt", "size": 2031},
            "revisions": [{"number": 1, "seed": "a.txt"}, {"number": 2, "seed": "b.txt"}],
            "nested": [[1, 2], [], {}, {"paragraphs": [0, 4], "deep": {"x": False}}],
        },
    }
    assert front_matter(data) == (
        "---\n"
        "orphan: true\n"
        "seedarchive:\n"
        "  type: article\n"
        "  revision: 2\n"
        "  withdrawn: null\n"
        '  headline: "South Korea: Talks"\n'
        "  authors:\n"
        "  - Jason Ditz\n"
        '  - "yes"\n'
        "  url: https://example.com/a#b\n"
        '  first_ingested_at: "2026-01-01T00:00:00Z"\n'
        "  capture: {}\n"
        "  bio: []\n"
        '  subtitle: ""\n'
        "  provenance:\n"
        "    seed: 000_a.txt\n"
        "    size: 2031\n"
        "  revisions:\n"
        "  - number: 1\n"
        "    seed: a.txt\n"
        "  - number: 2\n"
        "    seed: b.txt\n"
        "  nested:\n"
        "  - - 1\n"
        "    - 2\n"
        "  - []\n"
        "  - {}\n"
        "  - paragraphs:\n"
        "    - 0\n"
        "    - 4\n"
        "    deep:\n"
        "      x: false\n"
        "---\n"
    )
    assert read_both(frontmatter.emit(data)) == data


def test_same_layout_as_pyyaml_where_no_quoting_is_involved() -> None:
    data = {"a": [[1, 2], [3], {}, [], {"x": [1], "w": {"z": None}}], "b": {}, "c": True, "d": -7}
    assert frontmatter.emit(data) == yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize("bad", [1.5, b"bytes", {1: "x"}, object()])
def test_other_types_are_refused(bad: Any) -> None:
    with pytest.raises(TypeError):
        frontmatter.emit({"key": bad})
