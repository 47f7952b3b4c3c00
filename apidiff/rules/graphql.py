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
from .catalog import declare

B, D, S = Severity.BREAKING, Severity.DANGEROUS, Severity.SAFE


def _info(key: str, value: object = True) -> Callable[[Change], bool]:
    return lambda change: change.info.get(key) == value


def _not(key: str) -> Callable[[Change], bool]:
    return lambda change: not change.info.get(key)


def _add(
    *,
    id: str,
    severity: Severity,
    on: str,
    message: str,
    summary: str,
    why: str,
    when=None,
    migration: str | None = None,
    mirror: str | None = None,
    waiver: str | None = None,
    notes: str | None = None,
    touches: str | None = None,
) -> None:
    """A GraphQL rule: ``declare`` with its page built from a summary and a reason."""
    doc = f"{summary}\n\n### What it detects\n{summary}\n\n### Why it matters to clients\n{why}"
    declare(
        id,
        severity,
        f"graphql.{on}",
        message,
        doc=doc + (f"\n\n### Notes\n{notes}" if notes else ""),
        summary=summary,
        when=when,
        migration=migration,
        mirror=mirror,
        mirror_waiver=waiver if mirror is None else None,
        area="graphql",
        touches=touches,
    )


_SAFE_DOC = "Nothing a client sends or receives changes."

# -- schema roots ---------------------------------------------------------------------------
_add(
    id="schema-root-removed",
    severity=B,
    on="schema.root-removed",
    message="the {root} root type {old} was removed",
    summary="A schema no longer has a query, mutation or subscription root.",
    why="Every operation of that kind now fails validation.",
    migration="Stop sending {root} operations: the schema has none.",
    mirror="schema-root-added",
)
_add(
    id="schema-root-added",
    severity=S,
    on="schema.root-added",
    message="a {root} root type {new} was added",
    summary="A schema gains a mutation or subscription root.",
    why=_SAFE_DOC,
    mirror="schema-root-removed",
)
_add(
    id="schema-root-type-changed",
    severity=D,
    on="schema.root-changed",
    message="the {root} root type changed from {old} to {new}",
    summary="The type that serves as a root changed name.",
    why="Operations still work; fragments spread on the old root type name (`... on Query`) fail.",
    notes="Operations select the fields of whichever type is the root, so the old root's fields "
    "are compared with the new root's, whether the root type was renamed or the root moved to "
    "another type (one both versions have, or with the old root kept): a field the new root "
    "lacks is `field-removed`, breaking; a move to a type with the same fields breaks nothing.",
    migration="Update fragments on {old} to use {new}.",
    waiver="a rename is its own mirror",
)

# -- types ----------------------------------------------------------------------------------
_add(
    id="type-removed",
    severity=B,
    on="type.removed",
    message="{where} ({old}) was removed",
    summary="A named type was removed.",
    why="Fragments (`... on T`) and variables (`$x: T`) that name it stop validating, and fields "
    "that returned or took it are gone.",
    migration="Stop naming {where} in fragments and variables.",
    mirror="type-added",
    notes="Built-in scalars are never reported: every schema has them, referenced or not.",
)
_add(
    id="type-added",
    severity=S,
    on="type.added",
    message="{where} ({new}) was added",
    summary="A named type was added.",
    why=_SAFE_DOC,
    mirror="type-removed",
)
_add(
    id="type-kind-changed",
    severity=B,
    on="type.kind-changed",
    message="{where} changed from {old} to {new}",
    summary="A type changed kind (e.g. object to interface, enum to scalar).",
    why="Selections, fragments and variables written for the old kind no longer validate.",
    migration="Rewrite the queries, fragments and variables that use {where}: it is now {new}.",
    waiver="a change of kind is its own mirror",
)
_add(
    id="type-description-changed",
    severity=S,
    on="type.description-changed",
    message="{where}: description changed",
    summary="A type's description changed.",
    why=_SAFE_DOC,
    waiver="documentation",
)

