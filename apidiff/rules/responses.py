"""Rules about response status codes and response headers."""

from __future__ import annotations

from ..diff.change import Change
from .catalog import rule


def _success(change: Change) -> bool:
    return bool(change.info.get("success"))


@rule(
    "response-success-status-removed",
    "breaking",
    "response.status-removed",
    "{where}: success status removed",
    migration="Handle the statuses {operation} returns now instead of {old}.",
    mirror="response-success-status-added",
    area="responses",
)
def response_success_status_removed(change: Change) -> bool:
    """A success (2xx) response was removed.

    ### What it detects
    A 2xx status (or the `2XX` range) in OLD has no counterpart in NEW. A code replaced by
    its range (`200` by `2XX`) is paired, not removed.

    ### Why it matters to clients
    Clients that wait for that status (and parse its body) see something else.
    """
    return _success(change)


@rule(
    "response-non-success-status-removed",
    "safe",
    "response.status-removed",
    "{where}: non-success status removed",
    mirror="response-non-success-status-added",
    area="responses",
)
def response_non_success_status_removed(change: Change) -> bool:
    """An error (non-2xx) or `default` response was removed.

    ### What it detects
    A non-2xx status in OLD is not in NEW.

    ### Why it matters to clients
    Clients' handling of that error simply stops being exercised.
    """
    return not _success(change)


@rule(
    "response-success-status-added",
    "safe",
    "response.status-added",
    "{where}: success status added",
    mirror="response-success-status-removed",
    area="responses",
)
def response_success_status_added(change: Change) -> bool:
    """A success (2xx) response was added.

    ### What it detects
    A 2xx status in NEW only.

    ### Why it matters to clients
    Additive: a documented outcome. Clients treating any 2xx as success are unaffected.

    ### Notes
    A client that checks for one exact status may mishandle the new one.
    """
    return _success(change)


@rule(
    "response-non-success-status-added",
    "safe",
    "response.status-added",
    "{where}: non-success status added",
    mirror="response-non-success-status-removed",
    area="responses",
)
def response_non_success_status_added(change: Change) -> bool:
    """An error (non-2xx) or `default` response was added.

    ### What it detects
    A non-2xx status in NEW only.

    ### Why it matters to clients
    The error could already happen; now it is documented.
    """
    return not _success(change)


@rule(
    "response-status-generalized",
    "dangerous",
    "response.status-changed",
    "{where}: status {old} widened to the range {new}",
    migration="Accept any status in {new} from {operation}, not only {old}.",
    mirror="response-status-specialized",
    area="responses",
)
def response_status_generalized(change: Change) -> bool:
    """A status code was replaced by its range (`200` by `2XX`).

    ### What it detects
    OLD has a code, NEW has the range that contains it instead.

    ### Why it matters to clients
    Clients checking for the exact code may see another code of the range.
    """
    return str(change.new).endswith("XX")


@rule(
    "response-status-specialized",
    "safe",
    "response.status-changed",
    "{where}: status range {old} narrowed to {new}",
    mirror="response-status-generalized",
    area="responses",
)
def response_status_specialized(change: Change) -> bool:
    """A status range was replaced by one code of it (`2XX` by `200`).

    ### What it detects
    OLD has a range, NEW a code inside it.

    ### Why it matters to clients
    Clients that handled the range handle the code.
    """
    return not str(change.new).endswith("XX")


@rule(
    "response-description-changed",
    "safe",
    "response.description.changed",
    "{where}: description changed",
    mirror_waiver="documentation changes are their own mirror",
    area="responses",
)
def response_description_changed(change: Change) -> bool:
    """A response's description changed.

    ### What it detects
    `description` of a response differs.

    ### Why it matters to clients
    Documentation only.
    """
    return True


@rule(
    "response-header-added",
    "safe",
    "header.added",
    "{where} was added",
    mirror="optional-response-header-removed",
    area="headers",
)
def response_header_added(change: Change) -> bool:
    """A response header was added.

    ### What it detects
    A header in NEW only (names compare case-insensitively).

    ### Why it matters to clients
    Nothing breaks.

    ### Notes
    In a webhook, the API's request headers are judged like response headers.
    """
    return True


@rule(
    "required-response-header-removed",
    "breaking",
    "header.removed",
    "required {where} was removed",
    migration="Stop reading {where}: it is no longer sent.",
    mirror="response-header-added",
    area="headers",
)
def required_response_header_removed(change: Change) -> bool:
    """A required response header was removed.

    ### What it detects
    A header with `required: true` in OLD is not in NEW.

    ### Why it matters to clients
    Clients reading it (pagination links, rate limits, ids) get nothing.
    """
    return bool(change.info.get("required"))


@rule(
    "optional-response-header-removed",
    "dangerous",
    "header.removed",
    "optional {where} was removed",
    migration="Stop relying on {where}: it is no longer documented.",
    mirror="response-header-added",
    area="headers",
)
def optional_response_header_removed(change: Change) -> bool:
    """An optional response header was removed.

    ### What it detects
    A header without `required: true` in OLD is not in NEW.

    ### Why it matters to clients
    Clients had to cope with its absence, but many rely on it in practice.
    """
    return not change.info.get("required")


@rule(
    "response-header-became-optional",
    "breaking",
    "header.became-optional",
    "{where} became optional",
    migration="Handle responses of {operation} without {where}.",
    mirror="response-header-became-required",
    area="headers",
)
def response_header_became_optional(change: Change) -> bool:
    """A required response header became optional.

    ### What it detects
    `required` goes from true to false on a response header.

    ### Why it matters to clients
    Clients that read it unconditionally may fail when it is missing.
    """
    return True


@rule(
    "response-header-became-required",
    "safe",
    "header.became-required",
    "{where} became required",
    mirror="response-header-became-optional",
    area="headers",
)
def response_header_became_required(change: Change) -> bool:
    """An optional response header became required.

    ### What it detects
    `required` goes from false to true on a response header.

    ### Why it matters to clients
    A stronger promise; nothing breaks.
    """
    return True
