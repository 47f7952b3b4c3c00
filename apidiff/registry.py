"""Every format apidiff reads, in one list: the only module that names them all.

Two words, used the same way everywhere:

- A **format** is a kind of document with its own loader: ``openapi`` (3.0 and 3.1),
  ``swagger`` (2.0), ``graphql`` (SDL and introspection). Its name is what a configuration's
  ``format = ...`` says, and ``fixtures/<name>/`` holds its rule fixtures. A loaded contract
  says which **dialect** it is (``Contract.format``: ``openapi-3.1``, ``swagger-2.0``).
- A **family** is the formats that compare with each other and share one comparison and one
  rule set: Swagger 2.0 is converted into OpenAPI's model on the way in, so ``openapi`` and
  ``swagger`` are one family. A rule applies to families (``Rule.families``).

Adding a format is its own modules (loader, comparison, rules, fixtures) plus one ``Format``
line here, and a ``Family`` line if it compares with nothing that exists. Entries name their
code by import path, resolved on first use: this module imports nothing of apidiff, so every
stage may read it, and a run on OpenAPI never imports graphql-core.

A format offers either or both ways in, each a cheap test (in a light module) and a loader
function (in ``loader``, imported only once the test said yes):

- ``sniff(sources) -> bool``: the raw text is this format, asked before any YAML/JSON parse
  (formats that are not YAML/JSON, such as GraphQL SDL); then the loader's
  ``load_sources(sources, options) -> Contract``;
- ``detect(data) -> dialect | None`` on a parsed YAML/JSON document (it may raise an
  ``InputError`` for a version it recognises but does not support); then the loader's
  ``load_document(doc, source, dialect, options) -> Contract``.

Two more hooks, for formats that are not text or not one file:

- ``binary(data: bytes) -> bool``: the raw bytes of a file are a binary document of this
  format (a Protobuf descriptor set), asked by ``sources`` before the bytes are decoded as
  text; such a source has ``data`` set and an empty ``text``;
- ``start(sources, options) -> () -> Contract``: begin loading on another core (a child
  process) and return what finishes it; ``formats.load_pair`` loads NEW meanwhile.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "ASYNCAPI_FAMILY",
    "ASYNCAPI_FORMAT",
    "FAMILIES",
    "FORMATS",
    "Family",
    "Format",
    "OperationHooks",
    "Profile",
    "family_of",
    "format_named",
    "format_of",
    "hook",
    "register",
]


@dataclass(frozen=True, slots=True)
class Profile:
    """A consumer whose breakage counts: how much each surface a rule touches weighs for it.

    A rule says what a change touches (``Rule.touches``: ``sdk`` for generated clients,
    ``codegen`` for typed GraphQL clients ...); a profile maps surfaces to the severity a
    change of them has for its consumer. Surfaces it does not name keep the rule's own
    severity. The diff runs once whatever the profile; only the verdict moves.
    """

    name: str
    about: str  # for people: whose breakage counts
    weigh: dict[str, str]  # surface -> breaking | dangerous | safe


@dataclass(frozen=True, slots=True)
class Family:
    """Formats that compare with each other: one comparison, one rule set."""

    name: str
    compare: str  # "module:function" (old: Contract, new: Contract) -> list[Change]
    rules: tuple[str, ...]  # modules whose import registers the family's rules, in claim order
    # Whether removal dates can be read from the contract file's git history (the
    # deprecation policy's min-days without an explicit date); needs YAML/JSON documents.
    dated_history: bool = False
    # Client operations checked against both versions (``--operations``), when the family
    # has such a thing: see ``OperationHooks``.
    operations: OperationHooks | None = None
    # The consumers a verdict can be judged for; the first is the default.
    profiles: tuple[Profile, ...] = ()
    # Families whose rules this one judges with too (``rules.catalog.share``): their rule
    # modules load before this family's.
    shares: tuple[str, ...] = ()

    def profile(self, name: str | None) -> Profile | None:
        """The profile called ``name`` (the default for None); None when there is none."""
        if name is None:
            return self.profiles[0] if self.profiles else None
        return next((p for p in self.profiles if p.name == name), None)


@dataclass(frozen=True, slots=True)
class OperationHooks:
    """Three "module:function" paths: ``load(patterns, max_bytes, roots=)`` reads a client's
    operations; ``broken(operations, old, new)`` gives a change for each that breaks (before
    classification, like every change); ``annotate(findings, operations)`` lists each
    finding's users (judgement)."""

    load: str
    broken: str
    annotate: str


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    family: str
    title: str  # for people: "OpenAPI"
    dialects: tuple[str, ...]  # what ``Contract.format`` says for a contract of this format
    loader: str  # module with ``load_sources`` / ``load_document``
    hint: str  # what marks a document as this format, for "not a ... document" errors
    sniff: str | None = None  # "module:function" (sources) -> bool
    detect: str | None = None  # "module:function" (data) -> dialect | None
    suffixes: tuple[str, ...] = ()  # files a folder of this format is made of
    # Other files a folder of this format is read with, by exact name (``buf.yaml``).
    folder_files: tuple[str, ...] = ()
    binary: str | None = None  # "module:function" (data: bytes) -> bool
    start: str | None = None  # "module:function" (sources, options) -> () -> Contract
    fixtures: str = ""  # folder under fixtures/ (the name, unless set)
    unchanged: str = ""  # folder of pairs that must give no finding
    # What ``Contract.version`` is: "semver" (info.version: 1.4.2, or a calendar date), or
    # "package" (Protobuf: the packages' vN suffix, where a breaking change needs v(N+1)).
    versions: str = "semver"

    @property
    def fixture_folder(self) -> str:
        return self.fixtures or self.name


