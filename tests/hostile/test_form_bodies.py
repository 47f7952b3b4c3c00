"""Form and multipart bodies compared as text: only where every field really travels as
text (a field sent as JSON keeps JSON's types, where ``5`` and ``"5"`` differ)."""

from __future__ import annotations

import json

import pytest

from ..conftest import compare_texts


def _contract(media: str, schema: dict, encoding: dict | None = None) -> str:
    entry: dict = {"schema": schema}
    if encoding is not None:
        entry["encoding"] = encoding
    return json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/pets": {
                    "post": {
                        "requestBody": {"content": {media: entry}},
                        "responses": {"204": {"description": "done"}},
                    }
                }
            },
        }
    )


def _ids(tmp_path, old: str, new: str) -> set[tuple[str, str]]:
    result = compare_texts(tmp_path, old, new, "json")
    return {(f.id, str(f.severity)) for f in result.findings}


def _age(kind: str) -> dict:
    return {"type": "object", "properties": {"age": {"type": kind}}}


@pytest.mark.parametrize("media", ["multipart/form-data", "application/x-www-form-urlencoded"])
@pytest.mark.parametrize("content_type", ["application/json", "text/plain, application/json"])
def test_a_field_encoded_as_json_keeps_json_types(tmp_path, media, content_type) -> None:
    # `encoding: {age: {contentType: application/json}}`: the part is `5`, then must be `"5"`.
    encoding = {"age": {"contentType": content_type}}
    old = _contract(media, _age("integer"), encoding)
    new = _contract(media, _age("string"), encoding)
    assert ("request-property-type-changed", "breaking") in _ids(tmp_path, old, new)


def test_a_field_encoded_as_text_stays_text(tmp_path) -> None:
    encoding = {"age": {"contentType": "text/plain"}}
    old = _contract("multipart/form-data", _age("integer"), encoding)
    new = _contract("multipart/form-data", _age("string"), encoding)
    assert _ids(tmp_path, old, new) == {("request-property-type-generalized", "safe")}


@pytest.mark.parametrize("keyword", ["additionalProperties", "patternProperties"])
def test_a_multipart_body_whose_other_parts_are_objects_is_json(tmp_path, keyword) -> None:
    # Parts beyond the named ones are objects, sent as JSON: a change inside them is typed.
    def schema(kind: str) -> dict:
        part = {"type": "object", "properties": {"x": {"type": kind}}}
        extra = part if keyword == "additionalProperties" else {"^x-": part}
        return {"type": "object", "properties": {"n": {"type": "string"}}, keyword: extra}

    old = _contract("multipart/form-data", schema("integer"))
    new = _contract("multipart/form-data", schema("string"))
    assert ("request-property-type-changed", "breaking") in _ids(tmp_path, old, new)
