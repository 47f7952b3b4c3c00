"""The common model every format loads into and every later stage reads.

Nodes are plain dataclasses with slots. They are built once by a format loader and never
changed afterwards; ``Schema`` is the one node that is filled in after creation, because
recursive schemas need the object to exist before its children point back at it. Schema
nodes compare by identity (``eq=False``): structural comparison is the diff engine's job,
and identity lets the engine memoize pairs of nodes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "MISSING",
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
    "Guidance",
    "Header",
    "Location",
    "MediaType",
    "OpaqueSchema",
    "Operation",
    "Parameter",
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


@dataclass(frozen=True, slots=True)
class MediaType:
    """One entry of a ``content`` map: the media type's schema."""

    media_type: str  # normalized: lower case, parameters sorted
    schema: Schema | None
    location: Location
    example: str | None = None
    example_value: Any = None  # as written, for reports


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


# -- Protobuf ----------------------------------------------------------------------------------
# What ``formats.protobuf`` loads from a FileDescriptorSet (compiled by protoc, or given).
# Names are full names without the leading dot (``google.storage.v2.Bucket``); a node's
# ``Location`` has the file's name and, as pointer, the element's full name (a field
# ``pkg.Msg.field``, an enum value ``pkg.Enum.VALUE``, an RPC ``pkg.Service.Method``, a file
# option ``path/to/file.proto#java_package``); line and column come from the file's
# source_code_info. Everything here is built once by the loader and never changed.


@dataclass(frozen=True, slots=True)
class ProtoHttpRule:
    """A ``google.api.http`` binding (REST transcoding): verb, path template, body."""

    method: str  # get | put | post | delete | patch, or a custom verb's kind
    path: str
    body: str = ""
    response_body: str = ""
    additional_bindings: tuple[ProtoHttpRule, ...] = ()
    custom: bool = False  # ``custom: {kind: ..., path: ...}``


@dataclass(frozen=True, slots=True)
class ProtoOperationInfo:
    """``google.longrunning.operation_info``: what a long-running operation resolves to, as
    written (a name relative to the method's package, or a full name)."""

    response_type: str = ""
    metadata_type: str = ""


@dataclass(frozen=True, slots=True)
class ProtoMapEntry:
    """A map field's key and value (its synthetic ``...Entry`` message is not shown as one)."""

    key_type: str  # a scalar type name: string, int64, ...
    value_type: str  # a scalar type name, ``message`` or ``enum``
    value_type_name: str | None = None  # the message or enum, for those


@dataclass(frozen=True, slots=True)
class ProtoField:
    """A message field or an extension.

    ``type`` is the protobuf keyword (``int32``, ``string``, ``bytes``, ``message``, ``enum``,
    ``group``); ``type_name`` the full name of a message or enum. ``cardinality`` is
    ``optional``, ``required`` or ``repeated`` (maps are ``repeated`` with ``map`` set).
    ``presence`` is ``explicit`` (has-ers: proto2 optional, proto3 ``optional``, message
    fields, oneof members, editions EXPLICIT), ``implicit`` (proto3 scalars), ``required``
    (proto2 required, editions LEGACY_REQUIRED) or ``none`` (repeated and maps).
    ``proto3_optional``: written ``optional`` in a proto3 file (its synthetic oneof is not
    a ``ProtoOneof``); ``oneof`` names a real oneof only.
    """

    name: str
    full_name: str
    number: int
    json_name: str
    type: str
    location: Location
    type_name: str | None = None
    cardinality: str = "optional"
    presence: str = "explicit"
    proto3_optional: bool = False
    oneof: str | None = None
    default: str | None = None  # as protoc writes it (proto2 / editions ``default = ...``)
    packed: bool = False  # encoded packed (explicitly, or by the syntax's default)
    string_type: str | None = None  # ctype / features.(pb.cpp).string_type: CORD, VIEW, ...
    deprecated: bool = False
    json_name_explicit: bool = False  # ``json_name = ...`` written in the file
    map: ProtoMapEntry | None = None
    field_behavior: tuple[str, ...] = ()  # google.api.field_behavior: REQUIRED, OUTPUT_ONLY ...
    extendee: str | None = None  # for an extension: the message it extends
    lazy: bool = False
    weak: bool = False
    utf8_validation: bool | None = None  # string fields: features.utf8_validation is VERIFY
    jstype: str = "JS_NORMAL"  # FieldOptions.jstype: JS_NORMAL, JS_STRING, JS_NUMBER


