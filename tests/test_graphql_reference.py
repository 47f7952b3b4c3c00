"""apidiff reports every breaking and dangerous change graphql-core finds (or says why not).

graphql-core's ``find_schema_changes`` is the reference implementation's classification.
For every GraphQL fixture pair and every GitHub GraphQL corpus pair, each of its breaking
and dangerous changes must be matched by an apidiff finding at the same schema coordinate
and severity — or by one of the deliberate differences documented in docs/graphql.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from graphql import build_client_schema
from graphql.pyutils import Undefined
from graphql.utilities import get_default_value_ast
from graphql.utilities.find_schema_changes import (
    BreakingChangeType as BT,
)
from graphql.utilities.find_schema_changes import (
    DangerousChangeType as DT,
)
from graphql.utilities.find_schema_changes import (
    find_schema_changes,
)

from apidiff import sources
from apidiff.formats.graphql import build_schema, coerce_default

from .conftest import CORPUS, FIXTURES, ROOT, compare_files, pair_files

# graphql-core change type -> (pattern of its description, coordinate in apidiff's terms,
# apidiff rules that report it at graphql-core's severity)
_T = r"(?P<t>[A-Za-z_][\w]*)"
_F = r"(?P<f>[A-Za-z_][\w]*)"
_A = r"(?P<a>[A-Za-z_][\w]*)"
_D = r"(?P<d>[A-Za-z_][\w]*)"
REFERENCE = {
    BT.TYPE_REMOVED: (rf"^{_T} was removed\.$", "{t}", {"type-removed"}),
    BT.TYPE_CHANGED_KIND: (rf"^{_T} changed from", "{t}", {"type-kind-changed"}),
    BT.TYPE_REMOVED_FROM_UNION: (
        rf"^{_A} was removed from union type {_T}\.$",
        "{t}.{a}",
        {"union-member-removed"},
    ),
    BT.VALUE_REMOVED_FROM_ENUM: (
        rf"^Enum value {_T}\.{_F} was removed\.$",
        "{t}.{f}",
        {"enum-value-removed"},
    ),
    BT.REQUIRED_INPUT_FIELD_ADDED: (
        rf"^A required field {_T}\.{_F} was added\.$",
        "{t}.{f}",
        {"required-input-field-added"},
    ),
    BT.IMPLEMENTED_INTERFACE_REMOVED: (
        rf"^{_T} no longer implements interface {_A}\.$",
        "{t}.implements.{a}",
        {"object-type-interface-removed"},
    ),
    BT.FIELD_REMOVED: (
        rf"^Field {_T}\.{_F} was removed\.$",
        "{t}.{f}",
        {"field-removed", "input-field-removed"},
    ),
    BT.FIELD_CHANGED_KIND: (
        rf"^Field {_T}\.{_F} changed type",
        "{t}.{f}",
        {"field-type-changed", "input-field-type-changed", "input-field-became-required"},
    ),
    BT.REQUIRED_ARG_ADDED: (
        rf"^A required argument {_T}\.{_F}\({_A}:\) was added\.$",
        "{t}.{f}({a}:)",
        {"required-argument-added"},
    ),
    BT.ARG_REMOVED: (
        rf"^Argument {_T}\.{_F}\({_A}:\) was removed\.$",
        "{t}.{f}({a}:)",
        {"argument-removed"},
    ),
    BT.ARG_CHANGED_KIND: (
        rf"^Argument {_T}\.{_F}\({_A}:\) has changed type",
        "{t}.{f}({a}:)",
        {"argument-type-changed", "argument-became-required"},
    ),
    "DIRECTIVE_ARG_CHANGED_KIND": (
        rf"^Argument @{_D}\({_A}:\) has changed type",
        "@{d}({a}:)",
        {"directive-argument-type-changed", "directive-argument-became-required"},
    ),
    BT.DIRECTIVE_REMOVED: (rf"^Directive @{_D} was removed\.$", "@{d}", {"directive-removed"}),
    BT.DIRECTIVE_ARG_REMOVED: (
        rf"^Argument @{_D}\({_A}:\) was removed\.$",
        "@{d}({a}:)",
        {"directive-argument-removed"},
    ),
    BT.REQUIRED_DIRECTIVE_ARG_ADDED: (
        rf"^A required argument @{_D}\({_A}:\) was added\.$",
        "@{d}({a}:)",
        {"required-directive-argument-added"},
    ),
    BT.DIRECTIVE_REPEATABLE_REMOVED: (
        rf"^Repeatable flag was removed from @{_D}\.$",
        "@{d}.repeatable",
        {"directive-repeatable-removed"},
    ),
    BT.DIRECTIVE_LOCATION_REMOVED: (
        rf"^{_A} was removed from @{_D}\.$",
        "@{d}.{a}",
        {"directive-location-removed"},
    ),
    DT.VALUE_ADDED_TO_ENUM: (
        rf"^Enum value {_T}\.{_F} was added\.$",
        "{t}.{f}",
        {"enum-value-added"},
    ),
    DT.TYPE_ADDED_TO_UNION: (
        rf"^{_A} was added to union type {_T}\.$",
        "{t}.{a}",
        {"union-member-added"},
    ),
    DT.OPTIONAL_INPUT_FIELD_ADDED: (
        rf"^An optional field {_T}\.{_F} was added\.$",
        "{t}.{f}",
        set(),
    ),
    DT.OPTIONAL_ARG_ADDED: (
        rf"^An optional argument {_T}\.{_F}\({_A}:\) was added\.$",
        "{t}.{f}({a}:)",
        set(),
    ),
    DT.IMPLEMENTED_INTERFACE_ADDED: (
        rf"^{_A} added to interfaces implemented by {_T}\.$",
        "{t}.implements.{a}",
        {"object-type-interface-added"},
    ),
    DT.ARG_DEFAULT_VALUE_CHANGE: (
        rf"^(?:Argument )?(?:{_T}\.{_F}|@{_D})\({_A}:\) (?:has changed defaultValue|defaultValue"
        rf" was removed)",
        None,
        {
            "argument-default-value-changed",
            "argument-default-value-removed",
            "directive-argument-default-value-changed",
            "directive-argument-default-value-removed",
        },
    ),
    DT.INPUT_FIELD_DEFAULT_VALUE_CHANGE: (
        rf"^{_T}\.{_F} (?:has changed defaultValue|defaultValue was removed)",
        "{t}.{f}.default",
        {"input-field-default-value-changed", "input-field-default-value-removed"},
    ),
}

# Deliberate differences, each explained in docs/graphql.md: apidiff rule that reports the
# change instead (at another severity), or None when apidiff reports nothing on purpose.
DOCUMENTED = {
    "output-enum-value-removed",  # an enum clients only receive: removing a value is safe
    "input-enum-value-added",  # an enum clients only send: adding a value is safe
    "optional-input-field-added",  # optional additions are safe
    "optional-argument-added",
    "type-system-directive-removed",  # no operation can contain the directive
    "type-system-directive-changed",
    "type-system-directive-location-removed",
    "type-system-directive-repeatable-removed",
    "type-system-directive-argument-removed",
    "type-system-directive-argument-became-required",
    "type-system-directive-argument-type-changed",
    "type-system-directive-argument-default-value-removed",
    "type-system-directive-argument-default-value-changed",
    "optional-directive-argument-added",
    "schema-root-type-changed",  # a renamed root type: operations never name it
}
STANDARD_SCALAR_REMOVED = re.compile(r"^Standard scalar \w+ was removed")


def _graphql_schema(path: Path):
    if path.suffix == ".json":
        data = json.loads(path.read_text())
        return build_client_schema(data.get("data", data))
    return build_schema(sources.read_all(str(path)))[0]


def _kind(change) -> object:
    """graphql-core reports a directive argument's type change as ARG_CHANGED_KIND too."""
    if change.type is BT.ARG_CHANGED_KIND and change.description.startswith("Argument @"):
        return "DIRECTIVE_ARG_CHANGED_KIND"
    return change.type


