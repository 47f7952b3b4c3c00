"""Walk two contracts once, pairing their nodes by identity, and list the changes.

Operations pair by key (method + path template with parameter names blanked), parameters by
``(in, name)`` (path parameters by position), responses by status (a code also pairs with
the range that replaced it), media types by normalized name, headers case-insensitively,
properties by name. Schema places are handed to ``SchemaDiffer`` as roots and attributed at
the end, so shared schemas are compared once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..canonical import text
from ..model import (
    Contract,
    Direction,
    Header,
    Location,
    MediaType,
    Operation,
    Parameter,
    Response,
    Schema,
    SecurityScheme,
    Server,
)
from ..spans import code
from .change import Change
from .options import DiffOptions
from .reach import bits
from .schema import Local, PairKey, SchemaDiffer

__all__ = ["compare"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a schema sits: the operation, direction, and how to name it."""

    operation: str | None
    display: str | None
    direction: Direction
    root: str  # body | parameter | header
    where: str
    path: tuple[str, ...]


def compare(old: Contract, new: Contract, options: DiffOptions | None = None) -> list[Change]:
    """Every difference between ``old`` and ``new`` as facts (unclassified)."""
    return _Walker(old, new, options or DiffOptions()).run()


def _path_of(op: Operation) -> str:
    """The path part of an operation key (``GET /pets/{}`` -> ``/pets/{}``)."""
    return op.key.split(" ", 1)[1].split(" (", 1)[0]


