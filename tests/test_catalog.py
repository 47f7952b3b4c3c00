"""Meta-tests over the rule catalog: ids, docs, migrations, mirrors, fixtures."""

from __future__ import annotations

import re

import pytest

from apidiff import registry
from apidiff.diff.change import Change
from apidiff.model import Direction
from apidiff.result import Severity
from apidiff.rules import RULES
from apidiff.rules.catalog import ID_GRAMMAR, render
from apidiff.rules.docs import render_catalog
from apidiff.rules.lifecycle import GENERATED

from .conftest import FIXTURES, ROOT, rule_fixture_home

HAND_WRITTEN = [
    # The lifecycle rules generated per place fire in tests/test_lifecycle.py.
    *sorted(r.id for r in RULES.values() if r.area != "schemas" and r.id not in GENERATED),
    "response-property-extensible-enum-value-added",
]
NO_FIXTURE = {"unclassified-change": "fires only on a bug; the suite asserts it never does"}


def test_catalog_size():
    assert len(RULES) >= 150


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_is_well_formed(rule_id):
    rule = RULES[rule_id]
    assert ID_GRAMMAR.match(rule.id), rule.id
    assert rule.summary and "\n" not in rule.summary
    for heading in ("### What it detects", "### Why it matters to clients"):  # Notes optional
        assert heading in rule.doc, f"{rule.id} lacks {heading}"
    if rule.severity is not Severity.SAFE:
        assert rule.migration, f"{rule.id} is {rule.severity} but has no migration note"
    assert rule.mirror or rule.mirror_waiver, f"{rule.id} has no mirror and no waiver"
    if rule.mirror:
        assert rule.mirror in RULES, f"{rule.id}: mirror {rule.mirror} is not a rule"


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_templates_render_without_leftover_fields(rule_id):
    rule = RULES[rule_id]
    change = Change(
        kind=rule.kinds[0],
        where="query parameter `limit`",
        path=("GET /x", "limit"),
        operation="GET /x",
        display="GET /x",
        direction=Direction.REQUEST,
        location="parameter",
        old=1,
        new=2,
        info={
            "path": "/x",
            "method": "GET",
            "sunset": "2026-01-01",
            "scheme": "oauth",
            "field": "tokenUrl",
            "keyword": "not",
            "value": "cat",
            "status": "200",
            "attribute": "max-length",
            "action": "decreased",
            "root": "query",
            "coordinate": "User.email",
            "reasons": "Cannot query field",
            "behavior": "REQUIRED",
            "lost": "",
            "extendee": "pkg.Msg",
            "option": "go_package",
            "part": "metadata type",
            "protocol": "kafka",
            "format": "application/vnd.google.protobuf",
            "fields": "`Query.node`",
            "elements": ["Item", "Shop"],
        },
    )
    for template in (rule.message, rule.migration or ""):
        text = render(template, change)
        assert not re.search(r"\{[a-z_]+\}", text), f"{rule.id}: unfilled field in {text!r}"
        assert "\n" not in text


def _fixture_folder(rule_id: str):
    """A rule's firing fixture: in a family's fixture home (see the registry); a rule two
    families share (the schema table, which AsyncAPI uses too) in either."""
    families = sorted(RULES[rule_id].families or registry.FAMILIES)
    homes = [rule_fixture_home(family) / rule_id for family in families]
    return next((home for home in homes if home.is_dir()), homes[0])


def test_every_hand_written_rule_has_a_firing_fixture():
    missing = [r for r in HAND_WRITTEN if r not in NO_FIXTURE and not _fixture_folder(r).is_dir()]
    assert not missing, f"rules without fixtures/<format>/<id>/: {missing}"


def test_every_fixture_names_a_rule_of_its_format():
    for fmt in registry.FORMATS:
        base = FIXTURES / fmt.fixture_folder
        for folder in base.iterdir() if base.is_dir() else ():
            if folder.is_dir():
                rule_id = folder.name.split(".")[0]
                assert rule_id in RULES, f"{fmt.fixture_folder}/{folder.name} names no rule"
                families = RULES[rule_id].families
                assert not families or fmt.family in families, folder.name


def test_firing_fixtures_expect_their_rule():
    import yaml

    for rule_id in HAND_WRITTEN:
        folder = _fixture_folder(rule_id)
        if folder.is_dir():
            spec = yaml.safe_load((folder / "expected.yaml").read_text()) or {}
            ids = {f["id"] for f in spec.get("findings") or []}
            assert rule_id in ids, f"{folder.name}/expected.yaml does not expect {rule_id}"


def test_rules_docs_are_current():
    page = ROOT / "docs" / "rules.md"
    assert page.read_text() == render_catalog("markdown"), "docs/rules.md is stale: run `make docs`"
