"""Rules about servers (base URLs) and their variables."""

from __future__ import annotations

from ..diff.change import Change
from .catalog import rule


@rule(
    "api-server-removed",
    "breaking",
    "server.removed",
    "{where} was removed",
    migration="Point your client at one of the servers NEW lists instead of {old}.",
    mirror="api-server-added",
    area="servers",
)
def api_server_removed(change: Change) -> bool:
    """A server (base URL) was removed.

    ### What it detects
    A `servers` URL of OLD is not in NEW (variables blanked: only the template counts).

    ### Why it matters to clients
    Clients configured with that base URL call an address the API no longer serves.

    ### Notes
    Applies to global, path-level and operation-level servers.
    """
    return True


@rule(
    "api-server-added",
    "safe",
    "server.added",
    "{where} was added",
    mirror="api-server-removed",
    area="servers",
)
def api_server_added(change: Change) -> bool:
    """A server (base URL) was added.

    ### What it detects
    A `servers` URL in NEW only.

    ### Why it matters to clients
    Nothing breaks.
    """
    return True


@rule(
    "api-server-variable-enum-value-removed",
    "breaking",
    "server.variable-enum-value-removed",
    "{where}: value {old} removed",
    migration="Stop using {old} for {where}.",
    mirror="api-server-variable-enum-value-added",
    area="servers",
)
def api_server_variable_enum_value_removed(change: Change) -> bool:
    """A server variable lost one of its allowed values.

    ### What it detects
    A value of a server variable's `enum` is gone.

    ### Why it matters to clients
    Clients using that value (a region, an environment) point at a server that is gone.
    """
    return True


@rule(
    "api-server-variable-enum-value-added",
    "safe",
    "server.variable-enum-value-added",
    "{where}: value {new} added",
    mirror="api-server-variable-enum-value-removed",
    area="servers",
)
def api_server_variable_enum_value_added(change: Change) -> bool:
    """A server variable gained an allowed value.

    ### What it detects
    A new value in a server variable's `enum`.

    ### Why it matters to clients
    Nothing breaks.
    """
    return True


@rule(
    "api-server-variable-default-changed",
    "dangerous",
    "server.variable-default-changed",
    "{where}: default changed from {old} to {new}",
    migration="Set {where} to {old} explicitly if your client relied on the default.",
    mirror_waiver="a change of default is its own mirror",
    area="servers",
)
def api_server_variable_default_changed(change: Change) -> bool:
    """A server variable's default value changed.

    ### What it detects
    `default` of a server variable differs.

    ### Why it matters to clients
    Clients that rely on the default now talk to another server.
    """
    return True
