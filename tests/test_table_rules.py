"""Every generated schema rule fires, alone, from one mutation of a base contract.

Each table row has a pair of schema fragments (OLD, NEW) that makes exactly its keyword
change. The fragment is placed at each location the table knows — request body root, a
request body property, a query parameter, response body root, a response property, a
response header — and the comparison must give exactly that location's rule, at the rule's
severity. The mirror placement (same mutation, other direction) proves the verdict follows
the direction: a naive tool gives both the same severity.
"""

from __future__ import annotations

import json

import pytest

from apidiff.model import Direction
from apidiff.rules import RULES
from apidiff.rules.table import LOCATIONS, ROWS

S = {"type": "string"}
I = {"type": "integer"}  # noqa: E741
A = {"type": "array", "items": S}
S5 = {"type": "string", "maxLength": 5}
I5 = {"type": "integer", "maximum": 5}
B = {"type": "boolean", "const": True}
O = {"type": "object", "properties": {"a": S, "b": S}}  # noqa: E741
C = {**O, "additionalProperties": False}
IF = {"if": {"required": ["a"]}, "then": {"required": ["b"]}}

# (attribute, action) -> (OLD fragment, NEW fragment)
MUTATIONS: dict[tuple[str, str], tuple[dict, dict]] = {
    # Disjoint whether values are JSON or text (as text a string also takes an integer).
    ("type", "changed"): ({"type": "boolean"}, I),
    ("type", "generalized"): (I, {"type": "number"}),
    ("type", "specialized"): ({"type": "number"}, I),
    # The same closed enum, valid under both types: the values stay, the type changes.
    ("type", "retyped"): (
        {"type": ["string", "boolean"], "enum": ["a", "b"]},
        {"type": "string", "enum": ["a", "b"]},
    ),
    ("all-of", "added"): ({"allOf": [S]}, {"allOf": [S, S]}),
    ("all-of", "removed"): ({"allOf": [S, S]}, {"allOf": [S]}),
    ("all-of", "annotation-only-added"): ({"allOf": [S]}, {"allOf": [S, {"$comment": "c"}]}),
    ("all-of", "annotation-only-removed"): ({"allOf": [S, {"$comment": "c"}]}, {"allOf": [S]}),
    # Without `string`: as text a string already takes what an integer or a boolean is.
    ("type", "list-of-types-widened"): (
        {"type": ["number", "array"]},
        {"type": ["number", "array", "boolean"]},
    ),
    ("type", "list-of-types-narrowed"): (
        {"type": ["number", "array", "boolean"]},
        {"type": ["number", "array"]},
    ),
    ("nullable", "became-nullable"): (S, {"type": ["string", "null"]}),
    ("nullable", "became-not-nullable"): ({"type": ["string", "null"]}, S),
    ("format", "added"): (S, {"type": "string", "format": "uuid"}),
    ("format", "removed"): ({"type": "string", "format": "uuid"}, S),
    ("format", "changed"): (
        {"type": "string", "format": "uuid"},
        {"type": "string", "format": "email"},
    ),
    ("format", "generalized"): (
        {"type": "integer", "format": "int32"},
        {"type": "integer", "format": "int64"},
    ),
    ("format", "specialized"): (
        {"type": "integer", "format": "int64"},
        {"type": "integer", "format": "int32"},
    ),
    ("enum-value", "added"): (
        {"type": "string", "enum": ["a", "b"]},
        {"type": "string", "enum": ["a", "b", "c"]},
    ),
    ("enum-value", "removed"): (
        {"type": "string", "enum": ["a", "b", "c"]},
        {"type": "string", "enum": ["a", "b"]},
    ),
    ("enum-name", "changed"): (
        {"type": "string", "enum": ["a", "b"], "x-enum-varnames": ["A", "B"]},
        {"type": "string", "enum": ["a", "b"], "x-enum-varnames": ["A", "Bee"]},
    ),
    ("enum", "became-enum"): (S, {"type": "string", "enum": ["a", "b"]}),
    ("enum", "became-not-enum"): ({"type": "string", "enum": ["a", "b"]}, S),
    ("multiple-of", "set"): ({"type": "number"}, {"type": "number", "multipleOf": 2}),
    ("multiple-of", "unset"): ({"type": "number", "multipleOf": 2}, {"type": "number"}),
    ("multiple-of", "changed"): (
        {"type": "number", "multipleOf": 2},
        {"type": "number", "multipleOf": 3},
    ),
    ("multiple-of", "generalized"): (
        {"type": "number", "multipleOf": 4},
        {"type": "number", "multipleOf": 2},
    ),
    ("multiple-of", "specialized"): (
        {"type": "number", "multipleOf": 2},
        {"type": "number", "multipleOf": 4},
    ),
    ("pattern", "added"): (S, {"type": "string", "pattern": "^[a-z]+$"}),
    ("pattern", "removed"): ({"type": "string", "pattern": "^[a-z]+$"}, S),
    ("pattern", "changed"): (
        {"type": "string", "pattern": "^[a-z]+$"},
        {"type": "string", "pattern": "^[a-z0-9]+$"},
    ),
    ("unique-items", "set"): (
        {"type": "array", "items": S},
        {"type": "array", "items": S, "uniqueItems": True},
    ),
    ("unique-items", "unset"): (
        {"type": "array", "items": S, "uniqueItems": True},
        {"type": "array", "items": S},
    ),
    ("default-value", "added"): (S, {"type": "string", "default": "x"}),
    ("default-value", "removed"): ({"type": "string", "default": "x"}, S),
    ("default-value", "changed"): (
        {"type": "string", "default": "x"},
        {"type": "string", "default": "y"},
    ),
    ("additional-properties", "closed"): (
        {"type": "object", "properties": {"a": S}},
        {"type": "object", "properties": {"a": S}, "additionalProperties": False},
    ),
    ("additional-properties", "opened"): (
        {"type": "object", "properties": {"a": S}, "additionalProperties": False},
        {"type": "object", "properties": {"a": S}},
    ),
    ("additional-properties", "restricted"): (
        {"type": "object"},
        {"type": "object", "additionalProperties": S},
    ),
    ("additional-properties", "unrestricted"): (
        {"type": "object", "additionalProperties": S},
        {"type": "object"},
    ),
    # Branches with constraints: a choice between bare types is a type list.
    ("one-of", "added"): ({"oneOf": [S5, I5]}, {"oneOf": [S5, I5, B]}),
    ("one-of", "removed"): ({"oneOf": [S5, I5, B]}, {"oneOf": [S5, I5]}),
    ("any-of", "added"): ({"anyOf": [S5, I5]}, {"anyOf": [S5, I5, B]}),
    ("any-of", "removed"): ({"anyOf": [S5, I5, B]}, {"anyOf": [S5, I5]}),
    ("discriminator", "added"): (
        {"type": "object", "properties": {"kind": S}},
        {"type": "object", "properties": {"kind": S}, "discriminator": {"propertyName": "kind"}},
    ),
    ("discriminator", "removed"): (
        {"type": "object", "properties": {"kind": S}, "discriminator": {"propertyName": "kind"}},
        {"type": "object", "properties": {"kind": S}},
    ),
    ("discriminator", "property-name-changed"): (
        {
            "type": "object",
            "properties": {"kind": S, "type": S},
            "discriminator": {"propertyName": "kind"},
        },
        {
            "type": "object",
            "properties": {"kind": S, "type": S},
            "discriminator": {"propertyName": "type"},
        },
    ),
    ("discriminator", "mapping-added"): (
        {"type": "object", "properties": {"kind": S}, "discriminator": {"propertyName": "kind"}},
        {
            "type": "object",
            "properties": {"kind": S},
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Cat"},
            },
        },
    ),
    ("discriminator", "mapping-deleted"): (
        {
            "type": "object",
            "properties": {"kind": S},
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Cat"},
            },
        },
        {"type": "object", "properties": {"kind": S}, "discriminator": {"propertyName": "kind"}},
    ),
    ("discriminator", "mapping-changed"): (
        {
            "type": "object",
            "properties": {"kind": S},
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Cat"},
            },
        },
        {
            "type": "object",
            "properties": {"kind": S},
            "discriminator": {
                "propertyName": "kind",
                "mapping": {"cat": "#/components/schemas/Feline"},
            },
        },
    ),
    # Keywords compared as text: `not`, draft-7 `dependencies`.
    ("keyword", "added"): ({"type": "object"}, {"type": "object", "not": {"required": ["a"]}}),
    ("keyword", "removed"): (
        {"type": "object", "not": {"required": ["a"]}},
        {"type": "object"},
    ),
    ("keyword", "changed"): (
        {"type": "object", "not": {"required": ["a"]}},
        {"type": "object", "not": {"required": ["b"]}},
    ),
    # 2020-12 keywords by meaning (diff/keywords.py)
    ("const", "added"): (S, {"type": "string", "const": "a"}),
    ("const", "removed"): ({"type": "string", "const": "a"}, S),
    ("const", "changed"): ({"const": "a"}, {"const": "b"}),
    ("contains", "added"): (A, {**A, "contains": {"const": "x"}}),
    ("contains", "removed"): ({**A, "contains": {"const": "x"}}, A),
    ("dependent-required", "added"): (O, {**O, "dependentRequired": {"a": ["b"]}}),
    ("dependent-required", "removed"): ({**O, "dependentRequired": {"a": ["b"]}}, O),
    ("dependent-required", "changed"): (
        {**O, "dependentRequired": {"a": ["b"]}},
        {**O, "dependentRequired": {"a": ["c"]}},
    ),
    ("dependent-schema", "added"): (O, {**O, "dependentSchemas": {"a": {"required": ["b"]}}}),
    ("dependent-schema", "removed"): ({**O, "dependentSchemas": {"a": {"required": ["b"]}}}, O),
    ("if", "added"): (O, {**O, **IF}),
    ("if", "removed"): ({**O, **IF}, O),
    ("if", "changed"): ({**O, **IF}, {**O, **IF, "if": {"required": ["b"]}}),
    ("then", "added"): ({**O, "if": IF["if"]}, {**O, "if": IF["if"], "then": IF["then"]}),
    ("then", "removed"): ({**O, "if": IF["if"], "then": IF["then"]}, {**O, "if": IF["if"]}),
    ("else", "added"): ({**O, "if": IF["if"]}, {**O, "if": IF["if"], "else": IF["then"]}),
    ("else", "removed"): ({**O, "if": IF["if"], "else": IF["then"]}, {**O, "if": IF["if"]}),
    ("pattern-property", "added"): (O, {**O, "patternProperties": {"^x-": S}}),
    ("pattern-property", "removed"): ({**O, "patternProperties": {"^x-": S}}, O),
    ("pattern-property", "allowed"): (C, {**C, "patternProperties": {"^x-": S}}),
    ("pattern-property", "disallowed"): ({**C, "patternProperties": {"^x-": S}}, C),
    ("property-names", "added"): (O, {**O, "propertyNames": {"maxLength": 3}}),
    ("property-names", "removed"): ({**O, "propertyNames": {"maxLength": 3}}, O),
    ("unevaluated-properties", "added"): (O, {**O, "unevaluatedProperties": False}),
    ("unevaluated-properties", "removed"): ({**O, "unevaluatedProperties": False}, O),
    ("unevaluated-items", "added"): (A, {**A, "unevaluatedItems": False}),
    ("unevaluated-items", "removed"): ({**A, "unevaluatedItems": False}, A),
    ("content-schema", "added"): (S, {**S, "contentSchema": {"type": "object"}}),
    ("content-schema", "removed"): ({**S, "contentSchema": {"type": "object"}}, S),
    ("prefix-items", "added"): (
        {"type": "array", "prefixItems": [S]},
        {"type": "array", "prefixItems": [S, I]},
    ),
    ("prefix-items", "removed"): (
        {"type": "array", "prefixItems": [S, I]},
        {"type": "array", "prefixItems": [S]},
    ),
    ("description", "changed"): (
        {"type": "string", "description": "The name."},
        {"type": "string", "description": "The display name."},
    ),
    ("example", "changed"): (
        {"type": "string", "example": "Rex"},
        {"type": "string", "example": "Fido"},
    ),
    ("deprecated", "added"): (S, {"type": "string", "deprecated": True}),
    ("deprecated", "removed"): ({"type": "string", "deprecated": True}, S),
    # No level counts as stable; OLD's level is at or above the default threshold (beta).
    ("stability", "decreased"): (S, {"type": "string", "x-stability-level": "beta"}),
    ("stability", "increased"): ({"type": "string", "x-stability-level": "beta"}, S),
}