FAMILIES: dict[str, Family] = {}
# Asked in this order: every ``sniff`` on the raw text first, then every ``detect``.
FORMATS: list[Format] = []


def register(entry: Format | Family, *, before: str | None = None) -> None:
    """Add a family or a format (a test registers a made-up one the same way); ``before``
    names the format it must be asked before (detection is in list order)."""
    if isinstance(entry, Family):
        FAMILIES[entry.name] = entry
        return
    if entry.family not in FAMILIES:
        raise ValueError(f"format {entry.name!r}: unknown family {entry.family!r}")
    if any(f.name == entry.name for f in FORMATS):
        raise ValueError(f"duplicate format {entry.name!r}")
    at = next((i for i, f in enumerate(FORMATS) if f.name == before), len(FORMATS))
    FORMATS.insert(at, entry)


def format_named(name: str) -> Format | None:
    return next((f for f in FORMATS if f.name == name), None)


def format_of(dialect: str) -> Format | None:
    """The format a loaded contract (``Contract.format``) is of."""
    return next((f for f in FORMATS if dialect in f.dialects), None)


def family_of(dialect: str) -> Family:
    fmt = format_of(dialect)
    if fmt is None:
        raise ValueError(f"no registered format produces {dialect!r}")
    return FAMILIES[fmt.family]


_HOOKS: dict[str, Callable[..., Any]] = {}


def hook(path: str, name: str | None = None) -> Callable[..., Any]:
    """The function at ``module:function`` (or ``name`` in ``module``), imported once."""
    key = path if name is None else f"{path}:{name}"
    found = _HOOKS.get(key)
    if found is None:
        module, _, attr = key.partition(":")
        found = _HOOKS[key] = getattr(importlib.import_module(module), attr)
    return found


# -- the formats ----------------------------------------------------------------------------
register(
    Family(
        "openapi",
        compare="apidiff.diff.openapi:compare",
        rules=(
            # First: a removal before its sunset claims the change ahead of plain removals.
            "apidiff.rules.lifecycle",
            "apidiff.rules.bodies",
            "apidiff.rules.components",
            "apidiff.rules.operations",
            "apidiff.rules.parameters",
            "apidiff.rules.properties",
            "apidiff.rules.responses",
            "apidiff.rules.security",
            "apidiff.rules.servers",
            "apidiff.rules.table",
        ),
        dated_history=True,
        profiles=(
            Profile("http", "clients that speak HTTP to the API, by hand or with a library", {}),
            Profile(
                "sdk",
                "clients generated from the contract: names and closed enums are their API",
                {"sdk": "breaking"},
            ),
        ),
    )
)
register(
    Family(
        "graphql",
        compare="apidiff.diff.graphql:compare",
        rules=("apidiff.rules.graphql",),
        operations=OperationHooks(
            load="apidiff.formats.operations:load_operations",
            broken="apidiff.diff.usage:broken_operations",
            annotate="apidiff.judge.usage:annotate",
        ),
        profiles=(
            Profile("default", "clients that send operations and read what they selected", {}),
            Profile(
                "codegen",
                "typed clients generated from the schema, with exhaustive enums and unions",
                {"codegen": "breaking"},
            ),
        ),
    )
)
register(
    Format(
        "openapi",
        family="openapi",
        title="OpenAPI",
        dialects=("openapi-3.0", "openapi-3.1"),
        loader="apidiff.formats.openapi",
        hint="no 'openapi' field",
        detect="apidiff.formats.openapi:detect_openapi",
        unchanged="unchanged",
    )
)
register(
    Format(
        "swagger",
        family="openapi",
        title="Swagger",
        dialects=("swagger-2.0",),
        loader="apidiff.formats.swagger",
        hint="no 'swagger' field",
        detect="apidiff.formats.openapi:detect_swagger",
        fixtures="swagger2",
        unchanged="swagger2-unchanged",
    )
)
register(
    Format(
        "graphql",
        family="graphql",
        title="GraphQL",
        dialects=("graphql",),
        loader="apidiff.formats.sdl",
        hint="no '__schema' field, and not GraphQL SDL",
        sniff="apidiff.formats.detect:sniff_sdl",
        detect="apidiff.formats.detect:detect_introspection",
        suffixes=(".graphql", ".graphqls", ".gql"),
        unchanged="graphql-unchanged",
    )
)


