"""The command line: a thin layer of options over ``apidiff.api``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 such changes found; 2 usage or input
error; 3 internal error. A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import datetime as _dt
import inspect
import os
import sys
import traceback
from pathlib import Path

import click

from .api import CompareOptions, compare
from .collector import paused
from .config import (
    SEVERITY_VALUES,
    STABILITY_LEVELS,
    Config,
    load_ignore_file,
    with_overrides,
    with_paths,
)
from .config import load as load_config
from .diff.options import DEFAULT_MAX_PAIRS
from .errors import ApidiffError, InputError, UsageError
from .formats import LoadOptions
from .formats.refs import DEFAULT_MAX_REF_HOPS
from .formats.yamljson import DEFAULT_MAX_NODES, MAX_FLOW_DEPTH
from .report import FORMATS, render
from .report.escape import terminal
from .result import Result, Severity
from .sources import DEFAULT_MAX_BYTES, read_file
from .version import __version__
from .writes import write_output

__all__ = ["main"]

FAIL_ON = ("breaking", "dangerous", "safe", "none")


class _Group(click.Group):
    """Turns every error into one line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ApidiffError as exc:
            _error(exc.render())
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("apidiff: interrupted", err=True)
            ctx.exit(130)
        except RecursionError:
            click.echo("apidiff: error: input nests too deeply to process", err=True)
            ctx.exit(2)
        except Exception as exc:  # the boundary: a bug must not look like a verdict
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(
                f"apidiff: internal error: {type(exc).__name__}: {terminal(str(exc))} "
                "(please report it with the inputs; --debug shows the traceback)",
                err=True,
            )
            ctx.exit(3)


def _error(message: str) -> None:
    """``apidiff: error: <message>`` on stderr. Messages quote contracts, configurations and
    file names: escaped here, once, whatever raised them, so none can drive the terminal."""
    click.echo(f"apidiff: error: {terminal(message)}", err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apidiff")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Find breaking changes between two versions of an API contract."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _options(*options):
    def apply(func):
        for option in reversed(options):
            func = option(func)
        return func

    return apply


_policy_options = _options(
    click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Configuration file (default: apidiff.toml or pyproject.toml [tool.apidiff], "
        "searched from the current folder upward).",
    ),
    click.option("--no-config", is_flag=True, help="Do not read any configuration file."),
    click.option(
        "--rule-severity",
        multiple=True,
        metavar="RULE=LEVEL",
        help="Override a rule's severity (breaking, dangerous, safe or off); RULE may be a "
        "glob. Repeatable.",
    ),
    click.option(
        "--ignores",
        "ignore_files",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="A TOML file of [[ignore]] entries (as `apidiff baseline` writes). Repeatable.",
    ),
    click.option(
        "--allow-removal-after-sunset",
        is_flag=True,
        default=None,
        help="Removing something deprecated whose x-sunset has passed is not breaking.",
    ),
    click.option(
        "--deprecation-days",
        type=click.IntRange(min=0),
        help="Removing something deprecated at least this many days ago (x-deprecated-since) "
        "is not breaking.",
    ),
    click.option(
        "--stability-threshold",
        type=click.Choice(STABILITY_LEVELS),
        help="Changes to operations and properties below this x-stability-level are exempt "
        "(default: beta, so draft and alpha are exempt).",
    ),
    click.option("--include", multiple=True, metavar="GLOB", help="Only these paths."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Leave these paths out."),
    click.option(
        "--strip-prefix",
        multiple=True,
        metavar="PREFIX",
        help="Compare paths without this prefix (e.g. /api/v1 moved into servers).",
    ),
    click.option(
        "--open-enum",
        multiple=True,
        metavar="NAME",
        help="A schema (Name or Name.property) whose enum is open: new values are safe.",
    ),
    click.option(
        "--profile",
        metavar="NAME",
        help="Whose breakage counts: OpenAPI http (default) or sdk; GraphQL default or codegen.",
    ),
)

_load_options = _options(
    click.option(
        "--max-size",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Largest contract file accepted, in bytes.",
    ),
    click.option(
        "--max-depth",
        type=click.IntRange(min=1),
        default=MAX_FLOW_DEPTH,
        show_default=True,
        help="Deepest nesting accepted in a YAML or JSON contract.",
    ),
    click.option(
        "--max-nodes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_NODES,
        show_default=True,
        help="Most values accepted in one contract file (an alias counts once).",
    ),
    click.option(
        "--max-pairs",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_PAIRS,
        show_default=True,
        help="Most schema node pairs one comparison compares (parts alike in OLD and NEW "
        "are not counted).",
    ),
    click.option(
        "--max-ref-hops",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_REF_HOPS,
        show_default=True,
        help="Longest chain of $ref to $ref followed.",
    ),
    click.option(
        "--allow-remote-refs",
        is_flag=True,
        help="Fetch http(s) $refs (10 s timeout, --max-size cap). Off by default: contracts "
        "are untrusted input.",
    ),
    click.option(
        "--proto-path",
        multiple=True,
        metavar="DIR",
        help="Protobuf: an extra import root (repeatable), a folder inside the repository "
        "(of the same revision for REV:path).",
    ),
    click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Judge sunset dates as of this day (default: the real today).",
    ),
    click.option(
        "--operations",
        multiple=True,
        metavar="GLOB",
        help="GraphQL client operations (a file, folder or quoted glob; repeatable): each "
        "change lists the operations it touches, operations that no longer validate are "
        "reported, and a breaking change none touches does not fail the run.",
    ),
    _policy_options,
)

_input_options = _options(
    click.argument("old"),
    click.argument("new", required=False),
    click.option(
        "--against",
        metavar="REV",
        help="Compare the one contract given with itself at this git revision "
        "(e.g. origin/main). OLD and NEW may also be REV:path.",
    ),
    _load_options,
)

_output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of stdout.",
)

