"""Fuzzing: mutated fixture contracts never crash apidiff and keep its invariants.

Mutations delete, duplicate, retype and reorder nodes, break ``$ref``s and insert unicode,
huge numbers and nulls (OpenAPI), or cut, duplicate and garble lines (GraphQL SDL). For each
mutant: only ``ApidiffError`` may escape; a valid mutant diffs empty against itself,
swapping OLD and NEW inverts every change, and every report format is byte-identical
between two runs; AsyncAPI documents are mutated and checked the same way. Configuration
files (``apidiff.toml`` and ``[tool.apidiff]``) and GraphQL client operation documents
(``--operations``) are mutated too: a mutant works or is a one-line error; so are Protobuf
``.proto`` files (each side compiled by protoc in a child process, so that target runs fewer
examples: ``APIDIFF_FUZZ_PROTO_EXAMPLES``). The suite runs a bounded number of examples;
``make fuzz`` runs many (``APIDIFF_FUZZ_EXAMPLES``).
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
_ASYNCAPI = [p for p in SOURCES if p.suffix in (".yaml", ".json") and "asyncapi" in p.parts]
ASYNCAPI_BASES = _ASYNCAPI[::5]
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


@FUZZ
@given(base=st.sampled_from(ASYNCAPI_BASES), mutations=st.lists(MUTATION, min_size=1, max_size=5))
def test_asyncapi_mutants(base, mutations):
    """Mutated AsyncAPI documents: the same invariants as OpenAPI's."""
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
    lines = _mutate_lines(base.read_text().splitlines(), mutations)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.graphql", Path(tmp) / "new.graphql"
        old.write_text(base.read_text())
        new.write_text("\n".join(lines) + "\n")
        _check(old, new)


# -- configuration files -----------------------------------------------------------------------
# A valid apidiff.toml using every setting; mutants cut, duplicate, swap and garble its lines
# and splice in hostile values (paths out of the project, globs over the filesystem, dates,
# huge numbers, escapes TOML refuses). Each mutant, as apidiff.toml and as [tool.apidiff] in
# pyproject.toml, must work or be a one-line error (exit 2): never a traceback or exit 3.
CONFIG = """\
fail-on = "breaking"
format = "text"
ignore-files = ["ignores.toml"]
include = ["/pets*", "Query.*"]
exclude = ["/internal/*"]
strip-prefix = "/api/v1"
open-enums = ["PetStatus", "Pet.kind"]

[severity]
"response-property-enum-value-added" = "breaking"
"api-operation-id-changed" = "off"

[[ignore]]
rule = "request-parameter-max-decreased"
operation = "GET /pets"
pointer = "/paths/~1pets/get/parameters/0/schema"
reason = "limit was never above 50 in practice"
expires = 2027-01-31

[deprecation]
allow-removal-after-sunset = true
min-days = 90
removal-severity = "dangerous"

[stability]
threshold = "beta"

[[contract]]
name = "pets"
path = "old.yaml"
format = "openapi"
operations = ["ops/*.graphql"]
"""
IGNORES = '[[ignore]]\nrule = "field-added"\nreason = "accepted"\n'
CONFIG_TEXT = st.one_of(
    st.text(
        alphabet=st.sampled_from([*list('[]{}"=.,#- \n_aZ09*?/\\'), "\u202e", "é", "\x00"]),
        max_size=15,
    ),
    st.sampled_from(
        [
            '"../../etc/passwd"',
            '"/**/*.graphql"',
            '["/etc/passwd", "../x.toml"]',
            '"\\ud800"',
            "1" * 5000,
            "0x" + "f" * 4000,
            "nan",
            "inf",
            "1979-05-27T07:32:00Z",
            "2027-02-30",
            "[[contract]]",
            "[[ignore]]",
            '[tool.apidiff]\nfail-on = "none"',
            "{}",
            '""',
            "true",
            "-1",
        ]
    ),
)
CONFIG_MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "value"]),
    st.integers(0, 10_000),
    CONFIG_TEXT,
)


def _mutate_lines(lines: list[str], mutations) -> list[str]:
    """Lines deleted, duplicated, swapped, inserted, cut (or, for ``value``, a TOML value
    replaced): the text mutations every line-based target shares."""
    lines = list(lines)
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
        elif action == "value" and "=" in lines[i]:
            lines[i] = lines[i].split("=", 1)[0] + "= " + text
        else:
            lines[i] = lines[i][: len(lines[i]) // 2] + text
    return lines


def _as_pyproject(text: str) -> str:
    """The same settings as ``[tool.apidiff]`` in a pyproject.toml."""
    out = ['[project]\nname = "x"\n', "[tool.apidiff]"]
    for line in text.splitlines():
        if line.startswith("[["):
            line = "[[tool.apidiff." + line[2:]
        elif line.startswith("["):
            line = "[tool.apidiff." + line[1:]
        out.append(line)
    return "\n".join(out) + "\n"


def _one_line_or_works(args: list[str], cwd: Path) -> None:
    from click.testing import CliRunner

    from apidiff.cli import cli

    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(here)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr, result.exception)
    assert "Traceback" not in result.stderr
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(("apidiff: error: ", "Error: ")), lines


