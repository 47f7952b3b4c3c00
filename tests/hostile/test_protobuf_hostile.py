"""Hostile Protobuf input: every way in (a folder of .proto files, a descriptor set, buf
configuration, --proto-path) ends in a one-line error with exit 2, never a traceback, and
protoc (C++ reading untrusted text) only ever runs in a limited child on a private copy."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apidiff.cli import cli
from apidiff.errors import InputError
from apidiff.formats import detect, protoc

pytest.importorskip("grpc_tools")
pytest.importorskip("google.protobuf")

from apidiff.formats import protobuf

SECRET = "TOPSECRET4242"
GOOD = 'syntax = "proto3";\npackage good.v1;\nmessage Good { string name = 1; }\n'


def tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text)
    return root


def refused(*args: str, needles: tuple[str, ...] = ()) -> str:
    """OLD is the hostile one: its error comes first, as one line, exit 2."""
    result = CliRunner().invoke(cli, ["diff", *args])
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (result.exit_code, result.stderr, result.exception)
    assert len(lines) == 1 and lines[0].startswith("apidiff: error: "), result.stderr
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def good(tmp_path) -> str:
    return str(tree(tmp_path / "good", {"good.proto": GOOD}))


def test_import_cycle(tmp_path, good):
    bad = tree(
        tmp_path / "bad",
        {
            "a.proto": 'syntax = "proto3";\nimport "b.proto";\n',
            "b.proto": 'syntax = "proto3";\nimport "a.proto";\n',
        },
    )
    refused(str(bad), good, needles=("a.proto:2:1", "recursively imports itself"))


@pytest.mark.parametrize(
    "target", ["../outside.proto", "/tmp/outside/secret.proto", "sub/../../outside.proto"]
)
def test_import_outside_the_roots(tmp_path, good, target):
    outside = tmp_path / "outside.proto"
    outside.write_text(f'syntax = "proto3";\nmessage {SECRET} {{}}\n')
    bad = tree(tmp_path / "bad", {"a.proto": f'syntax = "proto3";\nimport "{target}";\n'})
    refused(str(bad), good)


@pytest.mark.parametrize("target", ["/etc/passwd", "missing.proto", "../outside.proto"])
def test_an_import_that_cannot_be_read_is_named_at_its_line(tmp_path, good, target):
    """protoc's first line names the import without a position; the error points at the
    import statement of the user's file instead."""
    bad = tree(tmp_path / "bad", {"a.proto": f'syntax = "proto3";\n\nimport "{target}";\n'})
    line = refused(str(bad / "a.proto"), good)
    assert f"{bad / 'a.proto'}:3:1: import {target!r}" in line, line


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_out_of_the_folder(tmp_path, good):
    (tmp_path / "secret.proto").write_text(f'syntax = "proto3";\nmessage {SECRET} {{}}\n')
    bad = tree(tmp_path / "bad", {"a.proto": 'syntax = "proto3";\nimport "s.proto";\n'})
    (bad / "s.proto").symlink_to(tmp_path / "secret.proto")
    refused(str(bad), good, needles=("s.proto", "outside"))


def test_100000_fields(tmp_path, good):
    body = "".join(f"  int32 f{i} = {i};\n" for i in range(1, 100_001))
    bad = tree(tmp_path / "bad", {"big.proto": f'syntax = "proto3";\nmessage Big {{\n{body}}}\n'})
    refused(str(bad), good, needles=("big.proto", "65535"))


def test_syntax_error_has_file_line_column(tmp_path, good):
    bad = tree(
        tmp_path / "bad", {"api/x.proto": 'syntax = "proto3";\n\nmessage X { int32 a = 1 }\n'}
    )
    line = refused(str(bad), good)
    assert f'{bad / "api" / "x.proto"}:3:25: Expected ";".' in line, line


def test_unused_import_is_only_a_warning(tmp_path):
    from apidiff import api

    ok = tree(
        tmp_path / "ok",
        {"a.proto": 'syntax = "proto3";\nimport "google/protobuf/empty.proto";\nmessage A {}\n'},
    )
    assert "a.proto" in api.load(str(ok)).body.files


def test_huge_file(tmp_path, good):
    bad = tree(tmp_path / "bad", {"big.proto": GOOD + "// " + "x" * 5000 + "\n"})
    refused(str(bad), good, "--max-size", "2000", needles=("big.proto", "limit"))


