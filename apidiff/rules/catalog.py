"""The rule catalog: every consumer-visible change has one rule with a stable id.

A rule claims changes by kind (``schema.max-length.decreased``) and, where one kind means
different things, by a predicate (direction, location, a flag in ``info``). Classification
looks only at the few rules registered for a change's kind, so it stays linear. Severity
overrides and ignores come from configuration after classification: a rule never sees them.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from .. import kinds
from ..canonical import preview
from ..diff.change import Change
from ..kinds import Action
from ..model import Guidance, sunset_date
from ..result import Finding, Severity
from ..spans import code

__all__ = [
    "EVERY_FAMILY",
    "RULES",
    "Rule",
    "advice",
    "classify",
    "declare",
    "finding_for",
    "loading",
    "register",
    "resolve",
    "rule",
    "share",
]

EVERY_FAMILY: frozenset[str] = frozenset()  # a rule of every family (the catch-all)

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
    # The families whose changes the rule judges (registry names); empty: every family.
    # Filled from the family whose rule modules are loading (``loading``) when not given.
    families: frozenset[str] | None = None
    mirror: str | None = None  # the rule for the opposite direction or action
    mirror_waiver: str | None = None  # why there is no mirror
    area: str = "schemas"
    # Other names of this rule, accepted wherever a rule id is: former ids (redirects, as
    # ruff keeps renamed codes working) and peers' names for the same check (oasdiff, buf).
    aliases: tuple[str, ...] = ()
    # The consumer surface the change touches, when it is not the family's plain one:
    # a profile (registry.Family.profiles) decides what that surface weighs. Rules name
    # facts ("sdk": generated clients; "codegen": typed GraphQL clients), never profiles.
    touches: str | None = None

    def claims(self, change: Change) -> bool:
        return self.when is None or self.when(change)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the rule answers to: its id, ``family:id`` for each family, aliases."""
        return (self.id, *(f"{f}:{self.id}" for f in sorted(self.families or ())), *self.aliases)


RULES: dict[str, Rule] = {}
_BY_KIND: dict[str, list[Rule]] = {}
_NAMES: dict[str, Rule] = {}  # every name of every rule (``Rule.names``)
_LOADING: list[str] = []  # the family whose rule modules are being imported
# (attribute, action) -> phrase, for changes reported without a rule of their own
# (components no operation uses).
PHRASES: dict[tuple[str, str], str] = {}


@contextlib.contextmanager
def loading(family: str) -> Iterator[None]:
    """Rules registered inside belong to ``family`` unless they say otherwise."""
    _LOADING.append(family)
    try:
        yield
    finally:
        _LOADING.pop()


def register(new_rule: Rule) -> Rule:
    """Add a rule. Ids are one namespace across families: a second format that wants a name
    another family has (Protobuf's fields beside GraphQL's) takes its family's prefix
    (``protobuf-field-removed``) and may list the bare name nowhere; ``family:id`` always
    names a rule exactly."""
    if new_rule.families is None:
        if not _LOADING:
            raise ValueError(f"rule {new_rule.id}: no family (register it from a family's module)")
        new_rule = replace(new_rule, families=frozenset({_LOADING[-1]}))
    if new_rule.id in RULES:
        raise ValueError(f"duplicate rule id {new_rule.id}")
    for name in new_rule.names:
        if name in _NAMES:
            raise ValueError(f"rule {new_rule.id}: the name {name!r} is {_NAMES[name].id}'s")
    RULES[new_rule.id] = new_rule
    for name in new_rule.names:
        _NAMES[name] = new_rule
    for kind in new_rule.kinds:
        _BY_KIND.setdefault(kind, []).append(new_rule)
    return new_rule


def share(family: str, ids: Iterable[str]) -> None:
    """Let ``family`` judge with rules another family declared, under the same ids: an
    event API's payloads are schemas, and the schema table's rules are theirs too."""
    replaced: dict[int, Rule] = {}
    for rule_id in ids:
        old = RULES[rule_id]
        if not old.families or family in old.families:
            continue
        new = replace(old, families=old.families | {family})
        RULES[rule_id] = new
        for name in new.names:
            _NAMES[name] = new
        replaced[id(old)] = new
    kinds = {kind for new in replaced.values() for kind in new.kinds}
    for kind in kinds:  # each list rebuilt once, in its order
        _BY_KIND[kind] = [replaced.get(id(r), r) for r in _BY_KIND[kind]]


def resolve(name: str) -> Rule | None:
    """The rule ``name`` names: an id, ``family:id``, or an alias."""
    return _NAMES.get(name)


