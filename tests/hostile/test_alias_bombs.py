"""YAML anchor/alias bombs wherever a contract value is shown, hashed, compared or turned
into text. A bomb of ``LEVELS`` levels of ten aliases expands to 10^LEVELS nodes: none of
these tests could finish if anything expanded it, so none of them measures time."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apidiff.canonical import SMALL, Canonical, canonical, preview, text
from apidiff.cli import cli

LEVELS = 30  # 10^30 expanded nodes: only a walk over distinct nodes ends
FORMATS = ("text", "json", "yaml", "markdown", "sarif", "junit", "github", "html")
# Reports quote values through bounded previews: a few KB per finding at most.
MAX_REPORT = 200_000


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def anchors(levels: int = LEVELS, prefix: str = "x-a") -> str:
    lines = [f'{prefix}0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{prefix}{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def info(version: str = "'1'", title: str = "t") -> str:
    return f"info: {{title: {title}, version: {version}}}\n"


OPS = "paths:\n  /x:\n    get:\n      responses:\n        '200': {description: ok}\n"


def _op(extra: str, param: str = "") -> str:
    params = f"      parameters:\n        - {param}\n" if param else ""
    return (
        f"paths:\n  /x:\n    get:\n{extra}{params}"
        "      responses:\n        '200': {description: ok}\n"
    )


def positions(bomb: str) -> dict[str, str]:
    """One OpenAPI 3.0 / Swagger 2.0 contract per place a bomb can sit."""
    o3, o2 = "openapi: 3.0.3\n", "swagger: '2.0'\n"
    return {
        "root-extension": o3 + info() + f"x-bomb: {bomb}\n" + OPS,
        "schema-default": o3
        + info()
        + _op("", f"{{name: q, in: query, schema: {{type: array, default: {bomb}}}}}"),
        "enum-value": o3
        + info()
        + _op("", f"{{name: q, in: query, schema: {{type: array, enum: [{bomb}, [b]]}}}}"),
        "const": o3 + info() + _op("", f"{{name: q, in: query, schema: {{const: {bomb}}}}}"),
        "not-keyword": o3 + info() + _op("", f"{{name: q, in: query, schema: {{not: {bomb}}}}}"),
        "example": o3
        + info()
        + _op("", f"{{name: q, in: query, example: {bomb}, schema: {{type: string}}}}"),
        "info-version": o3 + info(version=bomb) + OPS,
        "info-title": o3 + info(title=bomb) + OPS,
        "openapi-field": f"openapi: {bomb}\n" + info() + OPS,
        "operation-tag": o3 + info() + _op(f"      tags: [{bomb}]\n"),
        "operation-id": o3 + info() + _op(f"      operationId: {bomb}\n"),
        "summary": o3 + info() + _op(f"      summary: {bomb}\n"),
        "sunset": o3 + info() + _op(f"      deprecated: true\n      x-sunset: {bomb}\n"),
        "stability": o3 + info() + _op(f"      x-stability-level: {bomb}\n"),
        "operation-extension": o3 + info() + _op(f"      x-bomb: {bomb}\n"),
        "server-url": o3 + info() + f"servers: [{{url: {bomb}}}]\n" + OPS,
        "server-variable-enum": o3
        + info()
        + "servers:\n  - url: 'https://{env}.x'\n"
        + f"    variables: {{env: {{default: a, enum: [{bomb}]}}}}\n"
        + OPS,
        "server-variable-default": o3
        + info()
        + "servers:\n  - url: 'https://{env}.x'\n"
        + f"    variables: {{env: {{default: {bomb}}}}}\n"
        + OPS,
        "security-scope": o3
        + info()
        + f"security: [{{oauth: [{bomb}]}}]\n"
        + "components:\n  securitySchemes:\n    oauth: {type: oauth2, flows: {implicit: "
        + f"{{authorizationUrl: {bomb}, scopes: {{}}}}}}}}\n"
        + OPS,
        "schema-type": o3 + info() + _op("", f"{{name: q, in: query, schema: {{type: {bomb}}}}}"),
        "media-type-example": o3
        + info()
        + "paths:\n  /x:\n    post:\n      requestBody:\n        content:\n"
        + f"          application/json: {{schema: {{type: object}}, example: {bomb}}}\n"
        + "      responses: {'200': {description: ok}}\n",
        "swagger-parameter-enum": o2
        + info()
        + _op("", f"{{name: q, in: query, type: array, items: {{type: string}}, enum: [{bomb}]}}"),
        "swagger-parameter-default": o2
        + info()
        + _op("", f"{{name: q, in: query, type: array, items: {{type: string}}, default: {bomb}}}"),
        "swagger-consumes": o2 + info() + f"consumes: [{bomb}]\n" + OPS,
        "swagger-collection-format": o2
        + info()
        + _op(
            "",
            f"{{name: q, in: query, type: array, items: {{type: string}}, "
            f"collectionFormat: {bomb}}}",
        ),
    }


def pair(tmp_path, name: str, old_level: int, new_level: int) -> tuple[str, str]:
    old = anchors() + positions(f"*a{old_level}")[name]
    new = anchors() + positions(f"*a{new_level}")[name]
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(new)
    return str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")


def assert_bounded(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("apidiff: error: "), err
        assert len(lines[0]) < 2_000
    assert len(out) < MAX_REPORT


@pytest.mark.parametrize("name", sorted(positions("*a1")))
def test_a_bomb_compared_with_itself_is_no_change(tmp_path, name):
    old, _ = pair(tmp_path, name, LEVELS - 1, LEVELS - 1)
    code, out, err = run("diff", old, old, "-f", "json")
    assert_bounded(code, out, err)
    if code == 0:
        assert json.loads(out)["changes"] == []


@pytest.mark.parametrize("name", sorted(positions("*a1")))
def test_a_changed_bomb_is_reported_in_bounded_text(tmp_path, name):
    old, new = pair(tmp_path, name, LEVELS - 1, LEVELS - 2)
    code, out, err = run("diff", old, new, "-f", "json")
    assert_bounded(code, out, err)
    if code != 2:
        report = json.loads(out)
        for change in report["changes"]:
            assert len(change["message"]) < 10_000
        assert len(report["old"]["version"] or "") < SMALL


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_report_format_stays_bounded(tmp_path, fmt):
    (tmp_path / "old.yaml").write_text(
        anchors()
        + "openapi: 3.0.3\n"
        + info(version=f"*a{LEVELS - 1}", title=f"*a{LEVELS - 1}")
        + _op(
            f"      tags: [*a{LEVELS - 1}]\n",
            f"{{name: q, in: query, schema: {{default: *a{LEVELS - 1}, enum: [*a{LEVELS - 1}]}}}}",
        )
    )
    (tmp_path / "new.yaml").write_text(
        (tmp_path / "old.yaml").read_text().replace(f"*a{LEVELS - 1}", f"*a{LEVELS - 2}")
    )
    code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", fmt)
    assert_bounded(code, out, err)
    assert code == 0
    if fmt in ("json", "sarif"):
        json.loads(out)  # still valid JSON


def test_a_changelog_of_a_bombed_version_is_bounded(tmp_path):
    old, new = pair(tmp_path, "info-version", LEVELS - 1, LEVELS - 2)
    code, out, err = run("changelog", old, new)
    assert_bounded(code, out, err)


# -- attacks of the same class beyond the listed ones ------------------------------------------


def test_a_hexadecimal_integer_past_pythons_str_limit_is_an_input_error(tmp_path):
    """``int()`` of a 0x literal has no digit limit, ``str()`` of the result has: the loader
    measures every integer in decimal digits and refuses it with its position."""
    big = "0x" + "f" * 20_000
    base = "openapi: 3.0.3\n" + info()
    (tmp_path / "old.yaml").write_text(
        base + _op("", f"{{name: q, in: query, schema: {{default: {big}}}}}")
    )
    (tmp_path / "new.yaml").write_text(base + _op("", "{name: q, in: query, schema: {default: 1}}"))
    code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert_bounded(code, out, err)
    assert code == 2 and "old.yaml:" in err and len(err.strip().splitlines()) == 1


def test_one_long_string_aliased_many_times_is_encoded_once(tmp_path):
    long = "x" * 200_000
    items = ",".join(["*s"] * 20_000)
    base = "openapi: 3.0.3\n" + info() + f'x-s: &s "{long}"\n'
    (tmp_path / "old.yaml").write_text(
        base + _op("", f"{{name: q, in: query, schema: {{default: [{items}]}}}}")
    )
    (tmp_path / "new.yaml").write_text(
        base + _op("", f"{{name: q, in: query, schema: {{default: [{items}, b]}}}}")
    )
    code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"))
    assert_bounded(code, out, err)
    assert "default value changed" in out


def test_many_distinct_wrappers_of_one_large_value_are_keyed_once(tmp_path):
    """Each ``[*big]`` is a new list: without a memo across values, each would cost ``big``."""
    wrappers = ",".join(["[*a3]"] * 2_000)
    text_ = "openapi: 3.0.3\n" + info() + anchors(4)
    text_ += _op("", f"{{name: q, in: query, schema: {{enum: [{wrappers}], default: [*a3]}}}}")
    (tmp_path / "c.yaml").write_text(text_)
    code, out, err = run("diff", str(tmp_path / "c.yaml"), str(tmp_path / "c.yaml"))
    assert_bounded(code, out, err)
    assert code == 0


def test_a_value_that_contains_itself_ends_in_a_bounded_answer(tmp_path):
    base = "openapi: 3.0.3\n" + info()
    (tmp_path / "old.yaml").write_text(
        base + _op("", "{name: q, in: query, schema: {default: &c [*c, [*c]]}}")
    )
    (tmp_path / "new.yaml").write_text(base + _op("", "{name: q, in: query, schema: {default: 1}}"))
    for new in ("old.yaml", "new.yaml"):
        code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / new))
        assert_bounded(code, out, err)


def test_a_cyclic_value_has_a_key_and_a_preview():
    value: list = []
    value.append(value)
    value.append([value])
    assert canonical(value).endswith(">")
    assert preview(value).startswith("[[[")


def _introspection(extra: str, fields: str) -> str:
    return (
        extra
        + "__schema:\n  queryType: {name: Query}\n  mutationType: null\n"
        + "  subscriptionType: null\n  directives: []\n  types:\n"
        + "    - {kind: SCALAR, name: String, description: null}\n"
        + "    - {kind: SCALAR, name: Boolean, description: null}\n"
        + "    - {kind: OBJECT, name: Query, description: null, interfaces: [], "
        + f"fields: {fields}}}\n"
        + "    - {kind: OBJECT, name: T, description: null, interfaces: [], "
        + f"fields: {fields}}}\n"
    )


_FIELD = (
    "{name: f, description: %s, isDeprecated: false, deprecationReason: null, args: [], "
    "type: {kind: SCALAR, name: String, ofType: null}}"
)


def test_introspection_yaml_sharing_a_list_by_alias_is_an_input_error(tmp_path):
    """Types sharing one aliased list of fields: graphql-core would build it once per use."""
    path = tmp_path / "schema.yaml"
    path.write_text(_introspection(f"x-f: &F [{_FIELD % 'null'}]\n", "*F"))
    code, _, err = run("diff", str(path), str(path))
    assert code == 2
    assert "repeated by a YAML alias" in err and len(err.strip().splitlines()) == 1


def test_introspection_yaml_with_a_list_as_description_is_bounded(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(_introspection("", f"[{_FIELD % '[a, [b, c]]'}]"))
    new.write_text(_introspection("", f"[{_FIELD % '[a, [b, d]]'}]"))
    code, out, err = run("diff", str(old), str(new))
    assert_bounded(code, out, err)
    assert "description changed" in out


# -- the bounded path itself --------------------------------------------------------------------


def _bomb(levels: int, leaf: object = "lol") -> list:
    node: object = [leaf] * 10
    for _ in range(levels):
        node = [node] * 10
    return node  # type: ignore[return-value]


def _copy(value: object) -> object:
    """The same content with no sharing (only for small values)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def test_keys_are_exact_however_the_content_is_shared():
    assert canonical(_bomb(40)) == canonical(_bomb(40))
    assert canonical(_bomb(40)) != canonical(_bomb(40, "lul"))
    assert canonical(_bomb(40)) != canonical(_bomb(39))
    shared = _bomb(2)
    assert canonical(shared) == canonical(_copy(shared))  # 1,110 nodes, long: head + hash
    assert canonical(shared).endswith(">") and len(canonical(shared)) < SMALL
    # No string or JSON text can pose as a long value's key.
    assert canonical(canonical(shared)) != canonical(shared)


