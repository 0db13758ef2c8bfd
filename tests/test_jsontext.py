"""seedarchive.jsontext writes the standard library's indented JSON, byte for byte."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from seedarchive import jsontext

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(exclude_categories=()))  # surrogates and control characters too
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(st.characters(exclude_categories=()), max_size=6), inner, max_size=4),
    max_leaves=25,
)


def _standard(value: Any, indent: int, sort_keys: bool) -> str:
    return json.dumps(value, indent=indent, ensure_ascii=False, sort_keys=sort_keys)


@settings(max_examples=400, deadline=None)
@given(_VALUES, st.integers(min_value=0, max_value=3), st.booleans())
def test_same_text_as_json_dumps(value: Any, indent: int, sort_keys: bool) -> None:
    assert jsontext.dumps(value, indent=indent, sort_keys=sort_keys) == _standard(value, indent, sort_keys)


def test_a_registry_shaped_value() -> None:
    value = {
        "format": 3,
        "articles": {"b-2": {"keys": ["sha:ff"], "withdrawn": None, "revisions": [{"n": 1, "at": "2026"}]},
                     "a-1": {"keys": [], "sources": {}, "ok": True, "score": 0.5}},
        "seeds": {"z.txt": {"sha256": "00", "problems": []}, "Ünïcode “name”.txt": {"size": 10}},
    }
    for sort_keys in (False, True):
        assert jsontext.dumps(value, sort_keys=sort_keys) == _standard(value, 1, sort_keys)


def test_what_it_does_not_cover_is_left_to_json() -> None:
    assert jsontext.dumps({1: "a", "b": [2]}) == _standard({1: "a", "b": [2]}, 1, False)
    try:
        jsontext.dumps({"when": object()})
    except TypeError as error:
        assert "not JSON serializable" in str(error)
    else:
        raise AssertionError("an object JSON cannot hold must raise as json.dumps does")