def test_huge_file_at_the_default_limits(tmp_path, good):
    """8 GiB (sparse: nothing is written) under the default limits: refused by its size,
    before any byte is read or protoc starts."""
    bad = tree(tmp_path / "bad", {"a.proto": GOOD})
    with open(bad / "huge.proto", "wb") as handle:
        handle.truncate(8 * 1024**3)
    refused(str(bad), good, needles=("huge.proto", "limit"))


def test_huge_descriptor_set_at_the_default_limits(tmp_path, good):
    huge = tmp_path / "huge.binpb"
    with open(huge, "wb") as handle:
        handle.write(b"\x0a\xff\xff\xff\xff\x0f")  # a FileDescriptorSet's first bytes
        handle.truncate(8 * 1024**3)
    refused(str(huge), good, needles=("huge.binpb", "limit"))


def test_import_cycle_through_a_proto_path(tmp_path, good):
    (tmp_path / ".git").mkdir()
    bad = tree(tmp_path / "bad", {"a.proto": 'syntax = "proto3";\nimport "dep/b.proto";\n'})
    deps = tree(tmp_path / "deps", {"dep/b.proto": 'syntax = "proto3";\nimport "a.proto";\n'})
    refused(str(bad), good, "--proto-path", str(deps), needles=("recursively imports itself",))


def test_many_files_add_up(tmp_path, good):
    bad = tree(tmp_path / "bad", {f"f{i}.proto": GOOD.replace("Good", f"G{i}") for i in range(20)})
    refused(str(bad), good, "--max-size", "1000", needles=("limit",))


def test_descriptor_set_of_garbage(tmp_path, good):
    garbage = tmp_path / "garbage.binpb"
    garbage.write_bytes(b"\n\x03\x0a\x01\xff")  # looks like a set; its file name is not UTF-8
    refused(str(garbage), good, needles=("garbage.binpb", "UTF-8"))
    noise = tmp_path / "noise.binpb"
    noise.write_bytes(bytes(range(256)) * 8)
    refused(str(noise), good, needles=("noise.binpb",))


def _len(field: int, payload: bytes) -> bytes:
    return protobuf._tag(field, 2) + protobuf._varint_bytes(len(payload)) + payload


def test_descriptor_set_nested_absurdly(tmp_path, good):
    inner = _len(1, b"M")
    for _ in range(5000):
        inner = _len(1, b"M") + _len(3, inner)  # DescriptorProto.nested_type
    data = _len(1, _len(1, b"deep.proto") + _len(4, inner))  # FileDescriptorSet.file
    deep = tmp_path / "deep.pb"
    deep.write_bytes(data)
    refused(str(deep), good, needles=("deep.pb",))


def test_proto_nested_absurdly(tmp_path, good):
    text = 'syntax = "proto3";\n' + "message M { " * 3000 + "}" * 3000 + "\n"
    bad = tree(tmp_path / "bad", {"deep.proto": text})
    refused(str(bad), good)


def test_descriptor_set_inconsistent(tmp_path, good):
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    file = fds.file.add(name="x.proto", package="x", syntax="proto3")
    message = file.message_type.add(name="X")
    message.field.add(name="y", number=1, type=11, type_name=".nowhere.Y", label=1)
    path = tmp_path / "x.pb"
    path.write_bytes(fds.SerializeToString())
    refused(str(path), good, needles=("x.pb",))


def test_descriptor_set_twice_the_same_file(tmp_path, good):
    from google.protobuf import descriptor_pb2

    fds = descriptor_pb2.FileDescriptorSet()
    fds.file.add(name="x.proto")
    fds.file.add(name="x.proto")
    path = tmp_path / "x.pb"
    path.write_bytes(fds.SerializeToString())
    refused(str(path), good, needles=("twice",))


def test_protoc_timeout(tmp_path, good, monkeypatch):
    monkeypatch.setattr(protobuf, "LIMITS", protoc.Limits(seconds=0.0001))
    refused(str(tree(tmp_path / "bad", {"a.proto": GOOD})), good, needles=("protoc took longer",))


def test_protoc_memory_limit(tmp_path, good, monkeypatch):
    monkeypatch.setattr(protobuf, "LIMITS", protoc.Limits(memory=64 * 1024 * 1024))
    body = "".join(f"  int32 f{i} = {i};\n" for i in range(1, 60_000))
    bad = tree(tmp_path / "bad", {"big.proto": f'syntax = "proto3";\nmessage Big {{\n{body}}}\n'})
    refused(str(bad), good, needles=("protoc",))


