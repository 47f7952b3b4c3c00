"""Protobuf loading: sources, protoc, model."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import apidiff
from apidiff import registry
from apidiff.errors import InputError
from apidiff.formats import LoadOptions, load_pair
from apidiff.model import Location
from apidiff.sources import read_all

from .conftest import CORPUS, FIXTURES

pytest.importorskip("grpc_tools")
pytest.importorskip("google.protobuf")

LOAD = FIXTURES / "protobuf-load"
PAIRS = sorted(p for p in (CORPUS / "protobuf").glob("*/") if (p / "old").is_dir())


def _shop():
    return apidiff.load(str(LOAD / "proto3"))


def test_proto3_model():
    contract = _shop()
    body = contract.body
    assert contract.format == "protobuf" and contract.version == "v1"
    assert list(contract.operations) == [
        "shop.v1.Shop/GetItem",
        "shop.v1.Shop/CreateItem",
        "shop.v1.Shop/Watch",
    ]
    assert contract.operations["shop.v1.Shop/Watch"].kind == "rpc"
    assert contract.operations["shop.v1.Shop/Watch"].path == "/shop.v1.Shop/Watch"
    shop = body.files["shop/v1/shop.proto"]
    assert shop.syntax == "proto3" and not shop.imported
    assert shop.options == {
        "java_package": "com.example.shop.v1",
        "java_multiple_files": True,
        "optimize_for": "CODE_SIZE",
        "go_package": "example.com/shop/v1;shopv1",
        "objc_class_prefix": "SHP",
        "csharp_namespace": "Example.Shop.V1",
    }
    assert body.files["google/protobuf/timestamp.proto"].imported
    item = body.messages["shop.v1.Item"]
    fields = item.fields
    assert fields["stock"].proto3_optional and fields["stock"].presence == "explicit"
    assert fields["blob"].presence == "implicit"
    assert "_stock" not in item.oneofs and list(item.oneofs) == ["price"]
    assert item.oneofs["price"].fields == ("cents", "label")
    assert fields["cents"].oneof == "price" and fields["stock"].oneof is None
    assert fields["label"].json_name == "priceLabel" and fields["label"].json_name_explicit
    assert fields["sizes"].packed and not fields["weights"].packed
    assert fields["colors"].map is not None
    assert fields["colors"].map.key_type == "string"
    assert fields["colors"].map.value_type_name == "shop.v1.Item.Color"
    assert "shop.v1.Item.ColorsEntry" not in body.messages
    assert (
        fields["created"].deprecated and fields["created"].type_name == "google.protobuf.Timestamp"
    )
    assert item.reserved.ranges == ((7, 7), (10, 12)) and item.reserved.names == ("old_name",)
    color = body.enums["shop.v1.Item.Color"]
    assert color.allow_alias and not color.closed and color.aliases == {1: ("RED", "CRIMSON")}
    assert color.values["BLUE"].deprecated
    assert fields["name"].field_behavior == ("OUTPUT_ONLY",)
    request = body.messages["shop.v1.CreateItemRequest"].fields["item"]
    assert request.field_behavior == ("REQUIRED", "IMMUTABLE")


def test_annotations():
    methods = _shop().body.services["shop.v1.Shop"].methods
    get = methods["GetItem"]
    assert (get.http.method, get.http.path) == ("get", "/v1/{name=items/*}")
    assert get.http.additional_bindings[0].path == "/v1/{name=shelves/*/items/*}"
    assert get.idempotency_level == "NO_SIDE_EFFECTS"
    create = methods["CreateItem"]
    assert (create.http.body, create.http.response_body) == ("item", "*")
    assert create.operation_info.response_type == "Item"
    assert create.operation_info.metadata_type == "google.protobuf.Timestamp"
    watch = methods["Watch"]
    assert watch.client_streaming and watch.server_streaming and watch.deprecated
    assert (watch.http.method, watch.http.path, watch.http.custom) == ("HEAD", "/v1/watch", True)


def _line_col(location: Location) -> tuple[int | None, int | None]:
    return location.line, location.column


def test_positions():
    body = _shop().body
    text = (LOAD / "proto3" / "shop" / "v1" / "shop.proto").read_text().splitlines()

    def where(needle: str) -> tuple[int, int]:
        for number, line in enumerate(text, 1):
            if needle in line:
                return number, line.index(needle) + 1
        raise AssertionError(needle)

    item = body.messages["shop.v1.Item"]
    assert _line_col(item.location) == where("message Item")
    assert _line_col(item.fields["stock"].location) == where("optional int32 stock")
    assert _line_col(body.enums["shop.v1.Item.Color"].values["CRIMSON"].location) == where(
        "CRIMSON"
    )
    method = body.services["shop.v1.Shop"].methods["Watch"]
    assert _line_col(method.location) == where("rpc Watch")
    assert method.location.file.endswith("shop/v1/shop.proto")
    http = method.location.child("google.api.http")
    assert _line_col(http)[0] == where("custom: {")[0] - 1
    shop = body.files["shop/v1/shop.proto"]
    assert shop.location.child("objc_class_prefix").line == where("objc_class_prefix")[0]
    # an unknown child of a node falls back to the node's place
    assert _line_col(item.location.child("no-such-thing")) == where("message Item")


def test_proto2():
    body = apidiff.load(str(LOAD / "proto2")).body
    assert body.files["legacy/legacy.proto"].options["cc_enable_arenas"] is True
    record = body.messages["legacy.Record"]
    fields = record.fields
    assert fields["id"].cardinality == "required" and fields["id"].presence == "required"
    assert fields["count"].default == "7" and fields["count"].presence == "explicit"
    assert fields["mode"].default == "MODE_B" and fields["mode"].type == "enum"
    assert fields["values"].packed and not fields["plain"].packed
    assert fields["data"].string_type == "CORD"
    assert record.extension_ranges == ((100, 199),)
    assert body.enums["legacy.Mode"].closed
    assert body.extensions["legacy.note"].extendee == "legacy.Record"


def test_editions_2023():
    body = apidiff.load(str(LOAD / "editions")).body
    file = body.files["ed/ed.proto"]
    assert (file.syntax, file.edition) == ("editions", "2023")
    fields = body.messages["ed.Thing"].fields
    assert fields["implicit"].presence == "implicit"
    assert fields["explicit"].presence == "explicit"
    assert fields["id"].cardinality == "required"
    assert fields["packed"].packed and not fields["expanded"].packed
    assert fields["view"].string_type == "VIEW"
    assert fields["child"].type == "group"
    assert body.enums["ed.Closed"].closed and not body.enums["ed.Open"].closed


def test_editions_agree_with_descriptor_pool(tmp_path):
    """What the loader resolves from features is what protobuf's own pool says."""
    from google.protobuf import descriptor_pb2, descriptor_pool

    out = _compile(LOAD / "editions", tmp_path / "ed.binpb")
    pool = descriptor_pool.DescriptorPool()
    for file in descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file:
        pool.Add(file)
    native = pool.FindMessageTypeByName("ed.Thing")
    body = apidiff.load(str(LOAD / "editions")).body
    for name, field in body.messages["ed.Thing"].fields.items():
        assert (field.presence in ("explicit", "required")) == native.fields_by_name[
            name
        ].has_presence, name
    assert body.enums["ed.Closed"].closed == pool.FindEnumTypeByName("ed.Closed").is_closed


