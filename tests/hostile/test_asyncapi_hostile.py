"""Hostile AsyncAPI documents: alias bombs wherever the loader reads a value, $ref cycles and
escapes, huge and deep payload schemas, fields of the wrong type. Each ends with a one-line
error (exit 2) or loads bounded, never a traceback. Run through the CLI with the format
registered for the test and a comparison that finds nothing (the AsyncAPI comparison is
not written yet), so the whole path a real run takes is exercised: detect, load, report.
"""

from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apidiff
from apidiff.cli import cli

from ..conftest import FIXTURES
from .test_alias_bombs import LEVELS, anchors, assert_bounded

HERE = FIXTURES / "asyncapi-load"


def run_on(tmp_path, text: str, name: str = "a.yaml") -> tuple[int, str, str]:
    path = tmp_path / name
    path.write_text(text)
    result = CliRunner().invoke(cli, ["diff", str(path), str(path), "-f", "json"])
    assert_bounded(result.exit_code, result.stdout, result.stderr)
    return result.exit_code, result.stdout, result.stderr


def dict_anchors(prefix: str = "x-d", name: str = "d") -> str:
    """A bomb of mappings (schemas whose properties alias the level below), for the places
    that merge or walk objects: 10^LEVELS properties once expanded."""
    lines = [f"{prefix}0: &{name}0 {{type: string}}"]
    for i in range(1, LEVELS):
        props = ", ".join(f"p{k}: *{name}{i - 1}" for k in range(10))
        lines.append(f"{prefix}{i}: &{name}{i} {{type: object, properties: {{{props}}}}}")
    return "\n".join(lines) + "\n"


AVRO = "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
SCHEMES = "  s: {host: h, protocol: p, security: [{$ref: '#/components/securitySchemes/k'}]}\n"
V2 = "asyncapi: 2.6.0\ninfo: {title: t, version: '1'}\n"
V3 = "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\n"
B = f"*a{LEVELS - 1}"


def v3_message(message: str, channel_extra: str = "", operation_extra: str = "") -> str:
    return (
        V3
        + "channels:\n  c:\n    address: c\n"
        + channel_extra
        + f"    messages:\n      m: {message}\n"
        + "operations:\n  o:\n    action: send\n    channel: {$ref: '#/channels/c'}\n"
        + operation_extra
    )