# -- fields ---------------------------------------------------------------------------------
_add(
    id="field-removed",
    severity=B,
    on="field.removed",
    message="{where} was removed",
    summary="A field of an object or interface type was removed.",
    why="Queries selecting it fail validation.",
    migration="Remove {where} from your queries and fragments.",
    mirror="field-added",
    notes="Removing a deprecated field is still breaking: clients that ignored the "
    "deprecation break.",
)
_add(
    id="field-added",
    severity=S,
    on="field.added",
    message="{where} was added",
    summary="A field was added.",
    why=_SAFE_DOC,
    mirror="field-removed",
)
_add(
    id="field-type-changed",
    severity=B,
    on="field.type-changed",
    message="{where} changed type from {old} to {new}",
    summary="An output field's type changed in a way clients notice.",
    why="Code and generated types built for the old type misread the new one (a different "
    "named type, a list where there was none, or a value that may now be null).",
    when=_not("safe"),
    migration="Update the code that reads {where}: its type is now {new}.",
    mirror="argument-type-changed",
)
_add(
    id="field-became-non-null",
    severity=S,
    on="field.type-changed",
    message="{where} changed type from {old} to {new}",
    summary="An output field became non-null (at some list level) and nothing else changed.",
    why="Clients that handled null keep working; they simply never see it.",
    when=_info("safe"),
    mirror="argument-became-nullable",
)

# -- interfaces and unions ------------------------------------------------------------------
_add(
    id="object-type-interface-added",
    severity=D,
    on="interface.added",
    message="{where} now implements {new}",
    summary="A type now implements an interface.",
    why="Fragments on the interface now also match this type, and a field returning the "
    "interface may return it: exhaustive handling of the implementations misses it.",
    migration="Handle {where} where your code switches over the types implementing {new}.",
    mirror="object-type-interface-removed",
    touches="codegen",
)
_add(
    id="object-type-interface-removed",
    severity=B,
    on="interface.removed",
    message="{where} no longer implements {old}",
    summary="A type no longer implements an interface.",
    why="Fragments on the interface spread inside this type stop validating, and fields of the "
    "interface selected through it may be gone.",
    migration="Stop spreading fragments on {old} inside {where}.",
    mirror="object-type-interface-added",
)
_add(
    id="union-member-added",
    severity=D,
    on="union-member.added",
    message="{where}: member {new} was added",
    summary="A union gained a member type.",
    why="Fields returning the union may return a type clients do not handle.",
    migration="Handle {new} (or a default) where your code switches over {where}.",
    mirror="union-member-removed",
    touches="codegen",
)
_add(
    id="possible-type-added",
    severity=D,
    on="possible-type.added",
    message="{where}: the new type {new} implements it, so {fields} may now return {new}",
    summary="A new object type implements an interface that fields return to clients.",
    why="A field returning the interface may now return an object of the new type, as a field "
    "returning a union may return a new member: code that switches over `__typename` or over "
    "the implementations it knows (generated sealed types) meets one it does not handle.",
    migration="Handle {new} (or a default) where your code switches over the types {fields} "
    "return.",
    waiver="its removal is type-removed",
    touches="codegen",
    notes="The same verdict as `union-member-added` and `object-type-interface-added`: a new "
    "possible type of an abstract type is dangerous wherever fields return it. Only fields that "
    "clients could already select count (on a type the roots reach, returning the interface in "
    "OLD too); a new type implementing an interface no such field returns is only "
    "`type-added`. See docs/graphql.md.",
)
_add(
    id="union-member-removed",
    severity=B,
    on="union-member.removed",
    message="{where}: member {old} was removed",
    summary="A union lost a member type.",
    why="Fragments on the removed member inside the union stop validating.",
    migration="Remove the fragments on {old} from selections of {where}.",
    mirror="union-member-added",
)

