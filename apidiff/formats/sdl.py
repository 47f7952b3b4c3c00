"""GraphQL SDL read straight into the model, without graphql-core, for the schemas that need
nothing more than the language's plain definitions.

graphql-core's pure-Python lexer, SDL validation and schema build take most of a GraphQL
comparison (about 0.4 s for GitHub's 1 MB schema); a regular-expression scanner and a
small recursive descent that builds ``GqlSchema`` directly take a fraction of that. This
reader is deliberately narrow: anything it is not sure of (a syntax error, a duplicate, an
extension, a type referenced but never defined, a long list default whose printing would
wrap, an escape it does not decode, nesting past a few dozen levels ...) makes it give up
(``None``), and ``formats.graphql`` loads the sources with graphql-core as before, with
graphql-core's error messages. So every input error is still graphql-core's one-line error
with file, line and column, and both paths give the same model (tests compare them on the
corpus, the fixtures and generated schemas).

The graphql-core schema that client operations are validated against (``--operations``)
is built only when a run asks for it (``GqlSchema.native`` is then computed from the
sources kept in ``GqlSchema.sdl``).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from typing import Any

from ..canonical import text
from ..model import Contract, Location, Operation, Parameter
from ..model.graphql import GqlArgument, GqlDirective, GqlEnumValue, GqlField, GqlSchema, GqlType
from ..sources import Source

__all__ = ["Positions", "common_name", "contract_of", "load_document", "load_sources", "read"]

_BUILTIN_SCALARS = frozenset(("String", "Int", "Float", "Boolean", "ID"))
_BUILTIN_DIRECTIVES = frozenset(("include", "skip", "deprecated", "specifiedBy", "oneOf"))
_DATA_DIRECTIVES = frozenset(("deprecated", "specifiedBy", "oneOf"))
_DEFAULT_REASON = "No longer supported"
_DIRECTIVE_LOCATIONS = frozenset(
    [
        "QUERY",
        "MUTATION",
        "SUBSCRIPTION",
        "FIELD",
        "FRAGMENT_DEFINITION",
        "FRAGMENT_SPREAD",
        "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION",
        "FRAGMENT_VARIABLE_DEFINITION",
        "SCHEMA",
        "SCALAR",
        "OBJECT",
        "FIELD_DEFINITION",
        "ARGUMENT_DEFINITION",
        "INTERFACE",
        "UNION",
        "ENUM",
        "ENUM_VALUE",
        "INPUT_OBJECT",
        "INPUT_FIELD_DEFINITION",
    ]
)
_MAX_DEPTH = 32  # nesting of values; deeper is left to graphql-core (and its limits)
_MAX_PRINTED = 70  # a list or object value printed longer may wrap in graphql-core's printer
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1

# Tokens. Conservative on purpose: a control character in a string or comment, a non-ASCII
# character outside them, `...`, `$` or a malformed number matches nothing (or the last
# group), which makes the reader give up. Whitespace and commas are skipped by the scanner.
_TOKEN = re.compile(
    r"""
    (?P<ws>(?:[\ \t\r\n,\ufeff]++|\#[^\x00-\x08\x0a-\x1f\x7f\ud800-\udfff]*+)++)
    |(?P<name>[_A-Za-z][_0-9A-Za-z]*+)
    |(?P<punct>[!&():=@\[\]{|}])
    |(?P<block>\"\"\"(?:[^"\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]++|\\\"\"\"|\\|"(?!""))*+\"\"\")
    |(?P<string>"[^"\\\x00-\x1f\x7f\ud800-\udfff]*+(?:\\[^\x00-\x1f\x7f\ud800-\udfff][^"\\\x00-\x1f\x7f\ud800-\udfff]*+)*+")
    |(?P<number>-?(?:0|[1-9][0-9]*+)(?P<float>(?:\.[0-9]++)?(?:[eE][+-]?[0-9]++)?)(?![_A-Za-z0-9.]))
    |(?P<bad>.|\n)
    """,
    re.VERBOSE,
)
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_ESCAPE = re.compile(r"\\(.)")
_NEEDS_PRINT_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f-\x9f]')
_LINES = re.compile(r"\r\n|[\n\r]")


class GiveUp(Exception):
    """The reader is not sure of this input; graphql-core loads it instead."""


class Positions:
    """Line and column of schema coordinates in one file, computed only when asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets: dict[str, int] = {}
        self._starts: list[int] | None = None

    def position(self, coordinate: str) -> tuple[int, int] | None:
        import bisect

        offset = self.offsets.get(coordinate)
        if offset is None:
            return None
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def prefetch(self, coordinates: Any) -> None:
        """Nothing to batch: offsets are known from the parse."""


def load_sources(sources: list[Source], options: Any = None) -> Contract:
    """The registry's way in for SDL: this reader, or graphql-core's when it gives up."""
    name = common_name(sources)
    found = read(sources, name)
    if found is None:
        from . import graphql

        return graphql.load_sdl(sources, fast=False)
    schema, _ = found
    schema.sdl = tuple(sources)
    schema.build_native = _native_from_sdl
    return contract_of(schema, name)


def _native_from_sdl(sources: tuple[Source, ...]) -> Any:
    from .graphql import native_from_sdl

    return native_from_sdl(sources)


def load_document(doc: Any, source: Source, dialect: str, options: Any = None) -> Contract:
    """The registry's way in for an introspection result (graphql-core's)."""
    from . import graphql

    return graphql.load_introspection(doc)


def common_name(sources: list[Source]) -> str:
    """A contract's name: its file, or the folder its files share."""
    if len(sources) == 1:
        return sources[0].name
    from os.path import commonpath, dirname

    try:
        return commonpath([dirname(s.name) or "." for s in sources]) or "."
    except ValueError:
        return sources[0].name


def contract_of(gql: GqlSchema, name: str) -> Contract:
    """The contract of a GraphQL schema: its root fields are the operations."""
    contract = Contract(
        source=name,
        format="graphql",
        version=None,
        location=Location(name, "", None),
        body=gql,
    )
    for kind in ("query", "mutation", "subscription"):
        root_name = gql.roots[kind]
        if root_name is None or root_name not in gql.types:
            continue
        for field in gql.types[root_name].fields.values():
            key = f"{root_name}.{field.name}"
            contract.operations[key] = Operation(
                key=key,
                display=key,
                method=kind.upper(),
                path=field.name,
                location=field.location,
                kind=kind,
                description=_text(field.description),
                deprecated=field.deprecated,
                parameters={
                    ("argument", arg.name): Parameter(
                        name=arg.name,
                        in_="argument",
                        required=arg.type.endswith("!") and arg.default is None,
                        schema=None,
                        location=arg.location,
                        deprecated=arg.deprecated,
                        description=_text(arg.description),
                        default=arg.default,
                    )
                    for arg in field.args.values()
                },
            )
    return contract


def read(sources: list[Source], name: str) -> tuple[GqlSchema, dict[str, Positions]] | None:
    """The schema of SDL ``sources`` and their positions, or None when graphql-core must
    load them (see the module's docstring)."""
    try:
        return _Reader(name).run(sources)
    except (GiveUp, RecursionError, ValueError, IndexError, KeyError):
        return None


# -- scanner ---------------------------------------------------------------------------------


def _tokens(text: str) -> tuple[list[str], list[str], list[int]]:
    """Kinds (the punctuator itself, ``name``, ``string``, ``block``, ``int``, ``float``),
    raw texts and start offsets of the significant tokens."""
    kinds: list[str] = []
    values: list[str] = []
    starts: list[int] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        value = m.group()
        if kind == "punct":
            kind = value
        elif kind == "number":
            kind = "float" if m.group("float") else "int"
        elif kind == "bad":
            raise GiveUp
        kinds.append(kind)
        values.append(value)
        starts.append(m.start())
    kinds.append("<EOF>")
    values.append("")
    starts.append(len(text))
    return kinds, values, starts


def _string_value(raw: str) -> str:
    body = raw[1:-1]
    if "\\" not in body:
        return body

    def escape(m: re.Match) -> str:
        out = _ESCAPES.get(m.group(1))
        if out is None:  # \u escapes (surrogate pairs, braces) and invalid ones
            raise GiveUp
        return out

    return _ESCAPE.sub(escape, body)


def _block_value(raw: str) -> str:
    lines = _LINES.split(raw[3:-3].replace('\\"""', '"""'))
    common = None
    first = None
    last = -1
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" \t"))
        if indent == len(line):
            continue
        if first is None:
            first = i
        last = i
        if i and (common is None or indent < common):
            common = indent
    if common:
        lines = [lines[0]] + [line[common:] for line in lines[1:]]
    return "\n".join(lines[first or 0 : last + 1])


