"""The policy, end to end through the command line: severity overrides, ignores (with expiry),
the deprecation and stability policies, include/exclude, strip-prefix, open enums, and the
`apidiff baseline` round trip. Dates always come from --today, never from the clock."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from apidiff.cli import cli

from .conftest import FIXTURES, ROOT

TODAY = "2026-01-15"
REPORT = jsonschema.Draft202012Validator(
    json.loads((ROOT / "docs" / "schema" / "report.json").read_text())
)
PET_OLD, PET_NEW = str(FIXTURES / "petstore" / "old.yaml"), str(FIXTURES / "petstore" / "new.yaml")


def run(*args: str, today: str = TODAY):
    """The CLI with no configuration file but the one given, judged as of ``today``."""
    args = list(args)
    if "--config" not in args:
        args.append("--no-config")
    return CliRunner().invoke(cli, [*args, "--today", today], catch_exceptions=False)


def report(result) -> dict:
    assert result.exit_code in (0, 1), result.output
    document = json.loads(result.stdout)
    REPORT.validate(document)  # every report with policy fields is a valid report
    return document


def changes(result) -> list[dict]:
    return report(result)["changes"]


def one(result, rule: str, **where: str) -> dict:
    found = [
        c
        for c in changes(result)
        if c["id"] == rule and all(c.get(k) == v for k, v in where.items())
    ]
    assert len(found) == 1, (rule, where, [(c["id"], c["operation"]) for c in changes(result)])
    return found[0]


def ids(result) -> set[str]:
    return {c["id"] for c in changes(result)}


class Pair:
    """OLD and NEW written to a folder; ``files`` for the command line."""

    def __init__(self, folder: Path, old: str, new: str) -> None:
        self.folder = folder
        self.old, self.new = folder / "old.yaml", folder / "new.yaml"
        self.old.write_text(old)
        self.new.write_text(new)

    @property
    def files(self) -> tuple[str, str]:
        return str(self.old), str(self.new)

    def write(self, name: str, text: str) -> str:
        path = self.folder / name
        path.write_text(text)
        return str(path)


def doc(paths: str, components: str = "") -> str:
    text = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n' + paths
    if components:
        text += "components:\n  schemas:\n" + components
    return text


OK = '      responses:\n        "200": {description: ok}\n'
RETURNS_PET = OK.replace(
    "{description: ok}",
    "{description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}",
)


# ===================================================================== severity overrides ==
# GET /pets: `limit` became required (breaking), its maximum decreased (breaking);
# GET /owners: `q` became required (breaking); the operationId changed (dangerous).
SEV_OLD = doc(
    "  /pets:\n    get:\n      operationId: listPets\n      parameters:\n"
    "        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
    + OK
    + "  /owners:\n    get:\n      parameters:\n"
    "        - {name: q, in: query, schema: {type: string}}\n" + OK
)
SEV_NEW = (
    SEV_OLD.replace("operationId: listPets", "operationId: getPets")
    .replace("{name: limit, in: query,", "{name: limit, in: query, required: true,")
    .replace("maximum: 100", "maximum: 50")
    .replace("{name: q, in: query,", "{name: q, in: query, required: true,")
)
REQUIRED = "request-parameter-became-required"
MAX = "request-parameter-max-decreased"
OP_ID = "api-operation-id-changed"


@pytest.fixture
def sev(tmp_path) -> Pair:
    return Pair(tmp_path, SEV_OLD, SEV_NEW)


def test_severity_pair_without_policy(sev):
    result = run("diff", *sev.files, "-f", "json")
    assert ids(result) == {REQUIRED, MAX, OP_ID}
    assert all(
        "default_severity" not in c and "ignored" not in c and "policy" not in c
        for c in changes(result)
    )
    assert run("breaking", *sev.files).exit_code == 1


def test_override_lowers_a_rule_and_keeps_its_default_severity(sev):
    args = (
        "--rule-severity",
        f"{REQUIRED}=dangerous",
        "--rule-severity",
        f"{MAX}=safe",
    )
    result = run("diff", *sev.files, "-f", "json", *args)
    document = report(result)
    assert document["summary"] == {"breaking": 0, "dangerous": 3, "safe": 1}
    required = [c for c in document["changes"] if c["id"] == REQUIRED]
    assert {(c["severity"], c["default_severity"]) for c in required} == {("dangerous", "breaking")}
    assert one(result, MAX)["default_severity"] == "breaking"
    assert "default_severity" not in one(result, OP_ID)  # not overridden
    assert run("breaking", *sev.files, *args).exit_code == 0
    assert run("breaking", *sev.files, *args, "--fail-on", "dangerous").exit_code == 1


def test_override_to_the_same_level_records_nothing(sev):
    result = run("diff", *sev.files, "-f", "json", "--rule-severity", f"{MAX}=breaking")
    assert "default_severity" not in one(result, MAX)


def test_override_raises_a_rule(sev):
    args = ("--rule-severity", f"{REQUIRED}=off", "--rule-severity", f"{MAX}=off")
    assert run("breaking", *sev.files, *args).exit_code == 0  # only the dangerous one is left
    raised = run("breaking", *sev.files, *args, "--rule-severity", f"{OP_ID}=breaking")
    assert raised.exit_code == 1
    change = one(
        run("diff", *sev.files, "-f", "json", "--rule-severity", f"{OP_ID}=breaking"), OP_ID
    )
    assert (change["severity"], change["default_severity"]) == ("breaking", "dangerous")


def test_off_drops_the_rule_from_report_summary_and_exit_code(sev):
    result = run("diff", *sev.files, "-f", "json", "--rule-severity", f"{REQUIRED}=off")
    assert ids(result) == {MAX, OP_ID}
    assert report(result)["summary"] == {"breaking": 1, "dangerous": 1, "safe": 0}
    text = run("diff", *sev.files, "--no-color", "--rule-severity", f"{REQUIRED}=off").stdout
    assert REQUIRED not in text


def test_glob_overrides_and_the_most_specific_pattern_wins(sev):
    result = run("diff", *sev.files, "-f", "json", "--rule-severity", "request-*=off")
    assert ids(result) == {OP_ID}
    # The exact id beats any glob; a longer glob beats a shorter one.
    result = run(
        "diff",
        *sev.files,
        "-f",
        "json",
        "--rule-severity",
        "request-*=off",
        "--rule-severity",
        "request-parameter-max-*=dangerous",
        "--rule-severity",
        f"{REQUIRED}=safe",
    )
    assert ids(result) == {REQUIRED, MAX, OP_ID}
    assert one(result, MAX)["severity"] == "dangerous"
    assert {c["severity"] for c in changes(result) if c["id"] == REQUIRED} == {"safe"}


def test_severity_from_the_configuration_file(sev):
    config = sev.write(
        "apidiff.toml", f'[severity]\n"request-*" = "dangerous"\n"{OP_ID}" = "off"\n'
    )
    result = run("diff", *sev.files, "-f", "json", "--config", config)
    assert ids(result) == {REQUIRED, MAX}
    assert {c["severity"] for c in changes(result)} == {"dangerous"}
    assert run("breaking", *sev.files, "--config", config).exit_code == 0


# ============================================================================== ignores ==
def ignores_file(pair: Pair, *entries: str, name: str = "ignores.toml") -> str:
    return pair.write(name, "\n".join(f"[[ignore]]\n{e}\n" for e in entries))


def test_an_ignore_marks_the_finding_and_keeps_it_out_of_the_exit_code(sev):
    path = ignores_file(
        sev,
        f'rule = "{REQUIRED}"\noperation = "GET /owners"\nreason = "nobody calls it yet"',
        f'rule = "{REQUIRED}"\noperation = "GET /pets"\n'
        'pointer = "/paths/~1pets/get/parameters/0"\nreason = "limit defaults in every SDK"',
        f'rule = "{MAX}"\nreason = "never above 50 in practice"',
    )
    result = run("breaking", *sev.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 0, result.output
    document = report(result)
    assert document["summary"]["breaking"] == 3  # still counted, still listed
    assert one(result, REQUIRED, operation="GET /owners")["ignored"] == "nobody calls it yet"
    assert one(result, REQUIRED, operation="GET /pets")["ignored"] == "limit defaults in every SDK"
    assert one(result, MAX)["ignored"] == "never above 50 in practice"
    assert "ignored" not in one(result, OP_ID)
    assert run("breaking", *sev.files, "--ignores", path, "--fail-on", "dangerous").exit_code == 1

    text = run("breaking", *sev.files, "--no-color", "--ignores", path)
    assert text.exit_code == 0
    assert "(3 ignored by configuration)" in text.stdout.splitlines()[0]
    marked = [line for line in text.stdout.splitlines() if f"[{REQUIRED}]" in line]
    assert len(marked) == 2 and all("(ignored: " in line for line in marked)
    assert any("(ignored: nobody calls it yet)" in line for line in marked)
    assert not any("(ignored:" in line for line in text.stdout.splitlines() if f"[{OP_ID}]" in line)


def test_an_ignore_whose_operation_does_not_match_leaves_the_run_failing(sev):
    path = ignores_file(
        sev,
        f'rule = "{REQUIRED}"\noperation = "POST /*"\nreason = "wrong method"',
        f'rule = "{REQUIRED}"\noperation = "GET /pet"\nreason = "not a prefix match"',
        f'rule = "{MAX}"\nreason = "x"',
    )
    result = run("breaking", *sev.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 1
    assert all("ignored" not in c for c in changes(result) if c["id"] == REQUIRED)


def test_an_ignore_whose_pointer_does_not_match_leaves_the_run_failing(sev):
    path = ignores_file(
        sev,
        f'rule = "{REQUIRED}"\npointer = "/paths/~1pets/get/parameters/1"\nreason = "x"',
        f'rule = "{REQUIRED}"\noperation = "GET /owners"\nreason = "y"',
        f'rule = "{MAX}"\nreason = "z"',
    )
    result = run("breaking", *sev.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 1
    assert "ignored" not in one(result, REQUIRED, operation="GET /pets")


def test_an_ignore_with_only_a_rule_glob_matches_every_operation(sev):
    path = ignores_file(sev, 'rule = "request-parameter-*"\nreason = "all accepted"')
    result = run("breaking", *sev.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 0
    assert {c.get("ignored") for c in changes(result) if c["id"] != OP_ID} == {"all accepted"}


def test_an_ignore_without_a_rule_matches_every_rule_of_its_operation(sev):
    path = ignores_file(sev, 'operation = "GET /pets"\nreason = "pets API is internal"')
    result = run("diff", *sev.files, "-f", "json", "--ignores", path)
    pets = [c for c in changes(result) if c["operation"] == "GET /pets"]
    assert {c["id"] for c in pets} == {REQUIRED, MAX, OP_ID}
    assert all(c["ignored"] == "pets API is internal" for c in pets)
    assert "ignored" not in one(result, REQUIRED, operation="GET /owners")
    assert run("breaking", *sev.files, "--ignores", path).exit_code == 1


def test_ignores_from_the_configuration_and_from_flags_combine(sev):
    config = sev.write(
        "apidiff.toml",
        f'[[ignore]]\nrule = "{REQUIRED}"\nreason = "from the file"\n',
    )
    path = ignores_file(sev, f'rule = "{MAX}"\nreason = "from the flag"')
    assert run("breaking", *sev.files, "--config", config).exit_code == 1
    result = run("breaking", *sev.files, "-f", "json", "--config", config, "--ignores", path)
    assert result.exit_code == 0
    assert one(result, MAX)["ignored"] == "from the flag"


def test_an_expired_ignore_fails_the_run_and_names_the_entry(sev):
    config = sev.write(
        "apidiff.toml",
        f'[[ignore]]\nrule = "{REQUIRED}"\nreason = "still valid"\nexpires = 2026-06-30\n\n'
        f'[[ignore]]\nrule = "{MAX}"\noperation = "GET /pets"\n'
        'reason = "until the v2 SDK ships"\nexpires = 2026-01-14\n',
    )
    result = run("breaking", *sev.files, "-f", "json", "--config", config)
    assert result.exit_code == 1
    message = result.stderr
    assert f"{config}: ignore #2" in message
    assert MAX in message and "until the v2 SDK ships" in message and "2026-01-14" in message
    assert "ignore #1" not in message
    # The expired entry silences nothing; the valid one still does.
    assert "ignored" not in one(result, MAX)
    assert {c["ignored"] for c in changes(result) if c["id"] == REQUIRED} == {"still valid"}


def test_an_expired_ignore_fails_even_when_another_valid_ignore_matches(sev):
    config = sev.write(
        "apidiff.toml",
        '[[ignore]]\nrule = "*"\nreason = "everything is accepted"\n\n'
        f'[[ignore]]\nrule = "{MAX}"\nreason = "old entry"\nexpires = 2025-12-31\n',
    )
    result = run("breaking", *sev.files, "-f", "json", "--config", config)
    assert all(c["ignored"] == "everything is accepted" for c in changes(result))
    assert result.exit_code == 1, "an expired ignore must fail the run"
    assert "ignore #2" in result.stderr and "renew or remove" in result.stderr


def test_an_expired_ignore_fails_even_when_nothing_would_fail(sev):
    path = ignores_file(
        sev,
        'rule = "api-security-removed"\nreason = "stale"\nexpires = 2025-01-01',
        name="stale.toml",
    )
    result = run("diff", *sev.files, "--fail-on", "none", "--ignores", path)
    assert result.exit_code == 1
    assert f"{path}: ignore #1" in result.stderr


def test_an_ignore_is_valid_through_its_expiry_day(sev):
    path = ignores_file(sev, 'rule = "request-*"\nreason = "r"\nexpires = 2026-01-15')
    assert run("breaking", *sev.files, "--ignores", path, today="2026-01-15").exit_code == 0
    late = run("breaking", *sev.files, "--ignores", path, today="2026-01-16")
    assert late.exit_code == 1 and "expired on 2026-01-15" in late.stderr


def test_expiry_is_judged_by_today_not_the_clock(sev):
    path = ignores_file(sev, 'rule = "request-*"\nreason = "r"\nexpires = 2001-01-01')
    assert run("breaking", *sev.files, "--ignores", path, today="2000-12-31").exit_code == 0
    assert run("breaking", *sev.files, "--ignores", path, today="2001-01-02").exit_code == 1


def test_an_ignore_of_a_dropped_rule_is_harmless(sev):
    path = ignores_file(sev, f'rule = "{MAX}"\nreason = "r"')
    result = run(
        "diff", *sev.files, "-f", "json", "--ignores", path, "--rule-severity", f"{MAX}=off"
    )
    assert MAX not in ids(result)


# Shared schema: `Pet` is returned by GET /pets and GET /admin/pets; `name` became nullable.
SHARED_OLD = doc(
    "  /pets:\n    get:\n"
    + RETURNS_PET
    + "  /admin/pets:\n    get:\n"
    + RETURNS_PET
    + "  /admin/stats:\n    get:\n      parameters:\n"
    "        - {name: day, in: query, schema: {type: string}}\n" + OK,
    "    Pet:\n      type: object\n      properties:\n        name: {type: string}\n",
)
SHARED_NEW = SHARED_OLD.replace(
    "name: {type: string}", "name: {type: string, nullable: true}"
).replace("{name: day, in: query,", "{name: day, in: query, required: true,")
NULLABLE = "response-property-became-nullable"
SHARED_WHERE = "schema `Pet` in responses"


@pytest.fixture
def shared(tmp_path) -> Pair:
    return Pair(tmp_path, SHARED_OLD, SHARED_NEW)


def test_shared_pair_without_policy(shared):
    result = run("diff", *shared.files, "-f", "json")
    change = one(result, NULLABLE)
    assert change["operation"] == SHARED_WHERE
    assert sorted(change["operations"]) == ["GET /admin/pets", "GET /pets"]
    assert one(result, REQUIRED)["operation"] == "GET /admin/stats"


def test_an_ignore_for_one_user_of_a_shared_schema_does_not_silence_it(shared):
    path = ignores_file(
        shared,
        f'rule = "{NULLABLE}"\noperation = "GET /pets"\nreason = "the web app copes"',
        f'rule = "{REQUIRED}"\nreason = "x"',
    )
    result = run("breaking", *shared.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 1
    assert "ignored" not in one(result, NULLABLE)


@pytest.mark.parametrize("operation", ["GET /**pets", SHARED_WHERE, "schema `Pet` *"])
def test_an_ignore_covering_every_user_of_a_shared_schema_silences_it(shared, operation):
    path = ignores_file(
        shared,
        f'rule = "{NULLABLE}"\noperation = "{operation}"\nreason = "all clients cope"',
        f'rule = "{REQUIRED}"\nreason = "x"',
    )
    result = run("breaking", *shared.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 0, result.output
    assert one(result, NULLABLE)["ignored"] == "all clients cope"


def test_an_ignore_matches_a_shared_change_by_its_pointer(shared):
    path = ignores_file(
        shared,
        'pointer = "/components/schemas/Pet/**"\nreason = "Pet is being redesigned"',
        f'rule = "{REQUIRED}"\nreason = "x"',
    )
    result = run("breaking", *shared.files, "-f", "json", "--ignores", path)
    assert result.exit_code == 0
    assert one(result, NULLABLE)["ignored"] == "Pet is being redesigned"


# ================================================================== include / exclude ==
def operations_of(result) -> set[str]:
    return {c["operation"] for c in changes(result)}


def test_include_keeps_only_matching_paths(shared):
    result = run("breaking", *shared.files, "-f", "json", "--include", "/admin/stats")
    assert operations_of(result) == {"GET /admin/stats"}
    result = run("breaking", *shared.files, "-f", "json", "--include", "GET /admin/*")
    assert operations_of(result) == {"GET /admin/stats", SHARED_WHERE}


def test_exclude_drops_matching_paths(shared):
    result = run("breaking", *shared.files, "-f", "json", "--exclude", "/admin/stats")
    assert operations_of(result) == {SHARED_WHERE}
    assert result.exit_code == 1


def test_a_shared_schema_change_stays_when_any_affected_operation_is_in_scope(shared):
    # Included through GET /admin/pets alone:
    result = run("breaking", *shared.files, "-f", "json", "--include", "/admin/*")
    assert NULLABLE in ids(result)
    # Whichever of its users is the one in scope:
    result = run("breaking", *shared.files, "-f", "json", "--include", "/pets")
    assert operations_of(result) == {SHARED_WHERE}
    result = run("breaking", *shared.files, "-f", "json", "--exclude", "/admin/*")
    assert operations_of(result) == {SHARED_WHERE}
    # Excluding one of its users keeps it; it still affects GET /admin/pets.
    result = run("breaking", *shared.files, "-f", "json", "--exclude", "/pets")
    assert NULLABLE in ids(result)
    assert result.exit_code == 1
    # Excluded only when none of its users is in scope.
    result = run(
        "breaking", *shared.files, "-f", "json", "--exclude", "/pets", "--exclude", "/admin/pets"
    )
    assert NULLABLE not in ids(result)
    result = run("breaking", *shared.files, "-f", "json", "--include", "/admin/stats")
    assert NULLABLE not in ids(result)


def test_scope_decides_the_exit_code(shared):
    assert run("breaking", *shared.files, "--exclude", "**").exit_code == 0
    assert run("breaking", *shared.files, "--include", "/nothing/*").exit_code == 0


def test_include_and_exclude_from_the_configuration(shared):
    config = shared.write("apidiff.toml", 'include = ["/admin/*"]\nexclude = ["/admin/stats"]\n')
    result = run("breaking", *shared.files, "-f", "json", "--config", config)
    assert operations_of(result) == {SHARED_WHERE}


CONTRACT_LEVEL = {"api-server-removed", "api-security-component-api-key-changed"}


@pytest.mark.parametrize(
    "scope",
    [("--include", "/pets"), ("--exclude", "/pets"), ("--include", "/nothing", "--exclude", "*")],
)
def test_contract_level_changes_are_never_out_of_scope(tmp_path, scope):
    # A server or a security scheme serves every operation, those in scope among them.
    old = doc("  /pets:\n    get:\n" + OK + "  /admin:\n    get:\n" + OK)
    old = old.replace("paths:\n", "servers:\n  - url: https://a.example.com\npaths:\n")
    old += "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n"
    new = old.replace("https://a.example.com", "https://b.example.com").replace("X-Key", "X-Api")
    pair = Pair(tmp_path, old, new)
    assert ids(run("breaking", *pair.files, "-f", "json")) == CONTRACT_LEVEL
    result = run("breaking", *pair.files, "-f", "json", *scope)
    assert ids(result) == CONTRACT_LEVEL
    assert result.exit_code == 1


# ============================================================================ deprecation ==
def deprecated_pair(tmp_path, *lines: str, path_stays: bool = True) -> Pair:
    """OLD has a deprecated DELETE /pets/{id} (with ``lines``); NEW has removed it."""
    marks = "".join(f"      {line}\n" for line in lines)
    keep = "  /pets/{id}:\n    get:\n" + OK
    old = doc(keep + "    delete:\n      deprecated: true\n" + marks + OK)
    if not path_stays:
        old = doc(
            "  /pets:\n    get:\n" + OK + "  /pets/{id}:\n    delete:\n"
            "      deprecated: true\n" + marks + OK
        )
        return Pair(tmp_path, old, doc("  /pets:\n    get:\n" + OK))
    return Pair(tmp_path, old, doc(keep))


def test_removing_something_deprecated_is_breaking_by_default(tmp_path):
    pair = deprecated_pair(tmp_path, 'x-sunset: "2025-06-01"', 'x-deprecated-since: "2024-01-01"')
    result = run("breaking", *pair.files, "-f", "json")
    assert result.exit_code == 1
    change = one(result, "api-removed-with-deprecation")
    assert change["severity"] == "breaking" and "policy" not in change


@pytest.mark.parametrize("sunset", ['"2025-06-01"', "2025-06-01", '"2025-06-01T00:00:00Z"'])
def test_removal_after_sunset_is_allowed_by_the_policy(tmp_path, sunset):
    pair = deprecated_pair(tmp_path, f"x-sunset: {sunset}")  # a YAML date, quoted or not
    result = run("breaking", *pair.files, "-f", "json", "--allow-removal-after-sunset")
    assert result.exit_code == 0, result.output
    change = one(result, "api-removed-with-deprecation")
    assert change["severity"] == "dangerous"  # still shown by `breaking`
    assert change["policy"] == "deprecation policy: removed after its sunset 2025-06-01"
    text = run("breaking", *pair.files, "--no-color", "--allow-removal-after-sunset").stdout
    assert "dangerous" in text and "api-removed-with-deprecation" in text


def test_removal_on_the_sunset_day_is_allowed(tmp_path):
    pair = deprecated_pair(tmp_path, f'x-sunset: "{TODAY}"')
    result = run("breaking", *pair.files, "-f", "json", "--allow-removal-after-sunset")
    assert result.exit_code == 0
    assert one(result, "api-removed-with-deprecation")["severity"] == "dangerous"


@pytest.mark.parametrize("path_stays", [True, False])
def test_removal_before_sunset_stays_breaking_whatever_the_policy(tmp_path, path_stays):
    pair = deprecated_pair(
        tmp_path,
        'x-sunset: "2026-06-30"',
        'x-deprecated-since: "2020-01-01"',
        path_stays=path_stays,
    )
    rule = "api-removed-before-sunset" if path_stays else "api-path-removed-before-sunset"
    config = pair.write(
        "apidiff.toml",
        "[deprecation]\nallow-removal-after-sunset = true\nmin-days = 1\n"
        'removal-severity = "safe"\n',
    )
    for args in (
        ("--allow-removal-after-sunset",),
        ("--deprecation-days", "0"),
        ("--allow-removal-after-sunset", "--deprecation-days", "30"),
        ("--config", config),
    ):
        result = run("breaking", *pair.files, "-f", "json", *args)
        assert result.exit_code == 1, args
        change = one(result, rule)
        assert change["severity"] == "breaking" and "policy" not in change, args
    # Once the day has come, the same policy allows it.
    result = run("breaking", *pair.files, "-f", "json", "--config", config, today="2026-06-30")
    assert result.exit_code == 0


def test_removal_without_deprecation_is_never_softened(tmp_path):
    pair = deprecated_pair(tmp_path, 'x-sunset: "2025-01-01"', 'x-deprecated-since: "2020-01-01"')
    pair.old.write_text(pair.old.read_text().replace("deprecated: true", "deprecated: false"))
    for args in (("--allow-removal-after-sunset",), ("--deprecation-days", "0")):
        result = run("breaking", *pair.files, "-f", "json", *args)
        assert result.exit_code == 1
        assert one(result, "api-removed-without-deprecation")["severity"] == "breaking"


@pytest.mark.parametrize("since", ['"2025-11-16"', "2025-11-16"])  # 60 days before TODAY
def test_min_days_counts_from_x_deprecated_since(tmp_path, since):
    pair = deprecated_pair(tmp_path, f"x-deprecated-since: {since}")
    result = run("breaking", *pair.files, "-f", "json", "--deprecation-days", "60")
    assert result.exit_code == 0
    change = one(result, "api-removed-with-deprecation")
    assert change["severity"] == "dangerous"
    assert change["policy"] == "deprecation policy: deprecated 60 days ago (at least 60 required)"
    result = run("breaking", *pair.files, "-f", "json", "--deprecation-days", "61")
    assert result.exit_code == 1
    assert "policy" not in one(result, "api-removed-with-deprecation")
    # The same removal judged a day later is old enough.
    assert (
        run("breaking", *pair.files, "--deprecation-days", "61", today="2026-01-16").exit_code == 0
    )


def test_min_days_needs_x_deprecated_since(tmp_path):
    pair = deprecated_pair(tmp_path)
    assert run("breaking", *pair.files, "--deprecation-days", "0").exit_code == 1


def test_allow_removal_after_sunset_needs_a_sunset(tmp_path):
    pair = deprecated_pair(tmp_path, 'x-deprecated-since: "2020-01-01"')
    assert run("breaking", *pair.files, "--allow-removal-after-sunset").exit_code == 1


def test_removal_severity_from_the_configuration(tmp_path):
    pair = deprecated_pair(tmp_path, 'x-sunset: "2025-06-01"', path_stays=False)
    config = pair.write(
        "apidiff.toml",
        '[deprecation]\nallow-removal-after-sunset = true\nremoval-severity = "safe"\n',
    )
    result = run("diff", *pair.files, "-f", "json", "--config", config, "--fail-on", "dangerous")
    assert result.exit_code == 0
    change = one(result, "api-path-removed-with-deprecation")
    assert change["severity"] == "safe" and change["policy"].startswith("deprecation policy")
    # `breaking` lists breaking and dangerous changes only.
    assert changes(run("breaking", *pair.files, "-f", "json", "--config", config)) == []


def test_a_lowered_removal_can_still_be_raised_by_a_severity_override(tmp_path):
    pair = deprecated_pair(tmp_path, 'x-sunset: "2025-06-01"')
    result = run(
        "breaking",
        *pair.files,
        "-f",
        "json",
        "--allow-removal-after-sunset",
        "--rule-severity",
        "api-removed-with-deprecation=breaking",
    )
    assert result.exit_code == 1
    change = one(result, "api-removed-with-deprecation")
    assert change["severity"] == "breaking" and change["default_severity"] == "dangerous"


# ============================================================================== stability ==
def op(path: str, level: str | None, params: str, *, method: str = "get") -> str:
    mark = f"      x-stability-level: {level}\n" if level else ""
    return f"  {path}:\n    {method}:\n{mark}      parameters:\n{params}" + OK


def q(required: bool = False) -> str:
    flag = " required: true," if required else ""
    return f"        - {{name: q, in: query,{flag} schema: {{type: string}}}}\n"


def stability_pair(tmp_path, levels_old: dict, levels_new: dict | None = None) -> Pair:
    """One operation per entry, whose `q` parameter becomes required."""
    levels_new = levels_old if levels_new is None else levels_new
    old = doc("".join(op(p, lv, q()) for p, lv in levels_old.items()))
    new = doc("".join(op(p, lv, q(True)) for p, lv in levels_new.items()))
    return Pair(tmp_path, old, new)


def exemptions(result) -> dict[str, str | None]:
    return {c["operation"]: c.get("ignored") for c in changes(result) if c["id"] == REQUIRED}


def test_draft_and_alpha_operations_are_exempt_by_default(tmp_path):
    pair = stability_pair(
        tmp_path, {"/d": "draft", "/a": "alpha", "/b": "beta", "/s": "stable", "/n": None}
    )
    result = run("breaking", *pair.files, "-f", "json")
    assert exemptions(result) == {
        "GET /d": "exempt: x-stability-level draft is below the threshold beta",
        "GET /a": "exempt: x-stability-level alpha is below the threshold beta",
        "GET /b": None,
        "GET /s": None,
        "GET /n": None,
    }
    assert result.exit_code == 1
    text = run("breaking", *pair.files, "--no-color").stdout
    assert "(ignored: exempt: x-stability-level alpha is below the threshold beta)" in text
    assert "(2 ignored by configuration)" in text


def test_only_exempt_changes_pass(tmp_path):
    pair = stability_pair(tmp_path, {"/d": "draft", "/a": "ALPHA"})
    result = run("breaking", *pair.files, "-f", "json")
    assert result.exit_code == 0
    assert all(v and v.startswith("exempt: ") for v in exemptions(result).values())


@pytest.mark.parametrize(
    ("threshold", "exempt"),
    [
        ("draft", set()),
        ("alpha", {"GET /d"}),
        ("beta", {"GET /d", "GET /a"}),
        ("stable", {"GET /d", "GET /a", "GET /b"}),
    ],
)
def test_the_threshold(tmp_path, threshold, exempt):
    pair = stability_pair(tmp_path, {"/d": "draft", "/a": "alpha", "/b": "beta", "/s": "stable"})
    result = run("breaking", *pair.files, "-f", "json", "--stability-threshold", threshold)
    assert {k for k, v in exemptions(result).items() if v} == exempt
    config = pair.write("apidiff.toml", f'[stability]\nthreshold = "{threshold}"\n')
    result = run("breaking", *pair.files, "-f", "json", "--config", config)
    assert {k for k, v in exemptions(result).items() if v} == exempt


def test_lowering_stability_is_breaking_and_the_old_level_is_the_promise(tmp_path):
    pair = stability_pair(tmp_path, {"/pets": "stable"}, {"/pets": "alpha"})
    result = run("breaking", *pair.files, "-f", "json")
    assert result.exit_code == 1
    assert exemptions(result) == {"GET /pets": None}
    lowered = one(result, "api-stability-decreased")
    assert lowered["severity"] == "breaking" and "ignored" not in lowered
    # Without a level in OLD the operation was stable all along.
    pair = stability_pair(tmp_path, {"/pets": None}, {"/pets": "draft"})
    result = run("breaking", *pair.files, "-f", "json")
    assert exemptions(result) == {"GET /pets": None}
    assert "ignored" not in one(result, "api-stability-decreased")


def test_a_change_in_new_stable_operation_that_was_alpha_is_exempt(tmp_path):
    pair = stability_pair(tmp_path, {"/pets": "alpha"}, {"/pets": "stable"})
    result = run("breaking", *pair.files, "-f", "json")
    assert exemptions(result)["GET /pets"].startswith("exempt: x-stability-level alpha")
    assert result.exit_code == 0
    raised = one(run("diff", *pair.files, "-f", "json"), "api-stability-increased")
    assert raised["severity"] == "safe"


def test_removing_an_alpha_operation_is_exempt(tmp_path):
    old = doc(op("/pets", None, q()) + op("/beta", "alpha", q()))
    pair = Pair(tmp_path, old, doc(op("/pets", None, q())))
    result = run("breaking", *pair.files, "-f", "json")
    assert result.exit_code == 0
    assert one(result, "api-path-removed-without-deprecation")["ignored"].startswith("exempt: ")


def test_safe_changes_are_not_marked_exempt(tmp_path):
    pair = Pair(
        tmp_path, doc(op("/a", None, q())), doc(op("/a", None, q()) + op("/b", "alpha", q()))
    )
    result = run("diff", *pair.files, "-f", "json")
    assert "ignored" not in one(result, "endpoint-added")


# A stable operation whose response has a stable `name` and an alpha `nickname`; both change
# type. The request body gains a required `b` that NEW marks alpha.
PROPS_OLD = doc(
    "  /pets:\n    post:\n      requestBody:\n        required: true\n        content:\n"
    "          application/json:\n            schema:\n              type: object\n"
    "              properties:\n                a: {type: string}\n"
    '      responses:\n        "200":\n          description: ok\n          content:\n'
    "            application/json:\n              schema:\n                type: object\n"
    "                properties:\n                  name: {type: string}\n"
    "                  nickname: {type: string, x-stability-level: alpha}\n"
    "                  tag: {type: string, x-stability-level: stable}\n"
)
PROPS_NEW = (
    PROPS_OLD.replace("name: {type: string}", "name: {type: integer}")
    .replace("nickname: {type: string,", "nickname: {type: integer,")
    .replace(
        "tag: {type: string, x-stability-level: stable}",
        "tag: {type: integer, x-stability-level: alpha}",
    )
    .replace(
        "              properties:\n                a: {type: string}\n",
        "              required: [b]\n"
        "              properties:\n                a: {type: string}\n"
        "                b: {type: string, x-stability-level: alpha}\n",
    )
)


def test_an_alpha_property_in_a_stable_operation_is_exempt_and_its_siblings_are_not(tmp_path):
    pair = Pair(tmp_path, PROPS_OLD, PROPS_NEW)
    result = run("breaking", *pair.files, "-f", "json")
    typed = {
        c["location"]["pointer"].rsplit("/", 1)[1]: c.get("ignored")
        for c in changes(result)
        if c["id"] == "response-property-type-changed"
    }
    assert typed == {
        "name": None,
        "nickname": "exempt: x-stability-level alpha is below the threshold beta",
        "tag": None,  # stable in OLD: marking it alpha in NEW does not take the promise back
    }
    # A new required property breaks every existing request, whatever NEW calls it.
    assert "ignored" not in one(result, "new-required-request-property")
    assert result.exit_code == 1


def test_a_property_exemption_follows_the_threshold(tmp_path):
    pair = Pair(tmp_path, PROPS_OLD, PROPS_NEW)
    result = run("breaking", *pair.files, "-f", "json", "--stability-threshold", "draft")
    assert all("ignored" not in c for c in changes(result))


def test_an_alpha_component_schema_is_exempt_wherever_it_is_used(tmp_path):
    pet = (
        "    Pet:\n      type: object\n      x-stability-level: alpha\n"
        "      properties:\n        name: {type: string}\n"
    )
    paths = "  /pets:\n    get:\n" + RETURNS_PET
    pair = Pair(
        tmp_path, doc(paths, pet), doc(paths, pet.replace("{type: string}", "{type: integer}"))
    )
    result = run("breaking", *pair.files, "-f", "json")
    assert one(result, "response-property-type-changed")["ignored"].startswith("exempt: ")
    assert result.exit_code == 0


def test_a_shared_schema_is_exempt_only_when_every_user_is_below_the_threshold(tmp_path):
    ref = RETURNS_PET
    pet = "    Pet:\n      type: object\n      properties:\n        name: {type: string}\n"
    paths = (
        "  /a:\n    get:\n      x-stability-level: alpha\n"
        + ref
        + "  /b:\n    get:\n      x-stability-level: draft\n"
        + ref
    )
    changed = pet.replace("{type: string}", "{type: integer}")
    pair = Pair(tmp_path, doc(paths, pet), doc(paths, changed))
    result = run("breaking", *pair.files, "-f", "json")
    change = one(result, "response-property-type-changed")
    assert change["ignored"] == "exempt: x-stability-level alpha is below the threshold beta"
    assert result.exit_code == 0
    stable_too = paths + "  /c:\n    get:\n" + ref
    pair = Pair(tmp_path, doc(stable_too, pet), doc(stable_too, changed))
    result = run("breaking", *pair.files, "-f", "json")
    assert "ignored" not in one(result, "response-property-type-changed")
    assert result.exit_code == 1


# =========================================================================== strip-prefix ==
PREFIX_OLD = (
    'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'
    "servers:\n  - url: https://api.example.com\n"
    "paths:\n"
    "  /api/v1/pets:\n    get:\n      parameters:\n"
    "        - {name: limit, in: query, schema: {type: integer}}\n"
    + OK
    + "  /api/v1/pets/{id}:\n    get:\n"
    + OK
    + "  /api/v10/things:\n    get:\n"
    + OK
)
PREFIX_NEW = (
    'openapi: 3.0.3\ninfo: {title: t, version: "1"}\n'
    "servers:\n  - url: https://api.example.com/api/v1/\n"
    "paths:\n"
    "  /pets:\n    get:\n      parameters:\n"
    "        - {name: limit, in: query, required: true, schema: {type: integer}}\n"
    + OK
    + "  /pets/{petId}:\n    get:\n"
    + OK
    + "  /api/v10/things:\n    get:\n"
    + OK
)


def test_without_strip_prefix_the_moved_paths_are_removed_and_added(tmp_path):
    pair = Pair(tmp_path, PREFIX_OLD, PREFIX_NEW)
    result = run("diff", *pair.files, "-f", "json")
    removed = {c["operation"] for c in changes(result) if c["id"].startswith("api-path-removed")}
    assert removed == {"GET /api/v1/pets", "GET /api/v1/pets/{id}"}


@pytest.mark.parametrize("prefix", ["/api/v1", "/api/v1/"])
def test_strip_prefix_pairs_the_moved_operations(tmp_path, prefix):
    pair = Pair(tmp_path, PREFIX_OLD, PREFIX_NEW)
    result = run("diff", *pair.files, "-f", "json", "--strip-prefix", prefix)
    assert {(c["id"], c["operation"]) for c in changes(result)} == {
        (REQUIRED, "GET /pets")  # the one real change, found because the operations pair up
    }
    assert (
        run(
            "breaking", *pair.files, "--strip-prefix", prefix, "--rule-severity", f"{REQUIRED}=off"
        ).exit_code
        == 0
    )


def test_strip_prefix_only_strips_whole_segments(tmp_path):
    old = PREFIX_OLD.replace("/api/v10/things", "/api/v1things")
    new = PREFIX_NEW.replace("/api/v10/things", "/things")
    pair = Pair(tmp_path, old, new)
    result = run("diff", *pair.files, "-f", "json", "--strip-prefix", "/api/v1")
    assert one(result, "api-path-removed-without-deprecation")["operation"] == "GET /api/v1things"


@pytest.mark.parametrize(
    "setting", ['strip-prefix = "/api/v1"', 'strip-prefix = ["/api/v2", "/api/v1"]']
)
def test_strip_prefix_from_the_configuration(tmp_path, setting):
    pair = Pair(tmp_path, PREFIX_OLD, PREFIX_NEW)
    config = pair.write("apidiff.toml", setting + "\n")
    result = run("diff", *pair.files, "-f", "json", "--config", config)
    assert {c["operation"] for c in changes(result)} == {"GET /pets"}


def test_strip_prefix_keeps_a_real_server_change(tmp_path):
    new = PREFIX_NEW.replace("https://api.example.com/api/v1/", "https://other.example.com/api/v1")
    pair = Pair(tmp_path, PREFIX_OLD, new)
    result = run("diff", *pair.files, "-f", "json", "--strip-prefix", "/api/v1")
    assert {"api-server-removed", "api-server-added"} <= ids(result)


# ============================================================================= open enums ==
ENUM_OLD = doc(
    "  /pets:\n    get:\n      parameters:\n"
    "        - {name: kind, in: query, schema: {$ref: '#/components/schemas/Status'}}\n"
    + RETURNS_PET,
    "    Status: {type: string, enum: [available, sold]}\n"
    "    Pet:\n      type: object\n      properties:\n"
    "        status: {$ref: '#/components/schemas/Status'}\n"
    "        kind: {type: string, enum: [cat, dog]}\n"
    "        tags: {type: array, items: {type: string, enum: [x, y]}}\n",
)
ENUM_NEW = (
    ENUM_OLD.replace("[available, sold]", "[available, sold, adopted]")
    .replace("[cat, dog]", "[cat, dog, bird]")
    .replace("[x, y]", "[x, y, z]")
)
ADDED = "response-property-enum-value-added"
OPEN_ADDED = "response-property-extensible-enum-value-added"


def enum_rules(result) -> dict[str, tuple[str, str]]:
    return {
        c["location"]["pointer"]: (c["id"], c["severity"])
        for c in changes(result)
        if "enum" in c["id"]
    }


def test_added_response_enum_values_are_dangerous_by_default(tmp_path):
    pair = Pair(tmp_path, ENUM_OLD, ENUM_NEW)
    result = run("diff", *pair.files, "-f", "json")
    assert set(enum_rules(result).values()) == {(ADDED, "dangerous")}
    assert len(enum_rules(result)) == 3
    assert run("breaking", *pair.files, "--fail-on", "dangerous").exit_code == 1


@pytest.mark.parametrize(
    ("name", "pointer"),
    [
        ("Status", "/components/schemas/Status"),  # a schema
        ("Pet.status", "/components/schemas/Status"),  # a property that $refs it
        ("Pet.kind", "/components/schemas/Pet/properties/kind"),  # an inline property
        ("Pet.tags", "/components/schemas/Pet/properties/tags/items"),  # an array of it
    ],
)
def test_an_open_enum_makes_its_added_value_safe(tmp_path, name, pointer):
    pair = Pair(tmp_path, ENUM_OLD, ENUM_NEW)
    result = run("diff", *pair.files, "-f", "json", "--open-enum", name)
    found = enum_rules(result)
    assert found.pop(pointer) == (OPEN_ADDED, "safe")
    assert set(found.values()) == {(ADDED, "dangerous")} and len(found) == 2


def test_every_open_enum_together_passes_fail_on_dangerous(tmp_path):
    pair = Pair(tmp_path, ENUM_OLD, ENUM_NEW)
    config = pair.write("apidiff.toml", 'open-enums = ["Status", "Pet.kind", "Pet.tags"]\n')
    result = run(
        "breaking", *pair.files, "-f", "json", "--config", config, "--fail-on", "dangerous"
    )
    assert result.exit_code == 0
    result = run("diff", *pair.files, "-f", "json", "--config", config)
    assert set(enum_rules(result).values()) == {(OPEN_ADDED, "safe")}
    # The flag replaces the file's list.
    result = run("diff", *pair.files, "-f", "json", "--config", config, "--open-enum", "Pet.kind")
    assert sorted(enum_rules(result).values()) == [
        (ADDED, "dangerous"),
        (ADDED, "dangerous"),
        (OPEN_ADDED, "safe"),
    ]


def test_an_open_enum_does_not_soften_a_removed_request_value(tmp_path):
    pair = Pair(tmp_path, ENUM_OLD, ENUM_OLD.replace("[available, sold]", "[available]"))
    result = run("breaking", *pair.files, "-f", "json", "--open-enum", "Status")
    assert result.exit_code == 1
    assert one(result, "request-parameter-enum-value-removed")["severity"] == "breaking"


# =============================================================================== baseline ==
def baseline(*args: str) -> str:
    result = run("baseline", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_baseline_round_trip_on_the_petstore(tmp_path):
    before = run("breaking", PET_OLD, PET_NEW, "-f", "json")
    assert before.exit_code == 1
    reported = changes(before)
    text = baseline(PET_OLD, PET_NEW)
    entries = tomllib.loads(text)["ignore"]
    assert len(entries) == len(reported) and len(entries) >= 5
    assert all(e["reason"] and e["rule"] and e.get("operation") for e in entries)
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(text)

    after = run("breaking", PET_OLD, PET_NEW, "-f", "json", "--ignores", str(ignores))
    assert after.exit_code == 0, after.output
    assert len(changes(after)) == len(reported)
    assert all(c["ignored"].startswith("accepted in a baseline") for c in changes(after))
    # Safe changes were not in the baseline; dangerous ones were.
    assert (
        run("diff", PET_OLD, PET_NEW, "--ignores", str(ignores), "--fail-on", "dangerous").exit_code
        == 0
    )
    assert (
        run("diff", PET_OLD, PET_NEW, "--ignores", str(ignores), "--fail-on", "safe").exit_code == 1
    )
    text_report = run("breaking", PET_OLD, PET_NEW, "--no-color", "--ignores", str(ignores)).stdout
    assert f"({len(reported)} ignored by configuration)" in text_report


def test_baseline_of_every_severity(tmp_path):
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(PET_OLD, PET_NEW, "--min-severity", "safe"))
    result = run(
        "diff", PET_OLD, PET_NEW, "-f", "json", "--ignores", str(ignores), "--fail-on", "safe"
    )
    assert result.exit_code == 0
    assert all("ignored" in c for c in changes(result))


def test_baseline_of_breaking_changes_only(tmp_path):
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(PET_OLD, PET_NEW, "--min-severity", "breaking"))
    assert run("breaking", PET_OLD, PET_NEW, "--ignores", str(ignores)).exit_code == 0
    result = run("breaking", PET_OLD, PET_NEW, "-f", "json", "--ignores", str(ignores))
    assert {c["severity"] for c in changes(result) if "ignored" not in c} == {"dangerous"}


def test_a_baseline_does_not_silence_a_new_finding_of_the_same_rule(tmp_path):
    # The baseline accepts the petstore's changes, among them Pet.tag became nullable; v3
    # also makes Pet.name nullable: the same rule, the same operation, another place.
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(PET_OLD, PET_NEW))
    text = Path(PET_NEW).read_text()
    assert "        name:\n          type: string\n          maxLength: 64\n" in text
    v3 = tmp_path / "v3.yaml"
    v3.write_text(
        text.replace(
            "        name:\n          type: string\n          maxLength: 64\n",
            "        name:\n          type: string\n          maxLength: 64\n"
            "          nullable: true\n",
        )
    )
    result = run("breaking", PET_OLD, str(v3), "-f", "json", "--ignores", str(ignores))
    assert result.exit_code == 1
    nullable = {
        c["location"]["pointer"]: c.get("ignored")
        for c in changes(result)
        if c["id"] == "response-property-became-nullable"
    }
    assert set(nullable) == {
        "/components/schemas/Pet/properties/tag",
        "/components/schemas/Pet/properties/name",
    }
    assert nullable["/components/schemas/Pet/properties/tag"]
    assert nullable["/components/schemas/Pet/properties/name"] is None
    unignored = [(c["id"], c["location"]["pointer"]) for c in changes(result) if "ignored" not in c]
    assert unignored == [
        ("response-property-became-nullable", "/components/schemas/Pet/properties/name")
    ]


def test_a_baseline_entry_is_for_one_operation(tmp_path):
    two = doc(op("/a", None, q()) + op("/b", None, q()))
    v2 = doc(op("/a", None, q(True)) + op("/b", None, q()))
    v3 = doc(op("/a", None, q(True)) + op("/b", None, q(True)))
    pair = Pair(tmp_path, two, v2)
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(*pair.files))
    assert run("breaking", *pair.files, "--ignores", str(ignores)).exit_code == 0
    pair.new.write_text(v3)
    result = run("breaking", *pair.files, "-f", "json", "--ignores", str(ignores))
    assert result.exit_code == 1
    assert exemptions(result)["GET /a"].startswith("accepted in a baseline")
    assert exemptions(result)["GET /b"] is None


def test_a_baseline_entry_is_for_one_place_within_an_operation(tmp_path):
    params = "        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
    params += "        - {name: offset, in: query, schema: {type: integer, maximum: 100}}\n"
    old = doc(op("/pets", None, params))
    v2 = old.replace(
        "{name: limit, in: query, schema: {type: integer, maximum: 100}}",
        "{name: limit, in: query, schema: {type: integer, maximum: 50}}",
    )
    v3 = v2.replace("maximum: 100", "maximum: 10")
    pair = Pair(tmp_path, old, v2)
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(*pair.files))
    assert run("breaking", *pair.files, "--ignores", str(ignores)).exit_code == 0
    pair.new.write_text(v3)
    result = run("breaking", *pair.files, "-f", "json", "--ignores", str(ignores))
    assert result.exit_code == 1
    by_pointer = {c["location"]["pointer"]: c.get("ignored") for c in changes(result)}
    assert by_pointer["/paths/~1pets/get/parameters/0/schema"]
    assert by_pointer["/paths/~1pets/get/parameters/1/schema"] is None


def test_a_baseline_escapes_glob_characters(tmp_path):
    # `/files/[id]` as a glob would match `/files/i`: the baseline entry must not.
    both = doc(
        "  /files/[id]:\n    delete:\n"
        + OK
        + "  /files/i:\n    delete:\n"
        + OK
        + "  /keep:\n    get:\n"
        + OK
    )
    v2 = both.replace("  /files/[id]:\n    delete:\n" + OK, "")
    v3 = doc("  /keep:\n    get:\n" + OK)
    pair = Pair(tmp_path, both, v2)
    text = baseline(*pair.files)
    assert 'operation = "DELETE /files/[[]id]"' in text
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(text)
    assert run("breaking", *pair.files, "--ignores", str(ignores)).exit_code == 0
    pair.new.write_text(v3)
    result = run("breaking", *pair.files, "-f", "json", "--ignores", str(ignores))
    assert result.exit_code == 1
    removed = {c["operation"]: c.get("ignored") for c in changes(result)}
    assert removed["DELETE /files/[id]"] and removed["DELETE /files/i"] is None


def test_an_empty_baseline_is_valid(tmp_path):
    ignores = tmp_path / "baseline.toml"
    ignores.write_text(baseline(PET_OLD, PET_OLD))
    assert tomllib.loads(ignores.read_text()) == {}
    assert run("breaking", PET_OLD, PET_NEW, "--ignores", str(ignores)).exit_code == 1


def test_baseline_writes_to_a_file(tmp_path):
    target = tmp_path / "accepted.toml"
    result = run("baseline", PET_OLD, PET_NEW, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert run("breaking", PET_OLD, PET_NEW, "--ignores", str(target)).exit_code == 0


# ===================================================== names checked against the catalog ==
@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (
            ("--rule-severity", "request-parameter-became-requried=off"),
            "--rule-severity: 'request-",
        ),
        (("--rule-severity", "nothing-*=safe"), "--rule-severity: 'nothing-*' matches no rule"),
    ],
)
def test_a_misspelt_rule_in_severity_is_an_error(sev, args, needle):
    result = run("breaking", *sev.files, *args)
    assert result.exit_code == 2
    assert needle in result.stderr and "apidiff rules" in result.stderr


def test_a_misspelt_rule_in_a_configuration_names_the_file(sev):
    config = sev.write("apidiff.toml", '[severity]\n"request-parameter-became-requried" = "off"\n')
    result = run("breaking", *sev.files, "--config", config)
    assert result.exit_code == 2
    assert "apidiff.toml: severity: 'request-parameter-became-requried' matches no rule" in (
        result.stderr
    )


def test_a_misspelt_rule_in_an_ignore_is_an_error_naming_the_entry(sev):
    path = ignores_file(sev, 'rule = "request-parameter-max-decrased"\nreason = "typo"')
    result = run("breaking", *sev.files, "--ignores", path)
    assert result.exit_code == 2
    assert "ignores.toml: ignore #1: rule 'request-parameter-max-decrased' matches no rule" in (
        result.stderr
    )


def test_an_ignore_with_only_a_reason_is_an_error(sev):
    path = ignores_file(sev, 'reason = "everything is fine"')
    result = run("breaking", *sev.files, "--ignores", path)
    assert result.exit_code == 2
    assert "ignore #1 would silence every finding" in result.stderr
    # Said out loud, it is allowed.
    path = ignores_file(sev, 'rule = "*"\nreason = "everything is fine"', name="all.toml")
    assert run("breaking", *sev.files, "--ignores", path).exit_code == 0


def test_an_open_enum_that_names_nothing_is_a_warning_in_every_report(tmp_path):
    pair = Pair(tmp_path, ENUM_OLD, ENUM_NEW)
    args = ("diff", *pair.files, "--open-enum", "Pet.knid", "--open-enum", "Status")
    warning = "open-enums: 'Pet.knid' names no schema or property in either contract"
    document = report(run(*args, "-f", "json"))
    assert document["warnings"] == [warning]
    assert warning in run(*args, "--no-color").stdout
    sarif = json.loads(run(*args, "-f", "sarif").stdout)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["toolExecutionNotifications"] == [
        {"level": "warning", "message": {"text": warning}}
    ]
    # A name found in OLD only (the enum went away) is no typo.
    assert "warnings" not in report(run("diff", *pair.files, "-f", "json", "--open-enum", "Status"))


# ============================================================== path-style glob semantics ==
@pytest.mark.parametrize(
    ("pattern", "kept"),
    [
        ("/admin/*", {"GET /admin/stats", SHARED_WHERE}),
        ("/adm*", set()),  # `*` stays within one segment
        ("/adm**", {"GET /admin/stats", SHARED_WHERE}),
        ("/**/stats", {"GET /admin/stats"}),
        ("/admin/st?ts", {"GET /admin/stats"}),
        ("/admin/[rs]tats", {"GET /admin/stats"}),
        ("/admin/[!s]tats", set()),
        ("GET /admin/*", {"GET /admin/stats", SHARED_WHERE}),
    ],
)
def test_include_globs_are_path_globs(shared, pattern, kept):
    result = run("breaking", *shared.files, "-f", "json", "--include", pattern)
    assert operations_of(result) == kept


def test_an_expired_ignore_and_a_warning_reach_every_machine_report(tmp_path):
    import xml.etree.ElementTree as ET

    pair = Pair(tmp_path, ENUM_OLD, ENUM_NEW)
    path = ignores_file(pair, 'rule = "api-security-removed"\nreason = "old"\nexpires = 2025-01-01')
    args = ("diff", *pair.files, "--ignores", path, "--open-enum", "Nope", "--fail-on", "none")
    expired = f"{path}: ignore #1"
    document = report(run(*args, "-f", "json"))
    assert document["expired_ignores"][0].startswith(expired)
    assert document["warnings"] == [
        "open-enums: 'Nope' names no schema or property in either contract"
    ]
    sarif = json.loads(run(*args, "-f", "sarif").stdout)
    (invocation,) = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert [n["level"] for n in invocation["toolExecutionNotifications"]] == ["warning", "error"]
    junit = ET.fromstring(run(*args, "-f", "junit").stdout)
    (suite,) = [s for s in junit if s.get("name") == "apidiff configuration"]
    assert suite.find("testcase/failure").get("type") == "expired-ignore"
    assert "open-enums: 'Nope'" in suite.find("system-err").text
    assert int(junit.get("failures")) >= 1
    github = run(*args, "-f", "github").stdout.splitlines()
    assert any(line.startswith("::warning title=apidiff::open-enums") for line in github)
    assert any(line.startswith("::error title=apidiff::") and expired in line for line in github)