_BOUND_FRAGMENTS = {
    "max": ("integer", "maximum"),
    "min": ("integer", "minimum"),
    "exclusive-max": ("integer", "exclusiveMaximum"),
    "exclusive-min": ("integer", "exclusiveMinimum"),
    "max-length": ("string", "maxLength"),
    "min-length": ("string", "minLength"),
    "max-items": ("array", "maxItems"),
    "min-items": ("array", "minItems"),
    "max-properties": ("object", "maxProperties"),
    "min-properties": ("object", "minProperties"),
}
for _keyword, (_type, _json) in _BOUND_FRAGMENTS.items():
    _base = {"type": _type, **({"items": S} if _type == "array" else {})}
    MUTATIONS[(_keyword, "increased")] = ({**_base, _json: 2}, {**_base, _json: 5})
    MUTATIONS[(_keyword, "decreased")] = ({**_base, _json: 5}, {**_base, _json: 2})
    MUTATIONS[(_keyword, "set")] = (_base, {**_base, _json: 5})
    MUTATIONS[(_keyword, "unset")] = ({**_base, _json: 5}, _base)

for _keyword in ("min-contains", "max-contains"):
    _json = "minContains" if _keyword == "min-contains" else "maxContains"
    _base = {**A, "contains": {"const": "x"}}
    MUTATIONS[(_keyword, "increased")] = ({**_base, _json: 2}, {**_base, _json: 5})
    MUTATIONS[(_keyword, "decreased")] = ({**_base, _json: 5}, {**_base, _json: 2})
    if _keyword == "max-contains":
        MUTATIONS[(_keyword, "set")] = (_base, {**_base, _json: 5})
        MUTATIONS[(_keyword, "unset")] = ({**_base, _json: 5}, _base)
