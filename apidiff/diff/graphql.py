"""Walk two GraphQL schemas by name and list the changes.

GraphQL types are all named, so pairing is by name: types, fields, arguments, input fields,
enum values, union members, interfaces, directives. Direction comes from where a type is
used: object and interface fields are what clients receive, arguments and input objects
what they send; an enum or scalar may be both. Changes are grouped under the root field
they touch (``Query.user``) or under their type (``type User``), and list the root fields
that reach them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..model import (
    Contract,
    Direction,
    GqlArgument,
    GqlDirective,
    GqlField,
    GqlSchema,
    GqlType,
    Guidance,
    Location,
)
from .change import Change
from .guidance import replacement_in, values_of
from .reach import bits, reach

__all__ = ["compare", "named_type"]

REQUEST, RESPONSE = Direction.REQUEST, Direction.RESPONSE

# Directive locations an operation (a query document) can contain; the others are
# type-system locations only a schema can use.
EXECUTABLE_LOCATIONS = frozenset(
    {
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
    }
)


def named_type(type_ref: str) -> str:
    """``[User!]!`` -> ``User``."""
    return type_ref.replace("[", "").replace("]", "").replace("!", "")


def _parse(type_ref: str) -> tuple:
    """``[User!]!`` -> ('!', ('[]', ('!', 'User'))) for structural comparison."""
    if type_ref.endswith("!"):
        return ("!", _parse(type_ref[:-1]))
    if type_ref.startswith("[") and type_ref.endswith("]"):
        return ("[]", _parse(type_ref[1:-1]))
    return type_ref


def _output_safe(old: Any, new: Any) -> bool:
    """An output type change clients cannot notice: only more non-null (graphql-core's rule)."""
    if isinstance(old, tuple) and old[0] == "[]":
        return (isinstance(new, tuple) and new[0] == "[]" and _output_safe(old[1], new[1])) or (
            isinstance(new, tuple) and new[0] == "!" and _output_safe(old, new[1])
        )
    if isinstance(old, tuple) and old[0] == "!":
        return isinstance(new, tuple) and new[0] == "!" and _output_safe(old[1], new[1])
    return old == new or (isinstance(new, tuple) and new[0] == "!" and _output_safe(old, new[1]))


def _input_safe(old: Any, new: Any) -> bool:
    """An input type change every old request survives: only less non-null."""
    if isinstance(old, tuple) and old[0] == "[]":
        return isinstance(new, tuple) and new[0] == "[]" and _input_safe(old[1], new[1])
    if isinstance(old, tuple) and old[0] == "!":
        return (isinstance(new, tuple) and new[0] == "!" and _input_safe(old[1], new[1])) or (
            not (isinstance(new, tuple) and new[0] == "!") and _input_safe(old[1], new)
        )
    return old == new


def _required(arg: GqlArgument) -> bool:
    return arg.type.endswith("!") and arg.default is None


def _signature(arg: GqlArgument) -> str:
    """``Int! = 10``: the type with its default, as a message shows it."""
    return arg.type if arg.default is None else f"{arg.type} = {arg.default}"


def _usage(schema: GqlSchema) -> dict[str, set[str]]:
    """Type name -> {"input", "output"}: where the type can appear."""
    usage: dict[str, set[str]] = {}
    for gtype in schema.types.values():
        if gtype.kind in ("OBJECT", "INTERFACE", "UNION"):
            usage.setdefault(gtype.name, set()).add("output")
        elif gtype.kind == "INPUT_OBJECT":
            usage.setdefault(gtype.name, set()).add("input")
        for field in gtype.fields.values():
            usage.setdefault(named_type(field.type), set()).add("output")
            for arg in field.args.values():
                usage.setdefault(named_type(arg.type), set()).add("input")
        for arg in gtype.input_fields.values():
            usage.setdefault(named_type(arg.type), set()).add("input")
    for directive in schema.directives.values():
        for arg in directive.args.values():
            usage.setdefault(named_type(arg.type), set()).add("input")
    return usage


def _reach(schema: GqlSchema) -> tuple[list[str], dict[str, int]]:
    """Root fields, and for every type the bit mask of root fields that reach it."""
    roots: list[str] = []
    seeds: dict[str, int] = {}
    implementations: dict[str, list[str]] = {}
    for gtype in schema.types.values():
        for interface in gtype.interfaces:
            implementations.setdefault(interface, []).append(gtype.name)
    for root in schema.roots.values():
        if root is None or root not in schema.types:
            continue
        for field in schema.types[root].fields.values():
            bit = 1 << len(roots)
            roots.append(f"{root}.{field.name}")
            for name in (
                named_type(field.type),
                *(named_type(a.type) for a in field.args.values()),
            ):
                if name in schema.types:
                    seeds[name] = seeds.get(name, 0) | bit

    def successors(name: str) -> Iterable[str]:
        gtype = schema.types[name]
        out = [named_type(f.type) for f in gtype.fields.values()]
        for field in gtype.fields.values():
            out.extend(named_type(a.type) for a in field.args.values())
        out.extend(named_type(f.type) for f in gtype.input_fields.values())
        out.extend(gtype.members)
        out.extend(implementations.get(name, ()))
        return [n for n in out if n in schema.types]

    return roots, reach(seeds, successors)


def compare(old: Contract, new: Contract, options: object = None) -> list[Change]:
    """Every difference between two GraphQL schemas, as facts (types pair by name: the
    schema-pair budget and open enums of ``DiffOptions`` have nothing to act on here)."""
    return _Walker(old.body or GqlSchema(), new.body or GqlSchema()).run()


class _Walker:
    def __init__(self, a: GqlSchema, b: GqlSchema) -> None:
        self.a, self.b = a, b
        self.out: list[Change] = []
        self.usage_a, self.usage_b = _usage(a), _usage(b)
        self.roots = {r for r in (*a.roots.values(), *b.roots.values()) if r}
        self.reach = (_reach(a), _reach(b))
        # Introspection does not show applied directives: comparing them with SDL's would
        # report every @key as removed.
        self.usages = a.applied_directives and b.applied_directives

    def run(self) -> list[Change]:
        self._roots()
        renamed = self._renamed_roots()
        for name in sorted(self.a.types.keys() | self.b.types.keys()):
            if name in renamed.values():
                continue  # compared with the root type it replaces
            ta, tb = self.a.types.get(name), self.b.types.get(name)
            if name in renamed:
                self._type(ta, self.b.types[renamed[name]])
            elif tb is None:
                self.emit(
                    "type.removed",
                    f"type `{name}`",
                    (name,),
                    name,
                    ta.location,
                    None,
                    old=ta.kind.lower(),
                    info=self._type_info(name),
                )
            elif ta is None:
                self.emit(
                    "type.added",
                    f"type `{name}`",
                    (name,),
                    name,
                    None,
                    tb.location,
                    new=tb.kind.lower(),
                    info=self._type_info(name),
                )
            else:
                self._type(ta, tb)
        self._directives()
        return self.out

    # -- plumbing --------------------------------------------------------------------------
    def _affected(self, type_name: str) -> list[str]:
        found: set[str] = set()
        for roots, masks in self.reach:
            mask = masks.get(type_name, 0)
            found.update(roots[i] for i in bits(mask))
        return sorted(found)

    def _expects(self, arg: GqlArgument) -> Guidance:
        """What a required argument or input field takes: its type, and the values of an
        enum type (as NEW defines it)."""
        named = self.b.types.get(named_type(arg.type))
        values, more = (None, 0)
        if named is not None and named.kind == "ENUM":
            values, more = values_of(named.values)
        return Guidance(type=arg.type, values=values, more=more)

    def _type_info(self, name: str) -> dict[str, Any]:
        usage = self.usage_a.get(name, set()) | self.usage_b.get(name, set())
        return {"input": "input" in usage or not usage, "output": "output" in usage or not usage}

    def emit(
        self,
        kind: str,
        where: str,
        coordinate: tuple[str, ...],
        type_name: str | None,
        old_loc: Location | None,
        new_loc: Location | None,
        *,
        direction=None,
        old=None,
        new=None,
        info: dict | None = None,
        field: str | None = None,
        guidance: Guidance | None = None,
    ) -> None:
        """One change; grouped under its root field, its type, or the schema's directives."""
        text = _coordinate(coordinate)
        if type_name is None:
            operation, display, operations = "directives", "directives", []
        elif field is not None and type_name in self.roots:
            operation = display = f"{type_name}.{field}"
            operations = [operation]
        else:
            operation, display = f"type {type_name}", f"type `{type_name}`"
            operations = self._affected(type_name)
        self.out.append(
            Change(
                kind=f"graphql.{kind}",
                where=where,
                path=("graphql", text, kind),
                operation=operation,
                display=display,
                direction=direction,
                old=old,
                new=new,
                old_loc=old_loc,
                new_loc=new_loc,
                info={**(info or {}), "coordinate": text, "operations": operations},
                guidance=guidance,
            )
        )

    # -- schema roots ----------------------------------------------------------------------
    def _renamed_roots(self) -> dict[str, str]:
        """Old root type name -> new, where a root type was renamed (`Mutation` to `Mutations`).

        Operations never name their root type (`mutation { closeIssue }`), so the two are one
        type to clients: their fields are compared, instead of a type removed and one added.
        """
        renamed = {}
        for kind in ("query", "mutation", "subscription"):
            x, y = self.a.roots.get(kind), self.b.roots.get(kind)
            if (
                x
                and y
                and x != y
                and x in self.a.types
                and y in self.b.types
                and x not in self.b.types
                and y not in self.a.types
            ):
                renamed[x] = y
        return renamed

    def _roots(self) -> None:
        for kind in ("query", "mutation", "subscription"):
            x, y = self.a.roots.get(kind), self.b.roots.get(kind)
            if x == y:
                continue
            action = "added" if x is None else "removed" if y is None else "changed"
            self.out.append(
                Change(
                    kind=f"graphql.schema.root-{action}",
                    where=f"{kind} root type",
                    path=("graphql", "schema", kind),
                    operation="schema",
                    display="schema",
                    old=x,
                    new=y,
                    old_loc=self.a.types[x].location if x in self.a.types else None,
                    new_loc=self.b.types[y].location if y in self.b.types else None,
                    info={"root": kind, "coordinate": x or y, "operations": []},
                )
            )

    # -- types -----------------------------------------------------------------------------
    def _type(self, ta: GqlType, tb: GqlType) -> None:
        name = tb.name
        la, lb = ta.location, tb.location
        if ta.kind != tb.kind:
            self.emit(
                "type.kind-changed",
                f"type `{name}`",
                (name,),
                name,
                la,
                lb,
                old=ta.kind.lower(),
                new=tb.kind.lower(),
            )
            return  # one finding: everything below changed meaning
        if ta.description != tb.description:
            self.emit(
                "type.description-changed", f"type `{name}`", (name, "description"), name, la, lb
            )
        self._usages(f"type `{name}`", (name,), name, ta.directives, tb.directives, la, lb)
        self._set_delta(
            "interface",
            f"type `{name}`",
            (name, "implements"),
            name,
            la,
            lb,
            ta.interfaces,
            tb.interfaces,
        )
        self._set_delta(
            "union-member", f"union `{name}`", (name,), name, la, lb, ta.members, tb.members
        )
        if ta.kind == "ENUM":
            self._enum(ta, tb)
        if ta.kind == "SCALAR" and ta.specified_by != tb.specified_by:
            action = (
                "added"
                if ta.specified_by is None
                else "removed"
                if tb.specified_by is None
                else "changed"
            )
            self.emit(
                f"scalar.specified-by-{action}",
                f"scalar `{name}`",
                (name, "specifiedBy"),
                name,
                la,
                lb,
                old=ta.specified_by,
                new=tb.specified_by,
            )
        if ta.one_of != tb.one_of:
            self.emit(
                "input-type.one-of-" + ("added" if tb.one_of else "removed"),
                f"input type `{name}`",
                (name, "@oneOf"),
                name,
                la,
                lb,
                direction=REQUEST,
            )
        for field_name in _names(ta.fields, tb.fields):
            self._field(
                name, field_name, ta.fields.get(field_name), tb.fields.get(field_name), la, lb
            )
        for field_name in _names(ta.input_fields, tb.input_fields):
            self._argument(
                "input-field",
                f"input field `{name}.{field_name}`",
                (name, field_name),
                name,
                None,
                ta.input_fields.get(field_name),
                tb.input_fields.get(field_name),
                la,
                lb,
            )

    def _set_delta(
        self,
        kind: str,
        where: str,
        coordinate: tuple[str, ...],
        name: str,
        la: Location | None,
        lb: Location | None,
        old: Iterable[str],
        new: Iterable[str],
    ) -> None:
        """Interfaces or union members gone and come: output-side lists, sorted."""
        before, after = set(old), set(new)
        for item in sorted(before ^ after, key=lambda i: (i in after, i)):  # removals first
            gone = item in before
            self.emit(
                f"{kind}.removed" if gone else f"{kind}.added",
                where,
                (*coordinate, item),
                name,
                la,
                lb,
                direction=RESPONSE,
                old=item if gone else None,
                new=None if gone else item,
            )

    def _enum(self, ta: GqlType, tb: GqlType) -> None:
        name = tb.name
        info = self._type_info(name)
        direction = REQUEST if info["input"] else RESPONSE
        for value in _names(ta.values, tb.values):
            va, vb = ta.values.get(value), tb.values.get(value)
            where = f"enum value `{name}.{value}`"
            coordinate = (name, value)
            if vb is None:
                kept = tuple(tb.values) if direction is REQUEST else None
                self.emit(
                    "enum-value.removed",
                    where,
                    coordinate,
                    name,
                    va.location,
                    tb.location,
                    direction=direction,
                    old=value,
                    info=info,
                    guidance=_gone(va, kept),
                )
            elif va is None:
                self.emit(
                    "enum-value.added",
                    where,
                    coordinate,
                    name,
                    ta.location,
                    vb.location,
                    direction=RESPONSE if info["output"] else REQUEST,
                    new=value,
                    info=info,
                )
            else:
                self._docs("enum-value", where, coordinate, name, va, vb)
                self._usages(
                    where, coordinate, name, va.directives, vb.directives, va.location, vb.location
                )

    def _field(
        self,
        type_name: str,
        name: str,
        fa: GqlField | None,
        fb: GqlField | None,
        la: Location,
        lb: Location,
    ) -> None:
        where = f"field `{type_name}.{name}`"
        coordinate = (type_name, name)
        if fb is None:
            self.emit(
                "field.removed",
                where,
                coordinate,
                type_name,
                fa.location,
                lb,
                direction=RESPONSE,
                old=fa.type,
                field=name,
                info={"deprecated": fa.deprecated},
                guidance=_gone(fa),
            )
            return
        if fa is None:
            self.emit(
                "field.added",
                where,
                coordinate,
                type_name,
                la,
                fb.location,
                direction=RESPONSE,
                new=fb.type,
                field=name,
            )
            return
        if fa.type != fb.type:
            safe = _output_safe(_parse(fa.type), _parse(fb.type))
            self.emit(
                "field.type-changed",
                where,
                coordinate,
                type_name,
                fa.location,
                fb.location,
                direction=RESPONSE,
                old=fa.type,
                new=fb.type,
                field=name,
                info={"safe": safe},
            )
        self._docs("field", where, coordinate, type_name, fa, fb, field=name)
        self._usages(
            where,
            coordinate,
            type_name,
            fa.directives,
            fb.directives,
            fa.location,
            fb.location,
            field=name,
        )
        for arg_name in _names(fa.args, fb.args):
            self._argument(
                "argument",
                f"argument `{type_name}.{name}({arg_name}:)`",
                (type_name, name, f"({arg_name}:)"),
                type_name,
                name,
                fa.args.get(arg_name),
                fb.args.get(arg_name),
                fa.location,
                fb.location,
            )

    def _argument(
        self,
        role: str,
        where: str,
        coordinate: tuple[str, ...],
        type_name: str | None,
        field: str | None,
        xa: GqlArgument | None,
        xb: GqlArgument | None,
        la: Location,
        lb: Location,
        info: dict | None = None,
    ) -> None:
        """An argument, an input field or a directive argument: what clients send."""
        info = dict(info or {})
        common = {"direction": REQUEST, "field": field}
        if xb is None:
            self.emit(
                f"{role}.removed",
                where,
                coordinate,
                type_name,
                xa.location,
                lb,
                old=xa.type,
                info={**info, "deprecated": xa.deprecated},
                guidance=_gone(xa),
                **common,
            )
            return
        if xa is None:
            self.emit(
                f"{role}.added",
                where,
                coordinate,
                type_name,
                la,
                xb.location,
                new=xb.type,
                info={**info, "required": _required(xb)},
                guidance=self._expects(xb) if _required(xb) else None,
                **common,
            )
            return
        locs = (xa.location, xb.location)
        # Whether clients must pass it is what they feel; the type or the default may move it.
        moved = _required(xa) != _required(xb)
        if moved:
            action = "became-required" if _required(xb) else "became-optional"
            self.emit(
                f"{role}.{action}",
                where,
                coordinate,
                type_name,
                *locs,
                old=_signature(xa),
                new=_signature(xb),
                info=info,
                guidance=self._expects(xb) if _required(xb) else None,
                **common,
            )
        # A move between required and optional speaks for the outer `!` only; any other part
        # of the type that changed (`ID!` to `Int`) is a change of its own.
        if xa.type != xb.type and (not moved or xa.type.rstrip("!") != xb.type.rstrip("!")):
            safe = _input_safe(_parse(xa.type.rstrip("!")), _parse(xb.type.rstrip("!")))
            if not moved:
                safe = _input_safe(_parse(xa.type), _parse(xb.type))
            self.emit(
                f"{role}.type-changed",
                where,
                coordinate,
                type_name,
                *locs,
                old=xa.type,
                new=xb.type,
                info={**info, "safe": safe},
                **common,
            )
        same_default = (
            xa.default_key == xb.default_key
            if xa.type == xb.type
            else xa.default_literal == xb.default_literal
        )
        if not same_default and not moved:
            action = (
                "added" if xa.default is None else "removed" if xb.default is None else "changed"
            )
            self.emit(
                f"{role}.default-value-{action}",
                where,
                (*coordinate, "default"),
                type_name,
                *locs,
                old=xa.default,
                new=xb.default,
                info=info,
                **common,
            )
        self._docs(role, where, coordinate, type_name, xa, xb, field=field, extra=info)
        self._usages(where, coordinate, type_name, xa.directives, xb.directives, *locs, field=field)

    def _docs(
        self,
        role: str,
        where: str,
        coordinate: tuple[str, ...],
        type_name: str | None,
        xa: Any,
        xb: Any,
        field: str | None = None,
        extra: dict | None = None,
    ) -> None:
        """Descriptions and deprecations: safe, but worth a changelog line."""
        locs = (xa.location, xb.location)
        info = dict(extra or {})
        if xa.description != xb.description:
            self.emit(
                f"{role}.description-changed",
                where,
                (*coordinate, "description"),
                type_name,
                *locs,
                field=field,
                info=info,
            )
        if xa.deprecated != xb.deprecated:
            action = "deprecated" if xb.deprecated else "undeprecated"
            self.emit(
                f"{role}.{action}",
                where,
                (*coordinate, "deprecated"),
                type_name,
                *locs,
                new=xb.deprecation_reason,
                field=field,
                info=info,
                guidance=_named(xb.deprecation_reason) if xb.deprecated else None,
            )
        elif xa.deprecated and xa.deprecation_reason != xb.deprecation_reason:
            self.emit(
                f"{role}.deprecation-reason-changed",
                where,
                (*coordinate, "deprecated"),
                type_name,
                *locs,
                old=xa.deprecation_reason,
                new=xb.deprecation_reason,
                field=field,
                info=info,
            )

    def _usages(
        self,
        where: str,
        coordinate: tuple[str, ...],
        type_name: str | None,
        old: tuple[str, ...],
        new: tuple[str, ...],
        la: Location,
        lb: Location,
        field: str | None = None,
    ) -> None:
        """Directives applied in the schema (federation's @key, custom ones)."""
        if old == new or not self.usages:
            return
        for text in sorted(set(old) - set(new)):
            self.emit(
                "directive-usage.removed",
                where,
                (*coordinate, text),
                type_name,
                la,
                lb,
                old=text,
                field=field,
            )
        for text in sorted(set(new) - set(old)):
            self.emit(
                "directive-usage.added",
                where,
                (*coordinate, text),
                type_name,
                la,
                lb,
                new=text,
                field=field,
            )

    # -- directive definitions -------------------------------------------------------------
    def _directives(self) -> None:
        for name in sorted(self.a.directives.keys() | self.b.directives.keys()):
            da, db = self.a.directives.get(name), self.b.directives.get(name)
            where = f"directive `@{name}`"
            coordinate = (f"@{name}",)
            if db is None:
                self.emit(
                    "directive.removed",
                    where,
                    coordinate,
                    None,
                    da.location,
                    None,
                    direction=REQUEST,
                    info={"executable": _executable(da)},
                )
            elif da is None:
                self.emit(
                    "directive.added",
                    where,
                    coordinate,
                    None,
                    None,
                    db.location,
                    direction=REQUEST,
                    info={"executable": _executable(db)},
                )
            else:
                self._directive(da, db)

    def _directive(self, da: GqlDirective, db: GqlDirective) -> None:
        name = db.name
        where = f"directive `@{name}`"
        coordinate = (f"@{name}",)
        locs = (da.location, db.location)
        # A directive no operation can contain cannot break a client, whatever changes.
        info = {"executable": _executable(da)}
        for location in sorted(da.locations - db.locations):
            self.emit(
                "directive.location-removed",
                where,
                (*coordinate, location),
                None,
                *locs,
                direction=REQUEST,
                old=location,
                info={"executable": location in EXECUTABLE_LOCATIONS},
            )
        for location in sorted(db.locations - da.locations):
            self.emit(
                "directive.location-added",
                where,
                (*coordinate, location),
                None,
                *locs,
                direction=REQUEST,
                new=location,
                info=info,
            )
        if da.repeatable != db.repeatable:
            action = "repeatable-added" if db.repeatable else "repeatable-removed"
            self.emit(
                f"directive.{action}",
                where,
                (*coordinate, "repeatable"),
                None,
                *locs,
                direction=REQUEST,
                info=info,
            )
        if da.description != db.description:
            self.emit(
                "directive.description-changed",
                where,
                (*coordinate, "description"),
                None,
                *locs,
                info=info,
            )
        for arg_name in _names(da.args, db.args):
            self._argument(
                "directive-argument",
                f"directive argument `@{name}({arg_name}:)`",
                (f"@{name}", f"({arg_name}:)"),
                None,
                None,
                da.args.get(arg_name),
                db.args.get(arg_name),
                *locs,
                info=info,
            )


def _executable(directive: GqlDirective) -> bool:
    return bool(directive.locations & EXECUTABLE_LOCATIONS)


def _names(a: dict, b: dict) -> list[str]:
    """Keys of both, OLD's order first: reports follow the schema's own order."""
    return list(a) + [k for k in b if k not in a]


def _coordinate(parts: tuple[str, ...]) -> str:
    """('User', 'posts', '(first:)') -> 'User.posts(first:)'."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif part.startswith("("):
            text += part
        else:
            text += "." + part
    return text


def _gone(node: Any, kept: tuple[str, ...] | None = None) -> Guidance | None:
    """What a note says of a removed field, argument or enum value: deprecated first (and
    the replacement its reason names), and for an input enum the values still accepted."""
    deprecated = bool(node.deprecated)
    if not deprecated and kept is None:
        return None
    named = replacement_in(node.deprecation_reason) if deprecated else None
    values, more = values_of(kept) if kept is not None else (None, 0)
    return Guidance(remaining=values, more=more, replacement=named, deprecated=deprecated)


def _named(reason: str | None) -> Guidance | None:
    named = replacement_in(reason)
    return Guidance(replacement=named) if named else None