def _compile(root: Path, out: Path) -> Path:
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.proto"))
    subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{root}", *_wkt(),
         f"--descriptor_set_out={out}", "--include_imports", "--include_source_info", *files],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


def _wkt() -> list[str]:
    import grpc_tools

    return [f"-I{Path(grpc_tools.__file__).parent / '_proto'}"]


def _plain(value):
    """A model value with locations as (pointer, line, column): files are named differently."""
    if isinstance(value, Location):
        return (value.pointer, value.line, value.column)
    if dataclasses.is_dataclass(value):
        return {  # a file's digest is of its descriptor's bytes (and text), not of it
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("digest", "shown")  # shown: the names files are given
        }
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


@pytest.mark.parametrize("tree", ["proto3", "proto2", "editions"])
def test_descriptor_set_equals_proto_files(tree, tmp_path):
    out = _compile(LOAD / tree, tmp_path / "set.bin")  # content decides, not the suffix
    from_set = apidiff.load(str(out))
    from_files = apidiff.load(str(LOAD / tree))
    assert _plain(from_set.body) == _plain(from_files.body)
    assert list(from_set.operations) == list(from_files.operations)


def test_buf_yaml_module_roots(tmp_path):
    (tmp_path / "proto" / "acme" / "v1").mkdir(parents=True)
    (tmp_path / "other").mkdir()
    (tmp_path / "buf.yaml").write_text("version: v2\nmodules:\n  - path: proto\n")
    (tmp_path / "proto" / "acme" / "v1" / "acme.proto").write_text(
        'syntax = "proto3";\npackage acme.v1;\nimport "acme/v1/types.proto";\n'
        "service Acme {\n  rpc Ping(Empty) returns (Empty);\n}\n"
    )
    (tmp_path / "proto" / "acme" / "v1" / "types.proto").write_text(
        'syntax = "proto3";\npackage acme.v1;\nmessage Empty {}\n'
    )
    # outside the module buf.yaml names: never compiled
    (tmp_path / "other" / "broken.proto").write_text("not protobuf at all\n")
    contract = apidiff.load(str(tmp_path))
    assert sorted(contract.body.files) == ["acme/v1/acme.proto", "acme/v1/types.proto"]
    assert list(contract.operations) == ["acme.v1.Acme/Ping"]
    assert contract.operations["acme.v1.Acme/Ping"].location.line == 5


