"""Deterministic synthetic contract pairs for the benchmark, at any multiple of a base size.

Why: the real corpus is not in the repository and each real contract comes in one size only.
These generators give an old/new pair at 1x, 4x, 16x ... of a base contract shaped like a real
API (nested objects, $refs between schemas, enums, shared parameters, allOf/oneOf, recursive
schemas; for GraphQL interfaces, unions, inputs, connections), so the benchmark can show how
apidiff's time and memory grow with size. The edits from old to new are proportional to the
size, so the number of findings grows too. Only a seeded ``random.Random`` is used, never the
clock or hash order: the same scale always gives byte-identical files.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

BASE_PATHS = 100  # paths at 1x (each with 1-4 methods)
BASE_SCHEMAS = 150  # component schemas at 1x
BASE_GRAPHQL_OBJECTS = 150  # object types at 1x (plus interfaces, enums, unions, inputs ...)
SEED = "apidiff-bench-v1"
# Component schemas only $ref schemas of a later tier, so a chain of $refs is at most this long
# at any scale, as in real APIs (a random graph of refs makes chains of thousands at 16x, which
# no real contract has and which apidiff refuses past 200 levels). Recursion is explicit:
# TreeNode (self) and CommentThread/Comment (mutual).
REF_TIERS = 8


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


NOUNS = _words(
    "account application balance card charge checkout coupon customer dispute event file "
    "invoice item mandate order payment payout plan price product quote refund review session "
    "setup source subscription tax token topup transfer usage webhook report run schedule "
    "credit debit ledger entry batch export import member team project release asset"
)
PROP_WORDS = _words(
    "amount currency status created updated description metadata email name phone address "
    "city country line postal state type livemode object url count limit reason code message "
    "label color priority score ratio enabled active visible archived deleted locale timezone "
    "source target parent owner version note title body kind mode level stage region zone"
)
ENUM_WORDS = _words(
    "active inactive pending failed succeeded canceled draft open closed paid void expired "
    "requires_action processing blocked review approved rejected manual automatic daily weekly "
    "monthly yearly low medium high critical"
)
SENTENCE_WORDS = _words(
    "the object this value when a an is of for to in returned by field that used "
    "represents identifier customer payment time unix seconds set only if not null"
)


def _title(word: str) -> str:
    return "".join(part.capitalize() for part in word.split("_"))


def _sentence(rng: random.Random, lo: int = 6, hi: int = 18) -> str:
    words = [rng.choice(SENTENCE_WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize() + "."


class _Unique:
    """Hands out names that never repeat (``x``, ``x2``, ``x3`` ...), so keys cannot collide."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, base: str) -> str:
        name, n = base, 1
        while name in self.seen:
            n += 1
            name = f"{base}{n}"
        self.seen.add(name)
        return name


# --------------------------------------------------------------------------------------------
# OpenAPI 3.0


def _openapi_property(rng: random.Random, refs: list[str], depth: int) -> dict[str, Any]:
    """One property schema: primitives, enums, $refs, arrays and (rarely deeper) inline objects."""
    kind = rng.choices(
        [
            "string",
            "integer",
            "number",
            "boolean",
            "enum",
            "datetime",
            "ref",
            "refs",
            "strings",
            "object",
            "nullable",
        ],
        weights=[
            28,
            12,
            5,
            10,
            10,
            8,
            12 if refs else 0,
            6 if refs else 0,
            5,
            7 if depth < 2 else 0,
            3,
        ],
    )[0]
    prop: dict[str, Any]
    if kind == "string":
        prop = {"type": "string", "maxLength": rng.choice([100, 500, 5000])}
    elif kind == "integer":
        prop = {"type": "integer", "format": "int64"}
        if rng.random() < 0.3:
            prop["minimum"] = 0
    elif kind == "number":
        prop = {"type": "number", "format": "double"}
    elif kind == "boolean":
        prop = {"type": "boolean"}
    elif kind == "enum":
        values = rng.sample(ENUM_WORDS, rng.randint(3, 7))
        prop = {"type": "string", "enum": values}
    elif kind == "datetime":
        prop = {"type": "string", "format": "date-time"}
    elif kind == "ref":
        prop = {"$ref": f"#/components/schemas/{rng.choice(refs)}"}
    elif kind == "refs":
        prop = {"type": "array", "items": {"$ref": f"#/components/schemas/{rng.choice(refs)}"}}
    elif kind == "strings":
        prop = {"type": "array", "items": {"type": "string", "maxLength": 5000}}
    elif kind == "object":
        prop = _openapi_object(rng, refs, depth + 1, rng.randint(2, 5))
    else:
        prop = {"type": "string", "nullable": True, "maxLength": 5000}
    if "$ref" not in prop and rng.random() < 0.5:
        prop["description"] = _sentence(rng)
    return prop


