"""SARIF 2.1.0, for GitHub code scanning and other static-analysis dashboards.

Every rule that fired is described in ``tool.driver.rules`` (its docs and migration
template as help); every finding is a result pointing at its line in the contract, with the
finding's fingerprint as ``partialFingerprints`` so dashboards follow it across commits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..model import Location
from ..result import Finding, Result, Severity
from ..rules import rule_of
from ..rules.docs import catalog_url, rule_url
from ..version import __version__
from . import indented
from .common import OPERATIONS_SHOWN, is_url, on_disk, operations_key, selected
from .escape import one_line

__all__ = ["render"]

SCHEMA = (
    "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json"
)
_LEVELS = {Severity.BREAKING: "error", Severity.DANGEROUS: "warning", Severity.SAFE: "note"}


def _uri(file: str) -> str:
    """Relative to the working directory when inside it (what code scanning expects)."""
    path = Path(file)
    if not path.is_absolute():
        return path.as_posix()
    cwd = Path.cwd()
    return path.relative_to(cwd).as_posix() if path.is_relative_to(cwd) else path.as_uri()


def _information(base: str | None) -> dict[str, Any]:
    """``informationUri``: the rule index of the published site, when a base names one."""
    url = catalog_url(base)
    return {"informationUri": url} if url else {}


def _artifact(file: str) -> dict[str, Any] | None:
    """Where a file is: on disk; at its URL (a remote document); or ``REV:path`` from git,
    named by its path with the revision in its properties (a removal points into OLD, often
    ``origin/main:api.yaml``); standard input has none."""
    if on_disk(file):
        return {"uri": _uri(file)}
    if file in ("-", "<stdin>"):
        return None
    if is_url(file):
        return {"uri": file}
    rev, _, path = file.partition(":")
    return {"uri": Path(path).as_posix(), "properties": {"revision": rev}}


def _location(loc: Location) -> dict[str, Any] | None:
    artifact = _artifact(loc.file)
    if artifact is None:
        return None
    physical: dict[str, Any] = {"artifactLocation": artifact}
    pos = loc.position
    if pos is not None:
        physical["region"] = {"startLine": pos[0], "startColumn": pos[1]}
    return {"physicalLocation": physical}


def _logical(finding: Finding) -> dict[str, Any]:
    """A result with no file to point at (standard input) still has a location: the
    operation or schema it is reported under."""
    name = one_line(finding.operation or "contract")
    return {"logicalLocations": [{"fullyQualifiedName": name, "kind": "member"}]}


def _rule(rule_id: str, index: int, docs_url: str | None = None) -> dict[str, Any]:
    rule = rule_of(rule_id)
    if rule is None:  # pragma: no cover - every finding comes from the catalog
        return {"id": rule_id}
    body = rule.doc.split("\n", 1)[1].strip() if "\n" in rule.doc else rule.doc
    help_text = body + (f"\n\n### Migration\n{rule.migration}" if rule.migration else "")
    uri = rule_url(docs_url, rule.id)
    return {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.split("-")),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc.split("\n", 1)[0].strip() or rule.summary},
        **({"helpUri": uri} if uri else {}),
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"severity": rule.severity.value, "tags": [rule.area]},
    }


def _result(finding: Finding, index: int, table: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    text = f"{finding.operation}: {finding.message}" if finding.operation else finding.message
    if finding.migration:
        text += f" — {finding.migration}"
    out: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": index,
        "level": _LEVELS[finding.severity],
        "message": {"text": one_line(text)},
        "partialFingerprints": {"apidiff/v1": finding.fingerprint},
        "properties": {
            "severity": finding.severity.value,
            "operations": list(finding.operations[:OPERATIONS_SHOWN]),
        },
    }
    if len(finding.operations) > OPERATIONS_SHOWN:  # the full list once per group, in the run
        out["properties"]["operationsCount"] = len(finding.operations)
        out["properties"]["operationsRef"] = operations_key(
            table, finding.operation, finding.operations
        )
    if finding.ignored:
        out["suppressions"] = [
            {"kind": "external", "justification": one_line(str(finding.ignored))}
        ]
    where = _location(finding.location) if finding.location is not None else None
    out["locations"] = [where if where is not None else _logical(finding)]
    related = _location(finding.old_location) if finding.old_location is not None else None
    if related is not None:
        out["relatedLocations"] = [{"id": 1, **related}]
    return out


def document(
    result: Result, *, severities: set[Severity] | None = None, docs_url: str | None = None
) -> dict[str, Any]:
    findings = sorted(selected(result, severities), key=lambda f: (-f.severity.rank, f.sort_key()))
    rule_ids = sorted({f.id for f in findings})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    table: dict[str, tuple[str, ...]] = {}
    results = [_result(f, index[f.id], table) for f in findings]
    affected = (
        {"properties": {"affectedOperations": {k: list(v) for k, v in table.items()}}}
        if table
        else {}
    )
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "apidiff",
                        "version": __version__,
                        **_information(docs_url),
                        "rules": [
                            _rule(rule_id, i, docs_url) for i, rule_id in enumerate(rule_ids)
                        ],
                    }
                },
                "results": results,
                "columnKind": "unicodeCodePoints",
                **_invocations(result),
                **affected,
            }
        ],
    }


def _invocations(result: Result) -> dict[str, Any]:
    """Warnings and expired ignores as tool notifications (none: the key is left out)."""
    notes = [{"level": "warning", "message": {"text": text}} for text in result.warnings] + [
        {"level": "error", "message": {"text": text}} for text in result.expired_ignores
    ]
    if not notes:
        return {}
    return {
        "invocations": [
            {
                "executionSuccessful": not result.expired_ignores,
                "toolExecutionNotifications": notes,
            }
        ]
    }


def render(
    result: Result,
    *,
    severities: set[Severity] | None = None,
    docs_url: str | None = None,
    **_: Any,
) -> str:
    return indented.dumps(document(result, severities=severities, docs_url=docs_url)) + "\n"
