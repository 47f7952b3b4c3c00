"""Protobuf rules: every ``buf breaking`` rule (config v2), plus what the language guide adds.

A rule says which consumer surface a change touches (``touches``), as buf's categories do,
lowest first: ``wire`` (the binary encoding: every consumer), ``json`` (the JSON encoding
and gRPC-transcoded REST), ``type-name`` (a message or enum's full name: generated code, and
``Any`` type URLs), ``package`` (generated code per package), ``file`` (generated code per
file). The family's profiles (registry) decide what each weighs. Where buf has three rules
for one fact judged at three levels (a field deleted; its number reserved; its name too),
apidiff reports the fact once, under the rule of the lowest level it breaks: a deletion
with neither reserved is ``message-field-removed-unreserved-number`` (breaking for every
consumer), with both reserved ``message-field-removed`` (generated code only). buf's names
are the rules' aliases. docs/protobuf.md lists where apidiff and buf differ, and why.
"""

from __future__ import annotations

from collections.abc import Callable

from ..diff.change import Change
from ..result import Severity
from .catalog import declare

B, D, S = Severity.BREAKING, Severity.DANGEROUS, Severity.SAFE

Predicate = Callable[[Change], bool]

_CATEGORY = {
    "wire": "every consumer: the binary encoding changes",
    "json": "JSON consumers (and REST clients through gRPC transcoding)",
    "type-name": "generated code, and `google.protobuf.Any` type URLs",
    "package": "generated code (per package)",
    "file": "generated code in languages that generate per file (C++, Python, ...)",
}


def _add(
    id: str,
    severity: Severity,
    on: str,
    message: str,
    summary: str,
    why: str,
    *,
    aliases: tuple[str, ...] = (),
    touches: str | None = None,
    when: Predicate | None = None,
    migration: str | None = None,
    mirror: str | None = None,
    waiver: str | None = None,
    notes: str | None = None,
) -> None:
    """A Protobuf rule: ``declare`` with its page built from a summary and a reason."""
    doc = f"{summary}\n\n### What it detects\n{summary}\n\n### Why it matters to clients\n{why}"
    extra = []
    if aliases:
        extra.append("buf equivalent: " + ", ".join(f"`{a}`" for a in aliases) + ".")
    if touches:
        extra.append(f"Touches the `{touches}` surface: {_CATEGORY[touches]}.")
    if notes:
        extra.append(notes)
    if extra:
        doc += "\n\n### Notes\n" + "\n\n".join(extra)
    declare(
        id,
        severity,
        f"proto.{on}",
        message,
        doc=doc,
        summary=summary,
        when=when,
        migration=migration,
        mirror=mirror,
        mirror_waiver=waiver if mirror is None else None,
        area="protobuf",
        aliases=aliases,
        touches=touches,
    )


def _is(key: str, value: object = True) -> Predicate:
    return lambda change: change.info.get(key) == value


def _not(key: str) -> Predicate:
    return lambda change: not change.info.get(key)


def _all(*tests: Predicate) -> Predicate:
    return lambda change: all(t(change) for t in tests)


_NO_CHANGE = "Nothing a client sends, receives or compiles against changes."
_ADDED = "an addition; its removal is the rule that matters"

