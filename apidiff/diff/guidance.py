"""What a migration note needs to say concretely, taken from the nodes the comparison holds.

The comparison is the one stage that sees both documents, so it records here, as a typed
``Guidance`` on the change, what a consumer must do beyond "include it": the type, format and
allowed values a new required input takes, the enum values still accepted, the replacement
a deprecation names. Reports only read it.
"""

from __future__ import annotations

import contextlib
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..canonical import preview
from ..model import GUIDANCE_VALUES, Guidance, Schema

__all__ = ["expects", "remaining", "replacement", "replacement_in", "values_of"]

# A deprecation's words are read this far: the cue is in the first sentences, and a
# hostile description must cost nothing.
_READ = 2000
_SHOWN = 120  # a replacement is a name: longer than this, it is prose and is not quoted

# "use X instead", "replaced by X", "superseded by X", "in favour of X", ...
_CUE = re.compile(
    r"(?i)\b(use|replaced\s+(?:by|with)|superseded\s+by|switch\s+to|migrate\s+to|"
    r"moved\s+to|in\s+favou?r\s+of)\b[\s:]+"
)
_SENTENCE_END = re.compile(r"\.(?:\s|$)|[\n;]")
_CODE = re.compile(r"`([^`\n]{1,120})`")
_METHODS = {"GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"}
_ARTICLES = re.compile(r"(?i)^(?:(?:the|a|an|new|our)\s+)+")
_NOT_NAMES = {"instead", "it", "them", "this", "that", "one", "another", "other"}
_IDENTIFIER = re.compile(r"[._/#{}()]|[a-z][A-Z]|^[A-Z][A-Z0-9_]+$")
_NAME = re.compile(r"[A-Za-z_/$][\w.\-/{}$:()\[\]]*")


def values_of(values: Iterable[Any]) -> tuple[tuple[Any, ...], int]:
    """At most ``GUIDANCE_VALUES`` of ``values``, in their order, each bounded (a string
    cut, an object or list as its JSON preview: an enum of aliased objects costs nothing),
    and how many were left out."""
    kept: list[Any] = []
    more = 0
    for value in values:
        if len(kept) < GUIDANCE_VALUES:
            kept.append(_bounded(value))
        else:
            more += 1
    return tuple(kept), more


def _bounded(value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value if len(value) <= _SHOWN else value[: _SHOWN - 3] + "..."
    return preview(value, _SHOWN)


def expects(schema: Schema | None, type_text: str | None = None) -> Guidance | None:
    """What a new required input takes: its type, format and allowed values."""
    if schema is None and type_text is None:
        return None
    kind, fmt, values, more = type_text, None, None, 0
    if schema is not None:
        if kind is None and schema.types:
            kind = " or ".join(sorted(schema.types))
            items = schema.items
            if schema.types == {"array"} and items is not None and items.types:
                kind = f"array of {' or '.join(sorted(items.types))}"
        fmt = schema.format
        if schema.enum_values:
            values, more = values_of(schema.enum_values)
    if kind is None and fmt is None and values is None:
        return None
    return Guidance(type=kind, format=fmt, values=values, more=more)


def remaining(values: Iterable[Any]) -> Guidance:
    """The enum values still accepted after some were removed."""
    kept, more = values_of(values)
    return Guidance(remaining=kept, more=more)


def replacement(extensions: Mapping[str, Any] | None, description: str | None) -> str | None:
    """What an OpenAPI deprecation names instead: ``x-replaced-by`` (a string), else a
    cue in the description ("use X instead", "replaced by X")."""
    named = (extensions or {}).get("x-replaced-by")
    if isinstance(named, str) and 2 < len(named) <= _SHOWN + 2 and named[0] == named[-1] == '"':
        with contextlib.suppress(ValueError):  # an operation's x- values are canonical JSON
            named = json.loads(named)
    if isinstance(named, str) and named.strip() and len(named) <= _SHOWN:
        return " ".join(named.split())
    return replacement_in(description, reason=False)


def replacement_in(text: str | None, *, reason: bool = True) -> str | None:
    """The name a deprecation's words point to, or None.

    ``reason``: the text is a deprecation reason (GraphQL's ``@deprecated(reason:)``), so a
    bare "use X" names the replacement. In a description, which may say "use this endpoint
    to ..." about anything, "use" counts only with "instead" or after "deprecated" in the
    same sentence; the other cues ("replaced by", "superseded by") always do.
    """
    if not text or not isinstance(text, str):
        return None
    text = text[:_READ]
    for cue in _CUE.finditer(text):
        start = text.rfind(".", 0, cue.start()) + 1
        end_match = _SENTENCE_END.search(text, cue.end())
        end = end_match.start() if end_match else len(text)
        sentence, rest = text[start:end], text[cue.end() : end]
        if cue.group(1).lower() == "use" and not reason:
            lowered = sentence.lower()
            if "instead" not in lowered and "deprecat" not in lowered[: cue.start() - start]:
                continue
        found = _name(rest)
        if found:
            return found
    return None


def _name(rest: str) -> str | None:
    """The name at the start of ``rest``: a code span near the start (``the more capable
    `ProjectV2` API``), an HTTP method and path (``GET /v2/pets``), or a word that is a
    name, not prose: written like an identifier (``Query.viewer``, ``listPets``,
    ``VIEWER``), or the whole object of the cue ("use fullName.")."""
    rest = _ARTICLES.sub("", rest.strip())
    code = _CODE.search(rest)
    if code is not None and len(rest[: code.start()].split()) <= 3:
        return " ".join(code.group(1).split()) or None
    words = rest.split()
    if not words:
        return None
    if words[0].upper() in _METHODS and len(words) > 1 and words[1].startswith("/"):
        return words[0].upper() + " " + words[1].rstrip(".,;:)")
    match = _NAME.fullmatch(words[0].rstrip(".,;:)"))
    found = match.group() if match else ""
    if not found or found.lower() in _NOT_NAMES or len(found) > _SHOWN:
        return None
    alone = len(words) == 1 or words[0][-1] in ".,;:" or words[1].lower() == "instead"
    return found if alone or _IDENTIFIER.search(found) else None
