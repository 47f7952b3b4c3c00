"""What several reports share: positions, grouping, verdicts, changelog categories."""

from __future__ import annotations

import html as _html
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from ..model import Location
from ..result import Finding, Result, Severity
from .escape import code_spans, markdown, markdown_code, one_line

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "OPERATIONS_SHOWN",
    "View",
    "by_rule",
    "category",
    "filtered",
    "grouped",
    "heading_code",
    "hidden_note",
    "is_api_change",
    "is_documentation",
    "note_dict",
    "operations_key",
    "plural",
    "position",
    "rule_summary",
    "selected",
    "severity_counts",
    "shared_users",
    "shortlist",
    "title_html",
    "title_markdown",
    "users_line",
    "verdict",
]

# A change lists at most this many of the operations it affects (JSON, YAML, SARIF); past it,
# the full list is written once per group, in a table the change refers to. 2,000 operations
# sharing a schema whose 2,000 properties change made an 87 MB JSON report (351 MB at 4,000)
# listing every operation under every change.
OPERATIONS_SHOWN = 20

_DOC_KINDS = ("description", "summary", "example", "examples", "title", "tag")


# oasdiff's --level names, for people coming from it.
LEVELS = {"err": Severity.BREAKING, "warn": Severity.DANGEROUS, "info": Severity.SAFE}


@dataclass(frozen=True, slots=True)
class View:
    """What a report shows: a severity floor, and whether documentation-only changes are
    listed. Only the report: the exit code (``--fail-on``) is judged on every finding."""

    min_severity: Severity | None = None
    documentation: bool = True
    group_by: str = "operation"  # or "rule": how text and Markdown list what is shown

    def shows(self, finding: Finding) -> bool:
        if self.min_severity is not None and finding.severity.rank < self.min_severity.rank:
            return False
        # A breaking change stays in sight even when its rule is about text.
        return (
            self.documentation
            or finding.severity is Severity.BREAKING
            or not is_documentation(finding)
        )


def filtered(result: Result, view: View | None) -> Result:
    """``result`` with the findings ``view`` hides moved to ``Result.hidden``: every report
    goes through this one place, so each can say how many it left out."""
    if view is None or (view.min_severity is None and view.documentation):
        return result
    shown, hidden = [], list(result.hidden)
    for finding in result.findings:
        (shown if view.shows(finding) else hidden).append(finding)
    return replace(result, findings=tuple(shown), hidden=tuple(hidden))


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """``1 operation``, ``2 operations``, ``1,163 changes``."""
    return f"{count:,} {noun if count == 1 else (nouns or noun + 's')}"


def hidden_note(result: Result) -> str | None:
    """``and 1,163 safe changes not shown``, when a filter left some out."""
    if not result.hidden:
        return None
    by = {s: 0 for s in Severity}
    for finding in result.hidden:
        by[finding.severity] += 1
    parts = [f"{by[s]:,} {s.value}" for s in Severity if by[s]]
    total = len(result.hidden)
    text = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    docs = sum(1 for f in result.hidden if is_documentation(f))
    note = f"and {text} {'change' if total == 1 else 'changes'} not shown"
    if docs:
        note += f" ({docs:,} of them documentation-only)" if total > 1 else " (documentation)"
    return note


def position(loc: Location | None, *, column: bool = True) -> str:
    """``file:line[:col]``, or just the file when the line is not known."""
    if loc is None:
        return ""
    where = loc.file
    pos = loc.position
    if pos is not None:
        where += f":{pos[0]}"
        if column:
            where += f":{pos[1]}"
    return where


def selected(result: Result, severities: Iterable[Severity] | None) -> list[Finding]:
    wanted = None if severities is None else set(severities)
    return [f for f in result.findings if wanted is None or f.severity in wanted]