@dataclass(frozen=True, slots=True)
class ProtoOneof:
    """A real oneof (not proto3 ``optional``'s synthetic one) and its members' names."""

    name: str
    full_name: str
    fields: tuple[str, ...]
    location: Location


@dataclass(frozen=True, slots=True)
class ProtoReserved:
    """Reserved numbers (``ranges``: inclusive ``(start, end)``) and names of a message or
    enum, and its extension ranges (messages)."""

    ranges: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ProtoMessage:
    name: str
    full_name: str
    file: str  # the import path of the file it is in
    location: Location
    parent: str | None = None  # the message it is nested in
    fields: dict[str, ProtoField] = field(default_factory=dict)  # by name, in file order
    oneofs: dict[str, ProtoOneof] = field(default_factory=dict)
    nested_messages: tuple[str, ...] = ()  # full names (map entries not included)
    nested_enums: tuple[str, ...] = ()
    reserved: ProtoReserved = field(default_factory=ProtoReserved)
    extension_ranges: tuple[tuple[int, int], ...] = ()  # inclusive
    extensions: tuple[str, ...] = ()  # extensions declared inside it (full names)
    deprecated: bool = False
    map_entry: bool = False
    message_set_wire_format: bool = False
    no_standard_descriptor_accessor: bool = False
    # features.json_format in force: ALLOW, or LEGACY_BEST_EFFORT (proto2's default)
    json_format: str = "ALLOW"

    @property
    def by_number(self) -> dict[int, ProtoField]:
        return {f.number: f for f in self.fields.values()}


@dataclass(frozen=True, slots=True)
class ProtoEnumValue:
    name: str
    full_name: str  # ``pkg.Enum.VALUE`` (protobuf scopes it beside the enum; shown in it)
    number: int
    location: Location
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class ProtoEnum:
    """An enum; ``closed`` as proto2 (unknown numbers are unknown fields), else open."""

    name: str
    full_name: str
    file: str
    location: Location
    parent: str | None = None
    values: dict[str, ProtoEnumValue] = field(default_factory=dict)  # by name, in file order
    allow_alias: bool = False
    closed: bool = False
    reserved: ProtoReserved = field(default_factory=ProtoReserved)
    deprecated: bool = False
    json_format: str = "ALLOW"  # as ProtoMessage's

    @property
    def aliases(self) -> dict[int, tuple[str, ...]]:
        """Numbers with more than one name."""
        names: dict[int, list[str]] = {}
        for value in self.values.values():
            names.setdefault(value.number, []).append(value.name)
        return {n: tuple(v) for n, v in names.items() if len(v) > 1}


@dataclass(frozen=True, slots=True)
class ProtoMethod:
    name: str
    full_name: str  # ``pkg.Service.Method``; the gRPC path is ``/pkg.Service/Method``
    input_type: str
    output_type: str
    location: Location
    client_streaming: bool = False
    server_streaming: bool = False
    idempotency_level: str = "IDEMPOTENCY_UNKNOWN"  # NO_SIDE_EFFECTS | IDEMPOTENT
    deprecated: bool = False
    http: ProtoHttpRule | None = None
    operation_info: ProtoOperationInfo | None = None


@dataclass(frozen=True, slots=True)
class ProtoService:
    name: str
    full_name: str
    file: str
    location: Location
    methods: dict[str, ProtoMethod] = field(default_factory=dict)  # by name, in file order
    deprecated: bool = False


@dataclass(frozen=True, slots=True)
class ProtoFile:
    """One ``.proto`` file. ``options`` holds the file options that are set (``java_package``,
    ``go_package``, ``objc_class_prefix``, ``optimize_for``, ...), by their descriptor names.
    ``imported``: not part of the contract, only there because something imports it (the
    well-known types, files from ``--proto-path`` roots, a descriptor set's imports)."""

    name: str  # import path: google/storage/v2/storage.proto
    package: str
    syntax: str  # proto2 | proto3 | editions
    location: Location
    edition: str | None = None  # "2023", "2024" for editions files
    options: dict[str, Any] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    public_dependencies: tuple[str, ...] = ()
    weak_dependencies: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()  # top-level, full names
    enums: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    imported: bool = False
    deprecated: bool = False
    # A digest of the file's compiled descriptor: two sides' files with the same digest (and
    # ``imported``) hold the same elements, so a comparison may share them (and skip them).
    digest: bytes = b""