def _openapi_object(rng: random.Random, refs: list[str], depth: int, count: int) -> dict[str, Any]:
    """An object schema with ``count`` properties, about 40% of them required."""
    names = _Unique()
    props = {
        names(rng.choice(PROP_WORDS)): _openapi_property(rng, refs, depth) for _ in range(count)
    }
    schema: dict[str, Any] = {"type": "object", "properties": props}
    required = [name for name in props if rng.random() < 0.4]
    if required:
        schema["required"] = required
    return schema


def _openapi_components(rng: random.Random, scale: int) -> tuple[dict[str, Any], list[str]]:
    """Component schemas (plain objects, allOf, oneOf, enums, recursive) and the plain names."""
    unique = _Unique()
    count = BASE_SCHEMAS * scale
    recursive = 2 * scale  # a self-recursive tree and a mutually recursive thread/comment pair
    kinds = []
    for _ in range(count - 3 * recursive):
        kinds.append(rng.choices(["plain", "allOf", "oneOf", "enum"], weights=[82, 7, 6, 5])[0])
    names = [unique(_title(rng.choice(NOUNS)) + _title(rng.choice(PROP_WORDS))) for _ in kinds]
    plain = [name for name, kind in zip(names, kinds, strict=True) if kind == "plain"]
    tier_start = [len(plain) * t // REF_TIERS for t in range(REF_TIERS + 1)]
    later = [plain[tier_start[t + 1] :] for t in range(REF_TIERS)]  # what tier t may $ref
    position = 0
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "maxLength": 5000},
                "message": {"type": "string", "maxLength": 5000},
                "type": {"type": "string", "enum": ["api_error", "card_error", "invalid_request"]},
                "param": {"type": "string", "maxLength": 5000},
            },
        }
    }
    for name, kind in zip(names, kinds, strict=True):
        if kind == "plain":
            tier = position * REF_TIERS // len(plain)
            position += 1
            schema = _openapi_object(rng, later[tier], 0, rng.randint(4, 12))
            schema["properties"] = {
                "id": {"type": "string", "maxLength": 5000},
                **schema["properties"],
            }
            schema["required"] = ["id", *schema.get("required", [])]
        elif kind == "allOf":
            schema = {
                "allOf": [
                    {"$ref": f"#/components/schemas/{rng.choice(plain)}"},
                    _openapi_object(rng, plain, 1, rng.randint(2, 4)),
                ]
            }
        elif kind == "oneOf":
            members = rng.sample(plain, rng.randint(2, 3))
            schema = {"oneOf": [{"$ref": f"#/components/schemas/{m}"} for m in members]}
        else:
            schema = {"type": "string", "enum": rng.sample(ENUM_WORDS, rng.randint(3, 8))}
        schema["description"] = _sentence(rng, 8, 30)
        schemas[name] = schema
    for k in range(scale):
        suffix = "" if k == 0 else str(k + 1)
        tree, thread, comment = f"TreeNode{suffix}", f"CommentThread{suffix}", f"Comment{suffix}"
        schemas[tree] = {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "label": {"type": "string"},
                "parent": {"$ref": f"#/components/schemas/{tree}"},
                "children": {"type": "array", "items": {"$ref": f"#/components/schemas/{tree}"}},
            },
        }
        schemas[thread] = {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "comments": {
                    "type": "array",
                    "items": {"$ref": f"#/components/schemas/{comment}"},
                },
            },
        }
        schemas[comment] = {
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "body": {"type": "string"},
                "thread": {"$ref": f"#/components/schemas/{thread}"},
                "replies": {"type": "array", "items": {"$ref": f"#/components/schemas/{comment}"}},
                "node": {"$ref": f"#/components/schemas/{tree}"},
            },
        }
        plain.extend([tree, thread])
    return schemas, plain