def _coordinate(change_type, description: str) -> str | None:
    pattern, template, _ = REFERENCE[change_type]
    match = re.match(pattern, description)
    assert match, f"unparsed graphql-core description: {description!r}"
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    if template is None:  # argument or directive-argument default
        base = f"@{groups['d']}" if "d" in groups else f"{groups['t']}.{groups['f']}"
        return f"{base}({groups['a']}:).default"
    return template.format(**groups)


def _default_value(path: Path, coordinate: str):
    """The coerced default at a coordinate (`T.f(a:).default`, `@d(a:).default`, `T.f.default`)."""
    schema = _graphql_schema(path)
    match = re.match(r"^(@?)(\w+)(?:\.(\w+))?(?:\((\w+):\))?\.default$", coordinate)
    at, owner, field, arg = match.groups()
    if at:
        target = schema.get_directive(owner).args[arg]
    elif arg:
        target = schema.get_type(owner).fields[field].args[arg]
    else:
        target = schema.get_type(owner).fields[field]
    # As apidiff compares them (and a server uses them): left-out input fields take their
    # own defaults.
    return target.type, coerce_default(get_default_value_ast(target), target.type)


def _same_default_value(old: Path, new: Path, coordinate: str) -> bool:
    (old_type, old_value), (new_type, new_value) = (
        _default_value(old, coordinate),
        _default_value(new, coordinate),
    )
    return str(old_type) == str(new_type) and old_value is not Undefined and old_value == new_value