@dataclass(slots=True)
class ProtoSchema:
    """A Protobuf contract's ``Contract.body``: every file, and every message, enum, service
    and extension by full name (nested ones included); ``packages`` lists each package's
    files. Imported files' elements are here too (a field's type may be one), flagged by
    their file's ``imported``."""

    files: dict[str, ProtoFile] = field(default_factory=dict)
    packages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    messages: dict[str, ProtoMessage] = field(default_factory=dict)
    enums: dict[str, ProtoEnum] = field(default_factory=dict)
    services: dict[str, ProtoService] = field(default_factory=dict)
    extensions: dict[str, ProtoField] = field(default_factory=dict)

    def imported(self, file: str) -> bool:
        found = self.files.get(file)
        return found is not None and found.imported


# == AsyncAPI ================================================================================
# The format-specific part of an AsyncAPI contract (``Contract.body``); the operations are
# also ``Contract.operations``. A 2.x document and its 3.0 migration load into the same
# shapes: 2.x ``subscribe`` is the action ``send`` (the application sends, consumers
# receive), ``publish`` is ``receive``; channels are keyed by address, messages by their
# ``name`` / ``messageId`` / component name. Nodes are frozen except the Avro tree, which
# is filled in after creation for the same reason as ``Schema`` (recursive named types).


@dataclass(slots=True, eq=False)
class AvroField:
    """A field of an Avro record; ``default`` is its canonical JSON, None when it has none."""

    name: str
    type: AvroType
    location: Location
    default: str | None = None
    aliases: frozenset[str] = frozenset()
    order: str = "ascending"
    doc: str | None = None


@dataclass(slots=True, eq=False)
class AvroType:
    """An Avro schema node (``kind``: a primitive, ``record``, ``enum``, ``array``, ``map``,
    ``fixed`` or ``union``). A named type is one node wherever it is used, so a recursive
    record is a cycle; compared by identity, like ``Schema``."""

    kind: str
    location: Location
    name: str | None = None  # the full name (namespace.name) of a named type
    aliases: frozenset[str] = frozenset()  # full names
    doc: str | None = None
    fields: tuple[AvroField, ...] = ()  # record
    symbols: tuple[str, ...] = ()  # enum
    enum_default: str | None = None  # enum
    items: AvroType | None = None  # array
    values: AvroType | None = None  # map
    branches: tuple[AvroType, ...] = ()  # union
    size: int | None = None  # fixed
    logical_type: str | None = None
    precision: int | None = None
    scale: int | None = None

    def __repr__(self) -> str:
        return f"<AvroType {self.name or self.kind} at {self.location.pointer}>"


@dataclass(frozen=True, slots=True)
class OpaqueSchema:
    """A payload in a schema format apidiff does not read (Protobuf, RAML...): its canonical
    text, so that a change is still seen."""

    schema_format: str
    canonical: str
    location: Location


# What a message's payload is: JSON Schema (AsyncAPI, JSON Schema and OpenAPI schema
# formats), Avro, or kept as text.
Payload = Schema | AvroType | OpaqueSchema


