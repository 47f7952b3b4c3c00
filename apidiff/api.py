"""The library entry point: the only module that calls every stage."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import deepstack, formats, registry, sources
from .collector import kept, paused
from .config import Ignore, Policy
from .diff import DiffOptions
from .diff import compare as diff_contracts
from .errors import ApidiffError, InputError, UsageError
from .formats import LoadOptions
from .model import Contract
from .result import ContractInfo, Result
from .rules import classify_all, resolve

__all__ = ["CompareOptions", "compare", "load", "load_once"]


@dataclass(frozen=True, slots=True)
class CompareOptions:
    """Everything ``compare`` can be told; the CLI builds one from its flags."""

    load: LoadOptions = field(default_factory=LoadOptions)
    today: _dt.date | None = None  # for sunset dates; defaults to the real today
    operations: tuple[str, ...] = ()  # GraphQL client operations (files, folders, globs)
    # The project's configuration: overrides, ignores, scope. The default policy exempts
    # draft and alpha operations, as the CLI does without a configuration file.
    policy: Policy = field(default_factory=Policy)


def load(
    source: str | Path | sources.Source | list[sources.Source], options: LoadOptions | None = None
) -> Contract:
    """Read and load one contract: a path, ``-`` for stdin, ``REV:path``, a folder or glob of
    GraphQL SDL files, or ``Source``s already read."""
    options = options or LoadOptions()
    return formats.load(_sources(source, options), options)


def load_once(sources: list[sources.Source], options: LoadOptions | None = None) -> Contract:
    """A contract loaded as ``compare`` loads it (garbage collector paused, on a deep
    stack), for callers that compare one version in several pairs (``history``)."""
    options = options or LoadOptions()
    with paused():
        return deepstack.run(lambda: formats.load(sources, options))


def _sources(
    source: str | Path | sources.Source | list[sources.Source], options: LoadOptions
) -> sources.Source | list[sources.Source]:
    if isinstance(source, sources.Source | list):
        return source
    if isinstance(source, str) and sources.is_url(source):
        return _read_url(source, allow=options.allow_remote_refs, max_bytes=options.max_bytes)
    return sources.read_all(str(source), max_bytes=options.max_bytes, roots=options.roots)


def _read_url(arg: str, *, allow: bool, max_bytes: int) -> sources.Source:
    """A contract named by URL on the command line: fetched only when the user allowed
    remote documents, with the remote module's timeouts, deadline and size cap."""
    if not allow:
        raise UsageError(
            f"{arg}: a URL is fetched only with --allow-remote-refs (contracts are untrusted "
            "input; or download it and give the file)"
        )
    import time

    from .formats import remote

    try:
        text = remote.fetch(
            arg, max_bytes=max_bytes, deadline=time.monotonic() + remote.RUN_DEADLINE
        )
    except ApidiffError as exc:
        raise InputError(exc.message.replace("$ref ", ""), file=arg) from None
    return sources.Source(arg, text, None, None, url=arg)


def compare(
    old: str | Path | sources.Source | list[sources.Source] | Contract,
    new: str | Path | sources.Source | list[sources.Source] | Contract,
    options: CompareOptions | None = None,
) -> Result:
    """Compare two contracts and classify every change."""
    with paused():
        return deepstack.run(lambda: _compare(old, new, options))


