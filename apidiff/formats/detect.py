"""What a document is, decided without importing any format's loader.

graphql-core takes about a quarter of a second to import; a run on OpenAPI contracts never
needs it, so the GraphQL loader is imported only once a document is known to be GraphQL.
"""

from __future__ import annotations

import re
from typing import Any

from ..canonical import text
from ..errors import InputError

__all__ = [
    "detect_asyncapi",
    "detect_introspection",
    "is_descriptor_set",
    "is_introspection",
    "looks_like_proto",
    "looks_like_sdl",
    "sniff_protobuf",
    "sniff_sdl",
]

_SDL_START = re.compile(
    r'\A(?:\s|#[^\n]*(?:\n|\Z))*(?:"|(?:extend\s+)?(?:schema|type|interface|union|enum|input'
    r"|scalar|directive)\b(?!\s*:))"
)


def looks_like_sdl(text: str) -> bool:
    """A GraphQL type-system document starts with a definition keyword or a description."""
    return bool(_SDL_START.match(text))


def is_introspection(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("data"), dict):
        data = data["data"]
    return isinstance(data.get("__schema"), dict)


def sniff_sdl(sources: list) -> bool:
    """GraphQL SDL: several files (a folder or glob is only ever SDL) or one that reads as it."""
    return len(sources) > 1 or looks_like_sdl(sources[0].text)


def detect_introspection(data: Any) -> str | None:
    return "graphql" if is_introspection(data) else None


# -- Protobuf ----------------------------------------------------------------------------------
_PROTO_START = re.compile(
    r"\A\ufeff?(?:\s|//[^\n]*(?:\n|\Z)|/\*.*?\*/)*"
    r"""(?:(?:syntax|edition)\s*=\s*["']|package\s+[\w.]+\s*;|import\s+(?:public\s+|weak\s+)?["'])""",
    re.DOTALL,
)
_PROTO_CONFIG = ("buf.yaml", "buf.work.yaml")


def looks_like_proto(text: str) -> bool:
    """A ``.proto`` file starts (after comments) with ``syntax``, ``edition``, ``package`` or
    an ``import``."""
    return bool(_PROTO_START.match(text[:65536]))


def sniff_protobuf(sources: list) -> bool:
    """A descriptor set (binary), ``.proto`` files (a folder of them, with its ``buf.yaml``),
    or one text that reads as a ``.proto`` file."""
    if any(getattr(s, "data", None) is not None for s in sources):
        return True
    names = [s.name.replace("\\", "/").rsplit("/", 1)[-1] for s in sources]
    protos = [n for n in names if n.endswith(".proto")]
    if protos and all(n.endswith(".proto") or n in _PROTO_CONFIG for n in names):
        return True
    return len(sources) == 1 and looks_like_proto(sources[0].text)


def is_descriptor_set(data: bytes) -> bool:
    """A ``FileDescriptorSet`` (or buf image) on the wire: only field 1 (``file``), length
    delimited, records ending exactly at the end, each starting with a field of
    ``FileDescriptorProto`` (a cheap test: no decoding, no protobuf import)."""
    end = len(data)
    if end < 2 or data[0] != 0x0A:
        return False
    pos = 0
    while pos < end:
        if data[pos] != 0x0A:
            return False
        length, pos = _varint(data, pos + 1)
        if length is None or pos + length > end:
            return False
        if length and data[pos] not in _FILE_TAGS:
            return False
        pos += length
    return pos == end


# First bytes of FileDescriptorProto's fields (1-15, with their wire types).
_FILE_TAGS = frozenset(
    [0x0A, 0x12, 0x1A, 0x22, 0x2A, 0x32, 0x3A, 0x42, 0x4A, 0x50, 0x52, 0x58, 0x5A, 0x62, 0x70, 0x7A]
)


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
    value = shift = 0
    while pos < len(data) and shift < 64:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
        shift += 7
    return None, pos


def detect_asyncapi(data: Any) -> str | None:
    """``asyncapi-2`` (2.0 to 2.6) or ``asyncapi-3`` (3.0) from the ``asyncapi`` field.

    One dialect per major version: the minor versions of each only add fields, which the
    loader reads wherever they appear; the exact version stays in ``AsyncAPI.spec_version``.
    A document without the field is not AsyncAPI, whatever else it has.
    """
    if not isinstance(data, dict) or "asyncapi" not in data:
        return None
    spelled = text(data["asyncapi"])
    if len(spelled) > 40:
        spelled = spelled[:40] + "..."
    major, _, rest = spelled.partition(".")
    minor = rest.partition(".")[0]
    if major == "1":
        raise InputError.at(
            "/asyncapi",
            f"AsyncAPI 1.x is not supported (asyncapi: '{spelled}'); AsyncAPI 2.0 or later is",
        )
    if major == "2" and minor in ("0", "1", "2", "3", "4", "5", "6"):
        return "asyncapi-2"
    if major == "3" and minor == "0":
        return "asyncapi-3"
    raise InputError.at(
        "/asyncapi", f"unsupported AsyncAPI version '{spelled}' (2.0 to 2.6 and 3.0 are)"
    )
