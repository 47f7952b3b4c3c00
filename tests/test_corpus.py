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


# -- Protobuf: folders old/ and new/ (import roots), judged under every profile -------------
PROTO_PAIRS = (
    sorted(p.name for p in (CORPUS / "protobuf").iterdir() if (p / "old").is_dir())
    if (CORPUS / "protobuf").is_dir()
    else []
)
PROFILES = ("file", "package", "wire-json", "wire")
# MANIFEST.md's notes, per pair: what breaks under ``wire`` (the language guide), and
# whether anything breaks under ``wire-json``.
WIRE_BREAKS = {
    "2023-02-storage-message-renamed": {"rpc-removed"},  # renamed RPCs: old paths are gone
    "2023-03-video-stitcher-lro-metadata-changed": {"rpc-lro-type-changed"},
    "2023-05-grpc-testing-field-removed": {"message-field-removed-unreserved-number"},
    "2024-10-storage-rpcs-removed": {"rpc-removed"},
    "2025-02-grpc-s2a-package-removed": {"proto-service-removed"},
    "2025-08-to-2026-08-aiplatform-year": {
        "message-field-number-changed",
        "message-field-removed-unreserved-number",
    },
    "2026-02-documentai-v1beta3-field-removed": {"message-field-removed-unreserved-number"},
    "2026-04-weather-segments-type-changed": {"message-field-type-incompatible"},
    "2026-08-admanager-enum-type-and-http-changed": {
        "message-field-added-required",
        "message-field-type-incompatible",
    },
}
JSON_BREAKS = {  # wire-safe, but JSON names change
    "2023-05-discoveryengine-map-field-renamed",
    "2025-09-otel-profiles-fields-renamed",
    "2026-03-otel-common-fields-renamed",
}


@functools.cache
def _proto_sides(name: str):
    """Both sides of a pair, compiled once for every profile (a profile only judges)."""
    import apidiff

    folder = CORPUS / "protobuf" / name
    return apidiff.load(folder / "old"), apidiff.load(folder / "new")


@functools.cache
def _proto(name: str, profile: str):
    import apidiff
    from apidiff import CompareOptions
    from apidiff.config import Policy

    from .conftest import TODAY

    options = CompareOptions(today=TODAY, policy=Policy(profile=profile))
    return apidiff.compare(*_proto_sides(name), options)


def _breaking(result) -> set[str]:
    return {f.id for f in result.findings if f.severity.value == "breaking" and not f.ignored}


@pytest.mark.corpus
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("name", PROTO_PAIRS)
def test_protobuf_pair_runs_under_every_profile(name, profile):
    pytest.importorskip("grpc_tools")
    result = _proto(name, profile)
    assert not [f for f in result.findings if f.id == "unclassified-change"]
    broken = _breaking(result)
    if profile == "wire":
        assert broken == WIRE_BREAKS.get(name, set())
    elif profile == "wire-json" and name in JSON_BREAKS:
        assert broken == {"message-field-renamed"}
    if name == "2025-03-grpc-health-rpc-added":  # the negative control
        assert not broken


@pytest.mark.corpus
def test_protobuf_map_field_rename_is_one_finding():
    pytest.importorskip("grpc_tools")
    result = _proto("2023-05-discoveryengine-map-field-renamed", "file")
    assert [f.id for f in result.findings] == ["message-field-renamed"]


@pytest.mark.corpus
def test_protobuf_field_into_its_own_oneof_is_wire_safe():
    pytest.importorskip("grpc_tools")
    result = _proto("2023-03-routing-field-into-new-oneof", "file")
    assert "message-field-moved-into-oneof" in _breaking(result)
    assert not _breaking(_proto("2023-03-routing-field-into-new-oneof", "wire"))


@pytest.mark.corpus
def test_protobuf_enum_moved_is_a_move_and_replaced_enum_names_lost_values():
    pytest.importorskip("grpc_tools")
    moved = _proto("2024-03-networkservices-enum-moved-top-level", "file")
    assert "proto-enum-moved" in _breaking(moved)
    assert not {"proto-enum-removed", "message-field-type-incompatible"} & _breaking(moved)
    replaced = _proto("2026-08-admanager-enum-type-and-http-changed", "file")
    typed = [f for f in replaced.findings if f.id == "message-field-type-incompatible"]
    assert typed and "DRAFT = 1 removed" in typed[0].message
    assert "rpc-http-binding-changed" in _breaking(replaced)


