"""GitHub Actions workflow commands: an annotation on the changed line of the contract.

``::error`` for breaking, ``::warning`` for dangerous, ``::notice`` for safe (only when safe
changes were asked for). Every value is escaped the way the runner unescapes it, so contract
text can neither end the line nor start a command of its own.
"""

from __future__ import annotations

from typing import Any

from ..result import Result, Severity
from .common import hidden_note, on_disk, selected
from .escape import github_data, github_property, one_line

__all__ = ["render"]

_LEVELS = {Severity.BREAKING: "error", Severity.DANGEROUS: "warning", Severity.SAFE: "notice"}


def render(result: Result, *, severities: set[Severity] | None = None, **_: Any) -> str:
    lines = []
    for finding in sorted(
        selected(result, severities), key=lambda f: (-f.severity.rank, f.sort_key())
    ):
        props = []
        loc = finding.location
        if loc is not None and on_disk(loc.file):
            props.append(f"file={github_property(loc.file)}")
            pos = loc.position
            if pos is not None:
                props.append(f"line={pos[0]}")
                props.append(f"col={pos[1]}")
        props.append(f"title={github_property(finding.id)}")
        message = one_line(f"{finding.operation}: {finding.message}")
        level = _LEVELS[finding.severity]
        if finding.ignored:
            message = one_line(f"(ignored: {finding.info['ignored']}) ") + message
            level = "notice"
        if finding.migration:
            message += "\n" + one_line(finding.migration)
        lines.append(f"::{level} {','.join(props)}::{github_data(message)}")
    note = hidden_note(result)
    if note:  # one line for everything a filter left out, not a notice each
        lines.append(f"::notice title=apidiff::{github_data(note[0].upper() + note[1:])}")
    for warning in result.warnings:  # not changes, but worth a look (e.g. a new contract)
        lines.append(f"::warning title=apidiff::{github_data(one_line(warning))}")
    for expired in result.expired_ignores:
        lines.append(f"::error title=apidiff::{github_data(one_line(expired))}")
    return "\n".join(lines) + ("\n" if lines else "")
