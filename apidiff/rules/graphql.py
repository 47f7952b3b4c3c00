"""GraphQL rules: one row each, covering graphql-core's and graphql-inspector's change types.

Verdicts follow what a client's operations can notice. Clients send arguments, input
objects, variables and directives in their documents; they receive fields, enum values,
union members and interface implementations. So an input that becomes required breaks
them and an output that becomes non-null does not; an enum value added is dangerous where
the enum is returned and safe where it is only accepted; a directive no operation can
contain (type-system locations only) can change freely. Where this differs from
graphql-core's classification, docs/graphql.md lists the difference and its reason.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diff.change import Change
from ..result import Severity
from .catalog import GRAPHQL, Rule, register

B, D, S = Severity.BREAKING, Severity.DANGEROUS, Severity.SAFE


def _info(key: str, value: object = True) -> Callable[[Change], bool]:
    return lambda change: change.info.get(key) == value


def _not(key: str) -> Callable[[Change], bool]:
    return lambda change: not change.info.get(key)


def _add(
    rule_id: str,
    severity: Severity,
    kind: str,
    message: str,
    what: str,
    why: str,
    *,
    when=None,
    migration: str | None = None,
    mirror: str | None = None,
    waiver: str | None = None,
    notes: str = "None.",
) -> None:
    register(
        Rule(
            id=rule_id,
            severity=severity,
            kinds=(f"graphql.{kind}",),
            message=message,
            summary=what,
            doc=(
                f"{what}\n\n### What it detects\n{what}\n\n### Why it matters to clients\n{why}"
                f"\n\n### Notes\n{notes}"
            ),
            migration=migration,
            when=when,
            formats=GRAPHQL,
            mirror=mirror,
            mirror_waiver=waiver if mirror is None else None,
            area="graphql",
        )
    )


_SAFE_DOC = "Nothing a client sends or receives changes."

# -- schema roots ---------------------------------------------------------------------------
_add(
    "schema-root-removed",
    B,
    "schema.root-removed",
    "the {root} root type {old} was removed",
    "A schema no longer has a query, mutation or subscription root.",
    "Every operation of that kind now fails validation.",
    migration="Stop sending {root} operations: the schema has none.",
    mirror="schema-root-added",
)
_add(
    "schema-root-added",
    S,
    "schema.root-added",
    "a {root} root type {new} was added",
    "A schema gains a mutation or subscription root.",
    _SAFE_DOC,
    mirror="schema-root-removed",
)
_add(
    "schema-root-type-changed",
    D,
    "schema.root-changed",
    "the {root} root type changed from {old} to {new}",
    "The type that serves as a root changed name.",
    "Operations still work; fragments spread on the old root type name (`... on Query`) fail.",
    migration="Update fragments on {old} to use {new}.",
    waiver="a rename is its own mirror",
)

# -- types ----------------------------------------------------------------------------------
_add(
    "type-removed",
    B,
    "type.removed",
    "{where} ({old}) was removed",
    "A named type was removed.",
    "Fragments (`... on T`) and variables (`$x: T`) that name it stop validating, and fields "
    "that returned or took it are gone.",
    migration="Stop naming {where} in fragments and variables.",
    mirror="type-added",
    notes="Built-in scalars are never reported: every schema has them, referenced or not.",
)
_add(
    "type-added",
    S,
    "type.added",
    "{where} ({new}) was added",
    "A named type was added.",
    _SAFE_DOC,
    mirror="type-removed",
)
_add(
    "type-kind-changed",
    B,
    "type.kind-changed",
    "{where} changed from {old} to {new}",
    "A type changed kind (e.g. object to interface, enum to scalar).",
    "Selections, fragments and variables written for the old kind no longer validate.",
    migration="Rewrite the queries, fragments and variables that use {where}: it is now {new}.",
    waiver="a change of kind is its own mirror",
)
_add(
    "type-description-changed",
    S,
    "type.description-changed",
    "{where}: description changed",
    "A type's description changed.",
    _SAFE_DOC,
    waiver="documentation",
)

# -- fields ---------------------------------------------------------------------------------
_add(
    "field-removed",
    B,
    "field.removed",
    "{where} was removed",
    "A field of an object or interface type was removed.",
    "Queries selecting it fail validation.",
    migration="Remove {where} from your queries and fragments.",
    mirror="field-added",
    notes="Removing a deprecated field is still breaking: clients that ignored the "
    "deprecation break.",
)
_add(
    "field-added",
    S,
    "field.added",
    "{where} was added",
    "A field was added.",
    _SAFE_DOC,
    mirror="field-removed",
)
_add(
    "field-type-changed",
    B,
    "field.type-changed",
    "{where} changed type from {old} to {new}",
    "An output field's type changed in a way clients notice.",
    "Code and generated types built for the old type misread the new one (a different "
    "named type, a list where there was none, or a value that may now be null).",
    when=_not("safe"),
    migration="Update the code that reads {where}: its type is now {new}.",
    mirror="argument-type-changed",
)
_add(
    "field-became-non-null",
    S,
    "field.type-changed",
    "{where} changed type from {old} to {new}",
    "An output field became non-null (at some list level) and nothing else changed.",
    "Clients that handled null keep working; they simply never see it.",
    when=_info("safe"),
    mirror="argument-became-nullable",
)

# -- interfaces and unions ------------------------------------------------------------------
_add(
    "object-type-interface-added",
    D,
    "interface.added",
    "{where} now implements {new}",
    "A type now implements an interface.",
    "Fragments on the interface now also match this type, and a field returning the "
    "interface may return it: exhaustive handling of the implementations misses it.",
    migration="Handle {where} where your code switches over the types implementing {new}.",
    mirror="object-type-interface-removed",
)
_add(
    "object-type-interface-removed",
    B,
    "interface.removed",
    "{where} no longer implements {old}",
    "A type no longer implements an interface.",
    "Fragments on the interface spread inside this type stop validating, and fields of the "
    "interface selected through it may be gone.",
    migration="Stop spreading fragments on {old} inside {where}.",
    mirror="object-type-interface-added",
)
_add(
    "union-member-added",
    D,
    "union-member.added",
    "{where}: member {new} was added",
    "A union gained a member type.",
    "Fields returning the union may return a type clients do not handle.",
    migration="Handle {new} (or a default) where your code switches over {where}.",
    mirror="union-member-removed",
)
_add(
    "union-member-removed",
    B,
    "union-member.removed",
    "{where}: member {old} was removed",
    "A union lost a member type.",
    "Fragments on the removed member inside the union stop validating.",
    migration="Remove the fragments on {old} from selections of {where}.",
    mirror="union-member-added",
)

# -- enums ----------------------------------------------------------------------------------
_add(
    "enum-value-added",
    D,
    "enum-value.added",
    "{where} was added",
    "A value was added to an enum that clients receive in responses.",
    "Clients that switch exhaustively over the enum (generated enums) fail on the new value.",
    when=_info("output"),
    migration="Handle {where} (or unknown values) where your code reads this enum.",
    mirror="enum-value-removed",
)
_add(
    "input-enum-value-added",
    S,
    "enum-value.added",
    "{where} was added",
    "A value was added to an enum that is only ever sent by clients.",
    "Clients may send one more value; nothing they receive changes.",
    mirror="output-enum-value-removed",
)
_add(
    "enum-value-removed",
    B,
    "enum-value.removed",
    "{where} was removed",
    "A value was removed from an enum that clients send (arguments, input fields).",
    "Operations and variables using the value fail validation.",
    when=_info("input"),
    migration="Stop sending {where}.",
    mirror="enum-value-added",
)
_add(
    "output-enum-value-removed",
    S,
    "enum-value.removed",
    "{where} was removed",
    "A value was removed from an enum that clients only receive.",
    "Clients simply stop receiving it; no operation can name an output-only value.",
    mirror="input-enum-value-added",
)

# -- arguments, input fields, directive arguments --------------------------------------------
_ROLES = {
    "argument": ("argument", "An argument of a field"),
    "input-field": ("input field", "A field of an input object type"),
    "directive-argument": ("directive argument", "An argument of a directive"),
}


def _role_rules(role: str, label: str, subject: str) -> None:
    kind = role
    executable: Callable[[Change], bool] = (
        _info("executable") if role == "directive-argument" else (lambda c: True)
    )
    _add(
        f"required-{role}-added",
        B,
        f"{kind}.added",
        "required {where} was added",
        f"{subject} was added as required (non-null, no default).",
        "Operations that do not pass it fail validation.",
        when=lambda c: executable(c) and bool(c.info.get("required")),
        migration="Pass {where} ({new}) wherever you use it.",
        mirror=f"{role}-removed",
    )
    _add(
        f"optional-{role}-added",
        S,
        f"{kind}.added",
        "optional {where} was added",
        f"{subject} was added as optional (nullable or with a default).",
        _SAFE_DOC,
        mirror=f"{role}-removed",
        notes="graphql-core calls this dangerous; apidiff does not, see docs/graphql.md.",
    )
    _add(
        f"{role}-removed",
        B,
        f"{kind}.removed",
        "{where} was removed",
        f"{subject} was removed.",
        "Operations that pass it fail validation.",
        when=executable,
        migration="Stop passing {where}.",
        mirror=f"optional-{role}-added",
    )
    _add(
        f"{role}-became-required",
        B,
        f"{kind}.became-required",
        "{where} became required",
        f"{subject} became required: non-null without a default (given a `!`, or its default "
        "removed).",
        "Operations that omit it fail.",
        when=executable,
        migration="Always pass {where}.",
        mirror=f"{role}-became-optional",
    )
    _add(
        f"{role}-became-optional",
        S,
        f"{kind}.became-optional",
        "{where} became optional (from {old} to {new})",
        f"{subject} became optional: nullable, or given a default.",
        "Every operation that passed it still does; others may now omit it.",
        mirror=f"{role}-became-required",
    )
    _add(
        f"{role}-type-changed",
        B,
        f"{kind}.type-changed",
        "{where} changed type from {old} to {new}",
        f"{subject} changed type in a way old operations notice.",
        "Values and variables of the old type no longer validate.",
        when=lambda c: executable(c) and not c.info.get("safe"),
        migration="Send {where} as {new} (variables declared as {old} must change).",
        mirror="field-type-changed",
    )
    _add(
        f"{role}-became-nullable",
        S,
        f"{kind}.type-changed",
        "{where} changed type from {old} to {new}",
        f"{subject} now also accepts null (and nothing else changed).",
        "Every value clients sent is still valid.",
        when=_info("safe"),
        mirror=f"{role}-type-changed",
        notes="A variable declared with the old non-null type still fits the new position.",
    )
    _add(
        f"{role}-default-value-added",
        S,
        f"{kind}.default-value-added",
        "{where}: default value {new} added",
        f"{subject} gained a default value.",
        _SAFE_DOC,
        mirror=f"{role}-default-value-removed",
    )
    _add(
        f"{role}-default-value-removed",
        D,
        f"{kind}.default-value-removed",
        "{where}: default value {old} removed",
        f"{subject} lost its default value (it stays optional).",
        "Operations that omitted it now get null or server-side behaviour instead of the default.",
        when=executable,
        migration="Pass {where} explicitly ({old}) if you relied on it.",
        mirror=f"{role}-default-value-added",
    )
    _add(
        f"{role}-default-value-changed",
        D,
        f"{kind}.default-value-changed",
        "{where}: default value changed from {old} to {new}",
        f"{subject}'s default value changed.",
        "Operations that omit it silently get different behaviour.",
        when=executable,
        migration="Pass {where} explicitly ({old}) if you relied on it.",
        waiver="a change of default is its own mirror",
    )


_DOC_KINDS = [
    ("description-changed", "{where}: description changed", "description changed"),
    ("deprecated", "{where} was deprecated", "was deprecated"),
    ("undeprecated", "{where} is no longer deprecated", "is no longer deprecated"),
    (
        "deprecation-reason-changed",
        "{where}: deprecation reason changed",
        "deprecation reason changed",
    ),
]
_DOC_MIRRORS = {"deprecated": "undeprecated", "undeprecated": "deprecated"}


def _doc_rules(role: str, subject: str) -> None:
    for action, message, what in _DOC_KINDS:
        mirror = f"{role}-{_DOC_MIRRORS[action]}" if action in _DOC_MIRRORS else None
        _add(
            f"{role}-{action}",
            S,
            f"{role}.{action}",
            message,
            f"{subject}: {what}.",
            _SAFE_DOC + " Deprecation tells clients to migrate before a removal.",
            mirror=mirror,
            waiver="documentation",
        )


# Type-system directives first: they claim every change of a directive no operation can use.
_add(
    "type-system-directive-changed",
    S,
    "directive-argument.added",
    "{where} was added (type-system directive)",
    "Any change of a directive that only type-system locations accept.",
    "No operation can contain the directive, so no client can be affected.",
    when=_not("executable"),
    waiver="covers every change of such directives",
    notes="graphql-core reports these as breaking; see docs/graphql.md.",
)
for _kind in (
    "removed",
    "became-required",
    "became-optional",
    "type-changed",
    "default-value-removed",
    "default-value-changed",
):
    register(
        Rule(
            id=f"type-system-directive-argument-{_kind}",
            severity=S,
            kinds=(f"graphql.directive-argument.{_kind}",),
            message="{where}: " + _kind.replace("-", " ") + " (type-system directive)",
            summary=f"An argument of a type-system-only directive: {_kind.replace('-', ' ')}.",
            doc=(
                f"An argument of a type-system-only directive: {_kind.replace('-', ' ')}.\n\n"
                "### What it detects\nA change to an argument of a directive that only "
                "type-system locations accept.\n\n### Why it matters to clients\nNo operation can "
                "contain the directive, so no client can be affected.\n\n### Notes\ngraphql-core "
                "reports some of these as breaking; see docs/graphql.md."
            ),
            when=_not("executable"),
            formats=GRAPHQL,
            mirror_waiver="covers both directions",
            area="graphql",
        )
    )

for _role, (_label, _subject) in _ROLES.items():
    _role_rules(_role, _label, _subject)
for _role, _subject in (
    ("field", "A field"),
    ("argument", "An argument"),
    ("input-field", "An input field"),
    ("directive-argument", "A directive argument"),
    ("enum-value", "An enum value"),
):
    _doc_rules(_role, _subject)

# -- input objects and scalars --------------------------------------------------------------
_add(
    "input-type-became-one-of",
    B,
    "input-type.one-of-added",
    "{where} became @oneOf",
    "An input object became a @oneOf (exactly one field must be given).",
    "Inputs that set several fields, or none, are now rejected.",
    migration="Send exactly one field of {where}.",
    mirror="input-type-no-longer-one-of",
)
_add(
    "input-type-no-longer-one-of",
    S,
    "input-type.one-of-removed",
    "{where} is no longer @oneOf",
    "An input object is no longer a @oneOf.",
    "Every input that set exactly one field is still valid.",
    mirror="input-type-became-one-of",
)
_add(
    "scalar-specified-by-changed",
    D,
    "scalar.specified-by-changed",
    "{where}: @specifiedBy changed from {old} to {new}",
    "A custom scalar's specification URL changed.",
    "The scalar's format may have changed; parsers written for the old one may fail.",
    migration="Check that your parsing of {where} follows {new}.",
    waiver="a change of URL is its own mirror",
)
_add(
    "scalar-specified-by-added",
    S,
    "scalar.specified-by-added",
    "{where}: @specifiedBy {new} added",
    "A custom scalar now documents its format.",
    _SAFE_DOC,
    mirror="scalar-specified-by-removed",
)
_add(
    "scalar-specified-by-removed",
    S,
    "scalar.specified-by-removed",
    "{where}: @specifiedBy {old} removed",
    "A custom scalar no longer links its format.",
    _SAFE_DOC,
    mirror="scalar-specified-by-added",
)

# -- applied directives ---------------------------------------------------------------------
_add(
    "directive-usage-added",
    S,
    "directive-usage.added",
    "{where}: directive {new} applied",
    "A directive was applied in the schema (e.g. federation's @key, a custom @auth).",
    "Applied schema directives are for servers and tools; clients' operations do not see them.",
    mirror="directive-usage-removed",
    notes="@deprecated, @specifiedBy and @oneOf have rules of their own.",
)
_add(
    "directive-usage-removed",
    S,
    "directive-usage.removed",
    "{where}: directive {old} removed",
    "A directive applied in the schema was removed.",
    "Applied schema directives are for servers and tools; clients' operations do not see them.",
    mirror="directive-usage-added",
)

# -- directive definitions ------------------------------------------------------------------
_add(
    "directive-removed",
    B,
    "directive.removed",
    "{where} was removed",
    "A directive that operations can use (an executable location) was removed.",
    "Operations using it fail validation.",
    when=_info("executable"),
    migration="Remove {where} from your operations.",
    mirror="directive-added",
)
_add(
    "type-system-directive-removed",
    S,
    "directive.removed",
    "{where} was removed",
    "A directive that only type-system locations accept was removed.",
    "No operation can contain it, so no client can be affected.",
    mirror="directive-added",
    notes="graphql-core reports every removed directive as breaking; see docs/graphql.md.",
)
_add(
    "directive-added",
    S,
    "directive.added",
    "{where} was added",
    "A directive was added.",
    _SAFE_DOC,
    mirror="directive-removed",
)
_add(
    "directive-location-removed",
    B,
    "directive.location-removed",
    "{where}: location {old} removed",
    "A directive can no longer be used at an executable location (e.g. FIELD).",
    "Operations using it there fail validation.",
    when=_info("executable"),
    migration="Stop using {where} on {old}.",
    mirror="directive-location-added",
)
_add(
    "type-system-directive-location-removed",
    S,
    "directive.location-removed",
    "{where}: location {old} removed",
    "A directive can no longer be used at a type-system location.",
    "Only schemas use type-system locations.",
    mirror="directive-location-added",
)
_add(
    "directive-location-added",
    S,
    "directive.location-added",
    "{where}: location {new} added",
    "A directive can be used at one more location.",
    _SAFE_DOC,
    mirror="directive-location-removed",
)
_add(
    "directive-repeatable-removed",
    B,
    "directive.repeatable-removed",
    "{where} is no longer repeatable",
    "An executable directive is no longer repeatable.",
    "Operations applying it twice at one location fail validation.",
    when=_info("executable"),
    migration="Apply {where} at most once per location.",
    mirror="directive-repeatable-added",
)
_add(
    "type-system-directive-repeatable-removed",
    S,
    "directive.repeatable-removed",
    "{where} is no longer repeatable",
    "A type-system-only directive is no longer repeatable.",
    "Only schemas apply it.",
    mirror="directive-repeatable-added",
)
_add(
    "directive-repeatable-added",
    S,
    "directive.repeatable-added",
    "{where} became repeatable",
    "A directive became repeatable.",
    _SAFE_DOC,
    mirror="directive-repeatable-removed",
)
_add(
    "directive-description-changed",
    S,
    "directive.description-changed",
    "{where}: description changed",
    "A directive's description changed.",
    _SAFE_DOC,
    waiver="documentation",
)

# -- client operations (--operations) --------------------------------------------------------
_add(
    "client-operation-broken",
    B,
    "operation.broken",
    "{where} no longer validates: {reasons}",
    "A client operation given with --operations no longer validates against NEW.",
    "The operation fails for certain: graphql-core's validator rejects it, with the reason "
    "shown. This is the exact answer the schema-level rules can only approximate.",
    migration="Fix {where} for the new schema: {reasons}.",
    waiver="an operation that starts to validate was an input error against OLD",
    notes="An operation that does not validate against OLD is an input error (exit 2).",
)
