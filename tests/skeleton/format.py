"""The skeleton format's detection, loader and comparison."""

from __future__ import annotations

from typing import Any

from apidiff.diff.change import Change
from apidiff.errors import InputError
from apidiff.model import Contract, Direction, Location, Operation


def detect(data: Any) -> str | None:
    if isinstance(data, dict) and data.get("skeleton") == 1:
        return "skeleton-1"
    return None


def load_document(doc, source, dialect: str, options) -> Contract:
    endpoints = doc.data.get("endpoints")
    if not isinstance(endpoints, dict):
        raise InputError("a skeleton document needs an 'endpoints' mapping", file=doc.name)
    root = Location(doc.name, "", doc.position)
    operations = {}
    for name, returns in endpoints.items():
        where = root.child("endpoints", name)
        operations[name] = Operation(
            key=name,
            display=f"endpoint {name}",
            method="CALL",
            path=name,
            location=where,
            kind="endpoint",
            extensions={"returns": returns},
        )
    return Contract(
        source=doc.name, format=dialect, version=None, location=root, operations=operations
    )


def compare(old: Contract, new: Contract, options: object = None) -> list[Change]:
    out = []
    for key in sorted(old.operations.keys() | new.operations.keys()):
        a, b = old.operations.get(key), new.operations.get(key)
        if a is not None and b is None:
            kind, op = "skeleton.endpoint.removed", a
        elif a is None and b is not None:
            kind, op = "skeleton.endpoint.added", b
        else:
            continue
        out.append(
            Change(
                kind=kind,
                where=f"endpoint `{key}`",
                path=("endpoints", key),
                operation=op.key,
                display=op.display,
                direction=Direction.RESPONSE,
                old_loc=a.location if a else None,
                new_loc=b.location if b else None,
            )
        )
    return out