for _keyword, _json, _a, _b in (
    ("content-media-type", "contentMediaType", "application/json", "image/png"),
    ("content-encoding", "contentEncoding", "base64", "base32"),
):
    MUTATIONS[(_keyword, "added")] = (S, {**S, _json: _a})
    MUTATIONS[(_keyword, "removed")] = ({**S, _json: _a}, S)
    MUTATIONS[(_keyword, "changed")] = ({**S, _json: _a}, {**S, _json: _b})

PLAIN = {"type": "string"}


def contract(where: str, fragment: dict) -> str:
    """A one-operation 3.1 contract with ``fragment`` at ``where`` and plain schemas elsewhere."""

    def at(place: str) -> dict:
        return fragment if place == where else PLAIN

    request_body = (
        at("request-body")
        if where == "request-body"
        else {"type": "object", "properties": {"field": at("request-property")}}
    )
    response_body = (
        at("response-body")
        if where == "response-body"
        else {"type": "object", "properties": {"field": at("response-property")}}
    )
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Things", "version": "1"},
        "paths": {
            "/things": {
                "post": {
                    "parameters": [{"name": "q", "in": "query", "schema": at("request-parameter")}],
                    "requestBody": {"content": {"application/json": {"schema": request_body}}},
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X-Field": {"schema": at("response-header")}},
                            "content": {"application/json": {"schema": response_body}},
                        }
                    },
                }
            }
        },
    }
    return json.dumps(doc, indent=1)