# -- values ----------------------------------------------------------------------------------
# A constant value as a small tree: (kind, payload). kind: int, float, string, boolean, null,
# enum (payload: the raw text or the decoded string), list (a list of values), object (a list
# of (name, value)).


def _print(value: tuple) -> str:
    """graphql-core's ``print_ast`` of a constant value, where it prints on one line."""
    kind, payload = value
    if kind == "string":
        if _NEEDS_PRINT_ESCAPE.search(payload):
            raise GiveUp
        return f'"{payload}"'
    if kind == "list":
        out = "[" + ", ".join(_print(v) for v in payload) + "]"
    elif kind == "object":
        if not payload:
            return "{  }"  # graphql-core's printer: an empty object between "{ " and " }"
        out = "{ " + ", ".join(f"{k}: {_print(v)}" for k, v in payload) + " }"
    else:
        return payload
    if len(out) > _MAX_PRINTED:
        raise GiveUp
    return out


def _sorted(value: tuple) -> tuple:
    kind, payload = value
    if kind == "list":
        return kind, [_sorted(v) for v in payload]
    if kind == "object":
        return kind, sorted(((k, _sorted(v)) for k, v in payload), key=lambda kv: kv[0])
    return value


class _Undefined(Exception):
    """The literal does not coerce to the type (graphql-core's ``Undefined``)."""


