"""Usage-aware GraphQL verdicts from the command line: exit codes, errors, JSON."""

from __future__ import annotations

import json

import jsonschema
from click.testing import CliRunner

from apidiff.cli import cli

from .conftest import FIXTURES, ROOT

CASE = FIXTURES / "graphql" / "client-operation-broken"
UNUSED = FIXTURES / "graphql" / "client-operation-broken.unused-change"
SCHEMA = json.loads((ROOT / "docs" / "schema" / "report.json").read_text())


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_broken_operation_fails_the_run_and_names_the_reason():
    result = run(
        "breaking", CASE / "old.graphql", CASE / "new.graphql", "--operations", CASE / "operations"
    )
    assert result.exit_code == 1
    assert (
        "operation `RepoCard` no longer validates: Cannot query field 'watchers'" in result.output
    )


def test_unused_breaking_change_passes_unless_strict():
    args = [
        "breaking",
        UNUSED / "old.graphql",
        UNUSED / "new.graphql",
        "--operations",
        UNUSED / "operations",
    ]
    assert run(*args).exit_code == 0
    assert run(*args, "--strict-usage").exit_code == 1
    assert run("breaking", UNUSED / "old.graphql", UNUSED / "new.graphql").exit_code == 1


def test_json_lists_users_and_validates():
    result = run(
        "diff",
        CASE / "old.graphql",
        CASE / "new.graphql",
        "--operations",
        CASE / "operations",
        "-f",
        "json",
    )
    document = json.loads(result.output)
    jsonschema.validate(document, SCHEMA)
    removed = next(c for c in document["changes"] if c["id"] == "field-removed")
    assert removed["used_by"] == [f"RepoCard ({CASE / 'operations' / 'repo.graphql'}:1)"]
    assert removed["unused"] is False


def test_operation_invalid_against_old_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.graphql"
    bad.write_text('query Bad { repository(owner: "a", name: "b") { nope } }\n')
    result = CliRunner().invoke(
        cli,
        ["diff", str(CASE / "old.graphql"), str(CASE / "new.graphql"), "--operations", str(bad)],
    )
    assert result.exit_code == 2
    assert result.output.startswith(
        f"apidiff: error: {bad}:1:1: operation Bad does not validate against OLD"
    )


def test_operations_syntax_error_and_openapi_misuse(tmp_path):
    bad = tmp_path / "bad.graphql"
    bad.write_text("query { oops \n")
    result = CliRunner().invoke(
        cli,
        ["diff", str(CASE / "old.graphql"), str(CASE / "new.graphql"), "--operations", str(bad)],
    )
    assert result.exit_code == 2 and "invalid GraphQL operation" in result.output
    pet = FIXTURES / "petstore"
    result = CliRunner().invoke(
        cli, ["diff", str(pet / "old.yaml"), str(pet / "new.yaml"), "--operations", str(bad)]
    )
    assert result.exit_code == 2 and "GraphQL schemas only" in result.output


def test_schema_that_real_servers_serve_validates_operations(tmp_path):
    # graphql-core's own schema validation refuses this (an implementation field deprecated
    # where its interface's is not), as it refuses GitHub's public schema. Nothing an
    # operation may select depends on it: operations validate, and the run answers.
    sdl = """
    interface Node { id: ID! url: String }
    type Repo implements Node { id: ID! url: String @deprecated(reason: "use link") link: String }
    type Query { repo: Repo }
    """
    (tmp_path / "old.graphql").write_text(sdl)
    (tmp_path / "new.graphql").write_text(sdl.replace("link: String }", "}"))
    (tmp_path / "ops.graphql").write_text("query Q { repo { id link } }\n")
    args = ["breaking", tmp_path / "old.graphql", tmp_path / "new.graphql"]
    result = run(*args, "--operations", tmp_path / "ops.graphql")
    assert result.exit_code == 1
    assert "operation `Q` no longer validates: Cannot query field 'link'" in result.output
