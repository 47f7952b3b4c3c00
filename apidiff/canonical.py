"""Canonical JSON text of a value: the comparison key for enums, defaults and examples.

Bounded: a YAML alias bomb (a list of aliases of lists of aliases ...) must not expand into
gigabytes when it sits in an ``example``. Past the budget the value is summarized by its
expanded size and a content hash computed over each shared node once, so two huge values
still compare equal exactly when their contents are equal.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

__all__ = ["canonical", "examples_of"]

_BUDGET = 20_000


def _count(value: Any, budget: int) -> int:
    """Nodes in ``value`` counted with aliases expanded, stopping once past ``budget``."""
    count = 0
    stack = [value]
    while stack and count <= budget:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _digest(value: Any) -> tuple[str, int]:
    """A content hash and the expanded node count of a huge value, each shared node once.

    Post-order without recursion, memoized by identity: an alias bomb of 10^9 expanded
    nodes costs its few dozen distinct ones. A value that contains itself hashes the inner
    occurrence as a marker.
    """
    memo: dict[int, tuple[str, int]] = {}
    open_: set[int] = set()
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, ready = stack.pop()
        if id(node) in memo:
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if not ready:
            open_.add(id(node))
            stack.append((node, True))
            for child in children:
                key = id(child)
                if isinstance(child, dict | list) and key not in memo and key not in open_:
                    stack.append((child, False))
            continue
        parts, size = [], 1
        for child in children:
            if isinstance(child, dict | list):
                digest, child_size = memo.get(id(child), ("<cycle>", 1))
            else:
                digest, child_size = canonical(child), 1
            parts.append(digest)
            size += child_size
        if isinstance(node, dict):
            keys = [json.dumps(str(k), ensure_ascii=False) for k in node]
            parts = sorted(f"{k}:{v}" for k, v in zip(keys, parts, strict=True))
            text = "{" + ",".join(parts) + "}"
        else:
            text = "[" + ",".join(parts) + "]"
        memo[id(node)] = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), size)
        open_.discard(id(node))
    return memo[id(value)]


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        if value.is_integer():
            return int(value)  # 1.0 and 1 are the same JSON number
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


_encode_str = json.encoder.encode_basestring  # what json.dumps(str, ensure_ascii=False) does


def canonical(value: Any) -> str:
    """Order-independent JSON for ``value``; huge aliased values collapse to a marker."""
    if type(value) is str:  # the common case, straight to the C encoder
        return _encode_str(value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(_clean(value))
    if _count(value, _BUDGET) > _BUDGET:
        digest, size = _digest(value)
        return f'"<value of {size} nodes, sha256 {digest[:16]}>"'
    return json.dumps(
        _clean(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )


def examples_of(raw: dict) -> str | None:
    """Canonical text of an object's ``example``/``examples``; empty ones count as none."""
    example = raw.get("example")
    examples = raw.get("examples")
    if examples in ({}, []):
        examples = None
    if example is None and examples is None:
        return None
    return canonical([example, examples])
