"""AsyncAPI's part of the common model: ``Contract.body`` of an AsyncAPI contract (its
operations are also ``Contract.operations``), and the Avro schemas its messages may carry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..frozen import fast_init
from . import Direction, Location, Schema, SecurityRequirement

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


@fast_init
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


@fast_init
@dataclass(frozen=True, slots=True)
class AsyncBinding:
    """One protocol's bindings on a server, channel, operation or message (``kafka``,
    ``amqp``...). ``schemas`` holds the fields whose value is a schema (a Kafka message
    ``key``, an HTTP ``query``); ``values`` every other field as canonical JSON."""

    protocol: str
    location: Location
    values: dict[str, str] = field(default_factory=dict)
    schemas: dict[str, Schema] = field(default_factory=dict)


@fast_init
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


@fast_init
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


@fast_init
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


@fast_init
@dataclass(frozen=True, slots=True)
class AsyncReply:
    """A 3.0 operation's reply: it flows the other way from its operation."""

    location: Location
    channel: str | None = None  # a channel key
    address: str | None = None  # the runtime expression of reply.address.location
    messages: dict[str, AsyncMessage] = field(default_factory=dict)


@fast_init
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


@fast_init
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