_report_options = _options(
    click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(list(FORMATS)),
        default=None,
        help="Report format (default: the configuration's format, else text).",
    ),
    _output_option,
    click.option(
        "--color/--no-color",
        default=None,
        help="Colour the text report (default: on a terminal, unless NO_COLOR).",
    ),
    click.option(
        "--strict-usage",
        is_flag=True,
        help="With --operations: breaking changes no operation touches still fail the run.",
    ),
)

_compare_options = _options(_input_options, _report_options)


def _fail_on_option(fallback: str):
    """``--fail-on``; without it, the configuration's ``fail-on``, else ``fallback``."""
    return click.option(
        "--fail-on",
        type=click.Choice(FAIL_ON),
        help="Exit 1 when a change of this severity or worse is found (default: the "
        f"configuration's fail-on, else {fallback}).",
    )


def _compare(
    old: str,
    new: str | None,
    against: str | None,
    max_size: int,
    max_depth: int,
    max_nodes: int,
    max_pairs: int,
    max_ref_hops: int,
    allow_remote_refs: bool,
    today: _dt.datetime | None,
    operations: tuple[str, ...],
    proto_path: tuple[str, ...] = (),
    config: Config | None = None,
    **policy_flags,
) -> Result:
    if config is None:
        config = _config(**policy_flags)
    old, new = _sides(old, new, against or (config.against if new is None else None))
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be standard input")
    options = _options_from(
        config,
        max_size=max_size,
        max_depth=max_depth,
        max_nodes=max_nodes,
        max_pairs=max_pairs,
        max_ref_hops=max_ref_hops,
        allow_remote_refs=allow_remote_refs,
        today=today,
        operations=operations,
        proto_path=proto_path,
    )
    return compare(old, new, options)


