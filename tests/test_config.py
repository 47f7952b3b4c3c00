"""The configuration file: discovery, validation (errors name the file and the key), and
flags winning over the file. Every run goes through the command line."""

from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from apidiff.cli import cli
from apidiff.config import Config, ConfigError, find, load, parse

TODAY = "2026-01-15"  # every run judges dates as of this day, never the real clock

# One breaking change (`request-parameter-became-required`) and one dangerous one
# (`response-property-enum-value-added`), on two paths.
OLD = """\
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string, enum: [available, sold]}
  /admin/stats:
    get:
      parameters:
        - {name: day, in: query, schema: {type: string}}
      responses:
        "200": {description: ok}
"""
NEW = (
    OLD.replace(
        "{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema"
    )
    .replace("{name: day, in: query, schema", "{name: day, in: query, required: true, schema")
    .replace("enum: [available, sold]", "enum: [available, sold, adopted]")
)
REQUIRED = "request-parameter-became-required"
ENUM_ADDED = "response-property-enum-value-added"


@pytest.fixture
def pair(tmp_path: Path) -> tuple[str, str]:
    contracts = tmp_path / "contracts"
    contracts.mkdir()
    (contracts / "old.yaml").write_text(OLD)
    (contracts / "new.yaml").write_text(NEW)
    return str(contracts / "old.yaml"), str(contracts / "new.yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder that is the current folder (discovery starts here)."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(cli, [*args, "--today", TODAY], catch_exceptions=False)


def changes(result) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["changes"]


def by_id(result) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for change in changes(result):
        out.setdefault(change["id"], []).append(change)
    return out


def error_line(result) -> str:
    """The one-line error of an exit-2 run."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("apidiff: error: "), lines[0]
    return lines[0]


# The observable effect of a configuration in these tests: the required-parameter rule
# lowered to safe, so `breaking` passes and the JSON report says what the default was.
SILENCING = f'[severity]\n"{REQUIRED}" = "safe"\n'


def assert_config_applied(pair) -> None:
    result = run("breaking", *pair)
    assert result.exit_code == 0, result.output
    result = run("diff", *pair, "-f", "json")
    (change, *_) = by_id(result)[REQUIRED]
    assert change["severity"] == "safe"
    assert change["default_severity"] == "breaking"


def assert_no_config_applied(pair) -> None:
    result = run("breaking", *pair)
    assert result.exit_code == 1, result.output
    assert all("default_severity" not in c for c in changes(run("diff", *pair, "-f", "json")))


# -- discovery ------------------------------------------------------------------------------
def test_without_any_configuration_the_defaults_apply(project, pair):
    assert find(project) is None
    assert_no_config_applied(pair)


def test_apidiff_toml_in_the_current_folder(project, pair):
    (project / "apidiff.toml").write_text(SILENCING)
    assert_config_applied(pair)


def test_dot_apidiff_toml(project, pair):
    (project / ".apidiff.toml").write_text(SILENCING)
    assert find(project) == project / ".apidiff.toml"
    assert_config_applied(pair)


def test_found_from_a_subfolder_upward(project, pair, monkeypatch):
    (project / "apidiff.toml").write_text(SILENCING)
    deep = project / "src" / "api" / "v1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert find() == project / "apidiff.toml"
    assert_config_applied(pair)


def test_pyproject_tool_apidiff(project, pair):
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "x"\n\n[tool.apidiff.severity]\n"{REQUIRED}" = "safe"\n'
    )
    assert find(project) == project / "pyproject.toml"
    assert_config_applied(pair)


def test_pyproject_without_tool_apidiff_is_skipped(project, pair, monkeypatch):
    (project / "apidiff.toml").write_text(SILENCING)
    package = project / "package"
    package.mkdir()
    (package / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.ruff]\nline-length = 99\n'
    )
    monkeypatch.chdir(package)
    assert find() == project / "apidiff.toml"
    assert_config_applied(pair)


def test_pyproject_without_tool_apidiff_and_nothing_above_is_no_configuration(project, pair):
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find(project) is None
    assert_no_config_applied(pair)


def test_somebody_elses_broken_pyproject_is_skipped_not_reported(project, pair, monkeypatch):
    (project / "apidiff.toml").write_text(SILENCING)
    package = project / "package"
    package.mkdir()
    (package / "pyproject.toml").write_text("[project\nname = ")
    monkeypatch.chdir(package)
    assert_config_applied(pair)


def test_the_nearest_folder_wins(project, pair, monkeypatch):
    (project / "apidiff.toml").write_text(SILENCING)
    child = project / "child"
    child.mkdir()
    (child / "apidiff.toml").write_text("# nothing configured here\n")
    monkeypatch.chdir(child)
    assert_no_config_applied(pair)


def test_apidiff_toml_is_preferred_to_pyproject_in_the_same_folder(project, pair):
    (project / "apidiff.toml").write_text(SILENCING)
    (project / "pyproject.toml").write_text('[tool.apidiff]\nfail-on = "nonsense"\n')
    assert find(project) == project / "apidiff.toml"
    assert_config_applied(pair)


def test_explicit_config_replaces_the_discovered_one(project, pair, tmp_path):
    (project / "apidiff.toml").write_text('[severity]\n"*" = "off"\n')
    other = tmp_path / "elsewhere.toml"
    other.write_text(SILENCING)
    result = run("diff", *pair, "-f", "json", "--config", str(other))
    assert {c["id"] for c in changes(result)} == {REQUIRED, ENUM_ADDED}
    assert run("breaking", *pair, "--config", str(other)).exit_code == 0


def test_explicit_config_may_be_a_pyproject(project, pair, tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f'[tool.apidiff.severity]\n"{REQUIRED}" = "safe"\n')
    assert run("breaking", *pair, "--config", str(pyproject)).exit_code == 0


def test_explicit_pyproject_without_tool_apidiff_is_the_empty_configuration(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n')
    assert load(pyproject).policy == Config().policy


def test_explicit_config_that_does_not_exist(project, pair):
    line = error_line(run("breaking", *pair, "--config", "missing.toml"))
    assert "missing.toml: no such file" in line


def test_no_config_reads_nothing_not_even_an_invalid_file(project, pair):
    (project / "apidiff.toml").write_text(SILENCING)
    assert_config_applied(pair)
    result = run("breaking", *pair, "--no-config")
    assert result.exit_code == 1
    (project / "apidiff.toml").write_text("nonsense = true\n[[[\n")
    assert run("breaking", *pair).exit_code == 2
    assert run("breaking", *pair, "--no-config").exit_code == 1


def test_baseline_reads_the_configuration_too(project, pair):
    (project / "apidiff.toml").write_text(f'[severity]\n"{REQUIRED}" = "off"\n')
    result = run("baseline", *pair, "--min-severity", "safe")
    assert result.exit_code == 0
    rules = {entry["rule"] for entry in tomllib.loads(result.stdout)["ignore"]}
    assert rules == {ENUM_ADDED}


# -- validation: exit 2, one line naming the file and the key ----------------------------------
@pytest.mark.parametrize(
    ("text", "needle"),
    [
        pytest.param("severty = {}\n", "unknown key 'severty'", id="unknown-top-level-key"),
        pytest.param("fail_on = 'breaking'\n", "unknown key 'fail_on'", id="underscore-spelling"),
        pytest.param(
            "[deprecation]\nfoo = 1\n", "unknown key 'deprecation.foo'", id="unknown-nested-key"
        ),
        pytest.param(
            '[stability]\nlevel = "beta"\n', "unknown key 'stability.level'", id="stability-key"
        ),
        pytest.param(
            '[[ignore]]\nrule = "x"\nreason = "r"\n\n[[ignore]]\nrule = "y"\nreason = "r"\n'
            'operatoin = "GET /pets"\n',
            "unknown key 'ignore[2].operatoin'",
            id="unknown-key-in-second-ignore",
        ),
        pytest.param(
            '[[contract]]\npath = "a.yaml"\nkind = "openapi"\n',
            "unknown key 'contract[1].kind'",
            id="unknown-key-in-contract",
        ),
        pytest.param(
            '[deprecation]\nmin-days = "ninety"\n',
            "deprecation.min-days: 'ninety' is not of type 'integer', 'object'",
            id="wrong-type-nested",
        ),
        pytest.param(
            "[deprecation]\nmin-days = -1\n", "deprecation.min-days", id="negative-min-days"
        ),
        pytest.param(
            '[deprecation]\nallow-removal-after-sunset = "yes"\n',
            "deprecation.allow-removal-after-sunset: 'yes' is not of type 'boolean'",
            id="wrong-type-boolean",
        ),
        pytest.param(
            '[deprecation]\nremoval-severity = "off"\n',
            "deprecation.removal-severity: 'off' is not one of",
            id="removal-severity-off",
        ),
        pytest.param(
            'include = "/pets"\n', "include: '/pets' is not of type 'array'", id="wrong-type-top"
        ),
        pytest.param('exclude = [""]\n', "exclude[1]", id="empty-glob"),
        pytest.param('severity = "off"\n', "severity: 'off' is not of type 'object'", id="table"),
        pytest.param(
            '[severity]\n"api-removed-without-deprecation" = "fatal"\n',
            "severity.api-removed-without-deprecation: 'fatal' is not one of "
            "breaking, dangerous, safe, off",
            id="severity-level",
        ),
        pytest.param(
            '[stability]\nthreshold = "gamma"\n',
            "stability.threshold: 'gamma' is not one of draft, alpha, beta, stable",
            id="stability-level",
        ),
        pytest.param('fail-on = "always"\n', "fail-on: 'always' is not one of", id="fail-on"),
        pytest.param('strip-prefix = "api/v1"\n', "strip-prefix", id="strip-prefix-relative"),
        pytest.param('strip-prefix = ["/a", "b"]\n', "strip-prefix", id="strip-prefix-list"),
        pytest.param(
            '[[ignore]]\nrule = "api-*"\n',
            "ignore[1]: 'reason' is a required property",
            id="missing-reason",
        ),
        pytest.param(
            '[[ignore]]\nrule = "api-*"\nreason = "   "\n', "ignore[1].reason", id="blank-reason"
        ),
        pytest.param(
            'ignore = {rule = "x", reason = "y"}\n',
            "ignore: {'rule': 'x', 'reason': 'y'} is not of type 'array'",
            id="ignore-not-an-array",
        ),
        pytest.param(
            '[[ignore]]\nrule = "x"\nreason = "r"\n\n[[ignore]]\nreason = "r"\nexpires = "soon"\n',
            "ignore #2: 'expires' must be a date like 2027-01-31",
            id="bad-expires-string",
        ),
        pytest.param(
            '[[ignore]]\nreason = "r"\nexpires = 20270131\n',
            "ignore #1: 'expires' must be a date",
            id="bad-expires-integer",
        ),
        pytest.param(
            '[[ignore]]\nreason = "r"\nexpires = "2027-02-30"\n',
            "ignore #1: 'expires' must be a date",
            id="impossible-expires",
        ),
        pytest.param(
            '[[contract]]\npath = "a.yaml"\n[[contract]]\npath = "a.yaml"\n',
            "two [[contract]] entries are named 'a.yaml'",
            id="duplicate-contract",
        ),
    ],
)
def test_invalid_configuration_is_one_line_naming_file_and_key(project, pair, text, needle):
    config = project / "apidiff.toml"
    config.write_text(text)
    line = error_line(run("breaking", *pair))
    assert needle in line, line
    assert str(config) in line, line
    # The same file given explicitly fails the same way.
    assert needle in error_line(run("diff", *pair, "--config", str(config)))


def test_unknown_key_in_pyproject_tool_apidiff_names_it(project, pair):
    (project / "pyproject.toml").write_text('[tool.apidiff]\nfail-on = "breaking"\nfial = 1\n')
    line = error_line(run("breaking", *pair))
    assert "pyproject.toml" in line and "unknown key 'fial'" in line


def test_tool_apidiff_that_is_not_a_table(project, pair):
    (project / "pyproject.toml").write_text("[tool]\napidiff = 3\n")
    line = error_line(run("breaking", *pair))
    assert "pyproject.toml" in line and "[tool.apidiff] must be a table" in line


@pytest.mark.parametrize(
    ("text", "line_no"),
    [
        pytest.param('fail-on = "breaking"\n\n[severity]\n"x" = \n', 4, id="missing-value"),
        pytest.param('fail-on = "breaking"\ninclude = ["/a",\n  "/b" "/c"]\n', 3, id="array"),
        pytest.param('[[ignore]]\nreason = "r"\nexpires = 2027-13-01\n', 3, id="bad-toml-date"),
        pytest.param("[deprecation]\nmin-days = 3\n[deprecation]\nmin-days = 4\n", 3, id="twice"),
    ],
)
def test_bad_toml_names_file_line_and_column(project, pair, text, line_no):
    config = project / "apidiff.toml"
    config.write_text(text)
    line = error_line(run("breaking", *pair))
    assert re.search(rf"{re.escape(str(config))}:{line_no}:\d+: not valid TOML: \S", line), line
    assert "(at line" not in line  # the position is said once, in front


def test_bad_toml_at_the_end_of_the_document_still_has_a_position(project, pair):
    config = project / "apidiff.toml"
    config.write_text('fail-on = "breaking"\n[severity')
    line = error_line(run("breaking", *pair))
    assert re.search(rf"{re.escape(str(config))}:2:\d+: not valid TOML", line), line
    assert "end of document" not in line


def test_bad_toml_in_an_ignores_file_names_it(project, pair):
    ignores = project / "ignores.toml"
    ignores.write_text('[[ignore]]\nrule = "x"\nreason = "unterminated\n')
    line = error_line(run("breaking", *pair, "--no-config", "--ignores", str(ignores)))
    assert re.search(rf"{re.escape(str(ignores))}:3:\d+: not valid TOML", line), line


def test_ignores_file_holds_only_ignore_entries(project, pair):
    ignores = project / "ignores.toml"
    ignores.write_text('fail-on = "none"\n\n[[ignore]]\nrule = "x"\nreason = "r"\n')
    line = error_line(run("breaking", *pair, "--ignores", str(ignores)))
    assert str(ignores) in line and "unknown key 'fail-on'" in line


def test_ignores_file_entries_are_validated_like_the_configuration(project, pair):
    ignores = project / "ignores.toml"
    ignores.write_text('[[ignore]]\nrule = "x"\n')
    line = error_line(run("breaking", *pair, "--ignores", str(ignores)))
    assert str(ignores) in line and "ignore[1]: 'reason' is a required property" in line


def test_missing_ignores_file(project, pair):
    line = error_line(run("breaking", *pair, "--ignores", "nope.toml"))
    assert "nope.toml: no such file" in line


def test_ignore_files_are_relative_to_the_configuration(project, pair, monkeypatch):
    (project / "apidiff.toml").write_text('ignore-files = ["policy/accepted.toml"]\n')
    (project / "policy").mkdir()
    (project / "policy" / "accepted.toml").write_text(
        f'[[ignore]]\nrule = "{REQUIRED}"\nreason = "clients always send both"\n'
    )
    sub = project / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)  # not where the configuration is
    result = run("breaking", *pair, "-f", "json")
    assert result.exit_code == 0, result.output
    assert {c["ignored"] for c in by_id(result)[REQUIRED]} == {"clients always send both"}


def test_missing_ignore_file_named_by_the_configuration(project, pair):
    (project / "apidiff.toml").write_text('ignore-files = ["accepted.toml"]\n')
    line = error_line(run("breaking", *pair))
    assert str(project / "accepted.toml") in line and "no such file" in line


def test_bad_entry_in_a_configured_ignore_file_names_that_file(project, pair):
    (project / "apidiff.toml").write_text('ignore-files = ["accepted.toml"]\n')
    (project / "accepted.toml").write_text('[[ignore]]\nreason = "r"\nexpires = "someday"\n')
    line = error_line(run("breaking", *pair))
    assert "accepted.toml: ignore #1: 'expires' must be a date" in line


# -- what parses -----------------------------------------------------------------------------
def test_a_full_configuration_parses(tmp_path):
    (tmp_path / "more.toml").write_text('[[ignore]]\nrule = "b"\nreason = "from a file"\n')
    config_file = tmp_path / "apidiff.toml"
    config_file.write_text(
        """
fail-on = "dangerous"
format = "json"
against = "origin/main"
ignore-files = ["more.toml"]
include = ["/v2/*"]
exclude = ["/v2/internal/*"]
strip-prefix = "/api/v1"
open-enums = ["PetStatus", "Pet.kind"]

[severity]
"api-operation-id-changed" = "off"
"response-*" = "breaking"

[[ignore]]
rule = "a"
operation = "GET /pets"
pointer = "/paths/*"
reason = "  spaces around are trimmed  "
expires = 2027-01-31

[deprecation]
allow-removal-after-sunset = true
min-days = 90
removal-severity = "safe"

[stability]
threshold = "alpha"

[[contract]]
path = "api/openapi.yaml"

[[contract]]
name = "graph"
path = "schema/"
format = "graphql"
operations = ["web/**/*.graphql"]
"""
    )
    config = load(config_file)
    policy = config.policy
    assert (config.fail_on, config.format, config.against) == ("dangerous", "json", "origin/main")
    assert config.path == config_file and config.base == tmp_path
    assert policy.severity == {"api-operation-id-changed": "off", "response-*": "breaking"}
    first, second = policy.ignores
    assert (first.rule, first.operation, first.pointer) == ("a", "GET /pets", "/paths/*")
    assert first.reason == "spaces around are trimmed"
    assert first.expires == _dt.date(2027, 1, 31)
    assert first.origin == f"{config_file}: ignore #1"
    assert (second.rule, second.reason, second.operation) == ("b", "from a file", None)
    assert second.origin == f"{tmp_path / 'more.toml'}: ignore #1"
    assert policy.allow_removal_after_sunset is True
    assert policy.deprecation_days == 90
    assert policy.allowed_removal_severity == "safe"
    assert policy.stability_threshold == "alpha"
    assert policy.include == ("/v2/*",) and policy.exclude == ("/v2/internal/*",)
    assert policy.strip_prefix == ("/api/v1",)
    assert policy.open_enums == ("PetStatus", "Pet.kind")
    assert [(c.name, c.format, c.operations) for c in config.contracts] == [
        ("api/openapi.yaml", "auto", ()),
        ("graph", "graphql", ("web/**/*.graphql",)),
    ]


def test_defaults_of_an_empty_configuration():
    policy = parse({}).policy
    assert policy.stability_threshold == "beta"
    assert policy.allowed_removal_severity == "dangerous"
    assert policy.allow_removal_after_sunset is False and policy.deprecation_days is None
    assert policy.ignores == () and policy.severity == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027-01-31", _dt.date(2027, 1, 31)),
        (_dt.date(2027, 1, 31), _dt.date(2027, 1, 31)),
        (_dt.datetime(2027, 1, 31, 23, 59), _dt.date(2027, 1, 31)),
    ],
)
def test_expires_may_be_a_toml_date_a_datetime_or_a_date_string(value, expected):
    (ignore,) = parse({"ignore": [{"rule": "x", "reason": "r", "expires": value}]}).policy.ignores
    assert ignore.expires == expected


def test_strip_prefix_may_be_a_list():
    policy = parse({"strip-prefix": ["/api/v1", "/api/v2"]}).policy
    assert policy.strip_prefix == ("/api/v1", "/api/v2")


def test_config_error_is_a_usage_error_with_exit_two():
    with pytest.raises(ConfigError) as caught:
        parse({"nope": 1})
    assert caught.value.exit_code == 2
    assert "unknown key 'nope'" in caught.value.render()


# -- flags win over the file ----------------------------------------------------------------
def test_rule_severity_flag_wins_over_the_file_and_other_keys_stay(project, pair):
    (project / "apidiff.toml").write_text(
        f'[severity]\n"{REQUIRED}" = "off"\n"{ENUM_ADDED}" = "breaking"\n'
    )
    result = run("diff", *pair, "-f", "json", "--rule-severity", f"{REQUIRED}=dangerous")
    found = by_id(result)
    assert {c["severity"] for c in found[REQUIRED]} == {"dangerous"}
    assert {c["severity"] for c in found[ENUM_ADDED]} == {"breaking"}  # from the file


def test_rule_severity_flag_syntax_errors(project, pair):
    for bad in ("no-equals-sign", f"{REQUIRED}=fatal", "=safe", f"{REQUIRED}="):
        line = error_line(run("breaking", *pair, "--rule-severity", bad))
        assert "--rule-severity" in line and "RULE=LEVEL" in line


def test_fail_on_flag_wins_over_the_file(project, pair):
    (project / "apidiff.toml").write_text(
        f'fail-on = "none"\n[severity]\n"{REQUIRED}" = "dangerous"\n'
    )
    assert run("breaking", *pair).exit_code == 0
    assert run("breaking", *pair, "--fail-on", "dangerous").exit_code == 1
    (project / "apidiff.toml").write_text('fail-on = "dangerous"\n')
    lowered = ("--rule-severity", f"{REQUIRED}=safe")  # leaves the dangerous enum value
    assert run("diff", *pair, *lowered).exit_code == 1
    assert run("diff", *pair, *lowered, "--fail-on", "breaking").exit_code == 0


def test_format_flag_wins_over_the_file(project, pair):
    (project / "apidiff.toml").write_text('format = "json"\n')
    assert json.loads(run("diff", *pair).stdout)["schema_version"] == 1
    assert run("diff", *pair, "-f", "text", "--no-color").stdout.startswith(pair[0])


def test_include_flag_replaces_the_files_include(project, pair):
    (project / "apidiff.toml").write_text('include = ["/admin/*"]\n')
    ops = {c["operation"] for c in changes(run("diff", *pair, "-f", "json"))}
    assert ops == {"GET /admin/stats"}
    ops = {c["operation"] for c in changes(run("diff", *pair, "-f", "json", "--include", "/pets"))}
    assert ops == {"GET /pets"}


def test_exclude_flag_replaces_the_files_exclude(project, pair):
    (project / "apidiff.toml").write_text('exclude = ["/admin/*"]\n')
    ops = {c["operation"] for c in changes(run("diff", *pair, "-f", "json"))}
    assert ops == {"GET /pets"}
    ops = {c["operation"] for c in changes(run("diff", *pair, "-f", "json", "--exclude", "/pets"))}
    assert ops == {"GET /admin/stats"}


def test_ignores_flag_adds_to_the_files_ignores(project, pair):
    (project / "apidiff.toml").write_text(
        f'[[ignore]]\nrule = "{REQUIRED}"\noperation = "GET /pets"\nreason = "from the file"\n'
    )
    ignores = project / "more.toml"
    ignores.write_text(
        f'[[ignore]]\nrule = "{REQUIRED}"\noperation = "GET /admin/*"\nreason = "from the flag"\n'
    )
    assert run("breaking", *pair).exit_code == 1  # only one of the two is ignored
    result = run("breaking", *pair, "-f", "json", "--ignores", str(ignores))
    assert result.exit_code == 0, result.output
    reasons = {c["operation"]: c["ignored"] for c in by_id(result)[REQUIRED]}
    assert reasons == {"GET /pets": "from the file", "GET /admin/stats": "from the flag"}


def test_stability_threshold_flag_wins_over_the_file(project, tmp_path):
    beta = "    get:\n      x-stability-level: beta\n      parameters:"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD.replace("    get:\n      parameters:", beta, 1))  # GET /pets is beta
    new.write_text(NEW.replace("    get:\n      parameters:", beta, 1))
    files = (str(old), str(new), "--exclude", "/admin/*")
    assert run("breaking", *files).exit_code == 1  # beta is not below the default threshold
    (project / "apidiff.toml").write_text('[stability]\nthreshold = "stable"\n')
    result = run("breaking", *files, "-f", "json")
    assert result.exit_code == 0, result.output
    assert all(c["ignored"].startswith("exempt: ") for c in changes(result))
    assert run("breaking", *files, "--stability-threshold", "beta").exit_code == 1
    (project / "apidiff.toml").write_text('[stability]\nthreshold = "draft"\n')
    assert run("breaking", *files).exit_code == 1
    assert run("breaking", *files, "--stability-threshold", "stable").exit_code == 0


def test_deprecation_flags_win_over_the_file(project, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(
        OLD
        + "  /legacy:\n    get:\n      deprecated: true\n"
        + '      x-deprecated-since: "2025-12-01"\n'
        + '      responses:\n        "200": {description: ok}\n'
    )
    new = tmp_path / "new.yaml"
    new.write_text(OLD)
    files = (str(old), str(new))
    # 45 days before TODAY: the file's 90 days are not over, the flag's 30 are.
    (project / "apidiff.toml").write_text("[deprecation]\nmin-days = 90\n")
    assert run("breaking", *files).exit_code == 1
    result = run("breaking", *files, "--deprecation-days", "30", "-f", "json")
    assert result.exit_code == 0, result.output
    (change,) = changes(result)
    assert change["severity"] == "dangerous" and "45 days ago" in change["policy"]
    (project / "apidiff.toml").write_text("[deprecation]\nmin-days = 30\n")
    assert run("breaking", *files).exit_code == 0
    assert run("breaking", *files, "--deprecation-days", "90").exit_code == 1


def test_strip_prefix_flag_wins_over_the_file(project, tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(OLD.replace("/pets:", "/api/v1/pets:"))
    new.write_text(NEW)
    (project / "apidiff.toml").write_text('strip-prefix = "/api/v2"\n')
    ops = {c["operation"] for c in changes(run("diff", str(old), str(new), "-f", "json"))}
    assert "GET /api/v1/pets" in ops
    result = run("diff", str(old), str(new), "-f", "json", "--strip-prefix", "/api/v1")
    assert {c["operation"] for c in changes(result)} == {"GET /pets", "GET /admin/stats"}


def test_allow_removal_after_sunset_flag_turns_the_policy_on(project, tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(
        OLD
        + "  /legacy:\n    get:\n      deprecated: true\n"
        + '      x-sunset: "2025-12-31"\n'
        + '      responses:\n        "200": {description: ok}\n'
    )
    new = tmp_path / "new.yaml"
    new.write_text(OLD)
    (project / "apidiff.toml").write_text("[deprecation]\nallow-removal-after-sunset = false\n")
    assert run("breaking", str(old), str(new)).exit_code == 1
    assert run("breaking", str(old), str(new), "--allow-removal-after-sunset").exit_code == 0
