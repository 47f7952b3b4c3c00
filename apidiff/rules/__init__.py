"""The rule catalog: every family's rule modules, as the registry lists them, in claim order
(specific hand-written rules before the generated table)."""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Iterable
from dataclasses import replace

from .. import registry
from ..diff.change import Change
from ..result import Finding
from .catalog import RULES, Rule, classify, finding_for, loading, resolve
from .context import reset_today, set_today

__all__ = ["RULES", "Rule", "classify", "classify_all", "load_rules", "resolve"]

_LOADED: set[str] = set()


def load_rules() -> None:
    """Import every registered family's rule modules (importing one registers its rules);
    a family registered later (a test's made-up format) is loaded on its first use."""
    for family in list(registry.FAMILIES.values()):
        if family.name in _LOADED:
            continue
        _LOADED.add(family.name)
        with loading(family.name):
            for module in family.rules:
                importlib.import_module(module)


load_rules()


def classify_all(changes: Iterable[Change], *, today: _dt.date | None = None) -> list[Finding]:
    """Findings for ``changes``, in the report order (operation, place, rule id)."""
    load_rules()
    token = set_today(today)
    try:
        findings = [finding_for(change) for change in changes]
    finally:
        reset_today(token)
    findings.sort(key=Finding.sort_key)
    return _once(findings)


def _once(findings: list[Finding]) -> list[Finding]:
    """One finding per fingerprint (rule + operation + logical place).

    One change can reach the diff by several roads: a shared schema wrapped in several places
    (a ``$ref`` with sibling keywords, a nullable ``oneOf``) is paired once per wrapper. It is
    still one change to a consumer, and counts, verdicts and semver must count it once: the
    first in report order stays, with every operation the others reached.
    """
    first: dict[str, int] = {}
    out: list[Finding] = []
    for finding in findings:
        at = first.get(finding.fingerprint)
        if at is None:
            first[finding.fingerprint] = len(out)
            out.append(finding)
            continue
        kept = out[at]
        known = set(kept.operations)
        extra = [op for op in finding.operations if op not in known]
        if extra:
            operations = (*kept.operations, *extra)
            info = kept.info
            if "operations" in info:
                info = {**info, "operations": list(operations)}
            out[at] = replace(kept, operations=operations, info=info)
    return out
