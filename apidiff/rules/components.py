"""Rules about named components that no operation uses, and changes no rule knows."""

from __future__ import annotations

from ..diff.change import Change
from .catalog import rule


@rule(
    "api-schema-removed",
    "safe",
    "component.removed",
    "{where} was removed",
    mirror="api-schema-added",
    area="components",
)
def api_schema_removed(change: Change) -> bool:
    """A component schema was removed (and not renamed).

    ### What it detects
    A name under `components.schemas` in OLD only, whose content does not reappear under
    another name in NEW.

    ### Why it matters to clients
    Component names are not on the wire; operations that used it report their own changes.
    SDK generators drop the matching type.

    ### Notes
    A component renamed with identical content is no change at all.
    """
    return True


@rule(
    "api-schema-added",
    "safe",
    "component.added",
    "{where} was added",
    mirror="api-schema-removed",
    area="components",
)
def api_schema_added(change: Change) -> bool:
    """A component schema was added.

    ### What it detects
    A name under `components.schemas` in NEW only (and not a rename).

    ### Why it matters to clients
    Nothing breaks.
    """
    return True


@rule(
    "api-schema-changed",
    "safe",
    "component.changed",
    "{where}: {detail}",
    mirror_waiver="covers both directions of every change",
    area="components",
)
def api_schema_changed(change: Change) -> bool:
    """A component schema that no operation uses changed.

    ### What it detects
    Any change inside a component schema that is not reachable from an operation (in
    OLD and NEW paired by name).

    ### Why it matters to clients
    Nothing on the wire depends on it; SDK types generated from it change.

    ### Notes
    Changes in components that operations use are reported under those operations, with
    the direction they are used in.
    """
    return True
