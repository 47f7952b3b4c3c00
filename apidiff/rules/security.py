"""Rules about security requirements of operations and the security schemes they name.

A requirement is an OR of alternatives, each an AND of schemes with scopes. A client keeps
working if some alternative of NEW asks for no more than an alternative it satisfied in OLD.
"""

from __future__ import annotations

from ..diff.change import Change
from .catalog import rule


@rule(
    "api-security-requirement-added",
    "breaking",
    "security.requirement-added",
    "{operation} now requires authentication ({new})",
    migration="Authenticate calls to {operation} with {new}.",
    mirror="api-security-requirement-removed",
    area="security",
    aliases=("api-global-security-added",),  # oasdiff's, for the top-level `security`
)
def api_security_requirement_added(change: Change) -> bool:
    """An operation that allowed anonymous calls now requires credentials.

    ### What it detects
    OLD's effective security was empty (or had an empty `{}` alternative); NEW's has none.

    ### Why it matters to clients
    Anonymous calls now get 401.

    ### Notes
    The effective requirement is the operation's own `security`, else the global one.
    """
    return True


@rule(
    "api-security-requirement-removed",
    "safe",
    "security.requirement-removed",
    "{operation} no longer requires authentication",
    mirror="api-security-requirement-added",
    area="security",
    aliases=("api-global-security-removed",),
)
def api_security_requirement_removed(change: Change) -> bool:
    """An operation now allows anonymous calls.

    ### What it detects
    NEW's effective security is empty or has an empty alternative; OLD's did not.

    ### Why it matters to clients
    Credentials are still accepted... or ignored; nothing breaks.
    """
    return True


@rule(
    "api-security-removed",
    "breaking",
    "security.removed",
    "{operation} no longer accepts the security requirement {old}",
    migration="Authenticate calls to {operation} with one of the alternatives NEW lists "
    "instead of {old}.",
    mirror="api-security-added",
    area="security",
)
def api_security_removed(change: Change) -> bool:
    """A way of authenticating to an operation was removed.

    ### What it detects
    An alternative of OLD's requirement that no alternative of NEW is satisfied by.

    ### Why it matters to clients
    Clients authenticating that way get 401/403.
    """
    return True


@rule(
    "api-security-added",
    "safe",
    "security.added",
    "{operation} accepts a new security requirement {new}",
    mirror="api-security-removed",
    area="security",
)
def api_security_added(change: Change) -> bool:
    """A new way of authenticating to an operation was added.

    ### What it detects
    An alternative of NEW's requirement that no OLD alternative satisfied.

    ### Why it matters to clients
    The old ways still work; nothing breaks.
    """
    return True


@rule(
    "api-security-scope-added",
    "breaking",
    "security.scope-added",
    "{operation} now requires the scope {new} of {scheme}",
    migration="Request the scope {new} when you obtain tokens for {operation}.",
    mirror="api-security-scope-removed",
    area="security",
    aliases=("api-global-security-scope-added",),
)
def api_security_scope_added(change: Change) -> bool:
    """An operation requires an additional OAuth/OpenID scope.

    ### What it detects
    The same schemes, with a scope NEW asks for that OLD did not.

    ### Why it matters to clients
    Tokens issued without the scope are refused.
    """
    return True


@rule(
    "api-security-scope-removed",
    "safe",
    "security.scope-removed",
    "{operation} no longer requires the scope {old} of {scheme}",
    mirror="api-security-scope-added",
    area="security",
    aliases=("api-global-security-scope-removed",),
)
def api_security_scope_removed(change: Change) -> bool:
    """An operation requires fewer scopes.

    ### What it detects
    A scope OLD asked for that NEW does not.

    ### Why it matters to clients
    Existing tokens still work.
    """
    return True


@rule(
    "api-security-scheme-added",
    "breaking",
    "security.scheme-added",
    "{operation} now also requires the security scheme {new}",
    migration="Send {new} credentials too when calling {operation}.",
    mirror="api-security-scheme-removed",
    area="security",
)
def api_security_scheme_added(change: Change) -> bool:
    """A security requirement now also asks for another scheme (an AND got longer).

    ### What it detects
    An alternative of OLD's requirement that NEW replaced with one asking for an extra
    scheme as well (e.g. an API key *and* OAuth).

    ### Why it matters to clients
    Clients presenting only the old credentials are refused.
    """
    return True


@rule(
    "api-security-scheme-removed",
    "safe",
    "security.scheme-removed",
    "{operation} no longer requires the security scheme {old}",
    mirror="api-security-scheme-added",
    area="security",
)
def api_security_scheme_removed(change: Change) -> bool:
    """A security requirement asks for one scheme fewer (an AND got shorter).

    ### What it detects
    An alternative of NEW's requirement drops a scheme its OLD counterpart asked for.

    ### Why it matters to clients
    Clients still sending the dropped credentials keep working.
    """
    return True


@rule(
    "api-security-component-removed",
    "safe",
    "security-scheme.removed",
    "{where} was removed",
    mirror="api-security-component-added",
    area="security",
)
def api_security_component_removed(change: Change) -> bool:
    """A security scheme definition was removed.

    ### What it detects
    A name under `components.securitySchemes` in OLD only.

    ### Why it matters to clients
    Only through the operations that used it, which their own rules report.
    """
    return True


