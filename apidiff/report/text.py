"""Terminal text: findings grouped by operation, the operations with the most severe changes
first and the most severe first within each, colour on a terminal."""

from __future__ import annotations

from typing import Any

from ..result import Result, Severity
from .common import (
    by_rule,
    counts,
    grouped,
    hidden_note,
    ignored_reason,
    plural,
    rule_summary,
    selected,
    shortlist,
    users_line,
)
from .common import position as position_of
from .escape import terminal, terminal_line

__all__ = ["render"]

_COLOURS = {Severity.BREAKING: "31", Severity.DANGEROUS: "33", Severity.SAFE: "32"}
_LABELS = {Severity.BREAKING: "breaking", Severity.DANGEROUS: "dangerous", Severity.SAFE: "safe"}


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def render(
    result: Result,
    *,
    severities: set[str] | None = None,
    colour: bool = False,
    group_by: str = "operation",
    **_: Any,
) -> str:
    findings = selected(result, severities)
    lines: list[str] = []
    lines.append(
        f"{terminal_line(result.old.source)} -> {terminal(result.new.source)}: {counts(result)}"
    )
    note = hidden_note(result)
    if note:
        lines.append(note)
    if findings:
        lines.append(f"by rule: {rule_summary(findings)}")
    if not findings:
        if not result.findings and not result.hidden:
            lines.append("no changes")
        elif not note:
            lines.append("no changes at these severities")
        return "\n".join(lines) + "\n"
    if group_by == "rule":
        _by_rule(lines, findings, colour)
    else:
        _by_operation(lines, findings, colour)
    for warning in result.warnings:
        lines.append(f"warning: {terminal(warning)}")
    return "\n".join(lines) + "\n"


def _by_rule(lines: list[str], findings: list, colour: bool) -> None:
    """One entry per rule, each change under it named by its operation."""
    for rule, items in by_rule(findings):
        severity = items[0].severity
        label = _paint(_LABELS[severity], _COLOURS[severity], colour)
        lines.append("")
        operations = {o for f in items for o in (f.operations or (f.operation,))}
        count = f"{plural(len(items), 'change')} in {plural(len(operations), 'operation')}"
        lines.append(f"{_paint(rule, '1', colour)}  {label}, {count}")
        for finding in items:
            lines.append(f"  {terminal_line(finding.operation)}: {terminal(finding.message)}")
            position = position_of(finding.location)
            if position:
                lines.append(f"      at {terminal(position)}")


def _by_operation(lines: list[str], findings: list, colour: bool) -> None:
    """Operations with a breaking change first, then dangerous, then the rest, each in the
    report's order: on a terminal the first screen is what may not ship."""
    groups = sorted(grouped(findings), key=lambda group: -group[1][0].severity.rank)
    for heading, items in groups:
        lines.append("")
        lines.append(_paint(terminal_line(heading), "1", colour))
        users = users_line(heading, items, 5)
        if users:
            lines.append(f"  {terminal(users)}")
        for finding in items:
            label = _paint(f"{_LABELS[finding.severity]:<9}", _COLOURS[finding.severity], colour)
            unused = "  (no given operation uses it)" if finding.unused else ""
            if ignored_reason(finding):
                unused += f"  (ignored: {terminal(ignored_reason(finding))})"
            lines.append(f"  {label} {terminal(finding.message)}  [{finding.id}]{unused}")
            users = finding.used_by
            if users and finding.id != "client-operation-broken":
                lines.append(f"            affects {terminal(shortlist(users, 3))}")
            position = position_of(finding.location)
            if position:
                lines.append(f"            at {terminal(position)}")