def check_superset(old: Path, new: Path) -> list[str]:
    """Reference changes apidiff misses or grades differently (without a documented reason)."""
    reference = find_schema_changes(_graphql_schema(old), _graphql_schema(new))
    ours = compare_files(old, new).findings
    by_coordinate: dict[str, list] = {}
    for finding in ours:
        by_coordinate.setdefault(finding.info.get("coordinate"), []).append(finding)
    problems = []
    for change in reference:
        if change.type not in REFERENCE:
            continue  # safe changes: nothing to match
        if STANDARD_SCALAR_REMOVED.match(change.description):
            continue  # documented: built-in scalars always exist
        severity = "breaking" if isinstance(change.type, BT) else "dangerous"
        kind = _kind(change)
        coordinate = _coordinate(kind, change.description)
        candidates = by_coordinate.get(coordinate, [])
        _, _, accepted = REFERENCE[kind]
        if any(f.id in accepted and f.severity == severity for f in candidates):
            continue
        if any(f.id in DOCUMENTED for f in candidates):
            continue
        if coordinate.endswith(".default"):
            owner = by_coordinate.get(coordinate.removesuffix(".default"), [])
            if any(
                f.id.endswith("-became-required") and f.severity.value == "breaking" for f in owner
            ):
                continue  # documented: a non-null default removed makes it required, breaking
            if not candidates and _same_default_value(old, new, coordinate):
                continue  # documented: `0` and `0.0` for a Float are one default
        problems.append(
            f"{change.type.name}: {change.description} -> "
            f"{[(f.id, f.severity.value) for f in candidates] or 'nothing'}"
        )
    return problems


GRAPHQL_PAIRS = sorted(
    p
    for kind in ("graphql", "graphql-unchanged")
    if (FIXTURES / kind).is_dir()
    for p in (FIXTURES / kind).iterdir()
    if (p / "expected.yaml").exists()
)


@pytest.mark.parametrize("folder", GRAPHQL_PAIRS, ids=[p.name for p in GRAPHQL_PAIRS])
def test_fixture_pairs_are_a_superset_of_graphql_core(folder):
    old, new = pair_files(folder)
    assert check_superset(old, new) == []


CORPUS_PAIRS = sorted((CORPUS / "github-graphql").glob("*/")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS_PAIRS, reason="../shared/corpus is not here")
@pytest.mark.parametrize("folder", CORPUS_PAIRS, ids=[p.name for p in CORPUS_PAIRS])
def test_corpus_pairs_are_a_superset_of_graphql_core(folder):
    assert check_superset(folder / "old.graphql", folder / "new.graphql") == []


def test_documented_differences_are_in_the_docs():
    page = (ROOT / "docs" / "graphql.md").read_text()
    for rule_id in DOCUMENTED:
        assert f"`{rule_id}`" in page, f"docs/graphql.md does not explain {rule_id}"
