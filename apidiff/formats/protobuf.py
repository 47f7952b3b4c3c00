"""Protobuf: ``.proto`` files (a file, a folder that is an import root, ``buf.yaml`` modules)
or a ``FileDescriptorSet`` / buf image -> the common model.

``.proto`` files are compiled by protoc (``formats.protoc``: a child process with limits, on a
private copy of the files apidiff read); descriptors are read with ``descriptor_pb2``. No
home-made ``.proto`` parser: protoc alone decides what a file means. Only where a compiled
file's elements are (line, column) is read from its text (``formats.proto_positions``), as
protoc's source info would cost a quarter of the compile; a descriptor set keeps its own.
Methods become ``Contract.operations`` (``pkg.Service/Method``, kind ``rpc``); everything
else is a ``ProtoSchema`` in ``Contract.body``. The contract's
format (dialect) is ``protobuf`` whatever the files' syntax: one contract mixes proto2,
proto3 and editions files, so the syntax is each ``ProtoFile``'s.

Annotations clients depend on (``google.api.http``, ``google.api.field_behavior``,
``google.longrunning.operation_info``) are extension options: they are decoded from the
options' bytes by their field numbers with a small wire-format reader, so neither
googleapis-common-protos nor the annotation ``.proto`` files are needed.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import sources as _sources
from ..errors import InputError, LimitError
from ..model import Contract, Location, Operation, Stability
from ..model.protobuf import (
    ProtoEnum,
    ProtoEnumValue,
    ProtoField,
    ProtoFile,
    ProtoHttpRule,
    ProtoMapEntry,
    ProtoMessage,
    ProtoMethod,
    ProtoOneof,
    ProtoOperationInfo,
    ProtoReserved,
    ProtoSchema,
    ProtoService,
)
from ..sources import Source
from . import proto_positions, protoc
from .options import LoadOptions


@functools.cache
def _pb() -> Any:
    """``descriptor_pb2``, imported on first use: importing the protobuf runtime costs 20-40
    ms, which ``start_sources`` spends while protoc compiles rather than before it starts."""
    from google.protobuf import descriptor_pb2

    return descriptor_pb2


__all__ = ["LIMITS", "load_descriptor_set", "load_sources", "start_sources"]

LIMITS = protoc.Limits()  # protoc's time, memory and output limits (tests lower them)
_CONFIGS = ("buf.yaml", "buf.work.yaml")
_WKT = "google/protobuf/"
_MAX_BUF_ROOTS = 1000
_VERSION = re.compile(r"(?:^|\.)(v\d+)(?:(alpha|beta|test)\d*)?$")
_MISSING_EXTRA = (
    "Protobuf input needs apidiff's `protobuf` extra (protoc from grpcio-tools, and protobuf): "
    "pip install 'apidiff[protobuf]'"
)


def _has_runtime() -> bool:
    """The protobuf runtime is installed (found without importing it)."""
    try:
        return importlib.util.find_spec("google.protobuf") is not None
    except (ImportError, ValueError):  # a parent that is not a package; a blocked module
        return False


def _require(name: str | None) -> None:
    if not _has_runtime() or not protoc.available():
        raise InputError(_MISSING_EXTRA, file=name)


# -- the registry's ways in --------------------------------------------------------------------


def load_sources(sources: list[Source], options: LoadOptions | None = None) -> Contract:
    return start_sources(sources, options)()


def start_sources(
    sources: list[Source], options: LoadOptions | None = None
) -> Callable[..., Contract]:
    """Begin loading (protoc runs in a child process meanwhile); the result finishes it."""
    options = options or LoadOptions()
    _require(sources[0].name if sources else None)
    binary = [s for s in sources if s.data is not None]
    if binary:
        if len(sources) > 1:
            raise InputError(
                "a descriptor set is a whole contract: give it alone, not in a folder of files",
                file=binary[0].name,
            )
        source = binary[0]
        return lambda peer=None: load_descriptor_set(source.data or b"", source.name)
    files, targets, names, display = _gather(sources, options)
    total = sum(len(data) for data in files.values())
    if total > options.max_bytes:
        raise LimitError(
            f"files and their import roots add up to more than the limit of {options.max_bytes} "
            "bytes",
            file=display,
        )
    running = protoc.start(files, targets, names, limits=LIMITS, source_info=False)

    def finish(peer: Contract | None = None) -> Contract:
        """The contract; ``peer``: the other side, loaded already, whose files this one
        shares where their compiled descriptors are the same (a year of googleapis changes
        a fifth of its files: the rest is built once and compared not at all)."""
        _pb()  # while protoc runs (both sides' compiles have started by now)
        data = running.result()
        shared = peer.body if peer is not None and isinstance(peer.body, ProtoSchema) else None
        fds = _parse_set(data, display)
        return _build(
            fds,
            display,
            names,
            set(targets),
            digests=_digests(data, fds, files),
            peer=shared,
            texts=files,
        )

    finish.close = running.close  # type: ignore[attr-defined]  # its result is not wanted
    return finish


def load_descriptor_set(data: bytes, name: str) -> Contract:
    """A ``FileDescriptorSet`` or buf image, validated by building it in a descriptor pool."""
    _require(name)
    fds = _parse_set(data, name)
    imported = _validate(fds, name)
    targets = {f.name for f in fds.file if f.name not in imported}
    return _build(fds, name, {}, targets, digests=_digests(data, fds))


def _parse_set(data: bytes, name: str) -> Any:
    from google.protobuf.message import DecodeError

    try:
        return _pb().FileDescriptorSet.FromString(data)
    except DecodeError as exc:
        raise InputError(f"not a valid FileDescriptorSet ({_first_line(exc)})", file=name) from None
    except RecursionError:
        raise InputError("descriptor set nesting is too deep", file=name) from None


def _validate(fds: Any, name: str) -> set[str]:
    """Build every file in a fresh pool (references, numbers, names checked by protobuf);
    the import paths a buf image marks as imports (or the well-known types) come back."""
    from google.protobuf import descriptor_pool

    _check_text(fds, name)
    pool = descriptor_pool.DescriptorPool()
    imported: set[str] = set()
    seen: set[str] = set()
    for file in fds.file:
        if not file.name:
            raise InputError("descriptor set has a file without a name", file=name)
        if file.name in seen:
            raise InputError(f"descriptor set has {file.name!r} twice", file=name)
        seen.add(file.name)
        if _buf_is_import(file) or (file.name.startswith(_WKT) and not file.service):
            imported.add(file.name)
        try:
            pool.Add(file)
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(
                f"invalid descriptor set: {_first_line(exc)}", file=f"{name}:{file.name}"
            ) from None
        except RecursionError:
            raise InputError("descriptor set nesting is too deep", file=name) from None
    for file in fds.file:
        try:
            pool.FindFileByName(file.name)
        except (TypeError, ValueError, KeyError) as exc:
            raise InputError(
                f"invalid descriptor set: {_first_line(exc)}", file=f"{name}:{file.name}"
            ) from None
    return imported


def _check_text(fds: Any, name: str) -> None:
    """Every string of a given descriptor set is UTF-8 text: descriptor.proto is proto2, whose
    parser hands back bytes for a string that is not, and no name, option or default may
    reach the model as bytes. (``source_code_info`` is not read beyond its spans.)"""
    string = 9  # FieldDescriptor.TYPE_STRING
    stack = [fds]
    while stack:
        message = stack.pop()
        for descriptor, value in message.ListFields():
            if descriptor.name == "source_code_info":
                continue
            values = value if _repeated(descriptor) else (value,)
            if descriptor.type == string:
                if any(isinstance(v, bytes) for v in values):
                    raise InputError(
                        f"descriptor set has a {descriptor.name} that is not UTF-8 text", file=name
                    )
            elif descriptor.message_type is not None:
                stack.extend(values)


def _repeated(descriptor: Any) -> bool:
    found = getattr(descriptor, "is_repeated", None)  # protobuf 6+; ``label`` before
    return bool(found) if found is not None else descriptor.label == 3


def _buf_is_import(file: Any) -> bool:
    """buf images mark imported files in ``buf_extension`` (field 8042, ``is_import`` = 1)."""
    try:
        fields = _wire(_unknown_bytes(file))
    except _Malformed:
        return False
    for raw in fields.get(8042, ()):
        if isinstance(raw, bytes):
            try:
                return bool(_first(_wire(raw), 1, 0))
            except _Malformed:
                return False
    return False


def _unknown_bytes(message: Any) -> bytes:
    from google.protobuf.unknown_fields import UnknownFieldSet

    out = bytearray()
    for item in UnknownFieldSet(message):
        if item.field_number == 8042 and item.wire_type == 2:
            out += _tag(8042, 2) + _varint_bytes(len(item.data)) + item.data
    return bytes(out)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


# -- sources -> files for protoc ---------------------------------------------------------------


def _gather(
    sources: list[Source], options: LoadOptions
) -> tuple[dict[str, bytes], list[str], dict[str, str], str]:
    """(import path -> bytes, target import paths, import path -> shown name, contract name)."""
    display = _display_name(sources)
    by_relative = {_relative(s): s for s in sources}
    roots, excludes = _module_roots(by_relative, options)
    files: dict[str, bytes] = {}
    names: dict[str, str] = {}
    for relative, source in sorted(by_relative.items()):
        if not relative.endswith(".proto"):
            continue
        if any(relative == e or relative.startswith(e + "/") for e in excludes):
            continue
        root = max(
            (r for r in roots if r == "" or relative.startswith(r + "/")), default=None, key=len
        )
        if root is None:
            continue  # outside every module buf.yaml names, as buf leaves it
        path = relative[len(root) + 1 :] if root else relative
        protoc.check_import_path(path, source.name)
        if path in files:
            raise InputError(
                f"two files have the import path {path!r} (also {names[path]})", file=source.name
            )
        files[path] = source.text.encode("utf-8")
        names[path] = source.name
    if not files:
        raise InputError("no .proto files (inside the buf.yaml modules)", file=display)
    targets = sorted(files)
    for path, data, name in _extra_roots(sources, options):
        if path not in files:  # the contract's own files come first, as protoc's -I order
            files[path] = data
            names[path] = name
    return files, targets, names, display


def _relative(source: Source) -> str:
    if source.relative is not None:
        return source.relative
    if source.name == "<stdin>":
        return "stdin.proto"
    base = source.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return base if base.endswith(".proto") else base + ".proto"


def _display_name(sources: list[Source]) -> str:
    """The folder the user named (for a folder's files), else the one file's name."""
    first = sources[0]
    if len(sources) == 1 and first.relative is None:
        return first.name
    if first.relative is not None and first.name.endswith(first.relative):
        return first.name[: -len(first.relative)].rstrip("/") or "."
    return first.name


def _module_roots(
    by_relative: dict[str, Source], options: LoadOptions
) -> tuple[list[str], list[str]]:
    """Folders (relative to the given one) that are import roots, and excluded folders:
    ``buf.work.yaml``'s ``directories``, each module's ``buf.yaml`` (v1 ``roots`` /
    ``build.roots`` and ``build.excludes``; v2 ``modules[].path`` and ``excludes``)."""
    modules = [""]
    work = by_relative.get("buf.work.yaml")
    if work is not None:
        data = _yaml(work, options)
        modules = [_folder(d, work, "directories") for d in _strings(data, "directories", work)]
    roots: list[str] = []
    excludes: list[str] = []
    for module in modules:
        config = by_relative.get(posixpath.join(module, "buf.yaml") if module else "buf.yaml")
        if config is None:
            roots.append(module)
            continue
        data = _yaml(config, options)
        version = data.get("version")
        found: list[str] = []
        if version == "v2":
            entries = data.get("modules") or []
            if not isinstance(entries, list):
                raise InputError("'modules' must be a list", file=config.name)
            for entry in entries:
                if not isinstance(entry, dict) or not isinstance(entry.get("path", "."), str):
                    raise InputError("each of 'modules' needs a 'path' string", file=config.name)
                found.append(_folder(entry.get("path", "."), config, "modules[].path"))
                for exclude in _strings(entry, "excludes", config):
                    excludes.append(_folder(exclude, config, "excludes"))
            if not entries:
                found.append("")
        else:
            build = data.get("build")
            listed = _strings(data, "roots", config) + _strings(build, "roots", config)
            found.extend(_folder(r, config, "roots") for r in listed)
            excludes.extend(
                _folder(e, config, "build.excludes") for e in _strings(build, "excludes", config)
            )
            if not listed:
                found.append("")
        for root in found:  # v1 paths are relative to the module, v2's to buf.yaml's folder
            roots.append(posixpath.join(module, root) if module and root else module or root)
    if len(roots) > _MAX_BUF_ROOTS:
        raise LimitError(f"more than {_MAX_BUF_ROOTS} module roots", file=next(iter(by_relative)))
    return sorted(set(roots)), excludes


def _yaml(source: Source, options: LoadOptions) -> dict:
    """A buf configuration's top level: a mapping (an empty file is buf's defaults). Any
    other value is an error, not a configuration quietly ignored: the import roots it
    would have given decide what every import resolves to."""
    from .yamljson import parse

    data = parse(
        source.name, source.text, max_depth=min(options.max_depth, 64), max_nodes=10_000
    ).data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(
            "a buf configuration is a mapping (version:, modules: or directories: ...)",
            file=source.name,
            line=1,
        )
    return data


def _strings(data: Any, key: str, source: Source) -> list[str]:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{key!r} must be a list of folder names", file=source.name)
    return list(value)


def _folder(value: str, source: Source, key: str) -> str:
    """A folder a buf configuration names, normalised; it may not leave the given folder."""
    normal = posixpath.normpath(value.replace("\\", "/")) if value else "."
    if normal.startswith(("/", "../")) or normal == ".." or "\x00" in normal:
        raise InputError(f"{key} {value!r} leaves the folder, so it is not read", file=source.name)
    return "" if normal == "." else normal


def _extra_roots(sources: list[Source], options: LoadOptions) -> Iterator[tuple[str, bytes, str]]:
    """The ``.proto`` files of each ``--proto-path`` root: (import path, bytes, shown name)."""
    first = sources[0]
    for root in options.proto_paths:
        if not root:  # "" would be the current folder, or the whole revision
            raise InputError("--proto-path is empty: give a folder")
        if first.tree is not None:  # REV:path: the same revision's folder
            yield from _revision_root(first.tree, root, options)
        else:
            yield from _disk_root(first, root, options)


def _revision_root(tree: Any, root: str, options: LoadOptions) -> Iterator[tuple[str, bytes, str]]:
    normal = _sources.revision_folder(tree, root, "--proto-path")
    prefix = "" if normal == "." else normal + "/"
    for name in tree.files(normal, (".proto",)):
        source = _sources.revision_file(tree, name, options.max_bytes, prefix)
        yield source.relative or name, source.text.encode("utf-8"), source.name


def _disk_root(first: Source, root: str, options: LoadOptions) -> Iterator[tuple[str, bytes, str]]:
    folder = _disk_folder(root, _allowed_base(first, options))
    for path in sorted(Path(root).rglob("*.proto")):
        if not path.is_file():
            continue
        data = _sources.read_file(path, max_bytes=options.max_bytes, roots=(folder,))
        yield path.relative_to(root).as_posix(), data, str(path)


def _disk_folder(root: str, allowed: list[Path]) -> Path:
    """An import root on disk, resolved, or an error that says what is wrong with it: empty,
    no such folder, not a folder, or outside ``allowed``. A path that leaves through a
    symbolic link is refused whatever lies beyond the link (its existence is not told); one
    that is outside as written is the user's own, and a missing one is said to be missing."""
    _sources.check_name(root)
    what = "an import root (--proto-path, or a contract's proto-paths)"
    try:
        inside = [base.resolve() for base in allowed]
        target = Path(root).resolve()
    except (OSError, RuntimeError, ValueError):  # a link loop, an over-long name
        raise InputError(f"cannot resolve {what} (a symbolic link loop?)", file=root) from None
    if not any(target.is_relative_to(base) for base in inside):
        where = " or ".join(str(base) for base in inside)
        written = Path(os.path.normpath(os.path.abspath(root)))
        if any(written.is_relative_to(base) for base in allowed + inside):
            raise InputError(
                f"leads outside {where} through a symbolic link; {what} must lie inside, so it "
                "is not read",
                file=root,
            )
        if not os.path.lexists(written):
            raise InputError(f"no such folder, for {what}", file=root)
        raise InputError(f"is outside {where}, where {what} must lie", file=root)
    if not target.exists():
        raise InputError(f"no such folder, for {what}", file=root)
    if not target.is_dir():
        raise InputError(f"not a folder, for {what}", file=root)
    return target


