"""A project's policy applied to classified findings (what is scoped before the diff, such
as ``strip-prefix`` and ``open-enums``, is in ``apidiff.scope``).

In this order: the consumer profile weighs what the change touches (a generated SDK is
broken by a renamed operationId, a plain HTTP client is not); the deprecation policy may lower
the removal of something deprecated, and holds sunsets to their dates (one moved earlier is
breaking once it has come or is closer than ``min-days``; under ``min-days`` a new deprecation
needs a sunset that far away); the stability policy exempts operations and properties
below the threshold; per-rule severity overrides apply (``off`` drops a rule); include and
exclude globs drop findings outside the scope; ignores mark findings as ignored, with their
reason, so they stay in the report but out of the exit code.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from typing import Any

from .. import kinds
from ..config import Ignore, Policy
from ..globs import glob_match
from ..kinds import Action
from ..model import Contract, Stability, sunset_date
from ..registry import Profile
from ..result import Finding, Severity

__all__ = [
    "Judged",
    "glob_match",
    "judge",
    "may_soften",
    "unknown_rules",
]

_RANK = {level.value: level.rank for level in Stability}
# Removals that no policy may soften: the promised date has not come (every family's
# rule for it ends so: api-removed-before-sunset, request-parameter-removed-before-sunset...).
_BEFORE_SUNSET = "-removed-before-sunset"


@dataclass(frozen=True, slots=True)
class Judged:
    findings: list[Finding]
    expired: tuple[Ignore, ...]  # ignores past their date: the run fails on them


def unknown_rules(policy: Policy, rule_ids: set[str]) -> list[str]:
    """Rule ids or globs in ``severity`` and ignores that match no rule of the catalog."""
    problems = []
    for pattern in sorted(policy.severity):
        if not any(glob_match(rule_id, pattern) for rule_id in rule_ids):
            where = policy.severity_origins.get(pattern, "severity")
            problems.append(f"{where}: {pattern!r} matches no rule")
    for entry in policy.ignores:
        if not any(glob_match(rule_id, entry.rule) for rule_id in rule_ids):
            problems.append(f"{entry.origin}: rule {entry.rule!r} matches no rule")
    return problems


# -- after classification ------------------------------------------------------------------
def judge(
    findings: list[Finding],
    policy: Policy,
    old: Contract,
    new: Contract,
    today: _dt.date,
    profile: Profile | None = None,
) -> Judged:
    """Apply ``policy`` to classified findings (see the module docstring for the order)."""
    displays = _ByDisplay(_operations_by_display(old, new))
    out = []
    for finding in findings:
        if profile is not None and profile.weigh:
            finding = _weigh(finding, profile)
        days = _min_days(finding, policy, displays)
        finding = _deprecation(finding, policy, today, days)
        finding = _sunset_deadline(finding, today, days)
        finding = _stability(finding, policy, displays)
        finding = _override(finding, policy)
        if finding is None or not _in_scope(finding, policy, displays):
            continue
        out.append(finding)
    expired = tuple(i for i in policy.ignores if i.expired(today))
    active = [i for i in policy.ignores if not i.expired(today)]
    if active:
        out = [_ignore(f, active, displays) for f in out]
    return Judged(out, expired)


def _weigh(finding: Finding, profile: Profile) -> Finding:
    """The severity the change has for the profile's consumer (its touched surface)."""
    level = profile.weigh.get(finding.touches or "")
    if level is None or level == finding.severity.value:
        return finding
    return replace(
        finding,
        severity=Severity(level),
        default_severity=finding.severity,
        policy=f"profile {profile.name}: {profile.about}",
    )


def may_soften(finding: Finding) -> bool:
    """A breaking removal of something deprecated that the deprecation policy may allow
    (never one before its sunset)."""
    kind = kinds.parse(finding.kind)
    return (
        finding.severity is Severity.BREAKING
        and not finding.id.endswith(_BEFORE_SUNSET)
        and bool(finding.info.get("deprecated"))
        and kind.action is Action.REMOVED
        and kind.whole
    )