# -- packages and files ----------------------------------------------------------------------
_add(
    "proto-package-removed",
    B,
    "package.removed",
    "package {old} was removed",
    "A package no longer has any file.",
    "Code generated for the package is gone, and every RPC its services had answers "
    "`UNIMPLEMENTED`.",
    aliases=("PACKAGE_NO_DELETE",),
    touches="package",
    migration="Stop importing package {old}; move to its replacement.",
    waiver="a package appears with its files (`proto-file-added`)",
)
_add(
    "proto-package-renamed",
    B,
    "package.renamed",
    "package {old} was renamed to {new}; every element moved with it: {elements}",
    "Every message, enum and service of a package is now in another package, under the same "
    "names (`a.v1` to `a.v2`).",
    "Every full name changes: gRPC method paths (`/a.v1.Service/Method`), `google.protobuf.Any` "
    "type URLs and generated code's imports. Clients of the old package get `UNIMPLEMENTED` "
    "until they are regenerated, whatever encoding they use.",
    touches="wire",
    waiver="a rename has both ends",
    migration="Regenerate clients for package {new} and move every use of {old} to it.",
    notes="Reported once, with the elements that moved, instead of a deletion of each; what "
    "changed inside an element is still reported, on the element.",
)
_add(
    "proto-file-removed",
    B,
    "file.removed",
    "file {old} was removed",
    "A `.proto` file was deleted.",
    "Generated code that imports the file's generated module (C++ headers, Python modules) "
    "no longer compiles, even where its elements moved to another file of the package.",
    aliases=("FILE_NO_DELETE",),
    touches="file",
    mirror="proto-file-added",
    migration="Import the generated code of the file(s) that now hold its elements.",
)
_add(
    "proto-file-added",
    S,
    "file.added",
    "file {new} was added",
    "A `.proto` file was added.",
    _NO_CHANGE,
    mirror="proto-file-removed",
)
_add(
    "proto-file-package-changed",
    B,
    "file.package.changed",
    "{where}: the package changed from {old} to {new}",
    "A file's package changed.",
    "Every element's full name changes: gRPC method paths (`/pkg.Service/Method`), `Any` type "
    "URLs and generated code all differ.",
    aliases=("FILE_SAME_PACKAGE",),
    touches="wire",
    migration="Regenerate clients for package {new}; servers answer only the new paths.",
    waiver="one fact with both values",
)
_add(
    "proto-file-syntax-changed",
    B,
    "file.syntax.changed",
    "{where}: the syntax changed from {old} to {new}",
    "A file's syntax changed between proto2 and proto3, or its edition changed.",
    "Generated code differs (field presence, has-ers, enum handling).",
    aliases=("FILE_SAME_SYNTAX",),
    touches="package",
    migration="Regenerate and review uses of field presence.",
    waiver="one fact with both values",
    notes="A move from proto2 or proto3 to an edition is not reported by itself: the "
    "features the edition resolves to are compared element by element (presence, packed, open "
    "enums). A move to a later edition is, since it changes generated code beyond the features "
    "compared (C++ accessors, Java nesting, symbol visibility); those that are compared (the "
    "C++ string type, `string_view` from 2024) are reported on each element as well.",
)

_FILE_OPTIONS = {
    # option: (buf names, language)
    "go_package": (("FILE_SAME_GO_PACKAGE",), "Go"),
    "java_package": (("FILE_SAME_JAVA_PACKAGE",), "Java"),
    "java_outer_classname": (("FILE_SAME_JAVA_OUTER_CLASSNAME",), "Java"),
    "java_multiple_files": (("FILE_SAME_JAVA_MULTIPLE_FILES",), "Java"),
    "java_generic_services": (("FILE_SAME_JAVA_GENERIC_SERVICES",), "Java"),
    "java_string_check_utf8": (
        ("FIELD_SAME_JAVA_UTF8_VALIDATION", "FILE_SAME_JAVA_STRING_CHECK_UTF8"),
        "Java",
    ),
    "csharp_namespace": (("FILE_SAME_CSHARP_NAMESPACE",), "C#"),
    "objc_class_prefix": (("FILE_SAME_OBJC_CLASS_PREFIX",), "Objective-C"),
    "php_namespace": (("FILE_SAME_PHP_NAMESPACE",), "PHP"),
    "php_metadata_namespace": (("FILE_SAME_PHP_METADATA_NAMESPACE",), "PHP"),
    "php_class_prefix": (("FILE_SAME_PHP_CLASS_PREFIX",), "PHP"),
    "ruby_package": (("FILE_SAME_RUBY_PACKAGE",), "Ruby"),
    "swift_prefix": (("FILE_SAME_SWIFT_PREFIX",), "Swift"),
    "optimize_for": (("FILE_SAME_OPTIMIZE_FOR",), "C++ and Java"),
    "cc_enable_arenas": (("FILE_SAME_CC_ENABLE_ARENAS",), "C++"),
    "cc_generic_services": (("FILE_SAME_CC_GENERIC_SERVICES",), "C++"),
    "py_generic_services": (("FILE_SAME_PY_GENERIC_SERVICES",), "Python"),
}
for _option, (_names, _language) in _FILE_OPTIONS.items():
    _add(
        f"proto-file-{_option.replace('_', '-')}-changed",
        B,
        "file.option.changed",
        f"{{where}}: `{_option}` changed from {{old}} to {{new}}",
        f"A file's `{_option}` option changed.",
        f"{_language} code generated from the file changes its name, location or shape: "
        "code that uses it no longer compiles.",
        aliases=_names,
        touches="package",
        when=_is("option", _option),
        waiver="one fact with both values (none when unset)",
        migration=f"Update {_language} imports and regenerate.",
    )
_add(
    "proto-file-option-changed",
    S,
    "file.option.changed",
    "{where}: option `{option}` changed from {old} to {new}",
    "Another file option changed (deprecated, ...).",
    _NO_CHANGE,
    when=lambda c: c.info.get("option") not in _FILE_OPTIONS,
    waiver="one fact with both values",
)

