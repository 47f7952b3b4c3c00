"""Compare two Protobuf contracts (``ProtoSchema``): packages, files, messages, enums,
services, as facts for ``rules.protobuf``.

Fields and enum values pair by number (what the binary wire carries) and, a second time, by
name (what JSON and generated code see). Every change says which RPCs reach the element
(``info["operations"]``) and whether it is sent in requests, returned in responses or both
(``in_request`` / ``in_response``, and ``direction`` when only one): a usage map over the type
graph, built once per side with ``reach``. A message or enum that disappears under one name
and appears under another with the same shape is a move: reported once, and fields whose
type was it do not change type. Only the contract's own files are compared; imported files
(well-known types, ``--proto-path`` roots) matter through what they make reachable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..model import Contract, Direction, Guidance, Location
from ..model.protobuf import (
    ProtoEnum,
    ProtoField,
    ProtoMessage,
    ProtoMethod,
    ProtoReserved,
    ProtoSchema,
    ProtoService,
)
from .change import Change
from .guidance import values_of
from .pairing import pair
from .reach import bits, reach
from .site import Site

__all__ = ["compare", "json_compatible", "wire_compatible"]

# The language guide's wire-compatible groups ("Updating A Message Type").
_WIRE_GROUP = {
    **dict.fromkeys(("int32", "uint32", "int64", "uint64", "bool"), "varint"),
    **dict.fromkeys(("sint32", "sint64"), "zigzag"),
    **dict.fromkeys(("fixed32", "sfixed32"), "fixed32"),
    **dict.fromkeys(("fixed64", "sfixed64"), "fixed64"),
}
# ... and those JSON also reads alike (64-bit integers are strings in JSON, 32-bit numbers).
_JSON_GROUP = {
    **dict.fromkeys(("int32", "uint32"), "int32"),
    **dict.fromkeys(("int64", "uint64"), "int64"),
    **dict.fromkeys(("fixed32", "sfixed32"), "fixed32"),
    **dict.fromkeys(("fixed64", "sfixed64"), "fixed64"),
}
# File options whose absence means a value (adding ``java_multiple_files = false`` is no change).
_OPTION_DEFAULTS: dict[str, Any] = {
    "java_multiple_files": False,
    "java_generic_services": False,
    "cc_generic_services": False,
    "py_generic_services": False,
    "php_generic_services": False,
    "java_string_check_utf8": False,
    "cc_enable_arenas": True,
    "optimize_for": "SPEED",
    "deprecated": False,
}
_ENUM_INTS = frozenset(("int32", "uint32", "int64", "uint64"))
_STRINGS = frozenset(("string", "bytes"))
_INT64 = frozenset(("int64", "uint64", "sint64", "fixed64", "sfixed64"))
_VERSION = re.compile(r"(?:^|\.)v\d+(alpha|beta|test)?\d*(?:$|\.)")


def wire_compatible(old: str, new: str) -> bool:
    """Scalar ``old`` read as ``new`` on the binary wire, as the guide lists."""
    if old == new:
        return True
    if (old, new) == ("string", "bytes") or (old, new) == ("bytes", "string"):
        return True
    group = _WIRE_GROUP.get(old)
    return group is not None and group == _WIRE_GROUP.get(new)


def json_compatible(old: str, new: str) -> bool:
    """Scalar ``old`` read as ``new`` in binary and in JSON (string and bytes differ in JSON:
    bytes are base64)."""
    if old == new:
        return True
    group = _JSON_GROUP.get(old)
    return group is not None and group == _JSON_GROUP.get(new)


def compare(old: Contract, new: Contract, options: object = None) -> list[Change]:
    """Every difference between two Protobuf contracts, as facts."""
    return _Compare(old.body or ProtoSchema(), new.body or ProtoSchema()).run()


class _Usage:
    """Which RPCs reach each message and enum of one side, as requests and as responses."""

    def __init__(self, schema: ProtoSchema) -> None:
        self.rpcs: list[str] = []
        req: dict[str, int] = {}
        resp: dict[str, int] = {}
        for service in schema.services.values():
            if schema.imported(service.file):
                continue
            package = service.full_name.rpartition(".")[0]
            for method in service.methods.values():
                bit = 1 << len(self.rpcs)
                self.rpcs.append(f"{service.full_name}/{method.name}")
                req[method.input_type] = req.get(method.input_type, 0) | bit
                resp[method.output_type] = resp.get(method.output_type, 0) | bit
                info = method.operation_info
                for name in (info.response_type, info.metadata_type) if info else ():
                    if name:
                        full = _resolve(schema, package, name)
                        resp[full] = resp.get(full, 0) | bit

        known: dict[str, list[str]] = {}  # each message's successors, made once, not 4 times

        def successors(name: Any) -> Iterable[str]:
            out = known.get(name)
            if out is not None:
                return out
            message = schema.messages.get(name)
            if message is None:
                return ()
            out = known[name] = []
            for f in message.fields.values():
                if f.type_name:
                    out.append(f.type_name)
                if f.map is not None and f.map.value_type_name:
                    out.append(f.map.value_type_name)
            return out

        self.request = reach(req, successors)
        self.response = reach(resp, successors)

    def of(self, name: str) -> tuple[int, int]:
        return self.request.get(name, 0), self.response.get(name, 0)


def _resolve(schema: ProtoSchema, package: str, name: str) -> str:
    """An ``operation_info`` type name as protoc would resolve it from ``package``."""
    name = name.lstrip(".")
    scope = package
    while scope:
        candidate = f"{scope}.{name}"
        if candidate in schema.messages:
            return candidate
        scope = scope.rpartition(".")[0]
    return name


def _stability(package: str) -> str | None:
    match = _VERSION.search(package)
    if match is None or match.group(1) is None:
        return None
    return {"alpha": "alpha", "beta": "beta", "test": "alpha"}[match.group(1)]


def _own(schema: ProtoSchema, elements: dict[str, Any]) -> dict[str, Any]:
    return {
        name: e
        for name, e in elements.items()
        if not schema.imported(e.file) and not getattr(e, "map_entry", False)
    }


def _message_shape(m: ProtoMessage) -> tuple:
    return tuple(
        sorted(
            (
                f.number,
                f.name,
                f.type,
                f.type_name and f.type_name.rpartition(".")[2],
                f.cardinality,
            )
            for f in m.fields.values()
        )
    )


def _enum_values(e: ProtoEnum) -> frozenset[tuple[int, str]]:
    return frozenset((v.number, v.name) for v in e.values.values())


class _Compare:
    def __init__(self, a: ProtoSchema, b: ProtoSchema) -> None:
        self.a, self.b = a, b
        self.out: list[Change] = []
        self.usage = (_Usage(a), _Usage(b))
        self.root = Site(self.out, "contract", ("protobuf",))
        self.moved: dict[str, str] = {}  # old full name -> new, messages and enums moved
        self.renamed: dict[str, str] = {}  # old package -> new, every element carried over
        self.carried: dict[str, list[str]] = {}  # renamed package -> its elements (relative)

    def run(self) -> list[Change]:
        a_msgs, b_msgs = _own(self.a, self.a.messages), _own(self.b, self.b.messages)
        a_enums, b_enums = _own(self.a, self.a.enums), _own(self.b, self.b.enums)
        services = (_own(self.a, self.a.services), _own(self.b, self.b.services))
        self._package_renames((a_msgs, b_msgs), (a_enums, b_enums), services)
        self._moves(a_msgs, b_msgs, _message_shape, exact=True)
        self._moves(a_enums, b_enums, _enum_values, exact=False)
        gone_packages = self._packages()
        self._files(gone_packages)
        self._elements("message", a_msgs, b_msgs, gone_packages, self._message)
        self._elements("enum", a_enums, b_enums, gone_packages, self._enum)
        self._elements("service", *services, gone_packages, self._service)
        self._extensions()
        self._shared_enum_defaults()
        return self.out

    # -- where a change is, and who uses it --------------------------------------------------
    def site(self, name: str, where: str, package: str, *, side: int = 2, **info: Any) -> Site:
        """A site for element ``name`` (a message, enum, service: ``operation``), with the RPCs
        that reach it on ``side`` (0 OLD, 1 NEW, 2 both)."""
        top = name
        req = resp = 0
        rpcs: list[str] = []
        for index in (0, 1) if side == 2 else (side,):
            usage = self.usage[index]
            r, s = usage.of(self.moved.get(name, name) if index == 1 else name)
            names = [usage.rpcs[i] for i in bits(r | s)]
            rpcs.extend(n for n in names if n not in rpcs)
            req |= r
            resp |= s
        direction = (
            Direction.REQUEST
            if req and not resp
            else Direction.RESPONSE
            if resp and not req
            else None
        )
        facts: dict[str, Any] = {
            "operations": sorted(rpcs),
            "in_request": bool(req),
            "in_response": bool(resp),
            **info,
        }
        level = _stability(package)
        if level is not None:
            facts["stability"] = level
        return Site(
            self.out,
            where,
            ("protobuf", top),
            operation=top,
            display=top,
            direction=direction,
            info=facts,
        )

    # -- moves -------------------------------------------------------------------------------
    def _package_renames(self, *kinds: tuple[dict, dict]) -> None:
        """A package gone from NEW whose every message, enum and service is in exactly one
        package new in NEW, under the same name relative to the package: a rename (``a.v1``
        to ``a.v2``). Its elements pair with their namesakes (``moved``), so what differs
        inside them is still compared, and the rename is one finding, not a deletion of
        every element."""
        old_packages, new_packages = self._own_packages(self.a), self._own_packages(self.b)
        gone = [p for p in old_packages if p not in new_packages]
        fresh = [p for p in new_packages if p not in old_packages]
        if not gone or not fresh:
            return
        members: tuple[dict, dict] = ({}, {})  # package -> {relative name: full name}
        for side, schema in enumerate((self.a, self.b)):
            for elements in kinds:
                for name, e in elements[side].items():
                    package = schema.files[e.file].package
                    members[side].setdefault(package, {})[_relative(name, package)] = name
        for package in gone:
            mine = members[0].get(package)
            if not mine or not package:
                continue
            found = [q for q in fresh if mine.keys() <= members[1].get(q, {}).keys()]
            if len(found) != 1 or found[0] in self.renamed.values():
                continue
            theirs = members[1][found[0]]
            self.renamed[package] = found[0]
            self.carried[package] = sorted(mine)
            for relative, name in mine.items():
                self.moved[name] = theirs[relative]

    def _moves(self, old: dict, new: dict, shape, *, exact: bool) -> None:
        """Elements gone from OLD with exactly one element new in NEW of the same shape (for
        enums: the same short name and every old value kept, or the same values)."""
        paired = pair(old, new)
        taken = set(self.moved.values())
        added = [(name, e, shape(e)) for name, e in paired.added if name not in taken]
        for name, e in paired.removed:
            if name in self.moved:
                continue
            mine = shape(e)
            same = [n for n, _, s in added if s == mine]
            if not same and not exact:
                short = e.name
                same = [n for n, x, s in added if x.name == short and mine <= s]
            if len(same) == 1:
                self.moved[name] = same[0]

    # -- packages and files ------------------------------------------------------------------
    def _own_packages(self, schema: ProtoSchema) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for f in schema.files.values():
            if not f.imported:
                out.setdefault(f.package, []).append(f.name)
        return out

    def _packages(self) -> set[str]:
        paired = pair(self._own_packages(self.a), self._own_packages(self.b))
        gone = set()
        for package, files in paired.removed:
            if package in self.renamed:
                self._package_renamed(package, sorted(files))
                continue
            gone.add(package)
            first = self.a.files[sorted(files)[0]]
            site = self.site(package, f"package `{package}`", package, side=0)
            site.at(old_loc=first.location, new_loc=None).removed(
                "proto.package", old=package, files=sorted(files)
            )
        return gone

    def _package_renamed(self, package: str, files: list[str]) -> None:
        target = self.renamed[package]
        new_files = sorted(f.name for f in self.b.files.values() if f.package == target)
        carried = self.carried[package]
        rpcs = sorted(
            f"{package}.{name}/{method}"
            for name in carried
            if f"{package}.{name}" in self.a.services
            for method in self.a.services[f"{package}.{name}"].methods
        )
        site = self.site(package, f"package `{package}`", package, side=0)
        site.at(
            old_loc=self.a.files[files[0]].location, new_loc=self.b.files[new_files[0]].location
        ).emit(
            "proto.package.renamed",
            old=package,
            new=target,
            elements=carried,
            count=len(carried),
            files=files,
            new_files=new_files,
            operations=rpcs,
        )

    def _files(self, gone_packages: set[str]) -> None:
        own = (
            {n: f for n, f in self.a.files.items() if not f.imported},
            {n: f for n, f in self.b.files.items() if not f.imported},
        )
        paired = pair(*own)
        renamed_to = set(self.renamed.values())
        for name, f in paired.removed:
            if f.package in self.renamed:
                continue  # the package's rename lists its files
            site = self.site(name, f"file `{name}`", f.package, side=0)
            site.at(old_loc=f.location, new_loc=None).removed(
                "proto.file",
                old=name,
                package=f.package,
                package_removed=f.package in gone_packages,
            )
        for name, f in paired.added:
            if f.package in renamed_to:
                continue
            site = self.site(name, f"file `{name}`", f.package, side=1)
            site.at(old_loc=None, new_loc=f.location).added("proto.file", new=name)
        for name, x, y in paired.both:
            if x is y:
                continue
            site = self.site(name, f"file `{name}`", x.package).at(
                old_loc=x.location, new_loc=y.location
            )
            if self.renamed.get(x.package) != y.package:
                site.changed("proto.file.package", x.package, y.package)
            to_editions = y.syntax == "editions" and x.syntax != "editions"
            if not to_editions:  # editions: the effective features are compared element-wise
                site.changed("proto.file.syntax", x.edition or x.syntax, y.edition or y.syntax)
            for option in sorted(x.options.keys() | y.options.keys()):
                default = _OPTION_DEFAULTS.get(option)
                old, new = x.options.get(option, default), y.options.get(option, default)
                site.changed("proto.file.option", old, new, option, option=option)

    # -- messages, enums, services -------------------------------------------------------------
    def _elements(self, what: str, old: dict, new: dict, gone: set[str], compare_one) -> None:
        paired = pair(old, new)
        new_names = set(new)
        for name, e in paired.removed:
            package = self.a.files[e.file].package
            if package in gone and what != "service":
                continue  # the package's removal says it (a service's RPCs are gone for all)
            if (
                getattr(e, "parent", None) is not None
                and e.parent not in self.b.messages
                and e.parent not in self.moved
            ):
                continue  # its parent's removal says it
            site = self.site(name, f"{what} `{name}`", package, side=0).at(
                old_loc=e.location, new_loc=None
            )
            target = self.moved.get(name)
            if target is not None and target in new_names and package in self.renamed:
                compare_one(site.at(new_loc=new[target].location), e, new[target])
                continue  # the package's rename says it moved
            if target is not None and target in new_names:
                moved = new[target]
                site.emit(
                    f"proto.{what}.moved",
                    old=name,
                    new=target,
                    new_loc=moved.location,
                    same_package=self.b.files[moved.file].package == package,
                )
                compare_one(site.at(new_loc=moved.location), e, moved)
                continue
            site.removed(
                f"proto.{what}",
                old=name,
                deprecated=e.deprecated,
                guidance=_was_deprecated(e),
                **self._gone(what, e),
            )
        for name, e in paired.added:
            if name in self.moved.values():
                continue
            package = self.b.files[e.file].package
            site = self.site(name, f"{what} `{name}`", package, side=1)
            site.at(old_loc=None, new_loc=e.location).added(f"proto.{what}", new=name)
        for name, x, y in paired.both:
            if x is y:
                continue  # shared by both sides: its file compiled to the same descriptor
            package = self.a.files[x.file].package
            site = self.site(name, f"{what} `{name}`", package).at(
                old_loc=x.location, new_loc=y.location
            )
            if x.file != y.file:
                site.emit(f"proto.{what}.file.changed", old=x.file, new=y.file)
            compare_one(site, x, y)

    def _gone(self, what: str, e: Any) -> dict[str, Any]:
        if what == "service":
            return {"rpcs": [f"{e.full_name}/{m}" for m in e.methods]}
        return {}

    def _message(self, site: Site, x: ProtoMessage, y: ProtoMessage) -> None:
        site.changed(
            "proto.message.message-set", x.message_set_wire_format, y.message_set_wire_format
        )
        if not x.no_standard_descriptor_accessor and y.no_standard_descriptor_accessor:
            site.emit("proto.message.descriptor-accessor.removed")
        if not x.deprecated and y.deprecated:
            site.emit("proto.message.deprecated.added")
        _json_format(site, "message", x.json_format, y.json_format)
        self._reserved(site, "message", x.reserved, y.reserved)
        lost = _uncovered(x.extension_ranges, y.extension_ranges)
        if lost:
            site.emit("proto.message.extension-range.removed", old=lost)
        oneofs = pair(x.oneofs, y.oneofs)
        for name, oneof in oneofs.removed:
            site.at(f"oneof `{name}` of `{x.full_name}`", "oneof", name).at(
                old_loc=oneof.location, new_loc=None
            ).removed("proto.oneof", old=name)
        self._fields(site, x, y)

    def _reserved(self, site: Site, what: str, x: ProtoReserved, y: ProtoReserved) -> None:
        lost = _uncovered(x.ranges, y.ranges)
        names = sorted(set(x.names) - set(y.names))
        if lost or names:
            site.emit(f"proto.{what}.reserved.removed", old=[*lost, *names])

    def _fields(self, site: Site, x: ProtoMessage, y: ProtoMessage) -> None:
        by_number = pair(x.by_number, y.by_number)
        by_name = pair(x.fields, y.fields)
        renumbered = {name: (a, b) for name, a, b in by_name.both if a.number != b.number}
        old_required = {f.name for f in x.fields.values() if f.cardinality == "required"}
        new_required = {f.name for f in y.fields.values() if f.cardinality == "required"}
        for _, f in by_number.removed:
            here = self._field_site(site, f, old_loc=f.location, new_loc=None)
            if f.name in renumbered:
                moved = renumbered[f.name][1]
                here.emit(
                    "proto.field.number.changed",
                    old=f.number,
                    new=moved.number,
                    new_loc=moved.location,
                )
                continue
            here.removed(
                "proto.field",
                old=f.name,
                number=str(f.number),
                number_reserved=_covers(y.reserved.ranges, f.number),
                name_reserved=f.name in y.reserved.names,
                deprecated=f.deprecated,
                guidance=_was_deprecated(f),
            )
            if f.cardinality == "required":
                # Required is forever: old readers reject every message without it, however
                # carefully its number and name are reserved.
                here.emit("proto.field.required.removed", old=f.name)
        for _, f in by_number.added:
            if f.name in renumbered:
                continue
            here = self._field_site(site, f, old_loc=None, new_loc=f.location)
            in_old_oneof = f.oneof is not None and f.oneof in x.oneofs
            required = f.cardinality == "required" or "REQUIRED" in f.field_behavior
            here.added(
                "proto.field",
                new=f.name,
                existing_oneof=in_old_oneof,
                required=required,
                guidance=self._expects(f) if required else None,
            )
        for _, a, b in by_number.both:
            self._field(
                self._field_site(site, b, old_loc=a.location, new_loc=b.location), a, b, x, y
            )
        for name in sorted(old_required ^ new_required):
            if name in x.fields and name in y.fields:
                f = y.fields[name]
                action = "added" if name in new_required else "removed"
                self._field_site(site, f, old_loc=x.fields[name].location, new_loc=f.location).emit(
                    f"proto.field.required.{action}",
                    old=name,
                    guidance=self._expects(f) if action == "added" else None,
                )

    def _expects(self, f: ProtoField) -> Guidance:
        """What a required field takes: its type (the message or enum it names) and an
        enum's values, as NEW defines them."""
        kind = f.type_name.lstrip(".") if f.type_name else f.type
        if f.cardinality == "repeated" and f.map is None:
            kind = f"repeated {kind}"
        enum = self.b.enums.get(f.type_name or "") if f.type == "enum" else None
        values, more = values_of(enum.values) if enum is not None else (None, 0)
        return Guidance(type=kind, values=values, more=more)

    def _field_site(self, site: Site, f: ProtoField, **locs: Any) -> Site:
        return site.at(
            f"field `{f.name} = {f.number}` of `{site.operation}`",
            "field",
            str(f.number),
            info={**site.info, "field": f.name},
            **locs,
        )

    def _field(
        self,
        site: Site,
        a: ProtoField,
        b: ProtoField,
        x: ProtoMessage | None,
        y: ProtoMessage | None,
    ) -> None:
        """Two versions of a field (``x``, ``y``: the messages holding it; None for an
        extension)."""
        if a.name != b.name:
            map_entry = a.map is not None and b.map is not None
            site.emit(
                "proto.field.name.changed",
                old=a.name,
                new=b.name,
                json_kept=a.json_name == b.json_name,
                map=map_entry,
            )
        elif a.json_name != b.json_name:
            site.emit("proto.field.json-name.changed", old=a.json_name, new=b.json_name)
        self._type(site, a, b)
        self._cardinality(site, a, b)
        if a.oneof != b.oneof:
            assert x is not None and y is not None  # an extension is in no oneof
            sole = (
                b.oneof is not None
                and a.oneof is None
                and b.oneof not in x.oneofs
                and len(y.oneofs[b.oneof].fields) == 1
                if b.oneof in y.oneofs
                else False
            )
            site.emit("proto.field.oneof.changed", old=a.oneof, new=b.oneof, sole_new_oneof=sole)
        if a.default is None and b.default is None:
            # A singular field of a closed enum defaults to the enum's first value: reordering
            # the values, or adding one first, changes what readers see when it is unset.
            old, new = self._first_value(a, self.a), self._first_value(b, self.b)
            same_enum = self.moved.get(a.type_name or "", a.type_name) == b.type_name
            if old is not None and new is not None and old != new and same_enum:
                site.emit("proto.field.default.changed", old=old, new=new, implicit=True)
        else:
            site.tri_state("proto.field.default", a.default, b.default)
        site.changed("proto.field.packed", a.packed, b.packed)
        if a.type in _STRINGS and b.type in _STRINGS:  # ctype / string_type apply to these only
            site.changed(
                "proto.field.string-type", a.string_type or "STRING", b.string_type or "STRING"
            )
        if a.utf8_validation is not None and b.utf8_validation is not None:  # both strings
            site.changed("proto.field.utf8", a.utf8_validation, b.utf8_validation)
        if a.type in _INT64 and b.type in _INT64:  # jstype applies to 64-bit integers only
            site.changed("proto.field.jstype", a.jstype, b.jstype)
        if not a.deprecated and b.deprecated:
            site.emit("proto.field.deprecated.added")
        for behavior in sorted(set(a.field_behavior) ^ set(b.field_behavior)):
            action = "added" if behavior in b.field_behavior else "removed"
            site.emit(
                f"proto.field.behavior.{action}",
                behavior.lower(),
                old=a.field_behavior,
                new=b.field_behavior,
                behavior=behavior,
            )

    def _shared_enum_defaults(self) -> None:
        """The implicit default of fields in messages both sides share (not compared: their
        file compiled to the same descriptor) moves with their closed enum's first value,
        which another file declares."""
        moved = {}
        for name, x in self.a.enums.items():
            y = self.b.enums.get(name)
            if y is None or x is y:
                continue
            first = (_closed_first(x), _closed_first(y))
            if None not in first and first[0] != first[1]:
                moved[name] = first
        if not moved:
            return
        for name, message in _own(self.b, self.b.messages).items():
            if self.a.messages.get(name) is not message:
                continue  # compared field by field (``_field``)
            for f in message.fields.values():
                if f.type_name in moved and f.cardinality != "repeated" and f.default is None:
                    old, new = moved[f.type_name]
                    package = self.b.files[message.file].package
                    site = self.site(name, f"message `{name}`", package)
                    # The shared message's locations name OLD's copy of the file.
                    shown = self.b.shown.get(message.file, f.location.file)
                    at_new = Location(shown, f.location.pointer, f.location.resolver)
                    here = self._field_site(site, f, old_loc=f.location, new_loc=at_new)
                    here.emit("proto.field.default.changed", old=old, new=new, implicit=True)

    @staticmethod
    def _first_value(f: ProtoField, schema: ProtoSchema) -> str | None:
        """The implicit default of a singular field of a closed enum: its first value."""
        if f.type != "enum" or f.cardinality == "repeated" or not f.type_name:
            return None
        enum = schema.enums.get(f.type_name)
        return _closed_first(enum) if enum is not None else None

    def _type(self, site: Site, a: ProtoField, b: ProtoField) -> None:
        if a.map is not None and b.map is not None:
            old = (a.map.key_type, a.map.value_type_name or a.map.value_type)
            new = (b.map.key_type, b.map.value_type_name or b.map.value_type)
            old = (old[0], self.moved.get(old[1], old[1]))
            if old != new:
                site.emit(
                    "proto.field.type.changed",
                    old=f"map<{', '.join(old)}>",
                    new=f"map<{', '.join(new)}>",
                    wire_ok=False,
                    json_ok=False,
                    lost="",
                )
            return
        if (a.map is None) != (b.map is None):
            return  # a map and a repeated entry message: cardinality says it
        old_name = self.moved.get(a.type_name or "", a.type_name)
        if a.type == b.type and old_name == b.type_name:
            return
        wire_ok, json_ok, lost = self._compatible(a, b)
        site.emit(
            "proto.field.type.changed",
            old=a.type_name or a.type,
            new=b.type_name or b.type,
            wire_ok=wire_ok,
            json_ok=json_ok,
            lost=f" ({', '.join(lost)} removed)" if lost else "",
        )

    def _compatible(self, a: ProtoField, b: ProtoField) -> tuple[bool, bool, list[str]]:
        if a.type == "enum" and b.type == "enum":
            x, y = self.a.enums.get(a.type_name or ""), self.b.enums.get(b.type_name or "")
            if x is None or y is None:
                return False, False, []
            old, new = (
                {v.number: v.name for v in x.values.values()},
                {v.number: v.name for v in y.values.values()},
            )
            lost = [f"{name} = {n}" for n, name in sorted(old.items()) if n not in new]
            names_kept = all(new.get(n) == name for n, name in old.items())
            return not lost, not lost and names_kept, lost
        if "enum" in (a.type, b.type):
            other = b.type if a.type == "enum" else a.type
            enum = self.a.enums.get(a.type_name or "") or self.b.enums.get(b.type_name or "")
            open_enum = enum is not None and not enum.closed
            return other in _ENUM_INTS and open_enum, False, []
        if a.type in ("message", "group") or b.type in ("message", "group"):
            return False, False, []
        return wire_compatible(a.type, b.type), json_compatible(a.type, b.type), []

    def _cardinality(self, site: Site, a: ProtoField, b: ProtoField) -> None:
        old, new = _card(a), _card(b)
        if old == new or (
            "required" in (old, new) and {old, new} <= {"required", "optional", "implicit"}
        ):
            return  # required-ness is the message's required fields
        lengthy = a.type in ("string", "bytes", "message") and b.type == a.type
        repeated = {old, new} & {"repeated", "map"}
        if not repeated:  # presence only: the same bytes, the same JSON
            wire_ok = json_ok = True
        elif {old, new} == {"repeated", "map"}:
            wire_ok, json_ok = True, False
        else:
            wire_ok = lengthy and "map" not in (old, new)
            json_ok = False
        site.emit(
            "proto.field.cardinality.changed",
            old=old,
            new=new,
            wire_ok=wire_ok,
            json_ok=json_ok,
            presence=not repeated,
        )

    def _enum(self, site: Site, x: ProtoEnum, y: ProtoEnum) -> None:
        if x.closed != y.closed:
            site.emit(
                "proto.enum.closed.changed",
                old="closed" if x.closed else "open",
                new="closed" if y.closed else "open",
            )
        self._reserved(site, "enum", x.reserved, y.reserved)
        if not x.deprecated and y.deprecated:
            site.emit("proto.enum.deprecated.added")
        _json_format(site, "enum", x.json_format, y.json_format)
        old: dict[int, list] = {}
        new: dict[int, list] = {}
        for v in x.values.values():
            old.setdefault(v.number, []).append(v)
        for v in y.values.values():
            new.setdefault(v.number, []).append(v)
        paired = pair(old, new)
        for number, values in paired.removed:
            v = values[0]
            here = site.at(
                f"enum value `{v.name} = {number}` of `{x.full_name}`",
                "value",
                str(number),
                old_loc=v.location,
                new_loc=None,
                info={**site.info, "value": v.name},
            )
            deprecated = all(w.deprecated for w in values)
            kept = tuple(y.values) if site.info.get("in_request") else None
            here.removed(
                "proto.enum-value",
                old=[f"{w.name} = {number}" for w in values],
                number_reserved=_covers(y.reserved.ranges, number),
                name_reserved=all(w.name in y.reserved.names for w in values),
                deprecated=deprecated,
                guidance=_left(kept, deprecated),
            )
        for number, values in paired.added:
            v = values[0]
            here = site.at(
                f"enum value `{v.name} = {number}` of `{y.full_name}`",
                "value",
                str(number),
                old_loc=None,
                new_loc=v.location,
                info={**site.info, "value": v.name},
            )
            here.added("proto.enum-value", new=v.name)
        for number, vs, ws in paired.both:
            here = site.at(
                f"enum value `{vs[0].name} = {number}` of `{y.full_name}`",
                "value",
                str(number),
                old_loc=vs[0].location,
                new_loc=ws[0].location,
                info={**site.info, "value": vs[0].name},
            )
            old_names, new_names = [v.name for v in vs], [w.name for w in ws]
            if not set(old_names) & set(new_names):
                here.emit("proto.enum-value.name.changed", old=old_names[0], new=new_names[0])
            elif set(old_names) - set(new_names):
                here.emit(
                    "proto.enum-value.alias.removed", old=sorted(set(old_names) - set(new_names))
                )
            if not all(v.deprecated for v in vs) and all(w.deprecated for w in ws):
                here.emit("proto.enum-value.deprecated.added")

    def _service(self, site: Site, x: ProtoService, y: ProtoService) -> None:
        if not x.deprecated and y.deprecated:
            site.emit("proto.service.deprecated.added")
        methods = pair(x.methods, y.methods, order="old")
        for name, m in methods.removed:
            self._rpc(site, x, m, old_loc=m.location, new_loc=None).removed(
                "proto.rpc", old=name, deprecated=m.deprecated or x.deprecated
            )
        for name, m in methods.added:
            self._rpc(site, y, m, old_loc=None, new_loc=m.location).added("proto.rpc", new=name)
        for _, a, b in methods.both:
            self._method(self._rpc(site, y, b, old_loc=a.location, new_loc=b.location), a, b)

    def _rpc(self, site: Site, service: ProtoService, m: ProtoMethod, **locs: Any) -> Site:
        key = f"{service.full_name}/{m.name}"
        return site.at(
            f"RPC `{key}`", m.name, operation=key, display=key, direction=None, **locs
        ).at(info={**site.info, "operations": [key]})

    def _method(self, site: Site, a: ProtoMethod, b: ProtoMethod) -> None:
        for what, old, new in (
            ("input", a.input_type, b.input_type),
            ("output", a.output_type, b.output_type),
        ):
            if self.moved.get(old, old) != new:
                site.emit(f"proto.rpc.{what}.changed", old=old, new=new)
        site.changed("proto.rpc.client-streaming", a.client_streaming, b.client_streaming)
        site.changed("proto.rpc.server-streaming", a.server_streaming, b.server_streaming)
        site.changed("proto.rpc.idempotency", a.idempotency_level, b.idempotency_level)
        if not a.deprecated and b.deprecated:
            site.emit("proto.rpc.deprecated.added")
        site.tri_state("proto.rpc.http", _http(a), _http(b))
        package_a = a.full_name.rsplit(".", 2)[0]
        package_b = b.full_name.rsplit(".", 2)[0]
        for part in ("response_type", "metadata_type"):
            old = getattr(a.operation_info, part, "") if a.operation_info else ""
            new = getattr(b.operation_info, part, "") if b.operation_info else ""
            old_full = old and _resolve(self.a, package_a, old)
            new_full = new and _resolve(self.b, package_b, new)
            if self.moved.get(old_full, old_full) != new_full:
                site.emit(
                    "proto.rpc.lro.changed",
                    part.replace("_", "-"),
                    old=old_full or None,
                    new=new_full or None,
                    part=part.replace("_", " "),
                )

    def _carried(self, name: str, file: str | None) -> str:
        """An OLD full name (declared in ``file``) under its package's new name, when the
        package was renamed."""
        package = self.a.files[file].package if file in self.a.files else None
        target = self.renamed.get(package or "")
        return f"{target}.{_relative(name, package or '')}" if target else name

    def _extensions(self) -> None:
        files = (_extension_files(self.a), _extension_files(self.b))
        original = {
            self._carried(n, files[0].get(n)): n
            for n, e in self.a.extensions.items()
            if not self.a.imported(_file_of(e))
        }
        old = {n: self.a.extensions[o] for n, o in original.items()}
        new = {n: e for n, e in self.b.extensions.items() if not self.b.imported(_file_of(e))}
        paired = pair(old, new)

        def removed(name: str, e: ProtoField) -> None:
            site = self.site(name, f"extension `{name}`", name.rpartition(".")[0], side=0)
            site.at(old_loc=e.location, new_loc=None).removed(
                "proto.extension", old=name, extendee=e.extendee
            )

        # An extension renamed at the same extendee and number is one extension: the wire
        # keeps it; JSON (`"[pkg.name]"`) and generated code do not.
        added = {(e.extendee, e.number): name for name, e in paired.added}
        renamed = {}
        for name, e in paired.removed:
            to = added.get((e.extendee, e.number))
            if to is not None:
                renamed[name] = to
            else:
                removed(name, e)
        both = [*paired.both, *((to, old[name], new[to]) for name, to in renamed.items())]
        for name, x, y in sorted(both, key=lambda item: item[0]):
            if x.extendee != y.extendee:  # now a field of another message: gone from the first
                removed(name, x)
                continue
            site = self.site(name, f"extension `{name}`", name.rpartition(".")[0])
            here = site.at(old_loc=x.location, new_loc=y.location)
            if name in renamed.values() and x.name == y.name:  # moved to another scope
                here.emit(
                    "proto.field.name.changed",
                    old=x.full_name,
                    new=y.full_name,
                    json_kept=False,  # ProtoJSON writes an extension as "[its.full.name]"
                    map=False,
                )
            before, after = files[0].get(x.full_name), files[1].get(y.full_name)
            if before != after:
                here.emit("proto.extension.file.changed", old=before, new=after)
            # Compared as a field: its number, type, label and options are on the wire too.
            if x.number != y.number:
                here.emit("proto.field.number.changed", old=x.number, new=y.number)
            self._field(here, x, y, None, None)