# -- enums ----------------------------------------------------------------------------------
_add(
    id="enum-value-added",
    severity=D,
    on="enum-value.added",
    message="{where} was added",
    summary="A value was added to an enum that clients receive in responses.",
    why="Clients that switch exhaustively over the enum (generated enums) fail on the new value.",
    when=_info("output"),
    migration="Handle {where} (or unknown values) where your code reads this enum.",
    mirror="enum-value-removed",
    touches="codegen",
)
_add(
    id="input-enum-value-added",
    severity=S,
    on="enum-value.added",
    message="{where} was added",
    summary="A value was added to an enum that is only ever sent by clients.",
    why="Clients may send one more value; nothing they receive changes.",
    mirror="output-enum-value-removed",
)
_add(
    id="enum-value-removed",
    severity=B,
    on="enum-value.removed",
    message="{where} was removed",
    summary="A value was removed from an enum that clients send (arguments, input fields).",
    why="Operations and variables using the value fail validation.",
    when=_info("input"),
    migration="Stop sending {where}.",
    mirror="enum-value-added",
)
_add(
    id="output-enum-value-removed",
    severity=S,
    on="enum-value.removed",
    message="{where} was removed",
    summary="A value was removed from an enum that clients only receive.",
    why="Clients simply stop receiving it; no operation can name an output-only value.",
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
        id=f"required-{role}-added",
        severity=B,
        on=f"{kind}.added",
        message="required {where} was added",
        summary=f"{subject} was added as required (non-null, no default).",
        why="Operations that do not pass it fail validation.",
        when=lambda c: executable(c) and bool(c.info.get("required")),
        migration="Pass {where} ({new}) wherever you use it.",
        mirror=f"{role}-removed",
    )
    _add(
        id=f"optional-{role}-added",
        severity=S,
        on=f"{kind}.added",
        message="optional {where} was added",
        summary=f"{subject} was added as optional (nullable or with a default).",
        why=_SAFE_DOC,
        mirror=f"{role}-removed",
        notes="graphql-core calls this dangerous; apidiff does not, see docs/graphql.md.",
    )
    _add(
        id=f"{role}-removed",
        severity=B,
        on=f"{kind}.removed",
        message="{where} was removed",
        summary=f"{subject} was removed.",
        why="Operations that pass it fail validation.",
        when=executable,
        migration="Stop passing {where}.",
        mirror=f"optional-{role}-added",
    )
    _add(
        id=f"{role}-became-required",
        severity=B,
        on=f"{kind}.became-required",
        message="{where} became required",
        summary=f"{subject} became required: non-null without a default "
        "(given a `!`, or its default removed).",
        why="Operations that omit it fail.",
        when=executable,
        migration="Always pass {where}.",
        mirror=f"{role}-became-optional",
    )
    _add(
        id=f"{role}-became-optional",
        severity=S,
        on=f"{kind}.became-optional",
        message="{where} became optional (from {old} to {new})",
        summary=f"{subject} became optional: nullable, or given a default.",
        why="Every operation that passed it still does; others may now omit it.",
        mirror=f"{role}-became-required",
    )
    _add(
        id=f"{role}-type-changed",
        severity=B,
        on=f"{kind}.type-changed",
        message="{where} changed type from {old} to {new}",
        summary=f"{subject} changed type in a way old operations notice.",
        why="Values and variables of the old type no longer validate.",
        when=lambda c: executable(c) and not c.info.get("safe"),
        migration="Send {where} as {new} (variables declared as {old} must change).",
        mirror="field-type-changed",
    )
    _add(
        id=f"{role}-became-nullable",
        severity=S,
        on=f"{kind}.type-changed",
        message="{where} changed type from {old} to {new}",
        summary=f"{subject} now also accepts null (and nothing else changed).",
        why="Every value clients sent is still valid.",
        when=_info("safe"),
        mirror=f"{role}-type-changed",
        notes="A variable declared with the old non-null type still fits the new position.",
    )
    _add(
        id=f"{role}-default-value-added",
        severity=D,
        on=f"{kind}.default-value-added",
        message="{where}: default value {new} added",
        summary=f"{subject}, optional already, gained a default value.",
        why="Operations that omitted it passed nothing (null, or the server's own behaviour); "
        "now they pass the default. What omitting it means changed, as when a default changes.",
        when=executable,
        migration="Pass {where} explicitly if omitting it must keep meaning what it did.",
        mirror=f"{role}-default-value-removed",
        notes="A required argument (non-null, no default) that gains a default becomes "
        "optional instead (`...-became-optional`, safe): every operation passed it, so none "
        "sees the default. Dangerous rather than breaking: often the default only writes down "
        "what the server already did.",
    )
    _add(
        id=f"{role}-default-value-removed",
        severity=D,
        on=f"{kind}.default-value-removed",
        message="{where}: default value {old} removed",
        summary=f"{subject} lost its default value (it stays optional).",
        why="Operations that omitted it now get null or server-side behaviour instead of the "
        "default.",
        when=executable,
        migration="Pass {where} explicitly ({old}) if you relied on it.",
        mirror=f"{role}-default-value-added",
    )
    _add(
        id=f"{role}-default-value-changed",
        severity=D,
        on=f"{kind}.default-value-changed",
        message="{where}: default value changed from {old} to {new}",
        summary=f"{subject}'s default value changed.",
        why="Operations that omit it silently get different behaviour.",
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
            id=f"{role}-{action}",
            severity=S,
            on=f"{role}.{action}",
            message=message,
            summary=f"{subject}: {what}.",
            why=_SAFE_DOC + " Deprecation tells clients to migrate before a removal.",
            mirror=mirror,
            waiver="documentation",
        )