# -- messages --------------------------------------------------------------------------------
for _what, _title, _package_alias, _file_alias in (
    ("message", "message", "PACKAGE_MESSAGE_NO_DELETE", "MESSAGE_NO_DELETE"),
    ("enum", "enum", "PACKAGE_ENUM_NO_DELETE", "ENUM_NO_DELETE"),
):
    _add(
        f"proto-{_what}-removed",
        B,
        f"{_what}.removed",
        f"{_title} {{old}} was removed",
        f"A {_title} was deleted from its package.",
        f"Generated code that names the {_title} no longer compiles; fields of its type can no "
        "longer be read.",
        aliases=(_package_alias,),
        touches="package",
        mirror=f"proto-{_what}-added",
        migration=f"Stop using {_title} {{old}}.",
    )
    _add(
        f"proto-{_what}-added",
        S,
        f"{_what}.added",
        f"{_title} {{new}} was added",
        f"A {_title} was added.",
        _NO_CHANGE,
        mirror=f"proto-{_what}-removed",
    )
    _add(
        f"proto-{_what}-moved-file",
        B,
        f"{_what}.file.changed",
        "{where} moved from file {old} to {new}",
        f"A {_title} moved to another file of the same package.",
        "Languages that generate per file (C++ includes, Python modules) find it elsewhere.",
        aliases=(_file_alias,),
        touches="file",
        waiver="a move has both ends",
        migration="Import the generated code of {new}.",
    )
    _add(
        f"proto-{_what}-moved",
        B,
        f"{_what}.moved",
        f"{_title} {{old}} was renamed to {{new}}, with the same shape",
        f"A {_title} was renamed or moved (a nested one to the top level) with the same shape.",
        "The binary encoding is the same, but generated code names it differently and "
        "`google.protobuf.Any` type URLs carry the new name.",
        touches="type-name",
        waiver="a move has both ends",
        migration="Rename uses of {old} to {new}.",
        notes="Reported once, instead of a deletion plus a type change of every field "
        "that uses it. Under the `wire` and `wire-json` profiles it is dangerous, not "
        "safe: a value packed in an `Any` is found by its name.",
    )
    _add(
        f"proto-{_what}-reserved-removed",
        B,
        f"{_what}.reserved.removed",
        "{where}: reserved numbers or names are no longer reserved: {old}",
        f"A {_title}'s reserved range or name was deleted.",
        "A later change may reuse a number or name that old data or old clients still use "
        "for something else.",
        aliases=(f"RESERVED_{_what.upper()}_NO_DELETE",),
        touches="wire",
        waiver="adding a reservation is always safe",
        migration="Restore the reservation.",
    )
    _add(
        f"proto-{_what}-deprecated",
        S,
        f"{_what}.deprecated.added",
        "{where} was deprecated",
        f"A {_title} was marked deprecated.",
        "Nothing changes yet; it announces a removal.",
        waiver="undeprecation is rare",
    )

for _what, _title in (("message", "Message"), ("enum", "Enum")):
    _add(
        f"proto-{_what}-json-format-changed",
        B,
        f"{_what}.json-format.changed",
        "{where}: JSON support changed from {old} to {new}",
        f"A {_what}'s `features.json_format` went from ALLOW to LEGACY_BEST_EFFORT (an "
        "editions feature, or a file moved from proto3 to proto2).",
        f"{_title}s no longer promise a well-defined JSON mapping: names may clash and JSON "
        "encoders may produce what JSON clients cannot read.",
        aliases=(f"{_what.upper()}_SAME_JSON_FORMAT",),
        touches="json",
        waiver="gaining JSON support (to ALLOW) is safe and not reported",
        migration="Stop relying on the JSON encoding of {where}, or restore "
        "`features.json_format = ALLOW`.",
    )