# -- Protobuf --------------------------------------------------------------------------------
# buf's four breaking categories as consumer profiles. A rule touches the lowest category it
# belongs to (wire < json < package < file; ``type-name`` is a message or enum renamed with the
# same shape, which buf reports as a deletion); a profile makes what its consumer cannot
# notice safe. A rename stays dangerous under the encodings' profiles: ``Any`` carries names.
PROTOBUF_FAMILY = Family(
    "protobuf",
    compare="apidiff.diff.protobuf:compare",
    rules=("apidiff.rules.protobuf",),
    profiles=(
        Profile(
            "file",
            "generated code, per file (buf's FILE category; the default)",
            {"wire": "breaking"},
        ),
        Profile(
            "package",
            "generated code, per package (buf's PACKAGE): moves between files are free",
            {"wire": "breaking", "file": "safe"},
        ),
        Profile(
            "wire-json",
            "the binary and JSON encodings (buf's WIRE_JSON): generated code is not judged",
            {"wire": "breaking", "file": "safe", "package": "safe", "type-name": "dangerous"},
        ),
        Profile(
            "wire",
            "the binary encoding only (buf's WIRE): names and JSON are not judged",
            {
                "wire": "breaking",
                "file": "safe",
                "package": "safe",
                "json": "safe",
                "type-name": "dangerous",
            },
        ),
    ),
)
PROTOBUF_FORMAT = Format(
    "protobuf",
    family="protobuf",
    title="Protobuf",
    dialects=("protobuf",),
    loader="apidiff.formats.protobuf",
    hint="not a .proto file, a folder of them, or a FileDescriptorSet",
    sniff="apidiff.formats.detect:sniff_protobuf",
    binary="apidiff.formats.detect:is_descriptor_set",
    start="apidiff.formats.protobuf:start_sources",
    suffixes=(".proto",),
    folder_files=("buf.yaml", "buf.work.yaml"),
    unchanged="protobuf-unchanged",
    versions="package",
)
register(PROTOBUF_FAMILY)
# Before GraphQL: its ``sniff_sdl`` claims any list of more than one source.
register(PROTOBUF_FORMAT, before="graphql")


# -- AsyncAPI ----------------------------------------------------------------------------------
# AsyncAPI 2.x and 3.0: one family (a 2.x document and its 3.0 migration compare as no
# change). Its rules share the schema table and the HTTP family's security, server and
# deprecation rules under their ids (rules/asyncapi.py), so it is registered after OpenAPI.
ASYNCAPI_FAMILY = Family(
    "asyncapi",
    compare="apidiff.diff.asyncapi:compare",
    rules=("apidiff.rules.asyncapi",),
    shares=("openapi",),
    dated_history=True,
    profiles=(
        Profile(
            "default",
            "consumers and producers that read and write messages by hand or with a library",
            {},
        ),
        Profile(
            "sdk",
            "code generated from the contract's payloads: names and closed enums are its API",
            {"sdk": "breaking"},
        ),
    ),
)
ASYNCAPI_FORMAT = Format(
    "asyncapi",
    family="asyncapi",
    title="AsyncAPI",
    # One dialect per major version (see detect_asyncapi); the exact version is the body's.
    dialects=("asyncapi-2", "asyncapi-3"),
    loader="apidiff.formats.asyncapi",
    hint="no 'asyncapi' field",
    detect="apidiff.formats.detect:detect_asyncapi",
    unchanged="asyncapi-unchanged",
)
register(ASYNCAPI_FAMILY)
register(ASYNCAPI_FORMAT)
