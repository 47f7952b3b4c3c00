"""The common model every format loads into and every later stage reads.

Nodes are plain dataclasses with slots. They are built once by a format loader and never
changed afterwards; ``Schema`` is the one node that is filled in after creation, because
recursive schemas need the object to exist before its children point back at it. Schema
nodes compare by identity (``eq=False``): structural comparison is the diff engine's job,
and identity lets the engine memoize pairs of nodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "MISSING",
    "Body",
    "ClientOperation",
    "Contract",
    "Direction",
    "GqlArgument",
    "GqlDirective",
    "GqlEnumValue",
    "GqlField",
    "GqlSchema",
    "GqlType",
    "Header",
    "Location",
    "MediaType",
    "Operation",
    "Parameter",
    "Response",
    "Schema",
    "SecurityScheme",
    "Server",
    "Stability",
]


class _Missing:
    """Marks a keyword that is absent (``None`` is a legitimate JSON value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class Direction(StrEnum):
    """Which way data flows, seen from the consumer of the contract."""

    REQUEST = "request"  # what the client sends
    RESPONSE = "response"  # what the client receives

    def reversed(self) -> Direction:
        return Direction.RESPONSE if self is Direction.REQUEST else Direction.REQUEST


class Stability(StrEnum):
    """``x-stability-level`` (and a Protobuf package's ``v1beta1``): what a consumer may rely
    on, lowest first. The one ranking every stage uses; none, or a word not listed, counts
    as ``stable``."""

    DRAFT = "draft"
    ALPHA = "alpha"
    BETA = "beta"
    STABLE = "stable"

    @property
    def rank(self) -> int:
        return _STABILITY_ORDER.index(self)

    @classmethod
    def of(cls, value: Any) -> Stability:
        """The level ``value`` names (case-insensitive), ``stable`` for anything else."""
        if isinstance(value, str):
            try:
                return cls(value.lower())
            except ValueError:
                pass
        return cls.STABLE

    @classmethod
    def known(cls, value: Any) -> bool:
        return isinstance(value, str) and value.lower() in cls._value2member_map_


_STABILITY_ORDER = (Stability.DRAFT, Stability.ALPHA, Stability.BETA, Stability.STABLE)


PositionResolver = Callable[[str], "tuple[int, int] | None"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a node was defined: file, JSON pointer, and (lazily) line and column."""

    file: str
    pointer: str
    resolver: PositionResolver | None = field(default=None, compare=False, repr=False)

    @property
    def position(self) -> tuple[int, int] | None:
        if self.resolver is None:
            return None
        return self.resolver(self.pointer)

    @property
    def line(self) -> int | None:
        pos = self.position
        return pos[0] if pos else None

    @property
    def column(self) -> int | None:
        pos = self.position
        return pos[1] if pos else None

    def child(self, *tokens: str | int) -> Location:
        """The location of a key below this one (the pointer extended, escaped)."""
        pointer = self.pointer
        for token in tokens:
            pointer += "/" + str(token).replace("~", "~0").replace("/", "~1")
        return Location(self.file, pointer, self.resolver)

    def to_dict(self) -> dict[str, Any]:
        pos = self.position
        return {
            "file": self.file,
            "pointer": self.pointer,
            "line": pos[0] if pos else None,
            "column": pos[1] if pos else None,
        }


@dataclass(slots=True, eq=False)
class Schema:
    """One structural schema shape shared by OpenAPI, Swagger and GraphQL.

    ``types`` is ``None`` for "any type"; null is never in ``types`` but in ``nullable``.
    ``enum`` holds canonical JSON strings of the allowed values (``const`` is an enum of one).
    ``additional`` is ``True`` (open object, the JSON Schema default), ``False`` (closed) or
    a schema for the extra values. ``any_of``/``one_of`` are alternatives with order
    ignored by the diff. Bounds are normalized: ``maximum``/``minimum`` always numbers with
    an ``exclusive_*`` flag beside them, whatever spelling the source used.
    """

    location: Location
    name: str | None = None  # component name, when the schema came from a named definition
    types: frozenset[str] | None = None
    nullable: bool = False
    format: str | None = None
    enum: frozenset[str] | None = None
    enum_values: tuple[Any, ...] = ()  # the original values, for messages
    properties: dict[str, Schema] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    additional: Schema | bool = True
    items: Schema | None = None
    prefix_items: tuple[Schema, ...] = ()
    one_of: tuple[Schema, ...] = ()
    any_of: tuple[Schema, ...] = ()
    not_: Schema | None = None
    maximum: float | int | None = None
    exclusive_maximum: bool = False
    minimum: float | int | None = None
    exclusive_minimum: bool = False
    multiple_of: float | int | None = None
    max_length: int | None = None
    min_length: int | None = None
    pattern: str | None = None
    max_items: int | None = None
    min_items: int | None = None
    unique_items: bool = False
    max_properties: int | None = None
    min_properties: int | None = None
    default: Any = MISSING
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    title: str | None = None
    description: str | None = None
    example: str | None = None  # canonical JSON of example(s), compared only as documentation
    discriminator: str | None = None
    discriminator_mapping: dict[str, str] = field(default_factory=dict)
    extensible_enum: bool = False  # x-extensible-enum: clients must expect unknown values
    # Keywords with no structural meaning above (if/then/else, patternProperties, ...) as
    # canonical JSON, so a change is still seen.
    other: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, Any] = field(default_factory=dict)  # x-* values as written
    # GraphQL: the named type this shape is (``User``), for messages; kind for type changes.
    graphql_kind: str | None = None
    # Names of components folded into this node by allOf (they are in use where it is).
    merged_from: frozenset[str] | set[str] = frozenset()

    def __repr__(self) -> str:  # recursive schemas must not recurse in repr
        what = self.name or (",".join(sorted(self.types)) if self.types else "any")
        return f"<Schema {what} at {self.location.pointer}>"


@dataclass(frozen=True, slots=True)
class MediaType:
    """One entry of a ``content`` map: the media type's schema."""

    media_type: str  # normalized: lower case, parameters sorted
    schema: Schema | None
    location: Location
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Parameter:
    """A request parameter, keyed by ``(in, name)``; path parameters by position."""

    name: str
    in_: str  # path | query | header | cookie (GraphQL arguments: "argument")
    required: bool
    schema: Schema | None
    location: Location
    deprecated: bool = False
    style: str | None = None
    explode: bool | None = None
    allow_empty_value: bool = False
    allow_reserved: bool = False
    content: dict[str, MediaType] = field(default_factory=dict)
    description: str | None = None
    example: str | None = None
    default: Any = MISSING  # GraphQL argument defaults; OpenAPI keeps defaults in the schema

    @property
    def key(self) -> tuple[str, str]:
        return (self.in_, self.name.lower() if self.in_ == "header" else self.name)


@dataclass(frozen=True, slots=True)
class Header:
    """A response header (names are case-insensitive and stored lower-cased in the map)."""

    name: str
    required: bool
    schema: Schema | None
    location: Location
    deprecated: bool = False
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Body:
    """A request body: required flag and its media types."""

    required: bool
    content: dict[str, MediaType]
    location: Location
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Response:
    """One response of an operation, keyed by status (``200``, ``2XX``, ``default``)."""

    status: str
    content: dict[str, MediaType]
    headers: dict[str, Header]
    location: Location
    description: str | None = None


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    """A named security scheme; ``details`` are the fields a client must follow."""

    name: str
    type: str
    location: Location
    details: dict[str, str] = field(default_factory=dict)
    scopes: frozenset[str] = frozenset()  # every scope the scheme's flows define


# One alternative of a security requirement: scheme name -> required scopes.
SecurityRequirement = frozenset[tuple[str, frozenset[str]]]


@dataclass(frozen=True, slots=True)
class Server:
    url: str  # variables blanked for matching: https://{}.example.com
    display: str
    location: Location
    variables: dict[str, tuple[str | None, frozenset[str] | None]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: ``GET /pets/{}``, a webhook, a callback, or a GraphQL root field.

    ``key`` pairs operations across versions (path parameter names blanked); ``display`` is
    what reports show. ``reversed`` is true for webhooks and callbacks, where the API sends
    the request and the consumer answers: their request bodies are judged as responses.
    """

    key: str
    display: str
    method: str
    path: str
    location: Location
    kind: str = "operation"  # operation | webhook | callback | query | mutation | subscription
    reversed: bool = False
    operation_id: str | None = None
    summary: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    deprecated: bool = False
    sunset: str | None = None  # ISO date from x-sunset
    deprecated_since: str | None = None
    stability: str | None = None  # x-stability-level
    parameters: dict[tuple[str, str], Parameter] = field(default_factory=dict)
    request_body: Body | None = None
    responses: dict[str, Response] = field(default_factory=dict)
    security: tuple[SecurityRequirement, ...] | None = None  # None: no requirement declared
    servers: tuple[Server, ...] = ()
    extensions: dict[str, Any] = field(default_factory=dict)  # x-* values as written
    parent: str | None = None  # a callback's operation key


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


@dataclass(slots=True)
class Contract:
    """A whole contract in the common model: an index of operations (every format's: HTTP
    operations, GraphQL root fields, ...), the named schemas, security schemes and servers,
    plus ``body``, the format-specific part its own comparison walks (``GqlSchema`` for
    GraphQL; None where the common model holds everything, as for OpenAPI)."""

    source: str
    format: str  # the dialect its format produces (registry.Format.dialects)
    version: str | None  # info.version, when declared
    location: Location
    title: str | None = None
    operations: dict[str, Operation] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)  # named components / types
    security_schemes: dict[str, SecurityScheme] = field(default_factory=dict)
    servers: tuple[Server, ...] = ()
    body: Any = None
    warnings: list[str] = field(default_factory=list)
