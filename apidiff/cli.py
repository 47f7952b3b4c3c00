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
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from .api import CompareOptions, compare
from .collector import keep_until_exit, paused
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
from .report.common import LEVELS, View
from .report.escape import terminal
from .result import Result, Severity
from .sources import DEFAULT_MAX_BYTES, read_file
from .version import __version__
from .writes import check_output, write_output

__all__ = ["main"]

FAIL_ON = ("breaking", "dangerous", "safe", "none")


class _Group(click.Group):
    """Turns every error into one line and an exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _usage_error(ctx, exc)
            raise  # not reached: ctx.exit raises

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ApidiffError as exc:
            _error(exc.render())
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:  # a bad option or argument: one line too
            _usage_error(ctx, exc)
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


def _usage_error(ctx: click.Context, exc: click.UsageError) -> None:
    """click's usage error as one line (click prints four: usage, hint, blank, error); the
    help shown for a bare ``apidiff`` stays as it is."""
    if isinstance(exc, getattr(click.exceptions, "NoArgsIsHelpError", ())):  # click >= 8.2
        raise exc
    where = (exc.ctx or ctx).command_path
    _error(f"{exc.format_message()} (see `{where} --help`)")
    ctx.exit(exc.exit_code)


class _Command(click.Command):
    """A command whose --help starts with what a newcomer reaches for: the format, the gate
    and the output file; then the rest in their usual order."""

    FIRST = ("fmt", "fail_on", "output")

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        rank = {name: i for i, name in enumerate(self.FIRST)}
        return sorted(params, key=lambda p: rank.get(p.name or "", len(rank)))


def _examples(*lines: str) -> str:
    """An epilog of example commands, kept as written (click's \\b: no rewrapping)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class _Named(click.ParamType):
    """A file, folder, glob or git revision named on the command line, never empty: an empty
    name reads as the current folder (or as no value at all), and what fails after that
    names neither the option nor what was wrong with it."""

    def __init__(self, what: str, inner: click.ParamType = click.STRING) -> None:
        self.what = what
        self.inner = inner
        self.name = inner.name

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None):
        if isinstance(value, str) and value == "":
            self.fail(f"is empty: give {self.what}", param, ctx)
        return self.inner.convert(value, param, ctx)

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str):
        return self.inner.shell_complete(ctx, param, incomplete)  # files, for a path


_FILE = click.Path(dir_okay=False, path_type=Path)


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
        type=_Named("a configuration file", _FILE),
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
        type=_Named("a TOML file of [[ignore]] entries", _FILE),
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
        "--ref-root",
        type=_Named("a folder"),
        metavar="DIR",
        help="Let file $refs reach DIR, a folder that holds the contract (as specs/ for "
        "specs/api/openapi.yaml reaching specs/common/), inside its repository. Default: the "
        "contract's own folder. For REV:path, the same folder of that revision.",
    ),
    click.option(
        "--proto-path",
        multiple=True,
        type=_Named("a folder"),
        metavar="DIR",
        help="Protobuf: an extra import root (repeatable), a folder inside the repository "
        "(of the same revision for REV:path).",
    ),
    click.option(
        "--cache-dir",
        is_flag=False,
        flag_value="",
        default=None,
        metavar="DIR",
        help="Keep loaded contracts in DIR (without DIR: $XDG_CACHE_HOME/apidiff or "
        "~/.cache/apidiff), keyed by the content of every file read: an unchanged contract "
        "(the base branch's in CI) is not parsed again. Off by default.",
    ),
    click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="Judge sunset dates as of this day (default: the real today).",
    ),
    click.option(
        "--operations",
        multiple=True,
        type=_Named("a file, folder or glob"),
        metavar="GLOB",
        help="GraphQL client operations (a file, folder or quoted glob; repeatable): each "
        "change lists the operations it touches, operations that no longer validate are "
        "reported, and a breaking change none touches does not fail the run.",
    ),
    _policy_options,
)

_input_options = _options(
    click.argument("old", type=_Named("a contract: a file, folder, REV:path, URL or -")),
    click.argument(
        "new", required=False, type=_Named("a contract: a file, folder, REV:path, URL or -")
    ),
    click.option(
        "--against",
        metavar="REV",
        type=_Named("a git revision"),
        help="Compare the one contract given with itself at this git revision "
        "(e.g. origin/main). OLD and NEW may also be REV:path.",
    ),
    _load_options,
)

_output_option = click.option(
    "--output",
    "-o",
    type=_Named("a file to write", _FILE),
    help="Write the report to this file (atomically) instead of stdout.",
)