def declare(
    id: str,
    severity: Severity | str,
    on: str | Iterable[str],
    message: str,
    *,
    doc: str,
    when: Predicate | None = None,
    migration: str | None = None,
    summary: str | None = None,
    mirror: str | None = None,
    mirror_waiver: str | None = None,
    families: frozenset[str] | None = None,
    area: str = "operations",
    aliases: Iterable[str] = (),
    touches: str | None = None,
) -> Rule:
    """The one way a rule is declared: the ``rule`` decorator and the generated and GraphQL
    rows all come through here. ``doc`` is Markdown with the fixed headings."""
    doc = doc.strip()
    if families is None and _LOADING:  # the loading family's, as register would (no copy)
        families = frozenset({_LOADING[-1]})
    return register(
        Rule(
            id=id,
            severity=Severity(severity),
            kinds=(on,) if isinstance(on, str) else tuple(on),
            message=message,
            summary=summary or _first_line(doc),
            doc=_dedent(doc),
            migration=migration,
            when=when,
            families=families,
            mirror=mirror,
            mirror_waiver=mirror_waiver,
            area=area,
            aliases=tuple(aliases),
            touches=touches,
        )
    )


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
    families: frozenset[str] | None = None,
    area: str = "operations",
    aliases: Iterable[str] = (),
    touches: str | None = None,
) -> Callable[[Predicate], Predicate]:
    """Register the decorated predicate as a rule; its docstring is the rule's page."""

    def decorate(fn: Predicate) -> Predicate:
        declare(
            id,
            severity,
            on,
            message,
            doc=fn.__doc__ or "",
            when=fn,
            migration=migration,
            summary=summary,
            mirror=mirror,
            mirror_waiver=mirror_waiver,
            families=families,
            area=area,
            aliases=aliases,
            touches=touches,
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
    lines = doc.splitlines()
    if len(lines) <= 1:
        return doc
    rest = lines[1:]
    if not any(line[:1] in (" ", "\t") for line in rest):
        return lines[0] + "\n" + "\n".join(rest)  # no indentation: what dedent would give
    import textwrap

    return lines[0] + "\n" + textwrap.dedent("\n".join(rest))


def classify(change: Change) -> Rule:
    """The rule that claims ``change`` (``unclassified-change`` when none does)."""
    for candidate in _BY_KIND.get(change.kind, ()):
        if candidate.claims(change):
            return candidate
    return RULES["unclassified-change"]


declare(
    "unclassified-change",
    "dangerous",
    "unclassified",
    "{where}: unclassified change",
    doc="""A change no rule claims (a bug in apidiff's catalog; please report it).

    ### What it detects
    Anything the diff engine saw that no rule knows how to judge.

    ### Why it matters to clients
    Unknown: it is shown as dangerous so that it is reviewed.

    ### Notes
    The test suite asserts that no fixture produces one.
    """,
    migration="Review this change by hand: apidiff could not classify it.",
    mirror_waiver="a catch-all",
    area="components",
    families=EVERY_FAMILY,
)


# -- rendering -------------------------------------------------------------------------------


SHOWN_ITEMS = 100  # values of a list a message quotes before "and N more"
SHOWN_CHARS = 4000  # and characters: nested lists of aliases must not multiply


def show(value: Any, room: int = SHOWN_CHARS) -> str:
    """A value quoted for a one-line message, through the bounded preview (an aliased
    default of a billion nodes shows its first 120 characters, at their cost)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, list | tuple):
        if not value:
            return "none"
        parts: list[str] = []
        size = 0
        for item in itertools.islice(value, SHOWN_ITEMS):
            if size > room:
                break
            parts.append(show(item, room - size))
            size += len(parts[-1]) + 2
        rest = len(value) - len(parts)
        return ", ".join(parts) + (f" and {rest} more" if rest > 0 else "")
    if isinstance(value, str):
        words = _words(value, 120)
        return code(words) if words else '`""`'  # an empty string (or only blanks) shows as such
    return code(preview(value, 120))


def _words(value: str, limit: int) -> str:
    """``" ".join(value.split())`` cut to ``limit`` characters, reading only that far."""
    out: list[str] = []
    size = -1
    for match in _WORD.finditer(value):
        out.append(match.group())
        size += len(out[-1]) + 1
        if size > limit:
            break
    text = " ".join(out)
    return text[: limit - 3] + "..." if len(text) > limit else text


_WORD = re.compile(r"\S+")


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return f"{{{key}}}"


_OWN_FIELDS = frozenset(("where", "old", "new", "operation", "direction"))


class _ChangeFields(dict):
    """A change's message fields, each written the first time a template names it: a
    change carries a dozen facts and a template quotes three or four. An unknown field
    stays ``{name}``. The values are those ``fields_of`` lists."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change

    def known(self, key: str) -> bool:
        if key in _OWN_FIELDS or (key == "detail" and self._phrase() is not None):
            return True
        return key != "operations" and key in self.change.info

    def __missing__(self, key: str) -> str:
        if not self.known(key):
            return f"{{{key}}}"
        value = self[key] = self._field(key)
        return value

    def _phrase(self) -> str | None:
        info = self.change.info
        return PHRASES.get((info.get("attribute"), info.get("action")))

    def _field(self, key: str) -> str:
        change = self.change
        if key == "where":
            return change.where
        if key in ("old", "new"):
            return show(change.old if key == "old" else change.new)
        if key == "operation":
            return change.display or change.operation or ""
        if key == "direction":
            return change.direction.value if change.direction else ""
        phrase = self._phrase() if key == "detail" else None
        if phrase is not None:
            return phrase.format_map(
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
        value = change.info[key]
        text = value if isinstance(value, str) else show(value)
        if key == "sunset" and value is not None and sunset_date(value) is None:
            text += " (not a date)"  # "removed before its sunset date TBD (not a date)"
        return text


def fields_of(change: Change) -> dict[str, str]:
    """Every message field of ``change``, written out (``render`` asks for them lazily)."""
    fields = _ChangeFields(change)
    names = [k for k in change.info if k != "operations"]
    names += ["detail", *sorted(_OWN_FIELDS)]
    return {k: fields[k] for k in names if fields.known(k)}


# A template's `{field}`: the field's text quoted as a code span its backticks cannot end.
_QUOTED_FIELD = re.compile(r"`\{(\w+)\}`")


def render(template: str, change: Change) -> str:
    fields = _ChangeFields(change)
    for name in set(_QUOTED_FIELD.findall(template)):
        fields["`" + name] = code(fields[name]) if fields.known(name) else f"`{{{name}}}`"
    text = _QUOTED_FIELD.sub(r"{`\1}", template).format_map(fields)
    return " ".join(text.split())


def fingerprint(rule_id: str, change: Change) -> str:
    """rule id + operation + logical place: stable across rewording and line moves."""
    text = "\x1f".join((rule_id, change.operation or "", *change.path))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def advice(guidance: Guidance | None, said: str = "") -> str:
    """The concrete part of a migration note, from the facts the comparison recorded: the
    type, format and allowed values of a new required input, the values still accepted,
    the replacement a deprecation names. What ``said`` (the rule's note) quotes already
    is not repeated."""
    if guidance is None:
        return ""
    g = guidance
    parts = []
    typed = g.type is not None and show(g.type) in said
    if (g.type is not None and not typed) or g.format is not None:
        what = (
            f"It takes {show(g.type)}" if g.type is not None and not typed else "It takes a value"
        )
        if g.format is not None:
            what += f" in format {show(g.format)}"
        parts.append(what + ".")
    if g.values is not None:
        parts.append(f"Allowed values: {_some(g.values, g.more)}.")
    if g.remaining is not None:
        if g.remaining:
            parts.append(f"Values still accepted: {_some(g.remaining, g.more)}.")
        else:
            parts.append("No value is accepted any more.")
    if g.replacement is not None:
        parts.append(f"The deprecation names {show(g.replacement)} as the replacement.")
    return " ".join(parts)


ADVICE_VALUES = 10  # values a note quotes in words (the JSON's guidance lists up to 50)


def _some(values: tuple, more: int) -> str:
    """``a``, ``b`` and 12 more: a sentence stays readable (Stripe's webhook events list
    224 values)."""
    rest = len(values) - ADVICE_VALUES + more if len(values) > ADVICE_VALUES else more
    text = show(list(values[:ADVICE_VALUES]))
    return text + (f" and {rest:,} more" if rest > 0 else "")


_REMOVED_MARK = " (deprecated, then removed)"


def finding_for(change: Change) -> Finding:
    matched = classify(change)
    migration = render(matched.migration, change) if matched.migration else None
    extra = advice(change.guidance, migration or "")
    if extra:
        migration = f"{_full_stop(migration)} {extra}" if migration else extra
    message = render(matched.message, change)
    gone = kinds.parse(change.kind).action is Action.REMOVED
    deprecated = change.guidance is not None and change.guidance.deprecated
    if gone and deprecated and "deprecat" not in message:  # once, whatever the rule says
        message += _REMOVED_MARK
    # A report points into NEW, except for removals: what was removed is only in OLD.
    removal = kinds.parse(change.kind).action is Action.REMOVED or change.new_loc is None
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
        message=message,
        migration=migration,
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
        touches=matched.touches,
        used_by=tuple(change.info["used_by"]) if "used_by" in change.info else None,
        guidance=change.guidance,
    )


def _full_stop(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."