def _openapi_operation(
    rng: random.Random, method: str, resource: str, item: bool, plain: list[str], op_id: str
) -> dict[str, Any]:
    """An operation with parameters, a request body for writes, and responses."""
    ref = f"#/components/schemas/{resource}"
    op: dict[str, Any] = {
        "operationId": op_id,
        "summary": _sentence(rng, 3, 6),
        "description": _sentence(rng, 10, 40),
        "tags": [resource],
    }
    params: list[dict[str, Any]] = []
    if item:
        params.append({"name": "id", "in": "path", "required": True, "schema": {"type": "string"}})
    if method == "get" and not item:
        params += [{"$ref": f"#/components/parameters/{p}"} for p in ("Limit", "StartingAfter")]
        names = _Unique()
        for _ in range(rng.randint(0, 3)):
            schema = _openapi_property(rng, plain, 2)
            if "$ref" in schema or schema.get("type") in ("object", "array"):
                schema = {"type": "string", "maxLength": 5000}
            params.append(
                {
                    "name": names(rng.choice(PROP_WORDS)),
                    "in": "query",
                    "required": False,
                    "schema": schema,
                }
            )
    if method == "get":
        params.append({"$ref": "#/components/parameters/Expand"})
    if method == "post" and rng.random() < 0.3:
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
    if params:
        op["parameters"] = params
    if method in ("post", "put", "patch"):
        body = _openapi_object(rng, plain, 1, rng.randint(3, 8))
        if item:
            body.pop("required", None)  # updates take every property as optional
        op["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": body}},
        }
    if method == "delete":
        ok: dict[str, Any] = {
            "type": "object",
            "required": ["id", "deleted"],
            "properties": {"id": {"type": "string"}, "deleted": {"type": "boolean"}},
        }
    elif method == "get" and not item:
        ok = {
            "type": "object",
            "required": ["data", "has_more"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": ref}},
                "has_more": {"type": "boolean"},
                "url": {"type": "string", "maxLength": 5000},
            },
        }
    else:
        ok = {"$ref": ref}
    responses: dict[str, Any] = {
        "200": {
            "description": "Successful response.",
            "content": {"application/json": {"schema": ok}},
        },
        "400": {"$ref": "#/components/responses/BadRequest"},
    }
    if item:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    op["responses"] = responses
    return op


def openapi_old(scale: int) -> dict[str, Any]:
    """The old OpenAPI 3.0 document at ``scale`` times the base size."""
    rng = random.Random(f"{SEED}-openapi-{scale}")
    schemas, plain = _openapi_components(rng, scale)
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    components = {
        "schemas": schemas,
        "parameters": {
            "Limit": {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": 100},
            },
            "StartingAfter": {
                "name": "starting_after",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "maxLength": 5000},
            },
            "Expand": {
                "name": "expand",
                "in": "query",
                "required": False,
                "schema": {"type": "array", "items": {"type": "string"}},
            },
            "IdempotencyKey": {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 255},
            },
        },
        "responses": {
            "BadRequest": {"description": "Invalid request.", "content": error},
            "NotFound": {"description": "No such object.", "content": error},
        },
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
    }
    paths: dict[str, Any] = {}
    op_ids = _Unique()
    url_names = _Unique()
    resources = [name for name in plain if not name.startswith(("TreeNode", "CommentThread"))]
    for i in range(BASE_PATHS * scale // 2):
        resource = resources[i % len(resources)]
        base = f"/v1/{url_names(resource.lower() + 's')}"
        collection = {"get": True, "post": rng.random() < 0.8}
        item = {
            "get": True,
            "post": rng.random() < 0.6,
            "delete": rng.random() < 0.5,
            "patch": rng.random() < 0.3,
        }
        for path, methods, is_item in ((base, collection, False), (base + "/{id}", item, True)):
            paths[path] = {
                method: _openapi_operation(
                    rng,
                    method,
                    resource,
                    is_item,
                    plain,
                    op_ids(f"{method}{resource}{'Item' if is_item else ''}"),
                )
                for method, wanted in methods.items()
                if wanted
            }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": f"Synthetic API {scale}x",
            "version": "1.0.0",
            "description": "Generated by tests/benchmarks/synthetic.py.",
        },
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": components,
    }


def _operations(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(path, method) for path, item in doc["paths"].items() for method in item]


