"""What reporters read: severities, findings and the result of one comparison."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from .frozen import fast_init
from .model import Guidance, Location

__all__ = ["ContractInfo", "Finding", "Result", "Severity"]


class Severity(StrEnum):
    BREAKING = "breaking"
    DANGEROUS = "dangerous"
    SAFE = "safe"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls(value.strip().lower())


_RANKS = {Severity.BREAKING: 3, Severity.DANGEROUS: 2, Severity.SAFE: 1}


@fast_init
@dataclass(frozen=True, slots=True)
class Finding:
    """A classified change: which rule, how severe, where, and what to tell people."""

    id: str
    severity: Severity
    operation: str  # as reports show it: "GET /pets/{petId}", "components"
    operation_key: str  # pairing key, for ordering and grouping
    direction: str | None
    message: str
    migration: str | None
    location: Location | None  # in NEW, or in OLD for removals
    old_location: Location | None
    fingerprint: str
    path: tuple[str, ...]
    kind: str
    old: Any = None
    new: Any = None
    info: dict[str, Any] = field(default_factory=dict)
    # Every operation the change affects: one, or all users of a shared component.
    operations: tuple[str, ...] = ()
    # What the rule says the change touches (a consumer surface a profile may weigh).
    touches: str | None = None
    # What judgement did (apidiff.judge); all unset without a configuration or profile:
    default_severity: Severity | None = None  # the rule's, when judgement moved it
    policy: str | None = None  # why it moved (a profile, the deprecation policy)
    ignored: str | None = None  # why the configuration silences it (ignore, exemption)
    used_by: tuple[str, ...] | None = None  # client operations it touches (--operations)
    unused: bool = False  # breaking, yet no given client operation touches it
    guidance: Guidance | None = None  # what the migration note says concretely

    def sort_key(self) -> tuple:
        return (self.operation_key, self.path, self.id, self.message)


@fast_init
@dataclass(frozen=True, slots=True)
class ContractInfo:
    source: str
    format: str
    version: str | None
    title: str | None = None
    # What ``version`` is: "semver" (or a calendar date), or "package" (a Protobuf
    # package's vN suffix: a breaking change needs a new package, v(N+1)).
    versions: str = "semver"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "format": self.format, "version": self.version}


@fast_init
@dataclass(frozen=True, slots=True)
class Result:
    old: ContractInfo
    new: ContractInfo
    findings: tuple[Finding, ...]
    warnings: tuple[str, ...] = ()
    # Ignore entries past their date: the run fails until they are renewed or removed.
    expired_ignores: tuple[str, ...] = ()
    # Findings a report filter (--min-severity, --no-docs-changes) left out of the report:
    # still counted in the verdict line and still judged by --fail-on.
    hidden: tuple[Finding, ...] = ()
    # The tags of the operations findings name (as reports show them: ``GET /pets``), from
    # NEW, or OLD for a removed operation; for formats that tag operations (OpenAPI,
    # AsyncAPI). The HTML report's table of contents groups operations by them.
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def detached(self) -> Result:
        """This result with its positions resolved and its documents let go: a location's
        line and column come from the parsed document, which its resolver keeps alive, so a
        result kept beyond its comparison (``history``'s steps, ``check``'s contracts, a
        result sent to another process) would hold both contracts' parsed data."""
        known: dict[str, _KnownPositions] = {}

        def detach(loc: Location | None) -> Location | None:
            if loc is None:
                return None
            positions = known.setdefault(loc.file, _KnownPositions({}))
            positions.known[loc.pointer] = loc.position
            return Location(loc.file, loc.pointer, positions)

        def finding(f: Finding) -> Finding:
            return replace(f, location=detach(f.location), old_location=detach(f.old_location))

        return replace(
            self,
            findings=tuple(finding(f) for f in self.findings),
            hidden=tuple(finding(f) for f in self.hidden),
        )

    @property
    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def at_or_above(self, severity: Severity, *, include_unused: bool = True) -> list[Finding]:
        """Findings at ``severity`` or worse; ``include_unused=False`` leaves out breaking
        GraphQL changes that none of the given client operations touches. Findings the
        configuration ignores or exempts never count."""
        return [
            f
            for f in (*self.findings, *self.hidden)
            if f.severity.rank >= severity.rank
            and (include_unused or not f.unused)
            and not f.ignored
        ]

    def fails(self, fail_on: str, *, include_unused: bool = True) -> bool:
        """Whether a run gated at ``fail_on`` (a severity or ``none``) fails: a change at or
        above it, or an ignore entry past its date."""
        if self.expired_ignores:
            return True
        if fail_on == "none":
            return False
        return bool(self.at_or_above(Severity(fail_on), include_unused=include_unused))

    @property
    def highest(self) -> Severity | None:
        best = None
        for finding in (*self.findings, *self.hidden):
            if best is None or finding.severity.rank > best.rank:
                best = finding.severity
        return best


class _KnownPositions:
    """The line and column of the pointers a detached result reports (``Result.detached``):
    a position resolver that holds no document."""

    __slots__ = ("known",)

    def __init__(self, known: dict[str, tuple[int, int] | None]) -> None:
        self.known = known

    def __call__(self, pointer: str) -> tuple[int, int] | None:
        return self.known.get(pointer)
