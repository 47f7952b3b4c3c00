"""The one bounded path for contract values: comparison keys, text and previews.

A YAML anchor/alias bomb (a list of ten aliases of a list of ten aliases ...) is cheap while
its nodes are shared and expands when anything renders it: ``str()``, ``json.dumps``,
``repr()``. Every value taken from a contract that is compared, hashed, shown or turned into
text goes through this module instead, whose cost follows the *distinct* nodes:

- ``canonical`` (and ``Canonical`` for a memo kept across one contract) gives the exact
  comparison key: order-independent compact JSON while that text is short, and past
  ``SMALL`` characters the text's first ``HEAD`` characters, an ellipsis and a SHA-256 of
  the content, hashed once per shared node (identity-memoised). Equal contents give equal
  keys whatever their sharing; no JSON text ends the way a long key does, so a string cannot
  pose as one.
- ``text`` is ``str(value)`` for what a contract spells as a scalar (``info.version``, a tag,
  a scope), and the canonical key for a container too long to print.
- ``preview`` is the JSON a message quotes, cut after ``limit`` characters with an ellipsis;
  it never writes more than that.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

__all__ = [
    "HEAD",
    "SMALL",
    "Canonical",
    "canonical",
    "example_value",
    "examples_of",
    "json_type",
    "preview",
    "text",
]

SMALL = 1024  # a container whose canonical JSON is longer is keyed by head + hash
HEAD = 200  # characters of that JSON kept at the front of such a key
_FAST_NODES = 256  # below this many expanded nodes, json.dumps directly (the common case)
_LONG_STR = 64  # strings longer than this are encoded/hashed once per object
ELLIPSIS = "\u2026"

_encode_str = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) does
_CONTAINERS = (dict, list, tuple)
_CYCLE = hashlib.sha256(b"<cycle>").digest()  # a container met again inside itself


def _scalar_key(value: Any) -> str:
    """Compact canonical JSON of one scalar (1.0 and 1 are the same number)."""
    if type(value) is str:
        return _encode_str(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return _encode_str(str(value))
        if value.is_integer():
            return _int_text(int(value))
        return float.__repr__(value)
    if isinstance(value, int):
        return _int_text(int(value))
    return _encode_str(str(value))  # json.dumps(default=str) did this for anything else


def _int_text(value: int) -> str:
    """Decimal, or hexadecimal past Python's limit on int-to-str (a ``0x`` YAML literal can
    be longer than any decimal one): exact either way, and linear."""
    try:
        return int.__repr__(value)
    except ValueError:
        return hex(value)


class _Entry:
    __slots__ = ("digest", "full", "head", "ref")

    def __init__(self, ref: Any, full: str | None, head: str) -> None:
        self.ref = ref  # keeps the object alive, so its id cannot be reused
        self.full = full  # canonical JSON when at most SMALL characters long
        self.head = head  # the first HEAD characters of that JSON
        self.digest: bytes | None = None  # content hash, made when a key or parent needs it


class Canonical:
    """Canonical keys of one contract's values, memoised by the identity of each container.

    Keep one for as long as the values are neither changed nor dropped (one load, one
    diff): a container shared by many places, or by an alias bomb, is keyed once.
    """

    def __init__(self) -> None:
        self._memo: dict[int, _Entry] = {}
        self._strings: dict[int, tuple[str, str, bytes]] = {}  # id -> (ref, JSON, digest)

    def __call__(self, value: Any) -> str:
        """The comparison key of ``value``: equal contents, equal keys."""
        if type(value) is str:
            return _encode_str(value) if len(value) <= _LONG_STR else self._string(value)[0]
        if not isinstance(value, _CONTAINERS):
            return _scalar_key(value)
        entry = self._memo.get(id(value))
        if entry is None:
            fast = _fast(value)
            if fast is not None:
                return fast
            entry = self._build(value)
        return entry.full if entry.full is not None else self._long_key(entry)

    def is_short(self, value: Any) -> bool:
        """Whether ``value`` prints in at most about SMALL characters (see ``text``)."""
        if not isinstance(value, _CONTAINERS):
            return not (type(value) is str and len(value) > SMALL)
        return self.short_key(value) is not None

    def short_key(self, value: Any) -> str | None:
        """The key of a short container (what ``self(value)`` gives), else None: for a
        caller that wants the key only when it is short, in one walk instead of two."""
        entry = self._memo.get(id(value))
        if entry is None:
            fast = _fast(value)
            if fast is not None:
                return fast
            entry = self._build(value)
        return entry.full

    # -- the memoised walk ---------------------------------------------------------------
    def _string(self, value: str) -> tuple[str, bytes]:
        hit = self._strings.get(id(value))
        if hit is None:
            encoded = _encode_str(value)
            hit = (
                value,
                encoded,
                hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).digest(),
            )
            self._strings[id(value)] = hit
        return hit[1], hit[2]

    def _long_key(self, entry: _Entry) -> str:
        return f"{entry.head}{ELLIPSIS}<sha256:{self._digest(entry).hex()}>"

    def _digest(self, entry: _Entry) -> bytes:
        if entry.digest is None:  # a short container: the hash of its JSON
            assert entry.full is not None
            entry.digest = hashlib.sha256(entry.full.encode("utf-8", "surrogatepass")).digest()
        return entry.digest

    def _child_digest(self, child: Any) -> bytes:
        if isinstance(child, _CONTAINERS):
            entry = self._memo.get(id(child))
            return _CYCLE if entry is None else self._digest(entry)
        if type(child) is str and len(child) > _LONG_STR:
            return self._string(child)[1]
        return hashlib.sha256(_scalar_key(child).encode("utf-8", "surrogatepass")).digest()

    def _piece(self, child: Any) -> tuple[str | None, str]:
        """(full JSON or None when long, its first HEAD characters) of a child."""
        if isinstance(child, _CONTAINERS):
            entry = self._memo.get(id(child))
            if entry is None:  # a cycle back to a container still open: never short
                return None, "<cycle>"
            return entry.full, entry.head
        if type(child) is str and len(child) > _LONG_STR:
            encoded = self._string(child)[0]
            return (encoded if len(encoded) <= SMALL else None), encoded[:HEAD]
        key = _scalar_key(child)
        return (key if len(key) <= SMALL else None), key[:HEAD]

    def _build(self, value: Any) -> _Entry:
        """Entries for ``value`` and every container under it not yet known, post-order,
        without recursion; each distinct container costs its own size, not its expansion."""
        memo = self._memo
        open_: set[int] = set()
        stack: list[tuple[Any, bool]] = [(value, False)]
        while stack:
            node, ready = stack.pop()
            key = id(node)
            if key in memo:
                continue
            if not ready:
                open_.add(key)
                stack.append((node, True))
                for child in node.values() if isinstance(node, dict) else node:
                    ckey = id(child)
                    if isinstance(child, _CONTAINERS) and ckey not in memo and ckey not in open_:
                        stack.append((child, False))
                continue
            open_.discard(key)
            if isinstance(node, dict):
                pairs = sorted(((str(k), v) for k, v in node.items()), key=_first)
                memo[key] = self._entry(node, pairs, [v for _, v in pairs])
            else:
                memo[key] = self._entry(node, None, node)
        return memo[id(value)]

    def _entry(self, node: Any, pairs: list | None, children: Any) -> _Entry:
        opener, closer = ("{", "}") if pairs is not None else ("[", "]")
        pieces = [self._piece(child) for child in children]
        names = [_name(k) for k, _ in pairs] if pairs is not None else None
        # The JSON's length, if every child is short; else it is long.
        short = all(full is not None for full, _ in pieces)
        if short:
            size = 2 + max(len(pieces) - 1, 0) + sum(len(full) for full, _ in pieces)  # type: ignore[arg-type]
            if names is not None:
                size += sum(len(name) + 1 for name in names)
            short = size <= SMALL
        if short:
            if names is not None:
                body = ",".join(f"{n}:{f}" for n, (f, _) in zip(names, pieces, strict=True))
            else:
                body = ",".join(f for f, _ in pieces)  # type: ignore[misc]
            full = opener + body + closer
            return _Entry(node, full, full[:HEAD])
        # Long: the head from the children's heads, and a hash over the children's hashes.
        parts, length = [opener], 1
        for index, (_, head) in enumerate(pieces):
            if length >= HEAD:
                break
            part = ("," if index else "") + (names[index][:HEAD] + ":" if names else "") + head
            parts.append(part)
            length += len(part)
        entry = _Entry(node, None, "".join(parts)[:HEAD])
        digest = hashlib.sha256(opener.encode())
        for index, child in enumerate(children):
            if names is not None:
                name = names[index]
                name_hash = (
                    self._string(pairs[index][0])[1]  # type: ignore[index]
                    if len(name) > _LONG_STR
                    else name.encode("utf-8", "surrogatepass")
                )
                digest.update(len(name_hash).to_bytes(8, "big") + name_hash)
            digest.update(self._child_digest(child))
        entry.digest = digest.digest()
        return entry


def _first(pair: tuple[str, Any]) -> str:
    return pair[0]


def _name(key: str) -> str:
    return _encode_str(key)


def _fast(value: Any) -> str | None:
    """``json.dumps`` of a small value with no sharing worth memoising, else None."""
    count, chars = 0, 0
    plain = True  # no float and no key but strings: nothing for _clean to change
    stack = [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > _FAST_NODES or chars > SMALL:
            return None
        if isinstance(item, dict):
            for key in item:
                if type(key) is str:
                    chars += len(key)
                else:
                    plain = False
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif type(item) is str:
            chars += len(item)
        elif isinstance(item, float):
            plain = False
        elif isinstance(item, int) and not isinstance(item, bool) and item.bit_length() > 1000:
            return None  # leave long integers to the exact path
    try:
        out = _COMPACT.encode(value if plain else _clean(value))
    except (ValueError, TypeError):  # a cycle, keys json cannot sort
        return None
    return out if len(out) <= SMALL else None


# json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str), made
# once: dumps builds an encoder per call.
_COMPACT = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value.is_integer():
            return int(value)  # 1.0 and 1 are the same JSON number
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def json_type(value: Any) -> str | None:
    """The JSON Schema type of a parsed value (``2`` and ``2.0`` are integers, ``2.5`` a
    number); None for what JSON does not hold."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "integer"
    if isinstance(value, float):
        return "number"
    return {str: "string", dict: "object", list: "array"}.get(type(value))