def _untyped(value: tuple) -> Any:
    kind, payload = value
    if kind == "int":
        return int(payload)
    if kind == "float":
        return float(payload)
    if kind == "boolean":
        return payload == "true"
    if kind == "null":
        return None
    if kind == "list":
        return [_untyped(v) for v in payload]
    if kind == "object":
        return {k: _untyped(v) for k, v in payload}
    return payload  # string, enum


# -- reader ----------------------------------------------------------------------------------


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.schema = GqlSchema(applied_directives=True)
        self.types = self.schema.types
        self.directives = self.schema.directives
        self.schema_def: dict[str, str] | None = None
        self.defaults: list[tuple[GqlArgument, tuple]] = []  # coerced once all types are known
        self.literals: dict[int, tuple] = {}  # id of an argument or input field -> its default
        self.filling: set[int] = set()  # input fields whose default is being filled in
        self.referenced: set[str] = set()
        self.interfaces_of: list[GqlType] = []
        self.members_of: list[GqlType] = []

    def run(self, sources: list[Source]) -> tuple[GqlSchema, dict[str, Positions]]:
        positions: dict[str, Positions] = {}
        for source in sources:
            if source.name in positions:
                raise GiveUp
            index = positions[source.name] = Positions(source.text)
            self.kinds, self.values, self.starts = _tokens(source.text)
            if len(self.kinds) == 1:
                raise GiveUp  # an empty document is a syntax error
            self.i = 0
            self.file = source.name
            self.offsets = index.offsets
            self.resolve = index.position
            while self.kinds[self.i] != "<EOF>":
                self.definition()
        self.check()
        self.literals = {id(arg): value for arg, value in self.defaults}
        for arg, value in self.defaults:
            self.fill_default(arg, value)
        roots = self.schema.roots
        if self.schema_def is not None:
            for kind in ("query", "mutation", "subscription"):
                roots[kind] = self.schema_def.get(kind)
        else:
            for kind, default in (
                ("query", "Query"),
                ("mutation", "Mutation"),
                ("subscription", "Subscription"),
            ):
                roots[kind] = default if default in self.types else None
        for root in roots.values():
            if root is not None and self.types[root].kind != "OBJECT":
                raise GiveUp
        return self.schema, positions

    # tokens

    def loc(self, coordinate: str, start: int) -> Location:
        self.offsets.setdefault(coordinate, start)
        return Location(self.file, coordinate, self.resolve)

    def peek(self, kind: str) -> bool:
        return self.kinds[self.i] == kind

    def expect(self, kind: str) -> str:
        if self.kinds[self.i] != kind:
            raise GiveUp
        value = self.values[self.i]
        self.i += 1
        return value

    def skip(self, kind: str) -> bool:
        if self.kinds[self.i] == kind:
            self.i += 1
            return True
        return False

    def keyword(self, word: str) -> bool:
        if self.kinds[self.i] == "name" and self.values[self.i] == word:
            self.i += 1
            return True
        return False

    def description(self) -> str | None:
        kind = self.kinds[self.i]
        if kind == "string":
            self.i += 1
            return _string_value(self.values[self.i - 1])
        if kind == "block":
            self.i += 1
            return _block_value(self.values[self.i - 1])
        return None

    def type_ref(self) -> str:
        """A type reference as graphql-core prints it (``[ID!]!``), read without recursion."""
        start = self.i
        depth = 0
        while self.skip("["):
            depth += 1
        name = self.expect("name")
        self.referenced.add(name)
        self.skip("!")
        for _ in range(depth):
            self.expect("]")
            self.skip("!")
        return "".join(self.values[start : self.i])

    # definitions

    def definition(self) -> None:
        start = self.starts[self.i]
        description = self.description()
        word = self.expect("name")
        if word == "type":
            self.object_like("OBJECT", description, start)
        elif word == "interface":
            self.object_like("INTERFACE", description, start)
        elif word == "input":
            self.input_object(description, start)
        elif word == "enum":
            self.enum(description, start)
        elif word == "union":
            self.union(description, start)
        elif word == "scalar":
            gtype = self.new_type("SCALAR", description, start)
            directives = self.applied()
            gtype.directives = _printed(directives)
            gtype.specified_by = _specified_by(directives)
        elif word == "directive":
            self.directive_definition(description, start)
        elif word == "schema":
            self.schema_definition()
        else:  # extensions, executable definitions, anything else
            raise GiveUp

    def new_type(self, kind: str, description: str | None, start: int) -> GqlType:
        name = self.expect("name")
        if name in self.types or name in _BUILTIN_SCALARS or name.startswith("__"):
            raise GiveUp
        gtype = GqlType(
            name=name, kind=kind, location=self.loc(name, start), description=description
        )
        self.types[name] = gtype
        return gtype

    def object_like(self, kind: str, description: str | None, start: int) -> None:
        gtype = self.new_type(kind, description, start)
        interfaces: list[str] = []
        if self.keyword("implements"):
            self.skip("&")
            interfaces.append(self.expect("name"))
            while self.skip("&"):
                interfaces.append(self.expect("name"))
            if len(set(interfaces)) != len(interfaces):
                raise GiveUp
        gtype.interfaces = tuple(sorted(interfaces))
        if interfaces:
            self.interfaces_of.append(gtype)
        gtype.directives = _printed(self.applied())
        if self.skip("{"):
            fields = gtype.fields
            while True:
                field = self.field(gtype.name)
                if field.name in fields:
                    raise GiveUp
                fields[field.name] = field
                if self.skip("}"):
                    break

    def field(self, owner: str) -> GqlField:
        start = self.starts[self.i]
        description = self.description()
        name = self.expect("name")
        coordinate = f"{owner}.{name}"
        location = self.loc(coordinate, start)
        args = self.arguments_definition(coordinate) if self.peek("(") else {}
        self.expect(":")
        ftype = self.type_ref()
        directives = self.applied()
        reason = _deprecation(directives)
        return GqlField(
            name=name,
            type=ftype,
            location=location,
            description=description,
            deprecated=reason is not None,
            deprecation_reason=_reason(reason),
            args=args,
            directives=_printed(directives),
        )

    def arguments_definition(self, coordinate: str) -> dict[str, GqlArgument]:
        self.expect("(")
        out: dict[str, GqlArgument] = {}
        while True:
            arg = self.input_value(coordinate, argument=True)
            if arg.name in out:
                raise GiveUp
            out[arg.name] = arg
            if self.skip(")"):
                return out

    def input_value(self, owner: str, *, argument: bool) -> GqlArgument:
        start = self.starts[self.i]
        description = self.description()
        name = self.expect("name")
        coordinate = f"{owner}({name}:)" if argument else f"{owner}.{name}"
        location = self.loc(coordinate, start)
        self.expect(":")
        atype = self.type_ref()
        default = self.value(0) if self.skip("=") else None
        directives = self.applied()
        reason = _deprecation(directives)
        arg = GqlArgument(
            name=name,
            type=atype,
            location=location,
            description=description,
            deprecated=reason is not None,
            deprecation_reason=_reason(reason),
            directives=_printed(directives),
        )
        if default is not None:
            self.defaults.append((arg, default))
        return arg

    def input_object(self, description: str | None, start: int) -> None:
        gtype = self.new_type("INPUT_OBJECT", description, start)
        directives = self.applied()
        gtype.directives = _printed(directives)
        gtype.one_of = any(name == "oneOf" for name, _, _ in directives)
        if self.skip("{"):
            fields = gtype.input_fields
            while True:
                field = self.input_value(gtype.name, argument=False)
                if field.name in fields:
                    raise GiveUp
                fields[field.name] = field
                if self.skip("}"):
                    break

    def enum(self, description: str | None, start: int) -> None:
        gtype = self.new_type("ENUM", description, start)
        gtype.directives = _printed(self.applied())
        if self.skip("{"):
            values = gtype.values
            while True:
                vstart = self.starts[self.i]
                vdescription = self.description()
                name = self.expect("name")
                if name in ("true", "false", "null") or name in values:
                    raise GiveUp
                location = self.loc(f"{gtype.name}.{name}", vstart)
                directives = self.applied()
                reason = _deprecation(directives)
                values[name] = GqlEnumValue(
                    name=name,
                    location=location,
                    description=vdescription,
                    deprecated=reason is not None,
                    deprecation_reason=_reason(reason),
                    directives=_printed(directives),
                )
                if self.skip("}"):
                    break

    def union(self, description: str | None, start: int) -> None:
        gtype = self.new_type("UNION", description, start)
        gtype.directives = _printed(self.applied())
        members: list[str] = []
        if self.skip("="):
            self.skip("|")
            members.append(self.expect("name"))
            while self.skip("|"):
                members.append(self.expect("name"))
        if len(set(members)) != len(members):
            raise GiveUp
        gtype.members = tuple(sorted(members))
        if members:
            self.members_of.append(gtype)

    def directive_definition(self, description: str | None, start: int) -> None:
        self.expect("@")
        name = self.expect("name")
        if name in self.directives or name in _BUILTIN_DIRECTIVES:
            raise GiveUp
        coordinate = f"@{name}"
        location = self.loc(coordinate, start)
        args = self.arguments_definition(coordinate) if self.peek("(") else {}
        repeatable = self.keyword("repeatable")
        if not self.keyword("on"):
            raise GiveUp
        self.skip("|")
        locations = [self.expect("name")]
        while self.skip("|"):
            locations.append(self.expect("name"))
        if not _DIRECTIVE_LOCATIONS.issuperset(locations):
            raise GiveUp
        self.directives[name] = GqlDirective(
            name=name,
            location=location,
            locations=frozenset(locations),
            repeatable=repeatable,
            description=description,
            args=args,
        )

    def schema_definition(self) -> None:
        if self.schema_def is not None:
            raise GiveUp
        self.schema_def = {}
        if self.applied():
            raise GiveUp  # directives on the schema: rare, left to graphql-core
        self.expect("{")
        while True:
            operation = self.expect("name")
            if operation not in ("query", "mutation", "subscription"):
                raise GiveUp
            if operation in self.schema_def:
                raise GiveUp
            self.expect(":")
            self.schema_def[operation] = self.expect("name")
            if self.skip("}"):
                return

    # applied directives and values

    def applied(self) -> list[tuple[str, list[tuple[str, tuple]], str]]:
        """Directives applied here: (name, arguments, printed)."""
        out = []
        while self.skip("@"):
            name = self.expect("name")
            args: list[tuple[str, tuple]] = []
            if self.skip("("):
                while True:
                    arg = self.expect("name")
                    self.expect(":")
                    args.append((arg, self.value(0)))
                    if self.skip(")"):
                        break
                if len({a for a, _ in args}) != len(args):
                    raise GiveUp
                printed = f"@{name}(" + ", ".join(f"{a}: {_print(v)}" for a, v in args) + ")"
            else:
                printed = f"@{name}"
            out.append((name, args, printed))
        return out

    def value(self, depth: int) -> tuple:
        if depth > _MAX_DEPTH:
            raise GiveUp
        kind = self.kinds[self.i]
        raw = self.values[self.i]
        self.i += 1
        if kind in ("int", "float"):
            return kind, raw
        if kind == "string":
            return "string", _string_value(raw)
        if kind == "name":
            if raw in ("true", "false"):
                return "boolean", raw
            if raw == "null":
                return "null", raw
            return "enum", raw
        if kind == "[":
            items = []
            while not self.skip("]"):
                items.append(self.value(depth + 1))
            return "list", items
        if kind == "{":
            fields: list[tuple[str, tuple]] = []
            while not self.skip("}"):
                name = self.expect("name")
                self.expect(":")
                fields.append((name, self.value(depth + 1)))
            if len({n for n, _ in fields}) != len(fields):
                raise GiveUp
            return "object", fields
        raise GiveUp  # block strings (printed as blocks), variables, anything else

    # what graphql-core's validation and build would have checked or completed

    def check(self) -> None:
        types = self.types
        for name in self.referenced:
            if name not in types and name not in _BUILTIN_SCALARS:
                raise GiveUp  # graphql-core's path completes it as a scalar
        for gtype in self.interfaces_of:
            if any(types[i].kind != "INTERFACE" for i in gtype.interfaces):
                raise GiveUp
        for gtype in self.members_of:
            if any(types[m].kind != "OBJECT" for m in gtype.members):
                raise GiveUp
        for gtype in types.values():
            for field in gtype.fields.values():
                if _kind_of(types, field.type) == "INPUT_OBJECT":
                    raise GiveUp
                for arg in field.args.values():
                    if _kind_of(types, arg.type) in _OUTPUT_ONLY:
                        raise GiveUp
            for arg in gtype.input_fields.values():
                if _kind_of(types, arg.type) in _OUTPUT_ONLY:
                    raise GiveUp
        for directive in self.directives.values():
            for arg in directive.args.values():
                if _kind_of(types, arg.type) in _OUTPUT_ONLY:
                    raise GiveUp

    def fill_default(self, arg: GqlArgument, value: tuple) -> None:
        """The default as GraphQL prints it, and the value a server coerces it to (what
        ``formats.graphql._default`` gets from graphql-core)."""
        arg.default = _print(value)
        literal = _print(_sorted(value))
        arg.default_literal = literal
        key = "literal:" + literal
        try:
            coerced = self.coerce(value, arg.type)
        except _Undefined:
            pass
        else:
            with contextlib.suppress(ValueError):  # `1e400` is infinity: not a JSON value
                key = "value:" + json.dumps(
                    coerced, sort_keys=True, default=repr, ensure_ascii=False, allow_nan=False
                )
        arg.default_key = key

    def coerce(self, value: tuple, type_ref: str) -> Any:
        """graphql-core's ``value_from_ast`` on a schema built from this SDL."""
        kind, payload = value
        if type_ref.endswith("!"):
            if kind == "null":
                raise _Undefined
            return self.coerce(value, type_ref[:-1])
        if kind == "null":
            return None
        if type_ref.startswith("["):
            item = type_ref[1:-1]
            if kind == "list":
                return [self.coerce(v, item) for v in payload]
            return [self.coerce(value, item)]
        if type_ref in _BUILTIN_SCALARS:
            return _scalar(type_ref, value)
        gtype = self.types[type_ref]
        if gtype.kind == "ENUM":
            if kind != "enum" or payload not in gtype.values:
                raise _Undefined
            return payload
        if gtype.kind == "SCALAR":
            return _untyped(value)
        if kind != "object":  # an input object
            raise _Undefined
        given = dict(payload)
        fields = gtype.input_fields
        if any(name not in fields for name in given):
            raise _Undefined
        out = {}
        for name, field in fields.items():
            if name not in given:
                literal = self.literals.get(id(field))
                if literal is not None:  # a server fills in the field's own default
                    out[name] = self._field_default(field, literal)
                elif field.type.endswith("!"):
                    raise _Undefined
                continue
            out[name] = self.coerce(given[name], field.type)
        if gtype.one_of and (
            len(given) != 1 or len(out) != 1 or any(v is None for v in out.values())
        ):
            raise _Undefined
        return out

    def _field_default(self, field: GqlArgument, literal: tuple) -> Any:
        """An input field's default as a server fills it in; a default that reaches its own
        field again (``input A { b: A = {} }``) has no value (graphql-core's cycle error)."""
        if id(field) in self.filling:
            raise _Undefined
        self.filling.add(id(field))
        try:
            return self.coerce(literal, field.type)
        finally:
            self.filling.discard(id(field))


