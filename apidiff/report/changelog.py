"""A Keep a Changelog section a release manager can paste: what changed, per operation.

It opens with the counts and the highlights (breaking changes first, one line each, then
dangerous ones, one of each rule in turn, capped with a count), then the sections:
Breaking, Added, Changed, Deprecated, Removed. A change to a shared schema or type is
listed once, under that schema, with the operations it reaches (capped with a count), not
repeated under each of them. Documentation-only edits are counted in one line.
``--format json`` writes the same as data (docs/report-json.md).
"""

from __future__ import annotations

import re
from typing import Any

from ..result import Finding, Result, Severity
from . import indented
from .common import (
    CATEGORIES,
    OPERATIONS_SHOWN,
    category,
    hidden_note,
    is_api_change,
    is_documentation,
    note_dict,
    plural,
    rule_summary,
    selected,
    sentence,
    severity_counts,
    shared_users,
    shortlist,
    title_markdown,
)
from .escape import markdown

__all__ = ["HIGHLIGHTS", "SCHEMA_VERSION", "DuplicateVersion", "document", "insert", "render"]

HIGHLIGHTS = 10  # lines of highlights before "and N more"
USERS_LISTED = 10  # operations a shared schema's group names before "and N more"
SCHEMA_VERSION = 1


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
    # A safe change has a note only when it names something to do (a deprecation's
    # replacement).
    if finding.migration and (finding.severity is not Severity.SAFE or finding.guidance):
        text += f" {markdown(sentence(finding.migration))}"
    return f"- {text}"


def _parts(result: Result, severities: set[Severity] | None):
    """What the section shows: the behaviour changes, worst first, and the documentation
    edits it only counts."""
    findings = [f for f in selected(result, severities) if is_api_change(f)]
    docs = [f for f in findings if is_documentation(f) and f.severity is Severity.SAFE]
    doc_ids = {id(f) for f in docs}
    behaviour = sorted(
        (f for f in findings if id(f) not in doc_ids),
        key=lambda f: (-f.severity.rank, f.sort_key()),
    )
    return findings, behaviour, docs


def _highlights(behaviour: list[Finding]) -> tuple[list[Finding], dict[str, int]]:
    """Breaking changes, then dangerous ones, at most ``HIGHLIGHTS``, as varied as the
    changes are: one of each rule in turn (the rules with most changes first), so that 36
    paths removed do not fill the highlights when properties also became optional; and how
    many of each severity were left out. Shown in the order of the sections below."""
    worth = [f for f in behaviour if f.severity is not Severity.SAFE]
    by_rule: dict[tuple[int, str], list[Finding]] = {}
    for finding in worth:
        by_rule.setdefault((-finding.severity.rank, finding.id), []).append(finding)
    queues = [by_rule[key] for key in sorted(by_rule, key=lambda k: (k[0], -len(by_rule[k]), k[1]))]
    picked: list[Finding] = []
    depth = 0
    while len(picked) < HIGHLIGHTS and any(depth < len(q) for q in queues):
        for queue in queues:  # breaking rules' queues first: they sort first
            if depth < len(queue) and len(picked) < HIGHLIGHTS:
                picked.append(queue[depth])
        depth += 1
    chosen = {id(f) for f in picked}
    shown = [f for f in worth if id(f) in chosen]
    more = {s.value: 0 for s in (Severity.BREAKING, Severity.DANGEROUS)}
    for finding in worth:
        if id(finding) not in chosen:
            more[finding.severity.value] += 1
    return shown, more


def _sections(behaviour: list[Finding]) -> dict[str, dict[str, list[Finding]]]:
    """Section -> group (an operation, or the shared schema a change is in) -> findings."""
    sections: dict[str, dict[str, list[Finding]]] = {c: {} for c in CATEGORIES}
    for finding in behaviour:
        sections[category(finding)].setdefault(finding.operation, []).append(finding)
    return sections


def _users(title: str, items: list[Finding]) -> str | None:
    """``Reached from 412 operations: a, b and 402 more (as GET /v1/charges: error.source)``."""
    users = shared_users(title, items)
    if not users:
        return None
    line = f"Reached from {plural(len(users), 'operation')}: {shortlist(users, USERS_LISTED)}"
    via = items[0].info.get("via")
    return line + (f" (as {via})" if via else "") + "."


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    version: str | None = None,
    date: str | None = None,
    title: str | None = None,
    heading: str | None = None,
    fmt: str = "markdown",
    **_: Any,
) -> str:
    """The section; ``title`` is plain text, ``heading`` Markdown the caller escaped itself."""
    if fmt == "json":
        data = document(result, severities=severities, version=version, date=date, title=title)
        return indented.dumps(data) + "\n"
    findings, behaviour, docs = _parts(result, severities)
    version = version or result.new.version
    lines = [_heading(version, date, title, heading), ""]
    if findings:  # a summary first: counts by severity, then the rules it is mostly made of
        lines.append(
            f"_{severity_counts(findings)}. "
            f"By rule: {rule_summary(findings, name=lambda r: f'`{r}`')}._"
        )
        lines.append("")
    shown, more = _highlights(behaviour)
    if shown:
        lines.append("### Highlights")
        lines.append("")
        for finding in shown:
            label = finding.severity.value.capitalize()
            message = markdown(sentence(finding.message))
            if finding.message.startswith(f"`{finding.operation}`"):  # it names it already
                lines.append(f"- **{label}** · {message}")
            else:
                where = title_markdown(finding.operation)
                lines.append(f"- **{label}** · {where}: {message}")
        rest = [plural(n, f"more {s} change") for s, n in more.items() if n]
        if rest:
            lines.append(f"- …and {' and '.join(rest)} below.")
        lines.append("")
    sections = _sections(behaviour)
    for name in CATEGORIES:
        groups = sections[name]
        if not groups:
            continue
        lines.append(f"### {name}")
        lines.append("")
        for target in sorted(groups):
            items = groups[target]
            lines.append(f"#### {title_markdown(target)}")
            lines.append("")
            users = _users(target, items)
            if users:
                lines.append(f"_{markdown(users)}_")
                lines.append("")
            lines.extend(_entry(f) for f in items)
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


def document(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    version: str | None = None,
    date: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """The section as data (``changelog --format json``, docs/report-json.md)."""
    findings, behaviour, docs = _parts(result, severities)
    shown, more = _highlights(behaviour)
    sections = []
    for name, groups in _sections(behaviour).items():
        if not groups:
            continue
        out = []
        for target in sorted(groups):
            items = groups[target]
            users = shared_users(target, items)
            group: dict[str, Any] = {
                "heading": target,
                "shared": bool(users),
                "operations": list(users[:OPERATIONS_SHOWN]) if users else [target],
            }
            if len(users) > OPERATIONS_SHOWN:
                group["operations_count"] = len(users)
            via = items[0].info.get("via") if users else None
            if via:
                group["reached_via"] = str(via)
            group["changes"] = [note_dict(f) for f in items]
            out.append(group)
        sections.append({"name": name, "groups": out})
    counts = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "version": version or result.new.version,
        "date": date,
        "title": title,
        "old": result.old.to_dict(),
        "new": result.new.to_dict(),
        "summary": counts,
        "highlights": [
            {"severity": f.severity.value, "operation": f.operation, "message": f.message}
            for f in shown
        ],
        "highlights_left_out": more,
        "sections": sections,
        "documentation": len(docs),
    }
    if result.hidden:
        data["hidden"] = len(result.hidden)
    return data


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
