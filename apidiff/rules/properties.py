"""Rules about the property set of object schemas: added, removed, required, read/write-only.

These are not table rules because the verdict depends on more than direction: a removed
response property breaks clients only if it was required; a removed request property breaks
them only if the object no longer accepts unknown properties.
"""

from __future__ import annotations

from ..diff.change import Change
from ..model import Direction
from .catalog import PHRASES, rule

PHRASES.update(
    {
        ("property", "added"): "added",
        ("property", "removed"): "removed",
        ("property", "became-required"): "became required",
        ("property", "became-optional"): "became optional",
        ("property", "became-read-only"): "became read-only",
        ("property", "became-not-read-only"): "is no longer read-only",
        ("property", "became-write-only"): "became write-only",
        ("property", "became-not-write-only"): "is no longer write-only",
    }
)


def _req(change: Change) -> bool:
    return change.direction is Direction.REQUEST


def _res(change: Change) -> bool:
    return change.direction is Direction.RESPONSE


def _required(change: Change) -> bool:
    return bool(change.info.get("required"))


def _with_default(change: Change) -> bool:
    return bool(change.info.get("with_default"))


@rule(
    "new-required-request-property",
    "breaking",
    "schema.property.added",
    "{where} was added as a required property",
    migration="Include {where} in what you send to {operation}.",
    mirror="response-required-property-removed",
    area="properties",
)
def new_required_request_property(change: Change) -> bool:
    """A new required property was added to a request schema.

    ### What it detects
    A property in NEW only, listed in `required` (readOnly properties do not count in
    requests).

    ### Why it matters to clients
    Existing requests lack it and are rejected.

    ### Notes
    With a `default`, `new-required-request-property-with-default` fires instead (oasdiff's
    split of the same check).
    """
    return _req(change) and _required(change) and not _with_default(change)


@rule(
    "new-required-request-property-with-default",
    "breaking",
    "schema.property.added",
    "{where} was added as a required property (its default does not make it optional)",
    migration="Include {where} in what you send to {operation}.",
    mirror_waiver="a case of new-required-request-property, whose mirror is "
    "response-required-property-removed",
    area="properties",
)
def new_required_request_property_with_default(change: Change) -> bool:
    """A new required property with a default value was added to a request schema.

    ### What it detects
    A property in NEW only, listed in `required`, that declares a `default`.

    ### Why it matters to clients
    Existing requests lack it and are rejected. The default does not help: JSON Schema
    validates `required` before any default could apply, so a required property must be
    sent. The id is oasdiff's, which reports this case apart from a property without one.
    """
    return _req(change) and _required(change) and _with_default(change)


@rule(
    "new-optional-request-property",
    "safe",
    "schema.property.added",
    "{where} was added as an optional property",
    mirror="request-property-removed",
    area="properties",
)
def new_optional_request_property(change: Change) -> bool:
    """A new optional property was added to a request schema.

    ### What it detects
    A property in NEW only, not required.

    ### Why it matters to clients
    Existing requests stay valid.
    """
    return _req(change) and not _required(change)


@rule(
    "request-property-removed-from-closed-object",
    "breaking",
    "schema.property.removed",
    "{where} was removed and the object no longer accepts unknown properties",
    migration="Stop sending {where}: the server rejects properties it does not list.",
    mirror="new-optional-request-property",
    area="properties",
)
def request_property_removed_from_closed_object(change: Change) -> bool:
    """A request property was removed from an object that forbids extra properties.

    ### What it detects
    A property in OLD only, where NEW's object has `additionalProperties: false`.

    ### Why it matters to clients
    Clients still send it, and the server must now reject the request.

    ### Notes
    For open objects, `request-property-removed` (dangerous) fires instead.
    """
    return _req(change) and bool(change.info.get("closed"))


@rule(
    "request-property-removed",
    "dangerous",
    "schema.property.removed",
    "{where} was removed",
    migration="Stop sending {where}: the server no longer reads it.",
    mirror="new-optional-request-property",
    area="properties",
)
def request_property_removed(change: Change) -> bool:
    """A property was removed from a request schema that still accepts unknown properties.

    ### What it detects
    A property in OLD only.

    ### Why it matters to clients
    Clients still send it; the server ignores it (the value silently stops mattering) or,
    if it validates strictly, rejects it.

    ### Notes
    Breaking when the object is closed (`request-property-removed-from-closed-object`).
    """
    return _req(change)


