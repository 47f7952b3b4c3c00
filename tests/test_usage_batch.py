"""Client operations validated as one batch (``diff.usage._Batch``) give exactly what
validating each operation on its own gives: the same broken operations, reasons, order, the
same coordinates each relies on, the same error for one that fails against OLD."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import apidiff
from apidiff.diff import usage
from apidiff.errors import InputError
from apidiff.formats.operations import load_operations

OLD = """
type Query { repo(name: String!): Repo, viewer: User, search(term: String, first: Int): [Repo] }
type Mutation { star(id: ID!, note: String): Repo }
type User { login: String!, repos(first: Int): [Repo], bio: String }
type Repo { name: String!, stars: Int, owner: User, topics: [String], kind: Kind, url: String }
enum Kind { PUBLIC PRIVATE }
"""
# Removed: Repo.url, User.bio; search's term became Int; star's note became required.
NEW = """
type Query { repo(name: String!): Repo, viewer: User, search(term: Int, first: Int): [Repo] }
type Mutation { star(id: ID!, note: String!): Repo }
type User { login: String!, repos(first: Int): [Repo] }
type Repo { name: String!, stars: Int, owner: User, topics: [String], kind: Kind }
enum Kind { PUBLIC PRIVATE }
"""

FRAGMENTS = {
    "Bits": "fragment Bits on Repo { name stars }",
    "Link": "fragment Link on Repo { url ...Bits }",  # breaks in NEW, and nests Bits
    "Owner": "fragment Owner on Repo { owner { login bio } }",  # breaks in NEW
    "Unused": "fragment Unused on Repo { url }",  # breaks in NEW, but no operation uses it
    "Kinds": "fragment Kinds on Repo { kind }",
    "Searched": "fragment Searched on Query { search(term: $t) { name } }",  # $t: String
}
OPERATIONS = [
    'query A { repo(name: "x") { ...Bits } }',
    'query B { repo(name: "x") { ...Link } }',
    "query C { viewer { login repos(first: 2) { ...Owner ...Kinds } } }",
    "query D($t: String) { ...Searched }",  # variable type in a fragment: breaks in NEW
    'mutation E { star(id: "1") { name } }',  # a newly required argument
    'query F { repo(name: "x") { url stars } }',
    "{ viewer { login } }",  # anonymous
    'query G { repo(name: "x") { ...Bits ...Kinds } }',
    'query H { viewer { bio } repo(name: "y") { ...Link } }',
]


def _contracts(tmp_path: Path):
    (tmp_path / "old.graphql").write_text(OLD)
    (tmp_path / "new.graphql").write_text(NEW)
    return apidiff.load(tmp_path / "old.graphql"), apidiff.load(tmp_path / "new.graphql")


def _per_operation(operations, old, new):
    """What validating each operation on its own gives (the reference)."""
    old_schema, new_schema = old.body.graphql_schema(), new.body.graphql_schema()
    broken, used = [], []
    for operation in operations:
        errors = validate(old_schema, operation.document)
        if errors:
            return ("old", operation.name, usage._reasons(errors)), None
        used.append(_used_alone(operation, old_schema))
        errors = validate(new_schema, operation.document)
        if errors:
            broken.append((operation.name, usage._reasons(errors)))
    return broken, used


def _used_alone(operation, schema) -> set[str]:
    from graphql import TypeInfo, TypeInfoVisitor, visit

    used: set[str] = set()
    info = TypeInfo(schema)
    visit(operation.document, TypeInfoVisitor(info, usage._Collector(info, schema, used)))
    usage._input_closure(schema, used)
    return used


def _batched(operations, old, new):
    try:
        changes = usage.broken_operations(operations, old, new)
    except InputError as exc:
        return ("old", exc.message), None
    broken = [(c.operation.removeprefix("operation "), c.info["reasons"]) for c in changes]
    return broken, [op.used for op in operations]


def _load(tmp_path: Path, texts: list[str]):
    folder = tmp_path / "ops"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for index, text in enumerate(texts):  # several files: sources differ between operations
        (folder / f"{index:02d}.graphql").write_text(text + "\n")
    return load_operations((str(folder),), 1 << 20)


def _agree(tmp_path: Path, texts: list[str]) -> list:
    old, new = _contracts(tmp_path)
    reference = _per_operation(_load(tmp_path, texts), old, new)
    batched = _batched(_load(tmp_path, texts), old, new)
    if reference[1] is None:  # failed against OLD: the same operation is named first
        assert batched[1] is None
        assert batched[0][1].startswith(f"operation {reference[0][1]} does not validate")
        assert reference[0][2] in batched[0][1]
    else:
        assert batched == reference
    return reference[0]


def test_the_batch_finds_what_each_operation_alone_finds(tmp_path):
    texts = ["\n".join(OPERATIONS[:4]), "\n".join(OPERATIONS[4:]), "\n".join(FRAGMENTS.values())]
    broken = _agree(tmp_path, texts)
    assert [name for name, _ in broken] == ["B", "C", "D", "E", "F", "H"]


def test_an_operation_invalid_against_old_is_the_same_error(tmp_path):
    texts = ["\n".join(FRAGMENTS.values()), 'query Z { repo(name: "x") { nope } }', OPERATIONS[0]]
    _agree(tmp_path, texts)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(OPERATIONS), min_size=1, max_size=9, unique=True))
def test_any_client_gives_the_same_answer(tmp_path, chosen):
    _agree(tmp_path, ["\n".join(chosen), "\n".join(FRAGMENTS.values())])


def test_an_error_the_batch_cannot_place_falls_back_to_each_operation(tmp_path, monkeypatch):
    from graphql import GraphQLError

    real = usage.validate

    def placeless(schema, document, *args, **kwargs):
        errors = real(schema, document, *args, **kwargs)
        if args:  # the batch's call (rules given): add an error without nodes
            errors.append(GraphQLError("aborted"))
        return errors

    monkeypatch.setattr(usage, "validate", placeless)
    broken = _agree(tmp_path, ["\n".join(OPERATIONS), "\n".join(FRAGMENTS.values())])
    assert len(broken) == 6


@pytest.mark.parametrize("count", [3_000])
def test_a_large_client_is_validated_as_one_batch(tmp_path, monkeypatch, count):
    """Thousands of operations: two batch validations, not two per operation."""
    calls = []
    real = usage.validate
    monkeypatch.setattr(usage, "validate", lambda *a, **k: calls.append(1) or real(*a, **k))
    texts = [f'query Q{i} {{ repo(name: "{i}") {{ ...Bits }} }}' for i in range(count)]
    old, new = _contracts(tmp_path)
    operations = _load(tmp_path, ["\n".join(texts), FRAGMENTS["Bits"]])
    assert usage.broken_operations(operations, old, new) == []
    assert len(calls) == 2
    assert all("Repo.name" in op.used for op in operations)
