"""The SDL reader (``formats.sdl``) against graphql-core's loader: where the reader gives a
model, graphql-core's path gives the same one (every field, every position); where
graphql-core refuses a schema, the reader gives up, so its error is graphql-core's."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apidiff.errors import InputError
from apidiff.formats import graphql, sdl
from apidiff.model import Location
from apidiff.sources import Source

from .conftest import CORPUS, FIXTURES
from .test_fuzz import FUZZ, LINE_MUTATION, _mutate_lines


def _plain(value):
    """A model as plain data: locations by file, coordinate and resolved position."""
    if isinstance(value, Location):
        return ("location", value.file, value.pointer, value.position)
    if dataclasses.is_dataclass(value):
        skip = ("native", "sdl", "build_native")
        return (
            type(value).__name__,
            [
                (f.name, _plain(getattr(value, f.name)))
                for f in dataclasses.fields(value)
                if f.name not in skip
            ],
        )
    if isinstance(value, dict):
        return [(k, _plain(v)) for k, v in value.items()]  # order matters too
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def _both(text: str, name: str = "schema.graphql"):
    """(reader's contract or None, graphql-core's contract or its InputError)."""
    sources = [Source(name, text)]
    found = sdl.read(sources, name)
    fast = sdl.contract_of(found[0], name) if found is not None else None
    try:
        reference = graphql.load_sdl(sources, fast=False)
    except InputError as exc:
        reference = exc
    return fast, reference


def _check(text: str) -> bool:
    """Same model, or the reader gave up; True when the reader read it."""
    fast, reference = _both(text)
    if fast is None:
        return False
    assert not isinstance(reference, InputError), f"the reader accepted: {reference}"
    assert _plain(fast) == _plain(reference)
    return True


_SDL_FILES = sorted(p for p in FIXTURES.rglob("*.graphql") if "operations" not in p.parts)


@pytest.mark.parametrize("path", _SDL_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixture_same_model(path):
    _check(path.read_text(encoding="utf-8"))


def test_reader_reads_most_fixtures():
    """Giving up is allowed, not the rule: extensions, undefined types and block-string
    defaults are what graphql-core's path is for."""
    read = sum(_check(p.read_text(encoding="utf-8")) for p in _SDL_FILES)
    assert read >= len(_SDL_FILES) * 0.9


_CORPUS_SDL = (
    sorted((CORPUS / "github-graphql").glob("2023-11*/*.graphql"))
    if (CORPUS / "github-graphql").is_dir()
    else []
)