def test_protoc_output_limit(tmp_path, good, monkeypatch):
    monkeypatch.setattr(protobuf, "LIMITS", protoc.Limits(output=40))
    refused(str(tree(tmp_path / "bad", {"a.proto": GOOD})), good, needles=("limit",))


@pytest.mark.parametrize("name", ["-x.proto", "@args.proto", "a:b.proto"])
def test_names_protoc_would_misread(tmp_path, good, name):
    refused(str(tree(tmp_path / "bad", {name: GOOD})), good, needles=("import path",))


def test_buf_yaml_root_leaving_the_folder(tmp_path, good):
    bad = tree(
        tmp_path / "bad",
        {"buf.yaml": "version: v2\nmodules:\n  - path: ../..\n", "a.proto": GOOD},
    )
    refused(str(bad), good, needles=("buf.yaml", "leaves"))


def test_buf_yaml_not_a_mapping_of_lists(tmp_path, good):
    bad = tree(tmp_path / "bad", {"buf.yaml": "version: v1\nroots: {a: 1}\n", "a.proto": GOOD})
    refused(str(bad), good, needles=("buf.yaml",))


@pytest.mark.parametrize("name", ["buf.yaml", "buf.work.yaml"])
@pytest.mark.parametrize("text", ["5\n", "- version: v2\n", "just text\n"])
def test_a_buf_configuration_that_is_no_mapping_is_refused(tmp_path, good, name, text):
    # It was ignored: the folder became the one import root, whatever the file meant.
    bad = tree(tmp_path / "bad", {name: text, "a.proto": GOOD})
    refused(str(bad), good, needles=(name, "is a mapping"))


def test_buf_work_duplicate_import_paths(tmp_path, good):
    bad = tree(
        tmp_path / "bad",
        {
            "buf.work.yaml": "version: v1\ndirectories: [a, b]\n",
            "a/x.proto": GOOD,
            "b/x.proto": GOOD,
        },
    )
    refused(str(bad), good, needles=("x.proto", "two files"))


def test_proto_path_outside_the_repository(tmp_path, good):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    bad = tree(tmp_path / "repo" / "api", {"a.proto": GOOD})
    outside = tree(tmp_path / "elsewhere", {"d.proto": GOOD})
    refused(str(bad), good, "--proto-path", str(outside), needles=("outside",))


def test_not_utf8(tmp_path, good):
    bad = tree(tmp_path / "bad", {"a.proto": b'syntax = "proto3";\n// \xff\n'})
    refused(str(bad), good, needles=("a.proto:2", "UTF-8"))


def test_without_the_extra(tmp_path, good, monkeypatch):
    monkeypatch.setitem(sys.modules, "google.protobuf", None)  # as if it were not installed
    refused(str(tree(tmp_path / "bad", {"a.proto": GOOD})), good, needles=("apidiff[protobuf]",))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300))
def test_any_bytes_as_a_descriptor_set(data):
    """Whatever the bytes, the sniff answers and the loader returns a model or an InputError."""
    detect.is_descriptor_set(data)
    try:
        protobuf.load_descriptor_set(data, "x.pb")
    except InputError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_annotations(data):
    """The wire reader of annotations never raises on what it is given."""
    protobuf._method_annotations(data)
    protobuf._field_behavior(data)


def test_private_folders_of_killed_runs_are_swept(tmp_path, monkeypatch):
    """A run killed with SIGKILL cannot remove its private copy; the next run removes this
    user's hour-old ones, and nothing else: not a fresh one (a run in progress), not a link
    with our name, not another name."""
    import os
    import time

    monkeypatch.setattr(protoc, "_swept", set())
    stale = tmp_path / "apidiff-protoc-stale"
    (stale / "src").mkdir(parents=True)
    (stale / "src" / "a.proto").write_text("syntax = 'proto3';")
    fresh = tmp_path / "apidiff-protoc-fresh"
    fresh.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine")
    link = tmp_path / "apidiff-protoc-link"
    link.symlink_to(elsewhere, target_is_directory=True)
    other = tmp_path / "not-ours"
    other.mkdir()
    old = time.time() - 2 * 3600
    for path in (stale, elsewhere, other):
        os.utime(path, (old, old))
    os.utime(link, (old, old), follow_symlinks=False)
    protoc._sweep(str(tmp_path))
    assert not stale.exists()
    assert fresh.is_dir() and link.is_symlink() and (elsewhere / "keep.txt").exists()
    assert other.is_dir()
