"""Other names of a rule (former ids, peers' names such as buf's) and ``family:id`` work
wherever a rule id does: severity overrides, ignores, ``apidiff rules ID``."""

from __future__ import annotations

import json

from click.testing import CliRunner

from apidiff.cli import cli

from .conftest import FIXTURES

REMOVED = FIXTURES / "protobuf" / "message-field-removed"
GQL_REMOVED = FIXTURES / "graphql" / "field-removed"


def run(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.output


def findings(folder, *args) -> dict[str, dict]:
    old, new = sorted(folder.glob("old*"))[0], sorted(folder.glob("new*"))[0]
    code, out = run("diff", old, new, "-f", "json", "--no-config", *args)
    assert code == 0, out
    return {c["id"]: c for c in json.loads(out)["changes"]}


def test_a_peers_name_overrides_a_severity():
    assert findings(REMOVED)["message-field-removed"]["severity"] == "breaking"
    moved = findings(REMOVED, "--rule-severity", "FIELD_NO_DELETE=dangerous")
    assert moved["message-field-removed"]["severity"] == "dangerous"


def test_family_colon_id_names_a_rule_exactly():
    moved = findings(GQL_REMOVED, "--rule-severity", "graphql:field-removed=dangerous")
    assert moved["field-removed"]["severity"] == "dangerous"


def test_an_ignore_by_a_peers_name(tmp_path):
    (tmp_path / "ignores.toml").write_text(
        '[[ignore]]\nrule = "FIELD_NO_DELETE"\nreason = "reserved on purpose"\n'
    )
    found = findings(REMOVED, "--ignores", tmp_path / "ignores.toml")
    assert found["message-field-removed"]["ignored"] == "reserved on purpose"


def test_an_unknown_name_is_still_an_error():
    old, new = REMOVED / "old", REMOVED / "new"
    code, out = run("diff", old, new, "--no-config", "--rule-severity", "FIELD_NO_DELET=safe")
    assert code == 2 and "matches no rule" in out


def test_a_rules_page_by_any_of_its_names():
    for name in ("message-field-removed", "protobuf:message-field-removed", "FIELD_NO_DELETE"):
        code, out = run("rules", name)
        assert code == 0 and out.startswith("`message-field-removed`"), name
        assert "Also known as: `FIELD_NO_DELETE`" in out
    code, out = run("rules", "no-such-rule")
    assert code == 2 and out.strip().endswith("(`apidiff rules` lists them)")
    listed = {r["id"]: r for r in json.loads(run("rules", "-f", "json")[1])}
    assert "FIELD_NO_DELETE" in listed["message-field-removed"]["aliases"]


def test_the_json_report_names_a_rules_aliases_and_validates():
    import jsonschema

    from .conftest import ROOT

    schema = json.loads((ROOT / "docs" / "schema" / "report.json").read_text())
    old, new = REMOVED / "old", REMOVED / "new"
    code, out = run("diff", old, new, "-f", "json", "--no-config")
    assert code == 0, out
    document = json.loads(out)
    jsonschema.validate(document, schema)
    (change,) = [c for c in document["changes"] if c["id"] == "message-field-removed"]
    assert change["aliases"] == ["FIELD_NO_DELETE"]
    assert all("aliases" not in c for c in findings(GQL_REMOVED).values())  # none: no key


def test_oasdiff_names_resolve_to_the_rule_that_means_the_same():
    from apidiff.rules.catalog import resolve

    for name, rule_id in {
        "api-sunset-deleted": "sunset-deleted",
        "api-global-security-added": "api-security-requirement-added",
        "api-global-security-scope-removed": "api-security-scope-removed",
        "endpoint-deprecated-with-sunset": "endpoint-deprecated",
        "request-parameter-property-enum-value-removed": "request-property-enum-value-removed",
        "request-parameter-x-extensible-enum-value-removed": "request-parameter-enum-value-removed",
        "response-mediatype-enum-value-removed": "response-body-enum-value-removed",
        "response-optional-property-became-not-write-only": (
            "response-property-became-not-write-only"
        ),
    }.items():
        rule = resolve(name)
        assert rule is not None and rule.id == rule_id, name


def test_an_alias_still_overrides_a_severity():
    folder = FIXTURES / "openapi" / "sunset-deleted"
    assert findings(folder)["sunset-deleted"]["aliases"] == ["api-sunset-deleted"]
    moved = findings(folder, "--rule-severity", "api-sunset-deleted=dangerous")
    assert moved["sunset-deleted"]["severity"] == "dangerous"