_add(
    "proto-message-set-wire-format-changed",
    B,
    "message.message-set.changed",
    "{where}: `message_set_wire_format` changed from {old} to {new}",
    "A message's `message_set_wire_format` option changed.",
    "Its encoding changes entirely.",
    aliases=("MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT",),
    touches="wire",
    waiver="one fact with both values",
    migration="Revert the option.",
)
_add(
    "proto-message-descriptor-accessor-removed",
    B,
    "message.descriptor-accessor.removed",
    "{where}: `no_standard_descriptor_accessor` was set",
    "A message's standard `descriptor()` accessor was turned off.",
    "Generated code that calls it no longer compiles.",
    aliases=("MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR",),
    touches="package",
    waiver="turning it back on is safe",
    migration="Stop calling `descriptor()`.",
)
_add(
    "proto-extension-range-removed",
    B,
    "message.extension-range.removed",
    "{where}: extension ranges removed: {old}",
    "A message's extension range was deleted or narrowed.",
    "Extensions declared by others in that range no longer compile.",
    aliases=("EXTENSION_MESSAGE_NO_DELETE",),
    touches="package",
    waiver="adding a range is safe",
    migration="Restore the extension range.",
)
_add(
    "proto-extension-removed",
    B,
    "extension.removed",
    "extension {old} of {extendee} was removed",
    "An extension field was deleted.",
    "Code that reads or sets the extension no longer compiles; its values become unknown fields.",
    aliases=("PACKAGE_EXTENSION_NO_DELETE",),
    touches="package",
    waiver="adding an extension is safe",
    migration="Stop using extension {old}.",
)
_add(
    "proto-extension-moved-file",
    B,
    "extension.file.changed",
    "{where} moved from file {old} to {new}",
    "An extension moved to another file of the same package.",
    "Languages that generate per file (C++ includes, Python modules) find it elsewhere.",
    aliases=("EXTENSION_NO_DELETE",),
    touches="file",
    waiver="a move has both ends",
    migration="Import the generated code of {new}.",
)
_add(
    "proto-oneof-removed",
    B,
    "oneof.removed",
    "{where} was removed",
    "A oneof was deleted.",
    "Generated code for the oneof (its case enum, `which_` accessors) is gone.",
    aliases=("ONEOF_NO_DELETE",),
    touches="package",
    waiver="adding a oneof is safe",
    migration="Stop using the oneof's case accessors.",
)
_add(
    "message-required-field-added",
    B,
    "field.required.added",
    "{where} became required",
    "A proto2 field became `required`.",
    "Old writers that do not set it produce messages new readers reject.",
    aliases=("MESSAGE_SAME_REQUIRED_FIELDS",),
    touches="wire",
    mirror="message-required-field-removed",
    migration="Set the field in every message you send.",
)
_add(
    "message-required-field-removed",
    B,
    "field.required.removed",
    "{where} is no longer required",
    "A proto2 `required` field (or an editions `LEGACY_REQUIRED` one) became optional, or was "
    "deleted.",
    "Old readers reject messages that do not set it, so it breaks every consumer even when "
    "the field is deleted with its number and name reserved (`message-field-removed`, which "
    "alone would be safe for a binary client).",
    touches="wire",
    mirror="message-required-field-added",
    migration="Keep setting the field until every reader is updated.",
)

# -- fields ----------------------------------------------------------------------------------
_add(
    "message-field-removed-unreserved-number",
    B,
    "field.removed",
    "{where} was removed and its number not reserved",
    "A field was deleted without reserving its number.",
    "The number may be reused for another type: old data and old clients would be misread.",
    aliases=("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",),
    touches="wire",
    when=_not("number_reserved"),
    mirror="message-field-added",
    migration="Stop using the field; the API should `reserved` its number and name.",
)
_add(
    "message-field-removed-unreserved-name",
    B,
    "field.removed",
    "{where} was removed; its number is reserved but not its name",
    "A field was deleted with its number reserved but not its name.",
    "The binary encoding is safe, but the JSON name may be reused for another field.",
    aliases=("FIELD_NO_DELETE_UNLESS_NAME_RESERVED",),
    touches="json",
    when=_all(_is("number_reserved"), _not("name_reserved")),
    mirror="message-field-added",
    migration="Stop using the field; the API should reserve its name too.",
)
_add(
    "message-field-removed",
    B,
    "field.removed",
    "{where} was removed (its number and name are reserved)",
    "A field was deleted with its number and name reserved: the documented way.",
    "Old data still parses, but generated code that uses the field no longer compiles.",
    aliases=("FIELD_NO_DELETE",),
    touches="package",
    when=_all(_is("number_reserved"), _is("name_reserved")),
    mirror="message-field-added",
    migration="Stop using the field.",
)
_add(
    "message-field-added-required",
    B,
    "field.added",
    "{where} was added as required",
    "A required field was added.",
    "Clients that do not set it are rejected (proto2 `required`, or `google.api.field_behavior "
    "= REQUIRED` in a request).",
    touches="wire",
    when=_is("required"),
    waiver="its removal is `message-field-removed-*`",
    migration="Set the new field in every request.",
)
_add(
    "message-field-added-to-oneof",
    D,
    "field.added",
    "{where} was added to an existing oneof of a response",
    "A field was added to a oneof that responses already use.",
    "Clients switching over the oneof's cases meet one they do not know: the value they "
    "read before looks unset.",
    when=_all(_not("required"), _is("existing_oneof"), _is("in_response")),
    waiver="its removal is `message-field-removed-*`",
    migration="Handle an unknown oneof case.",
)
_add(
    "message-field-added",
    S,
    "field.added",
    "{where} was added",
    "A field was added.",
    "Old readers skip it; old writers omit it.",
    mirror="message-field-removed",
)
_add(
    "message-field-number-changed",
    B,
    "field.number.changed",
    "{where}: the number changed from {old} to {new}",
    "A field's number changed.",
    "On the wire a field is its number: old and new clients no longer understand each other.",
    touches="wire",
    waiver="one fact with both values",
    migration="Regenerate; old data under the old number is lost.",
)
_add(
    "message-field-renamed",
    B,
    "field.name.changed",
    "{where} was renamed from {old} to {new}",
    "A field was renamed (same number).",
    "The binary encoding is the same, but JSON uses the name (and JSON parsers accept "
    "the original name), and generated code names it.",
    aliases=("FIELD_SAME_NAME",),
    touches="json",
    waiver="one fact with both values",
    migration="Rename uses of {old} to {new}, in code and in JSON.",
    notes="A map field renamed is one finding (its entry message's rename is not another).",
)
_add(
    "message-field-json-name-changed",
    B,
    "field.json-name.changed",
    "{where}: the JSON name changed from {old} to {new}",
    "A field's `json_name` changed.",
    "JSON clients send and read another key.",
    aliases=("FIELD_SAME_JSON_NAME",),
    touches="json",
    waiver="one fact with both values",
    migration="Use the JSON key {new}.",
)