def _options_from(
    config: Config,
    *,
    max_size: int,
    max_depth: int,
    max_nodes: int,
    max_pairs: int,
    max_ref_hops: int,
    allow_remote_refs: bool,
    today: _dt.datetime | None,
    operations: tuple[str, ...],
    proto_path: tuple[str, ...] = (),
) -> CompareOptions:
    return CompareOptions(
        load=LoadOptions(
            max_bytes=max_size,
            max_depth=max_depth,
            max_nodes=max_nodes,
            max_pairs=max_pairs,
            max_ref_hops=max_ref_hops,
            allow_remote_refs=allow_remote_refs,
            proto_paths=tuple(proto_path),
        ),
        today=today.date() if today else None,
        operations=operations,
        policy=config.policy,
    )


def _sides(old: str, new: str | None, against: str | None) -> tuple[str, str]:
    """OLD and NEW, or (with --against REV) the one file at REV and on disk."""
    if against is None:
        if new is None:
            raise UsageError("give OLD and NEW, or one contract and --against REV")
        return old, new
    if new is not None:
        raise UsageError("--against REV takes one contract, not OLD and NEW")
    if old == "-":
        raise UsageError("--against REV needs a file, not standard input")
    from . import git

    root = git.repo_root()
    return git.at(against, Path(old), root), old


def _config_of(inputs: dict) -> Config:
    """The configuration, taking its flags out of a command's keyword arguments."""
    names = inspect.signature(_config).parameters
    return _config(**{name: inputs.pop(name) for name in names})


def _config(
    config_path: Path | None = None,
    no_config: bool = False,
    rule_severity: tuple[str, ...] = (),
    ignore_files: tuple[Path, ...] = (),
    allow_removal_after_sunset: bool | None = None,
    deprecation_days: int | None = None,
    stability_threshold: str | None = None,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    strip_prefix: tuple[str, ...] = (),
    open_enum: tuple[str, ...] = (),
    profile: str | None = None,
) -> Config:
    """The configuration file (unless --no-config) with every given flag winning."""
    config = Config() if no_config else load_config(config_path)
    severity = {}
    for entry in rule_severity:
        rule, sep, level = entry.partition("=")
        if not sep or not rule.strip() or level.strip() not in SEVERITY_VALUES:
            raise UsageError(
                f"--rule-severity {entry!r}: expected RULE=LEVEL with LEVEL one of "
                + ", ".join(SEVERITY_VALUES)
            )
        severity[rule.strip()] = level.strip()
    ignores = tuple(i for path in ignore_files for i in load_ignore_file(path))
    return with_overrides(
        config,
        severity=severity,
        ignores=ignores,
        allow_removal_after_sunset=allow_removal_after_sunset,
        deprecation_days=deprecation_days,
        stability_threshold=stability_threshold,
        include=include,
        exclude=exclude,
        strip_prefix=strip_prefix,
        open_enums=open_enum,
        profile=profile,
    )


def _emit(text: str, output: Path | None) -> None:
    if output is not None:
        write_output(output, text)
    else:
        click.echo(text, nl=False)


def _run(
    severities: set[Severity] | None,
    fail_on: str | None,
    default_fail_on: str,
    *,
    fmt: str,
    output: Path | None,
    color: bool | None,
    strict_usage: bool,
    **inputs,
) -> None:
    config = _config_of(inputs)
    fail_on = fail_on or config.fail_on or default_fail_on
    # One comparison, then its report: the collector stays paused across both, or its first
    # pass after the comparison would walk both contracts' objects once more for nothing.
    with paused():
        result = _compare(config=config, **inputs)
        include_unused = strict_usage or not inputs["operations"]
        _report(result, config, severities, fail_on, fmt, output, color, include_unused)


def _report(
    result: Result,
    config: Config,
    severities: set[Severity] | None,
    fail_on: str,
    fmt: str | None,
    output: Path | None,
    color: bool | None,
    include_unused: bool,
) -> None:
    fmt = fmt or config.format or "text"
    if fmt not in FORMATS:
        raise UsageError(
            f"format {fmt!r} (from the configuration) is not one of {', '.join(FORMATS)}"
        )
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render(result, fmt, severities=severities, colour=bool(color), fail_on=fail_on)
    _emit(text, output)
    sys.exit(_exit_code(result, fail_on, include_unused=include_unused))