BOMBS = {
    "asyncapi-field": f"asyncapi: {B}\ninfo: {{title: t, version: '1'}}\n",
    "info-version": f"asyncapi: 3.0.0\ninfo: {{title: {B}, version: {B}}}\n",
    "payload-enum": v3_message(f"{{payload: {{type: array, enum: [{B}]}}}}"),
    "payload-default": v3_message(f"{{payload: {{type: array, default: {B}}}}}"),
    "payload-const": v3_message(f"{{payload: {{const: {B}}}}}"),
    "payload-type": v3_message(f"{{payload: {{type: {B}}}}}"),
    "headers-not": v3_message(f"{{headers: {{not: {B}}}}}"),
    "message-name": v3_message(f"{{name: {B}, payload: {{type: string}}}}"),
    "content-type": v3_message(f"{{contentType: {B}}}"),
    "default-content-type": f"defaultContentType: {B}\n" + v3_message("{}"),
    "correlation-id": v3_message(f"{{correlationId: {{location: {B}}}}}"),
    "schema-format": v3_message(f"{{payload: {{schemaFormat: {B}, schema: {{}}}}}}"),
    "opaque-payload": v3_message(
        f"{{payload: {{schemaFormat: application/x-protobuf, schema: {B}}}}}"
    ),
    "avro-symbols": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        f"schema: {{type: enum, name: E, symbols: {B}}}}}}}"
    ),
    "avro-union": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        f"schema: {{type: record, name: R, fields: [{{name: f, type: {B}}}]}}}}}}"
    ),
    "avro-default": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        f"schema: {{type: record, name: R, fields: [{{name: f, type: string, default: {B}}}]}}}}}}"
    ),
    "message-binding-value": v3_message(f"{{bindings: {{amqp: {{messageType: {B}}}}}}}"),
    "kafka-key-schema": v3_message(f"{{bindings: {{kafka: {{key: {{enum: [{B}]}}}}}}}}"),
    "channel-binding": v3_message("{}", f"    bindings: {{amqp: {{exchange: {{name: {B}}}}}}}\n"),
    "operation-binding": v3_message("{}", "", f"    bindings: {{http: {{method: {B}}}}}\n"),
    "channel-extension": v3_message("{}", f"    x-bomb: {B}\n"),
    "operation-extension": v3_message("{}", "", f"    x-bomb: {B}\n"),
    "operation-sunset": v3_message("{}", "", f"    x-sunset: {B}\n    x-stability-level: {B}\n"),
    "operation-tags": v3_message("{}", "", f"    tags: [{B}, {{name: {B}}}]\n"),
    "channel-address": V3
    + f"channels:\n  c:\n    address: {B}\n"
    + "operations:\n  o:\n    action: send\n    channel: {$ref: '#/channels/c'}\n",
    "parameter-enum": v3_message(
        "{}", f"    parameters:\n      p: {{enum: [{B}], default: {B}, location: {B}}}\n"
    ),
    "v2-parameter-schema-enum": V2
    + "channels:\n  'a/{p}':\n    parameters:\n"
    + f"      p: {{schema: {{type: string, enum: [{B}], default: {B}}}}}\n"
    + "    subscribe: {message: {payload: {type: string}}}\n",
    "v2-operation-id": V2 + f"channels:\n  a:\n    subscribe: {{operationId: {B}}}\n",
    "v2-channel-servers": V2 + f"channels:\n  a:\n    servers: {B}\n    publish: {{}}\n",
    "v2-message-schema-format": V2
    + f"channels:\n  a:\n    publish: {{message: {{schemaFormat: {B}, payload: {{}}}}}}\n",
    "server-variable": V3
    + "servers:\n  s:\n    host: 'h:{port}'\n    protocol: kafka\n"
    + f"    variables: {{port: {{enum: [{B}], default: {B}}}}}\n",
    "server-protocol": V3 + f"servers:\n  s: {{host: {B}, protocol: {B}, pathname: {B}}}\n",
    "v2-server-url": V2 + f"servers:\n  s: {{url: {B}, protocol: {B}}}\n",
    "v2-security-scopes": V2 + f"servers:\n  s: {{url: h, protocol: p, security: [{{k: {B}}}]}}\n",
    "v3-security-scopes": V3
    + "servers:\n"
    + SCHEMES
    + f"components:\n  securitySchemes:\n    k: {{type: oauth2, scopes: {B}, flows: {B}}}\n",
    "scheme-fields": V3
    + "components:\n  securitySchemes:\n"
    + f"    k: {{type: httpApiKey, in: {B}, name: {B}}}\n"
    + f"    o: {{type: oauth2, flows: {{implicit: {{authorizationUrl: {B}, "
    + "availableScopes: {}}}}\n",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_list_bombs_load_bounded(tmp_path, name):
    run_on(tmp_path, anchors() + BOMBS[name])


@pytest.mark.parametrize(
    "text",
    [
        # a trait and a message each with a bomb of objects under headers: merged pairwise
        v3_message(
            "{$ref: '#/components/messages/m'}",
        )
        + "components:\n  messages:\n    m:\n      headers: *d29\n"
        + "      traits: [{$ref: '#/components/messageTraits/t'}]\n"
        + "  messageTraits:\n    t: {headers: *e29}\n",
        # a payload whose properties are a bomb of objects
        v3_message("{payload: *d29}"),
        # 2.x operation traits merged into an operation, bindings from a bomb
        V2
        + "channels:\n  a:\n    subscribe:\n      bindings: {kafka: {groupId: *d29}}\n"
        + "      traits: [{bindings: {kafka: {groupId: *e29}}}]\n",
    ],
    ids=["trait-headers", "payload-properties", "v2-operation-trait-bindings"],
)
def test_object_bombs_merge_and_build_once(tmp_path, text):
    code, _, err = run_on(tmp_path, dict_anchors() + dict_anchors("x-e", "e") + text)
    assert code == 0, err


