"""GraphQL SDL (one file or many) and introspection JSON -> the common model.

Root fields become ``Contract.operations`` (``Query.user``) with their arguments as
parameters; the named types, their kinds, fields, interfaces, union members, enum values and
directive definitions go to ``Contract.body`` (a ``GqlSchema``), which is what the GraphQL
diff walks.

Loading is lenient where real schemas need it: directives used but never defined (Apollo
Federation's ``@key``, custom ones) and types extended but defined elsewhere still load,
kept as data. It is strict where a schema is genuinely broken: syntax errors and duplicate
definitions are input errors with file, line and column.
"""

from __future__ import annotations

import contextlib
import json
import re
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLSyntaxError,
    GraphQLUnionType,
    build_ast_schema,
    build_client_schema,
    concat_ast,
    parse,
    print_ast,
)
from graphql import (
    Source as GqlSource,
)
from graphql.language import ast as gast
from graphql.pyutils import Undefined
from graphql.type import specified_directives, specified_scalar_types
from graphql.utilities import get_default_value_ast, value_from_ast
from graphql.utilities.sort_value_node import sort_value_node
from graphql.validation.rules.lone_schema_definition import LoneSchemaDefinitionRule
from graphql.validation.rules.unique_argument_definition_names import (
    UniqueArgumentDefinitionNamesRule,
)
from graphql.validation.rules.unique_argument_names import UniqueArgumentNamesRule
from graphql.validation.rules.unique_directive_names import UniqueDirectiveNamesRule
from graphql.validation.rules.unique_enum_value_names import UniqueEnumValueNamesRule
from graphql.validation.rules.unique_field_definition_names import (
    UniqueFieldDefinitionNamesRule,
)
from graphql.validation.rules.unique_input_field_names import UniqueInputFieldNamesRule
from graphql.validation.rules.unique_operation_types import UniqueOperationTypesRule
from graphql.validation.rules.unique_type_names import UniqueTypeNamesRule
from graphql.validation.validate import validate_sdl

from ..canonical import text
from ..collector import paused
from ..errors import InputError
from ..model import Contract, Location
from ..model.graphql import GqlArgument, GqlDirective, GqlEnumValue, GqlField, GqlSchema, GqlType
from ..sources import Source
from . import sdl
from .sdl import Positions as _Positions
from .sdl import common_name as _common_name
from .sdl import contract_of as _contract
from .yamljson import Document

__all__ = [
    "build_schema",
    "coerce_default",
    "load_document",
    "load_introspection",
    "load_sdl",
    "load_sources",
    "native_from_sdl",
]
# Rules for "is this SDL broken": duplicates and conflicts. Unknown directives and types are
# allowed (federation, split schemas): they are completed below instead.
_SDL_RULES = (
    LoneSchemaDefinitionRule,
    UniqueOperationTypesRule,
    UniqueTypeNamesRule,
    UniqueEnumValueNamesRule,
    UniqueFieldDefinitionNamesRule,
    UniqueArgumentDefinitionNamesRule,
    UniqueDirectiveNamesRule,
    UniqueArgumentNamesRule,
    UniqueInputFieldNamesRule,
)
_BUILTIN_DIRECTIVES = {d.name for d in specified_directives}
_BUILTIN_SCALARS = set(specified_scalar_types)
_ROOT_KINDS = (("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription"))
_EXTENSION_TO_DEFINITION = {
    gast.ObjectTypeExtensionNode: gast.ObjectTypeDefinitionNode,
    gast.InterfaceTypeExtensionNode: gast.InterfaceTypeDefinitionNode,
    gast.UnionTypeExtensionNode: gast.UnionTypeDefinitionNode,
    gast.EnumTypeExtensionNode: gast.EnumTypeDefinitionNode,
    gast.InputObjectTypeExtensionNode: gast.InputObjectTypeDefinitionNode,
    gast.ScalarTypeExtensionNode: gast.ScalarTypeDefinitionNode,
}


# -- SDL -------------------------------------------------------------------------------------


