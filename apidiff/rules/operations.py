"""Rules about operations as a whole: removal, deprecation, sunset, stability, identity."""

from __future__ import annotations

from ..diff.change import Change
from .catalog import rule
from .context import before_sunset
from .lifecycle import FORMER_INVALID_STABILITY


def _before_sunset(change: Change) -> bool:
    return before_sunset(change.info.get("deprecated"), change.info.get("sunset"))


def _removal(change: Change, *, path: bool) -> bool:
    return change.info.get("path_removed", False) is path


_REMOVED_MIGRATION = (
    "Stop calling {operation}: it no longer exists. Move to its replacement before you upgrade."
)


@rule(
    "api-path-removed-without-deprecation",
    "breaking",
    "operation.removed",
    "path `{path}` was removed ({method}) without being deprecated first",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_path_removed_without_deprecation(change: Change) -> bool:
    """A whole path was removed, and the removed operation had never been deprecated.

    ### What it detects
    An operation disappears together with its path (no method is left on that path in NEW),
    and OLD did not mark it `deprecated: true`.

    ### Why it matters to clients
    Every call to it now fails (typically 404). Without a deprecation period, consumers had
    no warning to migrate.

    ### Notes
    When other methods remain on the path, `api-removed-without-deprecation` fires instead.
    """
    return _removal(change, path=True) and not change.info.get("deprecated")


@rule(
    "api-path-removed-before-sunset",
    "breaking",
    "operation.removed",
    "path `{path}` was removed ({method}) before its sunset date {sunset}",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_path_removed_before_sunset(change: Change) -> bool:
    """A whole path was removed while its announced sunset date is still in the future.

    ### What it detects
    The removed operation was deprecated with an `x-sunset` date that has not passed yet.

    ### Why it matters to clients
    Consumers were promised the operation until the sunset date and may have planned their
    migration for then.

    ### Notes
    Always breaking, whatever the deprecation policy.
    """
    return _removal(change, path=True) and _before_sunset(change)


@rule(
    "api-path-removed-with-deprecation",
    "breaking",
    "operation.removed",
    "deprecated path `{path}` was removed ({method})",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_path_removed_with_deprecation(change: Change) -> bool:
    """A whole path was removed after it had been deprecated (and its sunset, if any, passed).

    ### What it detects
    The removed operation was marked `deprecated: true` in OLD, with no future `x-sunset`.

    ### Why it matters to clients
    Clients that ignored the deprecation still break. Removing something deprecated is the
    right way to remove it, but it is still a breaking change for those who did not move.

    ### Notes
    Breaking by default; a deprecation policy in the configuration may lower it once the
    sunset has passed or after a number of days of deprecation.
    """
    return _removal(change, path=True) and bool(change.info.get("deprecated"))


@rule(
    "api-removed-without-deprecation",
    "breaking",
    "operation.removed",
    "{where} was removed without being deprecated first",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_removed_without_deprecation(change: Change) -> bool:
    """An operation was removed (its path remains) and it had never been deprecated.

    ### What it detects
    A method disappears from a path that still has other methods in NEW, and OLD did not
    mark it `deprecated: true`.

    ### Why it matters to clients
    Calls to it now fail (typically 405 or 404), without any warning period.

    ### Notes
    When the whole path goes, `api-path-removed-without-deprecation` fires instead.
    """
    return _removal(change, path=False) and not change.info.get("deprecated")


@rule(
    "api-removed-before-sunset",
    "breaking",
    "operation.removed",
    "{where} was removed before its sunset date {sunset}",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_removed_before_sunset(change: Change) -> bool:
    """An operation was removed while its announced sunset date is still in the future.

    ### What it detects
    The removed operation was deprecated with an `x-sunset` date later than today.

    ### Why it matters to clients
    Consumers were promised the operation until that date.

    ### Notes
    Always breaking, whatever the deprecation policy.
    """
    return _removal(change, path=False) and _before_sunset(change)


@rule(
    "api-removed-with-deprecation",
    "breaking",
    "operation.removed",
    "deprecated {where} was removed",
    migration=_REMOVED_MIGRATION,
    mirror="endpoint-added",
)
def api_removed_with_deprecation(change: Change) -> bool:
    """A deprecated operation was removed (its path remains).

    ### What it detects
    A method marked `deprecated: true` in OLD is gone from NEW, and no future sunset date
    protected it.

    ### Why it matters to clients
    Clients that did not migrate away from the deprecated operation break.

    ### Notes
    Breaking by default; a deprecation policy may lower it.
    """
    return _removal(change, path=False) and bool(change.info.get("deprecated"))


@rule(
    "endpoint-added",
    "safe",
    "operation.added",
    "{where} was added",
    mirror="api-removed-without-deprecation",
)
def endpoint_added(change: Change) -> bool:
    """A new operation was added.

    ### What it detects
    An operation (method + path template) present in NEW only.

    ### Why it matters to clients
    Nothing existing changes; clients may start using it.

    ### Notes
    Path parameter names do not matter: `/pets/{id}` and `/pets/{petId}` are the same path.
    """
    return True


@rule(
    "webhook-removed",
    "breaking",
    "webhook.removed",
    "{where} was removed",
    migration="Stop relying on the {operation} webhook: the API no longer sends it.",
    mirror="webhook-added",
)
def webhook_removed(change: Change) -> bool:
    """A webhook (OpenAPI 3.1 `webhooks`) was removed.

    ### What it detects
    A webhook operation present in OLD only.

    ### Why it matters to clients
    Consumers that receive it stop getting the events they subscribed to.

    ### Notes
    Webhooks reverse the roles: the API sends the request, the consumer answers.
    """
    return True


@rule("webhook-added", "safe", "webhook.added", "{where} was added", mirror="webhook-removed")
def webhook_added(change: Change) -> bool:
    """A webhook was added.

    ### What it detects
    A webhook operation present in NEW only.

    ### Why it matters to clients
    New events are available; nothing existing changes.
    """
    return True


@rule(
    "callback-removed",
    "breaking",
    "callback.removed",
    "{where} was removed",
    migration="Stop relying on the callback {operation}: the API no longer calls it.",
    mirror="callback-added",
)
def callback_removed(change: Change) -> bool:
    """A callback of an operation was removed.

    ### What it detects
    A callback operation (under an operation's `callbacks`) present in OLD only.

    ### Why it matters to clients
    Consumers that registered a callback URL stop receiving calls.

    ### Notes
    Callbacks reverse the roles, like webhooks.
    """
    return True


@rule("callback-added", "safe", "callback.added", "{where} was added", mirror="callback-removed")
def callback_added(change: Change) -> bool:
    """A callback was added to an operation.

    ### What it detects
    A callback operation present in NEW only.

    ### Why it matters to clients
    Nothing existing changes.
    """
    return True


@rule(
    "endpoint-deprecated",
    "safe",
    "operation.deprecated.added",
    "{where} was deprecated",
    mirror="endpoint-reactivated",
    # oasdiff's when a sunset comes with it, and its policy checks (judge/policy.py)
    aliases=(
        "endpoint-deprecated-with-sunset",
        "api-deprecated-sunset-missing",
        "api-sunset-date-too-small",
    ),
)
def endpoint_deprecated(change: Change) -> bool:
    """An operation was marked deprecated.

    ### What it detects
    `deprecated: true` appears on an operation.

    ### Why it matters to clients
    Nothing breaks now; consumers should plan to migrate before it is removed.

    ### Notes
    A sunset date (`x-sunset`) tells them by when. Under a deprecation policy with
    `min-days`, a deprecation without a sunset, or with one closer than that, is raised to
    breaking (oasdiff's `api-deprecated-sunset-missing` and `api-sunset-date-too-small`, listed
    as aliases: one rule, with or without a sunset, the judgement says which).
    """
    return True


@rule(
    "endpoint-reactivated",
    "safe",
    "operation.deprecated.removed",
    "{where} is no longer deprecated",
    mirror="endpoint-deprecated",
)
def endpoint_reactivated(change: Change) -> bool:
    """An operation's deprecation was withdrawn.

    ### What it detects
    `deprecated: true` disappears from an operation.

    ### Why it matters to clients
    Nothing breaks.
    """
    return True


@rule(
    "api-sunset-date-changed-too-small",
    "dangerous",
    "operation.sunset.earlier",
    "{where}: sunset date moved earlier, from {old} to {new}",
    migration="Migrate away from {operation} before {new}, earlier than announced.",
    mirror="api-sunset-date-extended",
)
def api_sunset_date_changed_too_small(change: Change) -> bool:
    """A deprecated operation's sunset date moved earlier.

    ### What it detects
    `x-sunset` changes to an earlier date.

    ### Why it matters to clients
    Consumers have less time than announced to migrate.

    ### Notes
    Dangerous while the new date leaves time; breaking when the new date has already
    passed, or is closer than the deprecation policy's `min-days` (the judgement records
    which). Dates are ISO 8601 (`2026-06-30`), RFC 3339 timestamps, or HTTP-dates as the
    `Sunset` header (RFC 8594) writes them; anything else is `api-path-sunset-parse`.
    """
    return True


@rule(
    "api-sunset-date-extended",
    "safe",
    "operation.sunset.later",
    "{where}: sunset date moved later, from {old} to {new}",
    mirror="api-sunset-date-changed-too-small",
)
def api_sunset_date_extended(change: Change) -> bool:
    """A sunset date moved later.

    ### What it detects
    `x-sunset` changes to a later date (both values are dates).

    ### Why it matters to clients
    Consumers get more time.

    ### Notes
    A value that is not a date is never read as an extension: `api-path-sunset-parse`.
    """
    return True


@rule(
    "api-path-sunset-parse",
    "breaking",
    "operation.sunset.invalid",
    "{where}: x-sunset changed from {old} to {new}, which is not a date",
    migration="Ask the API's owners for the real sunset date of {operation}; until then "
    "assume it may go at any time.",
    mirror_waiver="an unreadable date is its own mirror",
    aliases=("api-deprecated-sunset-parse",),
)
def api_path_sunset_parse(change: Change) -> bool:
    """An operation's `x-sunset` is not a date (in OLD or in NEW).

    ### What it detects
    `x-sunset` is added or changed, and OLD's or NEW's value is not a date (ISO 8601, an
    RFC 3339 timestamp or an HTTP-date): `TBD`, `Q3`, `30/06/2026`, a number.

    ### Why it matters to clients
    The sunset is the date consumers plan their migration by, and the one the deprecation
    policy enforces (`api-removed-before-sunset`). An unreadable date promises nothing
    anyone can check: it is a contract error, never read as "the sunset was extended".

    ### Notes
    Breaking whichever side is unreadable: when OLD's was, NEW repairs it, and whether the
    repaired date is earlier than what consumers assumed cannot be told; review it and
    accept it with an ignore. oasdiff's `api-deprecated-sunset-parse` is the same check.
    """
    return True


@rule(
    "api-sunset-date-added",
    "safe",
    "operation.sunset.added",
    "{where}: sunset date {new} announced",
    mirror="sunset-deleted",
)
def api_sunset_date_added(change: Change) -> bool:
    """A sunset date was announced for an operation.

    ### What it detects
    `x-sunset` appears, with a date.

    ### Why it matters to clients
    Nothing breaks now; it says when the operation will go away.

    ### Notes
    Under a deprecation policy with `min-days`, a new deprecation whose sunset is closer
    than that is raised to breaking (oasdiff's `api-sunset-date-too-small`).
    """
    return True


@rule(
    "sunset-deleted",
    "breaking",
    "operation.sunset.deleted",
    "{where}: sunset date {old} deleted, but the operation is still deprecated",
    migration="Plan to migrate away from {operation} now: it is still deprecated and no "
    "longer says until when it will stay.",
    mirror="api-sunset-date-added",
    aliases=("api-sunset-deleted",),
)
def sunset_deleted(change: Change) -> bool:
    """A deprecated operation's sunset date was deleted while it stays deprecated.

    ### What it detects
    `x-sunset` disappears and `deprecated: true` remains.

    ### Why it matters to clients
    The sunset was a promise: the operation stays until that day. Without it the
    operation may be removed at any time, and the removal no longer counts as "before
    sunset" (which no policy may soften): the promise is withdrawn.

    ### Notes
    A sunset that goes together with the deprecation is `api-sunset-date-deleted` (safe):
    the operation is no longer going away.
    """
    return True


@rule(
    "api-sunset-date-deleted",
    "safe",
    "operation.sunset.withdrawn",
    "{where}: sunset date {old} withdrawn with the deprecation",
    mirror="api-sunset-date-added",
)
def api_sunset_date_deleted(change: Change) -> bool:
    """An operation's sunset date was withdrawn together with its deprecation.

    ### What it detects
    `x-sunset` disappears and the operation is no longer deprecated.

    ### Why it matters to clients
    Nothing breaks: the operation is no longer going away.

    ### Notes
    Deleting the sunset of an operation that stays deprecated is `sunset-deleted`.
    """
    return True


@rule(
    "api-stability-decreased",
    "breaking",
    "operation.stability.decreased",
    "{where}: stability lowered from {old} to {new}",
    migration="Treat {operation} as {new}: it may now change without notice; pin versions or "
    "avoid it in production.",
    mirror="api-stability-increased",
)
def api_stability_decreased(change: Change) -> bool:
    """An operation's `x-stability-level` was lowered (stable > beta > alpha > draft).

    ### What it detects
    `x-stability-level` moves down; an operation without one counts as `stable`.

    ### Why it matters to clients
    The guarantees consumers built on are withdrawn.
    """
    return True


@rule(
    "api-stability-increased",
    "safe",
    "operation.stability.increased",
    "{where}: stability raised from {old} to {new}",
    mirror="api-stability-decreased",
)
def api_stability_increased(change: Change) -> bool:
    """An operation's `x-stability-level` was raised.

    ### What it detects
    `x-stability-level` moves up (draft < alpha < beta < stable).

    ### Why it matters to clients
    More guarantees; nothing breaks.

    ### Notes
    A level that is not one of the four is `api-invalid-stability-level`, never a raise.
    """
    return True


@rule(
    "api-invalid-stability-level",
    "breaking",
    ("operation.stability.invalid", "schema.stability.invalid"),
    "{where}: x-stability-level changed from {old} to {new}, which is not draft, alpha, "
    "beta or stable",
    migration="Ask the API's owners what {where} promises; until then treat it as unstable.",
    mirror_waiver="an unreadable level is its own mirror",
    aliases=FORMER_INVALID_STABILITY,
)
def api_invalid_stability_level(change: Change) -> bool:
    """An `x-stability-level` is not one of draft, alpha, beta, stable.

    ### What it detects
    `x-stability-level` changes on an operation, a parameter, a header, a body or a
    property, and OLD's or NEW's value is not one of the four levels (case does not matter)
    or not a string: `GA`, `experimental`, `2`.

    ### Why it matters to clients
    The level says what consumers may rely on, and the stability policy exempts what is
    below its threshold by it. An unknown word promises nothing checkable: a contract
    error, never read as "stability raised" (a naive ranking would put `GA` above `beta`).

    ### Notes
    Breaking whichever side is unreadable, as `api-path-sunset-parse` is. One rule wherever
    the level is written, as oasdiff's `api-invalid-stability-level` is: the contract error
    is the same on an operation and on a property (the per-place ids it had,
    `request-property-invalid-stability-level` and the like, are its aliases).
    """
    return True


@rule(
    "api-operation-id-changed",
    "dangerous",
    "operation.operation-id.changed",
    "{where}: operationId changed from {old} to {new}",
    migration="Regenerate your SDK: the method for {operation} is renamed from {old} to {new}.",
    mirror_waiver="a rename is its own mirror",
    touches="sdk",
)
def api_operation_id_changed(change: Change) -> bool:
    """An operation's `operationId` changed.

    ### What it detects
    `operationId` has a different value.

    ### Why it matters to clients
    Nothing changes on the wire, but SDK generators name methods after it: code written
    against a generated client stops compiling.

    ### Notes
    Dangerous rather than breaking because hand-written HTTP clients are unaffected.
    """
    return True


@rule(
    "api-operation-id-removed",
    "dangerous",
    "operation.operation-id.removed",
    "{where}: operationId {old} removed",
    migration="Regenerate your SDK: the method name for {operation} will change.",
    mirror="api-operation-id-added",
    touches="sdk",
)
def api_operation_id_removed(change: Change) -> bool:
    """An operation's `operationId` was removed.

    ### What it detects
    `operationId` disappears.

    ### Why it matters to clients
    SDK generators fall back to a derived name, renaming generated methods.
    """
    return True


@rule(
    "api-operation-id-added",
    "safe",
    "operation.operation-id.added",
    "{where}: operationId {new} added",
    mirror="api-operation-id-removed",
)
def api_operation_id_added(change: Change) -> bool:
    """An `operationId` was added to an operation.

    ### What it detects
    `operationId` appears.

    ### Why it matters to clients
    Nothing on the wire changes (generated method names may change on regeneration).
    """
    return True


@rule(
    "api-tag-added",
    "safe",
    "operation.tag.added",
    "{where}: tag {new} added",
    mirror="api-tag-removed",
)
def api_tag_added(change: Change) -> bool:
    """A tag was added to an operation.

    ### What it detects
    A new entry in `tags`.

    ### Why it matters to clients
    Documentation grouping only (some generators group methods by tag).
    """
    return True


@rule(
    "api-tag-removed",
    "safe",
    "operation.tag.removed",
    "{where}: tag {old} removed",
    mirror="api-tag-added",
)
def api_tag_removed(change: Change) -> bool:
    """A tag was removed from an operation.

    ### What it detects
    An entry of `tags` disappears.

    ### Why it matters to clients
    Documentation grouping only.

    ### Notes
    Generators that split clients by tag may move the method to another class.
    """
    return True


@rule(
    "api-summary-changed",
    "safe",
    "operation.summary.changed",
    "{where}: summary changed",
    mirror_waiver="documentation changes are their own mirror",
)
def api_summary_changed(change: Change) -> bool:
    """An operation's summary changed.

    ### What it detects
    `summary` text differs.

    ### Why it matters to clients
    Documentation only.
    """
    return True


@rule(
    "api-description-changed",
    "safe",
    "operation.description.changed",
    "{where}: description changed",
    mirror_waiver="documentation changes are their own mirror",
)
def api_description_changed(change: Change) -> bool:
    """An operation's description changed.

    ### What it detects
    `description` text differs.

    ### Why it matters to clients
    Documentation only; read it for behaviour changes the contract cannot express.
    """
    return True