_view_options = _options(
    click.option(
        "--min-severity",
        type=click.Choice(["breaking", "dangerous", "safe"], case_sensitive=False),
        help="Show only changes of this severity or worse; the report counts the rest in one "
        "line (default: the configuration's min-severity, else safe: everything). Only what "
        "is shown: --fail-on still judges every change.",
    ),
    click.option(
        "--level",
        type=click.Choice(["ERR", "WARN", "INFO"], case_sensitive=False),
        help="oasdiff's name for --min-severity: ERR breaking, WARN dangerous, INFO safe.",
    ),
    click.option(
        "--docs-changes/--no-docs-changes",
        default=None,
        help="Show (default) or hide documentation-only changes (descriptions, summaries, "
        "examples) that are not breaking; hidden ones are counted in one line and still "
        "judged by --fail-on.",
    ),
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
    _view_options,
    click.option(
        "--group-by",
        type=click.Choice(["operation", "rule"]),
        default=None,
        help="Text and Markdown: one entry per operation (default), or per rule with the "
        "operations it fired on listed under it. JSON keeps one finding per change.",
    ),
    click.option(
        "--color/--no-color",
        default=None,
        help="Colour the text report (default: on a terminal, unless NO_COLOR).",
    ),
    click.option(
        "--docs-url",
        metavar="URL",
        help="Where the rule pages live, for SARIF's helpUri and the PR comment's rule links: "
        "the site `make docs` builds (BASE/rules/RULE.html), or a URL with {rule} in it "
        "(default: the configuration's docs-url, else no link; the help text is inline).",
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
        f"configuration's fail-on, else {fallback}). Judged on every change, whatever "
        "--min-severity, --level or --no-docs-changes leave out of the report.",
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
    cache_dir: str | None = None,
    ref_root: str | None = None,
    **policy_flags,
) -> Result:
    if config is None:
        config = _config(**policy_flags)
    if _LEAVING:  # one comparison, then the process leaves: its models need not be freed
        keep_until_exit()
    old, new = _sides(old, new, against or (config.against if new is None else None), max_size)
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
        cache_dir=cache_dir,
        ref_root=ref_root,
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
    cache_dir: str | None = None,
    ref_root: str | None = None,
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
            cache_dir=_cache_dir(cache_dir, config),
            ref_root=ref_root,
        ),
        today=today.date() if today else None,
        operations=operations,
        policy=config.policy,
    )


def _cache_dir(flag: str | None, config: Config) -> Path | None:
    """``--cache-dir DIR``; ``--cache-dir`` alone or ``cache-dir = true``: the XDG cache
    directory; ``cache-dir = "DIR"``: relative to the configuration file; else none."""
    from .formats.cache import default_dir

    if flag is not None:
        return Path(flag) if flag else default_dir()
    if config.cache_dir is True:
        return default_dir()
    if isinstance(config.cache_dir, str):
        return config.base / config.cache_dir
    return None