class _Walker:
    def __init__(self, old: Contract, new: Contract, options: DiffOptions | None = None) -> None:
        options = options or DiffOptions()
        self.old, self.new = old, new
        self.schemas = SchemaDiffer(
            [*_schema_roots(old), *_schema_roots(new)],
            max_pairs=options.max_pairs,
            source=new.source,
            open_enums=options.open_enums,
        )
        self.out: list[Change] = []
        self.roots: list[tuple[PairKey, _Place]] = []
        self._renames = self._scheme_renames()

    def run(self) -> list[Change]:
        self._operations()
        self._servers(self.old.servers, self.new.servers, None, None, ("servers",))
        self._security_schemes()
        self._attribute()
        self._components()
        return self.out

    def _attribute(self) -> None:
        """Turn schema pair changes into changes of places.

        A change inside a named component that two or more operations reach is reported
        once, under the component, listing the operations it affects; everything else is
        reported under the one operation (and place) that reaches it.
        """
        ops = sorted({place.operation or "" for _, place in self.roots})
        group = {op: i for i, op in enumerate(ops)}
        masks = self.schemas.reach(
            [(key, group[place.operation or ""]) for key, place in self.roots]
        )
        shared = {
            key
            for key, mask in masks.items()
            if mask & (mask - 1) and self.schemas.named(key) is not None
        }
        displays: dict[str, str] = {}
        root_of: dict[PairKey, str] = {}
        for key, place in self.roots:
            displays.setdefault(place.operation or "", place.display or "")
            root_of.setdefault(key, place.root)
            if key in shared:
                continue
            for path, local, level in self.schemas.changes(key, shared):
                self.out.append(_schema_change(place, path, local, level))
        # Pairs that show as the same schema (a nullable `allOf: [$ref]` wrapper is named
        # after its member) form one group: each change once, with every user listed.
        groups: dict[tuple[str, Direction], list[PairKey]] = {}
        for key in sorted(shared, key=self.schemas.sort_key):
            groups.setdefault((self.schemas.named(key) or "", key[2]), []).append(key)
        for (name, direction), keys in groups.items():
            mask = 0
            for key in keys:
                mask |= masks[key]
            affected = tuple(displays[ops[i]] for i in bits(mask))  # one tuple, shared
            place = _Place(
                operation=f"schema {name} {direction.value}",
                display=f"schema {code(name)} in {direction.value}s",
                direction=direction,
                root=next((root_of[k] for k in keys if k in root_of), "property"),
                where=f"{direction.value} schema {code(name)}",
                path=("schemas", name, direction.value),
            )
            seen: set[tuple] = set()
            for key in keys:
                for path, local, level in self.schemas.changes(key, shared):
                    if (path, id(local)) in seen:
                        continue
                    seen.add((path, id(local)))
                    change = _schema_change(place, path, local, level)
                    change.info["operations"] = affected
                    self.out.append(change)

    def emit(
        self, kind: str, where: str, path: tuple[str, ...], op: Operation | None = None, **fields
    ) -> None:
        self.out.append(
            Change(
                kind=kind,
                where=where,
                path=path,
                operation=op.key if op is not None else fields.pop("operation", None),
                display=op.display if op is not None else fields.pop("display", None),
                **fields,
            )
        )

    # -- operations ------------------------------------------------------------------------
    def _operations(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        new_paths = {_path_of(op) for op in new_ops.values() if op.kind == "operation"}
        for key in sorted(old_ops.keys() | new_ops.keys()):
            a, b = old_ops.get(key), new_ops.get(key)
            op = a or b
            if op.parent is not None and (op.parent in old_ops) != (op.parent in new_ops):
                continue  # a callback of an operation added or removed: that says it all
            if b is None:
                self.emit(
                    f"{a.kind}.removed",
                    _op_where(a),
                    (key,),
                    a,
                    old_loc=a.location,
                    info={
                        "deprecated": a.deprecated,
                        "sunset": a.sunset,
                        "stability": a.stability,
                        "deprecated_since": a.deprecated_since,
                        "method": a.method,
                        "path": a.path,
                        "path_removed": a.kind == "operation" and _path_of(a) not in new_paths,
                    },
                )
            elif a is None:
                self.emit(
                    f"{b.kind}.added",
                    _op_where(b),
                    (key,),
                    b,
                    new_loc=b.location,
                    info={"method": b.method, "path": b.path, "stability": b.stability},
                )
            else:
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
            if not self._member(
                pa, pb, role, where, path, b, direction, info, a.location, b.location
            ):
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

    def _member(
        self,
        xa: Parameter | Header | None,
        xb: Parameter | Header | None,
        role: str,
        where: str,
        path: tuple[str, ...],
        op: Operation,
        direction: Direction,
        info: dict,
        old_owner: Location,
        new_owner: Location,
    ) -> bool:
        """What parameters and headers share: removed, added, required, deprecated,
        description. True when both sides exist and their schemas remain to compare."""
        if xb is None:
            self.emit(
                f"{role}.removed",
                where,
                path,
                op,
                direction=direction,
                old_loc=xa.location,
                new_loc=new_owner,
                info={**info, "required": xa.required, "deprecated": xa.deprecated},
            )
            return False
        if xa is None:
            self.emit(
                f"{role}.added",
                where,
                path,
                op,
                direction=direction,
                old_loc=old_owner,
                new_loc=xb.location,
                info={**info, "required": xb.required},
            )
            return False
        common = {"direction": direction, "old_loc": xa.location, "new_loc": xb.location}
        if xa.required != xb.required:
            self.emit(
                f"{role}.became-" + ("required" if xb.required else "optional"),
                where,
                (*path, "required"),
                op,
                old=xa.required,
                new=xb.required,
                info=info,
                **common,
            )
        for attr, action in (("deprecated", None), ("description", "changed")):
            x, y = getattr(xa, attr), getattr(xb, attr)
            if x == y:
                continue
            self.emit(
                f"schema.{attr}." + (action or ("added" if y else "removed")),
                where,
                (*path, attr),
                op,
                location=role,
                **({"old": x, "new": y} if action else {}),
                info=info,
                **common,
            )
        return True

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
        self.roots.append((key, _Place(op.key, op.display, direction, root, where, path)))

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
            if not self._member(
                xa, xb, role, where, hpath, op, direction, info, op.location, op.location
            ):
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
    def _security(self, a: Operation, b: Operation) -> None:
        # A scheme renamed with the same definition asks clients for the same credentials.
        renames = self._renames
        old_alts = tuple(
            frozenset((renames.get(n, n), scopes) for n, scopes in alt)
            for alt in a.security or (frozenset(),)
        ) or (frozenset(),)
        new_alts = tuple(b.security or ()) or (frozenset(),)
        if set(old_alts) == set(new_alts):
            return
        names: dict[str, str] = {}
        path = (b.key, "security")
        where = "security"
        common = {"old_loc": a.location, "new_loc": b.location}
        old_real = [alt for alt in old_alts if alt]
        new_real = [alt for alt in new_alts if alt]
        old_anonymous = len(old_real) < len(old_alts)  # no requirement, or an empty `{}`
        new_anonymous = len(new_real) < len(new_alts)
        if old_anonymous and not new_anonymous:
            self.emit(
                "security.requirement-added",
                where,
                (*path, "required"),
                b,
                new=_describe_alternatives(new_alts, names),
                **common,
            )
        if new_anonymous and not old_anonymous:
            self.emit(
                "security.requirement-removed",
                where,
                (*path, "required"),
                b,
                old=_describe_alternatives(old_alts, names),
                **common,
            )
        if not old_real or not new_real:
            return  # one side asks for nothing: the requirement change above says it all
        # An alternative a client used breaks when nothing in NEW asks for no more; it is
        # then explained against its closest NEW alternative (schemes and scopes added).
        # The mirror: an alternative no OLD client could satisfy relaxes its closest OLD one.
        for alt in old_real:
            if any(_satisfies(alt, nb) for nb in new_real):
                continue
            near = _closest(alt, new_real)
            if near is None:
                self.emit(
                    "security.removed",
                    where,
                    (*path, _alt_key(alt, names)),
                    b,
                    old=_describe_alternative(alt, names),
                    **common,
                )
            else:
                self._security_delta(alt, near, "added", where, path, b, common, names)
        for alt in new_real:
            if any(_satisfies(alt, oa) for oa in old_real):
                continue
            near = _closest(alt, old_real)
            if near is None:
                self.emit(
                    "security.added",
                    where,
                    (*path, _alt_key(alt, names)),
                    b,
                    new=_describe_alternative(alt, names),
                    **common,
                )
            else:
                self._security_delta(alt, near, "removed", where, path, b, common, names)

    def _scheme_renames(self) -> dict[str, str]:
        """OLD scheme name -> NEW name, for schemes renamed with the same definition."""
        old, new = self.old.security_schemes, self.new.security_schemes
        # A name still required in the other version (defined or not) is not renamed there:
        # the rename would read one document's requirements and not the other's.
        used_old, used_new = _required_schemes(self.old), _required_schemes(self.new)
        gone = [n for n in sorted(old) if n not in new and n not in used_new]
        fresh = [n for n in sorted(new) if n not in old and n not in used_old]
        renames = {}
        for name in gone:
            for candidate in fresh:
                if (old[name].type, old[name].details, old[name].scopes) == (
                    new[candidate].type,
                    new[candidate].details,
                    new[candidate].scopes,
                ):
                    renames[name] = candidate
                    fresh.remove(candidate)
                    break
        return renames

    def _security_delta(
        self,
        mine: frozenset,
        other: frozenset,
        action: str,
        where: str,
        path: tuple[str, ...],
        op: Operation,
        common: dict,
        names: dict[str, str],
    ) -> None:
        """Schemes and scopes ``other`` has that ``mine`` lacks (added or removed)."""
        mine_map, other_map = dict(mine), dict(other)
        value = "new" if action == "added" else "old"
        for scheme in sorted(other_map.keys() - mine_map.keys()):
            name = names.get(scheme, scheme)
            self.emit(
                f"security.scheme-{action}",
                where,
                (*path, "scheme", name),
                op,
                info={"scheme": name},
                **{value: name},
                **common,
            )
        for scheme in sorted(other_map.keys() & mine_map.keys()):
            name = names.get(scheme, scheme)
            for scope in sorted(other_map[scheme] - mine_map[scheme]):
                self.emit(
                    f"security.scope-{action}",
                    where,
                    (*path, name, scope),
                    op,
                    info={"scheme": name},
                    **{value: scope},
                    **common,
                )

    def _security_schemes(self) -> None:
        old, new = self.old.security_schemes, self.new.security_schemes
        renamed = set(self._renames) | set(self._renames.values())  # no change on the wire
        for name in sorted((old.keys() | new.keys()) - renamed):
            a, b = old.get(name), new.get(name)
            where = f"security scheme {code(name)}"
            path = ("security-schemes", name)
            ctx = {"operation": "security-schemes", "display": "security schemes"}
            if b is None:
                self.emit(
                    "security-scheme.removed", where, path, old_loc=a.location, old=name, **ctx
                )
            elif a is None:
                self.emit("security-scheme.added", where, path, new_loc=b.location, new=name, **ctx)
            else:
                self._security_scheme(a, b, where, path, ctx)

    def _security_scheme(
        self, a: SecurityScheme, b: SecurityScheme, where: str, path: tuple[str, ...], ctx: dict
    ) -> None:
        common = {"old_loc": a.location, "new_loc": b.location, **ctx}
        if a.type != b.type:
            self.emit(
                "security-scheme.type-changed",
                where,
                (*path, "type"),
                old=a.type,
                new=b.type,
                **common,
            )
            return
        for field in sorted(a.details.keys() | b.details.keys()):
            x, y = a.details.get(field), b.details.get(field)
            if x != y:
                self.emit(
                    "security-scheme.field-changed",
                    where,
                    (*path, field),
                    old=x,
                    new=y,
                    info={"field": field},
                    **common,
                )
        for scope in sorted(a.scopes - b.scopes):
            self.emit(
                "security-scheme.scope-removed",
                where,
                (*path, "scopes", scope),
                old=scope,
                **common,
            )
        for scope in sorted(b.scopes - a.scopes):
            self.emit(
                "security-scheme.scope-added", where, (*path, "scopes", scope), new=scope, **common
            )

    # -- servers ---------------------------------------------------------------------------
    def _servers(
        self,
        sa: tuple[Server, ...],
        sb: tuple[Server, ...],
        a: Operation | None,
        b: Operation | None,
        path: tuple[str, ...],
    ) -> None:
        old = {s.url: s for s in sa}
        new = {s.url: s for s in sb}
        ctx: dict = {} if b is not None else {"operation": "servers", "display": "servers"}
        for url in sorted(old.keys() - new.keys()):
            s = old[url]
            self.emit(
                "server.removed",
                f"server {code(s.display)}",
                (*path, url),
                b,
                old=s.display,
                old_loc=s.location,
                **ctx,
            )
        for url in sorted(new.keys() - old.keys()):
            s = new[url]
            self.emit(
                "server.added",
                f"server {code(s.display)}",
                (*path, url),
                b,
                new=s.display,
                new_loc=s.location,
                **ctx,
            )
        for url in sorted(old.keys() & new.keys()):
            x, y = old[url], new[url]
            # Variables pair by their position in the URL: their names are not on the wire.
            for var_a, var_b in zip(
                _url_variables(x.display), _url_variables(y.display), strict=False
            ):
                va, vb = x.variables.get(var_a), y.variables.get(var_b)
                var = var_b
                where = f"server {code(y.display)} variable {code(var)}"
                common = {"old_loc": x.location, "new_loc": y.location, **ctx}
                if va is None or vb is None:
                    continue
                if va[0] != vb[0]:
                    self.emit(
                        "server.variable-default-changed",
                        where,
                        (*path, url, var),
                        b,
                        old=va[0],
                        new=vb[0],
                        **common,
                    )
                ea, eb = va[1], vb[1]
                if ea is not None and eb is not None:
                    for value in sorted(ea - eb):
                        self.emit(
                            "server.variable-enum-value-removed",
                            where,
                            (*path, url, var, value),
                            b,
                            old=value,
                            **common,
                        )
                    for value in sorted(eb - ea):
                        self.emit(
                            "server.variable-enum-value-added",
                            where,
                            (*path, url, var, value),
                            b,
                            new=value,
                            **common,
                        )

    # -- components nobody uses ------------------------------------------------------------
    def _components(self) -> None:
        old, new = self.old.schemas, self.new.schemas
        ctx = {"operation": "components", "display": "components"}
        removed = sorted(old.keys() - new.keys())
        added = sorted(new.keys() - old.keys())
        # A rename with identical content is no change: nothing on the wire moved.
        new_shapes: dict[int, list[str]] = {}
        for name in added:
            new_shapes.setdefault(self.schemas.shape(new[name]), []).append(name)
        renamed: set[str] = set()
        for name in removed:
            candidates = new_shapes.get(self.schemas.shape(old[name]))
            if candidates:
                renamed.add(name)
                renamed.add(candidates.pop(0))
        for name in removed:
            if name not in renamed:
                self.emit(
                    "component.removed",
                    f"component schema {code(name)}",
                    ("components", "schemas", name),
                    old=name,
                    old_loc=old[name].location,
                    **ctx,
                )
        for name in added:
            if name not in renamed:
                self.emit(
                    "component.added",
                    f"component schema {code(name)}",
                    ("components", "schemas", name),
                    new=name,
                    new_loc=new[name].location,
                    **ctx,
                )
        used = _used_components(self.old) | _used_components(self.new)
        unused = []
        for name in sorted(old.keys() & new.keys()):
            a, b = old[name], new[name]
            if name not in used and not self.schemas.visited(a, b):
                unused.append((name, self.schemas.explore(a, b, RESPONSE)))
        # Each component reports its own changes; one it contains reports its own.
        named = {key for key in self.schemas.pairs if self.schemas.named(key) is not None}
        for name, key in unused:
            place = _Place(
                "components",
                "components",
                RESPONSE,
                "body",
                f"component schema {code(name)}",
                ("components", "schemas", name),
            )
            for path, local, level in self.schemas.changes(key, named):
                change = _schema_change(place, path, local, level)
                self.out.append(
                    Change(
                        kind="component.changed",
                        where=change.where,
                        path=change.path,
                        operation="components",
                        display="components",
                        old=change.old,
                        new=change.new,
                        old_loc=change.old_loc,
                        new_loc=change.new_loc,
                        info={**change.info, "attribute": local.attribute, "action": local.action},
                    )
                )


def _schema_change(
    place: _Place, path: tuple[str, ...], local: Local, level: str | None = None
) -> Change:
    segments = (*path, local.segment) if local.segment else path
    nested = bool(segments)
    where = place.where + (f" property {code('/'.join(segments))}" if nested else "")
    location = "property" if nested else place.root
    token: tuple[str, ...] = (local.attribute,)
    if local.attribute == "enum-value":
        token += (text(local.old if local.action == "removed" else local.new),)
    elif local.attribute == "keyword":
        token += (str(local.info.get("keyword")),)
    elif local.attribute == "discriminator" and "value" in local.info:
        token += (str(local.info["value"]),)
    elif local.attribute in ("one-of", "any-of"):
        token += (str(local.old if local.action == "removed" else local.new),)
    return Change(
        kind=f"schema.{local.attribute}.{local.action}",
        where=where,
        path=(*place.path, *segments, *token),
        operation=place.operation,
        display=place.display,
        direction=place.direction,
        location=location,
        old=local.old,
        new=local.new,
        old_loc=local.old_loc,
        new_loc=local.new_loc,
        info={
            **local.info,
            "root": place.root,
            "property": "/".join(segments) or None,
            **({"stability": level} if level else {}),
        },
    )


def _operation_schemas(contract: Contract) -> list[Schema | None]:
    """The schema of every parameter, body, response and header of every operation."""
    stack: list[Schema | None] = []
    for op in contract.operations.values():
        for param in op.parameters.values():
            stack.append(param.schema)
            stack.extend(m.schema for m in param.content.values())
        if op.request_body is not None:
            stack.extend(m.schema for m in op.request_body.content.values())
        for response in op.responses.values():
            stack.extend(m.schema for m in response.content.values())
            stack.extend(h.schema for h in response.headers.values())
    return stack


def _schema_roots(contract: Contract) -> list[Schema | None]:
    """Every schema the walk may compare: the operations' and the named components."""
    return [*_operation_schemas(contract), *contract.schemas.values()]


def _used_components(contract: Contract) -> set[str]:
    """Names of the component schemas some operation reaches (allOf members included)."""
    stack = _operation_schemas(contract)
    seen: set[int] = set()
    names: set[str] = set()
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if node.name:
            names.add(node.name)
        names.update(node.merged_from)
        stack.extend(node.properties.values())
        stack.extend((node.items, node.not_, *node.prefix_items, *node.one_of, *node.any_of))
        if isinstance(node.additional, Schema):
            stack.append(node.additional)
    return names


def _url_variables(url: str) -> list[str]:
    return re.findall(r"\{([^{}]*)\}", url)


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


def _satisfies(client: frozenset, required: frozenset) -> bool:
    """Does a client holding ``client`` credentials meet the ``required`` alternative?"""
    held = dict(client)
    return all(name in held and scopes <= held[name] for name, scopes in required)


def _closest(alt: frozenset, alternatives: list[frozenset]) -> frozenset | None:
    """The alternative sharing the most schemes with ``alt`` (None when none shares one)."""
    names = {n for n, _ in alt}
    best, overlap = None, 0
    for other in sorted(alternatives, key=_requirement_key):
        shared = len(names & {n for n, _ in other})
        if shared > overlap:
            best, overlap = other, shared
    return best


def _requirement_key(alt: frozenset) -> list:
    return sorted((n, sorted(scopes)) for n, scopes in alt)


def _alt_key(alt: frozenset, names: dict[str, str]) -> str:
    return "+".join(sorted(names.get(n, n) for n, _ in alt))


def _describe_alternative(alt: frozenset, names: dict[str, str]) -> str:
    if not alt:
        return "none"
    parts = []
    for key, scopes in sorted(alt, key=lambda x: names.get(x[0], x[0])):
        name = names.get(key, key)
        parts.append(f"{name} [{', '.join(sorted(scopes))}]" if scopes else name)
    return " and ".join(parts)


def _describe_alternatives(alts: tuple[frozenset, ...], names: dict[str, str]) -> str:
    return " or ".join(_describe_alternative(a, names) for a in alts)


def _required_schemes(contract) -> set[str]:
    """Every scheme name any operation's security requirement names."""
    return {
        name
        for operation in contract.operations.values()
        for alternative in operation.security or ()
        for name, _scopes in alternative
    }
