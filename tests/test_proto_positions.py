"""Positions of ``.proto`` elements read from the text (``formats.proto_positions``) against
protoc's own source info, which they replace for compiled files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apidiff.api import _sources
from apidiff.formats import LoadOptions, proto_positions, protoc
from apidiff.formats import protobuf as pb

from .conftest import CORPUS, FIXTURES

pytest.importorskip("grpc_tools")
pytest.importorskip("google.protobuf")

LOAD = FIXTURES / "protobuf-load"
# Every compiled tree of the fixtures, and the corpus pairs' sides where they are here.
TREES = [LOAD / "positions", LOAD / "proto3", LOAD / "proto2", LOAD / "editions"]
# The rule fixtures' sides (old and new alternately, to halve the compiles: the tricky
# syntax is in ``positions/``).
FIXTURE_SIDES = [
    pair / ("old", "new")[n % 2]
    for n, pair in enumerate(sorted((FIXTURES / "protobuf").glob("*/")))
    if any((pair / ("old", "new")[n % 2]).rglob("*.proto"))
]
# The corpus: googleapis' largest tree (with line-wrapped type names), gRPC's and
# OpenTelemetry's (every tree agreed when this was written; the rest would cost seconds).
CORPUS_TREES = [
    CORPUS / "protobuf" / pair / side
    for pair, side in (
        ("2025-08-to-2026-08-aiplatform-year", "new"),
        ("2026-08-admanager-enum-type-and-http-changed", "new"),
        ("2025-03-grpc-health-rpc-added", "old"),
        ("2025-09-otel-profiles-fields-renamed", "new"),
    )
    if (CORPUS / "protobuf" / pair / side).is_dir()
]


def _both(tree: Path):
    """The tree compiled once, with source info, and built twice: positions from protoc's
    source info, and from the text."""
    files, targets, names, display = pb._gather(_sources(str(tree), LoadOptions()), LoadOptions())
    fds = pb._parse_set(protoc.start(files, targets, names).result(), display)
    by_protoc = pb._build(fds, display, names, set(targets))
    by_text = pb._build(fds, display, names, set(targets), texts=files)
    return by_protoc.body, by_text.body


def _positions(schema) -> dict[tuple[str, str], tuple[int, int] | None]:
    """Every pointer the model's position indexes know (elements, options, a field's type,
    number, default, json_name, annotations), with its position."""
    indexes = {}
    for elements in (schema.messages, schema.enums, schema.services, schema.extensions):
        for element in elements.values():
            for location in _locations(element):
                indexes.setdefault(id(location.resolver.__self__), (location.file, location))
    for file in schema.files.values():
        indexes.setdefault(id(file.location.resolver.__self__), (file.location.file, file.location))
    out = {}
    for name, location in indexes.values():
        index = location.resolver.__self__
        pointers = set(index.paths)
        pointers.update(f"{f}/{child}" for f in index.fields for child in pb._FIELD_CHILDREN)
        for pointer in pointers:
            out[(name, pointer)] = index.position(pointer)
    return out


def _locations(element):
    yield element.location
    for group in ("fields", "oneofs", "values", "methods"):
        for child in getattr(element, group, {}).values():
            yield child.location


def _compare(tree: Path) -> int:
    by_protoc, by_text = (_positions(schema) for schema in _both(tree))
    assert by_protoc.keys() == by_text.keys()
    wrong = {k: (by_protoc[k], by_text[k]) for k in by_protoc if by_protoc[k] != by_text[k]}
    assert not wrong, f"(protoc, text) differ: {sorted(wrong.items())[:10]}"
    return sum(v is not None for v in by_protoc.values())


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_text_positions_are_protocs(tree):
    assert _compare(tree) > 10


def test_every_fixture_side_agrees_with_protoc():
    assert sum(_compare(side) for side in FIXTURE_SIDES) > 1000


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS_TREES, reason="../shared/corpus/protobuf is not here")
@pytest.mark.parametrize("tree", CORPUS_TREES, ids=lambda p: f"{p.parent.name}-{p.name}")
def test_corpus_text_positions_are_protocs(tree):
    assert _compare(tree) > 10


def test_compiled_files_are_compiled_without_source_info(monkeypatch):
    """The point of reading positions from the text: protoc skips its source info (a quarter
    of the compile). A descriptor set given as input keeps its own."""
    asked = []
    start = protoc.start

    def recording(*args, **kwargs):
        asked.append(kwargs.get("source_info", True))
        return start(*args, **kwargs)

    monkeypatch.setattr(protoc, "start", recording)
    contract = pb.load_sources(_sources(str(LOAD / "positions"), LoadOptions()))
    assert asked == [False]
    outer = contract.body.messages["tricky.v1.Outer"]
    assert (outer.location.line, outer.location.column) == (12, 1)


def _where(text: bytes, needle: bytes, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count(b"\n", 0, at)
    return line, at - (text.rfind(b"\n", 0, at) + 1)


def test_what_a_naive_reader_gets_wrong():
    text = (LOAD / "positions" / "tricky.proto").read_bytes()
    from google.protobuf import descriptor_pb2

    resolve = proto_positions.options_resolver(descriptor_pb2, dict)
    found = proto_positions.scan(text, resolve).position
    outer = (4, 2)  # message_type[2]: Opt and stream come first
    # A tab is 8 columns, as protoc counts.
    assert found((*outer, 3, 0)) == (_where(text, b"message Inner")[0], 8)
    # A type name wrapped over lines (``Outer\n .Inner``), and the field's number after it.
    assert found((*outer, 2, 0)) == _where(text, b"optional\n     Outer")
    assert found((*outer, 2, 0, 3)) == _where(text, b"1\n     [(tags)")
    # A group in a oneof is a field and a nested message; a map field's entry takes a nested
    # message's index, and so does a group of an extend in the message: After is the fifth.
    assert found((*outer, 2, 1)) == _where(text, b"group G1")
    assert found((*outer, 3, 1)) == _where(text, b"group G1")
    assert found((*outer, 3, 3)) == _where(text, b"optional group EG")
    assert found((*outer, 3, 4)) == _where(text, b"message After")
    # Braces and semicolons in strings and aggregate values are not statements.
    assert found((*outer, 2, 2, 7)) == _where(text, b'"a,b]"')
    assert found((8, 1)) == _where(text, b"option java_package")
    assert found((8, 9)) == _where(text, b"option optimize_for")
    # A message named ``stream``, streamed.
    method = (6, 0, 2, 0)
    assert found((*method, 2)) == _where(text, b"stream) returns")
    assert found((*method, 3)) == _where(text, b".tricky.v1.stream")
    # A group of a file-level extend is a top-level message, before Last.
    assert found((4, 3)) == _where(text, b"optional group TG")
    assert found((4, 4)) == _where(text, b"message Last")


def test_line_endings_and_the_byte_order_mark(tmp_path):
    (tmp_path / "crlf.proto").write_bytes(
        b'syntax = "proto2";\r\npackage t.r;\r\nmessage CR { optional int32 a = 1; }\r\n'
    )
    (tmp_path / "bom.proto").write_bytes(
        b'\xef\xbb\xbfsyntax = "proto3";\npackage bom;\nmessage B {\n  int32 a = 1; }\n'
    )
    assert _compare(tmp_path) >= 8


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "message",
                "enum",
                "service",
                "rpc",
                "option",
                "extend",
                "oneof",
                "group",
                "map<",
                "reserved",
                "=",
                "{",
                "}",
                "[",
                "]",
                ";",
                "(",
                ")",
                '"',
                "'",
                "//",
                "/*",
                "*/",
                "\n",
                "\t",
                " ",
                "a",
                "1",
                ".",
                ",",
                "\\",
                "\x00",
                "\xff",
            ]
        ),
        max_size=80,
    )
)
def test_any_text_is_scanned_without_error(parts):
    """Only files protoc compiled are scanned, but nothing in a file may break the scan."""
    text = " ".join(parts).encode("utf-8", "surrogateescape")
    scan = proto_positions.scan(text, lambda *args: (1, True))
    for path in list(scan.offsets) + list(scan.parts):
        scan.position(path)
        scan.position((*path, 3))


def test_long_statements_and_deep_nesting_do_not_recurse():
    values = b", ".join(b"(o) = { a: { b: 1 } }" for _ in range(3_000))
    deep = b"message M { " * 3_000 + b"}" * 3_000
    text = b"message A { optional int32 x = 1 [" + values + b"]; }\n" + deep
    scan = proto_positions.scan(text, lambda *args: (7, True))
    assert scan.position((4, 0, 2, 0)) == (0, 12)
    assert scan.position((4, 0, 2, 0, 8, 7, 2_999)) is not None
    assert scan.position((4, 1, *(3, 0) * 2_999)) == (1, 12 * 2_999)


def test_an_unknown_construct_ends_the_scan_with_what_it_found():
    scan = proto_positions.scan(b"message A { int32 a = 1; }\n}\nmessage B {}", lambda *a: None)
    assert scan.position((4, 0)) == (0, 0)
    assert scan.position((4, 1)) is None