def _allowed_base(first: Source, options: LoadOptions) -> list[Path]:
    """Where extra roots may lie: the configuration's roots, else the git repository around
    the contract, else the contract's folder."""
    if options.roots is not None:
        return list(options.roots)
    if first.path is None:
        return [Path.cwd()]
    folder = first.path.resolve().parent
    if first.relative is not None:
        for _ in range(first.relative.count("/")):
            folder = folder.parent
    return [_sources.repository_around(folder) or folder]


# -- descriptors -> model ----------------------------------------------------------------------

_TYPES = {
    1: "double", 2: "float", 3: "int64", 4: "uint64", 5: "int32", 6: "fixed64", 7: "fixed32",
    8: "bool", 9: "string", 10: "group", 11: "message", 12: "bytes", 13: "uint32", 14: "enum",
    15: "sfixed32", 16: "sfixed64", 17: "sint32", 18: "sint64",
}  # fmt: skip
_NOT_PACKABLE = {"string", "bytes", "message", "group"}
_LABELS = {1: "optional", 2: "required", 3: "repeated"}
_FIELD_BEHAVIOR = {
    0: "FIELD_BEHAVIOR_UNSPECIFIED", 1: "OPTIONAL", 2: "REQUIRED", 3: "OUTPUT_ONLY",
    4: "INPUT_ONLY", 5: "IMMUTABLE", 6: "UNORDERED_LIST", 7: "NON_EMPTY_DEFAULT", 8: "IDENTIFIER",
}  # fmt: skip
_IDEMPOTENCY = {0: "IDEMPOTENCY_UNKNOWN", 1: "NO_SIDE_EFFECTS", 2: "IDEMPOTENT"}
_CTYPE = {1: "CORD", 2: "STRING_PIECE"}
_CPP_STRING_TYPE = {1: "VIEW", 2: "CORD"}  # 3: STRING, the default
_HTTP, _OPERATION_INFO, _BEHAVIOR, _CPP_FEATURES = 72295728, 1049, 1052, 1000
# Feature defaults (field_presence, enum_type, repeated_field_encoding, utf8_validation,
# message_encoding, json_format) per syntax / edition: 1 = EXPLICIT/OPEN/PACKED/-/
# LENGTH_PREFIXED/ALLOW.
_PROTO2 = {1: 1, 2: 2, 3: 2, 4: 3, 5: 1, 6: 2}
_PROTO3 = {1: 2, 2: 1, 3: 1, 4: 2, 5: 1, 6: 1}
_EDITIONS = {1: 1, 2: 1, 3: 1, 4: 2, 5: 1, 6: 1}  # 2023 and 2024 agree on these
# ``features.(pb.cpp).string_type`` in the features dict: STRING by default, VIEW from 2024.
_CPP_KEY = "cpp.string_type"
_JSON_FORMAT = {1: "ALLOW", 2: "LEGACY_BEST_EFFORT"}
_JSTYPE = {0: "JS_NORMAL", 1: "JS_STRING", 2: "JS_NUMBER"}


