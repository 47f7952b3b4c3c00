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
    MediaType,
    Operation,
    Parameter,
    Response,
    Schema,
)
from ..spans import code
from .change import Change
from .guidance import expects, replacement
from .keywords import EMPTY
from .lifecycle import stability_verb, sunset_verb
from .options import DiffOptions
from .pairing import pair
from .places import Place, Places, schema_roots
from .schema import PairKey, SchemaDiffer
from .security import SecurityWalk
from .servers import ServersWalk
from .site import Site
from .wire import primitive, scalar_only, single_value

__all__ = ["compare"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE


def compare(old: Contract, new: Contract, options: DiffOptions | None = None) -> list[Change]:
    """Every difference between ``old`` and ``new`` as facts (unclassified)."""
    return _Walker(old, new, options or DiffOptions()).run()


def _required_order(a: Operation, b: Operation, op: Site) -> None:
    """The order of the parameters required in both versions, as declared (path-level ones
    first): generators make them a method's positional arguments in that order."""
    both = [
        k
        for k, p in a.parameters.items()
        if p.required and k in b.parameters and b.parameters[k].required
    ]
    kept = set(both)
    order = [k for k in b.parameters if k in kept]
    if order != both:
        op.emit(
            "parameters.reordered",
            "parameters",
            old=", ".join(a.parameters[k].name for k in both),
            new=", ".join(b.parameters[k].name for k in order),
        )


def _path_of(op: Operation) -> str:
    """The path part of an operation key (``GET /pets/{}`` -> ``/pets/{}``)."""
    return op.key.split(" ", 1)[1].split(" (", 1)[0]


class _Walker(Places, SecurityWalk, ServersWalk):
    def __init__(self, old: Contract, new: Contract, options: DiffOptions | None = None) -> None:
        options = options or DiffOptions()
        self.old, self.new = old, new
        self.schemas = SchemaDiffer(
            lambda: [*schema_roots(old), *schema_roots(new)],
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
        op = Site(
            self.out,
            _op_where(b),
            (b.key,),
            b.key,
            b.display,
            old_loc=a.location,
            new_loc=b.location,
        )
        if a.deprecated != b.deprecated:
            op.emit(
                "operation.deprecated." + ("added" if b.deprecated else "removed"),
                "deprecated",
                old=a.deprecated,
                new=b.deprecated,
                guidance=_replaced_by(b) if b.deprecated else None,
                sunset=b.sunset,
            )
        sunset = sunset_verb(a.sunset, b.sunset, b.deprecated)
        if sunset is not None:
            op.emit(
                f"operation.sunset.{sunset}",
                "x-sunset",
                old=a.sunset,
                new=b.sunset,
                deprecated=b.deprecated,
            )
        stability = stability_verb(a.stability, b.stability)
        if stability is not None:
            op.emit(
                f"operation.stability.{stability}",
                "x-stability-level",
                old=a.stability or "stable",
                new=b.stability or "stable",
            )
        op.tri_state("operation.operation-id", a.operation_id, b.operation_id, "operationId")
        for attr in ("summary", "description"):
            op.changed(f"operation.{attr}", getattr(a, attr), getattr(b, attr), attr)
        for tag in sorted(set(a.tags) - set(b.tags)):
            op.emit("operation.tag.removed", "tags", tag, old=tag)
        for tag in sorted(set(b.tags) - set(a.tags)):
            op.emit("operation.tag.added", "tags", tag, new=tag)
        self._security(a, b)
        if a.servers or b.servers:
            self._servers(
                a.servers or self.old.servers,
                b.servers or self.new.servers,
                a,
                b,
                (b.key, "servers"),
            )
        sends = RESPONSE if b.reversed else REQUEST  # who sends the request body
        self._parameters(a, b, op.at(direction=sends))
        body = op.at(_said(b, "request body", request=True), "requestBody", direction=sends)
        self._request_body(a, b, body)
        self._responses(a, b, op.at(direction=sends.reversed()))

    # -- parameters ------------------------------------------------------------------------
    def _parameters(self, a: Operation, b: Operation, op: Site) -> None:
        role = "parameter" if op.direction is REQUEST else "header"
        for pkey, pa, pb in pair(a.parameters, b.parameters).every:
            param = pb or pa
            info = {"in": param.in_, "name": param.name}
            where = _said(b, _param_where(param), request=True)
            site = op.at(where, "parameters", pkey[0], pkey[1], info=info)
            if not _member(site, pa, pb, role):
                continue
            here = site.at(old_loc=pa.location, new_loc=pb.location)
            if pkey[0] == "path" and pa.name != pb.name and role == "parameter":
                # Paired by position in the template: the wire is the same, the name that
                # generated clients give the argument is not.
                here.emit("parameter.renamed", "name", old=pa.name, new=pb.name)
            if role == "parameter":
                for attr, label in _SERIALIZATION:
                    facts = {"scalar": scalar_only(pa, pb)} if label == "explode" else {}
                    x, y = getattr(pa, attr), getattr(pb, attr)
                    here.changed(f"parameter.{label}", x, y, label, **facts)
                if bool(pa.content) != bool(pb.content):
                    # `schema` (style-serialized) vs `content` (a media type): the bytes
                    # on the wire change even when the schema does not.
                    here.emit(
                        "parameter.style.changed",
                        "style",
                        old=pa.style if not pa.content else next(iter(pa.content)),
                        new=pb.style if not pb.content else next(iter(pb.content)),
                    )
                elif pa.content:
                    body = site.at(info=_body_info("parameter"))
                    self._media_types(pa.content, pb.content, body, "parameter")
                    continue
            if pa.example != pb.example:
                here.at(role=role).emit(
                    "schema.example.changed", "example", old=pa.example_value, new=pb.example_value
                )
            sa, sb = single_value(site.at(role=role), pa, pb)
            # As text only while it stays the same parameter: one renamed in its place in
            # the path (`{org_id}` integer -> `{org}` string) takes other values now.
            text = not (pa.content or pb.content) and pa.name == pb.name
            self._schema_root(here, sa, sb, role, text=text)
        if role == "parameter":
            _required_order(a, b, op)

    # -- bodies ----------------------------------------------------------------------------
    def _request_body(self, a: Operation, b: Operation, site: Site) -> None:
        ba, bb = a.request_body, b.request_body
        if ba is None and bb is None:
            return
        if ba is None:
            site.at(new_loc=bb.location).emit("body.added", required=bb.required, request=True)
            return
        if bb is None:
            site.at(old_loc=ba.location).emit("body.removed", required=ba.required, request=True)
            return
        here = site.at(old_loc=ba.location, new_loc=bb.location)
        if ba.required != bb.required:
            became = "required" if bb.required else "optional"
            here.emit(f"body.became-{became}", "required", request=True)
        # The same fact as a body schema's description changing: one rule for both.
        here.at(role="body").changed(
            "schema.description", ba.description, bb.description, "description"
        )
        self._media_types(ba.content, bb.content, site.at(info=_body_info("request")), "body")

    def _media_types(
        self, ca: dict[str, MediaType], cb: dict[str, MediaType], site: Site, root: str
    ) -> None:
        """Media types of one body (or parameter). ``site`` is the body's, located at the
        operations (a media type that one side lacks is placed at NEW's operation), with
        ``_body_info`` for the rules."""
        pairs, removed, added = _pair_media_types(ca, cb)
        many = len(ca) > 1 or len(cb) > 1
        body = site.at(old_loc=site.new_loc, new_loc=site.new_loc)
        for name in removed:
            body.at(None, "content", name, old_loc=ca[name].location).emit(
                "body.media-type-removed", old=name
            )
        for name in added:
            body.at(None, "content", name, new_loc=cb[name].location).emit(
                "body.media-type-added", new=name
            )
        for old_name, new_name in pairs:
            ma, mb = ca[old_name], cb[new_name]
            media = body.at(None, "content", new_name, old_loc=ma.location, new_loc=mb.location)
            if old_name != new_name:
                media.emit("body.media-type-changed", old=old_name, new=new_name)
            inner = media.at(f"{site.where} ({code(new_name)})" if many else None, info={})
            if ma.example != mb.example:
                inner.at(role=root).emit(
                    "schema.example.changed", "example", old=ma.example_value, new=mb.example_value
                )
            if root == "body" and (ma.schema is None) != (mb.schema is None):
                # A media type without a schema is any value: one with a schema is a
                # contract that appears (or goes) as a whole, one finding, not a diff of
                # every keyword against "anything" (oasdiff's *-media-type-schema-added).
                schema = mb.schema or ma.schema
                if self.schemas.shape(schema) != self.schemas.shape(EMPTY):
                    if mb.schema is None:
                        inner.at(old_loc=ma.schema.location, new_loc=mb.location).emit(
                            "body.media-type-schema-removed", old=new_name
                        )
                    else:
                        inner.at(old_loc=ma.location, new_loc=mb.schema.location).emit(
                            "body.media-type-schema-added", new=new_name
                        )
                continue
            self._schema_root(
                inner, ma.schema, mb.schema, root, text=_as_text(ma, mb, old_name, new_name)
            )
            if root == "body" and _multipart(old_name) and _multipart(new_name):
                _part_media_types(inner, ma, mb, "part")
            elif root == "body" and _form_kind(old_name) == _form_kind(new_name) == _FORM:
                _part_media_types(inner, ma, mb, "field")  # a field's value, JSON or text
            if root == "body" and _form_kind(old_name) == _form_kind(new_name) is not None:
                _field_serialization(inner, ma, mb)

    # -- responses -------------------------------------------------------------------------
    def _responses(self, a: Operation, b: Operation, op: Site) -> None:
        def at(status: str) -> Site:  # a response's place, in NEW's words
            return op.at(_said(b, f"response {code(status)}", request=False), "responses", status)

        pairs, removed, added = _pair_statuses(a.responses, b.responses)
        for status in removed:
            info = {"status": status, "success": _success(status)}
            at(status).at(old_loc=a.responses[status].location, info=info).emit(
                "response.status-removed", old=status
            )
        for status in added:
            info = {"status": status, "success": _success(status)}
            at(status).at(new_loc=b.responses[status].location, info=info).emit(
                "response.status-added", new=status
            )
        for old_status, new_status in pairs:
            self._response(a.responses[old_status], b.responses[new_status], at(new_status))

    def _response(self, ra: Response, rb: Response, site: Site) -> None:
        status = rb.status
        here = site.at(old_loc=ra.location, new_loc=rb.location)
        if ra.status != rb.status:
            # 200 and 201 may both become 2XX: two changes, told apart by where they came from
            here.emit(
                "response.status-changed",
                "from",
                ra.status,
                old=ra.status,
                new=rb.status,
                status=status,
                success=_success(status),
            )
        here.changed(
            "response.description", ra.description, rb.description, "description", status=status
        )
        body = site.at(f"{site.where} body", info=_body_info("response", status))
        self._media_types(ra.content, rb.content, body, "body")
        self._headers(ra.headers, rb.headers, site, status)

    def _headers(
        self, ha: dict[str, Header], hb: dict[str, Header], response: Site, status: str
    ) -> None:
        # In a webhook the consumer sends the response: its headers are like parameters.
        role = "header" if response.direction is RESPONSE else "parameter"
        for name, xa, xb in pair(ha, hb).every:
            header = xb or xa
            where = f"{response.where} header {code(header.name)}"
            info = {"status": status, "name": header.name, "in": "header"}
            site = response.at(where, "headers", name, old_loc=response.new_loc, info=info)
            if not _member(site, xa, xb, role):
                continue
            sa, sb = single_value(site.at(role=role), xa, xb)
            here = site.at(old_loc=xa.location, new_loc=xb.location)
            self._schema_root(here, sa, sb, role, text=True)


_SERIALIZATION = (
    ("style", "style"),
    ("explode", "explode"),
    ("allow_empty_value", "allow-empty-value"),
    ("allow_reserved", "allow-reserved"),
)


def _op_where(op: Operation) -> str:
    if op.kind == "webhook":
        return f"webhook {code(op.path)} ({op.method})"
    if op.kind == "callback":
        return f"callback {code(op.display)}"
    return code(op.display)


def _said(op: Operation, words: str, *, request: bool) -> str:
    """How a place of ``op`` is named for people. In a webhook or callback the API sends the
    request and the consumer's endpoint answers it, so the words say who sends: rule ids say
    what the consumer sends (request-*) or receives (response-*), which there is the other
    way round, and "request body" alone would read as the consumer's."""
    if not op.reversed:
        return words
    return f"{words} ({'sent by the API' if request else 'sent by your endpoint'})"


def _param_where(param: Parameter) -> str:
    return f"{param.in_} parameter {code(param.name)}"


def _body_info(kind: str, status: str | None = None) -> dict[str, object]:
    """What the body rules read: request, parameter or response body, and its status."""
    return {"request": kind == "request", "status": status, "kind": kind}


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


# A body of these media types is written as text (``age=5&name=Rex``, nested values by the
# form and deepObject styles): its values are typed as a parameter's are, where a string
# takes the text of a number or a boolean.
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_TEXT_PART_TYPES = frozenset(("string", "integer", "number", "boolean"))


def _as_text(ma: MediaType, mb: MediaType, old_name: str, new_name: str) -> bool:
    """Both sides of a media-type pair travel as text. A form-encoded body does; a
    ``multipart/form-data`` body only when every part is a primitive value or a list of
    them (a Swagger 2.0 ``formData`` body is one), as an object part is sent as JSON. In
    either, a field whose ``encoding`` names a JSON ``contentType`` is sent as JSON (``5``
    and ``"5"`` differ there): then the body is compared by JSON's types."""
    if _json_encoded(ma) or _json_encoded(mb):
        return False
    kind = _form_kind(old_name)
    if kind is None or kind != _form_kind(new_name):
        return False
    return kind == _FORM or (_text_parts(ma.schema) and _text_parts(mb.schema))


def _multipart(name: str) -> bool:
    return name.startswith("multipart/")


def _part_media_types(site: Site, ma: MediaType, mb: MediaType, what: str) -> None:
    """The content types each part of a multipart body (or field of a url-encoded form)
    may have (``encoding.contentType``, or the default its schema gives): a type a request
    part may no longer be sent in breaks the clients that send it; one a response part may
    now come in is new to its readers."""
    explicit_a, explicit_b = dict(ma.encoding), dict(mb.encoding)
    for part in sorted(explicit_a.keys() | explicit_b.keys()):
        old = _part_types(explicit_a.get(part), ma.schema, part)
        new = _part_types(explicit_b.get(part), mb.schema, part)
        if old is None or new is None or old == new:
            continue  # a part a side does not describe, or whose default is not known
        here = site.at(f"{site.where} {what} {code(part)}", "encoding", part)
        for kind, gone, kept in (("removed", old, new), ("added", new, old)):
            for media in sorted(gone - kept):
                if not _covered(media, kept):
                    value = {"old" if kind == "removed" else "new": media}
                    here.emit(f"body.part-media-type-{kind}", part=part, **value)


def _form_kind(name: str) -> str | None:
    """The form media type ``name`` is (its fields written by ``style``), if it is one."""
    essence = name.split(";", 1)[0]
    return essence if essence in (_FORM, _MULTIPART) else None


_FIELD_DEFAULT = ("form", True, False)  # style, explode, allowReserved: a query parameter's


def _field_serialization(site: Site, ma: MediaType, mb: MediaType) -> None:
    """How each field of a form both sides describe is written (``encoding``'s ``style``,
    ``explode`` and ``allowReserved``; a Swagger 2.0 array's ``collectionFormat``):
    ``ids=a,b`` and ``ids=a&ids=b`` are not the same request."""
    old = {name: rest for name, *rest in ma.serialization}
    new = {name: rest for name, *rest in mb.serialization}
    props_a = ma.schema.properties if ma.schema is not None else {}
    props_b = mb.schema.properties if mb.schema is not None else {}
    for name in sorted(old.keys() | new.keys()):
        if name not in props_a or name not in props_b:
            continue  # a field added or removed: its own finding
        style_a, explode_a, reserved_a = old.get(name, _FIELD_DEFAULT)
        style_b, explode_b, reserved_b = new.get(name, _FIELD_DEFAULT)
        here = site.at(f"{site.where} field {code(name)}", "encoding", name)
        # One primitive value is `name=value` in every style a form field may have.
        scalar = primitive(props_a[name]) and primitive(props_b[name])
        here.changed("body.field-style", style_a, style_b, "style", scalar=scalar)
        if style_a == style_b:  # a new style is one finding, whatever its explode
            here.changed("body.field-explode", explode_a, explode_b, "explode", scalar=scalar)
        here.changed("body.field-allow-reserved", reserved_a, reserved_b, "allowReserved")


def _part_types(explicit: str | None, schema: Schema | None, part: str) -> frozenset[str] | None:
    """A part's content types: as ``encoding`` lists them, else the default OpenAPI gives
    its property (``application/octet-stream`` for binary, ``application/json`` for an
    object, ``text/plain`` for another value, an array's by its items); None when unknown."""
    if explicit is not None:
        found = frozenset(t.strip().lower().replace(" ", "") for t in explicit.split(","))
        return frozenset(t for t in found if t) or None
    prop = schema.properties.get(part) if schema is not None else None
    if prop is not None and prop.types == frozenset(("array",)):
        prop = prop.items
    if prop is None or prop.types is None:
        return None
    media = prop.other.get("contentMediaType")  # 3.1: the part's own type
    if isinstance(media, str) and media.startswith('"'):
        return frozenset((media.strip('"').lower(),))
    if prop.types == frozenset(("string",)) and (
        prop.format == "binary" or "contentEncoding" in prop.other
    ):
        return frozenset(("application/octet-stream",))
    if prop.types == frozenset(("object",)):
        return frozenset(("application/json",))
    if prop.types <= _TEXT_PART_TYPES:
        return frozenset(("text/plain",))
    return None


def _covered(media: str, others: frozenset[str]) -> bool:
    """``media`` is matched by a wildcard among ``others`` (``image/*``, ``*/*``)."""
    kind = media.split("/", 1)[0]
    return "*/*" in others or (f"{kind}/*" in others and media != f"{kind}/*")


def _json_encoded(media: MediaType) -> bool:
    """Some field's ``encoding.contentType`` is JSON (one of a comma-separated list)."""
    for _, content_type in media.encoding:
        for one in content_type.split(","):
            essence = one.split(";", 1)[0].strip().lower()
            if essence == "application/json" or essence.endswith("+json"):
                return True
    return False


def _text_parts(schema: Schema | None) -> bool:
    """A multipart body whose parts are all primitive values (or lists of them): its named
    properties, and any other part ``additionalProperties`` or ``patternProperties`` allow."""
    if schema is None or schema.types != frozenset(("object",)) or not schema.properties:
        return False
    parts = list(schema.properties.values())
    if isinstance(schema.additional, Schema):
        parts.append(schema.additional)
    for keyword, sub in schema.keywords.items():
        if not keyword.startswith("patternProperties/") and keyword != "unevaluatedProperties":
            return False  # a conditional or dependent schema: parts this does not follow
        parts.append(sub)
    for part in parts:
        if part.types is not None and part.types == frozenset(("array",)):
            part = part.items
        if part is None or part.types is None or not part.types <= _TEXT_PART_TYPES:
            return False
        if part.one_of or part.any_of or part.all_of or part.properties:
            return False
    return True


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
            sunset=xa.sunset,
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
            sunset=xb.sunset,
        )
    sunset = sunset_verb(xa.sunset, xb.sunset, xb.deprecated)
    if sunset is not None:
        as_schema.emit(
            f"schema.sunset.{sunset}",
            "x-sunset",
            old=xa.sunset,
            new=xb.sunset,
            deprecated=xb.deprecated,
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