def _min_days(finding: Finding, policy: Policy, displays: _ByDisplay) -> int | None:
    """The deprecation policy's ``min-days`` for ``finding``: one number, or the one for the
    stability level of what changed (its nearest ``x-stability-level``, else its
    operations', else stable); a level the table does not name has no requirement."""
    table = policy.deprecation_days_by_level
    if not table:
        return policy.deprecation_days
    level = _property_level(finding)
    if level is None:
        names = finding.operations or ((finding.operation,) if finding.operation else ())
        level = displays.per_group("level", names, lambda n: _group_level(n, displays))
    return table.get(level or "stable")


def _deprecation(
    finding: Finding, policy: Policy, today: _dt.date, min_days: int | None
) -> Finding:
    if not may_soften(finding):
        return finding
    info = finding.info
    why = None
    sunset = sunset_date(info.get("sunset"))
    since = _parse_date(info.get("deprecated_since"))
    if policy.allow_removal_after_sunset and sunset is not None and sunset <= today:
        why = f"deprecation policy: removed after its sunset {sunset.isoformat()}"
    elif min_days is not None and since is not None:
        days = (today - since).days
        if days >= min_days:
            by = f", {info['deprecated_by']}" if info.get("deprecated_by") else ""
            why = (
                f"deprecation policy: deprecated {days} days ago{by} (at least {min_days} required)"
            )
    if why is None:
        return finding
    severity = Severity(policy.allowed_removal_severity)
    return replace(finding, severity=severity, policy=why)


def _sunset_deadline(finding: Finding, today: _dt.date, min_days: int | None) -> Finding:
    """A sunset must leave consumers time: one moved earlier is breaking when the new date
    has passed or is closer than ``min-days``; under ``min-days``, a new deprecation must
    name a sunset at least that far away (oasdiff's deprecation-days checks)."""
    if finding.severity is Severity.BREAKING:
        return finding
    kind = kinds.parse(finding.kind)
    days = min_days or 0
    why = None
    if kind.attribute == "sunset" and kind.verb == "earlier":
        date = sunset_date(finding.new)
        if date is not None and date <= today:
            why = f"sunset policy: the new sunset {date.isoformat()} has already come"
        elif date is not None and (date - today).days < days:
            why = (
                f"deprecation policy: the new sunset {date.isoformat()} is "
                f"{(date - today).days} days away (at least {days} required)"
            )
    elif days and kind.attribute == "deprecated" and kind.verb == "added":
        if "sunset" not in finding.info:  # a deprecation that cannot name a sunset (GraphQL)
            return finding
        sunset = finding.info["sunset"]
        date = sunset_date(sunset)
        if sunset is None:
            why = f"deprecation policy: deprecated without an x-sunset date ({days} days required)"
        elif date is not None and (date - today).days < days:
            why = (
                f"deprecation policy: sunset {date.isoformat()} is {(date - today).days} days "
                f"away (at least {days} required)"
            )
    if why is None:
        return finding
    return replace(
        finding, severity=Severity.BREAKING, default_severity=finding.severity, policy=why
    )


class _ByDisplay(dict):
    """Operations' stability levels by display name, with what is worked out over a finding's
    operations memoized per tuple: the findings of one shared schema share one tuple of
    operations (thousands of findings times thousands of operations, otherwise)."""

    def __init__(self, levels: dict[str, list[str]]) -> None:
        super().__init__(levels)
        self._memo: dict[tuple[str, int], tuple[tuple[str, ...], Any]] = {}

    def per_group(self, what: str, names: tuple[str, ...], compute) -> Any:
        key = (what, id(names))
        held = self._memo.get(key)
        if held is None or held[0] is not names:
            held = (names, compute(names))
            self._memo[key] = held
        return held[1]


def _group_level(names: tuple[str, ...], displays: dict[str, list[str]]) -> str | None:
    """The highest stability among ``names``; None when one of them has no level."""
    levels = [_operation_level(displays.get(name, [])) for name in names]
    if not levels or any(lv is None for lv in levels):
        return None
    return max(levels, key=lambda lv: _RANK[lv])