@rule(
    "response-required-property-removed",
    "breaking",
    "schema.property.removed",
    "required {where} was removed",
    migration="Stop reading {where}: responses of {operation} no longer contain it.",
    mirror="response-required-property-added",
    area="properties",
)
def response_required_property_removed(change: Change) -> bool:
    """A required property was removed from a response.

    ### What it detects
    A property in OLD only, listed in OLD's `required` (writeOnly properties do not count
    in responses).

    ### Why it matters to clients
    Clients read it unconditionally and fail without it.
    """
    return _res(change) and _required(change)


@rule(
    "response-optional-property-removed",
    "dangerous",
    "schema.property.removed",
    "optional {where} was removed",
    migration="Stop relying on {where}: responses of {operation} no longer contain it.",
    mirror="response-optional-property-added",
    area="properties",
)
def response_optional_property_removed(change: Change) -> bool:
    """An optional property was removed from a response.

    ### What it detects
    A property in OLD only, not required in OLD.

    ### Why it matters to clients
    Clients had to cope with its absence, but code that used it loses the data.
    """
    return _res(change)


@rule(
    "response-required-property-added",
    "safe",
    "schema.property.added",
    "required {where} was added",
    mirror="response-required-property-removed",
    area="properties",
)
def response_required_property_added(change: Change) -> bool:
    """A required property was added to a response.

    ### What it detects
    A property in NEW only, required.

    ### Why it matters to clients
    Additive; clients ignore what they do not read.
    """
    return _res(change) and _required(change)


@rule(
    "response-optional-property-added",
    "safe",
    "schema.property.added",
    "optional {where} was added",
    mirror="response-optional-property-removed",
    area="properties",
)
def response_optional_property_added(change: Change) -> bool:
    """An optional property was added to a response.

    ### What it detects
    A property in NEW only, not required.

    ### Why it matters to clients
    Additive.
    """
    return _res(change)


@rule(
    "request-property-became-required",
    "breaking",
    "schema.property.became-required",
    "{where} became required",
    migration="Always include {where} in what you send to {operation}.",
    mirror="response-property-became-required",
    area="properties",
    aliases=("request-header-property-became-required",),  # oasdiff's, inside a header
)
def request_property_became_required(change: Change) -> bool:
    """A request property became required.

    ### What it detects
    A property added to `required` in a request schema.

    ### Why it matters to clients
    Requests that omit it are rejected.

    ### Notes
    With a `default`, `request-property-became-required-with-default` fires instead
    (oasdiff's split of the same check).
    """
    return _req(change) and not _with_default(change)


@rule(
    "request-property-became-required-with-default",
    "breaking",
    "schema.property.became-required",
    "{where} became required (its default does not make it optional)",
    migration="Always include {where} in what you send to {operation}.",
    mirror_waiver="a case of request-property-became-required, whose mirror is "
    "response-property-became-required",
    area="properties",
)
def request_property_became_required_with_default(change: Change) -> bool:
    """A request property that has a default value became required.

    ### What it detects
    A property added to `required` in a request schema, where it declares a `default`.

    ### Why it matters to clients
    Requests that omit it are rejected: a default is no excuse for leaving out a required
    property. The id is oasdiff's, which reports this case apart.
    """
    return _req(change) and _with_default(change)


@rule(
    "request-property-became-optional",
    "safe",
    "schema.property.became-optional",
    "{where} became optional",
    mirror="response-property-became-optional",
    area="properties",
)
def request_property_became_optional(change: Change) -> bool:
    """A request property became optional.

    ### What it detects
    A property dropped from `required` in a request schema.

    ### Why it matters to clients
    Nothing breaks.
    """
    return _req(change)


@rule(
    "response-property-became-optional",
    "breaking",
    "schema.property.became-optional",
    "{where} became optional",
    migration="Handle responses of {operation} where {where} is missing.",
    mirror="request-property-became-optional",
    area="properties",
)
def response_property_became_optional(change: Change) -> bool:
    """A response property is no longer guaranteed.

    ### What it detects
    A property dropped from `required` in a response schema.

    ### Why it matters to clients
    Clients that read it unconditionally fail when it is absent.
    """
    return _res(change)