def _sides(
    old: str, new: str | None, against: str | None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[Any, str]:
    """OLD and NEW, or (with --against REV) the one file at REV and on disk: read from the
    file's own repository, wherever apidiff runs."""
    if against is None:
        if new is None:
            raise UsageError("give OLD and NEW, or one contract and --against REV")
        return old, new
    if new is not None:
        raise UsageError("--against REV takes one contract, not OLD and NEW")
    if old == "-":
        raise UsageError("--against REV needs a file, not standard input")
    from . import git
    from .sources import read_tree

    root = git.repo_of(old)
    return read_tree(git.tree(against, root), git.relative_to_repo(Path(old), root), max_bytes), old


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
        _check_glob("--rule-severity", rule.strip())
    for option, patterns in (("--include", include), ("--exclude", exclude)):
        for pattern in patterns:
            _check_glob(option, pattern)
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


def _check_glob(option: str, pattern: str) -> None:
    """A glob given on the command line, checked before any work, named with its option."""
    from .globs import GlobError, check

    try:
        check(pattern)
    except GlobError as exc:
        raise UsageError(f"{option}: {exc.message}") from None


def _emit(text: str, output: Path | None, *, colour: bool = False) -> None:
    """The report to ``output`` or stdout. ``colour``: the report was coloured on purpose
    (``--color``), so click must not strip it from a pipe."""
    if output is not None:
        write_output(output, text)
    else:
        click.echo(text, nl=False, color=True if colour else None)


def _run(
    severities: set[Severity] | None,
    fail_on: str | None,
    default_fail_on: str,
    *,
    fmt: str,
    output: Path | None,
    color: bool | None,
    strict_usage: bool,
    min_severity: str | None,
    level: str | None,
    docs_changes: bool | None,
    group_by: str | None,
    docs_url: str | None,
    **inputs,
) -> None:
    config = _docs_url(_config_of(inputs), docs_url)
    view = _view(config, min_severity, level, docs_changes, group_by)
    fail_on = fail_on or config.fail_on or default_fail_on
    # One comparison, then its report: the collector stays paused across both, or its first
    # pass after the comparison would walk both contracts' objects once more for nothing.
    with paused():
        result = _compare(config=config, **inputs)
        include_unused = strict_usage or not inputs["operations"]
        _report(result, config, severities, fail_on, fmt, output, color, include_unused, view)


def _docs_url(config: Config, docs_url: str | None) -> Config:
    """``config`` with ``--docs-url`` winning; an http(s) URL, or an error now."""
    url = docs_url or config.docs_url
    if url is not None and not url.startswith(("https://", "http://")):
        raise UsageError(f"--docs-url {url!r}: expected an http(s) URL")
    return replace(config, docs_url=url)


def _view(
    config: Config,
    min_severity: str | None,
    level: str | None,
    docs_changes: bool | None,
    group_by: str | None = None,
) -> View:
    """What the report shows: the flags, else the configuration, else everything."""
    if min_severity and level and Severity(min_severity.lower()) != LEVELS[level.lower()]:
        raise UsageError(f"--min-severity {min_severity} and --level {level} disagree")
    if level:
        floor: Severity | None = LEVELS[level.lower()]
    elif min_severity or config.min_severity:
        floor = Severity((min_severity or config.min_severity or "").lower())
    else:
        floor = None
    docs = docs_changes if docs_changes is not None else config.docs_changes
    return View(
        min_severity=floor, documentation=docs is not False, group_by=group_by or "operation"
    )


def _report(
    result: Result,
    config: Config,
    severities: set[Severity] | None,
    fail_on: str,
    fmt: str | None,
    output: Path | None,
    color: bool | None,
    include_unused: bool,
    view: View | None = None,
) -> None:
    fmt = fmt or config.format or "text"
    if fmt not in FORMATS:
        raise UsageError(
            f"format {fmt!r} (from the configuration) is not one of {', '.join(FORMATS)}"
        )
    if color is None:
        color = (
            output is None
            and sys.stdout is not None  # None: closed when Python started (``>&-``)
            and sys.stdout.isatty()
            and not os.environ.get("NO_COLOR")
        )
    text = render(
        result,
        fmt,
        view=view,
        severities=severities,
        colour=bool(color),
        fail_on=fail_on,
        group_by=view.group_by if view else "operation",
        docs_url=config.docs_url,
    )
    _emit(text, output, colour=bool(color))
    code = _exit_code(result, fail_on, include_unused=include_unused)
    if _LEAVING:
        # The process ends once the report is out: the collector (paused for the comparison,
        # resumed as this exits its block) need not walk the millions of objects built
        # meanwhile, which its first pass would (about 30 ms on the GitHub REST pair).
        import gc

        gc.freeze()
    sys.exit(code)


def _exit_code(result: Result, fail_on: str, *, include_unused: bool = True) -> int:
    for message in result.expired_ignores:
        _error(f"{message}: renew or remove it")
    return 1 if result.fails(fail_on, include_unused=include_unused) else 0


@cli.command(
    cls=_Command,
    epilog=_examples(
        "apidiff diff old.yaml new.yaml",
        "apidiff diff api.yaml --against origin/main -f markdown -o report.md",
        "apidiff diff old.json new.json --min-severity dangerous --group-by rule",
        "apidiff diff old.graphql new.graphql --fail-on breaking -f sarif -o apidiff.sarif",
    ),
)
@_compare_options
@_fail_on_option("none")
def diff(fail_on: str | None, **options) -> None:
    """Report every change between OLD and NEW, safe ones included."""
    _run(None, fail_on, "none", **options)


@cli.command(
    cls=_Command,
    epilog=_examples(
        "apidiff breaking old.yaml new.yaml",
        "apidiff breaking api.yaml --against v1.4.0 -f junit -o apidiff.xml",
        "apidiff breaking old.yaml new.yaml --fail-on dangerous",
    ),
)
@_compare_options
@_fail_on_option("breaking")
def breaking(fail_on: str | None, **options) -> None:
    """Report breaking and dangerous changes; exit 1 when a breaking one is found."""
    _run({Severity.BREAKING, Severity.DANGEROUS}, fail_on, "breaking", **options)


def _document_format_option(fn):
    """``--format markdown|json`` for the changelog and the migration notes."""
    return click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(["markdown", "json"]),
        default="markdown",
        show_default=True,
        help="Markdown to publish, or JSON (docs/report-json.md) for tools.",
    )(fn)