# -- $ref cycles and escapes -------------------------------------------------------------------
CYCLES = {
    "message-self": v3_message("{$ref: '#/channels/c/messages/m'}"),
    "message-pair": v3_message("{$ref: '#/components/messages/a'}")
    + "components:\n  messages:\n    a: {$ref: '#/components/messages/b'}\n"
    + "    b: {$ref: '#/components/messages/a'}\n",
    "channel-self": V3 + "channels:\n  c: {$ref: '#/channels/c'}\n",
    "operation-channel-to-itself": V3
    + "channels: {}\noperations:\n  o: {action: send, channel: {$ref: '#/operations/o/channel'}}\n",
    "trait-self": v3_message("{traits: [{$ref: '#/components/messageTraits/t'}]}")
    + "components:\n  messageTraits:\n    t: {$ref: '#/components/messageTraits/t'}\n",
    "parameter-chain": v3_message("{}", "    parameters:\n      p: {$ref: '#/x-0'}\n")
    + "".join(f"x-{i}: {{$ref: '#/x-{i + 1}'}}\n" for i in range(200)),
    "bindings-self": v3_message("{bindings: {$ref: '#/channels/c/messages/m/bindings'}}"),
    "server-self": V3 + "servers:\n  s: {$ref: '#/servers/s'}\n",
    "correlation-self": v3_message(
        "{correlationId: {$ref: '#/channels/c/messages/m/correlationId'}}"
    ),
    "reply-self": v3_message("{}", "", "    reply: {$ref: '#/operations/o/reply'}\n"),
}


@pytest.mark.parametrize("name", sorted(CYCLES))
def test_ref_cycles_are_one_line_errors(tmp_path, name):
    code, _, err = run_on(tmp_path, CYCLES[name])
    assert code == 2, err
    assert "a.yaml" in err and ("$ref cycle" in err or "$ref hops" in err), err


def test_recursive_payload_schemas_load(tmp_path):
    text = (
        v3_message("{payload: {$ref: '#/components/schemas/Node'}}")
        + "components:\n  schemas:\n    Node:\n      type: object\n"
        + "      properties:\n        next: {$ref: '#/components/schemas/Node'}\n"
        + "        all: {allOf: [{$ref: '#/components/schemas/Node'}]}\n"
    )
    code, _, err = run_on(tmp_path, text)
    assert code == 0, err


def test_recursive_avro_records_load(tmp_path):
    text = v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        "schema: {type: record, name: L, fields: [{name: next, type: [null, L]}]}}}"
    )
    code, _, err = run_on(tmp_path, text)
    assert code == 0, err


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("../outside.yaml#/M", "outside the contract's folder"),
        ("/etc/passwd", "absolute file $ref"),
        ("file:///etc/passwd#/M", "remote $ref"),
        ("https://example.com/m.yaml#/M", "remote $ref"),
        ("//example.com/m.yaml", "remote $ref"),
        ("inner/../../outside.yaml#/M", "outside the contract's folder"),
        ("missing.yaml#/M", "cannot read $ref"),
    ],
)
def test_ref_escapes_are_refused(tmp_path, ref, says):
    (tmp_path / "outside.yaml").write_text("M: {payload: {type: string}}\n")
    folder = tmp_path / "contract"
    (folder / "inner").mkdir(parents=True)
    code, _, err = run_on(folder, v3_message(f"{{$ref: '{ref}'}}"))
    assert code == 2 and says in err, err


def test_a_remote_schema_ref_is_kept_and_never_fetched(tmp_path, monkeypatch):
    from apidiff.formats import remote

    def refuse(*_, **__):
        raise AssertionError("fetched")

    monkeypatch.setattr(remote, "fetch", refuse)
    text = v3_message("{payload: {properties: {a: {$ref: 'https://example.com/s.json'}}}}")
    code, out, err = run_on(tmp_path, text)
    assert code == 0, err
    assert any("not followed" in w for w in json.loads(out)["warnings"])


def test_a_symlink_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "secret.yaml").write_text("M: {payload: {type: string}}\n")
    folder = tmp_path / "contract"
    folder.mkdir()
    (folder / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    code, _, err = run_on(folder, v3_message("{$ref: 'link.yaml#/M'}"))
    assert code == 2 and "outside the contract's folder" in err, err


# -- size ----------------------------------------------------------------------------------------
def test_a_huge_payload_schema_loads(tmp_path):
    props = "\n".join(f"          p{i}: {{type: integer, minimum: {i}}}" for i in range(10_000))
    text = v3_message("{$ref: '#/components/messages/M'}") + (
        "components:\n  messages:\n    M:\n      payload:\n        type: object\n"
        f"        properties:\n{props}\n"
    )
    code, _, err = run_on(tmp_path, text)
    assert code == 0, err


def test_a_huge_enum_and_a_huge_avro_enum_load(tmp_path):
    values = ", ".join(f"v{i}" for i in range(50_000))
    text = v3_message(f"{{payload: {{type: string, enum: [{values}]}}}}").replace(
        "messages:\n      m:",
        "messages:\n      avro: "
        + AVRO
        + f"schema: {{type: enum, name: E, symbols: [{values}]}}}}}}\n      m:",
    )
    code, _, err = run_on(tmp_path, text)
    assert code == 0, err


@pytest.mark.parametrize("depth", [200, 990, 5000])
def test_deep_payload_schemas_load_or_stop_at_the_limit(tmp_path, depth):
    schema = "{type: string}"
    for _ in range(depth):
        schema = f"{{type: object, properties: {{a: {schema}}}}}"
    code, _, err = run_on(tmp_path, v3_message(f"{{payload: {schema}}}"))
    assert code in (0, 2)
    if code == 2:
        assert "deep" in err or "nest" in err, err


def test_deep_avro_schemas_load_or_stop_at_the_limit(tmp_path):
    schema = "string"
    for _ in range(990):
        schema = f"{{type: array, items: {schema}}}"
    text = v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        f"schema: {schema}}}}}"
    )
    code, _, err = run_on(tmp_path, text)
    assert code in (0, 2), err