def _stability(finding: Finding, policy: Policy, displays: _ByDisplay) -> Finding:
    threshold = _RANK.get(policy.stability_threshold, 0)
    if threshold == 0 or finding.severity is Severity.SAFE:
        return finding
    level = _property_level(finding)
    if level is None:
        names = finding.operations or ((finding.operation,) if finding.operation else ())
        level = displays.per_group("level", names, lambda n: _group_level(n, displays))
        if level is None:
            return finding
    if _RANK[level] >= threshold:
        return finding
    reason = f"x-stability-level {level} is below the threshold {policy.stability_threshold}"
    return replace(finding, ignored=f"exempt: {reason}")


def _operation_level(levels: list[str]) -> str | None:
    """The stability a consumer relied on: OLD's level when the operation existed there."""
    if not levels:
        return None
    level = levels[0]
    return level if level in _RANK else "stable"


def _operations_by_display(old: Contract, new: Contract) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for contract in (old, new):  # OLD first: its level wins
        for op in contract.operations.values():
            out.setdefault(op.display, []).append((op.stability or "stable").lower())
    return out


def _property_level(finding: Finding) -> str | None:
    """The nearest ``x-stability-level`` on the way to the changed node, in OLD where the node
    existed there (the promise consumers relied on), as the diff found it."""
    level = finding.info.get("stability")
    if not isinstance(level, str):
        return None
    # A word that is not a level (`GA`) promises nothing below the threshold: stable.
    return level.lower() if level.lower() in _RANK else "stable"


def _override(finding: Finding, policy: Policy) -> Finding | None:
    if not policy.severity:
        return finding
    level = policy.severity.get(finding.id)
    if level is None:
        for pattern in sorted(policy.severity, key=lambda p: (-len(p), p)):
            if glob_match(finding.id, pattern):
                level = policy.severity[pattern]
                break
    if level is None:
        return finding
    if level == "off":
        return None
    if level == finding.severity.value:
        return finding
    return replace(
        finding,
        severity=Severity(level),
        default_severity=finding.default_severity or finding.severity,
    )


def _in_scope(finding: Finding, policy: Policy, displays: _ByDisplay) -> bool:
    if not policy.include and not policy.exclude:
        return True
    return displays.per_group(
        "scope", finding.operations, lambda ops: _any_in_scope(ops, policy, displays)
    )


def _any_in_scope(operations: tuple[str, ...], policy: Policy, displays: _ByDisplay) -> bool:
    # Contract-level findings ("servers", "security schemes", "components") name no
    # operation: they affect every operation, so some of those in scope.
    names = [name for name in operations if name in displays]
    if not names:
        return True
    return any(_path_in_scope(name, policy) for name in names)


def _path_in_scope(display: str, policy: Policy) -> bool:
    # "GET /pets/{id}" -> "/pets/{id}"; GraphQL "Query.user" stays itself.
    _, _, path = display.partition(" ")
    candidates = (path, display) if path.startswith("/") else (display,)

    def hit(patterns: tuple[str, ...]) -> bool:
        return any(glob_match(c, p) for c in candidates for p in patterns)

    if policy.include and not hit(policy.include):
        return False
    return not hit(policy.exclude)


def _ignore(finding: Finding, ignores: list[Ignore], displays: _ByDisplay) -> Finding:
    for entry in ignores:
        if _matches(entry, finding, displays):
            return replace(finding, ignored=entry.reason)
    return finding


def _matches(entry: Ignore, finding: Finding, displays: _ByDisplay) -> bool:
    if not glob_match(finding.id, entry.rule):
        return False
    if entry.operation is not None:
        names = finding.operations or (finding.operation,)
        if not (
            glob_match(finding.operation, entry.operation)
            or displays.per_group(
                f"ignore {entry.operation}",
                names,
                lambda ops: all(glob_match(n, entry.operation) for n in ops),
            )
        ):
            return False
    if entry.pointer is not None:
        pointers = [loc.pointer for loc in (finding.location, finding.old_location) if loc]
        if not any(glob_match(p, entry.pointer) for p in pointers):
            return False
    return True


def _parse_date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return _dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
