"""Event APIs (AsyncAPI 2.x and 3.0, loaded into ``AsyncAPI`` bodies): walk two contracts
once and list the changes, for ``rules.asyncapi`` and the shared schema rules.

Channels pair by address (parameter names blanked), operations by action + channel,
messages by name, servers by name. Direction comes from the operation's action: what the
application **sends** is what its consumers receive (``RESPONSE``), what it **receives** is
what producers send it (``REQUEST``); a 3.0 ``reply`` flows the other way from its
operation, and a message used both ways is registered both ways. Payloads, headers and
schema-valued bindings (a Kafka message key) are schema places of the same pair graph
OpenAPI's bodies use (``places``), so the generated schema rules judge them with the same
ids; Avro payloads are judged by Avro's own resolution rules (``avro``).
"""

from __future__ import annotations

from types import SimpleNamespace

from ..model import Contract, Direction, Operation, Schema
from ..model.asyncapi import (
    AsyncAPI,
    AsyncBinding,
    AsyncChannel,
    AsyncMessage,
    AsyncOperation,
    AsyncParameter,
    AsyncReply,
    AvroType,
    OpaqueSchema,
    Payload,
)
from ..spans import code
from . import avro
from .change import Change
from .lifecycle import stability_verb, sunset_verb
from .options import DiffOptions
from .pairing import pair
from .places import Place, Places, reached_names
from .schema import PairKey, SchemaDiffer
from .security import SecurityWalk
from .servers import TEMPLATE_VARIABLE, ServersWalk, template_variables
from .site import Site

