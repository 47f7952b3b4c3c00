"""The command line: a thin layer of options over ``apidiff.api``.

Exit codes: 0 nothing at or above ``--fail-on``; 1 such changes found; 2 usage or input
error; 3 internal error. A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .api import CompareOptions, compare
from .errors import ApidiffError, UsageError
from .formats import LoadOptions
from .report import FORMATS, render
from .result import Result, Severity
from .sources import DEFAULT_MAX_BYTES
from .writes import write_atomic

__all__ = ["main"]

FAIL_ON = ("breaking", "dangerous", "safe", "none")


class _Group(click.Group):
    """Turns every error into one line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ApidiffError as exc:
            click.echo(f"apidiff: error: {exc.render()}", err=True)
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
                f"apidiff: internal error: {type(exc).__name__}: {exc} "
                "(please report it with the inputs; --debug shows the traceback)",
                err=True,
            )
            ctx.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="apidiff")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Find breaking changes between two versions of an API contract."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _compare_options(func):
    options = [
        click.argument("old"),
        click.argument("new"),
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(sorted(FORMATS)),
            default="text",
            show_default=True,
            help="Report format.",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Write the report to this file (atomically) instead of stdout.",
        ),
        click.option(
            "--max-size",
            type=click.IntRange(min=1),
            default=DEFAULT_MAX_BYTES,
            show_default=True,
            help="Largest contract file accepted, in bytes.",
        ),
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Judge sunset dates as of this day (default: the real today).",
        ),
        click.option(
            "--color/--no-color",
            default=None,
            help="Colour the text report (default: on a terminal, unless NO_COLOR).",
        ),
        click.option(
            "--operations",
            multiple=True,
            metavar="GLOB",
            help="GraphQL client operations (a file, folder or quoted glob; repeatable): each "
            "change lists the operations it touches, operations that no longer validate are "
            "reported, and a breaking change none touches does not fail the run.",
        ),
        click.option(
            "--strict-usage",
            is_flag=True,
            help="With --operations: breaking changes no operation touches still fail the run.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(
    severities: set[Severity] | None,
    fail_on: str,
    *,
    old: str,
    new: str,
    fmt: str,
    output: Path | None,
    max_size: int,
    today: _dt.datetime | None,
    color: bool | None,
    operations: tuple[str, ...],
    strict_usage: bool,
) -> None:
    if old == "-" and new == "-":
        raise UsageError("only one of OLD and NEW can be standard input")
    options = CompareOptions(
        load=LoadOptions(max_bytes=max_size),
        today=today.date() if today else None,
        operations=operations,
    )
    result = compare(old, new, options)
    if color is None:
        color = output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    text = render(result, fmt, severities=severities, colour=bool(color))
    if output is not None:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)
    sys.exit(_exit_code(result, fail_on, include_unused=strict_usage or not operations))


def _exit_code(result: Result, fail_on: str, *, include_unused: bool = True) -> int:
    if fail_on == "none":
        return 0
    return 1 if result.at_or_above(Severity(fail_on), include_unused=include_unused) else 0


@cli.command()
@_compare_options
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="none",
    show_default=True,
    help="Exit 1 when a change of this severity or worse is found.",
)
def diff(fail_on: str, **options) -> None:
    """Report every change between OLD and NEW, safe ones included."""
    _run(None, fail_on, **options)


@cli.command()
@_compare_options
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="breaking",
    show_default=True,
    help="Exit 1 when a change of this severity or worse is found.",
)
def breaking(fail_on: str, **options) -> None:
    """Report breaking and dangerous changes; exit 1 when a breaking one is found."""
    _run({Severity.BREAKING, Severity.DANGEROUS}, fail_on, **options)


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
def rules(fmt: str, severity: str | None) -> None:
    """List the rule catalog: id, default severity, one line each."""
    from .rules.docs import render_catalog

    click.echo(render_catalog(fmt, severity), nl=False)


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="apidiff")


if __name__ == "__main__":  # pragma: no cover
    main()