def load_sources(sources: list[Source], options: Any = None) -> Contract:
    """SDL (``options``: no limit of theirs applies to SDL); the registry's way in is
    ``sdl.load_sources``, which reads most schemas without graphql-core."""
    return load_sdl(sources)


def load_document(doc: Document, source: Source, dialect: str, options: Any = None) -> Contract:
    """The registry's way in for an introspection result."""
    return load_introspection(doc)


def load_sdl(sources: list[Source], *, fast: bool = True) -> Contract:
    """Parse one or more SDL files, merge them (extensions applied), build the model: by
    ``sdl``'s reader when it is sure of the input (``fast``), else with graphql-core."""
    if fast:
        return sdl.load_sources(sources)
    schema, positions = build_schema(sources)
    contract = _Converter(schema, _common_name(sources), positions=positions).contract()
    contract.body.sdl = tuple(sources)
    contract.body.build_native = native_from_sdl
    return contract


def native_from_sdl(sources: tuple[Source, ...]) -> GraphQLSchema:
    """graphql-core's schema of SDL already loaded (``GqlSchema.graphql_schema``)."""
    return build_schema(list(sources))[0]


def build_schema(sources: list[Source]) -> tuple[GraphQLSchema, dict[str, _Positions]]:
    """The graphql-core schema of SDL files, as leniently as a real schema needs."""
    documents = []
    positions: dict[str, _Positions] = {}
    with paused():
        for source in sources:
            try:
                documents.append(parse(GqlSource(source.text, source.name)))
            except GraphQLSyntaxError as exc:
                raise _input_error(exc, source.name) from None
            except RecursionError:
                raise InputError("nesting is too deep to parse", file=source.name) from None
            positions[source.name] = _Positions(source.text)
    document = concat_ast(documents) if len(documents) > 1 else documents[0]
    errors = validate_sdl(document, rules=_SDL_RULES)
    if errors:
        raise _input_error(errors[0], sources[0].name)
    document = _complete(document)
    try:
        schema = build_ast_schema(document, assume_valid_sdl=True)
    except GraphQLError as exc:
        raise _input_error(exc, sources[0].name, "invalid GraphQL schema") from None
    except TypeError as exc:
        raise InputError(f"invalid GraphQL schema: {exc}", file=sources[0].name) from None
    return schema, positions


def _input_error(exc: GraphQLError, default_file: str, what: str = "invalid GraphQL") -> InputError:
    """graphql-core's error as file, line, column and its message's first line (its ``str``
    adds a multi-line excerpt of the source)."""
    message = exc.message.splitlines()[0] if exc.message else str(exc)
    file, line, column = default_file, None, None
    if exc.nodes and exc.nodes[0].loc is not None:
        source = exc.nodes[0].loc.source
        file = source.name or default_file
        location = source.get_location(exc.nodes[0].loc.start)
        line, column = location.line, location.column
    elif exc.source is not None and exc.locations:
        file = exc.source.name or default_file
        line, column = exc.locations[0].line, exc.locations[0].column
    elif (found := _QUOTED_LOCATION.search(exc.message or "")) is not None:
        # an error re-raised with its cause's location in its text ("fields cannot be
        # resolved. Argument ... has invalid value ...\n\nname:1:41\n1 | ...")
        file = found["file"] if found["file"] != "GraphQL request" else default_file
        line, column = int(found["line"]), int(found["column"])
    return InputError(f"{what}: {message}", file=file, line=line, column=column)


_QUOTED_LOCATION = re.compile(r"\n\n(?P<file>[^\n]+):(?P<line>\d+):(?P<column>\d+)\n")


