"""The deprecation lifecycle everywhere it can be declared: ``x-sunset`` and
``x-stability-level`` on parameters, headers, bodies and properties as on operations, and
the judgement that holds sunsets to their dates (``min-days``)."""

from __future__ import annotations

import datetime as _dt

import pytest

from apidiff.config import Policy
from apidiff.diff.lifecycle import stability_verb, sunset_verb
from apidiff.model import sunset_date
from apidiff.rules import RULES, lifecycle, table
from apidiff.rules.catalog import resolve

from .conftest import compare_files
from .test_table_rules import _PLACES, contract

S = {"type": "string"}
DEP = {"type": "string", "deprecated": True}

# verb -> (OLD fragment, NEW fragment), placed at each place the schema table knows.
MUTATIONS = {
    ("sunset", "added"): (DEP, {**DEP, "x-sunset": "2026-06-30"}),
    ("sunset", "deleted"): ({**DEP, "x-sunset": "2026-06-30"}, DEP),
    ("sunset", "earlier"): ({**DEP, "x-sunset": "2026-12-31"}, {**DEP, "x-sunset": "2026-06-30"}),
    ("sunset", "later"): ({**DEP, "x-sunset": "2026-06-30"}, {**DEP, "x-sunset": "2026-12-31"}),
    ("sunset", "invalid"): ({**DEP, "x-sunset": "2026-06-30"}, {**DEP, "x-sunset": "soon"}),
    ("stability", "invalid"): ({**S, "x-stability-level": "beta"}, {**S, "x-stability-level": 2}),
}
# A sunset withdrawn with its deprecation comes with the reactivation's own finding.
WITHDRAWN = ({**DEP, "x-sunset": "2026-06-30"}, S)

CASES = [
    (f"{d.value}-{loc}-{fact.name}", fact, _PLACES[(d, loc)])
    for d, locations in lifecycle.LOCATIONS.items()
    for loc in locations
    for fact in lifecycle.FACTS
]


def test_the_places_are_the_schema_tables():
    assert lifecycle.LOCATIONS == table.LOCATIONS


def test_every_generated_rule_is_covered():
    assert {case[0] for case in CASES} == lifecycle.GENERATED


def _compare(tmp_path, old: str, new: str, policy: Policy | None = None):
    (tmp_path / "old.json").write_text(old)
    (tmp_path / "new.json").write_text(new)
    return compare_files(tmp_path / "old.json", tmp_path / "new.json", policy=policy)


@pytest.mark.parametrize(("rule_id", "fact", "place"), CASES, ids=[c[0] for c in CASES])
def test_generated_rule_fires(rule_id, fact, place, tmp_path):
    if fact.verb == "withdrawn":
        old, new = WITHDRAWN
    else:
        old, new = MUTATIONS[(fact.attribute, fact.verb)]
    result = _compare(tmp_path, contract(place, old), contract(place, new))
    got = sorted((f.id, f.severity) for f in result.findings)
    expected = [(rule_id, RULES[rule_id].severity)]
    if fact.verb == "withdrawn":
        expected.append((rule_id.replace("sunset-date-deleted", "reactivated"), "safe"))
    assert got == sorted(expected), [f.message for f in result.findings]


# -- reading values -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-06-30", _dt.date(2026, 6, 30)),
        ("2026-06-30T12:00:00Z", _dt.date(2026, 6, 30)),
        ("Tue, 30 Jun 2026 00:00:00 GMT", _dt.date(2026, 6, 30)),
        ("TBD", None),
        ("2026-06-30 or later", None),  # not "2026-06-30" with words after it
        ("30/06/2026", None),
        (20260630, None),  # not a string
        ("", None),
        ("9" * 10_000, None),
    ],
)
def test_a_sunset_is_a_date_or_nothing(value, day):
    assert sunset_date(value) == day


def test_verbs_never_read_an_unreadable_value_as_a_move():
    assert sunset_verb("2026-06-30", "TBD", True) == "invalid"
    assert sunset_verb("TBD", "2026-06-30", True) == "invalid"
    assert sunset_verb("2026-06-30", "2026-06-30T00:00:00Z", True) is None  # the same day
    assert sunset_verb("2026-06-30", None, True) == "deleted"
    assert sunset_verb("2026-06-30", None, False) == "withdrawn"
    assert stability_verb("beta", "GA") == "invalid"
    assert stability_verb(None, 3) == "invalid"
    assert stability_verb("beta", "Stable") == "increased"
    assert stability_verb(None, "stable") is None


