"""HTTP contracts (OpenAPI 3.x, and Swagger 2.0 converted on the way in): walk two contracts
once, pairing their nodes by identity, and list the changes.

Operations pair by key (method + path template with parameter names blanked), parameters by
``(in, name)`` (path parameters by position), responses by status (a code also pairs with
the range that replaced it), media types by normalized name, headers case-insensitively,
properties by name. Schema places are handed to ``SchemaDiffer`` as roots and attributed at
the end, so shared schemas are compared once (``places``); security and servers have their
own modules, which an event API's comparison shares.
"""

from __future__ import annotations

from ..model import (
    Contract,
    Direction,
    Guidance,
    Header,
    Location,
    MediaType,
    Operation,
    Parameter,
    Response,
    Schema,
)
from ..spans import code
from .change import Change
from .guidance import expects, replacement
from .options import DiffOptions
from .pairing import pair
from .places import Place, Places, schema_roots
from .schema import PairKey, SchemaDiffer
from .security import SecurityWalk
from .servers import ServersWalk
from .site import Site

__all__ = ["compare"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE


def compare(old: Contract, new: Contract, options: DiffOptions | None = None) -> list[Change]:
    """Every difference between ``old`` and ``new`` as facts (unclassified)."""
    return _Walker(old, new, options or DiffOptions()).run()


def _path_of(op: Operation) -> str:
    """The path part of an operation key (``GET /pets/{}`` -> ``/pets/{}``)."""
    return op.key.split(" ", 1)[1].split(" (", 1)[0]


class _Walker(Places, SecurityWalk, ServersWalk):
    def __init__(self, old: Contract, new: Contract, options: DiffOptions | None = None) -> None:
        options = options or DiffOptions()
        self.old, self.new = old, new
        self.schemas = SchemaDiffer(
            [*schema_roots(old), *schema_roots(new)],
            max_pairs=options.max_pairs,
            source=new.source,
            open_enums=options.open_enums,
        )
        self.out: list[Change] = []
        self.roots: list[tuple[PairKey, Place]] = []
        self._renames = self._scheme_renames()

    def run(self) -> list[Change]:
        self._operations()
        self._servers(self.old.servers, self.new.servers, None, None, ("servers",))
        self._security_schemes()
        self._attribute()
        self._components()
        return self.out

    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        new_paths = {_path_of(op) for op in new_ops.values() if op.kind == "operation"}
        paired = pair(old_ops, new_ops)

        def orphan(op: Operation) -> bool:  # a callback of an operation added or removed
            return op.parent is not None and (op.parent in old_ops) != (op.parent in new_ops)

        for key, a in paired.removed:
            if orphan(a):
                continue  # its operation's removal says it all
            was = (
                Guidance(deprecated=True, replacement=replacement(a.extensions, a.description))
                if a.deprecated
                else None
            )
            Site(self.out, _op_where(a), (key,), a.key, a.display, old_loc=a.location).emit(
                f"{a.kind}.removed",
                guidance=was,
                deprecated=a.deprecated,
                sunset=a.sunset,
                stability=a.stability,
                deprecated_since=a.deprecated_since,
                method=a.method,
                path=a.path,
                path_removed=a.kind == "operation" and _path_of(a) not in new_paths,
            )
        for key, b in paired.added:
            if orphan(b):
                continue
            Site(self.out, _op_where(b), (key,), b.key, b.display, new_loc=b.location).emit(
                f"{b.kind}.added", method=b.method, path=b.path, stability=b.stability
            )
        for _key, a, b in paired.both:
            if not orphan(a):
                self._operation(a, b)

    def _operation(self, a: Operation, b: Operation) -> None:
        key = (b.key,)
        where = _op_where(b)
        common = {"old_loc": a.location, "new_loc": b.location}
        if a.deprecated != b.deprecated:
            self.emit(
                "operation.deprecated." + ("added" if b.deprecated else "removed"),
                where,
                (*key, "deprecated"),
                b,
                old=a.deprecated,
                new=b.deprecated,
                info={"sunset": b.sunset},
                guidance=_replaced_by(b) if b.deprecated else None,
                **common,
            )
        if a.sunset != b.sunset:
            action = "added" if a.sunset is None else "removed" if b.sunset is None else "changed"
            self.emit(
                f"operation.sunset.{action}",
                where,
                (*key, "x-sunset"),
                b,
                old=a.sunset,
                new=b.sunset,
                info={"deprecated": b.deprecated},
                **common,
            )
        if (a.stability or "stable") != (b.stability or "stable"):
            self.emit(
                "operation.stability.changed",
                where,
                (*key, "x-stability-level"),
                b,
                old=a.stability or "stable",
                new=b.stability or "stable",
                **common,
            )
        if a.operation_id != b.operation_id:
            action = (
                "added"
                if a.operation_id is None
                else "removed"
                if b.operation_id is None
                else "changed"
            )
            self.emit(
                f"operation.operation-id.{action}",
                where,
                (*key, "operationId"),
                b,
                old=a.operation_id,
                new=b.operation_id,
                **common,
            )
        for attr in ("summary", "description"):
            if getattr(a, attr) != getattr(b, attr):
                self.emit(
                    f"operation.{attr}.changed",
                    where,
                    (*key, attr),
                    b,
                    old=getattr(a, attr),
                    new=getattr(b, attr),
                    **common,
                )
        for tag in sorted(set(a.tags) - set(b.tags)):
            self.emit("operation.tag.removed", where, (*key, "tags", tag), b, old=tag, **common)
        for tag in sorted(set(b.tags) - set(a.tags)):
            self.emit("operation.tag.added", where, (*key, "tags", tag), b, new=tag, **common)
        self._security(a, b)
        if a.servers or b.servers:
            self._servers(
                a.servers or self.old.servers,
                b.servers or self.new.servers,
                a,
                b,
                (*key, "servers"),
            )
        sends = RESPONSE if b.reversed else REQUEST  # who sends the request body
        self._parameters(a, b, sends)
        self._request_body(a, b, sends)
        self._responses(a, b, sends.reversed())

    # -- parameters ------------------------------------------------------------------------
    def _parameters(self, a: Operation, b: Operation, direction: Direction) -> None:
        for pkey in sorted(a.parameters.keys() | b.parameters.keys()):
            pa, pb = a.parameters.get(pkey), b.parameters.get(pkey)
            param = pb or pa
            where = _param_where(param)
            path = (b.key, "parameters", pkey[0], pkey[1])
            role = "parameter" if direction is REQUEST else "header"
            info = {"in": param.in_, "name": param.name}
            site = Site(
                self.out,
                where,
                path,
                b.key,
                b.display,
                direction,
                old_loc=a.location,
                new_loc=b.location,
                info=info,
            )
            if not _member(site, pa, pb, role):
                continue
            common = {"direction": direction, "old_loc": pa.location, "new_loc": pb.location}
            if role == "parameter":
                for attr, label in (
                    ("style", "style"),
                    ("explode", "explode"),
                    ("allow_empty_value", "allow-empty-value"),
                    ("allow_reserved", "allow-reserved"),
                ):
                    x, y = getattr(pa, attr), getattr(pb, attr)
                    if x != y:
                        self.emit(
                            f"parameter.{label}.changed",
                            where,
                            (*path, label),
                            b,
                            old=x,
                            new=y,
                            info=info,
                            **common,
                        )
                if bool(pa.content) != bool(pb.content):
                    # `schema` (style-serialized) vs `content` (a media type): the bytes
                    # on the wire change even when the schema does not.
                    self.emit(
                        "parameter.style.changed",
                        where,
                        (*path, "style"),
                        b,
                        old=pa.style if not pa.content else next(iter(pa.content)),
                        new=pb.style if not pb.content else next(iter(pb.content)),
                        info=info,
                        **common,
                    )
                elif pa.content:
                    self._media_types(
                        pa.content,
                        pb.content,
                        b,
                        direction,
                        where,
                        path,
                        root="parameter",
                        body_kind="parameter",
                    )
                    continue
            if pa.example != pb.example:
                self.emit(
                    "schema.example.changed",
                    where,
                    (*path, "example"),
                    b,
                    location=role,
                    info=info,
                    **common,
                )
            self._schema_root(
                pa.schema,
                pb.schema,
                pa.location,
                pb.location,
                b,
                direction,
                "parameter" if role == "parameter" else "header",
                where,
                path,
            )

    # -- bodies ----------------------------------------------------------------------------
    def _request_body(self, a: Operation, b: Operation, direction: Direction) -> None:
        ba, bb = a.request_body, b.request_body
        where = "request body"
        path = (b.key, "requestBody")
        if ba is None and bb is None:
            return
        if ba is None:
            self.emit(
                "body.added",
                where,
                path,
                b,
                direction=direction,
                old_loc=a.location,
                new_loc=bb.location,
                info={"required": bb.required, "request": True},
            )
            return
        if bb is None:
            self.emit(
                "body.removed",
                where,
                path,
                b,
                direction=direction,
                old_loc=ba.location,
                new_loc=b.location,
                info={"required": ba.required, "request": True},
            )
            return
        if ba.required != bb.required:
            self.emit(
                "body.became-" + ("required" if bb.required else "optional"),
                where,
                (*path, "required"),
                b,
                direction=direction,
                old_loc=ba.location,
                new_loc=bb.location,
                info={"request": True},
            )
        if ba.description != bb.description:
            # The same fact as a body schema's description changing: one rule for both.
            self.emit(
                "schema.description.changed",
                where,
                (*path, "description"),
                b,
                direction=direction,
                location="body",
                old=ba.description,
                new=bb.description,
                old_loc=ba.location,
                new_loc=bb.location,
            )
        self._media_types(
            ba.content, bb.content, b, direction, where, path, root="body", body_kind="request"
        )

    def _media_types(
        self,
        ca: dict[str, MediaType],
        cb: dict[str, MediaType],
        op: Operation,
        direction: Direction,
        where: str,
        path: tuple[str, ...],
        *,
        root: str,
        body_kind: str,
        status: str | None = None,
    ) -> None:
        pairs, removed, added = _pair_media_types(ca, cb)
        many = len(ca) > 1 or len(cb) > 1
        info = {"request": body_kind == "request", "status": status, "kind": body_kind}
        for name in removed:
            self.emit(
                "body.media-type-removed",
                where,
                (*path, "content", name),
                op,
                direction=direction,
                old=name,
                old_loc=ca[name].location,
                new_loc=op.location,
                info=info,
            )
        for name in added:
            self.emit(
                "body.media-type-added",
                where,
                (*path, "content", name),
                op,
                direction=direction,
                new=name,
                old_loc=op.location,
                new_loc=cb[name].location,
                info=info,
            )
        for old_name, new_name in pairs:
            ma, mb = ca[old_name], cb[new_name]
            if old_name != new_name:
                self.emit(
                    "body.media-type-changed",
                    where,
                    (*path, "content", new_name),
                    op,
                    direction=direction,
                    old=old_name,
                    new=new_name,
                    old_loc=ma.location,
                    new_loc=mb.location,
                    info=info,
                )
            sub_where = f"{where} ({code(new_name)})" if many else where
            if ma.example != mb.example:
                self.emit(
                    "schema.example.changed",
                    sub_where,
                    (*path, "content", new_name, "example"),
                    op,
                    direction=direction,
                    location=root,
                    old_loc=ma.location,
                    new_loc=mb.location,
                )
            self._schema_root(
                ma.schema,
                mb.schema,
                ma.location,
                mb.location,
                op,
                direction,
                root,
                sub_where,
                (*path, "content", new_name),
            )

    def _schema_root(
        self,
        sa: Schema | None,
        sb: Schema | None,
        la: Location,
        lb: Location,
        op: Operation,
        direction: Direction,
        root: str,
        where: str,
        path: tuple[str, ...],
    ) -> None:
        if sa is None and sb is None:
            return
        sa = sa if sa is not None else Schema(location=la)
        sb = sb if sb is not None else Schema(location=lb)
        key = self.schemas.explore(sa, sb, direction)
        self.roots.append((key, Place(op.key, op.display, direction, root, where, path)))

    # -- responses -------------------------------------------------------------------------
    def _responses(self, a: Operation, b: Operation, direction: Direction) -> None:
        pairs, removed, added = _pair_statuses(a.responses, b.responses)
        for status in removed:
            ra = a.responses[status]
            self.emit(
                "response.status-removed",
                f"response {code(status)}",
                (b.key, "responses", status),
                b,
                direction=direction,
                old=status,
                old_loc=ra.location,
                new_loc=b.location,
                info={"status": status, "success": _success(status)},
            )
        for status in added:
            rb = b.responses[status]
            self.emit(
                "response.status-added",
                f"response {code(status)}",
                (b.key, "responses", status),
                b,
                direction=direction,
                new=status,
                old_loc=a.location,
                new_loc=rb.location,
                info={"status": status, "success": _success(status)},
            )
        for old_status, new_status in pairs:
            self._response(a.responses[old_status], b.responses[new_status], b, direction)

    def _response(self, ra: Response, rb: Response, op: Operation, direction: Direction) -> None:
        status = rb.status
        path = (op.key, "responses", status)
        where = f"response {code(status)}"
        if ra.status != rb.status:
            self.emit(
                "response.status-changed",
                where,
                (*path, "from", ra.status),  # 200 and 201 may both become 2XX: two changes
                op,
                direction=direction,
                old=ra.status,
                new=rb.status,
                old_loc=ra.location,
                new_loc=rb.location,
                info={"status": status, "success": _success(status)},
            )
        if ra.description != rb.description:
            self.emit(
                "response.description.changed",
                where,
                (*path, "description"),
                op,
                direction=direction,
                old=ra.description,
                new=rb.description,
                old_loc=ra.location,
                new_loc=rb.location,
                info={"status": status},
            )
        self._media_types(
            ra.content,
            rb.content,
            op,
            direction,
            f"{where} body",
            path,
            root="body",
            body_kind="response",
            status=status,
        )
        self._headers(ra.headers, rb.headers, op, direction, status, path)

    def _headers(
        self,
        ha: dict[str, Header],
        hb: dict[str, Header],
        op: Operation,
        direction: Direction,
        status: str,
        path: tuple[str, ...],
    ) -> None:
        # In a webhook the consumer sends the response: its headers are like parameters.
        role = "header" if direction is RESPONSE else "parameter"
        for name in sorted(ha.keys() | hb.keys()):
            xa, xb = ha.get(name), hb.get(name)
            header = xb or xa
            where = f"response {code(status)} header {code(header.name)}"
            hpath = (*path, "headers", name)
            info = {"status": status, "name": header.name, "in": "header"}
            site = Site(
                self.out,
                where,
                hpath,
                op.key,
                op.display,
                direction,
                old_loc=op.location,
                new_loc=op.location,
                info=info,
            )
            if not _member(site, xa, xb, role):
                continue
            self._schema_root(
                xa.schema,
                xb.schema,
                xa.location,
                xb.location,
                op,
                direction,
                "header" if role == "header" else "parameter",
                where,
                hpath,
            )

    # -- security --------------------------------------------------------------------------


def _op_where(op: Operation) -> str:
    if op.kind == "webhook":
        return f"webhook {code(op.path)} ({op.method})"
    if op.kind == "callback":
        return f"callback {code(op.display)}"
    return code(op.display)


def _param_where(param: Parameter) -> str:
    return f"{param.in_} parameter {code(param.name)}"


def _success(status: str) -> bool:
    return status.startswith("2")


def _pair_statuses(a: dict[str, Response], b: dict[str, Response]):
    """Pair status keys; a code replaced by its range (``200`` -> ``2XX``) is the same."""
    pairs = [(s, s) for s in a if s in b]
    removed = [s for s in a if s not in b]
    added = [s for s in b if s not in a]
    ranges_taken = set()
    for status in list(removed):
        if len(status) == 3 and status.isdigit():
            wider = status[0] + "XX"
            if wider in added:  # several codes may fold into one range
                pairs.append((status, wider))
                removed.remove(status)
                ranges_taken.add(wider)
    added = [s for s in added if s not in ranges_taken]
    for status in list(removed):
        if status.endswith("XX"):
            narrower = [s for s in added if s[0] == status[0] and s.isdigit()]
            if narrower:  # a range may split into several codes
                pairs.extend((status, code) for code in narrower)
                removed.remove(status)
                added = [s for s in added if s not in narrower]
    return sorted(pairs), sorted(removed), sorted(added)


def _pair_media_types(a: dict[str, MediaType], b: dict[str, MediaType]):
    """Pair media types by name, then by essence (``application/json;charset=utf-8``)."""
    pairs = [(m, m) for m in a if m in b]
    removed = [m for m in a if m not in b]
    added = [m for m in b if m not in a]
    by_essence: dict[str, list[str]] = {}
    for m in added:
        by_essence.setdefault(m.split(";", 1)[0], []).append(m)
    for m in list(removed):
        candidates = by_essence.get(m.split(";", 1)[0])
        if candidates and len(candidates) == 1:
            partner = candidates.pop()
            pairs.append((m, partner))
            removed.remove(m)
            added.remove(partner)
    return sorted(pairs), sorted(removed), sorted(added)


def _member(
    site: Site, xa: Parameter | Header | None, xb: Parameter | Header | None, role: str
) -> bool:
    """What parameters and headers share: removed, added, required, deprecated,
    description. ``site`` is the member's place, its locations the owners' (an operation's,
    a response's). True when both sides exist and their schemas remain to compare."""
    request = role == "parameter"  # a header here is a response's
    if xb is None:
        site.emit(
            f"{role}.removed",
            old_loc=xa.location,
            required=xa.required,
            deprecated=xa.deprecated,
            guidance=Guidance(deprecated=True) if xa.deprecated else None,
        )
        return False
    if xa is None:
        new_input = request and xb.required
        site.emit(
            f"{role}.added",
            new_loc=xb.location,
            required=xb.required,
            guidance=expects(xb.schema) if new_input else None,
        )
        return False
    here = site.at(old_loc=xa.location, new_loc=xb.location)
    if xa.required != xb.required:
        became = "required" if xb.required else "optional"
        here.emit(
            f"{role}.became-{became}",
            "required",
            old=xa.required,
            new=xb.required,
            guidance=expects(xb.schema) if request and xb.required else None,
        )
    as_schema = here.at(role=role)
    if xa.deprecated != xb.deprecated:
        named = replacement(None, xb.description) if xb.deprecated else None
        as_schema.emit(
            "schema.deprecated." + ("added" if xb.deprecated else "removed"),
            "deprecated",
            guidance=Guidance(replacement=named) if named else None,
        )
    if xa.description != xb.description:
        as_schema.emit(
            "schema.description.changed", "description", old=xa.description, new=xb.description
        )
    return True


def _replaced_by(op: Operation) -> Guidance | None:
    """The replacement a deprecated operation names (``x-replaced-by``, its description)."""
    named = replacement(op.extensions, op.description)
    return Guidance(replacement=named) if named else None