def test_buf_v1_and_work(tmp_path):
    (tmp_path / "a" / "p").mkdir(parents=True)
    (tmp_path / "b").mkdir()
    (tmp_path / "buf.work.yaml").write_text("version: v1\ndirectories: [a, b]\n")
    (tmp_path / "a" / "buf.yaml").write_text("version: v1beta1\nbuild:\n  roots: [p]\n")
    (tmp_path / "a" / "p" / "x.proto").write_text(
        'syntax = "proto3";\npackage x;\nimport "y.proto";\n'
    )
    (tmp_path / "b" / "y.proto").write_text('syntax = "proto3";\npackage y;\nmessage Y {}\n')
    body = apidiff.load(str(tmp_path)).body
    assert sorted(body.files) == ["x.proto", "y.proto"]


def test_proto_path(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "api").mkdir()
    (tmp_path / "third_party" / "dep").mkdir(parents=True)
    (tmp_path / "api" / "a.proto").write_text(
        'syntax = "proto3";\npackage a.v2;\nimport "dep/d.proto";\nmessage A { dep.D d = 1; }\n'
    )
    (tmp_path / "third_party" / "dep" / "d.proto").write_text(
        'syntax = "proto3";\npackage dep;\nmessage D {}\n'
    )
    options = LoadOptions(proto_paths=(str(tmp_path / "third_party"),))
    contract = apidiff.load(str(tmp_path / "api"), options)
    assert contract.body.files["dep/d.proto"].imported
    assert not contract.body.files["a.proto"].imported
    assert contract.version == "v2"


def test_revision_folder(tmp_path, monkeypatch):
    from .gitrepo import Repo

    repo = Repo(tmp_path / "repo")
    tree = LOAD / "proto3"
    files = {
        f"api/{p.relative_to(tree).as_posix()}": p.read_text()
        for p in sorted(tree.rglob("*.proto"))
    }
    repo.commit("protos", files)
    monkeypatch.chdir(repo.path)
    contract = apidiff.load("HEAD:api")
    assert list(contract.operations) == list(_shop().operations)
    method = contract.body.services["shop.v1.Shop"].methods["Watch"]
    assert method.location.file == "HEAD:api/shop/v1/shop.proto"
    assert (
        method.location.line == _shop().body.services["shop.v1.Shop"].methods["Watch"].location.line
    )


def test_pair_compiles_old_beside_new():
    old = read_all(str(LOAD / "proto3"))
    first, second = load_pair(old, lambda: read_all(str(LOAD / "proto2")))
    assert "shop.v1.Item" in first.body.messages and "legacy.Record" in second.body.messages