# Type-system directives first: they claim every change of a directive no operation can use.
_add(
    id="type-system-directive-changed",
    severity=S,
    on="directive-argument.added",
    message="{where} was added (type-system directive)",
    summary="Any change of a directive that only type-system locations accept.",
    why="No operation can contain the directive, so no client can be affected.",
    when=_not("executable"),
    waiver="covers every change of such directives",
    notes="graphql-core reports these as breaking; see docs/graphql.md.",
)
for _kind in (
    "removed",
    "became-required",
    "became-optional",
    "type-changed",
    "default-value-added",
    "default-value-removed",
    "default-value-changed",
):
    _add(
        id=f"type-system-directive-argument-{_kind}",
        severity=S,
        on=f"directive-argument.{_kind}",
        message="{where}: " + _kind.replace("-", " ") + " (type-system directive)",
        summary=f"An argument of a type-system-only directive: {_kind.replace('-', ' ')}.",
        why="No operation can contain the directive, so no client can be affected.",
        when=_not("executable"),
        waiver="covers both directions",
        notes="graphql-core reports some of these as breaking; see docs/graphql.md.",
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
    id="input-type-became-one-of",
    severity=B,
    on="input-type.one-of-added",
    message="{where} became @oneOf",
    summary="An input object became a @oneOf (exactly one field must be given).",
    why="Inputs that set several fields, or none, are now rejected.",
    migration="Send exactly one field of {where}.",
    mirror="input-type-no-longer-one-of",
)
_add(
    id="input-type-no-longer-one-of",
    severity=S,
    on="input-type.one-of-removed",
    message="{where} is no longer @oneOf",
    summary="An input object is no longer a @oneOf.",
    why="Every input that set exactly one field is still valid.",
    mirror="input-type-became-one-of",
)
_add(
    id="scalar-specified-by-changed",
    severity=D,
    on="scalar.specified-by-changed",
    message="{where}: @specifiedBy changed from {old} to {new}",
    summary="A custom scalar's specification URL changed.",
    why="The scalar's format may have changed; parsers written for the old one may fail.",
    migration="Check that your parsing of {where} follows {new}.",
    waiver="a change of URL is its own mirror",
)
_add(
    id="scalar-specified-by-added",
    severity=S,
    on="scalar.specified-by-added",
    message="{where}: @specifiedBy {new} added",
    summary="A custom scalar now documents its format.",
    why=_SAFE_DOC,
    mirror="scalar-specified-by-removed",
)
_add(
    id="scalar-specified-by-removed",
    severity=S,
    on="scalar.specified-by-removed",
    message="{where}: @specifiedBy {old} removed",
    summary="A custom scalar no longer links its format.",
    why=_SAFE_DOC,
    mirror="scalar-specified-by-added",
)

