"""Canonical JSON text of a value: the comparison key for enums, defaults and examples.

Bounded: a YAML alias bomb (a list of aliases of lists of aliases ...) must not expand into
gigabytes when it sits in an ``example``. Past the budget the value is summarized by a
fixed marker and its size, which still compares equal only to an equally huge value.
"""

from __future__ import annotations

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


def canonical(value: Any) -> str:
    """Order-independent JSON for ``value``; huge aliased values collapse to a marker."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(_clean(value))
    size = _count(value, _BUDGET)
    if size > _BUDGET:
        return f'"<value of more than {_BUDGET} nodes>"'
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