for _id, _level, _buf, _touch, _test, _what in (
    (
        "incompatible",
        "the binary encoding",
        "FIELD_WIRE_COMPATIBLE",
        "wire",
        _not("wire_ok"),
        "Old and new clients misread each other's messages.",
    ),
    (
        "json-incompatible",
        "the JSON encoding",
        "FIELD_WIRE_JSON_COMPATIBLE",
        "json",
        _all(_is("wire_ok"), _not("json_ok")),
        "The binary encoding is compatible (the language guide's groups), JSON is not.",
    ),
    (
        "changed",
        "generated code",
        "FIELD_SAME",
        "package",
        _all(_is("wire_ok"), _is("json_ok")),
        "Binary and JSON are compatible; generated code's types change.",
    ),
):
    _add(
        f"message-field-type-{_id}",
        B,
        "field.type.changed",
        "{where}: the type changed from {old} to {new}{lost}",
        f"A field's type changed in a way that breaks {_level}.",
        _what,
        aliases=(f"{_buf}_TYPE",) if _buf != "FIELD_SAME" else ("FIELD_SAME_TYPE",),
        touches=_touch,
        when=_test,
        waiver="one fact with both values",
        migration="Update code reading the field as {old}.",
    )
    _add(
        f"message-field-cardinality-{_id}",
        B,
        "field.cardinality.changed",
        "{where}: the cardinality changed from {old} to {new}",
        f"A field's cardinality or presence changed in a way that breaks {_level}.",
        _what,
        aliases=(f"{_buf}_CARDINALITY",) + (("FIELD_SAME_LABEL",) if _id == "changed" else ()),
        touches=_touch,
        when=_test,
        waiver="one fact with both values",
        migration="Update code reading the field as {old}.",
        notes="Singular to repeated is wire-compatible for string, bytes and message fields "
        "(the guide); explicit and implicit presence (proto3 `optional`) encode alike.",
    )

_add(
    "message-field-oneof-changed",
    B,
    "field.oneof.changed",
    "{where}: the oneof changed from {old} to {new}",
    "A field moved into, out of, or between oneofs.",
    "Setting another member of the oneof now clears it (or no longer does): values are lost.",
    aliases=("FIELD_SAME_ONEOF",),
    touches="wire",
    when=_not("sole_new_oneof"),
    waiver="one fact with both values",
    migration="Review code setting the oneof's members.",
)
_add(
    "message-field-moved-into-oneof",
    B,
    "field.oneof.changed",
    "{where} moved into the new oneof {new}, alone",
    "A single field moved into a new oneof of its own.",
    "The language guide: binary-compatible; generated code (Go) changes its accessors.",
    touches="package",
    when=_is("sole_new_oneof"),
    waiver="one fact with both values",
    migration="Use the oneof's accessors for the field.",
)
for _action, _sev in (("added", D), ("removed", D), ("changed", D)):
    _add(
        f"message-field-default-{_action}",
        _sev,
        f"field.default.{_action}",
        "{where}: the default changed from {old} to {new}",
        f"A field's default value was {_action}.",
        "Readers of a message that does not set the field see another value.",
        aliases=("FIELD_SAME_DEFAULT",) if _action == "changed" else (),
        waiver="one fact with both values",
        migration="Set the field explicitly where the default mattered.",
        notes="A singular field of a closed enum (proto2, or editions' `enum_type = CLOSED`) "
        "without a `default` defaults to the enum's first value: reordering the values, or "
        "adding one first, changes it, in every message whose fields use the enum, in its own "
        "file or another."
        if _action == "changed"
        else None,
    )