# -- applied directives ---------------------------------------------------------------------
_COMPOSITION_WHY = (
    "They tell a router how to compose subgraphs and plan queries; what clients may ask and "
    "get is unchanged."
)
_add(
    id="directive-usage-added",
    severity=D,
    on="directive-usage.added",
    message="{where}: directive {new} applied",
    summary="A directive was applied in the schema (a custom @auth, @cost, federation's "
    "@inaccessible or @requiresScopes).",
    why="Clients' operations do not see applied directives, but a server acts on them: "
    "one may now refuse a field to some callers, reject a query as too costly, or hide an "
    "element. apidiff cannot know what an arbitrary directive does, so it asks for a "
    "review (graphql-inspector grades it dangerous too).",
    when=_not("composition"),
    migration="Check what {new} makes the server do at {where} (who may read it, what it "
    "costs) and that your callers still qualify.",
    mirror="directive-usage-removed",
    notes="@deprecated, @specifiedBy and @oneOf have rules of their own; federation's "
    "composition directives (@key, @shareable, @external, …) are "
    "`federation-directive-usage-added`.",
)
_add(
    id="directive-usage-removed",
    severity=D,
    on="directive-usage.removed",
    message="{where}: directive {old} removed",
    summary="A directive applied in the schema was removed.",
    why="Clients' operations do not see applied directives, but a server acts on them: "
    "removing one may change who can read a field, what a query costs or what is visible. "
    "apidiff cannot know what an arbitrary directive does, so it asks for a review.",
    when=_not("composition"),
    migration="Check what the server did for {old} at {where} and whether your callers "
    "relied on it.",
    mirror="directive-usage-added",
)
_add(
    id="federation-directive-usage-added",
    severity=S,
    on="directive-usage.added",
    message="{where}: directive {new} applied",
    summary="One of federation's composition directives (@key, @shareable, @external, "
    "@provides, @requires, @extends, @override, @interfaceObject, @composeDirective, @link) "
    "was applied.",
    why=_COMPOSITION_WHY + " (graphql-inspector grades every applied directive dangerous; "
    "see docs/graphql.md.)",
    when=_info("composition"),
    mirror="federation-directive-usage-removed",
)
_add(
    id="federation-directive-usage-removed",
    severity=S,
    on="directive-usage.removed",
    message="{where}: directive {old} removed",
    summary="One of federation's composition directives was removed.",
    why=_COMPOSITION_WHY,
    when=_info("composition"),
    mirror="federation-directive-usage-added",
)
_add(
    id="directive-usage-changed",
    severity=D,
    on="directive-usage.changed",
    message="{where}: directive {old} is now {new}",
    summary="A directive applied in the schema (once) now has other arguments.",
    why="Clients' operations do not see applied directives, but a server acts on them: "
    "`@auth(requires: USER)` -> `ADMIN` may refuse the field to callers who could read it, "
    "`@cost(weight: 1)` -> `10` may get queries rejected. apidiff cannot know what an "
    "arbitrary directive's arguments mean, so it asks for a review: one finding for the "
    "directive, not a removal and an addition.",
    when=_not("composition"),
    migration="Check what {new} makes the server do at {where} and that your callers still "
    "qualify.",
    waiver="a change of arguments is its own mirror",
    notes="Paired by the directive's name when it is applied once on each side; a repeatable "
    "directive applied several times pairs by its whole text (`directive-usage-added` / "
    "`-removed`). graphql-inspector reports each argument added or removed on its own.",
)
_add(
    id="federation-directive-usage-changed",
    severity=S,
    on="directive-usage.changed",
    message="{where}: directive {old} is now {new}",
    summary="One of federation's composition directives, applied once, now has other "
    'arguments (`@key(fields: "id")` -> `@key(fields: "id sku")`, a `@link` version).',
    why=_COMPOSITION_WHY,
    when=_info("composition"),
    waiver="a change of arguments is its own mirror",
)

