"""JSON Schema (OpenAPI dialects) -> ``model.Schema``, normalized so that spelling is not change.

Two phases. ``build`` turns each raw schema into a node, following ``$ref`` (a target is
built once, so a component shared by a thousand operations is one node, and a recursive
schema is a cycle of nodes). ``finish`` then folds ``allOf`` members and single-branch
unions into their owner, in place, once every node exists: merging needs the members'
fields, which a recursive schema does not have while it is still being built.

What counts as the same schema: 3.0 ``nullable``, 3.1 ``type: [.., "null"]``, a
``{type: "null"}`` branch and ``enum: [.., null]`` are one ``nullable`` flag; 3.0 boolean and
3.1 numeric ``exclusiveMinimum`` are one bound; ``const`` is a one-value enum; ``allOf`` is
merged; ``oneOf: [X]`` is X; an absent ``type`` beside ``properties`` means object.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ..canonical import Canonical, example_value, examples_of, json_type, preview
from ..errors import InputError, LimitError
from ..model import MISSING, Location, Schema
from .refs import Resolver
from .yamljson import Document

__all__ = ["SchemaBuilder"]

_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
_OBJECT_HINTS = (
    "properties",
    "additionalProperties",
    "required",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
)
_LIMIT_KEYS = frozenset(
    (
        "maxLength",
        "minLength",
        "maxItems",
        "minItems",
        "maxProperties",
        "minProperties",
        "uniqueItems",
        "multipleOf",
        "maximum",
        "minimum",
        "exclusiveMaximum",
        "exclusiveMinimum",
    )
)
_ARRAY_HINTS = ("items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains")
# Keywords kept only as canonical text: a change is seen, its meaning is not modelled.
_OTHER_KEYS = (
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "dependencies",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "not",
)
_OTHER_KEY_SET = frozenset(_OTHER_KEYS)
# Keywords whose value is one subschema (``Schema.keywords``).
_SUBSCHEMA_KEYS = (
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
)
MAX_SCHEMA_DEPTH = 10_000  # depth of the build walk (chains of $refs); see deepstack.py


# Where generators read the names of enum values: openapi-generator, then NSwag.
_ENUM_NAME_KEYS = ("x-enum-varnames", "x-enumNames")


class SchemaBuilder:
    """Builds schema nodes for one contract; nodes are shared per raw object."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        dialect: str,
        component_prefixes: tuple[str, ...],
        canon: Canonical | None = None,
    ):
        self.resolver = resolver
        self.canon = canon or Canonical()  # enum values, examples, keywords: keyed once each
        self.dialect = dialect  # "3.0" | "3.1" | "2.0"
        self.component_prefixes = component_prefixes
        self._memo: dict[int, Schema] = {}
        self._pending: list[Schema] = []  # nodes with allOf members or a lone branch to fold
        self._all_of: dict[int, tuple[Schema, ...]] = {}
        self._done: set[int] = set()
        self._active: set[int] = set()
        self._depth = 0
        self._nodes: list[Schema] = []  # every node built, for the normalization after folds
        self._normalized = 0
        self._sets: dict[frozenset[str], frozenset[str]] = {}

    # -- phase 1 ---------------------------------------------------------------------------
    def build(self, raw: Any, doc: Document, pointer: str, name: str | None = None) -> Schema:
        """The node for the raw schema at ``pointer`` in ``doc`` (following ``$ref``)."""
        if isinstance(raw, dict) and "$ref" in raw:
            target = self.resolver.resolve(raw["$ref"], doc, pointer + "/$ref")
            ref_name = self._component_name(target.pointer)
            siblings = {k: v for k, v in raw.items() if k != "$ref"}
            node = self.build(target.value, target.doc, target.pointer, ref_name)
            if self.dialect == "3.1" and _applies(siblings):
                # 3.1 applies keywords beside $ref: the pair is an allOf of both.
                wrapper = self._new(doc, pointer, None)
                self._fill(wrapper, siblings, doc, pointer)
                self._all_of[id(wrapper)] = (node, *self._all_of.get(id(wrapper), ()))
                self._pending.append(wrapper)
                return wrapper
            return node
        key = id(raw)
        cached = self._memo.get(key)
        if cached is not None:
            if name and cached.name is None:
                cached.name = name
            return cached
        if isinstance(raw, bool):
            node = self._new(doc, pointer, name)
            if raw is False:
                node.types = frozenset()  # accepts nothing
            self._memo[key] = node
            return node
        if not isinstance(raw, dict):
            raise self._error(doc, pointer, f"a schema must be an object, not {_kind(raw)}")
        node = self._new(doc, pointer, name)
        self._memo[key] = node
        self._depth += 1
        if self._depth > MAX_SCHEMA_DEPTH:
            raise LimitError(
                f"schemas nest more than {MAX_SCHEMA_DEPTH} levels deep at {pointer}",
                file=doc.name,
            )
        try:
            self._fill(node, raw, doc, pointer)
        finally:
            self._depth -= 1
        return node

    def _new(self, doc: Document, pointer: str, name: str | None) -> Schema:
        node = Schema(
            location=Location(doc.name, pointer, self.resolver.position_of(doc)), name=name
        )
        self._nodes.append(node)
        return node

    def node(self, doc: Document, pointer: str) -> Schema:
        """An empty node for a schema the loader composes itself (a Swagger 2.0 form)."""
        return self._new(doc, pointer, None)

    def _component_name(self, pointer: str) -> str | None:
        for prefix in self.component_prefixes:
            if pointer.startswith(prefix) and "/" not in pointer[len(prefix) :]:
                return pointer[len(prefix) :].replace("~1", "/").replace("~0", "~")
        return None

    def _error(self, doc: Document, pointer: str, message: str) -> InputError:
        pos = doc.position(pointer)
        return InputError(
            message, file=doc.name, line=pos[0] if pos else None, column=pos[1] if pos else None
        )

    def _child(self, raw: Any, doc: Document, pointer: str) -> Schema:
        return self.build(raw, doc, pointer)

    def _fill(self, node: Schema, raw: dict, doc: Document, pointer: str) -> None:
        dialect = self.dialect
        # -- type and nullability
        types: set[str] | None = None
        nullable = False
        raw_type = raw.get("type", MISSING)
        if raw_type is not MISSING:
            listed = raw_type if isinstance(raw_type, list) else [raw_type]
            types = set()
            for entry in listed:
                if entry == "file" and dialect == "2.0":  # a 2.0 upload: binary content
                    entry = "string"
                    node.format = "binary"
                if not isinstance(entry, str) or entry not in _TYPES:
                    raise self._error(doc, pointer + "/type", f"unknown type {_quoted(entry)}")
                types.add(entry)
            if "null" in types:
                nullable = True
                types.discard("null")
        if raw.get("nullable") is True or raw.get("x-nullable") is True:
            nullable = True
        # -- enum / const
        values: list[Any] | None = None
        if "const" in raw:
            values = [raw["const"]]
            node.const = True
        elif "enum" in raw:
            enum = raw["enum"]
            if not isinstance(enum, list):
                raise self._error(doc, pointer + "/enum", "enum must be a list")
            values = list(enum)
        elif isinstance(raw.get("x-extensible-enum"), list):
            values = list(raw["x-extensible-enum"])
            node.extensible_enum = True
        if values is not None:
            node.enum_names = self._enum_names(raw, values)
            if None in values:
                nullable = True
                values = [v for v in values if v is not None]
            if not values and nullable:
                # enum [null] / const null: only null; "nothing but null"
                types = set()
            else:
                seen: dict[str, Any] = {}
                for v in values:
                    seen.setdefault(self.canon(v), v)
                node.enum = frozenset(seen)
                node.enum_values = tuple(seen[k] for k in sorted(seen))
                if not node.extensible_enum:
                    # `const: x` is a string when x is: the values say which types remain.
                    types = _enum_types(node.enum_values, types)
        if types is None and any(k in raw for k in _OBJECT_HINTS):
            types = {"object"}
        if types is None and any(k in raw for k in _ARRAY_HINTS):
            types = {"array"}
        node.types = _type_set(types) if types is not None else None
        node.nullable = nullable
        # -- scalars
        fmt = raw.get("format")
        node.format = fmt if isinstance(fmt, str) else node.format
        pattern = raw.get("pattern")
        node.pattern = pattern if isinstance(pattern, str) and pattern else None  # '' matches all
        if not _LIMIT_KEYS.isdisjoint(raw):  # most schemas have no limits: skip the lookups
            node.max_length = _int(raw.get("maxLength"))
            node.min_length = _int(raw.get("minLength"))
            node.max_items = _int(raw.get("maxItems"))
            node.min_items = _int(raw.get("minItems"))
            node.max_properties = _int(raw.get("maxProperties"))
            node.min_properties = _int(raw.get("minProperties"))
            if node.min_length == 0:
                node.min_length = None
            if node.min_items == 0:
                node.min_items = None
            if node.min_properties == 0:
                node.min_properties = None
            node.unique_items = raw.get("uniqueItems") is True
            node.multiple_of = _num(raw.get("multipleOf"))
            _bounds(node, raw, dialect)
        if "default" in raw:
            node.default = raw["default"]
        node.read_only = raw.get("readOnly") is True
        node.write_only = raw.get("writeOnly") is True
        node.deprecated = raw.get("deprecated") is True
        node.title = raw.get("title") if isinstance(raw.get("title"), str) else None
        desc = raw.get("description")
        node.description = desc if isinstance(desc, str) else None
        node.example = examples_of(raw, self.canon)
        node.example_value = example_value(raw)
        disc = raw.get("discriminator")
        if isinstance(disc, dict):
            prop = disc.get("propertyName")
            node.discriminator = prop if isinstance(prop, str) else None
            mapping = disc.get("mapping")
            if isinstance(mapping, dict):
                # An entry that restates the default (`Cat: '#/components/schemas/Cat'`)
                # says nothing the implicit mapping does not.
                node.discriminator_mapping = {
                    str(k): _ref_tail(v)
                    for k, v in mapping.items()
                    if isinstance(v, str) and str(k) != _ref_tail(v)
                }
        elif isinstance(disc, str):  # Swagger 2.0 spelling
            node.discriminator = disc
        if not _OTHER_KEY_SET.isdisjoint(raw):
            for key in _OTHER_KEYS:
                if key in raw:
                    node.other[key] = self.canon(raw[key])
            self._keywords(node, raw, doc, pointer)
        for key in raw:
            if key[:2] == "x-" and key not in ("x-extensible-enum", "x-nullable"):
                node.extensions[key] = raw[key]  # as written; compared only where a rule asks
        # -- object
        props = raw.get("properties")
        if props is not None:
            if not isinstance(props, dict):
                raise self._error(doc, pointer + "/properties", "properties must be an object")
            base = pointer + "/properties/"
            node.properties = {
                str(k): self._child(v, doc, base + _escape(str(k))) for k, v in props.items()
            }
        required = raw.get("required")
        if isinstance(required, list):
            names = frozenset(r for r in required if isinstance(r, str))
            node.required = self._sets.setdefault(names, names)  # one object per distinct list
        additional = raw.get("additionalProperties", MISSING)
        if additional is False:
            node.additional = False
        elif isinstance(additional, dict) and additional:
            child = self._child(additional, doc, pointer + "/additionalProperties")
            node.additional = child
        # -- array
        items = raw.get("items", MISSING)
        if isinstance(items, dict | bool) and items is not MISSING:
            node.items = self._child(items, doc, pointer + "/items")
        elif isinstance(items, list):  # draft-4 tuple form
            node.prefix_items = tuple(
                self._child(v, doc, f"{pointer}/items/{i}") for i, v in enumerate(items)
            )
        prefix = raw.get("prefixItems")
        if isinstance(prefix, list):
            node.prefix_items = tuple(
                self._child(v, doc, f"{pointer}/prefixItems/{i}") for i, v in enumerate(prefix)
            )
        # -- composition
        for keyword, attr in (("oneOf", "one_of"), ("anyOf", "any_of")):
            branches = raw.get(keyword)
            if branches is None:
                continue
            if not isinstance(branches, list):
                raise self._error(doc, f"{pointer}/{keyword}", f"{keyword} must be a list")
            built = [
                self._child(v, doc, f"{pointer}/{keyword}/{i}") for i, v in enumerate(branches)
            ]
            kept = []
            for branch in built:
                if _is_null_only(branch):
                    node.nullable = True
                else:
                    kept.append(branch)
            setattr(node, attr, tuple(_dedupe(kept)))
        all_of = raw.get("allOf")
        if all_of is not None:
            if not isinstance(all_of, list):
                raise self._error(doc, pointer + "/allOf", "allOf must be a list")
            members = tuple(
                self._child(v, doc, f"{pointer}/allOf/{i}") for i, v in enumerate(all_of)
            )
            if members:
                self._all_of[id(node)] = members
                node.all_of = members
        if id(node) in self._all_of or _lone_branch(node) is not None:
            self._pending.append(node)

    def _enum_names(self, raw: dict, values: list[Any]) -> tuple[tuple[str, str], ...]:
        """The names generators give the values, paired by position with the enum as
        written (so reordering both lists together changes nothing)."""
        for key in _ENUM_NAME_KEYS:
            names = raw.get(key)
            if isinstance(names, list):
                pairs = {
                    self.canon(value): name
                    for value, name in zip(values, names, strict=False)
                    if value is not None and isinstance(name, str)
                }
                return tuple(sorted(pairs.items()))
        return ()

    def _keywords(self, node: Schema, raw: dict, doc: Document, pointer: str) -> None:
        """The 2020-12 keywords as what they mean: subschemas, bounds, name lists."""
        for key in _SUBSCHEMA_KEYS:
            value = raw.get(key)
            if isinstance(value, dict | bool):
                node.keywords[key] = self._child(value, doc, f"{pointer}/{key}")
        for key in ("patternProperties", "dependentSchemas"):
            entries = raw.get(key)
            if isinstance(entries, dict):
                for name, value in entries.items():
                    if isinstance(value, dict | bool):
                        child = f"{pointer}/{key}/{_escape(str(name))}"
                        node.keywords[f"{key}/{name}"] = self._child(value, doc, child)
        dependent = raw.get("dependentRequired")
        if isinstance(dependent, dict):
            node.dependent_required = {
                str(k): frozenset(n for n in v if isinstance(n, str))
                for k, v in dependent.items()
                if isinstance(v, list)
            }
        if "contains" in raw:
            node.min_contains = _int(raw.get("minContains"))
            node.max_contains = _int(raw.get("maxContains"))
            if node.min_contains == 1:
                node.min_contains = None
        for key, attr in (
            ("contentMediaType", "content_media_type"),
            ("contentEncoding", "content_encoding"),
        ):
            value = raw.get(key)
            setattr(node, attr, value.lower() if isinstance(value, str) else None)

    # -- phase 2 ---------------------------------------------------------------------------
    def finish(self) -> None:
        """Fold ``allOf`` members and lone union branches into their owners, in place."""
        for node in self._pending:
            self._fold(node)
        self._pending.clear()
        nodes = self._nodes[self._normalized :]
        self._normalized = len(self._nodes)
        done: set[int] = set()
        for node in nodes:
            type_list(node, done)
        for node in nodes:
            hoist_required(node)

    def _fold(self, node: Schema) -> None:
        key = id(node)
        if key in self._done or key in self._active:
            return  # done, or an allOf cycle (A allOf B, B allOf A): merge what exists
        self._active.add(key)
        try:
            members = list(self._all_of.pop(key, ()))
            lone = _lone_branch(node)
            if lone is not None:
                members.append(lone)
                node.one_of = ()
                node.any_of = ()
            members = [m for m in members if m is not node]
            # Nullable if the owner says so (the 3.0 idiom ``nullable: true`` beside
            # ``allOf: [$ref]``) or every member allows null.
            for member in members:
                self.ensure(member)
            nullable = node.nullable or (bool(members) and all(m.nullable for m in members))
            for member in members:
                merge_into(node, member, self)
                node.merged_from = (
                    node.merged_from
                    | member.merged_from
                    | ({member.name} if member.name else set())
                )
            node.nullable = nullable
            if node.name is None and len(members) == 1 and members[0].name is not None:
                node.name = members[0].name  # `allOf: [$ref: X]` plus a description is X
                node.all_of = members[0].all_of
        finally:
            self._active.discard(key)
            self._done.add(key)

    def ensure(self, node: Schema) -> None:
        """Fold ``node`` now if it still waits for it (members are read before owners)."""
        if id(node) in self._all_of or _lone_branch(node) is not None:
            self._fold(node)

    def merged_property(self, a: Schema, b: Schema) -> Schema:
        """A new node that is the allOf of two property schemas."""
        self.ensure(a)
        self.ensure(b)
        node = Schema(location=a.location, name=a.name if a.name == b.name else None)
        merge_into(node, a, self)
        merge_into(node, b, self)
        node.nullable = a.nullable and b.nullable
        self._nodes.append(node)
        return node