# -- the judgement: sunsets held to their dates -------------------------------------------
def _operation(**extra) -> str:
    import json

    op = {"responses": {"200": {"description": "ok"}}, **extra}
    return json.dumps(
        {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/x": {"get": op}}}
    )


def _one(result):
    assert len(result.findings) == 1, [f.message for f in result.findings]
    return result.findings[0]


def test_sunset_moved_earlier_inside_min_days_is_breaking(tmp_path):
    old = _operation(deprecated=True, **{"x-sunset": "2026-12-31"})
    new = _operation(deprecated=True, **{"x-sunset": "2026-02-01"})  # 17 days after TODAY
    assert _one(_compare(tmp_path, old, new)).severity.value == "dangerous"
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert (finding.id, finding.severity.value) == ("api-sunset-date-changed-too-small", "breaking")
    assert "17 days away (at least 30 required)" in finding.policy
    assert finding.default_severity.value == "dangerous"


def test_sunset_moved_earlier_but_far_enough_stays_dangerous(tmp_path):
    old = _operation(deprecated=True, **{"x-sunset": "2026-12-31"})
    new = _operation(deprecated=True, **{"x-sunset": "2026-06-30"})
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert finding.severity.value == "dangerous"


def test_sunset_moved_later_is_never_raised(tmp_path):
    old = _operation(deprecated=True, **{"x-sunset": "2026-01-20"})
    new = _operation(deprecated=True, **{"x-sunset": "2026-02-01"})  # later, still close
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert (finding.id, finding.severity.value) == ("api-sunset-date-extended", "safe")


def test_min_days_asks_a_new_deprecation_for_a_sunset(tmp_path):
    old, new = _operation(), _operation(deprecated=True)
    assert _one(_compare(tmp_path, old, new)).severity.value == "safe"
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert (finding.id, finding.severity.value) == ("endpoint-deprecated", "breaking")
    assert "without an x-sunset date" in finding.policy


def test_min_days_asks_a_sunset_far_enough(tmp_path):
    old = _operation()
    close = _operation(deprecated=True, **{"x-sunset": "2026-01-25"})
    far = _operation(deprecated=True, **{"x-sunset": "2026-06-30"})
    policy = Policy(deprecation_days=30)

    def deprecation(new: str) -> str:
        found = _compare(tmp_path, old, new, policy).findings
        return next(f.severity.value for f in found if f.id == "endpoint-deprecated")

    assert deprecation(close) == "breaking"
    assert deprecation(far) == "safe"


def test_min_days_holds_a_deprecated_property_to_a_sunset(tmp_path):
    old = contract("response-property", S)
    new = contract("response-property", DEP)
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert (finding.id, finding.severity.value) == ("response-property-deprecated", "breaking")
    with_sunset = contract("response-property", {**DEP, "x-sunset": "2026-12-31"})
    # A sunset announced with the deprecation: two facts, neither against the policy.
    found = _compare(tmp_path, old, with_sunset, Policy(deprecation_days=30)).findings
    assert {(f.id, f.severity.value) for f in found} == {
        ("response-property-deprecated", "safe"),
        ("response-property-sunset-date-added", "safe"),
    }


def test_a_parameter_removed_before_its_sunset_is_never_softened(tmp_path):
    param = {"name": "q", "in": "query", "deprecated": True, "x-sunset": "2026-06-30"}
    old = _operation(parameters=[{**param, "x-deprecated-since": "2020-01-01"}])
    new = _operation()
    policy = Policy(deprecation_days=30, allow_removal_after_sunset=True)
    finding = _one(_compare(tmp_path, old, new, policy))
    assert (finding.id, finding.severity.value) == (
        "request-parameter-removed-before-sunset",
        "breaking",
    )


def test_an_operation_removed_under_an_unreadable_sunset_is_before_it(tmp_path):
    paths = {
        "/x": {"get": {"responses": {"200": {"description": "ok"}}}},
        "/y": {
            "get": {
                "deprecated": True,
                "x-sunset": "when v3 ships",
                "responses": {"200": {"description": "ok"}},
            }
        },
    }
    import json

    base = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}}
    old = json.dumps({**base, "paths": paths})
    new = json.dumps({**base, "paths": {"/x": paths["/x"]}})
    finding = _one(_compare(tmp_path, old, new, Policy(allow_removal_after_sunset=True)))
    assert (finding.id, finding.severity.value) == ("api-path-removed-before-sunset", "breaking")


