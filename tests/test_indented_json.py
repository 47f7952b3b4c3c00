"""The fast indented JSON writer gives exactly what json.dumps(indent=2) gives."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from apidiff.report.indented import dumps

KEYS = st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.booleans(), st.none())
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.tuples(inner, inner),
        st.dictionaries(KEYS, inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(VALUES)
def test_same_text_as_json_dumps(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_empty_containers_and_unicode():
    value = {"a": [], "b": {}, "c": [{}], "é": 'line\nbreak "quoted" \u2028', "": None}
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_lists_of_strings_and_mixed_lists():
    """A list starting with a string is written in one join unless it holds more than
    strings: both give json.dumps's text."""
    value = {"s": ["a", "é\n"], "m": ["a", 1, None, {"b": ["c", 2.5]}], "t": ("x", "y"), "n": [1]}
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