def _bare(node: Schema) -> bool:
    """Only a type (or a list of types): no value constraint, no structure."""
    return bool(node.types) and (
        node.format is None
        and node.enum is None
        and not node.properties
        and not node.required
        and node.additional is True
        and node.items is None
        and not node.prefix_items
        and not node.one_of
        and not node.any_of
        and node.not_ is None
        and node.maximum is None
        and node.minimum is None
        and node.multiple_of is None
        and node.max_length is None
        and node.min_length is None
        and node.pattern is None
        and node.max_items is None
        and node.min_items is None
        and not node.unique_items
        and node.max_properties is None
        and node.min_properties is None
        and not node.other
        and node.discriminator is None
        and not node.read_only
        and not node.write_only
    )


def type_list(node: Schema, done: set[int]) -> None:
    """``oneOf: [{type: string}, {type: integer}]`` is ``type: [string, integer]``.

    A choice between bare types says nothing a type list does not, so it compares as one:
    ``string`` -> ``oneOf[string, integer]`` is the same finding as ``type: [string,
    integer]``. Branches are made type lists first (an iterative walk: branches nest
    arbitrarily deep). ``oneOf`` over both ``integer`` and ``number`` is left alone (an
    integer matches both branches, so ``oneOf`` rejects it).
    """
    stack = [(node, False)]
    while stack:
        current, ready = stack.pop()
        if id(current) in done:
            continue
        branches = current.one_of or current.any_of
        if not branches or (current.one_of and current.any_of):
            done.add(id(current))
            continue
        if not ready:
            stack.append((current, True))
            stack.extend((b, False) for b in branches if id(b) not in done)
            continue
        done.add(id(current))
        if current.discriminator is not None or not all(_bare(b) for b in branches):
            continue
        found: set[str] = set()
        for branch in branches:
            found |= branch.types or set()
        if current.one_of and {"integer", "number"} <= found:
            continue
        types = _type_set(found)
        if current.types is not None:
            types = _intersect_types(current.types, types)
        current.types = types
        current.nullable = current.nullable or any(b.nullable for b in branches)
        current.one_of = ()
        current.any_of = ()


