"""Walk two GraphQL schemas by name and list the changes.

GraphQL types are all named, so pairing is by name: types, fields, arguments, input fields,
enum values, union members, interfaces, directives. Direction comes from where a type is
used: object and interface fields are what clients receive, arguments and input objects
what they send; an enum or scalar may be both. Changes are grouped under the root field
they touch (``Query.user``) or under their type (``type User``), and list the root fields
that reach them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from ..model import Contract, Direction, Guidance, Location
from ..model.graphql import GqlArgument, GqlDirective, GqlField, GqlSchema, GqlType
from .change import Change
from .guidance import replacement_in, values_of
from .possible import returning_index
from .reach import bits, reach
from .site import Site

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


@dataclass(frozen=True, slots=True)
class _Site(Site):
    """A GraphQL place: its identity is a schema coordinate (``User.posts(first:)``), and a
    change there lists the root fields that reach it (``reached``, asked only when a change
    is recorded: most types never change)."""

    reached: Callable[[], list[str]] = list

    def finish(self, change: Change) -> Change:
        text = _coordinate(change.path)
        return replace(
            change,
            kind=f"graphql.{change.kind}",
            path=("graphql", text, change.kind),
            info={**change.info, "coordinate": text, "operations": self.reached()},
        )


# Federation directives that tell a router how to compose and plan, not what clients may
# ask or get: adding or removing one changes no answer (``@inaccessible``, ``@tag``,
# ``@authenticated``, ``@requiresScopes``, ``@policy`` and ``@cost`` are not among them).
_COMPOSITION_DIRECTIVES = frozenset(
    {
        "composeDirective",
        "extends",
        "external",
        "interfaceObject",
        "key",
        "link",
        "override",
        "provides",
        "requires",
        "shareable",
    }
)


def _applied_info(text: str) -> dict[str, object]:
    """An applied directive's name (``@key(fields: "id")`` is ``key``) and whether it is one
    of federation's composition directives."""
    name = text[1:].split("(", 1)[0].strip()
    return {"directive": name, "composition": name in _COMPOSITION_DIRECTIVES}


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
        self._returning: dict[str, list[str]] | None = None  # see _possible_type

    def run(self) -> list[Change]:
        self._roots()
        schema = _Site(
            self.out,
            "the schema",
            ("schema",),
            "schema",
            "schema",
            old_loc=self.a.applied_at,
            new_loc=self.b.applied_at,
        )
        self._usages(schema, self.a.applied, self.b.applied)
        renamed = self._renamed_roots()
        self._switched_roots(renamed)
        for name in sorted(self.a.types.keys() | self.b.types.keys()):
            if name in renamed.values():
                continue  # compared with the root type it replaces
            ta, tb = self.a.types.get(name), self.b.types.get(name)
            if name in renamed:
                self._type(ta, self.b.types[renamed[name]])
            elif tb is None:
                self._type_site(name, ta.location, None).emit(
                    "type.removed", old=ta.kind.lower(), **self._type_info(name)
                )
            elif ta is None:
                self._type_site(name, None, tb.location).emit(
                    "type.added", new=tb.kind.lower(), **self._type_info(name)
                )
                self._possible_type(tb)
            else:
                self._type(ta, tb)
        self._directives()
        return self.out

    # -- attribution -----------------------------------------------------------------------
    def _affected(self, type_name: str) -> list[str]:
        """The root fields that reach a type, in either version."""
        found: set[str] = set()
        for roots, masks in self.reach:
            mask = masks.get(type_name, 0)
            found.update(roots[i] for i in bits(mask))
        return sorted(found)

    def _type_site(self, name: str, la: Location | None, lb: Location | None) -> _Site:
        """A type's place: its changes are grouped under the type."""
        return _Site(
            self.out,
            f"type `{name}`",
            (name,),
            f"type {name}",
            f"type `{name}`",
            old_loc=la,
            new_loc=lb,
            reached=partial(self._affected, name),
        )

    def _field_site(
        self, owner: _Site, type_name: str, name: str, label: str | None = None
    ) -> _Site:
        """A field's place: a root type's field is an operation of its own."""
        site = owner.at(label or f"field `{type_name}.{name}`", name)
        if type_name not in self.roots:
            return site
        operation = f"{type_name}.{name}"
        return site.at(operation=operation, display=operation, reached=lambda: [operation])

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

    def _possible_type(self, tb: GqlType) -> None:
        """A new object type implementing an interface widens the fields that return the
        interface, as a new union member widens the union's (``possible``)."""
        if tb.kind != "OBJECT" or not tb.interfaces:
            return
        if self._returning is None:
            visible = set.intersection(
                *(
                    {t for t, mask in masks.items() if mask} | {r for r in s.roots.values() if r}
                    for (_, masks), s in zip(self.reach, (self.a, self.b), strict=True)
                )
            )
            self._returning = returning_index(self.a, self.b, visible, named_type)
        for interface in sorted(tb.interfaces):
            fields = self._returning.get(interface, [])
            if not fields:
                continue  # no client can select a field that returns it
            la = getattr(self.a.types.get(interface), "location", None)
            site = self._type_site(interface, la, tb.location).at(
                f"interface `{interface}`", "possible-types", tb.name, direction=RESPONSE
            )
            site.emit(
                "possible-type.added", new=tb.name, fields=", ".join(f"`{f}`" for f in fields)
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

    def _switched_roots(self, renamed: dict[str, str]) -> None:
        """A root served by another type that is no rename (the new root type was there
        before, or the old one stays): operations select the fields of whichever type is the
        root, so the old root's fields are compared with the new root's, as for a rename.
        `{ user }` against `type Query { user: User }` fails once `schema { query: User }`,
        though both types are unchanged."""
        for kind in ("query", "mutation", "subscription"):
            x, y = self.a.roots.get(kind), self.b.roots.get(kind)
            if not x or not y or x == y or renamed.get(x) == y:
                continue
            ta, tb = self.a.types.get(x), self.b.types.get(y)
            if ta is None or tb is None:
                continue
            owner = self._type_site(y, ta.location, tb.location)
            for field_name in _names(ta.fields, tb.fields):
                self._field(
                    owner,
                    y,
                    field_name,
                    ta.fields.get(field_name),
                    tb.fields.get(field_name),
                    label=f"field `{field_name}` of the {kind} root (`{x}` before, `{y}` now)",
                )

    def _roots(self) -> None:
        for kind in ("query", "mutation", "subscription"):
            x, y = self.a.roots.get(kind), self.b.roots.get(kind)
            if x == y:
                continue
            action = "added" if x is None else "removed" if y is None else "changed"
            site = Site(
                self.out,
                f"{kind} root type",
                ("graphql", "schema", kind),
                "schema",
                "schema",
                old_loc=self.a.types[x].location if x in self.a.types else None,
                new_loc=self.b.types[y].location if y in self.b.types else None,
            )
            site.emit(
                f"graphql.schema.root-{action}",
                old=x,
                new=y,
                root=kind,
                coordinate=x or y,
                operations=[],
            )

    # -- types -----------------------------------------------------------------------------
    def _type(self, ta: GqlType, tb: GqlType) -> None:
        name = tb.name
        site = self._type_site(name, ta.location, tb.location)
        if ta.kind != tb.kind:
            site.emit("type.kind-changed", old=ta.kind.lower(), new=tb.kind.lower())
            return  # one finding: everything below changed meaning
        if ta.description != tb.description:
            site.emit("type.description-changed", "description")
        self._usages(site, ta.directives, tb.directives)
        self._set_delta("interface", site.at(None, "implements"), ta.interfaces, tb.interfaces)
        self._set_delta("union-member", site.at(f"union `{name}`"), ta.members, tb.members)
        if ta.kind == "ENUM":
            self._enum(ta, tb, site)
        if ta.kind == "SCALAR" and ta.specified_by != tb.specified_by:
            action = _action(ta.specified_by, tb.specified_by)
            site.at(f"scalar `{name}`").emit(
                f"scalar.specified-by-{action}",
                "specifiedBy",
                old=ta.specified_by,
                new=tb.specified_by,
            )
        if ta.one_of != tb.one_of:
            site.at(f"input type `{name}`", direction=REQUEST).emit(
                "input-type.one-of-" + ("added" if tb.one_of else "removed"), "@oneOf"
            )
        for field_name in _names(ta.fields, tb.fields):
            self._field(
                site, name, field_name, ta.fields.get(field_name), tb.fields.get(field_name)
            )
        for field_name in _names(ta.input_fields, tb.input_fields):
            self._argument(
                "input-field",
                site.at(f"input field `{name}.{field_name}`", field_name),
                ta.input_fields.get(field_name),
                tb.input_fields.get(field_name),
            )

    def _set_delta(self, kind: str, site: _Site, old: Iterable[str], new: Iterable[str]) -> None:
        """Interfaces or union members gone and come: output-side lists, sorted."""
        before, after = set(old), set(new)
        out = site.at(direction=RESPONSE)
        for item in sorted(before ^ after, key=lambda i: (i in after, i)):  # removals first
            if item in before:
                out.emit(f"{kind}.removed", item, old=item)
            else:
                out.emit(f"{kind}.added", item, new=item)

    def _enum(self, ta: GqlType, tb: GqlType, site: _Site) -> None:
        name = tb.name
        info = self._type_info(name)
        direction = REQUEST if info["input"] else RESPONSE
        for value in _names(ta.values, tb.values):
            va, vb = ta.values.get(value), tb.values.get(value)
            here = site.at(f"enum value `{name}.{value}`", value)
            if vb is None:
                here.at(old_loc=va.location, direction=direction).emit(
                    "enum-value.removed",
                    old=value,
                    guidance=_gone(va, tuple(tb.values) if direction is REQUEST else None),
                    **info,
                )
            elif va is None:
                here.at(
                    new_loc=vb.location, direction=RESPONSE if info["output"] else REQUEST
                ).emit("enum-value.added", new=value, **info)
            else:
                here = here.at(old_loc=va.location, new_loc=vb.location)
                self._docs("enum-value", here, va, vb)
                self._usages(here, va.directives, vb.directives)

    def _field(
        self,
        owner: _Site,
        type_name: str,
        name: str,
        fa: GqlField | None,
        fb: GqlField | None,
        label: str | None = None,
    ) -> None:
        site = self._field_site(owner, type_name, name, label)
        out = site.at(direction=RESPONSE)
        if fb is None:
            out.at(old_loc=fa.location).emit(
                "field.removed", old=fa.type, guidance=_gone(fa), deprecated=fa.deprecated
            )
            return
        if fa is None:
            out.at(new_loc=fb.location).emit("field.added", new=fb.type)
            return
        here = site.at(old_loc=fa.location, new_loc=fb.location)
        if fa.type != fb.type:
            safe = _output_safe(_parse(fa.type), _parse(fb.type))
            here.at(direction=RESPONSE).emit(
                "field.type-changed", old=fa.type, new=fb.type, safe=safe
            )
        self._docs("field", here, fa, fb)
        self._usages(here, fa.directives, fb.directives)
        for arg_name in _names(fa.args, fb.args):
            self._argument(
                "argument",
                here.at(f"argument `{type_name}.{name}({arg_name}:)`", f"({arg_name}:)"),
                fa.args.get(arg_name),
                fb.args.get(arg_name),
            )

    def _argument(
        self, role: str, site: _Site, xa: GqlArgument | None, xb: GqlArgument | None
    ) -> None:
        """An argument, an input field or a directive argument: what clients send. ``site``
        is located at the owners (the field's, the type's, the directive's)."""
        if xb is None:
            site.at(old_loc=xa.location, direction=REQUEST).emit(
                f"{role}.removed", old=xa.type, guidance=_gone(xa), deprecated=xa.deprecated
            )
            return
        if xa is None:
            site.at(new_loc=xb.location, direction=REQUEST).emit(
                f"{role}.added",
                new=xb.type,
                guidance=self._expects(xb) if _required(xb) else None,
                required=_required(xb),
            )
            return
        here = site.at(old_loc=xa.location, new_loc=xb.location)
        sends = here.at(direction=REQUEST)
        # Whether clients must pass it is what they feel; the type or the default may move it.
        moved = _required(xa) != _required(xb)
        if moved:
            action = "became-required" if _required(xb) else "became-optional"
            sends.emit(
                f"{role}.{action}",
                old=_signature(xa),
                new=_signature(xb),
                guidance=self._expects(xb) if _required(xb) else None,
            )
        # A move between required and optional speaks for the outer `!` only; any other part
        # of the type that changed (`ID!` to `Int`) is a change of its own.
        if xa.type != xb.type and (not moved or xa.type.rstrip("!") != xb.type.rstrip("!")):
            safe = _input_safe(_parse(xa.type.rstrip("!")), _parse(xb.type.rstrip("!")))
            if not moved:
                safe = _input_safe(_parse(xa.type), _parse(xb.type))
            sends.emit(f"{role}.type-changed", old=xa.type, new=xb.type, safe=safe)
        # The same literal whose value moved only through the defaults of input fields it
        # leaves out: that change is reported at those input fields, once.
        same_default = (
            xa.default_key == xb.default_key or xa.default_literal == xb.default_literal
            if xa.type == xb.type
            else xa.default_literal == xb.default_literal
        )
        if not same_default and not moved:
            action = _action(xa.default, xb.default)
            data = (_default_data(xa.default_key), _default_data(xb.default_key))
            # Input objects and lists as data too: what the JSON report's delta reads.
            values = {"values": data} if all(isinstance(d, dict | list) for d in data) else {}
            sends.emit(
                f"{role}.default-value-{action}",
                "default",
                old=xa.default,
                new=xb.default,
                **values,
            )
        self._docs(role, here, xa, xb)
        self._usages(here.at(info={}), xa.directives, xb.directives)

    def _docs(self, role: str, site: _Site, xa: Any, xb: Any) -> None:
        """Descriptions and deprecations: safe, but worth a changelog line."""
        if xa.description != xb.description:
            site.emit(f"{role}.description-changed", "description")
        if xa.deprecated != xb.deprecated:
            action = "deprecated" if xb.deprecated else "undeprecated"
            site.emit(
                f"{role}.{action}",
                "deprecated",
                new=xb.deprecation_reason,
                guidance=_named(xb.deprecation_reason) if xb.deprecated else None,
            )
        elif xa.deprecated and xa.deprecation_reason != xb.deprecation_reason:
            site.emit(
                f"{role}.deprecation-reason-changed",
                "deprecated",
                old=xa.deprecation_reason,
                new=xb.deprecation_reason,
            )

    def _usages(self, site: _Site, old: tuple[str, ...], new: tuple[str, ...]) -> None:
        """Directives applied in the schema (federation's @key, custom ones)."""
        if old == new or not self.usages:
            return
        gone, came = sorted(set(old) - set(new)), sorted(set(new) - set(old))
        info = {text: _applied_info(text) for text in {*old, *new}}
        # A directive applied once on each side, with other arguments, is one change (of its
        # arguments), not a removal and an addition; a repeated one pairs by its text only.
        count_a = Counter(info[t]["directive"] for t in old)
        count_b = Counter(info[t]["directive"] for t in new)
        before = {info[t]["directive"]: t for t in gone}
        after = {info[t]["directive"]: t for t in came}
        changed = {n for n in before.keys() & after.keys() if count_a[n] == count_b[n] == 1}
        for name in sorted(changed):
            text = after[name]
            site.emit("directive-usage.changed", text, old=before[name], new=text, **info[text])
        for text in gone:
            if info[text]["directive"] not in changed:
                site.emit("directive-usage.removed", text, old=text, **info[text])
        for text in came:
            if info[text]["directive"] not in changed:
                site.emit("directive-usage.added", text, new=text, **info[text])

    # -- directive definitions -------------------------------------------------------------
    def _directive_site(self, name: str, la: Location | None, lb: Location | None) -> _Site:
        """A directive definition's place: grouped under the schema's directives."""
        return _Site(
            self.out,
            f"directive `@{name}`",
            (f"@{name}",),
            "directives",
            "directives",
            old_loc=la,
            new_loc=lb,
        )

    def _directives(self) -> None:
        for name in sorted(self.a.directives.keys() | self.b.directives.keys()):
            da, db = self.a.directives.get(name), self.b.directives.get(name)
            if db is None:
                self._directive_site(name, da.location, None).at(direction=REQUEST).emit(
                    "directive.removed", executable=_executable(da)
                )
            elif da is None:
                self._directive_site(name, None, db.location).at(direction=REQUEST).emit(
                    "directive.added", executable=_executable(db)
                )
            else:
                self._directive(da, db)

    def _directive(self, da: GqlDirective, db: GqlDirective) -> None:
        name = db.name
        # A directive no operation can contain cannot break a client, whatever changes.
        site = self._directive_site(name, da.location, db.location).at(
            info={"executable": _executable(da)}
        )
        sends = site.at(direction=REQUEST)
        for location in sorted(da.locations - db.locations):
            sends.at(info={}).emit(
                "directive.location-removed",
                location,
                old=location,
                executable=location in EXECUTABLE_LOCATIONS,
            )
        for location in sorted(db.locations - da.locations):
            sends.emit("directive.location-added", location, new=location)
        if da.repeatable != db.repeatable:
            action = "repeatable-added" if db.repeatable else "repeatable-removed"
            sends.emit(f"directive.{action}", "repeatable")
        if da.description != db.description:
            site.emit("directive.description-changed", "description")
        for arg_name in _names(da.args, db.args):
            self._argument(
                "directive-argument",
                site.at(f"directive argument `@{name}({arg_name}:)`", f"({arg_name}:)"),
                da.args.get(arg_name),
                db.args.get(arg_name),
            )


def _action(old: Any, new: Any) -> str:
    """Which side has a value: added, removed or changed."""
    return "added" if old is None else "removed" if new is None else "changed"


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


def _default_data(key: str | None) -> Any:
    """The value a server coerces a default to (``value:`` + its JSON), or None when it does
    not coerce: printed GraphQL (``{a: 1}``) is what messages show, data what a delta reads."""
    if not key or not key.startswith("value:"):
        return None
    try:
        return json.loads(key.removeprefix("value:"))
    except (ValueError, RecursionError):
        return None


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
