"""Client operations against both schemas: an operation that validates against OLD and
not against NEW is a change of its own (``graphql.operation.broken``), found before
classification like every other change; what each operation relies on is recorded for the
judgement stage (``judge.usage``).

Each operation is validated with graphql-core's validator against OLD (one that fails there
is an input error: the inputs disagree) and against NEW, with the validator's reasons. All of
a client's operations are first validated together, once per schema (``_Batch``); only those
the batch's errors point into are validated on their own.
"""

from __future__ import annotations

import bisect
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    is_abstract_type,
    specified_rules,
    validate,
    visit,
)
from graphql.language import ast as gast
from graphql.type import validate_schema
from graphql.validation import (
    LoneAnonymousOperationRule,
    NoUnusedFragmentsRule,
    UniqueOperationNamesRule,
)

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
    batch = _Batch(operations)
    suspects = batch.suspects(old_schema)
    for index, operation in enumerate(operations):
        if suspects is not None and index not in suspects:
            continue
        errors = validate(old_schema, operation.document)
        if errors:
            raise InputError(
                f"operation {operation.name} does not validate against OLD: {_reasons(errors)}",
                file=operation.file,
                line=operation.line,
                column=operation.column,
            )
    batch.collect(old_schema)
    suspects = batch.suspects(new_schema)
    for index, operation in enumerate(operations):
        if suspects is not None and index not in suspects:
            continue
        errors = validate(new_schema, operation.document)
        if errors:
            broken.append(_broken(operation, errors))
    return broken


# Rules about a document as a whole, which the batch of every operation breaks on purpose
# (several operations, fragments only some use); each operation's own document keeps them.
_WHOLE_DOCUMENT = (LoneAnonymousOperationRule, NoUnusedFragmentsRule, UniqueOperationNamesRule)
_PER_OPERATION = tuple(rule for rule in specified_rules if rule not in _WHOLE_DOCUMENT)


class _Batch:
    """Every operation and fragment of a client in one document, validated once: an
    operation's own validation (its document: it and the fragments it uses) costs most of
    its time in setting up the validator, and a client may have thousands. The batch finds
    the operations that may fail (an error inside one, or inside a fragment it uses); only
    those are validated on their own, for the exact errors and their order."""

    def __init__(self, operations: list[ClientOperation]) -> None:
        self.operations = operations
        fragments: dict[str, gast.FragmentDefinitionNode] = {}
        self.users: dict[str, set[int]] = {}  # fragment -> operations using it, transitively
        for index, operation in enumerate(operations):
            for fragment in operation.document.definitions[1:]:
                fragments.setdefault(fragment.name.value, fragment)
                self.users.setdefault(fragment.name.value, set()).add(index)
        definitions = [op.document.definitions[0] for op in operations]
        self.document = gast.DocumentNode(definitions=(*definitions, *fragments.values()))
        # Where each definition lies: source -> sorted (start, end, operation index or name).
        spans: dict[int, list[tuple[int, int, int | str]]] = {}
        # Each definition of the batch: its operation's index, or its fragment's name.
        self.keys: list[int | str] = [*range(len(operations)), *fragments]
        for definition, key in zip(self.document.definitions, self.keys, strict=True):
            loc = definition.loc
            if loc is not None:
                spans.setdefault(id(loc.source), []).append((loc.start, loc.end, key))
        self.spans = {
            source: sorted(found, key=lambda item: item[:2]) for source, found in spans.items()
        }
        self.starts = {
            source: [start for start, _, _ in found] for source, found in self.spans.items()
        }
        self.fragments = fragments

    def suspects(self, schema: GraphQLSchema) -> set[int] | None:
        """The operations the batch's errors point into (None: an error it cannot place,
        so every operation is validated on its own)."""
        limit = 100 * (len(self.operations) + len(self.fragments)) + 100
        errors = validate(schema, self.document, _PER_OPERATION, max_errors=limit)
        found: set[int] = set()
        for error in errors:
            places = [self._place(node) for node in error.nodes or ()]
            if not places or None in places:
                return None
            for place in places:
                found.update((place,) if isinstance(place, int) else self.users.get(place, ()))
        return found

    def _place(self, node: Any) -> int | str | None:
        """The operation (index) or fragment (name) whose text holds ``node``."""
        loc = getattr(node, "loc", None)
        if loc is None:
            return None
        spans = self.spans.get(id(loc.source))
        if spans is None:
            return None
        at = bisect.bisect_right(self.starts[id(loc.source)], loc.start) - 1
        if at < 0 or not spans[at][0] <= loc.start < max(spans[at][1], spans[at][0] + 1):
            return None
        return spans[at][2]

    def collect(self, schema: GraphQLSchema) -> None:
        """``used`` of every operation: one walk of the batch; a fragment's coordinates go
        to every operation that uses it."""
        own: dict[int | str, set[str]] = {}
        info = TypeInfo(schema)
        for definition, key in zip(self.document.definitions, self.keys, strict=True):
            used: set[str] = set()
            visit(definition, TypeInfoVisitor(info, _Collector(info, schema, used)))
            own[key] = used
        for index, operation in enumerate(self.operations):
            used = set(own[index])
            for fragment in operation.document.definitions[1:]:
                used |= own[fragment.name.value]
            _input_closure(schema, used)
            operation.used = used


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


class _Collector(Visitor):
    """Adds to ``used`` what the visited operation or fragment relies on (``info`` is the
    ``TypeInfo`` the walk keeps)."""

    def __init__(self, info: TypeInfo, schema: GraphQLSchema, used: set[str]) -> None:
        super().__init__()
        self.info, self.schema, self.used = info, schema, used

    def enter_operation_definition(self, node, *_):
        self.used.add(f"schema.{node.operation.value}")

    def enter_field(self, node, *_):
        info, used = self.info, self.used
        parent = info.get_parent_type()
        if parent is not None:
            used.add(parent.name)
            used.add(f"{parent.name}.{node.name.value}")
            if is_abstract_type(parent):  # selected through an interface or union
                for possible in self.schema.get_possible_types(parent):
                    used.add(f"{possible.name}.{node.name.value}")
        field_type = info.get_type()
        if field_type is not None:
            named = get_named_type(field_type).name
            used.update((named, f"{named}#out"))  # received

    def enter_argument(self, node, _key, _parent, _path, ancestors):
        info = self.info
        owner = ancestors[-1] if ancestors else None
        directive = info.get_directive()
        if directive is not None:
            self.used.add(f"@{directive.name}({node.name.value}:)")
        elif isinstance(owner, gast.FieldNode) and info.get_parent_type() is not None:
            self.used.add(f"{info.get_parent_type().name}.{owner.name.value}({node.name.value}:)")

    def enter_object_field(self, node, *_):
        parent = self.info.get_parent_input_type()
        if parent is not None:
            named = get_named_type(parent)
            self.used.add(named.name)
            self.used.add(f"{named.name}.{node.name.value}")

    def enter_enum_value(self, node, *_):
        input_type = self.info.get_input_type()
        if input_type is not None:
            named = get_named_type(input_type)
            self.used.update((named.name, f"{named.name}#in", f"{named.name}.{node.value}"))

    def enter_named_type(self, node, *_):
        # Type conditions and variable types; a variable's type is sent.
        self.used.update((node.name.value, f"{node.name.value}#in"))

    def enter_directive(self, node, *_):
        self.used.add(f"@{node.name.value}")


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