def test_thousands_of_channels_and_operations_load(tmp_path):
    channels = "".join(f"  c{i}: {{address: 'a/{i}/{{p}}'}}\n" for i in range(3000))
    ops = "".join(
        f"  o{i}: {{action: send, channel: {{$ref: '#/channels/c{i % 3000}'}}}}\n"
        for i in range(6000)
    )
    code, _, err = run_on(tmp_path, V3 + "channels:\n" + channels + "operations:\n" + ops)
    assert code == 0, err


# -- wrong types and unknown keys ---------------------------------------------------------------
WRONG = {
    "channels-list": V2 + "channels: [a, b]\n",
    "channels-string": V2 + "channels: everything\n",
    "channels-number": V2 + "channels: 3\n",
    "channel-list": V2 + "channels:\n  a: [subscribe]\n",
    "operation-string": V2 + "channels:\n  a:\n    subscribe: yes\n",
    "message-list": V2 + "channels:\n  a:\n    subscribe: {message: [a]}\n",
    "one-of-string": V2 + "channels:\n  a:\n    subscribe: {message: {oneOf: a}}\n",
    "payload-string": V2 + "channels:\n  a:\n    subscribe: {message: {payload: string}}\n",
    "traits-object": V2 + "channels:\n  a:\n    subscribe: {traits: {a: 1}}\n",
    "parameters-list": V2 + "channels:\n  a:\n    parameters: [p]\n",
    "parameter-enum-string": V3 + "channels:\n  c: {address: a, parameters: {p: {enum: x}}}\n",
    "servers-list": V3 + "servers: [{url: x}]\n",
    "operations-list": V3 + "operations: [o]\n",
    "action-publish": V3
    + "channels: {c: {address: a}}\noperations:\n"
    + "  o: {action: publish, channel: {$ref: '#/channels/c'}}\n",
    "channel-inline": V3 + "operations:\n  o: {action: send, channel: {address: a}}\n",
    "channel-missing": V3 + "operations:\n  o: {action: send}\n",
    "channel-not-a-channel": V3
    + "channels: {}\ninfo2: {}\noperations:\n  o: {action: send, channel: {$ref: '#/info'}}\n",
    "operation-messages-inline": v3_message("{}", "", "    messages: [{payload: {}}]\n"),
    "operation-messages-object": v3_message("{}", "", "    messages: {m: {}}\n"),
    "reply-string": v3_message("{}", "", "    reply: back\n"),
    "reply-address-string": v3_message("{}", "", "    reply: {address: back}\n"),
    "security-object": V3 + "servers:\n  s: {host: h, protocol: p, security: {a: []}}\n",
    "security-inline-string": V3 + "servers:\n  s: {host: h, protocol: p, security: [a]}\n",
    "bindings-list": v3_message("{bindings: [kafka]}"),
    "binding-string": v3_message("{bindings: {kafka: yes}}"),
    "avro-no-name": v3_message(AVRO + "schema: {type: record}}}"),
    "avro-unknown-type": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, schema: Nope}}"
    ),
    "avro-twice": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        "schema: [{type: fixed, name: F, size: 1}, {type: fixed, name: F, size: 2}]}}"
    ),
    "avro-field-number": v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        "schema: {type: record, name: R, fields: [3]}}}"
    ),
    "avro-array-no-items": v3_message(AVRO + "schema: {type: array}}}"),
    "document-list": "- asyncapi: 2.6.0\n",
    "asyncapi-1": "asyncapi: 1.2.0\ninfo: {title: t, version: '1'}\ntopics: {}\n",
    "asyncapi-9": "asyncapi: 9.0.0\n",
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_types_are_one_line_errors(tmp_path, name):
    code, _, err = run_on(tmp_path, WRONG[name])
    assert code == 2, err