# -- AsyncAPI: MANIFEST.md's verdicts ---------------------------------------------------------
ASYNC = CORPUS / "asyncapi"
SOCIAL = "2023-02-to-2023-12-social-media-backend-2.6-to-3.0-migration"


@functools.cache
def _async(name: str):
    from .conftest import TODAY

    folder = ASYNC / name
    if name == SOCIAL:
        # Its documents reach `../common/`: --ref-root opens the pair's folder (the CLI's
        # default, the contract's own folder, refuses them on untrusted branches).
        old, new = (folder / side / "backend" / "asyncapi.yaml" for side in ("old", "new"))
        return apidiff_compare(old, new, TODAY, ref_root=str(folder))
    old = next(folder.glob("old.*"))
    new = next(folder.glob("new.*"))
    return apidiff_compare(old, new, TODAY)


def apidiff_compare(old, new, today, ref_root: str | None = None):
    import apidiff
    from apidiff import CompareOptions
    from apidiff.formats import LoadOptions

    options = CompareOptions(today=today, load=LoadOptions(ref_root=ref_root))
    return apidiff.compare(old, new, options)


def _verdict(result) -> str:
    severities = {f.severity.value for f in result.findings}
    for level in ("breaking", "dangerous", "safe"):
        if level in severities:
            return level
    return "none"


ASYNC_VERDICTS = {
    # The required reply property renamed, released as a patch: breaking for consumers.
    "2026-01-rimfrost-reply-property-renamed": "breaking",
    # An enum value added to what the application sends: consumers may not know it.
    "2026-01-rimfrost-reply-enum-value-added": "dangerous",
    "2026-01-rimfrost-description-only": "safe",
    # Component renames with the same structure: reported for generated code, safe here.
    "2026-01-rimfrost-schemas-renamed": "safe",
    "2023-02-to-2023-12-streetlights-kafka-2.6-to-3.0-migration": "none",
    SOCIAL: "none",
    "2022-01-to-2023-02-streetlights-kafka-servers-changed": "breaking",  # server `test` gone
    "2023-05-blueapi-channels-merged-publish-removed": "breaking",  # channels removed
    "2024-11-blueapi-deprecated-messages-removed": "breaking",  # deprecated messages removed
}


@pytest.mark.corpus
@pytest.mark.parametrize("name", sorted(ASYNC_VERDICTS))
def test_asyncapi_pair_verdict(name):
    result = _async(name)
    assert _verdict(result) == ASYNC_VERDICTS[name], [f.message for f in result.findings]
    assert not [f for f in result.findings if f.id == "unclassified-change"]


@pytest.mark.corpus
def test_asyncapi_reply_property_rename_is_the_reply_payload():
    result = _async("2026-01-rimfrost-reply-property-renamed")
    breaking = [f for f in result.findings if f.severity.value == "breaking"]
    assert [f.id for f in breaking] == ["response-required-property-removed"]
    assert "message `RegelResponseMessage` payload" in breaking[0].message
    assert breaking[0].direction == "response"  # the reply of a receive flows to consumers


@pytest.mark.corpus
def test_asyncapi_deprecated_messages_removed_are_marked_deprecated():
    result = _async("2024-11-blueapi-deprecated-messages-removed")
    removed = [f for f in result.findings if f.id == "asyncapi-message-removed-from-send"]
    assert {f.message.split("`")[3] for f in removed} == {"eventPage", "datumPage"}
    assert all(f.info.get("deprecated") for f in removed)  # the deprecation policy may soften


@pytest.mark.corpus
def test_asyncapi_1x_is_a_clear_error():
    import apidiff

    folder = ASYNC / "2020-05-slack-events-1.2-to-2.0-migration"
    with pytest.raises(apidiff.InputError, match=r"AsyncAPI 1\.x is not supported"):
        apidiff_compare(folder / "old.json", folder / "new.json", None)