_OUTPUT_ONLY = frozenset(("OBJECT", "INTERFACE", "UNION"))


def _kind_of(types: dict[str, GqlType], type_ref: str) -> str:
    name = type_ref.strip("[]!")
    gtype = types.get(name)
    return gtype.kind if gtype is not None else "SCALAR"


def _scalar(name: str, value: tuple) -> Any:
    """A built-in scalar's literal as graphql-core 3.3 coerces it: the literal's plain value
    (``value_from_ast_untyped``), then the scalar's input coercion (``coerce_int`` ...)."""
    plain = _untyped(value)
    number = type(plain) in (int, float)
    if name == "String" or name == "Boolean":
        if type(plain) is not (str if name == "String" else bool):
            raise _Undefined
        return plain
    if name == "ID" and type(plain) is str:
        return plain
    if not number:
        raise _Undefined
    if name == "Float":
        if type(plain) is float:
            if not math.isfinite(plain):
                raise _Undefined
            return plain
        try:
            result = float(plain)
        except OverflowError:
            raise _Undefined from None
        if int(result) != plain:
            raise _Undefined
        return result
    if type(plain) is float and (not math.isfinite(plain) or int(plain) != plain):
        raise _Undefined
    if name == "ID":
        return str(int(plain))
    if not _INT_MIN <= plain <= _INT_MAX:  # Int
        raise _Undefined
    return int(plain)


