"""Room for deep recursion: a comparison runs on a thread with a large stack.

Schemas are built and compared by depth-first walks that follow ``$ref``s; in a large
contract whose schemas reference each other densely, the walk's depth is the length of a
chain of references (thousands), not how deeply one schema nests. Python's default limit
(1000 frames on the main thread's 8 MiB stack) would refuse such valid contracts. The stack
is reserved, not used: memory is committed only as deep as the walk really goes.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["RECURSION_LIMIT", "run"]

T = TypeVar("T")

STACK_BYTES = 512 * 1024 * 1024
RECURSION_LIMIT = 60_000
_lock = threading.Lock()


def run(function: Callable[[], T]) -> T:
    """``function()`` on a thread with a deep stack and a high recursion limit."""
    if getattr(_local, "inside", False):  # already on such a thread (history, check)
        return function()
    outcome: dict[str, object] = {}

    def target() -> None:
        _local.inside = True
        try:
            outcome["value"] = function()
        except BaseException as exc:  # re-raised on the caller's thread
            outcome["error"] = exc

    with _lock:  # stack_size and the recursion limit are process-wide settings
        previous = threading.stack_size()
        try:
            threading.stack_size(STACK_BYTES)
            thread = threading.Thread(target=target, name="apidiff-compare", daemon=True)
        except (ValueError, RuntimeError):  # a platform that refuses: run here
            return function()
        finally:
            threading.stack_size(previous)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, RECURSION_LIMIT))
        try:
            thread.start()
            thread.join()
        finally:
            sys.setrecursionlimit(limit)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


_local = threading.local()
