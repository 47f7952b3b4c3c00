"""The GitHub Action's logic (``action.yml`` only installs apidiff and calls this).

On a pull request: compare every contract with the PR's base commit (``apidiff check``),
print annotations, write the job summary, post or update the one PR comment that carries the
report's marker, and set outputs. A ``breaking-change-approved`` label on the PR turns a
failing check into a recorded approval; an input error is never turned into success.

Inputs come as ``INPUT_*`` environment variables (the composite action maps them):
``CONTRACTS`` (paths, one per line; default: the configuration's ``[[contract]]``
entries), ``CONFIG``, ``BASE`` (default: the PR's base commit), ``FAIL_ON``, ``MIN_SEVERITY``
(what the annotations and comment show; default: the configuration's, else dangerous: the
rest is counted in one line), ``DOCS_CHANGES`` (``true``/``false``), ``GROUP_BY`` (the
comment's tables: ``operation`` or ``rule``), ``COMMENT``
(``true``/``false``), ``APPROVAL_LABEL``, ``COMMENT_AUTHOR`` and ``GITHUB_TOKEN``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from .. import check as check_mod
from .. import config as config_mod
from ..api import CompareOptions
from ..errors import ApidiffError, UsageError
from ..report import render
from ..report.common import LEVELS, View
from ..report.escape import github_data, markdown
from ..report.markdown import MARKER
from ..result import Severity
from .github import (
    APPROVAL_LABEL,
    GitHub,
    GitHubError,
    decide,
    event_context,
    set_outputs,
    write_step_summary,
)

__all__ = ["main"]

DEFAULT_AUTHOR = "github-actions[bot]"


def _input(env: Mapping[str, str], name: str, default: str = "") -> str:
    return env.get(f"INPUT_{name}", "").strip() or default


def main(env: Mapping[str, str] | None = None, out: TextIO | None = None) -> int:
    """Run the check for the Action; the return value is the step's exit code."""
    env = os.environ if env is None else env
    out = out or sys.stdout
    try:
        return _run(env, out)
    except (ApidiffError, GitHubError) as exc:
        message = exc.render() if isinstance(exc, ApidiffError) else exc.message
        return _failed(env, out, message, exc.exit_code if isinstance(exc, ApidiffError) else 2)
    except Exception as exc:  # the step's last line: a bug must not read as a traceback or as 1
        return _failed(env, out, f"internal error ({type(exc).__name__}); please report it", 3)


def _failed(env: Mapping[str, str], out: TextIO, message: str, code: int) -> int:
    """An error as the step shows it: an annotation, a job-summary line, outputs written.

    The exit code is 2 for an input or usage error and 3 for a bug, never 1, which reads as
    "breaking changes found"; ``exit_code`` and ``error`` outputs say the same to later steps.
    """
    message = " ".join(message.split())[:2000]
    print(f"::error title=apidiff::{github_data(message)}", file=out)
    for write in (
        lambda: write_step_summary(env, f"**apidiff could not run**: {markdown(message)}\n"),
        lambda: set_outputs(env, exit_code=str(code), error=message),
    ):
        try:
            write()
        except (GitHubError, OSError, ValueError) as exc:
            note = exc.message if isinstance(exc, GitHubError) else str(exc)
            print(f"::warning title=apidiff::{github_data(note)}", file=out)
    return code


def _view(env: Mapping[str, str], config: config_mod.Config) -> View:
    """What the annotations and the comment show: breaking and dangerous by default (a real
    PR printed 1,163 notices for safe changes); the rest is one counted line."""
    level = (_input(env, "MIN_SEVERITY") or config.min_severity or "dangerous").lower()
    floor = LEVELS.get(level) or _severity(level)
    docs = _input(env, "DOCS_CHANGES").lower()
    if docs not in ("", "true", "false"):
        raise UsageError(f"docs-changes {docs!r}: expected true or false")
    shown = config.docs_changes if docs == "" else docs == "true"
    return View(min_severity=floor, documentation=shown is not False)


def _group_by(env: Mapping[str, str]) -> str:
    """The comment's tables: a row per change (default) or per rule (a big PR's one rule on
    128 operations is one row)."""
    value = _input(env, "GROUP_BY", "operation").lower()
    if value not in ("operation", "rule"):
        raise UsageError(f"group-by {value!r}: expected operation or rule")
    return value


def _severity(value: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(
            f"min-severity {value!r}: expected breaking, dangerous or safe (or ERR, WARN, INFO)"
        ) from None


def _run(env: Mapping[str, str], out: TextIO) -> int:
    context = event_context(env)
    config_path = _input(env, "CONFIG")
    config = config_mod.load(Path(config_path) if config_path else None)
    contracts = [line.strip() for line in _input(env, "CONTRACTS").splitlines() if line.strip()]
    config = config_mod.with_paths(config, contracts)
    base = _input(env, "BASE") or (context.base_sha if context else "") or config.against
    if not base:
        print(
            "::error title=apidiff::no base revision: not a pull request; set the `base` input",
            file=out,
        )
        return 2
    fail_on = _input(env, "FAIL_ON") or config.fail_on or "breaking"
    options = CompareOptions(policy=config.policy)
    outcomes = check_mod.run(config, base, options, jobs=check_mod.default_jobs())
    result = check_mod.merge(outcomes, base)
    for message in result.expired_ignores:
        print(f"::error title=apidiff: expired ignore::{github_data(message)}", file=out)
    view = _view(env, config)
    print(render(result, "github", view=view), end="", file=out)
    exit_code = 1 if result.fails(fail_on) else 0  # on every finding, shown or not

    labels: list[str] = list(context.labels) if context else []
    token = _input(env, "GITHUB_TOKEN")
    client = None
    if context is not None and token:
        client = GitHub(token, context.repository, api_url=context.api_url)
        try:
            labels = client.pr_labels(context.pr)  # live: the label may be newer than the event
        except GitHubError as exc:
            print(
                f"::warning title=apidiff::cannot read the PR's labels: {github_data(exc.message)}",
                file=out,
            )
    approval_label = _input(env, "APPROVAL_LABEL", APPROVAL_LABEL)
    decision = decide(exit_code, labels, approval_label)

    body = render(
        result,
        "markdown",
        view=view,
        group_by=_group_by(env),
        fail_on=fail_on,
        footer=f"> {decision.note}" if decision.note else None,  # inside the size budget
        docs_url=config.docs_url,  # rule ids link to their pages when it is configured
    )
    write_step_summary(env, body)
    comment_state = "skipped"
    if client is not None and context is not None and _input(env, "COMMENT", "true") == "true":
        try:
            comment_state, _ = client.upsert_comment(
                context.pr, body, MARKER, author=_input(env, "COMMENT_AUTHOR", DEFAULT_AUTHOR)
            )
        except GitHubError as exc:  # a fork's read-only token: the summary still has it
            print(
                f"::warning title=apidiff::cannot comment on the PR: {github_data(exc.message)}",
                file=out,
            )
            comment_state = "failed"
    summary = result.summary
    set_outputs(
        env,
        breaking=str(summary["breaking"]),
        dangerous=str(summary["dangerous"]),
        safe=str(summary["safe"]),
        approved="true" if decision.approved else "false",
        comment=comment_state,
        exit_code=str(decision.exit_code),
    )
    return decision.exit_code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