@rule(
    "api-security-component-added",
    "safe",
    "security-scheme.added",
    "{where} was added",
    mirror="api-security-component-removed",
    area="security",
)
def api_security_component_added(change: Change) -> bool:
    """A security scheme definition was added.

    ### What it detects
    A name under `components.securitySchemes` in NEW only.

    ### Why it matters to clients
    Nothing until an operation requires it.
    """
    return True


@rule(
    "api-security-component-type-changed",
    "breaking",
    "security-scheme.type-changed",
    "{where}: type changed from {old} to {new}",
    migration="Change how your client authenticates: {where} is now of type {new}.",
    mirror_waiver="a change of type is its own mirror",
    area="security",
)
def api_security_component_type_changed(change: Change) -> bool:
    """A security scheme changed its type (e.g. apiKey to http).

    ### What it detects
    `type` of a scheme differs.

    ### Why it matters to clients
    Credentials are presented a different way; existing clients fail to authenticate.
    """
    return True


def _field(change: Change, *names: str) -> bool:
    field = str(change.info.get("field", ""))
    return any(field == n or field.endswith("." + n) for n in names)


@rule(
    "api-security-component-api-key-changed",
    "breaking",
    "security-scheme.field-changed",
    "{where}: {field} changed from {old} to {new}",
    migration="Send the API key as {new} ({field}).",
    mirror_waiver="a change of location is its own mirror",
    area="security",
)
def api_security_component_api_key_changed(change: Change) -> bool:
    """Where an API key goes (header/query/cookie, or its name) changed.

    ### What it detects
    `in` or `name` of an apiKey scheme differs.

    ### Why it matters to clients
    Clients send the key where the server no longer looks.
    """
    return _field(change, "in", "name")


@rule(
    "api-security-component-http-scheme-changed",
    "breaking",
    "security-scheme.field-changed",
    "{where}: HTTP authentication scheme changed from {old} to {new}",
    migration="Authenticate with the {new} HTTP scheme.",
    mirror_waiver="a change of scheme is its own mirror",
    area="security",
)
def api_security_component_http_scheme_changed(change: Change) -> bool:
    """An HTTP security scheme changed (e.g. basic to bearer).

    ### What it detects
    `scheme` of an http security scheme differs.

    ### Why it matters to clients
    The `Authorization` header clients build is no longer accepted.
    """
    return _field(change, "scheme")


@rule(
    "api-security-component-oauth-url-changed",
    "dangerous",
    "security-scheme.field-changed",
    "{where}: {field} changed from {old} to {new}",
    migration="Point your OAuth / OpenID configuration at {new}.",
    mirror_waiver="a change of URL is its own mirror",
    aliases=("api-security-component-oauth-token-url-changed",),
    area="security",
)
def api_security_component_oauth_url_changed(change: Change) -> bool:
    """An OAuth flow or OpenID Connect URL changed.

    ### What it detects
    `authorizationUrl`, `tokenUrl`, `refreshUrl` or `openIdConnectUrl` differs.

    ### Why it matters to clients
    Clients with the old URL configured may fail to obtain tokens (unless it redirects).
    """
    # A flow added (no old URL) changes nothing for existing clients; one removed does.
    return change.old is not None and _field(
        change, "authorizationUrl", "tokenUrl", "refreshUrl", "openIdConnectUrl"
    )


@rule(
    "api-security-component-changed",
    "safe",
    "security-scheme.field-changed",
    "{where}: {field} changed from {old} to {new}",
    mirror_waiver="a change of detail is its own mirror",
    area="security",
)
def api_security_component_changed(change: Change) -> bool:
    """Another detail of a security scheme changed (e.g. `bearerFormat`).

    ### What it detects
    A descriptive field of a scheme differs.

    ### Why it matters to clients
    Documentation of the token format; nothing on the wire changes.
    """
    return True


@rule(
    "api-security-component-oauth-scope-removed",
    "dangerous",
    "security-scheme.scope-removed",
    "{where}: scope {old} removed",
    migration="Stop requesting the scope {old}: the authorization server may refuse it.",
    mirror="api-security-component-oauth-scope-added",
    area="security",
)
def api_security_component_oauth_scope_removed(change: Change) -> bool:
    """A scope was removed from an OAuth scheme's flows.

    ### What it detects
    A scope listed in OLD's flows is not in NEW's.

    ### Why it matters to clients
    Clients requesting it may be refused tokens.
    """
    return True


@rule(
    "api-security-component-oauth-scope-added",
    "safe",
    "security-scheme.scope-added",
    "{where}: scope {new} added",
    mirror="api-security-component-oauth-scope-removed",
    area="security",
)
def api_security_component_oauth_scope_added(change: Change) -> bool:
    """A scope was added to an OAuth scheme's flows.

    ### What it detects
    A scope in NEW's flows only.

    ### Why it matters to clients
    Nothing breaks.
    """
    return True