@cli.command()
@_input_options
@_output_option
@click.option("--title", help="Heading of the section (default: [VERSION] - DATE).")
@click.option("--version", "version", help="The release's version (default: NEW's version).")
@click.option("--date", type=click.DateTime(formats=["%Y-%m-%d"]), help="The release date.")
@click.option(
    "--update",
    type=_Named("a changelog file", _FILE),
    help="Insert the section at the top of this changelog file (atomically).",
)
@_document_format_option
def changelog(
    output: Path | None,
    title: str | None,
    version: str | None,
    date: _dt.datetime | None,
    update: Path | None,
    fmt: str,
    **inputs,
) -> None:
    """Write a Keep a Changelog section for the changes from OLD to NEW."""
    from .report.changelog import DuplicateVersion, insert
    from .report.changelog import render as render_changelog

    if fmt == "json" and update is not None:
        raise UsageError("--update inserts a Markdown section: it does not go with --format json")
    result = _compare(**inputs)
    version = version or result.new.version
    day = date.date().isoformat() if date else None
    section = render_changelog(result, version=version, date=day, title=title, fmt=fmt)
    if update is None:
        _emit(section, output)
        return
    check_output(update)  # a link out of its folder is refused before it is read
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
@_document_format_option
def migrate(output: Path | None, title: str | None, include_safe: bool, fmt: str, **inputs) -> None:
    """Migration notes for consumers: what each breaking or dangerous change asks of them."""
    from .report.migrate import render as render_migration

    result = _compare(**inputs)
    severities = set(Severity) if include_safe else {Severity.BREAKING, Severity.DANGEROUS}
    _emit(render_migration(result, severities=severities, title=title, fmt=fmt), output)