def test_wrong_types_name_the_place(tmp_path):
    code, _, err = run_on(tmp_path, V2 + "channels: [a, b]\n")
    assert code == 2 and "a.yaml:3:" in err and "channels must be an object" in err


def test_unknown_top_level_keys_are_ignored(tmp_path):
    text = V3 + "topics: {a: 1}\nbaseTopic: x\npaths: {}\nx-any: [1]\nchannels: {}\n"
    code, _, err = run_on(tmp_path, text)
    assert code == 0, err


def test_json_documents_load(tmp_path):
    data = yaml.safe_load(v3_message("{payload: {type: string}}"))
    code, _, err = run_on(tmp_path, json.dumps(data, indent="\t"), "a.json")
    assert code == 0, err


# -- property: a mutated document loads or fails cleanly ----------------------------------------
def _documents() -> list[dict]:
    return [
        yaml.load((HERE / name).read_text(), Loader=yaml.BaseLoader)  # strings only
        for name in ("account-2.6.yaml", "account-3.0.yaml")
    ]


DOCUMENTS = _documents()
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from([0, 1]), st.data(), VALUES)
def test_a_mutated_document_loads_or_fails_cleanly(tmp_path, which, data, value):
    import copy

    doc = copy.deepcopy(DOCUMENTS[which])
    paths = [p for p in _paths(doc) if p and p[0] != "asyncapi"]
    path = data.draw(st.sampled_from(paths))
    node = doc
    for token in path[:-1]:
        node = node[token]
    node[path[-1]] = value
    target = tmp_path / "m.json"
    target.write_text(json.dumps(doc))
    try:
        apidiff.load(str(target))
    except apidiff.ApidiffError as exc:
        assert exc.exit_code == 2 and "\n" not in exc.render()


# -- the comparison ------------------------------------------------------------------------------
def diff_of(tmp_path, old: str, new: str) -> tuple[int, str, str]:
    (tmp_path / "old.yaml").write_text(old)
    (tmp_path / "new.yaml").write_text(new)
    result = CliRunner().invoke(
        cli, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml"), "-f", "json"]
    )
    assert_bounded(result.exit_code, result.stdout, result.stderr)
    return result.exit_code, result.stdout, result.stderr


def _many(prefix: str, n: int = 1500) -> str:
    channels = "".join(f"  c{i}: {{address: '{prefix}/{i}/{{p}}'}}\n" for i in range(n))
    ops = "".join(
        f"  o{i}: {{action: {('send', 'receive')[i % 2]}, "
        f"channel: {{$ref: '#/channels/c{i % n}'}}}}\n"
        for i in range(2 * n)
    )
    return V3 + "channels:\n" + channels + "operations:\n" + ops


def test_thousands_of_channels_moved_compare_in_linear_time(tmp_path):
    # Every channel's address changes and its named operations move with it: the pairing of
    # moved channels must not scan every operation per channel (1500 x 3000).
    import apidiff

    (tmp_path / "old.yaml").write_text(_many("a"))
    (tmp_path / "new.yaml").write_text(_many("b"))
    result = apidiff.compare(tmp_path / "old.yaml", tmp_path / "new.yaml")
    assert {f.id for f in result.findings} == {"asyncapi-channel-address-changed"}
    assert len(result.findings) == 1500


def _avro_web(extra: str) -> str:
    # A record whose ten fields are each the record itself (nullable): resolution must be
    # memoized per pair of nodes, not explored per path (10^depth).
    fields = ", ".join(f"{{name: f{i}, type: [null, N], default: null}}" for i in range(10))
    return v3_message(
        "{payload: {schemaFormat: application/vnd.apache.avro;version=1.9.0, "
        f"schema: {{type: record, name: N, fields: [{fields}{extra}]}}}}}}"
    )


def test_recursive_avro_records_compare_once_per_pair(tmp_path):
    code, out, err = diff_of(tmp_path, _avro_web(""), _avro_web(", {name: x, type: int}"))
    assert code in (0, 1), err
    assert "asyncapi-avro" in out