def grouped(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by the operation (or shared component) they are reported under, in order."""
    groups: dict[str, tuple[str, list[Finding]]] = {}
    for finding in findings:
        groups.setdefault(finding.operation_key, (finding.operation, []))[1].append(finding)
    out = []
    for title, items in groups.values():
        items.sort(key=lambda f: (-f.severity.rank, f.sort_key()))
        out.append((title, items))
    return out


def by_rule(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by rule: the worst rules first, then the most frequent (``--group-by rule``:
    one rule that fires on 128 operations is one entry, not 128 scattered ones)."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.id, []).append(finding)
    out = []
    for rule, items in groups.items():
        items.sort(key=lambda f: (-f.severity.rank, f.sort_key()))
        out.append((rule, items))
    out.sort(key=lambda g: (-g[1][0].severity.rank, -len(g[1]), g[0]))
    return out


def rule_summary(
    findings: Iterable[Finding], limit: int = 5, name: Callable[[str], str] = str
) -> str:
    """``request-body-became-required (40), api-path-removed (12) and 9 more rules``: the
    rules a report is mostly made of, worst and most frequent first."""
    groups = by_rule(findings)
    if not groups:
        return ""
    shown = ", ".join(f"{name(rule)} ({len(items):,})" for rule, items in groups[:limit])
    rest = len(groups) - limit
    return shown + (f" and {plural(rest, 'more rule')}" if rest > 0 else "")


def shared_users(heading: str, items: list[Finding]) -> tuple[str, ...]:
    """The operations a group's changes reach, when the group is not one operation itself."""
    users = items[0].operations
    return users if len(users) > 1 or (users and users[0] != heading) else ()


def users_line(heading: str, items: list[Finding], limit: int, verb: str = "used by") -> str | None:
    """``used by 412 operations: a, b and 410 more; reached as GET /v1/charges:
    error.source.account``: who a shared schema's changes reach (capped) and how."""
    users = shared_users(heading, items)
    if not users:
        return None
    line = f"{verb} {plural(len(users), 'operation')}: {shortlist(users, limit)}"
    via = items[0].info.get("via")
    return line + (f"; reached as {via}" if via else "")


def operations_key(
    table: dict[str, tuple[str, ...]], name: str, operations: tuple[str, ...]
) -> str:
    """The entry of ``table`` holding ``operations``: named after the group reporting them
    (``schema `Pet` in responses``), numbered in the rare case two groups share a name."""
    key, n = name, 1
    while True:
        held = table.get(key)
        if held is None:
            table[key] = operations
            return key
        if held is operations or held == operations:
            return key
        n += 1
        key = f"{name} ({n})"


def shortlist(names: Iterable[str], limit: int) -> str:
    """``a, b, c and 4 more``."""
    names = list(names)
    rest = len(names) - limit
    return ", ".join(names[:limit]) + (f" and {rest} more" if rest > 0 else "")


def verdict(result: Result) -> str:
    """One line: counts per severity, worst first."""
    return counts(result) if result.findings or result.hidden else "no changes"


def counts(result: Result) -> str:
    """``7 breaking, 2 dangerous, 5 safe``, and how many of the first two are ignored: of
    every finding, shown or hidden by a filter."""
    every = (*result.findings, *result.hidden)
    s = {v: 0 for v in Severity}
    for finding in every:
        s[finding.severity] += 1
    line = ", ".join(f"{s[v]} {v.value}" for v in Severity)
    ignored = sum(1 for f in every if ignored_reason(f) and f.severity.rank > 1)
    return line + (f" ({ignored} ignored by configuration)" if ignored else "")


def on_disk(file: str) -> bool:
    """A file a CI system can point at: not standard input, not a URL (a remote document
    the user allowed), not ``REV:path`` from git (an annotation there would land on the
    wrong version of the file)."""
    if file in ("-", "<stdin>") or is_url(file):
        return False
    head, sep, _ = file.partition(":")
    if not sep or (len(head) == 1 and head.isalpha()):  # C:\... is a Windows path
        return True
    return os.path.isfile(file)  # a name holding ':' (legal on Linux) that is a real file


def is_url(file: str) -> bool:
    """A document read from a URL (``--allow-remote-refs``): its name is the URL."""
    return _URL.match(file) is not None


_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def ignored_reason(finding: Finding) -> str | None:
    """Why the configuration silences ``finding`` (an ignore's reason, a stability exemption)."""
    return finding.ignored or None


def is_api_change(finding: Finding) -> bool:
    """A change of the contract itself (not a client operation it breaks)."""
    return finding.kind != "graphql.operation.broken"


def is_documentation(finding: Finding) -> bool:
    """Descriptions, summaries, examples, titles and tags: text for people, not behaviour."""
    parts = finding.kind.split(".")
    if len(parts) >= 2 and parts[-2] in _DOC_KINDS:
        return True
    return parts[-1] in ("description-changed", "deprecation-reason-changed")


# Keep a Changelog sections, in the order they are written.
CATEGORIES = ("Breaking", "Added", "Changed", "Deprecated", "Removed")


def category(finding: Finding) -> str:
    """The changelog section a finding belongs to."""
    if finding.severity is Severity.BREAKING:
        return "Breaking"
    action = finding.kind.rsplit(".", 1)[-1]
    if finding.id.endswith("-deprecated") or action == "deprecated":
        return "Deprecated"
    if action.endswith("removed") or action == "mapping-deleted":
        return "Removed"
    if action.endswith("added"):
        return "Added"
    return "Changed"


def heading_code(title: str) -> list[tuple[bool, str]]:
    """A group's title as (is_code, text) pieces for a heading: an operation
    (``GET /pets``) is one code piece; a title apidiff wrote with code spans (``schema `Pet`
    in responses``, ``type `Droid```) keeps its words as text and only its names as code, so
    no heading shows literal backticks. Empty: "The API"."""
    if not title:
        return [(False, "The API")]
    if _WORDED.match(title):
        pieces = code_spans(title)
        if any(is_code for is_code, _ in pieces):
            first, text = pieces[0]
            if not first:
                pieces[0] = (False, text[:1].upper() + text[1:])
            return pieces
    return [(True, title)]


# A group apidiff names in words with code spans (``schema `Pet` in responses``, ``type
# `Droid```, ``operation `AddReview```): lower-case words, then a name. No operation key
# looks like that (HTTP methods are upper case; GraphQL, Protobuf keys have no spaces).
_WORDED = re.compile(r"^[a-z]+(?: [a-z]+)* `")


def title_markdown(title: str, *, table: bool = False) -> str:
    """A group's title in Markdown (a heading, a table cell): names as code, words as text."""
    return "".join(
        markdown_code(text, table=table) if is_code else markdown(text, table=table, inline=True)
        for is_code, text in heading_code(title)
    )


def title_html(title: str) -> str:
    """A group's title in HTML: names in <code>, words as text, everything escaped."""
    return "".join(
        f"<code>{_html.escape(text)}</code>" if is_code else _html.escape(text)
        for is_code, text in heading_code(one_line(title))
    )


def severity_counts(findings: Iterable[Finding]) -> str:
    """``7 breaking and 2 dangerous changes``, ``1 breaking change``: zero counts left out."""
    findings = list(findings)
    parts = [
        f"{n:,} {s.value}" for s in Severity if (n := sum(1 for f in findings if f.severity is s))
    ]
    if not parts:
        return "no changes"
    text = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"{text} {'change' if len(findings) == 1 else 'changes'}"


def note_dict(finding: Finding) -> dict:
    """One change as the changelog's and the migration notes' JSON write it: what happened,
    what to do, the facts behind it (``guidance``), where."""
    guidance = finding.guidance
    loc = finding.location
    return {
        "id": finding.id,
        "severity": finding.severity.value,
        "operation": finding.operation,
        "message": finding.message,
        "migration": finding.migration,
        "guidance": guidance.to_dict() if guidance is not None else None,
        "location": loc.to_dict() if loc is not None else None,
        "fingerprint": finding.fingerprint,
    }


def sentence(message: str) -> str:
    """A message as a sentence: capital first letter, full stop."""
    if not message:
        return message
    text = message[0].upper() + message[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
