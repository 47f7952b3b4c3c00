"""Invariants over the fixtures and random mutations of them (hypothesis).

- comparing any contract with itself gives no finding;
- swapping OLD and NEW turns each change into its inverse (added <-> removed,
  increased <-> decreased, became-required <-> became-optional, ...), one for one.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import apidiff

from .conftest import FIXTURES, compare_files, pair_files

SOURCES = sorted(
    p
    for p in FIXTURES.rglob("*")
    if p.suffix in (".yaml", ".json", ".graphql")
    and p.name != "expected.yaml"
    and "schemas" not in p.parts
    and "operations" not in p.parts
    and p.parent.name not in ("old", "new")
    # The AsyncAPI loader's own documents, some invalid on purpose (test_asyncapi_load.py).
    and "asyncapi-load" not in p.parts
)

_INVERSE_ACTIONS = [
    ("added", "removed"),
    ("increased", "decreased"),
    ("set", "unset"),
    ("became-required", "became-optional"),
    ("became-nullable", "became-not-nullable"),
    ("generalized", "specialized"),
    ("list-of-types-widened", "list-of-types-narrowed"),
    ("became-enum", "became-not-enum"),
    ("closed", "opened"),
    ("restricted", "unrestricted"),
    ("became-read-only", "became-not-read-only"),
    ("became-write-only", "became-not-write-only"),
    ("status-added", "status-removed"),
    ("media-type-added", "media-type-removed"),
    ("part-media-type-added", "part-media-type-removed"),
    ("requirement-added", "requirement-removed"),
    ("scope-added", "scope-removed"),
    ("scheme-added", "scheme-removed"),
    ("mapping-added", "mapping-deleted"),
    ("deprecated", "undeprecated"),
    ("root-added", "root-removed"),
    ("location-added", "location-removed"),
    ("repeatable-added", "repeatable-removed"),
    ("one-of-added", "one-of-removed"),
    ("specified-by-added", "specified-by-removed"),
    ("default-value-added", "default-value-removed"),
    ("variable-enum-value-added", "variable-enum-value-removed"),
    ("allowed", "disallowed"),  # patternProperties on a closed object
    ("became-array", "became-scalar"),  # a parameter on the wire (diff/wire.py)
    ("earlier", "later"),
    ("media-type-schema-added", "media-type-schema-removed"),
    ("annotation-only-added", "annotation-only-removed"),  # an allOf member
]
INVERSE = {a: b for a, b in _INVERSE_ACTIONS} | {b: a for a, b in _INVERSE_ACTIONS}


def inverse_kind(kind: str) -> str:
    head, _, action = kind.rpartition(".")
    if ".sunset." in kind and action in ("added", "deleted"):
        return f"{head}.{'deleted' if action == 'added' else 'added'}"
    return f"{head}.{INVERSE.get(action, action)}"


# Facts with no inverse of their own: the type whose arrival widened an interface's fields
# leaves as `type.removed`, which the swapped comparison reports anyway.
_ONE_WAY = {"graphql.possible-type.added"}


def kinds(result: apidiff.Result) -> Counter:
    # A sunset gone with its deprecation is "withdrawn", gone alone "deleted": the inverse
    # of an added one is either, as the deprecation goes or stays.
    # A dependentRequired list that changes is `changed` on the side where it can break
    # and its harmless half (`added`/`removed`) on the other (diff/keywords.py): one finding
    # per key either way, whatever its verb.
    return Counter(
        _DEPENDENT.sub(
            ".dependent-required.*", f.kind.replace(".sunset.withdrawn", ".sunset.deleted")
        )
        for f in result.findings
        if f.kind not in _ONE_WAY
    )


_DEPENDENT = re.compile(r"\.dependent-required\.\w+$")


def assert_swap(old: Path, new: Path) -> None:
    forward = compare_files(old, new)
    backward = compare_files(new, old)
    expected = Counter({inverse_kind(k): n for k, n in kinds(forward).items()})
    got = kinds(backward)
    # An unreadable sunset deleted (the thing stays deprecated) is `deleted`; written back it
    # is `invalid`, not `added`: a value that is not a date is never read as one.
    for kind in [k for k in got if k.endswith(".sunset.invalid")]:
        added = kind.removesuffix("invalid") + "added"
        moved = min(got[kind], expected[added] - got[added])
        if moved > 0:
            got[kind] -= moved
            got[added] += moved
    assert +got == +expected


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(FIXTURES)) for p in SOURCES])
def test_self_diff_is_empty(path):
    assert compare_files(path, path).findings == ()


PAIRS = sorted({p.parent for p in SOURCES if (p.parent / "expected.yaml").exists()})


@pytest.mark.parametrize("folder", PAIRS, ids=[str(p.relative_to(FIXTURES)) for p in PAIRS])
def test_swap_inverts_every_change(folder):
    old, new = pair_files(folder)
    assert_swap(old, new)


# -- random mutations ----------------------------------------------------------------------


def _containers(node, out):
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            _containers(value, out)
    elif isinstance(node, list):
        out.append(node)
        for value in node:
            _containers(value, out)
    return out


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.text(max_size=12),
    st.sampled_from(["string", "integer", "object", "array", "#/components/schemas/Pet"]),
)
MUTATION = st.tuples(
    st.sampled_from(["delete", "set", "duplicate", "rename"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    SCALARS,
)
BASES = [
    p
    for p in SOURCES
    if p.suffix != ".graphql" and ("petstore" in p.parts or p.parent.parent.name == "openapi")
][:40]


def mutate(data, mutations):
    """Apply (action, pick, key_pick, value) mutations to a deep copy of ``data``."""
    data = copy.deepcopy(data)
    for action, pick, key_pick, value in mutations:
        nodes = _containers(data, [])
        node = nodes[pick % len(nodes)]
        if action == "break-ref":
            refs = [n for n in nodes if isinstance(n, dict) and "$ref" in n]
            if refs:
                refs[pick % len(refs)]["$ref"] = value if isinstance(value, str) else "#/x"
            continue
        if isinstance(node, dict) and node:
            key = list(node)[key_pick % len(node)]
            if action == "delete":
                del node[key]
            elif action == "set":
                node[key] = copy.deepcopy(value)
            elif action == "duplicate":
                node[f"{key}_copy"] = copy.deepcopy(node[key])
            elif action == "rename":
                node[str(value)] = node.pop(key)
            elif action == "retype":
                old = node[key]
                node[key] = [old] if not isinstance(old, list) else {"items": old}
            else:
                items = list(node.items())[::-1]
                node.clear()
                node.update(items)
        elif isinstance(node, list) and node:
            index = key_pick % len(node)
            if action == "delete":
                node.pop(index)
            elif action in ("set", "retype"):
                node[index] = copy.deepcopy(value)
            elif action == "reorder":
                node.reverse()
            else:
                node.insert(0, copy.deepcopy(node[index]))
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(BASES), mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutations_keep_the_invariants(base, mutations):
    data = yaml.safe_load(base.read_text())
    mutated = mutate(data, mutations)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.json", Path(tmp) / "new.json"
        old.write_text(json.dumps(data, default=str))
        new.write_text(json.dumps(mutated, default=str))
        try:
            apidiff.load(new)
        except apidiff.ApidiffError:
            assume(False)  # invalid input: its own tests check the error
        assert compare_files(new, new).findings == ()
        assert_swap(old, new)
        first = compare_files(old, new)
        second = compare_files(old, new)
        assert [f.message for f in first.findings] == [f.message for f in second.findings]