def _closed_first(enum: ProtoEnum) -> str | None:
    """A closed enum's first value: what its singular fields without a default read as."""
    return next(iter(enum.values), None) if enum.closed else None


def _relative(name: str, package: str) -> str:
    """``name`` without its package prefix (unchanged when not in ``package``)."""
    if package and name.startswith(package + "."):
        return name[len(package) + 1 :]
    return name


def _json_format(site: Site, what: str, old: str, new: str) -> None:
    """JSON support dropped (``features.json_format`` ALLOW -> LEGACY_BEST_EFFORT): the
    other way round only promises more."""
    if old == "ALLOW" and new != "ALLOW":
        site.emit(f"proto.{what}.json-format.changed", old=old, new=new)


def _extension_files(schema: ProtoSchema) -> dict[str, str]:
    """Each extension's file (import path), top-level or declared inside a message."""
    out = {}
    for f in schema.files.values():
        for name in f.extensions:
            out[name] = f.name
    for m in schema.messages.values():
        for name in m.extensions:
            out[name] = m.file
    return out


def _file_of(field: ProtoField) -> str:
    return field.location.file


def _card(f: ProtoField) -> str:
    if f.map is not None:
        return "map"
    if f.cardinality in ("repeated", "required"):
        return f.cardinality
    return "implicit" if f.presence == "implicit" else "optional"


