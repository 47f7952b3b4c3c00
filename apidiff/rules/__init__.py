"""The rule catalog, loaded in claim order: specific hand-written rules before the table."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from ..diff.change import Change
from ..result import Finding
from . import (  # noqa: F401 - importing a module registers its rules
    bodies,
    components,
    graphql,
    operations,
    parameters,
    properties,
    responses,
    security,
    servers,
    table,
)
from .catalog import RULES, Rule, classify, finding_for
from .context import reset_today, set_today

__all__ = ["RULES", "Rule", "classify", "classify_all"]


def classify_all(changes: Iterable[Change], *, today: _dt.date | None = None) -> list[Finding]:
    """Findings for ``changes``, in the report order (operation, place, rule id)."""
    token = set_today(today)
    try:
        findings = [finding_for(change) for change in changes]
    finally:
        reset_today(token)
    findings.sort(key=Finding.sort_key)
    return findings