_add(
    "message-field-packed-changed",
    S,
    "field.packed.changed",
    "{where}: packed encoding changed from {old} to {new}",
    "A repeated field's packed encoding changed.",
    "Parsers accept both encodings: nothing breaks.",
    waiver="one fact with both values",
)
_add(
    "message-field-cpp-string-type-changed",
    B,
    "field.string-type.changed",
    "{where}: the C++ string type changed from {old} to {new}",
    "A field's `ctype` / `string_type` changed.",
    "C++ generated accessors change type.",
    aliases=("FIELD_SAME_CPP_STRING_TYPE", "FIELD_SAME_CTYPE"),
    touches="package",
    waiver="one fact with both values",
    migration="Update C++ code using the field.",
)
_add(
    "message-field-utf8-validation-changed",
    B,
    "field.utf8.changed",
    "{where}: UTF-8 validation changed from {old} to {new}",
    "A string field's UTF-8 validation changed: `features.utf8_validation`, or a file moved "
    "between proto2 (no validation) and proto3 or an edition (VERIFY).",
    "Generated parsers start or stop rejecting invalid UTF-8.",
    aliases=("FIELD_SAME_UTF8_VALIDATION",),
    touches="package",
    waiver="one fact with both values",
    migration="Send valid UTF-8.",
)
_add(
    "message-field-jstype-changed",
    B,
    "field.jstype.changed",
    "{where}: `jstype` changed from {old} to {new}",
    "A 64-bit integer field's `jstype` option changed (JS_NORMAL, JS_STRING, JS_NUMBER).",
    "JavaScript and TypeScript code generated for the field changes its type (a string or "
    "a number): code that reads it no longer compiles or misreads it.",
    aliases=("FIELD_SAME_JSTYPE",),
    touches="package",
    waiver="one fact with both values",
    migration="Update JavaScript code reading the field as {new}.",
    notes="Only 64-bit integer fields are compared, as buf does: `jstype` means nothing "
    "for other types.",
)
_add(
    "message-field-deprecated",
    S,
    "field.deprecated.added",
    "{where} was deprecated",
    "A field was marked deprecated.",
    "Nothing changes yet; it announces a removal.",
    waiver="undeprecation is rare",
)
_add(
    "message-field-became-required",
    B,
    "field.behavior.added",
    "{where} became REQUIRED (`google.api.field_behavior`) in a request",
    "A request field gained `field_behavior = REQUIRED`.",
    "Servers reject requests that do not set it.",
    when=_all(_is("behavior", "REQUIRED"), _is("in_request")),
    mirror="message-field-no-longer-required",
    migration="Set the field in every request.",
)
_add(
    "message-field-no-longer-required",
    D,
    "field.behavior.removed",
    "{where} is no longer REQUIRED (`google.api.field_behavior`) in a response",
    "A response field lost `field_behavior = REQUIRED`.",
    "Clients that relied on it being set may meet it unset.",
    when=_all(_is("behavior", "REQUIRED"), _is("in_response")),
    mirror="message-field-became-required",
    migration="Handle the field being unset.",
)
_add(
    "message-field-behavior-added",
    D,
    "field.behavior.added",
    "{where} gained field behavior {behavior}",
    "A field gained a `google.api.field_behavior` that limits clients (OUTPUT_ONLY, "
    "INPUT_ONLY, IMMUTABLE).",
    "Servers may now ignore or reject what clients send in it, or stop returning it.",
    when=lambda c: c.info.get("behavior") in ("OUTPUT_ONLY", "INPUT_ONLY", "IMMUTABLE"),
    mirror="message-field-behavior-removed",
    migration="Review what you send in the field.",
)
_add(
    "message-field-behavior-noted",
    S,
    "field.behavior.added",
    "{where} gained field behavior {behavior}",
    "A field gained a `google.api.field_behavior` that promises more or only documents "
    "(OPTIONAL, REQUIRED in a response, IDENTIFIER, ...).",
    _NO_CHANGE,
    mirror="message-field-behavior-removed",
)
_add(
    "message-field-behavior-removed",
    S,
    "field.behavior.removed",
    "{where} lost field behavior {behavior}",
    "A field lost a `google.api.field_behavior`.",
    "Clients may do more than before.",
    mirror="message-field-behavior-added",
)