@cli.command()
@_input_options
@click.option(
    "--current",
    help="The version OLD was released as (default: OLD's version): 1.4.2, or a calendar "
    "version like 2023-08-16.",
)
@click.option(
    "--new-version",
    help="The version NEW will be released as (default: NEW's version). GraphQL and "
    "Protobuf contracts declare none: give it (and --current) for --check.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 when NEW's declared version is smaller than the bump requires (for a "
    "calendar version: a breaking change without a later date).",
)
@click.option(
    "--format", "-f", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def semver(current: str | None, new_version: str | None, check: bool, fmt: str, **inputs) -> None:
    """The version bump the changes require (major / minor / patch / none)."""
    from .report.semver import judge, parse_calendar, parse_version
    from .report.semver import render as render_semver

    for flag, value in (("--current", current), ("--new-version", new_version)):
        if value is not None and parse_version(value) is None and parse_calendar(value) is None:
            raise UsageError(f"{flag} {value!r} is not a version like 1.4.2 or 2023-08-16")
    result = _compare(**inputs)
    verdict = judge(result, current, new_version)
    if check:
        _checkable(verdict, result.old.version is not None or result.new.version is not None)
    click.echo(render_semver(verdict, fmt), nl=False)
    sys.exit(1 if check and not verdict.ok else 0)


def _checkable(verdict, declares: bool) -> None:
    """--check needs two versions of one scheme; say which is missing and how to give it."""
    from .report.semver import parse_calendar, parse_version

    hint = "" if declares else " (GraphQL and Protobuf declare none)"
    if verdict.current is None or (
        parse_version(verdict.current) is None and parse_calendar(verdict.current) is None
    ):
        raise UsageError(
            f"--check needs the current version: OLD declares none that parses{hint}; "
            "give --current"
        )
    declared = verdict.declared
    if verdict.scheme == "calendar":
        if declared is None or parse_calendar(declared) is None:
            raise UsageError(
                f"--check: the current version {verdict.current} is a date; NEW must declare "
                f"a dated version too{hint} (info.version, or --new-version 2024-01-31)"
            )
    elif declared is None or parse_version(declared) is None:
        raise UsageError(
            f"--check needs NEW to declare a version like 1.4.2{hint} (info.version, or "
            "--new-version)"
        )


@cli.command(
    cls=_Command,
    epilog=_examples(
        "apidiff check --against origin/main",
        "apidiff check api/openapi.yaml schema.graphql --against origin/main -f markdown",
        "apidiff check --against origin/main --min-severity dangerous -f github",
    ),
)
@click.argument("paths", nargs=-1, type=_Named("a contract's file or folder"))
@click.option(
    "--against",
    metavar="REV",
    type=_Named("a git revision"),
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
    min_severity: str | None,
    level: str | None,
    docs_changes: bool | None,
    group_by: str | None,
    docs_url: str | None,
    **inputs,
) -> None:
    """Compare every contract (the configuration's [[contract]] entries, or PATHS) with
    itself at a git revision: one report, one exit code."""
    from .check import default_jobs, merge, run

    config = _docs_url(with_paths(_config_of(inputs), paths), docs_url)
    view = _view(config, min_severity, level, docs_changes, group_by)
    against = against or config.against
    if against is None:
        raise UsageError("give --against REV (e.g. origin/main), or `against` in apidiff.toml")
    fail_on = fail_on or config.fail_on or "breaking"
    options = _options_from(config, **inputs)
    outcomes = run(config, against, options, jobs=jobs or default_jobs(), progress=_progress())
    result = merge(outcomes, against)
    include_unused = strict_usage or not inputs["operations"]
    _report(result, config, None, fail_on, fmt, output, color, include_unused, view)


def _progress():
    """A one-line progress bar on a terminal's stderr; nothing when it is not a terminal."""
    if sys.stderr is None or not sys.stderr.isatty():
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
@click.argument("path", type=_Named("a contract's file or folder"))
@click.option(
    "--since",
    metavar="REV",
    type=_Named("a git revision"),
    help="Start at this revision (default: the first one).",
)
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
@_view_options
@_load_options
def history(
    path: str,
    since: str | None,
    tags: bool,
    fmt: str,
    output: Path | None,
    min_severity: str | None,
    level: str | None,
    docs_changes: bool | None,
    **inputs,
) -> None:
    """A changelog of PATH's git history: one section per change, newest first."""
    from . import git
    from .history import render as render_history
    from .history import steps

    config = _config_of(inputs)
    view = _view(config, min_severity, level, docs_changes)
    options = _options_from(config, **inputs)
    root = git.repo_of(path)
    bar = _progress()
    found = steps(
        git.relative_to_repo(Path(path), root),
        since=since,
        tags=tags,
        options=options,
        progress=(lambda i, n, version: bar(i, n, version.rev)) if bar else None,
        root=root,
    )
    _emit(render_history(found, fmt, view=view), output)


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
    from .rules.docs import render_catalog

    if rule_id is None:
        click.echo(render_catalog(fmt, severity), nl=False)
        return
    _rule_page(rule_id, fmt)


@cli.command()
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
)
@click.argument("rule_id", metavar="ID")
def explain(fmt: str, rule_id: str) -> None:
    """Print one rule's page: what it detects, why it matters, what to do (the same page as
    `apidiff rules ID`). ID may be a rule id, FAMILY:ID or an alias."""
    _rule_page(rule_id, fmt)


def _rule_page(rule_id: str, fmt: str) -> None:
    """One rule's page, found by any of its names, or a usage error."""
    from .rules import resolve
    from .rules.docs import render_rule

    found = resolve(rule_id)
    if found is None:
        raise UsageError(f"no rule {rule_id!r} (`apidiff rules` lists them)")
    click.echo(render_rule(found, "markdown" if fmt == "markdown" else "text"), nl=False)


# Whether this process is the command (``main`` without ``argv``): it leaves once the
# report is out (see ``main``).
_LEAVING = False


def main(argv: list[str] | None = None) -> None:
    """The ``apidiff`` command. Run as the process's command (no ``argv``), it leaves
    without freeing what it built, once its output is flushed: two parsed 4 MB contracts
    and their models are millions of objects, freed one by one at a normal exit for nothing
    (about 60 ms on the GitHub REST pair); mypy leaves the same way. A caller that passes
    ``argv`` gets the usual ``SystemExit``."""
    global _LEAVING
    _LEAVING = argv is None and "coverage" not in sys.modules
    try:
        cli.main(args=argv, prog_name="apidiff")
    except SystemExit as exc:
        if argv is not None or not isinstance(exc.code, int | None) or "coverage" in sys.modules:
            raise
        _leave(exc.code or 0)
        raise


def _leave(code: int) -> None:
    """Flush the output and end the process now, with ``code``; return when the output
    cannot be flushed (a closed pipe), for the interpreter's own exit to report it."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: the descriptor was closed when Python started
                stream.flush()
    except (OSError, ValueError):  # EPIPE, or a stream closed already
        return
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
