"""Rules about operations as a whole: removal, deprecation, sunset, stability, identity."""

from __future__ import annotations

from ..diff.change import Change
from ..model import Stability
from .catalog import rule
from .context import parse_date, today


def _before_sunset(change: Change) -> bool:
    sunset = parse_date(change.info.get("sunset"))
    return bool(change.info.get("deprecated")) and sunset is not None and today() < sunset


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
    aliases=("endpoint-deprecated-with-sunset",),  # oasdiff's when a sunset comes with it
)
def endpoint_deprecated(change: Change) -> bool:
    """An operation was marked deprecated.

    ### What it detects
    `deprecated: true` appears on an operation.

    ### Why it matters to clients
    Nothing breaks now; consumers should plan to migrate before it is removed.

    ### Notes
    A sunset date (`x-sunset`) tells them by when.
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


def _sunset_earlier(change: Change) -> bool:
    old, new = parse_date(change.old), parse_date(change.new)
    return old is not None and new is not None and new < old


@rule(
    "api-sunset-date-changed-too-small",
    "dangerous",
    "operation.sunset.changed",
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
    Dates are read as ISO 8601 (`2025-06-30` or a full timestamp).
    """
    return _sunset_earlier(change)


@rule(
    "api-sunset-date-extended",
    "safe",
    "operation.sunset.changed",
    "{where}: sunset date changed from {old} to {new}",
    mirror="api-sunset-date-changed-too-small",
)
def api_sunset_date_extended(change: Change) -> bool:
    """A sunset date moved later (or changed to something that is not an earlier date).

    ### What it detects
    `x-sunset` changes, and the new date is not earlier than the old one.

    ### Why it matters to clients
    Consumers get more time.
    """
    return not _sunset_earlier(change)


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
    `x-sunset` appears.

    ### Why it matters to clients
    Nothing breaks now; it says when the operation will go away.
    """
    return True


@rule(
    "sunset-deleted",
    "safe",
    "operation.sunset.removed",
    "{where}: sunset date {old} withdrawn",
    mirror="api-sunset-date-added",
    aliases=("api-sunset-date-deleted",),
)
def sunset_deleted(change: Change) -> bool:
    """An operation's sunset date was withdrawn.

    ### What it detects
    `x-sunset` disappears.

    ### Why it matters to clients
    Nothing breaks.

    ### Notes
    oasdiff's id; apidiff's former id `api-sunset-date-deleted` still names it.
    """
    return True


def _stability_lowered(change: Change) -> bool:
    return Stability.of(change.new).rank < Stability.of(change.old).rank


@rule(
    "api-stability-decreased",
    "breaking",
    "operation.stability.changed",
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
    return _stability_lowered(change)


@rule(
    "api-stability-increased",
    "safe",
    "operation.stability.changed",
    "{where}: stability raised from {old} to {new}",
    mirror="api-stability-decreased",
)
def api_stability_increased(change: Change) -> bool:
    """An operation's `x-stability-level` was raised.

    ### What it detects
    `x-stability-level` moves up (or to an unknown level).

    ### Why it matters to clients
    More guarantees; nothing breaks.
    """
    return not _stability_lowered(change)


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
