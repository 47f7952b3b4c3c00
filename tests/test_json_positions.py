"""JSON positions: the pretty-printed shortcut (members found by their line) gives exactly
the positions of the slow path (every member decoded in turn), whatever the layout."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apidiff.formats import yamljson
from apidiff.formats.yamljson import parse

KEYS = st.sampled_from(["a", "b", "ab", "x/y", "t~1", 'q"', "b\\s", "é", "\u2028", "0", " "])
LEAVES = st.none() | st.booleans() | st.integers(-5, 5) | st.text('ab\n"é', max_size=3)
DATA = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


def _pointers(data: Any, prefix: str = "") -> list[str]:
    out = [prefix]
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, value in items:
        token = str(key).replace("~", "~0").replace("/", "~1")
        out += _pointers(value, f"{prefix}/{token}")
    return out


def _positions(text: str, pointers: list[str]) -> dict[str, Any]:
    doc = parse("x.json", text)
    doc.prefetch(pointers)
    return {p: doc.position(p) for p in pointers}


def _decoded(text: str, pointers: list[str]) -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(yamljson, "_INDENT", re.compile(r"(?!)"))  # never pretty: decode each member
        return _positions(text, pointers)


@settings(max_examples=150, deadline=None)
@given(data=DATA, indent=st.sampled_from([1, 2, 4, "\t", None]), ascii=st.booleans())
def test_the_shortcut_finds_what_decoding_finds(data, indent, ascii):
    text = json.dumps({"root": data, "after": {"a": [1]}}, indent=indent, ensure_ascii=ascii)
    pointers = [*_pointers(json.loads(text)), "/missing", "/root/missing/x", "/after/a/7"]
    assert _positions(text, pointers) == _decoded(text, pointers)


def test_a_member_past_the_object_end_is_not_taken():
    # "é" is escaped in "a", so its line is not found there; the sibling's is not "a"'s.
    text = '{\n  "a": {\n    "\\u00e9": 1\n  },\n  "c": {\n    "é": 2\n  }\n}'
    pointers = ["/a/é", "/c/é"]
    found = _positions(text, pointers)
    assert found == _decoded(text, pointers) == {"/a/é": (3, 5), "/c/é": (6, 5)}


def test_items_past_the_array_end_are_not_counted():
    # Two items on one line: the line after "a" closed is "b"'s item, not "a"'s second.
    text = '{\n  "a": [\n    1, 2\n  ],\n  "b": [\n    3\n  ]\n}'
    pointers = ["/a/1", "/b/0"]
    found = _positions(text, pointers)
    assert found == _decoded(text, pointers) == {"/a/1": (3, 8), "/b/0": (6, 5)}
