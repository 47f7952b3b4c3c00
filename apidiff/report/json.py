"""The JSON report: a documented, versioned contract (``docs/schema/report.json``)."""

from __future__ import annotations

from typing import Any

from ..canonical import Canonical
from ..model import Location
from ..result import Finding, Result, Severity
from ..rules import rule_of
from . import indented
from .common import OPERATIONS_SHOWN, operations_key
from .values import values

__all__ = ["SCHEMA_VERSION", "document", "render"]

SCHEMA_VERSION = 1


def _location(loc: Location | None) -> dict[str, Any] | None:
    return loc.to_dict() if loc is not None else None


def finding_dict(
    finding: Finding,
    table: dict[str, tuple[str, ...]] | None = None,
    canon: Canonical | None = None,
) -> dict[str, Any]:
    """One change; a long list of operations goes into ``table``, written once per group;
    ``canon`` measures the values (one per report, so a shared value is measured once)."""
    operations = finding.operations
    out = {
        "id": finding.id,
        "severity": finding.severity.value,
        "operation": finding.operation,
        "operations": list(operations[:OPERATIONS_SHOWN]),
        "direction": finding.direction,
        "message": finding.message,
        "migration": finding.migration,
        "location": _location(finding.location),
        "old_location": _location(finding.old_location),
        "fingerprint": finding.fingerprint,
    }
    if len(operations) > OPERATIONS_SHOWN and table is not None:
        out["operations_count"] = len(operations)
        out["operations_ref"] = operations_key(table, finding.operation, operations)
    elif len(operations) > OPERATIONS_SHOWN:
        out["operations"] = list(operations)
    rule = rule_of(finding.id)
    if rule is not None and rule.aliases:  # peers' names for the same check (buf's, ...)
        out["aliases"] = list(rule.aliases)
    if finding.info.get("via") and len(operations) > 1:  # a shared schema: how it is reached
        out["reached_via"] = str(finding.info["via"])
    for key in ("ignored", "default_severity", "policy"):  # only with a configuration
        value = getattr(finding, key)
        if value:
            out[key] = str(value)
    if finding.guidance is not None:  # what the migration note says, as data
        out["guidance"] = finding.guidance.to_dict()
    if finding.used_by is not None:  # only with --operations
        out["used_by"] = list(finding.used_by)
        out["unused"] = finding.unused
    out.update(values(finding, canon or Canonical()))  # bounded; a delta for structures
    return out


def _summary(findings: tuple[Finding, ...]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        counts[finding.severity.value] += 1
    return counts


def document(result: Result, *, severities: set[str] | None = None) -> dict[str, Any]:
    findings = [f for f in result.findings if severities is None or f.severity in severities]
    table: dict[str, tuple[str, ...]] = {}
    canon = Canonical()
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "old": result.old.to_dict(),
        "new": result.new.to_dict(),
        "summary": _summary((*result.findings, *result.hidden)),
        "changes": [finding_dict(f, table, canon) for f in findings],
    }
    if table:  # only when some change affects more than OPERATIONS_SHOWN operations
        out["affected_operations"] = {key: list(ops) for key, ops in table.items()}
    if result.hidden:  # only with a report filter: what it left out, by severity
        out["hidden"] = _summary(result.hidden)
    if result.warnings:  # only when there are some, so plain reports stay as they were
        out["warnings"] = list(result.warnings)
    if result.expired_ignores:
        out["expired_ignores"] = list(result.expired_ignores)
    return out


def render(result: Result, *, severities: set[str] | None = None, **_: Any) -> str:
    return indented.dumps(document(result, severities=severities)) + "\n"
