"""Schema rules generated from one table: direction x location x keyword x action.

A row names a keyword change and its *effect* on the set of values the schema allows:
``narrow`` (fewer values), ``widen`` (more), ``change`` (neither contains the other),
``unknown`` (cannot be decided from the contract, e.g. a regex changed), ``default`` (a
default moved) or ``none`` (documentation). The severity follows from who produces the
value: narrowing what a client may send breaks it; widening what it may receive breaks it.
A few response widenings are *dangerous* rather than breaking because well-written clients
already tolerate them: a new enum value, a new union alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diff.change import Change
from ..model import Direction
from ..result import Severity
from .catalog import PHRASES, declare

__all__ = ["LOCATIONS", "ROWS", "Row", "severity_for"]

NARROW, WIDEN, CHANGE, UNKNOWN, DEFAULT, NONE, PROMISE = (
    "narrow",
    "widen",
    "change",
    "unknown",
    "default",
    "none",
    "promise",  # the values stay; a guarantee about them is withdrawn (either direction)
)

LOCATIONS = {
    Direction.REQUEST: ("body", "property", "parameter"),
    Direction.RESPONSE: ("body", "property", "header"),
}
_LOCATION_TEXT = {
    "body": "the root schema of a body",
    "property": "a property nested anywhere in a body, parameter or header schema",
    "parameter": "the schema of a request parameter (path, query, header or cookie)",
    "header": "the schema of a response header",
}
_MIRROR_LOCATION = {"parameter": "header", "header": "parameter"}


@dataclass(frozen=True, slots=True)
class Row:
    attribute: str  # matches Change kind schema.<attribute>.<action>
    action: str
    effect: str
    name: str  # the id after "<direction>-<location>-"
    phrase: str  # message after "{where}: "
    mirror: str | None = None  # the name of the opposite action's row

    def kind(self) -> str:
        return f"schema.{self.attribute}.{self.action}"


def _bounds(keyword: str, label: str, upper: bool, *, optional: bool = True) -> list[Row]:
    """Increased/decreased, and set/unset where the bound may be absent (no bound at all)."""
    grow, shrink = (WIDEN, NARROW) if upper else (NARROW, WIDEN)
    rows = [
        Row(
            keyword,
            "increased",
            grow,
            f"{keyword}-increased",
            f"{label} increased from {{old}} to {{new}}",
            f"{keyword}-decreased",
        ),
        Row(
            keyword,
            "decreased",
            shrink,
            f"{keyword}-decreased",
            f"{label} decreased from {{old}} to {{new}}",
            f"{keyword}-increased",
        ),
    ]
    if not optional:
        return rows
    return [
        *rows,
        Row(
            keyword, "set", NARROW, f"{keyword}-set", f"{label} set to {{new}}", f"{keyword}-unset"
        ),
        Row(
            keyword,
            "unset",
            WIDEN,
            f"{keyword}-unset",
            f"{label} removed (was {{old}})",
            f"{keyword}-set",
        ),
    ]


def _pair(attribute: str, added: str, removed: str) -> list[Row]:
    """A constraint keyword that appears (fewer values pass) or goes (more pass)."""
    return [
        Row(attribute, "added", NARROW, f"{attribute}-added", added, f"{attribute}-removed"),
        Row(attribute, "removed", WIDEN, f"{attribute}-removed", removed, f"{attribute}-added"),
    ]


# JSON Schema 2020-12 keywords by meaning (diff/keywords.py); the ids are oasdiff's.
_KEYWORD_ROWS: list[Row] = [
    Row(
        "const", "added", NARROW, "const-added", "restricted to the constant {new}", "const-removed"
    ),
    Row(
        "const",
        "removed",
        WIDEN,
        "const-removed",
        "no longer restricted to the constant {old}",
        "const-added",
    ),
    Row(
        "const",
        "changed",
        CHANGE,
        "const-changed",
        "constant value changed from {old} to {new}",
        "const-changed",
    ),
    *_pair(
        "contains",
        "contains added: the array must now hold a matching item",
        "contains removed: the array no longer needs a matching item",
    ),
    # Absent, minContains is 1 (a `contains` asks for one match): never set or unset.
    *_bounds("min-contains", "minContains", False, optional=False),
    *_bounds("max-contains", "maxContains", True),
    Row(
        "dependent-required",
        "added",
        NARROW,
        "dependent-required-added",
        "{new} is now required when `{value}` is present (dependentRequired)",
        "dependent-required-removed",
    ),
    Row(
        "dependent-required",
        "removed",
        WIDEN,
        "dependent-required-removed",
        "{old} is no longer required when `{value}` is present (dependentRequired)",
        "dependent-required-added",
    ),
    # A key on both sides whose list changes in the way that breaks this side's reader
    # (names added to a request's, removed from a response's); the harmless half of a
    # change is `-added`/`-removed` (diff/keywords.py).
    Row(
        "dependent-required",
        "changed",
        CHANGE,
        "dependent-required-changed",
        "the names required when `{value}` is present changed from {old} to {new} "
        "(dependentRequired)",
        "dependent-required-changed",
    ),
    *_pair(
        "dependent-schema",
        "dependentSchemas entry `{value}` added: a constraint applies when it is present",
        "dependentSchemas entry `{value}` removed",
    ),
    # The condition of a conditional that appears or goes constrains nothing: its branches
    # are reported as added or removed beside it (diff/keywords.py), each one once.
    Row(
        "if",
        "added",
        NONE,
        "if-added",
        "if condition added, with {new} (each branch is reported on its own)",
        "if-removed",
    ),
    Row(
        "if",
        "removed",
        NONE,
        "if-removed",
        "if condition removed, with {old} (each branch is reported on its own)",
        "if-added",
    ),
    Row("if", "changed", UNKNOWN, "if-changed", "the if condition changed", "if-changed"),
    *_pair(
        "then",
        "then branch added: values that match the if condition must satisfy it",
        "then branch removed",
    ),
    *_pair(
        "else",
        "else branch added: values that do not match the if condition must satisfy it",
        "else branch removed",
    ),
    *_pair(
        "pattern-property",
        "patternProperties `{value}` added: properties whose names match are constrained",
        "patternProperties `{value}` removed",
    ),
    Row(
        "pattern-property",
        "allowed",
        WIDEN,
        "pattern-property-allowed",
        "now accepts properties matching `{value}` (patternProperties on a closed object)",
        "pattern-property-disallowed",
    ),
    Row(
        "pattern-property",
        "disallowed",
        NARROW,
        "pattern-property-disallowed",
        "no longer accepts properties matching `{value}` (patternProperties on a closed object)",
        "pattern-property-allowed",
    ),
    *_pair(
        "property-names",
        "propertyNames added: property names are now constrained",
        "propertyNames removed",
    ),
    *_pair(
        "unevaluated-properties",
        "unevaluatedProperties added: properties it does not evaluate are constrained",
        "unevaluatedProperties removed",
    ),
    *_pair(
        "unevaluated-items",
        "unevaluatedItems added: items it does not evaluate are constrained",
        "unevaluatedItems removed",
    ),
    *_pair(
        "content-schema",
        "contentSchema added: the encoded content is now constrained",
        "contentSchema removed",
    ),
    *[
        row
        for attribute, label in (
            ("content-media-type", "contentMediaType"),
            ("content-encoding", "contentEncoding"),
        )
        for row in (
            Row(
                attribute,
                "added",
                NARROW,
                f"{attribute}-added",
                f"{label} {{new}} added",
                f"{attribute}-removed",
            ),
            Row(
                attribute,
                "removed",
                WIDEN,
                f"{attribute}-removed",
                f"{label} {{old}} removed",
                f"{attribute}-added",
            ),
            Row(
                attribute,
                "changed",
                CHANGE,
                f"{attribute}-changed",
                f"{label} changed from {{old}} to {{new}}",
                f"{attribute}-changed",
            ),
        )
    ],
]


ROWS: list[Row] = [
    Row(
        "type",
        "changed",
        CHANGE,
        "type-changed",
        "type changed from {old} to {new}",
        "type-changed",
    ),
    Row(
        "type",
        "generalized",
        WIDEN,
        "type-generalized",
        "type widened from {old} to {new}",
        "type-specialized",
    ),
    Row(
        "type",
        "specialized",
        NARROW,
        "type-specialized",
        "type narrowed from {old} to {new}",
        "type-generalized",
    ),
    Row(
        "type",
        "retyped",
        NONE,
        "type-retyped",
        "type changed from {old} to {new}, which allow the same values here",
        "type-retyped",
    ),
    Row(
        "type",
        "list-of-types-widened",
        WIDEN,
        "list-of-types-widened",
        "allowed types widened from {old} to {new}",
        "list-of-types-narrowed",
    ),
    Row(
        "type",
        "list-of-types-narrowed",
        NARROW,
        "list-of-types-narrowed",
        "allowed types narrowed from {old} to {new}",
        "list-of-types-widened",
    ),
    Row(
        "nullable",
        "became-nullable",
        WIDEN,
        "became-nullable",
        "became nullable",
        "became-not-nullable",
    ),
    Row(
        "nullable",
        "became-not-nullable",
        NARROW,
        "became-not-nullable",
        "became not nullable",
        "became-nullable",
    ),
    Row("format", "added", NARROW, "format-added", "format {new} added", "format-removed"),
    Row("format", "removed", WIDEN, "format-removed", "format {old} removed", "format-added"),
    Row(
        "format",
        "changed",
        CHANGE,
        "format-changed",
        "format changed from {old} to {new}",
        "format-changed",
    ),
    Row(
        "format",
        "generalized",
        WIDEN,
        "format-generalized",
        "format widened from {old} to {new}",
        "format-specialized",
    ),
    Row(
        "format",
        "specialized",
        NARROW,
        "format-specialized",
        "format narrowed from {old} to {new}",
        "format-generalized",
    ),
    Row(
        "enum-value",
        "added",
        WIDEN,
        "enum-value-added",
        "enum value {new} added",
        "enum-value-removed",
    ),
    Row(
        "enum-value",
        "removed",
        NARROW,
        "enum-value-removed",
        "enum value {old} removed",
        "enum-value-added",
    ),
    Row(
        "enum-name",
        "changed",
        NONE,
        "enum-value-name-changed",
        "generated name of enum value `{value}` changed from {old} to {new}",
        "enum-value-name-changed",
    ),
    Row(
        "enum",
        "became-enum",
        NARROW,
        "became-enum",
        "restricted to the enum values {new}",
        "became-not-enum",
    ),
    Row(
        "enum",
        "became-not-enum",
        WIDEN,
        "became-not-enum",
        "no longer restricted to the enum values {old}",
        "became-enum",
    ),
    *_bounds("max", "maximum", True),
    *_bounds("exclusive-max", "exclusive maximum", True),
    *_bounds("min", "minimum", False),
    *_bounds("exclusive-min", "exclusive minimum", False),
    *_bounds("max-length", "maxLength", True),
    *_bounds("min-length", "minLength", False),
    *_bounds("max-items", "maxItems", True),
    *_bounds("min-items", "minItems", False),
    *_bounds("max-properties", "maxProperties", True),
    *_bounds("min-properties", "minProperties", False),
    Row(
        "multiple-of",
        "set",
        NARROW,
        "multiple-of-set",
        "multipleOf set to {new}",
        "multiple-of-unset",
    ),
    Row(
        "multiple-of",
        "unset",
        WIDEN,
        "multiple-of-unset",
        "multipleOf removed (was {old})",
        "multiple-of-set",
    ),
    Row(
        "multiple-of",
        "changed",
        CHANGE,
        "multiple-of-changed",
        "multipleOf changed from {old} to {new}",
        "multiple-of-changed",
    ),
    Row(
        "multiple-of",
        "generalized",
        WIDEN,
        "multiple-of-generalized",
        "multipleOf relaxed from {old} to {new}",
        "multiple-of-specialized",
    ),
    Row(
        "multiple-of",
        "specialized",
        NARROW,
        "multiple-of-specialized",
        "multipleOf tightened from {old} to {new}",
        "multiple-of-generalized",
    ),
    Row("pattern", "added", NARROW, "pattern-added", "pattern {new} added", "pattern-removed"),
    Row("pattern", "removed", WIDEN, "pattern-removed", "pattern {old} removed", "pattern-added"),
    Row(
        "pattern",
        "changed",
        UNKNOWN,
        "pattern-changed",
        "pattern changed from {old} to {new}",
        "pattern-changed",
    ),
    Row(
        "unique-items",
        "set",
        NARROW,
        "unique-items-set",
        "items must now be unique",
        "unique-items-unset",
    ),
    Row(
        "unique-items",
        "unset",
        WIDEN,
        "unique-items-unset",
        "items no longer need to be unique",
        "unique-items-set",
    ),
    Row(
        "default-value",
        "added",
        NONE,
        "default-value-added",
        "default value {new} added",
        "default-value-removed",
    ),
    Row(
        "default-value",
        "removed",
        DEFAULT,
        "default-value-removed",
        "default value {old} removed",
        "default-value-added",
    ),
    Row(
        "default-value",
        "changed",
        DEFAULT,
        "default-value-changed",
        "default value changed from {old} to {new}",
        "default-value-changed",
    ),
    Row(
        "additional-properties",
        "closed",
        NARROW,
        "additional-properties-closed",
        "no longer allows properties it does not list (additionalProperties: false)",
        "additional-properties-opened",
    ),
    Row(
        "additional-properties",
        "opened",
        WIDEN,
        "additional-properties-opened",
        "now allows properties it does not list",
        "additional-properties-closed",
    ),
    Row(
        "additional-properties",
        "restricted",
        NARROW,
        "additional-properties-restricted",
        "additional properties restricted to {new}",
        "additional-properties-unrestricted",
    ),
    Row(
        "additional-properties",
        "unrestricted",
        WIDEN,
        "additional-properties-unrestricted",
        "additional properties no longer restricted (were {old})",
        "additional-properties-restricted",
    ),
    Row(
        "one-of", "added", WIDEN, "one-of-added", "oneOf alternative {new} added", "one-of-removed"
    ),
    Row(
        "one-of",
        "removed",
        NARROW,
        "one-of-removed",
        "oneOf alternative {old} removed",
        "one-of-added",
    ),
    Row(
        "any-of", "added", WIDEN, "any-of-added", "anyOf alternative {new} added", "any-of-removed"
    ),
    Row(
        "any-of",
        "removed",
        NARROW,
        "any-of-removed",
        "anyOf alternative {old} removed",
        "any-of-added",
    ),
    # The composition as written; what a member adds or removes is compared on the merged
    # schema like any keyword (diff/schema.py), so these record the structure only.
    Row("all-of", "added", NONE, "all-of-added", "allOf member {new} added", "all-of-removed"),
    Row("all-of", "removed", NONE, "all-of-removed", "allOf member {old} removed", "all-of-added"),
    Row(
        "all-of",
        "annotation-only-added",
        NONE,
        "all-of-added-annotation-only",
        "allOf member {new} added, which constrains nothing",
        "all-of-removed-annotation-only",
    ),
    Row(
        "all-of",
        "annotation-only-removed",
        NONE,
        "all-of-removed-annotation-only",
        "allOf member {old} removed, which constrained nothing",
        "all-of-added-annotation-only",
    ),
    Row(
        "discriminator",
        "added",
        NONE,
        "discriminator-added",
        "discriminator {new} added",
        "discriminator-removed",
    ),
    Row(
        "discriminator",
        "removed",
        UNKNOWN,
        "discriminator-removed",
        "discriminator {old} removed",
        "discriminator-added",
    ),
    Row(
        "discriminator",
        "property-name-changed",
        UNKNOWN,
        "discriminator-property-name-changed",
        "discriminator property changed from {old} to {new}",
        "discriminator-property-name-changed",
    ),
    Row(
        "discriminator",
        "mapping-added",
        NONE,
        "discriminator-mapping-added",
        "discriminator mapping {value} added",
        "discriminator-mapping-deleted",
    ),
    Row(
        "discriminator",
        "mapping-deleted",
        UNKNOWN,
        "discriminator-mapping-deleted",
        "discriminator mapping {value} removed",
        "discriminator-mapping-added",
    ),
    Row(
        "discriminator",
        "mapping-changed",
        UNKNOWN,
        "discriminator-mapping-changed",
        "discriminator mapping {value} changed from {old} to {new}",
        "discriminator-mapping-changed",
    ),
    *_KEYWORD_ROWS,
    Row(
        "keyword",
        "added",
        NARROW,
        "schema-keyword-added",
        "keyword {keyword} added",
        "schema-keyword-removed",
    ),
    Row(
        "keyword",
        "removed",
        WIDEN,
        "schema-keyword-removed",
        "keyword {keyword} removed",
        "schema-keyword-added",
    ),
    Row(
        "keyword",
        "changed",
        UNKNOWN,
        "schema-keyword-changed",
        "keyword {keyword} changed",
        "schema-keyword-changed",
    ),
    Row(
        "prefix-items",
        "added",
        NARROW,
        "prefix-items-added",
        "positional items grew from {old} to {new}",
        "prefix-items-removed",
    ),
    Row(
        "prefix-items",
        "removed",
        WIDEN,
        "prefix-items-removed",
        "positional items shrank from {old} to {new}",
        "prefix-items-added",
    ),
    Row(
        "description",
        "changed",
        NONE,
        "description-changed",
        "description changed",
        "description-changed",
    ),
    Row("example", "changed", NONE, "example-changed", "example changed", "example-changed"),
    Row("deprecated", "added", NONE, "deprecated", "deprecated", "reactivated"),
    Row("deprecated", "removed", NONE, "reactivated", "no longer deprecated", "deprecated"),
    Row(
        "stability",
        "decreased",
        PROMISE,
        "stability-decreased",
        "stability lowered from {old} to {new}",
        "stability-increased",
    ),
    Row(
        "stability",
        "increased",
        NONE,
        "stability-increased",
        "stability raised from {old} to {new}",
        "stability-decreased",
    ),
]

# Widening a response is breaking, except where clients are expected to cope already.
_DANGEROUS_RESPONSE_WIDENING = {
    ("enum-value", "added"),
    ("enum", "became-not-enum"),
    ("one-of", "added"),
    ("any-of", "added"),
    # A format is mostly documentation to a JSON client: a wider one (int32 -> int64, a
    # format dropped) breaks typed or validating clients only on the values that use it.
    ("format", "generalized"),
    ("format", "removed"),
}
_WHY_FORMAT_WIDENED = (
    "Values of the old format are still sent, and more may come: a client that parses the "
    "format into a narrow type (a 32-bit integer, a UUID) or validates it fails on the new "
    "values, one that keeps the JSON value as it is does not. That is why it is dangerous "
    "rather than breaking. The containment table is in the guide (*Formats*)."
)

_SEVERITY = {
    Direction.REQUEST: {
        NARROW: Severity.BREAKING,
        WIDEN: Severity.SAFE,
        CHANGE: Severity.BREAKING,
        UNKNOWN: Severity.DANGEROUS,
        DEFAULT: Severity.DANGEROUS,
        NONE: Severity.SAFE,
        PROMISE: Severity.BREAKING,
    },
    Direction.RESPONSE: {
        NARROW: Severity.SAFE,
        WIDEN: Severity.BREAKING,
        CHANGE: Severity.BREAKING,
        UNKNOWN: Severity.DANGEROUS,
        DEFAULT: Severity.SAFE,
        NONE: Severity.SAFE,
        PROMISE: Severity.BREAKING,
    },
}


def severity_for(direction: Direction, row: Row) -> Severity:
    if direction is Direction.RESPONSE and (row.attribute, row.action) in (
        _DANGEROUS_RESPONSE_WIDENING
    ):
        return Severity.DANGEROUS
    return _SEVERITY[direction][row.effect]


_WHY = {
    (Direction.REQUEST, NARROW): (
        "The server now accepts fewer values here. A client that sends a value that was "
        "valid before may now get its request rejected."
    ),
    (Direction.REQUEST, CHANGE): (
        "The old and new definitions accept different values; some requests that were valid "
        "before are not any more."
    ),
    (Direction.REQUEST, WIDEN): (
        "The server accepts more values than before; every request that was valid is still valid."
    ),
    (Direction.REQUEST, UNKNOWN): (
        "Whether old requests still pass cannot be decided from the contract alone (for "
        "example, two regular expressions); review it."
    ),
    (Direction.REQUEST, DEFAULT): (
        "Clients that omit the value get different behaviour from the server without any "
        "change on their side."
    ),
    (Direction.RESPONSE, WIDEN): (
        "Clients may now receive values they were never promised; code, validators or "
        "generated types written against the old definition can fail on them."
    ),
    (Direction.RESPONSE, CHANGE): (
        "Clients receive values of a different shape than the old definition promised."
    ),
    (Direction.RESPONSE, NARROW): (
        "The server promises fewer values than before; everything a client handled is still "
        "handled."
    ),
    (Direction.RESPONSE, UNKNOWN): (
        "Whether the values clients receive still match the old promise cannot be decided "
        "from the contract alone; review it."
    ),
    (Direction.RESPONSE, DEFAULT): (
        "A default in a response documents the server's behaviour; it does not change what "
        "a client must handle."
    ),
}
_WHY_PROMISE = (
    "The `x-stability-level` (stable > beta > alpha > draft; none counts as stable) went "
    "down: the values are the same today, but the guarantee consumers built on is withdrawn "
    "and this part may now change without notice. Lowering stability is breaking whichever "
    "way the data flows, as for operations (`api-stability-decreased`)."
)
_WHY_NONE = "Documentation or metadata only: the values exchanged do not change."
_WHY_DANGEROUS_RESPONSE = (
    "Clients that switch exhaustively over the known values or alternatives (generated enums, "
    "sealed classes, strict validators) fail on the new one; clients that tolerate unknown "
    "values keep working. That is why it is dangerous rather than breaking."
)

_MIGRATION = {
    (
        Direction.REQUEST,
        NARROW,
    ): "Make sure what your client sends in {where} still fits: {phrase}.",
    (Direction.REQUEST, CHANGE): "Update what your client sends in {where}: {phrase}.",
    (Direction.REQUEST, UNKNOWN): "Check that what your client sends in {where} still fits: "
    "{phrase}.",
    (Direction.REQUEST, DEFAULT): "If your client relies on the default of {where}, send the "
    "value explicitly: {phrase}.",
    (Direction.RESPONSE, WIDEN): "Make your client accept the wider values of {where}: {phrase}.",
    (Direction.RESPONSE, CHANGE): "Update how your client reads {where}: {phrase}.",
    (Direction.RESPONSE, UNKNOWN): "Check how your client reads {where}: {phrase}.",
    (Direction.REQUEST, PROMISE): "Treat {where} as no longer stable ({phrase}): it may change "
    "without notice; avoid relying on it in production.",
    (Direction.RESPONSE, PROMISE): "Treat {where} as no longer stable ({phrase}): it may "
    "change without notice; avoid relying on it in production.",
}


_PREDICATES = ("became ", "no longer ", "now ", "restricted ", "deprecated")


def _message(row: Row) -> str:
    """``{where} became nullable`` reads as a sentence; ``{where}: maxLength ...`` needs a colon."""
    joiner = " " if row.phrase.startswith(_PREDICATES) else ": "
    return "{where}" + joiner + row.phrase


def _sample(phrase: str) -> str:
    return phrase.format(old="OLD", new="NEW", keyword="K", value="V")


def _rule_id(direction: Direction, location: str, row: Row) -> str:
    return f"{direction.value}-{location}-{row.name}"


def _doc(direction: Direction, location: str, row: Row, sev: Severity) -> str:
    what = f"In {_LOCATION_TEXT[location]} of a {direction.value}: {_sample(row.phrase)}."
    if row.effect == NONE:
        why = _WHY_NONE
    elif row.effect == PROMISE:
        why = _WHY_PROMISE
    elif sev is Severity.DANGEROUS and direction is Direction.RESPONSE and row.effect == WIDEN:
        why = _WHY_FORMAT_WIDENED if row.attribute == "format" else _WHY_DANGEROUS_RESPONSE
    else:
        why = _WHY[(direction, row.effect)]
    notes = (
        f"Generated from the schema table: keyword `{row.attribute}`, action "
        f"`{row.action}`, effect `{row.effect}` on the allowed values."
    )
    if row.attribute == "if" and row.action != "changed":
        notes += (
            " An `if` decides which branch applies and constrains nothing by itself: when a "
            "whole conditional appears or goes, each branch that constrains is its own "
            "`...-then-added`/`...-else-added` (or `-removed`) finding, judged as the "
            "constraint it is, and this one records the condition (one narrowing, counted "
            "once). An `if` with no branch, or with only empty ones, changes nothing."
        )
    if row.attribute in ("then", "else"):
        notes += (
            " Reported when the branch appears on an existing `if`, and when a whole "
            "conditional appears (beside `...-if-added`): a branch written without an `if` "
            "applied to nothing, so it counts as added when the `if` comes. An empty branch "
            "(`{}`, `true`) constrains nothing and is not reported."
        )
    if row.attribute == "all-of":
        notes += (
            " apidiff merges `allOf` before comparing: what the member adds or removes (a "
            "required property, a bound, a narrower type) is reported on its own, judged as "
            "that constraint, and decides the verdict. This finding records the composition "
            "itself, which generated code mirrors (a parent class, an intersection type): "
            "named members pair by name, inline ones by their order among the inline ones. "
            "`-annotation-only` is a member that constrains nothing (only a title, a "
            "description, examples). A `$ref` written as `allOf: [$ref]` to put a description "
            "beside it is the referenced schema, not a new member. oasdiff's ids; oasdiff "
            "calls a member added to a request breaking by itself, apidiff lets the "
            "constraints it brings decide (an added member with only optional properties "
            "breaks nothing)."
        )
    if row.attribute == "dependent-required":
        notes += (
            " One finding per key, as oasdiff reports it: `-added` and `-removed` for a key "
            "that appears or goes (or for the half of a changed list that cannot break this "
            "side: names dropped from a request's list, added to a response's), `-changed` "
            "for a list that gains names in a request or loses names in a response (breaking "
            "there, whatever else changed in it)."
        )
    if (row.attribute, row.action) == ("type", "retyped"):
        notes += (
            " Both versions list the same values (a closed enum, or a boolean written as "
            "`true|false`), each valid under both types and written the same way: `{type: "
            "[string, integer], enum: [open, closed]}` -> `{type: string, enum: [open, "
            "closed]}`, or a parameter's `enum: [1, 2]` -> `enum: ['1', '2']`, which is the "
            "same text on the wire. Nothing new can be sent or received, so over HTTP it is "
            "safe, where a naive tool reports the type change; but the field or argument "
            "generated code declares changes type, so it is breaking under the `sdk` profile. "
            "Not a move between `integer` and `number`, even with the same enum: a value typed "
            "`number` may be written `1.0`, which a strict integer decoder refuses, so that is "
            "judged as the type change it is. Nor, as text, a move between `number` and "
            "`string` with the same words: `enum: [1, 2]` typed `number` also takes `1.0`, "
            "which many clients' number formatting writes and `enum: ['1', '2']` refuses, so "
            "`number` -> `string` narrows what is accepted (`...-type-specialized`) and the "
            "reverse widens it. An `x-extensible-enum` (or one opened in the "
            "configuration) does not bound the values: there too the type change is reported."
        )
    if row.attribute == "type" and direction is Direction.REQUEST:
        notes += (
            " Values that travel as text are typed as text: a parameter or header written by "
            "its `style`, a form-encoded body (`application/x-www-form-urlencoded`), and a "
            "`multipart/form-data` body whose parts are all primitive values (a Swagger 2.0 "
            "`formData` body). There a string takes the text of a number or a boolean, so "
            "`integer` -> `string` widens what is accepted (`...-type-generalized`, safe; "
            "breaking under the `sdk` profile, where the generated argument changes type) "
            "and `string` -> `integer` narrows it; a format the string gains narrows it too "
            "(`integer` -> `string (uuid)`: `5` is no uuid), reported as `...-format-added` "
            "beside the type. A multipart body with an object part "
            "(named, or allowed by `additionalProperties` or `patternProperties`) is read as "
            "JSON: that part is sent as JSON; so is a form or multipart body where a field's "
            '`encoding` gives a JSON `contentType` (`5` and `"5"` differ there).'
        )
    if (row.attribute, row.action) == ("deprecated", "added"):
        notes += (
            " Under a deprecation policy with `min-days`, a deprecation without an `x-sunset`, "
            "or with one closer than that, is raised to breaking: consumers are owed that much "
            "notice (oasdiff's `...-deprecated-sunset-missing` and `...-sunset-date-too-small`, "
            "listed as aliases)."
        )
    return (
        f"{what}\n\n### What it detects\n{what}\n\n### Why it matters to clients\n{why}"
        f"\n\n### Notes\n{notes}"
    )


def _predicate(direction: Direction, location: str):
    def claims(change: Change) -> bool:
        return change.direction is direction and change.location == location

    return claims


def _retyped_input(direction: Direction, row: Row) -> bool:
    """A value a client sends now has a wider type or format: every request still passes,
    but the generated argument or field changes type (`Integer` -> `BigDecimal`,
    `int32` -> `int64`), and callers written against the old one fail to compile."""
    return (
        direction is Direction.REQUEST
        and row.attribute in ("type", "format")
        and row.effect is WIDEN
    )


def _closed_enum_surprise(direction: Direction, row: Row) -> bool:
    return direction is Direction.RESPONSE and (row.attribute, row.action) == (
        "enum-value",
        "added",
    )


# oasdiff's names for generated rules where it splits what one row covers: a property inside
# a parameter or header schema (apidiff's `property` location is every nested property), an
# `x-extensible-enum` (read as an enum), a deprecation that comes with a sunset date, the enum
# of a response body. Accepted wherever a rule id is; the JSON report lists them.
_OASDIFF_NAMES: dict[str, tuple[str, ...]] = {
    **{
        f"request-property-{name}": (f"request-parameter-property-{name}",)
        for name in (
            "became-not-nullable",
            "became-nullable",
            "enum-value-added",
            "list-of-types-narrowed",
            "list-of-types-widened",
            "type-changed",
            "type-generalized",
            "type-specialized",
        )
    },
    "request-property-enum-value-removed": (
        "request-parameter-property-enum-value-removed",
        "request-property-x-extensible-enum-value-removed",
    ),
    "request-parameter-enum-value-removed": ("request-parameter-x-extensible-enum-value-removed",),
    "request-property-became-enum": ("request-header-property-became-enum",),
    # A deprecation with a sunset, without one, or with one too close: one rule, which a
    # policy with `min-days` raises to breaking in the last two cases (judge/policy.py).
    **{
        f"{place}-deprecated": (
            *((f"{place}-deprecated-with-sunset",) if place.endswith("property") else ()),
            f"{place}-deprecated-sunset-missing",
            f"{place}-sunset-date-too-small",
        )
        for place in ("request-parameter", "request-property", "response-property")
    },
    "response-body-enum-value-removed": ("response-mediatype-enum-value-removed",),
}


def _generate() -> None:
    for row in ROWS:
        PHRASES[(row.attribute, row.action)] = row.phrase
    for direction, locations in LOCATIONS.items():
        other = direction.reversed()
        for location in locations:
            for row in ROWS:
                sev = severity_for(direction, row)
                migration = None
                if sev is not Severity.SAFE:
                    template = (
                        _MIGRATION.get((direction, row.effect))
                        or _MIGRATION[
                            (direction, WIDEN if direction is Direction.RESPONSE else NARROW)
                        ]
                    )
                    migration = template.replace("{phrase}", row.phrase)
                    if (
                        sev is Severity.DANGEROUS
                        and direction is Direction.RESPONSE
                        and (row.effect == WIDEN)
                    ):
                        migration = (
                            "Make your client tolerate values it does not know in "
                            "{where}: " + row.phrase + "."
                        )
                mirror_location = (
                    location if location in LOCATIONS[other] else (_MIRROR_LOCATION[location])
                )
                rule_id = _rule_id(direction, location, row)
                declare(
                    rule_id,
                    sev,
                    row.kind(),
                    _message(row),
                    doc=_doc(direction, location, row, sev),
                    summary=f"{direction.value} {location}: {_sample(row.phrase)}",
                    migration=migration,
                    when=_predicate(direction, location),
                    mirror=f"{other.value}-{mirror_location}-{row.name}",
                    area="schemas",
                    # A value a generated client's closed enum cannot hold fails its parser;
                    # a constant it names differently, or an argument retyped, fails to
                    # compile.
                    touches="sdk"
                    if _closed_enum_surprise(direction, row)
                    or row.attribute == "enum-name"
                    or _retyped_input(direction, row)
                    or (row.attribute, row.action) == ("type", "retyped")
                    else None,
                    aliases=_OASDIFF_NAMES.get(rule_id, ()),
                )


_generate()
