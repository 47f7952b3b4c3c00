"""The command line: exit codes, one-line errors, the JSON contract, determinism."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from click.testing import CliRunner

import apidiff
from apidiff.cli import cli

from .conftest import FIXTURES, ROOT

PET = FIXTURES / "petstore"
OLD, NEW = str(PET / "old.yaml"), str(PET / "new.yaml")
SCHEMA = json.loads((ROOT / "docs" / "schema" / "report.json").read_text())


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_diff_exits_zero_by_default_and_lists_every_severity():
    result = run("diff", OLD, NEW, "--no-color")
    assert result.exit_code == 0
    assert "breaking" in result.output and "safe" in result.output


def test_breaking_exits_one_when_breaking_changes_exist():
    result = run("breaking", OLD, NEW)
    assert result.exit_code == 1
    assert "[api-removed-without-deprecation]" in result.output
    assert "safe " not in result.output  # breaking shows breaking and dangerous only


def test_fail_on_levels():
    assert run("diff", OLD, NEW, "--fail-on", "breaking").exit_code == 1
    assert run("breaking", OLD, NEW, "--fail-on", "none").exit_code == 0
    same = run("breaking", OLD, OLD, "--fail-on", "safe")
    assert same.exit_code == 0, same.output


def test_json_report_validates_against_the_published_schema():
    result = run("diff", OLD, NEW, "--format", "json")
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"]["breaking"] > 0
    first = document["changes"][0]
    assert first["location"]["line"] >= 1


def test_json_of_a_json_contract_has_positions(tmp_path):
    import yaml

    for name in ("old", "new"):
        data = yaml.safe_load((PET / f"{name}.yaml").read_text())
        (tmp_path / f"{name}.json").write_text(json.dumps(data, indent=2))
    result = run("diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "-f", "json")
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    assert all(c["location"]["line"] for c in document["changes"] if c["location"])


def test_reports_are_byte_identical_between_runs():
    first = run("diff", OLD, NEW, "--format", "json").output
    second = run("diff", OLD, NEW, "--format", "json").output
    assert first == second
    assert run("diff", OLD, NEW, "--no-color").output == run("diff", OLD, NEW, "--no-color").output


def test_output_file_is_written(tmp_path):
    target = tmp_path / "report.json"
    result = run("diff", OLD, NEW, "-f", "json", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    json.loads(target.read_text())


def test_stdin_as_old(tmp_path):
    result = run("diff", "-", NEW, "-f", "json", input=(PET / "old.yaml").read_text())
    assert result.exit_code == 0
    assert json.loads(result.output)["old"]["source"] == "<stdin>"


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("openapi: 3.0.0\npaths: [\n", "invalid YAML"),
        ('{"openapi": "3.0.0", "paths": {', "invalid JSON"),
        ("just: a mapping\n", "not an OpenAPI"),
        ("openapi: 3.0.0\ninfo: {title: t, version: v}\npaths: []\n", "paths must be an object"),
        ("- a\n- b\n", "not an OpenAPI"),
        (
            "openapi: 3.0.0\ninfo: {title: t, version: v}\npaths:\n  /a:\n    get:\n"
            "      responses:\n        '200':\n          description: ok\n          content:\n"
            "            application/json:\n              schema: {$ref: '#/nope'}\n",
            "unresolvable $ref",
        ),
        (
            "swagger: '2.0'\ninfo: {title: t, version: v}\n"
            "paths: {/a: {get: {parameters: [{in: query, name: q, type: [1]}]}}}\n",
            "unknown type",
        ),
        ("openapi: 4.0.0\npaths: {}\n", "unsupported OpenAPI version"),
        # A YAML float: 3.999... rounds to 4.0, so the message says the number was rounded.
        ("openapi: 3." + "9" * 40 + "\npaths: {}\n", "version 4.0 (written as a number"),
    ],
)
def test_bad_input_is_one_line_and_exit_two(tmp_path, content, needle):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content)
    result = CliRunner().invoke(cli, ["diff", OLD, str(bad)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("apidiff: error: ") and needle in lines[0]
    assert str(bad) in lines[0]


def test_yaml_error_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: 3.0.0\ninfo:\n  title: [unclosed\n")
    result = CliRunner().invoke(cli, ["diff", OLD, str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4:1" in result.output or f"{bad}:3:" in result.output


def test_missing_file():
    result = CliRunner().invoke(cli, ["diff", OLD, "does/not/exist.yaml"])
    assert result.exit_code == 2
    assert "does/not/exist.yaml: no such file" in result.output


def test_usage_error_is_exit_two():
    assert CliRunner().invoke(cli, ["diff", OLD]).exit_code == 2
    assert CliRunner().invoke(cli, ["diff", OLD, NEW, "--fail-on", "nope"]).exit_code == 2


def test_rules_command_lists_the_catalog():
    result = run("rules")
    assert result.exit_code == 0
    assert "request-parameter-became-required" in result.output
    data = json.loads(run("rules", "--format", "json").output)
    assert len(data) >= 150
    assert {"id", "severity", "summary"} <= set(data[0])


def test_python_dash_m_works():
    completed = subprocess.run(
        [sys.executable, "-m", "apidiff", "breaking", OLD, NEW], capture_output=True, text=True
    )
    assert completed.returncode == 1
    assert "api-removed-without-deprecation" in completed.stdout


def test_the_command_keeps_its_models_to_the_end_and_a_library_call_does_not():
    """The command leaves with os._exit once its report is out, so it skips freeing the two
    models; a library caller (history over 50 versions, a long-lived bot) must get them
    freed as usual."""
    from apidiff import collector

    apidiff.compare(OLD, NEW)
    assert collector._KEPT is None
    keep = (
        "import sys, apidiff.cli as c, apidiff.collector as k;"
        "sys.argv=['apidiff','diff','--no-config',sys.argv[1],sys.argv[2]];"
        "c._LEAVING=True;"
        "import atexit; atexit.register(lambda: print('KEPT', len(k._KEPT or [])));"
        "c.cli.main(prog_name='apidiff', standalone_mode=True)"
    )
    done = subprocess.run([sys.executable, "-c", keep, OLD, NEW], capture_output=True, text=True)
    assert "KEPT 2" in done.stdout, done.stderr


@pytest.mark.parametrize("closed", ["1", "2"])
@pytest.mark.parametrize("output", [False, True])
def test_a_closed_stdout_or_stderr_is_no_internal_error(tmp_path, closed, output):
    """Started with a descriptor closed (`>&-`, a daemon), Python's stream is None: the
    colour check, the progress bar and the final flush must not call it."""
    case = FIXTURES / "openapi" / "api-description-changed"
    command = [
        sys.executable,
        "-m",
        "apidiff",
        "diff",
        str(case / "old.yaml"),
        str(case / "new.yaml"),
    ]
    if output:
        command += ["-o", str(tmp_path / "report.md")]
    result = subprocess.run(
        ["sh", "-c", f'exec "$@" {closed}>&-', "sh", *command],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert not output or "api-description-changed" in (tmp_path / "report.md").read_text()
