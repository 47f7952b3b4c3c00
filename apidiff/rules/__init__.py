"""The rule catalog: every family's rule modules, as the registry lists them, in claim order
(specific hand-written rules before the generated table).

A family's rules are loaded when a comparison of that family classifies its changes (an
OpenAPI run does not build GraphQL's or Protobuf's rules: a fifth of a small run's start-up
went to declaring 1,261 rules). Kinds are one family's each, except the HTTP rules an event
API shares (``Family.shares``: loaded first), so a family's changes meet the same rules
in the same order either way. ``RULES`` and ``resolve`` here answer for the whole catalog
(a configuration may name any family's rule); ``catalog.RULES`` holds what is loaded.
"""

from __future__ import annotations

import datetime as _dt
import importlib
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from .. import registry
from ..diff.change import Change
from ..result import Finding
from . import catalog
from .catalog import Rule, finding_for, loading
from .context import reset_today, set_today

__all__ = ["RULES", "Rule", "classify", "classify_all", "load_rules", "resolve", "rule_of"]

_LOADED: set[str] = set()


def load_rules(*families: str) -> None:
    """Import the rule modules of ``families`` (of every registered family when none is
    named; importing one registers its rules). A family registered later (a test's made-up
    format) is loaded on its first use."""
    for family in list(registry.FAMILIES.values()):
        if family.name in _LOADED or (families and family.name not in families):
            continue
        _LOADED.add(family.name)
        if family.shares:
            load_rules(*family.shares)
        with loading(family.name):
            for module in family.rules:
                importlib.import_module(module)


def __getattr__(name: str) -> Any:
    """``RULES``: the whole catalog, loaded on first use; a rule module by its name (``from
    apidiff.rules import table``), its family loaded."""
    if name == "RULES":
        load_rules()
        return catalog.RULES
    for family in registry.FAMILIES.values():
        if f"{__name__}.{name}" in family.rules:
            load_rules(family.name)
            return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve(name: str) -> Rule | None:
    """The rule ``name`` names (an id, ``family:id`` or an alias), in the whole catalog."""
    load_rules()
    return catalog.resolve(name)


def rule_of(rule_id: str) -> Rule | None:
    """The rule with this id: a finding's is loaded already; another family's is looked up in
    the whole catalog (a result pickled by another process, a made-up id)."""
    found = catalog.RULES.get(rule_id)
    if found is None:
        load_rules()
        found = catalog.RULES.get(rule_id)
    return found


def classify(change: Change) -> Rule:
    """The rule that claims ``change``, from the whole catalog."""
    load_rules()
    return catalog.classify(change)


def classify_all(
    changes: Iterable[Change], *, today: _dt.date | None = None, family: str | None = None
) -> list[Finding]:
    """Findings for ``changes``, in the report order (operation, place, rule id);
    ``family``: the family they all come from, whose rules are all that is loaded."""
    if family is not None:
        load_rules(family)
    else:
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