def test_short_keys_are_the_json_text_they_always_were():
    cases = [
        ({"b": [1, 2.0, None, True], "a": "é"}, '{"a":"é","b":[1,2,null,true]}'),
        ([float("nan"), 1.5, float("-inf")], '["nan",1.5,"-inf"]'),
        ({}, "{}"),
        ([[]], "[[]]"),
        ([0] * 300, "[" + ",".join(["0"] * 300) + "]"),  # past the fast path, still short
    ]
    for value, expected in cases:
        assert canonical(value) == expected
        assert Canonical()(value) == expected


def test_text_and_preview_are_bounded():
    assert text(["a", 1]) == "['a', 1]"  # short: as str() always printed it
    assert text(12) == "12" and text(None) == "None" and text(1.5) == "1.5"
    assert len(text(_bomb(50))) < SMALL
    assert len(preview(_bomb(50))) == 120
    assert preview({"b": 1, "a": [1, "x"]}) == '{"a": [1, "x"], "b": 1}'


# -- the property ---------------------------------------------------------------------------

# Every slot of one OpenAPI contract where a value can sit, with a harmless default.
SLOTS = {
    "version": "'1'",
    "title": "t",
    "root-extension": "1",
    "server-url": "/v1",
    "server-variable-default": "a",
    "server-variable-enum": "a",
    "tag": "pets",
    "operation-id": "op",
    "summary": "s",
    "operation-extension": "1",
    "stability": "stable",
    "security-scope": "read",
    "parameter-default": "1",
    "parameter-enum-value": "1",
    "parameter-example": "1",
    "property-default": "1",
    "property-const": "1",
    "property-not": "{type: string}",
    "property-extension": "1",
    "media-example": "1",
}