def _complete(document: DocumentNode) -> DocumentNode:
    """Make a schema buildable without changing its meaning.

    Extensions of types defined nowhere become definitions; types referenced but defined
    nowhere become scalars; directives applied but defined nowhere are left applied (they
    are data) and need no definition because the schema is built without SDL validation.
    """
    defined: set[str] = set(_BUILTIN_SCALARS)
    for node in document.definitions:
        if isinstance(node, gast.TypeDefinitionNode):
            defined.add(node.name.value)
    definitions = []
    for node in document.definitions:
        if type(node) in _EXTENSION_TO_DEFINITION and node.name.value not in defined:
            definition_type = _EXTENSION_TO_DEFINITION[type(node)]
            keys = {k: getattr(node, k) for k in node.keys if hasattr(node, k)}
            keys["description"] = None
            node = definition_type(**keys)
            defined.add(node.name.value)
        definitions.append(node)
    referenced: set[str] = set()
    for node in definitions:
        _collect_named_types(node, referenced)
    for name in sorted(referenced - defined):
        definitions.append(gast.ScalarTypeDefinitionNode(name=gast.NameNode(value=name)))
    return gast.DocumentNode(definitions=tuple(definitions), loc=document.loc)


def _collect_named_types(node: Any, out: set[str]) -> None:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, gast.NamedTypeNode):
            out.add(item.name.value)
            continue
        if isinstance(item, gast.DirectiveNode | gast.ValueNode):
            continue
        if isinstance(item, gast.Node):
            for key in item.keys:
                value = getattr(item, key, None)
                if isinstance(value, tuple | list):
                    stack.extend(value)
                elif isinstance(value, gast.Node):
                    stack.append(value)


# -- introspection ---------------------------------------------------------------------------


def load_introspection(doc: Document) -> Contract:
    data = doc.data
    prefix = ""
    if isinstance(data.get("data"), dict):
        data, prefix = data["data"], "/data"
    _refuse_aliases(doc)
    try:
        schema = build_client_schema(data)
        _resolve_all(schema)
    except (GraphQLError, TypeError, KeyError, ValueError, AttributeError) as exc:
        raise _introspection_error(exc, data, prefix, doc) from None
    pointers = _introspection_pointers(data, prefix)
    return _Converter(schema, doc.name, doc=doc, pointers=pointers).contract()


def _introspection_error(exc: Exception, data: dict, prefix: str, doc: Document) -> InputError:
    """graphql-core's error about an introspection result, at the entry it was reading and in
    apidiff's words.

    graphql-core says what is wrong but not where. A type's fields, interfaces and union
    members are built when first read, and an error there comes wrapped ("T fields cannot be
    resolved. <cause>"): the cause is the error. Where: the arguments and locals of
    graphql-core's frames, innermost first, that are a dict or list of the result (the type
    reference, field, argument or type being built), found by identity; the most specific of
    the innermost frame that has one. When none has, the error names ``__schema``.
    """
    while _WRAPPED.match(str(exc)) and exc.__cause__ is not None:
        exc = exc.__cause__  # type: ignore[assignment]
    places: dict[int, str] = {}
    stack: list[tuple[Any, str]] = [(data, prefix)]
    while stack:
        node, pointer = stack.pop()
        places[id(node)] = pointer
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, dict | list):
                escaped = str(key).replace("~", "~0").replace("/", "~1")
                stack.append((child, f"{pointer}/{escaped}"))
    found: list[str] = []
    tb = exc.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith("graphql.") and (
            frame.f_code.co_name != "build_client_schema"  # its locals: every root at once
        ):
            here = [places[id(v)] for v in frame.f_locals.values() if id(v) in places]
            found = here or found
        tb = tb.tb_next
    by_depth = sorted(found, key=lambda p: (p.count("/"), p))
    if not by_depth:
        pointer = f"{prefix}/__schema"
    elif isinstance(exc, GraphQLSyntaxError):  # the one text parsed: an argument's default
        pointer = by_depth[0] + "/defaultValue"
    else:
        pointer = by_depth[-1]
    return doc.error(pointer, f"invalid introspection result: {_introspection_message(exc)}")


_WRAPPED = re.compile(r"\S+ (?:fields|interfaces|types) cannot be resolved\. ")
# graphql-core's texts, in apidiff's words: a named group ``json`` holds a Python type's name
# (said as JSON's), ``kind`` a GraphQL kind (said in lower case).
_JSON_KINDS = {"int": "a number", "float": "a number", "str": "a string", "bool": "true or false",
               "NoneType": "null", "list": "a list", "dict": "an object"}  # fmt: skip
