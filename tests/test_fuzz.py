"""Fuzzing: mutated fixture contracts never crash apidiff and keep its invariants.

Mutations delete, duplicate, retype and reorder nodes, break ``$ref``s and insert unicode,
huge numbers and nulls (OpenAPI), or cut, duplicate and garble lines (GraphQL SDL). For each
mutant: only ``ApidiffError`` may escape; a valid mutant diffs empty against itself,
swapping OLD and NEW inverts every change, and every report format is byte-identical
between two runs. The suite runs a bounded number of examples; ``make fuzz`` runs many
(``APIDIFF_FUZZ_EXAMPLES``).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import apidiff
from apidiff.report import FORMATS, render

from .conftest import FIXTURES, compare_files
from .test_properties import SOURCES, assert_swap, mutate

EXAMPLES = int(os.environ.get("APIDIFF_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=EXAMPLES <= 25,  # the default suite is reproducible; `make fuzz` explores
)

_OPENAPI = [p for p in SOURCES if p.suffix in (".yaml", ".json") and "openapi" in p.parts]
OPENAPI_BASES = [
    *_OPENAPI[::7],
    FIXTURES / "petstore" / "old.yaml",
    FIXTURES / "petstore" / "new.yaml",
]
_GRAPHQL = [p for p in SOURCES if p.suffix == ".graphql"]
GRAPHQL_BASES = [*_GRAPHQL[::5], FIXTURES / "starwars" / "old.graphql"]

NASTY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "\u202e\u0000\x1b[31m",
            "#/components/schemas/Missing",
            "#/",
            "../../etc/passwd",
            "http://127.0.0.1:1/x",
            "𝕏" * 50,
            "string",
            "object",
            "array",
            {},
            [],
            {"$ref": "#/components/schemas"},
            {"$ref": "#"},
        ]
    ),
)
MUTATION = st.tuples(
    st.sampled_from(["delete", "set", "duplicate", "rename", "retype", "reorder", "break-ref"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    NASTY,
)


def _check(old: Path, new: Path) -> None:
    try:
        apidiff.load(old)
        apidiff.load(new)
    except apidiff.ApidiffError:
        return  # refused with a one-line error: what an invalid mutant should get
    try:
        first = compare_files(old, new)
    except apidiff.ApidiffError:
        return
    assert compare_files(new, new).findings == ()
    assert_swap(old, new)
    second = compare_files(old, new)
    for fmt in FORMATS:
        assert render(first, fmt) == render(second, fmt), fmt


@FUZZ
@given(base=st.sampled_from(OPENAPI_BASES), mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_openapi_mutants(base, mutations):
    import yaml

    data = yaml.safe_load(base.read_text())
    assume(isinstance(data, dict))
    mutated = mutate(data, mutations)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.json", Path(tmp) / "new.json"
        old.write_text(json.dumps(data, default=str))
        try:
            new.write_text(json.dumps(mutated, default=str, allow_nan=True))
        except (ValueError, OverflowError):
            return
        _check(old, new)


LINE_MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]),
    st.integers(0, 10_000),
    st.text(
        alphabet=st.sampled_from([*list('{}[]()!:=@"#$ \nabcXYZ_0123'), "\u202e", "é", "\x00"]),
        max_size=15,
    ),
)


@FUZZ
@given(
    base=st.sampled_from(GRAPHQL_BASES), mutations=st.lists(LINE_MUTATION, min_size=1, max_size=4)
)
def test_graphql_mutants(base, mutations):
    lines = base.read_text().splitlines()
    for action, pick, text in mutations:
        if not lines:
            break
        i = pick % len(lines)
        if action == "delete":
            lines.pop(i)
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = (pick // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "insert":
            lines.insert(i, text)
        else:
            lines[i] = lines[i][: len(lines[i]) // 2] + text
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.graphql", Path(tmp) / "new.graphql"
        old.write_text(base.read_text())
        new.write_text("\n".join(lines) + "\n")
        _check(old, new)
