"""The rule catalog: every consumer-visible change has one rule with a stable id.

A rule claims changes by kind (``schema.max-length.decreased``) and, where one kind means
different things, by a predicate (direction, location, a flag in ``info``). Classification
looks only at the few rules registered for a change's kind, so it stays linear. Severity
overrides and ignores come from configuration after classification: a rule never sees them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..diff.change import Change
from ..result import Finding, Severity
from ..spans import code

__all__ = [
    "OPENAPI",
    "RULES",
    "Rule",
    "classify",
    "finding_for",
    "register",
    "rule",
]

OPENAPI = frozenset({"openapi"})
GRAPHQL = frozenset({"graphql"})

Predicate = Callable[[Change], bool]

ID_GRAMMAR = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    kinds: tuple[str, ...]
    message: str  # one line, named fields: {where} {old} {new} {operation} ...
    summary: str  # one line for `apidiff rules`
    doc: str  # Markdown: What it detects / Why it matters to clients / Notes
    migration: str | None = None  # what the consumer must do (required unless safe)
    when: Predicate | None = None
    formats: frozenset[str] = OPENAPI
    mirror: str | None = None  # the rule for the opposite direction or action
    mirror_waiver: str | None = None  # why there is no mirror
    area: str = "schemas"

    def claims(self, change: Change) -> bool:
        return self.when is None or self.when(change)


RULES: dict[str, Rule] = {}
_BY_KIND: dict[str, list[Rule]] = {}
# (attribute, action) -> phrase, for changes reported without a rule of their own
# (components no operation uses).
PHRASES: dict[tuple[str, str], str] = {}


def register(new_rule: Rule) -> Rule:
    if new_rule.id in RULES:
        raise ValueError(f"duplicate rule id {new_rule.id}")
    RULES[new_rule.id] = new_rule
    for kind in new_rule.kinds:
        _BY_KIND.setdefault(kind, []).append(new_rule)
    return new_rule


def rule(
    id: str,
    severity: Severity | str,
    on: str | Iterable[str],
    message: str,
    *,
    migration: str | None = None,
    summary: str | None = None,
    mirror: str | None = None,
    mirror_waiver: str | None = None,
    formats: frozenset[str] = OPENAPI,
    area: str = "operations",
) -> Callable[[Predicate], Predicate]:
    """Register the decorated predicate as a rule; its docstring is the rule's page."""

    def decorate(fn: Predicate) -> Predicate:
        doc = (fn.__doc__ or "").strip()
        register(
            Rule(
                id=id,
                severity=Severity(severity),
                kinds=(on,) if isinstance(on, str) else tuple(on),
                message=message,
                summary=summary or _first_line(doc),
                doc=_dedent(doc),
                migration=migration,
                when=fn,
                formats=formats,
                mirror=mirror,
                mirror_waiver=mirror_waiver,
                area=area,
            )
        )
        return fn

    return decorate


def _first_line(doc: str) -> str:
    for line in doc.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and not line.startswith("*"):
            return line
    return ""


def _dedent(doc: str) -> str:
    import textwrap

    lines = doc.splitlines()
    if len(lines) <= 1:
        return doc
    return lines[0] + "\n" + textwrap.dedent("\n".join(lines[1:]))


def classify(change: Change) -> Rule:
    """The rule that claims ``change`` (``unclassified-change`` when none does)."""
    for candidate in _BY_KIND.get(change.kind, ()):
        if candidate.claims(change):
            return candidate
    return RULES["unclassified-change"]


# -- rendering -------------------------------------------------------------------------------


def show(value: Any) -> str:
    """A value quoted for a one-line message."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list | tuple):
        return ", ".join(show(v) for v in value) if value else "none"
    if isinstance(value, str):
        text = " ".join(value.split())
        if len(text) > 120:
            text = text[:117] + "..."
        return code(text)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if len(text) > 120:
        text = text[:117] + "..."
    return code(text)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return f"{{{key}}}"


def fields_of(change: Change) -> dict[str, str]:
    fields = _Fields()
    for key, value in change.info.items():
        if key == "operations":
            continue
        fields[key] = value if isinstance(value, str) else show(value)
    phrase = PHRASES.get((change.info.get("attribute"), change.info.get("action")))
    if phrase is not None:
        fields["detail"] = phrase.format_map(
            _Fields(
                old=show(change.old),
                new=show(change.new),
                **{
                    k: v if isinstance(v, str) else show(v)
                    for k, v in change.info.items()
                    if k not in ("old", "new")
                },
            )
        )
    fields.update(
        where=change.where,
        old=show(change.old),
        new=show(change.new),
        operation=change.display or change.operation or "",
        direction=change.direction.value if change.direction else "",
    )
    return fields


# A template's `{field}`: the field's text quoted as a code span its backticks cannot end.
_QUOTED_FIELD = re.compile(r"`\{(\w+)\}`")


def render(template: str, change: Change) -> str:
    fields = fields_of(change)
    for name in set(_QUOTED_FIELD.findall(template)):
        fields["`" + name] = code(fields[name]) if name in fields else f"`{{{name}}}`"
    text = _QUOTED_FIELD.sub(r"{`\1}", template).format_map(fields)
    return " ".join(text.split())


def fingerprint(rule_id: str, change: Change) -> str:
    """rule id + operation + logical place: stable across rewording and line moves."""
    text = "\x1f".join((rule_id, change.operation or "", *change.path))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def finding_for(change: Change) -> Finding:
    matched = classify(change)
    # A report points into NEW, except for removals: what was removed is only in OLD.
    removal = change.kind.endswith("removed") or change.new_loc is None
    primary, secondary = (
        (change.old_loc, change.new_loc)
        if removal and change.old_loc is not None
        else (change.new_loc, change.old_loc)
    )
    return Finding(
        id=matched.id,
        severity=matched.severity,
        operation=change.display or change.operation or "",
        operation_key=change.operation or "",
        direction=change.direction.value if change.direction else None,
        message=render(matched.message, change),
        migration=render(matched.migration, change) if matched.migration else None,
        location=primary,
        old_location=secondary if secondary is not primary else None,
        fingerprint=fingerprint(matched.id, change),
        path=change.path,
        kind=change.kind,
        old=change.old,
        new=change.new,
        info=dict(change.info),
        operations=tuple(
            change.info.get("operations")
            or ([change.display or change.operation] if change.operation else [])
        ),
    )
