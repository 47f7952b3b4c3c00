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
    A component renamed with identical content is not a removal: it is
    `api-schema-renamed`.
    """
    return True


@rule(
    "api-schema-renamed",
    "safe",
    "component.renamed",
    "{where} was renamed from {old}",
    migration="Regenerate your SDK: the type generated from component schema {old} is now "
    "named {new}; update the code that names it.",
    mirror_waiver="a rename is its own mirror",
    area="components",
    touches="sdk",
)
def api_schema_renamed(change: Change) -> bool:
    """A component schema was renamed, its content unchanged.

    ### What it detects
    A name under `components.schemas` in OLD only and one in NEW only whose schemas accept
    exactly the same values (compared as the diff compares them: `$ref` or inline, key
    order and spelling do not matter), used or not by operations.

    ### Why it matters to clients
    Component names are not on the wire: a client speaking HTTP sends and receives the same
    bytes, so it is safe under the `http` profile. SDK generators name a class or type after
    the component (`UserDTO` -> `User`), so code that imports or names the old type stops
    compiling: breaking under the `sdk` profile.

    ### Notes
    A schema renamed *and* changed is not a rename: it is the old component removed and a
    new one added (`api-schema-removed`, `api-schema-added`), and the operations that use it
    report what changed in their bodies. When several removed components have the content
    of several added ones, they pair in the order of their names. Pairing is by content
    only: two unrelated components that happen to accept the same values (two empty
    objects) removed and added in one change read as a rename.
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
    A name under `components.schemas` in NEW only (and not a rename: `api-schema-renamed`).

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
