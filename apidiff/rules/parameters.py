"""Rules about request parameters (path, query, header, cookie) other than their schemas."""

from __future__ import annotations

from ..diff.change import Change
from ..model import Direction
from .catalog import rule


def _request(change: Change) -> bool:
    return change.direction is Direction.REQUEST


@rule(
    "new-required-request-parameter",
    "breaking",
    "parameter.added",
    "required {where} was added",
    migration="Send {where} in every call to {operation}.",
    mirror="request-parameter-removed",
    area="parameters",
)
def new_required_request_parameter(change: Change) -> bool:
    """A new required request parameter was added.

    ### What it detects
    A parameter that OLD did not have, with `required: true` (path parameters always are).

    ### Why it matters to clients
    Existing calls do not send it and are rejected.

    ### Notes
    Header names compare case-insensitively; `Accept`, `Content-Type` and `Authorization`
    header parameters are ignored, as the OpenAPI specification says.
    """
    return bool(change.info.get("required"))


@rule(
    "new-optional-request-parameter",
    "safe",
    "parameter.added",
    "optional {where} was added",
    mirror="request-parameter-removed",
    area="parameters",
)
def new_optional_request_parameter(change: Change) -> bool:
    """A new optional request parameter was added.

    ### What it detects
    A parameter that OLD did not have, not required.

    ### Why it matters to clients
    Existing calls keep working.
    """
    return not change.info.get("required")


@rule(
    "request-parameter-removed",
    "dangerous",
    "parameter.removed",
    "{where} was removed",
    migration="Stop sending {where} to {operation}: the server no longer reads it (and may "
    "reject it).",
    mirror="new-optional-request-parameter",
    area="parameters",
)
def request_parameter_removed(change: Change) -> bool:
    """A request parameter was removed.

    ### What it detects
    A parameter present in OLD only.

    ### Why it matters to clients
    Clients still send it. Most servers ignore unknown parameters, so the value silently
    stops having an effect; strict servers reject the call.

    ### Notes
    Dangerous, not breaking: whether the server rejects unknown input is not in the contract.
    """
    return True


@rule(
    "request-parameter-became-required",
    "breaking",
    "parameter.became-required",
    "{where} became required",
    migration="Send {where} in every call to {operation}.",
    mirror="request-parameter-became-optional",
    area="parameters",
)
def request_parameter_became_required(change: Change) -> bool:
    """An optional request parameter became required.

    ### What it detects
    `required` goes from false (or absent) to true.

    ### Why it matters to clients
    Calls that omit it are rejected.
    """
    return True


@rule(
    "request-parameter-became-optional",
    "safe",
    "parameter.became-optional",
    "{where} became optional",
    mirror="request-parameter-became-required",
    area="parameters",
)
def request_parameter_became_optional(change: Change) -> bool:
    """A required request parameter became optional.

    ### What it detects
    `required` goes from true to false.

    ### Why it matters to clients
    Existing calls keep working.
    """
    return True


@rule(
    "request-parameter-style-changed",
    "breaking",
    "parameter.style.changed",
    "{where}: serialization style changed from {old} to {new}",
    migration="Serialize {where} with style {new} instead of {old}.",
    mirror_waiver="a change of style is its own mirror",
    area="parameters",
)
def request_parameter_style_changed(change: Change) -> bool:
    """A parameter's serialization `style` changed.

    ### What it detects
    The effective `style` differs (defaults are filled in first, so writing out the
    default is not a change).

    ### Why it matters to clients
    Arrays and objects are written differently on the wire (`a,b` vs `a|b` vs `a=1&a=2`);
    the server no longer parses what clients send.
    """
    return True


@rule(
    "request-parameter-explode-changed",
    "breaking",
    "parameter.explode.changed",
    "{where}: explode changed from {old} to {new}",
    migration="Serialize {where} with explode={new}.",
    mirror_waiver="a change of explode is its own mirror",
    area="parameters",
)
def request_parameter_explode_changed(change: Change) -> bool:
    """A parameter's `explode` flag changed.

    ### What it detects
    The effective `explode` differs (defaults filled in first).

    ### Why it matters to clients
    Array and object values serialize differently (`ids=1,2` vs `ids=1&ids=2`).

    ### Notes
    Where the parameter can only hold one primitive value on both sides, the flag changes
    nothing on the wire: that is `request-parameter-explode-changed-for-scalar` (safe).
    """
    return not change.info.get("scalar")