def _component_props(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(schema, property) of every top-level property of the plain component objects."""
    return [
        (name, prop)
        for name, schema in doc["components"]["schemas"].items()
        if schema.get("type") == "object" and name != "Error"
        for prop in schema["properties"]
        if prop != "id"
    ]


def openapi_new(old: dict[str, Any], scale: int) -> dict[str, Any]:
    """``old`` with a deterministic set of edits, about ``scale`` times the base number."""
    rng = random.Random(f"{SEED}-openapi-edits-{scale}")
    new = copy.deepcopy(old)
    schemas = new["components"]["schemas"]
    k = scale

    def pick(items: list[Any], n: int) -> list[Any]:
        return rng.sample(items, min(n, len(items)))

    # Remove operations (breaking).
    for path, method in pick(_operations(new), 3 * k):
        del new["paths"][path][method]
        if not new["paths"][path]:
            del new["paths"][path]
    # A new required property in request bodies (breaking).
    bodies = [
        op["requestBody"]["content"]["application/json"]["schema"]
        for item in new["paths"].values()
        for op in item.values()
        if "requestBody" in op
    ]
    for j, body in enumerate(pick(bodies, 4 * k)):
        body["properties"][f"new_required_{j}"] = {"type": "string", "maxLength": 5000}
        body["required"] = [*body.get("required", []), f"new_required_{j}"]
    props = _component_props(new)
    chosen = pick(props, 14 * k)
    retype, removed = chosen[: 4 * k], chosen[4 * k : 8 * k]
    redoc = chosen[8 * k :]
    # Type changes (breaking), removed response properties (breaking), description noise.
    for name, prop in retype:
        schema = schemas[name]["properties"][prop]
        was = schema.get("type")
        schemas[name]["properties"][prop] = (
            {"type": "integer"} if was == "string" else {"type": "string", "maxLength": 5000}
        )
    for name, prop in removed:
        schema = schemas[name]
        del schema["properties"][prop]
        if prop in schema.get("required", []):
            schema["required"] = [r for r in schema["required"] if r != prop]
    for name, prop in redoc:
        target = schemas[name]["properties"].get(prop, {})
        if "$ref" not in target:
            target["description"] = _sentence(rng)
    # Enum values added (dangerous / safe by direction) and removed (breaking).
    enums = [
        schema["properties"][prop]
        for name, prop in _component_props(new)
        if "enum" in (schema := schemas[name])["properties"][prop]
    ]
    chosen_enums = pick(enums, 6 * k)
    for j, enum in enumerate(chosen_enums[: 4 * k]):
        enum["enum"].append(f"new_value_{j}")
    for enum in chosen_enums[4 * k :]:
        if len(enum["enum"]) > 2:
            enum["enum"].pop(0)
    # Optional query parameters added (safe); one optional parameter made required (breaking).
    gets = [item["get"] for item in new["paths"].values() if "get" in item]
    for j, op in enumerate(pick(gets, 5 * k)):
        op.setdefault("parameters", []).append(
            {
                "name": f"new_filter_{j}",
                "in": "query",
                "required": False,
                "schema": {"type": "string"},
            }
        )
    optional = [
        p
        for op in gets
        for p in op.get("parameters", [])
        if "$ref" not in p
        and p["in"] == "query"
        and not p.get("required")
        and not p["name"].startswith("new_filter_")
    ]
    for param in pick(optional, k):
        param["required"] = True
    # New operations and schemas (safe).
    for j in range(2 * k):
        new["paths"][f"/v2/new_feature_{j}"] = {
            "get": {
                "operationId": f"getNewFeature{j}",
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    }
                },
            }
        }
        schemas[f"NewSchema{j}"] = _openapi_object(rng, ["Error"], 1, 4)
    new["info"]["version"] = "2.0.0"
    return new


class _NoAliasDumper(yaml.CSafeDumper):
    """libyaml's dumper, but never ``&anchor``/``*alias``: real contracts spell every node out."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(doc: dict[str, Any], path: Path) -> None:
    """YAML the way the brief asks: libyaml, keys in document order."""
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh, Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


def dump_json(doc: dict[str, Any], path: Path) -> None:
    """JSON indented like the big published specs (GitHub's, Stripe's)."""
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


# --------------------------------------------------------------------------------------------
# GraphQL SDL

SCALARS = ("String", "Int", "Float", "Boolean", "ID", "DateTime", "URI")


@dataclass
class _Arg:
    name: str
    type: str
    default: str | None = None
    description: str | None = None


@dataclass
class _Field:
    name: str
    type: str
    args: list[_Arg] = field(default_factory=list)
    description: str | None = None
    deprecated: str | None = None
    locked: bool = False  # comes from an interface: editing it would make the schema invalid


@dataclass
class _Type:
    kind: str  # type, interface, input, enum, union, scalar
    name: str
    description: str | None = None
    fields: list[_Field] = field(default_factory=list)
    interfaces: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)  # enum values or union members