def hoist_required(node: Schema) -> None:
    """A name required by both ``then`` and ``else`` is required: the object must have it
    whichever way ``if`` goes. It moves to the owner's ``required``, off both branches."""
    then, other = node.keywords.get("then"), node.keywords.get("else")
    if "if" not in node.keywords or then is None or other is None:
        return
    common = (then.required & other.required) - node.required
    if not common:
        return
    node.required = node.required | common
    node.keywords["then"] = replace(then, required=then.required - common)
    node.keywords["else"] = replace(other, required=other.required - common)


def merge_into(target: Schema, member: Schema, builder: SchemaBuilder) -> None:
    """Intersect ``member``'s constraints into ``target`` (the semantics of allOf)."""
    if member.types is not None:
        target.types = (
            member.types if target.types is None else _intersect_types(target.types, member.types)
        )
    if member.enum is not None:
        if target.enum is None:
            target.enum, target.enum_values = member.enum, member.enum_values
            target.extensible_enum = member.extensible_enum
        else:
            both = target.enum & member.enum
            target.enum_values = tuple(v for v in target.enum_values if builder.canon(v) in both)
            target.enum = both
    target.format = target.format or member.format
    target.pattern = target.pattern or member.pattern
    for attr in ("max_length", "max_items", "max_properties"):
        target_value, member_value = getattr(target, attr), getattr(member, attr)
        if member_value is not None:
            setattr(
                target,
                attr,
                member_value if target_value is None else min(target_value, member_value),
            )
    for attr in ("min_length", "min_items", "min_properties"):
        target_value, member_value = getattr(target, attr), getattr(member, attr)
        if member_value is not None:
            setattr(
                target,
                attr,
                member_value if target_value is None else max(target_value, member_value),
            )
    if member.maximum is not None and (
        target.maximum is None
        or member.maximum < target.maximum
        or (member.maximum == target.maximum and member.exclusive_maximum)
    ):
        target.maximum, target.exclusive_maximum = member.maximum, member.exclusive_maximum
    if member.minimum is not None and (
        target.minimum is None
        or member.minimum > target.minimum
        or (member.minimum == target.minimum and member.exclusive_minimum)
    ):
        target.minimum, target.exclusive_minimum = member.minimum, member.exclusive_minimum
    target.multiple_of = target.multiple_of or member.multiple_of
    target.unique_items = target.unique_items or member.unique_items
    if target.default is MISSING:
        target.default = member.default
    target.read_only = target.read_only or member.read_only
    target.write_only = target.write_only or member.write_only
    target.deprecated = target.deprecated or member.deprecated
    target.title = target.title or member.title
    target.description = target.description or member.description
    if target.example is None:
        target.example, target.example_value = member.example, member.example_value
    target.discriminator = target.discriminator or member.discriminator
    for k, v in member.discriminator_mapping.items():
        target.discriminator_mapping.setdefault(k, v)
    for k, v in member.other.items():
        target.other.setdefault(k, v)
    for k, v in member.keywords.items():
        target.keywords.setdefault(k, v)
    for k, v in member.dependent_required.items():
        target.dependent_required[k] = target.dependent_required.get(k, frozenset()) | v
    target.enum_names = target.enum_names or member.enum_names
    target.min_contains = target.min_contains or member.min_contains
    target.max_contains = target.max_contains or member.max_contains
    target.content_media_type = target.content_media_type or member.content_media_type
    target.content_encoding = target.content_encoding or member.content_encoding
    target.const = target.const or member.const
    for k, v in member.extensions.items():
        target.extensions.setdefault(k, v)
    if member.properties:
        merged = dict(target.properties)
        for prop, schema in member.properties.items():
            existing = merged.get(prop)
            merged[prop] = (
                schema
                if existing is None or existing is schema
                else (builder.merged_property(existing, schema))
            )
        target.properties = merged
    target.required = target.required | member.required
    if member.additional is False or target.additional is False:
        target.additional = False
    elif isinstance(member.additional, Schema):
        target.additional = (
            member.additional
            if target.additional is True
            else (
                builder.merged_property(target.additional, member.additional)
                if isinstance(target.additional, Schema)
                and target.additional is not member.additional
                else target.additional
            )
        )
    if member.items is not None:
        target.items = (
            member.items
            if target.items is None or target.items is member.items
            else (builder.merged_property(target.items, member.items))
        )
    target.prefix_items = target.prefix_items or member.prefix_items
    if member.one_of and not target.one_of:
        target.one_of = member.one_of
    if member.any_of and not target.any_of:
        target.any_of = member.any_of


