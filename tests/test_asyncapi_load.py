"""AsyncAPI 2.x and 3.0 load into the common model (formats/asyncapi.py).

Loading goes through ``apidiff.load`` and the registry's detection, as every format's does.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import apidiff
from apidiff import registry, sources
from apidiff.model import AsyncAPI, AvroType, Direction, OpaqueSchema, Schema

from .asyncapi_plain import differences, plain
from .conftest import CORPUS, FIXTURES

HERE = FIXTURES / "asyncapi-load"
ASYNC_CORPUS = CORPUS / "asyncapi"
SOCIAL = "2023-02-to-2023-12-social-media-backend-2.6-to-3.0-migration"
STREETLIGHTS = "2023-02-to-2023-12-streetlights-kafka-2.6-to-3.0-migration"
SLACK = "2020-05-slack-events-1.2-to-2.0-migration"
needs_corpus = pytest.mark.skipif(not ASYNC_CORPUS.is_dir(), reason="../shared/corpus is not here")


def load(path: Path, root: Path | None = None) -> apidiff.model.Contract:
    """``root``: the folder file $refs may reach (the social-media documents reach ``../``)."""
    source = sources.read(str(path))
    if root is not None:
        source = replace(source, root=root.resolve())
    return apidiff.load(source)


def corpus_documents() -> list:
    """Every AsyncAPI document of the corpus (files a document only $refs are not ones)."""
    if not ASYNC_CORPUS.is_dir():
        return []
    out = []
    for pair in sorted(p for p in ASYNC_CORPUS.iterdir() if p.is_dir()):
        for path in sorted(pair.rglob("*")):
            if path.suffix not in (".yaml", ".json") or "common" in path.parts:
                continue
            # The social-media documents reference ../common: their folder is old/ or new/.
            root = path.parent.parent if path.parent.name == "backend" else None
            name = str(path.relative_to(ASYNC_CORPUS))
            out.append(pytest.param(name, root, id=name))
    return out


# -- the corpus ---------------------------------------------------------------------------------
@needs_corpus
@pytest.mark.parametrize(("name", "root"), corpus_documents())
def test_every_corpus_document_loads_positioned(name, root):
    path = ASYNC_CORPUS / name
    if SLACK in name and name.endswith("old.json"):
        with pytest.raises(apidiff.InputError, match=r"AsyncAPI 1\.x is not supported"):
            load(path)
        return
    contract = load(path, root)
    assert contract.format in ("asyncapi-2", "asyncapi-3")
    body = contract.body
    assert isinstance(body, AsyncAPI)
    assert set(contract.operations) == set(body.operations)
    for key, operation in contract.operations.items():
        detail = body.operations[key]
        assert detail.channel in body.channels
        assert operation.reversed == (detail.action == "send")
        assert operation.display.startswith(detail.action + " ")
        assert operation.location.line is not None
    nodes = [*body.channels.values(), *body.servers.values(), *body.messages.values()]
    for channel in body.channels.values():
        nodes.extend(channel.messages.values())
        nodes.extend(channel.parameters.values())
    for node in nodes:
        loc = node.location
        assert loc.file and loc.line is not None and loc.column is not None, node


@needs_corpus
def test_slack_1_2_is_a_clear_error():
    with pytest.raises(apidiff.InputError) as caught:
        load(ASYNC_CORPUS / SLACK / "old.json")
    line = caught.value.render()
    assert "\n" not in line
    assert "AsyncAPI 1.x is not supported" in line and "old.json:2:5:" in line


@pytest.mark.parametrize(
    "text, where, needle",
    [
        ('{\n  "info": {},\n  "asyncapi": "4.0.0"\n}\n', "doc.json:3:3:", "AsyncAPI version"),
        ("info: {}\nopenapi: 3.99\npaths: {}\n", "doc.yaml:2:1:", "OpenAPI version 3.99"),
    ],
)
def test_an_unsupported_version_names_the_line_of_its_field(tmp_path, text, where, needle):
    # The format's detector sees the data, not the document: the loader adds the position.
    path = tmp_path / where.split(":")[0]
    path.write_text(text)
    with pytest.raises(apidiff.InputError) as caught:
        load(path)
    line = caught.value.render()
    assert where in line and needle in line, line


@needs_corpus
def test_corpus_counts_are_what_the_documents_say():
    slack = load(ASYNC_CORPUS / SLACK / "new.json")
    assert len(slack.body.channels) == 66
    assert all(op.action == "send" for op in slack.body.operations.values())
    rimfrost = load(ASYNC_CORPUS / "2026-01-rimfrost-reply-property-renamed" / "old.yaml")
    (operation,) = rimfrost.body.operations.values()
    assert operation.action == "receive" and operation.direction is Direction.REQUEST
    assert operation.reply is not None and operation.reply.channel == "regel.responses"
    assert operation.reply.address == "$message.header#/replyTo"
    (reply,) = operation.reply.messages.values()
    data = reply.payload.properties["data"]  # allOf with a schema in kogito-cloudevent.yaml
    assert data.properties["rattTillForsakring"].enum_values == ("Ja", "Nej", "Utredning")
    assert "specversion" in reply.payload.properties
    assert reply.payload.properties["specversion"].location.file.endswith("kogito-cloudevent.yaml")


@needs_corpus
def test_remote_schema_refs_are_kept_not_fetched():
    blue = load(ASYNC_CORPUS / "2024-11-blueapi-deprecated-messages-removed" / "old.yaml")
    doc = blue.body.messages["taggedStartDocument"].payload.properties["doc"]
    assert "v1.21.0" in doc.other["$ref"]
    assert any("not followed" in w for w in blue.warnings)


# -- equivalences -------------------------------------------------------------------------------
@needs_corpus
def test_streetlights_migration_loads_into_the_same_model():
    folder = ASYNC_CORPUS / STREETLIGHTS
    old, new = load(folder / "old.yaml"), load(folder / "new.yaml")
    assert (old.format, new.format) == ("asyncapi-2", "asyncapi-3")
    assert differences(plain(old), plain(new)) == []


@needs_corpus
def test_social_media_migration_differs_only_where_the_documents_do():
    """The 2.6 document has no operationIds (its operations are named by channel and verb;
    3.0 names them by key), and the migration gave `commentId` a description: nothing else."""
    folder = ASYNC_CORPUS / SOCIAL
    old = load(folder / "old" / "backend" / "asyncapi.yaml", folder / "old")
    new = load(folder / "new" / "backend" / "asyncapi.yaml", folder / "new")
    found = differences(plain(old), plain(new))
    unnamed = {"operation_id", "display", "name"}
    assert {d.rsplit("/", 1)[1] for d in found if "/operations/" in d} <= unnamed
    rest = [d for d in found if "/operations/" not in d]
    assert rest == ["/body/channels/comment/{}/changed/parameters/commentId/description"]
    assert new.body.servers["websiteWebSocketServer"].pathname == "/ws"
    assert old.body.servers["websiteWebSocketServer"].pathname == "/ws"


def test_written_2_6_and_3_0_load_into_the_same_model():
    old, new = load(HERE / "account-2.6.yaml"), load(HERE / "account-3.0.yaml")
    assert differences(plain(old), plain(new)) == []
    assert old.body.spec_version == "2.6.0" and new.body.spec_version == "3.0.0"


def test_the_same_document_loads_equal_twice():
    assert plain(load(HERE / "account-3.0.yaml")) == plain(load(HERE / "account-3.0.yaml"))


# -- what the model holds -----------------------------------------------------------------------
@pytest.mark.parametrize("name", ["account-2.6.yaml", "account-3.0.yaml"])
def test_the_model_of_an_account_service(name):
    contract = load(HERE / name)
    body = contract.body
    assert list(contract.operations) == ["send user/{}/signedup", "receive user/{}/commands"]
    sent = body.operations["send user/{}/signedup"]
    assert sent.name == "userSignedUp" and sent.direction is Direction.RESPONSE
    common = contract.operations[sent.key]
    assert common.display == "send userSignedUp" and common.reversed
    assert common.sunset == "2027-01-01" and common.stability == "beta"
    assert set(sent.bindings["kafka"].schemas) == {"groupId"}  # from the trait
    assert sent.traits == ("kafka",)
    message = sent.messages["UserSignedUp"]
    assert message.content_type == "application/json"  # defaultContentType
    assert message.correlation_id == "$message.header#/requestId"
    assert isinstance(message.headers, Schema) and "requestId" in message.headers.properties
    assert message.bindings["kafka"].schemas["key"].format == "uuid"
    assert message.bindings["kafka"].values == {"bindingVersion": '"0.4.0"'}
    assert isinstance(message.payload, Schema) and message.payload.name == "User"
    assert message.payload.properties["nickname"].nullable
    # YAML 1.1 words are strings, as the spec intends (unquoted in the 2.6 document)
    assert message.payload.properties["state"].enum_values == ("no", "off", "on", "yes")
    parameter = body.channels["user/{}/signedup"].parameters["userId"]
    assert parameter.enum == frozenset({"on", "off", "yes"}) and parameter.default == "on"
    assert parameter.where == "$message.payload#/user/id" and parameter.schema is None

    received = body.operations["receive user/{}/commands"]
    assert (
        received.direction is Direction.REQUEST and not contract.operations[received.key].reversed
    )
    assert set(received.messages) == {"Suspend", "Resume"}
    suspend = received.messages["Suspend"]
    assert suspend.schema_format == "application/vnd.apache.avro;version=1.9.0"
    assert suspend.content_type == "application/vnd.apache.avro+json"
    avro = suspend.payload
    assert isinstance(avro, AvroType) and avro.name == "com.example.Suspend"
    reason, until, by = avro.fields
    assert [b.kind for b in reason.type.branches] == ["null", "string"]
    assert reason.default == "null" and until.default is None
    assert until.type.logical_type == "timestamp-millis"
    actor = by.type
    assert actor.name == "com.example.Actor"
    assert actor.fields[1].type.branches[1] is actor  # recursive: one node
    assert by.location.line is not None
    assert received.messages["Resume"].schema_format == "application/vnd.aai.asyncapi"

    server = body.servers["production"]
    assert (server.host, server.pathname, server.protocol) == (
        "broker.example.com:{port}",
        "/events",
        "mqtt",
    )
    assert server.variables["port"].enum == frozenset({"8883", "443"})
    assert server.security == (
        frozenset({("oauth", frozenset({"accounts:read"}))}),
        frozenset({("userPassword", frozenset())}),
    )
    assert contract.security_schemes["oauth"].scopes == frozenset(
        {"accounts:read", "accounts:write"}
    )
    assert contract.servers[0].url == "mqtt://broker.example.com:{}/events"
    assert contract.schemas["User"] is message.payload


def test_file_refs_inside_the_folder_are_followed():
    contract = load(HERE / "refs" / "asyncapi.yaml")
    (operation,) = contract.body.operations.values()
    message = operation.messages["OrderPlaced"]
    assert message.location.file.endswith("messages.yaml")
    total = message.payload.properties["total"]
    assert total.location.file.endswith("order.yaml") and total.location.line == 6


def test_file_refs_outside_the_folder_are_refused():
    with pytest.raises(apidiff.RefError, match="points outside the contract's folder") as caught:
        load(HERE / "escape" / "inner" / "asyncapi.yaml")
    assert caught.value.line == 7


def test_other_schema_formats_are_kept_as_text_with_a_warning():
    contract = load(HERE / "protobuf.yaml")
    (operation,) = contract.body.operations.values()
    payload = operation.messages["ping"].payload
    assert isinstance(payload, OpaqueSchema) and "message Ping" in payload.canonical
    assert payload.schema_format == "application/vnd.google.protobuf;version=3"
    assert any("vnd.google.protobuf" in w for w in contract.warnings)


def test_a_document_without_the_asyncapi_field_is_not_read_as_one():
    with pytest.raises(apidiff.InputError, match="no 'asyncapi' field"):
        load(HERE / "not-asyncapi.yaml")


def test_not_loaded_unless_registered():
    formats = list(registry.FORMATS)
    registry.FORMATS[:] = [f for f in registry.FORMATS if f.name != "asyncapi"]
    try:
        with pytest.raises(apidiff.InputError, match="not an OpenAPI"):
            load(HERE / "account-3.0.yaml")
    finally:
        registry.FORMATS[:] = formats


@pytest.mark.parametrize(
    ("version", "dialect"),
    [("2.0.0", "asyncapi-2"), ("2.6.0", "asyncapi-2"), ("3.0.0", "asyncapi-3")],
)
def test_versions_and_dialects(tmp_path, version, dialect):
    path = tmp_path / "a.yaml"
    path.write_text(f"asyncapi: {version}\ninfo: {{title: t, version: '1'}}\nchannels: {{}}\n")
    assert load(path).format == dialect


@pytest.mark.parametrize("version", ["1.2.0", "1.0.0"])
def test_1x_is_refused(tmp_path, version):
    path = tmp_path / "a.yaml"
    path.write_text(f"asyncapi: {version}\ninfo: {{title: t, version: '1'}}\ntopics: {{}}\n")
    with pytest.raises(apidiff.InputError, match=r"AsyncAPI 1\.x is not supported"):
        load(path)


@pytest.mark.parametrize("version", ["2.7.0", "3.1.0", "4.0.0", "'x'", "[1, 2]"])
def test_unknown_versions_are_refused(tmp_path, version):
    path = tmp_path / "a.yaml"
    path.write_text(f"asyncapi: {version}\ninfo: {{title: t, version: '1'}}\n")
    with pytest.raises(apidiff.InputError, match="unsupported AsyncAPI version"):
        load(path)