# -- directive definitions ------------------------------------------------------------------
_add(
    id="directive-removed",
    severity=B,
    on="directive.removed",
    message="{where} was removed",
    summary="A directive that operations can use (an executable location) was removed.",
    why="Operations using it fail validation.",
    when=_info("executable"),
    migration="Remove {where} from your operations.",
    mirror="directive-added",
)
_add(
    id="type-system-directive-removed",
    severity=S,
    on="directive.removed",
    message="{where} was removed",
    summary="A directive that only type-system locations accept was removed.",
    why="No operation can contain it, so no client can be affected.",
    mirror="directive-added",
    notes="graphql-core reports every removed directive as breaking; see docs/graphql.md.",
)
_add(
    id="directive-added",
    severity=S,
    on="directive.added",
    message="{where} was added",
    summary="A directive was added.",
    why=_SAFE_DOC,
    mirror="directive-removed",
)
_add(
    id="directive-location-removed",
    severity=B,
    on="directive.location-removed",
    message="{where}: location {old} removed",
    summary="A directive can no longer be used at an executable location (e.g. FIELD).",
    why="Operations using it there fail validation.",
    when=_info("executable"),
    migration="Stop using {where} on {old}.",
    mirror="directive-location-added",
)
_add(
    id="type-system-directive-location-removed",
    severity=S,
    on="directive.location-removed",
    message="{where}: location {old} removed",
    summary="A directive can no longer be used at a type-system location.",
    why="Only schemas use type-system locations.",
    mirror="directive-location-added",
)
_add(
    id="directive-location-added",
    severity=S,
    on="directive.location-added",
    message="{where}: location {new} added",
    summary="A directive can be used at one more location.",
    why=_SAFE_DOC,
    mirror="directive-location-removed",
)
_add(
    id="directive-repeatable-removed",
    severity=B,
    on="directive.repeatable-removed",
    message="{where} is no longer repeatable",
    summary="An executable directive is no longer repeatable.",
    why="Operations applying it twice at one location fail validation.",
    when=_info("executable"),
    migration="Apply {where} at most once per location.",
    mirror="directive-repeatable-added",
)
_add(
    id="type-system-directive-repeatable-removed",
    severity=S,
    on="directive.repeatable-removed",
    message="{where} is no longer repeatable",
    summary="A type-system-only directive is no longer repeatable.",
    why="Only schemas apply it.",
    mirror="directive-repeatable-added",
)
_add(
    id="directive-repeatable-added",
    severity=S,
    on="directive.repeatable-added",
    message="{where} became repeatable",
    summary="A directive became repeatable.",
    why=_SAFE_DOC,
    mirror="directive-repeatable-removed",
)
_add(
    id="directive-description-changed",
    severity=S,
    on="directive.description-changed",
    message="{where}: description changed",
    summary="A directive's description changed.",
    why=_SAFE_DOC,
    waiver="documentation",
)

# -- client operations (--operations) --------------------------------------------------------
_add(
    id="client-operation-broken",
    severity=B,
    on="operation.broken",
    message="{where} no longer validates: {reasons}",
    summary="A client operation given with --operations no longer validates against NEW.",
    why="The operation fails for certain: graphql-core's validator rejects it, with the reason "
    "shown. This is the exact answer the schema-level rules can only approximate.",
    migration="Fix {where} for the new schema: {reasons}.",
    waiver="an operation that starts to validate was an input error against OLD",
    notes="An operation that does not validate against OLD is an input error (exit 2).",
)
