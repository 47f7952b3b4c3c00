"""What a document is, decided without importing any format's loader.

graphql-core takes about a quarter of a second to import; a run on OpenAPI contracts never
needs it, so the GraphQL loader is imported only once a document is known to be GraphQL.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["detect_introspection", "is_introspection", "looks_like_sdl", "sniff_sdl"]

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