__all__ = ["compare"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE


def compare(old: Contract, new: Contract, options: DiffOptions | None = None) -> list[Change]:
    """Every difference between two AsyncAPI contracts, as facts (unclassified)."""
    return _Walker(old, new, options or DiffOptions()).run()


def _body(contract: Contract) -> AsyncAPI:
    body = contract.body
    return body if isinstance(body, AsyncAPI) else AsyncAPI(spec_version="")


def _message_schemas(body: AsyncAPI) -> list[Schema | None]:
    """Every JSON Schema a message of ``body`` carries (payload, headers, binding schemas)."""
    out: list[Schema | None] = []
    messages: list[AsyncMessage] = list(body.messages.values())
    for op in body.operations.values():
        messages.extend(op.messages.values())
        if op.reply is not None:
            messages.extend(op.reply.messages.values())
    for channel in body.channels.values():
        messages.extend(channel.messages.values())
        out.extend(p.schema for p in channel.parameters.values())
    for message in messages:
        for value in (message.payload, message.headers):
            if isinstance(value, Schema):
                out.append(value)
        for binding in message.bindings.values():
            out.extend(binding.schemas.values())
    return out


class _Walker(Places, SecurityWalk, ServersWalk):
    def __init__(self, old: Contract, new: Contract, options: DiffOptions) -> None:
        self.old, self.new = old, new
        self.a, self.b = _body(old), _body(new)
        self.schemas = SchemaDiffer(
            [
                *_message_schemas(self.a),
                *old.schemas.values(),
                *_message_schemas(self.b),
                *new.schemas.values(),
            ],
            max_pairs=options.max_pairs,
            source=new.source,
            open_enums=options.open_enums,
        )
        self.out: list[Change] = []
        self.roots: list[tuple[PairKey, Place]] = []
        self._moved: dict[str, str] = {}
        self._message_users: dict[tuple[int, int], list[str]] = {}
        # Operations by channel, once per side: lookups below must not scan every operation
        # per channel (thousands of each in a hostile document).
        self._on_a = _by_channel(self.a)
        self._on_b = _by_channel(self.b)
        self._renames = self._scheme_renames()

    def _used_components(self, contract: Contract) -> set[str]:
        return reached_names(_message_schemas(_body(contract)))

    # Shared components are reported once per direction: say it the way events flow.
    def _group_words(self, name: str, direction: Direction) -> tuple[str, str]:
        who = "consumers receive" if direction is RESPONSE else "producers send"
        return f"schema {code(name)} in messages {who}", f"schema {code(name)} ({who})"

    def run(self) -> list[Change]:
        moved = self._moved = self._channels()
        self._operations(moved)
        self._servers_by_name()
        self._security_schemes()
        self._attribute()
        self._components()
        for change in self.out:  # the lists of a message's users, complete now
            users = change.info.get("operations")
            if isinstance(users, list):
                change.info["operations"] = tuple(users)
        return self.out

    # -- channels --------------------------------------------------------------------------
    def _channels(self) -> dict[str, str]:
        """Compare channels; returns OLD channel key -> NEW key for channels whose address
        changed (recognised by the named operations that moved with them)."""
        paired = pair(self.a.channels, self.b.channels)
        moved = self._moved_channels(paired.removed, paired.added)
        taken = set(moved.values())
        top = Site(self.out, "", ("channels",), operation="channels", display="channels")
        for key, channel in paired.removed:
            if key in moved:
                continue
            ops = self._on_a.get(key, [])
            common = [self.old.operations[op.key] for op in ops if op.key in self.old.operations]
            deprecated = channel.deprecated or (bool(common) and all(o.deprecated for o in common))
            sunsets = sorted({o.sunset for o in common if o.sunset})
            top.at(_channel_where(channel), key, old_loc=channel.location, new_loc=None).removed(
                "asyncapi.channel",
                old=channel.address or key,
                deprecated=deprecated,
                sunset=sunsets[0] if sunsets else None,
                operations_removed=tuple(sorted(o.display for o in common)),
            )
        for key, channel in paired.added:
            if key in taken:
                continue
            top.at(_channel_where(channel), key, old_loc=None, new_loc=channel.location).added(
                "asyncapi.channel", new=channel.address or key
            )
        both = [(k, a, b) for k, a, b in paired.both]
        both += [(moved[k], a, self.b.channels[moved[k]]) for k, a in paired.removed if k in moved]
        for key, ca, cb in sorted(both, key=lambda t: t[0]):
            site = top.at(_channel_where(cb), key, old_loc=ca.location, new_loc=cb.location)
            if ca.key != cb.key:
                site.changed("asyncapi.channel.address", ca.address, cb.address, "address")
            self._channel(ca, cb, site)
        return moved

    def _moved_channels(self, removed, added) -> dict[str, str]:
        """A removed channel and an added one are one channel whose address changed when
        they share a named operation (same action and name), and neither's named operations
        live on any other channel of the other version: the removed one's that remain are
        all on the added one, the added one's that existed were all on the removed one.
        Operations that came or went meanwhile are reported as such. The test reads the same
        both ways, so swapping the versions swaps the findings."""
        if not removed or not added:
            return {}
        added_keys = {k for k, _ in added}
        where_now = self._named_places(self.new, self._on_b)
        where_before = self._named_places(self.old, self._on_a)
        moved: dict[str, str] = {}
        targets_taken: set[str] = set()
        for key, _channel in removed:
            names = self._named_ops(self.old, self._on_a.get(key, []))
            targets = {where_now[n] for n in names if n in where_now}
            if len(targets) != 1:
                continue
            target = targets.pop()
            if target not in added_keys or target in targets_taken:
                continue
            sources = {
                where_before[n]
                for n in self._named_ops(self.new, self._on_b.get(target, []))
                if n in where_before
            }
            if sources == {key}:
                targets_taken.add(target)
                moved[key] = target
        return moved

    def _named_ops(self, contract: Contract, ops: list[AsyncOperation]) -> list[tuple[str, str]]:
        return [(op.action, op.name) for op in ops if self._named(contract, op)]

    def _named_places(
        self, contract: Contract, on: dict[str, list[AsyncOperation]]
    ) -> dict[tuple[str, str], str]:
        """Each named operation of a version -> the key of the channel it is on."""
        return {name: key for key in sorted(on) for name in self._named_ops(contract, on[key])}

    @staticmethod
    def _named(contract: Contract, op: AsyncOperation) -> bool:
        common = contract.operations.get(op.key)
        return common is not None and common.operation_id is not None

    def _channel(self, ca: AsyncChannel, cb: AsyncChannel, site: Site) -> None:
        self._deprecation(ca.deprecated, cb.deprecated, site, "asyncapi.channel")
        self._bindings(ca.bindings, cb.bindings, site, "channel", None)
        # Parameters pair by their position in the address: their names are not on the wire.
        names_a = template_variables(ca.address or "")
        names_b = template_variables(cb.address or "")
        for na, nb in zip(names_a, names_b, strict=False):
            pa, pb = ca.parameters.get(na), cb.parameters.get(nb)
            psite = site.at(
                f"{_channel_where(cb)} parameter {code(nb)}",
                "parameters",
                str(names_b.index(nb)),
                info={"parameter": nb},
            )
            self._parameter(pa, pb, psite)

    def _parameter(self, pa: AsyncParameter | None, pb: AsyncParameter | None, site: Site):
        pa = pa or AsyncParameter(name="", location=site.old_loc)
        pb = pb or AsyncParameter(name="", location=site.new_loc)
        site = site.at(old_loc=pa.location, new_loc=pb.location)
        if pa.enum is not None and pb.enum is not None:
            for value in sorted(pa.enum - pb.enum):
                site.emit("asyncapi.parameter.enum-value.removed", value, old=value, new_loc=None)
            for value in sorted(pb.enum - pa.enum):
                site.emit("asyncapi.parameter.enum-value.added", value, new=value, old_loc=None)
        elif pa.enum is None and pb.enum is not None:
            site.emit("asyncapi.parameter.enum.added", "enum", new=sorted(pb.enum))
        elif pa.enum is not None and pb.enum is None:
            site.emit("asyncapi.parameter.enum.removed", "enum", old=sorted(pa.enum))
        site.tri_state("asyncapi.parameter.default", pa.default, pb.default, "default")
        site.tri_state("asyncapi.parameter.location", pa.where, pb.where, "location")
        if pa.schema is not None or pb.schema is not None:
            here = site.at(old_loc=pa.location, new_loc=pb.location, direction=REQUEST)
            # As text while it stays the same parameter (one renamed in its place in the
            # address may take other values now, as for an OpenAPI path parameter).
            self._schema_root(here, pa.schema, pb.schema, "parameter", text=pa.name == pb.name)

    # -- operations ------------------------------------------------------------------------
    def _operations(self, moved: dict[str, str]) -> None:
        removed_channels = {k for k in self.a.channels if k not in self.b.channels}
        added_channels = {k for k in self.b.channels if k not in self.a.channels}
        # An operation on a moved channel pairs with its namesake on the new address.
        old_ops = {}
        for key, op in self.a.operations.items():
            if op.channel in moved:
                target = next(
                    (
                        o.key
                        for o in self._on_b.get(moved[op.channel], [])
                        if (o.action, o.name) == (op.action, op.name)
                    ),
                    None,
                )
                if target is not None:
                    key = target
            old_ops.setdefault(key, op)
        paired = pair(old_ops, self.b.operations)
        flipped = _flips(paired.removed, paired.added)
        taken = set(flipped.values())
        for key, op in paired.removed:
            a = self.old.operations[op.key]
            if op.channel in removed_channels and op.channel not in moved:
                continue  # the channel's removal says it
            if key in flipped:
                b = self.new.operations[flipped[key]]
                self._site(a, b).at(None, "action").changed(
                    "asyncapi.operation.action", op.action, self.b.operations[flipped[key]].action
                )
                continue
            self._site(a, None).removed(
                "asyncapi.operation",
                old=a.display,
                action=op.action,
                deprecated=a.deprecated,
                sunset=a.sunset,
                stability=a.stability,
                deprecated_since=a.deprecated_since,
            )
        moved_to = set(moved.values())
        for key, op in paired.added:
            if op.channel in added_channels and op.channel not in moved_to:
                continue
            if key in taken:
                continue
            b = self.new.operations[op.key]
            self._site(None, b).added("asyncapi.operation", new=b.display, action=op.action)
        for _key, oa, ob in paired.both:
            self._operation(oa, ob)

    def _site(self, a: Operation | None, b: Operation | None) -> Site:
        op = b or a
        return Site(
            self.out,
            code(op.display),
            (op.key,),
            operation=op.key,
            display=op.display,
            old_loc=a.location if a is not None else None,
            new_loc=b.location if b is not None else None,
        )

    def _operation(self, oa: AsyncOperation, ob: AsyncOperation) -> None:
        a, b = self.old.operations[oa.key], self.new.operations[ob.key]
        site = self._site(a, b)
        if a.deprecated != b.deprecated:
            site.emit(
                "operation.deprecated." + ("added" if b.deprecated else "removed"),
                "deprecated",
                old=a.deprecated,
                new=b.deprecated,
                sunset=b.sunset,
            )
        sunset = sunset_verb(a.sunset, b.sunset, b.deprecated)
        if sunset is not None:
            site.emit(
                f"operation.sunset.{sunset}",
                "x-sunset",
                old=a.sunset,
                new=b.sunset,
                deprecated=b.deprecated,
            )
        stability = stability_verb(a.stability, b.stability)
        if stability is not None:
            site.emit(
                f"operation.stability.{stability}",
                "x-stability-level",
                old=a.stability or "stable",
                new=b.stability or "stable",
            )
        self._security(a, b)
        self._bindings(oa.bindings, ob.bindings, site, "operation", ob.direction)
        self._messages(oa.messages, ob.messages, site, ob.action, ob.direction, "messages")
        self._reply(oa, ob, site)

    def _reply(self, oa: AsyncOperation, ob: AsyncOperation, site: Site) -> None:
        ra, rb = oa.reply, ob.reply
        if ra is None and rb is None:
            return
        rsite = site.at(f"{site.where} reply", "reply")
        if rb is None:
            rsite.at(old_loc=ra.location).removed("asyncapi.reply", action=ob.action)
            return
        if ra is None:
            rsite.at(new_loc=rb.location).added("asyncapi.reply", action=ob.action)
            return
        rsite = rsite.at(old_loc=ra.location, new_loc=rb.location)
        # A reply channel that moved with its address is the same channel (said once).
        old_address = _reply_address(ra)
        if ra.address is None and ra.channel in self._moved:
            old_address = self._moved[ra.channel]
        rsite.changed("asyncapi.reply.address", old_address, _reply_address(rb), "address")
        # The reply flows the other way: the application that sends expects replies.
        action = "receive" if ob.action == "send" else "send"
        self._messages(ra.messages, rb.messages, rsite, action, ob.direction.reversed(), "reply")

    # -- messages --------------------------------------------------------------------------
    def _messages(
        self,
        ma: dict[str, AsyncMessage],
        mb: dict[str, AsyncMessage],
        site: Site,
        action: str,
        direction: Direction,
        part: str,
    ) -> None:
        paired = _renamed_in_address(pair(ma, mb))
        info = {"action": action}
        for key, message in paired.removed:
            site.at(
                f"{site.where} message {code(key)}",
                part,
                key,
                old_loc=message.location,
                new_loc=site.new_loc,
                direction=direction,
            ).removed(
                "asyncapi.message",
                old=key,
                deprecated=message.deprecated,
                sunset=_text(message.extensions.get("x-sunset")),
                **info,
            )
        for key, message in paired.added:
            site.at(
                f"{site.where} message {code(key)}",
                part,
                key,
                old_loc=site.old_loc,
                new_loc=message.location,
                direction=direction,
            ).added("asyncapi.message", new=key, **info)
        for key, a, b in paired.both:
            msite = site.at(
                f"message {code(key)}",
                part,
                key,
                old_loc=a.location,
                new_loc=b.location,
                direction=direction,
                info=info,
            )
            self._message(a, b, msite, direction)

    def _message(self, a: AsyncMessage, b: AsyncMessage, site: Site, direction: Direction):
        # What the message itself says (content type, correlation id, bindings...) is one
        # fact however many operations use it: reported once, listing them. Its payload is
        # judged per operation, in each one's direction.
        users = self._message_users.get((id(a), id(b)))
        if users is None:
            users = self._message_users[(id(a), id(b))] = []
            facts = Site(
                self.out,
                f"message {code(b.key)}",
                ("messages", b.key),
                operation=f"message {b.key}",
                display=f"message {code(b.key)}",
                old_loc=a.location,
                new_loc=b.location,
                info={"operations": users},
            )
            self._message_facts(a, b, facts)
            self._bindings(a.bindings, b.bindings, facts, "message", None, values_only=True)
        if site.display not in users:
            users.append(site.display)
        self._payload(a.payload, b.payload, site.at(f"{site.where} payload", "payload"), direction)
        self._payload(a.headers, b.headers, site.at(f"{site.where} headers", "headers"), direction)
        self._bindings(a.bindings, b.bindings, site, "message", direction, schemas_only=True)

    def _message_facts(self, a: AsyncMessage, b: AsyncMessage, site: Site) -> None:
        self._deprecation(a.deprecated, b.deprecated, site, "asyncapi.message")
        site.changed("asyncapi.message.content-type", a.content_type, b.content_type, "contentType")
        site.tri_state(
            "asyncapi.message.correlation-id", a.correlation_id, b.correlation_id, "correlationId"
        )
        if a.schema_format != b.schema_format:
            site.emit(
                "asyncapi.message.schema-format.changed",
                "schemaFormat",
                old=a.schema_format,
                new=b.schema_format,
            )

    def _payload(self, pa: Payload | None, pb: Payload | None, site: Site, direction: Direction):
        if pa is None and pb is None:
            return
        if isinstance(pa, AvroType) and isinstance(pb, AvroType):
            avro.compare(pa, pb, site, direction)
            return
        if isinstance(pa, OpaqueSchema) and isinstance(pb, OpaqueSchema):
            if pa.canonical != pb.canonical:
                site.emit(
                    "asyncapi.payload.opaque.changed",
                    old_loc=pa.location,
                    new_loc=pb.location,
                    format=pb.schema_format,
                )
            return
        if isinstance(pa, Schema | None) and isinstance(pb, Schema | None):
            self._schema_root(site.at(direction=direction), pa, pb, "body")
        # Different kinds of schema: the message's schemaFormat change says it.

    # -- bindings --------------------------------------------------------------------------
    def _bindings(
        self,
        ba: dict[str, AsyncBinding],
        bb: dict[str, AsyncBinding],
        site: Site,
        level: str,
        direction: Direction | None,
        *,
        values_only: bool = False,
        schemas_only: bool = False,
    ) -> None:
        """Bindings per protocol: values as facts, schema-valued fields (a Kafka key) as
        schema places in ``direction``; a message's are split (``values_only`` once per
        message, ``schemas_only`` per operation)."""
        paired = pair(ba, bb)
        if schemas_only:
            for protocol, xa, xb in paired.both:
                self._binding_schemas(xa, xb, site, protocol, level, direction)
            return
        for protocol, binding in paired.removed:
            site.at(f"{site.where} {protocol} bindings", "bindings", protocol).emit(
                "asyncapi.binding.removed",
                old=protocol,
                old_loc=binding.location,
                protocol=protocol,
                level=level,
            )
        for protocol, binding in paired.added:
            site.at(f"{site.where} {protocol} bindings", "bindings", protocol).emit(
                "asyncapi.binding.added",
                new=protocol,
                new_loc=binding.location,
                protocol=protocol,
                level=level,
            )
        for protocol, xa, xb in paired.both:
            bsite = site.at(
                f"{site.where} {protocol} binding",
                "bindings",
                protocol,
                old_loc=xa.location,
                new_loc=xb.location,
            )
            for name, va, vb in pair(xa.values, xb.values).both:
                # The binding schema's own version is not on the wire.
                if va != vb and name != "bindingVersion":
                    bsite.emit(
                        "asyncapi.binding.field.changed",
                        name,
                        where=f"{bsite.where} `{name}`",
                        old=_decode(va),
                        new=_decode(vb),
                        protocol=protocol,
                        field=name,
                        level=level,
                    )
            fields = pair(
                {k: v for k, v in xa.values.items() if k != "bindingVersion"},
                {k: v for k, v in xb.values.items() if k != "bindingVersion"},
            )
            for name, value in fields.removed:
                bsite.emit(
                    "asyncapi.binding.field.removed",
                    name,
                    where=f"{bsite.where} `{name}`",
                    old=_decode(value),
                    protocol=protocol,
                    field=name,
                    level=level,
                )
            for name, value in fields.added:
                bsite.emit(
                    "asyncapi.binding.field.added",
                    name,
                    where=f"{bsite.where} `{name}`",
                    new=_decode(value),
                    protocol=protocol,
                    field=name,
                    level=level,
                )
            self._binding_schema_presence(xa, xb, bsite, protocol, level)
            if not values_only:
                self._binding_schemas(xa, xb, site, protocol, level, direction)

    def _binding_schemas(
        self,
        xa: AsyncBinding,
        xb: AsyncBinding,
        site: Site,
        protocol: str,
        level: str,
        direction: Direction | None,
    ) -> None:
        schemas = pair(xa.schemas, xb.schemas)
        for name, sa, sb in schemas.both:
            # A Kafka message key is produced and consumed like the payload.
            here = site.at(
                f"{site.where} {protocol} {name}",
                "bindings",
                protocol,
                name,
                old_loc=sa.location,
                new_loc=sb.location,
                direction=direction or REQUEST,
            )
            self._schema_root(here, sa, sb, "body")

    def _binding_schema_presence(
        self, xa: AsyncBinding, xb: AsyncBinding, bsite: Site, protocol: str, level: str
    ) -> None:
        schemas = pair(xa.schemas, xb.schemas)
        for name, _sa in schemas.removed:
            bsite.emit(
                "asyncapi.binding.field.removed",
                name,
                where=f"{bsite.where} `{name}`",
                old=name,
                protocol=protocol,
                field=name,
                level=level,
            )
        for name, _sb in schemas.added:
            bsite.emit(
                "asyncapi.binding.field.added",
                name,
                where=f"{bsite.where} `{name}`",
                new=name,
                protocol=protocol,
                field=name,
                level=level,
            )

    # -- deprecation -----------------------------------------------------------------------
    @staticmethod
    def _deprecation(a: bool, b: bool, site: Site, kind: str) -> None:
        if a != b:
            site.emit(f"{kind}.deprecated." + ("added" if b else "removed"), "deprecated")

    # -- servers ---------------------------------------------------------------------------
    def _servers_by_name(self) -> None:
        """Servers pair by name; one whose protocol or host changed under its name is said
        so; the rest go through the URL comparison every format shares (a server renamed
        with the same URL is no change)."""
        servers = pair(self.a.servers, self.b.servers)
        top = Site(self.out, "", ("servers",), operation="servers", display="servers")
        rest_a = [s for _, s in servers.removed]
        rest_b = [s for _, s in servers.added]
        for name, sa, sb in servers.both:
            site = top.at(f"server {code(name)}", name, old_loc=sa.location, new_loc=sb.location)
            same_url = (sa.protocol, sa.host, sa.pathname) == (sb.protocol, sb.host, sb.pathname)
            if same_url:
                rest_a.append(sa)
                rest_b.append(sb)
            else:
                site.changed("asyncapi.server.protocol", sa.protocol, sb.protocol, "protocol")
                site.changed("asyncapi.server.host", sa.host, sb.host, "host")
                site.changed("asyncapi.server.pathname", sa.pathname, sb.pathname, "pathname")
            if sa.security != sb.security:
                shim_a = SimpleNamespace(
                    key=f"server {name}",
                    display=f"server {name}",
                    security=sa.security,
                    location=sa.location,
                )
                shim_b = SimpleNamespace(
                    key=f"server {name}",
                    display=f"server {name}",
                    security=sb.security,
                    location=sb.location,
                )
                self._security(shim_a, shim_b)
        by_url_a = {
            id(s): c for s, c in zip(self.a.servers.values(), self.old.servers, strict=False)
        }
        by_url_b = {
            id(s): c for s, c in zip(self.b.servers.values(), self.new.servers, strict=False)
        }
        self._servers(
            tuple(by_url_a[id(s)] for s in rest_a if id(s) in by_url_a),
            tuple(by_url_b[id(s)] for s in rest_b if id(s) in by_url_b),
            None,
            None,
            ("servers",),
        )


def _by_channel(body: AsyncAPI) -> dict[str, list[AsyncOperation]]:
    out: dict[str, list[AsyncOperation]] = {}
    for op in body.operations.values():
        out.setdefault(op.channel, []).append(op)
    return out


def _flips(removed, added) -> dict[str, str]:
    """Removed operation key -> added key of the operation on the same channel under the
    same name with the other action."""
    index: dict[tuple[str, str], list[str]] = {}
    for key, op in added:
        index.setdefault((op.channel, op.name), []).append(key)
    out: dict[str, str] = {}
    for key, op in removed:
        candidates = index.get((op.channel, op.name), [])
        if len(candidates) == 1:
            out[key] = candidates.pop()
    return out


def _renamed_in_address(paired):
    """A message with no name of its own is named after its operation's address
    (``user/{userId}/signedup subscribe message``): when a parameter of that address is
    renamed, it is the same message. A removed and an added message whose keys differ only
    in parameter names, one to one, are paired."""
    gone: dict[str, list] = {}
    for key, message in paired.removed:
        gone.setdefault(TEMPLATE_VARIABLE.sub("{}", key), []).append((key, message))
    came: dict[str, list] = {}
    for key, message in paired.added:
        came.setdefault(TEMPLATE_VARIABLE.sub("{}", key), []).append((key, message))
    same = {e for e in gone.keys() & came.keys() if "{}" in e and len(gone[e]) == len(came[e]) == 1}
    if not same:
        return paired
    for e in sorted(same):
        (old_key, old), (new_key, new) = gone[e][0], came[e][0]
        paired.both.append((new_key, old, new))
        paired.removed.remove((old_key, old))
        paired.added.remove((new_key, new))
    return paired


def _channel_where(channel: AsyncChannel) -> str:
    return f"channel {code(channel.address or channel.key)}"


def _reply_address(reply: AsyncReply) -> str | None:
    return reply.address or reply.channel


def _decode(value: str) -> object:
    import json

    try:
        return json.loads(value)
    except ValueError:
        return value


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
