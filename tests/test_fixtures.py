"""Every fixture pair gives exactly the findings its ``expected.yaml`` lists.

Every registered format has a folder of rule fixtures (``fixtures/openapi/<rule-id>[.<variant>]/``
show a rule firing, or, for a variant, not firing where a naive tool would) and a folder of
refactors that must give no finding at all (``fixtures/unchanged/<case>/``); the registry
names both.
"""

from __future__ import annotations

from collections import Counter

import pytest

from apidiff import registry
from apidiff.config import Policy

from .conftest import compare_files, fixture_dirs, load_expected, pair_files

FIRING = [d for f in registry.FORMATS for d in fixture_dirs(f.fixture_folder)]
UNCHANGED = [d for f in registry.FORMATS if f.unchanged for d in fixture_dirs(f.unchanged)]


def _actual(result) -> Counter:
    return Counter((f.id, f.severity.value, f.operation) for f in result.findings)


def _expected(spec: dict) -> Counter:
    return Counter(
        (item["id"], item["severity"], item["operation"]) for item in spec.get("findings") or []
    )


@pytest.mark.parametrize("folder", FIRING, ids=[f"{p.parent.name}/{p.name}" for p in FIRING])
def test_fixture(folder):
    old, new = pair_files(folder)
    clients = folder / "operations"  # GraphQL client operations, for usage-aware verdicts
    spec = load_expected(folder)
    result = compare_files(old, new, (str(clients),) if clients.is_dir() else (), _policy(spec))
    actual, expected = _actual(result), _expected(spec)
    assert actual == expected, (
        f"\nmissing: {sorted((expected - actual).elements())}"
        f"\nunexpected: {sorted((actual - expected).elements())}"
        f"\nall: {[f.message for f in result.findings]}"
    )
    assert not [f for f in result.findings if f.id == "unclassified-change"]


@pytest.mark.parametrize("folder", UNCHANGED, ids=[f"{p.parent.name}/{p.name}" for p in UNCHANGED])
def test_unchanged_fixture(folder):
    old, new = pair_files(folder)
    spec = load_expected(folder)
    result = compare_files(old, new, policy=_policy(spec))
    if "profile" in spec:  # what the profile's consumer cannot notice is safe, not absent
        assert [f.message for f in result.findings if f.severity.value != "safe"] == []
    else:
        assert [f.message for f in result.findings] == []


def _policy(spec: dict) -> Policy | None:
    """The consumer profile an ``expected.yaml`` names (``profile: wire``), else the default."""
    return Policy(profile=spec["profile"]) if "profile" in spec else None


def test_there_are_enough_false_positive_fixtures():
    variants = [p for p in FIRING if "." in p.name]
    assert len(UNCHANGED) + len(variants) >= 20
