"""Usage-aware GraphQL verdicts: which client operations a change touches, exactly.

Given the client's operations (``--operations``), each breaking or dangerous finding lists
the operations that use what it changed; for an addition (a new required argument or input
field) the use of its parent counts, since the new element itself is never used yet. A
breaking finding that no operation touches is marked ``unused``. What each operation uses
was recorded when it was validated (``diff.usage``).
"""

from __future__ import annotations

from dataclasses import replace

from ..model.graphql import ClientOperation
from ..result import Finding, Severity

__all__ = ["annotate"]


def annotate(findings: list[Finding], operations: list[ClientOperation]) -> list[Finding]:
    """Findings with their users listed and unused breaking ones marked."""
    out = []
    for finding in findings:
        if (
            finding.severity is Severity.SAFE
            or not finding.kind.startswith("graphql.")
            or finding.used_by is not None  # a broken operation names itself
        ):
            out.append(finding)
            continue
        keys = _touch_keys(finding)
        users = [op.label for op in operations if any(k in op.used for k in keys)]
        unused = not users and finding.severity is Severity.BREAKING
        out.append(replace(finding, used_by=tuple(users), unused=unused))
    return out


def _touch_keys(finding: Finding) -> list[str]:
    """The coordinates whose use means an operation is touched by ``finding``."""
    coordinate = str(finding.info.get("coordinate") or "")
    kind = finding.kind.removeprefix("graphql.")
    head = coordinate.split(".", 1)[0].split("(", 1)[0]
    if kind == "enum-value.added":
        return [f"{head}#out"]  # a new value can only surprise whoever receives the enum
    if kind == "enum-value.removed":
        return [f"{head}#in"]  # whoever may send it
    if kind.startswith(
        ("type.", "union-member.", "enum-value.", "input-field.", "input-type.", "scalar.")
    ):
        return [head]
    if kind.startswith("interface."):
        return [head, coordinate.rsplit(".", 1)[-1]]
    if kind.startswith("field."):
        return [coordinate]
    if kind.startswith("argument."):
        base = coordinate.removesuffix(".default")
        field_coordinate = base.split("(", 1)[0]
        if kind in (
            "argument.added",
            "argument.became-required",
            "argument.default-value-removed",
            "argument.default-value-changed",
        ):
            return [field_coordinate]  # the new or changed argument is not written yet
        return [base]
    if kind.startswith(("directive", "directive-argument")):
        return [coordinate.split("(", 1)[0].split(".", 1)[0]]
    if kind.startswith("schema."):
        return [f"schema.{finding.info.get('root', '')}"]
    return [coordinate]
