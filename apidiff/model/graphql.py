"""GraphQL's part of the common model: ``Contract.body`` of a GraphQL contract (its root
fields are also ``Contract.operations``), and a client's operations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import Location


@dataclass(slots=True)
class GqlArgument:
    """A GraphQL argument or input field: its type reference is the printed type (``[ID!]!``)."""

    name: str
    type: str
    location: Location
    description: str | None = None
    default: str | None = None  # the default value printed as GraphQL, None when there is none
    default_key: str | None = None  # what defaults are compared by: the coerced value
    default_literal: str | None = None  # the default printed with object fields sorted
    deprecated: bool = False
    deprecation_reason: str | None = None
    directives: tuple[str, ...] = ()  # applied directives, printed (`@tag(name: "x")`)


@dataclass(slots=True)
class GqlField:
    """A field of an object or interface type."""

    name: str
    type: str
    location: Location
    description: str | None = None
    deprecated: bool = False
    deprecation_reason: str | None = None
    args: dict[str, GqlArgument] = field(default_factory=dict)
    directives: tuple[str, ...] = ()


@dataclass(slots=True)
class GqlEnumValue:
    name: str
    location: Location
    description: str | None = None
    deprecated: bool = False
    deprecation_reason: str | None = None
    directives: tuple[str, ...] = ()


@dataclass(slots=True)
class GqlType:
    """A named GraphQL type. ``kind`` is OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT or SCALAR."""

    name: str
    kind: str
    location: Location
    description: str | None = None
    fields: dict[str, GqlField] = field(default_factory=dict)  # object, interface
    input_fields: dict[str, GqlArgument] = field(default_factory=dict)  # input object
    interfaces: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # union
    values: dict[str, GqlEnumValue] = field(default_factory=dict)  # enum
    specified_by: str | None = None  # scalar
    one_of: bool = False  # input object marked @oneOf
    directives: tuple[str, ...] = ()


@dataclass(slots=True)
class GqlDirective:
    name: str
    location: Location
    locations: frozenset[str]
    repeatable: bool = False
    description: str | None = None
    args: dict[str, GqlArgument] = field(default_factory=dict)


@dataclass(slots=True)
class GqlSchema:
    """The parts of a GraphQL schema the common model has no shape for (kinds, interfaces,
    directives); root fields are also ``Contract.operations``."""

    types: dict[str, GqlType] = field(default_factory=dict)
    directives: dict[str, GqlDirective] = field(default_factory=dict)
    roots: dict[str, str | None] = field(default_factory=dict)  # query/mutation/subscription
    native: Any = None  # graphql-core's schema object, to validate client operations against
    applied_directives: bool = True  # False for introspection, which does not carry them
    applied: tuple[str, ...] = ()  # directives applied to the schema itself (`extend schema @link`)
    applied_at: Location | None = None  # where the first of them is written
    # The SDL read (``Source``s), and the function that builds ``native`` from it when a run
    # needs it (``--operations``): most loads never build graphql-core's schema.
    sdl: tuple = ()
    build_native: Callable[[tuple], Any] | None = None

    def graphql_schema(self) -> Any:
        """graphql-core's schema, built the first time it is asked for."""
        if self.native is None and self.build_native is not None:
            self.native = self.build_native(self.sdl)
        return self.native


@dataclass(slots=True)
class ClientOperation:
    """One operation of a client (GraphQL ``--operations``) with the fragments it uses."""

    name: str
    file: str
    line: int
    column: int
    document: Any  # graphql-core's DocumentNode: the operation and the fragments it uses
    used: set[str] = field(default_factory=set)  # schema coordinates it relies on

    @property
    def label(self) -> str:
        return f"{self.name} ({self.file}:{self.line})"
