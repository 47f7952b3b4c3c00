"""Usage-aware GraphQL verdicts: which client operations a change touches, exactly.

Given the client's operations and fragments (``--operations 'client/**/*.graphql'``), each
operation is validated with graphql-core's validator against OLD (one that fails there is an
input error: the inputs disagree) and against NEW: one that fails there is *broken*, with the
validator's reasons. Each breaking or dangerous finding then lists the operations that use
what it changed; for an addition (a new required argument or input field) the use of its
parent counts, since the new element itself is never used yet. A breaking finding that no
operation touches is marked ``unused``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_abstract_type,
    parse,
    validate,
    visit,
)
from graphql import (
    Source as GqlSource,
)
from graphql.language import ast as gast
from graphql.type import validate_schema

from .diff.change import Change
from .errors import InputError
from .model import Contract, Direction, Location
from .result import Finding, Severity
from .rules import RULES
from .rules.catalog import finding_for
from .sources import read_all

__all__ = ["ClientOperation", "annotate", "load_operations"]


@dataclass
class ClientOperation:
    name: str
    file: str
    line: int
    column: int
    document: DocumentNode  # the operation and the fragments it uses
    used: set[str] = field(default_factory=set)  # schema coordinates it relies on

    @property
    def label(self) -> str:
        return f"{self.name} ({self.file}:{self.line})"


def load_operations(
    patterns: tuple[str, ...], max_bytes: int, *, roots: tuple[Path, ...] | None = None
) -> list[ClientOperation]:
    """Parse every operation and fragment in the files the patterns name (inside ``roots``
    when a configuration named them: see ``sources.read_file``)."""
    files: dict[str, str] = {}
    for pattern in patterns:
        for source in read_all(pattern, max_bytes=max_bytes, roots=roots):
            files.setdefault(source.name, source.text)
    operations: list[tuple[OperationDefinitionNode, str]] = []
    fragments: dict[str, FragmentDefinitionNode] = {}
    for name in sorted(files):
        try:
            document = parse(GqlSource(files[name], name))
        except GraphQLSyntaxError as exc:
            location = exc.locations[0] if exc.locations else None
            raise InputError(
                f"invalid GraphQL operation: {exc.message}",
                file=name,
                line=location.line if location else None,
                column=location.column if location else None,
            ) from None
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                operations.append((definition, name))
            elif isinstance(definition, FragmentDefinitionNode):
                fragments.setdefault(definition.name.value, definition)
            else:
                raise InputError(
                    "only operations and fragments belong in --operations files", file=name
                )
    out = []
    for node, name in operations:
        used_fragments = _fragments_used(node, fragments)
        location = node.loc.source.get_location(node.loc.start) if node.loc else None
        out.append(
            ClientOperation(
                name=node.name.value if node.name else f"anonymous {node.operation.value}",
                file=name,
                line=location.line if location else 1,
                column=location.column if location else 1,
                document=gast.DocumentNode(definitions=(node, *used_fragments)),
            )
        )
    return out


def _fragments_used(node, fragments: dict[str, FragmentDefinitionNode]) -> list:
    """The fragments an operation spreads, transitively (unknown names are left to validation)."""
    found: dict[str, FragmentDefinitionNode] = {}
    stack = [node]
    while stack:
        current = stack.pop()
        for spread in _spreads(current):
            if spread not in found and spread in fragments:
                found[spread] = fragments[spread]
                stack.append(fragments[spread])
    return [found[k] for k in sorted(found)]


def _spreads(node) -> list[str]:
    names: list[str] = []

    class Spreads(Visitor):
        def enter_fragment_spread(self, spread, *_):
            names.append(spread.name.value)

    visit(node, Spreads())
    return names


def _reasons(errors: list[GraphQLError]) -> str:
    return "; ".join(error.message.rstrip(".") for error in errors[:3]) + (
        f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
    )


def _collect(operation: ClientOperation, schema: GraphQLSchema) -> set[str]:
    """Coordinates an operation relies on: types, fields, arguments, enum values, directives."""
    used: set[str] = set()
    info = TypeInfo(schema)

    class Collector(Visitor):
        def enter_operation_definition(self, node, *_):
            used.add(f"schema.{node.operation.value}")

        def enter_field(self, node, *_):
            parent = info.get_parent_type()
            if parent is not None:
                used.add(parent.name)
                used.add(f"{parent.name}.{node.name.value}")
                if is_abstract_type(parent):  # selected through an interface or union
                    for possible in schema.get_possible_types(parent):
                        used.add(f"{possible.name}.{node.name.value}")
            field_type = info.get_type()
            if field_type is not None:
                named = get_named_type(field_type).name
                used.update((named, f"{named}#out"))  # received

        def enter_argument(self, node, _key, _parent, _path, ancestors):
            owner = ancestors[-1] if ancestors else None
            directive = info.get_directive()
            if directive is not None:
                used.add(f"@{directive.name}({node.name.value}:)")
            elif isinstance(owner, gast.FieldNode) and info.get_parent_type() is not None:
                used.add(f"{info.get_parent_type().name}.{owner.name.value}({node.name.value}:)")

        def enter_object_field(self, node, *_):
            parent = info.get_parent_input_type()
            if parent is not None:
                named = get_named_type(parent)
                used.add(named.name)
                used.add(f"{named.name}.{node.name.value}")

        def enter_enum_value(self, node, *_):
            input_type = info.get_input_type()
            if input_type is not None:
                named = get_named_type(input_type)
                used.update((named.name, f"{named.name}#in", f"{named.name}.{node.value}"))

        def enter_named_type(self, node, *_):
            # Type conditions and variable types; a variable's type is sent.
            used.update((node.name.value, f"{node.name.value}#in"))

        def enter_directive(self, node, *_):
            used.add(f"@{node.name.value}")

    visit(operation.document, TypeInfoVisitor(info, Collector()))
    _input_closure(schema, used)
    return used


def _input_closure(schema: GraphQLSchema, used: set[str]) -> None:
    """A variable of an input type carries everything inside it: nested input types too."""
    stack = [name for name in used if name.isidentifier()]
    seen: set[str] = set()
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        named = schema.get_type(name)
        if isinstance(named, GraphQLInputObjectType):
            for field_name, input_field in named.fields.items():
                inner = get_named_type(input_field.type).name
                used.update((f"{name}.{field_name}", inner, f"{inner}#in"))
                stack.append(inner)


def _touch_keys(finding: Finding) -> list[str]:
    """The coordinates whose use means an operation is touched by ``finding``."""
    coordinate = str(finding.info.get("coordinate") or "")
    kind = finding.kind.removeprefix("graphql.")
    head = coordinate.split(".", 1)[0].split("(", 1)[0]
    if kind == "enum-value.added":
        return [f"{head}#out"]  # a new value can only surprise whoever receives the enum
    if kind == "enum-value.removed":
        return [f"{head}#in"]  # whoever may send it
    if kind.startswith(
        ("type.", "union-member.", "enum-value.", "input-field.", "input-type.", "scalar.")
    ):
        return [head]
    if kind.startswith("interface."):
        return [head, coordinate.rsplit(".", 1)[-1]]
    if kind.startswith("field."):
        return [coordinate]
    if kind.startswith("argument."):
        base = coordinate.removesuffix(".default")
        field_coordinate = base.split("(", 1)[0]
        if kind in (
            "argument.added",
            "argument.became-required",
            "argument.default-value-removed",
            "argument.default-value-changed",
        ):
            return [field_coordinate]  # the new or changed argument is not written yet
        return [base]
    if kind.startswith(("directive", "directive-argument")):
        return [coordinate.split("(", 1)[0].split(".", 1)[0]]
    if kind.startswith("schema."):
        return [f"schema.{finding.info.get('root', '')}"]
    return [coordinate]


# Type-system rules whose breach leaves nothing to validate an operation against.
_FATAL = ("root type must be provided", "must be Object type")


def _queryable(schema: GraphQLSchema, side: str) -> None:
    """Let graphql-core validate operations against a schema that real servers serve.

    graphql-core's ``validate`` refuses a schema that breaks any type-system rule, even one
    that changes nothing an operation may select: GitHub's public schema has implementation
    fields deprecated where their interface's are not. Those are tolerated (the schema's
    errors are recorded as checked); a schema with no query root type cannot be queried, and
    is an input error.
    """
    errors = validate_schema(schema)
    fatal = [e for e in errors if any(text in e.message for text in _FATAL)]
    if fatal:
        raise InputError(f"cannot validate operations against {side}: {fatal[0].message}")
    schema._validation_errors = []  # graphql-core caches this very check here


def check_operations(
    findings: list[Finding], operations: list[ClientOperation], old: Contract, new: Contract
) -> list[Finding]:
    """The GraphQL family's ``--operations`` hook (see the registry)."""
    return annotate(tuple(findings), operations, old.body.native, new.body.native)