_TYPE_SETS: dict[frozenset[str], frozenset[str]] = {}


def _type_set(types: set[str] | frozenset[str]) -> frozenset[str]:
    """``frozenset(types)``, one object for each of the few combinations of the seven JSON
    types: 80,000 schemas of a large contract share a handful instead of 16 MB of copies."""
    key = frozenset(types)
    return _TYPE_SETS.setdefault(key, key)


def _enum_types(values: tuple[Any, ...], declared: set[str] | None) -> set[str] | None:
    """The types of an enum's values when no ``type`` is written: ``{const: x}`` and
    ``{type: string, const: x}`` accept the same one value, so they have the same type.

    A written ``type`` is kept as written (``{type: number, enum: [1, 2]}`` stays a number,
    so a later ``2.5`` is one enum value added, not a type widened besides).
    """
    if declared is not None:
        return declared
    found = {json_type(v) for v in values}
    if None in found:
        return None
    if "number" in found:
        found.discard("integer")
    return found


def _intersect_types(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    out = set(a & b)
    if ("integer" in a and "number" in b) or ("number" in a and "integer" in b):
        out.add("integer")
    return _type_set(out)


def _lone_branch(node: Schema) -> Schema | None:
    """``oneOf: [X]`` (after null branches are taken out) is X."""
    branches = node.one_of or node.any_of
    if len(branches) == 1 and not (node.one_of and node.any_of):
        return branches[0]
    return None


def _dedupe(branches: list[Schema]) -> list[Schema]:
    seen: set[int] = set()
    out = []
    for b in branches:
        if id(b) not in seen:
            seen.add(id(b))
            out.append(b)
    return out


def _is_null_only(node: Schema) -> bool:
    return node.nullable and node.types is not None and not node.types and not node.enum


def _applies(raw: dict) -> bool:
    """Keywords beside a 3.1 ``$ref`` that say something (a description does, too)."""
    return any(k not in ("$comment",) for k in raw)


def _bounds(node: Schema, raw: dict, dialect: str) -> None:
    maximum = _num(raw.get("maximum"))
    minimum = _num(raw.get("minimum"))
    ex_max, ex_min = raw.get("exclusiveMaximum"), raw.get("exclusiveMinimum")
    node.maximum, node.minimum = maximum, minimum
    if isinstance(ex_max, bool):
        node.exclusive_maximum = ex_max and maximum is not None
    elif _num(ex_max) is not None:
        value = _num(ex_max)
        if maximum is None or value <= maximum:
            node.maximum, node.exclusive_maximum = value, True
    if isinstance(ex_min, bool):
        node.exclusive_minimum = ex_min and minimum is not None
    elif _num(ex_min) is not None:
        value = _num(ex_min)
        if minimum is None or value >= minimum:
            node.minimum, node.exclusive_minimum = value, True


def _num(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _int(value: Any) -> int | None:
    number = _num(value)
    return int(number) if number is not None and number == int(number) else None


def _ref_tail(ref: str) -> str:
    return ref.rsplit("/", 1)[-1] if "/" in ref else ref


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _quoted(value: Any) -> str:
    """``repr`` of a string, a bounded preview of anything else (``type: [*bomb]``)."""
    return repr(value) if isinstance(value, str) and len(value) <= 120 else preview(value, 60)


def _kind(value: Any) -> str:
    return {
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