@rule(
    "request-parameter-explode-changed-for-scalar",
    "safe",
    "parameter.explode.changed",
    "{where}: explode changed from {old} to {new}; a single primitive value is written the "
    "same either way",
    mirror_waiver="a change of explode is its own mirror",
    area="parameters",
)
def request_parameter_explode_changed_for_scalar(change: Change) -> bool:
    """A parameter that only ever holds one primitive value changed its `explode` flag.

    ### What it detects
    The effective `explode` differs, and the parameter's schema is a string, number,
    integer or boolean (or alternatives of those) in both versions.

    ### Why it matters to clients
    It does not: in every style the OpenAPI specification's Style Examples write a
    primitive value identically with and without `explode` (`id=5`, `;id=5`, `.5`, `5`).
    A naive tool reports any change of `explode` as breaking.

    ### Notes
    An array or object parameter, or one whose type is not given, keeps
    `request-parameter-explode-changed` (breaking).
    """
    return bool(change.info.get("scalar"))


@rule(
    "request-parameter-allow-empty-value-removed",
    "breaking",
    "parameter.allow-empty-value.changed",
    "{where} no longer allows an empty value",
    migration="Stop sending {where} with an empty value.",
    mirror="request-parameter-allow-empty-value-added",
    area="parameters",
)
def request_parameter_allow_empty_value_removed(change: Change) -> bool:
    """A query parameter no longer allows an empty value.

    ### What it detects
    `allowEmptyValue` goes from true to false.

    ### Why it matters to clients
    Calls sending `?flag=` are now invalid.
    """
    return change.old is True


@rule(
    "request-parameter-allow-empty-value-added",
    "safe",
    "parameter.allow-empty-value.changed",
    "{where} now allows an empty value",
    mirror="request-parameter-allow-empty-value-removed",
    area="parameters",
)
def request_parameter_allow_empty_value_added(change: Change) -> bool:
    """A query parameter now allows an empty value.

    ### What it detects
    `allowEmptyValue` goes from false to true.

    ### Why it matters to clients
    More requests are valid; nothing breaks.
    """
    return change.new is True


@rule(
    "request-parameter-became-not-allow-reserved",
    "breaking",
    "parameter.allow-reserved.changed",
    "{where} no longer allows reserved characters",
    migration="Percent-encode reserved characters in {where}.",
    mirror="request-parameter-became-allow-reserved",
    area="parameters",
)
def request_parameter_became_not_allow_reserved(change: Change) -> bool:
    """A query parameter no longer accepts unencoded reserved characters.

    ### What it detects
    `allowReserved` goes from true to false.

    ### Why it matters to clients
    Values with `/?#[]@!$&'()*+,;=` sent raw are now read differently.
    """
    return change.old is True


@rule(
    "request-parameter-became-allow-reserved",
    "safe",
    "parameter.allow-reserved.changed",
    "{where} now allows reserved characters",
    mirror="request-parameter-became-not-allow-reserved",
    area="parameters",
)
def request_parameter_became_allow_reserved(change: Change) -> bool:
    """A query parameter now accepts unencoded reserved characters.

    ### What it detects
    `allowReserved` goes from false to true.

    ### Why it matters to clients
    Nothing breaks.
    """
    return change.new is True


@rule(
    "request-path-parameter-renamed",
    "safe",
    "parameter.renamed",
    "{where} was renamed from {old}",
    migration="Regenerate your SDK: the argument for {where} in {operation} is now named "
    "{new} (was {old}).",
    mirror_waiver="a rename is its own mirror",
    area="parameters",
    touches="sdk",
)
def request_path_parameter_renamed(change: Change) -> bool:
    """A path parameter was renamed (`/pods/{podName}` -> `/pods/{nodeId}`).

    ### What it detects
    The parameter at the same position of the same path template has a different name.
    Path parameters pair by position, so this is a rename, not a removal plus an addition.

    ### Why it matters to clients
    Nothing changes on the wire: a client speaking HTTP fills the same segment of the same
    URL. A generated SDK names the method's argument after the parameter, so code calling
    it with a named argument (`get_pod(pod_name=...)`) stops compiling or running: safe
    under the `http` profile, breaking under `sdk`.

    ### Notes
    oasdiff matches such paths silently (its suite expects no finding); apidiff reports the
    rename so that an SDK's consumers are told.
    """
    return True