def full_contract(slots: dict[str, str]) -> str:
    v = {**SLOTS, **slots}
    return (
        anchors()
        + "openapi: 3.0.3\n"
        + f"info: {{title: {v['title']}, version: {v['version']}}}\n"
        + f"x-root: {v['root-extension']}\n"
        + f"servers:\n  - url: {v['server-url']}\n"
        + "  - url: 'https://{env}.x'\n"
        + f"    variables: {{env: {{default: {v['server-variable-default']}, "
        + f"enum: [{v['server-variable-enum']}]}}}}\n"
        + f"security: [{{oauth: [{v['security-scope']}]}}]\n"
        + "paths:\n  /x:\n    post:\n"
        + f"      tags: [{v['tag']}]\n      operationId: {v['operation-id']}\n"
        + f"      summary: {v['summary']}\n      x-op: {v['operation-extension']}\n"
        + f"      x-stability-level: {v['stability']}\n"
        + "      parameters:\n"
        + f"        - {{name: q, in: query, example: {v['parameter-example']}, schema: "
        + f"{{default: {v['parameter-default']}, enum: [{v['parameter-enum-value']}, 2]}}}}\n"
        + "      requestBody:\n        content:\n          application/json:\n"
        + f"            example: {v['media-example']}\n"
        + "            schema: {$ref: '#/components/schemas/S'}\n"
        + "      responses: {'200': {description: ok}}\n"
        + "components:\n  schemas:\n    S:\n      type: object\n      properties:\n"
        + f"        p: {{default: {v['property-default']}, not: {v['property-not']}, "
        + f"x-p: {v['property-extension']}}}\n"
        + f"        c: {{const: {v['property-const']}}}\n"
        + "  securitySchemes:\n    oauth: {type: oauth2, flows: {implicit: "
        + "{authorizationUrl: 'https://a', scopes: {read: r}}}}\n"
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    old_bombs=st.dictionaries(
        st.sampled_from(sorted(SLOTS)), st.integers(min_value=0, max_value=LEVELS - 1), max_size=6
    ),
    new_bombs=st.dictionaries(
        st.sampled_from(sorted(SLOTS)), st.integers(min_value=0, max_value=LEVELS - 1), max_size=6
    ),
    fmt=st.sampled_from(FORMATS),
)
def test_property_bombs_anywhere_load_compare_and_render_bounded(
    tmp_path, old_bombs, new_bombs, fmt
):
    """Anchors at any mix of positions, of any depth up to 10^30 expanded nodes: loading,
    self-compare and every report stay bounded. A report is at most a constant per finding
    (MAX_REPORT for the few a contract this size can have), so it expanded nothing."""
    old = full_contract({k: f"*a{level}" for k, level in old_bombs.items()})
    new = full_contract({k: f"*a{level}" for k, level in new_bombs.items()})
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(new)
    code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "old.yaml"), "-f", fmt)
    assert_bounded(code, out, err)
    if fmt == "json" and code == 0:
        assert json.loads(out)["changes"] == []
    code, out, err = run("diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", fmt)
    assert_bounded(code, out, err)
    if fmt in ("json", "sarif") and code != 2:
        json.loads(out)


