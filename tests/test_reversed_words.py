"""Webhooks and callbacks reverse who sends: the messages say so, whatever the rule."""

from __future__ import annotations

from .conftest import FIXTURES, compare_files

PAIR = FIXTURES / "openapi" / "response-optional-property-added.webhook"


def test_every_message_of_a_reversed_operation_says_who_sends():
    result = compare_files(PAIR / "old.yaml", PAIR / "new.yaml")
    messages = {(f.id, f.operation.split()[0]): f.message for f in result.findings}
    assert messages[("response-optional-property-added", "webhook")] == (
        "optional request body (sent by the API) property `extra` was added"
    )
    assert messages[("new-optional-request-property", "webhook")].startswith(
        "response `200` (sent by your endpoint) body property `more`"
    )
    assert messages[("response-header-type-specialized", "webhook")].startswith(
        "header parameter `X-Sig` (sent by the API):"
    )
    assert messages[("request-parameter-type-specialized", "webhook")].startswith(
        "response `200` (sent by your endpoint) header `X-Ack`:"
    )
    for finding in result.findings:
        assert "(sent by " in finding.message, finding.message


def test_an_ordinary_operation_keeps_its_words():
    result = compare_files(
        FIXTURES / "openapi" / "new-required-request-property" / "old.yaml",
        FIXTURES / "openapi" / "new-required-request-property" / "new.yaml",
    )
    assert result.findings and not any("(sent by" in f.message for f in result.findings)