@FUZZ
@given(
    mutations=st.lists(CONFIG_MUTATION, min_size=1, max_size=5),
    pyproject=st.booleans(),
)
def test_configuration_mutants(mutations, pyproject):
    text = "\n".join(_mutate_lines(CONFIG.splitlines(), mutations)) + "\n"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / ".git").mkdir()  # the project's top: what its configuration may name
        (root / "ignores.toml").write_text(IGNORES)
        (root / "ops").mkdir()
        pets = FIXTURES / "petstore"
        (root / "old.yaml").write_text((pets / "old.yaml").read_text())
        (root / "new.yaml").write_text((pets / "new.yaml").read_text())
        name = "pyproject.toml" if pyproject else "apidiff.toml"
        try:
            (root / name).write_text(_as_pyproject(text) if pyproject else text)
        except UnicodeEncodeError:
            return
        _one_line_or_works(["diff", "old.yaml", "new.yaml"], root)
        _one_line_or_works(["breaking", "--config", name, "old.yaml", "new.yaml"], root)


# -- GraphQL client operations (--operations) ----------------------------------------------------
OPERATIONS = sorted((FIXTURES / "starwars" / "operations").glob("*.graphql"))


@FUZZ
@given(
    which=st.sampled_from(OPERATIONS),
    mutations=st.lists(LINE_MUTATION, min_size=1, max_size=4),
)
def test_operations_mutants(which, mutations):
    lines = _mutate_lines(
        which.read_text().splitlines(), [(a, p, t) for a, p, t in mutations if a != "value"]
    )
    old, new = FIXTURES / "starwars" / "old.graphql", FIXTURES / "starwars" / "new.graphql"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for other in OPERATIONS:
            (folder / other.name).write_text(other.read_text())
        (folder / which.name).write_text("\n".join(lines) + "\n")
        try:
            first = compare_files(old, new, operations=(str(folder),))
        except apidiff.ApidiffError:
            return  # a one-line error: an operation that does not parse or validate on OLD
        second = compare_files(old, new, operations=(str(folder),))
        for fmt in FORMATS:
            assert render(first, fmt) == render(second, fmt), fmt


PROTO_EXAMPLES = int(os.environ.get("APIDIFF_FUZZ_PROTO_EXAMPLES", "10"))
PROTO_BASES = sorted(
    p
    for p in (FIXTURES / "protobuf").glob("*/old/**/*.proto")
    if "." not in p.relative_to(FIXTURES / "protobuf").parts[0]  # the rules' own pairs
)[::6] + sorted((FIXTURES / "greeter" / "old").rglob("*.proto"))
PROTO_LINE = st.tuples(
    st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]),
    st.integers(0, 10_000),
    st.one_of(
        st.sampled_from(
            [
                "repeated ",
                "optional ",
                "= 1;",
                "= 536870912;",
                "reserved 1 to max;",
                "oneof o {",
                "}",
                'import "x.proto";',
                'import "../../etc/passwd";',
                "map<string, int32> m = 9;",
                "enum E { E_0 = 0; }",
                'option (google.api.http) = {get: "/v1/{name=*}"};',
                "stream ",
                "rpc R(A) returns (B);",
            ]
        ),
        st.text(
            alphabet=st.sampled_from([*list('{}[]()<>;=:"., \nabcXYZ_0189'), "é"]), max_size=12
        ),
    ),
)


@settings(
    max_examples=PROTO_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=PROTO_EXAMPLES <= 10,
)
@given(base=st.sampled_from(PROTO_BASES), mutations=st.lists(PROTO_LINE, min_size=1, max_size=4))
def test_protobuf_mutants(base, mutations):
    """A mutated ``.proto`` tree gives a report (the same one twice; itself against itself is
    no change) or a one-line error: protoc's own message, or a limit."""
    root = next(p for p in base.parents if p.name == "old")
    lines = _mutate_lines(base.read_text().splitlines(), mutations)
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        for side in (old, new):
            for source in root.rglob("*.proto"):
                target = side / source.relative_to(root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(source.read_text())
        (new / base.relative_to(root)).write_text("\n".join(lines) + "\n")
        try:
            first = compare_files(old, new)
        except apidiff.ApidiffError as exc:
            assert "\n" not in exc.render(), exc.render()
            return
        assert compare_files(new, new).findings == ()
        second = compare_files(old, new)
        for fmt in FORMATS:
            assert render(first, fmt) == render(second, fmt), fmt