@rule(
    "response-property-became-required",
    "safe",
    "schema.property.became-required",
    "{where} became required",
    mirror="request-property-became-required",
    area="properties",
)
def response_property_became_required(change: Change) -> bool:
    """A response property is now guaranteed.

    ### What it detects
    A property added to `required` in a response schema.

    ### Why it matters to clients
    A stronger promise; nothing breaks.
    """
    return _res(change)


@rule(
    "request-property-became-read-only",
    "dangerous",
    "schema.property.became-read-only",
    "{where} became read-only",
    migration="Stop sending {where}: the server now ignores it.",
    mirror="response-optional-property-became-write-only",
    area="properties",
    # oasdiff splits it by whether the property is required
    aliases=(
        "request-optional-property-became-read-only",
        "request-required-property-became-read-only",
    ),
)
def request_property_became_read_only(change: Change) -> bool:
    """A request property became `readOnly`.

    ### What it detects
    `readOnly: true` appears on a property of a request schema.

    ### Why it matters to clients
    The server no longer takes the value from requests: what clients send is ignored.
    """
    return True


@rule(
    "request-required-property-became-not-read-only",
    "breaking",
    "schema.property.became-not-read-only",
    "{where} is no longer read-only and is required",
    migration="Include {where} in what you send to {operation}.",
    mirror="request-property-became-read-only",
    area="properties",
)
def request_required_property_became_not_read_only(change: Change) -> bool:
    """A required property that was read-only must now be sent.

    ### What it detects
    `readOnly` disappears from a property that is required.

    ### Why it matters to clients
    It is now, in effect, a new required request property.
    """
    return _required(change)


@rule(
    "request-optional-property-became-not-read-only",
    "safe",
    "schema.property.became-not-read-only",
    "{where} is no longer read-only",
    mirror="request-property-became-read-only",
    area="properties",
)
def request_optional_property_became_not_read_only(change: Change) -> bool:
    """An optional read-only property may now be sent.

    ### What it detects
    `readOnly` disappears from an optional property.

    ### Why it matters to clients
    A new optional input; nothing breaks.
    """
    return True


@rule(
    "response-required-property-became-write-only",
    "breaking",
    "schema.property.became-write-only",
    "required {where} became write-only",
    migration="Stop reading {where}: responses no longer contain it.",
    mirror="request-property-became-read-only",
    area="properties",
)
def response_required_property_became_write_only(change: Change) -> bool:
    """A required response property became `writeOnly`.

    ### What it detects
    `writeOnly: true` appears on a required response property.

    ### Why it matters to clients
    It is no longer returned: in effect a required response property was removed.
    """
    return _required(change)


@rule(
    "response-optional-property-became-write-only",
    "dangerous",
    "schema.property.became-write-only",
    "optional {where} became write-only",
    migration="Stop relying on {where}: responses no longer contain it.",
    mirror="request-property-became-read-only",
    area="properties",
)
def response_optional_property_became_write_only(change: Change) -> bool:
    """An optional response property became `writeOnly`.

    ### What it detects
    `writeOnly: true` appears on an optional response property.

    ### Why it matters to clients
    It is no longer returned.
    """
    return True


@rule(
    "response-property-became-not-write-only",
    "safe",
    "schema.property.became-not-write-only",
    "{where} is no longer write-only",
    mirror="request-optional-property-became-not-read-only",
    area="properties",
    aliases=(
        "response-required-property-became-not-write-only",
        "response-optional-property-became-not-write-only",
    ),
)
def response_property_became_not_write_only(change: Change) -> bool:
    """A write-only property is now returned in responses.

    ### What it detects
    `writeOnly` disappears from a property.

    ### Why it matters to clients
    A new response property; nothing breaks.
    """
    return True


@rule(
    "response-property-extensible-enum-value-added",
    "safe",
    "schema.enum-value.added",
    "{where}: value {new} added to an extensible enum",
    mirror="request-property-enum-value-removed",
    area="schemas",
)
def response_property_extensible_enum_value_added(change: Change) -> bool:
    """A value was added to a response enum declared open (`x-extensible-enum`).

    ### What it detects
    In a response, a new value of an `x-extensible-enum`.

    ### Why it matters to clients
    The contract told clients to expect unknown values, so a new one breaks nobody.

    ### Notes
    A plain `enum` value added to a response is dangerous instead.
    """
    return _res(change) and bool(change.info.get("extensible"))