_PLACES = {
    (Direction.REQUEST, "body"): "request-body",
    (Direction.REQUEST, "property"): "request-property",
    (Direction.REQUEST, "parameter"): "request-parameter",
    (Direction.RESPONSE, "body"): "response-body",
    (Direction.RESPONSE, "property"): "response-property",
    (Direction.RESPONSE, "header"): "response-header",
}

CASES = [
    (f"{direction.value}-{location}-{row.name}", row, _PLACES[(direction, location)])
    for direction, locations in LOCATIONS.items()
    for location in locations
    for row in ROWS
]


def test_every_row_has_a_mutation():
    assert {(r.attribute, r.action) for r in ROWS} <= set(MUTATIONS)


def test_every_generated_rule_is_covered():
    generated = {r.id for r in RULES.values() if r.area == "schemas"} - {
        "response-property-extensible-enum-value-added"  # hand-written, has a fixture pair
    }
    assert generated == {case[0] for case in CASES}


# A whole conditional that appears or goes is its condition (a fact) and each branch (the
# constraint): the branch's rule comes with it, by design (diff/keywords.py).
COMPANIONS = {("if", "added"): "then-added", ("if", "removed"): "then-removed"}


@pytest.mark.parametrize(("rule_id", "row", "place"), CASES, ids=[c[0] for c in CASES])
def test_generated_rule_fires_alone(rule_id, row, place, compare_yaml):
    old, new = MUTATIONS[(row.attribute, row.action)]
    result = compare_yaml(contract(place, old), contract(place, new), "json")
    got = sorted((f.id, f.severity) for f in result.findings)
    expected = [rule_id]
    if (row.attribute, row.action) in COMPANIONS:
        expected.append(f"{place}-{COMPANIONS[(row.attribute, row.action)]}")
    assert got == sorted((i, RULES[i].severity) for i in expected), [
        f.message for f in result.findings
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({}, {"minContains": 2}, ["request-body-min-contains-increased"]),
        ({"minContains": 2}, {}, ["request-body-min-contains-decreased"]),
        ({}, {"minContains": 0}, ["request-body-min-contains-decreased"]),
        # 1 is what `contains` asks for when minContains is not written: no change.
        ({}, {"minContains": 1}, []),
        ({"minContains": 1}, {}, []),
    ],
)
def test_min_contains_is_one_when_not_written(old, new, expected, compare_yaml):
    base = {**A, "contains": {"const": "x"}}
    result = compare_yaml(
        contract("request-body", {**base, **old}), contract("request-body", {**base, **new}), "json"
    )
    assert [f.id for f in result.findings] == expected


