"""``apidiff check``: every contract of a repository against a git revision, in one run.

Each contract is compared with itself at the base revision (in parallel processes with
``jobs`` > 1) and the results are merged into one ``Result``: operations are prefixed with the
contract's name, so every report format works unchanged and the exit code covers all of them.
The merge is in configuration order, so a parallel run is byte-identical to a serial one.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from . import git, registry
from .api import CompareOptions, compare, load
from .config import Config, ContractEntry
from .errors import ApidiffError, InputError, UsageError
from .formats.background import usable_cpus
from .result import ContractInfo, Finding, Result
from .spans import code

__all__ = ["Outcome", "default_jobs", "merge", "run"]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One contract's comparison, or why there was none (new at the base revision)."""

    entry: ContractEntry
    result: Result | None
    note: str | None = None


def default_jobs() -> int:
    return max(1, usable_cpus())


def _sides(entry: ContractEntry, config: Config, against: str, root: Path) -> tuple[str, str]:
    path = (config.base / entry.path) if not Path(entry.path).is_absolute() else Path(entry.path)
    old = git.at(against, path, root)
    # Named from the current folder when inside it, as a user would type it: reports do not
    # carry the machine's absolute paths (a CI runner's workspace in a PR comment).
    here = Path.cwd().resolve()
    shown = path.resolve() if path.name in ("", ".", "..") else path.parent.resolve() / path.name
    if shown.is_relative_to(here):
        return old, shown.relative_to(here).as_posix()
    return old, str(path)


def _with_proto_paths(entry: ContractEntry, config: Config) -> ContractEntry:
    """``entry`` with its Protobuf import roots as absolute folders, relative to the
    configuration's folder as its path is: one spelling for the working tree and the base
    revision (which reads them from the same repository)."""
    if not entry.proto_paths:
        return entry
    base = config.base.resolve()
    folders = tuple(os.path.normpath(base / folder) for folder in entry.proto_paths)
    return replace(entry, proto_paths=folders)


def _with_ref_root(entry: ContractEntry, config: Config) -> ContractEntry:
    """``entry`` with its ``ref-root`` as an absolute folder, relative to the
    configuration's folder (one spelling for the working tree and the base revision)."""
    if entry.ref_root is None:
        return entry
    return replace(entry, ref_root=os.path.normpath(config.base.resolve() / entry.ref_root))


def _with_operations(entry: ContractEntry, config: Config) -> ContractEntry:
    """``entry`` with its operations relative to the configuration's folder, as its path is
    (named from the current folder when inside it, as ``_sides`` names the contract)."""
    if not entry.operations:
        return entry
    here = Path.cwd().resolve()
    patterns = []
    for pattern in entry.operations:
        if Path(pattern).is_absolute() or git.is_revision_path(pattern):
            patterns.append(pattern)
            continue
        joined = Path(os.path.normpath(config.base.resolve() / pattern))
        patterns.append(
            joined.relative_to(here).as_posix() if joined.is_relative_to(here) else str(joined)
        )
    return replace(entry, operations=tuple(patterns))


def _one(entry: ContractEntry, old: str, new: str, options: CompareOptions) -> Outcome:
    """Compare one contract (runs in a worker process with ``jobs`` > 1)."""
    if entry.operations:
        options = replace(options, operations=entry.operations)
    if entry.profile:  # the contract's own consumer profile, over the configuration's
        options = replace(options, policy=replace(options.policy, profile=entry.profile))
    if entry.proto_paths:  # its import roots, after those of --proto-path
        paths = options.load.proto_paths + entry.proto_paths
        options = replace(options, load=replace(options.load, proto_paths=paths))
    if entry.ref_root is not None:  # its own, over --ref-root
        options = replace(options, load=replace(options.load, ref_root=entry.ref_root))
    try:
        result = compare(old, new, options)
    except InputError as exc:
        rev, _, path = old.partition(":")
        # The contract itself is missing at ``rev`` (not a file one of its $refs names).
        if exc.file == old and exc.message == f"no such file at {rev}":
            if not Path(new).exists():  # nor on disk: a misspelt path, not a new contract
                raise InputError("no such file", file=new) from None
            # Nothing to compare it with, but it must still be a contract: a path to a file
            # that is none (a README, `.git/config`) is the user's mistake, not "no changes".
            load(new, options.load)
            return Outcome(entry, None, f"new contract: {code(path)} does not exist at {rev}")
        raise
    declared = registry.format_named(entry.format)  # None for "auto"
    if declared is not None and result.new.format not in declared.dialects:
        raise InputError(
            f"contract {entry.name!r} is declared {entry.format} but is {result.new.format}",
            file=new,
        )
    return Outcome(entry, result.detached())