def canonical(value: Any) -> str:
    """Order-independent compact JSON of ``value``, or head + hash when it is long."""
    if type(value) is str:  # the common case, straight to the C encoder
        return _encode_str(value)
    return Canonical()(value)


def text(value: Any, canon: Canonical | None = None) -> str:
    """``str(value)`` for a value a contract should spell as a string, bounded: a container
    too long to print (an alias bomb as ``info.version``) is its canonical key instead."""
    if type(value) is str:
        return value
    if not isinstance(value, _CONTAINERS):
        if isinstance(value, int) and not isinstance(value, bool):
            return _int_text(value)
        return str(value)
    canon = canon or Canonical()
    return str(value) if canon.is_short(value) else canon(value)


def examples_of(raw: dict, canon: Canonical | None = None) -> str | None:
    """Canonical text of an object's ``example``/``examples``; empty ones count as none."""
    example = raw.get("example")
    examples = raw.get("examples")
    if examples in ({}, []):
        examples = None
    if example is None and examples is None:
        return None
    return (canon or Canonical())([example, examples])


def example_value(raw: dict) -> Any:
    """The example(s) as written, for reports to show (``examples_of`` is what is compared):
    ``example``, or ``examples``, or both as ``{"example": ..., "examples": ...}``; ``None``
    when there are none. Never copied: a report reads it through the bounded renderers."""
    example = raw.get("example")
    examples = raw.get("examples")
    if examples in ({}, []):
        examples = None
    if examples is None:
        return example
    if example is None:
        return examples
    return {"example": example, "examples": examples}