_INTROSPECTION_MESSAGES = tuple((re.compile(p, re.DOTALL), t) for p, t in (
    (r"Invalid or incomplete schema, unknown type: (?P<name>.+?)\. Ensure.*",
     "type {name} is not among __schema.types (was the introspection query complete?)"),
    (r"Decorated type deeper than introspection query\.",
     "a LIST or NON_NULL type without its ofType (was the introspection query deep enough?)"),
    (r"Introspection must provide (?P<kind>input|output) type for (?P<what>[a-z ]+), "
     r"but received: (?P<name>.+)\.",
     "{name} is not an {kind} type, and {what} need one"),
    (r"Invalid or incomplete introspection result\. Ensure that a full introspection query .*",
     "a type needs a name and a kind (SCALAR, OBJECT, INTERFACE, UNION, ENUM or INPUT_OBJECT)"),
    (r"Introspection result missing (?:field |directive )?(?P<key>\w+): .*",
     "no '{key}' list here"),
    (r"Expected (?P<name>.+) to be a GraphQL (?P<kind>Object|Interface) type\.",
     "{name} is not an {kind} type here"),
    (r"Unknown type reference: .*", "a type reference without a name"),
    (r"(?P<name>.+) locations must be specified as a collection of DirectiveLocation enum "
     r"values\.", "directive {name}: its locations must be names such as FIELD_DEFINITION"),
    (r"'(?P<json>\w+)' object is not iterable", "expected a list here, not {json}"),
    (r"'(?P<json>\w+)' object has no attribute '\w+'", "expected an object here, not {json}"),
    (r"(?:string|list) indices must be integers.*", "expected an object here"),
))  # fmt: skip


def _introspection_message(exc: Exception) -> str:
    """graphql-core's text for ``exc`` in apidiff's words, where a pattern knows it."""
    if isinstance(exc, GraphQLSyntaxError):
        return f"defaultValue is not a GraphQL value: {exc.message}"
    if isinstance(exc, KeyError):
        return f"no {exc.args[0]!r} here" if exc.args else "a key is missing"
    text = exc.message if isinstance(exc, GraphQLError) else str(exc)
    for pattern, template in _INTROSPECTION_MESSAGES:
        match = pattern.fullmatch(text)
        if match is not None:
            words = match.groupdict()
            if "json" in words:
                words["json"] = _JSON_KINDS.get(words["json"], words["json"])
            if "kind" in words:
                words["kind"] = words["kind"].lower()
            return template.format(**words)
    return text


def _refuse_aliases(doc: Document) -> None:
    """An introspection result is JSON; given as YAML, one whose aliases share a list or an
    object would be built once per use by graphql-core (types sharing one aliased list of a
    thousand fields: a 400 KB file, a minute and 6 GB). Such sharing is refused."""
    if doc.kind != "yaml":
        return
    seen: set[int] = set()
    stack: list[tuple[Any, str]] = [(doc.data, "")]
    while stack:
        node, pointer = stack.pop()
        if id(node) in seen:
            pos = doc.position(pointer)
            raise InputError(
                "a list or object here is repeated by a YAML alias, which an introspection result "
                "must not do",
                file=doc.name,
                line=pos[0] if pos else None,
                column=pos[1] if pos else None,
            )
        seen.add(id(node))
        if isinstance(node, dict):
            items = ((str(k), v) for k, v in node.items())
        else:
            items = ((str(i), v) for i, v in enumerate(node))
        children = [(k, v) for k, v in items if isinstance(v, dict | list)]
        for key, child in reversed(children):  # visited in document order: the alias is met second
            escaped = key.replace("~", "~0").replace("/", "~1")
            stack.append((child, f"{pointer}/{escaped}"))


