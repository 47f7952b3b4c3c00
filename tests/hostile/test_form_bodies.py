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
    return _document("post", {"requestBody": {"content": {media: entry}}})


def _document(method: str, operation: dict) -> str:
    """A contract of one operation, ``/pets`` with ``method``, answering 204."""
    operation = {**operation, "responses": {"204": {"description": "done"}}}
    return json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {method: operation}},
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


def _query(schema: dict) -> str:
    return _document("get", {"parameters": [{"name": "q", "in": "query", "schema": schema}]})


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({"type": "integer"}, {"type": "string", "format": "uuid"}, "format-added"),
        (
            {"type": "integer", "format": "int32"},
            {"type": "string", "format": "date"},
            "format-changed",
        ),
        (
            {"type": "integer", "format": "int64"},
            {"type": "string", "format": "int32"},
            "format-specialized",
        ),
    ],
)
def test_a_type_widened_to_a_formatted_string_is_narrowed_by_the_format(
    tmp_path, old, new, expected
) -> None:
    # As text, `?q=5` was valid and is no uuid: the type widens, the format narrows.
    ids = _ids(tmp_path, _query(old), _query(new))
    assert (f"request-parameter-{expected}", "breaking") in ids
    (tmp_path / "body").mkdir()
    form = "application/x-www-form-urlencoded"
    old_body, new_body = (
        _contract(form, {"type": "object", "properties": {"q": s}}) for s in (old, new)
    )
    body = _ids(tmp_path / "body", old_body, new_body)
    assert (f"request-property-{expected}", "breaking") in body


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ({"type": "integer", "format": "int64"}, {"type": "string", "format": "int64"}),
        ({"type": "integer", "format": "int32"}, {"type": "string"}),
    ],
)
def test_a_format_that_keeps_the_old_text_is_no_finding(tmp_path, old, new) -> None:
    # Nothing breaks: a format that goes is reported (safe), as the inverse of one that
    # comes (which narrows), so that swapping the versions inverts every change.
    ids = _ids(tmp_path, _query(old), _query(new))
    assert ("request-parameter-type-generalized", "safe") in ids
    assert {severity for _, severity in ids} == {"safe"}


def _tags(encoding: dict | None, media: str = "application/x-www-form-urlencoded") -> str:
    schema = {
        "type": "object",
        "properties": {"tags": {"type": "array", "items": {"type": "string"}}},
    }
    return _contract(media, schema, encoding)


def _swagger_tags(collection_format: str | None) -> str:
    param = {"name": "tags", "in": "formData", "type": "array", "items": {"type": "string"}}
    if collection_format is not None:
        param["collectionFormat"] = collection_format
    return json.dumps(
        {
            "swagger": "2.0",
            "info": {"title": "t", "version": "1"},
            "consumes": ["application/x-www-form-urlencoded"],
            "paths": {
                "/pets": {
                    "post": {"parameters": [param], "responses": {"204": {"description": "done"}}}
                }
            },
        }
    )


def test_a_swagger_form_array_converted_without_its_csv_changes_how_it_is_written(tmp_path):
    # 2.0's default collectionFormat (csv) is `tags=a,b`; OpenAPI 3's default is
    # `tags=a&tags=b`: a conversion must write `explode: false` to keep the request.
    explode = ("request-body-field-explode-changed", "breaking")
    assert explode in _ids(tmp_path, _swagger_tags(None), _tags(None))
    kept = _tags({"tags": {"style": "form", "explode": False}})
    assert explode not in _ids(tmp_path, _swagger_tags("csv"), kept)
    assert explode not in _ids(tmp_path, _swagger_tags("multi"), _tags(None))


@pytest.mark.parametrize(
    "encoding",
    [
        {"tags": {"style": ["form"], "explode": "yes", "allowReserved": {}}},
        {"tags": None, "7": {"style": 5}},
        ["tags"],
    ],
)
def test_malformed_encoding_entries_are_read_without_error(tmp_path, encoding) -> None:
    old, new = _tags(encoding), _tags({"tags": {"style": "form", "explode": False}})
    assert _ids(tmp_path, old, new) <= {
        ("request-body-field-style-changed", "breaking"),
        ("request-body-field-explode-changed", "breaking"),
    }


@pytest.mark.parametrize(("version", "reported"), [("3.0.3", False), ("3.1.0", True)])
def test_a_multipart_fields_style_counts_from_openapi_3_1(tmp_path, version, reported) -> None:
    # 3.0 applies encoding's style and explode to url-encoded forms only (a multipart part is
    # written by its contentType); 3.1 to multipart/form-data too.
    def document(explode: bool) -> str:
        text = _tags({"tags": {"style": "form", "explode": explode}}, "multipart/form-data")
        return text.replace('"3.0.3"', f'"{version}"')

    found = ("request-body-field-explode-changed", "breaking") in _ids(
        tmp_path, document(True), document(False)
    )
    assert found is reported
    urlencoded = _tags({"tags": {"explode": False}}).replace('"3.0.3"', f'"{version}"')
    assert ("request-body-field-explode-changed", "breaking") in _ids(
        tmp_path, urlencoded, urlencoded.replace("false", "true")
    )
