"""Realism checks on real contract histories in ../shared/corpus (skipped when absent).

Only facts a reader can verify in the upstream diff are asserted; the full counts per pair
are measured by the benchmark, not pinned here.
"""

from __future__ import annotations

import functools
from collections import Counter

import pytest

from .conftest import CORPUS, ROOT, compare_files

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")


# Sources whose pairs every format loader reads today (Protobuf and AsyncAPI join when loaded).
SOURCES = ("argo-workflows", "discord", "github-graphql", "github-rest", "stripe")
PAIRS = (
    sorted(f"{p.parent.name}/{p.name}" for s in SOURCES for p in (CORPUS / s).iterdir())
    if CORPUS.is_dir()
    else []
)


@functools.cache
def _pair(name: str):
    folder = CORPUS / name
    old = next(folder.glob("old.*"))
    new = next(folder.glob("new.*"))
    # GitHub's GraphQL pairs run with a real client's operations, as --operations does.
    operations = (str(GITHUB_OPERATIONS),) if name.startswith("github-graphql/") else ()
    return compare_files(old, new, operations)


GITHUB_OPERATIONS = ROOT / "tests" / "data" / "github-operations.graphql"


def test_stripe_daily_emptyable_pattern_is_a_widening():
    # `mandate_data` goes from an object to anyOf [that object, enum [""]]: a new
    # alternative a client may send, not a removed property or a type change.
    result = _pair("stripe/2023-08-small-daily")
    assert result.summary["breaking"] == 0 and result.summary["dangerous"] == 0
    widened = [f for f in result.findings if f.id == "request-property-any-of-added"]
    assert widened and all("mandate_data" in f.message for f in widened)


def test_github_path_parameter_rename_is_not_a_removal():
    # Upstream, `/orgs/{org_id}/codespaces` became `/orgs/{org}/codespaces`: the same
    # operation (whose parameter changed type), not a removal; one operation is removed.
    result = _pair("github-rest/2022-07-ops-removed")
    removed = [f for f in result.findings if f.kind == "operation.removed"]
    assert [f.operation for f in removed] == ["GET /repos/{owner}/{repo}/community/code_of_conduct"]
    retyped = [f for f in result.findings if f.id == "request-parameter-type-changed"]
    assert [f.operation for f in retyped] == ["GET /orgs/{org}/codespaces"]


def test_discord_operations_removed_and_renames_are_quiet():
    result = _pair("discord/2025-07-ops-removed")
    assert len([f for f in result.findings if f.kind == "operation.removed"]) == 2
    renames = _pair("discord/2024-11-schema-renames")
    ids = Counter(f.id for f in renames.findings)
    # 23 component names disappear upstream, most are renames with the same content.
    assert ids["api-schema-removed"] < 23
    assert not [f for f in renames.findings if f.id == "unclassified-change"]


def test_discord_required_added_only_tightens_responses():
    result = _pair("discord/2026-02-required-added")
    assert result.summary["breaking"] == 0
    assert {f.id for f in result.findings} == {"response-property-became-required"}


@pytest.mark.parametrize(
    "name",
    [
        "github-rest/2021-01-props-removed",
        "github-rest/2021-04-type-changes",
        "discord/2025-07-to-2026-07-year",
    ],
)
def test_corpus_pair_completes_with_positions(name):
    result = _pair(name)
    assert result.findings
    assert not [f for f in result.findings if f.id == "unclassified-change"]
    assert all(f.location is None or f.location.line for f in result.findings)


@pytest.mark.parametrize("name", PAIRS)
def test_each_change_is_counted_once(name):
    # One change reached by several roads (a shared schema behind several wrappers) is one
    # finding: counts, verdicts and semver count it once.
    result = _pair(name)
    seen = Counter(f.fingerprint for f in result.findings)
    assert [fp for fp, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("name", [p for p in PAIRS if p.startswith("github-graphql/")])
def test_operations_validate_against_real_github_schemas(name):
    # graphql-core's schema validation refuses GitHub's schema (implementation fields
    # deprecated where the interface's are not); operations must validate all the same.
    result = _pair(name)
    assert not [f for f in result.findings if f.id == "client-operation-broken"]
    judged = [f for f in result.findings if f.severity.value != "safe" and f.used_by is not None]
    assert judged
