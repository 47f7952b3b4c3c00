"""Terminal text: findings grouped by operation, most severe first, colour on a terminal."""

from __future__ import annotations

from typing import Any

from ..result import Finding, Result, Severity
from .escape import terminal

__all__ = ["render"]

_COLOURS = {Severity.BREAKING: "31", Severity.DANGEROUS: "33", Severity.SAFE: "32"}
_LABELS = {Severity.BREAKING: "breaking", Severity.DANGEROUS: "dangerous", Severity.SAFE: "safe"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _position(finding: Finding) -> str:
    loc = finding.location
    if loc is None:
        return ""
    where = loc.file
    if loc.line is not None:
        where += f":{loc.line}"
        if loc.column is not None:
            where += f":{loc.column}"
    return where


def render(
    result: Result, *, severities: set[str] | None = None, colour: bool = False, **_: Any
) -> str:
    findings = [f for f in result.findings if severities is None or f.severity in severities]
    lines: list[str] = []
    summary = result.summary
    header = (
        f"{terminal(result.old.source)} -> {terminal(result.new.source)}: "
        f"{summary['breaking']} breaking, {summary['dangerous']} dangerous, "
        f"{summary['safe']} safe"
    )
    lines.append(header)
    if not findings:
        lines.append("no changes" if not result.findings else "no changes at these severities")
        return "\n".join(lines) + "\n"
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.operation_key, []).append(finding)
    for items in groups.values():
        lines.append("")
        lines.append(_paint(terminal(items[0].operation), "1", colour))
        users = items[0].operations
        if len(users) > 1 or (users and users[0] != items[0].operation):
            shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
            noun = "operation" if len(users) == 1 else "operations"
            lines.append(f"  used by {len(users)} {noun}: {terminal(shown)}")
        items.sort(key=lambda f: (-f.severity.rank, f.sort_key()))
        for finding in items:
            label = _paint(f"{_LABELS[finding.severity]:<9}", _COLOURS[finding.severity], colour)
            unused = "  (no given operation uses it)" if finding.info.get("unused") else ""
            lines.append(f"  {label} {terminal(finding.message)}  [{finding.id}]{unused}")
            users = finding.info.get("used_by")
            if users and finding.id != "client-operation-broken":
                shown = ", ".join(users[:3]) + (
                    f" and {len(users) - 3} more" if len(users) > 3 else ""
                )
                lines.append(f"            affects {terminal(shown)}")
            position = _position(finding)
            if position:
                lines.append(f"            at {terminal(position)}")
    for warning in result.warnings:
        lines.append(f"warning: {terminal(warning)}")
    return "\n".join(lines) + "\n"