def _exit_code(result: Result, fail_on: str, *, include_unused: bool = True) -> int:
    for message in result.expired_ignores:
        _error(f"{message}: renew or remove it")
    return 1 if result.fails(fail_on, include_unused=include_unused) else 0


@cli.command()
@_compare_options
@_fail_on_option("none")
def diff(fail_on: str | None, **options) -> None:
    """Report every change between OLD and NEW, safe ones included."""
    _run(None, fail_on, "none", **options)


@cli.command()
@_compare_options
@_fail_on_option("breaking")
def breaking(fail_on: str | None, **options) -> None:
    """Report breaking and dangerous changes; exit 1 when a breaking one is found."""
    _run({Severity.BREAKING, Severity.DANGEROUS}, fail_on, "breaking", **options)


@cli.command()
@_input_options
@_output_option
@click.option("--title", help="Heading of the section (default: [VERSION] - DATE).")
@click.option("--version", "version", help="The release's version (default: NEW's version).")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The release date.")
@click.option(
    "--update",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Insert the section at the top of this changelog file (atomically).",
)
def changelog(
    output: Path | None,
    title: str | None,
    version: str | None,
    date: _dt.datetime | None,
    update: Path | None,
    **inputs,
) -> None:
    """Write a Keep a Changelog section for the changes from OLD to NEW."""
    from .report.changelog import DuplicateVersion, insert
    from .report.changelog import render as render_changelog

    result = _compare(**inputs)
    version = version or result.new.version
    day = date.date().isoformat() if date else None
    section = render_changelog(result, version=version, date=day, title=title)
    if update is None:
        _emit(section, output)
        return
    try:  # a file named on the command line: read as named (``sources.read_file``)
        existing = read_file(update).decode("utf-8") if update.exists() else ""
    except InputError as exc:
        raise UsageError(f"{update}: cannot read the changelog: {exc.message}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{update}: cannot read the changelog: {exc}") from None
    try:
        text = insert(existing, section, version)
    except DuplicateVersion as exc:
        raise UsageError(f"{update}: {exc}") from None
    write_output(update, text)
    click.echo(f"apidiff: {terminal(f'{update}: added {section.splitlines()[0][3:]}')}", err=True)


@cli.command()
@_input_options
@_output_option
@click.option("--title", help="Heading of the notes.")
@click.option(
    "--include-safe", is_flag=True, help="List safe changes too (they ask nothing of clients)."
)
def migrate(output: Path | None, title: str | None, include_safe: bool, **inputs) -> None:
    """Migration notes for consumers: what each breaking or dangerous change asks of them."""
    from .report.migrate import render as render_migration

    result = _compare(**inputs)
    severities = set(Severity) if include_safe else {Severity.BREAKING, Severity.DANGEROUS}
    _emit(render_migration(result, severities=severities, title=title), output)


@cli.command()
@_input_options
@click.option("--current", help="The version OLD was released as (default: OLD's version).")
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when NEW's declared version is smaller than the bump requires.",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def semver(current: str | None, check: bool, fmt: str, **inputs) -> None:
    """The version bump the changes require (major / minor / patch / none)."""
    from .report.semver import judge, parse_version
    from .report.semver import render as render_semver

    if current is not None and parse_version(current) is None:
        raise UsageError(f"--current {current!r} is not a version like 1.4.2")
    result = _compare(**inputs)
    verdict = judge(result, current)
    if check:
        if verdict.next is None:
            raise UsageError(
                "--check needs the current version: OLD declares none that parses; give --current"
            )
        if verdict.declared is None or parse_version(verdict.declared) is None:
            raise UsageError("--check needs NEW to declare a version like 1.4.2 (info.version)")
    click.echo(render_semver(verdict, fmt), nl=False)
    sys.exit(1 if check and not verdict.ok else 0)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--against",
    metavar="REV",
    help="The git revision to compare with (e.g. origin/main; default: the configuration's "
    "against).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    help="Contracts compared in parallel processes (default: the number of CPUs).",
)
@_load_options
@_report_options
@_fail_on_option("breaking")
def check(
    paths: tuple[str, ...],
    against: str | None,
    jobs: int | None,
    fail_on: str | None,
    fmt: str | None,
    output: Path | None,
    color: bool | None,
    strict_usage: bool,
    **inputs,
) -> None:
    """Compare every contract (the configuration's [[contract]] entries, or PATHS) with
    itself at a git revision: one report, one exit code."""
    from .check import default_jobs, merge, run

    config = with_paths(_config_of(inputs), paths)
    against = against or config.against
    if against is None:
        raise UsageError("give --against REV (e.g. origin/main), or `against` in apidiff.toml")
    fail_on = fail_on or config.fail_on or "breaking"
    options = _options_from(config, **inputs)
    outcomes = run(config, against, options, jobs=jobs or default_jobs(), progress=_progress())
    result = merge(outcomes, against)
    include_unused = strict_usage or not inputs["operations"]
    _report(result, config, None, fail_on, fmt, output, color, include_unused)