def _resolve_all(schema: GraphQLSchema) -> None:
    """Build every part of a schema from an introspection result now. graphql-core builds
    fields, arguments, interfaces, union members and enum values when first read, and checks
    their shape only then: a result of the wrong shape would fail in the middle of the
    comparison instead of here, where it is an input error."""
    for named in schema.type_map.values():
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            _ = named.interfaces
            for field in named.fields.values():
                _ = field.type, field.args
        elif isinstance(named, GraphQLInputObjectType):
            for input_field in named.fields.values():
                _ = input_field.type
        elif isinstance(named, GraphQLUnionType):
            _ = named.types
        elif isinstance(named, GraphQLEnumType):
            _ = named.values


def _entries(value: Any) -> list:
    """The entries of a list in an introspection result; anything else has none."""
    return value if isinstance(value, list) else []


def _introspection_pointers(data: dict, prefix: str) -> dict[str, str]:
    """Schema coordinate -> JSON pointer of its entry in the introspection result."""
    out: dict[str, str] = {}
    base = f"{prefix}/__schema"
    for i, entry in enumerate(_entries(data["__schema"].get("types"))):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            continue
        name = entry["name"]
        out[name] = f"{base}/types/{i}"
        for key in ("fields", "inputFields", "enumValues"):
            for j, item in enumerate(_entries(entry.get(key))):
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    out[f"{name}.{item['name']}"] = f"{base}/types/{i}/{key}/{j}"
                    for k, arg in enumerate(_entries(item.get("args"))):
                        if isinstance(arg, dict) and isinstance(arg.get("name"), str):
                            out[f"{name}.{item['name']}({arg['name']}:)"] = (
                                f"{base}/types/{i}/{key}/{j}/args/{k}"
                            )
    for i, entry in enumerate(_entries(data["__schema"].get("directives"))):
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            out[f"@{entry['name']}"] = f"{base}/directives/{i}"
            for k, arg in enumerate(_entries(entry.get("args"))):
                if isinstance(arg, dict) and isinstance(arg.get("name"), str):
                    out[f"@{entry['name']}({arg['name']}:)"] = f"{base}/directives/{i}/args/{k}"
    return out


# -- graphql-core schema -> model ------------------------------------------------------------