def _graphql_types(rng: random.Random, scale: int) -> list[_Type]:
    """A schema shaped like GitHub's: Node, connections, payloads, inputs, enums, unions."""
    unique = _Unique()
    types: list[_Type] = [
        _Type("scalar", "DateTime", "An ISO-8601 encoded UTC date string."),
        _Type("scalar", "URI", "An RFC 3986, RFC 3987, and RFC 6570 (level 4) compliant URI."),
        _Type("interface", "Node", "An object with an ID.", [_Field("id", "ID!", locked=True)]),
        _Type(
            "type",
            "PageInfo",
            "Information about pagination in a connection.",
            [
                _Field("endCursor", "String"),
                _Field("hasNextPage", "Boolean!"),
                _Field("hasPreviousPage", "Boolean!"),
                _Field("startCursor", "String"),
            ],
        ),
    ]
    enums = []
    for _ in range(25 * scale):
        values = sorted({w.upper() for w in rng.sample(ENUM_WORDS, rng.randint(3, 12))})
        enums.append(
            _Type(
                "enum", unique(_title(rng.choice(NOUNS)) + "State"), _sentence(rng), values=values
            )
        )
    interfaces = []
    for _ in range(12 * scale):
        names = _Unique()
        fields = [
            _Field(
                names(rng.choice(PROP_WORDS)),
                rng.choice(SCALARS) + rng.choice(["", "!"]),
                description=_sentence(rng),
                locked=True,
            )
            for _ in range(rng.randint(1, 3))
        ]
        interfaces.append(
            _Type("interface", unique(_title(rng.choice(NOUNS)) + "able"), _sentence(rng), fields)
        )
    objects = [
        _Type(
            "type",
            unique(_title(rng.choice(NOUNS)) + _title(rng.choice(PROP_WORDS))),
            _sentence(rng, 8, 30),
        )
        for _ in range(BASE_GRAPHQL_OBJECTS * scale)
    ]
    inputs: list[_Type] = []
    for _ in range(40 * scale):
        names = _Unique()
        fields = []
        for _ in range(rng.randint(2, 8)):
            if inputs and rng.random() < 0.15:
                ftype = rng.choice(inputs).name
            else:
                ftype = rng.choice([*SCALARS, rng.choice(enums).name])
            nonnull = rng.random() < 0.3
            fields.append(
                _Field(
                    names(rng.choice(PROP_WORDS)),
                    ftype + ("!" if nonnull else ""),
                    description=_sentence(rng),
                )
            )
        inputs.append(
            _Type("input", unique(_title(rng.choice(NOUNS)) + "Input"), _sentence(rng), fields)
        )
    connections: list[_Type] = []
    for obj in objects:
        owned = rng.sample(interfaces, rng.choice([0, 0, 1, 2]))
        if rng.random() < 0.8:
            owned.insert(0, types[2])  # Node
        names = _Unique()
        for iface in owned:
            if any(f.name in names.seen for f in iface.fields):
                continue  # two interfaces wanting one field name could disagree on its type
            obj.interfaces.append(iface.name)
            for f in iface.fields:
                names(f.name)
                obj.fields.append(_Field(f.name, f.type, description=f.description, locked=True))
        for _ in range(rng.randint(4, 14)):
            roll = rng.random()
            args: list[_Arg] = []
            if roll < 0.55:
                ftype = rng.choice(SCALARS) + rng.choice(["", "!"])
            elif roll < 0.7:
                ftype = rng.choice(enums).name + rng.choice(["", "!"])
            elif roll < 0.85:
                ftype = rng.choice(objects).name + rng.choice(["", "!"])
            else:
                target = rng.choice(objects)
                ftype = f"{target.name}Connection!"
                args = [
                    _Arg("after", "String", description="Returns the elements after this cursor."),
                    _Arg("first", "Int", description="Returns the first _n_ elements."),
                    _Arg("orderBy", rng.choice(inputs).name),
                    _Arg("states", f"[{rng.choice(enums).name}!]"),
                ]
                if not any(c.name == f"{target.name}Connection" for c in connections):
                    connections += [
                        _Type(
                            "type",
                            f"{target.name}Connection",
                            f"The connection type for {target.name}.",
                            [
                                _Field("edges", f"[{target.name}Edge]"),
                                _Field("nodes", f"[{target.name}]"),
                                _Field("pageInfo", "PageInfo!"),
                                _Field("totalCount", "Int!"),
                            ],
                        ),
                        _Type(
                            "type",
                            f"{target.name}Edge",
                            "An edge in a connection.",
                            [_Field("cursor", "String!"), _Field("node", target.name)],
                        ),
                    ]
            obj.fields.append(
                _Field(
                    names(rng.choice(PROP_WORDS)),
                    ftype,
                    args,
                    description=_sentence(rng) if rng.random() < 0.8 else None,
                )
            )
    unions = [
        _Type(
            "union",
            unique(_title(rng.choice(NOUNS)) + "Item"),
            _sentence(rng),
            values=[o.name for o in rng.sample(objects, rng.randint(2, 5))],
        )
        for _ in range(10 * scale)
    ]
    query = _Type("type", "Query", "The query root.")
    qnames = _Unique()
    for _ in range(60 * scale):
        target = rng.choice([*objects, *objects, *unions, *interfaces])
        args = [_Arg("id", "ID!", description="The ID of the object.")]
        if rng.random() < 0.5:
            args.append(_Arg("filter", rng.choice(inputs).name))
        if rng.random() < 0.3:
            enum = rng.choice(enums)
            args.append(_Arg("state", enum.name, rng.choice(enum.values)))
        query.fields.append(
            _Field(
                qnames(target.name[0].lower() + target.name[1:]), target.name, args, _sentence(rng)
            )
        )
    mutation = _Type("type", "Mutation", "The root query for implementing GraphQL mutations.")
    payloads = []
    for _ in range(50 * scale):
        inp, target = rng.choice(inputs), rng.choice(objects)
        name = qnames("update" + target.name)
        payload = _Type(
            "type",
            unique(_title(name) + "Payload"),
            f"Autogenerated return type of {name}.",
            [
                _Field("clientMutationId", "String"),
                _Field(target.name[0].lower() + target.name[1:], target.name),
            ],
        )
        payloads.append(payload)
        mutation.fields.append(
            _Field(name, payload.name, [_Arg("input", f"{inp.name}!")], _sentence(rng))
        )
    return [
        *types,
        *interfaces,
        *enums,
        *objects,
        *connections,
        *unions,
        *inputs,
        *payloads,
        query,
        mutation,
    ]