# A field's children (FieldDescriptorProto's field numbers; "type" is type_name or type).
_FIELD_CHILDREN: dict[str, tuple[tuple[int, ...], ...]] = {
    "type": ((6,), (5,)),
    "number": ((3,),),
    "default": ((7,),),
    "json_name": ((10,),),
    "google.api.field_behavior": ((8, _BEHAVIOR),),
    "jstype": ((8, 6),),
}


class _Positions:
    """Line and column of a file's elements from its source_code_info, indexed on first use."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.paths: dict[str, tuple[int, ...]] = {}
        self.fields: set[str] = set()  # pointers that are fields: their children are known
        self._where: dict[tuple[int, ...], int] | None = None  # path -> its first location
        self._spans: dict[tuple[int, ...], tuple[int, int] | None] = {}

    def position(self, pointer: str) -> tuple[int, int] | None:
        while True:
            path = self.paths.get(pointer)
            if path is not None:
                found = self._span(path)
                if found is not None:
                    return found
            if "/" not in pointer:
                return None
            parent, _, child = pointer.rpartition("/")
            if parent in self.fields:  # a field's own children, found without marks
                for suffix in _FIELD_CHILDREN.get(child, ()):
                    found = self._span(self.paths[parent] + suffix)
                    if found is not None:
                        return found
            pointer = parent  # a child without a place: its parent's

    def _span(self, path: tuple[int, ...]) -> tuple[int, int] | None:
        """The first well-formed span recorded for ``path``. The index holds where each path
        is, not its span: a report asks for a few dozen of a file's thousands of locations,
        and every read of a span makes a protobuf container."""
        if path in self._spans:
            return self._spans[path]
        locations = self.file.source_code_info.location
        if self._where is None:
            where: dict[tuple[int, ...], int] = {}
            for index, location in enumerate(locations):
                where.setdefault(tuple(location.path), index)
            self._where = where
        found = None
        index = self._where.get(path)
        if index is not None:
            for at in range(index, len(locations)):
                location = locations[at]
                span = location.span
                if len(span) >= 3 and tuple(location.path) == path:
                    found = (span[0] + 1, span[1] + 1)
                    break
        self._spans[path] = found
        return found

    def prefetch(self, pointers: Any) -> None:
        """Nothing to batch: the index is built once."""


class _TextPositions(_Positions):
    """Positions read from the file's text (``proto_positions``), scanned when first asked:
    for ``.proto`` files apidiff compiled, which protoc gives no source info (it costs a
    quarter of the compile, for the few files a report points into)."""

    def __init__(self, texts: dict[str, bytes], name: str, resolve: Any) -> None:
        super().__init__(None)
        self.texts, self.name, self.resolve = texts, name, resolve
        self._scan: proto_positions.Scan | None = None

    def _span(self, path: tuple[int, ...]) -> tuple[int, int] | None:
        if path in self._spans:
            return self._spans[path]
        if self._scan is None:
            data = self.texts.get(self.name)
            if data is None:  # a well-known type from protoc's own include folder
                data = protoc.include_text(self.name) or b""
            self._scan = proto_positions.scan(data, self.resolve)
        found = self._scan.position(path)
        self._spans[path] = None if found is None else (found[0] + 1, found[1] + 1)
        return self._spans[path]


def _option_resolver(schema: ProtoSchema) -> Any:
    """Option names -> numbers for ``proto_positions``, with the extensions ``schema``
    declares (read when a scanned file first sets an extension option)."""

    def extensions() -> dict[str, tuple[str, int, bool]]:
        return {
            name: (field.extendee or "", field.number, field.cardinality == "repeated")
            for name, field in schema.extensions.items()
        }

    return proto_positions.options_resolver(_pb(), extensions)


class _Builder:
    def __init__(
        self,
        fds: Any,
        name: str,
        names: dict[str, str],
        targets: set[str],
        digests: list[bytes] | None = None,
        peer: ProtoSchema | None = None,
        texts: dict[str, bytes] | None = None,
    ) -> None:
        self.fds, self.name, self.names, self.targets = fds, name, names, targets
        self.digests, self.peer, self.texts = digests, peer, texts
        self.digest = b""
        self.schema = ProtoSchema()
        self.resolve = None if texts is None else _option_resolver(self.schema)
        self.pos: _Positions | None = None
        self.file_name = ""
        self.shown = ""
        self.syntax = "proto2"
        self.entries: dict[str, Any] = {}  # map entry messages by full name

    def loc(self, pointer: str, path: tuple[int, ...]) -> Location:
        assert self.pos is not None
        self.pos.paths.setdefault(pointer, path)
        return Location(self.shown, pointer, self.pos.position)

    def mark(self, pointer: str, path: tuple[int, ...]) -> None:
        """A child pointer (an option, an annotation) the resolver knows the place of."""
        assert self.pos is not None
        self.pos.paths.setdefault(pointer, path)

    def build(self) -> ProtoSchema:
        for file in self.fds.file:
            self._collect_entries(file.message_type, "." + file.package if file.package else "")
        shared = _by_file(self.peer) if self.peer is not None else {}
        for index, file in enumerate(self.fds.file):
            self.schema.shown[file.name] = self.names.get(file.name, file.name)
            self.digest = self.digests[index] if self.digests else b""
            theirs = self.peer.files.get(file.name) if self.peer is not None else None
            if (
                theirs is not None
                and self.digest
                and theirs.digest == self.digest
                and theirs.imported == (file.name not in self.targets)
            ):
                self._share(theirs, shared.get(file.name, ()))
            else:
                self.file(file)
        for package in sorted({f.package for f in self.schema.files.values()}):
            self.schema.packages[package] = tuple(
                sorted(f.name for f in self.schema.files.values() if f.package == package)
            )
        return self.schema

    def _share(self, file: ProtoFile, elements: Any) -> None:
        """The peer's file and its elements, as they are: the same descriptor, the same model
        (its locations name the peer's copy of the file, which no finding shows: an element
        of a file that did not change has nothing to report)."""
        assert self.peer is not None
        self.schema.files[file.name] = file
        for element in elements:
            if isinstance(element, ProtoMessage):
                self.schema.messages[element.full_name] = element
            elif isinstance(element, ProtoEnum):
                self.schema.enums[element.full_name] = element
            elif isinstance(element, ProtoService):
                self.schema.services[element.full_name] = element
            else:
                self.schema.extensions[element.full_name] = element

    def _collect_entries(self, messages: Any, scope: str) -> None:
        stack = [(m, scope) for m in messages]
        while stack:
            message, outer = stack.pop()
            full = f"{outer}.{message.name}"
            if message.options.map_entry:
                self.entries[full] = message
            stack.extend((m, full) for m in message.nested_type)

    def file(self, file: Any) -> None:
        self.file_name = file.name
        self.shown = self.names.get(file.name, file.name)
        if self.texts is None:
            self.pos = _Positions(file)
        else:
            self.pos = _TextPositions(self.texts, file.name, self.resolve)
        if file.syntax == "editions":
            self.syntax = "editions"
            edition = _pb().Edition.Name(file.edition) if file.edition else ""
            edition_name = edition.removeprefix("EDITION_") or None
            defaults = dict(_EDITIONS)
            defaults[_CPP_KEY] = "VIEW" if _edition_year(edition_name) >= 2024 else "STRING"
        else:
            self.syntax = "proto3" if file.syntax == "proto3" else "proto2"
            edition_name = None
            defaults = dict(_PROTO3 if self.syntax == "proto3" else _PROTO2)
        features = _features(file.options, defaults)
        package = file.package
        scope = f".{package}" if package else ""
        messages = tuple(
            self.message(m, scope, (4, i), None, features) for i, m in enumerate(file.message_type)
        )
        enums = tuple(
            self.enum(e, scope, (5, i), None, features) for i, e in enumerate(file.enum_type)
        )
        services = tuple(self.service(s, scope, (6, i)) for i, s in enumerate(file.service))
        extensions = tuple(
            self.field(x, scope, (7, i), features, None).full_name
            for i, x in enumerate(file.extension)
        )
        options = _option_values(file.options)
        for option in options:
            number = file.options.DESCRIPTOR.fields_by_name[option].number
            self.mark(f"/{option}", (8, number))
        self.mark("/package", (2,))
        location = self.loc("", (12,) if file.syntax else (2,))
        self.schema.files[file.name] = ProtoFile(
            name=file.name,
            package=package,
            syntax=self.syntax,
            location=location,
            edition=edition_name,
            options=options,
            dependencies=tuple(file.dependency),
            public_dependencies=tuple(_index(file.dependency, i) for i in file.public_dependency),
            weak_dependencies=tuple(_index(file.dependency, i) for i in file.weak_dependency),
            messages=messages,
            enums=enums,
            services=services,
            extensions=extensions,
            imported=file.name not in self.targets,
            deprecated=file.options.deprecated,
            digest=self.digest,
        )

    def message(
        self, message: Any, scope: str, path: tuple[int, ...], parent: str | None, inherited: dict
    ) -> str:
        full = f"{scope}.{message.name}"
        name = full[1:]
        features = _features(message.options, inherited)
        nested = []
        for i, child in enumerate(message.nested_type):
            child_name = self.message(child, full, (*path, 3, i), name, features)
            if not child.options.map_entry:
                nested.append(child_name)
        enums = tuple(
            self.enum(e, full, (*path, 4, i), name, features)
            for i, e in enumerate(message.enum_type)
        )
        oneof_features = [_features(o.options, features) for o in message.oneof_decl]
        real_oneofs: dict[int, list[str]] = {}
        fields: dict[str, ProtoField] = {}
        for i, raw in enumerate(message.field):
            index = raw.oneof_index if raw.HasField("oneof_index") else None
            own = features
            if index is not None and 0 <= index < len(oneof_features):
                own = oneof_features[index]
            oneof = None
            if (
                index is not None
                and not raw.proto3_optional
                and 0 <= index < len(message.oneof_decl)
            ):
                oneof = message.oneof_decl[index].name
                real_oneofs.setdefault(index, []).append(raw.name)
            built = self.field(raw, full, (*path, 2, i), own, oneof)
            fields.setdefault(built.name, built)
        oneofs = {}
        for index, members in sorted(real_oneofs.items()):
            decl = message.oneof_decl[index]
            oneofs[decl.name] = ProtoOneof(
                name=decl.name,
                full_name=f"{name}.{decl.name}",
                fields=tuple(members),
                location=self.loc(f"{name}.{decl.name}", (*path, 8, index)),
            )
        extensions = tuple(
            self.field(x, full, (*path, 6, i), features, None).full_name
            for i, x in enumerate(message.extension)
        )
        self.mark(f"{name}/reserved", (*path, 9))
        self.mark(f"{name}/json_format", (*path, 7, 12, 6))  # MessageOptions.features
        self.mark(f"{name}/reserved_names", (*path, 10))
        location = self.loc(name, path)
        if message.options.map_entry:
            return name
        self.schema.messages[name] = ProtoMessage(
            name=message.name,
            full_name=name,
            file=self.file_name,
            location=location,
            parent=parent,
            fields=fields,
            oneofs=oneofs,
            nested_messages=tuple(nested),
            nested_enums=enums,
            reserved=ProtoReserved(
                ranges=tuple((r.start, r.end - 1) for r in message.reserved_range),
                names=tuple(message.reserved_name),
            ),
            extension_ranges=tuple((r.start, r.end - 1) for r in message.extension_range),
            extensions=extensions,
            deprecated=message.options.deprecated,
            map_entry=False,
            message_set_wire_format=message.options.message_set_wire_format,
            no_standard_descriptor_accessor=message.options.no_standard_descriptor_accessor,
            json_format=_JSON_FORMAT.get(features.get(6, 1), "ALLOW"),
        )
        return name

    def field(
        self,
        raw: Any,
        scope: str,
        path: tuple[int, ...],
        inherited: dict,
        oneof: str | None,
    ) -> ProtoField:
        # Read each attribute of the descriptor once: every read makes a Python object.
        name, raw_type_name, extendee = raw.name, raw.type_name, raw.extendee
        full = f"{scope}.{name}"[1:]
        options = raw.options if raw.HasField("options") else None
        features = inherited if options is None else _features(options, inherited)
        kind = _TYPES.get(raw.type, "message" if raw_type_name else "unknown")
        if kind == "message" and features.get(5) == 2:
            kind = "group"  # editions DELIMITED: encoded as a group
        type_name = raw_type_name[1:] if raw_type_name.startswith(".") else raw_type_name or None
        cardinality = _LABELS.get(raw.label, "optional")
        if cardinality == "optional" and features.get(1) == 3 and not extendee:
            cardinality = "required"  # editions LEGACY_REQUIRED
        proto3_optional = raw.proto3_optional
        if cardinality == "repeated":
            presence = "none"
        elif cardinality == "required":
            presence = "required"
        elif (
            kind in ("message", "group")
            or oneof is not None
            or proto3_optional
            or extendee
            or features.get(1) != 2
        ):
            presence = "explicit"
        else:
            presence = "implicit"
        packed = False
        if cardinality == "repeated" and kind not in _NOT_PACKABLE:
            if options is not None and options.HasField("packed"):
                packed = options.packed
            else:
                packed = features.get(3) == 1
        entry = self.entries.get(raw_type_name) if cardinality == "repeated" else None
        mapped = None
        if entry is not None:
            by_number = {f.number: f for f in entry.field}
            key, value = by_number.get(1), by_number.get(2)
            if key is not None and value is not None:
                mapped = ProtoMapEntry(
                    key_type=_TYPES.get(key.type, "unknown"),
                    value_type=_TYPES.get(value.type, "message"),
                    value_type_name=(value.type_name[1:] or None) if value.type_name else None,
                )
        string_type = None
        behavior: tuple[str, ...] = ()
        deprecated = lazy = weak = False
        jstype = "JS_NORMAL"
        if options is not None:
            string_type = _CTYPE.get(options.ctype) if options.HasField("ctype") else None
            explicit = _cpp_string_type(options)
            if explicit is not None:
                string_type = explicit
            options_bytes = _option_bytes(options)
            if options_bytes:
                behavior = _field_behavior(options_bytes)
            deprecated, lazy, weak = options.deprecated, options.lazy, options.weak
            jstype = _JSTYPE.get(options.jstype, "JS_NORMAL")
        if string_type is None and kind in ("string", "bytes"):
            # An editions file's (pb.cpp).string_type, set above the field or by default.
            string_type = features.get(_CPP_KEY)
        default_json = _json_name(name) if "_" in name else name
        json_name = raw.json_name or default_json
        self.pos.fields.add(full)  # type: ignore[union-attr]  # its children: _FIELD_CHILDREN
        built = ProtoField(
            name=name,
            full_name=full,
            number=raw.number,
            json_name=json_name,
            type=kind,
            location=self.loc(full, path),
            type_name=type_name if kind in ("message", "enum", "group") else None,
            cardinality=cardinality,
            presence=presence,
            proto3_optional=proto3_optional,
            oneof=oneof,
            default=raw.default_value if raw.HasField("default_value") else None,
            packed=bool(packed),
            string_type=string_type,
            deprecated=deprecated,
            json_name_explicit=json_name != default_json,
            map=mapped,
            field_behavior=behavior,
            extendee=(extendee[1:] if extendee.startswith(".") else extendee) or None,
            lazy=lazy,
            weak=weak,
            utf8_validation=(features.get(4) == 2) if kind == "string" else None,
            jstype=jstype,
        )
        if built.extendee:
            self.schema.extensions.setdefault(full, built)
        return built

    def enum(
        self, enum: Any, scope: str, path: tuple[int, ...], parent: str | None, inherited: dict
    ) -> str:
        full = f"{scope}.{enum.name}"[1:]
        features = _features(enum.options, inherited)
        values = {}
        for i, raw in enumerate(enum.value):
            pointer = f"{full}.{raw.name}"
            values.setdefault(
                raw.name,
                ProtoEnumValue(
                    name=raw.name,
                    full_name=pointer,
                    number=raw.number,
                    location=self.loc(pointer, (*path, 2, i)),
                    deprecated=raw.options.deprecated,
                ),
            )
        self.mark(f"{full}/reserved", (*path, 4))
        self.mark(f"{full}/json_format", (*path, 3, 7, 6))  # EnumOptions.features
        self.mark(f"{full}/reserved_names", (*path, 5))
        self.schema.enums[full] = ProtoEnum(
            name=enum.name,
            full_name=full,
            file=self.file_name,
            location=self.loc(full, path),
            parent=parent,
            values=values,
            allow_alias=enum.options.allow_alias,
            closed=features.get(2) == 2,
            reserved=ProtoReserved(
                ranges=tuple((r.start, r.end) for r in enum.reserved_range),  # inclusive
                names=tuple(enum.reserved_name),
            ),
            deprecated=enum.options.deprecated,
            json_format=_JSON_FORMAT.get(features.get(6, 1), "ALLOW"),
        )
        return full

    def service(self, service: Any, scope: str, path: tuple[int, ...]) -> str:
        full = f"{scope}.{service.name}"[1:]
        methods = {}
        for i, raw in enumerate(service.method):
            method_full = f"{full}.{raw.name}"
            mpath = (*path, 2, i)
            http = operation_info = None
            options_bytes = _option_bytes(raw.options)
            if options_bytes:
                http, operation_info = _method_annotations(options_bytes)
            self.mark(f"{method_full}/input_type", (*mpath, 2))
            self.mark(f"{method_full}/output_type", (*mpath, 3))
            self.mark(f"{method_full}/google.api.http", (*mpath, 4, _HTTP))
            self.mark(
                f"{method_full}/google.longrunning.operation_info", (*mpath, 4, _OPERATION_INFO)
            )
            self.mark(f"{method_full}/idempotency_level", (*mpath, 4, 34))
            methods.setdefault(
                raw.name,
                ProtoMethod(
                    name=raw.name,
                    full_name=method_full,
                    input_type=raw.input_type.removeprefix("."),
                    output_type=raw.output_type.removeprefix("."),
                    location=self.loc(method_full, mpath),
                    client_streaming=raw.client_streaming,
                    server_streaming=raw.server_streaming,
                    idempotency_level=_IDEMPOTENCY.get(
                        raw.options.idempotency_level, str(raw.options.idempotency_level)
                    ),
                    deprecated=raw.options.deprecated,
                    http=http,
                    operation_info=operation_info,
                ),
            )
        self.schema.services[full] = ProtoService(
            name=service.name,
            full_name=full,
            file=self.file_name,
            location=self.loc(full, path),
            methods=methods,
            deprecated=service.options.deprecated,
        )
        return full


def _by_file(schema: ProtoSchema) -> dict[str, list[Any]]:
    """Every message, enum, service and extension of ``schema`` by the file it is in."""
    out: dict[str, list[Any]] = {}
    for elements in (schema.messages, schema.enums, schema.services):
        for element in elements.values():
            out.setdefault(element.file, []).append(element)
    declared = {n: f.name for f in schema.files.values() for n in f.extensions}
    for message in schema.messages.values():
        declared.update(dict.fromkeys(message.extensions, message.file))
    for name, extension in schema.extensions.items():
        if name in declared:
            out.setdefault(declared[name], []).append(extension)
    return out


def _digests(data: bytes, fds: Any, texts: dict[str, bytes] | None = None) -> list[bytes] | None:
    """Each file's digest, in ``fds.file`` order: of its descriptor (the set's own bytes)
    and, for a compiled file, of its text, whose positions its locations hold."""
    import hashlib

    try:
        files = _wire(data).get(1, [])
    except _Malformed:
        return None
    if len(files) != len(fds.file) or not all(isinstance(f, bytes) for f in files):
        return None
    out = []
    for raw, file in zip(files, fds.file, strict=True):
        digest = hashlib.blake2b(raw, digest_size=16)  # type: ignore[arg-type]
        if texts is not None:
            digest.update(texts.get(file.name, b""))
        out.append(digest.digest())
    return out


def _build(
    fds: Any,
    name: str,
    names: dict[str, str],
    targets: set[str],
    *,
    digests: list[bytes] | None = None,
    peer: ProtoSchema | None = None,
    texts: dict[str, bytes] | None = None,
) -> Contract:
    try:
        schema = _Builder(fds, name, names, targets, digests, peer, texts).build()
    except RecursionError:
        raise InputError("descriptor set nesting is too deep", file=name) from None
    contract = Contract(
        source=name,
        format="protobuf",
        version=_version(schema),
        location=Location(name, "", None),
        body=schema,
    )
    for service in sorted(schema.services.values(), key=lambda s: s.full_name):
        if schema.imported(service.file):
            continue
        package = schema.files[service.file].package
        stability = _stability(package)
        for method in service.methods.values():
            key = f"{service.full_name}/{method.name}"
            contract.operations[key] = Operation(
                key=key,
                display=key,
                method="RPC",
                path=f"/{key}",
                location=method.location,
                kind="rpc",
                deprecated=method.deprecated or service.deprecated,
                stability=stability,
            )
    return contract


def _version(schema: ProtoSchema) -> str | None:
    """The ``vN`` of the contract's packages: of those with services, else of every versioned
    one, when they all share it."""
    own = [f for f in schema.files.values() if not f.imported]
    with_services = {f.package for f in own if f.services}
    packages = with_services or {f.package for f in own if _VERSION.search(f.package)}
    versions = {m.group(1) for p in packages if (m := _VERSION.search(p))}
    if len(versions) == 1 and all(_VERSION.search(p) for p in packages):
        return versions.pop()
    return None


def _stability(package: str) -> str | None:
    match = _VERSION.search(package)
    if match is None or match.group(2) is None:
        return None
    level = {"alpha": Stability.ALPHA, "beta": Stability.BETA, "test": Stability.ALPHA}
    return level[match.group(2)].value


def _index(items: Any, index: int) -> str:
    return items[index] if 0 <= index < len(items) else str(index)


@functools.lru_cache(maxsize=8192)  # field names repeat (name, create_time ...) across a tree
def _json_name(name: str) -> str:
    """protoc's default JSON name: underscores dropped, the next letter upper-cased."""
    out, upper = [], False
    for char in name:
        if char == "_":
            upper = True
        elif upper:
            out.append(char.upper())
            upper = False
        else:
            out.append(char)
    return "".join(out)


