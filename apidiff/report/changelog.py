"""A Keep a Changelog section a release manager can paste: what changed, per operation.

Sections: Breaking, Added, Changed, Deprecated, Removed. A change to a shared component is
listed under every operation it affects (up to ``EXPAND_LIMIT`` of them; past that it is
listed once under the component, with the count, so one edit to a schema used by 300
operations does not bury the rest). Documentation-only edits are counted in one line.
"""

from __future__ import annotations

import re
from typing import Any

from ..result import Finding, Result, Severity
from .common import (
    CATEGORIES,
    category,
    hidden_note,
    is_api_change,
    is_documentation,
    rule_summary,
    selected,
    sentence,
)
from .escape import markdown, markdown_code

__all__ = ["EXPAND_LIMIT", "DuplicateVersion", "insert", "render"]

EXPAND_LIMIT = 20


class DuplicateVersion(ValueError):
    """The changelog already has a section for this version."""


def _label(version: str) -> str:
    """A version as the heading shows it: ``info.version`` is contract text like any other."""
    return markdown(version, inline=True)


def _heading(version: str | None, date: str | None, title: str | None, heading: str | None) -> str:
    if heading:
        return f"## {heading}"
    if title:
        return f"## {markdown(title, inline=True)}"
    label = f"[{_label(version)}]" if version else "[Unreleased]"
    return f"## {label}" + (f" - {markdown(date, inline=True)}" if date else "")


def _entry(finding: Finding) -> str:
    text = markdown(sentence(finding.message))
    if finding.severity is Severity.DANGEROUS:
        text += " *(may affect some clients)*"
    if finding.migration and finding.severity is not Severity.SAFE:
        text += f" {markdown(sentence(finding.migration))}"
    return f"- {text}"


def _counts(findings: list[Finding]) -> str:
    """``7 breaking, 2 dangerous and 5 safe changes``."""
    parts = [
        f"{n:,} {s.value}" for s in Severity if (n := sum(1 for f in findings if f.severity is s))
    ]
    text = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"{text} {'change' if len(findings) == 1 else 'changes'}"


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    version: str | None = None,
    date: str | None = None,
    title: str | None = None,
    heading: str | None = None,
    **_: Any,
) -> str:
    """The section; ``title`` is plain text, ``heading`` Markdown the caller escaped itself."""
    findings = [f for f in selected(result, severities) if is_api_change(f)]
    version = version or result.new.version
    lines = [_heading(version, date, title, heading), ""]
    if findings:  # a summary first: counts by severity, then the rules it is mostly made of
        lines.append(
            f"_{_counts(findings)}. By rule: {rule_summary(findings, name=lambda r: f'`{r}`')}._"
        )
        lines.append("")
    docs = [f for f in findings if is_documentation(f) and f.severity is Severity.SAFE]
    doc_ids = {id(f) for f in docs}
    behaviour = [f for f in findings if id(f) not in doc_ids]
    # section -> group title -> entries (in first-seen order, groups sorted)
    sections: dict[str, dict[str, list[str]]] = {c: {} for c in CATEGORIES}
    for finding in sorted(behaviour, key=lambda f: (-f.severity.rank, f.sort_key())):
        entry = _entry(finding)
        targets = list(finding.operations) or [finding.operation]
        if len(targets) > EXPAND_LIMIT:
            shown = ", ".join(targets[:5])
            entry += f" (affects {len(targets):,} operations: {markdown(shown)} and more"
            via = finding.info.get("via")
            entry += f"; reached as {markdown_code(via)})" if via else ")"
            targets = [finding.operation]
        for target in targets:
            group = sections[category(finding)].setdefault(target, [])
            if entry not in group:
                group.append(entry)
    for name in CATEGORIES:
        groups = sections[name]
        if not groups:
            continue
        lines.append(f"### {name}")
        lines.append("")
        for target in sorted(groups):
            lines.append(f"#### {markdown_code(target) if target else 'The API'}")
            lines.append("")
            lines.extend(groups[target])
            lines.append("")
    if docs:
        lines.append("### Documentation")
        lines.append("")
        noun = "element" if len(docs) == 1 else "elements"
        lines.append(f"- Descriptions, summaries or examples were updated for {len(docs)} {noun}.")
        lines.append("")
    note = hidden_note(result)
    if note:
        lines.append(f"_{markdown(note[0].upper() + note[1:])}._")
        lines.append("")
    elif len(lines) == 2:
        lines.append("No changes to the API contract.")
        lines.append("")
    return "\n".join(lines)


_SECTION = re.compile(r"^## ", re.MULTILINE)


def insert(existing: str, section: str, version: str | None) -> str:
    """``section`` placed above the newest release section of an existing changelog."""
    label = _label(version) if version else None
    if label and re.search(rf"^## \[?{re.escape(label)}\]?(\s|$)", existing, re.MULTILINE):
        raise DuplicateVersion(f"the changelog already has a section for version {version}")
    match = _SECTION.search(existing)
    if match is not None and re.match(
        r"## \[?unreleased\]?\s*$", _line_at(existing, match.start()), re.I
    ):
        match = _SECTION.search(existing, match.end())  # the new release goes below Unreleased
        if match is None:
            return existing.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    if match is None:
        body = existing.rstrip("\n")
        return (body + "\n\n" if body else "# Changelog\n\n") + section.rstrip("\n") + "\n"
    head, tail = existing[: match.start()], existing[match.start() :]
    return head + section.rstrip("\n") + "\n\n" + tail


def _line_at(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]