ENUM = {"type": "string", "enum": ["a", "b"]}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # Names reordered against the values: both constants are renamed.
        (["A", "B"], ["B", "A"], ["a", "b"]),
        # NSwag's spelling reads the same way.
        ({"x-enumNames": ["A", "B"]}, {"x-enumNames": ["A", "C"]}, ["b"]),
        # One generator's key for the other's, same names: nothing generated changes.
        ({"x-enumNames": ["A", "B"]}, {"x-enum-varnames": ["A", "B"]}, []),
        # Values and names reordered together: every value keeps its name.
        (["A", "B"], {"enum": ["b", "a"], "x-enum-varnames": ["B", "A"]}, []),
        # Names on one side only depend on each generator's own naming: not compared.
        (None, ["A", "B"], []),
        (["A", "B"], None, []),
    ],
)
def test_enum_value_names_pair_with_values_by_position(old, new, expected, compare_yaml):
    def schema(names):
        if names is None:
            return ENUM
        if isinstance(names, list):
            return {**ENUM, "x-enum-varnames": names}
        return {**ENUM, **names}

    result = compare_yaml(
        contract("response-body", schema(old)), contract("response-body", schema(new)), "json"
    )
    assert [f.id for f in result.findings] == ["response-body-enum-value-name-changed"] * len(
        expected
    )
    assert [f.message.split("`")[3] for f in result.findings] == expected


@pytest.mark.parametrize(
    ("old", "new", "request_id", "response_id"),
    [
        # A list that grows narrows a request (breaking) and widens nothing of a response.
        ({"a": ["b"]}, {"a": ["b", "c"]}, "changed", "added"),
        # One that shrinks is the other way round.
        ({"a": ["b", "c"]}, {"a": ["b"]}, "removed", "changed"),
        # Both: it can break either side.
        ({"a": ["b"]}, {"a": ["c"]}, "changed", "changed"),
        # A whole key, one finding for all its names.
        ({}, {"a": ["b", "c"]}, "added", "added"),
        ({"a": ["b", "c"]}, {}, "removed", "removed"),
        # The same names in another order: nothing.
        ({"a": ["b", "c"]}, {"a": ["c", "b"]}, None, None),
    ],
)
def test_dependent_required_is_one_finding_per_key(old, new, request_id, response_id, compare_yaml):
    for place, expected in (("request-body", request_id), ("response-body", response_id)):
        result = compare_yaml(
            contract(place, {**O, "dependentRequired": old}),
            contract(place, {**O, "dependentRequired": new}),
            "json",
        )
        got = [f.id for f in result.findings]
        assert got == ([f"{place}-dependent-required-{expected}"] if expected else []), got
