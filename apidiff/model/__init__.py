"""The common model every format loads into and every later stage reads.

Nodes are plain dataclasses with slots. They are built once by a format loader and never
changed afterwards; ``Schema`` is the one node that is filled in after creation, because
recursive schemas need the object to exist before its children point back at it. Schema
nodes compare by identity (``eq=False``): structural comparison is the diff engine's job,
and identity lets the engine memoize pairs of nodes.

The format-specific parts (``Contract.body``) are in ``model.graphql``, ``model.protobuf``
and ``model.asyncapi``, imported by their formats: a run of one format does not build the
other formats' classes (each dataclass costs about half a millisecond to create, and
start-up is most of a small comparison). Their names are still found here, on first use.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from ..frozen import fast_init

__all__ = [
    "MISSING",
    "Body",
    "Contract",
    "Direction",
    "Guidance",
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
    "sunset_date",
]


class _Missing:
    """Marks a keyword that is absent (``None`` is a legitimate JSON value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __reduce__(self) -> str:
        return "MISSING"  # unpickled (the load cache) as the one MISSING, which ``is`` tests


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


def sunset_date(value: Any) -> _dt.date | None:
    """The day an ``x-sunset`` names: an ISO 8601 date (``2026-06-30``), an RFC 3339
    timestamp, or an HTTP-date as the ``Sunset`` header spells it (RFC 8594); None for
    anything else. One reading for every stage: a value that is not a date must never pass
    for one (a sunset "extended" to ``TBD``)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 64:
        return None
    text = value.strip()
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return _dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    import email.utils  # the RFC 8594 form only: email's 9 ms import is rarely needed

    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


PositionResolver = Callable[[str], "tuple[int, int] | None"]


@fast_init
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


# A migration note quotes at most this many allowed values; the rest are counted.
GUIDANCE_VALUES = 50


@fast_init
@dataclass(frozen=True, slots=True)
class Guidance:
    """What a migration note needs beyond OLD and NEW's values, found by the comparison
    that saw both sides (a report never re-reads a document to say what to send).

    ``type``, ``format`` and ``values``: what a new required input takes (its allowed
    values when it is an enum). ``remaining``: the enum values still accepted after some
    were removed. ``replacement``: what the deprecation names instead (``x-replaced-by``,
    "use X instead" in a description, a GraphQL ``@deprecated(reason:)``). ``deprecated``:
    what was removed had been deprecated first. Value lists are capped at
    ``GUIDANCE_VALUES``; ``more`` counts what was left out.
    """

    type: str | None = None
    format: str | None = None
    values: tuple[Any, ...] | None = None
    remaining: tuple[Any, ...] | None = None
    more: int = 0
    replacement: str | None = None
    deprecated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The set fields only, in a fixed order (the JSON reports)."""
        out: dict[str, Any] = {}
        for key in ("type", "format", "values", "remaining", "replacement"):
            value = getattr(self, key)
            if value is not None:
                out[key] = list(value) if isinstance(value, tuple) else value
        if self.more:
            out["more_values"] = self.more
        if self.deprecated:
            out["deprecated_before_removal"] = True
        return out


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
    # The names generators give the enum's values (``x-enum-varnames``, ``x-enumNames``),
    # paired with them by position: (canonical value, name), sorted. Not on the wire.
    enum_names: tuple[tuple[str, str], ...] = ()
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
    example_value: Any = None  # the example(s) as written, for reports (never compared)
    discriminator: str | None = None
    discriminator_mapping: dict[str, str] = field(default_factory=dict)
    extensible_enum: bool = False  # x-extensible-enum: clients must expect unknown values
    # Every 2020-12 applicator and annotation below also keeps its canonical JSON in
    # ``other`` (what alike and shape compare); ``other`` alone carries the rest (``not``,
    # draft-7 ``dependencies``), so a change there is still seen.
    other: dict[str, str] = field(default_factory=dict)
    const: bool = False  # the enum is a ``const`` (one value) as written
    # Subschemas of 2020-12 keywords, by keyword: ``contains``, ``if``, ``then``, ``else``,
    # ``propertyNames``, ``unevaluatedProperties``, ``unevaluatedItems``, ``contentSchema``,
    # ``dependentSchemas/<name>``, ``patternProperties/<regex>``.
    keywords: dict[str, Schema] = field(default_factory=dict)
    min_contains: int | None = None  # 1 (the default beside ``contains``) is None
    max_contains: int | None = None
    dependent_required: dict[str, frozenset[str]] = field(default_factory=dict)
    content_media_type: str | None = None
    content_encoding: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)  # x-* values as written
    # GraphQL: the named type this shape is (``User``), for messages; kind for type changes.
    graphql_kind: str | None = None
    # Names of components folded into this node by allOf (they are in use where it is).
    merged_from: frozenset[str] | set[str] = frozenset()
    # The allOf members as written, before folding: the composition generated code mirrors
    # (a node that only wraps one component, ``allOf: [$ref: X]``, has X's).
    all_of: tuple[Schema, ...] = ()

    def __repr__(self) -> str:  # recursive schemas must not recurse in repr
        what = self.name or (",".join(sorted(self.types)) if self.types else "any")
        return f"<Schema {what} at {self.location.pointer}>"