class _Converter:
    def __init__(
        self, schema: GraphQLSchema, name: str, *, positions=None, doc=None, pointers=None
    ) -> None:
        self.schema = schema
        self.name = name
        self.positions: dict[str, _Positions] = positions or {}
        self.doc = doc
        self.pointers: dict[str, str] = pointers or {}

    def loc(self, coordinate: str, node: Any) -> Location:
        """Where a coordinate is defined: its AST node (SDL) or JSON pointer (introspection)."""
        if self.doc is not None:
            return Location(self.doc.name, self.pointers.get(coordinate, ""), self.doc.position)
        loc = getattr(node, "loc", None) if node is not None else None
        if loc is not None and loc.source is not None:
            index = self.positions.get(loc.source.name)
            if index is not None:
                index.offsets.setdefault(coordinate, loc.start)
                return Location(loc.source.name, coordinate, index.position)
        return Location(self.name, coordinate, None)

    def contract(self) -> Contract:
        gql = GqlSchema(native=self.schema, applied_directives=self.doc is None)
        gql.applied = _applied(self.schema)
        if gql.applied:
            nodes = [self.schema.ast_node, *(self.schema.extension_ast_nodes or ())]
            node = next((n for n in nodes if n is not None and n.directives), None)
            gql.applied_at = self.loc("schema", node)
        for kind, _ in _ROOT_KINDS:
            root = getattr(self.schema, f"{kind}_type")
            gql.roots[kind] = root.name if root is not None else None
        for name, named in self.schema.type_map.items():
            if name.startswith("__") or name in _BUILTIN_SCALARS:
                continue  # introspection types and built-in scalars always exist
            gql.types[name] = self.type(named)
        for directive in self.schema.directives:
            if directive.name in _BUILTIN_DIRECTIVES:
                continue
            coordinate = f"@{directive.name}"
            gql.directives[directive.name] = GqlDirective(
                name=directive.name,
                location=self.loc(coordinate, directive.ast_node),
                locations=frozenset(loc.name for loc in directive.locations),
                repeatable=bool(directive.is_repeatable),
                description=_text(directive.description),
                args={
                    arg_name: self.argument(f"{coordinate}({arg_name}:)", arg_name, arg)
                    for arg_name, arg in directive.args.items()
                },
            )
        return _contract(gql, self.name)

    def type(self, named: GraphQLNamedType) -> GqlType:
        name = named.name
        node = named.ast_node or (
            named.extension_ast_nodes[0] if named.extension_ast_nodes else None
        )
        out = GqlType(
            name=name,
            kind=_kind(named),
            location=self.loc(name, node),
            description=_text(named.description),
            directives=_applied(named),
        )
        if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
            out.interfaces = tuple(sorted(i.name for i in named.interfaces))
            out.fields = {
                field_name: self.field(f"{name}.{field_name}", field_name, field)
                for field_name, field in named.fields.items()
            }
        elif isinstance(named, GraphQLUnionType):
            out.members = tuple(sorted(t.name for t in named.types))
        elif isinstance(named, GraphQLEnumType):
            out.values = {
                value_name: GqlEnumValue(
                    name=value_name,
                    location=self.loc(f"{name}.{value_name}", value.ast_node),
                    description=_text(value.description),
                    deprecated=value.deprecation_reason is not None,
                    deprecation_reason=_reason(value.deprecation_reason),
                    directives=_applied(value),
                )
                for value_name, value in named.values.items()
            }
        elif isinstance(named, GraphQLInputObjectType):
            out.input_fields = {
                field_name: self.argument(f"{name}.{field_name}", field_name, field)
                for field_name, field in named.fields.items()
            }
            out.one_of = bool(getattr(named, "is_one_of", False))
        elif isinstance(named, GraphQLScalarType):
            out.specified_by = _text(named.specified_by_url)
        return out

    def field(self, coordinate: str, name: str, field: GraphQLField) -> GqlField:
        return GqlField(
            name=name,
            type=str(field.type),
            location=self.loc(coordinate, field.ast_node),
            description=_text(field.description),
            deprecated=field.deprecation_reason is not None,
            deprecation_reason=_reason(field.deprecation_reason),
            args={
                arg_name: self.argument(f"{coordinate}({arg_name}:)", arg_name, arg)
                for arg_name, arg in field.args.items()
            },
            directives=_applied(field),
        )

    def argument(
        self, coordinate: str, name: str, arg: GraphQLArgument | GraphQLInputField
    ) -> GqlArgument:
        return GqlArgument(
            name=name,
            type=str(arg.type),
            location=self.loc(coordinate, arg.ast_node),
            description=_text(arg.description),
            **_default(arg),
            deprecated=arg.deprecation_reason is not None,
            deprecation_reason=_reason(arg.deprecation_reason),
            directives=_applied(arg),
        )


def _kind(named: GraphQLNamedType) -> str:
    for cls, kind in (
        (GraphQLObjectType, "OBJECT"),
        (GraphQLInterfaceType, "INTERFACE"),
        (GraphQLUnionType, "UNION"),
        (GraphQLEnumType, "ENUM"),
        (GraphQLInputObjectType, "INPUT_OBJECT"),
        (GraphQLScalarType, "SCALAR"),
    ):
        if isinstance(named, cls):
            return kind
    return type(named).__name__


def _reason(reason: str | None) -> str | None:
    """``@deprecated`` without a reason means the default reason: one spelling for both."""
    if reason is None or reason == "No longer supported":
        return None
    return _text(reason)


def _text(value: Any) -> str | None:
    """Text an introspection result gave, as a string: a YAML one may give an aliased list
    where a description belongs, which must neither expand nor be compared deeply."""
    return None if value is None else text(value)


