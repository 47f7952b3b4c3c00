"""Consumer profiles: whose breakage counts. Rules say what a change touches; a profile, chosen
with ``--profile`` or the configuration, says what that weighs. The diff is the same."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from apidiff import registry
from apidiff.cli import cli
from apidiff.rules import RULES

from .conftest import FIXTURES

OPERATION_ID = FIXTURES / "openapi" / "api-operation-id-changed"
ENUM_ADDED = FIXTURES / "graphql" / "enum-value-added"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def changes(folder, *args) -> list[dict]:
    old, new = sorted(folder.glob("old.*"))[0], sorted(folder.glob("new.*"))[0]
    code, out = run("diff", old, new, "-f", "json", "--no-config", *args)
    assert code == 0, out
    return json.loads(out)["changes"]


def test_an_operation_id_rename_breaks_generated_sdks_only():
    (plain,) = [c for c in changes(OPERATION_ID) if c["id"] == "api-operation-id-changed"]
    assert plain["severity"] == "dangerous" and "policy" not in plain
    (sdk,) = [
        c
        for c in changes(OPERATION_ID, "--profile", "sdk")
        if c["id"] == "api-operation-id-changed"
    ]
    assert sdk["severity"] == "breaking"
    assert sdk["default_severity"] == "dangerous"
    assert sdk["policy"].startswith("profile sdk: ")
    assert [c["fingerprint"] for c in changes(OPERATION_ID)] == [
        c["fingerprint"] for c in changes(OPERATION_ID, "--profile", "sdk")
    ]  # the same changes found: only the verdict moved


def test_http_is_the_openapi_default_and_changes_nothing():
    assert changes(OPERATION_ID, "--profile", "http") == changes(OPERATION_ID)


def test_a_new_output_enum_value_breaks_typed_graphql_clients():
    (default,) = [c for c in changes(ENUM_ADDED) if c["id"] == "enum-value-added"]
    (codegen,) = [
        c for c in changes(ENUM_ADDED, "--profile", "codegen") if c["id"] == "enum-value-added"
    ]
    assert (default["severity"], codegen["severity"]) == ("dangerous", "breaking")


def test_an_explicit_severity_override_wins_over_the_profile():
    args = ("--profile", "sdk", "--rule-severity", "api-operation-id-changed=safe")
    (found,) = [c for c in changes(OPERATION_ID, *args) if c["id"] == "api-operation-id-changed"]
    assert found["severity"] == "safe"
    assert found["default_severity"] == "dangerous"  # the rule's own, not the profile's


def test_a_profile_the_format_does_not_have_is_a_one_line_usage_error():
    old, new = OPERATION_ID / "old.yaml", OPERATION_ID / "new.yaml"
    code, out = run("diff", old, new, "--no-config", "--profile", "codegen")
    assert code == 2
    assert out.strip().splitlines() == [
        "apidiff: error: no profile 'codegen' for OpenAPI, Swagger contracts (profiles: http, sdk)"
    ]


def test_profile_from_the_configuration_and_per_contract(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old, new = OPERATION_ID / "old.yaml", OPERATION_ID / "new.yaml"
    (tmp_path / "apidiff.toml").write_text('profile = "sdk"\n')
    code, out = run("breaking", old, new)
    assert code == 1, out  # the operationId rename breaks under sdk
    (tmp_path / "apidiff.toml").write_text('profile = "wire"\n')
    code, out = run("breaking", old, new)
    assert code == 2 and "profile" in out  # not a profile of any family


def test_every_surface_a_rule_touches_is_weighed_by_a_profile_of_its_family():
    problems = []
    for rule in RULES.values():
        if rule.touches is None:
            continue
        for name in sorted(rule.families or registry.FAMILIES):
            family = registry.FAMILIES[name]
            if not any(rule.touches in p.weigh for p in family.profiles):
                problems.append(f"{rule.id}: no {name} profile weighs {rule.touches!r}")
    assert problems == []


@pytest.mark.parametrize("family", sorted(registry.FAMILIES))
def test_every_profile_weighs_only_surfaces_rules_touch(family):
    touched = {r.touches for r in RULES.values() if family in (r.families or {family})}
    for profile in registry.FAMILIES[family].profiles:
        assert set(profile.weigh) <= touched, profile.name
        assert set(profile.weigh.values()) <= {"breaking", "dangerous", "safe"}


GREETER = FIXTURES / "greeter"


def test_the_protobuf_demo_under_file_and_wire():
    # make demo's Protobuf pair: renames and removals break generated code (file, the
    # default); only a removed RPC and a renumbered field break a binary-only client (wire).
    def breaking(*args):
        code, out = run(
            "diff", GREETER / "old", GREETER / "new", "-f", "json", "--no-config", *args
        )
        assert code == 0, out
        return sorted(c["id"] for c in json.loads(out)["changes"] if c["severity"] == "breaking")

    assert breaking("--profile", "wire") == ["message-field-number-changed", "rpc-removed"]
    assert set(breaking()) == {
        "message-field-number-changed",
        "message-field-removed",
        "message-field-renamed",
        "proto-message-removed",
        "rpc-removed",
    }


def test_a_request_value_widened_breaks_generated_sdks_only():
    # Every request still passes (`integer` -> `string` as text), but a generated client's
    # argument changes type: callers written against the old one fail to compile.
    pair = FIXTURES / "openapi" / "request-parameter-type-generalized.number-as-text"
    widened = {"request-parameter-type-generalized"}
    http = [c for c in changes(pair) if c["id"] in widened]
    sdk = [c for c in changes(pair, "--profile", "sdk") if c["id"] in widened]
    assert len(http) == len(sdk) == 3
    assert {c["severity"] for c in http} == {"safe"}
    assert {c["severity"] for c in sdk} == {"breaking"}
    # What clients receive is judged as before: a response widening is breaking either way.
    assert RULES["response-property-type-generalized"].touches is None