def graphql_old(scale: int) -> list[_Type]:
    """The old GraphQL schema at ``scale`` times the base size."""
    return _graphql_types(random.Random(f"{SEED}-graphql-{scale}"), scale)


def graphql_new(old: list[_Type], scale: int) -> list[_Type]:
    """``old`` with a deterministic set of edits, about ``scale`` times the base number."""
    rng = random.Random(f"{SEED}-graphql-edits-{scale}")
    new = copy.deepcopy(old)
    k = scale
    objects = [t for t in new if t.kind == "type" and t.name not in ("Query", "Mutation")]
    free = [(t, f) for t in objects for f in t.fields if not f.locked]

    def pick(items: list[Any], n: int) -> list[Any]:
        return rng.sample(items, min(n, len(items)))

    chosen = pick(free, 16 * k)
    removed = chosen[: 3 * k]
    for owner, f in removed:  # fields removed (breaking)
        owner.fields.remove(f)
    for _, f in chosen[3 * k : 6 * k]:  # field type changed (breaking)
        nonnull = f.type.endswith("!")
        f.type = ("Int" if not f.type.startswith("Int") else "String") + ("!" if nonnull else "")
        f.args = []
    for j, (_, f) in enumerate(chosen[6 * k : 8 * k]):  # required argument added (breaking)
        f.args.append(_Arg(f"newRequired{j}", "String!"))
    for j, (_, f) in enumerate(chosen[8 * k : 12 * k]):  # optional argument added (safe)
        f.args.append(_Arg(f"newOptional{j}", "Int", "10"))
    for _, f in chosen[12 * k :]:  # deprecations
        f.deprecated = "Use something else instead."
    enums = [t for t in new if t.kind == "enum"]
    chosen_enums = pick(enums, 6 * k)
    for j, t in enumerate(chosen_enums[: 4 * k]):  # enum value added (dangerous)
        t.values.append(f"NEW_VALUE_{j}")
    for t in chosen_enums[4 * k :]:  # enum value removed (breaking)
        if len(t.values) > 1:
            t.values.pop()
    unions = [t for t in new if t.kind == "union"]
    member_pool = [t.name for t in objects]
    for t in pick(unions, 2 * k)[:k]:  # union member added (dangerous)
        t.values.append(rng.choice([m for m in member_pool if m not in t.values]))
    for t in pick(unions, 2 * k)[k:]:  # union member removed (breaking)
        if len(t.values) > 1:
            t.values.pop(0)
    inputs = [t for t in new if t.kind == "input"]
    input_fields = [(t, f) for t in inputs for f in t.fields if not f.type.endswith("!")]
    for _, f in pick(input_fields, 2 * k):  # input field made non-null (breaking)
        f.type += "!"
    for j, t in enumerate(pick(inputs, 3 * k)):  # input fields added: required, then optional
        t.fields.append(_Field(f"newInput{j}", "String!" if j < k else "String"))
    query = next(t for t in new if t.name == "Query")
    for f in pick(query.fields, k):  # root fields removed (breaking)
        query.fields.remove(f)
    for j in range(2 * k):  # new types (safe)
        new.append(
            _Type(
                "type",
                f"NewFeature{j}",
                "A new feature.",
                [_Field("id", "ID!"), _Field("label", "String")],
            )
        )
    return new


