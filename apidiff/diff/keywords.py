"""The JSON Schema 2020-12 keywords (OpenAPI 3.1) compared by what they mean.

Each keyword is one of three things, and compares as such:

- a **subschema** (``contains``, ``then``, ``else``, ``propertyNames``,
  ``unevaluatedProperties``/``unevaluatedItems``, ``contentSchema``, one entry of
  ``dependentSchemas`` or ``patternProperties``): present on both sides, it is an ordinary
  child pair, compared with every rule (a tighter ``maxLength`` inside ``propertyNames``
  narrows what a request may send, as anywhere else); on one side only, it was *added*
  (a constraint more: fewer values pass) or *removed* (more values pass);
- a **bound** (``minContains``/``maxContains``), compared as ``minItems``/``maxItems`` are;
  ``minContains`` is 1 where it is not written (the spec's default beside ``contains``), so
  writing ``minContains: 2`` raises the bound from 1 (``min-contains-increased``);
- a **list of names** (``dependentRequired``), compared key by key: a new dependency is
  properties more that must be sent; a key whose list changes is one ``changed`` finding
  where it can break this side's reader (see ``_dependent_required``).

``if`` decides which branch applies, it constrains nothing by itself: when a conditional
appears or goes, the condition is reported as a fact (``if-added``/``if-removed``, only when
it has a branch, with no effect of its own) and each branch that constrains as the narrowing
or widening it is (``then-added``, ``else-added``; an empty branch constrains nothing), so
one narrowing is counted once, per branch. A changed condition with the same branches is
``if-changed`` (which values pass cannot be decided from the contract). A name both branches
require is hoisted into the owner's ``required`` when the schema is loaded
(``formats.schemas.hoist_required``).

``patternProperties`` constrains the properties whose names match; on an object closed with
``additionalProperties: false`` it is the other way round: it *lets in* names the object
rejected (``pattern-property-allowed``/``-disallowed``).

The caller (``SchemaDiffer``) passes ``emit(attribute, action, old, new, value=None)`` and
``edge(segment, old, new)``; nothing here holds state.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Location, Schema

__all__ = ["EMPTY", "SEMANTIC_KEYWORDS", "compare_keywords"]

# Keywords this module compares; any other key of ``Schema.other`` is compared as text.
SEMANTIC_KEYWORDS = frozenset(
    (
        "contains",
        "minContains",
        "maxContains",
        "if",
        "then",
        "else",
        "dependentRequired",
        "dependentSchemas",
        "patternProperties",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "contentSchema",
        "contentMediaType",
        "contentEncoding",
    )
)

# keyword -> the attribute its added/removed changes are reported under
_PLAIN_SUBSCHEMAS = (
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("unevaluatedItems", "unevaluated-items"),
    ("contentSchema", "content-schema"),
)

Emit = Callable[..., None]
Edge = Callable[[str, Schema, Schema], None]


# A schema that constrains nothing, alive as long as the module: shapes are cached by id().
EMPTY = Schema(location=Location("", ""))


def compare_keywords(
    a: Schema, b: Schema, emit: Emit, edge: Edge, same: Callable, *, request: bool = True
) -> None:
    """Every 2020-12 keyword change between ``a`` and ``b`` (``same(x, y)``: equal shapes;
    ``request``: the pair is read as a request, where a longer list of names narrows)."""
    ka, kb = a.keywords, b.keywords
    if ka or kb:
        for key, attribute in _PLAIN_SUBSCHEMAS:
            _subschema(ka.get(key), kb.get(key), key, attribute, emit, edge)
        _conditional(a, b, emit, edge, same)
        _keyed(a, b, "dependentSchemas", emit, edge)
        _keyed(a, b, "patternProperties", emit, edge)
    if "contains" in ka and "contains" in kb:
        _count(emit, "min-contains", _min_contains(a), _min_contains(b))
        _count(emit, "max-contains", a.max_contains, b.max_contains)
    _dependent_required(a.dependent_required, b.dependent_required, emit, request)
    for attribute, x, y in (
        ("content-media-type", a.content_media_type, b.content_media_type),
        ("content-encoding", a.content_encoding, b.content_encoding),
    ):
        if x != y:
            action = "added" if x is None else "removed" if y is None else "changed"
            emit(attribute, action, x, y)


def _subschema(
    x: Schema | None, y: Schema | None, key: str, attribute: str, emit: Emit, edge: Edge
) -> None:
    if x is not None and y is not None:
        edge(key, x, y)
    elif y is not None:
        emit(attribute, "added", None, key)
    elif x is not None:
        emit(attribute, "removed", key, None)


def _conditional(a: Schema, b: Schema, emit: Emit, edge: Edge, same: Callable) -> None:
    ka, kb = a.keywords, b.keywords
    # Without `if`, `then` and `else` apply to nothing.
    branches_a = [k for k in ("then", "else") if k in ka] if "if" in ka else []
    branches_b = [k for k in ("then", "else") if k in kb] if "if" in kb else []
    if not branches_a and not branches_b:
        return
    if "if" not in ka or "if" not in kb:
        # The whole conditional appears or goes: the condition is a fact of its own (it
        # constrains nothing), each branch that constrains is the narrowing (or widening).
        # A branch written without `if` applied to nothing, so it is added (removed) too.
        appears = "if" not in ka
        owner = b if appears else a
        branches = [  # `then: {}` lets everything through
            key
            for key in (branches_b if appears else branches_a)
            if not same(owner.keywords[key], EMPTY)
        ]
        if not branches:
            return
        if appears:
            emit("if", "added", None, "/".join(branches))
        else:
            emit("if", "removed", "/".join(branches), None)
        for key in branches:
            if appears:
                emit(key, "added", None, key)
            else:
                emit(key, "removed", key, None)
        return
    if branches_a and branches_b and not same(ka["if"], kb["if"]):
        emit("if", "changed", None, None)
    for key in ("then", "else"):
        _subschema(ka.get(key), kb.get(key), key, key, emit, edge)


def _keyed(a: Schema, b: Schema, keyword: str, emit: Emit, edge: Edge) -> None:
    """``dependentSchemas`` and ``patternProperties``: one subschema per name or regex."""
    prefix = keyword + "/"
    names_a = [k[len(prefix) :] for k in a.keywords if k.startswith(prefix)]
    names_b = [k[len(prefix) :] for k in b.keywords if k.startswith(prefix)]
    attribute = "dependent-schema" if keyword == "dependentSchemas" else "pattern-property"
    for name in sorted(set(names_a) | set(names_b)):
        x, y = a.keywords.get(prefix + name), b.keywords.get(prefix + name)
        if x is not None and y is not None:
            edge(prefix + name, x, y)
            continue
        owner = b if x is None else a
        action = "added" if x is None else "removed"
        if attribute == "pattern-property" and owner.additional is False:
            # On a closed object a pattern admits names: the effect is reversed.
            action = "allowed" if x is None else "disallowed"
        emit(attribute, action, None if x is None else name, name if x is None else None, name)


def _min_contains(schema: Schema) -> int:
    """1 when it is not written: ``contains`` alone asks for at least one matching item."""
    return 1 if schema.min_contains is None else schema.min_contains


def _count(emit: Emit, name: str, x: int | None, y: int | None) -> None:
    if x == y:
        return
    if x is None:
        action = "set"
    elif y is None:
        action = "unset"
    else:
        action = "increased" if y > x else "decreased"
    emit(name, action, x, y)


def _dependent_required(
    da: dict[str, frozenset[str]], db: dict[str, frozenset[str]], emit: Emit, request: bool
) -> None:
    """Key by key, one change per key: a dependency that appears (``added``: the names it
    lists must now be sent with the key) or goes (``removed``); a key whose list changes is
    ``changed`` where that can break the reader of this side (names added to a request's
    list, removed from a response's), else the harmless half it is (names removed from a
    request's list: ``removed``; added to a response's: ``added``)."""
    if da == db:
        return
    for key in sorted(set(da) | set(db)):
        old, new = da.get(key), db.get(key)
        if old == new:
            continue
        if old is None or new is None:
            action = "added" if old is None else "removed"
            emit("dependent-required", action, _names(old), _names(new), key)
            continue
        gained, lost = new - old, old - new
        if gained if request else lost:
            emit("dependent-required", "changed", _names(old), _names(new), key)
        elif gained:
            emit("dependent-required", "added", None, _names(gained), key)
        else:
            emit("dependent-required", "removed", _names(lost), None, key)


def _names(names: frozenset[str] | None) -> list[str] | None:
    return None if names is None else sorted(names)
