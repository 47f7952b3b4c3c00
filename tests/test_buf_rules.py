"""Every breaking rule of buf's configuration v2 has an apidiff rule answering to its name.

The list is buf's own: the breaking rules of ``V2Spec`` in
``private/bufpkg/bufcheck/bufcheckserver/bufcheckserver.go`` (bufbuild/buf at c9a5b2656,
after 1.75: 64 in 1.75.0 plus ``MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT``, which belongs to no
category), their ids from ``bufcheckserverbuild.go``. A name buf adds must be added here and
given a rule (or an alias) on purpose.
"""

from __future__ import annotations

import pytest

from apidiff.rules import catalog, load_rules

BUF_V2_BREAKING_RULES = (
    "ENUM_NO_DELETE",
    "ENUM_SAME_JSON_FORMAT",
    "ENUM_SAME_TYPE",
    "ENUM_VALUE_NO_DELETE",
    "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
    "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "ENUM_VALUE_SAME_NAME",
    "EXTENSION_MESSAGE_NO_DELETE",
    "EXTENSION_NO_DELETE",
    "FIELD_NO_DELETE",
    "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
    "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
    "FIELD_SAME_CARDINALITY",
    "FIELD_SAME_CPP_STRING_TYPE",
    "FIELD_SAME_DEFAULT",
    "FIELD_SAME_JAVA_UTF8_VALIDATION",
    "FIELD_SAME_JSON_NAME",
    "FIELD_SAME_JSTYPE",
    "FIELD_SAME_NAME",
    "FIELD_SAME_ONEOF",
    "FIELD_SAME_TYPE",
    "FIELD_SAME_UTF8_VALIDATION",
    "FIELD_WIRE_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_COMPATIBLE_TYPE",
    "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
    "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
    "FILE_NO_DELETE",
    "FILE_SAME_CC_ENABLE_ARENAS",
    "FILE_SAME_CC_GENERIC_SERVICES",
    "FILE_SAME_CSHARP_NAMESPACE",
    "FILE_SAME_GO_PACKAGE",
    "FILE_SAME_JAVA_GENERIC_SERVICES",
    "FILE_SAME_JAVA_MULTIPLE_FILES",
    "FILE_SAME_JAVA_OUTER_CLASSNAME",
    "FILE_SAME_JAVA_PACKAGE",
    "FILE_SAME_OBJC_CLASS_PREFIX",
    "FILE_SAME_OPTIMIZE_FOR",
    "FILE_SAME_PACKAGE",
    "FILE_SAME_PHP_CLASS_PREFIX",
    "FILE_SAME_PHP_METADATA_NAMESPACE",
    "FILE_SAME_PHP_NAMESPACE",
    "FILE_SAME_PY_GENERIC_SERVICES",
    "FILE_SAME_RUBY_PACKAGE",
    "FILE_SAME_SWIFT_PREFIX",
    "FILE_SAME_SYNTAX",
    "MESSAGE_NO_DELETE",
    "MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",
    "MESSAGE_SAME_JSON_FORMAT",
    "MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",
    "MESSAGE_SAME_REQUIRED_FIELDS",
    "ONEOF_NO_DELETE",
    "PACKAGE_ENUM_NO_DELETE",
    "PACKAGE_EXTENSION_NO_DELETE",
    "PACKAGE_MESSAGE_NO_DELETE",
    "PACKAGE_NO_DELETE",
    "PACKAGE_SERVICE_NO_DELETE",
    "RESERVED_ENUM_NO_DELETE",
    "RESERVED_MESSAGE_NO_DELETE",
    "RPC_NO_DELETE",
    "RPC_SAME_CLIENT_STREAMING",
    "RPC_SAME_IDEMPOTENCY_LEVEL",
    "RPC_SAME_REQUEST_TYPE",
    "RPC_SAME_RESPONSE_TYPE",
    "RPC_SAME_SERVER_STREAMING",
    "SERVICE_NO_DELETE",
)


@pytest.fixture(scope="module", autouse=True)
def _rules():
    load_rules()


def test_the_list_is_buf_v2s():
    assert len(BUF_V2_BREAKING_RULES) == len(set(BUF_V2_BREAKING_RULES)) == 65


@pytest.mark.parametrize("name", BUF_V2_BREAKING_RULES)
def test_every_buf_rule_names_a_protobuf_rule(name):
    rule = catalog.resolve(name)
    assert rule is not None, f"buf's {name} has no apidiff rule or alias"
    assert rule.families == frozenset({"protobuf"})
    assert f"`{name}`" in rule.doc  # the rule's page names its buf equivalent