@pytest.mark.parametrize("place", ["request-parameter", "request-property", "response-property"])
def test_min_days_asks_every_deprecation_for_a_sunset(place, tmp_path):
    """oasdiff's `<place>-deprecated-sunset-missing` is this rule under a policy: a listed
    alias, so a configuration written with oasdiff's name reaches it."""
    old, new = contract(place, S), contract(place, DEP)
    assert _one(_compare(tmp_path, old, new)).severity.value == "safe"
    finding = _one(_compare(tmp_path, old, new, Policy(deprecation_days=30)))
    assert (finding.id, finding.severity.value) == (f"{place}-deprecated", "breaking")
    assert "without an x-sunset date" in finding.policy
    far = contract(place, {**DEP, "x-sunset": "2026-12-31"})
    found = _compare(tmp_path, old, far, Policy(deprecation_days=30)).findings
    assert {f.severity.value for f in found} == {"safe"}  # a sunset far enough: nothing owed
    for alias in (f"{place}-deprecated-sunset-missing", f"{place}-sunset-date-too-small"):
        assert resolve(alias).id == f"{place}-deprecated"


@pytest.mark.parametrize("place", ["request-parameter", "request-property", "response-header"])
def test_an_invalid_stability_level_is_one_rule_everywhere(place, tmp_path):
    """oasdiff's `api-invalid-stability-level`, wherever the level is written."""
    old = contract(place, {**S, "x-stability-level": "stable"})
    new = contract(place, {**S, "x-stability-level": "GA"})
    finding = _one(_compare(tmp_path, old, new))
    assert (finding.id, finding.severity.value) == ("api-invalid-stability-level", "breaking")
    assert resolve(f"{place}-invalid-stability-level").id == "api-invalid-stability-level"


def test_a_removal_under_an_unreadable_sunset_says_the_date_is_not_one(tmp_path):
    # Still breaking (an unreadable date cannot show the promise ran out), in words that do
    # not pass `TBD` off as a date.
    head = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n'
    param = "      parameters:\n        - {name: id, in: query, deprecated: true, x-sunset: TBD}\n"
    tail = "      responses: {'200': {description: ok}}\n"
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(head + param + tail)
    new.write_text(head + tail)
    (finding,) = compare_files(old, new).findings
    assert finding.id == "request-parameter-removed-before-sunset"
    assert finding.severity.value == "breaking"
    assert "sunset date TBD (not a date)" in finding.message


def test_min_days_by_stability_level(tmp_path):
    # oasdiff's --deprecation-days-beta / -stable: a beta operation may go sooner.
    old_beta = _operation(**{"x-stability-level": "beta"})
    old_stable = _operation()
    sunset = {"x-sunset": "2026-02-14"}  # 30 days after TODAY
    policy = Policy(deprecation_days_by_level={"stable": 180, "beta": 21})

    def deprecation(old: str, level: dict) -> str:
        new = _operation(deprecated=True, **sunset, **level)
        found = _compare(tmp_path, old, new, policy).findings
        return next(f.severity.value for f in found if f.id == "endpoint-deprecated")

    assert deprecation(old_beta, {"x-stability-level": "beta"}) == "safe"  # 30 >= 21
    assert deprecation(old_stable, {}) == "breaking"  # no level is stable: 30 < 180
    # A level the table does not name has no requirement.
    alpha = _operation(**{"x-stability-level": "alpha"})
    assert deprecation(alpha, {"x-stability-level": "alpha"}) == "safe"


def test_min_days_table_in_the_configuration(tmp_path):
    from apidiff.config import ConfigError, load, with_overrides

    path = tmp_path / "apidiff.toml"
    path.write_text("[deprecation]\nmin-days = { stable = 180, beta = 31 }\n")
    config = load(path, search=False)
    assert config.policy.deprecation_days is None
    assert config.policy.deprecation_days_by_level == {"stable": 180, "beta": 31}
    # --deprecation-days, one number for every level, wins over the table.
    flagged = with_overrides(config, deprecation_days=10).policy
    assert (flagged.deprecation_days, flagged.deprecation_days_by_level) == (10, {})
    path.write_text("[deprecation]\nmin-days = { ga = 10 }\n")
    with pytest.raises(ConfigError):
        load(path, search=False)