def _option_values(options: Any) -> dict[str, Any]:
    """The standard options that are set, by name (enums by value name)."""
    out: dict[str, Any] = {}
    for descriptor, value in options.ListFields():
        if descriptor.name in ("features", "uninterpreted_option") or descriptor.is_extension:
            continue
        if descriptor.message_type is not None:
            continue
        if descriptor.enum_type is not None:
            found = descriptor.enum_type.values_by_number.get(value)
            value = found.name if found is not None else value
        out[descriptor.name] = value
    return out


def _features(options: Any, inherited: dict) -> dict:
    """Editions features in force: ``inherited`` overridden by what ``options`` sets."""
    if not options.HasField("features"):
        return inherited
    set_here: dict = {d.number: v for d, v in options.features.ListFields() if d.number <= 6}
    cpp = _cpp_string_type(options)
    if cpp is not None:  # (pb.cpp).string_type, inherited like the standard features
        set_here[_CPP_KEY] = cpp
    if not set_here:
        return inherited
    merged = dict(inherited)
    merged.update(set_here)
    return merged


def _edition_year(name: str | None) -> int:
    """2023 for ``2023``; 0 for a name that is not a year (a test edition)."""
    return int(name) if name and name.isdigit() else 0


def _cpp_string_type(options: Any) -> str | None:
    """``features.(pb.cpp).string_type`` (extension 1000 of FeatureSet, field 2)."""
    if not options.HasField("features"):
        return None
    try:
        fields = _wire(options.features.SerializeToString())
        cpp = _first(fields, _CPP_FEATURES, b"")
        if isinstance(cpp, bytes) and cpp:
            return _CPP_STRING_TYPE.get(_first(_wire(cpp), 2, 0))
    except _Malformed:
        return None
    return None