def _description(text: str | None, indent: str) -> Iterator[str]:
    if text:
        yield f'{indent}"""'
        yield f"{indent}{text}"
        yield f'{indent}"""'


def render_sdl(types: list[_Type]) -> str:
    """SDL text, GitHub style: block descriptions everywhere, one definition per blank line."""
    out: list[str] = []
    for t in types:
        out.extend(_description(t.description, ""))
        if t.kind == "scalar":
            out.append(f"scalar {t.name}")
        elif t.kind == "enum":
            out.append(f"enum {t.name} {{")
            out.extend(f"  {v}" for v in t.values)
            out.append("}")
        elif t.kind == "union":
            out.append(f"union {t.name} = {' | '.join(t.values)}")
        else:
            head = f"{t.kind} {t.name}"
            if t.interfaces:
                head += " implements " + " & ".join(t.interfaces)
            out.append(head + " {")
            for f in t.fields:
                out.extend(_description(f.description, "  "))
                line = f"  {f.name}"
                if f.args:
                    args = []
                    for a in f.args:
                        text = f"{a.name}: {a.type}"
                        if a.default is not None:
                            text += f" = {a.default}"
                        args.append(text)
                    line += "(" + ", ".join(args) + ")"
                line += f": {f.type}"
                if f.deprecated:
                    line += f' @deprecated(reason: "{f.deprecated}")'
                out.append(line)
            out.append("}")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True)
class SyntheticPair:
    """A generated pair: which series (openapi-yaml, openapi-json, graphql) at which scale."""

    series: str
    scale: int

    @property
    def ext(self) -> str:
        return {"openapi-yaml": "yaml", "openapi-json": "json", "graphql": "graphql"}[self.series]

    @property
    def folder(self) -> str:
        return f"{self.series}-{self.scale}x"


def write_pair(pair: SyntheticPair, root: Path) -> tuple[Path, Path]:
    """Write ``old.<ext>`` and ``new.<ext>`` under ``root/<series>-<scale>x`` (atomically)."""
    folder = root / pair.folder
    old_path, new_path = folder / f"old.{pair.ext}", folder / f"new.{pair.ext}"
    if old_path.exists() and new_path.exists():
        return old_path, new_path
    folder.mkdir(parents=True, exist_ok=True)
    if pair.series == "graphql":
        old_types = graphql_old(pair.scale)
        texts = [render_sdl(old_types), render_sdl(graphql_new(old_types, pair.scale))]
        for path, text in zip((old_path, new_path), texts, strict=True):
            tmp = path.with_suffix(path.suffix + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        return old_path, new_path
    old_doc = openapi_old(pair.scale)
    new_doc = openapi_new(old_doc, pair.scale)
    dump = dump_yaml if pair.ext == "yaml" else dump_json
    for path, doc in ((old_path, old_doc), (new_path, new_doc)):
        tmp = path.with_suffix(path.suffix + ".tmp")
        dump(doc, tmp)
        tmp.replace(path)
    return old_path, new_path