# -- previews ------------------------------------------------------------------------------

_END = object()


def preview(value: Any, limit: int = 120) -> str:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)`` cut to
    ``limit`` characters (the last three replaced by ``...``), written only that far."""
    out: list[str] = []
    size = 0
    stack: list[list] = []  # [iterator, closer, is a dict, first]
    current, pending = value, True
    while size <= limit:
        if pending:
            pending = False
            if isinstance(current, dict):
                if not current:
                    piece = "{}"
                else:
                    items = sorted(((str(k), v) for k, v in current.items()), key=_first)
                    stack.append([iter(items), "}", True, True])
                    piece = "{"
            elif isinstance(current, list | tuple):
                if not current:
                    piece = "[]"
                else:
                    stack.append([iter(current), "]", False, True])
                    piece = "["
            else:
                piece = _shown_scalar(current, limit - size + 1)
        elif not stack:
            break
        else:
            frame = stack[-1]
            item = next(frame[0], _END)
            if item is _END:
                stack.pop()
                piece = frame[1]
            else:
                piece = "" if frame[3] else ", "
                frame[3] = False
                if frame[2]:
                    name, current = item
                    piece += _shown_scalar(name, limit - size + 1) + ": "
                else:
                    current = item
                pending = True
        out.append(piece)
        size += len(piece)
    result = "".join(out)
    if size > limit:
        return result[: limit - 3] + "..."
    return result


def _shown_scalar(value: Any, room: int) -> str:
    """One scalar as ``json.dumps`` writes it, or at least its first ``room`` characters."""
    if type(value) is str:
        if len(value) > room:
            return _encode_str(value[:room])[:-1]  # an unfinished string
        return _encode_str(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return _int_text(value)[: max(room, 0) + 1]
    if isinstance(value, float) or value is None or isinstance(value, bool):
        return json.dumps(value)
    return _shown_scalar(str(value), room)
