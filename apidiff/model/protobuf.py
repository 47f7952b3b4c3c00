"""Protobuf's part of the common model: ``Contract.body`` of a Protobuf contract (its methods
are also ``Contract.operations``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..frozen import fast_init
from . import Location

# -- Protobuf ----------------------------------------------------------------------------------
# What ``formats.protobuf`` loads from a FileDescriptorSet (compiled by protoc, or given).
# Names are full names without the leading dot (``google.storage.v2.Bucket``); a node's
# ``Location`` has the file's name and, as pointer, the element's full name (a field
# ``pkg.Msg.field``, an enum value ``pkg.Enum.VALUE``, an RPC ``pkg.Service.Method``, a file
# option ``path/to/file.proto#java_package``); line and column come from the file's
# source_code_info. Everything here is built once by the loader and never changed.


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoHttpRule:
    """A ``google.api.http`` binding (REST transcoding): verb, path template, body."""

    method: str  # get | put | post | delete | patch, or a custom verb's kind
    path: str
    body: str = ""
    response_body: str = ""
    additional_bindings: tuple[ProtoHttpRule, ...] = ()
    custom: bool = False  # ``custom: {kind: ..., path: ...}``


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoOperationInfo:
    """``google.longrunning.operation_info``: what a long-running operation resolves to, as
    written (a name relative to the method's package, or a full name)."""

    response_type: str = ""
    metadata_type: str = ""


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoMapEntry:
    """A map field's key and value (its synthetic ``...Entry`` message is not shown as one)."""

    key_type: str  # a scalar type name: string, int64, ...
    value_type: str  # a scalar type name, ``message`` or ``enum``
    value_type_name: str | None = None  # the message or enum, for those


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoField:
    """A message field or an extension.

    ``type`` is the protobuf keyword (``int32``, ``string``, ``bytes``, ``message``, ``enum``,
    ``group``); ``type_name`` the full name of a message or enum. ``cardinality`` is
    ``optional``, ``required`` or ``repeated`` (maps are ``repeated`` with ``map`` set).
    ``presence`` is ``explicit`` (has-ers: proto2 optional, proto3 ``optional``, message
    fields, oneof members, editions EXPLICIT), ``implicit`` (proto3 scalars), ``required``
    (proto2 required, editions LEGACY_REQUIRED) or ``none`` (repeated and maps).
    ``proto3_optional``: written ``optional`` in a proto3 file (its synthetic oneof is not
    a ``ProtoOneof``); ``oneof`` names a real oneof only.
    """

    name: str
    full_name: str
    number: int
    json_name: str
    type: str
    location: Location
    type_name: str | None = None
    cardinality: str = "optional"
    presence: str = "explicit"
    proto3_optional: bool = False
    oneof: str | None = None
    default: str | None = None  # as protoc writes it (proto2 / editions ``default = ...``)
    packed: bool = False  # encoded packed (explicitly, or by the syntax's default)
    string_type: str | None = None  # ctype / features.(pb.cpp).string_type: CORD, VIEW, ...
    deprecated: bool = False
    json_name_explicit: bool = False  # ``json_name = ...`` written in the file
    map: ProtoMapEntry | None = None
    field_behavior: tuple[str, ...] = ()  # google.api.field_behavior: REQUIRED, OUTPUT_ONLY ...
    extendee: str | None = None  # for an extension: the message it extends
    lazy: bool = False
    weak: bool = False
    utf8_validation: bool | None = None  # string fields: features.utf8_validation is VERIFY
    jstype: str = "JS_NORMAL"  # FieldOptions.jstype: JS_NORMAL, JS_STRING, JS_NUMBER


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoOneof:
    """A real oneof (not proto3 ``optional``'s synthetic one) and its members' names."""

    name: str
    full_name: str
    fields: tuple[str, ...]
    location: Location


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoReserved:
    """Reserved numbers (``ranges``: inclusive ``(start, end)``) and names of a message or
    enum, and its extension ranges (messages)."""

    ranges: tuple[tuple[int, int], ...] = ()
    names: tuple[str, ...] = ()


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoMessage:
    name: str
    full_name: str
    file: str  # the import path of the file it is in
    location: Location
    parent: str | None = None  # the message it is nested in
    fields: dict[str, ProtoField] = field(default_factory=dict)  # by name, in file order
    oneofs: dict[str, ProtoOneof] = field(default_factory=dict)
    nested_messages: tuple[str, ...] = ()  # full names (map entries not included)
    nested_enums: tuple[str, ...] = ()
    reserved: ProtoReserved = field(default_factory=ProtoReserved)
    extension_ranges: tuple[tuple[int, int], ...] = ()  # inclusive
    extensions: tuple[str, ...] = ()  # extensions declared inside it (full names)
    deprecated: bool = False
    map_entry: bool = False
    message_set_wire_format: bool = False
    no_standard_descriptor_accessor: bool = False
    # features.json_format in force: ALLOW, or LEGACY_BEST_EFFORT (proto2's default)
    json_format: str = "ALLOW"

    @property
    def by_number(self) -> dict[int, ProtoField]:
        return {f.number: f for f in self.fields.values()}


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoEnumValue:
    name: str
    full_name: str  # ``pkg.Enum.VALUE`` (protobuf scopes it beside the enum; shown in it)
    number: int
    location: Location
    deprecated: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoEnum:
    """An enum; ``closed`` as proto2 (unknown numbers are unknown fields), else open."""

    name: str
    full_name: str
    file: str
    location: Location
    parent: str | None = None
    values: dict[str, ProtoEnumValue] = field(default_factory=dict)  # by name, in file order
    allow_alias: bool = False
    closed: bool = False
    reserved: ProtoReserved = field(default_factory=ProtoReserved)
    deprecated: bool = False
    json_format: str = "ALLOW"  # as ProtoMessage's

    @property
    def aliases(self) -> dict[int, tuple[str, ...]]:
        """Numbers with more than one name."""
        names: dict[int, list[str]] = {}
        for value in self.values.values():
            names.setdefault(value.number, []).append(value.name)
        return {n: tuple(v) for n, v in names.items() if len(v) > 1}


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoMethod:
    name: str
    full_name: str  # ``pkg.Service.Method``; the gRPC path is ``/pkg.Service/Method``
    input_type: str
    output_type: str
    location: Location
    client_streaming: bool = False
    server_streaming: bool = False
    idempotency_level: str = "IDEMPOTENCY_UNKNOWN"  # NO_SIDE_EFFECTS | IDEMPOTENT
    deprecated: bool = False
    http: ProtoHttpRule | None = None
    operation_info: ProtoOperationInfo | None = None


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoService:
    name: str
    full_name: str
    file: str
    location: Location
    methods: dict[str, ProtoMethod] = field(default_factory=dict)  # by name, in file order
    deprecated: bool = False


@fast_init
@dataclass(frozen=True, slots=True)
class ProtoFile:
    """One ``.proto`` file. ``options`` holds the file options that are set (``java_package``,
    ``go_package``, ``objc_class_prefix``, ``optimize_for``, ...), by their descriptor names.
    ``imported``: not part of the contract, only there because something imports it (the
    well-known types, files from ``--proto-path`` roots, a descriptor set's imports)."""

    name: str  # import path: google/storage/v2/storage.proto
    package: str
    syntax: str  # proto2 | proto3 | editions
    location: Location
    edition: str | None = None  # "2023", "2024" for editions files
    options: dict[str, Any] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    public_dependencies: tuple[str, ...] = ()
    weak_dependencies: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()  # top-level, full names
    enums: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    imported: bool = False
    deprecated: bool = False
    # A digest of the file's compiled descriptor: two sides' files with the same digest (and
    # ``imported``) hold the same elements, so a comparison may share them (and skip them).
    digest: bytes = b""


@dataclass(slots=True)
class ProtoSchema:
    """A Protobuf contract's ``Contract.body``: every file, and every message, enum, service
    and extension by full name (nested ones included); ``packages`` lists each package's
    files. Imported files' elements are here too (a field's type may be one), flagged by
    their file's ``imported``."""

    files: dict[str, ProtoFile] = field(default_factory=dict)
    packages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    messages: dict[str, ProtoMessage] = field(default_factory=dict)
    enums: dict[str, ProtoEnum] = field(default_factory=dict)
    services: dict[str, ProtoService] = field(default_factory=dict)
    extensions: dict[str, ProtoField] = field(default_factory=dict)
    # Import path -> the name this side's reports give the file: a file shared with the other
    # side keeps that side's locations, which a finding on this side renames with this.
    shown: dict[str, str] = field(default_factory=dict)

    def imported(self, file: str) -> bool:
        found = self.files.get(file)
        return found is not None and found.imported
