"""Before the diff: what a project's configuration changes about what is compared.

``strip-prefix`` re-keys operations (a ``/api/v1`` prefix moved into ``servers`` is no change
of any path); ``open-enums`` names enums whose new values clients must already tolerate, as
schema nodes the diff treats as open. Neither changes the loaded contracts.
"""

from __future__ import annotations

from dataclasses import replace

from .config import Policy
from .formats.openapi import operation_names
from .model import Contract, Operation, Schema, Server

__all__ = ["missing_open_enums", "open_enum_nodes", "scope"]


def scope(contract: Contract, policy: Policy) -> Contract:
    """``contract`` with ``strip-prefix`` applied: operations re-keyed (a new contract, the
    loaded one untouched)."""
    if not policy.strip_prefix:  # HTTP paths only: other operations have no path to strip
        return contract
    operations: dict[str, Operation] = {}
    for key, op in contract.operations.items():
        if op.servers:
            op = replace(op, servers=_strip_servers(op.servers, policy.strip_prefix))
        if op.kind == "operation":
            stripped = _strip(op.path, policy.strip_prefix)
            if stripped != op.path:
                key, display = operation_names(op.method, stripped)
                if key in operations:  # two templates apart only by names, as the loader keeps
                    key = f"{key} ({stripped})"
                op = replace(op, key=key, path=stripped, display=display)
        operations[key] = op
    servers = _strip_servers(contract.servers, policy.strip_prefix)
    return replace(contract, operations=operations, servers=servers)


def _strip(path: str, prefixes: tuple[str, ...]) -> str:
    for prefix in sorted(prefixes, key=len, reverse=True):
        prefix = prefix.rstrip("/")
        if path == prefix:
            return "/"
        if path.startswith(prefix + "/"):
            return path[len(prefix) :]
    return path


def _strip_servers(servers: tuple[Server, ...], prefixes: tuple[str, ...]) -> tuple[Server, ...]:
    """Servers whose URL ends with a stripped prefix, matched without it.

    The prefix moved from the paths into ``servers``: ``https://h/api/v1`` + ``/pets`` is the
    same address as ``https://h`` + ``/api/v1/pets``, so neither side is a changed server.
    Only the matching key changes; messages still show the URL as written.
    """
    out = []
    for server in servers:
        for prefix in sorted(prefixes, key=len, reverse=True):
            prefix = prefix.rstrip("/")
            if prefix and server.url.endswith(prefix):
                server = replace(server, url=server.url[: -len(prefix)].rstrip("/") or "/")
                break
        out.append(server)
    return tuple(out)


def open_enum_nodes(contracts: tuple[Contract, ...], names: tuple[str, ...]) -> frozenset[int]:
    """Identities of the schema nodes ``open-enums`` names, for the diff to treat as open
    (the loaded model is never changed: a caller's contracts stay as they were)."""
    found: set[int] = set()
    for contract in contracts:
        for name in names:
            node = _named_schema(contract, name)
            seen: set[int] = set()  # `items` may lead back (a recursive array schema)
            while node is not None and id(node) not in seen:
                seen.add(id(node))
                found.add(id(node))
                node = node.items  # an array of the enum: its items are the enum
    return frozenset(found)


def _named_schema(contract: Contract, name: str) -> Schema | None:
    """``Pet`` or ``Pet.kind`` (``Pet.tags.[]`` for items) in the contract's schemas."""
    head, *rest = name.split(".")
    node: Schema | None = contract.schemas.get(head)
    for part in rest:
        if node is None:
            break
        if node.items is not None and part == "[]":
            node = node.items
        else:
            node = (node.properties or {}).get(part)
    return node


def missing_open_enums(old: Contract, new: Contract, policy: Policy) -> list[str]:
    """``open-enums`` names found in neither contract: a typo would silently do nothing.

    A warning, not an error: one configuration serves every contract of a monorepo.
    """
    return [
        f"open-enums: {name!r} names no schema or property in either contract"
        for name in policy.open_enums
        if _named_schema(old, name) is None and _named_schema(new, name) is None
    ]
