"""The version bump a change set requires, and the next version.

Breaking -> major; dangerous changes or additions -> minor; any other change -> patch;
nothing -> none. Below 1.0.0 everything moves one place right (0.x: breaking -> minor,
additions -> patch), as SemVer's "anything may change" is usually practised.

A calendar version (Stripe's ``2023-08-16``, Azure's ``2023-01-01-preview``) is no SemVer:
nothing is invented for it (no ``2023.1.0``); a breaking change needs a new dated version,
later than the current one, and compatible changes may ship under the same date.

A Protobuf contract's version is its packages' ``vN`` suffix (``ContractInfo.versions`` is
"package"): a breaking change inside ``v1`` is a major bump of the API, which means new
packages ``v2`` (``shop.v1`` becomes ``shop.v2``) beside the old ones, never a made-up
``2.0.0``; anything else ships in ``v1``.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any

from ..result import Result, Severity
from . import indented
from .common import category, is_api_change, is_documentation, plural
from .escape import terminal

__all__ = ["Verdict", "bump_of", "judge", "parse_calendar", "parse_version", "render"]

_ORDER = ("none", "patch", "minor", "major")
# `1.4` and `2` are read as 1.4.0 and 2.0.0 (common in info.version). A part longer than 18
# digits is no version anybody bumps (and past 4300 digits ``int`` refuses it): not a version.
_VERSION = re.compile(
    r"^[vV]?(?P<major>0|[1-9]\d{0,17})"
    r"(?:\.(?P<minor>0|[1-9]\d{0,17})(?:\.(?P<patch>0|[1-9]\d{0,17}))?)?"
    r"(?:-(?P<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)


_CALENDAR = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[-.](?P<tag>[0-9A-Za-z.-]+))?$")


def parse_calendar(text: str) -> tuple[_dt.date, str | None] | None:
    """``2023-08-16`` (or ``2023-01-01-preview``) as its date and tag; None otherwise."""
    match = _CALENDAR.match(text.strip())
    if match is None:
        return None
    try:
        return _dt.date.fromisoformat(match["date"]), match["tag"]
    except ValueError:
        return None


def parse_version(text: str) -> tuple[int, int, int, str | None] | None:
    if parse_calendar(text) is not None:  # 2023-08-16 is not 2023.0.0-08-16
        return None
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    minor, patch = int(match["minor"] or 0), int(match["patch"] or 0)
    return int(match["major"]), minor, patch, match["pre"]


@dataclass(frozen=True, slots=True)
class Verdict:
    bump: str  # none | patch | minor | major
    reason: str
    current: str | None
    next: str | None
    declared: str | None  # NEW's own version
    ok: bool | None  # whether the declared version is enough (None: nothing to check)
    scheme: str = "semver"  # or "calendar": dated versions (2023-08-16); "package": vN
    package: str | None = None  # "package": a package the breaking change is in (shop.v1)


def _required(result: Result) -> tuple[str, str]:
    findings = [f for f in result.findings if is_api_change(f)]
    breaking = [f for f in findings if f.severity is Severity.BREAKING]
    if breaking:
        return (
            "major",
            f"{plural(len(breaking), 'breaking change')}, "
            f"e.g. {breaking[0].operation}: {breaking[0].message}",
        )
    dangerous = [f for f in findings if f.severity is Severity.DANGEROUS]
    added = [f for f in findings if category(f) == "Added"]
    if dangerous or added:
        first = (dangerous or added)[0]
        return "minor", (
            f"{plural(len(dangerous), 'dangerous change')} and {plural(len(added), 'addition')}, "
            f"e.g. {first.operation}: {first.message}"
        )
    if findings:
        docs = sum(1 for f in findings if is_documentation(f))
        return (
            "patch",
            f"{plural(len(findings), 'compatible change')}, {docs:,} of them documentation",
        )
    return "none", "no changes"


def bump_of(old: tuple[int, int, int, str | None], new: tuple[int, int, int, str | None]) -> str:
    """The bump that goes from ``old`` to ``new`` (none when new is not greater)."""
    if new[:3] <= old[:3] and not (new[:3] == old[:3] and old[3] and not new[3]):
        return "none"
    if new[0] > old[0]:
        return "major"
    if new[0] == old[0] and new[1] > old[1]:
        return "minor"
    return "patch"


def _effective(bump: str, major: int) -> str:
    """Below 1.0.0 a bump moves one place right."""
    if major == 0 and bump != "none":
        return {"major": "minor", "minor": "patch", "patch": "patch"}[bump]
    return bump


def judge(result: Result, current: str | None = None, declared: str | None = None) -> Verdict:
    """The bump ``result`` needs from ``current`` (default: OLD's version), and whether
    ``declared`` (default: NEW's; GraphQL and Protobuf declare none) is enough."""
    bump, reason = _required(result)
    current = current or result.old.version
    declared = declared or result.new.version
    if current and parse_calendar(current) is not None:
        return _calendar(bump, reason, current, declared)
    if current and result.old.versions == "package" and _PACKAGE.match(current):
        return _package(result, bump, reason, current, declared)
    parsed = parse_version(current) if current else None
    nxt = None
    ok = None
    if parsed is not None:
        major, minor, patch, _pre = parsed
        effective = _effective(bump, major)
        nxt = {
            "none": f"{major}.{minor}.{patch}",
            "patch": f"{major}.{minor}.{patch + 1}",
            "minor": f"{major}.{minor + 1}.0",
            "major": f"{major + 1}.0.0",
        }[effective]
        new_parsed = parse_version(declared) if declared else None
        if new_parsed is not None:
            ok = _ORDER.index(bump_of(parsed, new_parsed)) >= _ORDER.index(effective)
        bump = effective
    return Verdict(bump, reason, current, nxt, declared, ok)


_PACKAGE = re.compile(r"^v(\d{1,18})$")


def _package(result: Result, bump: str, reason: str, current: str, declared: str | None) -> Verdict:
    """Protobuf: a breaking change needs the next package version (v1 -> v2)."""
    number = int(current[1:])
    nxt = f"v{number + 1}" if bump == "major" else current
    match = _PACKAGE.match(declared or "")
    ok = None
    if match is not None:
        ok = int(match[1]) > number if bump == "major" else int(match[1]) >= number
    package = None
    if bump == "major":  # name one package the breaking change is in: shop.v1 -> shop.v2
        pattern = re.compile(rf"^(.*?\b{re.escape(current)})\.")
        for finding in result.findings:
            if finding.severity is Severity.BREAKING and (hit := pattern.match(finding.operation)):
                package = hit[1]
                break
    return Verdict(bump, reason, current, nxt, declared, ok, scheme="package", package=package)


def _calendar(bump: str, reason: str, current: str, declared: str | None) -> Verdict:
    """Dated versions: a breaking change needs a later date; nothing else is required."""
    date = parse_calendar(current)
    new = parse_calendar(declared) if declared else None
    ok = None
    if date is not None and new is not None:
        ok = new[0] > date[0] if bump == "major" else new[0] >= date[0]
    return Verdict(bump, reason, current, None, declared, ok, scheme="calendar")


def render(verdict: Verdict, fmt: str = "text") -> str:
    if fmt == "json":
        data: dict[str, Any] = {
            "bump": verdict.bump,
            "reason": verdict.reason,
            "current": verdict.current,
            "next": verdict.next,
            "declared": verdict.declared,
            "declared_is_enough": verdict.ok,
        }
        if verdict.scheme != "semver":  # calendar and package versions only: the field is new
            data["scheme"] = verdict.scheme
        if verdict.package:
            data["package"] = verdict.package
        return indented.dumps(data) + "\n"
    lines = [f"{verdict.bump}: {terminal(verdict.reason)}"]
    calendar = verdict.scheme == "calendar"
    if verdict.current:
        kind = {"calendar": " (a calendar version)", "package": " (the packages' vN suffix)"}
        lines.append(f"current version: {terminal(verdict.current)}{kind.get(verdict.scheme, '')}")
    if verdict.scheme == "package":
        lines.append(_package_next(verdict))
    elif verdict.next:
        lines.append(f"next version: {verdict.next}")
    elif calendar and verdict.bump == "major":
        lines.append(
            "next version: a new dated version, later than "
            f"{terminal(verdict.current or '')}: a breaking change needs one"
        )
    elif calendar:
        lines.append("next version: this date may stay; no breaking change needs a new one")
    if verdict.declared and verdict.ok is not None:
        if verdict.scheme == "package":
            state = (
                "enough"
                if verdict.ok
                else f"not enough: a breaking change needs new packages {verdict.next}"
                if verdict.bump == "major"
                else "not enough: earlier than the current version"
            )
        elif calendar:
            state = (
                "enough"
                if verdict.ok
                else "not enough: a breaking change needs a later date"
                if verdict.bump == "major"
                else "not enough: earlier than the current version"
            )
        else:
            state = "enough" if verdict.ok else f"not enough for a {verdict.bump} bump"
        lines.append(f"NEW declares {terminal(verdict.declared)}: {state}")
    return "\n".join(lines) + "\n"


def _package_next(verdict: Verdict) -> str:
    current = terminal(verdict.current or "")
    if verdict.bump != "major":
        return f"next version: {current} may stay; no breaking change needs new packages"
    line = f"next version: {verdict.next}: a breaking change inside {current} needs new packages"
    if verdict.package:
        package = terminal(verdict.package)
        new = package[: -len(current)] + (verdict.next or "")
        line += f" ({package} -> {new}), with {current} kept for the clients that use it"
    return line
