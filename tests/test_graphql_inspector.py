"""apidiff against graphql-inspector itself, on every GraphQL fixture pair and corpus pair.

graphql-inspector (``@graphql-inspector/core``'s ``diff``) is the GraphQL field's usual
breaking-change checker. ``tests/graphql_inspector_diff.mjs`` runs it on every pair in one
node process. Every change it grades BREAKING or DANGEROUS must be matched by an apidiff
finding at the same schema coordinate with the same severity (BREAKING = breaking,
DANGEROUS = dangerous); every apidiff breaking finding must be matched by an inspector
BREAKING change at its coordinate. What is left must be a row of the table of deliberate
differences in ``docs/graphql.md``: a row names inspector's change types with their level
and the apidiff rules that report the change instead (or "nothing"); an inspector change
is accounted for when apidiff reports one of the row's rules at its coordinate (or, for a
row naming none, nothing there), an apidiff finding when the row names its rule.

node and the package come from ``make bench-peers`` (``tests/benchmarks/.peers``, or the
folder ``APIDIFF_PEERS`` names). Without them the pairs' test skips, unless
``APIDIFF_REQUIRE_INSPECTOR=1``; the table and the matching are checked either way.
Nothing here touches the network.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from apidiff.rules import RULES, load_rules

from .conftest import CORPUS, ROOT, compare_files, difference_rows, fixture_dirs, pair_files

SCRIPT = ROOT / "tests" / "graphql_inspector_diff.mjs"
PEERS = Path(os.environ.get("APIDIFF_PEERS") or ROOT / "tests" / "benchmarks" / ".peers")
DOC = ROOT / "docs" / "graphql.md"
TABLE = "## Deliberate differences from graphql-inspector"
SEVERITY = {"BREAKING": "breaking", "DANGEROUS": "dangerous", "NON_BREAKING": "safe"}

# Pairs graphql-inspector cannot build, and why (the test checks that it still cannot).
INSPECTOR_REFUSES = {
    "graphql/type-added.extension-became-definition": "extends a type the file never defines",
    "graphql/type-added.previously-undefined-scalar": "names a scalar the file never defines",
}


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "no `node`"
    if not (PEERS / "node_modules" / "@graphql-inspector" / "core").is_dir():
        return f"no @graphql-inspector/core under {PEERS} (make bench-peers)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("APIDIFF_REQUIRE_INSPECTOR") == "1":
    raise RuntimeError(f"APIDIFF_REQUIRE_INSPECTOR=1 but {MISSING}")
needs_inspector = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

PAIRS = {
    f"{kind}/{d.name}": pair_files(d)
    for kind in ("graphql", "graphql-unchanged")
    for d in fixture_dirs(kind)
}
if (CORPUS / "github-graphql").is_dir():
    for _d in sorted((CORPUS / "github-graphql").iterdir()):
        if (_d / "old.graphql").is_file() and (_d / "new.graphql").is_file():
            PAIRS[f"corpus/{_d.name}"] = (_d / "old.graphql", _d / "new.graphql")


# -- the table ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    case: str
    inspector: frozenset[tuple[str, str]]  # (change type, level)
    apidiff: frozenset[str]  # apidiff rule ids; empty: apidiff reports nothing there


_LEVELED = re.compile(r"`([A-Z][A-Z_]+)` \((BREAKING|DANGEROUS|NON_BREAKING)\)")


def table_rows(text: str) -> list[Row]:
    """The rows of the deliberate-differences table (case | inspector | apidiff | why)."""
    rows = []
    for case, theirs, ours in difference_rows(text, TABLE):
        named = re.findall(r"`([A-Z][A-Z_]+)`", theirs)
        leveled = _LEVELED.findall(theirs)
        assert len(named) == len(leveled), f"row {case!r}: give each inspector type its level"
        ids = frozenset(re.findall(r"`([a-z][a-z0-9-]+)`", ours))
        assert ours == "nothing" or ids, f"row {case!r}: name apidiff's rules or say nothing"
        rows.append(Row(case, frozenset(leveled), ids))
    return rows


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    load_rules()
    return table_rows(DOC.read_text(encoding="utf-8"))


def test_the_table_parses_and_names_real_rules(rows):
    assert len(rows) >= 8
    for row in rows:
        assert row.inspector, row.case
        assert not row.apidiff - RULES.keys(), (row.case, sorted(row.apidiff - RULES.keys()))


# -- graphql-inspector -------------------------------------------------------------------------
@functools.cache
def inspector() -> dict[str, object]:
    """Every pair's changes (or its build error), from one node process."""
    pairs = [{"name": k, "old": str(o), "new": str(n)} for k, (o, n) in PAIRS.items()]
    done = subprocess.run(
        ["node", str(SCRIPT), "--batch"],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": os.environ.get("PATH", ""), "APIDIFF_PEERS": str(PEERS)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


_T = {  # change type -> the coordinate apidiff gives the element (from the change's meta)
    "TYPE_REMOVED": "{removedTypeName}",
    "TYPE_KIND_CHANGED": "{typeName}",
    "FIELD_REMOVED": "{typeName}.{removedFieldName}",
    "FIELD_TYPE_CHANGED": "{typeName}.{fieldName}",
    "FIELD_ARGUMENT_ADDED": "{typeName}.{fieldName}({addedArgumentName}:)",
    "FIELD_ARGUMENT_REMOVED": "{typeName}.{fieldName}({removedFieldArgumentName}:)",
    "FIELD_ARGUMENT_TYPE_CHANGED": "{typeName}.{fieldName}({argumentName}:)",
    "FIELD_ARGUMENT_DEFAULT_CHANGED": "{typeName}.{fieldName}({argumentName}:).default",
    "INPUT_FIELD_ADDED": "{inputName}.{addedInputFieldName}",
    "INPUT_FIELD_REMOVED": "{inputName}.{removedFieldName}",
    "INPUT_FIELD_TYPE_CHANGED": "{inputName}.{inputFieldName}",
    "INPUT_FIELD_DEFAULT_VALUE_CHANGED": "{inputName}.{inputFieldName}.default",
    "ENUM_VALUE_ADDED": "{enumName}.{addedEnumValueName}",
    "ENUM_VALUE_REMOVED": "{enumName}.{removedEnumValueName}",
    "UNION_MEMBER_ADDED": "{unionName}.{addedUnionMemberTypeName}",
    "UNION_MEMBER_REMOVED": "{unionName}.{removedUnionMemberTypeName}",
    "OBJECT_TYPE_INTERFACE_ADDED": "{objectTypeName}.implements.{addedInterfaceName}",
    "OBJECT_TYPE_INTERFACE_REMOVED": "{objectTypeName}.implements.{removedInterfaceName}",
    "DIRECTIVE_REMOVED": "@{removedDirectiveName}",
    "DIRECTIVE_ARGUMENT_ADDED": "@{directiveName}({addedDirectiveArgumentName}:)",
    "DIRECTIVE_ARGUMENT_REMOVED": "@{directiveName}({removedDirectiveArgumentName}:)",
    "DIRECTIVE_ARGUMENT_TYPE_CHANGED": "@{directiveName}({directiveArgumentName}:)",
    "DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED": (
        "@{directiveName}({directiveArgumentName}:).default"
    ),
    "DIRECTIVE_LOCATION_REMOVED": "@{directiveName}.{removedDirectiveLocation}",
    "DIRECTIVE_REPEATABLE_REMOVED": "@{directiveName}.repeatable",
}
_ROOT = re.compile(r"^SCHEMA_(QUERY|MUTATION|SUBSCRIPTION)_TYPE_CHANGED$")
# Where an applied directive sits, from a DIRECTIVE_USAGE_* change's meta.
_USAGE_PARENT = (
    ("parentTypeName", "{parentTypeName}"),  # DIRECTIVE_USAGE_ARGUMENT_*: below
    ("argumentName", "{typeName}.{fieldName}({argumentName}:)"),
    ("inputFieldName", "{inputObjectName}.{inputFieldName}"),
    ("enumValueName", "{enumName}.{enumValueName}"),
    ("fieldName", "{typeName}.{fieldName}"),
    ("inputObjectName", "{inputObjectName}"),
    ("objectName", "{objectName}"),
    ("interfaceName", "{interfaceName}"),
    ("unionName", "{unionName}"),
    ("enumName", "{enumName}"),
    ("scalarName", "{scalarName}"),
)
# Directives apidiff reports as facts of their own, at these places below the element.
_OWN_COORDINATE = {"deprecated": ".deprecated", "specifiedBy": ".specifiedBy", "oneOf": ".@oneOf"}


def _usage_parent(meta: dict) -> str:
    if meta.get("parentTypeName") is not None or "parentFieldName" in meta:
        text = meta.get("parentTypeName") or ""
        if meta.get("parentFieldName"):
            text += f".{meta['parentFieldName']}"
        if meta.get("parentArgumentName"):
            text += f"({meta['parentArgumentName']}:)"
        if meta.get("parentEnumValueName"):
            text += f".{meta['parentEnumValueName']}"
        return text or "schema"
    for key, template in _USAGE_PARENT[1:]:
        if meta.get(key) is not None:
            return template.format(**meta)
    return "schema"  # DIRECTIVE_USAGE_SCHEMA_*


def coordinate(change: dict) -> str | None:
    """apidiff's coordinate for the element an inspector change is about."""
    kind, meta = change["type"], change["meta"]
    if kind in _T:
        return _T[kind].format(**meta)
    root = _ROOT.match(kind)
    if root:
        role = root.group(1).title()
        return meta.get(f"old{role}TypeName") or meta.get(f"new{role}TypeName")
    if kind.startswith("DIRECTIVE_USAGE_"):
        name = meta.get("addedDirectiveName") or meta.get("removedDirectiveName")
        name = name or meta.get("directiveName")
        tail = _OWN_COORDINATE.get(name, f".@{name}")
        return _usage_parent(meta) + tail
    return None


def at(finding, coord: str | None) -> bool:
    """apidiff's finding is about the element at ``coord`` (an applied directive's coordinate
    also spells its arguments: ``Issue.@key(fields: "id")``)."""
    mine = finding.info.get("coordinate")
    if coord is None or mine is None:
        return False
    return mine == coord or (".@" in coord and mine.startswith(coord + "("))


def _owner(coord: str | None) -> str | None:
    """A default's coordinate names its argument or input field too (`T.f(a:).default`)."""
    return coord.removesuffix(".default") if coord and coord.endswith(".default") else None


def disagreements(name: str, changes: list[dict], findings: list, rows: list[Row]) -> list[str]:
    problems = []
    for change in changes:
        level = change["level"]
        if level == "NON_BREAKING":
            continue
        coord = coordinate(change)
        here = [f for f in findings if at(f, coord) or at(f, _owner(coord))]
        if any(f.severity.value == SEVERITY[level] and at(f, coord) for f in here):
            continue
        key = (change["type"], level)
        if any(
            key in row.inspector
            and (row.apidiff & {f.id for f in here} if row.apidiff else not here)
            for row in rows
        ):
            continue
        problems.append(f"inspector {change['type']} ({level}) at {coord}: {change['message']}")
    breaking = {coordinate(c) for c in changes if c["level"] == "BREAKING"}
    # A root type replaced by another (``mutation: IssueMutations``) is breaking as a whole
    # to inspector; apidiff compares the two types' fields one by one.
    replaced = {
        c["meta"].get(f"new{_ROOT.match(c['type']).group(1).title()}TypeName")
        for c in changes
        if _ROOT.match(c["type"]) and c["level"] == "BREAKING"
    }
    for f in findings:
        if f.severity.value != "breaking" or f.ignored:
            continue
        if any(at(f, coord) for coord in breaking):
            continue
        if re.split(r"[.(]", f.info.get("coordinate") or "", maxsplit=1)[0] in replaced:
            continue
        if any(f.id in row.apidiff for row in rows):
            continue
        problems.append(f"apidiff {f.id} ({f.message}), inspector no BREAKING change")
    return problems


@needs_inspector
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_inspector_and_apidiff_agree_or_the_table_says_why(name, rows):
    theirs = inspector()[name]
    if isinstance(theirs, dict):
        assert name in INSPECTOR_REFUSES, f"inspector cannot build it: {theirs['error']}"
        pytest.skip(f"graphql-inspector cannot build it: {INSPECTOR_REFUSES[name]}")
    assert name not in INSPECTOR_REFUSES, "inspector builds it now: take it off INSPECTOR_REFUSES"
    old, new = PAIRS[name]
    ours = compare_files(old, new).findings
    problems = disagreements(name, theirs, ours, rows)
    assert not problems, "not in docs/graphql.md's table of differences:\n" + "\n".join(problems)


# -- the matching itself (no node needed) ------------------------------------------------------
@dataclass
class _Finding:
    id: str
    severity: object
    coordinate: str
    message: str = ""
    ignored: bool = False

    @property
    def info(self) -> dict:
        return {"coordinate": self.coordinate}


def _f(rule_id: str, severity: str, coord: str) -> _Finding:
    from apidiff.result import Severity

    return _Finding(rule_id, Severity(severity), coord)


_ARG_ADDED = {
    "type": "FIELD_ARGUMENT_ADDED",
    "level": "DANGEROUS",
    "message": "Argument 'q: String' added to field 'Query.users'",
    "meta": {"typeName": "Query", "fieldName": "users", "addedArgumentName": "q"},
}


def test_matching_needs_the_coordinate_and_the_severity_or_a_row_naming_the_rule():
    load_rules()
    rows = table_rows(DOC.read_text(encoding="utf-8"))
    assert coordinate(_ARG_ADDED) == "Query.users(q:)"
    # the documented rule at the coordinate accounts for it; anything else does not
    assert not disagreements(
        "x", [_ARG_ADDED], [_f("optional-argument-added", "safe", "Query.users(q:)")], rows
    )
    assert disagreements(
        "x", [_ARG_ADDED], [_f("optional-argument-added", "safe", "Query.other(q:)")], rows
    )
    assert disagreements("x", [_ARG_ADDED], [], rows)
    assert disagreements("x", [], [_f("field-removed", "breaking", "User.name")], rows)
    removed = {
        "type": "FIELD_REMOVED",
        "level": "BREAKING",
        "message": "",
        "meta": {"typeName": "User", "removedFieldName": "name"},
    }
    assert not disagreements("x", [removed], [_f("field-removed", "breaking", "User.name")], rows)
    assert disagreements("x", [removed], [_f("field-removed", "dangerous", "User.name")], rows)
    usage = {
        "type": "DIRECTIVE_USAGE_OBJECT_ADDED",
        "level": "DANGEROUS",
        "message": "",
        "meta": {"objectName": "Issue", "addedDirectiveName": "key"},
    }
    found = [_f("federation-directive-usage-added", "safe", 'Issue.@key(fields: "id")')]
    assert not disagreements("x", [usage], found, rows)