# -- enums -----------------------------------------------------------------------------------
_add(
    "proto-enum-type-changed",
    B,
    "enum.closed.changed",
    "{where} changed from {old} to {new}",
    "An enum changed between open and closed.",
    "Unknown values are kept as the enum (open) or as unknown fields (closed): generated "
    "code behaves differently.",
    aliases=("ENUM_SAME_TYPE",),
    touches="package",
    waiver="one fact with both values",
    migration="Review handling of unknown values.",
)
_add(
    "proto-enum-value-removed-unreserved-number",
    B,
    "enum-value.removed",
    "{where} was removed and its number not reserved",
    "An enum value was deleted without reserving its number.",
    "The number may be reused for another meaning.",
    aliases=("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",),
    touches="wire",
    when=_not("number_reserved"),
    mirror="proto-enum-value-added",
    migration="Stop using {old}.",
)
_add(
    "proto-enum-value-removed-unreserved-name",
    B,
    "enum-value.removed",
    "{where} was removed; its number is reserved but not its name",
    "An enum value was deleted with its number reserved but not its name.",
    "JSON sends enum values by name: the name may be reused.",
    aliases=("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",),
    touches="json",
    when=_all(_is("number_reserved"), _not("name_reserved")),
    mirror="proto-enum-value-added",
    migration="Stop using {old}.",
)
_add(
    "proto-enum-value-removed",
    B,
    "enum-value.removed",
    "{where} was removed (its number and name are reserved)",
    "An enum value was deleted with its number and name reserved.",
    "Generated code that names it no longer compiles.",
    aliases=("ENUM_VALUE_NO_DELETE",),
    touches="package",
    when=_all(_is("number_reserved"), _is("name_reserved")),
    mirror="proto-enum-value-added",
    migration="Stop using {old}.",
)
_add(
    "proto-enum-value-added-to-response",
    D,
    "enum-value.added",
    "{where} was added to an enum that responses return",
    "An enum value was added where clients receive the enum.",
    "Clients with exhaustive handling meet a value they do not know.",
    when=_is("in_response"),
    mirror="proto-enum-value-removed",
    migration="Handle unknown enum values.",
)
_add(
    "proto-enum-value-added",
    S,
    "enum-value.added",
    "{where} was added",
    "An enum value was added where clients only send the enum.",
    "Clients may keep sending the values they know.",
    mirror="proto-enum-value-removed",
)
_add(
    "proto-enum-value-renamed",
    B,
    "enum-value.name.changed",
    "{where} was renamed from {old} to {new}",
    "An enum value was renamed (same number).",
    "JSON sends enum values by name; generated code names it.",
    aliases=("ENUM_VALUE_SAME_NAME",),
    touches="json",
    waiver="one fact with both values",
    migration="Use {new}.",
)
_add(
    "proto-enum-value-alias-removed",
    B,
    "enum-value.alias.removed",
    "{where}: the alias {old} was removed",
    "A name of an aliased enum value was removed.",
    "JSON clients sending that name are rejected; code naming it no longer compiles.",
    touches="json",
    waiver="adding an alias is safe",
    migration="Use the remaining name.",
)
_add(
    "proto-enum-value-deprecated",
    S,
    "enum-value.deprecated.added",
    "{where} was deprecated",
    "An enum value was marked deprecated.",
    "Nothing changes yet; it announces a removal.",
    waiver="undeprecation is rare",
)