def _default(arg: GraphQLArgument | GraphQLInputField) -> dict[str, str | None]:
    """The default as GraphQL prints it, and the value a server coerces it to.

    Clients observe the coerced value: ``0`` and ``0.0`` for a Float, ``"USD"`` and
    ``\"\"\"USD\"\"\"``, input-object fields in another order are one default. A literal that
    does not coerce (a lenient schema's unknown type) is compared by its sorted print, and so
    is any default whose type changed (the type change is reported by itself).
    """
    try:
        node = get_default_value_ast(arg)
    except (TypeError, GraphQLError, ValueError):
        node = None
    if node is None:
        return {"default": None, "default_key": None, "default_literal": None}
    printed = print_ast(node)
    literal = print_ast(sort_value_node(node))
    try:
        value = coerce_default(node, arg.type)
    except (TypeError, GraphQLError, ValueError, ArithmeticError):
        value = Undefined
    key = "literal:" + literal
    if value is not Undefined:
        with contextlib.suppress(ValueError):  # `1e400` coerces to infinity: not a JSON value
            key = "value:" + json.dumps(
                value, sort_keys=True, default=repr, ensure_ascii=False, allow_nan=False
            )
    return {"default": printed, "default_key": key, "default_literal": literal}


def coerce_default(node: Any, type_: Any, filling: set[int] | None = None) -> Any:
    """``value_from_ast`` of a default's literal, with the input fields it leaves out taking
    their own defaults, as a server fills them in when it uses it: ``p: P = {b: 2}`` and
    ``p: P = {a: 1, b: 2}`` are one default when ``P.a`` defaults to 1. (graphql-core keeps an
    SDL input field's default as its literal, so its ``value_from_ast`` leaves such fields
    out, and calls a non-null one with a default missing.) A default that reaches its own
    field again has no value: ``Undefined``, as in ``sdl``."""
    filling = set() if filling is None else filling
    if isinstance(node, gast.NullValueNode):
        return Undefined if isinstance(type_, GraphQLNonNull) else None
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    if isinstance(type_, GraphQLList):
        if isinstance(node, gast.ListValueNode):
            items = [coerce_default(item, type_.of_type, filling) for item in node.values]
        else:
            items = [coerce_default(node, type_.of_type, filling)]
        return Undefined if any(item is Undefined for item in items) else items
    if not isinstance(type_, GraphQLInputObjectType):
        return value_from_ast(node, type_)
    if not isinstance(node, gast.ObjectValueNode):
        return Undefined
    given = {field.name.value: field.value for field in node.fields}
    if any(name not in type_.fields for name in given):
        return Undefined
    out = {}
    for name, field in type_.fields.items():
        key = field.out_name or name
        if name in given:
            value = coerce_default(given[name], field.type, filling)
        else:
            literal = get_default_value_ast(field)
            if literal is None:
                if isinstance(field.type, GraphQLNonNull):
                    return Undefined
                continue
            if id(field) in filling:
                return Undefined
            filling.add(id(field))
            try:
                value = coerce_default(literal, field.type, filling)
            finally:
                filling.discard(id(field))
        if value is Undefined:
            return Undefined
        out[key] = value
    if type_.is_one_of and (len(given) != 1 or len(out) != 1 or None in out.values()):
        return Undefined
    return out


_DATA_DIRECTIVES = {"deprecated", "specifiedBy", "oneOf"}  # modelled as fields of their own


def _applied(element: Any) -> tuple[str, ...]:
    """Directives applied in SDL (federation's @key, custom ones), printed, in order."""
    nodes = []
    if getattr(element, "ast_node", None) is not None:
        nodes.append(element.ast_node)
    nodes.extend(getattr(element, "extension_ast_nodes", None) or ())
    out = []
    for node in nodes:
        for directive in getattr(node, "directives", None) or ():
            if directive.name.value not in _DATA_DIRECTIVES:
                out.append(print_ast(directive))
    return tuple(out)


def is_required(arg: GqlArgument) -> bool:
    """A non-null argument or input field without a default must be given."""
    return arg.type.endswith("!") and arg.default is None
