"""AsyncAPI 2.x and 3.0 documents -> the common model (``Contract`` with an ``AsyncAPI`` body).

Everything version-specific stops here, so that a 2.x document and its 3.0 migration load
into the same shapes: 2.x ``subscribe`` becomes the action ``send`` (the application sends,
consumers receive) and ``publish`` becomes ``receive``; channels are keyed by address; a
2.x server ``url`` is split into ``host`` and ``pathname``; a 2.x parameter ``schema`` that
says "a string" (with an enum or a default) is what a 3.0 parameter says without one; 2.x
security requirements (``{name: [scopes]}``) and 3.0 ones (a list of schemes, any one of
which suffices) become the same alternatives; every version of the AsyncAPI schema format
is one ``schemaFormat``; traits are applied (2.x: JSON Merge Patch over the object, the
trait winning; 3.0: the object winning).

Payloads in a JSON Schema dialect (AsyncAPI, JSON Schema, OpenAPI) go through the same
``SchemaBuilder`` as OpenAPI's; Avro payloads become an ``AvroType`` tree; any other format
is kept as canonical text, with a warning. A remote ``$ref`` inside a schema is not followed
without ``--allow-remote-refs``: the schema is kept as that reference (a changed URL is
still seen), so a document that points at schemas on the web still loads.
"""

from __future__ import annotations

import re
from typing import Any

from ..canonical import Canonical, text
from ..errors import InputError, LimitError
from ..model import (
    Contract,
    Location,
    Operation,
    Schema,
    SecurityRequirement,
    SecurityScheme,
    Server,
)
from ..model.asyncapi import (
    AsyncAPI,
    AsyncBinding,
    AsyncChannel,
    AsyncMessage,
    AsyncOperation,
    AsyncParameter,
    AsyncReply,
    AsyncServer,
    AvroField,
    AvroType,
    OpaqueSchema,
    Payload,
)
from ..sources import Source
from .openapi import normalize_media_type
from .options import LoadOptions
from .refs import Resolver, resolver_for
from .schemas import MAX_SCHEMA_DEPTH, SchemaBuilder
from .yamljson import Document

__all__ = ["load_document", "normalize_schema_format"]

ASYNCAPI_SCHEMA = "application/vnd.aai.asyncapi"
_JSON_SCHEMA = "application/schema+json"
_OPENAPI_SCHEMA = "application/vnd.oai.openapi"
_AVRO_SCHEMA = "application/vnd.apache.avro"
_PARAM = re.compile(r"\{([^{}]*)\}")
_AVRO_PRIMITIVES = frozenset(
    ("null", "boolean", "int", "long", "float", "double", "bytes", "string")
)
_AVRO_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")
# Binding fields whose value is a schema, by (level, protocol): built by the schema engine
# so the later comparison judges a Kafka message key like a payload.
_SCHEMA_BINDINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("message", "kafka"): ("key",),
    ("message", "http"): ("headers",),
    ("message", "anypointmq"): ("headers",),
    ("message", "mqtt"): ("correlationData", "responseTopic"),
    ("operation", "kafka"): ("groupId", "clientId"),
    ("operation", "http"): ("query",),
    ("channel", "ws"): ("query", "headers"),
}
# A 2.x parameter schema with only these keywords, typed string or untyped, says what a
# 3.0 parameter (always a string) says with ``enum`` and ``default``.
_PLAIN_PARAMETER = frozenset(("type", "enum", "default", "description", "examples", "example"))


def normalize_schema_format(value: str) -> str:
    """One spelling per schema language: AsyncAPI's, whatever its version (the document's
    own, not a change in itself); ``+yaml`` and ``+json`` are one language."""
    media = normalize_media_type(value)
    essence, _, params = media.partition(";")
    base = essence.split("+", 1)[0]
    if base == ASYNCAPI_SCHEMA:
        return ASYNCAPI_SCHEMA
    if base == "application/schema":
        base = _JSON_SCHEMA
    return base + (";" + params if params else "")


def _schema_kind(fmt: str) -> str:
    base = fmt.partition(";")[0]
    if base in (ASYNCAPI_SCHEMA, _JSON_SCHEMA, _OPENAPI_SCHEMA):
        return "json"
    if base == _AVRO_SCHEMA:
        return "avro"
    return "other"


def channel_key(address: str) -> str:
    """``user/{userId}/signup`` -> ``user/{}/signup``: parameter names are not on the wire."""
    return _PARAM.sub("{}", address)


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def _is_remote(ref: Any) -> bool:
    if not isinstance(ref, str):
        return False
    file_part = ref.partition("#")[0].lower()
    return "://" in file_part or file_part.startswith("//")


