"""Migration notes for consumers: what each breaking or dangerous change asks of them."""

from __future__ import annotations

from typing import Any

from ..result import Result, Severity
from .common import grouped, position, selected, sentence, users_line
from .escape import markdown, markdown_code, one_line

__all__ = ["render"]


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    title: str | None = None,
    **_: Any,
) -> str:
    wanted = severities or {Severity.BREAKING, Severity.DANGEROUS}
    findings = selected(result, wanted)
    old = result.old.version or result.old.source
    new = result.new.version or result.new.source
    heading = one_line(title) if title else f"Migrating from {old} to {new}"
    lines = [f"# {markdown(heading)}", ""]
    if not findings:
        lines += ["Nothing to do: no breaking or dangerous changes.", ""]
        return "\n".join(lines)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    lines.append(
        f"{counts[Severity.BREAKING]} breaking and {counts[Severity.DANGEROUS]} dangerous "
        f"{'change' if len(findings) == 1 else 'changes'}. Breaking ones need a change on your "
        "side before you upgrade; dangerous ones may, depending on how your client handles "
        "what it receives."
    )
    lines.append("")
    for heading_text, items in grouped(findings):
        lines.append(f"## {markdown_code(heading_text) if heading_text else 'The API'}")
        lines.append("")
        users = users_line(heading_text, items, 10, verb="affects")
        if users:
            lines.append(f"{markdown(sentence(users))}")
            lines.append("")
        for finding in items:
            label = "Breaking" if finding.severity is Severity.BREAKING else "Dangerous"
            lines.append(f"- **{label}:** {markdown(sentence(finding.message))}")
            if finding.migration:
                lines.append(f"  - What to do: {markdown(sentence(finding.migration))}")
            where = position(finding.location, column=False)
            if where:
                lines.append(f"  - Where: {markdown_code(where)} (rule `{finding.id}`)")
        lines.append("")
    return "\n".join(lines)