@fast_init
@dataclass(frozen=True, slots=True)
class MediaType:
    """One entry of a ``content`` map: the media type's schema."""

    media_type: str  # normalized: lower case, parameters sorted
    schema: Schema | None
    location: Location
    example: str | None = None
    example_value: Any = None  # as written, for reports
    # ``encoding``'s ``contentType`` by property name (sorted): the media type a part (or
    # a form field) is written in when it is not the default (``text/plain`` for a value).
    encoding: tuple[tuple[str, str], ...] = ()
    # How form fields are written, by property name (sorted): (name, style, explode,
    # allowReserved) with the defaults filled in, for each field an ``encoding`` entry (or a
    # Swagger 2.0 array's ``collectionFormat``) says it of; any other field is written as
    # ``style: form, explode: true``.
    serialization: tuple[tuple[str, str, bool, bool], ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class Parameter:
    """A request parameter, keyed by ``(in, name)``; path parameters by position."""

    name: str
    in_: str  # path | query | header | cookie (GraphQL arguments: "argument")
    required: bool
    schema: Schema | None
    location: Location
    deprecated: bool = False
    sunset: str | None = None  # x-sunset as written (``sunset_date`` reads it)
    style: str | None = None
    explode: bool | None = None
    allow_empty_value: bool = False
    allow_reserved: bool = False
    content: dict[str, MediaType] = field(default_factory=dict)
    description: str | None = None
    example: str | None = None
    example_value: Any = None  # as written, for reports
    default: Any = MISSING  # GraphQL argument defaults; OpenAPI keeps defaults in the schema

    @property
    def key(self) -> tuple[str, str]:
        return (self.in_, self.name.lower() if self.in_ == "header" else self.name)


@fast_init
@dataclass(frozen=True, slots=True)
class Header:
    """A response header (names are case-insensitive and stored lower-cased in the map)."""

    name: str
    required: bool
    schema: Schema | None
    location: Location
    deprecated: bool = False
    sunset: str | None = None  # x-sunset as written
    description: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Body:
    """A request body: required flag and its media types."""

    required: bool
    content: dict[str, MediaType]
    location: Location
    description: str | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class Response:
    """One response of an operation, keyed by status (``200``, ``2XX``, ``default``)."""

    status: str
    content: dict[str, MediaType]
    headers: dict[str, Header]
    location: Location
    description: str | None = None


@fast_init
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


@fast_init
@dataclass(frozen=True, slots=True)
class Server:
    url: str  # variables blanked for matching: https://{}.example.com
    display: str
    location: Location
    variables: dict[str, tuple[str | None, frozenset[str] | None]] = field(default_factory=dict)


@fast_init
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


# The format-specific classes, by the module that defines them: the one list of their names
# (``from apidiff.model import GqlSchema`` still works: the module is imported on that first
# use).
_ELSEWHERE = {
    **dict.fromkeys(
        (
            "ClientOperation",
            "GqlArgument",
            "GqlDirective",
            "GqlEnumValue",
            "GqlField",
            "GqlSchema",
            "GqlType",
        ),
        ".graphql",
    ),
    **dict.fromkeys(
        (
            "ProtoEnum",
            "ProtoEnumValue",
            "ProtoField",
            "ProtoFile",
            "ProtoHttpRule",
            "ProtoMapEntry",
            "ProtoMessage",
            "ProtoMethod",
            "ProtoOneof",
            "ProtoOperationInfo",
            "ProtoReserved",
            "ProtoSchema",
            "ProtoService",
        ),
        ".protobuf",
    ),
    **dict.fromkeys(
        (
            "AsyncAPI",
            "AsyncBinding",
            "AsyncChannel",
            "AsyncMessage",
            "AsyncOperation",
            "AsyncParameter",
            "AsyncReply",
            "AsyncServer",
            "AvroField",
            "AvroType",
            "OpaqueSchema",
            "Payload",
        ),
        ".asyncapi",
    ),
}


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module, __name__), name)