def _compare(old, new, options: CompareOptions | None) -> Result:
    options = options or CompareOptions()
    policy = options.policy
    if policy is not None and (policy.severity or policy.ignores):  # names rules
        from .judge import unknown_rules
        from .rules import RULES  # the whole catalog: a name may be any family's

        policy = _by_rule_ids(policy)
        problems = unknown_rules(policy, set(RULES))
        if problems:  # a misspelt rule id would silently change nothing; say so before loading
            raise UsageError(f"{problems[0]} (`apidiff rules` lists them)")
    if isinstance(old, Contract) or isinstance(new, Contract):
        old_contract = old if isinstance(old, Contract) else load(old, options.load)
        new_contract = new if isinstance(new, Contract) else load(new, options.load)
    else:
        old_contract, new_contract = formats.load_pair(
            _sources(old, options.load), lambda: _sources(new, options.load), options.load
        )
    family = registry.family_of(old_contract.format)
    if registry.family_of(new_contract.format) is not family:
        raise InputError(
            f"cannot compare {_a(old_contract.format)} contract with {_a(new_contract.format)} one",
            file=new_contract.source,
        )
    policy_warnings: list[str] = []
    diff_options = DiffOptions(max_pairs=options.load.max_pairs)
    if policy is not None:
        from .scope import missing_open_enums, open_enum_nodes, scope

        old_contract, new_contract = scope(old_contract, policy), scope(new_contract, policy)
        policy_warnings = missing_open_enums(old_contract, new_contract, policy)
        if policy.open_enums:
            opened = open_enum_nodes((old_contract, new_contract), policy.open_enums)
            diff_options = replace(diff_options, open_enums=opened)
    changes = diff_contracts(old_contract, new_contract, diff_options)
    operations = None
    if options.operations:  # a client's operations: those that break are changes too
        hooks = family.operations
        if hooks is None:
            usable = [f for f in registry.FORMATS if registry.FAMILIES[f.family].operations]
            names = ", ".join(f.title for f in usable)
            raise UsageError(f"--operations applies to {names} schemas only")
        operations = registry.hook(hooks.load)(
            options.operations, options.load.max_bytes, roots=options.load.roots
        )
        changes += registry.hook(hooks.broken)(operations, old_contract, new_contract)
    findings = classify_all(changes, today=options.today, family=family.name)
    expired: tuple[Ignore, ...] = ()
    if policy is not None:
        from .judge import judge

        dated = policy.deprecation_days is not None or policy.deprecation_days_by_level
        if dated and family.dated_history:
            from .deprecation_history import from_history

            findings = from_history(
                findings, old_contract, today=_today(options), max_bytes=options.load.max_bytes
            )
        judged = judge(
            findings, policy, old_contract, new_contract, _today(options), _profile(family, policy)
        )
        findings, expired = judged.findings, judged.expired
    if operations is not None:
        findings = registry.hook(family.operations.annotate)(findings, operations)
    _prefetch_positions(findings)
    warnings = tuple(
        dict.fromkeys([*old_contract.warnings, *new_contract.warnings, *policy_warnings])
    )
    kept(old_contract, new_contract)  # a process about to leave does not free them (collector)
    return Result(
        old=_info(old_contract),
        new=_info(new_contract),
        findings=tuple(findings),
        warnings=warnings,
        expired_ignores=tuple(
            f"{i.origin} ({i.describe()}; reason: {i.reason}) expired on {i.expires}"
            for i in expired
        ),
        tags=_tags(findings, new_contract, old_contract),
    )


def _tags(findings, *contracts: Contract) -> dict[str, tuple[str, ...]]:
    """The tags of each operation a finding names: NEW's, or OLD's for one NEW removed."""
    named = {f.operation for f in findings}
    tags: dict[str, tuple[str, ...]] = {}
    for contract in contracts:
        for operation in contract.operations.values():
            if operation.tags and operation.display in named:
                tags.setdefault(operation.display, operation.tags)
    return tags


def _by_rule_ids(policy: Policy) -> Policy:
    """``policy`` with every rule named by its id: an alias (a former id, a peer's name such
    as buf's ``FIELD_NO_DELETE`` or oasdiff's) or ``family:id`` works wherever an id does."""

    def canonical(name: str) -> str:
        rule = resolve(name)
        return rule.id if rule is not None else name

    severity = {canonical(name): level for name, level in policy.severity.items()}
    ignores = tuple(replace(i, rule=canonical(i.rule)) for i in policy.ignores)
    if severity == policy.severity and ignores == policy.ignores:
        return policy
    return replace(policy, severity=severity, ignores=ignores)


def _profile(family: registry.Family, policy: Policy) -> registry.Profile | None:
    profile = family.profile(policy.profile)
    if profile is None and policy.profile is not None:
        kinds = ", ".join(f.title for f in registry.FORMATS if f.family == family.name)
        known = ", ".join(p.name for p in family.profiles) or "none"
        raise UsageError(f"no profile {policy.profile!r} for {kinds} contracts (profiles: {known})")
    return profile


def _today(options: CompareOptions) -> _dt.date:
    return options.today or _dt.date.today()


def _info(contract: Contract) -> ContractInfo:
    fmt = registry.format_of(contract.format)
    versions = fmt.versions if fmt is not None else "semver"
    return ContractInfo(
        contract.source, contract.format, contract.version, contract.title, versions=versions
    )


def _prefetch_positions(findings) -> None:
    """Resolve every reported location's line and column in one pass per document."""
    wanted: dict[int, tuple[object, list[str]]] = {}
    for finding in findings:
        for loc in (finding.location, finding.old_location):
            doc = getattr(loc.resolver, "__self__", None) if loc is not None else None
            if doc is not None and hasattr(doc, "prefetch"):
                wanted.setdefault(id(doc), (doc, []))[1].append(loc.pointer)
    for doc, pointers in wanted.values():
        doc.prefetch(pointers)


def _a(word: str) -> str:
    """``an openapi-3.0``, ``a graphql``, ``an asyncapi-2.6``: the article as it sounds."""
    return f"{'an' if word[:1].lower() in 'aeio' else 'a'} {word}"
