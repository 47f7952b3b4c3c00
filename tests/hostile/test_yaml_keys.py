"""Repeated keys and merge keys (``<<``): what the loader refuses, and what it must not."""

from __future__ import annotations

import pytest

from apidiff.errors import InputError
from apidiff.formats.yamljson import parse


def test_a_mapping_merged_before_it_is_built_may_override_what_it_merges() -> None:
    # `mid` is defined inside a merge, then used again: its override of `a` is not a repeat.
    text = "base: &base {a: 1}\ntop:\n  <<: &mid\n    <<: *base\n    a: 2\n  b: 3\nagain: *mid\n"
    assert parse("c.yaml", text).data == {
        "base": {"a": 1},
        "top": {"a": 2, "b": 3},
        "again": {"a": 2},
    }


def test_a_merged_mapping_gives_its_own_value_not_the_one_it_merged() -> None:
    # YAML's merge: `mid`'s own `a` (2) overrides what it merged from `base`, and `top`
    # merges `mid` as it is. PyYAML 6 gave `top` base's `a`.
    text = "base: &base {a: 1}\nmid: &mid\n  <<: *base\n  a: 2\ntop:\n  <<: *mid\n  b: 3\n"
    assert parse("c.yaml", text).data["top"] == {"a": 2, "b": 3}


def test_merge_lists_and_overrides_keep_their_order_and_values() -> None:
    text = "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc: {<<: [*a, *b], z: 1}\nd: {<<: *b, x: 3}\n"
    data = parse("c.yaml", text).data
    assert data["c"] == {"x": 1, "y": 2, "z": 1}  # the first mapping listed wins
    assert list(data["d"]) == ["x", "y"] and data["d"]["x"] == 3


def test_a_mapping_that_merges_itself_adds_nothing() -> None:
    assert parse("c.yaml", "a: &a {x: 1, <<: *a}\n").data == {"a": {"x": 1}}


def test_a_repeated_key_in_a_mapping_that_is_only_merged_is_refused() -> None:
    with pytest.raises(InputError) as raised:
        parse("c.yaml", "m:\n  <<: {x: 1, x: 2}\n  y: 1\n")
    assert (raised.value.line, raised.value.column) == (2, 14)
    assert "duplicate key 'x' (first at line 2, column 8)" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"a": 1, "a": 2,}', "1:17: invalid JSON: Expecting property name"),
        ('{"a": 1, "a": 2} # note', "1:18: invalid JSON: Extra data"),
    ],
)
def test_text_that_looks_like_json_gets_the_json_error(text: str, error: str) -> None:
    # As for any other YAML error on JSON-looking text: the JSON mistake is the one to show
    # (the same object without it is JSON, where the last value wins).
    with pytest.raises(InputError) as raised:
        parse("c.json", text)
    assert error in str(raised.value)
    assert parse("c.json", '{"a": 1, "a": 2}').data == {"a": 2}