def annotate(
    findings: tuple[Finding, ...],
    operations: list[ClientOperation],
    old: GraphQLSchema,
    new: GraphQLSchema,
) -> list[Finding]:
    """Findings with their users listed, unused breaking ones marked; broken operations added."""
    broken: list[Finding] = []
    _queryable(old, "OLD")
    _queryable(new, "NEW")
    for operation in operations:
        errors = validate(old, operation.document)
        if errors:
            raise InputError(
                f"operation {operation.name} does not validate against OLD: {_reasons(errors)}",
                file=operation.file,
                line=operation.line,
                column=operation.column,
            )
        operation.used = _collect(operation, old)
        errors = validate(new, operation.document)
        if errors:
            broken.append(_broken(operation, errors))
    out = []
    for finding in findings:
        if finding.severity is Severity.SAFE or not finding.kind.startswith("graphql."):
            out.append(finding)
            continue
        keys = _touch_keys(finding)
        users = [op.label for op in operations if any(k in op.used for k in keys)]
        info = {**finding.info, "used_by": users}
        if not users and finding.severity is Severity.BREAKING:
            info["unused"] = True
        out.append(replace(finding, info=info))
    return out + broken


def _broken(operation: ClientOperation, errors: list[GraphQLError]) -> Finding:
    rule = RULES["client-operation-broken"]
    change = Change(
        kind="graphql.operation.broken",
        where=f"operation `{operation.name}`",
        path=("operations", operation.file, operation.name),
        operation=f"operation {operation.name}",
        display=f"operation `{operation.name}`",
        direction=Direction.REQUEST,
        new_loc=Location(
            operation.file,
            f"operation {operation.name}",
            lambda _pointer, op=operation: (op.line, op.column),
        ),
        info={
            "reasons": _reasons(errors),
            "used_by": [operation.label],
            "operations": [f"operation `{operation.name}`"],
        },
    )
    assert rule.claims(change)
    return finding_for(change)