@pytest.mark.skipif(not _CORPUS_SDL, reason="../shared/corpus is not here")
@pytest.mark.parametrize("path", _CORPUS_SDL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_read_by_the_reader(path):
    """GitHub's schema needs nothing of graphql-core (that the models are the same is checked
    by the corpus reports, byte-identical before and after the reader)."""
    sources = [Source(path.name, path.read_text(encoding="utf-8"))]
    assert sdl.read(sources, path.name) is not None


_CASES = [
    'type Query { a(x: Int = 1, y: Float = 1, z: Float = 1e400, w: ID = 12, v: ID = "q", u: String = null, t: Int! = null, s: Int = 2147483648, r: Boolean = true, q: [Int] = 3, p: [Int!] = [1, 2], o: String = ENUMV): Int }',  # noqa: E501
    'input I { a: Int! b: String = "x" c: [E] } enum E { A B } type Query { f(i: I = {a: 1}, j: I = {b: "y"}, k: I = {a: 1, z: 2}, l: I = {  }, m: E = A, n: E = "A", o: [E] = A, p: [I] = [{a: 1}, {a: 2, c: [A, B]}]): Int }',  # noqa: E501
    'input O @oneOf { a: Int b: String } type Query { f(x: O = {a: 1}, y: O = {a: 1, b: "x"}, z: O = {a: null}): Int }',  # noqa: E501
    'scalar JSON scalar Date @specifiedBy(url: "https://x") type Query { f(x: JSON = {a: [1, 2.5, "s", true, null, E]}, y: Date = "2020"): Int }',  # noqa: E501
    '"""\n   Desc\n     indented\n\n  done\n   """\ntype Query {\n  "one line \\" esc \\n \\t \\/ \\\\" a: Int @deprecated\n  b: Int @deprecated(reason: "No longer supported")\n  c: Int @deprecated(reason: "gone") @custom(x: [1, 2], y: {b: 1, a: 2})\n}',  # noqa: E501
    'type Query { a: Int } # comment\n,,, "d" directive @custom(a: Int = 3 @deprecated) repeatable on FIELD_DEFINITION | OBJECT',  # noqa: E501
    "schema { query: Q mutation: M } type Q { a: Int } type M { b(x: [[Int!]!]! = [[1]]): [[String]] }",  # noqa: E501
    "interface Node { id: ID! } interface Named implements Node & Other { id: ID! name: String } interface Other { x: Int } type Query implements Named & Node { id: ID! name: String x: Int } union U = | Query",  # noqa: E501
    'type Query { a(x: String = """block"""): Int }',
    'type Query { a(x: String = "\\u00e9"): Int }',
    "type Query { a(x: [Int] = [1111111111, 2222222222, 3333333333, 4444444444, 5555555555, 666666666, 77777777]): Int }",  # noqa: E501
    "type Query { a(x: [Int] = [1111111111, 2222222222, 3333333333, 4444444444, 5555555555, 66666]): Int }",  # noqa: E501
    "type Query { a: Int } type Query { b: Int }",
    "type Query { a: Int a: Int }",
    "type Query { a: Undefined }",
    "type Query { a: Int } extend type Query { b: Int }",
    "type Query {}",
    "type Query { a(x: I): Int } type I { a: Int }",
    "type Query { a: I } input I { a: Int }",
    "type Query { a: Int @deprecated(reason: null) }",
    'type Query { a: Int @deprecated(reason: """x""") }',
    "enum E { true } type Query { a: E }",
    "type Query { a(x: Int = 01): Int }",
    "type Query { a(x: Int = 1a): Int }",
    "type Query { a(x: Float = 1.): Int }",
    "type Query { a(x: Float = -0.0e-0): Int }",
    'type Query { a(x: String = "\x7f"): Int }',
    '"desc \x85 with nel" type Query { a: Int }',
    "type Query { a: Int } directive @d on NOWHERE",
    "type Query { a: Int } scalar String",
    "type Query { a: Int @d(a: 1, a: 2) }",
    "type Query { a(x: I = {a: 1, a: 2}): Int } input I { a: Int }",
    "\ufefftype Query { a: Int }",
    'type Query { a: Int }\r\n"""\r\n  x\r\n    y\r\n"""\r\ntype T { b: Int }',
    "type Query { a: Mutation } type Mutation { a: Int } enum Subscription { A }",
    "schema { query: Query } schema { query: Query } type Query { a: Int }",
    'type Query { a(x: Int = 1 @deprecated): Int @deprecated(reason: "") }',
    "input I { a: Int = 1 b: I2 = {c: 2} } input I2 { c: Int! d: Int = 4 } type Query { f(x: I = {}): Int }",  # noqa: E501
    "type Query { f(x: I = {a: 1}): Int } input I { a: Int! @deprecated }",
    "directive @d(x: Int) on ARGUMENT_DEFINITION | FIELD_DEFINITION\ntype Query { f(x: Int @d(x: 1)): Int @d }",  # noqa: E501
    'type Query { a: Int @oneOf @specifiedBy(url: "x") }',
    'scalar S @specifiedBy(url: "a") @specifiedBy(url: "b") type Query { a: S }',
    "type Query { a: Int @deprecated @deprecated }",
    'type Query { a: Int @deprecated(reason: "a", other: 1) }',
    "type Query { a: Int @deprecated(reason: 1) }",
    "input I @oneOf(x: 1) { a: Int } type Query { a(x: I): Int }",
    "type Query { a: Int } directive @include(if: Boolean!) on FIELD",
    "type __T { a: Int } type Query { a: Int }",
    "type Query { a: [Int!]! b: [[[[[Int]]]]] }",
    "type Query { a(x: ID = 1.5, y: ID = true, z: Boolean = 1, w: String = 1, v: Int = 1.0, u: Int = -2147483648): Int }",  # noqa: E501
    'type Query { a(x: ID = -0, y: ID = 1.0, z: ID = 1.5, w: ID = E, v: Float = 9007199254740993, u: Float = 9007199254740992, t: Int = 1.5, s: Int = 2.0, r: Boolean = false, q: String = true, p: [String] = [A, "b"], o: Float = 1e308, n: Float = -1e309): Int }',  # noqa: E501
    "type Query { a(x: [[Int]] = [1, [2]], y: [[Int]] = 1, z: [Int!] = [null], w: [Int]! = [null]): Int }",  # noqa: E501
]


@pytest.mark.parametrize("text", _CASES)
def test_edge_same_model_or_gives_up(text):
    """Defaults of every scalar, input objects, @oneOf, escapes, block strings, comments,
    duplicates, extensions, bad numbers, wrong kinds: never a different model."""
    _check(text)


def test_multiple_files_and_positions():
    sources = [
        Source("a/q.graphql", "type Query {\n  user: User\n}\n"),
        Source("a/u.graphql", '"""A user"""\ntype User {\n  id: ID!\n}\n'),
    ]
    found = sdl.read(sources, "a")
    assert found is not None
    reference = graphql.load_sdl(sources, fast=False)
    fast = sdl.contract_of(found[0], "a")
    assert _plain(fast) == _plain(reference)
    assert fast.body.types["User"].fields["id"].location.position == (3, 3)


def test_native_schema_built_on_demand():
    """``--operations`` validates against graphql-core's schema, built only when asked."""
    contract = sdl.load_sources([Source("s.graphql", "type Query { a: Int }")])
    assert contract.body.native is None
    schema = contract.body.graphql_schema()
    assert schema.query_type.name == "Query"


@FUZZ
@given(base=st.sampled_from(_SDL_FILES[::4]), mutations=st.lists(LINE_MUTATION, max_size=3))
def test_mutants_same_model_or_gives_up(base, mutations):
    lines = _mutate_lines(base.read_text(encoding="utf-8").splitlines(), mutations)
    _check("\n".join(lines) + "\n")