def _option_bytes(options: Any) -> bytes:
    return options.SerializeToString() if options.ByteSize() else b""


@functools.lru_cache(maxsize=1024)  # a few option encodings (REQUIRED, OUTPUT_ONLY ...) recur
def _field_behavior(raw: bytes) -> tuple[str, ...]:
    try:
        fields = _wire(raw)
    except _Malformed:
        return ()
    out: list[str] = []
    for value in fields.get(_BEHAVIOR, ()):
        numbers = [value] if isinstance(value, int) else _packed(value)
        out.extend(_FIELD_BEHAVIOR.get(n, str(n)) for n in numbers)
    return tuple(out)


def _method_annotations(raw: bytes) -> tuple[ProtoHttpRule | None, ProtoOperationInfo | None]:
    try:
        fields = _wire(raw)
    except _Malformed:
        return None, None
    http = info = None
    rule = _first(fields, _HTTP, None)
    if isinstance(rule, bytes):
        try:
            http = _http_rule(rule, 0)
        except _Malformed:
            http = None
    lro = _first(fields, _OPERATION_INFO, None)
    if isinstance(lro, bytes):
        try:
            parts = _wire(lro)
            info = ProtoOperationInfo(
                response_type=_text(_first(parts, 1, b"")),
                metadata_type=_text(_first(parts, 2, b"")),
            )
        except _Malformed:
            info = None
    return http, info