def _printed(directives: list[tuple[str, list, str]]) -> tuple[str, ...]:
    return tuple(printed for name, _, printed in directives if name not in _DATA_DIRECTIVES)


def _deprecation(directives: list[tuple[str, list, str]]) -> str | None:
    """The reason of ``@deprecated`` here (its default reason when it has none), or None."""
    found = [args for name, args, _ in directives if name == "deprecated"]
    if not found:
        return None
    if len(found) > 1:
        raise GiveUp
    args = found[0]
    if not args:
        return _DEFAULT_REASON
    if len(args) != 1 or args[0][0] != "reason" or args[0][1][0] != "string":
        raise GiveUp
    return args[0][1][1]


def _specified_by(directives: list[tuple[str, list, str]]) -> str | None:
    found = [args for name, args, _ in directives if name == "specifiedBy"]
    if not found:
        return None
    args = found[0]
    if len(found) > 1 or len(args) != 1 or args[0][0] != "url" or args[0][1][0] != "string":
        raise GiveUp
    return args[0][1][1]


def _reason(reason: str | None) -> str | None:
    """``@deprecated`` without a reason means the default reason: one spelling for both."""
    return None if reason is None or reason == _DEFAULT_REASON else reason


def _text(value: Any) -> str | None:
    return None if value is None else text(value)