# -- services and RPCs -----------------------------------------------------------------------
_add(
    "proto-service-removed",
    B,
    "service.removed",
    "service {old} was removed",
    "A service was deleted.",
    "Every RPC of the service answers `UNIMPLEMENTED`: its gRPC paths are gone.",
    aliases=("PACKAGE_SERVICE_NO_DELETE",),
    touches="wire",
    mirror="proto-service-added",
    migration="Stop calling {old}.",
    notes="buf reports it under FILE and PACKAGE only; a client calling it breaks whatever "
    "it was generated from.",
)
_add(
    "proto-service-added",
    S,
    "service.added",
    "service {new} was added",
    "A service was added.",
    _NO_CHANGE,
    mirror="proto-service-removed",
)
_add(
    "proto-service-moved-file",
    B,
    "service.file.changed",
    "{where} moved from file {old} to {new}",
    "A service moved to another file of its package.",
    "Languages that generate per file find its stubs elsewhere.",
    aliases=("SERVICE_NO_DELETE",),
    touches="file",
    waiver="a move has both ends",
    migration="Import the generated code of {new}.",
)
_add(
    "proto-service-deprecated",
    S,
    "service.deprecated.added",
    "{where} was deprecated",
    "A service was marked deprecated.",
    "Nothing changes yet; it announces a removal.",
    waiver="undeprecation is rare",
)
_add(
    "rpc-removed",
    B,
    "rpc.removed",
    "{where} was removed",
    "An RPC was deleted.",
    "Clients calling it get `UNIMPLEMENTED`.",
    aliases=("RPC_NO_DELETE",),
    touches="wire",
    mirror="rpc-added",
    migration="Stop calling the RPC.",
    notes="buf reports it under FILE and PACKAGE only; the gRPC path is gone for every "
    "client, so apidiff breaks under `wire` too.",
)
_add(
    "rpc-added",
    S,
    "rpc.added",
    "{where} was added",
    "An RPC was added.",
    _NO_CHANGE,
    mirror="rpc-removed",
)
for _part, _buf, _name in (("input", "REQUEST", "request"), ("output", "RESPONSE", "response")):
    _add(
        f"rpc-{_name}-type-changed",
        B,
        f"rpc.{_part}.changed",
        f"{{where}}: the {_name} type changed from {{old}} to {{new}}",
        f"An RPC's {_name} message type changed.",
        f"The {_name} is decoded as another message.",
        aliases=(f"RPC_SAME_{_buf}_TYPE",),
        touches="wire",
        waiver="one fact with both values",
        migration=f"Use {{new}} as the {_name}.",
    )
for _side in ("client", "server"):
    _add(
        f"rpc-{_side}-streaming-changed",
        B,
        f"rpc.{_side}-streaming.changed",
        f"{{where}}: {_side} streaming changed from {{old}} to {{new}}",
        f"An RPC's {_side} streaming changed.",
        "The call's framing changes: generated stubs and the calls made differ.",
        aliases=(f"RPC_SAME_{_side.upper()}_STREAMING",),
        touches="wire",
        waiver="one fact with both values",
        migration="Regenerate and change how you call it.",
    )
_add(
    "rpc-idempotency-changed",
    B,
    "rpc.idempotency.changed",
    "{where}: the idempotency level changed from {old} to {new}",
    "An RPC's `idempotency_level` changed.",
    "Clients retry, cache or use GET (gRPC-Web, Connect) by it.",
    aliases=("RPC_SAME_IDEMPOTENCY_LEVEL",),
    touches="wire",
    waiver="one fact with both values",
    migration="Review retries of the call.",
)
_add(
    "rpc-deprecated",
    S,
    "rpc.deprecated.added",
    "{where} was deprecated",
    "An RPC was marked deprecated.",
    "Nothing changes yet; it announces a removal.",
    waiver="undeprecation is rare",
)
_add(
    "rpc-http-binding-changed",
    B,
    "rpc.http.changed",
    "{where}: the HTTP binding changed from {old} to {new}",
    "An RPC's `google.api.http` binding (verb, path, body) changed.",
    "REST clients of the gRPC-transcoded API call a path or verb that no longer exists.",
    touches="json",
    mirror="rpc-http-binding-added",
    migration="Call {new}.",
    notes="buf does not compare custom options.",
)
_add(
    "rpc-http-binding-removed",
    B,
    "rpc.http.removed",
    "{where}: the HTTP binding {old} was removed",
    "An RPC's `google.api.http` binding was removed.",
    "REST clients of the gRPC-transcoded API can no longer call it.",
    touches="json",
    mirror="rpc-http-binding-added",
    migration="Call it over gRPC.",
)
_add(
    "rpc-http-binding-added",
    S,
    "rpc.http.added",
    "{where}: the HTTP binding {new} was added",
    "An RPC gained a `google.api.http` binding.",
    _NO_CHANGE,
    mirror="rpc-http-binding-removed",
)
_add(
    "rpc-lro-type-changed",
    B,
    "rpc.lro.changed",
    "{where}: the long-running operation's {part} changed from {old} to {new}",
    "A `google.longrunning.operation_info` response or metadata type changed.",
    "Clients unpack the operation's `Any` by that type: they fail or misread it.",
    touches="wire",
    waiver="one fact with both values",
    migration="Unpack the operation's {part} as {new}.",
    notes="buf does not compare custom options.",
)
