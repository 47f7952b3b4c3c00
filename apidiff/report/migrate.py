"""Migration notes for consumers: what each breaking or dangerous change asks of them.

Each note says what to do concretely (the rule's note, with the type, format and allowed
values of a new required input, the values still accepted, the replacement a deprecation
names: ``Finding.guidance``), grouped by the operation or the shared schema it is in. The
deprecations close the notes: nothing breaks yet, but each names what to move to.
"""

from __future__ import annotations

from typing import Any

from ..result import Finding, Result, Severity
from . import indented
from .common import (
    OPERATIONS_SHOWN,
    category,
    grouped,
    is_api_change,
    note_dict,
    position,
    selected,
    sentence,
    severity_counts,
    shared_users,
    title_markdown,
    users_line,
)
from .escape import markdown, markdown_code, one_line

__all__ = ["SCHEMA_VERSION", "document", "render"]

SCHEMA_VERSION = 1
USERS_LISTED = 10  # a shared schema's group names this many operations, then counts


def _title(result: Result, title: str | None) -> str:
    """``Migrating from 1.0.0 to 2.0.0``; the files when the versions do not tell them
    apart (two Protobuf trees both in ``v1``, GraphQL schemas with no version)."""
    if title:
        return one_line(title)
    old, new = result.old.version, result.new.version
    if old and new and old != new:
        return f"Migrating from {old} to {new}"
    text = f"Migrating from {result.old.source} to {result.new.source}"
    if old and old == new:
        kind = "packages" if result.old.versions == "package" else "version"
        text += f" ({kind} {old} on both sides)"
    return text


def _deprecations(result: Result, shown: list[Finding]) -> list[Finding]:
    """Deprecations not already listed: nothing breaks yet, but each is a move to plan."""
    ids = {id(f) for f in shown}
    return [
        f
        for f in result.findings
        if id(f) not in ids and is_api_change(f) and category(f) == "Deprecated"
    ]


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    title: str | None = None,
    fmt: str = "markdown",
    **_: Any,
) -> str:
    if fmt == "json":
        data = document(result, severities=severities, title=title)
        return indented.dumps(data) + "\n"
    wanted = severities or {Severity.BREAKING, Severity.DANGEROUS}
    findings = selected(result, wanted)
    deprecated = _deprecations(result, findings)
    lines = [f"# {markdown(_title(result, title))}", ""]
    if not findings:
        lines += ["Nothing to do: no breaking or dangerous changes.", ""]
    else:
        counted = severity_counts(findings)
        advice = []
        if any(f.severity is Severity.BREAKING for f in findings):
            advice.append("a breaking change needs a change on your side before you upgrade")
        if any(f.severity is Severity.DANGEROUS for f in findings):
            advice.append(
                "a dangerous one may, depending on how your client handles what it receives"
            )
        text = "; ".join(advice)
        lines.append(
            f"{counted[:1].upper()}{counted[1:]}."
            + (f" {text[:1].upper()}{text[1:]}." if text else "")
        )
        lines.append("")
    for heading_text, items in grouped(findings):
        lines.append(f"## {title_markdown(heading_text)}")
        lines.append("")
        users = users_line(heading_text, items, USERS_LISTED, verb="affects")
        if users:
            lines.append(f"{markdown(sentence(users))}")
            lines.append("")
        for finding in items:
            label = finding.severity.value.capitalize()
            lines.append(f"- **{label}:** {markdown(sentence(finding.message))}")
            if finding.migration:
                lines.append(f"  - What to do: {markdown(sentence(finding.migration))}")
            where = position(finding.location, column=False)
            if where:
                lines.append(f"  - Where: {markdown_code(where)} (rule `{finding.id}`)")
        lines.append("")
    if deprecated:
        lines.append("## Deprecated: plan the move")
        lines.append("")
        for finding in sorted(deprecated, key=Finding.sort_key):
            text = markdown(sentence(finding.message))
            if finding.operation and not finding.message.startswith(f"`{finding.operation}`"):
                text = f"{title_markdown(finding.operation)}: {text}"  # where it is
            if finding.migration:
                text += f" {markdown(sentence(finding.migration))}"
            lines.append(f"- {text}")
        lines.append("")
    return "\n".join(lines)


def document(
    result: Result, *, severities: set[Severity] | None = None, title: str | None = None
) -> dict[str, Any]:
    """The notes as data (``migrate --format json``, docs/report-json.md)."""
    wanted = severities or {Severity.BREAKING, Severity.DANGEROUS}
    findings = selected(result, wanted)
    groups = []
    for heading_text, items in grouped(findings):
        users = shared_users(heading_text, items)
        group: dict[str, Any] = {
            "heading": heading_text,
            "shared": bool(users),  # a shared schema or type, not one operation
            "operations": [heading_text] if heading_text and not users else [],
        }
        if users:
            group["operations"] = list(users[:OPERATIONS_SHOWN])
            if len(users) > OPERATIONS_SHOWN:
                group["operations_count"] = len(users)
            via = items[0].info.get("via")
            if via:
                group["reached_via"] = str(via)
        group["changes"] = [note_dict(f) for f in items]
        groups.append(group)
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    return {
        "schema_version": SCHEMA_VERSION,
        "title": _title(result, title),
        "old": result.old.to_dict(),
        "new": result.new.to_dict(),
        "summary": {k: v for k, v in counts.items() if Severity(k) in wanted},
        "groups": groups,
        "deprecated": [
            note_dict(f) for f in sorted(_deprecations(result, findings), key=Finding.sort_key)
        ],
    }