def _http(m: ProtoMethod) -> str | None:
    if m.http is None:
        return None
    rules = [m.http, *m.http.additional_bindings]
    parts = []
    for r in rules:
        text = f"{r.method.upper()} {r.path}"
        if r.body:
            text += f" body={r.body}"
        if r.response_body:
            text += f" response_body={r.response_body}"
        parts.append(text)
    return "; ".join(parts)


def _covers(ranges: Iterable[tuple[int, int]], number: int) -> bool:
    return any(lo <= number <= hi for lo, hi in ranges)


def _uncovered(old: Iterable[tuple[int, int]], new: Iterable[tuple[int, int]]) -> list[str]:
    """OLD's ranges (inclusive) that NEW's do not cover entirely, printed."""
    new = sorted(new)
    out = []
    for lo, hi in sorted(old):
        n = lo
        for a, b in new:
            if a <= n <= b:
                n = b + 1
        if n <= hi:
            out.append(str(lo) if lo == hi else f"{lo} to {hi}")
    return out


def _was_deprecated(e: Any) -> Guidance | None:
    """A removed element that was deprecated first (Protobuf names no replacement)."""
    return Guidance(deprecated=True) if e.deprecated else None


def _left(kept: tuple[str, ...] | None, deprecated: bool) -> Guidance | None:
    """A removed enum value: the values a request may still carry, and whether it had
    been deprecated."""
    if kept is None and not deprecated:
        return None
    values, more = values_of(kept) if kept is not None else (None, 0)
    return Guidance(remaining=values, more=more, deprecated=deprecated)
