"""The skeleton format's rules, declared as every rule is."""

from apidiff.diff.change import Change
from apidiff.rules.catalog import rule


@rule(
    "skeleton-endpoint-removed",
    "breaking",
    "skeleton.endpoint.removed",
    "{where} was removed",
    migration="Stop calling {where}.",
    mirror="skeleton-endpoint-added",
    area="skeleton",
)
def skeleton_endpoint_removed(change: Change) -> bool:
    """An endpoint was removed.

    ### What it detects
    An endpoint in OLD only.

    ### Why it matters to clients
    Calls to it fail.
    """
    return True


@rule(
    "skeleton-endpoint-added",
    "safe",
    "skeleton.endpoint.added",
    "{where} was added",
    mirror="skeleton-endpoint-removed",
    area="skeleton",
)
def skeleton_endpoint_added(change: Change) -> bool:
    """An endpoint was added.

    ### What it detects
    An endpoint in NEW only.

    ### Why it matters to clients
    Additive.
    """
    return True