def test_a_bomb_in_an_example_is_a_preview_never_a_delta(tmp_path, monkeypatch):
    """The JSON report's delta runs deepdiff only on values small enough to write whole: an
    example holding a bomb beside a key that changed is a flagged preview on each side, and
    deepdiff is never called with it (it would expand it)."""
    from apidiff.report import values

    def refuse(old, new):
        raise AssertionError("deepdiff called on a value over the bound")

    monkeypatch.setattr(values, "delta", refuse)
    base = "openapi: 3.0.3\n" + info()
    examples = (
        f"{{name: a, blob: *a{LEVELS - 1}}}",  # the same bomb, another key changed
        f"{{name: b, blob: *a{LEVELS - 1}}}",
        "{name: b}",  # a small example on one side only
    )
    for old_example, new_example in ((examples[0], examples[1]), (examples[2], examples[1])):
        for side, example in (("old", old_example), ("new", new_example)):
            (tmp_path / f"{side}.yaml").write_text(
                anchors() + base + _op("", f"{{name: q, in: query, example: {example}}}")
            )
        code, out, err = run(
            "diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", "json"
        )
        assert_bounded(code, out, err)
        (change,) = json.loads(out)["changes"]
        assert change["id"] == "request-parameter-example-changed"
        assert change["new_value_truncated"] is True and len(change["new_value"]) <= 200
        assert "delta" not in change
        assert out.count("lol") < 200  # previews only