@dataclass(frozen=True, slots=True)
class AsyncBinding:
    """One protocol's bindings on a server, channel, operation or message (``kafka``,
    ``amqp``...). ``schemas`` holds the fields whose value is a schema (a Kafka message
    ``key``, an HTTP ``query``); ``values`` every other field as canonical JSON."""

    protocol: str
    location: Location
    values: dict[str, str] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AsyncParameter:
    """A channel parameter or a server variable. 3.0 parameters are strings with an optional
    ``enum`` and ``default``; a 2.x parameter whose schema says no more than that loads the
    same way, and one whose schema says more keeps it in ``schema``."""

    name: str
    location: Location
    enum: frozenset[str] | None = None
    default: str | None = None
    where: str | None = None  # the runtime expression of ``location`` ($message.payload#/id)
    schema: Schema | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class AsyncMessage:
    """A message, traits applied and ``contentType`` defaulted from ``defaultContentType``.

    ``key`` is how it pairs across versions: its ``name``, else its ``messageId`` (2.x),
    else the name of the component (or the last token of the $ref) it was defined at,
    else its key in a 3.0 channel's ``messages``. ``schema_format`` is normalized: every
    version of the AsyncAPI schema format is ``application/vnd.aai.asyncapi``, the
    default."""

    key: str
    location: Location
    payload: Payload | None = None
    headers: Payload | None = None
    content_type: str | None = None
    schema_format: str = "application/vnd.aai.asyncapi"
    correlation_id: str | None = None  # the runtime expression of correlationId.location
    bindings: dict[str, AsyncBinding] = field(default_factory=dict)
    name: str | None = None
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    traits: tuple[str, ...] = ()  # the traits applied (component names), for reports
    extensions: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AsyncChannel:
    """A channel, keyed by its address with parameter names blanked (``user/{}/signup``);
    3.0 channel ids are not on the wire. A channel without an address (3.0: dynamic) is
    keyed ``#<id>``."""

    key: str
    address: str | None
    location: Location
    parameters: dict[str, AsyncParameter] = field(default_factory=dict)
    messages: dict[str, AsyncMessage] = field(default_factory=dict)
    bindings: dict[str, AsyncBinding] = field(default_factory=dict)
    servers: tuple[str, ...] | None = None  # server names; None: every server
    title: str | None = None
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    extensions: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AsyncReply:
    """A 3.0 operation's reply: it flows the other way from its operation."""

    location: Location
    channel: str | None = None  # a channel key
    address: str | None = None  # the runtime expression of reply.address.location
    messages: dict[str, AsyncMessage] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AsyncOperation:
    """An operation, traits applied. ``action`` is what the application does: ``send``
    (2.x ``subscribe``) or ``receive`` (2.x ``publish``); ``direction`` is how the later
    comparison judges its messages: what the application sends is what consumers receive,
    a response; what it receives, a request. ``messages`` are the channel's when the
    operation does not list them (3.0)."""

    key: str  # its key in Contract.operations
    name: str  # 2.x operationId or `<address> <verb>`; 3.0 the operation's key
    action: str  # send | receive
    channel: str  # a channel key
    location: Location
    messages: dict[str, AsyncMessage] = field(default_factory=dict)
    reply: AsyncReply | None = None
    bindings: dict[str, AsyncBinding] = field(default_factory=dict)
    security: tuple[SecurityRequirement, ...] | None = None
    traits: tuple[str, ...] = ()

    @property
    def direction(self) -> Direction:
        return Direction.RESPONSE if self.action == "send" else Direction.REQUEST


@dataclass(frozen=True, slots=True)
class AsyncServer:
    """A server, keyed by name. A 2.x ``url`` is split the 3.0 way into ``host`` and
    ``pathname`` (``ws://example.com/ws`` -> ``example.com``, ``/ws``)."""

    name: str
    host: str
    protocol: str
    location: Location
    protocol_version: str | None = None
    pathname: str | None = None
    variables: dict[str, AsyncParameter] = field(default_factory=dict)
    security: tuple[SecurityRequirement, ...] | None = None
    bindings: dict[str, AsyncBinding] = field(default_factory=dict)
    title: str | None = None
    summary: str | None = None
    description: str | None = None


@dataclass(slots=True)
class AsyncAPI:
    """``Contract.body`` of an AsyncAPI contract. ``spec_version`` is the document's
    ``asyncapi:`` field (``2.6.0``): the one thing a 2.x document and its 3.0 migration
    cannot share, and not a change in itself."""

    spec_version: str
    default_content_type: str | None = None
    servers: dict[str, AsyncServer] = field(default_factory=dict)
    channels: dict[str, AsyncChannel] = field(default_factory=dict)
    operations: dict[str, AsyncOperation] = field(default_factory=dict)  # Contract.operations' keys
    messages: dict[str, AsyncMessage] = field(default_factory=dict)  # components.messages
