"""Migration notes and changelogs worth publishing (issue 12, item 9).

A note says what to do concretely (type, format, allowed values of a new required input;
the values still accepted; the replacement a deprecation names; deprecated-then-removed),
for every format, from ``Finding.guidance``; the changelog opens with highlights and lists
a shared schema's change once; changelog, migrate and semver write deterministic JSON;
no heading shows literal backticks; Protobuf's vN is its version.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from click.testing import CliRunner

import apidiff
from apidiff import CompareOptions
from apidiff.cli import cli
from apidiff.diff.guidance import replacement, replacement_in
from apidiff.model import GUIDANCE_VALUES, Guidance
from apidiff.report import changelog, html, migrate
from apidiff.rules.catalog import advice

from .conftest import ROOT

FIX = ROOT / "fixtures"
PETSTORE = (FIX / "petstore/old.yaml", FIX / "petstore/new.yaml")
STARWARS = (FIX / "starwars/old.graphql", FIX / "starwars/new.graphql")
PAYMENTS = FIX / "openapi/new-required-request-property.enum-and-format"
REPLACED = FIX / "openapi/endpoint-deprecated.x-replaced-by"
GQL_GONE = FIX / "graphql/field-removed.deprecated-first"
PROTO = FIX / "protobuf/message-field-added-required.enum"
ASYNC = FIX / "asyncapi/request-property-became-required"


def _compare(old, new):
    return apidiff.compare(old, new, CompareOptions(today=None))


def _one(result, rule: str):
    (finding,) = [f for f in result.findings if f.id == rule]
    return finding


def _run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, [*map(str, args), "--today", "2026-01-15"])
    assert out.exception is None or isinstance(out.exception, SystemExit), out.output
    return out.exit_code, out.stdout


# -- what a note says ----------------------------------------------------------------------
def test_a_new_required_property_names_its_type_format_and_values():
    result = _compare(PAYMENTS / "old.yaml", PAYMENTS / "new.yaml")
    finding = _one(result, "new-required-request-property")
    assert finding.guidance == Guidance(
        type="string", format="iso-4217", values=("EUR", "GBP", "USD")
    )
    assert finding.migration.endswith(
        "It takes `string` in format `iso-4217`. Allowed values: `EUR`, `GBP`, `USD`."
    )
    notes = _run("migrate", PAYMENTS / "old.yaml", PAYMENTS / "new.yaml")[1]
    assert "Allowed values: `EUR`, `GBP`, `USD`." in notes


def test_a_new_required_graphql_argument_lists_the_enum_values():
    (finding,) = [
        f
        for f in _compare(*STARWARS).findings
        if f.operation == "Mutation.createReview" and f.id == "argument-became-required"
    ]
    assert finding.guidance.type == "Episode!"
    assert finding.guidance.values == ("NEWHOPE", "EMPIRE", "JEDI", "FORCEAWAKENS")


def test_a_new_required_protobuf_field_names_its_enum_and_values():
    finding = _one(_compare(PROTO / "old", PROTO / "new"), "message-field-added-required")
    assert finding.guidance == Guidance(type="shop.v1.Color", values=("COLOR_UNSPECIFIED", "RED"))
    assert "It takes `shop.v1.Color`. Allowed values: `COLOR_UNSPECIFIED`, `RED`." in (
        finding.migration
    )


def test_an_asyncapi_property_that_became_required_lists_its_values():
    finding = _one(
        _compare(ASYNC / "old.yaml", ASYNC / "new.yaml"), "request-property-became-required"
    )
    assert finding.guidance == Guidance(type="string", values=("fraud", "user"))


def test_a_removed_enum_value_names_the_values_still_accepted():
    finding = _one(_compare(*PETSTORE), "request-parameter-enum-value-removed")
    assert finding.guidance.remaining == ("available", "sold")
    assert finding.migration.endswith("Values still accepted: `available`, `sold`.")


def test_a_response_enum_value_added_carries_no_guidance():
    finding = _one(_compare(*PETSTORE), "response-property-enum-value-added")
    assert finding.guidance is None  # a response's values are not "accepted"


def test_a_deprecated_then_removed_graphql_field_and_enum_value():
    result = _compare(GQL_GONE / "old.graphql", GQL_GONE / "new.graphql")
    field = _one(result, "field-removed")
    assert field.message == "field `User.name` was removed (deprecated, then removed)"
    assert field.guidance == Guidance(replacement="fullName", deprecated=True)
    assert field.migration.endswith("The deprecation names `fullName` as the replacement.")
    value = _one(result, "enum-value-removed")
    assert value.message.endswith("(deprecated, then removed)")
    assert value.guidance.replacement == "VIEWER"
    assert value.guidance.remaining == ("ADMIN", "EDITOR", "VIEWER")  # Role is an input
    data = json.loads(
        _run("diff", GQL_GONE / "old.graphql", GQL_GONE / "new.graphql", "-f", "json")[1]
    )
    assert {c["id"]: c["guidance"] for c in data["changes"]}["field-removed"] == {
        "replacement": "fullName",
        "deprecated_before_removal": True,
    }


def test_a_removed_field_that_was_never_deprecated_is_not_marked():
    finding = _one(_compare(*STARWARS), "field-removed")
    assert "deprecated" not in finding.message and finding.guidance is None


def test_an_openapi_deprecation_names_its_replacement():
    result = _compare(REPLACED / "old.yaml", REPLACED / "new.yaml")
    by_op = {f.operation: f for f in result.findings if f.id == "endpoint-deprecated"}
    assert by_op["GET /v1/pets"].guidance.replacement == "GET /v2/pets"  # x-replaced-by
    assert by_op["GET /v1/owners"].guidance.replacement == "listOwners"  # the description
    text = _run("changelog", REPLACED / "old.yaml", REPLACED / "new.yaml")[1]
    assert "- `GET /v1/pets` was deprecated. The deprecation names `GET /v2/pets` as the" in text
    notes = _run("migrate", REPLACED / "old.yaml", REPLACED / "new.yaml")[1]
    assert "## Deprecated: plan the move" in notes and "`listOwners`" in notes


@pytest.mark.parametrize(
    ("text", "reason", "named"),
    [
        ("Use `fullName` instead.", True, "fullName"),
        ("Use fullName.", True, "fullName"),
        ("Replaced by Query.viewer", True, "Query.viewer"),
        ("use GET /v2/pets instead.", False, "GET /v2/pets"),
        ("Deprecated: use listPets2.", False, "listPets2"),
        ("Superseded by `POST /v2/x`.", False, "POST /v2/x"),
        ("Use this endpoint to list pets.", False, None),  # a description naming nothing
        ("Use the search to find pets.", False, None),
        ("No longer supported.", True, None),
        ("Use it instead.", True, None),
        ("Deprecated in favour of the more capable `ProjectV2` API.", True, "ProjectV2"),
        ("Deprecated in favor of Organization Discussions. Follow the guide", True, None),
        (
            "`timeline` will be removed Use PullRequest.timelineItems instead.",
            True,
            "PullRequest.timelineItems",
        ),
        ("Use Issue.timelineItems for the events.", True, "Issue.timelineItems"),
        ("Replaced by VIEWER.", True, "VIEWER"),
        ("use " + "x" * 10_000, True, None),  # prose, not a name
        (None, True, None),
    ],
)
def test_replacement_in_words(text, reason, named):
    assert replacement_in(text, reason=reason) == named


def test_x_replaced_by_wins_over_the_description():
    assert replacement({"x-replaced-by": "listPets2"}, "Use `other` instead.") == "listPets2"
    assert replacement({"x-replaced-by": {"not": "a name"}}, "Use `other` instead.") == "other"


def test_advice_is_bounded_and_not_repeated():
    many = Guidance(type="string", values=tuple(range(GUIDANCE_VALUES)), more=7)
    assert advice(many).endswith("`9` and 47 more.")  # 10 in words, 57 in all
    assert advice(Guidance(type="String!"), said="Pass it (`String!`).") == ""
    assert advice(Guidance(remaining=())) == "No value is accepted any more."


# -- the changelog -------------------------------------------------------------------------
def test_changelog_opens_with_highlights_breaking_first():
    text = _run("changelog", *PETSTORE)[1]
    head = text[: text.index("### Breaking")]
    assert "### Highlights" in head
    lines = [line for line in head.splitlines() if line.startswith("- **")]
    severities = [re.match(r"- \*\*(\w+)\*\*", line)[1] for line in lines]
    assert severities == ["Breaking"] * 7 + ["Dangerous"] * 2
    assert "- **Breaking** · `DELETE /pets/{petId}` was removed" in head  # names it once
    assert "- **Breaking** · Schema `Pet` in responses: Response schema `Pet`" in head


def test_changelog_highlights_are_capped_with_a_count():
    result = _compare(*PETSTORE)
    many = [
        dataclasses.replace(f, operation=f"{f.operation} #{i}", operation_key=f"{i:03}")
        for i in range(5)
        for f in result.findings
    ]
    text = changelog.render(dataclasses.replace(result, findings=tuple(many)))
    head = text[: text.index("### Breaking")]
    assert len([x for x in head.splitlines() if x.startswith("- **")]) == changelog.HIGHLIGHTS
    # One of each rule in turn (the 9 rules here, breaking ones first), then a second of the
    # busiest: each of the 9 appears before any appears twice.
    shown = [x for x in head.splitlines() if x.startswith("- **")]
    assert len({re.sub(r" #\d", "", x) for x in shown}) == 9
    assert "- …and 27 more breaking changes and 8 more dangerous changes below." in head


def test_changelog_groups_a_shared_schema_change_once(tmp_path):
    text = _run("changelog", *PETSTORE)[1]
    assert text.count("property `tag` became nullable.") == 2  # the highlight and the entry
    assert "#### Schema `Pet` in responses" in text
    assert "_Reached from 3 operations: GET /pets, GET /pets/{id}, POST /pets._" in text
    assert "1 operations" not in text


def test_headings_have_no_literal_backticks():
    for fmt, render in (("changelog", changelog.render), ("migrate", migrate.render)):
        text = render(_compare(*STARWARS))
        for line in text.splitlines():
            if line.startswith("#"):
                assert "``" not in line, (fmt, line)
    page = html.render(_compare(*STARWARS))
    for heading in re.findall(r"<h[23][^>]*>(.*?)</h[23]>", page):
        assert "`" not in heading, heading
    assert "<h3>type <code>Droid</code></h3>" in page


# -- JSON ----------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["changelog", "migrate", "semver"])
@pytest.mark.parametrize("pair", [PETSTORE, STARWARS, (PROTO / "old", PROTO / "new")])
def test_json_outputs_parse_and_are_deterministic(command, pair):
    first = _run(command, *pair, "-f", "json")[1]
    assert first == _run(command, *pair, "-f", "json")[1]
    data = json.loads(first)
    assert isinstance(data, dict)
    if command != "semver":
        assert data["schema_version"] == 1


def test_changelog_json_shape():
    data = json.loads(_run("changelog", *PETSTORE, "-f", "json")[1])
    assert data["summary"] == {"breaking": 7, "dangerous": 2, "safe": 6}
    assert [h["severity"] for h in data["highlights"]][:1] == ["breaking"]
    assert data["highlights_left_out"] == {"breaking": 0, "dangerous": 0}
    breaking = next(s for s in data["sections"] if s["name"] == "Breaking")
    shared = next(g for g in breaking["groups"] if g["shared"])
    assert shared["heading"] == "schema `Pet` in responses"
    assert shared["operations"] == ["GET /pets", "GET /pets/{id}", "POST /pets"]
    assert data["documentation"] == 1


def test_migrate_json_shape():
    data = json.loads(
        _run("migrate", PAYMENTS / "old.yaml", PAYMENTS / "new.yaml", "-f", "json")[1]
    )
    assert data["title"] == "Migrating from 1.0.0 to 2.0.0"
    assert data["summary"] == {"breaking": 1, "dangerous": 0}
    (group,) = data["groups"]
    (note,) = group["changes"]
    assert note["guidance"] == {
        "type": "string",
        "format": "iso-4217",
        "values": ["EUR", "GBP", "USD"],
    }


def test_changelog_update_refuses_json(tmp_path):
    code, _ = _run("changelog", *PETSTORE, "-f", "json", "--update", tmp_path / "CHANGELOG.md")
    assert code == 2


# -- Protobuf ------------------------------------------------------------------------------
def test_migrate_on_protobuf_names_the_trees_and_counts_in_the_singular():
    text = _run("migrate", PROTO / "old", PROTO / "new")[1]
    first = text.splitlines()[0]
    assert "from v1 to v1" not in first and "(packages v1 on both sides)" in first
    assert "\n1 breaking change. " in text
    assert "Affects 1 operation: shop.v1.Shop/GetItem." in text


def test_semver_on_protobuf_asks_for_the_next_package():
    code, text = _run("semver", PROTO / "old", PROTO / "new")
    assert code == 0
    assert "2.0.0" not in text
    assert "next version: v2: a breaking change inside v1 needs new packages" in text
    assert "(shop.v1 -> shop.v2)" in text
    data = json.loads(_run("semver", PROTO / "old", PROTO / "new", "-f", "json")[1])
    assert (data["next"], data["scheme"], data["package"]) == ("v2", "package", "shop.v1")
    assert data["declared_is_enough"] is False
    assert _run("semver", PROTO / "old", PROTO / "new", "--new-version", "v2", "--check")[0] == 0
    assert _run("semver", PROTO / "old", PROTO / "new", "--check")[0] == 1


def test_semver_on_protobuf_without_breaking_changes_keeps_the_package():
    tree = FIX / "protobuf/message-field-added"
    if not tree.exists():
        pytest.skip("no such fixture")
    data = json.loads(_run("semver", tree / "old", tree / "new", "-f", "json")[1])
    assert data["bump"] != "major" and data["next"] == "v1"


def test_an_array_input_names_its_item_type():
    from apidiff.diff.guidance import expects
    from apidiff.model import Location, Schema

    here = Location("x.yaml", "")
    items = Schema(here, types=frozenset({"integer"}))
    assert expects(Schema(here, types=frozenset({"array"}), items=items)).type == (
        "array of integer"
    )


def test_migrate_lists_each_deprecation_with_its_operation():
    text = _run("migrate", REPLACED / "old.yaml", REPLACED / "new.yaml")[1]
    assert "- `GET /v1/owners` was deprecated. The deprecation names `listOwners`" in text
