"""The PR comment: a verdict, breaking and dangerous tables, safe changes folded.

A bot finds its earlier comment by the marker line and edits it in place. GitHub refuses
comments over 65,536 characters, so the report keeps under ``LIMIT``: rows are dropped from
the least important section first, and the comment says how many were left out.
"""

from __future__ import annotations

from typing import Any

from ..result import Finding, Result, Severity
from ..rules.docs import rule_url
from .common import (
    by_rule,
    grouped,
    hidden_note,
    ignored_reason,
    plural,
    position,
    rule_summary,
    selected,
    title_markdown,
    verdict,
)
from .escape import markdown, markdown_code, markdown_link

__all__ = ["LIMIT", "MARKER", "render"]

MARKER = "<!-- apidiff:report -->"
LIMIT = 65_000

_HEADINGS = {
    Severity.BREAKING: "Breaking changes",
    Severity.DANGEROUS: "Dangerous changes",
    Severity.SAFE: "Safe changes",
}
_ICONS = {
    Severity.BREAKING: ":x:",
    Severity.DANGEROUS: ":warning:",
    Severity.SAFE: ":white_check_mark:",
}


def _row(finding: Finding, docs_url: str | None = None) -> str:
    operation = title_markdown(finding.operation, table=True) if finding.operation else ""
    if len(finding.operations) > 1:
        operation += f" ({len(finding.operations):,} operations)"
        via = finding.info.get("via")
        if via:
            operation += f", reached as {markdown_code(via, table=True)}"
    change = markdown(finding.message, table=True)
    if finding.unused:
        change += " *(no given operation uses it)*"
    if ignored_reason(finding):
        change += f" *(ignored: {markdown(ignored_reason(finding), table=True)})*"
    where = position(finding.location, column=False)
    where = markdown_code(where, table=True) if where else ""
    rule = markdown_link(finding.id, rule_url(docs_url, finding.id), table=True)
    return f"| {operation} | {change} | {where} | {rule} |"


_TABLE_HEAD = "| Operation | Change | Location | Rule |\n|---|---|---|---|"


_RULE_HEAD = "| Rule | Changes | Operations | For example |\n|---|---|---|---|"


def _rule_row(rule: str, items: list[Finding], docs_url: str | None = None) -> str:
    """One rule: how often it fired, the operations it fired on (capped), one message."""
    operations: list[str] = []
    for finding in items:  # a shared schema's change: the operations that reach it
        for operation in finding.operations or (finding.operation,):
            if operation not in operations:
                operations.append(operation)
    shown = ", ".join(markdown_code(o, table=True) for o in operations[:OPERATIONS_LISTED])
    rest = len(operations) - OPERATIONS_LISTED
    if rest > 0:
        shown += f" and {rest:,} more"
    example = markdown(items[0].message, table=True)
    name = markdown_link(rule, rule_url(docs_url, rule), table=True)
    return f"| {name} | {len(items):,} | {shown} | {example} |"


# A rule's row lists this many operations, then counts the rest.
OPERATIONS_LISTED = 10


def _section(
    severity: Severity, rows: list[str], total: int, changes: int | None = None
) -> list[str]:
    """A severity's table; ``changes`` when its rows are rules (``--group-by rule``)."""
    if changes is None:
        title = f"{_HEADINGS[severity]} ({total})"
        body = [_TABLE_HEAD, *rows]
        unit = "changes"
    else:
        title = f"{_HEADINGS[severity]} ({changes:,}, by {plural(total, 'rule')})"
        body = [_RULE_HEAD, *rows]
        unit = "rules"
    if len(rows) < total:
        more = plural(total - len(rows), f"more {severity.value} {unit[:-1]}")
        body.append(f"\n_{more} left out to fit._")
    if severity is Severity.SAFE:
        return ["<details>", f"<summary>{title}</summary>", "", *body, "", "</details>"]
    return [f"### {_ICONS[severity]} {title}", "", *body]


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    limit: int = LIMIT,
    footer: str | None = None,
    group_by: str = "operation",
    docs_url: str | None = None,
    **_: Any,
) -> str:
    """The comment; ``footer`` is Markdown the caller escaped (the Action's approval note);
    with ``docs_url`` (``--docs-url``, ``docs-url``) each rule id links to its page.

    Everything counts against ``limit``: the frame and footer first, then expired ignores
    and warnings (up to a quarter of it), then rows by importance.
    """
    findings = selected(result, severities)
    by_severity: dict[Severity, list[str]] = {s: [] for s in Severity}
    changes: dict[Severity, int | None] = {s: None for s in Severity}
    if group_by == "rule":
        for severity in Severity:
            changes[severity] = sum(1 for f in findings if f.severity is severity)
        for rule, items in by_rule(findings):
            by_severity[items[0].severity].append(_rule_row(rule, items, docs_url))
    else:
        for _title, items in grouped(findings):
            for finding in items:
                by_severity[finding.severity].append(_row(finding, docs_url))
    worst = result.highest
    icon = _ICONS[worst] if worst else _ICONS[Severity.SAFE]
    head = [
        MARKER,
        f"## {icon} apidiff: {verdict(result)}",
        "",
        f"{markdown_code(result.old.source)} → {markdown_code(result.new.source)}",
    ]
    note = hidden_note(result)
    if note:
        head += ["", f"_{markdown(note[0].upper() + note[1:])}._"]
    if findings:
        head += ["", f"**By rule:** {rule_summary(findings, name=lambda r: f'`{r}`')}"]
    notes = [
        f"\n> :x: {markdown(f'{expired}: renew or remove it')}"
        for expired in result.expired_ignores
    ]
    notes += [f"\n> {markdown(warning)}" for warning in result.warnings]
    tail = [f"\n{footer.strip()}"] if footer else []
    # Budget: keep every section's frame, then fill notes and rows until the limit.
    kept: dict[Severity, list[str]] = {s: [] for s in Severity}
    frame = "\n".join(head + tail) + "\n"
    for severity in Severity:
        if by_severity[severity]:
            section = _section(severity, [], len(by_severity[severity]), changes[severity])
            frame += "\n" + "\n".join(section) + "\n"
    budget = limit - len(frame) - 200  # room for the "left out" lines
    kept_notes = _fill(notes, min(budget, limit // 4))
    budget -= sum(len(note) + 1 for note in kept_notes)
    for severity in Severity:  # breaking first
        kept[severity] = _fill(by_severity[severity], budget)
        budget -= sum(len(row) + 1 for row in kept[severity])
    lines = head + kept_notes
    if len(kept_notes) < len(notes):
        more = plural(len(notes) - len(kept_notes), "more warning")
        lines.append(f"\n> _{more} left out to fit._")
    for severity in Severity:
        if by_severity[severity]:
            lines.append("")
            total = len(by_severity[severity])
            lines.extend(_section(severity, kept[severity], total, changes[severity]))
    left_out = sum(len(by_severity[s]) - len(kept[s]) for s in Severity)
    if left_out:
        lines.append("")
        lines.append(
            f"_{plural(left_out, 'finding')} {'was' if left_out == 1 else 'were'} left out to "
            f"keep this comment under {limit:,} "
            "characters; run `apidiff diff --format json` for all of them._"
        )
    if not findings and not note:
        lines.append("")
        lines.append("No changes." if not result.findings else "No changes at these severities.")
    return "\n".join(lines + tail) + "\n"


def _fill(items: list[str], budget: int) -> list[str]:
    """The first items that fit in ``budget`` characters (one newline each)."""
    kept: list[str] = []
    for item in items:
        if len(item) + 1 > budget:
            break
        kept.append(item)
        budget -= len(item) + 1
    return kept