_VERBS = {2: "get", 3: "put", 4: "post", 5: "delete", 6: "patch"}


def _http_rule(raw: bytes, depth: int) -> ProtoHttpRule:
    """google.api.HttpRule: selector 1, get..patch 2-6, custom 8, body 7, response_body 12,
    additional_bindings 11."""
    if depth > 8:
        raise _Malformed
    fields = _wire(raw)
    method, path, custom = "", "", False
    for number, verb in _VERBS.items():
        if number in fields:
            method, path = verb, _text(fields[number][-1])
    if 8 in fields and isinstance(fields[8][-1], bytes):
        pattern = _wire(fields[8][-1])
        method, path, custom = _text(_first(pattern, 1, b"")), _text(_first(pattern, 2, b"")), True
    more = tuple(
        _http_rule(item, depth + 1) for item in fields.get(11, ()) if isinstance(item, bytes)
    )
    return ProtoHttpRule(
        method=method,
        path=path,
        body=_text(_first(fields, 7, b"")),
        response_body=_text(_first(fields, 12, b"")),
        additional_bindings=more,
        custom=custom,
    )


# -- a small wire-format reader ----------------------------------------------------------------


class _Malformed(Exception):
    pass


def _wire(raw: bytes) -> dict[int, list[int | bytes]]:
    """Top-level fields of a serialized message: varints as ints, length-delimited as bytes
    (fixed-width ones as bytes too); groups are refused."""
    out: dict[int, list[int | bytes]] = {}
    pos, end = 0, len(raw)
    while pos < end:
        key, pos = _read_varint(raw, pos)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise _Malformed
        value: int | bytes
        if wire == 0:
            value, pos = _read_varint(raw, pos)
        elif wire == 2:
            length, pos = _read_varint(raw, pos)
            if pos + length > end:
                raise _Malformed
            value, pos = raw[pos : pos + length], pos + length
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            if pos + size > end:
                raise _Malformed
            value, pos = raw[pos : pos + size], pos + size
        else:
            raise _Malformed
        out.setdefault(number, []).append(value)
    return out


def _read_varint(raw: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while pos < len(raw):
        byte = raw[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
        if shift >= 70:
            break
    raise _Malformed


def _packed(raw: int | bytes) -> list[int]:
    if isinstance(raw, int):
        return [raw]
    out, pos = [], 0
    while pos < len(raw):
        value, pos = _read_varint(raw, pos)
        out.append(value)
    return out


def _first(fields: dict[int, list[int | bytes]], number: int, default: Any) -> Any:
    values = fields.get(number)
    return values[-1] if values else default  # the last one wins, as in protobuf


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return ""


def _tag(number: int, wire: int) -> bytes:
    return _varint_bytes(number << 3 | wire)


def _varint_bytes(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)