@rule(
    "request-parameters-reordered",
    "safe",
    "parameters.reordered",
    "{where}: required parameters reordered from {old} to {new}",
    migration="Regenerate your SDK and check every call of {operation} that passes its "
    "required parameters by position: they are now in the order {new} (was {old}).",
    mirror_waiver="an order is its own mirror",
    area="parameters",
    touches="sdk",
)
def request_parameters_reordered(change: Change) -> bool:
    """The required parameters of an operation are declared in another order.

    ### What it detects
    Among the parameters required in both versions (path, query, header, cookie; path
    parameters identified by their place in the template, so a rename is not a move), the
    order of declaration changed: path-level parameters first, then the operation's own,
    as the document lists them.

    ### Why it matters to clients
    Nothing changes on the wire: parameters are named in the URL, headers and cookies, so
    a client speaking HTTP is unaffected (safe under the `http` profile). Generators make
    required parameters a method's positional arguments in their declared order
    (openapi-generator puts them first, in that order), so a call that passes them by
    position now sends each value as the wrong parameter — silently when the types
    agree: breaking under the `sdk` profile.

    ### Notes
    Optional parameters are left out: generators pass them by name or in an options
    object more often than by position. A parameter added or removed, or one that became
    required or optional, is its own finding and does not count as a move.
    """
    return True


@rule(
    "request-parameter-type-became-array",
    "dangerous",
    "schema.type.became-array",
    "{where}: type changed from {old} to {new}; a single value containing the separator "
    "is now read as several",
    migration="Send {where} as one value without the array separator, or as the array it now is.",
    mirror="response-header-type-became-scalar",
    area="parameters",
)
def request_parameter_type_became_array(change: Change) -> bool:
    """A request parameter that was one value is now an array, in a style whose separator
    a value can contain.

    ### What it detects
    A parameter whose schema went from a scalar to an array of it, serialized with a
    separator that is not percent-encoded inside values: `label` with `explode` (`.`),
    `spaceDelimited`, any style of a header or cookie parameter (`,`, not encoded there),
    a comma under `allowReserved`.

    ### Why it matters to clients
    What clients send today still reads as an array of one value, except a value that
    contains the separator (`v1.2`, `a b`, `x,y` in a header), which now reads as several.

    ### Notes
    Where no value can contain the separator (`form` or `matrix` with `explode`, a comma in
    a query or path), the change is reported as `request-parameter-type-generalized`
    (safe): an array of one is the same bytes as the single value. The table is in
    `apidiff/diff/wire.py` and the guide (*Parameters on the wire*).
    """
    return change.direction is Direction.REQUEST


@rule(
    "response-header-type-became-scalar",
    "dangerous",
    "schema.type.became-scalar",
    "{where}: type changed from {old} to {new}; clients that split the value on the "
    "separator may read one value as several",
    migration="Read {where} as one value; do not split it on the array separator.",
    mirror="request-parameter-type-became-array",
    area="parameters",
)
def response_header_type_became_scalar(change: Change) -> bool:
    """A response header that was an array is now one value.

    ### What it detects
    A header whose schema went from an array to a scalar its items allowed (or, in a
    webhook, a parameter apidiff's consumer receives).

    ### Why it matters to clients
    A client that parses the header as a comma-separated array still gets one item, unless
    the value contains a comma (headers are not percent-encoded), which it now splits.

    ### Notes
    Where no value can contain the separator, the change is
    `response-header-type-specialized` (safe).
    """
    return change.direction is Direction.RESPONSE


@rule(
    "request-parameter-type-became-scalar",
    "breaking",
    "schema.type.became-scalar",
    "{where}: type changed from {old} to {new}",
    migration="Send one value in {where}: several are no longer accepted.",
    mirror="response-header-type-became-array",
    area="parameters",
)
def request_parameter_type_became_scalar(change: Change) -> bool:
    """A request parameter that was an array is now one value.

    ### What it detects
    A parameter whose schema went from an array to a scalar its items allowed, in a style
    whose separator a value can contain (see `request-parameter-type-became-array`).

    ### Why it matters to clients
    Clients that send several values now send what the server reads as one value (with the
    separator in it) or rejects.
    """
    return change.direction is Direction.REQUEST


@rule(
    "response-header-type-became-array",
    "breaking",
    "schema.type.became-array",
    "{where}: type changed from {old} to {new}",
    migration="Read {where} as a list of values.",
    mirror="request-parameter-type-became-scalar",
    area="parameters",
)
def response_header_type_became_array(change: Change) -> bool:
    """A response header that was one value is now an array.

    ### What it detects
    A header whose schema went from a scalar to an array of it.

    ### Why it matters to clients
    Clients read one value; the header may now carry several, separated by commas, which
    they take for one value.
    """
    return change.direction is Direction.RESPONSE
