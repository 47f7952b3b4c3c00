"""A loaded contract as plain data without locations: what two loads must agree on."""

from __future__ import annotations

import dataclasses
from typing import Any

from apidiff.model import Location

# Fields that say where or as what a contract was read, not what it is.
SKIPPED = frozenset(("location", "source", "format", "warnings", "spec_version", "native"))


def plain(value: Any, seen: dict[int, int] | None = None) -> Any:
    """``value`` as nested dicts and lists; a node met again (a recursive schema, a shared
    message) is ``<node n>``, n its first visit, so equal shapes give equal data."""
    seen = {} if seen is None else seen
    if isinstance(value, Location):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return f"<node {seen[id(value)]}>"
        seen[id(value)] = len(seen)
        return {
            "__type__": type(value).__name__,
            **{
                f.name: plain(getattr(value, f.name), seen)
                for f in dataclasses.fields(value)
                if f.name not in SKIPPED
            },
        }
    if isinstance(value, dict):
        return {str(k): plain(value[k], seen) for k in sorted(value, key=str)}
    if isinstance(value, frozenset | set):
        return sorted((plain(v, seen) for v in value), key=repr)
    if isinstance(value, tuple | list):
        return [plain(v, seen) for v in value]
    return value


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Where two plain values differ (paths), for a readable assertion."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}/{key}")
            else:
                out.extend(differences(a[key], b[key], f"{path}/{key}"))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}/{i}")
        ]
    return [] if a == b else [path]