def _one_then_collect(entry: ContractEntry, old: str, new: str, options: CompareOptions) -> Outcome:
    """``_one`` in a worker that compares several contracts: a model is a graph of cycles
    (recursive schemas), which keep its parsed documents alive until the cycle collector's
    next full pass, and with millions of live objects those come rarely. Collected after
    each contract, a worker holds one contract's data at a time."""
    outcome = _one(entry, old, new, options)
    gc.collect()
    return outcome


def run(
    config: Config,
    against: str,
    options: CompareOptions,
    *,
    jobs: int = 1,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[Outcome]:
    """Compare every contract of ``config`` with itself at ``against``."""
    if not config.contracts:
        raise UsageError(
            "no contracts to check: list them as [[contract]] entries in apidiff.toml, "
            "or give their paths"
        )
    root = git.repo_root()
    git.commit_of(against, root)  # one clear message before any work
    # The contracts and the client operations a configuration names are read from the
    # repository only (``sources.read_file``): a link or a ``../`` out of it is refused.
    options = replace(options, load=replace(options.load, roots=(root,)))
    tasks = [
        (
            _with_ref_root(_with_proto_paths(_with_operations(entry, config), config), config),
            *_sides(entry, config, against, root),
        )
        for entry in config.contracts
    ]
    outcomes: list[Outcome] = []
    if jobs <= 1 or len(tasks) == 1:
        for index, (entry, old, new) in enumerate(tasks, 1):
            if progress is not None:
                progress(index, len(tasks), entry.name)
            outcomes.append(_one(entry, old, new, options))
            if index < len(tasks):
                gc.collect()  # the models just compared: see ``_one_then_collect``
        return outcomes
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
        futures = [
            pool.submit(_one_then_collect, entry, old, new, options) for entry, old, new in tasks
        ]
        for index, (future, (entry, _, _)) in enumerate(zip(futures, tasks, strict=True), 1):
            try:
                outcomes.append(future.result())
            except ApidiffError:
                pool.shutdown(cancel_futures=True)
                raise
            if progress is not None:
                progress(index, len(tasks), entry.name)
    return outcomes


def merge(outcomes: list[Outcome], against: str) -> Result:
    """One result for all contracts: operations named ``contract: operation``."""
    findings: list[Finding] = []
    warnings: list[str] = []
    expired: list[str] = []
    tags: dict[str, tuple[str, ...]] = {}
    for outcome in outcomes:
        name = outcome.entry.name
        if outcome.result is None:
            warnings.append(f"{name}: {outcome.note}")
            continue
        result = outcome.result
        for finding in result.findings:
            findings.append(
                replace(
                    finding,
                    operation=f"{name}: {finding.operation}" if finding.operation else name,
                    operation_key=f"{name}\0{finding.operation_key}",
                    operations=tuple(f"{name}: {op}" for op in finding.operations),
                )
            )
        warnings.extend(f"{name}: {w}" for w in result.warnings)
        tags.update((f"{name}: {op}", t) for op, t in result.tags.items())
        expired.extend(e for e in result.expired_ignores if e not in expired)
    count = len(outcomes)
    noun = "contract" if count == 1 else "contracts"
    return Result(
        old=ContractInfo(f"{against} ({count} {noun})", "check", None),
        new=ContractInfo(f"working tree ({count} {noun})", "check", None),
        findings=tuple(findings),
        warnings=tuple(warnings),
        expired_ignores=tuple(expired),
        tags=tags,
    )