def test_pair_reports_old_error_first(tmp_path):
    (tmp_path / "bad.proto").write_text('syntax = "proto3";\nmessage {\n')
    with pytest.raises(InputError) as caught:
        load_pair(read_all(str(tmp_path)), lambda: read_all(str(tmp_path / "missing")))
    assert "bad.proto:2" in str(caught.value)


def test_without_the_extra(monkeypatch):
    from apidiff.formats import protobuf

    monkeypatch.setitem(sys.modules, "google.protobuf", None)  # as if it were not installed
    assert not protobuf._has_runtime()
    with pytest.raises(InputError) as caught:
        _shop()
    assert "apidiff[protobuf]" in str(caught.value) and "\n" not in str(caught.value)


def test_registered_before_graphql():
    names = [f.name for f in registry.FORMATS]
    assert names.index("protobuf") < names.index("graphql")


@pytest.mark.corpus
@pytest.mark.skipif(not PAIRS, reason="../shared/corpus/protobuf is not here")
@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: p.name)
def test_corpus_pairs_load(pair):
    old, new = load_pair(read_all(str(pair / "old")), lambda: read_all(str(pair / "new")))
    for side, contract in (("old", old), ("new", new)):
        protos = sorted(
            p.relative_to(pair / side).as_posix() for p in (pair / side).rglob("*.proto")
        )
        own = sorted(name for name, f in contract.body.files.items() if not f.imported)
        assert own == protos
        for message in list(contract.body.messages.values())[:50]:
            assert message.location.line is not None


@pytest.mark.corpus
@pytest.mark.skipif(not PAIRS, reason="../shared/corpus/protobuf is not here")
def test_corpus_annotations():
    p6 = CORPUS / "protobuf" / "2026-08-admanager-enum-type-and-http-changed"
    paths = {}
    for side in ("old", "new"):
        service = apidiff.load(str(p6 / side)).body.services
        method = next(
            m
            for s in service.values()
            for m in s.methods.values()
            if m.name == "BatchApproveSuggestedAdUnits"
        )
        paths[side] = method.http.path
    assert paths["old"].endswith("/suggestedAdUnit:batchApprove")
    assert paths["new"].endswith("/suggestedAdUnits:batchApprove")
    p7 = CORPUS / "protobuf" / "2023-03-video-stitcher-lro-metadata-changed"
    infos = set()
    for side in ("old", "new"):
        for service in apidiff.load(str(p7 / side)).body.services.values():
            for method in service.methods.values():
                if method.operation_info is not None and "stitcher" in method.full_name:
                    infos.add((side, method.operation_info.metadata_type))
    assert ("old", "OperationMetadata") in infos
    assert ("new", "google.cloud.common.OperationMetadata") in infos


def test_the_folder_reader_keeps_graphql_as_it_was(tmp_path):
    shutil.copytree(FIXTURES / "starwars", tmp_path / "sw")
    assert apidiff.load(str(tmp_path / "sw" / "old.graphql")).format == "graphql"


def test_protocs_copy_goes_on_a_memory_folder_only_when_it_is_safe_and_fits(tmp_path, monkeypatch):
    """The private copy goes on tmpfs when that folder is sticky, writable and has room for the
    files (Docker's /dev/shm is 64 MiB), else on the usual temporary folder (None)."""
    import types

    from apidiff.formats import protoc

    memory = tmp_path / "shm"
    memory.mkdir()
    memory.chmod(0o1777)
    monkeypatch.setattr(protoc, "_MEMORY_FOLDER", str(memory))
    files = {"a.proto": b"syntax = 'proto3';"}
    assert protoc._scratch(files) == str(memory)
    memory.chmod(0o777)  # not sticky: others could swap names in it
    assert protoc._scratch(files) is None
    memory.chmod(0o1777)
    small = types.SimpleNamespace(f_bavail=1024, f_frsize=4096)  # 4 MiB free
    monkeypatch.setattr(protoc.os, "statvfs", lambda path: small)
    assert protoc._scratch(files) is None
    monkeypatch.undo()
    monkeypatch.setattr(protoc, "_MEMORY_FOLDER", str(tmp_path / "absent"))
    assert protoc._scratch(files) is None