def _progress():
    """A one-line progress bar on a terminal's stderr; nothing when it is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(index: int, total: int, label: str) -> None:
        width = 20
        filled = width * index // total
        bar = "#" * filled + "-" * (width - filled)
        end = "\n" if index == total else ""
        shown = terminal(label)[:50]  # the contract's name or tag: from the repository
        click.echo(f"\r[{bar}] {index}/{total} {shown:<50}", err=True, nl=False)
        if end:
            click.echo("", err=True)

    return show


@cli.command()
@click.argument("path")
@click.option("--since", metavar="REV", help="Start at this revision (default: the first one).")
@click.option("--tags", is_flag=True, help="Only tagged versions (releases).")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@_output_option
@_load_options
def history(
    path: str, since: str | None, tags: bool, fmt: str, output: Path | None, **inputs
) -> None:
    """A changelog of PATH's git history: one section per change, newest first."""
    from . import git
    from .history import render as render_history
    from .history import steps

    config = _config_of(inputs)
    options = _options_from(config, **inputs)
    root = git.repo_root()
    bar = _progress()
    found = steps(
        git.relative_to_repo(Path(path), root),
        since=since,
        tags=tags,
        options=options,
        progress=(lambda i, n, version: bar(i, n, version.rev)) if bar else None,
        root=root,
    )
    _emit(render_history(found, fmt), output)


@cli.command()
@_input_options
@_output_option
@click.option(
    "--min-severity",
    type=click.Choice(["breaking", "dangerous", "safe"]),
    default="dangerous",
    show_default=True,
    help="Write entries for changes of this severity or worse.",
)
def baseline(output: Path | None, min_severity: str, **inputs) -> None:
    """Write today's findings as [[ignore]] entries (TOML) to review, give reasons, and keep."""
    from .baseline import render as render_baseline

    result = _compare(**inputs)
    _emit(render_baseline(result, Severity(min_severity)), output)


@cli.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "--severity",
    type=click.Choice([s.value for s in Severity]),
    help="Only rules of this default severity.",
)
@click.argument("rule_id", required=False, metavar="[ID]")
def rules(fmt: str, severity: str | None, rule_id: str | None) -> None:
    """List the rule catalog (id, default severity, one line each), or print one rule's page:
    ID may be a rule id, FAMILY:ID, or an alias (a former id, or a peer's name such as buf's
    FIELD_NO_DELETE)."""
    from .rules import resolve
    from .rules.docs import render_catalog, render_rule

    if rule_id is None:
        click.echo(render_catalog(fmt, severity), nl=False)
        return
    found = resolve(rule_id)
    if found is None:
        raise UsageError(f"no rule {rule_id!r} (`apidiff rules` lists them)")
    click.echo(render_rule(found, "markdown" if fmt == "markdown" else "text"), nl=False)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="apidiff")


if __name__ == "__main__":  # pragma: no cover
    main()