class _SchemaBuilder(SchemaBuilder):
    """OpenAPI's builder, except that a remote ``$ref`` it may not follow is kept as the
    reference: event APIs often point at schemas published elsewhere."""

    def __init__(self, *args: Any, warn: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._warn = warn

    def build(self, raw: Any, doc: Document, pointer: str, name: str | None = None) -> Schema:
        if (
            isinstance(raw, dict)
            and "$ref" in raw
            and not self.resolver.allow_remote
            and _is_remote(raw["$ref"])
        ):
            node = self._new(doc, pointer, name)
            ref = text(raw["$ref"], self.canon)
            node.other["$ref"] = self.canon(ref)
            self._warn(f"{doc.name}: remote $ref '{ref[:200]}' not followed (--allow-remote-refs)")
            return node
        return super().build(raw, doc, pointer, name)

    def merged_property(self, a: Schema, b: Schema) -> Schema:
        # Remember the components a property merged from two allOf members came from, so
        # that the comparison counts them as used by the message (not compared twice).
        node = super().merged_property(a, b)
        node.merged_from = (
            set(a.merged_from)
            | set(b.merged_from)
            | {n for n in (a.name, b.name) if n and n != node.name}
        )
        return node


class _Merged:
    """An object with its traits applied, and where each of its fields came from."""

    __slots__ = ("data", "origin")

    def __init__(self, data: dict, origin: dict[str, tuple[Document, str]]) -> None:
        self.data = data
        self.origin = origin

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def at(self, key: str) -> tuple[Any, Document, str]:
        doc, pointer = self.origin[key]
        return self.data.get(key), doc, f"{pointer}/{_escape(key)}"


class AsyncAPILoader:
    """One document's worth of state: resolver, schema builder, the contract being filled."""

    def __init__(self, doc: Document, resolver: Resolver, dialect: str) -> None:
        self.doc = doc
        self.resolver = resolver
        self.v3 = dialect == "asyncapi-3"
        self.canon = Canonical()
        self.schemas = _SchemaBuilder(
            resolver,
            dialect="3.0",  # draft-07 semantics: keywords beside a $ref are ignored
            component_prefixes=("/components/schemas/",),
            canon=self.canon,
            warn=self.warn,
        )
        data = doc.data
        info = data.get("info") if isinstance(data.get("info"), dict) else {}
        self.contract = Contract(
            source=doc.name,
            format=dialect,
            version=self.text(info.get("version")),
            location=Location(doc.name, "", doc.position),
            title=self.text(info.get("title")),
        )
        default_type = data.get("defaultContentType")
        self.body = AsyncAPI(
            spec_version=text(data.get("asyncapi"), self.canon),
            default_content_type=normalize_media_type(self.text(default_type))
            if default_type is not None
            else None,
        )
        self.contract.body = self.body
        self._messages: dict[int, AsyncMessage] = {}
        self._channel_ids: dict[int, str] = {}  # id of a channel's raw object -> its key
        self._merges: dict[tuple[int, int], Any] = {}
        self._avro: _AvroReader | None = None
        self._warned: set[str] = set()

    # -- helpers ---------------------------------------------------------------------------
    def text(self, value: Any) -> str | None:
        return None if value is None else text(value, self.canon)

    def warn(self, message: str) -> None:
        if message not in self._warned and len(self._warned) < 100:
            self._warned.add(message)
            self.contract.warnings.append(message)

    def error(self, doc: Document, pointer: str, message: str) -> InputError:
        return doc.error(pointer, message)

    def obj(self, value: Any, doc: Document, pointer: str, what: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(doc, pointer, f"{what} must be an object")
        return value

    def seq(self, value: Any, doc: Document, pointer: str, what: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error(doc, pointer, f"{what} must be a list")
        return value

    def deref(self, value: Any, doc: Document, pointer: str) -> tuple[Any, Document, str]:
        if isinstance(value, dict) and "$ref" in value:
            target = self.resolver.resolve(value["$ref"], doc, pointer + "/$ref")
            return target.value, target.doc, target.pointer
        return value, doc, pointer

    def loc(self, doc: Document, pointer: str) -> Location:
        return Location(doc.name, pointer, doc.position)

    def extensions(self, raw: dict) -> dict[str, Any]:
        return {k: self.canon(v) for k, v in raw.items() if isinstance(k, str) and k[:2] == "x-"}

    def entries(self, raw: dict, key: str, doc: Document, pointer: str, what: str):
        """(name, value, pointer) of the members of a map field."""
        value = self.obj(raw.get(key), doc, f"{pointer}/{key}", what)
        return [(str(k), v, f"{pointer}/{key}/{_escape(str(k))}") for k, v in value.items()]

    # -- the document ----------------------------------------------------------------------
    def load(self) -> Contract:
        data, doc = self.doc.data, self.doc
        components = self.obj(data.get("components"), doc, "/components", "components")
        for name, raw, pointer in self.entries(
            components, "securitySchemes", doc, "/components", "securitySchemes"
        ):
            value, sdoc, sptr = self.deref(raw, doc, pointer)
            value = self.obj(value, sdoc, sptr, "a security scheme")
            self.contract.security_schemes[name] = self._scheme(name, value, sdoc, sptr)
        for name, raw, pointer in self.entries(data, "servers", doc, "", "servers"):
            server = self._server(name, raw, doc, pointer)
            self.body.servers[name] = server
        self.contract.servers = tuple(_common_server(s) for s in self.body.servers.values())
        operations: list[tuple[AsyncOperation, dict, Document, str]] = []
        for name, raw, pointer in self.entries(data, "channels", doc, "", "channels"):
            if self.v3:
                self._channel_v3(name, raw, doc, pointer)
            else:
                operations.extend(self._channel_v2(name, raw, doc, pointer))
        if self.v3:
            for name, raw, pointer in self.entries(data, "operations", doc, "", "operations"):
                operations.append(self._operation_v3(name, raw, doc, pointer))
        for name, raw, pointer in self.entries(
            components, "messages", doc, "/components", "messages"
        ):
            self.body.messages[name] = self._message(raw, doc, pointer, name, ref_name=name)
        for name, raw, pointer in self.entries(
            components, "schemas", doc, "/components", "schemas"
        ):
            schema, _ = self._payload(raw, doc, pointer, name=name)
            if isinstance(schema, Schema):
                self.contract.schemas[name] = schema
        self._index(operations)
        self.schemas.finish()
        return self.contract

    def _index(self, built: list[tuple[AsyncOperation, dict, Document, str]]) -> None:
        """Key operations by action and channel, adding their messages, then their name,
        only where that alone is ambiguous: the keys a 2.x document and its 3.0 migration
        share."""
        keys = [f"{op.action} {op.channel}" for op, *_ in built]
        for extra in (
            lambda op: " [" + ", ".join(sorted(op.messages)) + "]",
            lambda op: f" ({op.name})",
        ):
            counts: dict[str, int] = {}
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
            keys = [
                key + extra(op) if counts[key] > 1 else key
                for key, (op, *_) in zip(keys, built, strict=True)
            ]
        seen: set[str] = set()
        for key, (op, raw, doc, pointer) in zip(keys, built, strict=True):
            unique, n = key, 1
            while unique in seen:
                n += 1
                unique = f"{key} #{n}"
            seen.add(unique)
            op = _with_key(op, unique)
            self.body.operations[unique] = op
            self.contract.operations[unique] = self._common_operation(op, raw, doc, pointer)

    def _common_operation(self, op: AsyncOperation, raw: dict, doc: Document, ptr: str):
        channel = self.body.channels.get(op.channel)
        address = channel.address if channel is not None and channel.address else op.channel
        named = op.name if self.v3 or raw.get("operationId") is not None else None
        tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
        return Operation(
            key=op.key,
            display=f"{op.action} {named or address}",
            method=op.action,
            path=address,
            location=op.location,
            kind=op.action,
            # What the application sends is read by consumers: judged as a response, like
            # a webhook's request body.
            reversed=op.action == "send",
            operation_id=named,
            summary=self.text(raw.get("summary")),
            description=self.text(raw.get("description")),
            tags=tuple(
                self.text(t.get("name")) or "" if isinstance(t, dict) else text(t, self.canon)
                for t in tags
            ),
            deprecated=raw.get("deprecated") is True,
            sunset=self.text(raw.get("x-sunset")),
            deprecated_since=self.text(raw.get("x-deprecated-since")),
            stability=self.text(raw.get("x-stability-level")),
            security=op.security,
            extensions=self.extensions(raw),
        )

    # -- channels and operations -----------------------------------------------------------
    def _unique_channel_key(self, key: str, address: str) -> str:
        if key in self.body.channels:
            key = f"{key} ({address})"
            n = 1
            while key in self.body.channels:
                n += 1
                key = f"{channel_key(address)} ({address}) #{n}"
        return key

    def _channel_v2(self, address: str, raw: Any, doc: Document, pointer: str):
        raw, cdoc, cptr = self.deref(raw, doc, pointer)
        raw = self.obj(raw, cdoc, cptr, "a channel")
        key = self._unique_channel_key(channel_key(address), address)
        messages: dict[str, AsyncMessage] = {}
        built = []
        for verb in ("subscribe", "publish"):
            if raw.get(verb) is None:
                continue
            op, op_raw, odoc, optr = self._operation_v2(address, key, verb, raw[verb], cdoc, cptr)
            for message in op.messages.values():
                _add(messages, message)
            built.append((op, op_raw, odoc, optr))
        servers = raw.get("servers")
        self.body.channels[key] = AsyncChannel(
            key=key,
            address=address,
            location=self.loc(cdoc, cptr),
            parameters=self._parameters(raw, cdoc, cptr),
            messages=messages,
            bindings=self._bindings(raw.get("bindings"), cdoc, cptr + "/bindings", "channel"),
            servers=None
            if servers is None
            else tuple(
                sorted(
                    {
                        text(s, self.canon)
                        for s in self.seq(servers, cdoc, cptr + "/servers", "servers")
                    }
                )
            ),
            description=self.text(raw.get("description")),
            deprecated=raw.get("deprecated") is True,
            extensions=self.extensions(raw),
        )
        return built

    def _operation_v2(
        self, address: str, channel: str, verb: str, value: Any, doc: Document, pointer: str
    ) -> tuple[AsyncOperation, dict, Document, str]:
        raw, odoc, optr = self.deref(value, doc, f"{pointer}/{verb}")
        raw = self.obj(raw, odoc, optr, "an operation")
        merged, traits = self._traits(raw, odoc, optr, object_wins=False)
        op_id = merged.get("operationId")
        name = text(op_id, self.canon) if op_id is not None else f"{address} {verb}"
        messages: dict[str, AsyncMessage] = {}
        if merged.get("message") is not None:
            value, mdoc, mptr = merged.at("message")
            resolved, rdoc, rptr = self.deref(value, mdoc, mptr)
            if isinstance(resolved, dict) and "oneOf" in resolved:
                branches = self.seq(resolved["oneOf"], rdoc, rptr + "/oneOf", "oneOf")
                for i, branch in enumerate(branches):
                    fallback = f"{name} message {i}"
                    _add(messages, self._message(branch, rdoc, f"{rptr}/oneOf/{i}", fallback))
            else:
                _add(messages, self._message(value, mdoc, mptr, f"{name} message"))
        security = None
        if merged.get("security") is not None:
            security = self._security(*merged.at("security"))
        op = AsyncOperation(
            key="",
            name=name,
            action="send" if verb == "subscribe" else "receive",
            channel=channel,
            location=self.loc(odoc, optr),
            messages=messages,
            bindings=self._merged_bindings(merged, "operation"),
            security=security,
            traits=traits,
        )
        return op, merged.data, odoc, optr

    def _channel_v3(self, name: str, raw: Any, doc: Document, pointer: str) -> None:
        raw, cdoc, cptr = self.deref(raw, doc, pointer)
        raw = self.obj(raw, cdoc, cptr, "a channel")
        address = raw.get("address")
        if address is not None:
            address = text(address, self.canon)
            key = self._unique_channel_key(channel_key(address), address)
        else:
            key = self._unique_channel_key(f"#{name}", f"#{name}")
        messages: dict[str, AsyncMessage] = {}
        for mkey, value, mptr in self.entries(raw, "messages", cdoc, cptr, "messages"):
            _add(messages, self._message(value, cdoc, mptr, mkey))
        servers = None
        if raw.get("servers") is not None:
            names = set()
            for i, entry in enumerate(self.seq(raw["servers"], cdoc, cptr + "/servers", "servers")):
                names.add(self._ref_name(entry, cdoc, f"{cptr}/servers/{i}", "a server"))
            servers = tuple(sorted(names))
        self._channel_ids[id(raw)] = key
        self.body.channels[key] = AsyncChannel(
            key=key,
            address=address,
            location=self.loc(cdoc, cptr),
            parameters=self._parameters(raw, cdoc, cptr),
            messages=messages,
            bindings=self._bindings(raw.get("bindings"), cdoc, cptr + "/bindings", "channel"),
            servers=servers,
            title=self.text(raw.get("title")),
            summary=self.text(raw.get("summary")),
            description=self.text(raw.get("description")),
            deprecated=raw.get("deprecated") is True,
            extensions=self.extensions(raw),
        )

    def _ref_name(self, value: Any, doc: Document, pointer: str, what: str) -> str:
        """The name of what a 3.0 ``$ref`` points at (``#/servers/prod`` -> ``prod``)."""
        if not isinstance(value, dict) or "$ref" not in value:
            raise self.error(doc, pointer, f"{what} must be a $ref")
        target = self.resolver.resolve(value["$ref"], doc, pointer + "/$ref")
        return _last_token(target.pointer)

    def _channel_of(self, value: Any, doc: Document, pointer: str) -> str:
        if not isinstance(value, dict) or "$ref" not in value:
            raise self.error(doc, pointer, "an operation's channel must be a $ref to a channel")
        target = self.resolver.resolve(value["$ref"], doc, pointer + "/$ref")
        key = self._channel_ids.get(id(target.value))
        if key is None:
            raise self.error(doc, pointer, "an operation's channel must be one of 'channels'")
        return key

    def _operation_v3(self, name: str, value: Any, doc: Document, pointer: str):
        raw, odoc, optr = self.deref(value, doc, pointer)
        raw = self.obj(raw, odoc, optr, "an operation")
        merged, traits = self._traits(raw, odoc, optr, object_wins=True)
        action = merged.get("action")
        if action not in ("send", "receive"):
            raise self.error(odoc, optr, "an operation's action must be 'send' or 'receive'")
        channel = self._channel_of(*merged.at("channel")) if "channel" in merged.data else None
        if channel is None:
            raise self.error(odoc, optr, "an operation needs a 'channel'")
        messages = self._listed_messages(merged, channel)
        reply = None
        if merged.get("reply") is not None:
            reply = self._reply(*merged.at("reply"))
        security = None
        if merged.get("security") is not None:
            security = self._security(*merged.at("security"))
        op = AsyncOperation(
            key="",
            name=name,
            action=action,
            channel=channel,
            location=self.loc(odoc, optr),
            messages=messages,
            reply=reply,
            bindings=self._merged_bindings(merged, "operation"),
            security=security,
            traits=traits,
        )
        return op, merged.data, odoc, optr

    def _listed_messages(self, owner: _Merged, channel: str | None) -> dict[str, AsyncMessage]:
        """A 3.0 operation's or reply's ``messages``; the channel's when none are listed."""
        if owner.get("messages") is None:
            found = self.body.channels.get(channel) if channel is not None else None
            return dict(found.messages) if found is not None else {}
        value, doc, pointer = owner.at("messages")
        out: dict[str, AsyncMessage] = {}
        for i, entry in enumerate(self.seq(value, doc, pointer, "messages")):
            if not isinstance(entry, dict) or "$ref" not in entry:
                raise self.error(doc, f"{pointer}/{i}", "an operation's message must be a $ref")
            _add(out, self._message(entry, doc, f"{pointer}/{i}", None))
        return out

    def _reply(self, value: Any, doc: Document, pointer: str) -> AsyncReply:
        raw, rdoc, rptr = self.deref(value, doc, pointer)
        raw = self.obj(raw, rdoc, rptr, "a reply")
        reply = _Merged(raw, dict.fromkeys(raw, (rdoc, rptr)))
        channel = self._channel_of(*reply.at("channel")) if raw.get("channel") is not None else None
        address = None
        if raw.get("address") is not None:
            avalue, adoc, aptr = self.deref(*reply.at("address"))
            address = self.text(self.obj(avalue, adoc, aptr, "a reply address").get("location"))
        return AsyncReply(
            location=self.loc(rdoc, rptr),
            channel=channel,
            address=address,
            messages=self._listed_messages(reply, channel),
        )

    # -- traits ----------------------------------------------------------------------------
    def _traits(
        self, raw: dict, doc: Document, pointer: str, *, object_wins: bool
    ) -> tuple[_Merged, tuple[str, ...]]:
        """``raw`` with its traits applied (JSON Merge Patch), and the traits' names."""
        own = {k: v for k, v in raw.items() if k != "traits"}
        if raw.get("traits") is None:
            return _Merged(own, dict.fromkeys(own, (doc, pointer))), ()
        layers: list[tuple[dict, Document, str]] = []
        names = []
        traits = self.seq(raw["traits"], doc, pointer + "/traits", "traits")
        for i, entry in enumerate(traits):
            tptr = f"{pointer}/traits/{i}"
            value, tdoc, tptr = self.deref(entry, doc, tptr)
            layers.append((self.obj(value, tdoc, tptr, "a trait"), tdoc, tptr))
            names.append(_last_token(tptr) if tptr != f"{pointer}/traits/{i}" else f"#{i}")
        order = [*layers, (own, doc, pointer)] if object_wins else [(own, doc, pointer), *layers]
        data: Any = {}
        origin: dict[str, tuple[Document, str]] = {}
        for layer, ldoc, lptr in order:
            data = self._merge_patch(data, layer)
            for key in layer:
                origin[key] = (ldoc, lptr)
        data = {k: v for k, v in data.items() if k != "traits"}
        return _Merged(data, {k: origin[k] for k in data}), tuple(names)

    def _merge_patch(self, target: Any, patch: Any) -> Any:
        """RFC 7396, memoised by the pair of objects (an alias bomb is merged once per
        distinct pair), and sharing what it need not copy."""
        if not isinstance(patch, dict) or not isinstance(target, dict) or target is patch:
            return patch
        key = (id(target), id(patch))
        done = self._merges.get(key)
        if done is not None:
            return done
        out = dict(target)
        for name, value in patch.items():
            if value is None:
                out.pop(name, None)
            else:
                out[name] = self._merge_patch(out.get(name), value)
        self._merges[key] = out
        return out

    # -- messages and payloads -------------------------------------------------------------
    def _message(
        self,
        value: Any,
        doc: Document,
        pointer: str,
        fallback: str | None,
        *,
        ref_name: str | None = None,
    ) -> AsyncMessage:
        if isinstance(value, dict) and "$ref" in value:
            target = self.resolver.resolve(value["$ref"], doc, pointer + "/$ref")
            raw, mdoc, mptr = target.value, target.doc, target.pointer
            ref_name = ref_name or _last_token(mptr)
        else:
            raw, mdoc, mptr = value, doc, pointer
        raw = self.obj(raw, mdoc, mptr, "a message")
        cached = self._messages.get(id(raw))
        if cached is not None:
            return cached
        merged, traits = self._traits(raw, mdoc, mptr, object_wins=self.v3)
        name = merged.get("name")
        message_id = merged.get("messageId") if not self.v3 else None
        key = next(
            (
                text(k, self.canon)
                for k in (name, message_id, ref_name, fallback)
                if isinstance(k, str) and k
            ),
            f"message at {mptr}",
        )
        fmt_raw = merged.get("schemaFormat") if not self.v3 else None
        payload, fmt = None, self._schema_format(fmt_raw)
        if merged.get("payload") is not None:
            payload, fmt = self._payload(*merged.at("payload"), fmt_raw=fmt_raw)
        headers = None
        if merged.get("headers") is not None:
            headers, _ = self._payload(*merged.at("headers"), fmt_raw=None)
        content_type = merged.get("contentType")
        content_type = (
            normalize_media_type(text(content_type, self.canon))
            if content_type is not None
            else self.body.default_content_type
        )
        correlation = None
        if merged.get("correlationId") is not None:
            cvalue, cdoc, cptr = self.deref(*merged.at("correlationId"))
            cvalue = self.obj(cvalue, cdoc, cptr, "a correlationId")
            correlation = self.text(cvalue.get("location"))
        message = AsyncMessage(
            key=key,
            location=self.loc(mdoc, mptr),
            payload=payload,
            headers=headers,
            content_type=content_type,
            schema_format=fmt,
            correlation_id=correlation,
            bindings=self._merged_bindings(merged, "message"),
            name=self.text(name),
            title=self.text(merged.get("title")),
            summary=self.text(merged.get("summary")),
            description=self.text(merged.get("description")),
            deprecated=merged.get("deprecated") is True,
            traits=traits,
            extensions=self.extensions(merged.data),
        )
        self._messages[id(raw)] = message
        return message

    def _payload(
        self,
        value: Any,
        doc: Document,
        pointer: str,
        fmt_raw: Any = None,
        name: str | None = None,
    ) -> tuple[Payload | None, str]:
        """A payload or headers schema in its format; a 3.0 Multi Format Schema Object
        (``{schemaFormat, schema}``) names its own."""
        if self.v3:
            peek, pdoc, pptr = value, doc, pointer
            if isinstance(value, dict) and "$ref" in value and not _is_remote(value["$ref"]):
                peek, pdoc, pptr = self.deref(value, doc, pointer)
            if isinstance(peek, dict) and "schemaFormat" in peek and "$ref" not in peek:
                fmt_raw = peek["schemaFormat"]
                value, doc, pointer = peek.get("schema"), pdoc, pptr + "/schema"
        fmt = self._schema_format(fmt_raw)
        if value is None:
            return None, fmt
        kind = _schema_kind(fmt)
        if kind == "json":
            return self.schemas.build(value, doc, pointer, name), fmt
        if kind == "avro":
            if self._avro is None:
                self._avro = _AvroReader(self)
            return self._avro.read(value, doc, pointer), fmt
        self.warn(f"{doc.name}: schema format '{fmt[:100]}' is not read; compared as text")
        value, doc, pointer = self.deref(value, doc, pointer)
        return OpaqueSchema(fmt, self.canon(value), self.loc(doc, pointer)), fmt

    def _schema_format(self, value: Any) -> str:
        """A ``schemaFormat`` as written (bounded, whatever it is), normalized."""
        return normalize_schema_format(text(value, self.canon)) if value else ASYNCAPI_SCHEMA

    # -- parameters and bindings -----------------------------------------------------------
    def _parameters(self, raw: dict, doc: Document, pointer: str) -> dict[str, AsyncParameter]:
        out = {}
        for name, value, pptr in self.entries(raw, "parameters", doc, pointer, "parameters"):
            value, pdoc, pptr = self.deref(value, doc, pptr)
            value = self.obj(value, pdoc, pptr, "a parameter")
            out[name] = self._parameter(name, value, pdoc, pptr)
        return out

    def _parameter(self, name: str, raw: dict, doc: Document, pointer: str) -> AsyncParameter:
        """A channel parameter or server variable; a 2.x schema saying only "a string"
        with an enum or a default is read as a 3.0 parameter says it."""
        enum, default = raw.get("enum"), raw.get("default")
        description = raw.get("description")
        schema = None
        if raw.get("schema") is not None:
            svalue, _, _ = self.deref(raw["schema"], doc, pointer + "/schema")
            plain = (
                isinstance(svalue, dict)
                and _PLAIN_PARAMETER.issuperset(svalue)
                and svalue.get("type", "string") == "string"
            )
            if plain:
                enum = svalue.get("enum", enum)
                default = svalue.get("default", default)
                if description is None:
                    description = svalue.get("description")
            else:
                schema = self.schemas.build(raw["schema"], doc, pointer + "/schema")
        if enum is not None and not isinstance(enum, list):
            raise self.error(doc, pointer + "/enum", "enum must be a list")
        return AsyncParameter(
            name=name,
            location=self.loc(doc, pointer),
            enum=frozenset(text(v, self.canon) for v in enum) if enum is not None else None,
            default=self.text(default),
            where=self.text(raw.get("location")),
            schema=schema,
            description=self.text(description),
        )

    def _merged_bindings(self, merged: _Merged, level: str) -> dict[str, AsyncBinding]:
        if merged.get("bindings") is None:
            return {}
        return self._bindings(*merged.at("bindings"), level)

    def _bindings(self, value: Any, doc: Document, pointer: str, level: str):
        value, doc, pointer = self.deref(value, doc, pointer)
        out: dict[str, AsyncBinding] = {}
        for protocol, entry in self.obj(value, doc, pointer, "bindings").items():
            protocol = str(protocol)
            bvalue, bdoc, bptr = self.deref(entry, doc, f"{pointer}/{_escape(protocol)}")
            if protocol[:2] == "x-":
                continue
            binding = self.obj(bvalue, bdoc, bptr, "a binding")
            schema_fields = _SCHEMA_BINDINGS.get((level, protocol), ())
            values, schemas = {}, {}
            for field, fvalue in binding.items():
                field = str(field)
                if field in schema_fields and isinstance(fvalue, dict):
                    fptr = f"{bptr}/{_escape(field)}"
                    built, _ = self._payload(fvalue, bdoc, fptr)
                    if isinstance(built, Schema):
                        schemas[field] = built
                        continue
                values[field] = self.canon(fvalue)
            out[protocol] = AsyncBinding(protocol, self.loc(bdoc, bptr), values, schemas)
        return out

    # -- servers and security --------------------------------------------------------------
    def _server(self, name: str, value: Any, doc: Document, pointer: str) -> AsyncServer:
        raw, sdoc, sptr = self.deref(value, doc, pointer)
        raw = self.obj(raw, sdoc, sptr, "a server")
        protocol = self.text(raw.get("protocol")) or ""
        if self.v3:
            host = self.text(raw.get("host")) or ""
            pathname = self.text(raw.get("pathname"))
        else:
            host, pathname = _split_url(self.text(raw.get("url")) or "")
        variables = {}
        for vname, var, vptr in self.entries(raw, "variables", sdoc, sptr, "variables"):
            var, vdoc, vptr = self.deref(var, sdoc, vptr)
            variables[vname] = self._parameter(
                vname, self.obj(var, vdoc, vptr, "a server variable"), vdoc, vptr
            )
        security = None
        if raw.get("security") is not None:
            security = self._security(raw["security"], sdoc, sptr + "/security")
        return AsyncServer(
            name=name,
            host=host,
            protocol=protocol.lower(),
            location=self.loc(sdoc, sptr),
            protocol_version=self.text(raw.get("protocolVersion")),
            pathname=pathname or None,
            variables=variables,
            security=security,
            bindings=self._bindings(raw.get("bindings"), sdoc, sptr + "/bindings", "server"),
            title=self.text(raw.get("title")),
            summary=self.text(raw.get("summary")),
            description=self.text(raw.get("description")),
        )

    def _security(self, value: Any, doc: Document, pointer: str) -> tuple[SecurityRequirement, ...]:
        """Alternatives, each the schemes it needs with their scopes: 2.x ``{name: [scopes]}``
        objects; 3.0 schemes (or $refs to them), any one of which suffices."""
        alternatives = set()
        for i, entry in enumerate(self.seq(value, doc, pointer, "security")):
            eptr = f"{pointer}/{i}"
            if self.v3:
                alternatives.add(frozenset([self._scheme_requirement(entry, doc, eptr)]))
                continue
            entry = self.obj(entry, doc, eptr, "a security requirement")
            alternatives.add(
                frozenset(
                    (str(name), frozenset(text(s, self.canon) for s in scopes or ()))
                    for name, scopes in entry.items()
                    if isinstance(scopes, list | type(None))
                )
            )
        return tuple(sorted(alternatives, key=_requirement_sort_key))

    def _scheme_requirement(
        self, entry: Any, doc: Document, pointer: str
    ) -> tuple[str, frozenset[str]]:
        if isinstance(entry, dict) and "$ref" in entry:
            target = self.resolver.resolve(entry["$ref"], doc, pointer + "/$ref")
            name, raw = _last_token(target.pointer), target.value
            raw = self.obj(raw, target.doc, target.pointer, "a security scheme")
        else:
            raw = self.obj(entry, doc, pointer, "a security scheme")
            name = f"<inline {self.text(raw.get('type'))}>"
        scopes = raw.get("scopes") if isinstance(raw.get("scopes"), list) else []
        return name, frozenset(text(s, self.canon) for s in scopes)

    def _scheme(self, name: str, raw: dict, doc: Document, pointer: str) -> SecurityScheme:
        """The fields of a scheme a client's code depends on, flattened (2.x and 3.0 alike:
        3.0's ``availableScopes`` are 2.x's ``scopes``)."""
        kind = self.text(raw.get("type")) or ""
        details: dict[str, str] = {}
        scopes: set[str] = set()
        if kind in ("httpApiKey", "apiKey"):
            details["in"] = self.text(raw.get("in")) or ""
            if kind == "httpApiKey":
                key_name = self.text(raw.get("name")) or ""
                details["name"] = key_name.lower() if details["in"] == "header" else key_name
        elif kind == "http":
            details["scheme"] = (self.text(raw.get("scheme")) or "").lower()
            if raw.get("bearerFormat") is not None:
                details["bearerFormat"] = self.text(raw["bearerFormat"]) or ""
        elif kind == "oauth2":
            flows = raw.get("flows") if isinstance(raw.get("flows"), dict) else {}
            for flow_name, flow in sorted(flows.items(), key=lambda kv: str(kv[0])):
                if not isinstance(flow, dict):
                    continue
                for url_key in ("authorizationUrl", "tokenUrl", "refreshUrl"):
                    if flow.get(url_key) is not None:
                        details[f"flows.{flow_name}.{url_key}"] = self.text(flow[url_key]) or ""
                found = flow.get("availableScopes", flow.get("scopes"))
                if isinstance(found, dict):
                    scopes.update(text(s, self.canon) for s in found)
        elif kind == "openIdConnect":
            details["openIdConnectUrl"] = self.text(raw.get("openIdConnectUrl")) or ""
        return SecurityScheme(
            name=name,
            type=kind,
            location=self.loc(doc, pointer),
            details=details,
            scopes=frozenset(scopes),
        )


class _AvroReader:
    """Avro schemas (the JSON form: names, records, enums, arrays, maps, fixed, unions) ->
    ``AvroType`` trees with locations. Named types are resolved by full name in one space
    per contract, as Avro resolves them; a container is read once whatever aliases it."""

    def __init__(self, loader: AsyncAPILoader) -> None:
        self.loader = loader
        self.names: dict[str, AvroType] = {}
        self._memo: dict[tuple[int, str], AvroType] = {}
        self._depth = 0

    def error(self, doc: Document, pointer: str, message: str) -> InputError:
        return self.loader.error(doc, pointer, message)

    def read(self, value: Any, doc: Document, pointer: str) -> AvroType:
        value, doc, pointer = self.loader.deref(value, doc, pointer)
        return self._type(value, doc, pointer, "")

    def _type(self, value: Any, doc: Document, pointer: str, namespace: str) -> AvroType:
        loc = self.loader.loc(doc, pointer)
        if value is None:  # YAML's bare `null`: what an Avro schema in YAML means by it
            value = "null"
        if isinstance(value, str):
            if value in _AVRO_PRIMITIVES:
                return AvroType(value, loc)
            full = value if "." in value or not namespace else f"{namespace}.{value}"
            found = self.names.get(full) or self.names.get(value)
            if found is None:
                raise self.error(doc, pointer, f"unknown Avro type {_short(value)}")
            return found
        key = (id(value), namespace)
        cached = self._memo.get(key)
        if cached is not None:
            return cached
        self._depth += 1
        if self._depth > MAX_SCHEMA_DEPTH:
            raise LimitError(
                f"Avro schema nests more than {MAX_SCHEMA_DEPTH} levels at {pointer}",
                file=doc.name,
            )
        try:
            if isinstance(value, list):
                node = AvroType("union", loc)
                self._memo[key] = node
                node.branches = tuple(
                    self._type(v, doc, f"{pointer}/{i}", namespace) for i, v in enumerate(value)
                )
                return node
            if not isinstance(value, dict):
                raise self.error(doc, pointer, "an Avro schema must be a name, list or object")
            return self._complex(value, doc, pointer, namespace, key)
        finally:
            self._depth -= 1

    def _complex(
        self, raw: dict, doc: Document, pointer: str, namespace: str, key: tuple[int, str]
    ) -> AvroType:
        loader = self.loader
        kind = raw.get("type")
        if not isinstance(kind, str):  # {"type": {...}} or {"type": [...]}: that schema
            return self._type(kind, doc, pointer + "/type", namespace)
        loc = loader.loc(doc, pointer)
        if kind in _AVRO_PRIMITIVES:
            node = AvroType(kind, loc, logical_type=_opt_str(raw.get("logicalType")))
            node.precision = _opt_int(raw.get("precision"))
            node.scale = _opt_int(raw.get("scale"))
            self._memo[key] = node
            return node
        if kind in ("record", "error", "enum", "fixed"):
            node = AvroType("record" if kind == "error" else kind, loc)
            namespace = self._name(node, raw, doc, pointer, namespace)
            self._memo[key] = node
            node.doc = _opt_str(raw.get("doc"))
            if kind == "enum":
                symbols = loader.seq(raw.get("symbols"), doc, pointer + "/symbols", "symbols")
                node.symbols = tuple(text(s, loader.canon) for s in symbols)
                node.enum_default = _opt_str(raw.get("default"))
            elif kind == "fixed":
                node.size = _opt_int(raw.get("size"))
                node.logical_type = _opt_str(raw.get("logicalType"))
                node.precision = _opt_int(raw.get("precision"))
                node.scale = _opt_int(raw.get("scale"))
            else:
                fields = loader.seq(raw.get("fields"), doc, pointer + "/fields", "fields")
                node.fields = tuple(
                    self._field(f, doc, f"{pointer}/fields/{i}", namespace)
                    for i, f in enumerate(fields)
                )
            return node
        if kind in ("array", "map"):
            node = AvroType(kind, loc)
            self._memo[key] = node
            attr = "items" if kind == "array" else "values"
            if attr not in raw:
                raise self.error(doc, pointer, f"an Avro {kind} needs '{attr}'")
            setattr(node, attr, self._type(raw[attr], doc, f"{pointer}/{attr}", namespace))
            return node
        return self._type(kind, doc, pointer + "/type", namespace)  # {"type": "MyRecord"}

    def _name(self, node: AvroType, raw: dict, doc: Document, pointer: str, namespace: str):
        name = raw.get("name")
        if not isinstance(name, str) or not _AVRO_NAME.fullmatch(name):
            raise self.error(doc, pointer, f"an Avro {node.kind} needs a valid 'name'")
        space = raw.get("namespace")
        if "." in name:
            full = name
        elif isinstance(space, str) and space:
            full = f"{space}.{name}"
        else:
            full = f"{namespace}.{name}" if namespace else name
        if full in self.names:
            raise self.error(doc, pointer, f"Avro type {_short(full)} is defined twice")
        node.name = full
        self.names[full] = node
        inner = full.rpartition(".")[0]
        aliases = raw.get("aliases") if isinstance(raw.get("aliases"), list) else []
        node.aliases = frozenset(
            a if "." in a or not inner else f"{inner}.{a}" for a in aliases if isinstance(a, str)
        )
        return inner

    def _field(self, raw: Any, doc: Document, pointer: str, namespace: str) -> AvroField:
        raw = self.loader.obj(raw, doc, pointer, "an Avro field")
        name = raw.get("name")
        if not isinstance(name, str):
            raise self.error(doc, pointer, "an Avro field needs a 'name'")
        if "type" not in raw:
            raise self.error(doc, pointer, "an Avro field needs a 'type'")
        aliases = raw.get("aliases") if isinstance(raw.get("aliases"), list) else []
        return AvroField(
            name=name,
            type=self._type(raw["type"], doc, pointer + "/type", namespace),
            location=self.loader.loc(doc, pointer),
            default=self.loader.canon(raw["default"]) if "default" in raw else None,
            aliases=frozenset(a for a in aliases if isinstance(a, str)),
            order=raw["order"]
            if raw.get("order") in ("ascending", "descending", "ignore")
            else "ascending",
            doc=_opt_str(raw.get("doc")),
        )


def _short(value: str) -> str:
    return repr(value if len(value) <= 120 else value[:120] + "...")


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _opt_int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _add(messages: dict[str, AsyncMessage], message: AsyncMessage) -> None:
    """Add a message under its key; two different messages with one key both stay."""
    key, n = message.key, 1
    while key in messages and messages[key] is not message:
        n += 1
        key = f"{message.key} #{n}"
    messages[key] = message


def _with_key(op: AsyncOperation, key: str) -> AsyncOperation:
    from dataclasses import replace

    return replace(op, key=key)


def _split_url(url: str) -> tuple[str, str | None]:
    """A 2.x server ``url`` the 3.0 way: ``ws://example.com/ws`` -> (``example.com``, ``/ws``)."""
    rest = url.split("://", 1)[1] if "://" in url else url
    host, slash, path = rest.partition("/")
    return host, (slash + path if slash and path else None)


def _common_server(server: AsyncServer) -> Server:
    url = f"{server.protocol}://{server.host}{server.pathname or ''}"
    variables = {name: (var.default, var.enum) for name, var in sorted(server.variables.items())}
    return Server(
        url=_PARAM.sub("{}", url), display=url, location=server.location, variables=variables
    )


def _requirement_sort_key(alternative: frozenset) -> list:
    return sorted((name, sorted(scopes)) for name, scopes in alternative)


def load_document(doc: Document, source: Source, dialect: str, options: LoadOptions) -> Contract:
    """Load an AsyncAPI 2.x or 3.0 document (already parsed) into a ``Contract``."""
    if not isinstance(doc.data, dict):
        raise InputError("an AsyncAPI document must be an object", file=doc.name)
    return AsyncAPILoader(doc, resolver_for(doc, source, options), dialect).load()
