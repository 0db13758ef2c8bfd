"""markup.text escapes exactly as str.translate with a table of every ASCII punctuation."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from hostile import hostile_seeds
from seedarchive.render import markup

TABLE = {ord(c): "\\" + c for c in string.punctuation}


def reference(value: str) -> str:
    return " ".join(value.split()).translate(TABLE)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=string.punctuation + string.whitespace + "ab\\")))
def test_same_as_the_translate_table(value: str) -> None:
    assert markup.text(value) == reference(value)


def test_hostile_seeds_and_every_punctuation() -> None:
    texts = [data.decode("utf-8", "replace") for data in hostile_seeds().values()]
    for value in [*texts, string.punctuation, "\\" * 5 + "`*_", "a\\*b", "\\\\n"]:
        assert markup.text(value) == reference(value)
    assert markup.text("\\*") == "\\\\\\*"
