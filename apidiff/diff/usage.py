"""Client operations against both schemas: an operation that validates against OLD and
not against NEW is a change of its own (``graphql.operation.broken``), found before
classification like every other change; what each operation relies on is recorded for the
judgement stage (``judge.usage``).

Each operation is validated with graphql-core's validator against OLD (one that fails there
is an input error: the inputs disagree) and against NEW, with the validator's reasons.
"""

from __future__ import annotations

from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_abstract_type,
    validate,
    visit,
)
from graphql.language import ast as gast
from graphql.type import validate_schema

from ..errors import InputError
from ..model import Contract, Direction, Location
from ..model.graphql import ClientOperation
from .change import Change

__all__ = ["broken_operations"]


def broken_operations(
    operations: list[ClientOperation], old: Contract, new: Contract
) -> list[Change]:
    """The operations that no longer validate, as changes; ``used`` filled on each."""
    old_schema, new_schema = old.body.graphql_schema(), new.body.graphql_schema()
    _queryable(old_schema, "OLD")
    _queryable(new_schema, "NEW")
    broken: list[Change] = []
    for operation in operations:
        errors = validate(old_schema, operation.document)
        if errors:
            raise InputError(
                f"operation {operation.name} does not validate against OLD: {_reasons(errors)}",
                file=operation.file,
                line=operation.line,
                column=operation.column,
            )
        operation.used = _collect(operation, old_schema)
        errors = validate(new_schema, operation.document)
        if errors:
            broken.append(_broken(operation, errors))
    return broken


def _broken(operation: ClientOperation, errors: list[GraphQLError]) -> Change:
    return Change(
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
