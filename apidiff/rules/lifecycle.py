"""The deprecation lifecycle of parameters, headers, bodies and properties: their
``x-sunset`` and ``x-stability-level`` judged as an operation's are (``rules/operations.py``),
one rule per place and fact, generated over the places the schema table knows.

Loaded before the other rule modules of the family: a removal before the sunset claims the
change ahead of the plain removal rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..diff.change import Change
from ..model import Direction
from ..result import Severity
from .catalog import declare
from .context import before_sunset

__all__ = ["FACTS", "GENERATED", "LOCATIONS"]

B, D, S = Severity.BREAKING, Severity.DANGEROUS, Severity.SAFE

# The places of the schema table (``table.LOCATIONS``, which a test holds this to): not
# imported from it, as this module registers first and the table's order is its own.
LOCATIONS = {
    Direction.REQUEST: ("body", "property", "parameter"),
    Direction.RESPONSE: ("body", "property", "header"),
}
_PLACE = {
    "body": "a body's root schema",
    "property": "a property (of a body, parameter or header schema)",
    "parameter": "a request parameter",
    "header": "a response header",
}


@dataclass(frozen=True, slots=True)
class _Fact:
    verb: str  # schema.<attribute>.<verb>
    attribute: str
    name: str  # the id after "<direction>-<location>-"
    severity: Severity
    message: str
    what: str
    why: str
    migration: str | None = None
    mirror: str | None = None
    notes: str | None = None
    aliases: Callable[[str], tuple[str, ...]] = lambda prefix: ()


_UNREADABLE = (
    "Breaking whichever side is unreadable: when OLD's was, NEW repairs it, and whether the "
    "repaired value promises less than consumers assumed cannot be told; review it and accept "
    "it with an ignore."
)

FACTS = (
    _Fact(
        "added",
        "sunset",
        "sunset-date-added",
        S,
        "{where}: sunset date {new} announced",
        "`x-sunset` appears, with a date.",
        "Nothing breaks now; it says until when consumers may rely on it.",
        mirror="sunset-deleted",
    ),
    _Fact(
        "deleted",
        "sunset",
        "sunset-deleted",
        B,
        "{where}: sunset date {old} deleted, but it is still deprecated",
        "`x-sunset` disappears while `deprecated: true` remains.",
        "The sunset promised it would stay until that day; without it, it may go at any time "
        "and its removal no longer counts as before the sunset.",
        migration="Stop relying on {where} now: it is still deprecated and no longer says "
        "until when it will stay.",
        mirror="sunset-date-added",
        notes="A sunset that goes together with the deprecation is `...-sunset-date-deleted` "
        "(safe): it is no longer going away.",
    ),
    _Fact(
        "withdrawn",
        "sunset",
        "sunset-date-deleted",
        S,
        "{where}: sunset date {old} withdrawn with the deprecation",
        "`x-sunset` disappears and `deprecated: true` goes with it.",
        "Nothing breaks: it is no longer going away.",
        mirror="sunset-date-added",
    ),
    _Fact(
        "earlier",
        "sunset",
        "sunset-date-changed-too-small",
        D,
        "{where}: sunset date moved earlier, from {old} to {new}",
        "`x-sunset` changes to an earlier date.",
        "Consumers have less time than announced to stop relying on it.",
        migration="Stop relying on {where} before {new}, earlier than announced.",
        mirror="sunset-date-extended",
        notes="Dangerous while the new date leaves time; the judgement raises it to breaking "
        "when the new date has passed, or is closer than the deprecation policy's `min-days`, "
        "as for operations (`api-sunset-date-changed-too-small`).",
    ),
    _Fact(
        "later",
        "sunset",
        "sunset-date-extended",
        S,
        "{where}: sunset date moved later, from {old} to {new}",
        "`x-sunset` changes to a later date (both values are dates).",
        "Consumers get more time.",
        mirror="sunset-date-changed-too-small",
    ),
    _Fact(
        "invalid",
        "sunset",
        "sunset-parse",
        B,
        "{where}: x-sunset changed from {old} to {new}, which is not a date",
        "`x-sunset` is added or changed, and OLD's or NEW's value is not a date (ISO 8601, an "
        "RFC 3339 timestamp or an HTTP-date): `TBD`, `Q3`, `30/06/2026`, a number.",
        "An unreadable sunset promises nothing anyone can check, and the deprecation policy "
        "cannot enforce it: a contract error, never read as a sunset extended.",
        migration="Ask the API's owners for the real sunset date of {where}; until then assume "
        "it may go at any time.",
        notes=_UNREADABLE,
        aliases=lambda prefix: (
            (f"{prefix}-deprecated-sunset-invalid",) if prefix.endswith("property") else ()
        ),
    ),
)


def _at(direction: Direction, location: str) -> Callable[[Change], bool]:
    def claims(change: Change) -> bool:
        return change.direction is direction and change.location == location

    return claims


# An invalid `x-stability-level` is one rule wherever it is written, oasdiff's
# `api-invalid-stability-level` (rules/operations.py); these were its ids per place.
FORMER_INVALID_STABILITY = tuple(
    f"{direction.value}-{location}-invalid-stability-level"
    for direction, locations in LOCATIONS.items()
    for location in locations
)

GENERATED: set[str] = set()  # the ids ``_generate`` made (tests/test_lifecycle.py fires each)


def _generate() -> None:
    for direction, locations in LOCATIONS.items():
        for location in locations:
            prefix = f"{direction.value}-{location}"
            for fact in FACTS:
                what = f"In {_PLACE[location]} of a {direction.value}: {fact.what}"
                doc = f"{what}\n\n### What it detects\n{what}\n\n### Why it matters to clients\n"
                doc += fact.why + (f"\n\n### Notes\n{fact.notes}" if fact.notes else "")
                mirror = f"{prefix}-{fact.mirror}" if fact.mirror else None
                GENERATED.add(f"{prefix}-{fact.name}")
                declare(
                    f"{prefix}-{fact.name}",
                    fact.severity,
                    f"schema.{fact.attribute}.{fact.verb}",
                    fact.message,
                    doc=doc,
                    summary=f"{direction.value} {location}: {fact.what}",
                    when=_at(direction, location),
                    migration=fact.migration,
                    mirror=mirror,
                    mirror_waiver=None if mirror else "an unreadable value is its own mirror",
                    area="lifecycle",
                    aliases=fact.aliases(prefix),
                )


_generate()


# -- removed before the sunset --------------------------------------------------------------
def _before(direction: Direction) -> Callable[[Change], bool]:
    def claims(change: Change) -> bool:
        return change.direction is direction and before_sunset(
            change.info.get("deprecated"), change.info.get("sunset")
        )

    return claims


_BEFORE_WHY = (
    "It was deprecated with an `x-sunset` date that has not come (or cannot be read): "
    "consumers were promised it until then and may have planned their migration for that "
    "day."
)
_BEFORE_NOTES = "Always breaking, whatever the deprecation policy, as for operations."

for _id, _kind, _direction, _what in (
    (
        "request-parameter-removed-before-sunset",
        "parameter.removed",
        Direction.REQUEST,
        "A request parameter",
    ),
    (
        "response-header-removed-before-sunset",
        "header.removed",
        Direction.RESPONSE,
        "A response header",
    ),
    (
        "request-property-removed-before-sunset",
        "schema.property.removed",
        Direction.REQUEST,
        "A request property",
    ),
    (
        "response-property-removed-before-sunset",
        "schema.property.removed",
        Direction.RESPONSE,
        "A response property",
    ),
):
    declare(
        _id,
        B,
        _kind,
        "{where} was removed before its sunset date {sunset}",
        doc=f"{_what} was removed before its announced sunset date.\n\n### What it detects\n"
        f"{_what}, deprecated with an `x-sunset` date still to come, is gone from NEW."
        f"\n\n### Why it matters to clients\n{_BEFORE_WHY}\n\n### Notes\n{_BEFORE_NOTES}",
        when=_before(_direction),
        migration="Stop relying on {where} now: it was removed before the sunset date "
        "{sunset} it announced.",
        mirror_waiver="an addition has no sunset to keep",
        area="lifecycle",
    )
