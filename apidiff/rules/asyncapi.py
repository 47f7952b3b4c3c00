"""AsyncAPI rules: channels, operations, messages, bindings, servers, Avro payloads.

Severity follows the direction a message flows (``diff.asyncapi``): what the application
sends is read by its consumers, what it receives is written by producers. Payload and header
schemas are judged by the generated schema rules under their OpenAPI ids (a property removed
from what consumers receive is ``response-property-removed``), and security, servers and
operation deprecation by the rules HTTP contracts use: ``share`` lets this family use them.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diff.change import Change
from ..result import Severity
from .catalog import RULES, declare, share
from .context import before_sunset

B, D, S = Severity.BREAKING, Severity.DANGEROUS, Severity.SAFE

Predicate = Callable[[Change], bool]

# Rules of the HTTP family whose facts an event API has too, with the same meaning.
_SHARED_PREFIXES = (
    "schema.",
    "security.",
    "security-scheme.",
    "component.",
    "server.",
    "operation.deprecated.",
    "operation.sunset.",
    "operation.stability.",
)
share(
    "asyncapi",
    [
        r.id
        for r in list(RULES.values())
        if r.families and all(k.startswith(_SHARED_PREFIXES) for k in r.kinds)
    ],
)


def _add(
    id: str,
    severity: Severity,
    on: str | tuple[str, ...],
    message: str,
    summary: str,
    why: str,
    *,
    when: Predicate | None = None,
    migration: str | None = None,
    mirror: str | None = None,
    waiver: str | None = None,
    notes: str | None = None,
    area: str = "asyncapi",
) -> None:
    """An AsyncAPI rule: ``declare`` with its page built from a summary and a reason."""
    doc = f"{summary}\n\n### What it detects\n{summary}\n\n### Why it matters to clients\n{why}"
    if notes:
        doc += f"\n\n### Notes\n{notes}"
    kinds = tuple(f"asyncapi.{k}" for k in ((on,) if isinstance(on, str) else on))
    declare(
        id,
        severity,
        kinds,
        message,
        doc=doc,
        summary=summary,
        when=when,
        migration=migration,
        mirror=mirror,
        mirror_waiver=waiver if mirror is None else None,
        area=area,
    )


def _is(key: str, value: object = True) -> Predicate:
    return lambda change: change.info.get(key) == value


def _not(key: str) -> Predicate:
    return lambda change: not change.info.get(key)


def _before_sunset(change: Change) -> bool:
    return before_sunset(change.info.get("deprecated"), change.info.get("sunset"))


def _deprecated_after_sunset(change: Change) -> bool:
    return bool(change.info.get("deprecated")) and not _before_sunset(change)


_POLICY = (
    "Breaking by default; the deprecation policy (`allow-removal-after-sunset`, "
    "`deprecation-days`) may lower it, as for HTTP operations."
)
_NOTHING = "Nothing a consumer or producer relies on changes."

# -- channels --------------------------------------------------------------------------------
_add(
    "asyncapi-channel-removed",
    B,
    "channel.removed",
    "{where} was removed without being deprecated first",
    "A channel (topic, queue, routing key...) and every operation on it were removed.",
    "Consumers subscribed to it stop receiving anything, and producers publish to an address "
    "nobody reads any more; nothing warned them first.",
    when=_not("deprecated"),
    migration="Stop using {where}: move to its replacement channel before you upgrade.",
    mirror="asyncapi-channel-added",
    notes="The channel's operations are not reported again one by one.",
)
_add(
    "asyncapi-channel-removed-before-sunset",
    B,
    "channel.removed",
    "{where} was removed before its sunset date {sunset}",
    "A deprecated channel was removed before the `x-sunset` date its operations announced.",
    "Consumers and producers were promised the channel until that date.",
    when=_before_sunset,
    migration="Stop using {where}: move to its replacement channel before you upgrade.",
    mirror="asyncapi-channel-added",
    notes="Always breaking, whatever the deprecation policy.",
)
_add(
    "asyncapi-deprecated-channel-removed",
    B,
    "channel.removed",
    "deprecated {where} was removed",
    "A channel that was deprecated (itself, or every operation on it) was removed.",
    "Clients that ignored the deprecation still break.",
    when=_deprecated_after_sunset,
    migration="Stop using {where}: move to its replacement channel before you upgrade.",
    mirror="asyncapi-channel-added",
    notes=_POLICY,
)
_add(
    "asyncapi-channel-added",
    S,
    "channel.added",
    "{where} was added",
    "A channel was added.",
    _NOTHING,
    mirror="asyncapi-channel-removed",
)
_add(
    "asyncapi-channel-address-changed",
    B,
    "channel.address.changed",
    "{where}: the address changed from {old} to {new}",
    "A channel's address changed while its named operations stayed on it.",
    "The address is what consumers subscribe to and producers publish to: both sides end up on "
    "a channel the other no longer uses.",
    migration="Subscribe or publish to {new} instead of {old}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    notes="Recognised when a removed channel and an added one share a named operation (same "
    "action and name) and neither's named operations live on any other channel of the other "
    "version; operations that came or went meanwhile are reported as such. The test reads the "
    "same both ways, so swapping the versions swaps the findings. Otherwise the channel is "
    "reported removed and the other added.",
)
_add(
    "asyncapi-channel-deprecated",
    S,
    "channel.deprecated.added",
    "{where} was deprecated",
    "A channel was marked deprecated.",
    "Nothing breaks yet; the channel may be removed later: plan the move.",
    mirror="asyncapi-channel-reactivated",
)
_add(
    "asyncapi-channel-reactivated",
    S,
    "channel.deprecated.removed",
    "{where} is no longer deprecated",
    "A channel's deprecation was withdrawn.",
    _NOTHING,
    mirror="asyncapi-channel-deprecated",
)
_add(
    "asyncapi-channel-parameter-enum-value-removed",
    B,
    "parameter.enum-value.removed",
    "{where}: value {old} removed",
    "A value a channel parameter allowed is no longer listed.",
    "The channel address with that value no longer exists: its subscribers receive nothing, "
    "and what producers publish there is not read.",
    migration="Stop using {old} in {where}.",
    mirror="asyncapi-channel-parameter-enum-value-added",
)
_add(
    "asyncapi-channel-parameter-enum-value-added",
    S,
    "parameter.enum-value.added",
    "{where}: value {new} added",
    "A channel parameter allows one more value.",
    "One more channel address exists; the existing ones work as before.",
    mirror="asyncapi-channel-parameter-enum-value-removed",
)
_add(
    "asyncapi-channel-parameter-restricted",
    B,
    "parameter.enum.added",
    "{where} is now restricted to {new}",
    "A channel parameter that took any value now lists the values it allows.",
    "Addresses built with any other value are no longer part of the API.",
    migration="Use only {new} in {where}.",
    mirror="asyncapi-channel-parameter-unrestricted",
)
_add(
    "asyncapi-channel-parameter-unrestricted",
    S,
    "parameter.enum.removed",
    "{where} is no longer restricted to {old}",
    "A channel parameter no longer lists the values it allows.",
    "Every address that worked still does. Consumers subscribing with a wildcard may see "
    "addresses they did not see before.",
    mirror="asyncapi-channel-parameter-restricted",
)
_add(
    "asyncapi-channel-parameter-default-changed",
    D,
    ("parameter.default.added", "parameter.default.removed", "parameter.default.changed"),
    "{where}: default changed from {old} to {new}",
    "A channel parameter's default value was added, removed or changed.",
    "Clients that build the address from the default now use another channel.",
    migration="Set {where} explicitly instead of relying on its default.",
    waiver="one rule for the three actions",
)
_add(
    "asyncapi-channel-parameter-location-changed",
    D,
    ("parameter.location.added", "parameter.location.removed", "parameter.location.changed"),
    "{where}: the runtime expression it is read from changed from {old} to {new}",
    "Where a channel parameter's value comes from in the message (`location`) changed.",
    "Producers that fill the address from the message, and consumers that read it back, "
    "look at another field.",
    migration="Read {where} from {new}.",
    waiver="one rule for the three actions",
)

# -- operations ------------------------------------------------------------------------------
_OP_MIGRATION = "Stop relying on {operation}: it no longer exists. Move to its replacement."
_add(
    "asyncapi-operation-removed-without-deprecation",
    B,
    "operation.removed",
    "{where} was removed without being deprecated first",
    "An operation was removed (its channel remains) without being deprecated first.",
    "When the application no longer sends, consumers wait for messages that never come; when it "
    "no longer receives, what producers publish is lost.",
    when=_not("deprecated"),
    migration=_OP_MIGRATION,
    mirror="asyncapi-operation-added",
)
_add(
    "asyncapi-operation-removed-before-sunset",
    B,
    "operation.removed",
    "{where} was removed before its sunset date {sunset}",
    "An operation was removed before its announced `x-sunset` date.",
    "Consumers and producers were promised the operation until that date.",
    when=_before_sunset,
    migration=_OP_MIGRATION,
    mirror="asyncapi-operation-added",
    notes="Always breaking, whatever the deprecation policy.",
)
_add(
    "asyncapi-deprecated-operation-removed",
    B,
    "operation.removed",
    "deprecated {where} was removed",
    "A deprecated operation was removed (its sunset, if any, has passed).",
    "Clients that did not move away from the deprecated operation break.",
    when=_deprecated_after_sunset,
    migration=_OP_MIGRATION,
    mirror="asyncapi-operation-added",
    notes=_POLICY,
)
_add(
    "asyncapi-operation-added",
    S,
    "operation.added",
    "{where} was added",
    "An operation was added to an existing channel.",
    _NOTHING,
    mirror="asyncapi-operation-removed-without-deprecation",
)
_add(
    "asyncapi-operation-action-changed",
    B,
    "operation.action.changed",
    "{where}: the application now does {new} instead of {old}",
    "An operation's action flipped between `send` and `receive` (2.x `subscribe` and `publish`).",
    "Who produces and who consumes the channel's messages swapped: every consumer and producer "
    "of it is on the wrong side.",
    migration="Swap your side of {operation}: {new} is now what the application does.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)

# -- messages --------------------------------------------------------------------------------
_add(
    "asyncapi-message-removed-from-send",
    B,
    "message.removed",
    "{where} is no longer sent",
    "A message was removed from what an operation sends (or a reply returns).",
    "Consumers that act on that message stop receiving it.",
    when=_is("action", "send"),
    migration="Stop waiting for that message from {operation}; use its replacement.",
    mirror="asyncapi-message-added-to-send",
    notes="A deprecated message may be softened by the deprecation policy.",
)
_add(
    "asyncapi-message-removed-from-receive",
    B,
    "message.removed",
    "{where} is no longer accepted",
    "A message was removed from what an operation receives (or a reply accepts).",
    "Producers that still publish it send something the application no longer handles.",
    when=_is("action", "receive"),
    migration="Stop publishing that message to {operation}; use its replacement.",
    mirror="asyncapi-message-added-to-receive",
    notes="A deprecated message may be softened by the deprecation policy.",
)
_add(
    "asyncapi-message-added-to-send",
    D,
    "message.added",
    "{where} may now be sent",
    "An operation that sends may now send one more kind of message.",
    "Consumers receive a message they may not handle: a strict consumer fails on it, a "
    "tolerant one skips it.",
    when=_is("action", "send"),
    migration="Make consumers of {operation} handle or skip the new message.",
    mirror="asyncapi-message-removed-from-send",
)
_add(
    "asyncapi-message-added-to-receive",
    S,
    "message.added",
    "{where} is now accepted",
    "An operation that receives accepts one more kind of message.",
    _NOTHING,
    when=_is("action", "receive"),
    mirror="asyncapi-message-removed-from-receive",
)
_add(
    "asyncapi-message-deprecated",
    S,
    "message.deprecated.added",
    "{where} was deprecated",
    "A message was marked deprecated.",
    "Nothing breaks yet; the message may be removed later: plan the move.",
    mirror="asyncapi-message-reactivated",
)
_add(
    "asyncapi-message-reactivated",
    S,
    "message.deprecated.removed",
    "{where} is no longer deprecated",
    "A message's deprecation was withdrawn.",
    _NOTHING,
    mirror="asyncapi-message-deprecated",
)
_add(
    "asyncapi-message-content-type-changed",
    B,
    "message.content-type.changed",
    "{where}: content type changed from {old} to {new}",
    "A message's `contentType` (or the document's `defaultContentType` it inherits) changed.",
    "The bytes on the wire are encoded differently: readers decode them with the wrong codec.",
    migration="Decode and encode the message as {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)
_add(
    "asyncapi-message-correlation-id-changed",
    D,
    (
        "message.correlation-id.added",
        "message.correlation-id.removed",
        "message.correlation-id.changed",
    ),
    "{where}: correlation id location changed from {old} to {new}",
    "Where a message's correlation id is read from (`correlationId.location`) was added, "
    "removed or changed.",
    "Request/reply matching reads the id from another place: replies no longer match their "
    "requests.",
    migration="Read and write the correlation id at {new}.",
    waiver="one rule for the three actions",
)
_add(
    "asyncapi-message-schema-format-changed",
    B,
    "message.schema-format.changed",
    "{where}: schema format changed from {old} to {new}",
    "The format a message's payload schema is written in changed (JSON Schema, Avro, ...).",
    "Code generated or validators built from the schema no longer apply, and with Avro or "
    "Protobuf the serialization itself changes.",
    migration="Regenerate your code and serializers for {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    notes="Versions of one format (AsyncAPI schema 2.x and 3.0) are the same format.",
)
_add(
    "asyncapi-payload-changed",
    D,
    "payload.opaque.changed",
    "{where} changed (a {format} schema apidiff does not read)",
    "A payload in a schema format apidiff does not read (Protobuf, RAML...) changed.",
    "apidiff cannot tell whether the change is compatible: review it.",
    migration="Review {where}: check it against your serializer.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)

# -- replies (3.0) ---------------------------------------------------------------------------
_add(
    "asyncapi-reply-removed",
    B,
    "reply.removed",
    "{where} was removed",
    "An operation no longer declares a reply.",
    "Requesters that wait for the reply wait forever.",
    migration="Stop waiting for a reply to {operation}.",
    mirror="asyncapi-reply-added",
)
_add(
    "asyncapi-reply-added",
    D,
    "reply.added",
    "{where} was added",
    "An operation now declares a reply.",
    "When the application sends, its consumers are now expected to reply; when it receives, "
    "producers receive replies they may not listen for.",
    migration="Handle the reply of {operation}.",
    mirror="asyncapi-reply-removed",
)
_add(
    "asyncapi-reply-address-changed",
    B,
    "reply.address.changed",
    "{where}: the reply channel changed from {old} to {new}",
    "The channel or runtime address a reply is sent to changed.",
    "Replies go where the requester does not listen.",
    migration="Listen for replies to {operation} on {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)

# -- bindings --------------------------------------------------------------------------------
_CRITICAL = {
    ("channel", "kafka", "topic"),
    ("channel", "amqp", "exchange"),
    ("channel", "amqp", "queue"),
    ("channel", "amqp", "is"),
    ("operation", "http", "method"),
    ("operation", "http", "type"),
    ("channel", "mqtt", "topic"),
    ("operation", "amqp", "cc"),
    ("operation", "amqp", "bcc"),
}


def _critical(change: Change) -> bool:
    key = (change.info.get("level"), change.info.get("protocol"), change.info.get("field"))
    return key in _CRITICAL


def _partitions(change: Change) -> bool:
    return (change.info.get("protocol"), change.info.get("field")) == ("kafka", "partitions")


_add(
    "asyncapi-binding-address-changed",
    B,
    "binding.field.changed",
    "{where} changed from {old} to {new}",
    "A binding that says where messages go changed: a Kafka topic, an AMQP exchange or "
    "queue, an HTTP method, an MQTT topic.",
    "Producers and consumers meet at another place or in another way: they no longer reach "
    "each other.",
    when=_critical,
    migration="Update your client's {protocol} configuration: {field} is now {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)
_add(
    "asyncapi-kafka-partitions-changed",
    D,
    "binding.field.changed",
    "{where} changed from {old} to {new}",
    "A Kafka channel's number of partitions changed.",
    "Messages with the same key may land in another partition: per-key ordering across the "
    "change is lost, and consumers that assign partitions by hand miss some.",
    when=_partitions,
    migration="Check consumers that assign partitions themselves or rely on per-key order.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)
_add(
    "asyncapi-binding-changed",
    D,
    "binding.field.changed",
    "{where} changed from {old} to {new}",
    "A protocol binding field changed (Kafka group id, AMQP delivery mode, ...).",
    "Bindings configure how clients talk to the broker; a changed value may need their "
    "configuration to change too.",
    migration="Review your client's {protocol} configuration: {field} is now {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
)
_add(
    "asyncapi-binding-field-removed",
    D,
    "binding.field.removed",
    "{where} was removed (was {old})",
    "A protocol binding field was removed.",
    "Clients configured from it may fall back to a default the broker does not use.",
    migration="Review your client's {protocol} configuration for {field}.",
    mirror="asyncapi-binding-field-added",
)
_add(
    "asyncapi-binding-field-added",
    D,
    "binding.field.added",
    "{where} was added: {new}",
    "A protocol binding field was added.",
    "A setting clients did not know about now applies (a Kafka message key schema, an AMQP "
    "exchange, ...).",
    migration="Configure your client's {protocol} binding with {field}.",
    mirror="asyncapi-binding-field-removed",
)
_add(
    "asyncapi-binding-removed",
    D,
    "binding.removed",
    "{where} were removed",
    "The bindings of one protocol were removed from a channel, operation, message or server.",
    "Clients configured from them lose their protocol settings.",
    migration="Review your client's {protocol} configuration.",
    mirror="asyncapi-binding-added",
)
_add(
    "asyncapi-binding-added",
    S,
    "binding.added",
    "{where} were added",
    "Bindings for one more protocol were added.",
    "Clients of the other protocols are not affected.",
    mirror="asyncapi-binding-removed",
)

# -- servers ---------------------------------------------------------------------------------
_add(
    "asyncapi-server-protocol-changed",
    B,
    "server.protocol.changed",
    "{where}: protocol changed from {old} to {new}",
    "A server kept its name but speaks another protocol.",
    "Clients connect with a client library for the old protocol.",
    migration="Connect to {where} with a {new} client.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    area="servers",
)
_add(
    "asyncapi-server-host-changed",
    B,
    "server.host.changed",
    "{where}: host changed from {old} to {new}",
    "A server kept its name but moved to another host (or port).",
    "Clients configured with the old host connect to a broker that is no longer the API's.",
    migration="Point your client at {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    area="servers",
)
_add(
    "asyncapi-server-pathname-changed",
    B,
    "server.pathname.changed",
    "{where}: path changed from {old} to {new}",
    "A server kept its name and host but its path changed (a WebSocket endpoint, ...).",
    "Clients connect to a path the server no longer serves.",
    migration="Connect to {new} on {where}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    area="servers",
)

# -- Avro payloads ---------------------------------------------------------------------------
_READERS = (
    "Judged by Avro schema resolution: for what the application sends, consumers read NEW "
    "data with OLD (Confluent FORWARD); for what it receives, the application reads OLD data "
    "with NEW (BACKWARD)."
)
_breaks = _is("breaks")
_add(
    "asyncapi-avro-field-removed-without-default",
    B,
    "avro.field.removed",
    "{where} was removed, and readers holding the old schema have no default for it",
    "An Avro record field was removed from what consumers read, and it had no default.",
    "A consumer still on the old schema cannot resolve the new data: the field it expects is "
    "missing and it has no default to fill in. Deserialization fails.",
    when=_breaks,
    migration="Give the field a default in the consumers' schema before the producer drops it.",
    mirror="asyncapi-avro-field-added-without-default",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-field-added-without-default",
    B,
    "avro.field.added",
    "{where} was added without a default",
    "An Avro record field without a default was added to what the application receives.",
    "Producers still on the old schema write data without that field; the application's new "
    "schema cannot resolve it. Deserialization fails.",
    when=_breaks,
    migration="Give {where} a default, or upgrade every producer first.",
    mirror="asyncapi-avro-field-removed-without-default",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-type-changed",
    B,
    ("avro.type.changed",),
    "{where}: type changed from {old} to {new}, which Avro cannot resolve",
    "An Avro type changed in a way schema resolution does not allow (not a promotion such as "
    "int to long, long to double, string to bytes).",
    "The reader's schema cannot read the writer's data: deserialization fails.",
    when=_breaks,
    migration="Keep {old}, or add a new field of type {new} and move readers first.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-name-changed",
    B,
    "avro.name.changed",
    "{where}: the named type {old} became {new} without an alias",
    "An Avro record, enum or fixed was renamed and the reader lists no alias for the old name.",
    "Named types resolve by name: the reader rejects the writer's type.",
    when=_breaks,
    migration="Add {old} to the aliases of {new}.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-enum-symbol-removed",
    B,
    "avro.symbol.removed",
    "{where}: enum symbol {old} removed, and the reader has no enum default",
    "An Avro enum symbol was removed from what the application receives, with no enum default.",
    "Producers on the old schema may still write the symbol; the application cannot read it.",
    when=_breaks,
    migration="Stop producing {old} before the application drops it, or add an enum default.",
    mirror="asyncapi-avro-enum-symbol-added",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-enum-symbol-added",
    B,
    "avro.symbol.added",
    "{where}: enum symbol {new} added, and consumers' schema has no enum default",
    "An Avro enum symbol was added to what consumers read, with no enum default.",
    "Consumers on the old schema fail on the new symbol.",
    when=_breaks,
    migration="Upgrade consumers before {new} is produced, or give the enum a default.",
    mirror="asyncapi-avro-enum-symbol-removed",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-union-branch-removed",
    B,
    "avro.branch.removed",
    "{where}: union branch {old} removed",
    "A branch was removed from an Avro union the application receives.",
    "Producers on the old schema may still write that branch; the application cannot read it.",
    when=_breaks,
    migration="Stop producing {old} before the application drops it.",
    mirror="asyncapi-avro-union-branch-added",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-union-branch-added",
    B,
    "avro.branch.added",
    "{where}: union branch {new} added",
    "A branch was added to an Avro union consumers read.",
    "Consumers on the old schema cannot read data written with the new branch.",
    when=_breaks,
    migration="Upgrade consumers before {new} is produced.",
    mirror="asyncapi-avro-union-branch-removed",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-default-changed",
    D,
    "avro.default.changed",
    "{where}: default changed from {old} to {new}",
    "An Avro field's default value changed.",
    "Readers fill the field with another value when the writer's data lacks it.",
    migration="Check what your code does with {where} when it is absent.",
    waiver="its own inverse (the swapped comparison is the same rule)",
    notes=_READERS,
    area="avro",
)
_add(
    "asyncapi-avro-compatible-change",
    S,
    (
        "avro.field.removed",
        "avro.field.added",
        "avro.type.changed",
        "avro.name.changed",
        "avro.symbol.removed",
        "avro.symbol.added",
        "avro.branch.removed",
        "avro.branch.added",
    ),
    "{where}: a change Avro schema resolution handles",
    "An Avro schema change that schema resolution handles: a field with a default, a type "
    "promotion, an alias, an enum symbol or union branch the reader can take.",
    "Readers keep decoding the writer's data; the value may be filled from a default.",
    waiver="one rule for the changes Avro resolves, in both directions",
    notes=_READERS,
    area="avro",
)
