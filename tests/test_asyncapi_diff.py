"""The AsyncAPI comparison beyond its rule fixtures: the deprecation policy on removals, and a
message used both ways judged both ways."""

from __future__ import annotations

import datetime

import yaml

import apidiff
from apidiff import CompareOptions
from apidiff.config import Policy

from .conftest import FIXTURES

TODAY = datetime.date(2026, 1, 15)
HERE = FIXTURES / "asyncapi"


def _compare(tmp_path, old: dict, new: dict, policy: Policy | None = None):
    (tmp_path / "old.yaml").write_text(yaml.safe_dump(old))
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new))
    options = CompareOptions(today=TODAY, policy=policy or Policy())
    return apidiff.compare(tmp_path / "old.yaml", tmp_path / "new.yaml", options)


def _doc(sunset: str | None) -> dict:
    doc = yaml.safe_load((HERE / "asyncapi-deprecated-operation-removed" / "old.yaml").read_text())
    op = doc["operations"]["consumeUserSignedUp"]
    if sunset is not None:
        op["x-sunset"] = sunset
    return doc


def _without_op(doc: dict) -> dict:
    new = yaml.safe_load(yaml.safe_dump(doc))
    del new["operations"]["consumeUserSignedUp"]
    return new


def test_a_deprecated_operation_removed_after_its_sunset_may_be_allowed(tmp_path):
    old = _doc("2025-06-01")
    policy = Policy(allow_removal_after_sunset=True)
    (finding,) = _compare(tmp_path, old, _without_op(old), policy).findings
    assert finding.id == "asyncapi-deprecated-operation-removed"
    assert finding.severity.value == "dangerous"


def test_a_removal_before_the_sunset_is_never_softened(tmp_path):
    old = _doc("2099-01-01")
    policy = Policy(allow_removal_after_sunset=True, deprecation_days=0)
    (finding,) = _compare(tmp_path, old, _without_op(old), policy).findings
    assert finding.id == "asyncapi-operation-removed-before-sunset"
    assert finding.severity.value == "breaking"


def test_a_message_used_both_ways_is_judged_both_ways():
    folder = HERE / "response-required-property-removed"
    result = apidiff.compare(folder / "old.yaml", folder / "new.yaml")
    email = {(f.direction, f.id) for f in result.findings if "`email`" in f.message}
    assert email == {
        ("response", "response-required-property-removed"),
        ("request", "request-property-removed"),
    }


def test_a_moved_channel_that_lost_an_operation_reads_the_same_both_ways(tmp_path):
    # `user.{userId}.signedup` moves to `users.{userId}.created` and loses its `send`
    # operation; its `receive` operation moves with it. Both ways, it is one channel whose
    # address changed plus the operation that came or went: the channel was called removed
    # and added one way and moved the other (found by `make fuzz`'s swap property).
    old = yaml.safe_load((HERE / "asyncapi-binding-changed" / "old.yaml").read_text())
    new = yaml.safe_load(yaml.safe_dump(old))
    new["channels"]["userSignedUp"]["address"] = "users.{userId}.created"
    del new["operations"]["publishUserSignedUp"]
    (tmp_path / "forward").mkdir()
    (tmp_path / "backward").mkdir()
    forward = _compare(tmp_path / "forward", old, new)
    backward = _compare(tmp_path / "backward", new, old)
    assert sorted(f.id for f in forward.findings) == [
        "asyncapi-channel-address-changed",
        "asyncapi-operation-removed-without-deprecation",
    ]
    assert sorted(f.id for f in backward.findings) == [
        "asyncapi-channel-address-changed",
        "asyncapi-operation-added",
    ]
