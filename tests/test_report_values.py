"""The JSON report's before/after values: bounded, and for two small structured values a
short, sorted, path-level delta of what changed inside them (``apidiff/report/values.py``)."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from apidiff.canonical import Canonical
from apidiff.report import render
from apidiff.report.values import DELTA_SHOWN, PREVIEW, VALUE_LIMIT, _deepdiff, delta, values
from apidiff.result import Finding, Severity

from .conftest import FIXTURES, ROOT, compare_files, compare_texts

SCHEMA = json.loads((ROOT / "docs" / "schema" / "report.json").read_text())


def _finding(old, new, **info) -> Finding:
    return Finding(
        id="x",
        severity=Severity.SAFE,
        operation="GET /x",
        operation_key="GET /x",
        direction=None,
        message="m",
        migration=None,
        location=None,
        old_location=None,
        fingerprint="0" * 16,
        path=(),
        kind="k",
        old=old,
        new=new,
        info=info,
    )


def _values(old, new, **info) -> dict:
    return values(_finding(old, new, **info), Canonical())


def test_small_values_are_written_whole_and_none_is_absent():
    assert _values(100, 50) == {"old_value": 100, "new_value": 50}
    assert _values(None, "2027-01-31") == {"new_value": "2027-01-31"}
    assert _values(False, True) == {"old_value": False, "new_value": True}
    assert _values(None, None) == {}
    assert _values((), ("REQUIRED",)) == {
        "old_value": [],
        "new_value": ["REQUIRED"],
        "delta": [{"path": "/0", "change": "added", "after": "REQUIRED"}],
    }
    assert _values(frozenset({"b", "a"}), None) == {"old_value": ["a", "b"]}  # sorted
    # Keys sorted and 1.0 written as 1, as the canonical JSON has them: byte-identical reports.
    assert list(_values({"b": 1.0, "a": 2}, None)["old_value"].items()) == [("a", 2), ("b", 1)]


def test_a_large_value_is_a_flagged_preview():
    long_text = "word " * 1_000
    out = _values(long_text, "short")
    assert out["old_value"] == long_text[: PREVIEW - 3] + "..."
    assert out["old_value_truncated"] is True and "new_value_truncated" not in out
    big = {"items": list(range(1_000))}
    out = _values(big, {"items": [1]})
    assert len(out["old_value"]) == PREVIEW and out["old_value"].endswith("...")
    assert "delta" not in out  # one side too large: no delta
    # Exactly at the bound is still whole; past it is a preview.
    edge = "x" * (VALUE_LIMIT - 2)  # its JSON has two quotes more
    assert _values(edge, None) == {"old_value": edge}
    assert _values(edge + "x", None)["old_value_truncated"] is True


def test_a_delta_of_two_small_structures_is_sorted_and_addressed_by_pointer():
    old = {"servers": [{"url": "a"}], "a/b": 1, "t~": 1, "gone": True, "list": list(range(12))}
    new = {"servers": [{"url": "b"}, {"url": "c"}], "a/b": 2, "t~": "1", "new": [1]}
    new["list"] = [*range(9), 90, 10, 11]
    entries = _values(old, new)["delta"]
    assert entries == [
        {"path": "/a~1b", "change": "changed", "before": 1, "after": 2},
        {"path": "/gone", "change": "removed", "before": True},
        {"path": "/list/9", "change": "changed", "before": 9, "after": 90},
        {"path": "/new", "change": "added", "after": [1]},
        {"path": "/servers/0/url", "change": "changed", "before": "a", "after": "b"},
        {"path": "/servers/1", "change": "added", "after": {"url": "c"}},
        {"path": "/t~0", "change": "changed", "before": 1, "after": "1"},
    ]
    # The same values in another key order: the same delta.
    reordered = dict(reversed(list(old.items())))
    assert _values(reordered, new)["delta"] == entries
    # Scalars and equal structures have none.
    assert "delta" not in _values("a", "b")
    assert "delta" not in _values({"a": [1]}, {"a": [1]})


def test_a_delta_is_capped():
    old = {f"k{i:02}": i for i in range(30)}
    new = {f"k{i:02}": i + 1 for i in range(30)}
    out = _values(old, new)
    assert len(out["delta"]) == DELTA_SHOWN and out["delta_count"] == 30
    assert [e["path"] for e in out["delta"]] == [f"/k{i:02}" for i in range(DELTA_SHOWN)]
    assert len(delta(old, new)) == 30


def test_a_printed_value_gives_its_data_to_the_delta():
    # A GraphQL default: messages show the print, the delta compares the coerced data.
    out = _values('{ a: 1, b: "x" }', '{ a: 2, b: "x" }', values=({"a": 1, "b": "x"}, {"a": 2}))
    assert out["old_value"] == '{ a: 1, b: "x" }'
    assert out["delta"] == [
        {"path": "/a", "change": "changed", "before": 1, "after": 2},
        {"path": "/b", "change": "removed", "before": "x"},
    ]


def test_an_example_change_carries_both_examples_and_what_changed(tmp_path):
    def contract(example: str) -> str:
        return (
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    post:\n"
            "      requestBody:\n        content:\n          application/json:\n"
            f"            schema: {{type: object}}\n            example: {example}\n"
            "      responses: {'200': {description: ok}}\n"
        )

    result = compare_texts(
        tmp_path,
        contract("{servers: [{url: 'https://a'}], x-tier: gold}"),
        contract("{servers: [{url: 'https://b'}], x-tier: gold, x-new: 1}"),
    )
    document = json.loads(render(result, "json"))
    jsonschema.validate(document, SCHEMA)
    (change,) = document["changes"]
    assert change["id"] == "request-body-example-changed"
    assert change["old_value"] == {"servers": [{"url": "https://a"}], "x-tier": "gold"}
    assert change["delta"] == [
        {
            "path": "/servers/0/url",
            "change": "changed",
            "before": "https://a",
            "after": "https://b",
        },
        {"path": "/x-new", "change": "added", "after": 1},
    ]


def test_a_graphql_input_object_default_has_a_delta(tmp_path):
    schema = (
        "input F {{ state: String, tags: [String!] }}\ntype Query {{ items(f: F = {}): Int }}\n"
    )
    old = schema.format('{state: "open", tags: ["a", "b"]}')
    new = schema.format('{state: "all", tags: ["a"]}')
    result = compare_texts(tmp_path, old, new, "graphql")
    document = json.loads(render(result, "json"))
    jsonschema.validate(document, SCHEMA)
    (change,) = document["changes"]
    assert change["old_value"] == '{ state: "open", tags: ["a", "b"] }'
    assert change["delta"] == [
        {"path": "/state", "change": "changed", "before": "open", "after": "all"},
        {"path": "/tags/1", "change": "removed", "before": "b"},
    ]


def test_the_petstore_report_has_values_and_validates():
    pet = compare_files(FIXTURES / "petstore" / "old.yaml", FIXTURES / "petstore" / "new.yaml")
    document = json.loads(render(pet, "json"))
    jsonschema.validate(document, SCHEMA)
    by_id = {c["id"]: c for c in document["changes"]}
    assert by_id["request-parameter-max-decreased"]["old_value"] == 100
    assert by_id["request-parameter-max-decreased"]["new_value"] == 50
    assert "old_value" not in by_id["api-removed-without-deprecation"]


_PLAIN_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([0.5, 1.0, 2.0]),
    st.sampled_from(["a", "b", "REQUIRED", "OPTIONAL", ""]),
)


@st.composite
def _plain_list_pairs(draw):
    old = draw(st.lists(_PLAIN_VALUES, max_size=12))
    if draw(st.booleans()):  # most pairs in reports are one edit apart
        new = list(old)
        for _ in range(draw(st.integers(1, 3))):
            edit = draw(st.sampled_from(["set", "insert", "delete"]))
            at = draw(st.integers(0, len(new)))
            if edit == "insert":
                new.insert(at, draw(_PLAIN_VALUES))
            elif new and at < len(new):
                if edit == "set":
                    new[at] = draw(_PLAIN_VALUES)
                else:
                    del new[at]
    else:
        new = draw(st.lists(_PLAIN_VALUES, max_size=12))
    nest = draw(st.booleans())
    return ({"k": old, "z": 1}, {"k": new, "z": 1}) if nest else (old, new)


@settings(max_examples=600, deadline=None)
@given(_plain_list_pairs())
def test_a_delta_of_plain_lists_is_deepdiffs_without_importing_it(pair):
    """The delta apidiff works out itself for two lists of plain values (difflib's
    alignment, as deepdiff makes it, with its choices between alignments and its merging of
    a removal and an addition at one index) is deepdiff's, entry for entry; 20,000 random
    pairs agreed when it was written."""
    old, new = pair
    expected = sorted(_deepdiff(old, new), key=lambda item: (item[0], item[1]["change"]))
    assert delta(old, new) == [entry for _, entry in expected]


def test_a_delta_of_plain_lists_does_not_import_deepdiff():
    # 40 ms of imports (asyncio, ssl) for one finding's delta: a Protobuf field_behavior list
    # reordered and grown, an enum list edited in two places.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from apidiff.report.values import delta\n"
        "print(delta(['REQUIRED', 'IMMUTABLE'], ['OUTPUT_ONLY', 'IMMUTABLE', 'IDENTIFIER']))\n"
        "print(delta({'k': ['a', 'b', 'c']}, {'k': ['c', 'a', 'd', 'b']}))\n"
        "print('deepdiff' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "False", done.stdout
